#!/usr/bin/env python3
"""Macro-F1 per field and per language for a held-out set (heldout5, heldout6, dev6), from the predictions TSV
that eval_classify.py --predictions FILE writes (id, lang, field, gold, got).

Fields scored:
  expl_top   exploitation top-level type (exploitation/sexual ..., "none"): what
             eval_classify.py calls expl_F1
  expl_path  exploitation full path ("none" when empty)
  means      per control/... code: F1 of each code as a binary label over the
             reports, averaged over the codes seen in gold or predictions
             (macro); micro-F1 is printed too
  recr       recruitment path ("none" when empty)
  ind        industry ISIC section (industry/a ..., "none" when empty)
Macro-F1 averages the F1 of every class that occurs in the gold labels or the
predictions of the reports scored, so a language with 14 reports gives a noisy
figure: read the "all" row first.

Usage: score.py predictions.tsv
"""
import collections
import sys


def top(p):
    return '/'.join(p.split('/')[:2]) if p else 'none'


def section(p):
    return '/'.join(p.split('/')[:2]) if p else 'none'


def macro(pairs):
    classes = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    f1 = []
    for c in classes:
        tp = sum(g == c and p == c for g, p in pairs)
        fp = sum(g != c and p == c for g, p in pairs)
        fn = sum(g == c and p != c for g, p in pairs)
        f1.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0)
    return sum(f1) / len(f1) if f1 else float('nan')


def sets(pairs):
    """pairs of (gold set, predicted set) -> (macro-F1 over codes, micro-F1)."""
    codes = sorted(set().union(*[g | p for g, p in pairs])) if pairs else []
    f1 = []
    for c in codes:
        tp = sum(c in g and c in p for g, p in pairs)
        fp = sum(c not in g and c in p for g, p in pairs)
        fn = sum(c in g and c not in p for g, p in pairs)
        f1.append(2 * tp / (2 * tp + fp + fn))
    tp = sum(len(g & p) for g, p in pairs)
    fp = sum(len(p - g) for g, p in pairs)
    fn = sum(len(g - p) for g, p in pairs)
    micro = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return (sum(f1) / len(f1) if f1 else 1.0), micro


def main():
    rows = collections.defaultdict(dict)
    lang_of = {}
    with open(sys.argv[1], encoding='utf-8') as f:
        next(f)
        for line in f:
            rid, lang, field, gold, got = line.rstrip('\n').split('\t')
            rows[rid][field] = (gold, got)
            lang_of[rid] = lang
    langs = sorted(set(lang_of.values()))
    print('| lang | n | expl_top acc | expl_top F1 | expl_path F1 | means F1 (macro) | means F1 (micro) | recr F1 | ind F1 |')
    print('|---|---|---|---|---|---|---|---|---|')
    for lang in langs + ['all']:
        ids = [i for i in rows if lang == 'all' or lang_of[i] == lang]
        e = [(top(rows[i]['expl'][0]), top(rows[i]['expl'][1])) for i in ids]
        acc = sum(g == p for g, p in e) / len(e)
        ep = [(rows[i]['expl'][0] or 'none', rows[i]['expl'][1] or 'none') for i in ids]
        m = [(set(x for x in rows[i]['means'][0].split(',') if x),
              set(x for x in rows[i]['means'][1].split(',') if x)) for i in ids]
        mm, mi = sets(m)
        r = [(rows[i]['recr'][0] or 'none', rows[i]['recr'][1] or 'none') for i in ids]
        d = [(section(rows[i]['ind'][0]), section(rows[i]['ind'][1])) for i in ids]
        print('| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |'
              % (lang, len(ids), acc, macro(e), macro(ep), mm, mi, macro(r), macro(d)))
    # per exploitation type over all languages: where the errors are
    e = [(top(rows[i]['expl'][0]), top(rows[i]['expl'][1])) for i in rows]
    print('\n| exploitation type | gold | predicted | correct | F1 |\n|---|---|---|---|---|')
    for c in sorted({g for g, _ in e} | {p for _, p in e}):
        tp = sum(g == c and p == c for g, p in e)
        ng = sum(g == c for g, _ in e)
        npred = sum(p == c for _, p in e)
        print('| %s | %d | %d | %d | %.3f |' % (c, ng, npred, tp, 2 * tp / (ng + npred) if ng + npred else 0))
    # per means code
    m = [(set(x for x in rows[i]['means'][0].split(',') if x),
          set(x for x in rows[i]['means'][1].split(',') if x)) for i in rows]
    print('\n| means code | gold | predicted | correct |\n|---|---|---|---|')
    for c in sorted(set().union(*[g | p for g, p in m])):
        print('| %s | %d | %d | %d |' % (c, sum(c in g for g, _ in m), sum(c in p for _, p in m),
                                         sum(c in g and c in p for g, p in m)))


if __name__ == '__main__':
    main()

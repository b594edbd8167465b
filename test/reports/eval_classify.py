#!/usr/bin/env python3
"""Evaluate classify_report and detect_language on the reports corpus.

Runs every report of test/reports/<lang>.tsv (markup stripped) through a
database where tst_hub is installed, then prints per language:
  - detect_language accuracy (NULL counts as wrong),
  - exploitation accuracy and macro-F1 over the top-level types
    (exploitation/sexual, exploitation/labour, ... and "none" for no type),
  - means of control micro-F1, industry (ISIC section) and recruitment accuracy,
separately for the development part (reports 01..40, which the lexicons were
checked against), held-out-1 (41..50, written after the first lexicons were
frozen; the second pass of the lexicons was written after seeing its errors)
and held-out-2 (51..55, written after the second pass, never used to tune;
56..57 are PII-dense case notes written then too, shown apart) and held-out-3
(58..61, written after the third pass, never used to tune) and held-out-4 (62..69,
written before the fourth pass (stemming), scored once at its end; shown only with
--held-out-4 so that tuning runs never see it).  Reports whose id has a
non-numeric middle part, such as en-h5-01 (test/reports/heldout5, read with --dir),
form their own part, held-out-5; ids such as en-d5-01 (test/reports/dev5, development
examples written for the fifth pass's failure classes) form the part dev-5.  --predictions FILE writes every report's gold and
predicted labels as TSV for other scoring.  Lexicons get the report's language (as the app sends it);
--detect makes classify_report detect it instead.

Usage: eval_classify.py [--detect] [--psql 'psql -d db'] [--dir test/reports] [--predictions FILE]
The psql command gets the SQL on standard input (connection from PG* variables
by default).
"""
import argparse
import collections
import glob
import os
import re
import shlex
import subprocess
import sys

MARKUP = re.compile(r'⟦[A-Z]+\|([^⟧]*)⟧')
LANGS = 'en es fr pt ar ru uk pl ro vi th zh hi sw tl'.split()


def plain(text):
    text = text.replace('\\n', '\n').replace('\\t', '\t')
    return MARKUP.sub(lambda m: m.group(1), text)


def part_of(n):
    """dev: 01..40; held-out-1: 41..50 (after the first lexicons); held-out-2: 51..55
    (after the second); held-out-2-notes: 56..57 (PII-dense case notes, after the second);
    held-out-3: 58..61 (after the third); held-out-4: 62..69 (before the fourth)."""
    return ('dev' if n <= 40 else 'held-out-1' if n <= 50 else 'held-out-2' if n <= 55
            else 'held-out-2-notes' if n <= 57 else 'held-out-3' if n <= 61 else 'held-out-4')


def part_of_id(rid):
    """en-57 -> part_of(57); en-h5-01 -> held-out-5 (a set kept in its own folder)."""
    middle = rid.split('-')[1]
    if middle.isdigit():
        return part_of(int(middle))
    if middle.startswith('d'):
        return 'dev-' + middle[1:]     # en-d5-01: development examples (test/reports/dev5)
    return 'held-out-' + middle.lstrip('h')


def load(directory):
    reports = []
    for lang in LANGS:
        path = os.path.join(directory, lang + '.tsv')
        if not os.path.exists(path):
            continue
        with open(path, encoding='utf-8') as f:
            for line in f.read().splitlines()[1:]:
                if not line.strip():
                    continue
                rid, rlang, expl, means, recr, ind, text = line.split('\t')
                reports.append(dict(id=rid, lang=rlang, expl=expl, means=means, recr=recr,
                                    ind=ind, text=plain(text),
                                    part=part_of_id(rid)))
    return reports


def run(psql, reports, detect):
    sql = ['\\pset format unaligned', '\\pset fieldsep \'\\t\'', '\\pset tuples_only on',
           'SET search_path = tst_hub, public;']
    for r in reports:
        body = r['text']
        assert '$rpt$' not in body
        lang = 'NULL' if detect else "'%s'" % r['lang']
        sql.append("SELECT '%s', coalesce(detect_language($rpt$%s$rpt$), ''), "
                   "coalesce(c.exploitation::text, ''), coalesce(c.means::text, ''), "
                   "coalesce(c.recruitment::text, ''), coalesce(c.industry::text, '') "
                   "FROM classify_report($rpt$%s$rpt$, %s) c;" % (r['id'], body, body, lang))
    out = subprocess.run(shlex.split(psql) + ['-X', '-q', '-v', 'ON_ERROR_STOP=1'],
                         input='\n'.join(sql), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(out.stderr)
    got = {}
    for line in out.stdout.splitlines():
        f = line.split('\t')
        if len(f) == 6:
            got[f[0]] = dict(lang=f[1], expl=f[2], means=f[3].strip('{}'), recr=f[4], ind=f[5])
    return got


def top(expl):
    """Top-level exploitation type of a path, 'none' for no type."""
    if not expl:
        return 'none'
    return '/'.join(expl.split('/')[:2])


def section(ind):
    return '/'.join(ind.split('/')[:2]) if ind else ''


def macro_f1(pairs):
    classes = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    f1s = []
    for c in classes:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        if tp + fp + fn == 0:
            continue
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s) if f1s else 0.0


def set_f1(items):
    tp = fp = fn = 0
    for gold, pred in items:
        g = set(x for x in gold.split(',') if x)
        p = set(x for x in pred.split(',') if x)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def table(reports, got, part):
    rows = [r for r in reports if r['part'] == part and r['id'] in got]
    if not rows:
        return
    print('\n%s part (%d reports)' % (part, len(rows)))
    print('%-6s %4s %8s %8s %8s %8s %8s %8s' % ('lang', 'n', 'detect', 'expl_acc', 'expl_F1',
                                                 'means_F1', 'ind_acc', 'recr_acc'))
    by = collections.OrderedDict((l, []) for l in LANGS)
    for r in rows:
        by[r['lang']].append(r)
    by['all'] = rows
    for lang, rs in by.items():
        if not rs:
            continue
        n = len(rs)
        det = sum(got[r['id']]['lang'] == r['lang'] for r in rs) / n
        pairs = [(top(r['expl']), top(got[r['id']]['expl'])) for r in rs]
        acc = sum(g == p for g, p in pairs) / n
        mf1 = macro_f1(pairs)
        means = set_f1([(r['means'], got[r['id']]['means']) for r in rs])
        ind = sum(section(r['ind']) == section(got[r['id']]['ind']) for r in rs) / n
        recr = sum(r['recr'] == got[r['id']]['recr'] for r in rs) / n
        print('%-6s %4d %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f' % (lang, n, det, acc, mf1, means, ind, recr))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--psql', default='psql')
    ap.add_argument('--dir', default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument('--detect', action='store_true')
    ap.add_argument('--errors', action='store_true', help='list misclassified exploitation types')
    ap.add_argument('--predictions', help='write gold and predicted labels of every report (TSV)')
    ap.add_argument('--held-out-4', action='store_true',
                    help='also score held-out-4 (once, at the end of a pass)')
    args = ap.parse_args()
    reports = load(args.dir)
    if not args.held_out_4:
        reports = [r for r in reports if r['part'] != 'held-out-4']
    got = run(args.psql, reports, args.detect)
    print('classify_report on %d reports (%s language)' % (len(reports), 'detected' if args.detect else 'given'))
    for part in ('dev', 'held-out-1', 'held-out-2', 'held-out-2-notes', 'held-out-3', 'held-out-4',
                 'held-out-5', 'dev-5'):
        table(reports, got, part)
    if args.predictions:
        with open(args.predictions, 'w', encoding='utf-8') as f:
            f.write('id\tlang\tfield\tgold\tgot\n')
            for r in reports:
                g = got.get(r['id'], {})
                for field in ('lang', 'expl', 'means', 'recr', 'ind'):
                    gold = r['lang'] if field == 'lang' else r[field]
                    f.write('%s\t%s\t%s\t%s\t%s\n' % (r['id'], r['lang'], field, gold, g.get(field, '')))
    if args.errors:
        for r in reports:
            g = got.get(r['id'])
            if g and top(g['expl']) != top(r['expl']):
                print('%s gold=%s got=%s | %s' % (r['id'], top(r['expl']), top(g['expl']), r['text'][:100]))


if __name__ == '__main__':
    main()

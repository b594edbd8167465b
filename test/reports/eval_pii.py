#!/usr/bin/env python3
"""Evaluates tst_hub.pii_detect on the reports corpus (test/reports/<lang>.tsv and
pii_extra.tsv): strips the inline markup (see README.md) to get the plain text
and the gold spans, runs pii_detect(text, lang) through psql (PG* environment,
e.g. inside pg_virtualenv, with tst_hub installed in the database PGDATABASE or
the first argument), and prints recall and precision per language and per kind.

A gold span counts as found when a detected span of the same kind with
confidence >= 0.5 (what pii_redact replaces) overlaps it; a detected span is
correct when it overlaps a gold span of its kind.  "hidden" is the share of
gold characters that pii_redact would replace whatever the kind: what matters
for privacy.  With -v every miss and false alarm is listed.

With --dir DIR the reports are read from DIR/*.tsv instead (a held-out set kept
in its own folder, e.g. test/reports/heldout5).  With --kind KIND only gold and
detected spans of that kind count, so the language table gives e.g. names per
language.

Usage: test/reports/eval_pii.py [-v] [--dir DIR] [--kind KIND] [dbname]
"""
import csv
import glob
import io
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r'⟦([A-Z]+)\|(.*?)⟧')
MIN_CONF = 0.5


def load(directory=HERE):
    reports = []
    files = sorted(glob.glob(os.path.join(directory, '*.tsv')))
    for path in files:
        with open(path, encoding='utf-8') as f:
            header = f.readline().rstrip('\n').split('\t')
            for line in f:
                line = line.rstrip('\n')
                if not line or line.startswith('#'):
                    continue
                cols = dict(zip(header, line.split('\t')))
                raw = cols['text'].replace('\\t', '\t').replace('\\n', '\n')
                plain, gold, pos = [], [], 0
                last = 0
                for m in MARK.finditer(raw):
                    plain.append(raw[last:m.start()])
                    pos += m.start() - last
                    gold.append((m.group(1), pos, pos + len(m.group(2)), m.group(2)))
                    plain.append(m.group(2))
                    pos += len(m.group(2))
                    last = m.end()
                plain.append(raw[last:])
                reports.append({'id': cols['id'], 'lang': cols['lang'], 'text': ''.join(plain), 'gold': gold})
    return reports


def detect(reports, db):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n', quoting=csv.QUOTE_ALL)
    for r in reports:
        w.writerow([r['id'], r['lang'], r['text']])
    sql = ("CREATE TEMP TABLE r (id text, lang text, body text);\n"
           "COPY r FROM STDIN WITH (FORMAT csv);\n" + buf.getvalue() + "\\.\n"
           "COPY (SELECT r.id, d.kind, d.start - 1, d.\"end\" - 1, d.confidence, d.rule, d.value"
           " FROM r, tst_hub.pii_detect(r.body, r.lang) d) TO STDOUT WITH (FORMAT csv);\n")
    cmd = ['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1']
    if db:
        cmd += ['-d', db]
    out = subprocess.run(cmd, input=sql, capture_output=True, text=True, check=True).stdout
    found = {}
    for row in csv.reader(io.StringIO(out)):
        found.setdefault(row[0], []).append((row[1], int(row[2]), int(row[3]), float(row[4]), row[5], row[6]))
    return found


def overlaps(a, b):
    return a[1] < b[2] and b[1] < a[2]


def main():
    args = [a for a in sys.argv[1:] if a != '-v']
    verbose = '-v' in sys.argv[1:]
    directory = HERE
    if '--dir' in args:
        i = args.index('--dir')
        if i + 1 >= len(args):
            sys.exit('--dir needs a folder')
        directory = args[i + 1]
        del args[i:i + 2]
    only = None
    if '--kind' in args:
        i = args.index('--kind')
        if i + 1 >= len(args):
            sys.exit('--kind needs a kind (NAME, PHONE, ...)')
        only = args[i + 1]
        del args[i:i + 2]
    reports = load(directory)
    found = detect(reports, args[0] if args else None)
    if only:
        for r in reports:
            r['gold'] = [g for g in r['gold'] if g[0] == only]
        found = {k: [d for d in v if d[0] == only] for k, v in found.items()}
    stats = {}     # (group, key) -> [gold, found_gold, detected, correct, gold_chars, hidden_chars]

    def add(key, i, v=1):
        stats.setdefault(key, [0] * 6)[i] += v

    for r in reports:
        det = [d for d in found.get(r['id'], []) if d[3] >= MIN_CONF]
        for g in r['gold']:
            hit = any(d[0] == g[0] and overlaps(d, g) for d in det)
            hidden = sum(1 for c in range(g[1], g[2]) if any(d[1] <= c < d[2] for d in det))
            for key in (('lang', r['lang']), ('kind', g[0]), ('all', 'all')):
                add(key, 0)
                add(key, 1, hit)
                add(key, 4, g[2] - g[1])
                add(key, 5, hidden)
            if not hit and verbose:
                print(f"MISS  {r['id']} {g[0]} {g[3]!r}  detected: {[(d[0], d[5]) for d in det if overlaps(d, g)]}")
        for d in det:
            ok = any(d[0] == g[0] and overlaps(d, g) for g in r['gold'])
            for key in (('lang', r['lang']), ('kind', d[0]), ('all', 'all')):
                add(key, 2)
                add(key, 3, ok)
            if not ok and verbose:
                print(f"FALSE {r['id']} {d[0]} {d[5]!r} ({d[4]}, {d[3]})")

    def line(name, s):
        rec = s[1] / s[0] if s[0] else float('nan')
        prec = s[3] / s[2] if s[2] else float('nan')
        hid = s[5] / s[4] if s[4] else float('nan')
        return f"| {name:8} | {s[0]:4} | {s[2]:4} | {rec:6.3f} | {prec:6.3f} | {hid:6.3f} |"

    print(f"reports: {len(reports)}, gold spans: {stats.get(('all', 'all'), [0])[0]}")
    for group in ('lang', 'kind', 'all'):
        print(f"\n| {group:8} | gold | det. | recall | precis | hidden |\n|---|---|---|---|---|---|")
        for key in sorted(k for k in stats if k[0] == group):
            print(line(key[1], stats[key]))
    # phones and e-mails per language (goal: recall >= 0.95 in every language)
    pe = {}
    for r in reports:
        det = [d for d in found.get(r['id'], []) if d[3] >= MIN_CONF]
        for g in r['gold']:
            if g[0] in ('PHONE', 'EMAIL'):
                s = pe.setdefault(r['lang'], [0, 0])
                s[0] += 1
                s[1] += any(d[0] == g[0] and overlaps(d, g) for d in det)
    print("\nphones and e-mails, recall by language: " +
          ", ".join(f"{k} {v[1]}/{v[0]}" for k, v in sorted(pe.items())))


if __name__ == '__main__':
    main()

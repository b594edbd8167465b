#!/usr/bin/python3
"""Property test of complementary suppression (suppress_crosstab, suppress_linked).

Seeded random tables -- two-way tables with margins (2x2 .. 8x8, some with
structural zeros), three-level hierarchies and three-way tables with all
their margins, with many small cells and zeros -- go through the SQL
functions.  An independent audit then checks each release:

  * every cell and total comes back once; a published value is the true one;
  * every value with 0 < v < k is withheld, and every withheld value says only
    "withheld" (primaries and complementary cells look alike);
  * for every primary (0 < v < k), an attacker who solves the linear programme of
    what is published (withheld cells >= 0, published totals as equalities,
    withheld totals unknown) with scipy's HiGHS, not tst_hub's simplex, gets
    a range [lo, hi] with floor(hi) - ceil(lo) >= max(protection, 1).

Exits 1 at the first failing table, printing it.
"""
import argparse
import math
import random
import sys

import numpy as np
import psycopg2
from scipy.optimize import linprog

MIN_K = 11          # tst_hub.min_k in a fresh cluster
TOL = 1e-6


def value(rng):
    """A count: many small ones, some zeros."""
    u = rng.random()
    if u < 0.12:
        return 0
    if u < 0.45:
        return rng.randint(1, 10)
    if u < 0.6:
        return rng.randint(11, 30)
    return rng.randint(11, 400)


def crosstab(rng):
    nr, nc = rng.randint(2, 8), rng.randint(2, 8)
    cells = {}
    for r in range(nr):
        for c in range(nc):
            if rng.random() < 0.08:
                continue            # structural zero: not a cell
            cells[("r%d" % r, "c%d" % c)] = value(rng)
    if not cells:
        cells[("r0", "c0")] = value(rng)
    return cells


def hierarchy(rng):
    """region > country > district, each level totalled, plus a grand total."""
    cells, edges = {}, []
    for g in range(rng.randint(2, 3)):
        region = "R%d" % g
        edges.append(("all", region))
        for c in range(rng.randint(1, 3)):
            country = "%s.C%d" % (region, c)
            edges.append((region, country))
            for d in range(rng.randint(1, 4)):
                key = "%s.d%d" % (country, d)
                cells[key] = value(rng)
                edges.append((country, key))
    return cells, edges


def cube3(rng):
    """a x b x c table with every one- and two-way margin and the grand total."""
    dims = [rng.randint(2, 4) for _ in range(3)]
    cells, edges = {}, []
    for i in range(dims[0]):
        for j in range(dims[1]):
            for k in range(dims[2]):
                key = "%d|%d|%d" % (i, j, k)
                cells[key] = value(rng)
                idx = (str(i), str(j), str(k))
                for mask in range(7):   # which coordinates the total keeps
                    kept = [idx[d] if mask >> d & 1 else "*" for d in range(3)]
                    edges.append(("T" + "|".join(kept), key))
    return cells, edges


def attacker_range(x_members, cells, totals, withheld):
    """LP bounds of the sum of x_members given what is published."""
    hidden = sorted(c for c in cells if c in withheld)
    col = {c: j for j, c in enumerate(hidden)}
    known = sum(cells[c] for c in x_members if c not in col)
    obj = np.zeros(len(hidden))
    for c in x_members:
        if c in col:
            obj[col[c]] = 1.0
    rows, rhs = [], []
    for t, members in totals.items():
        if t in withheld:
            continue
        row = np.zeros(len(hidden))
        rest = 0
        for c in members:
            if c in col:
                row[col[c]] = 1.0
            else:
                rest += cells[c]
        if row.any():
            rows.append(row)
            rhs.append(totals_value(members, cells) - rest)
    if not hidden or not obj.any():
        return known, known
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    lo = linprog(obj, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    hi = linprog(-obj, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if lo.status != 0:
        raise RuntimeError("attacker LP (min) failed: %s" % lo.message)
    if hi.status == 3:
        return known + lo.fun, math.inf
    if hi.status != 0:
        raise RuntimeError("attacker LP (max) failed: %s" % hi.message)
    return known + lo.fun, known - hi.fun


def totals_value(members, cells):
    return sum(cells[c] for c in members)


def true_values(cells, totals):
    """The true value of every cell and total."""
    true = dict(cells)
    for t, members in totals.items():
        true[t] = totals_value(members, cells)
    return true


def check(cells, totals, released, k, protection):
    """released: {name: [(value or None, reason)]}, names are cells and totals."""
    problems = []
    need = max(protection if protection is not None else k, 1)
    names = list(cells) + list(totals)
    if sorted(map(str, released)) != sorted(map(str, names)):
        return ["released names differ from the table's cells and totals"]
    for name, rows in released.items():
        if len(rows) != 1:
            return ["%s released %d times: %s" % (name, len(rows), rows)]
    released = {name: rows[0] for name, rows in released.items()}
    true = dict(cells)
    for t, members in totals.items():
        true[t] = totals_value(members, cells)
    withheld = set()
    for name, (v, reason) in released.items():
        primary = 0 < true[name] < k
        if v is not None:
            if v != true[name]:
                problems.append("%s published as %s, true %s" % (name, v, true[name]))
            if reason is not None or primary:
                problems.append("%s published (reason %s) but primary=%s" % (name, reason, primary))
        else:
            withheld.add(name)
            if reason != "withheld":
                problems.append("%s withheld with reason %s, expected withheld" % (name, reason))
    for name in sorted(withheld, key=str):
        if not 0 < true[name] < k:
            continue
        members = totals[name] if name in totals else [name]
        lo, hi = attacker_range(members, cells, totals, withheld)
        width = (math.inf if hi == math.inf else math.floor(hi + TOL)) - math.ceil(lo - TOL)
        if width < need:
            problems.append("%s = %d: attacker range [%g, %g], width %s < %d"
                            % (name, true[name], lo, hi, width, need))
    return problems


def run_crosstab(cur, cells, k, protection):
    keys = sorted(cells)
    cur.execute("SELECT row_key, col_key, value, reason FROM tst_hub.suppress_crosstab(%s, %s, %s, %s, %s)",
                ([r for r, _ in keys], [c for _, c in keys], [cells[x] for x in keys], k, protection))
    released = {}
    for r, c, v, reason in cur.fetchall():
        name = (r, c) if r is not None and c is not None else ("row", r) if r is not None else ("col", c) if c is not None else ("all",)
        released.setdefault(name, []).append((v, reason))
    totals = {}
    for (r, c) in cells:
        totals.setdefault(("row", r), []).append((r, c))
        totals.setdefault(("col", c), []).append((r, c))
        totals.setdefault(("all",), []).append((r, c))
    return totals, released


def run_linked(cur, cells, edges, k, protection):
    cur.execute("SELECT key, is_total, value, reason FROM tst_hub.suppress_linked(%s, %s, %s, %s, %s, %s)",
                (list(cells), [cells[c] for c in cells], [t for t, _ in edges], [m for _, m in edges], k, protection))
    released = {}
    for key, is_total, v, reason in cur.fetchall():
        released.setdefault(key, []).append((v, reason))
        if is_total != (key not in cells):
            released[key].append(("is_total wrong", None))
    children = {}
    for t, m in edges:
        children.setdefault(t, []).append(m)

    def leaves(t):
        out = []
        for m in children[t]:
            out.extend(leaves(m) if m in children else [m])
        return out
    return {t: leaves(t) for t in children}, released


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dbname", required=True)
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261203)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    conn = psycopg2.connect(dbname=args.dbname)
    conn.autocommit = True
    cur = conn.cursor()
    # the audit also tries protections below the hub's floor (superuser only)
    cur.execute("SET tst_hub.min_protection = 0")
    kinds = {"crosstab": 0, "hierarchy": 0, "3-way": 0}
    values = withheld = primaries = 0
    for n in range(args.tables):
        k = rng.choice([None, None, None, 11, 15, 20])
        protection = rng.choice([None, None, 0, 1, 5, 11, 25])
        u = rng.random()
        if u < 0.6:
            kind, cells = "crosstab", crosstab(rng)
            totals, released = run_crosstab(cur, cells, k, protection)
        elif u < 0.8:
            kind, (cells, edges) = "hierarchy", hierarchy(rng)
            totals, released = run_linked(cur, cells, edges, k, protection)
        else:
            kind, (cells, edges) = "3-way", cube3(rng)
            totals, released = run_linked(cur, cells, edges, k, protection)
        kinds[kind] += 1
        keff = k if k is not None else MIN_K
        problems = check(cells, totals, released, keff, protection)
        values += len(released)
        withheld += sum(1 for rows in released.values() if rows[0][0] is None)
        primaries += sum(1 for name in released if 0 < true_values(cells, totals)[name] < keff)
        if problems:
            print("not ok - table %d (%s, k=%s, protection=%s)" % (n, kind, k, protection))
            for p in problems:
                print("#   " + p)
            print("# cells:")
            for c in sorted(cells, key=str):
                print("#   %s = %d" % (c, cells[c]))
            print("# totals:")
            for t in sorted(totals, key=str):
                print("#   %s = sum of %s" % (t, ", ".join(map(str, totals[t]))))
            print("# release:")
            for name in sorted(released, key=str):
                print("#   %s: %s" % (name, released[name]))
            sys.exit(1)
    print("ok - %d tables (%s), %d values, %d below k, %d withheld in all: every primary protected, "
          "every published value true" % (args.tables, ", ".join("%d %s" % (v, k) for k, v in kinds.items()),
                                          values, primaries, withheld))


if __name__ == "__main__":
    main()

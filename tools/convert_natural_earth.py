#!/usr/bin/env python3
"""Convert Natural Earth 1:110m admin-0 countries (GeoJSON) to the compact CSV the demo maps use.

Dev-time only: the output, data/external/ne_110m_countries.csv, is committed, so neither the
demo nor the tests need Python or the original 0.5 MB GeoJSON.

    python3 tools/convert_natural_earth.py ne_110m_admin_0_countries.geojson \
        > data/external/ne_110m_countries.csv

Input: the file geojson/ne_110m_admin_0_countries.geojson of the Natural Earth vector
repository (public domain; see data/external/README.md for the version used).

Output: CSV with header iso_a2,iso_a3,name,wkt, one row per feature (177), sorted by name.
- Coordinates are rounded to 0.01 degree (about 1 km, far below what a 1:110m outline means
  and below a pixel of a 1200 px world map); points that become equal to the previous one
  are dropped, and a ring left with fewer than 4 points (a sliver) is dropped with it.
- WKT is MULTIPOLYGON for every row so that one column type fits all (PostGIS reads it with
  ST_GeomFromText(wkt, 4326)).
- Natural Earth writes -99 where ISO has no code of its own for a unit (France and Norway
  in this version because of their overseas parts, Kosovo, Northern Cyprus, Somaliland).
  iso_a3 then falls back to Natural Earth's ADM0_A3; iso_a2 takes the ISO code for France
  and Norway and stays empty for the others.
"""
import csv
import json
import sys

ISO_A2_FIX = {"FRA": "FR", "NOR": "NO"}


def fmt(v):
    s = "%.2f" % round(v, 2)
    if s.endswith("0"):
        s = s[:-1]
        if s.endswith(".0"):
            s = s[:-2]
    if s in ("-0", "-0.0"):
        s = "0"
    return s


def ring(coords):
    out = []
    for x, y in coords:
        p = (fmt(x), fmt(y))
        if not out or out[-1] != p:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(set(out)) < 3 or len(out) < 4:
        return None
    return "(" + ",".join(x + " " + y for x, y in out) + ")"


def polygon(rings):
    outer = ring(rings[0])
    if outer is None:
        return None
    inner = [r for r in (ring(r) for r in rings[1:]) if r is not None]
    return "(" + ",".join([outer] + inner) + ")"


def main(path):
    with open(path, encoding="utf-8") as f:
        features = json.load(f)["features"]
    rows = []
    for feat in features:
        p, g = feat["properties"], feat["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        parts = [w for w in (polygon(r) for r in polys) if w is not None]
        if not parts:
            sys.exit("no polygon left for " + p["NAME"])
        a3 = p["ISO_A3"] if p["ISO_A3"] not in ("-99", -99) else p["ADM0_A3"]
        a2 = p["ISO_A2"] if p["ISO_A2"] not in ("-99", -99) else ISO_A2_FIX.get(a3, "")
        rows.append((a2, a3, p["NAME"], "MULTIPOLYGON(" + ",".join(parts) + ")"))
    rows.sort(key=lambda r: r[2])
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(("iso_a2", "iso_a3", "name", "wkt"))
    w.writerows(rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

#!/bin/sh
# The demo pipeline at a small scale (N=20000 unless N is set) inside an existing
# cluster, e.g. pg_virtualenv -t -v 15 test/demo/run_quick.sh: generates the hub,
# ingests, runs the analyses and writes the outputs into a temporary folder, then
# checks them: every file there and non-empty, the GeoJSON valid with hot spot
# features, the CSV with its header and 12 sites, the report with Key Judgements
# and no count below k, the maps checked by test/demo/check_outputs.sh;
# then that README's "Getting started" is demo/getting_started.sql and that it runs.
# Exits non-zero with a message on the first failure.
set -eu
cd "$(dirname "$0")/../.."
N=${N:-20000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export N DEMO_OUT="$OUT" DEMO_DB=tst_hub_demo_test
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGOPTIONS

fail() { echo "test/demo/run_quick.sh: FAIL: $*" >&2; exit 1; }

tools/demo.sh --in-cluster > "$OUT/log" 2>&1 || { cat "$OUT/log" >&2; fail "tools/demo.sh --in-cluster exited non-zero"; }

for f in hotspots.geojson supply_chain_risk.csv report.md input/partner_export.csv; do
    [ -s "$OUT/$f" ] || fail "$f missing or empty"
done
psql -X -q -v ON_ERROR_STOP=1 -d "$DEMO_DB" -At -v f="$OUT/hotspots.geojson" > "$OUT/check" <<'SQL' || fail "hotspots.geojson is not valid GeoJSON"
\set g `cat :'f'`
SELECT json_array_length(:'g'::json -> 'features') > 0,
       bool_and(ST_IsValid(ST_GeomFromGeoJSON(x -> 'geometry')))
  FROM json_array_elements(:'g'::json -> 'features') x;
SQL
[ "$(cat "$OUT/check")" = "t|t" ] || fail "hotspots.geojson has no features or an invalid polygon ($(cat "$OUT/check"))"

head -1 "$OUT/supply_chain_risk.csv" | grep -q '^site_id,supplier,product' || fail "supply_chain_risk.csv has no header"
[ "$(wc -l < "$OUT/supply_chain_risk.csv")" -eq 13 ] || fail "supply_chain_risk.csv should have 12 sites"

grep -q '^> \*\*Key judgement\.\*\* It is \*\*' "$OUT/report.md" || fail "report.md has no Key Judgement"
grep -q 'PHIA yardstick' "$OUT/report.md" || fail "report.md has no likelihood terms"
# every count in a figures table is at least k (11) or says it is withheld
awk -F'|' '/^\| [^|-]/ && $3 ~ /[0-9]/ { v = $3; gsub(/[^0-9]/, "", v); if (v + 0 < 11) { print; bad = 1 } }
           END { exit bad }' "$OUT/report.md" || fail "report.md prints a count below k"

# the maps: well-formed, layers and legends complete, the HTML holding the same
# SVG, and what headless chromium draws of them not blank (77: no chromium)
rc=0
test/demo/check_outputs.sh "$OUT" >&2 || rc=$?
[ $rc -eq 0 ] || [ $rc -eq 77 ] || fail "the maps failed test/demo/check_outputs.sh"
psql -X -q -d "$DEMO_DB" -At -c "SELECT count(*) FROM demo.map_hotspots WHERE gi_bin > 0" > "$OUT/check"
[ "$(cat "$OUT/check")" -gt 0 ] || fail "no hot spot cell in demo.map_hotspots"
dropdb "$DEMO_DB"

# README "Getting started" is demo/getting_started.sql, and it runs
sed -n '/<!-- getting-started:begin -->/,/<!-- getting-started:end -->/p' README.md \
    | sed '1,2d;$d' | sed '$d' > "$OUT/readme.sql"
diff -u demo/getting_started.sql "$OUT/readme.sql" >&2 || fail "README Getting started differs from demo/getting_started.sql"
dropdb --if-exists "$DEMO_DB"
createdb "$DEMO_DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DEMO_DB" -f demo/getting_started.sql > "$OUT/gs.log" 2>&1 \
    || { cat "$OUT/gs.log" >&2; fail "demo/getting_started.sql failed"; }
grep -q 'It is \*\*likely\*\*' "$OUT/gs.log" || fail "demo/getting_started.sql printed no Key Judgement"
dropdb "$DEMO_DB"
echo "test/demo/run_quick.sh: ok (N=$N, $(grep '^Total time' "$OUT/log"))"

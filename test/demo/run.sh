#!/bin/sh
# test/demo/run.sh [DIR]: the demo maps end to end on small data, without the full demo.
# In a throwaway PostgreSQL 15 cluster (pg_virtualenv) with tst_hub installed: generates
# N synthetic incidents (bench/gen_incidents.sql, default N=100000), loads demo/render.sql,
# fills the map tables from real tst_hub output (test/demo/fixture.sql), writes
# hotspots.svg, emerging.svg, trends.svg and hotspots.html to DIR (default
# demo-output/test) and checks them with test/demo/check_outputs.sh (exit 77 there when
# chromium is missing).  Needs the extension installed (make install).
set -eu
cd "$(dirname "$0")/../.."
OUT=${1:-demo-output/test}
N=${N:-100000}
export OUT N
if [ -z "${TST_HUB_DEMO_INNER:-}" ]; then
    exec pg_virtualenv -t -v 15 env TST_HUB_DEMO_INNER=1 sh test/demo/run.sh "$OUT"
fi
mkdir -p "$OUT"
createdb demo_maps
export PGDATABASE=demo_maps
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION tst_hub CASCADE"
psql -X -q -v ON_ERROR_STOP=1 -v n="$N" -v centroids=data/external/country_centroids.csv \
    -f bench/gen_incidents.sql > /dev/null
psql -X -q -v ON_ERROR_STOP=1 -v countries=data/external/ne_110m_countries.csv -f demo/render.sql
psql -X -q -v ON_ERROR_STOP=1 -f test/demo/fixture.sql
for m in hotspots emerging trends; do
    psql -X -A -t -q -v ON_ERROR_STOP=1 -c "SELECT demo.svg_$m()" > "$OUT/$m.svg"
done
psql -X -A -t -q -v ON_ERROR_STOP=1 \
    -c "SELECT demo.html_page('Hot spots of trafficking incidents', demo.svg_hotspots())" > "$OUT/hotspots.html"
exec test/demo/check_outputs.sh "$OUT"

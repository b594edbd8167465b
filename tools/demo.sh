#!/bin/sh
# The main job on a fresh Debian 12 machine, one command:
#
#   tools/demo.sh            1.2 million incidents (1.5 to 2.5 minutes on 2 cores, plus the build)
#   tools/demo.sh --quick    100,000 incidents, about 20 seconds (N=... for any other size)
#   tools/demo.sh --tour     the text tour of the features instead (tools/tour.sh)
#
# Installs the Debian packages if any is missing (tools/install-deps.sh), builds and
# installs tst_hub (tools/build-install.sh), starts a throwaway PostgreSQL 15 cluster
# (pg_virtualenv: nothing to configure, removed at the end), creates the extension,
# generates a seeded synthetic hub in the hub schema (demo/gen_hub.sql), loads the
# CTDC export and a partner export through the CSV ingest (demo/ingest.sql), runs
# the analyses (demo/analyses.sql), writes a Key Judgement report (demo/report.sql)
# and the output files (demo/outputs.sql, and the maps of demo/render.sql) into
# demo-output/, then lists them.
#
# Other flags: --no-build skips the package check and the build (tst_hub already
# installed); --in-cluster runs only the pipeline against the server the PG*
# variables name (test/demo/run_quick.sh uses it in its own pg_virtualenv), in
# database $DEMO_DB (default tst_hub_demo, dropped and created), writing to
# $DEMO_OUT (default demo-output).
set -eu
cd "$(dirname "$0")/.."

N=${N:-1200000}
BUILD=1
IN_CLUSTER=0
TOUR=0
for arg in "$@"; do
    case $arg in
        --quick) N=100000 ;;
        --tour) TOUR=1 ;;
        --no-build) BUILD=0 ;;
        --in-cluster) IN_CLUSTER=1 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "tools/demo.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done
case $N in
    ''|*[!0-9]*) echo "tools/demo.sh: N must be a whole number of incidents, not '$N'" >&2; exit 2 ;;
esac
# only after every argument was read: --tour --help prints the help
if [ "$TOUR" -eq 1 ]; then exec tools/tour.sh; fi
export N

# Progress: each step prints its start time; a failure names the step.
T0=${DEMO_T0:-$(date +%s.%N)}
export DEMO_T0=$T0
STEP="starting"
elapsed() { echo "$(date +%s.%N) $T0" | awk '{ printf "%.1f", $1 - $2 }'; }
step() { STEP=$1; printf '[%6ss] %s\n' "$(elapsed)" "$1"; }
trap 'rc=$?; if [ "$rc" -ne 0 ]; then echo "tools/demo.sh: FAILED in step \"$STEP\" (exit $rc); see the messages above" >&2; fi' EXIT

if [ "$IN_CLUSTER" -eq 0 ]; then
    if [ "$BUILD" -eq 1 ]; then
        step "checking Debian packages (tools/debian-packages.txt)"
        missing=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' $(cat tools/debian-packages.txt) 2>/dev/null \
                  | awk '$1 != "installed" { print $2 }' || true)
        # dpkg-query prints nothing for packages it has never heard of
        known=$(dpkg-query -W -f='${Package}\n' $(cat tools/debian-packages.txt) 2>/dev/null | wc -l || true)
        if [ -n "$missing" ] || [ "$known" -ne "$(wc -l < tools/debian-packages.txt)" ]; then
            step "installing missing packages (tools/install-deps.sh)"
            tools/install-deps.sh
        fi
        step "building and installing tst_hub (tools/build-install.sh)"
        tools/build-install.sh
    fi
    step "starting a throwaway PostgreSQL 15 cluster (pg_virtualenv)"
    STEP="pipeline in the throwaway cluster"
    pg_virtualenv -t -v 15 "$0" --in-cluster
    exit 0
fi

# ------------------------------------------------------------------ in the cluster
DB=${DEMO_DB:-tst_hub_demo}
OUT=${DEMO_OUT:-demo-output}
PSQL="psql -X -q -v ON_ERROR_STOP=1 -d $DB"
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGOPTIONS
mkdir -p "$OUT"
mkdir -p "$OUT/input"
rm -f "$OUT"/hotspots.geojson "$OUT"/hotspots.svg "$OUT"/hotspots.html "$OUT"/emerging.svg \
      "$OUT"/trends.svg "$OUT"/supply_chain_risk.csv "$OUT"/report.md "$OUT"/input/partner_export.csv

step "creating database $DB and the extension"
dropdb --if-exists "$DB"
createdb "$DB"
$PSQL -c "SET client_min_messages = warning" -c "CREATE EXTENSION tst_hub CASCADE"

step "generating the synthetic hub: $N incidents, 130 organisations, 2021-2025 (demo/gen_hub.sql)"
$PSQL -v n="$N" -v partner_csv="$OUT/input/partner_export.csv" -f demo/gen_hub.sql

step "ingesting the CTDC export and the partner export through ingest_csv (demo/ingest.sql)"
DEMO_CTDC_CSV=data/external/ctdc_vp_synthetic_2022_condensed.csv DEMO_PARTNER_CSV="$OUT/input/partner_export.csv" \
    $PSQL -f demo/ingest.sql

step "analyses: cubes of people, hot spots, emerging hot spots, trends, supply chain (demo/analyses.sql)"
$PSQL -f demo/analyses.sql

step "writing the intelligence report with Key Judgements (demo/report.sql)"
$PSQL -f demo/report.sql

step "writing hotspots.geojson, supply_chain_risk.csv, report.md (demo/outputs.sql)"
$PSQL -v outdir="$OUT" -f demo/outputs.sql

if [ -f demo/render.sql ]; then
    step "drawing the maps: hotspots.svg, hotspots.html, emerging.svg, trends.svg (demo/render.sql)"
    $PSQL -f demo/render.sql
    $PSQL <<SQL
\pset format unaligned
\pset tuples_only on
\pset footer off
\o $OUT/hotspots.svg
SELECT demo.svg_hotspots();
\o $OUT/hotspots.html
SELECT demo.html_page('tst_hub: hot spots, ' || (SELECT value FROM demo.meta WHERE key = 'title_suffix'), demo.svg_hotspots());
\o $OUT/emerging.svg
SELECT demo.svg_emerging();
\o $OUT/trends.svg
SELECT demo.svg_trends();
\o
SQL
else
    step "no demo/render.sql: the SVG maps are skipped"
fi

step "done: the outputs"
for f in "$OUT"/* "$OUT"/input/*; do
    if [ -f "$f" ]; then printf '    %10s bytes  %s\n' "$(wc -c < "$f")" "$f"; fi
done
echo "    ($OUT/input/ holds the partner's file as it was ingested: raw synthetic ids, not a release)"
printf 'Total time: %s s (N = %s incidents)\n' "$(elapsed)" "$N"

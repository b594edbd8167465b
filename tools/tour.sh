#!/bin/sh
# A text tour of tst_hub (tools/demo.sh --tour): installs dependencies, builds and
# installs tst_hub, starts a throwaway PostgreSQL 15 cluster, loads a seeded
# synthetic data set (N incidents, default 100000, bench/gen_incidents.sql) and
# real CTDC data, and prints a tour of the features (demo/tour.sql: taxonomy,
# crosswalks, partner categories, pseudonyms, space-time cubes; then the hub:
# ingest, counts of people, suppression, a privacy budget, hot spots, kernel
# density, reports in 15 languages, a Key Judgement).
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build-install.sh
TST_HUB_ROOT=$(pwd)
export TST_HUB_ROOT
N=${N:-100000}
export N
pg_virtualenv -t -v 15 sh -c '
    set -e
    psql -X -q -c "CREATE EXTENSION tst_hub CASCADE"
    echo "Generating $N synthetic incidents ..."
    psql -X -q -v n="$N" -v centroids="$TST_HUB_ROOT/data/external/country_centroids.csv" \
        -f bench/gen_incidents.sql >/dev/null
    psql -X -f demo/tour.sql
'

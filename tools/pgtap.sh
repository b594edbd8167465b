#!/bin/sh
# Runs the pgTAP tests (test/pgtap/*.sql) in a fresh database of the current
# cluster (PGHOST etc., e.g. inside pg_virtualenv).
set -eu
cd "$(dirname "$0")/.."
db=tst_hub_pgtap
dropdb --if-exists "$db" >/dev/null
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION tst_hub CASCADE' 2>/dev/null
pg_prove -d "$db" --ext .sql test/pgtap/

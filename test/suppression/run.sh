#!/bin/sh
# Property test of complementary suppression: 1000 seeded random tables go
# through suppress_crosstab and suppress_linked, and audit.py checks each
# release with an independent LP solver (scipy's HiGHS): every value below k
# is withheld, no withheld value can be narrowed below the protection width,
# every published value is the true one.  TABLES= and SEED= change the run.
# Runs in the current cluster (PGHOST etc., e.g. inside pg_virtualenv) with
# the extension installed (make install).  Needs python3-scipy and
# python3-psycopg2 (tools/debian-packages.txt).
set -eu
cd "$(dirname "$0")"
db=tst_hub_suppression
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION tst_hub CASCADE' 2>/dev/null
# Debian's python3, which has the Debian scipy and psycopg2
${PYTHON:-/usr/bin/python3} audit.py --dbname "$db" --tables "${TABLES:-1000}" --seed "${SEED:-20261203}"
dropdb "$db"

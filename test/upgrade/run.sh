#!/bin/sh
# Upgrade test: every released version updates to the current one and ends
# up with exactly the catalog of a fresh install (test/upgrade/catalog.sql),
# stored values survive, hash indexes are rebuilt for the new hashes, and the
# update refuses, with a hint, where it would break something (views on
# remade aggregates, tables placed by the old hash).
# Runs in the current cluster (PGHOST etc., e.g. inside pg_virtualenv) with
# the extension installed (make install).  Prints TAP.
set -eu
cd "$(dirname "$0")"
current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" ../../tst_hub.control)
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
q() { PGOPTIONS="-c search_path=public,tst_hub" psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
fresh_db() { dropdb --if-exists "$1" >/dev/null 2>&1; createdb "$1"; q -d "$1" -c 'CREATE EXTENSION postgis'; }

fresh_db tst_hub_fresh
q -d tst_hub_fresh -c 'CREATE EXTENSION tst_hub'
q -d tst_hub_fresh -f catalog.sql > /tmp/tst_hub_fresh.$$

for script in ../../sql/releases/tst_hub--*.sql; do
    old=$(basename "$script" .sql | sed 's/^tst_hub--//')
    db=tst_hub_from_$(echo "$old" | tr . _)
    fresh_db "$db"
    q -d "$db" -c "CREATE EXTENSION tst_hub VERSION '$old'"
    # values and indexes of the old version
    q -d "$db" <<'SQL'
CREATE TABLE pts AS
  SELECT i, tst_hub.cell(-60 + (i % 997) * 0.12, -170 + (i / 997) * 0.9, 7) AS c,
         (ARRAY['exploitation/labour', 'exploitation/sexual', 'control/threats'])[1 + i % 3]::tst_hub.term AS t,
         timestamptz '2024-01-01' + i * interval '37 minutes' AS ts
    FROM generate_series(1, 20000) i;
CREATE INDEX pts_c_hash ON pts USING hash (c);
CREATE INDEX pts_t_hash ON pts USING hash (t);
CREATE TABLE stored AS
  SELECT (SELECT count(*) FROM pts) AS n,
         tst_hub.term_set(ARRAY['control/threats', 'exploitation/labour']::tst_hub.term[]) AS s;
SQL
    files_before=$(q -d "$db" -c "SELECT string_agg(relfilenode::text, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('pts_c_hash', 'pts_t_hash')")
    q -d "$db" -c "ALTER EXTENSION tst_hub UPDATE" 2> /tmp/tst_hub_update.$$ || true
    if [ "$(q -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'tst_hub'")" = "$current" ]; then
        ok "$old updates to $current"
    else
        not_ok "$old updates to $current: $(cat /tmp/tst_hub_update.$$)"
        continue
    fi
    q -d "$db" -f catalog.sql > /tmp/tst_hub_updated.$$
    if diff -u /tmp/tst_hub_fresh.$$ /tmp/tst_hub_updated.$$ > /tmp/tst_hub_catalog.diff.$$; then
        ok "$old updated to $current has the catalog of a fresh install"
    else
        not_ok "$old updated to $current has the catalog of a fresh install"
        sed 's/^/# /' /tmp/tst_hub_catalog.diff.$$
    fi
    # REINDEX gives an index new files
    files_after=$(q -d "$db" -c "SELECT string_agg(relfilenode::text, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('pts_c_hash', 'pts_t_hash')")
    if [ "$(echo "$files_before,$files_after" | tr , '\n' | sort -u | wc -l)" = 4 ]; then
        ok "$old: the update rebuilds the hash indexes on cell and term"
    else
        not_ok "$old: the update rebuilds the hash indexes on cell and term ($files_before -> $files_after)"
    fi
    # every row is found through the rebuilt indexes
    found=$(q -d "$db" -c "SET enable_seqscan = off; SET enable_bitmapscan = off;
        SELECT count(*) FROM pts p WHERE EXISTS (SELECT 1 FROM pts x WHERE x.c = p.c AND x.i = p.i)
                                 AND EXISTS (SELECT 1 FROM pts y WHERE y.t = p.t AND y.i = p.i)")
    plan=$(q -d "$db" -c "SET enable_seqscan = off; SET enable_bitmapscan = off;
        EXPLAIN (COSTS OFF) SELECT * FROM pts WHERE c = 'h7:100:100'")
    if [ "$found" = 20000 ] && echo "$plan" | grep -q pts_c_hash; then
        ok "$old: hash index scans find every row after the update"
    else
        not_ok "$old: hash index scans find every row after the update ($found of 20000; $plan)"
    fi
    got=$(q -d "$db" -c "SELECT tst_hub.cube_total(tst_hub.st_cube(c, ts, '7 days')) = 20000
                                AND tst_hub.term_set_agg(t) = '{exploitation/labour,exploitation/sexual,control/threats}'
                                AND (SELECT s FROM stored) = '{control/threats,exploitation/labour}'
                           FROM pts")
    if [ "$got" = t ]; then
        ok "$old: the aggregates work and stored values read back after the update"
    else
        not_ok "$old: the aggregates work and stored values read back after the update"
    fi
    dropdb "$db"

    # Refusals: a view on a remade aggregate, a table placed by the old hash
    fresh_db "$db"
    q -d "$db" -c "CREATE EXTENSION tst_hub VERSION '$old'" \
               -c "CREATE TABLE ev (c tst_hub.cell, ts timestamptz)" \
               -c "CREATE VIEW weekly AS SELECT tst_hub.st_cube(c, ts, '7 days') FROM ev"
    if q -d "$db" -c "ALTER EXTENSION tst_hub UPDATE" 2> /tmp/tst_hub_update.$$; then
        not_ok "$old: the update refuses while a view uses st_cube"
    elif grep -q 'view weekly' /tmp/tst_hub_update.$$ && grep -q 'HINT' /tmp/tst_hub_update.$$; then
        ok "$old: the update refuses while a view uses st_cube, naming it, with a hint"
    else
        not_ok "$old: the update refuses while a view uses st_cube, naming it ($(cat /tmp/tst_hub_update.$$))"
    fi
    q -d "$db" -c "DROP VIEW weekly" \
               -c "CREATE TABLE byhash (c tst_hub.cell) PARTITION BY HASH (c)" \
               -c "CREATE TABLE byhash_0 PARTITION OF byhash FOR VALUES WITH (MODULUS 2, REMAINDER 0)"
    if q -d "$db" -c "ALTER EXTENSION tst_hub UPDATE" 2> /tmp/tst_hub_update.$$; then
        not_ok "$old: the update refuses while a table is hash-partitioned by cell"
    elif grep -q 'byhash' /tmp/tst_hub_update.$$ && grep -q 'HINT' /tmp/tst_hub_update.$$; then
        ok "$old: the update refuses while a table is hash-partitioned by cell, naming it, with a hint"
    else
        not_ok "$old: the update refuses while a table is hash-partitioned by cell ($(cat /tmp/tst_hub_update.$$))"
    fi
    # a retired C entry point, reached through the old SQL, refuses with a hint
    if q -d "$db" -c "SELECT tst_hub.st_cube(c, ts, '7 days') FROM (VALUES ('h7:1:1'::tst_hub.cell, now())) v(c, ts)" 2> /tmp/tst_hub_update.$$; then
        not_ok "$old SQL with the new library refuses the old aggregates"
    elif grep -q 'ALTER EXTENSION tst_hub UPDATE' /tmp/tst_hub_update.$$; then
        ok "$old SQL with the new library refuses the old aggregates, asking for the update"
    else
        not_ok "$old SQL with the new library refuses the old aggregates ($(cat /tmp/tst_hub_update.$$))"
    fi
    dropdb "$db"
done
dropdb tst_hub_fresh
rm -f /tmp/tst_hub_*.$$
echo "1..$n"
exit $failed

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
-- hashed through the element type: arrays
CREATE TABLE arr AS SELECT i, ARRAY[c] AS ca FROM pts;
CREATE INDEX arr_ca_hash ON arr USING hash (ca);
-- a hash index on a partitioned table (the parent index has no data)
CREATE TABLE ranged (i int, c tst_hub.cell) PARTITION BY RANGE (i);
CREATE TABLE ranged_all PARTITION OF ranged DEFAULT;
INSERT INTO ranged SELECT i, c FROM pts;
CREATE INDEX ranged_c_hash ON ranged USING hash (c);
-- an attacker with CREATE on public plants operators that an unqualified
-- comparison in the update's DO blocks would pick over pg_catalog's
CREATE ROLE tst_hub_mallory;
GRANT CREATE ON SCHEMA public TO tst_hub_mallory;
SET ROLE tst_hub_mallory;
DO $plant$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['regnamespace', 'regtype', 'regclass', 'regprocedure'] LOOP
        EXECUTE format($f$CREATE FUNCTION public.evil_eq(oid, %1$s) RETURNS bool LANGUAGE plpgsql AS $e$
            BEGIN
                IF current_setting('is_superuser') = 'on' THEN EXECUTE 'ALTER ROLE tst_hub_mallory SUPERUSER'; END IF;
                RETURN $1 OPERATOR(pg_catalog.=) $2::oid;
            END $e$$f$, t);
        EXECUTE format('CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = %s, FUNCTION = public.evil_eq)', t);
    END LOOP;
END
$plant$;
RESET ROLE;
-- keys under scope names the 0.2.0 rule allows, and a token made before the update
SELECT tst_hub.key_create('hub'), tst_hub.key_create('org:17'), tst_hub.key_create('noise');
CREATE TABLE tokens AS SELECT tst_hub.pseudonymise('email', 'a@example.org', 'org:17') AS t;
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
    if [ "$(q -d "$db" -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'tst_hub_mallory'")" = f ]; then
        ok "$old: operators planted in public are not used by the update (no privilege escalation)"
    else
        not_ok "$old: operators planted in public are not used by the update (tst_hub_mallory became superuser)"
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
    found_arr=$(q -d "$db" -c "SET enable_seqscan = off; SET enable_bitmapscan = off;
        SELECT count(*) FROM arr a WHERE EXISTS (SELECT 1 FROM arr x WHERE x.ca = a.ca AND x.i = a.i)")
    found_ranged=$(q -d "$db" -c "SET enable_seqscan = off; SET enable_bitmapscan = off;
        SELECT count(*) FROM ranged r WHERE EXISTS (SELECT 1 FROM ranged x WHERE x.c = r.c AND x.i = r.i)")
    if [ "$found_arr" = 20000 ] && [ "$found_ranged" = 20000 ]; then
        ok "$old: hash indexes on cell[] and on a partitioned table are rebuilt"
    else
        not_ok "$old: hash indexes on cell[] and on a partitioned table are rebuilt ($found_arr, $found_ranged of 20000)"
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
    got=$(q -d "$db" -c "SELECT t = tst_hub.pseudonymise('email', 'a@example.org', 'org:17')
                                AND tst_hub.pseudonym_verify(t, 'email', 'a@example.org', 'org:17') FROM tokens")
    if [ "$got" = t ]; then
        ok "$old: keys under valid scope names work after the update (same tokens)"
    else
        not_ok "$old: keys under valid scope names work after the update (same tokens)"
    fi
    got=$(q -d "$db" -c "SELECT count(*) = 1 AND bool_and(n.key = tst_hub.noise_key_derive(k.key))
                           FROM tst_hub.noise_keys n JOIN tst_hub.keys k ON k.scope = 'noise' AND k.version = n.version")
    if [ "$got" = t ]; then
        ok "$old: the update derives noise_keys from an existing key of scope noise"
    else
        not_ok "$old: the update derives noise_keys from an existing key of scope noise ($got)"
    fi
    dropdb "$db"

    # Refusals: a key scope outside the 0.2.0 rule (README "Pseudonyms and keys", Key scopes)
    fresh_db "$db"
    q -d "$db" -c "CREATE EXTENSION tst_hub VERSION '$old'" \
               -c "SELECT tst_hub.key_create('hub'), tst_hub.key_create('Org 17'), tst_hub.key_create('hu' || chr(8205) || 'b')" >/dev/null
    if q -d "$db" -c "ALTER EXTENSION tst_hub UPDATE" 2> /tmp/tst_hub_update.$$; then
        not_ok "$old: the update refuses while tst_hub.keys has a scope outside the rule"
    elif grep -q "'Org 17'" /tmp/tst_hub_update.$$ && grep -q 'HINT' /tmp/tst_hub_update.$$ && ! grep -q "'hub'" /tmp/tst_hub_update.$$; then
        ok "$old: the update refuses while tst_hub.keys has a scope outside the rule, naming it, with a hint"
    else
        not_ok "$old: the update refuses while tst_hub.keys has a scope outside the rule ($(cat /tmp/tst_hub_update.$$))"
    fi
    dropdb "$db"

    # Refusals: a view on a remade aggregate, a table placed by the old hash
    fresh_db "$db"
    q -d "$db" -c "CREATE EXTENSION tst_hub VERSION '$old'" \
               -c "CREATE TABLE ev (c tst_hub.cell, ts timestamptz)" \
               -c "CREATE VIEW weekly AS SELECT tst_hub.st_cube(c, ts, '7 days') FROM ev"
    if q -d "$db" -c "ALTER EXTENSION tst_hub UPDATE" 2> /tmp/tst_hub_update.$$; then
        not_ok "$old: the update refuses while a view uses st_cube"
    elif grep -q 'view public.weekly' /tmp/tst_hub_update.$$ && grep -q 'HINT' /tmp/tst_hub_update.$$; then
        ok "$old: the update refuses while a view uses st_cube, naming it, with a hint"
    else
        not_ok "$old: the update refuses while a view uses st_cube, naming it ($(cat /tmp/tst_hub_update.$$))"
    fi
    q -d "$db" -c "DROP VIEW weekly"
    for key in "c tst_hub.cell" "c tst_hub.cell[]" "c tst_hub.term"; do
        q -d "$db" -c "CREATE TABLE byhash ($key) PARTITION BY HASH (c)" \
                   -c "CREATE TABLE byhash_0 PARTITION OF byhash FOR VALUES WITH (MODULUS 2, REMAINDER 0)"
        if q -d "$db" -c "ALTER EXTENSION tst_hub UPDATE" 2> /tmp/tst_hub_update.$$; then
            not_ok "$old: the update refuses while a table is hash-partitioned by ${key#c }"
        elif grep -q 'byhash' /tmp/tst_hub_update.$$ && grep -q 'HINT' /tmp/tst_hub_update.$$; then
            ok "$old: the update refuses while a table is hash-partitioned by ${key#c }, naming it, with a hint"
        else
            not_ok "$old: the update refuses while a table is hash-partitioned by ${key#c } ($(cat /tmp/tst_hub_update.$$))"
        fi
        q -d "$db" -c "DROP TABLE byhash"
    done
    # a retired C entry point, reached through the old SQL, refuses with a hint
    if q -d "$db" -c "SELECT tst_hub.st_cube(c, ts, '7 days') FROM (VALUES ('h7:1:1'::tst_hub.cell, now())) v(c, ts)" 2> /tmp/tst_hub_update.$$; then
        not_ok "$old SQL with the new library refuses the old aggregates"
    elif grep -q 'ALTER EXTENSION tst_hub UPDATE' /tmp/tst_hub_update.$$; then
        ok "$old SQL with the new library refuses the old aggregates, asking for the update"
    else
        not_ok "$old SQL with the new library refuses the old aggregates ($(cat /tmp/tst_hub_update.$$))"
    fi
    dropdb "$db"
    psql -X -q -c "DROP ROLE IF EXISTS tst_hub_mallory" >/dev/null 2>&1 || true
done
dropdb tst_hub_fresh
rm -f /tmp/tst_hub_*.$$
echo "1..$n"
exit $failed

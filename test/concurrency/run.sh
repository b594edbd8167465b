#!/bin/sh
# test/concurrency/run.sh: 8 pgbench clients for DURATION seconds (default
# 60) mix the hub's writes and reads on one database:
#   ingest   tst_hub.ingest_csv of a small partner file (fresh record ids)
#   append   rows into a plain event table and, in the same transaction, their
#            st_cube merged (cube_union) into one stored cube
#   dp       dp_reserve of 0.01 from one shared budget, then dp_count paid
#            with it (test/dp_concurrency.sh checks the same ledger with
#            psql sessions and no other load; here it runs among the rest)
#   sticky   sticky_count per country over the incidents
#   read     hub_victims, the stored cube's cells, the ledger
# Each write goes through a wrapper (schema conc, not the extension) that
# records what succeeded and the SQLSTATE of what failed, so pgbench never
# aborts a client.  Afterwards:
#   - no SQLSTATE but the documented ones (53400: budget exhausted or credit
#     too small), no aborted client, no failed pgbench transaction;
#   - the ledger is exact: spent = 0.01 x successful reservations <= epsilon;
#   - serial replay: the stored cube equals st_cube over all event rows, its
#     total their count; ingested incidents equal the accepted rows reported,
#     and hub_victims' total equals count(DISTINCT victim) read serially.
# Needs a running cluster in the environment (PGHOST etc.), e.g. pg_virtualenv.
# Output is TAP.
set -eu
cd "$(dirname "$0")/../.."
db=tst_hub_concurrency
duration=${DURATION:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

dropdb --if-exists "$db" >/dev/null 2>&1 || true
createdb "$db"
q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION tst_hub CASCADE'
q >/dev/null <<'SQL'
SET client_min_messages = warning;
SELECT tst_hub.key_create('hub'), tst_hub.key_create('noise');
INSERT INTO tst_hub.organisations (org_id, code, name) VALUES (1, 'org-1', 'One');
-- a budget of 2.0 for the login pgbench uses: 200 reservations of 0.01
SELECT tst_hub.dp_budget_create('conc', session_user, 2.0);
CREATE SCHEMA conc;
CREATE TABLE conc.outcomes (kind text NOT NULL, ok bool NOT NULL, sqlstate text, amount numeric);
CREATE TABLE conc.events (batch int8 NOT NULL, cell tst_hub.cell NOT NULL, ts timestamptz NOT NULL);
CREATE SEQUENCE conc.batches;
CREATE TABLE conc.cube_store (id int4 PRIMARY KEY, c tst_hub.cube);
INSERT INTO conc.cube_store VALUES (1, NULL);
CREATE TABLE conc.people AS
SELECT tst_hub.pseudonymise('raw', 'person ' || i::text, 'hub') AS p FROM generate_series(1, 60) i;

CREATE FUNCTION conc.ingest() RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
    f text := E'record_id,victim_id,occurred_on,country\n';
    r record;
BEGIN
    FOR i IN 1 .. 5 LOOP
        f := f || format(E'R-%s,V-%s,2024-0%s-1%s,%s\n', pg_catalog.gen_random_uuid(), (pg_catalog.random() * 200)::int4,
                         1 + (pg_catalog.random() * 8)::int4, (pg_catalog.random() * 9)::int4,
                         (ARRAY['GB', 'FR', 'DE', 'NL'])[1 + (pg_catalog.random() * 3)::int4]);
    END LOOP;
    SELECT * INTO r FROM tst_hub.ingest_csv(1, 'mapped', f);
    INSERT INTO conc.outcomes VALUES ('ingest', true, NULL, r.rows_accepted);
EXCEPTION WHEN OTHERS THEN
    INSERT INTO conc.outcomes VALUES ('ingest', false, SQLSTATE, NULL);
END
$f$;

CREATE FUNCTION conc.append() RETURNS void LANGUAGE plpgsql AS $f$
DECLARE
    b int8 := pg_catalog.nextval('conc.batches');
BEGIN
    INSERT INTO conc.events
    SELECT b, tst_hub.cell(50 + pg_catalog.random() * 5, pg_catalog.random() * 5, 7),
           timestamptz '2024-01-01' + pg_catalog.random() * interval '300 days'
      FROM generate_series(1, 20);
    UPDATE conc.cube_store s
       SET c = (SELECT tst_hub.cube_union(x)
                  FROM (SELECT s.c UNION ALL
                        SELECT tst_hub.st_cube(e.cell, e.ts, '1 day', '2024-01-01') FROM conc.events e WHERE e.batch = b) v(x))
     WHERE s.id = 1;
    INSERT INTO conc.outcomes VALUES ('append', true, NULL, 20);
EXCEPTION WHEN OTHERS THEN
    INSERT INTO conc.outcomes VALUES ('append', false, SQLSTATE, NULL);
END
$f$;

-- a reservation is its own transaction (pgbench: one statement per line)
CREATE FUNCTION conc.reserve() RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM tst_hub.dp_reserve('conc', 0.01);
    INSERT INTO conc.outcomes VALUES ('reserve', true, NULL, 0.01);
EXCEPTION WHEN OTHERS THEN
    INSERT INTO conc.outcomes VALUES ('reserve', false, SQLSTATE, NULL);
END
$f$;

CREATE FUNCTION conc.release() RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM tst_hub.dp_count(p, 0.01, 'conc') FROM conc.people;
    INSERT INTO conc.outcomes VALUES ('release', true, NULL, 0.01);
EXCEPTION WHEN OTHERS THEN
    INSERT INTO conc.outcomes VALUES ('release', false, SQLSTATE, NULL);
END
$f$;

CREATE FUNCTION conc.reads() RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM * FROM tst_hub.hub_victims('{country}');
    PERFORM tst_hub.sticky_count(v, i.country) FROM tst_hub.incidents i, unnest(i.victims) v GROUP BY i.country;
    PERFORM count(*) FROM tst_hub.cube_cells((SELECT c FROM conc.cube_store WHERE id = 1));
    PERFORM * FROM tst_hub.dp_ledger();
    INSERT INTO conc.outcomes VALUES ('read', true, NULL, NULL);
EXCEPTION WHEN OTHERS THEN
    INSERT INTO conc.outcomes VALUES ('read', false, SQLSTATE, NULL);
END
$f$;
SQL

cat > "$work/ingest.sql" <<'EOF2'
SELECT conc.ingest();
EOF2
cat > "$work/append.sql" <<'EOF2'
SELECT conc.append();
EOF2
cat > "$work/dp.sql" <<'EOF2'
SELECT conc.reserve();
SELECT conc.release();
EOF2
cat > "$work/read.sql" <<'EOF2'
SELECT conc.reads();
EOF2
pgbench -n -c 8 -j 2 -T "$duration" -f "$work/ingest.sql@2" -f "$work/append.sql@3" -f "$work/dp.sql@2" \
        -f "$work/read.sql@3" "$db" > "$work/pgbench.out" 2>&1
pgbench_rc=$?

failed=0
ok() {
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "not ok - $1 (got $2, want $3)"; failed=1; fi
}
sed 's/^/# /' "$work/pgbench.out" | grep -E 'transactions actually processed|failed transactions|tps =|aborted' || true
q -c "SELECT '# ' || o.kind || ': ' || count(*) FILTER (WHERE o.ok) || ' ok'
               || coalesce((SELECT ', ' || string_agg(z.sqlstate || ' x' || z.n, ', ')
                              FROM (SELECT sqlstate, count(*) AS n FROM conc.outcomes
                                     WHERE kind = o.kind AND NOT ok GROUP BY 1) z), '')
        FROM conc.outcomes o GROUP BY o.kind ORDER BY o.kind"
ok "pgbench ran $duration s with 8 clients, no client aborted" "$pgbench_rc" 0
ok "no failed pgbench transaction" "$(grep -c 'number of failed transactions: [1-9]' "$work/pgbench.out" || true)" 0
ok "every kind of work ran" "$(q -c "SELECT count(DISTINCT kind) FROM conc.outcomes WHERE ok")" 5
ok "no SQLSTATE but the documented 53400 (budget exhausted, credit too small)" \
   "$(q -c "SELECT coalesce(string_agg(DISTINCT sqlstate, ','), 'none') FROM conc.outcomes WHERE NOT ok AND sqlstate <> '53400'")" none
ok "the ledger is exact: spent = 0.01 x successful reservations" \
   "$(q -c "SELECT (SELECT spent FROM tst_hub.dp_ledger() WHERE budget = 'conc') = (SELECT coalesce(sum(amount), 0) FROM conc.outcomes WHERE kind = 'reserve' AND ok)")" t
ok "the ledger never exceeds the budget" \
   "$(q -c "SELECT spent <= epsilon FROM tst_hub.dp_ledger() WHERE budget = 'conc'")" t
ok "releases paid for: successful releases <= successful reservations" \
   "$(q -c "SELECT count(*) FILTER (WHERE kind = 'release' AND ok) <= count(*) FILTER (WHERE kind = 'reserve' AND ok) FROM conc.outcomes")" t
ok "serial replay: the stored cube equals st_cube over every event row" \
   "$(q -c "SELECT (SELECT c::text FROM conc.cube_store WHERE id = 1) = (SELECT tst_hub.st_cube(cell, ts, '1 day', '2024-01-01')::text FROM conc.events)")" t
ok "serial replay: its total is the number of event rows (20 per append)" \
   "$(q -c "SELECT tst_hub.cube_total((SELECT c FROM conc.cube_store WHERE id = 1)) = (SELECT count(*) FROM conc.events) AND (SELECT count(*) FROM conc.events) = (SELECT sum(amount) FROM conc.outcomes WHERE kind = 'append' AND ok)")" t
ok "ingest stored incidents and appends stored events" \
   "$(q -c "SELECT (SELECT count(*) FROM tst_hub.incidents) > 0 AND (SELECT count(*) FROM conc.events) > 0")" t
ok "serial replay: the incidents are the accepted rows ingest reported" \
   "$(q -c "SELECT (SELECT count(*) FROM tst_hub.incidents) = (SELECT coalesce(sum(amount), 0) FROM conc.outcomes WHERE kind = 'ingest' AND ok)")" t
ok "serial replay: hub_victims' total is count(DISTINCT victim) over the incidents" \
   "$(q -c "SELECT (SELECT victims FROM tst_hub.hub_victims('{}')) = (SELECT count(DISTINCT v) FROM tst_hub.incidents, unnest(victims) v)")" t
echo "1..12"
dropdb "$db"
[ "$failed" = 0 ]

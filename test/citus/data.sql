-- test/citus/data.sql: the synthetic data of test/citus/run.sh.
--
--   psql -v n=200000 -f test/citus/data.sql      (on the Citus coordinator)
--
-- Creates two copies of the same data, one per schema:
--   one_node.incidents, one_node.cubes   plain tables (the one-node answer)
--   dist.incidents, dist.cubes           distributed by org
-- so a query written without a schema runs on either with
-- SET search_path = one_node (or dist), tst_hub, public.
--
-- incidents: n rows of id, org, batch, lat, lon, occurred, exploitation (term),
-- means (term_set), person (pseudonym), hours (numeric).  Every value comes
-- from a hash of (id, column number), so the same n gives the same rows on
-- every machine, except the pseudonyms: they are made at ingest, on the
-- coordinator, under a fresh random key of scope 'hub' (the key table has rows
-- on the coordinator only; scope 'date_shift' gets a key too).  Edge cases on purpose:
--   - batch 0 (id % 20 = 0): lat, lon, exploitation and means are NULL, so
--     every aggregate of that batch is NULL; org 0 holds only such rows, so a
--     group of the distribution column is NULL too;
--   - batch 1: means is the empty set (term_set_agg gives {} there, not NULL);
--   - points cluster around 60 centres, so cells and cube entries repeat;
--   - ids 3m, 3m+1 and 3m+2 are one person (who may be in several orgs, so on
--     several shards); person is NULL when id % 50 = 0, hours when id % 7 = 0.
-- cubes: one daily st_cube per (org, month) of incidents, NULL for org 0.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET search_path = public, tst_hub;

DROP SCHEMA IF EXISTS one_node CASCADE;
DROP SCHEMA IF EXISTS dist CASCADE;
CREATE SCHEMA one_node;
CREATE SCHEMA dist;

-- A uniform [0,1) number from a hash of (id, k).  A temporary function:
-- Citus would warn that it stays on the coordinator, which is the point.
SET client_min_messages = error;
CREATE FUNCTION pg_temp.u(id int8, k int8) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT ((hashint8extended(id, k) >> 11) & 9007199254740991)::float8 / 9007199254740992.0
$$;
SET client_min_messages = warning;

CREATE TABLE one_node.incidents (
    id           int8 NOT NULL,
    org          int4 NOT NULL,
    batch        int4 NOT NULL,
    lat          float8,
    lon          float8,
    occurred     timestamptz NOT NULL,
    exploitation tst_hub.term,
    means        tst_hub.term_set,
    person       tst_hub.pseudonym,
    hours        numeric
);

SELECT key_create('hub'), key_create('date_shift');

INSERT INTO one_node.incidents
SELECT g,
       CASE WHEN g % 40 = 0 THEN 0
            ELSE 1 + floor(40 * pg_temp.u(g, 1) ^ 2)::int4 END,
       (g % 20)::int4,
       CASE WHEN g % 20 <> 0
            THEN centre.lat + (pg_temp.u(g, 3) + pg_temp.u(g, 4) - 1) * 1.5 END,
       CASE WHEN g % 20 <> 0
            THEN centre.lon + (pg_temp.u(g, 5) + pg_temp.u(g, 6) - 1) * 1.5 END,
       timestamptz '2021-01-01 00:00+00' + pg_temp.u(g, 7) * interval '1826 days',
       CASE WHEN g % 20 <> 0
            THEN v.exploitation[1 + floor(pg_temp.u(g, 8) * array_length(v.exploitation, 1))::int4] END,
       CASE WHEN g % 20 = 0 THEN NULL
            WHEN g % 20 = 1 THEN tst_hub.term_set(ARRAY[]::tst_hub.term[])
            ELSE tst_hub.term_set(ARRAY(
                SELECT v.control[i] FROM generate_subscripts(v.control, 1) AS i
                WHERE pg_temp.u(g, 100 + i) < 0.12)) END,
       CASE WHEN g % 50 <> 0
            THEN pseudonymise('email', 'person' || g / 3 || '@example.org', 'hub') END,
       CASE WHEN g % 7 <> 0 THEN round((pg_temp.u(g, 9) * 60)::numeric, 1) END
FROM generate_series(1, :n) AS g
CROSS JOIN (SELECT array_agg(term ORDER BY code) FILTER (WHERE facet = 'exploitation'::tst_hub.term AND depth > 0) AS exploitation,
                   array_agg(term ORDER BY code) FILTER (WHERE facet = 'control'::tst_hub.term AND depth > 0) AS control
            FROM tst_hub.vocabulary WHERE status = 'active') AS v
CROSS JOIN LATERAL (
    SELECT -40 + 100 * pg_temp.u(c, 21) AS lat, -120 + 240 * pg_temp.u(c, 22) AS lon
    FROM (SELECT floor(60 * pg_temp.u(g, 2))::int8 AS c) AS pick) AS centre;

CREATE TABLE one_node.cubes AS
SELECT org, date_trunc('month', occurred) AS month,
       tst_hub.st_cube(tst_hub.cell(lat, lon, 6), occurred, interval '1 day') AS c
FROM one_node.incidents
GROUP BY org, date_trunc('month', occurred);

-- The distributed copies: same columns, rows copied through the coordinator.
CREATE TABLE dist.incidents (LIKE one_node.incidents);
CREATE TABLE dist.cubes (LIKE one_node.cubes);
SELECT create_distributed_table('dist.incidents', 'org');
SELECT create_distributed_table('dist.cubes', 'org', colocate_with => 'dist.incidents');
INSERT INTO dist.incidents SELECT * FROM one_node.incidents;
INSERT INTO dist.cubes SELECT * FROM one_node.cubes;

ANALYZE one_node.incidents, one_node.cubes, dist.incidents, dist.cubes;

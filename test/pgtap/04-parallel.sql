-- Rolling up and set aggregation give the same answer in parallel and serial
-- plans, and the parallel plan really is Partial -> Gather -> Finalize.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(4);

CREATE TABLE incidents AS
SELECT i AS id,
       (SELECT term FROM vocabulary WHERE term <@ 'exploitation' ORDER BY code OFFSET (i * 31) % 32 LIMIT 1) AS exploitation,
       term_set(ARRAY(SELECT term FROM vocabulary WHERE term <@ 'control' AND (code / 256 + i) % 6 = 0)) AS means
  FROM generate_series(1, 50000) i;
ALTER TABLE incidents SET (parallel_workers = 4);
ANALYZE incidents;

SET max_parallel_workers_per_gather = 4;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;

CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT r."QUERY PLAN"; END LOOP;
END
$f$;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_lines(
    $$SELECT term_set_agg(means), term_set_agg(exploitation) FROM incidents$$) l
    WHERE l LIKE '%Partial Aggregate%'), 'term_set_agg runs as a partial aggregate');
CREATE TEMP TABLE par AS
SELECT rollup(exploitation, 1) AS g, count(*) AS n, term_set_agg(means) AS m FROM incidents GROUP BY 1;
CREATE TEMP TABLE par_all AS SELECT term_set_agg(means) AS m, term_set_agg(exploitation) AS e FROM incidents;

SET max_parallel_workers_per_gather = 0;
SELECT set_eq($$SELECT g, n, m FROM par$$,
    $$SELECT rollup(exploitation, 1), count(*), term_set_agg(means) FROM incidents GROUP BY 1$$,
    'GROUP BY rollup(term, 1) with term_set_agg: parallel = serial');
SELECT is((SELECT term_set_send(m) || term_set_send(e) FROM par_all),
          (SELECT term_set_send(term_set_agg(means)) || term_set_send(term_set_agg(exploitation)) FROM incidents),
          'term_set_agg: parallel and serial results are byte-identical');
SELECT is((SELECT sum(n) FROM par)::int8, 50000::int8, 'rollup groups cover every row');

SELECT * FROM finish();
ROLLBACK;

-- Aggregate states as values: st_cube, cube_union and term_set_agg keep
-- their state as a cube / term_set (an expanded hash table for the cube while
-- rows are added).  The state must survive what the executor does to it:
-- window frames (the final function runs many times on one state), hash
-- aggregation that spills to disk with many groups, sort-based grouping,
-- and rescans; and a partial state from elsewhere is checked like input.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(10);

CREATE TEMP TABLE ev AS
SELECT i, i % 977 AS g,
       cell(-40 + (i * 7919 % 8000) * 0.01, -60 + (i * 104729 % 12000) * 0.01, 6) AS c,
       timestamptz '2024-01-01 00:00+00' + (i * 7 % 1000) * interval '1 hour' AS ts,
       (SELECT term FROM vocabulary WHERE term <@ 'control' ORDER BY code OFFSET i % 9 LIMIT 1) AS t
  FROM generate_series(1::int8, 30000) i;
ANALYZE ev;

-- Reference answers per group, from sort-based grouping with plenty of memory
SET LOCAL enable_hashagg = off;
CREATE TEMP TABLE by_sort AS
SELECT g, st_cube(c, ts, '1 day') AS cube, term_set_agg(t) AS ts_agg FROM ev GROUP BY g;
RESET enable_hashagg;

-- Hash aggregation at a tiny work_mem spills most groups to disk
SET LOCAL work_mem = '64kB';
SET LOCAL enable_sort = off;
CREATE TEMP TABLE by_hash AS
SELECT g, st_cube(c, ts, '1 day') AS cube, term_set_agg(t) AS ts_agg FROM ev GROUP BY g;
CREATE FUNCTION pg_temp.hashagg_batches(q text) RETURNS int LANGUAGE plpgsql AS $f$
DECLARE plan json;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || q INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'HashAgg Batches')::int;
END
$f$;
SELECT cmp_ok(pg_temp.hashagg_batches($$SELECT g, st_cube(c, ts, '1 day'), term_set_agg(t) FROM ev GROUP BY g$$),
              '>', 1, 'that hash aggregation really spilled (several batches)');
RESET work_mem;
RESET enable_sort;
SELECT is((SELECT count(*) FROM by_hash h JOIN by_sort s USING (g) WHERE h.cube = s.cube AND h.ts_agg = s.ts_agg),
          977::int8, 'spilling hash aggregation gives every group''s cube and set, equal to sort-based grouping');
SELECT is((SELECT sum(cube_total(cube)) FROM by_hash), 30000::numeric, 'every row is counted once across groups');

-- Window use: the final function reads the state without changing it
SELECT is_empty($$
    SELECT i FROM (SELECT i, cube_total(st_cube(c, ts, '1 day') OVER (ORDER BY i)) AS running,
                          cardinality(term_set_agg(t) OVER (ORDER BY i)) AS kinds
                     FROM ev WHERE i <= 2000) w
     WHERE running <> i OR kinds <> least(i, 9)$$,
    'running st_cube and term_set_agg over a window: each row sees the rows so far');
SELECT is((SELECT cube_total(cube_union(cube) OVER ()) FROM by_sort LIMIT 1), 30000::int8,
          'cube_union as a window aggregate over stored cubes');

-- Rescans: an aggregate in a correlated subquery is rebuilt per outer row
SELECT is_empty($$
    SELECT s.g FROM by_sort s
     WHERE s.cube <> (SELECT st_cube(c, ts, '1 day') FROM ev WHERE ev.g = s.g)
       AND s.g < 50$$,
    'st_cube in a correlated subquery starts from an empty state each time');

-- The state is a cube: the aggregate's output, made from bytes, merges again
SELECT is((SELECT cube_union(cube_in(cube_out(cube))::cube) FROM by_sort),
          (SELECT st_cube(c, ts, '1 day') FROM ev),
          'cubes through their text form merge to the whole (what Citus does with partial states)');
SELECT is((SELECT term_set_agg(ts_agg::text::term_set) FROM by_sort),
          (SELECT term_set_agg(t) FROM ev),
          'term_sets through their text form merge to the whole');

-- Support functions are for the aggregate only, or harmless
SELECT throws_ok($$SELECT st_cube_trans(NULL, 'h6:1:1', now(), '1 day')$$, '0A000', NULL,
                 'st_cube_trans outside its aggregate is refused');
SELECT is(term_set_agg_trans(term_set_agg_trans(NULL, 'control/threats'), NULL), '{control/threats}'::term_set,
          'term_set_agg_trans is a plain function: a set plus a term');

SELECT * FROM finish();
ROLLBACK;

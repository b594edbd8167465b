-- Hashing the tst_hub key types (issue 8): GROUP BY and count(DISTINCT) on a stored cell,
-- term, term_set or pseudonym column against the same on an int8 column of the same table
-- that has exactly the same groups, at the server default work_mem (4MB, set by each case).
--
-- bench.hkeys: one row per incident (physical order = id), fixed-width columns first so
-- both sides of a case read their column at a cached offset:
--   cell7, cell7_k       resolution-7 cell (~7.5 km) and its dense rank (int8)
--   cell12, cell12_k     resolution-12 cell (~0.3 km, nearly one per incident) and its rank
--   exploitation, exploitation_k   term and tst_hub.code(term) (the term's int8 code)
--   person, person_k     pseudonymise('raw', person_id) and person_id (the int8 it hashes)
--   means_k, means_bits  dense rank of the term_set; bitmask of its terms (18 terms occur)
--   means                term_set
-- The int8 keys are dense ranks, not cell_id(): PostgreSQL's hashint8 XORs the 32-bit
-- halves of a cell id and collides (resolution 12: 599,260 cells, 244,402 distinct
-- hashint8 values), which would slow the baseline, not the test.
-- Groups at N=1,200,000: cell7 4443, cell12 599260, exploitation 29, means 1625,
-- person 821293; same_result checks that both sides of every case count the same groups.
--
-- Setup of the GROUP BY / DISTINCT cases (both sides): work_mem 4MB (server default);
-- enable_sort off, so both sides hash (the thing measured; the serial plans hash anyway,
-- the parallel ones would otherwise sort below a Gather Merge); parallel_tuple_cost 0, which
-- changes only the parallel variant: at the default 0.1 the planner keeps the 600k-800k
-- group cases and count(DISTINCT) serial (partial aggregation does not shrink them), with
-- 0 they scan in 2 workers. count(DISTINCT) sorts inside the aggregate whatever the settings.
\set hash_setup 'SET LOCAL work_mem = ''4MB''; SET LOCAL enable_sort = off; SET LOCAL parallel_tuple_cost = 0'
SELECT tst_hub.key_create('bench') WHERE NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'bench');
SET work_mem = '256MB';

CREATE UNLOGGED TABLE bench._means_dim AS
WITH s AS (SELECT DISTINCT means FROM bench.incidents),
     t AS (SELECT t, row_number() OVER (ORDER BY t) - 1 AS bit
             FROM (SELECT DISTINCT t FROM s, unnest(s.means::tst_hub.term[]) t) u)
SELECT s.means, dense_rank() OVER (ORDER BY s.means)::int8 AS means_k,
       coalesce((SELECT bit_or(1::int8 << t.bit::int)
                   FROM unnest(s.means::tst_hub.term[]) m JOIN t ON t.t = m), 0) AS means_bits
  FROM s;

CREATE TABLE bench.hkeys AS
WITH c AS (
    SELECT i.id, i.org_id, tst_hub.cell(i.lat, i.lon, 7) AS cell7,
           tst_hub.cell(i.lat, i.lon, 12) AS cell12, i.exploitation, i.person_id, i.means
      FROM bench.incidents i
)
SELECT c.id, c.org_id,
       c.cell7, dense_rank() OVER (ORDER BY c.cell7)::int8 AS cell7_k,
       c.cell12, dense_rank() OVER (ORDER BY c.cell12)::int8 AS cell12_k,
       c.exploitation, tst_hub.code(c.exploitation) AS exploitation_k,
       tst_hub.pseudonymise('raw', c.person_id::text, 'bench') AS person, c.person_id AS person_k,
       m.means_k, m.means_bits, c.means
  FROM c JOIN bench._means_dim m ON m.means = c.means
 ORDER BY c.id;
DROP TABLE bench._means_dim;
VACUUM ANALYZE bench.hkeys;
RESET work_mem;

SELECT bench.add_case('group_by_cell_stored', 1.3,
    $b$SELECT count(*) FROM (SELECT cell7_k, count(*) FROM bench.hkeys GROUP BY 1) x$b$,
    $t$SELECT count(*) FROM (SELECT cell7, count(*) FROM bench.hkeys GROUP BY 1) x$t$,
    same_result => true, setup => :'hash_setup');

-- ~600k groups: the hash aggregate spills to disk at 4MB and must split its partitions
-- by hash bits, which is where a weak hash fails.
SELECT bench.add_case('group_by_cell_fine', 1.3,
    $b$SELECT count(*) FROM (SELECT cell12_k, count(*) FROM bench.hkeys GROUP BY 1) x$b$,
    $t$SELECT count(*) FROM (SELECT cell12, count(*) FROM bench.hkeys GROUP BY 1) x$t$,
    same_result => true, setup => :'hash_setup');

-- count(DISTINCT) sorts its input inside the aggregate (btree order, int8 comparison for
-- cell), it does not hash.
SELECT bench.add_case('count_distinct_cell', 1.3,
    $b$SELECT count(DISTINCT cell7_k) FROM bench.hkeys$b$,
    $t$SELECT count(DISTINCT cell7) FROM bench.hkeys$t$,
    same_result => true, setup => :'hash_setup');

SELECT bench.add_case('group_by_term', 1.3,
    $b$SELECT count(*) FROM (SELECT exploitation_k, count(*) FROM bench.hkeys GROUP BY 1) x$b$,
    $t$SELECT count(*) FROM (SELECT exploitation, count(*) FROM bench.hkeys GROUP BY 1) x$t$,
    same_result => true, setup => :'hash_setup');

SELECT bench.add_case('group_by_term_set', 1.3,
    $b$SELECT count(*) FROM (SELECT means_k, count(*) FROM bench.hkeys GROUP BY 1) x$b$,
    $t$SELECT count(*) FROM (SELECT means, count(*) FROM bench.hkeys GROUP BY 1) x$t$,
    same_result => true, setup => :'hash_setup');

SELECT bench.add_case('group_by_pseudonym', 1.3,
    $b$SELECT count(*) FROM (SELECT person_k, count(*) FROM bench.hkeys GROUP BY 1) x$b$,
    $t$SELECT count(*) FROM (SELECT person, count(*) FROM bench.hkeys GROUP BY 1) x$t$,
    same_result => true, setup => :'hash_setup');

SELECT bench.add_case('count_distinct_pseudonym', 1.3,
    $b$SELECT count(DISTINCT person_k) FROM bench.hkeys$b$,
    $t$SELECT count(DISTINCT person) FROM bench.hkeys$t$,
    same_result => true, setup => :'hash_setup');

-- The same distinct counts by hashing (SELECT DISTINCT in a subquery): PostgreSQL 15 has no
-- partial mode for count(DISTINCT), so only this form gets a parallel plan.
SELECT bench.add_case('distinct_cell', 1.3,
    $b$SELECT count(*) FROM (SELECT DISTINCT cell7_k FROM bench.hkeys) x$b$,
    $t$SELECT count(*) FROM (SELECT DISTINCT cell7 FROM bench.hkeys) x$t$,
    same_result => true, setup => :'hash_setup');

SELECT bench.add_case('distinct_pseudonym', 1.3,
    $b$SELECT count(*) FROM (SELECT DISTINCT person_k FROM bench.hkeys) x$b$,
    $t$SELECT count(*) FROM (SELECT DISTINCT person FROM bench.hkeys) x$t$,
    same_result => true, setup => :'hash_setup');

-- Safe aggregates: values released only when at least k distinct persons
-- stand behind them.  Persons, not rows; NULL persons never count; the
-- threshold is the hub's floor (tst_hub.min_k) unless an explicit k raises
-- it; withheld values say why; parallel and spilled plans equal serial ones.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(44);

SELECT key_create('safe_test');
-- person n: the same pseudonym for the same n
CREATE FUNCTION pg_temp.person(n int) RETURNS pseudonym LANGUAGE sql STABLE
    AS $$SELECT pseudonymise('raw', 'person ' || n, 'safe_test')$$;
-- persons 1..n, one row each
CREATE FUNCTION pg_temp.persons(n int) RETURNS TABLE (p pseudonym, v numeric) LANGUAGE sql STABLE
    AS $$SELECT pg_temp.person(i), i::numeric FROM generate_series(1, n) i$$;

-- Exactly k-1, k, k+1 persons at the default k = 11
SELECT is((SELECT safe_count(p) FROM pg_temp.persons(10)), NULL::int8, '10 persons: withheld at the default k = 11');
SELECT is((SELECT safe_count(p) FROM pg_temp.persons(11)), 11::int8, '11 persons: released');
SELECT is((SELECT safe_count(p) FROM pg_temp.persons(12)), 12::int8, '12 persons: released');
-- and at an explicit k = 15
SELECT is((SELECT safe_count(p, 15) FROM pg_temp.persons(14)), NULL::int8, 'k = 15: 14 persons withheld');
SELECT is((SELECT safe_count(p, 15) FROM pg_temp.persons(15)), 15::int8, 'k = 15: 15 persons released');
SELECT is((SELECT safe_count(p, 15) FROM pg_temp.persons(16)), 16::int8, 'k = 15: 16 persons released');

-- People, not rows: one person with 30 rows and 9 others is 10 people
CREATE TEMP TABLE heavy AS
SELECT pg_temp.person(1) AS p, 1::numeric AS v FROM generate_series(1, 30)
UNION ALL SELECT pg_temp.person(i), 1 FROM generate_series(2, 10) i;
SELECT is((SELECT safe_count(p) FROM heavy), NULL::int8, '39 rows of 10 persons are withheld at k = 11');
SELECT is((SELECT (safe_count_r(p, 11)).reason FROM heavy), 'below_k', '... with the reason below_k');
INSERT INTO heavy VALUES (pg_temp.person(11), 1);
SELECT is((SELECT safe_count(p) FROM heavy), 11::int8, 'an eleventh person releases the count of persons (11, not 40 rows)');

-- NULL persons are not counted; rows with a NULL value are not summed
CREATE TEMP TABLE with_nulls AS
SELECT p, v FROM pg_temp.persons(10)
UNION ALL SELECT NULL::pseudonym, 100 FROM generate_series(1, 5)
UNION ALL SELECT pg_temp.person(11), NULL::numeric;
SELECT is((SELECT safe_count(p) FROM with_nulls), 11::int8, 'NULL persons are not counted');
SELECT is((SELECT safe_sum(p, v) FROM with_nulls), NULL::numeric,
          'a safe_sum counts persons with a value: person 11 has none, so 10 persons, withheld');
INSERT INTO with_nulls VALUES (pg_temp.person(12), 12);
SELECT is((SELECT safe_sum(p, v) FROM with_nulls), 67::numeric, 'safe_sum adds the values of rows with a person (1..10 + 12)');
SELECT is((SELECT safe_avg(p, v) FROM with_nulls), (SELECT avg(v) FROM with_nulls WHERE p IS NOT NULL AND v IS NOT NULL),
          'safe_avg is the mean over rows with a person and a value');

-- Reasons
SELECT is((SELECT safe_count_r(p) FROM pg_temp.persons(12)), ROW(12::numeric, NULL::text)::released,
          'released: (value, NULL reason)');
SELECT is((SELECT safe_count_r(p) FROM pg_temp.persons(3)), ROW(NULL::numeric, 'below_k'::text)::released,
          'withheld: (NULL, below_k)');
SELECT is((SELECT safe_count_r(p) FROM pg_temp.persons(3) WHERE false), ROW(NULL::numeric, 'no_data'::text)::released,
          'no rows: (NULL, no_data)');
SELECT is((SELECT safe_count_r(p) FROM (SELECT NULL::pseudonym) x(p)), ROW(NULL::numeric, 'no_data'::text)::released,
          'only NULL persons: (NULL, no_data)');
SELECT is((SELECT (safe_sum_r(p, v)).value FROM pg_temp.persons(11)), 66::numeric, 'safe_sum_r releases the sum');
SELECT is((SELECT (safe_avg_r(p, v, 20)).reason FROM pg_temp.persons(11)), 'below_k', 'safe_avg_r with k = 20 withholds 11 persons');
SELECT is((SELECT safe_count(p) FROM pg_temp.persons(3) WHERE false), NULL::int8, 'no rows: NULL (a zero is below k too)');

-- Bad arguments
SELECT throws_ok($$SELECT safe_count(p, 1) FROM pg_temp.persons(3)$$, '22023', NULL, 'k = 1 is 22023');
SELECT throws_ok($$SELECT safe_count(p, -5) FROM pg_temp.persons(3)$$, '22023', NULL, 'negative k is 22023');
SELECT throws_ok($$SELECT safe_count(p, 5) FROM pg_temp.persons(3)$$, '42501', NULL,
                 'k below the hub''s minimum is 42501 (an explicit k cannot lower the floor)');
SELECT throws_ok($$SELECT safe_count(p, NULL) FROM pg_temp.persons(3)$$, '22004', NULL, 'NULL k is 22004');
SELECT throws_ok($$SELECT safe_count(p, 11 + (v::int % 2)) FROM pg_temp.persons(3)$$, '22023', NULL,
                 'k that changes between rows is 22023');
SELECT throws_ok($$SELECT safe_sum(p, 'NaN') FROM pg_temp.persons(3)$$, '22023', NULL, 'NaN values are 22023');
SELECT throws_ok($$SELECT safe_sum(p, 'Infinity') FROM pg_temp.persons(3)$$, '22023', NULL, 'infinite values are 22023');
SELECT throws_ok($$SELECT safe_count_trans(NULL, pg_temp.person(1))$$, '0A000', NULL, 'support functions only run inside the aggregate');
SELECT throws_ok($$SELECT safe_count(NULL::pseudonym, 1) FROM generate_series(1, 3)$$, '22023', NULL,
                 'a bad k is refused even when every person is NULL (errors never depend on the data)');
SELECT throws_ok($$SELECT safe_count(p) OVER (ORDER BY v) FROM pg_temp.persons(30)$$, '0A000', NULL,
                 'safe aggregates refuse to run as window functions (neighbouring frames subtract)');

-- The floor belongs to superusers
CREATE ROLE safe_test_analyst;
GRANT tst_hub_analyst TO safe_test_analyst;
SET ROLE safe_test_analyst;
SELECT throws_ok($$SET tst_hub.min_k = 2$$, '42501', NULL, 'an analyst cannot lower tst_hub.min_k');
RESET ROLE;
SET LOCAL tst_hub.min_k = 3;
SELECT is((SELECT safe_count(p) FROM pg_temp.persons(3)), 3::int8, 'a superuser may set the floor (k = 3 releases 3 persons)');
SELECT is((SELECT safe_count(p, 5) FROM pg_temp.persons(4)), NULL::int8, 'and an explicit k above it still applies');
RESET tst_hub.min_k;

-- Equal to count(DISTINCT) wherever released; parallel, spilled and serial plans agree
-- (a plain table: parallel workers cannot read temporary ones)
CREATE TABLE safe_inc AS
SELECT i, i % 40 AS g, pg_temp.person((i * 7919) % 900) AS p, (i % 17)::numeric AS v
  FROM generate_series(1, 20000) i;
ANALYZE safe_inc;
SELECT is_empty($$
    SELECT g FROM safe_inc GROUP BY g
    HAVING safe_count(p) IS DISTINCT FROM (CASE WHEN count(DISTINCT p) >= 11 THEN count(DISTINCT p) END)
        OR safe_sum(p, v) IS DISTINCT FROM (CASE WHEN count(DISTINCT p) >= 11 THEN sum(v) END)$$,
    'per group: safe_count = count(DISTINCT person) and safe_sum = sum where >= 11 persons, NULL elsewhere');
CREATE TEMP TABLE serial AS SELECT g, safe_count(p, 40) AS n, safe_sum(p, v) AS s FROM safe_inc GROUP BY g;
SET LOCAL work_mem = '64kB';
SET LOCAL enable_sort = off;
SELECT is_empty($$SELECT g, safe_count(p, 40), safe_sum(p, v) FROM safe_inc GROUP BY g
                  EXCEPT SELECT * FROM serial$$, 'spilled hash aggregation equals the serial answer');
RESET work_mem;
RESET enable_sort;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL parallel_leader_participation = off;
SELECT results_eq($$SELECT safe_count(p), safe_sum(p, v), safe_avg(p, v) FROM safe_inc$$,
                  $$SELECT count(DISTINCT p), sum(v), avg(v) FROM safe_inc$$,
                  'parallel plan: the whole table, equal to count(DISTINCT), sum, avg');
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT r."QUERY PLAN"; END LOOP;
END
$f$;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_lines($$SELECT safe_count(p) FROM safe_inc$$) l
                  WHERE l LIKE '%Partial Aggregate%'), 'safe_count runs as a partial aggregate');
RESET max_parallel_workers_per_gather;

-- The state's text and binary forms round-trip; damaged bytes are refused
CREATE AGGREGATE pg_temp.count_state(pseudonym) (SFUNC = safe_count_trans, STYPE = person_set);
CREATE AGGREGATE pg_temp.sum_state(pseudonym, numeric) (SFUNC = safe_sum_trans, STYPE = person_set);
CREATE TEMP TABLE states AS
SELECT pg_temp.count_state(p)::text AS c, pg_temp.sum_state(p, v)::text AS s FROM heavy;
SELECT is((SELECT c::person_set::text || s::person_set::text FROM states), (SELECT c || s FROM states),
          'person_set text form round-trips (count and sum states)');
SELECT is((SELECT safe_count_final(c::person_set) FROM states), 11::int8, 'a state read back releases the same count');
SELECT is((SELECT s::person_set::text = s FROM (SELECT pg_temp.sum_state(p, v)::text AS s
                                                  FROM (SELECT p, '1e1000'::numeric AS v FROM heavy) h) x), true,
          'a state whose sum has a thousand digits round-trips');
SELECT is((SELECT safe_sum_final(s::person_set) = 40e1000 FROM (SELECT pg_temp.sum_state(p, v)::text AS s
                                                  FROM (SELECT p, '1e1000'::numeric AS v FROM heavy) h) x), true,
          '... and releases its sum');
SELECT throws_ok($$SELECT ('\x02' || substr(c, 5))::person_set FROM states$$, '22P02', NULL,
                 'an unknown version in text input is 22P02');
CREATE FUNCTION pg_temp.write_copy(field bytea) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format($q$COPY (SELECT %L) TO PROGRAM 'base64 -d > /tmp/tst_hub_person_set.copy'$q$,
        replace(encode('\x5047434f50590aff0d0a00'::bytea || '\x00000000'::bytea || '\x00000000'::bytea
               || '\x0001'::bytea || int4send(length(field)) || field || '\xffff'::bytea, 'base64'),
        E'\n', ''));
END
$f$;
CREATE TEMP TABLE one_state (s person_set);
SELECT pg_temp.write_copy((SELECT person_set_send(c::person_set) FROM states));
SELECT lives_ok($$COPY one_state FROM '/tmp/tst_hub_person_set.copy' WITH (FORMAT binary)$$, 'a valid state loads in binary');
-- entry 2 given the person of entry 1: out of order, a duplicate person
SELECT pg_temp.write_copy((SELECT overlay(b placing substr(b, 13, 16) from 37 for 16)
                             FROM (SELECT person_set_send(c::person_set) b FROM states) x));
SELECT throws_ok($$COPY one_state FROM '/tmp/tst_hub_person_set.copy' WITH (FORMAT binary)$$, 'XX001', NULL,
                 'a state with a repeated person is refused as corrupted (XX001)');

SELECT * FROM finish();
ROLLBACK;

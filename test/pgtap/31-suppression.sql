-- Complementary suppression (suppress_crosstab, suppress_linked): every bad
-- input raises its SQLSTATE; a GROUP BY of distinct persons goes through
-- array_agg and comes back with true values or withheld ones; the hub's
-- k floor holds; the release does not depend on array order.  The property
-- test with an independent LP audit is test/suppression/run.sh.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(42);

-- bad input
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x'], ARRAY[1, 2]::int8[])$$,
    '22023', NULL, 'crosstab: row_keys and col_keys of different lengths');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1, 2]::int8[])$$,
    '22023', NULL, 'crosstab: counts of another length');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a', NULL], ARRAY['x', 'y'], ARRAY[1, 2]::int8[])$$,
    '22004', NULL, 'crosstab: NULL row key');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x', NULL], ARRAY[1, 2]::int8[])$$,
    '22004', NULL, 'crosstab: NULL column key');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x', 'y'], ARRAY[1, NULL]::int8[])$$,
    '22004', NULL, 'crosstab: NULL count');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(NULL, ARRAY['x'], ARRAY[1]::int8[])$$,
    '22004', NULL, 'crosstab: NULL array');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], NULL)$$,
    '22004', NULL, 'crosstab: NULL counts');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x', 'y'], ARRAY[1, -2]::int8[])$$,
    '22023', NULL, 'crosstab: negative count');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1000000001]::int8[])$$,
    '22003', NULL, 'crosstab: count above 10^9');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a', 'a'], ARRAY['x', 'x'], ARRAY[1, 2]::int8[])$$,
    '22023', NULL, 'crosstab: duplicate (row, column)');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY[['a'], ['b']], ARRAY[['x'], ['y']], ARRAY[[1], [2]]::int8[])$$,
    '22023', NULL, 'crosstab: two-dimensional arrays');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], 1)$$,
    '22023', NULL, 'crosstab: k < 2');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], 10)$$,
    '42501', NULL, 'crosstab: k below tst_hub.min_k');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], 11, -1)$$,
    '22023', NULL, 'crosstab: negative protection');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], 11, 1000000001)$$,
    '22023', NULL, 'crosstab: protection above 10^9');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(
        (SELECT array_agg((i / 51)::text) FROM generate_series(0, 2600) i),
        (SELECT array_agg((i % 51)::text) FROM generate_series(0, 2600) i),
        array_fill(20::int8, ARRAY[2601]))$$,
    '54000', NULL, 'crosstab: more than 2,500 cells');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1]::int8[], ARRAY['t'], ARRAY['a'])$$,
    '22023', NULL, 'linked: counts of another length');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t', 't'], ARRAY['a'])$$,
    '22023', NULL, 'linked: total_keys and member_keys of different lengths');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t'], ARRAY[NULL::text])$$,
    '22004', NULL, 'linked: NULL member');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a', 'a'], ARRAY[1, 2]::int8[], ARRAY['t'], ARRAY['a'])$$,
    '22023', NULL, 'linked: duplicate cell');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t'], ARRAY['b'])$$,
    '22023', NULL, 'linked: unknown member');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1, 2]::int8[], ARRAY['a'], ARRAY['b'])$$,
    '22023', NULL, 'linked: a key both cell and total');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t', 'u', 'u'], ARRAY['u', 'a', 't'])$$,
    '22023', NULL, 'linked: a cycle of totals');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t', 't', 'u'], ARRAY['a', 'u', 'a'])$$,
    '22023', NULL, 'linked: a cell counted twice in a total');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t'], ARRAY['a'], 11, -5)$$,
    '22023', NULL, 'linked: negative protection');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t'], ARRAY['a'], 3)$$,
    '42501', NULL, 'linked: k below tst_hub.min_k');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], 11, 0)$$,
    '42501', NULL, 'crosstab: protection below tst_hub.min_protection');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t'], ARRAY['a'], 11, 10)$$,
    '42501', NULL, 'linked: protection below tst_hub.min_protection');

-- A GROUP BY of distinct persons, as an analyst writes it
SELECT key_create('suppress_test');
-- 16 cells of 2 to 40 persons, each person on two rows
CREATE TEMP TABLE inc AS
SELECT pseudonymise('raw', c.country || '/' || c.exploitation || '/' || p, 'suppress_test') AS victim,
       c.country, c.exploitation
  FROM (VALUES ('GB', 'labour', 40), ('GB', 'sexual', 25), ('GB', 'criminal', 3), ('GB', 'domestic', 18),
               ('FR', 'labour', 30), ('FR', 'sexual', 12), ('FR', 'criminal', 22), ('FR', 'domestic', 5),
               ('PL', 'labour', 27), ('PL', 'sexual', 33), ('PL', 'criminal', 14), ('PL', 'domestic', 20),
               ('RO', 'labour', 2), ('RO', 'sexual', 4), ('RO', 'criminal', 16), ('RO', 'domestic', 21))
       c(country, exploitation, n),
       generate_series(1, c.n) p, generate_series(1, 2) row_of_person;
CREATE TEMP TABLE released AS
WITH t AS (SELECT country, exploitation, count(DISTINCT victim) AS n FROM inc GROUP BY 1, 2)
SELECT s.* FROM (SELECT array_agg(country) AS r, array_agg(exploitation) AS c, array_agg(n) AS n FROM t) a,
                suppress_crosstab(a.r, a.c, a.n) s;
CREATE TEMP TABLE truth AS
SELECT country, exploitation, count(DISTINCT victim) AS n, safe_count(victim) AS safe
  FROM inc GROUP BY GROUPING SETS ((country, exploitation), (country), (exploitation), ());
SELECT is((SELECT count(*) FROM released), (SELECT count(*) FROM truth),
    'one row per cell, per margin and the grand total');
SELECT ok((SELECT count(*) FROM released r JOIN truth t
              ON r.row_key IS NOT DISTINCT FROM t.country AND r.col_key IS NOT DISTINCT FROM t.exploitation
            WHERE r.value IS NULL AND t.safe IS NOT NULL) > 0
          AND (SELECT count(*) FROM truth WHERE safe IS NULL) > 0,
    'the example has primaries and complementary cells');
SELECT is_empty($$SELECT * FROM released r JOIN truth t
                    ON r.row_key IS NOT DISTINCT FROM t.country AND r.col_key IS NOT DISTINCT FROM t.exploitation
                 WHERE r.value IS NOT NULL AND r.value <> t.n$$,
    'published values are the distinct-person counts');
SELECT is_empty($$SELECT * FROM released r JOIN truth t
                    ON r.row_key IS NOT DISTINCT FROM t.country AND r.col_key IS NOT DISTINCT FROM t.exploitation
                 WHERE t.safe IS NULL AND r.value IS NOT NULL$$,
    'everything safe_count withholds is withheld (the margins are sums of one-cell persons here)');
SELECT is_empty($$SELECT * FROM released WHERE (value IS NULL) <> (reason IS NOT NULL)
                   OR reason <> 'withheld'$$,
    'a value is NULL exactly when the reason is withheld (primaries and complementary cells look alike)');

-- the release does not depend on the order of the arrays
SELECT is_empty($$
    (SELECT * FROM released)
    EXCEPT
    (WITH t AS (SELECT country, exploitation, count(DISTINCT victim) AS n FROM inc GROUP BY 1, 2)
     SELECT s.* FROM (SELECT array_agg(country ORDER BY n DESC, country DESC, exploitation) AS r,
                             array_agg(exploitation ORDER BY n DESC, country DESC, exploitation) AS c,
                             array_agg(n ORDER BY n DESC, country DESC, exploitation) AS n FROM t) a,
                     suppress_crosstab(a.r, a.c, a.n) s)$$,
    'same table in another order: same release');

-- the hub's floor: raising tst_hub.min_k withholds more, an explicit k cannot go below it
SET LOCAL tst_hub.min_k = 40;
SELECT cmp_ok((SELECT count(*) FROM suppress_crosstab(ARRAY['a', 'a', 'b', 'b'], ARRAY['x', 'y', 'x', 'y'],
                                                      ARRAY[30, 50, 60, 70]::int8[]) WHERE row_key = 'a' AND col_key = 'x' AND value IS NULL),
    '=', 1::int8, 'tst_hub.min_k = 40 makes 30 a primary');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], 20)$$,
    '42501', NULL, 'k = 20 is refused under min_k = 40');
RESET tst_hub.min_k;

-- the protection floor: raising tst_hub.min_protection asks more of the
-- default, and a lower explicit protection is refused.  A 1 under a total of
-- 100 with one other cell: with a floor of 11 the partner cell (99) is
-- enough to keep the range [0, 100]; a floor of 120 cannot be met by a
-- single two-cell table, so every value must go.
SELECT is((SELECT count(*) FILTER (WHERE reason = 'withheld')::int
             FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1, 99]::int8[], ARRAY['t', 't'], ARRAY['a', 'b']) WHERE key IN ('a', 'b')),
    2, 'default floor: the primary and its partner are withheld');
SET LOCAL tst_hub.min_protection = 30;
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], 11, 20)$$,
    '42501', NULL, 'protection 20 is refused under min_protection = 30');
SELECT lives_ok($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], 11, 30)$$,
    'protection at the floor is accepted');
RESET tst_hub.min_protection;

-- catalog: pure, parallel safe, for everyone
SELECT is((SELECT string_agg(DISTINCT provolatile::text || ':' || proparallel::text || ':' || prosecdef::text, ',')
             FROM pg_proc WHERE proname IN ('suppress_crosstab', 'suppress_linked')
              AND pronamespace = 'tst_hub'::regnamespace), 's:s:false',
    'STABLE (tst_hub.min_k), PARALLEL SAFE, not SECURITY DEFINER');
SELECT ok(has_function_privilege('tst_hub_analyst', 'tst_hub.suppress_crosstab(text[], text[], int8[], int4, int8)', 'EXECUTE')
          AND has_function_privilege('public', 'tst_hub.suppress_linked(text[], int8[], text[], text[], int4, int8)', 'EXECUTE'),
    'everyone may call them');
SELECT is((SELECT count(*)::int FROM suppress_linked('{}', '{}', '{}', '{}')), 0, 'an empty table releases nothing');

SELECT * FROM finish();
ROLLBACK;

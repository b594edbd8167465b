-- complementary suppression of tables with totals (suppress_crosstab,
-- suppress_linked); the property test with an independent LP audit is
-- test/suppression/run.sh
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

-- a 3x3 table with one small cell (a, y) = 3: the cheapest rectangle
-- through it is withheld with it, so row a, column y and every total
-- still add up without pinning the 3 (its range is 0..23)
SELECT * FROM suppress_crosstab(
    ARRAY['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'],
    ARRAY['x', 'y', 'z', 'x', 'y', 'z', 'x', 'y', 'z'],
    ARRAY[20, 3, 25, 30, 40, 22, 18, 27, 35]::int8[]);

-- the same table in another order is the same release
SELECT count(*) AS differences FROM (
    (SELECT * FROM suppress_crosstab(
        ARRAY['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'],
        ARRAY['x', 'y', 'z', 'x', 'y', 'z', 'x', 'y', 'z'],
        ARRAY[20, 3, 25, 30, 40, 22, 18, 27, 35]::int8[])
     EXCEPT
     SELECT * FROM suppress_crosstab(
        ARRAY['c', 'b', 'a', 'c', 'b', 'a', 'c', 'b', 'a'],
        ARRAY['z', 'z', 'z', 'y', 'y', 'y', 'x', 'x', 'x'],
        ARRAY[35, 22, 25, 27, 40, 3, 18, 30, 20]::int8[]))) d;

-- two small cells in one row: they cannot cover each other (each moving
-- up by 11 needs 11 from elsewhere in the row), so the third cell of the
-- row goes too, with cells below that balance the columns
SELECT * FROM suppress_crosstab(
    ARRAY['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'],
    ARRAY['x', 'y', 'z', 'x', 'y', 'z', 'x', 'y', 'z'],
    ARRAY[2, 3, 25, 30, 40, 22, 18, 27, 35]::int8[]);

-- a row whose total is below k: its cells and the total are primaries,
-- and the row total needs protecting as much as its cells
SELECT * FROM suppress_crosstab(
    ARRAY['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'],
    ARRAY['x', 'y', 'z', 'x', 'y', 'z', 'x', 'y', 'z'],
    ARRAY[4, 3, 2, 30, 40, 22, 18, 27, 35]::int8[]) WHERE row_key = 'a' OR reason IS NOT NULL;

-- zeros are published (no person in them); a zero total too
SELECT * FROM suppress_crosstab(
    ARRAY['a', 'a', 'b', 'b'], ARRAY['x', 'y', 'x', 'y'], ARRAY[0, 0, 30, 40]::int8[]);
-- a row of 5 and 0: the 5 and its row total (5) are primaries, the zero
-- stays published, and the 30 under the 5 goes (with its row total) so
-- that column x does not give the 5 away
SELECT * FROM suppress_crosstab(
    ARRAY['a', 'a', 'b', 'b'], ARRAY['x', 'y', 'x', 'y'], ARRAY[5, 0, 30, 40]::int8[]);

-- a missing (row, column) pair is a structural zero: not returned, never a cell
SELECT * FROM suppress_crosstab(
    ARRAY['a', 'a', 'b', 'b', 'c'], ARRAY['x', 'y', 'x', 'y', 'x'], ARRAY[50, 60, 30, 40, 70]::int8[]);

-- k and protection: k = 20 makes more primaries; protection 0 (= 1)
-- asks only that nothing be pinned; a large protection needs more.
-- Protections below tst_hub.min_protection (11) are refused, so lower the
-- floor first (superuser only).
SELECT count(*) FILTER (WHERE reason = 'withheld') AS withheld
  FROM suppress_crosstab(ARRAY['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'],
                         ARRAY['x', 'y', 'z', 'x', 'y', 'z', 'x', 'y', 'z'],
                         ARRAY[20, 3, 25, 30, 40, 22, 18, 27, 35]::int8[], k => 20);
SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[5]::int8[], protection => 5);
SET tst_hub.min_protection = 0;
SELECT p, count(*) FILTER (WHERE reason = 'withheld') AS withheld
  FROM unnest(ARRAY[0, 1, 11, 40, 100]) p,
       suppress_crosstab(ARRAY['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'],
                         ARRAY['x', 'y', 'z', 'x', 'y', 'z', 'x', 'y', 'z'],
                         ARRAY[20, 3, 25, 30, 40, 22, 18, 27, 35]::int8[], protection => p)
 GROUP BY p ORDER BY p;
RESET tst_hub.min_protection;

-- empty input, one cell
SELECT * FROM suppress_crosstab('{}', '{}', '{}');
SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[5]::int8[]);

-- linked tables: a region > country > district hierarchy
SELECT * FROM suppress_linked(
    ARRAY['uk/london', 'uk/leeds', 'fr/paris', 'fr/lyon', 'fr/lille'],
    ARRAY[40, 6, 55, 30, 12]::int8[],
    ARRAY['uk', 'uk', 'fr', 'fr', 'fr', 'europe', 'europe'],
    ARRAY['uk/london', 'uk/leeds', 'fr/paris', 'fr/lyon', 'fr/lille', 'uk', 'fr']);
-- time totals: months, their quarter and the year
SELECT * FROM suppress_linked(
    ARRAY['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'],
    ARRAY[25, 4, 30, 18, 22, 19]::int8[],
    ARRAY['2024-Q1', '2024-Q1', '2024-Q1', '2024-Q2', '2024-Q2', '2024-Q2', '2024-H1', '2024-H1'],
    ARRAY['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-Q1', '2024-Q2']);

-- bad input: the SQLSTATE and the message
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT pg_temp.err(q) FROM (VALUES
    ($$SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x'], ARRAY[1, 2]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1, 2]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a', NULL], ARRAY['x', 'y'], ARRAY[1, 2]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x', 'y'], ARRAY[1, NULL]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(NULL, ARRAY['x'], ARRAY[1]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x', 'y'], ARRAY[1, -2]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[10000000000]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a', 'a'], ARRAY['x', 'x'], ARRAY[1, 2]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY[['a'], ['b']], ARRAY[['x'], ['y']], ARRAY[[1], [2]]::int8[])$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], k => 1)$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], k => 5)$$),
    ($$SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[1]::int8[], protection => -1)$$),
    ($$SELECT * FROM suppress_crosstab(
           (SELECT array_agg(i::text) FROM generate_series(1, 2501) i),
           array_fill('x'::text, ARRAY[2501]), array_fill(20::int8, ARRAY[2501]))$$),
    ($$SELECT * FROM suppress_crosstab(
           (SELECT array_agg(i::text) FROM generate_series(1, 600) i),
           array_fill('x'::text, ARRAY[600]), array_fill(20::int8, ARRAY[600]))$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1]::int8[], ARRAY['t'], ARRAY['a'])$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1, 2]::int8[], ARRAY['t', 't'], ARRAY['a'])$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a', 'a'], ARRAY[1, 2]::int8[], ARRAY['t'], ARRAY['a'])$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1, 2]::int8[], ARRAY['t'], ARRAY['c'])$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1, 2]::int8[], ARRAY['a'], ARRAY['b'])$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1, 2]::int8[], ARRAY['t', 'u', 'u'], ARRAY['u', 'a', 't'])$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1, 2]::int8[], ARRAY['t', 't', 'u'], ARRAY['a', 'u', 'a'])$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[1, 2]::int8[], ARRAY['t', 't'], ARRAY['a', 'a'])$$),
    ($$SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[1]::int8[], ARRAY['t'], NULL)$$)
) v(q);

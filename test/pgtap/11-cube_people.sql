-- Cubes of people: st_cube_people(cell, ts, bin, person) counts distinct persons
-- per (cell, bin); cube_cells_safe withholds them below k; safe_cells rolls
-- cells up until k, every row counted once, checked against a reference
-- written independently in plpgsql.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(51);

SELECT key_create('people_test');
CREATE FUNCTION pg_temp.person(n int) RETURNS pseudonym LANGUAGE sql STABLE
    AS $$SELECT pseudonymise('raw', 'person ' || n, 'people_test')$$;

-- One cell, one week: n persons, person 1 with 30 rows, a NULL person
CREATE FUNCTION pg_temp.one_cell(n int) RETURNS cube LANGUAGE sql STABLE AS $$
    SELECT st_cube_people('h5:100:100'::cell, '2024-01-02', '7 days', p)
      FROM (SELECT pg_temp.person(i) p FROM generate_series(1, n) i
            UNION ALL SELECT pg_temp.person(1) FROM generate_series(1, 29) WHERE n >= 1
            UNION ALL SELECT NULL::pseudonym) r
$$;
SELECT is((SELECT persons FROM cube_people(pg_temp.one_cell(10))), 10::int8, 'persons, not rows: 10 persons in 39 rows');
SELECT is((SELECT rows FROM cube_people(pg_temp.one_cell(10))), 39::int8, 'rows with a NULL person are not counted');
SELECT is((SELECT cube_total(pg_temp.one_cell(10))), 39::int8, 'cube_total counts rows');
SELECT is((SELECT row(persons, reason)::text FROM cube_cells_safe(pg_temp.one_cell(10))), '(,below_k)', '10 persons: withheld at the default k = 11');
SELECT is((SELECT row(persons, reason)::text FROM cube_cells_safe(pg_temp.one_cell(11))), '(11,)', '11 persons: released');
SELECT is((SELECT row(persons, reason)::text FROM cube_cells_safe(pg_temp.one_cell(12))), '(12,)', '12 persons: released');
SELECT is((SELECT row(persons, reason)::text FROM cube_cells_safe(pg_temp.one_cell(14), 15)), '(,below_k)', 'k = 15: 14 persons withheld');
SELECT is((SELECT row(persons, reason)::text FROM cube_cells_safe(pg_temp.one_cell(15), 15)), '(15,)', 'k = 15: 15 persons released');
SELECT is((SELECT st_cube_people('h5:100:100'::cell, '2024-01-02', '7 days', NULL::pseudonym)), NULL::cube, 'no person named: no cube');

-- Merging: a person in two partial cubes is one person; kinds do not mix
SELECT is((SELECT cube_persons(cube_append(pg_temp.one_cell(11), pg_temp.one_cell(12)))), 12::int8,
          'cube_append unites the persons of both cubes');
SELECT is((SELECT cube_total(cube_append(pg_temp.one_cell(11), pg_temp.one_cell(12)))), 81::int8,
          'cube_append adds the rows');
SELECT is((SELECT cube_union(q) FROM (VALUES (pg_temp.one_cell(11)), (pg_temp.one_cell(12))) v(q)),
          cube_append(pg_temp.one_cell(11), pg_temp.one_cell(12)), 'cube_union equals cube_append');
SELECT throws_ok($$SELECT cube_append(pg_temp.one_cell(11), cube_without_persons(pg_temp.one_cell(11)))$$,
    '22023', 'cannot merge a cube of people with a cube of rows', 'a cube of people does not merge with a cube of rows');
SELECT is(cube_without_persons(pg_temp.one_cell(11)),
          (SELECT st_cube('h5:100:100'::cell, '2024-01-02', '7 days') FROM generate_series(1, 40)),
          'cube_without_persons keeps exactly the row counts');
SELECT ok(NOT cube_has_persons(cube_without_persons(pg_temp.one_cell(3))) AND cube_has_persons(pg_temp.one_cell(3)),
          'cube_has_persons tells the kinds apart');
SELECT throws_ok($$SELECT * FROM cube_cells_safe(cube_without_persons(pg_temp.one_cell(11)))$$,
    '22023', 'cube_cells_safe needs a cube of people', 'a cube of rows cannot be withheld by people');

-- Data for roll-ups: clusters of points at resolution 7, 60 persons, some with many rows
SELECT setseed(0.42);
CREATE TABLE people_pts AS
SELECT cell(lat, lon, 7) AS c, '2024-03-01'::timestamptz + (random() * 20) * interval '1 day' AS ts,
       pg_temp.person((random() * 59)::int + 1) AS p
  FROM (SELECT i, CASE WHEN i % 3 = 0 THEN 10.0 + random() * 0.02 ELSE 10 + random() * 2 END AS lat,
               CASE WHEN i % 3 = 0 THEN 20.0 + random() * 0.02 ELSE 20 + random() * 2 END AS lon
          FROM generate_series(1, 3000) i) g;
ANALYZE people_pts;
CREATE TABLE people_cube AS SELECT st_cube_people(c, ts, '7 days', p) AS q FROM people_pts;

-- Parallel partial states give the serial cube, byte for byte
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT is((SELECT st_cube_people(c, ts, '7 days', p) FROM people_pts), (SELECT q FROM people_cube),
          'a parallel plan builds the same cube of people');
RESET max_parallel_workers_per_gather;
SELECT is((SELECT st_cube_people(c, ts, '7 days', p) FROM (SELECT * FROM people_pts ORDER BY random()) s),
          (SELECT q FROM people_cube), 'row order does not change the cube');
SELECT is((SELECT q::text::cube FROM people_cube), (SELECT q FROM people_cube), 'text round trip');
SELECT is((SELECT cube_rollup(q, 4) FROM people_cube),
          (SELECT st_cube_people(cell_parent(c, 4), ts, '7 days', p) FROM people_pts),
          'cube_rollup of a cube of people equals the cube built at the coarser resolution');
SELECT is((SELECT sum(rows) FROM cube_people((SELECT q FROM people_cube))), 3000::numeric, 'cube_people lists every row');

-- Reference roll-up, point by point, in plpgsql (no code shared with safe_cells)
CREATE FUNCTION pg_temp.ref_safe_cells(k int, res int, res_min int)
    RETURNS TABLE (bin_start timestamptz, cell cell, persons int8, rows int8, rest bool, reason text)
    LANGUAGE plpgsql AS $f$
DECLARE
    lvl int;
BEGIN
    CREATE TEMP TABLE pend ON COMMIT DROP AS
    SELECT '2000-01-03 00:00+00'::timestamptz
           + floor(extract(epoch FROM ts - '2000-01-03 00:00+00') / (7 * 86400)) * interval '7 days' AS b,
           c, p FROM people_pts;
    CREATE TEMP TABLE flagged (b timestamptz, c cell) ON COMMIT DROP;
    CREATE TEMP TABLE out (b timestamptz, c cell, persons int8, rows int8, rest bool, reason text) ON COMMIT DROP;
    FOR lvl IN REVERSE res .. res_min LOOP
        INSERT INTO out
        SELECT g.b, g.c, count(DISTINCT g.p), count(*), EXISTS (SELECT 1 FROM flagged f WHERE f.b = g.b AND f.c = g.c), NULL
          FROM pend g GROUP BY g.b, g.c HAVING count(DISTINCT g.p) >= k;
        DELETE FROM pend d USING out o WHERE o.b = d.b AND o.c = d.c;
        IF lvl > res_min THEN
            CREATE TEMP TABLE up ON COMMIT DROP AS
            SELECT DISTINCT x.b, cell_parent(x.c) AS c FROM (SELECT o.b, o.c FROM out o UNION ALL SELECT f.b, f.c FROM flagged f) x
             WHERE cell_resolution(x.c) = lvl;
            INSERT INTO flagged SELECT * FROM up;
            DROP TABLE up;
            UPDATE pend SET c = cell_parent(c);
        END IF;
    END LOOP;
    CREATE TEMP TABLE ref_rem ON COMMIT DROP AS SELECT g.b, count(*) AS n FROM pend g GROUP BY g.b;
    INSERT INTO out
    SELECT g.b, NULL, CASE WHEN count(DISTINCT g.p) >= k THEN count(DISTINCT g.p) END,
           CASE WHEN count(DISTINCT g.p) >= k THEN count(*) END,
           EXISTS (SELECT 1 FROM out o WHERE o.b = g.b),
           CASE WHEN count(DISTINCT g.p) < k THEN 'below_k' END
      FROM pend g GROUP BY g.b;
    RETURN QUERY SELECT * FROM out;
END
$f$;
CREATE TABLE sc AS SELECT * FROM safe_cells((SELECT q FROM people_cube), 11, 3);
CREATE TABLE ref AS SELECT * FROM pg_temp.ref_safe_cells(11, 7, 3);
SELECT set_eq($$SELECT * FROM sc$$, $$SELECT * FROM ref$$, 'safe_cells equals the point-by-point reference');
SELECT ok((SELECT count(*) FROM sc WHERE cell IS NOT NULL AND cell_resolution(cell) = 7) > 0
      AND (SELECT count(*) FROM sc WHERE cell IS NOT NULL AND cell_resolution(cell) < 7) > 0
      AND (SELECT count(*) FROM sc WHERE rest) > 0,
          'the data exercise fine cells, rolled-up cells and rest cells');
SELECT is((SELECT count(*) FROM sc WHERE persons < 11), 0::int8, 'every released row has at least k persons');
SELECT is((SELECT sum(rows) FROM sc)
          + coalesce((SELECT sum(n) FROM ref_rem JOIN sc ON sc.bin_start = ref_rem.b AND sc.cell IS NULL AND sc.rows IS NULL), 0),
          3000::numeric, 'every row is counted exactly once (withheld remainders included)');
SELECT ok(EXISTS (SELECT 1 FROM sc WHERE cell IS NULL AND reason = 'below_k'), 'the data have a withheld remainder');
SELECT is((SELECT count(*) FROM sc a JOIN sc b ON a.bin_start = b.bin_start AND a.cell <> b.cell
            AND cell_resolution(b.cell) < cell_resolution(a.cell)
            AND cell_parent(a.cell, cell_resolution(b.cell)) = b.cell WHERE NOT b.rest), 0::int8,
          'a cell that contains finer reported cells says rest');
SELECT is((SELECT count(*) FROM sc WHERE cell IS NULL), (SELECT count(DISTINCT bin_start) FROM sc WHERE cell IS NULL),
          'at most one remainder row per bin');
SELECT is((SELECT array_agg(s::text ORDER BY s::text) FROM safe_cells((SELECT q FROM people_cube), 11, 3) s),
          (SELECT array_agg(s::text ORDER BY s::text) FROM sc s), 'safe_cells is deterministic');

-- Binary round trip (server-side COPY; the test runs as superuser)
COPY people_cube TO '/tmp/tst_hub_people.copy' WITH (FORMAT binary);
CREATE TABLE people_cube_copy (q cube);
COPY people_cube_copy FROM '/tmp/tst_hub_people.copy' WITH (FORMAT binary);
SELECT is((SELECT q FROM people_cube_copy), (SELECT q FROM people_cube), 'binary round trip');

-- Damaged bytes: one entry (3 rows) with two persons; offsets in the hex wire form (cube.h)
CREATE FUNCTION pg_temp.good() RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT decode(substr(st_cube_people('h5:100:100'::cell, '2024-01-02', '7 days', pg_temp.person(i % 2))::text, 3), 'hex')
      FROM generate_series(1, 3) i
$$;
CREATE FUNCTION pg_temp.bad(b bytea) RETURNS cube LANGUAGE sql AS $$SELECT ('\x' || encode(b, 'hex'))::cube$$;
SELECT lives_ok($$SELECT pg_temp.bad(pg_temp.good())$$, 'the undamaged bytes load');
SELECT throws_ok($$SELECT pg_temp.bad(substr(pg_temp.good(), 1, 88))$$, '22P02', NULL, 'a person missing');
SELECT throws_ok($$SELECT pg_temp.bad(overlay(pg_temp.good() placing int8send(1) from 41 for 8))$$, '22P02', NULL, 'more persons than rows');
SELECT throws_ok($$SELECT pg_temp.bad(substr(pg_temp.good(), 1, 56) || substr(pg_temp.good(), 89, 32) || substr(pg_temp.good(), 57, 32))$$,
    '22P02', NULL, 'persons out of order');
SELECT throws_ok($$SELECT pg_temp.bad(overlay(pg_temp.good() placing '\x00' from 73 for 1))$$, '22P02', NULL, 'a person that is not a pseudonym');
SELECT throws_ok($$SELECT pg_temp.bad(overlay(pg_temp.good() placing '\x0000' from 3 for 2))$$, '22P02', NULL, 'persons without the flag');
SELECT throws_ok($$SELECT pg_temp.bad(overlay(pg_temp.good() placing '\x0003' from 3 for 2))$$, '22P02', NULL, 'a reserved flag');
SELECT throws_ok($$SELECT pg_temp.bad(overlay(pg_temp.good() placing int8send(1) from 65 for 8))$$, '22P02', NULL, 'a person in no entry');
SELECT throws_ok($$SELECT pg_temp.bad(overlay(pg_temp.good() placing int8send(-1) from 49 for 8))$$, '22P02', NULL, 'a negative person count');

-- Statistics on a cube of people rest on persons, withheld below k: one cell
-- with 12 persons, its six neighbours with 3 each (below k = 11)
CREATE TABLE pg_temp.stat_people AS
SELECT st_cube_people(c, '2024-01-02', '7 days', p) q
  FROM (SELECT 'h5:100:100'::cell c, pg_temp.person(i) p FROM generate_series(1, 12) i
        UNION ALL
        SELECT n, pg_temp.person((100 * j + i)::int)
          FROM (SELECT n, row_number() OVER (ORDER BY n) j FROM cell_ring('h5:100:100'::cell, 1) n) r,
               generate_series(1, 3) i) x;
SELECT is((SELECT count(*) FROM hotspots((SELECT q FROM stat_people)) WHERE value IS NULL AND reason = 'below_k'),
          6::int8, 'hotspots on a cube of people: the six cells of 3 persons are withheld (value NULL, reason below_k)');
SELECT is((SELECT value FROM hotspots((SELECT q FROM stat_people)) WHERE cell = 'h5:100:100'), 12::float8,
          'hotspots on a cube of people: value counts persons, not rows');
SELECT is((SELECT array_agg(z ORDER BY cell) FROM hotspots_grid((SELECT q FROM stat_people), 1, NULL)),
          (SELECT array_agg(z ORDER BY cell)
             FROM hotspots_grid((SELECT st_cube('h5:100:100'::cell, '2024-01-02', '7 days') FROM generate_series(1, 12)),
                                1, ARRAY(SELECT cell_disk('h5:100:100'::cell, 1)))),
          'hotspots on a cube of people: z is that of the counts released, withheld ones as 0');
SELECT is((SELECT count(*) FROM emerging_hotspots_bins(
               (SELECT cube_union(cube_shift) FROM (SELECT q AS cube_shift FROM stat_people
                 UNION ALL SELECT st_cube_people(cell, bin_start + w * interval '7 days', '7 days', p)
                             FROM cube_people((SELECT q FROM stat_people)) c,
                                  LATERAL (SELECT pg_temp.person(i) p FROM generate_series(1, c.persons::int) i) x,
                                  generate_series(1, 2) w) u))
             WHERE value IS NULL AND reason = 'below_k'),
          18::int8, 'emerging_hotspots_bins on a cube of people withholds the same values, in every bin');
SELECT is((SELECT array_agg(density ORDER BY cell) FROM kernel_density((SELECT q FROM stat_people), 40000)),
          (SELECT array_agg(density ORDER BY cell)
             FROM kernel_density((SELECT st_cube('h5:100:100'::cell, '2024-01-02', '7 days') FROM generate_series(1, 12)), 40000)),
          'kernel_density on a cube of people weighs released persons only');
SET LOCAL tst_hub.min_k = 3;
SELECT is((SELECT count(*) FROM hotspots((SELECT q FROM stat_people)) WHERE value IS NULL), 0::int8,
          'with tst_hub.min_k = 3 the cells of 3 persons are released');
RESET tst_hub.min_k;
SELECT is((SELECT value FROM hotspots(cube_without_persons((SELECT q FROM stat_people))) WHERE cell = 'h5:100:100'), 12::float8,
          'a cube of rows is unchanged: value counts rows');

-- Bad arguments
SELECT throws_ok($$SELECT * FROM safe_cells((SELECT q FROM people_cube), 11, 8)$$, '22023', NULL, 'res_min finer than the cube');
SELECT throws_ok($$SELECT * FROM safe_cells((SELECT q FROM people_cube), 11, NULL)$$, '22004', NULL, 'res_min NULL');
SELECT throws_ok($$SELECT * FROM safe_cells((SELECT q FROM people_cube), 1, 3)$$, '22023', NULL, 'k < 2');
SELECT throws_ok($$SELECT * FROM safe_cells((SELECT q FROM people_cube), 5, 3)$$, '42501', NULL, 'k below tst_hub.min_k');
SELECT throws_ok($$SELECT * FROM safe_cells(cube_without_persons((SELECT q FROM people_cube)), 11, 3)$$, '22023', NULL, 'a cube of rows');

SELECT * FROM finish();
ROLLBACK;

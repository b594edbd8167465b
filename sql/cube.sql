-- cube: st_cube against a GROUP BY reference, merging, rollup, slicing,
-- implicit zeros, parallel = serial, I/O and bad input
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never
-- bins are absolute (microseconds from the origin); UTC keeps the reference arithmetic free of DST
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

SELECT setseed(0.3);
CREATE TABLE cube_inc AS
SELECT i, 40 + 10 * random() AS lat, 10 + 10 * random() AS lon,
       '2024-01-01 00:00+00'::timestamptz + random() * interval '365 days' AS ts
  FROM generate_series(1, 100000) i;
ALTER TABLE cube_inc ADD COLUMN c5 cell;
UPDATE cube_inc SET c5 = cell(lat, lon, 5);

-- the cube equals a plain GROUP BY count (bins of 7 days from Monday 2000-01-03)
CREATE TEMP TABLE whole AS SELECT st_cube(c5, ts, '1 week') AS cube FROM cube_inc;
SELECT cube_total(cube), cube_entry_count(cube), cube_resolution(cube), cube_bin_width(cube), cube_origin(cube)
  FROM whole;
SELECT count(*) AS differences FROM (
    (SELECT cell, bin_start, n FROM whole, cube_cells(cube)
     EXCEPT ALL
     SELECT c5, '2000-01-03 00:00+00'::timestamptz
                + floor(extract(epoch FROM ts - '2000-01-03 00:00+00') / 604800) * interval '1 week', count(*)
       FROM cube_inc GROUP BY 1, 2)
    UNION ALL
    (SELECT c5, '2000-01-03 00:00+00'::timestamptz
                + floor(extract(epoch FROM ts - '2000-01-03 00:00+00') / 604800) * interval '1 week', count(*)
       FROM cube_inc GROUP BY 1, 2
     EXCEPT ALL
     SELECT cell, bin_start, n FROM whole, cube_cells(cube))) d;
-- an origin of one's own; times before the origin fall in negative bins
SELECT bin_start, n FROM cube_cells((SELECT st_cube('h5:100:7', ts, '1 day', '2024-06-01 12:00+00')
                                       FROM (VALUES ('2024-06-01 11:59+00'::timestamptz), ('2024-06-01 12:00+00'),
                                                    ('2024-06-02 11:59:59.999999+00'), ('2024-06-02 12:00+00')) v(ts)));

-- independent of row order and plan: shuffled input, and a forced parallel plan
SELECT cube_send(cube) = (SELECT cube_send(st_cube(c5, ts, '1 week'))
                            FROM (SELECT * FROM cube_inc ORDER BY md5(i::text)) s) AS same_bytes_shuffled
  FROM whole;
ALTER TABLE cube_inc SET (parallel_workers = 4);
SET max_parallel_workers_per_gather = 4;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT st_cube(c5, ts, '1 week') FROM cube_inc;
SELECT cube_send(cube) = (SELECT cube_send(st_cube(c5, ts, '1 week')) FROM cube_inc) AS parallel_equals_serial
  FROM whole;
SELECT count(*) AS groups, bool_and(cube_total(cube) > 0) AS all_counted
  FROM (SELECT cell_parent(c5, 2) AS p, st_cube(c5, ts, '1 week') AS cube FROM cube_inc GROUP BY 1) g;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;

-- merging: two halves, daily cubes, cube_append
SELECT cube_send(cube_append(a, b)) = cube_send(cube) AS halves_append,
       cube_send(cube_append(b, a)) = cube_send(cube) AS append_commutes
  FROM whole,
       (SELECT st_cube(c5, ts, '1 week') AS a FROM cube_inc WHERE i % 2 = 0) x,
       (SELECT st_cube(c5, ts, '1 week') AS b FROM cube_inc WHERE i % 2 = 1) y;
CREATE TEMP TABLE daily AS
SELECT date_trunc('day', ts, 'UTC') AS day, st_cube(c5, ts, '1 week') AS cube FROM cube_inc GROUP BY 1;
SELECT count(*) AS daily_cubes,
       cube_send(cube_union(d.cube)) = (SELECT cube_send(cube) FROM whole) AS union_equals_whole
  FROM daily d;
SELECT cube_union(cube) IS NULL AS union_of_nothing FROM daily WHERE false;
SELECT st_cube(c5, ts, '1 week') IS NULL AS cube_of_nothing FROM cube_inc WHERE false;
SELECT cube_total(st_cube(c, t, '1 day')) AS nulls_skipped
  FROM (VALUES ('h3:0:0'::cell, now()), (NULL, now()), ('h3:0:0', NULL)) v(c, t);

-- rollup equals the cube of the parent cells; slice keeps whole bins
SELECT cube_send(cube_rollup(cube, 3)) = (SELECT cube_send(st_cube(cell_parent(c5, 3), ts, '1 week')) FROM cube_inc)
       AS rollup_equals_parent_cube,
       cube_send(cube_rollup(cube, 5)) = cube_send(cube) AS rollup_to_own_resolution
  FROM whole;
SELECT cube_total(cube_slice(cube, '2024-03-04 00:00+00', '2024-04-01 00:00+00')) AS march_weeks,
       (SELECT count(*) FROM cube_inc WHERE ts >= '2024-03-04 00:00+00' AND ts < '2024-04-01 00:00+00') AS reference,
       cube_entry_count(cube_slice(cube, '2030-01-01', '2031-01-01')) AS empty_slice
  FROM whole;

-- implicit zeros for a study area: every (cell, bin), zeros included
CREATE TEMP TABLE study AS SELECT array_agg(c) AS cells FROM cells_cover(ST_MakeEnvelope(9, 39, 21, 51, 4326), 5, 'centre') c;
SELECT cardinality(cells) AS study_cells FROM study;
SELECT count(*) AS rows, count(DISTINCT cell) AS cells, count(DISTINCT bin_start) AS bins,
       count(*) FILTER (WHERE n = 0) AS zeros, sum(n) AS total
  FROM whole, study, cube_cells(cube, cells);
SELECT (SELECT sum(n) FROM whole, study, cube_cells(cube, cells))
     = (SELECT count(*) FROM cube_inc, study WHERE c5 = ANY (cells)) AS study_total_matches;
SELECT cell, bin_start, n FROM whole, cube_cells(cube, ARRAY['h5:208:42', 'h5:208:42', 'h5:-200:0']::cell[],
                                                 '2024-01-01', '2024-01-20') ORDER BY cell, bin_start;
SELECT n FROM whole, cube_cells(cube) WHERE cell = 'h5:208:42' AND bin_start < '2024-01-20' ORDER BY bin_start;
SELECT count(*) AS rows_by_polygon FROM whole, cube_cells(cube, ST_MakeEnvelope(9, 39, 21, 51, 4326));

-- text and binary forms round-trip; the version byte comes first
SELECT cube::text::cube IS NOT NULL AS parses, cube_send(cube::text::cube) = cube_send(cube) AS text_round_trip,
       substr(cube_send(cube), 1, 1) AS version_byte
  FROM whole;
SELECT st_cube('h0:0:0', '2000-01-03 00:00+00', '1 day')::text AS small_cube;

-- bad input
SELECT st_cube(c5, ts, '0 days') FROM cube_inc;
SELECT st_cube(c5, ts, '-1 day') FROM cube_inc;
SELECT st_cube(c5, ts, '1 month') FROM cube_inc;
SELECT st_cube(c, t, '1 day') FROM (VALUES ('h3:0:0'::cell, now()), ('h4:0:0', now())) v(c, t);
SELECT st_cube('h3:0:0', 'infinity', '1 day');
SELECT cube_append(st_cube('h3:0:0', now(), '1 day'), st_cube('h3:0:0', now(), '2 days'));
SELECT cube_append(st_cube('h3:0:0', now(), '1 day'), st_cube('h4:0:0', now(), '1 day'));
SELECT cube_rollup(st_cube('h3:0:0', now(), '1 day'), 4);
SELECT '\x02'::cube;
SELECT 'not a cube'::cube;
SELECT '\x0100000000000000000000000000000000000000000000000'::cube;
SELECT '\x010000000000000000000000000000000000000000000000'::cube;
SELECT cube_cells(st_cube('h3:0:0', now(), '1 day'), ARRAY['h4:0:0']::cell[]);

-- equality: equal cubes compare equal and hash alike
WITH cubes AS (
    SELECT st_cube(c, t, '1 day') AS a, st_cube(c, t, '2 days') AS b
      FROM (VALUES ('h3:0:0'::cell, '2024-01-01'::timestamptz), ('h3:0:1', '2024-01-02')) v(c, t)
)
SELECT a = a AS same, a <> b AS other_bins,
       (SELECT count(*) FROM (SELECT DISTINCT x FROM (VALUES (a), (a), (b)) w(x)) d) AS distinct_cubes
  FROM cubes;

-- hotspots(cube, ring, study_area): Gi* per (cell, bin) on the grid, equal
-- to a step-by-step plain-SQL Gi* with implicit zeros; cells outside the
-- study area never take part.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(19);

SELECT setseed(0.7);
CREATE TABLE hot_pts AS
SELECT cell(10 + random() * 0.1, 20 + random() * 0.1, 10) AS c,
       '2024-01-01'::timestamptz + random() * interval '20 days' AS t
  FROM generate_series(1, 2000)
UNION ALL
SELECT cell(10.05 + random() * 0.005, 20.05 + random() * 0.005, 10), '2024-01-15'::timestamptz + random() * interval '6 days'
  FROM generate_series(1, 400);
CREATE TABLE hot_cube AS SELECT st_cube(c, t, '7 days') AS q FROM hot_pts;
CREATE TABLE hot AS SELECT * FROM hotspots((SELECT q FROM hot_cube));

-- Step by step: every counted cell in every bin (zeros included), binary weights with self
CREATE TABLE area AS SELECT DISTINCT cell FROM cube_cells((SELECT q FROM hot_cube));
CREATE TABLE vals AS
SELECT a.cell, b.bin_start, coalesce(x.n, 0)::float8 AS v
  FROM area a CROSS JOIN (SELECT DISTINCT bin_start FROM cube_cells((SELECT q FROM hot_cube))) b
  LEFT JOIN cube_cells((SELECT q FROM hot_cube)) x ON x.cell = a.cell AND x.bin_start = b.bin_start;
CREATE TABLE ref AS
WITH stats AS (SELECT bin_start, count(*) AS n, avg(v) AS m, sqrt(avg(v * v) - avg(v) ^ 2) AS s FROM vals GROUP BY 1),
     nb AS (SELECT a.cell, d AS nbr FROM area a, cell_disk(a.cell, 1) d WHERE d IN (SELECT cell FROM area)),
     lag AS (SELECT v.cell, v.bin_start, sum(w.v) AS lag, count(*) AS wi
               FROM vals v JOIN nb ON nb.cell = v.cell JOIN vals w ON w.cell = nb.nbr AND w.bin_start = v.bin_start
              GROUP BY 1, 2)
SELECT l.cell, l.bin_start, (l.lag - s.m * l.wi) / (s.s * sqrt((s.n * l.wi - l.wi ^ 2) / (s.n - 1))) AS z
  FROM lag l JOIN stats s USING (bin_start);
SELECT is((SELECT count(*) FROM hot), (SELECT count(*) FROM vals), 'one row per cell and bin, zeros included');
SELECT is((SELECT count(*) FROM hot h JOIN ref r USING (cell, bin_start) WHERE abs(h.z - r.z) > 1e-9), 0::int8,
          'z equals a plain-SQL Gi* (binary weights, self included)');
SELECT ok((SELECT count(*) FROM hot WHERE value = 0) > 0, 'implicit zeros take part');
SELECT ok((SELECT max(z) FROM hot WHERE bin_start = '2024-01-15') > 5 AND (SELECT max(fdr) FROM hot WHERE bin_start = '2024-01-15') = 3,
          'the planted cluster is a hot spot at 99 % after FDR');
SELECT is((SELECT count(*) FROM hot WHERE geom IS NULL OR NOT ST_Intersects(geom, cell_center(cell))), 0::int8,
          'each row carries its cell polygon');

-- The C version equals the step-by-step SQL composition it replaced:
-- cube_cells + cell_disk_pairs + getis_ord, per bin (ring 1 and 2, with and
-- without a study area); bins, FDR bins and reasons identical, z to 1e-12.
CREATE FUNCTION hotspots_composed(c cube, ring int4, study_area geometry)
    RETURNS TABLE (cell cell, bin_start timestamptz, value float8, z float8, p float8, bin int4, fdr int4, reason text)
    LANGUAGE sql AS $$
    WITH area AS (
        SELECT DISTINCT a.cell FROM (
            SELECT x.cell FROM cube_cells(c) x WHERE study_area IS NULL
            UNION ALL
            SELECT x FROM cells_cover(study_area, cube_resolution(c), 'centre') x WHERE study_area IS NOT NULL) a),
    ids AS (SELECT a.cell, row_number() OVER (ORDER BY a.cell) AS id FROM area a),
    pairs AS (SELECT d.i AS pi, d.j AS pj FROM cell_disk_pairs(ARRAY(SELECT a.cell FROM area a ORDER BY a.cell), ring) d),
    per_bin AS (
        SELECT f.bin_start, array_agg(i.id ORDER BY i.id) AS ids, array_agg(f.n::float8 ORDER BY i.id) AS vals
          FROM cube_cells(c, ARRAY(SELECT a.cell FROM area a)) f JOIN ids i ON i.cell = f.cell
         GROUP BY f.bin_start)
    SELECT i.cell, b.bin_start, b.vals[g.id], g.z, g.p, g.bin, g.fdr_bin, g.reason
      FROM per_bin b CROSS JOIN pairs pr
     CROSS JOIN LATERAL getis_ord(b.ids, b.vals, coalesce(pr.pi, '{}'), coalesce(pr.pj, '{}')) g
      JOIN ids i ON i.id = g.id $$;
CREATE TABLE sa0 AS SELECT ST_MakeEnvelope(20.01, 10.01, 20.07, 10.09, 4326) AS g;
CREATE TABLE cmp AS
SELECT r.ring, r.g IS NOT NULL AS area,
       (SELECT count(*) FROM hotspots((SELECT q FROM hot_cube), r.ring, r.g)) AS n,
       (SELECT count(*) FROM hotspots((SELECT q FROM hot_cube), r.ring, r.g) a
          FULL JOIN hotspots_composed((SELECT q FROM hot_cube), r.ring, r.g) b USING (cell, bin_start)
         WHERE a.cell IS NULL OR b.cell IS NULL
            OR a.value <> b.value OR a.bin IS DISTINCT FROM b.bin OR a.fdr IS DISTINCT FROM b.fdr
            OR a.reason IS DISTINCT FROM b.reason OR (a.z IS NULL) <> (b.z IS NULL)
            OR abs(a.z - b.z) > 1e-12 OR abs(a.p - b.p) > 1e-12) AS bad
  FROM (VALUES (1, NULL::geometry), (2, NULL), (1, (SELECT g FROM sa0)), (2, (SELECT g FROM sa0))) r(ring, g);
SELECT is((SELECT string_agg(format('%s/%s:%s', ring, area, bad), ' ' ORDER BY ring, area) FROM cmp),
          '1/f:0 1/t:0 2/f:0 2/t:0', 'C hotspots equals cube_cells + cell_disk_pairs + getis_ord (rings 1, 2; with and without a study area)');
SELECT ok((SELECT min(n) FROM cmp) > 100, 'the comparison covers every row');

-- Islands and constant bins: three cells far apart, a bin in the middle with no count
CREATE TABLE far_cube AS
SELECT st_cube(cell(x, y, 10), t, '1 day') AS q
  FROM (VALUES (10, 20, '2024-01-01'::timestamptz), (11, 21, '2024-01-01'), (12, 22, '2024-01-03'),
               (10.0001, 20.0001, '2024-01-03'), (10, 20, '2024-01-03')) v(x, y, t);
SELECT is((SELECT string_agg(DISTINCT coalesce(reason, '-') || ':' || (z IS NULL), ',') FROM hotspots((SELECT q FROM far_cube))),
          'island:true', 'cells without neighbours: NULL z, reason island');
CREATE TABLE gap_cube AS
SELECT st_cube(c, t, '7 days') AS q FROM hot_pts WHERE t < '2024-01-08' OR t >= '2024-01-15';
SELECT is((SELECT string_agg(DISTINCT coalesce(reason, '-') || ':' || (z IS NULL) || ':' || value, ',') FROM hotspots((SELECT q FROM gap_cube))
            WHERE bin_start = '2024-01-08'),
          'constant:true:0', 'a bin with no count in the study area: zeros, NULL z, reason constant');
SELECT throws_ok($$SELECT * FROM hotspots((SELECT q FROM hot_cube), 1, ST_Buffer(cell_center(cell(10.05, 20.05, 10)), 0.001))$$,
                 '22023', NULL, 'fewer than 3 study cells: 22023');

-- A study area: cells outside it never take part
CREATE TABLE sa AS SELECT ST_MakeEnvelope(20.02, 10.02, 20.08, 10.08, 4326) AS g;
CREATE TABLE hot_sa AS SELECT * FROM hotspots((SELECT q FROM hot_cube), 1, (SELECT g FROM sa));
SELECT is((SELECT count(*) FROM hot_sa WHERE NOT ST_Contains((SELECT g FROM sa), cell_center(cell))), 0::int8,
          'only study-area cells are returned');
CREATE TABLE hot_cube2 AS
SELECT cube_append(q, (SELECT st_cube(cell(10.095, 20.095, 10), '2024-01-02', '7 days') FROM generate_series(1, 500))) AS q FROM hot_cube;
SELECT set_eq($$SELECT cell, bin_start, z FROM hotspots((SELECT q FROM hot_cube2), 1, (SELECT g FROM sa))$$,
              $$SELECT cell, bin_start, z FROM hot_sa$$, 'counts outside the study area change nothing');

-- cell_disk_pairs: the pairs a join with cell_disk gives
CREATE TABLE area_sorted AS SELECT cell, row_number() OVER (ORDER BY cell) AS id FROM area;
SELECT set_eq($$SELECT u.i, u.j FROM cell_disk_pairs(ARRAY(SELECT cell FROM area_sorted ORDER BY cell), 2) p, unnest(p.i, p.j) AS u(i, j)$$,
              $$SELECT a.id AS i, b.id AS j FROM area_sorted a, cell_disk(a.cell, 2) d JOIN area_sorted b ON b.cell = d WHERE b.id <> a.id$$,
              'cell_disk_pairs equals the join with cell_disk (k = 2)');
SELECT throws_ok($$SELECT cell_disk_pairs(ARRAY['h5:2:2', 'h5:1:1']::cell[], 1)$$, '22023', NULL, 'cells must be sorted');
SELECT throws_ok($$SELECT cell_disk_pairs(ARRAY['h5:1:1', NULL]::cell[], 1)$$, '22004', NULL, 'no NULL cells');
SELECT throws_ok($$SELECT * FROM hotspots((SELECT q FROM hot_cube), 0)$$, '22023', NULL, 'ring must be 1 or more');
SELECT is((SELECT count(*) FROM hotspots(NULL::cube)), 0::int8, 'NULL cube: no rows');
SELECT throws_ok($$SELECT * FROM hotspots((SELECT q FROM hot_cube), 1, ST_MakeEnvelope(-60, -60, -59.99, -59.99, 4326))$$,
                 '22023', NULL, 'a study area with no cell: 22023, as for fewer than 3 cells (was no rows)');
SELECT throws_ok($$SELECT * FROM hotspots((SELECT q FROM hot_cube), 100000)$$, '54000', NULL,
                 'a ring that would walk too many cells: 54000, not an endless walk');

SELECT * FROM finish();
ROLLBACK;

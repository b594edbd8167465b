-- kernel_density on the cell grid: hand-computed densities (ArcGIS quartic,
-- great-circle distances), a second implementation in plain SQL, mass
-- conservation, symmetry, the default bandwidth rule, study areas, bins,
-- Empirical-Bayes rates, and every bad input with its SQLSTATE.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(62);

-- On the equator the centres of row 0 at resolution 7 are 2 pi R / 4608
-- apart (a = 8.687 km, R = 6371.0072 km): distances are multiples of a.
CREATE TABLE k AS SELECT 6371.0072 * 2 * pi() / 4608 AS a;
CREATE TABLE q3 AS
SELECT st_cube(c::cell, '2024-01-01'::timestamptz, '1 day') AS q
  FROM (VALUES ('h7:0:0'), ('h7:0:0'), ('h7:0:2')) v(c);
CREATE TABLE d3 AS SELECT * FROM kernel_density((SELECT q FROM q3), 30000);

-- Hand computation, r = 30 km, D = 3 / (pi r^2) * sum n (1 - (d/r)^2)^2 per km^2:
-- h7:0:1 is a from both cells: 3 / (900 pi) * 3 * (1 - (a/30)^2)^2 = 0.00267166689...
SELECT ok(abs((SELECT density FROM d3 WHERE cell = 'h7:0:1')
              - (SELECT 3 / (900 * pi()) * 3 * (1 - (a / 30) ^ 2) ^ 2 FROM k)) < 1e-15,
          'density between the two cells: 3/(900 pi) * 3 * (1 - (a/30)^2)^2');
SELECT ok(abs((SELECT density FROM d3 WHERE cell = 'h7:0:0')
              - (SELECT 3 / (900 * pi()) * (2 + (1 - (2 * a / 30) ^ 2) ^ 2) FROM k)) < 1e-15,
          'density on the cell of count 2: its own peak plus the other at 2a');
SELECT ok(abs((SELECT density FROM d3 WHERE cell = 'h7:0:4')
              - (SELECT 3 / (900 * pi()) * (1 - (2 * a / 30) ^ 2) ^ 2 FROM k)) < 1e-15,
          'h7:0:4 is 4a = 34.7 km from the count 2 (beyond r) and 2a from the count 1');
SELECT is((SELECT count(*) FROM d3 WHERE cell IN ('h7:0:-4', 'h7:0:6')), 0::int8,
          'no row for cells farther than r from every count (ArcGIS NoData)');

-- A second implementation: haversine from the centres, in SQL, every row
CREATE TABLE ref3 AS
WITH pts AS (SELECT ST_X(cell_center(cell)) AS lon, ST_Y(cell_center(cell)) AS lat, n FROM cube_cells((SELECT q FROM q3))),
     grid AS (SELECT cell, ST_X(cell_center(cell)) AS lon, ST_Y(cell_center(cell)) AS lat FROM d3),
     dist AS (SELECT g.cell, p.n, 2 * 6371.0072 * asin(sqrt(sin(radians(g.lat - p.lat) / 2) ^ 2
                  + cos(radians(g.lat)) * cos(radians(p.lat)) * sin(radians(g.lon - p.lon) / 2) ^ 2)) AS d
                FROM grid g, pts p)
SELECT cell, sum(CASE WHEN d < 30 THEN n * 3 / pi() * (1 - (d / 30) ^ 2) ^ 2 / 900 ELSE 0 END) AS density
  FROM dist GROUP BY cell;
SELECT is((SELECT count(*) FROM d3 JOIN ref3 r USING (cell) WHERE abs(d3.density - r.density) > 1e-12 * r.density),
          0::int8, 'every density equals a plain-SQL haversine quartic sum');
SELECT is((SELECT count(*) FROM d3), (SELECT count(*) FROM ref3 WHERE density > 0), 'rows are exactly the cells with density above 0');
SELECT is((SELECT count(*) FROM d3 WHERE geom IS NULL OR NOT ST_Intersects(geom, cell_center(cell))), 0::int8,
          'each row carries its cell polygon');
SELECT is((SELECT count(DISTINCT bin_start) FROM d3), 1::int8, 'one bin in, one bin out');

-- Mass conservation: the volume under each point's surface is its weight,
-- so sum(density * cell area) is the total count, up to the grid's
-- midpoint-rule error.  Stated tolerance: 0.1 % with the bandwidth at least
-- 10 cell widths (here 20 km over 1.9 km cells; measured about 1e-7).
SELECT setseed(0.43);
CREATE TABLE pts AS
SELECT i, ST_SetSRID(ST_MakePoint(20 + random() * 0.5, 10 + random() * 0.5), 4326) AS g, 1 + floor(random() * 3) AS w,
       '2024-01-01'::timestamptz + (i % 3) * interval '7 days' AS t
  FROM generate_series(1, 300) i;
CREATE TABLE dp AS SELECT * FROM kernel_density(ARRAY(SELECT g FROM pts ORDER BY i), ARRAY(SELECT w FROM pts ORDER BY i), 20000, 9);
SELECT ok(abs((SELECT sum(density * cell_area_km2(cell)) FROM dp) / (SELECT sum(w) FROM pts) - 1) < 1e-3,
          'points: sum of density x cell area = total weight within 0.1 %');
CREATE TABLE qp AS SELECT st_cube(cell(g, 9), t, '7 days') AS q FROM pts, generate_series(1, w::int);
SELECT ok(abs((SELECT sum(density * cell_area_km2(cell)) FROM kernel_density((SELECT q FROM qp), 20000, all_time => true))
              / (SELECT sum(w) FROM pts) - 1) < 1e-3,
          'cube: sum of density x cell area = total count within 0.1 %');
SELECT ok((SELECT bool_and(abs(m - n) < 1e-3 * n) FROM (
             SELECT b.bin_start, sum(b.density * cell_area_km2(b.cell)) AS m, c.n
               FROM kernel_density((SELECT q FROM qp), 20000) b
               JOIN (SELECT bin_start, sum(n) AS n FROM cube_cells((SELECT q FROM qp)) GROUP BY 1) c USING (bin_start)
              GROUP BY b.bin_start, c.n) s),
          'cube: each bin conserves its own count');
SELECT is((SELECT count(DISTINCT bin_start) FROM kernel_density((SELECT q FROM qp), 20000)), 3::int8, 'one set of rows per bin');
SELECT is((SELECT count(*) FROM (
             SELECT cell, sum(density) AS s FROM kernel_density((SELECT q FROM qp), 20000) GROUP BY cell) b
             FULL JOIN kernel_density((SELECT q FROM qp), 20000, all_time => true) a USING (cell)
            WHERE a.density IS NULL OR b.s IS NULL OR abs(a.density - b.s) > 1e-12 * a.density), 0::int8,
          'all_time equals the sum of the bins');
SELECT ok((SELECT bool_and(bin_start IS NULL) FROM kernel_density((SELECT q FROM qp), 20000, all_time => true)),
          'all_time rows have bin_start NULL');
SELECT ok(abs((SELECT sum(density * cell_area_km2(cell)) FROM kernel_density((SELECT q FROM qp), 20000, 8, all_time => true))
              / (SELECT sum(w) FROM pts) - 1) < 1e-3,
          'a coarser output resolution than the cube''s also conserves the count');

-- Symmetry: the grid mirrors in the equator (row j <-> -j) and in the
-- meridian (column i of row j <-> -i - (j & 1)).
CREATE TABLE sym AS SELECT * FROM kernel_density(ARRAY['SRID=4326;POINT(20.01 0.3)', 'SRID=4326;POINT(20.01 -0.3)']::geometry[], NULL, 25000, 8);
SELECT is((SELECT count(*) FROM sym a LEFT JOIN sym b
             ON b.cell = cell(-ST_Y(cell_center(a.cell)), ST_X(cell_center(a.cell)), 8)
            WHERE b.cell IS NULL OR abs(a.density - b.density) > 1e-12 * a.density), 0::int8,
          'points mirrored in the equator give a mirrored density');
CREATE TABLE sym2 AS SELECT * FROM kernel_density(ARRAY['SRID=4326;POINT(0.2 5)', 'SRID=4326;POINT(-0.2 5)', 'SRID=4326;POINT(0 5.1)']::geometry[], '{1,1,2}', 30000, 8);
SELECT is((SELECT count(*) FROM sym2 a LEFT JOIN sym2 b
             ON b.cell = cell(ST_Y(cell_center(a.cell)), -ST_X(cell_center(a.cell)), 8)
            WHERE b.cell IS NULL OR abs(a.density - b.density) > 1e-12 * a.density), 0::int8,
          'points mirrored in the meridian give a mirrored density');
SELECT is((SELECT count(*) FROM kernel_density((SELECT st_cube(c::cell, '2024-01-01'::timestamptz, '1 day')
                                                 FROM (VALUES ('h7:0:-1'), ('h7:0:1')) v(c)), 20000) a
             LEFT JOIN kernel_density((SELECT st_cube(c::cell, '2024-01-01'::timestamptz, '1 day')
                                        FROM (VALUES ('h7:0:-1'), ('h7:0:1')) v(c)), 20000) b
             ON b.cell = cell(ST_Y(cell_center(a.cell)), -ST_X(cell_center(a.cell)), 7)
            WHERE b.cell IS NULL OR abs(a.density - b.density) > 1e-12 * a.density), 0::int8,
          'equal counts placed symmetrically give a symmetric density');
-- Across the antimeridian the kernel wraps: a point at 180 has the same
-- surface as one at 0 on the equator.
SELECT ok(abs((SELECT sum(density) FROM kernel_density(ARRAY['SRID=4326;POINT(180 0)']::geometry[], NULL, 40000, 7))
              - (SELECT sum(density) FROM kernel_density(ARRAY['SRID=4326;POINT(0 0)']::geometry[], NULL, 40000, 7))) < 1e-12,
          'a kernel across +-180 equals one at the prime meridian');

-- Default bandwidth (ArcGIS rule) against hand computation.
-- Three points 1 degree apart on the equator: mean centre (0, 0), SD =
-- sqrt(2/3) R 1deg, Dm = R 1deg, sqrt(1/ln 2) Dm > SD, so
-- r = 0.9 * sqrt(2/3) * R * pi/180 * 3^(-1/5) = 65593.09 m.
SELECT ok(abs((SELECT bandwidth FROM kde_bandwidth(ARRAY['SRID=4326;POINT(-1 0)', 'SRID=4326;POINT(0 0)', 'SRID=4326;POINT(1 0)']::geometry[]))
              - 0.9 * sqrt(2 / 3.0) * 6371007.2 * pi() / 180 * 3 ^ (-0.2)) < 1e-6,
          'bandwidth rule, standard-distance branch: 0.9 sqrt(2/3) R 1deg 3^(-1/5)');
-- Five points at -10, -0.1, 0, 0.1, 10 degrees: Dm = R 0.1deg, the median
-- branch wins: r = 0.9 * sqrt(1/ln 2) * R * 0.1 pi/180 * 5^(-1/5).
SELECT ok(abs((SELECT bandwidth FROM kde_bandwidth(ARRAY['SRID=4326;POINT(-10 0)', 'SRID=4326;POINT(-0.1 0)', 'SRID=4326;POINT(0 0)',
                                                         'SRID=4326;POINT(0.1 0)', 'SRID=4326;POINT(10 0)']::geometry[]))
              - 0.9 * sqrt(1 / ln(2)) * 6371007.2 * 0.1 * pi() / 180 * 5 ^ (-0.2)) < 1e-6,
          'bandwidth rule, median branch: 0.9 sqrt(1/ln 2) R 0.1deg 5^(-1/5)');
-- Weighted (a cube): counts 1, 2, 1 at a = 8.687 km steps.  SD = a/sqrt 2;
-- the running weight reaches half (2 of 4) exactly on the 0 distances, so
-- Dm = (0 + a)/2; n = 4: r = 0.9 * sqrt(1/ln 2) * a/2 * 4^(-1/5).
CREATE TABLE q121 AS SELECT st_cube(c::cell, '2024-01-01'::timestamptz, '1 day') AS q
  FROM (VALUES ('h7:0:-1'), ('h7:0:0'), ('h7:0:0'), ('h7:0:1')) v(c);
SELECT ok((SELECT abs(b.standard_distance - 1000 * k.a / sqrt(2)) < 1e-6 AND abs(b.median_distance - 1000 * k.a / 2) < 1e-6
                  AND b.weight = 4
                  AND abs(b.bandwidth - 0.9 * sqrt(1 / ln(2)) * 1000 * k.a / 2 * 4 ^ (-0.2)) < 1e-6
             FROM kde_bandwidth((SELECT q FROM q121)) b, k),
          'weighted rule on a cube: SD a/sqrt 2, weighted median a/2, n = total count');
SELECT is((SELECT array_agg(density ORDER BY cell) FROM kernel_density((SELECT q FROM q121))),
          (SELECT array_agg(density ORDER BY cell) FROM kernel_density((SELECT q FROM q121), (SELECT bandwidth FROM kde_bandwidth((SELECT q FROM q121))))),
          'bandwidth NULL uses kde_bandwidth');
SELECT is((SELECT bandwidth FROM kde_bandwidth(ARRAY['SRID=4326;POINT(5 5)']::geometry[])), NULL,
          'kde_bandwidth of one point is NULL (the rule gives 0)');
-- An SRID other than 4326 is transformed first
SELECT ok(abs((SELECT sum(density) FROM kernel_density(ARRAY[ST_Transform('SRID=4326;POINT(2 48)'::geometry, 3857)], NULL, 10000, 8))
              - (SELECT sum(density) FROM kernel_density(ARRAY['SRID=4326;POINT(2 48)'::geometry], NULL, 10000, 8))) < 1e-9,
          'points in another SRID are transformed to 4326');

-- Study area: exactly the cells whose centre is in it, zeros included; counts outside still reach in
CREATE TABLE sa AS SELECT * FROM kernel_density((SELECT q FROM q3), 30000, 8, ST_MakeEnvelope(0.1, -0.1, 0.5, 0.1, 4326));
SELECT is((SELECT array_agg(cell ORDER BY cell) FROM sa),
          (SELECT array_agg(c ORDER BY c) FROM cells_cover(ST_MakeEnvelope(0.1, -0.1, 0.5, 0.1, 4326), 8, 'centre') c),
          'study area: one row per cell whose centre is in it');
SELECT ok((SELECT count(*) FROM sa WHERE density = 0) > 0 AND (SELECT count(*) FROM sa WHERE density > 0) > 0,
          'study area: cells beyond every count are 0, others positive');
SELECT is((SELECT count(*) FROM sa JOIN kernel_density((SELECT q FROM q3), 30000, 8) f USING (cell) WHERE sa.density <> f.density),
          0::int8, 'study area cells have the densities of the full surface (counts outside the area included)');
SELECT is((SELECT count(*) FROM kernel_density(NULL::cube)), 0::int8, 'a NULL cube gives no rows');
SELECT is((SELECT count(*) FROM kernel_density(ARRAY[]::geometry[], NULL, 1000)), 0::int8, 'no points give no rows');

-- Bad input
SELECT throws_ok($$SELECT * FROM kernel_density((SELECT q FROM q3), -1)$$, '22023', NULL, 'negative bandwidth: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density((SELECT q FROM q3), 0)$$, '22023', NULL, 'bandwidth 0: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density((SELECT q FROM q3), 'NaN')$$, '22023', NULL, 'NaN bandwidth: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density((SELECT q FROM q3), 'Infinity')$$, '22003', NULL, 'infinite bandwidth: 22003');
SELECT throws_ok($$SELECT * FROM kernel_density((SELECT q FROM q3), 6e6)$$, '22003', NULL, 'bandwidth past 5000 km: 22003');
SELECT throws_ok($$SELECT * FROM kernel_density((SELECT q FROM q3), 1000, 16)$$, '22023', NULL, 'res 16: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density(ARRAY['SRID=4326;POINT(1 1)']::geometry[], NULL, 1000, -1)$$, '22023', NULL, 'points, res -1: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density((SELECT q FROM q3), 500000, 12)$$, '54000',
                 'a bandwidth of 500000 m covers about 16407672 cells of resolution 12 around each point, more than the limit of 2000000',
                 'a kernel covering too many cells: 54000 naming the limit');
CREATE TABLE q40 AS SELECT st_cube('h11:100:100'::cell, '2024-01-01'::timestamptz + i * interval '1 day', '1 day') AS q
  FROM generate_series(1, 40) i;
SELECT throws_ok($$SELECT * FROM kernel_density_cells((SELECT q FROM q40), 1000, 11,
                                                      ARRAY(SELECT cell_cover_candidates(19, 9, 21, 11, 11)), false)$$, '54000',
                 'the study area has 255331 cells in 40 bins, more than the limits of 2000000 cells and 10000000 rows',
                 'a study area times bins past the row limit: 54000 naming the limits');
SELECT throws_ok($$SELECT * FROM kernel_density(ARRAY(SELECT ST_SetSRID(ST_MakePoint(i, 0), 4326) FROM generate_series(1, 60) i), NULL, 50000, 11)$$,
                 '54000', 'a kernel density surface would have more than 2000000 cells',
                 'a surface past 2 million cells: 54000 naming the limit');
SELECT throws_ok($$SELECT * FROM kernel_density((SELECT st_cube('h7:0:0'::cell, now(), '1 day')))$$, '22023', NULL,
                 'default bandwidth of a single cell: 22023 asking for a bandwidth');
SELECT throws_ok($$SELECT * FROM kernel_density(ARRAY['SRID=4326;POINT(1 1)']::geometry[])$$, '22023', NULL,
                 'default bandwidth of a single point: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density(ARRAY['SRID=4326;LINESTRING(1 1, 2 2)']::geometry[], NULL, 1000)$$, '22023', NULL,
                 'a line instead of points: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density(ARRAY['POINT(1 1)']::geometry[], NULL, 1000)$$, '22023', NULL, 'SRID 0: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density(ARRAY['SRID=4326;POINT(1 95)']::geometry[], NULL, 1000)$$, '22003', NULL,
                 'a point off the globe: 22003');
SELECT throws_ok($$SELECT * FROM kernel_density(ARRAY['SRID=4326;POINT(1 1)', 'SRID=4326;POINT(1 2)']::geometry[], '{1}', 1000)$$, '22023', NULL,
                 'fewer weights than points: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density(ARRAY['SRID=4326;POINT(1 1)']::geometry[], '{-1}', 1000)$$, '22023', NULL,
                 'a negative weight: 22023');
SELECT throws_ok($$SELECT * FROM kernel_density_cells((SELECT q FROM q3), 1000, 8, ARRAY['h7:0:0'::cell], false)$$, '22023', NULL,
                 'study cells of another resolution: 22023');

-- Empirical-Bayes rates, by hand: counts 10, 1, 30 over populations 1000
-- each.  theta = 41/3000; rates 0.01, 0.001, 0.03; s2 = mean (r - theta)^2
-- = 1.468889e-4; a = s2 - theta/1000 = 1.332222e-4; w = a/(a + theta/1000)
-- = 0.906959; eb = theta + w (r - theta) = 0.0103411, 0.0021785, 0.0284803.
SELECT ok((SELECT bool_and(abs(e - x) < 1e-12) FROM (
             SELECT unnest(eb_rates('{10,1,30}', '{1000,1000,1000}')) AS e,
                    unnest(ARRAY[t + w * (0.01 - t), t + w * (0.001 - t), t + w * (0.03 - t)]) AS x
               FROM (SELECT t, a / (a + t / 1000) AS w FROM (
                     SELECT t, ((0.01 - t) ^ 2 + (0.001 - t) ^ 2 + (0.03 - t) ^ 2) / 3 - t / 1000 AS a
                       FROM (SELECT 41 / 3000.0::float8 AS t) s) s) s) s),
          'eb_rates equals the hand computation (equal populations)');
SELECT ok((SELECT abs(r[1] - 0.0103411497730711) < 1e-12 AND abs(r[2] - 0.0021785173978820) < 1e-12
                  AND abs(r[3] - 0.0284803328290469) < 1e-12 FROM (SELECT eb_rates('{10,1,30}', '{1000,1000,1000}') r) s),
          'eb_rates: 0.0103411, 0.0021785, 0.0284803');
-- Unequal populations against a plain-SQL Marshall estimator
CREATE TABLE ebin AS SELECT * FROM (VALUES (1, 2.0, 50.0), (2, 30, 1000), (3, 1, 10), (4, 12, 400), (5, 0, 80), (6, 9, 120)) v(i, e, b);
SELECT ok((SELECT bool_and(abs(s.r - x.eb) < 1e-12) FROM
             (SELECT i, (eb_rates(ARRAY(SELECT e FROM ebin ORDER BY i), ARRAY(SELECT b FROM ebin ORDER BY i)))[i] AS r FROM ebin) s
             JOIN (SELECT i, t + greatest(s2 - t / bm, 0) / (greatest(s2 - t / bm, 0) + t / b) * (e / b - t) AS eb
                     FROM ebin, (SELECT t, sum(b * (e / b - t) ^ 2) / sum(b) AS s2, avg(b) AS bm
                                   FROM ebin, (SELECT sum(e) / sum(b) AS t FROM ebin) g GROUP BY t) g) x USING (i)),
          'eb_rates equals a plain-SQL Marshall estimator (unequal populations); small areas shrink most');
SELECT is(eb_rates('{1,5,2}', '{100,200,50}'), ARRAY[8 / 350.0, 8 / 350.0, 8 / 350.0]::float8[],
          'a negative moment variance is clamped to 0: every area gets the global rate');
SELECT is(eb_rates('{2,4,NULL,0}', '{100,200,50,0}'), ARRAY[0.02, 0.02, NULL, 0.02]::float8[],
          'all rates equal stay; NULL passes through; population 0 gets the global rate');
SELECT is(eb_rates('{0,0}', '{10,20}'), '{0,0}'::float8[], 'no events: rates 0');
SELECT is((SELECT count(*) FROM getis_ord('{1,2,3,4}', eb_rates('{10,1,30,4}', '{1000,100,1000,500}'), '{1,2,3,4}', '{2,1,4,3}')),
          4::int8, 'eb_rates feeds getis_ord as vals');
SELECT throws_ok($$SELECT eb_rates('{1,2}', '{10}')$$, '22023', NULL, 'eb_rates: lengths differ: 22023');
SELECT throws_ok($$SELECT eb_rates('{-1,2}', '{10,10}')$$, '22023', NULL, 'eb_rates: a negative count: 22023');
SELECT throws_ok($$SELECT eb_rates('{1,2}', '{0,10}')$$, '22000', NULL, 'eb_rates: events with population 0: 22000');
SELECT throws_ok($$SELECT eb_rates('{0,0}', '{0,0}')$$, '22023', NULL, 'eb_rates: no population at all: 22023');

-- magnitudes past 1e60 (harden2): sums of weights and rates went infinite
SELECT throws_ok($$SELECT eb_rates(ARRAY[1e308, 1e308]::float8[], ARRAY[1, 1]::float8[])$$, '22003', NULL,
    'eb_rates: counts of 1e308 are out of range (were rates of NaN)');
SELECT throws_ok($$SELECT eb_rates(ARRAY[1, 2]::float8[], ARRAY[1e-300, 1]::float8[])$$, '22003', NULL,
    'eb_rates: a rate past 1e60 is out of range');
SELECT throws_ok($$SELECT kde_bandwidth_points(ARRAY[0, 1]::float8[], ARRAY[50, 50]::float8[], ARRAY[1e308, 1e308]::float8[])$$,
    '22003', NULL, 'kde_bandwidth_points: weights of 1e308 are out of range (were n = infinity, SD 0 and no bandwidth)');

SELECT * FROM finish();
ROLLBACK;

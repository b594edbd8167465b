-- emerging_hotspots(cube, ...): space-time Gi*, Mann-Kendall of each cell's
-- z series, and the 17 categories (statistics.md 4.2 predicates in the 4.3
-- order).  The classification alone (ehsa_category) for every category,
-- planted patterns end to end, the one-call path against the step-by-step
-- path, the space-time Gi* against getis_ord over the explicit graph,
-- invariances, edge cases and the incremental path.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(51);

-- ---- ehsa_category: all 17 categories from constructed series (T = 10) ----
CREATE TABLE cat_cases (ord int, bins int4[], tz float8, tp float8, expected text);
INSERT INTO cat_cases VALUES
 (0,  '{0,0,0,0,0,0,0,0,0,0}',         NULL, NULL,  'no pattern detected'),
 (1,  '{0,0,0,0,0,0,0,0,0,2}',         0.5,  0.6,   'new hot spot'),
 (2,  '{0,0,0,0,0,0,0,1,2,3}',         2.5,  0.01,  'consecutive hot spot'),
 (3,  '{1,1,1,2,2,2,3,3,3,3}',         3.5,  0.001, 'intensifying hot spot'),
 (4,  '{3,3,3,3,3,3,3,3,3,3}',         0.2,  0.8,   'persistent hot spot'),
 (5,  '{3,3,3,3,3,2,2,2,1,1}',        -3.5,  0.001, 'diminishing hot spot'),
 (6,  '{1,0,2,0,0,0,0,0,0,2}',         0.1,  0.9,   'sporadic hot spot'),
 (7,  '{-1,0,0,0,0,0,0,0,0,2}',        1.0,  0.3,   'oscillating hot spot'),
 (8,  '{3,3,3,3,3,3,3,3,3,0}',        -1.0,  0.3,   'historical hot spot'),
 (9,  '{0,0,0,0,0,0,0,0,0,-2}',       -0.5,  0.6,   'new cold spot'),
 (10, '{0,0,0,0,0,0,0,-1,-2,-3}',     -2.5,  0.01,  'consecutive cold spot'),
 (11, '{-1,-1,-1,-2,-2,-2,-3,-3,-3,-3}', -3.5, 0.001, 'intensifying cold spot'),
 (12, '{-3,-3,-3,-3,-3,-3,-3,-3,-3,-3}', NULL, NULL, 'persistent cold spot'),
 (13, '{-3,-3,-3,-3,-3,-2,-2,-2,-1,-1}', 3.5, 0.001, 'diminishing cold spot'),
 (14, '{-1,0,-2,0,0,0,0,0,0,-2}',     -0.1,  0.9,   'sporadic cold spot'),
 (15, '{1,0,0,0,0,0,0,0,0,-2}',       -1.0,  0.3,   'oscillating cold spot'),
 (16, '{-3,-3,-3,-3,-3,-3,-3,-3,-3,0}', 1.0, 0.3,   'historical cold spot');
SELECT is((SELECT string_agg(ord || ':' || (c.category = expected), ' ' ORDER BY ord)
             FROM cat_cases, ehsa_category(bins, tz, tp) c),
          (SELECT string_agg(ord || ':true', ' ' ORDER BY ord) FROM cat_cases),
          'ehsa_category gives each of the 17 categories for its constructed series');
SELECT is((SELECT count(DISTINCT c.category) FROM cat_cases, ehsa_category(bins, tz, tp) c), 17::int8,
          'the 17 categories are distinct');
SELECT is((SELECT string_agg(c.hot_bins || '/' || c.cold_bins, ' ' ORDER BY ord) FROM cat_cases, ehsa_category(bins, tz, tp) c
            WHERE ord IN (2, 7, 14)),
          '3/0 1/1 0/3', 'hot_bins and cold_bins count the significant bins');
SELECT is((ehsa_category('{1,0,1,0,0,0,0,0,0,0}', 0, 1, rules => 'legacy')).category, 'sporadic hot spot',
          'legacy rules: hot bins, never cold, final bin not significant = sporadic hot');
SELECT is((ehsa_category('{-1,0,-1,0,0,0,0,0,0,0}', 0, 1, rules => 'legacy')).category, 'sporadic cold spot',
          'legacy rules: the cold mirror');
SELECT is((ehsa_category('{1,0,1,0,0,0,0,0,0,0}', 0, 1)).category, 'no pattern detected',
          'current rules: a final bin not significant is no pattern');
SELECT is((ehsa_category('{1,1,1,1,1,1,1,1,1,-1}', 0, 1)).category, 'historical hot spot',
          'precedence: >= 90 % hot (step 1) before a final cold bin (step 4)');
SELECT is((ehsa_category('{1,1,1,1,1,1,1,1,2,1}', 0, 1)).category, 'persistent hot spot',
          '9 of 10 bins hot is >= 90 % (integer test 10 Nh >= 9 T)');
SELECT is((ehsa_category('{0,0,0,0,0,0,0,0,0,1}', 0, 1, confidence => 95)).category, 'no pattern detected',
          'confidence 95 needs |bin| >= 2');
SELECT is((ehsa_category('{NULL,NULL,2}', NULL, NULL)).category, 'new hot spot',
          'NULL bins (no z) are not significant');
SELECT alike((ehsa_category('{3,3,3,3,3,3,3,3,3,3}', 3.0, 0.049)).rule, 'step 1:%upward%',
            'the rule names the step and the trend that fired');
SELECT is((ehsa_category('{3,3,3,3,3,3,3,3,3,3}', 3.0, 0.06)).category, 'persistent hot spot',
          'a trend counts only when p < mk_alpha (0.05)');
SELECT throws_ok($$SELECT ehsa_category('{1,2}', 0, 1, confidence => 80)$$, '22023', NULL, 'confidence must be 90, 95 or 99');
SELECT throws_ok($$SELECT ehsa_category('{1,4}', 0, 1)$$, '22023', NULL, 'bins are Gi_Bin values -3..3');
SELECT throws_ok($$SELECT ehsa_category('{1,2}', 0, 1, rules => 'arcgis')$$, '22023', NULL, 'rules are current or legacy');
SELECT throws_ok($$SELECT ehsa_category('{1,2}', 0, 1, mk_alpha => 0)$$, '22023', NULL, 'mk_alpha in (0, 1)');
SELECT throws_ok($$SELECT ehsa_category('{}', 0, 1)$$, '22023', NULL, 'at least one bin');

-- Mann-Kendall's S (counted while merge-sorting) equals the pairwise sum of signs,
-- on 300 tie-heavy series with NULLs
SELECT setseed(0.3);
CREATE TABLE mk_series AS
SELECT k, array_agg(CASE WHEN random() < 0.1 THEN NULL ELSE floor(random() * 6) END ORDER BY i) AS x
  FROM generate_series(1, 300) k, generate_series(1, 3 + k % 60) i GROUP BY k;
DELETE FROM mk_series WHERE (SELECT count(v) FROM unnest(x) v) < 3;
SELECT is((SELECT count(*) FROM mk_series m
            WHERE (mann_kendall(m.x)).s <> (SELECT coalesce(sum(sign(b.v - a.v)), 0)
                                             FROM unnest(m.x) WITH ORDINALITY a(v, i), unnest(m.x) WITH ORDINALITY b(v, j)
                                            WHERE a.i < b.j AND a.v IS NOT NULL AND b.v IS NOT NULL)),
          0::int8, 'mann_kendall S equals the pairwise sum of signs (ties, NULLs)');

-- ---- end to end: planted patterns on 217 resolution-9 cells x 20 daily bins ----
CREATE TABLE cells AS SELECT d AS c FROM cell_disk(cell(40, 10, 9), 8) d;
CREATE TABLE pc AS SELECT * FROM (VALUES
  ('A', (SELECT c FROM cells ORDER BY c OFFSET 20 LIMIT 1)),   -- a burst in the final bin
  ('B', (SELECT c FROM cells ORDER BY c OFFSET 100 LIMIT 1)),  -- rising counts
  ('C', (SELECT c FROM cells ORDER BY c OFFSET 180 LIMIT 1)),  -- a burst that stopped
  ('D', cell(40, 10, 9))) v(k, c);                              -- an emptied neighbourhood
CREATE TABLE counts AS
SELECT c.c, b, greatest(0, 2 + abs(hashtext(c.c::text || b)) % 3
         + CASE WHEN c.c = (SELECT c FROM pc WHERE k = 'A') AND b = 19 THEN 60
                WHEN c.c = (SELECT c FROM pc WHERE k = 'B') THEN 10 + 2 * b
                WHEN c.c = (SELECT c FROM pc WHERE k = 'C') AND b <= 17 THEN 40
                ELSE 0 END
         - CASE WHEN c.c IN (SELECT cell_disk(c, 1) FROM pc WHERE k = 'D') AND b > 0 THEN 10 ELSE 0 END) AS n
  FROM cells c, generate_series(0, 19) b;
CREATE TABLE pts AS
SELECT c, '2024-01-01'::timestamptz + b * interval '1 day' + interval '1 hour' AS t FROM counts, generate_series(1, n);
CREATE TABLE cube1 AS SELECT st_cube(c, t, '1 day') AS q FROM pts;
CREATE TABLE ehsa1 AS SELECT * FROM emerging_hotspots((SELECT q FROM cube1));
SELECT is((SELECT string_agg(pc.k || ':' || e.category, ', ' ORDER BY pc.k) FROM pc JOIN ehsa1 e ON e.cell = pc.c),
          'A:new hot spot, B:consecutive hot spot, C:historical hot spot, D:intensifying cold spot',
          'planted patterns: new, consecutive and historical hot spots, an intensifying cold spot');
SELECT is((SELECT count(*) FROM ehsa1), 217::int8, 'one row per cell');
SELECT is((SELECT count(*) FROM ehsa1 WHERE geom IS NULL OR NOT ST_Intersects(geom, cell_center(cell))), 0::int8,
          'each row carries its cell polygon');
SELECT ok((SELECT bool_and(share_significant = significant_bins / 20.0 AND significant_bins = hot_bins + cold_bins) FROM ehsa1),
          'share_significant = significant_bins / T');

-- one call = the steps: bins -> mann_kendall over the z arrays -> ehsa_category over the fdr arrays
CREATE TABLE bins1 AS SELECT * FROM emerging_hotspots_bins((SELECT q FROM cube1));
CREATE TABLE steps AS
SELECT s.cell, (s.mk).z AS trend_z, (s.mk).p AS trend_p, (s.mk).tau AS trend_tau, c.*
  FROM (SELECT cell, array_agg(fdr ORDER BY bin_start) AS fdrs, mann_kendall(array_agg(z ORDER BY bin_start)) AS mk
          FROM bins1 GROUP BY cell) s,
       ehsa_category(s.fdrs, (s.mk).z, (s.mk).p) c;
SELECT is((SELECT count(*) FROM ehsa1 e FULL JOIN steps s USING (cell)
            WHERE e.cell IS NULL OR s.cell IS NULL OR e.category <> s.category OR e.rule <> s.rule
               OR e.hot_bins <> s.hot_bins OR e.cold_bins <> s.cold_bins
               OR e.trend_z <> s.trend_z OR e.trend_p <> s.trend_p OR e.trend_tau <> s.trend_tau),
          0::int8, 'emerging_hotspots equals emerging_hotspots_bins -> mann_kendall -> ehsa_category');
SELECT is((SELECT count(*) FROM bins1), 217 * 20::int8, 'bins: one row per cell and bin, zeros included');

-- the space-time Gi* is getis_ord over the explicit space-time graph (global window 'cube')
CREATE TABLE obs AS
SELECT row_number() OVER (ORDER BY cell, bin_start) AS id, cell, bin_start, value,
       dense_rank() OVER (ORDER BY bin_start) AS b
  FROM bins1;
CREATE TABLE stp AS
SELECT o1.id AS i, o2.id AS j
  FROM obs o1 CROSS JOIN LATERAL cell_disk(o1.cell, 1) d
  JOIN obs o2 ON o2.cell = d AND o2.b BETWEEN o1.b - 1 AND o1.b
 WHERE o2.id <> o1.id;
CREATE TABLE go AS
SELECT g.* FROM getis_ord((SELECT array_agg(id ORDER BY id) FROM obs), (SELECT array_agg(value ORDER BY id) FROM obs),
                          (SELECT array_agg(i) FROM stp), (SELECT array_agg(j) FROM stp)) g;
SELECT is((SELECT count(*) FROM obs o JOIN go g USING (id) JOIN bins1 x USING (cell, bin_start)
            WHERE abs(g.z - x.z) > 1e-9 OR abs(g.p - x.p) > 1e-9 OR g.bin <> x.bin OR g.reason IS DISTINCT FROM x.reason),
          0::int8, 'space-time Gi* = getis_ord over the cells within ring and the previous time_window bins');
SELECT is((SELECT count(*) FROM go), 217 * 20::int8, 'the comparison covers every observation');

-- ---- invariances ----
CREATE TABLE cube_perm AS SELECT st_cube(c, t, '1 day') AS q FROM (SELECT * FROM pts ORDER BY md5(c::text || t::text)) x;
SELECT set_eq($$SELECT cell, category, trend_z, hot_bins, cold_bins FROM emerging_hotspots((SELECT q FROM cube_perm))$$,
              $$SELECT cell, category, trend_z, hot_bins, cold_bins FROM ehsa1$$, 'permuting the input rows changes nothing');
CREATE TABLE cube_x3 AS SELECT st_cube(c, t, '1 day') AS q FROM pts, generate_series(1, 3);
SELECT is((SELECT count(*) FROM emerging_hotspots((SELECT q FROM cube_x3)) s JOIN ehsa1 e USING (cell)
            WHERE s.category <> e.category OR abs(s.trend_z - e.trend_z) > 1e-9 OR s.rule <> e.rule),
          0::int8, 'scaling every count by 3 changes nothing (Gi* is scale-free)');
CREATE TABLE sa AS SELECT ST_Buffer(cell_center(cell(40, 10, 9)), 0.06) AS g;
CREATE TABLE ehsa_sa AS SELECT * FROM emerging_hotspots((SELECT q FROM cube1), study_area => (SELECT g FROM sa));
SELECT ok((SELECT count(*) FROM ehsa_sa) BETWEEN 20 AND 200
          AND (SELECT bool_and(ST_Contains((SELECT g FROM sa), cell_center(cell))) FROM ehsa_sa),
          'a study area: only its cells');
CREATE TABLE cube_out AS
SELECT cube_append((SELECT q FROM cube1),
                   (SELECT st_cube(cell(41, 11, 9), '2024-01-06 02:00', '1 day') FROM generate_series(1, 500))) AS q;
SELECT set_eq($$SELECT cell, category, trend_z, rule FROM emerging_hotspots((SELECT q FROM cube_out), study_area => (SELECT g FROM sa))$$,
              $$SELECT cell, category, trend_z, rule FROM ehsa_sa$$, 'counts outside the study area change nothing');
CREATE TABLE sa_cells AS SELECT ARRAY(SELECT cells_cover(g, 9, 'centre')) AS a FROM sa;
SELECT set_eq($$SELECT cell, category, trend_z FROM emerging_hotspots_grid((SELECT q FROM cube1), 1, 1,
                    (SELECT a || a FROM sa_cells), 90, 0.05, true, 'current', 'cube')$$,
              $$SELECT cell, category, trend_z FROM ehsa_sa$$, 'a study area given twice is the same area');

-- ---- edge cases ----
SELECT is((SELECT count(*) FROM emerging_hotspots(NULL::cube)), 0::int8, 'NULL cube: no rows');
SELECT is((SELECT count(*) FROM emerging_hotspots_bins(NULL::cube)), 0::int8, 'NULL cube: no bins');
CREATE TABLE small AS
SELECT st_cube(c, t, '1 day') AS q FROM pts WHERE c IN (SELECT c FROM cells ORDER BY c LIMIT 2);
SELECT throws_ok($$SELECT * FROM emerging_hotspots((SELECT q FROM small))$$, '22023', NULL, 'fewer than 3 cells: 22023');
CREATE TABLE short AS SELECT st_cube(c, t, '1 day') AS q FROM pts WHERE t < '2024-01-03';
SELECT throws_ok($$SELECT * FROM emerging_hotspots((SELECT q FROM short))$$, '22023', NULL, 'fewer than 3 time bins: 22023');
SELECT throws_ok($$SELECT * FROM emerging_hotspots((SELECT q FROM cube1), 0)$$, '22023', NULL, 'ring must be 1 or more');
SELECT throws_ok($$SELECT * FROM emerging_hotspots((SELECT q FROM cube1), 1, -1)$$, '22023', NULL, 'time_window must be 0 or more');
SELECT throws_ok($$SELECT * FROM emerging_hotspots((SELECT q FROM cube1), global_window => 'slice')$$, '22023', NULL,
                 'global_window is cube or neighbourhood');
SELECT throws_ok($$SELECT * FROM emerging_hotspots((SELECT q FROM cube1), confidence => 50)$$, '22023', NULL,
                 'confidence must be 90, 95 or 99');
CREATE TABLE long_cube AS
SELECT st_cube(c, t, '1 day') AS q
  FROM ((SELECT c, '2024-01-01'::timestamptz AS t FROM cells ORDER BY c LIMIT 3)
        UNION ALL (SELECT c, '2040-01-01'::timestamptz FROM cells ORDER BY c LIMIT 3)) x;
SELECT throws_ok($$SELECT * FROM emerging_hotspots((SELECT q FROM long_cube))$$, '54000', NULL,
                 'more than 5000 bins: 54000, the series limit of mann_kendall');
-- a cell with no ring neighbour: its first bin is an island, later bins have its own past
CREATE TABLE lone AS
SELECT cube_append((SELECT q FROM cube1), (SELECT st_cube(cell(41, 11, 9), '2024-01-06 02:00', '1 day'))) AS q;
SELECT is((SELECT string_agg(coalesce(reason, '-'), ',' ORDER BY bin_start)
             FROM emerging_hotspots_bins((SELECT q FROM lone)) WHERE cell = cell(41, 11, 9) AND bin_start < '2024-01-03'),
          'island,-', 'an isolated cell: NULL z (island) only where its window holds nothing else');
SELECT is((SELECT string_agg(DISTINCT coalesce(reason, '-'), ',')
             FROM emerging_hotspots_bins((SELECT q FROM lone), time_window => 0) WHERE cell = cell(41, 11, 9)),
          'island', 'time_window 0: an isolated cell is an island in every bin');

-- ---- incremental: appending a day ----
CREATE TABLE day AS
SELECT st_cube((SELECT c FROM pc WHERE k = 'A'), '2024-01-21 01:00'::timestamptz + g * interval '1 minute', '1 day') AS q
  FROM generate_series(1, 30) g;
CREATE TABLE cube2 AS SELECT cube_append((SELECT q FROM cube1), (SELECT q FROM day)) AS q;
SELECT is((SELECT cube_append(a.q, b.q) FROM (SELECT st_cube(c, t, '1 day') AS q FROM pts WHERE t < '2024-01-12') a,
                                             (SELECT st_cube(c, t, '1 day') AS q FROM pts WHERE t >= '2024-01-08') b)::text,
          (SELECT st_cube(c, t, '1 day') FROM (SELECT * FROM pts UNION ALL SELECT * FROM pts
                                                WHERE t >= '2024-01-08' AND t < '2024-01-12') x)::text,
          'cube_append (a linear merge) of overlapping cubes adds the shared (cell, bin) counts');
SELECT set_eq($$SELECT * FROM emerging_hotspots_bins((SELECT q FROM cube2), global_window => 'neighbourhood') WHERE bin_start < '2024-01-21'$$,
              $$SELECT * FROM emerging_hotspots_bins((SELECT q FROM cube1), global_window => 'neighbourhood')$$,
              'global window neighbourhood: appending a day leaves every earlier bin as it was');
SELECT set_eq($$SELECT * FROM emerging_hotspots_bins((SELECT q FROM cube2), global_window => 'neighbourhood', "from" => '2024-01-21 05:00')$$,
              $$SELECT * FROM emerging_hotspots_bins((SELECT q FROM cube2), global_window => 'neighbourhood') WHERE bin_start >= '2024-01-21'$$,
              '"from" computes only the bins from the one holding it, equal to the full run');
-- stored bins + the new bin -> the steps reclassify without recomputing history
CREATE TABLE stored AS SELECT * FROM emerging_hotspots_bins((SELECT q FROM cube1), global_window => 'neighbourhood');
INSERT INTO stored SELECT * FROM emerging_hotspots_bins((SELECT q FROM cube2), global_window => 'neighbourhood', "from" => '2024-01-21');
SELECT set_eq($$SELECT s.cell, c.category, (s.mk).z FROM (
                   SELECT cell, array_agg(fdr ORDER BY bin_start) AS f, mann_kendall(array_agg(z ORDER BY bin_start)) AS mk
                     FROM stored GROUP BY cell) s, ehsa_category(s.f, (s.mk).z, (s.mk).p) c$$,
              $$SELECT cell, category, trend_z FROM emerging_hotspots((SELECT q FROM cube2), global_window => 'neighbourhood')$$,
              'stored bins plus the appended bin reclassify as a full run');
SELECT ok((SELECT count(*) FROM emerging_hotspots_bins((SELECT q FROM cube2)) a
             JOIN bins1 b USING (cell, bin_start) WHERE a.z <> b.z) > 0,
          'global window cube (the default): an appended day moves the mean and sd, so every bin is recomputed');
SELECT is((SELECT count(*) FROM emerging_hotspots_bins((SELECT q FROM cube2), "from" => '2030-01-01')), 0::int8,
          '"from" after the span: no rows');

-- a trend z and p that are not a Mann-Kendall result (harden2): a p of -0.5 read as a trend
SELECT throws_ok($$SELECT ehsa_category(ARRAY[1, 2, 3], 2, -0.5)$$, '22023', NULL, 'ehsa_category: a negative p (was a significant trend)');
SELECT throws_ok($$SELECT ehsa_category(ARRAY[1, 2, 3], 2, 2)$$, '22023', NULL, 'ehsa_category: a p above 1');
SELECT throws_ok($$SELECT ehsa_category(ARRAY[1, 2, 3], 'NaN', 0.01)$$, '22023', NULL, 'ehsa_category: a NaN z (was no trend)');

SELECT * FROM finish();
ROLLBACK;

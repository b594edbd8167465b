-- Hotspot statistics, general forms (getis_ord, local_moran, global_moran,
-- mann_kendall, sen_slope, mann_kendall_agg, neighbours_within): the
-- reference implementations' own published examples to their printed
-- digits, a plain-SQL Gi*, Moran and Benjamini-Hochberg, invariances, and
-- every edge case with its SQLSTATE or reason.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(98);

-- ---------------------------------------------------------------------------
-- esda G_Local, esda/tests/test_getisord.py: six points, DistanceBand(POINTS,
-- threshold=15) (binary, inclusive: points 4 and 5 are exactly 15 apart),
-- y = [2, 3, 3.2, 5, 8, 7]; printed Zs[0] for the four (star, transform).
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE six(id int8, x float8, y float8, v float8);
INSERT INTO six VALUES (1, 10, 10, 2), (2, 20, 10, 3), (3, 40, 10, 3.2), (4, 15, 20, 5), (5, 30, 20, 8), (6, 30, 30, 7);
CREATE TEMP TABLE six_nb AS
SELECT * FROM neighbours_within((SELECT array_agg(id ORDER BY id) FROM six),
                                (SELECT array_agg(ST_MakePoint(x, y) ORDER BY id) FROM six), 15);
SELECT is((SELECT count(*) FROM six_nb), 14::int8, 'six points, band 15: 14 directed pairs (7 links)');
SELECT is((SELECT d FROM six_nb WHERE i = 4 AND j = 5), 15::float8, 'the band is inclusive: d = 15 is a neighbour');
SELECT is((SELECT count(*) FROM neighbours_within((SELECT array_agg(id ORDER BY id) FROM six),
                                (SELECT array_agg(ST_MakePoint(x, y) ORDER BY id) FROM six), 14.9)), 12::int8,
    'band 14.9 drops the pair 15 apart, both directions');
CREATE FUNCTION pg_temp.six_gi(star bool, tr text, OUT id int8, OUT g float8, OUT z float8) RETURNS SETOF record
    LANGUAGE sql AS $$
    SELECT id, g, z FROM getis_ord((SELECT array_agg(id) FROM six), (SELECT array_agg(v) FROM six),
                                   (SELECT array_agg(i) FROM six_nb), (SELECT array_agg(j) FROM six_nb),
                                   NULL, star, tr)
$$;
SELECT ok(abs((SELECT z FROM pg_temp.six_gi(false, 'B') WHERE id = 1) - (-1.0136729)) < 5e-8,
    'Gi binary: Zs[0] = -1.0136729 (esda test_binary)');
SELECT ok(abs((SELECT z FROM pg_temp.six_gi(false, 'R') WHERE id = 1) - (-0.62074534)) < 5e-9,
    'Gi row-standardised: Zs[0] = -0.62074534 (esda test_row_standardized)');
SELECT ok(abs((SELECT z FROM pg_temp.six_gi(true, 'B') WHERE id = 1) - (-1.39727626)) < 5e-9,
    'Gi* binary: Zs[0] = -1.39727626 (esda test_star_binary)');
SELECT ok(abs((SELECT z FROM pg_temp.six_gi(true, 'r') WHERE id = 1) - (-0.62488094)) < 5e-9,
    'Gi* row-standardised (self weight = row max, then R): Zs[0] = -0.62488094 (esda test_star_row_standardized_values)');
-- G by hand at point 1 (neighbours 2 and 4): Gi = (3 + 5) / (28.2 - 2), Gi* = (2 + 3 + 5) / 28.2
SELECT ok(abs((SELECT g FROM pg_temp.six_gi(false, 'B') WHERE id = 1) - 8 / 26.2) < 1e-15
      AND abs((SELECT g FROM pg_temp.six_gi(true, 'B') WHERE id = 1) - 10 / 28.2) < 1e-15,
    'g = lag / sum of the compared values (Gi 8/26.2, Gi* 10/28.2), as esda Gs');

-- ---------------------------------------------------------------------------
-- Gi* step by step in plain SQL (ArcGIS's formula, self weight 1) on five
-- areas: getis_ord's defaults give the same z; bins follow the two-sided
-- critical values.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE five(id int8, x float8);
INSERT INTO five VALUES (10, 3), (11, 7), (12, 1), (13, 9), (14, 4);
CREATE TEMP TABLE five_nb(i int8, j int8);
INSERT INTO five_nb VALUES (10, 11), (11, 10), (11, 12), (12, 11), (12, 13), (13, 12), (13, 14), (14, 13), (10, 12), (12, 10);
CREATE TEMP TABLE five_by_hand AS
WITH st AS (SELECT count(*)::float8 AS n, avg(x) AS xbar, sqrt(avg(x * x) - avg(x) ^ 2) AS s FROM five),
     nb AS (SELECT i, j FROM five_nb UNION ALL SELECT id, id FROM five),     -- self weight 1
     sums AS (SELECT nb.i, sum(f.x) AS lag, count(*)::float8 AS wsum, count(*)::float8 AS w2
                FROM nb JOIN five f ON f.id = nb.j GROUP BY nb.i)
SELECT i AS id, (lag - xbar * wsum) / (s * sqrt((n * w2 - wsum ^ 2) / (n - 1))) AS z FROM sums, st;
CREATE TEMP TABLE five_gi AS
SELECT * FROM getis_ord((SELECT array_agg(id) FROM five), (SELECT array_agg(x) FROM five),
                        (SELECT array_agg(i) FROM five_nb), (SELECT array_agg(j) FROM five_nb));
SELECT is((SELECT count(*) FROM five_gi g JOIN five_by_hand h USING (id) WHERE abs(g.z - h.z) < 1e-12), 5::int8,
    'getis_ord defaults (binary Gi*) equal a plain-SQL ArcGIS Gi* on every area');
SELECT is((SELECT array_agg(id ORDER BY id) FROM five_gi), ARRAY[10, 11, 12, 13, 14]::int8[], 'one row per id, in id order');

-- A 10 x 10 grid (rook neighbours) with a hot corner, for bins and FDR
CREATE TEMP TABLE grid AS
SELECT (r * 10 + c)::int8 AS id, r, c,
       CASE WHEN r < 3 AND c < 3 THEN 20 + r + c ELSE ((r * 7 + c * 3) % 5)::float8 END AS v
  FROM generate_series(0, 9) r, generate_series(0, 9) c;
CREATE TEMP TABLE grid_nb AS
SELECT a.id AS i, b.id AS j FROM grid a JOIN grid b ON abs(a.r - b.r) + abs(a.c - b.c) = 1;
CREATE TEMP TABLE grid_gi AS
SELECT * FROM getis_ord((SELECT array_agg(id) FROM grid), (SELECT array_agg(v) FROM grid),
                        (SELECT array_agg(i) FROM grid_nb), (SELECT array_agg(j) FROM grid_nb));
SELECT is_empty($$SELECT id FROM grid_gi WHERE bin IS DISTINCT FROM
    (sign(z) * CASE WHEN abs(z) >= 2.5758293035489004 THEN 3 WHEN abs(z) >= 1.959963984540054 THEN 2
                    WHEN abs(z) >= 1.6448536269514722 THEN 1 ELSE 0 END)::int$$,
    'bin = sign(z) x 3/2/1 at the two-sided 99/95/90 % critical values');
SELECT ok((SELECT count(*) FROM grid_gi WHERE bin = 3) > 0 AND (SELECT count(*) FROM grid_gi WHERE fdr_hot) > 0,
    'the hot corner is found, before and after FDR');
-- Benjamini-Hochberg in plain SQL: q_(k) = min over j >= k of min(1, m p_(j) / j)
CREATE TEMP TABLE grid_bh AS
WITH r AS (SELECT id, z, p, row_number() OVER (ORDER BY p, id) AS k, count(*) OVER () AS m FROM grid_gi WHERE p IS NOT NULL)
SELECT id, z, min(least(1, m * p / k)) OVER (ORDER BY p DESC, id DESC ROWS UNBOUNDED PRECEDING) AS q FROM r;
SELECT is((SELECT count(*) FROM grid_gi g JOIN grid_bh b USING (id) WHERE abs(g.q - b.q) < 1e-15), 100::int8,
    'q equals a plain-SQL Benjamini-Hochberg over the 100 p-values');
SELECT is_empty($$SELECT id FROM grid_gi g WHERE fdr_bin IS DISTINCT FROM
    (sign(z) * CASE WHEN q <= 0.01 THEN 3 WHEN q <= 0.05 THEN 2 WHEN q <= 0.10 THEN 1 ELSE 0 END)::int
    OR fdr_hot IS DISTINCT FROM (z > 0 AND q <= 0.05)$$,
    'fdr_bin = ArcGIS Gi_Bin with FDR (levels from q); fdr_hot = z > 0 and q <= 0.05');
SELECT ok((SELECT count(*) FROM grid_gi WHERE fdr_bin <> 0) <= (SELECT count(*) FROM grid_gi WHERE bin <> 0),
    'FDR never adds significant areas');

-- ---------------------------------------------------------------------------
-- Invariances: scaling values leaves z unchanged; input order never matters
-- ---------------------------------------------------------------------------
SELECT is_empty($$
    SELECT id FROM grid_gi a JOIN getis_ord((SELECT array_agg(id) FROM grid), (SELECT array_agg(v * 1000 + 0) FROM grid),
                        (SELECT array_agg(i) FROM grid_nb), (SELECT array_agg(j) FROM grid_nb)) b USING (id)
     WHERE abs(a.z - b.z) > 1e-12 * greatest(1, abs(a.z)) OR a.fdr_bin <> b.fdr_bin$$,
    'getis_ord: values x 1000 leave z and the bins unchanged');
SELECT is_empty($$
    SELECT * FROM grid_gi EXCEPT ALL
    SELECT * FROM getis_ord((SELECT array_agg(id ORDER BY md5(id::text)) FROM grid),
                            (SELECT array_agg(v ORDER BY md5(id::text)) FROM grid),
                            (SELECT array_agg(i ORDER BY md5(i::text || j::text)) FROM grid_nb),
                            (SELECT array_agg(j ORDER BY md5(i::text || j::text)) FROM grid_nb))$$,
    'getis_ord: shuffled areas and pairs give identical rows');
CREATE TEMP TABLE grid_lm AS
SELECT * FROM local_moran((SELECT array_agg(id) FROM grid), (SELECT array_agg(v) FROM grid),
                          (SELECT array_agg(i) FROM grid_nb), (SELECT array_agg(j) FROM grid_nb),
                          permutations => 199, seed => 42);
SELECT is_empty($$
    SELECT * FROM grid_lm EXCEPT ALL
    SELECT * FROM local_moran((SELECT array_agg(id ORDER BY md5(id::text)) FROM grid),
                              (SELECT array_agg(v ORDER BY md5(id::text)) FROM grid),
                              (SELECT array_agg(i ORDER BY md5(i::text || j::text)) FROM grid_nb),
                              (SELECT array_agg(j ORDER BY md5(i::text || j::text)) FROM grid_nb),
                              permutations => 199, seed => 42)$$,
    'local_moran: shuffled areas and pairs give identical rows, p_sim included');
SELECT is_empty($$
    SELECT id FROM grid_lm a JOIN local_moran((SELECT array_agg(id) FROM grid), (SELECT array_agg(v * 0.001) FROM grid),
                          (SELECT array_agg(i) FROM grid_nb), (SELECT array_agg(j) FROM grid_nb),
                          permutations => 199, seed => 42) b USING (id)
     WHERE abs(a.z - b.z) > 1e-12 * greatest(1, abs(a.z)) OR a.quadrant <> b.quadrant$$,
    'local_moran: values x 0.001 leave z and the quadrants unchanged');

-- ---------------------------------------------------------------------------
-- esda Moran_Local on libpysal's desmith example (desmith.txt column z,
-- desmith.gal, transformation "r"): quadrants printed in the Moran_Local
-- docstring, EI and VI printed in esda/tests/test_moran.py test_local_moments.
-- ---------------------------------------------------------------------------
CREATE TABLE ds(id int8, z float8);
INSERT INTO ds VALUES (1, 2.24), (2, 3.10), (3, 4.55), (4, -5.15), (5, -4.39), (6, 0.46), (7, 5.54), (8, 9.02), (9, -2.09), (10, -3.06);
CREATE TABLE ds_nb(i int8, j int8);
INSERT INTO ds_nb SELECT a, unnest(bs) FROM (VALUES (1, '{2,4}'::int8[]), (2, '{1,5}'), (3, '{4,7}'), (4, '{1,3,5,8}'),
    (5, '{2,4,6,9}'), (6, '{5,10}'), (7, '{3,8}'), (8, '{4,7,9}'), (9, '{5,8,10}'), (10, '{6,9}')) v(a, bs);
CREATE TEMP TABLE ds_lm AS
SELECT * FROM local_moran((SELECT array_agg(id) FROM ds), (SELECT array_agg(z) FROM ds),
                          (SELECT array_agg(i) FROM ds_nb), (SELECT array_agg(j) FROM ds_nb));
-- esda q = [4, 4, 4, 2, 3, 3, 1, 4, 3, 3] with 1 HH, 2 LH, 3 LL, 4 HL
SELECT is((SELECT array_agg(quadrant ORDER BY id) FROM ds_lm),
    ARRAY['HL', 'HL', 'HL', 'LH', 'LL', 'LL', 'HH', 'HL', 'LL', 'LL'], 'desmith quadrants = esda q [4,4,4,2,3,3,1,4,3,3]');
SELECT is((SELECT count(*) FROM ds_lm WHERE e_i = -1 / 9.0), 10::int8, 'desmith EI = -1/9 everywhere');
SELECT is((SELECT array_agg(round(var_i::numeric, 6) ORDER BY id) FROM ds_lm),
    '{0.394432,0.394432,0.394432,0.148043,0.148043,0.394432,0.394432,0.230173,0.230173,0.394432}'::numeric[],
    'desmith VI as printed by esda (6 decimals)');
-- I_i by hand: z = (y - mean) / sd (population), I_i = (n - 1) z_i lag_i / sum z^2, lag row-standardised
SELECT is_empty($$
    WITH st AS (SELECT avg(z) AS m, sqrt(avg(z * z) - avg(z) ^ 2) AS sd, count(*)::float8 AS n FROM ds),
         zs AS (SELECT id, (z - m) / sd AS zz FROM ds, st),
         lag AS (SELECT nb.i, avg(zs.zz) AS l FROM ds_nb nb JOIN zs ON zs.id = nb.j GROUP BY nb.i)
    SELECT zs.id FROM zs JOIN lag ON lag.i = zs.id JOIN ds_lm USING (id), st
     WHERE abs(ds_lm.i - (n - 1) * zs.zz * lag.l / (SELECT sum(zz * zz) FROM zs)) > 1e-12
        OR abs(ds_lm.z - (ds_lm.i - ds_lm.e_i) / sqrt(ds_lm.var_i)) > 1e-12$$,
    'desmith I_i equal the plain-SQL formula; z = (I - EI) / sqrt(VI)');
SELECT ok((SELECT bool_and(p_sim IS NULL) FROM ds_lm), 'permutations => 0: no p_sim');

-- p_sim: seeded, the same in every run and in parallel workers; a valid fold
CREATE TABLE seeds AS SELECT s::int8 FROM generate_series(1, 40) s;
ALTER TABLE seeds SET (parallel_workers = 2);
CREATE FUNCTION public.ds_psim(s int8) RETURNS float8[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT array_agg(p_sim ORDER BY id) FROM tst_hub.local_moran(
        (SELECT array_agg(id) FROM public.ds), (SELECT array_agg(z) FROM public.ds),
        (SELECT array_agg(i) FROM public.ds_nb), (SELECT array_agg(j) FROM public.ds_nb), NULL, 'R', 999, s)
$$;
CREATE TEMP TABLE psim_serial AS SELECT s, public.ds_psim(s) AS p FROM seeds;
SELECT is_empty($$SELECT * FROM psim_serial EXCEPT ALL SELECT s, public.ds_psim(s) FROM seeds$$,
    'p_sim is identical across runs for each seed');
SELECT ok((SELECT count(DISTINCT p) FROM psim_serial) > 1, 'different seeds draw different permutations');
SELECT ok((SELECT bool_and(x >= 1 / 1000.0 AND x <= 0.5005) FROM psim_serial, unnest(p) x),
    'p_sim = (L + 1) / (P + 1) folded to the smaller tail: between 1/1000 and 501/1000');
-- esda: site 7 (HH, p_sim 0.03 in its 99-permutation docstring run) is the clearest cluster
SELECT ok((SELECT avg(p[7]) FROM psim_serial) < 0.06, 'desmith site 7 (HH) is significant on average over seeds');
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL parallel_leader_participation = off;
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT r."QUERY PLAN"; END LOOP;
END
$f$;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_lines($$SELECT s, public.ds_psim(s) FROM seeds$$) l WHERE l LIKE '%Gather%'),
    'the p_sim query runs in parallel workers');
SELECT is_empty($$SELECT s, public.ds_psim(s) FROM seeds EXCEPT ALL SELECT * FROM psim_serial$$,
    'p_sim in parallel workers = serial p_sim, seed by seed');
RESET max_parallel_workers_per_gather;

-- ---------------------------------------------------------------------------
-- esda Moran (global) on desmith, "r" weights, against the formulas of
-- statistics.md 2.2 in plain SQL (esda prints no desmith global values).
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE ds_gm AS
SELECT * FROM global_moran((SELECT array_agg(id) FROM ds), (SELECT array_agg(z) FROM ds),
                           (SELECT array_agg(i) FROM ds_nb), (SELECT array_agg(j) FROM ds_nb));
CREATE TEMP TABLE ds_gm_hand AS
WITH w AS (SELECT i, j, 1.0::float8 / count(*) OVER (PARTITION BY i) AS w FROM ds_nb),
     zc AS (SELECT id, z - (SELECT avg(z) FROM ds) AS z FROM ds),
     lag AS (SELECT w.i, sum(w.w * zc.z) AS l FROM w JOIN zc ON zc.id = w.j GROUP BY w.i),
     k AS (SELECT 10.0::float8 AS n,
                  (SELECT sum(w) FROM w) AS s0,
                  (SELECT 0.5 * sum((a.w + coalesce(b.w, 0)) ^ 2) FROM w a LEFT JOIN w b ON b.i = a.j AND b.j = a.i) AS s1,
                  (SELECT sum((coalesce((SELECT sum(w) FROM w WHERE w.i = ds.id), 0)
                             + coalesce((SELECT sum(w) FROM w WHERE w.j = ds.id), 0)) ^ 2) FROM ds) AS s2,
                  (SELECT sum(z * z) FROM zc) AS z2, (SELECT sum(z ^ 4) FROM zc) AS z4,
                  (SELECT sum(zc.z * lag.l) FROM zc JOIN lag ON lag.i = zc.id) AS inum)
SELECT n / s0 * inum / z2 AS i,
       (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n - 1) * (n + 1) * s0 * s0) - 1 / ((n - 1) ^ 2) AS var_norm,
       (n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0)
        - ((z4 / n) / ((z2 / n) ^ 2)) * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0))
         / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - 1 / ((n - 1) ^ 2) AS var_rand
  FROM k;
SELECT ok((SELECT abs(g.i - h.i) < 1e-12 AND abs(g.var_norm - h.var_norm) < 1e-12 AND abs(g.var_rand - h.var_rand) < 1e-12
             AND g.e_i = -1 / 9.0 AND abs(g.z_norm - (g.i - g.e_i) / sqrt(g.var_norm)) < 1e-12 AND g.n = 10
             FROM ds_gm g, ds_gm_hand h),
    'global_moran: I, E[I], Var_norm, Var_rand and z_norm equal the formulas in plain SQL');

-- ---------------------------------------------------------------------------
-- pyMannKendall tests/test_pymannkendall.py: arbitrary_1d_data (360 values,
-- 7 NaN, here NULL), NoTrendData (a constant), TrendData (0..359; the
-- fixture adds noise below 1e-13 that changes no comparison).
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE arb AS SELECT '{32,20,25,189,240,193,379,278,301,0,0,82,0,4,NULL,NULL,121,234,360,262,120,30,11,1,7,3,31,31,355,102,248,274,308,NULL,5,26,11,16,6,48,388,539,431,272,404,186,0,2,0,4,1,54,272,459,235,164,365,135,2,NULL,NULL,4,0,128,210,163,446,225,462,467,19,13,0,3,17,132,178,338,525,623,145,31,19,3,0,29,25,87,259,756,486,180,292,43,92,1,0,16,2,0,130,253,594,111,273,30,0,4,0,27,24,41,292,378,499,265,320,227,4,0,4,14,8,48,416,240,404,207,733,105,0,112,0,14,0,30,140,202,289,159,424,106,3,0,65,3,14,58,268,466,432,266,240,95,1,0,10,26,4,114,94,289,173,208,263,156,5,0,16,16,14,0,111,475,534,432,471,117,70,1,3,28,7,401,184,283,338,171,335,176,0,0,10,11,9,140,102,208,298,245,220,29,2,27,10,13,26,84,143,367,749,563,283,353,10,0,0,0,0,9,246,265,343,429,168,133,17,0,18,35,76,158,272,250,190,289,466,84,0,0,0,0,0,22,217,299,185,115,344,203,8,NULL,NULL,0,5,284,123,254,476,496,326,27,20,0,4,53,72,113,214,364,219,220,156,264,0,13,0,0,45,90,137,638,529,261,206,251,0,0,5,9,58,72,138,130,471,328,356,523,0,1,0,0,12,143,193,184,192,138,174,69,1,0,0,18,25,28,92,732,320,256,302,131,15,0,27,0,22,20,213,393,474,374,109,159,0,0,0,3,3,49,205,128,194,570,169,89,0,0,0,0,0,26,185,286,92,225,244,190,3,20}'::float8[] AS x;
CREATE TEMP TABLE arb_mk AS SELECT (mann_kendall(x)).* FROM arb;
SELECT is((SELECT (trend, h, z, tau, s, var_s)::text FROM arb_mk),
    ('no trend', false, -0.8854562842589916::float8, -0.03153167653875869::float8, -1959::float8, 4889800.333333333::float8)::text,
    'arbitrary_1d_data: trend, h, z, Tau, s, var_s exactly as pyMannKendall');
SELECT ok((SELECT abs(p - 0.37591058740506833) < 1e-15 FROM arb_mk), 'arbitrary_1d_data: p = 0.37591058740506833 (to 1e-15: erfc vs 1 - Phi)');
SELECT is((SELECT (slope, intercept)::text FROM sen_slope((SELECT x FROM arb))),
    (-0.006369426751592357::float8, 96.15286624203821::float8)::text,
    'arbitrary_1d_data: Sen''s slope -0.006369426751592357 and intercept 96.15286624203821 exactly as pyMannKendall sens_slope');
SELECT is((SELECT (slope, intercept)::text FROM arb_mk), (-0.006369426751592357::float8, 96.15286624203821::float8)::text,
    'mann_kendall reports the same slope and intercept (original positions kept)');
SELECT is((SELECT (mann_kendall(array_fill(7::float8, ARRAY[360])))::text),
    ('no trend', false, 1, 0, 0, 0, 0, 0, 7)::mann_kendall_result::text,
    'NoTrendData (constant): no trend, p 1, z 0, Tau 0, s 0, var_s 0, slope 0');
CREATE TEMP TABLE up_mk AS SELECT (mann_kendall(ARRAY(SELECT g::float8 FROM generate_series(0, 359) g))).*;
SELECT is((SELECT (trend, h, tau, s, slope, round(intercept))::text FROM up_mk),
    ('increasing', true, 1::float8, 64620::float8, 1::float8, 0::float8)::text,
    'TrendData: increasing, h, Tau 1, s 64620, slope 1, intercept 0');
SELECT ok((SELECT p > 0 AND p < 1e-100 FROM up_mk),
    'TrendData: p is the true tail (about 1e-176; pyMannKendall''s 2(1 - Phi) prints 0)');
SELECT is((SELECT (trend, h) FROM mann_kendall((SELECT x FROM arb), 0.5)), ('decreasing'::text, true),
    'alpha: p < alpha makes the trend significant');

-- the aggregate: rows in any order, NULL values as missing steps
CREATE TABLE arb_rows AS
SELECT timestamptz '2000-01-01 00:00+00' + (k - 1) * interval '1 month' AS t, (k - 1)::int8 AS step, x[k] AS v
  FROM arb, generate_series(1, 360) k ORDER BY md5(k::text);
SELECT is((SELECT mann_kendall_agg(t, v)::text FROM arb_rows), (SELECT mann_kendall(x)::text FROM arb),
    'mann_kendall_agg(timestamptz, v) over shuffled rows = mann_kendall of the ordered array');
SELECT is((SELECT mann_kendall_agg(step, v, 0.5)::text FROM arb_rows), (SELECT mann_kendall(x, 0.5)::text FROM arb),
    'mann_kendall_agg(int8, v, alpha) = mann_kendall(array, alpha)');
ALTER TABLE arb_rows SET (parallel_workers = 2);
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_lines($$SELECT mann_kendall_agg(t, v) FROM arb_rows$$) l
                   WHERE l LIKE '%Partial Aggregate%'), 'mann_kendall_agg runs as a partial aggregate');
SELECT is((SELECT mann_kendall_agg(t, v)::text FROM arb_rows), (SELECT mann_kendall(x)::text FROM arb),
    'parallel mann_kendall_agg = serial');
RESET max_parallel_workers_per_gather;
SELECT throws_ok($$SELECT mann_kendall_agg(s, 1.0) FROM (VALUES (1::int8), (2), (2), (3)) v(s)$$, '22023',
    'mann_kendall_agg: time 2 appears more than once', 'a repeated time: 22023');
SELECT throws_ok($$SELECT mann_kendall_agg(NULL::int8, 1.0)$$, '22004', NULL, 'a NULL time: 22004');
SELECT throws_ok($$SELECT mann_kendall_agg(s, 1.0, s * 0.01) FROM generate_series(1::int8, 4) s$$, '22023', NULL,
    'alpha changing between rows: 22023');
SELECT throws_ok($$SELECT mann_kendall_agg('infinity'::timestamptz, 1.0)$$, '22003', NULL, 'an infinite time: 22003');
SELECT throws_ok($$SELECT mann_kendall_trans(NULL, 1::int8, 1.0)$$, '0A000', NULL, 'the row step only runs inside its aggregate');
SELECT throws_ok($$SELECT mann_kendall_final('{2,1,1}')$$, 'XX001', NULL, 'a state with alpha 2 is corrupt: XX001');
SELECT throws_ok($$SELECT mann_kendall_agg(s, 1.0) FROM generate_series(1::int8, 2) s$$, '22023', NULL,
    'fewer than 3 time steps: 22023');

SELECT throws_ok($$SELECT mann_kendall('{1,NULL,2,NaN}')$$, '22023', 'mann_kendall needs at least 3 values, got 2',
    'fewer than 3 values (NULL and NaN skipped): 22023');
SELECT throws_ok($$SELECT mann_kendall('{1,2,Infinity}')$$, '22003', NULL, '+inf in a series: 22003');
SELECT throws_ok($$SELECT sen_slope('{1,2,-Infinity}')$$, '22003', NULL, '-inf in a series: 22003');
SELECT throws_ok($$SELECT mann_kendall('{{1,2},{3,4}}')$$, '22023', NULL, 'a two-dimensional series: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{{1,2},{3,4}}', '{1,2,3,4}', '{1}', '{2}')$$, '22023', NULL, 'two-dimensional ids: 22023');
SELECT throws_ok($$SELECT mann_kendall('{1,2,3}', 0)$$, '22023', NULL, 'alpha 0: 22023');
SELECT throws_ok($$SELECT mann_kendall(array_fill(1::float8, ARRAY[5001]))$$, '54000', NULL, 'more than 5000 steps: 54000');
SELECT is((SELECT (s, var_s) FROM mann_kendall('{1,1,2,NaN,2,3}')), (8::float8, (5 * 4 * 15 - 2 * (2 * 1 * 9)) / 18.0::float8),
    'ties: Var(S) = [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18 over the non-missing values');

-- ---------------------------------------------------------------------------
-- Edge cases of the area functions (they share one input reader)
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1,2}', '{2,2}')$$, '22023',
    'getis_ord: pair 2 (2, 2) links an area to itself', 'a self pair: 22023 naming it');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1}', '{2}', transform => 'X')$$, '22023',
    'getis_ord: unknown transform "X"; allowed are ''B'' (binary) and ''R'' (row-standardised)',
    'an unknown transform: 22023 naming the allowed ones');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1}', '{7}')$$, '22023',
    'getis_ord: nbr_j[1] = 7 is not one of the ids', 'an unknown id in a pair: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,2}', '{1,2,3}', '{1}', '{2}')$$, '22023',
    'getis_ord: id 2 appears more than once in ids', 'duplicate ids: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1,2,1}', '{2,1,2}')$$, '22023',
    'getis_ord: pair (1, 2) is given more than once (pairs 1 and 3)', 'duplicate pairs: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2}', '{1}', '{2}')$$, '22023', NULL, 'ids and vals of different lengths: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1,2}', '{2}')$$, '22023', NULL, 'nbr_i and nbr_j of different lengths: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1}', '{2}', '{1,1}')$$, '22023', NULL, 'w of another length: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,NULL,3}', '{1,2,3}', '{1}', '{3}')$$, '22004', 'getis_ord: ids[2] is NULL', 'a NULL id: 22004');
SELECT throws_ok($$SELECT * FROM local_moran('{1,2,3}', '{1,2,3}', '{1}', '{NULL}')$$, '22004', 'local_moran: nbr_j[1] is NULL', 'a NULL in a pair: 22004');
SELECT throws_ok($$SELECT * FROM global_moran(NULL, '{1,2,3}', '{1}', '{2}')$$, '22004', NULL, 'a NULL array: 22004');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,Infinity,3}', '{1}', '{2}')$$, '22003', NULL, '+inf value: 22003');
SELECT throws_ok($$SELECT * FROM local_moran('{1,2,3}', '{1,-Infinity,3}', '{1}', '{2}')$$, '22003', NULL, '-inf value: 22003');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3,4}', '{1,NULL,NaN,4}', '{1}', '{4}')$$, '22023',
    'getis_ord needs at least 3 areas with a value, got 2', 'fewer than 3 areas with a value: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1}', '{2}', '{0.5}')$$, '22023', NULL,
    'a weight other than 0/1 under transform B: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1}', '{2}', '{-1}', true, 'R')$$, '22023', NULL, 'a negative weight: 22023');
SELECT throws_ok($$SELECT * FROM getis_ord('{1,2,3}', '{1,2,3}', '{1}', '{2}', '{Infinity}', true, 'R')$$, '22003', NULL, 'an infinite weight: 22003');
SELECT throws_ok($$SELECT * FROM local_moran('{1,2,3}', '{1,2,3}', '{1}', '{2}', permutations => 100000)$$, '22023', NULL,
    'permutations above 99999: 22023');

-- missing values: a row with reason 'missing', left out of everything else
CREATE TEMP TABLE miss AS
SELECT * FROM getis_ord((SELECT array_agg(id) FROM five) || '{20,21}'::int8[],
                        (SELECT array_agg(x) FROM five) || '{NULL,NaN}'::float8[],
                        (SELECT array_agg(i) FROM five_nb) || '{20,10,21}'::int8[],
                        (SELECT array_agg(j) FROM five_nb) || '{10,20,11}'::int8[]);
SELECT is((SELECT array_agg(reason ORDER BY id) FROM miss WHERE id >= 20), ARRAY['missing', 'missing'],
    'NULL and NaN values: rows with reason missing');
SELECT ok((SELECT bool_and(z IS NULL AND p IS NULL AND bin IS NULL AND fdr_hot IS NULL) FROM miss WHERE id >= 20),
    '... with NULL statistics');
SELECT is_empty($$SELECT * FROM miss WHERE id < 20 EXCEPT ALL SELECT * FROM five_gi$$,
    '... and excluded: the other areas'' results equal those without the missing areas');
-- islands and constants
SELECT is((SELECT (z, reason) FROM getis_ord('{1,2,3,4}', '{1,2,3,9}', '{1,2}', '{2,1}') WHERE id = 4),
    (NULL::float8, 'island'::text), 'an area without neighbours: NULL z, reason island');
SELECT is((SELECT (i, reason) FROM local_moran('{1,2,3,4}', '{1,2,3,9}', '{1,2}', '{2,1}') WHERE id = 3),
    (NULL::float8, 'island'::text), 'local_moran: island');
SELECT is((SELECT array_agg(reason) FROM getis_ord('{1,2,3}', '{4,4,4}', '{1,2,3}', '{2,3,1}')),
    ARRAY['constant', 'constant', 'constant'], 'constant values: reason constant');
SELECT ok((SELECT bool_and(z IS NULL) FROM local_moran('{1,2,3}', '{4,4,4}', '{1,2,3}', '{2,3,1}')), 'local_moran: constant values give NULL z');
SELECT is((SELECT reason FROM getis_ord('{1,2,3,4}', '{5,5,5,9}', '{1,2,3,4}', '{2,3,4,1}', star => false) WHERE id = 4),
    'constant', 'Gi: the values site 4 is compared with (all but its own) are constant');
SELECT is((SELECT reason FROM global_moran('{1,2,3}', '{4,4,4}', '{1,2,3}', '{2,3,1}')), 'constant', 'global_moran: constant');
SELECT is((SELECT array_agg(reason) FROM getis_ord('{1,2,3}', '{1,2,4}', '{1,1,2,2,3,3}', '{2,3,1,3,1,2}')),
    ARRAY['degenerate', 'degenerate', 'degenerate'], 'Gi* where every area neighbours every other: degenerate');
SELECT is((SELECT count(*) FROM getis_ord('{1,2,3,4}', '{1,2,3,9}', '{1,2,3}', '{2,3,4}', '{1,0,1}') WHERE reason = 'island'),
    2::int8, 'weight-0 pairs are no neighbours');

-- neighbours_within
SELECT throws_ok($$SELECT * FROM neighbours_within('{1,2}', ARRAY[ST_SetSRID(ST_MakePoint(0, 0), 4326), ST_SetSRID(ST_MakePoint(0, 0), 3857)], 1)$$,
    '22023', 'neighbours_within: geometries mix SRIDs 3857, 4326', 'mixed SRIDs: 22023');
SELECT throws_ok($$SELECT * FROM neighbours_within('{1,1}', ARRAY[ST_MakePoint(0, 0), ST_MakePoint(1, 1)], 1)$$,
    '22023', NULL, 'neighbours_within: duplicate ids 22023');
SELECT throws_ok($$SELECT * FROM neighbours_within('{1,2}', ARRAY[ST_MakePoint(0, 0), NULL], 1)$$, '22004', NULL,
    'neighbours_within: a NULL geometry 22004');
SELECT throws_ok($$SELECT * FROM neighbours_within('{1,2}', ARRAY[ST_MakePoint(0, 0), ST_MakePoint(1, 1)], -1)$$, '22023', NULL,
    'neighbours_within: a negative band 22023');
SELECT ok((SELECT d BETWEEN 111.3 AND 111.35 FROM neighbours_within('{1,2}',
             ARRAY[ST_SetSRID(ST_MakePoint(0, 0), 4326), ST_SetSRID(ST_MakePoint(0.001, 0), 4326)], 200) WHERE i = 1),
    'SRID 4326: distances in metres on the spheroid (0.001 degree at the equator = 111.32 m)');
SELECT is((SELECT count(*) FROM neighbours_within('{1,2}',
             ARRAY[ST_SetSRID(ST_MakePoint(0, 0), 4326), ST_SetSRID(ST_MakePoint(0.001, 0), 4326)], 111)), 0::int8,
    'SRID 4326: a 111 m band leaves them apart');

-- the grid-hash candidate search finds exactly the pairs a full comparison finds
CREATE TEMP TABLE scatter AS
SELECT k::int8 AS id, ST_MakePoint((k * 7919 % 1000) / 10.0, (k * 104729 % 1000) / 10.0) AS g FROM generate_series(1, 400) k
UNION ALL SELECT 1000 + k, ST_Buffer(ST_MakePoint(k * 9.0, 50), 2 + k % 3) FROM generate_series(1, 10) k;
SELECT set_eq($$SELECT i, j FROM neighbours_within((SELECT array_agg(id) FROM scatter), (SELECT array_agg(g) FROM scatter), 4.5)$$,
    $$SELECT p.id AS i, q.id AS j FROM scatter p, scatter q WHERE p.id <> q.id AND ST_Distance(p.g, q.g) <= 4.5$$,
    'planar points and polygons: the same pairs as comparing every pair');
CREATE TEMP TABLE scatter_geo AS
SELECT id, ST_SetSRID(ST_MakePoint(30 + ST_X(g) / 1000, 60 + ST_Y(g) / 1000), 4326) AS g FROM scatter WHERE id <= 400;
SELECT set_eq($$SELECT i, j FROM neighbours_within((SELECT array_agg(id) FROM scatter_geo), (SELECT array_agg(g) FROM scatter_geo), 800)$$,
    $$SELECT p.id AS i, q.id AS j FROM scatter_geo p, scatter_geo q WHERE p.id <> q.id AND ST_Distance(p.g::geography, q.g::geography) <= 800$$,
    'SRID 4326 at 60 degrees north: the same pairs as comparing every pair on the spheroid');
SELECT is((SELECT count(*) FROM neighbours_within('{1,2}',
             ARRAY[ST_SetSRID(ST_MakePoint(179.9999, 0), 4326), ST_SetSRID(ST_MakePoint(-179.9999, 0), 4326)], 50)), 2::int8,
    'SRID 4326: neighbours across the antimeridian are found');
-- near the poles and across +-180, against every pair on the spheroid
CREATE TEMP TABLE polar AS
SELECT k::int8 AS id, ST_SetSRID(ST_MakePoint(-180 + (k * 7919 % 3600) / 10.0, 89.5 + (k * 104729 % 500) / 1000.0), 4326) AS g
  FROM generate_series(1, 300) k;
SELECT set_eq($$SELECT i, j FROM neighbours_within((SELECT array_agg(id) FROM polar), (SELECT array_agg(g) FROM polar), 20000)$$,
    $$SELECT p.id AS i, q.id AS j FROM polar p, polar q WHERE p.id <> q.id AND ST_Distance(p.g::geography, q.g::geography) <= 20000$$,
    'SRID 4326 within half a degree of the north pole, all longitudes: the same pairs as comparing every pair');
CREATE TEMP TABLE dateline AS
SELECT k::int8 AS id, ST_SetSRID(ST_MakePoint(CASE WHEN k % 2 = 0 THEN 179.5 + (k * 7919 % 500) / 1000.0
                                                   ELSE -179.5 - (k * 7919 % 500) / 1000.0 END,
                                              -70 + (k * 104729 % 1400) / 10.0), 4326) AS g
  FROM generate_series(1, 300) k;
SELECT set_eq($$SELECT i, j FROM neighbours_within((SELECT array_agg(id) FROM dateline), (SELECT array_agg(g) FROM dateline), 60000)$$,
    $$SELECT p.id AS i, q.id AS j FROM dateline p, dateline q WHERE p.id <> q.id AND ST_Distance(p.g::geography, q.g::geography) <= 60000$$,
    'SRID 4326 on both sides of +-180 from 70 S to 70 N: the same pairs as comparing every pair');

SELECT * FROM finish();
ROLLBACK;

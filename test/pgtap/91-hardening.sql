-- Hardening (issue 14): one rule for key scope names, one bound for the
-- sets a function makes, one rule for NULL elements of array arguments, and
-- widths that overflow reported as too large.  Catalog checks make a new
-- set-returning function or array argument take a side (see README "Limits"):
-- a branch that adds one adds it to the list below that says how it is
-- bounded (or how it treats NULL elements), and adds bad inputs for its
-- functions to test/corpus (test/pgtap/91-bad_input_corpus.sql checks).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(72);

-- ---------------------------------------------------------------------------
-- 1. Scope names: 1 to 63 characters a-z 0-9 _ . : -, starting with a letter
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT key_create('bad scope')$$, '22023',
    'invalid key scope name: a scope is 1 to 63 characters a-z, 0-9, "_", ".", ":" or "-", starting with a letter a-z',
    'key_create: a space is refused, the message names the rule');
SELECT throws_ok($$SELECT key_create('hu' || chr(8205) || 'b')$$, '22023', NULL,
                 'key_create: a zero-width joiner (a look-alike of hub) is refused');
SELECT throws_ok($$SELECT key_scope_check('hub' || chr(8207))$$, '22023', NULL,
                 'key_scope_check: a right-to-left mark is refused');
SELECT throws_ok($$SELECT key_scope_check('hub' || chr(8203))$$, '22023', NULL, 'key_scope_check: zero-width space');
SELECT throws_ok($$SELECT key_scope_check('hub' || chr(160))$$, '22023', NULL, 'key_scope_check: no-break space');
SELECT throws_ok($$SELECT key_scope_check('hцb')$$, '22023', NULL, 'key_scope_check: a Cyrillic look-alike letter');
SELECT throws_ok($$SELECT key_scope_check('Hub')$$, '22023', NULL, 'key_scope_check: upper case (Hub and hub would be two scopes)');
SELECT throws_ok($$SELECT key_scope_check('1hub')$$, '22023', NULL, 'key_scope_check: must start with a letter');
SELECT throws_ok($$SELECT key_scope_check('_hub')$$, '22023', NULL, 'key_scope_check: must start with a letter, not _');
SELECT throws_ok($$SELECT key_scope_check('')$$, '22023', NULL, 'key_scope_check: empty');
SELECT throws_ok($$SELECT key_scope_check(repeat('a', 64))$$, '22023', NULL, 'key_scope_check: 64 characters');
SELECT throws_ok($$SELECT key_scope_check(E'hub\n')$$, '22023', NULL, 'key_scope_check: a newline');
SELECT lives_ok($$SELECT key_scope_check('hub'), key_scope_check('org:17'), key_scope_check('date_shift'),
                        key_scope_check('noise'), key_scope_check('a'), key_scope_check(repeat('a', 63)),
                        key_scope_check('team-2.eu_west')$$,
                'key_scope_check: the scopes of the docs and tests pass');
SELECT key_create('hub');
SELECT throws_ok($$SELECT key_rotate('hub ')$$, '22023', NULL, 'key_rotate: the rule applies');
SELECT throws_ok($$SELECT pseudonymise('email', 'a@example.org', 'hub' || chr(8207))$$, '22023', NULL,
                 'pseudonymise: the rule applies before any key is looked up');
SELECT throws_ok($$SELECT pseudonymise('email', 'not an email', 'Hub')$$, '22023',
    'invalid key scope name: a scope is 1 to 63 characters a-z, 0-9, "_", ".", ":" or "-", starting with a letter a-z',
    'pseudonymise: the scope is checked before the value');
SELECT throws_ok($$SELECT pseudonym_verify(pseudonymise('email', 'a@example.org', 'hub'), 'email', 'a@example.org', 'hu' || chr(8205) || 'b')$$,
                 '22023', NULL, 'pseudonym_verify: the rule applies');
SELECT throws_ok($$SELECT pseudonym_rekey(pseudonymise('email', 'a@example.org', 'hub'), 'email', 'a@example.org', 'HUB')$$,
                 '22023', NULL, 'pseudonym_rekey: the rule applies');
SELECT throws_ok($$SELECT date_shift('2024-03-01', pseudonymise('email', 'a@example.org', 'hub'), 30, 'date shift')$$,
                 '22023', NULL, 'date_shift: the rule applies');
SELECT throws_ok($$SELECT pii_redact('call +44 7700 900123', 'en', 'pseudonym', 'hub' || chr(8207))$$,
                 '22023', NULL, 'pii_redact: the rule applies');
SELECT is((SELECT count(*) FROM key_versions() WHERE scope !~ '^[a-z][a-z0-9_.:-]{0,62}$'), 0::int8,
          'no key of a scope outside the rule was made');

-- ---------------------------------------------------------------------------
-- 2. One bound for the sets a function makes: 10 million rows, 54000 first
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT count(*) FROM cell_children('h0:0:0', 15)$$, '54000',
    'cell_children would return about 1073741824 rows, more than the limit of 10000000 rows of a set-returning function',
    'cell_children: 4^15 descendants are refused before the first, naming the limit');
SELECT throws_ok($$SELECT count(*) FROM cell_disk('h15:0:0', 100000)$$, '54000', NULL, 'cell_disk: k = 100000 at resolution 15');
SELECT throws_ok($$SELECT count(*) FROM cell_ring('h15:0:0', 2000000)$$, '54000', NULL, 'cell_ring: 6k past the limit');
SELECT throws_ok($$SELECT cell_disk_pairs(ARRAY['h15:0:0'::cell], 100000)$$, '54000', NULL,
                 'cell_disk_pairs: a disk past the limit for each cell');
SELECT throws_ok($$SELECT count(*) FROM cube_cells((SELECT st_cube('h7:1:1'::cell, now(), '1 minute')),
                                                   ARRAY['h7:1:1', 'h7:1:3', 'h7:3:1']::cell[], '2000-01-01', '2030-01-01')$$,
                 '54000', NULL, 'cube_cells: a study area and span of more than 10 million (cell, bin) rows');
SELECT throws_ok($$SELECT count(*) FROM cells_cover(ST_MakeEnvelope(-180, -90, 180, 90, 4326), 15)$$, '54000', NULL,
                 'cells_cover: the same bound');
SELECT is((SELECT count(*) FROM cell_children('h0:0:0', 5)), 1024::int8, 'cell_children: within the bound, all rows');
SELECT is((SELECT count(*) FROM cell_disk('h9:0:0', 100)), 30301::int8, 'cell_disk: 1 + 3k(k+1) within the bound');
SELECT cmp_ok((SELECT count(*) FROM cell_disk('h0:0:0', 100000)), '<', 10000000::int8,
              'cell_disk: a large k at a coarse resolution is the whole grid, allowed');
SELECT is((SELECT count(*) FROM cell_ring('h15:0:0', 100000)), 600000::int8, 'cell_ring: 6k within the bound');
-- (cell, bin) rows of the grid statistics: the engine works on up to 100
-- million observations, but a set may have 10 million rows (were returned)
SELECT throws_ok($$SELECT count(*) FROM hotspots_grid((SELECT st_cube(cell(50 + i * 0.5, i * 0.5, 7), timestamptz '2014-01-01' + i * interval '1500 days', '1 minute')
                                                         FROM generate_series(1, 3) i), 1, NULL)$$,
                 '54000', 'hotspots would return about 12960003 rows, more than the limit of 10000000 rows of a set-returning function',
                 'hotspots_grid: 3 cells in 4.3 million one-minute bins are refused before any Gi*');
SELECT throws_ok($$SELECT count(*) FROM emerging_hotspots_bins_grid(
                      (SELECT st_cube(cell(50 + i * 0.01, i * 0.01, 7), timestamptz '2010-01-01' + i * interval '2400 days', '1 day')
                         FROM generate_series(1, 3) i), 1, 1, ARRAY(SELECT cell_disk(cell(50, 0, 7), 29)), 'cube', NULL)$$,
                 '54000', NULL, 'emerging_hotspots_bins_grid: 2611 study cells in 4801 bins are refused');

-- Every set-returning function of the extension takes a side: it makes rows
-- and checks the bound first, or its rows are bounded by what it reads.
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tst_hub'
       WHERE p.proretset$$,
    $$SELECT x::regprocedure::text FROM unnest(ARRAY[
        -- make rows: 54000 past 10 million, before the first row
        'cell_children(cell)', 'cell_children(cell, int4)', 'cell_disk(cell, int4)', 'cell_ring(cell, int4)',
        'cell_cover_candidates(float8, float8, float8, float8, int4)', 'cells_cover(geometry, int4, text)',
        'cube_cells(cube, cell[], timestamptz, timestamptz)', 'cube_cells(cube, geometry, timestamptz, timestamptz)',
        'neighbours_within(int8[], geometry[], float8)',  -- pairs are found by searching: 54000 before returning any
        -- one row per (cell, bin): n * T checked once the study cells and the span are known
        'hotspots_grid(cube, int4, cell[])', 'hotspots(cube, int4, geometry)',
        'emerging_hotspots_bins_grid(cube, int4, int4, cell[], text, timestamptz)',
        'emerging_hotspots_bins(cube, int4, int4, geometry, text, timestamptz)',
        -- kernel density: 54000 past 2 million cells in one surface or 10 million rows
        -- (rows go to a tuplestore the caller sees only once complete)
        'kernel_density(cube, float8, int4, geometry, bool)', 'kernel_density(geometry[], float8[], float8, int4)',
        'kernel_density_cells(cube, float8, int4, cell[], bool)',
        'kernel_density_points(float8[], float8[], float8[], float8, int4)',
        -- bounded by the compiled vocabulary and crosswalks
        'children(term)', 'descendants(term)', 'ancestors(term)', 'vocabulary_nodes()', 'vocabulary_label_rows()',
        'crosswalk_rows()', 'from_scheme(text, text, text)', 'to_scheme(text, term)', 'from_ctdc(text, text)',
        'to_ctdc(term)', 'from_htcds(text, text)', 'to_htcds(term)', 'grade_conversions()',
        -- one row per element of an argument (a term_set, a cube, arrays of areas or cells)
        'unnest(term_set)', 'pii_detect(text, text)', 'cube_cells(cube)', 'cube_people(cube)', 'cube_cells_safe(cube, int4)',
        'safe_cells(cube, int4, int4)',
        -- one row per study cell (the area's or the cube's counted cells)
        'emerging_hotspots_grid(cube, int4, int4, cell[], int4, float8, bool, text, text)',
        'emerging_hotspots(cube, int4, int4, geometry, int4, float8, bool, text, text)',
        -- one row per record of the text argument (a file of at most 1 GB)
        'csv_records(text)', 'ctdc_rows(text)',
        'getis_ord(int8[], float8[], int8[], int8[], float8[], bool, text)',
        'local_moran(int8[], float8[], int8[], int8[], float8[], text, int4, int8)',
        'suppress_crosstab(text[], text[], int8[], int4, int8)',  -- and at most 2,500 cells
        'suppress_linked(text[], int8[], text[], text[], int4, int8)',
        -- at most one row per row or group of a table the caller can read
        'key_versions()', 'dp_ledger()', 'dp_credit()',
        'hub_victims(text[], text, term, int4, int4)',  -- groups of incidents
        'supply_chain_risk(int4, daterange, float8)', 'supply_chain_risk_by_supplier(int4, daterange, float8)',  -- sites, suppliers
        'hub_distribute()',  -- one row per hub table (ten)
        'hub_reports(int8)',  -- one row per hub report
        'k_anonymity(regclass, text[], name, int4)', 'k_anonymity_groups(regclass, text[], name, int4)',
        'group_diversity(regclass, text[], name, name)', 'l_diversity(regclass, text[], name, name, int4)',
        'l_diversity_groups(regclass, text[], name, name, int4)', 'generalisation_levels(regclass, name, jsonb, text)',
        'anonymise_release(regclass, name, text[], name, int4, int4, name, jsonb, text, name)']) x$$,
    'every set-returning function is classified: it checks the 10 million row bound or is bounded by its input');

-- ---------------------------------------------------------------------------
-- 3. NULL elements of array arguments: 22004 unless NULL has a documented meaning
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT count(*) FROM cube_cells((SELECT st_cube('h7:1:1'::cell, now(), '1 day')), ARRAY[NULL::cell])$$,
                 '22004', 'cube_cells: element 1 of study_area is NULL', 'cube_cells: a NULL study-area cell (was dropped)');
SELECT throws_ok($$SELECT count(*) FROM cube_cells((SELECT st_cube('h7:1:1'::cell, now(), '1 day')), ARRAY['h7:1:1', NULL]::cell[])$$,
                 '22004', NULL, 'cube_cells: a NULL among cells');
SELECT throws_ok($$SELECT term_set(ARRAY['control/threats', NULL]::term[])$$, '22004', NULL, 'term_set: a NULL term');
SELECT throws_ok($$SELECT num_bin(5, '{1,NULL,10}'::numeric[])$$, '22004', 'num_bin: element 2 of edges is NULL',
                 'num_bin: a NULL edge (was 22023)');
SELECT throws_ok($$SELECT num_bin(5, '[3:5]={1,NULL,10}'::numeric[])$$, '22004', 'num_bin: element 2 of edges is NULL',
                 'num_bin: the element is counted from 1 whatever the bounds');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a', NULL], ARRAY['x', 'y'], ARRAY[20, 30]::int8[])$$, '22004', NULL,
                 'suppress_crosstab: a NULL row key');
SELECT throws_ok($$SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x', 'y'], ARRAY[20, NULL]::int8[])$$, '22004', NULL,
                 'suppress_crosstab: a NULL count');
SELECT throws_ok($$SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[20, 30]::int8[], ARRAY['t', NULL], ARRAY['a', 'b'])$$,
                 '22004', NULL, 'suppress_linked: a NULL total key');
SELECT throws_ok($$SELECT release_group_keys(ARRAY['a', NULL])$$, '22004', NULL, 'release_group_keys: a NULL expression');
SELECT throws_ok($$SELECT release_group_query(ARRAY['g', NULL], false, NULL, false)$$, '22004', NULL,
                 'release_group_query: a NULL expression (was left out of the query)');
CREATE TEMP TABLE hq (a int, b int);
SELECT throws_ok($$SELECT * FROM k_anonymity('hq', ARRAY['a', NULL])$$, '22004', NULL, 'k_anonymity: a NULL column name');
SELECT throws_ok($$SELECT * FROM l_diversity('hq', ARRAY[NULL, 'a'], 'b')$$, '22004', NULL, 'l_diversity: a NULL column name');
SELECT throws_ok($$SELECT cell_disk_pairs(ARRAY['h7:1:1', NULL]::cell[], 1)$$, '22004', NULL, 'cell_disk_pairs: a NULL cell');
SELECT throws_ok($$SELECT * FROM neighbours_within(ARRAY[1, NULL]::int8[], ARRAY['POINT(0 0)', 'POINT(1 1)']::geometry[], 1)$$,
                 '22004', NULL, 'neighbours_within: a NULL id');
SELECT throws_ok($$SELECT * FROM getis_ord(ARRAY[1, NULL]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[])$$,
                 '22004', NULL, 'getis_ord: a NULL id (a NULL value means missing, documented)');
SELECT throws_ok($$SELECT * FROM local_moran(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[NULL]::int8[])$$,
                 '22004', NULL, 'local_moran: a NULL neighbour');
SELECT throws_ok($$SELECT * FROM global_moran(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[], ARRAY[NULL]::float8[])$$,
                 '22004', NULL, 'global_moran: a NULL weight');
CREATE TEMP TABLE hc AS SELECT st_cube(cell(50 + i * 0.5, i * 0.5, 7), timestamptz '2024-01-01' + i * interval '1 day', '1 day') AS c
  FROM generate_series(1, 3) i;
CREATE TEMP TABLE ha AS SELECT ARRAY[cell(50.5, 0.5, 7), cell(51, 1, 7), NULL, cell(51.5, 1.5, 7)] AS a;
SELECT throws_ok($$SELECT count(*) FROM hotspots_grid((SELECT c FROM hc), 1, (SELECT a FROM ha))$$,
                 '22004', 'hotspots: element 3 of area is NULL', 'hotspots_grid: a NULL study cell (was dropped)');
SELECT throws_ok($$SELECT count(*) FROM emerging_hotspots_grid((SELECT c FROM hc), 1, 1, (SELECT a FROM ha), 90, 0.05, true, 'current', 'cube')$$,
                 '22004', 'emerging_hotspots: element 3 of area is NULL', 'emerging_hotspots_grid: a NULL study cell (was dropped)');
SELECT throws_ok($$SELECT count(*) FROM emerging_hotspots_bins_grid((SELECT c FROM hc), 1, 1, (SELECT a FROM ha), 'cube', NULL)$$,
                 '22004', NULL, 'emerging_hotspots_bins_grid: a NULL study cell (was dropped)');
SELECT throws_ok($$SELECT count(*) FROM kernel_density_cells((SELECT c FROM hc), 1000, 7, (SELECT a FROM ha), false)$$,
                 '22004', 'kernel_density_cells: element 3 of cells is NULL', 'kernel_density_cells: a NULL study cell (was dropped)');
SELECT throws_ok($$SELECT * FROM hub_victims(ARRAY['country', NULL])$$, '22004', 'hub_victims group_by[2] is NULL',
                 'hub_victims: a NULL grouping, with its position');
SELECT throws_ok($$SELECT key_judgement('s', 'phia:likely', 'high', ARRAY[1, NULL]::int8[])$$, '22004',
                 'key_judgement evidence[2] is NULL', 'key_judgement: a NULL incident id');
SELECT throws_ok($$SELECT key_judgement('s', 'phia:likely', 'high', ARRAY[1]::int8[], NULL, NULL, '[2024-01-01,2024-02-01)', ARRAY['h7:1:1', NULL]::cell[])$$,
                 '22004', 'key_judgement cells[2] is NULL', 'key_judgement: a NULL cell');
SELECT throws_ok($$SELECT report_body('s', report_text('h', 'b'), NULL)$$, '22004', 'report_body blocks[2] is NULL',
                 'report_body: a NULL block, with its position');
SELECT throws_ok($$SELECT report_figures('h', ARRAY['a', NULL], ARRAY[(12, NULL), (13, NULL)]::released[])$$, '22004',
                 'report_figures labels[2] is NULL', 'report_figures: a NULL label, with its position');
SELECT throws_ok($$SELECT report_figures('h', ARRAY['a', 'b'], ARRAY[(12, NULL), NULL]::released[])$$, '22004',
                 'report_figures figures[2] is NULL', 'report_figures: a NULL figure');
-- documented meanings: a NULL point or weight skips the point; eb_rates keeps NULL in place
SELECT set_eq($$SELECT cell, round(density::numeric, 9) FROM kernel_density(ARRAY['SRID=4326;POINT(0 50)', NULL, 'SRID=4326;POINT(0.05 50.02)', 'SRID=4326;POINT(0.1 50)']::geometry[],
                                                                        ARRAY[1, 1, NULL, 2]::float8[], 5000)$$,
              $$SELECT cell, round(density::numeric, 9) FROM kernel_density(ARRAY['SRID=4326;POINT(0 50)', 'SRID=4326;POINT(0.1 50)']::geometry[],
                                                                        ARRAY[1, 2]::float8[], 5000)$$,
              'kernel_density: a NULL point and a NULL weight skip their points (documented)');
SELECT is(eb_rates(ARRAY[1, NULL, 3]::float8[], ARRAY[10, 10, NULL]::float8[]) IS NOT NULL
          AND (eb_rates(ARRAY[1, NULL, 3]::float8[], ARRAY[10, 10, NULL]::float8[]))[2:3] = ARRAY[NULL, NULL]::float8[], true,
          'eb_rates: NULL where a count or a population is NULL (documented)');

-- Every function with an array argument takes a side: tested above for
-- 22004, or NULL has a documented meaning there.
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tst_hub'
       WHERE EXISTS (SELECT 1 FROM unnest(p.proargtypes::oid[]) t JOIN pg_type ty ON ty.oid = t
                      WHERE ty.typcategory = 'A')$$,
    $$SELECT x::regprocedure::text FROM unnest(ARRAY[
        -- NULL elements are 22004 (tested above)
        'cube_cells(cube, cell[], timestamptz, timestamptz)', 'term_set(term[])', 'num_bin(numeric, numeric[])',
        'suppress_crosstab(text[], text[], int8[], int4, int8)', 'suppress_linked(text[], int8[], text[], text[], int4, int8)',
        'release_group_keys(text[])', 'release_group_query(text[], bool, text, bool)',
        'release_columns(regclass, text[], name, name)', 'k_anonymity(regclass, text[], name, int4)',
        'k_anonymity_groups(regclass, text[], name, int4)', 'group_diversity(regclass, text[], name, name)',
        'l_diversity(regclass, text[], name, name, int4)', 'l_diversity_groups(regclass, text[], name, name, int4)',
        'anonymise_release(regclass, name, text[], name, int4, int4, name, jsonb, text, name)',
        'cell_disk_pairs(cell[], int4)', 'neighbours_within(int8[], geometry[], float8)',
        -- ids and neighbours 22004; a NULL value is a missing value (documented: reason missing)
        'getis_ord(int8[], float8[], int8[], int8[], float8[], bool, text)',
        'local_moran(int8[], float8[], int8[], int8[], float8[], text, int4, int8)',
        'global_moran(int8[], float8[], int8[], int8[], float8[], text)',
        'hotspots_grid(cube, int4, cell[])', 'emerging_hotspots_grid(cube, int4, int4, cell[], int4, float8, bool, text, text)',
        'emerging_hotspots_bins_grid(cube, int4, int4, cell[], text, timestamptz)',
        'kernel_density_cells(cube, float8, int4, cell[], bool)', 'hub_victims(text[], text, term, int4, int4)',
        'key_judgement(text, likelihood, confidence, int8[], geometry, term_set, daterange, cell[])',
        'report_body(text, jsonb[])', 'report_figures(text, text[], released[], int4)',
        -- a NULL or empty point, or a NULL or 0 weight, skips the point (documented, tested above)
        'kernel_density(geometry[], float8[], float8, int4)', 'kernel_density_points(float8[], float8[], float8[], float8, int4)',
        'kde_bandwidth(geometry[], float8[])', 'kde_bandwidth_points(float8[], float8[], float8[])',
        'kde_points_lonlat(geometry[])',  -- NULL in, NULL out, position kept (documented)
        -- NULL where a count or a population is NULL (documented, tested above)
        'eb_rates(float8[], float8[])',
        -- a CHECK test: a NULL element makes it false (the list is refused; tested in 59-ingest_checks)
        'pseudonym_list_valid(pseudonym[])',
        -- a NULL bin is not significant (documented: Gi_Bin of ArcGIS)
        'ehsa_category(int4[], float8, float8, int4, float8, text)',
        -- a NULL in a series is a missing step (documented, as pyMannKendall)
        'mann_kendall(float8[], float8)', 'sen_slope(float8[])',
        -- aggregate states, not arguments a user passes: NULL inside is a corrupt state (XX001)
        'mann_kendall_trans(float8[], timestamptz, float8)', 'mann_kendall_trans(float8[], timestamptz, float8, float8)',
        'mann_kendall_trans(float8[], int8, float8)', 'mann_kendall_trans(float8[], int8, float8, float8)',
        'mann_kendall_combine(float8[], float8[])', 'mann_kendall_final(float8[])']) x$$,
    'every function with an array argument is classified for NULL elements');
SELECT throws_ok($$SELECT mann_kendall_final(ARRAY[0.05, NULL, 1]::float8[])$$, 'XX001', NULL,
                 'mann_kendall_final: a NULL inside a state is a corrupt state');
SELECT throws_ok($$SELECT * FROM anonymise_release('hq', 'hq_out', ARRAY['a', NULL], k => 2)$$, '22004', NULL,
                 'anonymise_release: a NULL quasi-identifier');

-- ---------------------------------------------------------------------------
-- 4. Widths that overflow are too large, not "not positive"
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT st_cube('h7:1:1'::cell, now(), '2147483647 days')$$, '22023',
                 'cube bin width is too large: at most 106751991 days', 'st_cube: 2^31 days is too large, with the maximum');
SELECT throws_ok($$SELECT st_cube('h7:1:1'::cell, now(), '106751992 days')$$, '22023',
                 'cube bin width is too large: at most 106751991 days', 'st_cube: one day past the maximum');
SELECT throws_ok($$SELECT st_cube('h7:1:1'::cell, now(), '106751991 days 23:59:59')$$, '22023',
                 'cube bin width is too large: at most 106751991 days', 'st_cube: the time part overflows too');
SELECT throws_ok($$SELECT st_cube('h7:1:1'::cell, now(), '-2147483647 days')$$, '22023',
                 'cube bin width must be positive', 'st_cube: a huge negative width is not positive');
SELECT throws_ok($$SELECT st_cube_people('h7:1:1'::cell, now(), '2147483647 days', pseudonymise('email', 'a@example.org', 'hub'))$$,
                 '22023', 'cube bin width is too large: at most 106751991 days', 'st_cube_people: the same check');
SELECT lives_ok($$SELECT st_cube('h7:1:1'::cell, '2024-01-01', '106751991 days')$$, 'st_cube: the maximum width works');

SELECT * FROM finish();
ROLLBACK;

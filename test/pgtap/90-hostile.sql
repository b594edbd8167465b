-- Hostile input: every problem found by the robustness review, plus the edge
-- cases that were worth keeping (NULLs, empties, extremes, forged bytes,
-- parallel plans).  A test marked "BUG" fails while the problem exists.
-- The crash tests come last: a crash ends the file, so the rest still run.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(71);

-- ---------------------------------------------------------------------------
-- num_bin: arrays that do not start at 1 (BUG: silent wrong bins)
-- ---------------------------------------------------------------------------
SELECT is(num_bin(6, '{1,5,10}'::numeric[]), '[5,10)'::numrange, 'num_bin: ordinary edges');
SELECT is(num_bin(6, '[0:2]={1,5,10}'::numeric[]), '[5,10)'::numrange,
          'BUG num_bin: edges with lower bound 0 give the same bin');
SELECT is(num_bin(6, '[5:7]={1,5,10}'::numeric[]), '[5,10)'::numrange,
          'BUG num_bin: edges with lower bound 5 give the same bin');
SELECT throws_ok($$SELECT num_bin(6, '[5:7]={10,5,1}'::numeric[])$$, '22023', NULL,
                 'BUG num_bin: decreasing edges are refused whatever the array bounds');
SELECT throws_ok($$SELECT num_bin(1, '{1,NaN}'::numeric[])$$, '22023', NULL, 'num_bin: NaN edge');
SELECT throws_ok($$SELECT num_bin(1, '{{1,2},{3,4}}'::numeric[])$$, '22023', NULL, 'num_bin: 2-D edges');
SELECT throws_ok($$SELECT num_bin(1, '{}'::numeric[])$$, '22023', NULL, 'num_bin: no edges');

-- ---------------------------------------------------------------------------
-- Masks (BUG: digits of other scripts and text after the last dot leak)
-- ---------------------------------------------------------------------------
SELECT is(mask_phone('+44 20 7946 0958'), '+** ** **** **58', 'mask_phone: ASCII digits');
SELECT is(mask_phone('+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨'), '+** ** **** **٥٨',
          'BUG mask_phone: Arabic-Indic digits are masked too (canon_phone accepts them)');
SELECT is(mask_phone('０１２３４'), '***３４', 'BUG mask_phone: full-width digits are masked too');
SELECT is(mask_phone('+44', 1000000), '+44', 'mask_phone: keep larger than the number');
SELECT throws_ok($$SELECT mask_phone('1', -1)$$, '22023', NULL, 'mask_phone: negative keep');
SELECT is(mask_text('日本語テキスト', 2), '*****スト', 'mask_text: multibyte characters count once');
SELECT is(mask_email('ñoño@example.org'), 'ñ***@***.org', 'mask_email: multibyte first character');
SELECT ok(mask_email('j@domain.John Smith passport X123') NOT LIKE '%Smith%',
          'BUG mask_email: text after the last dot that is no top-level domain is not shown');

-- ---------------------------------------------------------------------------
-- cube input: header fields and bins outside the timestamp range
-- (BUG: accepted, then unprintable or 22008 later)
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.cube_hex(res int, bin_us int8, origin int8, entries text DEFAULT '')
RETURNS text LANGUAGE sql AS $$
    SELECT '\x01' || lpad(to_hex(res), 2, '0') || '0000' || lpad(to_hex(length(entries) / 48), 8, '0')
           || lpad(to_hex(bin_us), 16, '0') || lpad(to_hex(origin), 16, '0') || entries
$$;
CREATE FUNCTION pg_temp.entry_hex(c cell, bin int8, n int8) RETURNS text LANGUAGE sql AS $$
    SELECT lpad(to_hex(cell_id(c)), 16, '0') || lpad(to_hex(bin), 16, '0') || lpad(to_hex(n), 16, '0')
$$;
SELECT lives_ok($$SELECT pg_temp.cube_hex(2, 86400000000, 0, pg_temp.entry_hex('h2:0:0', 5, 3))::cube$$,
                'cube: a hand-made valid cube is accepted');
SELECT throws_ok($$SELECT pg_temp.cube_hex(2, 86400000000, 9223372036854775806)::cube$$, '22P02', NULL,
                 'BUG cube: an origin past the timestamp range is refused at input');
SELECT throws_ok($$SELECT pg_temp.cube_hex(2, 86400000000, -9223372036854775807)::cube$$, '22P02', NULL,
                 'BUG cube: an origin before the timestamp range is refused at input');
SELECT throws_ok($$SELECT pg_temp.cube_hex(2, 86400000000, 0,
                      pg_temp.entry_hex('h2:0:0', 1000000000, 1))::cube$$, '22P02', NULL,
                 'BUG cube: a bin starting outside the timestamp range is refused at input');
SELECT throws_ok($$SELECT pg_temp.cube_hex(2, 86400000000, 0, pg_temp.entry_hex('h2:0:0', 0, -1))::cube$$,
                 '22P02', NULL, 'cube: negative count');
SELECT throws_ok($$SELECT pg_temp.cube_hex(3, 86400000000, 0, pg_temp.entry_hex('h2:0:0', 0, 1))::cube$$,
                 '22P02', NULL, 'cube: entry of another resolution');
SELECT throws_ok($$SELECT pg_temp.cube_hex(2, 86400000000, 0,
                      pg_temp.entry_hex('h2:0:0', 0, 1) || pg_temp.entry_hex('h2:0:0', 0, 1))::cube$$,
                 '22P02', NULL, 'cube: duplicate entry');
SELECT throws_ok($$SELECT ('\x' || repeat('0', 1000000))::cube$$, '22P02', NULL, 'cube: 1 MB of zeros');
SELECT throws_ok($$SELECT '\x01020000ffffffff00000000000000010000000000000000'::cube$$, '22P02', NULL,
                 'cube: entry count past the data');
CREATE FUNCTION pg_temp.cube_refused(h text) RETURNS bool LANGUAGE plpgsql AS $$
BEGIN
    PERFORM h::tst_hub.cube;
    RETURN false;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN true;
END
$$;
SELECT is((SELECT count(*) FROM generate_series(1, 3000) g
            WHERE NOT pg_temp.cube_refused('\x01' || lpad(to_hex(g % 17), 2, '0') || md5(g::text)
                                           || md5((g + 1)::text) || left(md5((g + 2)::text), 2 * (g % 16)))),
          0::bigint, 'cube: 3000 random hex strings are refused with 22P02, never a crash');
SELECT throws_ok($$SELECT cube_total(pg_temp.cube_hex(2, 86400000000, 0,
                      pg_temp.entry_hex('h2:0:0', 0, 9223372036854775807) || pg_temp.entry_hex('h2:0:0', 1, 1))::cube)$$,
                 '22003', NULL, 'cube_total: overflow');

-- ---------------------------------------------------------------------------
-- Unknown SRIDs (BUG: PostGIS's XX000 leaks through instead of 22023)
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT cell(ST_SetSRID(ST_MakePoint(0, 0), 999999), 3)$$, '22023', NULL,
                 'BUG cell(geometry): an unknown SRID is 22023');
SELECT throws_ok($$SELECT count(*) FROM cells_cover(ST_SetSRID(ST_MakeEnvelope(0, 0, 1, 1), 999999), 3)$$,
                 '22023', NULL, 'BUG cells_cover: an unknown SRID is 22023');
SELECT throws_ok($$SELECT cell(ST_MakePoint(0, 0), 3)$$, '22023', NULL, 'cell(geometry): SRID 0');
SELECT throws_ok($$SELECT cell(ST_SetSRID('POINT EMPTY'::geometry, 4326), 3)$$, '22023', NULL,
                 'cell(geometry): empty point');

-- ---------------------------------------------------------------------------
-- Non-UTF8 databases (BUG: CREATE EXTENSION fails in a LATIN1 database,
-- because crosswalk notes hold U+2248 and are copied into a table)
-- ---------------------------------------------------------------------------
SELECT lives_ok($$SELECT convert_to(string_agg(coalesce(note, ''), ' '), 'LATIN1') FROM crosswalk_rows()$$,
                'BUG crosswalk notes convert to LATIN1 (CREATE EXTENSION in a LATIN1 database)');

-- ---------------------------------------------------------------------------
-- Cells: ids, extremes, neighbourhoods at the edges of the grid
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.cell_id_ok(id int8) RETURNS bool LANGUAGE plpgsql AS $$
BEGIN
    RETURN tst_hub.cell_id(tst_hub.cell_from_id(id)::text::tst_hub.cell) = id;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN true;                -- refused: fine
END
$$;
SELECT is((SELECT count(*) FROM generate_series(1, 20000) g
            WHERE NOT pg_temp.cell_id_ok(CASE g % 3
                WHEN 0 THEN hashint8extended(g, 7)
                WHEN 1 THEN (1::int8 << 60) | ((g % 16)::int8 << 56) | (hashint8extended(g, 3) & 72057594037927935::int8)
                ELSE (1::int8 << 60) | ((g % 16)::int8 << 56)
                     | ((134217728 + (hashint4(g) % 400))::int8 << 28) | (134217728 + (hashint4(g + 1) % 1200))::int8
                END)),
          0::bigint, 'cell_from_id: random int8s are 22023 or a cell that round-trips through text');
SELECT throws_ok($$SELECT cell_from_id(-9223372036854775808)$$, '22023', NULL, 'cell_from_id: int8 minimum');
SELECT throws_ok($$SELECT cell_from_id(9223372036854775807)$$, '22023', NULL, 'cell_from_id: int8 maximum');
SELECT throws_ok($$SELECT cell_from_id(0)$$, '22023', NULL, 'cell_from_id: 0');
SELECT throws_ok($$SELECT 'h0:99999999999:0'::cell$$, '22P02', NULL, 'cell: 11-digit row');
SELECT throws_ok($$SELECT repeat('h', 1000000)::cell$$, '22P02', NULL, 'cell: 1 MB of text');
SELECT throws_ok($$SELECT cell('NaN', 0, 3)$$, '22003', NULL, 'cell: NaN latitude');
SELECT throws_ok($$SELECT cell(0, '-Infinity', 3)$$, '22003', NULL, 'cell: infinite longitude');
SELECT is(cell(-0.0, -0.0, 3), cell(0, 0, 3), 'cell: -0 is 0');
SELECT is(ARRAY[cell(90, 180, 15), cell(-90, -180, 15)], ARRAY['h15:289055:589823'::cell, 'h15:-289055:-589824'],
          'cell: poles and the antimeridian at the finest resolution');
SELECT is((SELECT count(DISTINCT c) FROM cell_disk('h0:0:0', 2147483647) c), 684::bigint,
          'cell_disk: k = int4 max covers the globe once');
SELECT is((SELECT count(*) FROM cell_ring('h0:0:0', 2147483647)), 0::bigint, 'cell_ring: k past the globe is empty');
SELECT throws_ok($$SELECT count(*) FROM cell_disk('h0:0:0', -1)$$, '22023', NULL, 'cell_disk: negative k');
SELECT throws_ok($$SELECT count(*) FROM cell_children('h15:0:0')$$, '22023', NULL, 'cell_children: past resolution 15');
SELECT is((SELECT count(*) FROM cell_cover_candidates(-180, 85, 180, 90, 4) c, cell_children(c) k
            WHERE cell_parent(k) <> c OR cell_from_id(cell_id(cell_parent(k, 0))) IS NULL), 0::bigint,
          'polar cells: children and their ancestors are valid cells');

-- ---------------------------------------------------------------------------
-- st_cube parameters, windows, slices, merges
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE hev AS
SELECT cell(((g * 37) % 170) - 85, ((g * 91) % 360) - 180, 2) AS c,
       timestamptz '2020-01-01' + g * interval '7 hours' AS ts, g
  FROM generate_series(1, 2000) g;
SELECT throws_ok($$SELECT st_cube(c, ts, '1 month') FROM hev$$, '22023', NULL, 'st_cube: month bins');
SELECT throws_ok($$SELECT st_cube(c, ts, '1 month -30 days') FROM hev$$, '22023', NULL, 'st_cube: months cancelled by days');
SELECT throws_ok($$SELECT st_cube(c, ts, '0') FROM hev$$, '22023', NULL, 'st_cube: zero bins');
SELECT is((SELECT cube_bin_width(st_cube(c, ts, '-1 day 25 hours')) FROM hev), interval '01:00:00',
          'st_cube: a mixed-sign interval that is positive is one hour');
SELECT throws_ok($$SELECT st_cube(c, ts, '1 day', 'infinity') FROM hev$$, '22023', NULL, 'st_cube: infinite origin');
SELECT throws_ok($$SELECT st_cube(c, 'infinity', '1 day') FROM hev$$, '22023', NULL, 'st_cube: infinite timestamp');
SELECT is((SELECT array_agg(cube_total(x) ORDER BY g) FROM
             (SELECT g, st_cube(c, ts, '7 days') OVER (ORDER BY g ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) x
                FROM hev WHERE g <= 5) s), ARRAY[1, 2, 3, 3, 3]::bigint[],
          'st_cube: sliding window frames');
SELECT is((SELECT cube_entry_count(cube_slice(st_cube(c, ts, '7 days'), '2021-01-01', '2020-01-01')) FROM hev),
          0::bigint, 'cube_slice: from after to is empty');
SELECT throws_ok($$SELECT cube_rollup(st_cube(c, ts, '7 days'), 3) FROM hev$$, '22023', NULL, 'cube_rollup: finer resolution');
SELECT throws_ok($$SELECT cube_union(x) FROM (SELECT st_cube(c, ts, '7 days') x FROM hev
                   UNION ALL SELECT st_cube(c, ts, '1 day') FROM hev) s$$, '22023', NULL,
                 'cube_union: different bins');
SELECT throws_ok($$SELECT count(*) FROM cube_cells((SELECT st_cube(c, ts, '7 days') FROM hev), ARRAY['h2:0:0'::cell], '-infinity', NULL)$$,
                 '22023', NULL, 'cube_cells: infinite span');

-- ---------------------------------------------------------------------------
-- Keys and dates at the limits
-- ---------------------------------------------------------------------------
SELECT key_create('hostile');
SELECT key_create('date_shift');
DO $$ BEGIN FOR i IN 2..255 LOOP PERFORM tst_hub.key_rotate('hostile'); END LOOP; END $$;
SELECT throws_ok($$SELECT key_rotate('hostile')$$, '54000', NULL, 'key_rotate: version 256 is refused');
SELECT is(key_version(pseudonymise('email', 'a@b.org', 'hostile')), 255, 'pseudonymise: key version 255');
CREATE FUNCTION pg_temp.shift_ok(d date, person pseudonym) RETURNS bool LANGUAGE plpgsql AS $$
DECLARE
    r date;
BEGIN
    r := tst_hub.date_shift(d, person, 3650);
    RETURN r BETWEEN d - 3650 AND d + 3650 AND r::text::date = r;
EXCEPTION WHEN datetime_field_overflow THEN
    RETURN true;                -- 22008: refused, fine
END
$$;
SELECT is((SELECT count(*) FROM generate_series(1, 40) g, unnest(ARRAY[date '4714-11-24 BC', date '5874897-12-31']) d
            WHERE NOT pg_temp.shift_ok(d, pseudonymise('raw', g::text, 'hostile'))), 0::bigint,
          'date_shift: at the ends of the date range, a valid date or 22008');
SELECT is(date_shift('infinity', pseudonymise('raw', 'x', 'hostile'), 1), 'infinity'::date, 'date_shift: infinity stays');

-- ---------------------------------------------------------------------------
-- Code review findings
-- ---------------------------------------------------------------------------
-- keys cached by a call site are fetched again after a rotation, even when
-- PL/pgSQL keeps the call site across statements of one transaction
SELECT key_create('review_rotation');
CREATE FUNCTION pg_temp.versions_across_rotation() RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    t tst_hub.pseudonym;
    seen text := '';
BEGIN
    FOR i IN 1 .. 3 LOOP
        PERFORM tst_hub.key_rotate('review_rotation');
        t := tst_hub.pseudonymise('email', 'a@b.org', 'review_rotation');
        seen := seen || tst_hub.key_version(t);
    END LOOP;
    RETURN seen;
END
$f$;
SELECT is(pg_temp.versions_across_rotation(), '234', 'each statement after a rotation uses the new key');
SELECT throws_ok($$SELECT date_coarsen('4714-11-24 BC', 'year')$$, '22008', NULL,
    'date_coarsen: a period starting before the earliest date is refused');
SELECT is(date_coarsen('4714-12-15 BC', 'month')::text, '4714-12-01 BC',
    'date_coarsen: the first whole month is still fine');
SET LOCAL client_encoding = 'LATIN1';
SELECT throws_ok($$SELECT ('h' || repeat('é', 30))::cell$$, '22P02', NULL,
    'cell: a message clipped on a character boundary stays a 22P02 in LATIN1 clients');
SELECT throws_ok($$SELECT term_set_in(('{' || repeat('é', 40))::cstring)$$, '22P02', NULL,
    'term_set: the same for its syntax errors');
RESET client_encoding;

-- ---------------------------------------------------------------------------
-- Crashes (BUG: NULL pointer returned as a non-NULL internal state)
-- ---------------------------------------------------------------------------
SELECT is(term_set_agg(NULL::term), NULL, 'BUG term_set_agg(term) over only NULLs is NULL (crashed the backend)');
SELECT is((SELECT term_set_agg(x) FROM (VALUES (NULL::term_set), (NULL)) v(x)), NULL,
          'BUG term_set_agg(term_set) over only NULLs is NULL (crashed the backend)');

CREATE TABLE hnull AS SELECT NULL::cell AS c, NULL::timestamptz AS ts, NULL::cube AS cu, g
  FROM generate_series(1, 20000) g;
ALTER TABLE hnull SET (parallel_workers = 2);
ANALYZE hnull;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL parallel_leader_participation = off;
CREATE FUNCTION pg_temp.plan_text(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r record;
    t text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP t := t || r."QUERY PLAN" || E'\n'; END LOOP;
    RETURN t;
END
$$;
SELECT ok(pg_temp.plan_text($$SELECT st_cube(c, ts, '1 day') FROM hnull$$) LIKE '%Partial Aggregate%',
          'st_cube over hnull runs as a parallel partial aggregate');
-- is() is parallel unsafe, so the aggregates run in CREATE TABLE AS first
CREATE TEMP TABLE hres1 AS SELECT st_cube(c, ts, '1 day')::text AS r FROM hnull;
SELECT is((SELECT r FROM hres1), NULL, 'BUG parallel st_cube over only NULL rows is NULL (crashed a worker)');
CREATE TEMP TABLE hres2 AS SELECT cube_union(cu)::text AS r FROM hnull;
SELECT is((SELECT r FROM hres2), NULL, 'BUG parallel cube_union over only NULL rows is NULL (crashed a worker)');

SELECT * FROM finish();
ROLLBACK;

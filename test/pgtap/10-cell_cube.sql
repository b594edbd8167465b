-- cell and cube: every bad input raises its documented SQLSTATE; binary
-- input is as strict as text; st_cube runs as a partial aggregate.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(36);

-- cell text input: 22P02
SELECT throws_ok($$SELECT 'h16:0:0'::cell$$, '22P02', NULL, 'resolution past 15');
SELECT throws_ok($$SELECT 'h0:10:0'::cell$$, '22P02', NULL, 'row beyond the pole');
SELECT throws_ok($$SELECT 'h0:0:18'::cell$$, '22P02', NULL, 'column past the antimeridian');
SELECT throws_ok($$SELECT 'h0:0'::cell$$, '22P02', NULL, 'missing column');
SELECT throws_ok($$SELECT ''::cell$$, '22P02', NULL, 'empty string');
SELECT throws_ok($$SELECT 'h-1:0:0'::cell$$, '22P02', NULL, 'negative resolution');
SELECT throws_ok($$SELECT 'h0:0:0:0'::cell$$, '22P02', NULL, 'extra field');
SELECT throws_ok($$SELECT repeat('9', 100000)::cell$$, '22P02', NULL, '100 kB of digits');
SELECT throws_ok($$SELECT cell_from_id(42)$$, '22023', NULL, 'id of no cell');

-- cell arguments
SELECT throws_ok($$SELECT cell(90.000001, 0, 3)$$, '22003', NULL, 'latitude over 90');
SELECT throws_ok($$SELECT cell(-90.5, 0, 3)$$, '22003', NULL, 'latitude under -90');
SELECT throws_ok($$SELECT cell(0, 180.000001, 3)$$, '22003', NULL, 'longitude over 180');
SELECT throws_ok($$SELECT cell('NaN', 0, 3)$$, '22003', NULL, 'NaN latitude');
SELECT throws_ok($$SELECT cell(0, '-Infinity', 3)$$, '22003', NULL, 'infinite longitude');
SELECT throws_ok($$SELECT cell(0, 0, 16)$$, '22023', NULL, 'resolution 16');
SELECT throws_ok($$SELECT cell(ST_MakePoint(0, 0), 3)$$, '22023', NULL, 'point without SRID');
SELECT throws_ok($$SELECT cell(ST_SetSRID(ST_MakeEnvelope(0, 0, 1, 1), 4326), 3)$$, '22023', NULL, 'polygon to cell()');
SELECT throws_ok($$SELECT cell_ring('h3:0:0', -1)$$, '22023', NULL, 'negative ring radius');
SELECT throws_ok($$SELECT cell_distance('h3:0:0', 'h4:0:0')$$, '22023', NULL, 'distance across resolutions');

-- cells_cover
SELECT throws_ok($$SELECT cells_cover(ST_MakeEnvelope(0, 0, 1, 1), 3)$$, '22023', NULL, 'area without SRID');
SELECT throws_ok($$SELECT cells_cover(ST_SetSRID('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))'::geometry, 4326), 3)$$,
    '22023', NULL, 'self-intersecting polygon');
SELECT throws_ok($$SELECT cells_cover(ST_SetSRID('LINESTRING(0 0, 1 1)'::geometry, 4326), 3)$$, '22023', NULL, 'line');
SELECT throws_ok($$SELECT cells_cover(ST_SetSRID('POLYGON EMPTY'::geometry, 4326), 3)$$, '22023', NULL, 'empty polygon');
SELECT throws_ok($$SELECT cells_cover(ST_MakeEnvelope(-180, -90, 180, 90, 4326), 15)$$, '54000', NULL,
    'the globe at resolution 15 is refused, not enumerated');

-- cube
SELECT throws_ok($$SELECT st_cube('h3:0:0', now(), '0 days')$$, '22023', NULL, 'zero bin');
SELECT throws_ok($$SELECT st_cube('h3:0:0', now(), '-2 hours')$$, '22023', NULL, 'negative bin');
SELECT throws_ok($$SELECT st_cube('h3:0:0', now(), '1 month')$$, '22023', NULL, 'month bins');
SELECT throws_ok($$SELECT st_cube('h3:0:0', 'infinity', '1 day')$$, '22023', NULL, 'infinite timestamp');
SELECT throws_ok($$SELECT cube_append(st_cube('h3:0:0', now(), '1 day'), st_cube('h3:0:0', now(), '1 week'))$$,
    '22023', NULL, 'merging different bins');
SELECT throws_ok($$SELECT '\x02'::cube$$, '22P02', NULL, 'unknown version');
SELECT throws_ok($$SELECT ('\x01000000' || repeat('00', 20))::cube$$, '22P02', NULL, 'zero bin width');

-- binary input: cells and cubes validated like text
CREATE FUNCTION pg_temp.write_copy(field bytea) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    -- base64 without line breaks: COPY would write them as \n
    EXECUTE format($q$COPY (SELECT %L) TO PROGRAM 'base64 -d > /tmp/tst_hub_cell_bad.copy'$q$,
        replace(encode('\x5047434f50590aff0d0a00'::bytea || '\x00000000'::bytea || '\x00000000'::bytea
               || '\x0001'::bytea || int4send(length(field)) || field || '\xffff'::bytea, 'base64'),
        E'\n', ''));
END
$f$;
CREATE TEMP TABLE one_cell (c cell);
CREATE TEMP TABLE one_cube (c cube);
SELECT pg_temp.write_copy(int8send(cell_id('h7:884:-2')));
SELECT lives_ok($$COPY one_cell FROM '/tmp/tst_hub_cell_bad.copy' WITH (FORMAT binary)$$, 'a valid cell id loads');
SELECT pg_temp.write_copy(int8send(cell_id('h0:9:0') + (1::int8 << 28)));
SELECT throws_ok($$COPY one_cell FROM '/tmp/tst_hub_cell_bad.copy' WITH (FORMAT binary)$$, '22P03', NULL,
    'a cell id beyond the pole is refused');
SELECT pg_temp.write_copy(cube_send(st_cube('h3:0:0', '2024-01-01', '1 day')));
SELECT lives_ok($$COPY one_cube FROM '/tmp/tst_hub_cell_bad.copy' WITH (FORMAT binary)$$, 'a valid cube loads');
SELECT pg_temp.write_copy(overlay(cube_send(st_cube('h3:0:0', '2024-01-01', '1 day')) placing '\x00'::bytea from 48 for 1));
SELECT throws_ok($$COPY one_cube FROM '/tmp/tst_hub_cell_bad.copy' WITH (FORMAT binary)$$, 'XX001', NULL,
    'a cube entry with a zero count is refused as corrupted state bytes');

-- partial aggregation is planned
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
CREATE TABLE pts AS SELECT cell(random() * 10, random() * 10, 4) AS c, now() - random() * interval '30 days' AS t
  FROM generate_series(1, 10000);
ANALYZE pts;
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT r."QUERY PLAN"; END LOOP;
END
$f$;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_lines($$SELECT st_cube(c, t, '1 day') FROM pts$$) l
                   WHERE l LIKE '%Partial Aggregate%'), 'st_cube runs as a partial aggregate');

SELECT * FROM finish();
ROLLBACK;

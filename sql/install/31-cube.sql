-- ---------------------------------------------------------------------------
-- cube: counts per (cell, time bin), the mergeable space-time cube state
-- Layout and canonical order: src/hotspot/cube.h.
-- ---------------------------------------------------------------------------
CREATE TYPE cube;

CREATE FUNCTION cube_in(cstring) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_out(cube) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cube_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_recv(internal) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_send(cube) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cube_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cube (
    INPUT = cube_in, OUTPUT = cube_out, RECEIVE = cube_recv, SEND = cube_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);
COMMENT ON TYPE cube IS 'space-time cube: event counts per (cell, time bin) with the bin width and origin; built by st_cube, merged by cube_union/cube_append, read by cube_cells';
COMMENT ON FUNCTION cube_in(cstring) IS 'I/O: \x and the hex of the binary form, validated';
COMMENT ON FUNCTION cube_out(cube) IS 'I/O: \x and the hex of the binary form';
COMMENT ON FUNCTION cube_recv(internal) IS 'I/O: binary input (version byte first, validated)';
COMMENT ON FUNCTION cube_send(cube) IS 'I/O: binary output (version byte first, network order)';

-- Scalar functions
CREATE FUNCTION cube_append(cube, cube) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_append' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_rollup(cube, res int4) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_rollup' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_slice(cube, "from" timestamptz, "to" timestamptz) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_slice' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_resolution(cube) RETURNS int4
    AS 'MODULE_PATHNAME', 'cube_resolution' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_bin_width(cube) RETURNS interval
    AS 'MODULE_PATHNAME', 'cube_bin_width' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_origin(cube) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'cube_origin' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_total(cube) RETURNS int8
    AS 'MODULE_PATHNAME', 'cube_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_entry_count(cube) RETURNS int8
    AS 'MODULE_PATHNAME', 'cube_entry_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cube_append(cube, cube) IS 'the counts of both cubes (equal resolution, bin width and origin, else 22023)';
COMMENT ON FUNCTION cube_rollup(cube, int4) IS 'the cube on coarser cells (cell_parent of each cell), counts added';
COMMENT ON FUNCTION cube_slice(cube, timestamptz, timestamptz) IS 'the bins that start in [from, to)';
COMMENT ON FUNCTION cube_resolution(cube) IS 'the resolution of the cube''s cells';
COMMENT ON FUNCTION cube_bin_width(cube) IS 'the width of a time bin';
COMMENT ON FUNCTION cube_origin(cube) IS 'where bin 0 starts';
COMMENT ON FUNCTION cube_total(cube) IS 'the sum of all counts';
COMMENT ON FUNCTION cube_entry_count(cube) IS 'the number of (cell, bin) pairs with a count';

-- Reading a cube back
CREATE FUNCTION cube_cells(cube, OUT cell cell, OUT bin_start timestamptz, OUT n int8) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'cube_cells' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
CREATE FUNCTION cube_cells(cube, study_area cell[], "from" timestamptz DEFAULT NULL, "to" timestamptz DEFAULT NULL,
                           OUT cell cell, OUT bin_start timestamptz, OUT n int8) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'cube_cells_filled' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
CREATE FUNCTION cube_cells(cube, study_area geometry, "from" timestamptz DEFAULT NULL, "to" timestamptz DEFAULT NULL,
                           OUT cell cell, OUT bin_start timestamptz, OUT n int8) RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1000
    AS $$SELECT * FROM cube_cells($1, ARRAY(SELECT cells_cover($2, cube_resolution($1), 'centre')), $3, $4)$$;
COMMENT ON FUNCTION cube_cells(cube) IS 'the counted (cell, bin_start, n) rows, in cell then time order';
COMMENT ON FUNCTION cube_cells(cube, cell[], timestamptz, timestamptz) IS 'every (cell, bin) of a study area and time span (default: the cube''s first to last bin), n = 0 where nothing was counted; cube cells outside the area are left out; a NULL cell is 22004, more than 10 million (cell, bin) rows 54000';
COMMENT ON FUNCTION cube_cells(cube, geometry, timestamptz, timestamptz) IS 'cube_cells over the cells whose centre is in a study area polygon (cells_cover ''centre''), zeros included';

-- Equality (canonical bytes) with a hash opclass: DISTINCT, GROUP BY, joins
CREATE FUNCTION cube_eq(cube, cube) RETURNS bool
    AS 'MODULE_PATHNAME', 'cube_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cube_ne(cube, cube) RETURNS bool
    AS 'MODULE_PATHNAME', 'cube_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cube_hash(cube) RETURNS int4
    AS 'MODULE_PATHNAME', 'cube_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cube_hash_extended(cube, int8) RETURNS int8
    AS 'MODULE_PATHNAME', 'cube_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cube_eq(cube, cube) IS 'implementation of = operator (same resolution, bins, origin and counts)';
COMMENT ON FUNCTION cube_ne(cube, cube) IS 'implementation of <> operator';
COMMENT ON FUNCTION cube_hash(cube) IS 'hash support';
COMMENT ON FUNCTION cube_hash_extended(cube, int8) IS 'hash support (64-bit, seeded)';
CREATE OPERATOR = (LEFTARG = cube, RIGHTARG = cube, FUNCTION = cube_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);
CREATE OPERATOR <> (LEFTARG = cube, RIGHTARG = cube, FUNCTION = cube_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR = (cube, cube) IS 'same cube: resolution, bin width, origin and every count';
COMMENT ON OPERATOR <> (cube, cube) IS 'different cubes';
CREATE OPERATOR CLASS cube_hash_ops DEFAULT FOR TYPE cube USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 cube_hash(cube),
    FUNCTION 2 cube_hash_extended(cube, int8);

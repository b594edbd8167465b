-- ---------------------------------------------------------------------------
-- Cubes of people: st_cube_people keeps the distinct persons of each
-- (cell, bin), so hotspot outputs count people, not rows, and can be
-- withheld below k (cube_cells_safe) or rolled up until k (safe_cells).
-- Not an overload of st_cube: st_cube(c, t, '7 days', '2024-01-01') would
-- no longer know whether the literal is an origin or a person.
-- Layout: src/hotspot/cube.h (flag CUBE_FLAG_PERSONS); a cube of people
-- holds pseudonyms and is as sensitive as they are.
-- ---------------------------------------------------------------------------
CREATE FUNCTION st_cube_trans(cube, cell, timestamptz, interval, pseudonym) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_state_add_person' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION st_cube_trans(cube, cell, timestamptz, interval, timestamptz, pseudonym) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_state_add_person_origin' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION st_cube_trans(cube, cell, timestamptz, interval, pseudonym) IS 'aggregate support: st_cube_people row step (only inside the aggregate)';
COMMENT ON FUNCTION st_cube_trans(cube, cell, timestamptz, interval, timestamptz, pseudonym) IS 'aggregate support: st_cube_people row step with an origin (only inside the aggregate)';

CREATE AGGREGATE st_cube_people(cell, timestamptz, interval, person pseudonym) (
    SFUNC = st_cube_trans, STYPE = cube, SSPACE = 4096, FINALFUNC = cube_agg_final,
    COMBINEFUNC = cube_agg_merge, PARALLEL = SAFE
);
CREATE AGGREGATE st_cube_people(cell, timestamptz, interval, timestamptz, person pseudonym) (
    SFUNC = st_cube_trans, STYPE = cube, SSPACE = 4096, FINALFUNC = cube_agg_final,
    COMBINEFUNC = cube_agg_merge, PARALLEL = SAFE
);
COMMENT ON AGGREGATE st_cube_people(cell, timestamptz, interval, pseudonym) IS 'cube of people: rows and the distinct persons per (cell, bin); rows with a NULL person are not counted';
COMMENT ON AGGREGATE st_cube_people(cell, timestamptz, interval, timestamptz, pseudonym) IS 'cube of people with bins starting at the given origin';

CREATE FUNCTION cube_has_persons(cube) RETURNS bool
    AS 'MODULE_PATHNAME', 'cube_has_persons' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_persons(cube) RETURNS int8
    AS 'MODULE_PATHNAME', 'cube_persons' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_without_persons(cube) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_without_persons' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cube_has_persons(cube) IS 'is it a cube of people (built by st_cube_people)?';
COMMENT ON FUNCTION cube_persons(cube) IS 'distinct persons in the whole cube of people (22023 for a cube of rows); not disclosure-controlled';
COMMENT ON FUNCTION cube_without_persons(cube) IS 'the cube''s row counts alone, its pseudonyms dropped';

CREATE FUNCTION cube_people(cube, OUT cell cell, OUT bin_start timestamptz, OUT rows int8, OUT persons int8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'cube_people' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
CREATE FUNCTION cube_cells_safe(cube, k int4 DEFAULT NULL,
                                OUT cell cell, OUT bin_start timestamptz, OUT persons int8, OUT reason text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'cube_cells_safe' LANGUAGE C STABLE PARALLEL SAFE ROWS 1000;
CREATE FUNCTION safe_cells(cube, k int4 DEFAULT NULL, res_min int4 DEFAULT 0,
                           OUT bin_start timestamptz, OUT cell cell, OUT persons int8, OUT rows int8,
                           OUT rest bool, OUT reason text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'safe_cells' LANGUAGE C STABLE PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION cube_people(cube) IS 'every (cell, bin_start) of a cube of people with its rows and distinct persons; not disclosure-controlled';
COMMENT ON FUNCTION cube_cells_safe(cube, int4) IS 'distinct persons per (cell, bin_start), NULL with reason below_k where fewer than k (default tst_hub.min_k; an explicit k may raise it, not lower it)';
COMMENT ON FUNCTION safe_cells(cube, int4, int4) IS 'roll up until k: per bin, the finest cells holding at least k distinct persons (rest: counts only rows not reported in finer cells inside it), every row counted once; what stays below k at res_min is one remainder row (cell NULL)';

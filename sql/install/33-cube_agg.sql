-- ---------------------------------------------------------------------------
-- The aggregates that build cubes: st_cube and cube_union
-- ---------------------------------------------------------------------------
-- Aggregates.  The state is a cube: a hash table (an expanded object) while
-- rows are added, canonical cube bytes between processes and nodes, so
-- parallel plans and Citus merge partial states (src/hotspot/cube_agg.c).
CREATE FUNCTION st_cube_trans(cube, cell, timestamptz, interval) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_state_add_row' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION st_cube_trans(cube, cell, timestamptz, interval, timestamptz) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_state_add_row_origin' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cube_agg_merge(cube, cube) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_state_merge' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cube_agg_final(cube) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_state_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION st_cube_trans(cube, cell, timestamptz, interval) IS 'aggregate support: st_cube row step (only inside the aggregate)';
COMMENT ON FUNCTION st_cube_trans(cube, cell, timestamptz, interval, timestamptz) IS 'aggregate support: st_cube row step with an origin (only inside the aggregate)';
COMMENT ON FUNCTION cube_agg_merge(cube, cube) IS 'aggregate support: add a cube to the state (cube_union row step; combine step of st_cube and cube_union; XX001 if the cube is corrupted)';
COMMENT ON FUNCTION cube_agg_final(cube) IS 'aggregate support: the state as a canonical cube';

CREATE AGGREGATE st_cube(cell, timestamptz, interval) (
    SFUNC = st_cube_trans, STYPE = cube, SSPACE = 2048, FINALFUNC = cube_agg_final,
    COMBINEFUNC = cube_agg_merge, PARALLEL = SAFE
);
CREATE AGGREGATE st_cube(cell, timestamptz, interval, timestamptz) (
    SFUNC = st_cube_trans, STYPE = cube, SSPACE = 2048, FINALFUNC = cube_agg_final,
    COMBINEFUNC = cube_agg_merge, PARALLEL = SAFE
);
CREATE AGGREGATE cube_union(cube) (
    SFUNC = cube_agg_merge, STYPE = cube, SSPACE = 2048, FINALFUNC = cube_agg_final,
    COMBINEFUNC = cube_agg_merge, PARALLEL = SAFE
);
COMMENT ON AGGREGATE st_cube(cell, timestamptz, interval) IS 'space-time cube of the rows: count per (cell, bin of the given width from Monday 2000-01-03 00:00 UTC); bins in days/hours only (months are not fixed-length, 22023); NULL rows are skipped, NULL if none counted';
COMMENT ON AGGREGATE st_cube(cell, timestamptz, interval, timestamptz) IS 'space-time cube of the rows with bins starting at the given origin';
COMMENT ON AGGREGATE cube_union(cube) IS 'merge stored cubes of equal resolution, bin width and origin (nightly cubes + today''s)';

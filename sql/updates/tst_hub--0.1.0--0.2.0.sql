-- tst_hub 0.1.0 -> 0.2.0
\echo Use "ALTER EXTENSION tst_hub UPDATE TO '0.2.0'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- 1. Hashes of cell and term mix all 64 bits (0.1.0 used hashint8, which
--    folds the halves together).  What a hash decided before must be redone:
--    hash indexes are rebuilt below; hash-partitioned tables and Citus tables
--    distributed by a cell or term column would keep rows where the old hash
--    put them, so the update refuses while such tables exist.
-- ---------------------------------------------------------------------------
DO $check$
DECLARE
    hashed_by_id text;
BEGIN
    SELECT string_agg(p.partrelid::regclass::text, ', ' ORDER BY p.partrelid::regclass::text)
      INTO hashed_by_id
      FROM pg_catalog.pg_partitioned_table p
     WHERE p.partstrat = 'h'
       AND EXISTS (SELECT 1 FROM pg_catalog.pg_opclass oc
                    WHERE oc.oid = ANY (p.partclass)
                      AND oc.opcnamespace = '@extschema@'::regnamespace
                      AND oc.opcname IN ('cell_hash_ops', 'term_hash_ops'));
    IF hashed_by_id IS NOT NULL THEN
        RAISE EXCEPTION 'tst_hub 0.2.0 changes the hash of cell and term, which places the rows of hash-partitioned tables: %', hashed_by_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Copy the rows out, drop these tables, update, recreate the tables and load the rows again.';
    END IF;
    IF pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
        EXECUTE $q$
            SELECT string_agg(p.logicalrelid::text, ', ' ORDER BY p.logicalrelid::text)
              FROM pg_catalog.pg_dist_partition p
              JOIN pg_catalog.pg_attribute a
                ON a.attrelid = p.logicalrelid
               AND a.attname = pg_catalog.column_to_column_name(p.logicalrelid, p.partkey)
             WHERE p.partmethod = 'h'
               AND a.atttypid IN ('@extschema@.cell'::regtype, '@extschema@.term'::regtype)$q$
          INTO hashed_by_id;
        IF hashed_by_id IS NOT NULL THEN
            RAISE EXCEPTION 'tst_hub 0.2.0 changes the hash of cell and term, which places the shards of tables distributed by them: %', hashed_by_id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Run undistribute_table() on them, update, then distribute them again.';
        END IF;
    END IF;
END
$check$;

CREATE OR REPLACE FUNCTION term_hash(term) RETURNS int4 AS 'MODULE_PATHNAME', 'tst_int8_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE OR REPLACE FUNCTION term_hash_extended(term, int8) RETURNS int8 AS 'MODULE_PATHNAME', 'tst_int8_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE OR REPLACE FUNCTION cell_hash(cell) RETURNS int4 AS 'MODULE_PATHNAME', 'tst_int8_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE OR REPLACE FUNCTION cell_hash_extended(cell, int8) RETURNS int8 AS 'MODULE_PATHNAME', 'tst_int8_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION term_hash(term) IS 'hash support: all 64 bits of the id mixed (murmur3 finaliser)';
COMMENT ON FUNCTION term_hash_extended(term, int8) IS 'hash support (64-bit, seeded; seed 0 agrees with term_hash)';
COMMENT ON FUNCTION cell_hash(cell) IS 'hash support: all 64 bits of the id mixed (murmur3 finaliser)';
COMMENT ON FUNCTION cell_hash_extended(cell, int8) IS 'hash support (64-bit, seeded; seed 0 agrees with cell_hash)';

DO $reindex$
DECLARE
    idx regclass;
BEGIN
    FOR idx IN
        SELECT i.indexrelid::regclass
          FROM pg_catalog.pg_index i
         WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_opclass oc
                        WHERE oc.oid = ANY (i.indclass)
                          AND oc.opcnamespace = '@extschema@'::regnamespace
                          AND oc.opcname IN ('cell_hash_ops', 'term_hash_ops'))
         ORDER BY 1
    LOOP
        EXECUTE pg_catalog.format('REINDEX INDEX %s', idx);
    END LOOP;
END
$reindex$;

-- ---------------------------------------------------------------------------
-- 2. st_cube, cube_union and term_set_agg get typed states (cube, term_set)
--    so Citus can push them down.  A state type cannot be altered, so the
--    aggregates are made anew; views using them would be dropped with them,
--    so the update refuses while such views exist.
-- ---------------------------------------------------------------------------
DO $check$
DECLARE
    users text;
BEGIN
    SELECT string_agg(DISTINCT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid), '; ')
      INTO users
      FROM pg_catalog.pg_depend d
     WHERE d.refclassid = 'pg_catalog.pg_proc'::regclass
       AND d.refobjid IN ('@extschema@.st_cube(@extschema@.cell, timestamptz, interval)'::regprocedure,
                          '@extschema@.st_cube(@extschema@.cell, timestamptz, interval, timestamptz)'::regprocedure,
                          '@extschema@.cube_union(@extschema@.cube)'::regprocedure,
                          '@extschema@.term_set_agg(@extschema@.term)'::regprocedure,
                          '@extschema@.term_set_agg(@extschema@.term_set)'::regprocedure)
       AND d.deptype = 'n';
    IF users IS NOT NULL THEN
        RAISE EXCEPTION 'tst_hub 0.2.0 remakes st_cube, cube_union and term_set_agg, which these objects use: %', users
            USING ERRCODE = 'dependent_objects_still_exist',
                  HINT = 'Save their definitions (pg_get_viewdef), drop them, update, and create them again.';
    END IF;
END
$check$;

DROP AGGREGATE st_cube(cell, timestamptz, interval);
DROP AGGREGATE st_cube(cell, timestamptz, interval, timestamptz);
DROP AGGREGATE cube_union(cube);
DROP FUNCTION st_cube_trans(internal, cell, timestamptz, interval);
DROP FUNCTION st_cube_trans(internal, cell, timestamptz, interval, timestamptz);
DROP FUNCTION cube_union_trans(internal, cube);
DROP FUNCTION cube_agg_combine(internal, internal);
DROP FUNCTION cube_agg_serialize(internal);
DROP FUNCTION cube_agg_deserialize(bytea, internal);
DROP FUNCTION cube_agg_final(internal);

DROP AGGREGATE term_set_agg(term);
DROP AGGREGATE term_set_agg(term_set);
DROP FUNCTION term_set_agg_trans(internal, term);
DROP FUNCTION term_set_agg_set_trans(internal, term_set);
DROP FUNCTION term_set_agg_combine(internal, internal);
DROP FUNCTION term_set_agg_serialize(internal);
DROP FUNCTION term_set_agg_deserialize(bytea, internal);
DROP FUNCTION term_set_agg_final(internal);

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

-- The state is the term_set so far, so parallel plans and Citus merge
-- partial states as term_set values (src/taxonomy/term_set_agg.c).
CREATE FUNCTION term_set_agg_trans(term_set, term) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_state_add_term' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION term_set_agg_merge(term_set, term_set) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_state_add_set' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION term_set_agg_trans(term_set, term) IS 'aggregate support: the set with a term added (NULLs skipped)';
COMMENT ON FUNCTION term_set_agg_merge(term_set, term_set) IS 'aggregate support: the union of two sets (NULLs skipped); row and combine step';

CREATE AGGREGATE term_set_agg(term) (
    SFUNC = term_set_agg_trans, STYPE = term_set,
    COMBINEFUNC = term_set_agg_merge, PARALLEL = SAFE
);
CREATE AGGREGATE term_set_agg(term_set) (
    SFUNC = term_set_agg_merge, STYPE = term_set,
    COMBINEFUNC = term_set_agg_merge, PARALLEL = SAFE
);
COMMENT ON AGGREGATE term_set_agg(term) IS 'the set of the non-NULL terms of the group (NULL if there are none)';
COMMENT ON AGGREGATE term_set_agg(term_set) IS 'the union of the non-NULL sets of the group (NULL if there are none)';

-- tst_hub 0.1.0 -> 0.2.0 (the hand-written part of tst_hub--0.1.0--0.2.0.sql)
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

-- ---------------------------------------------------------------------------
-- 3. The remade aggregates and what 0.2.0 adds: the Makefile appends the
--    install pieces listed in UPDATE_0_2_0_PIECES after this file.
-- ---------------------------------------------------------------------------

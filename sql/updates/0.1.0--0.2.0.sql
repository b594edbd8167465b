-- tst_hub 0.1.0 -> 0.2.0 (the hand-written part of tst_hub--0.1.0--0.2.0.sql)
\echo Use "ALTER EXTENSION tst_hub UPDATE TO '0.2.0'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- 1. Hashes of cell and term mix all 64 bits (0.1.0 used hashint8, which
--    folds the halves together).  What a hash decided before must be redone:
--    hash indexes on cell, term and every type built from them (arrays,
--    domains, composites, ranges) are rebuilt; tables placed by such a hash
--    (hash partitions, Citus distribution) would keep rows where the old hash
--    put them, so the update refuses while they exist.
--
--    The DO blocks run as the superuser who updates, so they resolve names in
--    pg_catalog only: an operator that another role created in a schema on
--    the path must not be picked up (set_config with is_local, restored at
--    the end of each block).
-- ---------------------------------------------------------------------------
CREATE FUNCTION pg_temp.tst_hub_hashed_types() RETURNS SETOF oid
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $types$
    WITH RECURSIVE t(oid) AS (
        SELECT unnest(ARRAY['@extschema@.cell'::regtype::oid, '@extschema@.term'::regtype::oid])
        UNION
        SELECT x.oid FROM t, LATERAL (
            SELECT d.oid FROM pg_type d WHERE d.typelem = t.oid OR d.typbasetype = t.oid
            UNION ALL
            SELECT c.reltype FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'c'
             WHERE a.atttypid = t.oid
            UNION ALL
            SELECT r.rngtypid FROM pg_range r WHERE r.rngsubtype = t.oid
            UNION ALL
            SELECT r.rngmultitypid FROM pg_range r WHERE r.rngsubtype = t.oid) x
    )
    SELECT oid FROM t
$types$;

-- Does a key (index or partition key: columns, 0 for an expression, and
-- opclasses) hash a value built from cell or term?  An expression under a
-- polymorphic opclass (arrays, records, ranges) cannot be told apart here,
-- so it counts as one: a needless REINDEX costs time, a missed one answers
-- wrong.
CREATE FUNCTION pg_temp.tst_hub_hashes_id(rel oid, cols int2vector, opclasses oidvector) RETURNS bool
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $keys$
    SELECT EXISTS (
        SELECT 1
          FROM generate_series(0, array_length(cols::int2[], 1) - 1) k
          JOIN pg_opclass oc ON oc.oid = opclasses[k]
          LEFT JOIN pg_attribute a ON a.attrelid = rel AND a.attnum = cols[k] AND cols[k] <> 0
          JOIN pg_type ot ON ot.oid = oc.opcintype
         WHERE (oc.opcnamespace = '@extschema@'::regnamespace AND oc.opcname IN ('cell_hash_ops', 'term_hash_ops'))
            OR oc.opcintype IN (SELECT pg_temp.tst_hub_hashed_types())
            OR a.atttypid IN (SELECT pg_temp.tst_hub_hashed_types())
            OR (cols[k] = 0 AND ot.typtype = 'p'))
$keys$;

DO $check$
DECLARE
    saved_path text := pg_catalog.current_setting('search_path');
    found text;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    SELECT string_agg(p.partrelid::regclass::text, ', ' ORDER BY p.partrelid::regclass::text)
      INTO found
      FROM pg_partitioned_table p
     WHERE p.partstrat = 'h'
       AND pg_temp.tst_hub_hashes_id(p.partrelid, p.partattrs, p.partclass);
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'tst_hub 0.2.0 changes the hash of cell and term, which places the rows of hash-partitioned tables: %', found
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Copy the rows out, drop these tables, update, recreate the tables and load the rows again.';
    END IF;
    IF to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL THEN
        EXECUTE $q$
            SELECT string_agg(p.logicalrelid::text, ', ' ORDER BY p.logicalrelid::text)
              FROM pg_dist_partition p
              JOIN pg_attribute a
                ON a.attrelid = p.logicalrelid
               AND a.attname = column_to_column_name(p.logicalrelid, p.partkey)
             WHERE p.partmethod = 'h'
               AND a.atttypid IN (SELECT pg_temp.tst_hub_hashed_types())$q$
          INTO found;
        IF found IS NOT NULL THEN
            RAISE EXCEPTION 'tst_hub 0.2.0 changes the hash of cell and term, which places the shards of tables distributed by them: %', found
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Run undistribute_table() on them, update, then distribute them again.';
        END IF;
    END IF;
    -- REINDEX cannot reach another session's temporary tables
    SELECT string_agg(i.indexrelid::regclass::text, ', ')
      INTO found
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_am am ON am.oid = c.relam AND am.amname = 'hash'
     WHERE c.relpersistence = 't' AND c.relnamespace <> pg_my_temp_schema()
       AND pg_temp.tst_hub_hashes_id(i.indrelid, i.indkey, i.indclass);
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'other sessions have temporary tables with hash indexes on cell or term values: %', found
            USING ERRCODE = 'object_in_use',
                  HINT = 'Update when those sessions have ended (their temporary tables go with them).';
    END IF;
    PERFORM pg_catalog.set_config('search_path', saved_path, true);
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

-- A session keeps the hash function of a type it has hashed arrays or
-- records of in its type cache until it ends (the function keeps its OID),
-- so the update must run in a fresh session and other sessions reconnect
-- afterwards (docs/RELEASING.md).

-- Every hash index (leaf indexes only: a partitioned index has no data, and
-- REINDEX refuses it inside a function) on a value hashed with them
DO $reindex$
DECLARE
    saved_path text := pg_catalog.current_setting('search_path');
    idx regclass;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    FOR idx IN
        SELECT i.indexrelid::regclass
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid AND c.relkind = 'i'
          JOIN pg_am am ON am.oid = c.relam AND am.amname = 'hash'
         WHERE pg_temp.tst_hub_hashes_id(i.indrelid, i.indkey, i.indclass)
         ORDER BY 1
    LOOP
        EXECUTE format('REINDEX INDEX %s', idx);
    END LOOP;
    PERFORM pg_catalog.set_config('search_path', saved_path, true);
END
$reindex$;
DROP FUNCTION pg_temp.tst_hub_hashes_id(oid, int2vector, oidvector);
DROP FUNCTION pg_temp.tst_hub_hashed_types();

-- Sort support for pseudonyms (count(DISTINCT person) sorts them)
CREATE FUNCTION pseudonym_sortsupport(internal) RETURNS void AS 'MODULE_PATHNAME', 'pseudonym_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION pseudonym_sortsupport(internal) IS 'btree support: byte comparison without a function call, abbreviated keys';
ALTER OPERATOR FAMILY pseudonym_ops USING btree ADD FUNCTION 2 (pseudonym, pseudonym) pseudonym_sortsupport(internal);

-- ---------------------------------------------------------------------------
-- 2. st_cube, cube_union and term_set_agg get typed states (cube, term_set)
--    so Citus can push them down.  A state type cannot be altered, so the
--    aggregates are made anew; views using them would be dropped with them,
--    so the update refuses while such views exist.
-- ---------------------------------------------------------------------------
DO $check$
DECLARE
    saved_path text := pg_catalog.current_setting('search_path');
    users text;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    SELECT string_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid), '; ')
      INTO users
      FROM pg_depend d
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
    PERFORM pg_catalog.set_config('search_path', saved_path, true);
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
-- 2b. One rule for key scope names (README "Pseudonyms and keys", Key scopes): 1 to 63 ASCII
--     characters a-z 0-9 _ . : -, starting with a letter.  0.1.0 took any
--     63 bytes without control characters.  The scope is part of every
--     token, so a scope cannot be renamed; the update refuses, naming them,
--     rather than leave keys that every keyed function would then refuse.
-- ---------------------------------------------------------------------------
DO $check$
DECLARE
    saved_path text := pg_catalog.current_setting('search_path');
    found text;
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    SELECT string_agg(DISTINCT quote_literal(k.scope), ', ')
      INTO found
      FROM @extschema@.keys k
     WHERE k.scope COLLATE "C" !~ '^[a-z][a-z0-9_.:-]{0,62}$';
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'tst_hub 0.2.0 allows key scope names of 1 to 63 characters a-z, 0-9, _ . : - starting with a letter; tst_hub.keys has others: %', found
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Tokens cannot move to another scope name (the scope is part of each token): create a key under a valid name, pseudonymise the source identifiers again under it, delete the old scope''s rows from tst_hub.keys as the extension owner, then update (README "Pseudonyms and keys", Key scopes).';
    END IF;
    PERFORM pg_catalog.set_config('search_path', saved_path, true);
END
$check$;

CREATE OR REPLACE FUNCTION key_scope_check(scope text) RETURNS void
    AS 'MODULE_PATHNAME', 'scope_name_check' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION key_scope_check(text) IS 'raises 22023 unless the text is a valid key scope name: 1 to 63 characters a-z, 0-9, _ . : -, starting with a letter a-z (ASCII only, so no look-alike of another scope)';

-- ---------------------------------------------------------------------------
-- 2c. A NULL element of an array argument is 22004 everywhere (num_bin said
--     22023).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION num_bin(value numeric, edges numeric[]) RETURNS numrange
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n int := cardinality(edges);
    b int;
BEGIN
    IF n = 0 OR array_ndims(edges) <> 1 THEN
        RAISE EXCEPTION 'bin edges must be a non-empty one-dimensional array'
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF array_position(edges, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'num_bin: element % of edges is NULL', array_position(edges, NULL) - array_lower(edges, 1) + 1
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    edges := edges[array_lower(edges, 1):array_upper(edges, 1)];   -- index from 1 whatever the input
    IF 'NaN' = ANY (edges) THEN
        RAISE EXCEPTION 'bin edges must not be NaN' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 2 .. n LOOP
        IF edges[i] <= edges[i - 1] THEN
            RAISE EXCEPTION 'bin edges must be strictly increasing (edge % is %, after %)', i, edges[i], edges[i - 1]
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    IF value = 'NaN' THEN
        RAISE EXCEPTION 'NaN has no bin' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    b := width_bucket(value, edges);   -- 0 below the first edge, n at or above the last
    RETURN numrange(CASE WHEN b = 0 THEN NULL ELSE edges[b] END,
                    CASE WHEN b = n THEN NULL ELSE edges[b + 1] END, '[)');
END
$$;
COMMENT ON FUNCTION num_bin(numeric, numeric[]) IS 'the bin [edge_i, edge_i+1) holding the value; bins cover everything: (,first) below and [last,) above; bad edges raise 22023, a NULL edge 22004';

-- ---------------------------------------------------------------------------
-- 2d. One bound for generated sets (README "Limits"): the comments say so.
-- ---------------------------------------------------------------------------
COMMENT ON FUNCTION cell_children(cell, int4) IS 'the descendants at a finer resolution: the cells whose cell_parent at this cell''s resolution is this cell; 54000 when 4^(res - the cell''s resolution) passes 10 million';
COMMENT ON FUNCTION cell_disk(cell, int4) IS 'the cells within k grid steps, the cell included: 1 + 3k(k+1) away from the poles and when k is less than half the columns; 54000 past 10 million cells';
COMMENT ON FUNCTION cell_ring(cell, int4) IS 'the cells exactly k grid steps away: 6k away from the poles (1 for k = 0); 54000 past 10 million cells';
COMMENT ON FUNCTION cube_cells(cube, cell[], timestamptz, timestamptz) IS 'every (cell, bin) of a study area and time span (default: the cube''s first to last bin), n = 0 where nothing was counted; cube cells outside the area are left out; a NULL cell is 22004, more than 10 million (cell, bin) rows 54000';

-- ---------------------------------------------------------------------------
-- 2e. The crosswalk look-ups refuse a scheme or field they do not know
--     (22023) instead of answering "none".
-- ---------------------------------------------------------------------------
-- A scheme or field name the crosswalk does not know is a mistake (a typo
-- would otherwise read as "nothing maps"): 22023 naming it.  The look-ups
-- below call this in a filter that does not depend on the row, so the
-- planner checks it once per call and can still inline them.
CREATE FUNCTION crosswalk_known(scheme text, field text DEFAULT NULL) RETURNS bool
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF scheme IS NULL THEN
        RETURN true;            -- the look-ups are not STRICT: a NULL matches nothing
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.crosswalk c WHERE c.scheme = crosswalk_known.scheme) THEN
        RAISE EXCEPTION 'unknown crosswalk scheme "%"', left(crosswalk_known.scheme, 40)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The schemes are ctdc and htcds.';
    END IF;
    IF field IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.crosswalk c
                        WHERE c.scheme = crosswalk_known.scheme AND c.field = crosswalk_known.field) THEN
        RAISE EXCEPTION 'unknown % field "%"', crosswalk_known.scheme, left(crosswalk_known.field, 80)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The table tst_hub.crosswalk lists the fields of each scheme.';
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION crosswalk_known(text, text) IS 'true if the crosswalk knows the scheme (and the field, when given), else 22023 naming the unknown name (from_scheme and to_scheme check with it)';

CREATE OR REPLACE FUNCTION from_scheme(scheme text, field text, value text, OUT term term, OUT match text)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT c.term, CASE c.relation WHEN 'exact' THEN 'exact' ELSE 'broader' END
      FROM @extschema@.crosswalk c
     WHERE c.scheme = $1 AND c.field = $2 AND c.value = $3 AND c.relation <> 'external_broader'
    UNION ALL
    SELECT NULL, 'none'
     WHERE @extschema@.crosswalk_known($1, $2)
       AND NOT EXISTS (SELECT 1 FROM @extschema@.crosswalk c
                        WHERE c.scheme = $1 AND c.field = $2 AND c.value = $3
                          AND c.relation <> 'external_broader')
$$;
COMMENT ON FUNCTION from_scheme(text, text, text) IS 'terms for an external (scheme, field, value); match is exact, broader or none; an unknown scheme or field is 22023';

CREATE OR REPLACE FUNCTION to_scheme(scheme text, t term, OUT field text, OUT value text, OUT match text)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH cand AS (
        SELECT c.field, c.value, c.relation, @extschema@.depth(c.term) AS d,
               max(@extschema@.depth(c.term)) OVER (PARTITION BY c.field) AS best
          FROM @extschema@.crosswalk c
         WHERE c.scheme = $1 AND c.relation <> 'term_broader'
           AND @extschema@.term_contains(c.term, $2)
    )
    SELECT field, value,
           CASE WHEN relation = 'exact' AND d = @extschema@.depth($2) THEN 'exact' ELSE 'broader' END
      FROM cand WHERE d = best
    UNION ALL
    SELECT NULL, NULL, 'none' WHERE @extschema@.crosswalk_known($1) AND NOT EXISTS (SELECT 1 FROM cand)
$$;
COMMENT ON FUNCTION to_scheme(text, term) IS 'external (field, value) per field for a term: exact, broader (nearest mapped ancestor or a broader external value), or one row with none; an unknown scheme is 22023';

-- ---------------------------------------------------------------------------
-- 2f. geometry_to_wgs84 refuses SRID 0 (it returned the geometry as if it
--     were longitude/latitude).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION geometry_to_wgs84(geom geometry) RETURNS geometry
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    IF ST_SRID(geom) = 4326 THEN
        RETURN geom;
    END IF;
    -- SRID 0 says nothing about units: degrees and metres would both be guesses
    IF ST_SRID(geom) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the geometry has no SRID',
            HINT = 'A SRID is needed to place a geometry on the globe: use ST_SetSRID(geom, 4326) for longitude/latitude.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM spatial_ref_sys WHERE srid = ST_SRID(geom)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown SRID %s', ST_SRID(geom)),
            HINT = 'Use an SRID listed in spatial_ref_sys, e.g. 4326 for longitude/latitude.';
    END IF;
    RETURN ST_Transform(geom, 4326);
END
$$;
COMMENT ON FUNCTION geometry_to_wgs84(geometry) IS 'the geometry in SRID 4326 (transformed if needed); 22023 for SRID 0 or an SRID PostGIS does not know';

-- ---------------------------------------------------------------------------
-- 3. The remade aggregates and what 0.2.0 adds: the Makefile appends the
--    install pieces listed in UPDATE_0_2_0_PIECES after this file.
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- The hub on Citus: hub_distribute() makes the small shared tables reference
-- tables and distributes every per-organisation table by org_id, co-located
-- with incidents, so a query of one organisation runs on one node and joins
-- stay local.  Citus cannot make a table a reference table while a local
-- table still refers to it, so the foreign keys among hub tables are dropped
-- first and made again (under a new name, "_citus": the workers' copies of
-- the extension's tables keep the old ones) once every table is placed.
-- The hub's triggers (organisations_keep_rows, intelligence_reports_check)
-- need citus.enable_unsafe_triggers, set for this call only.
-- ---------------------------------------------------------------------------
CREATE FUNCTION hub_distribute() RETURNS TABLE (table_name regclass, placement text)
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    reference_tables constant text[] := ARRAY['organisations', 'sources', 'countries', 'org_members'];
    distributed_tables constant text[] := ARRAY['incidents', 'persons', 'ingest_batches', 'ingest_rejects',
                                                'supplier_sites', 'intelligence_reports'];
    t text;
    fk record;
    saved jsonb := '[]';
BEGIN
    IF to_regproc('pg_catalog.create_distributed_table') IS NULL THEN
        RAISE EXCEPTION 'Citus is not installed in this database'
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'CREATE EXTENSION citus on the coordinator and add the workers first.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_dist_partition
                WHERE logicalrelid = format('%I.incidents', '@extschema@')::regclass) THEN
        RAISE EXCEPTION 'the hub tables are already distributed' USING ERRCODE = 'object_in_use';
    END IF;
    FOR fk IN SELECT c.conrelid::regclass AS rel, c.conname, pg_get_constraintdef(c.oid) AS def
                FROM pg_constraint c
               WHERE c.contype = 'f'
                 AND c.conrelid = ANY (ARRAY(SELECT format('%I.%I', '@extschema@', x)::regclass
                                               FROM unnest(reference_tables || distributed_tables) x))
               ORDER BY c.conrelid::regclass::text, c.conname LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.rel, fk.conname);
        saved := saved || jsonb_build_object('rel', fk.rel::text, 'name', fk.conname, 'def', fk.def);
    END LOOP;
    PERFORM set_config('citus.enable_unsafe_triggers', 'on', true);
    -- foreign keys to reference tables need one connection per node
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
    FOREACH t IN ARRAY reference_tables LOOP
        EXECUTE 'SELECT create_reference_table($1)' USING format('%I.%I', '@extschema@', t)::regclass;
        table_name := format('%I.%I', '@extschema@', t)::regclass;
        placement := 'reference';
        RETURN NEXT;
    END LOOP;
    FOREACH t IN ARRAY distributed_tables LOOP
        EXECUTE 'SELECT create_distributed_table($1, ''org_id'', colocate_with => $2)'
            USING format('%I.%I', '@extschema@', t)::regclass,
                  CASE WHEN t = 'incidents' THEN 'default' ELSE format('%I.incidents', '@extschema@') END;
        table_name := format('%I.%I', '@extschema@', t)::regclass;
        placement := 'distributed by org_id';
        RETURN NEXT;
    END LOOP;
    FOR fk IN SELECT x ->> 'rel' AS rel, x ->> 'name' AS conname, x ->> 'def' AS def
                FROM jsonb_array_elements(saved) x LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.rel, fk.conname || '_citus', fk.def);
    END LOOP;
END
$fn$;
REVOKE ALL ON FUNCTION hub_distribute() FROM PUBLIC;
COMMENT ON FUNCTION hub_distribute() IS 'on a Citus coordinator (superuser): make organisations, sources, countries and org_members reference tables and distribute incidents, persons, ingest_batches, ingest_rejects, supplier_sites and intelligence_reports by org_id, co-located; the foreign keys among them are made again with the suffix _citus; 0A000 without Citus, 55006 when already done';

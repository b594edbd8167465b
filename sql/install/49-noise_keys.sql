-- ---------------------------------------------------------------------------
-- The sticky noise key on the nodes that hold the rows (docs/SCALING.md).
-- sticky_count draws its noise under a key derived one-way from the key of
-- scope 'noise' (src/anon/noise_key.c).  noise_keys holds only that derived
-- key, one row per version of the scope key, kept by a trigger on the key
-- table in the same transaction.  On Citus, noise_key_distribute() makes it
-- a reference table: Citus copies its rows to every node (COPY, so no key
-- byte is in a statement's text) and sends later changes to all of them, so
-- a worker that runs the final function of a query grouped by the
-- distribution column draws the same noise as the coordinator.  The scope
-- keys themselves (pseudonyms, date shifts) stay on the coordinator.
-- Not a configuration table: a restore rebuilds it from the keys (the
-- trigger fires on their COPY).
-- ---------------------------------------------------------------------------
CREATE TABLE noise_keys (
    version    int4 PRIMARY KEY,
    key        bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE noise_keys IS 'the sticky noise key per version, derived one-way from the key of scope noise (never a scope key); readable by the extension owner only; a Citus reference table after noise_key_distribute()';
REVOKE ALL ON noise_keys FROM PUBLIC;

CREATE FUNCTION noise_key_derive(key bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'noise_key_derive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION noise_key_derive(bytea) IS 'the sticky noise key of a 32-byte key of scope noise: HMAC-SHA256 of a fixed label under it (one-way); used by the trigger that fills noise_keys';
REVOKE ALL ON FUNCTION noise_key_derive(bytea) FROM PUBLIC;

-- Rewrites the whole (small) table, so every insert, update or delete of a
-- noise key lands the same way.  It derives on this node before writing:
-- the scope key never leaves the node, only the derived key does.  Not on
-- a Citus worker: there it would overwrite the coordinator's derived key in
-- the reference table, and the nodes would draw under different keys.
CREATE FUNCTION noise_keys_follow() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    coordinator bool := true;
BEGIN
    -- a worker's own noise key would overwrite the cluster's copy
    IF to_regproc('pg_catalog.citus_is_coordinator') IS NOT NULL THEN
        EXECUTE 'SELECT pg_catalog.citus_is_coordinator()' INTO coordinator;
    END IF;
    IF NOT coordinator THEN
        RAISE EXCEPTION 'keys of scope noise are made on the Citus coordinator, not on a worker'
            USING ERRCODE = 'feature_not_supported';
    END IF;
    DELETE FROM @extschema@.noise_keys;
    INSERT INTO @extschema@.noise_keys (version, key, created_at)
    SELECT k.version, @extschema@.noise_key_derive(k.key), k.created_at
      FROM @extschema@.keys k WHERE k.scope = 'noise';
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION noise_keys_follow() IS 'trigger on keys: rewrites noise_keys from the keys of scope noise (derived keys only)';
REVOKE ALL ON FUNCTION noise_keys_follow() FROM PUBLIC;

CREATE TRIGGER noise_keys_follow_insert AFTER INSERT ON keys
    FOR EACH ROW WHEN (NEW.scope = 'noise') EXECUTE FUNCTION noise_keys_follow();
CREATE TRIGGER noise_keys_follow_update AFTER UPDATE ON keys
    FOR EACH ROW WHEN (OLD.scope = 'noise' OR NEW.scope = 'noise') EXECUTE FUNCTION noise_keys_follow();
CREATE TRIGGER noise_keys_follow_delete AFTER DELETE ON keys
    FOR EACH ROW WHEN (OLD.scope = 'noise') EXECUTE FUNCTION noise_keys_follow();
CREATE TRIGGER noise_keys_follow_truncate AFTER TRUNCATE ON keys
    FOR EACH STATEMENT EXECUTE FUNCTION noise_keys_follow();

-- A hub updated from 0.1.0 may have a noise key already.
INSERT INTO noise_keys (version, key, created_at)
SELECT k.version, noise_key_derive(k.key), k.created_at FROM keys k WHERE k.scope = 'noise';

CREATE FUNCTION noise_key_distribute() RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    t regclass := format('%I.noise_keys', '@extschema@')::regclass;
BEGIN
    IF to_regproc('pg_catalog.create_reference_table') IS NULL THEN
        RAISE EXCEPTION 'Citus is not installed in this database'
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'CREATE EXTENSION citus on the coordinator and add the workers first.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = t) THEN
        RAISE EXCEPTION 'the noise key table is already a reference table' USING ERRCODE = 'object_in_use';
    END IF;
    -- Citus copies the rows with COPY, then hides the local ones; remove them
    -- from the coordinator's heap too (the reference copy replaces them).
    EXECUTE 'SELECT create_reference_table($1)' USING t;
    EXECUTE 'SELECT truncate_local_data_after_distributing_table($1)' USING t;
END
$fn$;
REVOKE ALL ON FUNCTION noise_key_distribute() FROM PUBLIC;
COMMENT ON FUNCTION noise_key_distribute() IS 'on a Citus coordinator (superuser): make noise_keys a reference table, so sticky_count grouped by the distribution column draws on the workers the same noise as on the coordinator (the scope keys stay on the coordinator); 0A000 without Citus, 55006 when already done';

-- ---------------------------------------------------------------------------
-- Keys: 256-bit HMAC keys per scope, versioned.  Only the extension owner
-- reads the table; everyone else goes through the functions below, whose
-- EXECUTE rights are the boundary.  pg_dump by the owner includes the keys
-- (configuration table) so a restore works; see README "Pseudonyms and keys", Backups.
-- ---------------------------------------------------------------------------
-- No CHECK constraints: a failing CHECK prints the whole row, key included,
-- in the error and the server log.  The functions below validate instead.
CREATE TABLE keys (
    scope      text NOT NULL,
    version    int4 NOT NULL,
    key        bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL DEFAULT session_user,
    PRIMARY KEY (scope, version)
);
COMMENT ON TABLE keys IS 'HMAC keys per scope and version; readable by the extension owner only';
REVOKE ALL ON keys FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('keys', '');

CREATE FUNCTION key_material() RETURNS bytea
    AS 'MODULE_PATHNAME', 'key_material' LANGUAGE C VOLATILE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION key_material() IS '32 bytes from the server''s strong random source (used by key_create and key_rotate only)';
REVOKE ALL ON FUNCTION key_material() FROM PUBLIC;

-- The one rule for scope names, in C (anon_check_scope) so that SQL and the
-- keyed C functions cannot drift apart.
CREATE FUNCTION key_scope_check(scope text) RETURNS void
    AS 'MODULE_PATHNAME', 'scope_name_check' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION key_scope_check(text) IS 'raises 22023 unless the text is a valid key scope name: 1 to 63 characters a-z, 0-9, _ . : -, starting with a letter a-z (ASCII only, so no look-alike of another scope)';

CREATE FUNCTION key_create(scope text) RETURNS int4
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM @extschema@.key_scope_check(key_create.scope);
    IF EXISTS (SELECT 1 FROM @extschema@.keys k WHERE k.scope = key_create.scope) THEN
        RAISE EXCEPTION 'scope "%" already has a key', left(key_create.scope, 63)
            USING ERRCODE = 'duplicate_object',
                  HINT = 'Use tst_hub.key_rotate to make a new version.';
    END IF;
    INSERT INTO @extschema@.keys (scope, version, key)
    VALUES (key_create.scope, 1, @extschema@.key_material());
    RETURN 1;
END
$$;
COMMENT ON FUNCTION key_create(text) IS 'create the first (version 1) 256-bit key of a scope; returns the version';

CREATE FUNCTION key_rotate(scope text) RETURNS int4
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v int4;
BEGIN
    PERFORM @extschema@.key_scope_check(key_rotate.scope);
    -- serialise rotations of one scope
    PERFORM 1 FROM @extschema@.keys k WHERE k.scope = key_rotate.scope FOR UPDATE;
    SELECT max(k.version) INTO v FROM @extschema@.keys k WHERE k.scope = key_rotate.scope;
    IF v IS NULL THEN
        RAISE EXCEPTION 'scope "%" has no key', left(key_rotate.scope, 63)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Use tst_hub.key_create first.';
    END IF;
    IF v >= 255 THEN
        RAISE EXCEPTION 'scope "%" has used all 255 key versions', left(key_rotate.scope, 63)
            USING ERRCODE = 'program_limit_exceeded';
    END IF;
    INSERT INTO @extschema@.keys (scope, version, key)
    VALUES (key_rotate.scope, v + 1, @extschema@.key_material());
    RETURN v + 1;
END
$$;
COMMENT ON FUNCTION key_rotate(text) IS 'make a new current key version for a scope (old versions stay, so old tokens still verify); returns the version';

CREATE FUNCTION key_versions(OUT scope text, OUT version int4, OUT is_current bool,
                             OUT created_at timestamptz, OUT created_by name)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT k.scope, k.version, k.version = max(k.version) OVER (PARTITION BY k.scope),
           k.created_at, k.created_by
      FROM @extschema@.keys k ORDER BY k.scope, k.version
$$;
COMMENT ON FUNCTION key_versions() IS 'every scope and key version with when and by whom it was made (never the key bytes)';

REVOKE ALL ON FUNCTION key_create(text), key_rotate(text), key_versions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION key_create(text), key_rotate(text), key_versions() TO tst_hub_admin;

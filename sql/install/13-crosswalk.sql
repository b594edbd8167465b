-- ---------------------------------------------------------------------------
-- Crosswalks between terms and CTDC columns/values and HTCDS field values
-- ---------------------------------------------------------------------------
CREATE FUNCTION crosswalk_rows(
    OUT scheme text, OUT field text, OUT value text, OUT term term, OUT relation text, OUT note text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'vocabulary_crosswalk' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 250;
COMMENT ON FUNCTION crosswalk_rows() IS 'every compiled-in crosswalk row (fills the crosswalk table)';

-- A table, not a view, so per-row look-ups at ingest use an index.  It is
-- built from the compiled-in rows; upgrade scripts rebuild it the same way.
CREATE TABLE crosswalk AS SELECT * FROM crosswalk_rows();
CREATE INDEX crosswalk_external ON crosswalk (scheme, field, value);
CREATE INDEX crosswalk_term ON crosswalk (scheme, term);
COMMENT ON TABLE crosswalk IS 'term <-> CTDC/HTCDS mappings; relation: exact, term_broader (external value -> broader term), external_broader (term -> broader external value)';
GRANT SELECT ON crosswalk TO PUBLIC;

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

-- The look-up functions are plain SQL without STRICT or SET so that the
-- planner inlines them into the calling query (a LATERAL call per ingested
-- row becomes an index join); every name in them is schema-qualified.
-- External value -> terms.  match: exact, broader (the term says less than the
-- value did), or one row with none when nothing maps.
CREATE FUNCTION from_scheme(scheme text, field text, value text, OUT term term, OUT match text)
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

-- Term -> external values, per field the nearest mapping at or above the term.
CREATE FUNCTION to_scheme(scheme text, t term, OUT field text, OUT value text, OUT match text)
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

CREATE FUNCTION from_ctdc(field text, value text DEFAULT '1', OUT term term, OUT match text)
    RETURNS SETOF record LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM @extschema@.from_scheme('ctdc', $1, $2) $$;
CREATE FUNCTION to_ctdc(term, OUT field text, OUT value text, OUT match text)
    RETURNS SETOF record LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM @extschema@.to_scheme('ctdc', $1) $$;
CREATE FUNCTION from_htcds(field text, value text, OUT term term, OUT match text)
    RETURNS SETOF record LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM @extschema@.from_scheme('htcds', $1, $2) $$;
CREATE FUNCTION to_htcds(term, OUT field text, OUT value text, OUT match text)
    RETURNS SETOF record LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT * FROM @extschema@.to_scheme('htcds', $1) $$;
COMMENT ON FUNCTION from_ctdc(text, text) IS 'terms for a CTDC column and value (flags: value 1); match exact/broader/none';
COMMENT ON FUNCTION to_ctdc(term) IS 'CTDC column and value for a term; match exact/broader/none';
COMMENT ON FUNCTION from_htcds(text, text) IS 'terms for an HTCDS field and value name; match exact/broader/none';
COMMENT ON FUNCTION to_htcds(term) IS 'HTCDS field and value name for a term; match exact/broader/none';

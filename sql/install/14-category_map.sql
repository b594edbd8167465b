-- ---------------------------------------------------------------------------
-- Partner category mapping: each organisation's own labels -> hub terms
-- ---------------------------------------------------------------------------
CREATE TABLE category_map (
    org_id      int4 NOT NULL,
    local_label text NOT NULL,
    label_key   text GENERATED ALWAYS AS (@extschema@.fold_label(local_label)) STORED,
    term        @extschema@.term NOT NULL,
    mapped_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, label_key),
    CHECK (label_key <> ''),
    CHECK (octet_length(local_label) <= 1000)
);
COMMENT ON TABLE category_map IS 'partner label -> hub term, per organisation; labels match after ICU folding (case, accents, width, punctuation)';

CREATE TABLE category_seen (
    org_id      int4 NOT NULL,
    label_key   text NOT NULL CHECK (label_key <> ''),
    local_label text NOT NULL CHECK (octet_length(local_label) <= 1000),
    times_seen  int8 NOT NULL DEFAULT 0,
    first_seen  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, label_key)
);
COMMENT ON TABLE category_seen IS 'partner labels met at ingest (first spelling kept) with how often; feeds unmapped_categories';

SELECT pg_catalog.pg_extension_config_dump('category_map', '');
SELECT pg_catalog.pg_extension_config_dump('category_seen', '');

CREATE FUNCTION map_category(org_id int4, label text) RETURNS @extschema@.term
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.term FROM @extschema@.category_map m
     WHERE m.org_id = $1 AND m.label_key = @extschema@.fold_label($2)
$$;
COMMENT ON FUNCTION map_category(int4, text) IS 'the hub term an organisation''s label is mapped to, or NULL if it is not mapped yet';

CREATE FUNCTION observe_category(org_id int4, label text) RETURNS @extschema@.term
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key text;
BEGIN
    IF octet_length(label) > 1000 THEN
        RAISE EXCEPTION 'category label is % bytes long; labels are at most 1000', octet_length(label)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    key := @extschema@.fold_label(label);
    IF key = '' THEN
        RAISE EXCEPTION 'category label "%" is empty after folding', left(label, 60)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A label needs at least one letter or digit.';
    END IF;
    INSERT INTO @extschema@.category_seen AS s (org_id, label_key, local_label, times_seen)
    VALUES (observe_category.org_id, key, label, 1)
    ON CONFLICT ON CONSTRAINT category_seen_pkey
    DO UPDATE SET times_seen = s.times_seen + 1, last_seen = now();
    RETURN @extschema@.map_category(observe_category.org_id, label);
END
$$;
COMMENT ON FUNCTION observe_category(int4, text) IS 'ingest helper: count the label as seen for the organisation and return its mapped term (NULL while unmapped)';

CREATE VIEW unmapped_categories AS
SELECT s.org_id, s.local_label, s.times_seen, s.first_seen, s.last_seen,
       @extschema@.term_lookup(s.local_label) AS suggestion
  FROM @extschema@.category_seen s
 WHERE NOT EXISTS (SELECT 1 FROM @extschema@.category_map m
                    WHERE m.org_id = s.org_id AND m.label_key = s.label_key)
 ORDER BY s.times_seen DESC, s.org_id, s.local_label;
COMMENT ON VIEW unmapped_categories IS 'labels seen at ingest that have no mapping yet, most frequent first, with the vocabulary term the label names on its own (suggestion, NULL if none or ambiguous)';

REVOKE ALL ON category_map, category_seen FROM PUBLIC;
REVOKE ALL ON FUNCTION observe_category(int4, text) FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON category_map, category_seen TO tst_hub_admin;
GRANT SELECT ON category_map, category_seen, unmapped_categories TO tst_hub_analyst, tst_hub_pseudonymiser;
GRANT SELECT ON unmapped_categories TO tst_hub_admin;
GRANT INSERT, UPDATE ON category_seen TO tst_hub_pseudonymiser;
GRANT EXECUTE ON FUNCTION observe_category(int4, text) TO tst_hub_admin, tst_hub_pseudonymiser;

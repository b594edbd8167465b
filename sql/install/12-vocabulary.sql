-- ---------------------------------------------------------------------------
-- The built-in vocabulary as relations
-- ---------------------------------------------------------------------------
CREATE FUNCTION vocabulary_nodes(
    OUT term term, OUT path text, OUT facet term, OUT parent term, OUT depth int4,
    OUT is_leaf bool, OUT status text, OUT label text, OUT source text, OUT code int8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'vocabulary_nodes' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 250;
CREATE FUNCTION vocabulary_label_rows(OUT term term, OUT lang text, OUT kind text, OUT text text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'vocabulary_labels' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 2000;
COMMENT ON FUNCTION vocabulary_nodes() IS 'every vocabulary node (backs the vocabulary view)';
COMMENT ON FUNCTION vocabulary_label_rows() IS 'every label and synonym (backs the vocabulary_labels view)';

CREATE VIEW vocabulary AS SELECT * FROM vocabulary_nodes();
CREATE VIEW vocabulary_labels AS SELECT * FROM vocabulary_label_rows();
COMMENT ON VIEW vocabulary IS 'the hub vocabulary: one row per term, in vocabulary order, with its English label, status (active/deprecated) and source';
COMMENT ON VIEW vocabulary_labels IS 'display labels (kind = label, one per term and language) and accepted synonyms of every term';

GRANT SELECT ON vocabulary, vocabulary_labels TO PUBLIC;

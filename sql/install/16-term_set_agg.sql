-- ---------------------------------------------------------------------------
-- term_set_agg: build a set from rows (parallel and Citus safe)
-- ---------------------------------------------------------------------------
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

-- ---------------------------------------------------------------------------
-- term: one node of the hub vocabulary (pass-by-value int8 prefix code)
-- ---------------------------------------------------------------------------
CREATE TYPE term;

CREATE FUNCTION term_in(cstring) RETURNS term
    AS 'MODULE_PATHNAME', 'term_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_out(term) RETURNS cstring
    AS 'MODULE_PATHNAME', 'term_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_recv(internal) RETURNS term
    AS 'MODULE_PATHNAME', 'term_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_send(term) RETURNS bytea
    AS 'int8send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE term (
    INPUT = term_in, OUTPUT = term_out, RECEIVE = term_recv, SEND = term_send,
    INTERNALLENGTH = 8, PASSEDBYVALUE, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE term IS 'a node of the hub vocabulary, written as a stable path such as exploitation/sexual/online; input also takes labels and synonyms in 15 languages';
COMMENT ON FUNCTION term_in(cstring) IS 'I/O: parse a path, label or synonym (ICU case/accent/width-insensitive)';
COMMENT ON FUNCTION term_out(term) IS 'I/O: the canonical path';
COMMENT ON FUNCTION term_recv(internal) IS 'I/O: binary input (int8 code, validated)';
COMMENT ON FUNCTION term_send(term) IS 'I/O: binary output (int8 code)';

-- Comparison reuses the server's int8 functions: a term is an int8 code and
-- code order is vocabulary preorder (a node sorts before its descendants).
CREATE FUNCTION term_eq(term, term) RETURNS bool AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_ne(term, term) RETURNS bool AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_lt(term, term) RETURNS bool AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_le(term, term) RETURNS bool AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_gt(term, term) RETURNS bool AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_ge(term, term) RETURNS bool AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_cmp(term, term) RETURNS int4 AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_hash(term) RETURNS int4 AS 'MODULE_PATHNAME', 'tst_int8_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_hash_extended(term, int8) RETURNS int8 AS 'MODULE_PATHNAME', 'tst_int8_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION term_eq(term, term) IS 'implementation of = operator';
COMMENT ON FUNCTION term_ne(term, term) IS 'implementation of <> operator';
COMMENT ON FUNCTION term_lt(term, term) IS 'implementation of < operator (vocabulary order)';
COMMENT ON FUNCTION term_le(term, term) IS 'implementation of <= operator (vocabulary order)';
COMMENT ON FUNCTION term_gt(term, term) IS 'implementation of > operator (vocabulary order)';
COMMENT ON FUNCTION term_ge(term, term) IS 'implementation of >= operator (vocabulary order)';
COMMENT ON FUNCTION term_cmp(term, term) IS 'btree support: three-way comparison';
COMMENT ON FUNCTION term_hash(term) IS 'hash support: all 64 bits of the id mixed (murmur3 finaliser)';
COMMENT ON FUNCTION term_hash_extended(term, int8) IS 'hash support (64-bit, seeded; seed 0 agrees with term_hash)';

CREATE OPERATOR = (LEFTARG = term, RIGHTARG = term, FUNCTION = term_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = term, RIGHTARG = term, FUNCTION = term_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = term, RIGHTARG = term, FUNCTION = term_lt,
    COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = term, RIGHTARG = term, FUNCTION = term_le,
    COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = term, RIGHTARG = term, FUNCTION = term_gt,
    COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = term, RIGHTARG = term, FUNCTION = term_ge,
    COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR = (term, term) IS 'same vocabulary node';
COMMENT ON OPERATOR <> (term, term) IS 'different vocabulary nodes';
COMMENT ON OPERATOR < (term, term) IS 'before in vocabulary order';
COMMENT ON OPERATOR <= (term, term) IS 'before or same in vocabulary order';
COMMENT ON OPERATOR > (term, term) IS 'after in vocabulary order';
COMMENT ON OPERATOR >= (term, term) IS 'after or same in vocabulary order';

CREATE OPERATOR CLASS term_ops DEFAULT FOR TYPE term USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 term_cmp(term, term),
    FUNCTION 2 (term, term) pg_catalog.btint8sortsupport(internal);
CREATE OPERATOR CLASS term_hash_ops DEFAULT FOR TYPE term USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 term_hash(term),
    FUNCTION 2 term_hash_extended(term, int8);

-- Subsumption: O(1) bit arithmetic on the codes.  The support functions let
-- a btree index on a term column answer "col <@ constant" as a range scan.
CREATE FUNCTION term_contains_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'term_contains_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_contained_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'term_contained_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION term_contains_support(internal) IS 'planner support: turns constant @> column into a btree range';
COMMENT ON FUNCTION term_contained_support(internal) IS 'planner support: turns column <@ constant into a btree range';

CREATE FUNCTION term_contains(term, term) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT term_contains_support;
CREATE FUNCTION term_contained(term, term) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF
    SUPPORT term_contained_support;
COMMENT ON FUNCTION term_contains(term, term) IS 'implementation of @> operator: first is the second or an ancestor of it';
COMMENT ON FUNCTION term_contained(term, term) IS 'implementation of <@ operator: first is the second or a descendant of it';

CREATE OPERATOR @> (LEFTARG = term, RIGHTARG = term, FUNCTION = term_contains,
    COMMUTATOR = <@, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR <@ (LEFTARG = term, RIGHTARG = term, FUNCTION = term_contained,
    COMMUTATOR = @>, RESTRICT = matchingsel, JOIN = matchingjoinsel);
COMMENT ON OPERATOR @> (term, term) IS 'is the same as or an ancestor of';
COMMENT ON OPERATOR <@ (term, term) IS 'is the same as or a descendant of';

-- Navigation
CREATE FUNCTION parent(term) RETURNS term
    AS 'MODULE_PATHNAME', 'term_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION depth(term) RETURNS int4
    AS 'MODULE_PATHNAME', 'term_depth_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rollup(term, depth int4) RETURNS term
    AS 'MODULE_PATHNAME', 'term_rollup' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION facet(term) RETURNS term
    AS 'MODULE_PATHNAME', 'term_facet' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION path(term) RETURNS text
    AS 'MODULE_PATHNAME', 'term_path' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION is_leaf(term) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_is_leaf' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION label(term, lang text DEFAULT 'en', fallback bool DEFAULT true) RETURNS text
    AS 'MODULE_PATHNAME', 'term_label' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION children(term) RETURNS SETOF term
    AS 'MODULE_PATHNAME', 'term_children' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
CREATE FUNCTION descendants(term) RETURNS SETOF term
    AS 'MODULE_PATHNAME', 'term_descendants' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
CREATE FUNCTION ancestors(term) RETURNS SETOF term
    AS 'MODULE_PATHNAME', 'term_ancestors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 3;
CREATE FUNCTION code(term) RETURNS int8
    AS 'MODULE_PATHNAME', 'term_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_from_code(int8) RETURNS term
    AS 'MODULE_PATHNAME', 'term_from_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_lookup(text) RETURNS term
    AS 'MODULE_PATHNAME', 'term_lookup' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION fold_label(text) RETURNS text
    AS 'MODULE_PATHNAME', 'fold_label' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION parent(term) IS 'the parent term; NULL for a facet';
COMMENT ON FUNCTION depth(term) IS 'levels below the facet: 0 for a facet, 1 for its children, ...';
COMMENT ON FUNCTION rollup(term, int4) IS 'the ancestor at the given depth (the term itself if it is not deeper); GROUP BY rollup(t, 1) counts every descendant under its level-1 category';
COMMENT ON FUNCTION facet(term) IS 'the facet (depth-0 term) the term belongs to';
COMMENT ON FUNCTION path(term) IS 'the canonical path text';
COMMENT ON FUNCTION is_leaf(term) IS 'true if the term has no children';
COMMENT ON FUNCTION label(term, text, bool) IS 'display label in a language (en es fr pt ar ru uk pl ro vi th zh hi sw tl); falls back to English unless fallback is false';
COMMENT ON FUNCTION children(term) IS 'the direct children, in vocabulary order';
COMMENT ON FUNCTION descendants(term) IS 'all terms below, in vocabulary order';
COMMENT ON FUNCTION ancestors(term) IS 'the parent, its parent, ... up to the facet';
COMMENT ON FUNCTION code(term) IS 'the stable int8 code (facet byte then one byte per level)';
COMMENT ON FUNCTION term_from_code(int8) IS 'the term with this code; 22023 if there is none';
COMMENT ON FUNCTION term_lookup(text) IS 'the term a text names, or NULL if it names none or several (never raises for unknown text)';
COMMENT ON FUNCTION fold_label(text) IS 'the ICU-folded matching key of a label: case, width, accents and punctuation folded';

-- tst_hub install script, concatenated from sql/install/*.sql by the Makefile.
\echo Use "CREATE EXTENSION tst_hub" to load this file. \quit

-- Group roles of the privilege model (see README "Roles").  Roles are
-- cluster-wide, so they are created only when missing and never dropped.
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tst_hub_admin') THEN
        CREATE ROLE tst_hub_admin NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tst_hub_pseudonymiser') THEN
        CREATE ROLE tst_hub_pseudonymiser NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'tst_hub_analyst') THEN
        CREATE ROLE tst_hub_analyst NOLOGIN;
    END IF;
END
$roles$;

GRANT USAGE ON SCHEMA @extschema@ TO tst_hub_admin, tst_hub_pseudonymiser, tst_hub_analyst;
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
CREATE FUNCTION term_hash(term) RETURNS int4 AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_hash_extended(term, int8) RETURNS int8 AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION term_eq(term, term) IS 'implementation of = operator';
COMMENT ON FUNCTION term_ne(term, term) IS 'implementation of <> operator';
COMMENT ON FUNCTION term_lt(term, term) IS 'implementation of < operator (vocabulary order)';
COMMENT ON FUNCTION term_le(term, term) IS 'implementation of <= operator (vocabulary order)';
COMMENT ON FUNCTION term_gt(term, term) IS 'implementation of > operator (vocabulary order)';
COMMENT ON FUNCTION term_ge(term, term) IS 'implementation of >= operator (vocabulary order)';
COMMENT ON FUNCTION term_cmp(term, term) IS 'btree support: three-way comparison';
COMMENT ON FUNCTION term_hash(term) IS 'hash support';
COMMENT ON FUNCTION term_hash_extended(term, int8) IS 'hash support (64-bit, seeded)';

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
-- ---------------------------------------------------------------------------
-- term_set: a set of terms for multi-select fields (means of control, ...)
-- ---------------------------------------------------------------------------
CREATE TYPE term_set;

CREATE FUNCTION term_set_in(cstring) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_out(term_set) RETURNS cstring
    AS 'MODULE_PATHNAME', 'term_set_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_recv(internal) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_send(term_set) RETURNS bytea
    AS 'MODULE_PATHNAME', 'term_set_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE term_set (
    INPUT = term_set_in, OUTPUT = term_set_out, RECEIVE = term_set_recv, SEND = term_set_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);
COMMENT ON TYPE term_set IS 'a set of vocabulary terms, written {path,path,...}; containment and overlap are subsumption-aware';
COMMENT ON FUNCTION term_set_in(cstring) IS 'I/O: parse {a,b,...}; elements are paths, labels or synonyms, double-quoted if they hold commas';
COMMENT ON FUNCTION term_set_out(term_set) IS 'I/O: canonical {path,...} in vocabulary order';
COMMENT ON FUNCTION term_set_recv(internal) IS 'I/O: binary input (version byte, count, ascending codes; validated)';
COMMENT ON FUNCTION term_set_send(term_set) IS 'I/O: binary output';

-- Conversions
CREATE FUNCTION term_set(term[]) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_from_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set(term) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_from_term' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION terms(term_set) RETURNS term[]
    AS 'MODULE_PATHNAME', 'term_set_to_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION term_set(term[]) IS 'the set of the array''s terms (duplicates removed; NULL elements raise 22004)';
COMMENT ON FUNCTION term_set(term) IS 'a one-element set';
COMMENT ON FUNCTION terms(term_set) IS 'the elements as an array, in vocabulary order';
CREATE CAST (term[] AS term_set) WITH FUNCTION term_set(term[]) AS ASSIGNMENT;
CREATE CAST (term AS term_set) WITH FUNCTION term_set(term) AS ASSIGNMENT;
CREATE CAST (term_set AS term[]) WITH FUNCTION terms(term_set);
COMMENT ON CAST (term[] AS term_set) IS 'array to set';
COMMENT ON CAST (term AS term_set) IS 'one term to a one-element set';
COMMENT ON CAST (term_set AS term[]) IS 'set to array in vocabulary order';

-- Equality and order (exact sets, not subsumption)
CREATE FUNCTION term_set_eq(term_set, term_set) RETURNS bool AS 'MODULE_PATHNAME', 'term_set_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_set_ne(term_set, term_set) RETURNS bool AS 'MODULE_PATHNAME', 'term_set_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_set_lt(term_set, term_set) RETURNS bool AS 'MODULE_PATHNAME', 'term_set_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_set_le(term_set, term_set) RETURNS bool AS 'MODULE_PATHNAME', 'term_set_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_set_gt(term_set, term_set) RETURNS bool AS 'MODULE_PATHNAME', 'term_set_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_set_ge(term_set, term_set) RETURNS bool AS 'MODULE_PATHNAME', 'term_set_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_set_cmp(term_set, term_set) RETURNS int4 AS 'MODULE_PATHNAME', 'term_set_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_set_hash(term_set) RETURNS int4 AS 'MODULE_PATHNAME', 'term_set_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION term_set_hash_extended(term_set, int8) RETURNS int8 AS 'MODULE_PATHNAME', 'term_set_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION term_set_eq(term_set, term_set) IS 'implementation of = operator (same elements)';
COMMENT ON FUNCTION term_set_ne(term_set, term_set) IS 'implementation of <> operator';
COMMENT ON FUNCTION term_set_lt(term_set, term_set) IS 'implementation of < operator';
COMMENT ON FUNCTION term_set_le(term_set, term_set) IS 'implementation of <= operator';
COMMENT ON FUNCTION term_set_gt(term_set, term_set) IS 'implementation of > operator';
COMMENT ON FUNCTION term_set_ge(term_set, term_set) IS 'implementation of >= operator';
COMMENT ON FUNCTION term_set_cmp(term_set, term_set) IS 'btree support: element-wise order';
COMMENT ON FUNCTION term_set_hash(term_set) IS 'hash support';
COMMENT ON FUNCTION term_set_hash_extended(term_set, int8) IS 'hash support (64-bit, seeded)';

CREATE OPERATOR = (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_lt,
    COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_le,
    COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_gt,
    COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_ge,
    COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR = (term_set, term_set) IS 'same elements';
COMMENT ON OPERATOR <> (term_set, term_set) IS 'different elements';
COMMENT ON OPERATOR < (term_set, term_set) IS 'less than (element-wise order)';
COMMENT ON OPERATOR <= (term_set, term_set) IS 'less than or equal (element-wise order)';
COMMENT ON OPERATOR > (term_set, term_set) IS 'greater than (element-wise order)';
COMMENT ON OPERATOR >= (term_set, term_set) IS 'greater than or equal (element-wise order)';

CREATE OPERATOR CLASS term_set_ops DEFAULT FOR TYPE term_set USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 term_set_cmp(term_set, term_set);
CREATE OPERATOR CLASS term_set_hash_ops DEFAULT FOR TYPE term_set USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 term_set_hash(term_set),
    FUNCTION 2 term_set_hash_extended(term_set, int8);

-- Subsumption-aware set operators
CREATE FUNCTION term_set_contains(term_set, term_set) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_set_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_contained(term_set, term_set) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_set_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_overlaps(term_set, term_set) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_set_overlaps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_contains_term(term_set, term) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_set_contains_term' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_contained_in_set(term, term_set) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_contained_in_set' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_union(term_set, term_set) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_union' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_add(term_set, term) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION term_set_contains(term_set, term_set) IS 'implementation of @> operator: every element of the second is in the first or has a descendant there';
COMMENT ON FUNCTION term_set_contained(term_set, term_set) IS 'implementation of <@ operator: commutator of @>';
COMMENT ON FUNCTION term_set_overlaps(term_set, term_set) IS 'implementation of && operator: some element of one is equal to, above or below some element of the other';
COMMENT ON FUNCTION term_set_contains_term(term_set, term) IS 'implementation of term_set @> term: the set holds the term or a descendant of it';
COMMENT ON FUNCTION term_contained_in_set(term, term_set) IS 'implementation of term <@ term_set: commutator of term_set @> term';
COMMENT ON FUNCTION term_set_union(term_set, term_set) IS 'implementation of || operator: union';
COMMENT ON FUNCTION term_set_add(term_set, term) IS 'implementation of term_set || term: add one element';

CREATE OPERATOR @> (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_contains,
    COMMUTATOR = <@, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR <@ (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_contained,
    COMMUTATOR = @>, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR && (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_overlaps,
    COMMUTATOR = &&, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR @> (LEFTARG = term_set, RIGHTARG = term, FUNCTION = term_set_contains_term,
    COMMUTATOR = <@, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR <@ (LEFTARG = term, RIGHTARG = term_set, FUNCTION = term_contained_in_set,
    COMMUTATOR = @>, RESTRICT = matchingsel, JOIN = matchingjoinsel);
CREATE OPERATOR || (LEFTARG = term_set, RIGHTARG = term_set, FUNCTION = term_set_union);
CREATE OPERATOR || (LEFTARG = term_set, RIGHTARG = term, FUNCTION = term_set_add);
COMMENT ON OPERATOR @> (term_set, term_set) IS 'contains, subsumption-aware: {control/threats/violence} @> {control/threats}';
COMMENT ON OPERATOR <@ (term_set, term_set) IS 'is contained by, subsumption-aware';
COMMENT ON OPERATOR && (term_set, term_set) IS 'overlaps, subsumption-aware (an element of one is equal to, above or below one of the other)';
COMMENT ON OPERATOR @> (term_set, term) IS 'holds the term or a descendant of it';
COMMENT ON OPERATOR <@ (term, term_set) IS 'the set holds the term or a descendant of it';
COMMENT ON OPERATOR || (term_set, term_set) IS 'union';
COMMENT ON OPERATOR || (term_set, term) IS 'add an element';

CREATE FUNCTION cardinality(term_set) RETURNS int4
    AS 'MODULE_PATHNAME', 'term_set_cardinality' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION unnest(term_set) RETURNS SETOF term
    AS 'MODULE_PATHNAME', 'term_set_unnest' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION cardinality(term_set) IS 'number of elements';
COMMENT ON FUNCTION unnest(term_set) IS 'the elements as rows, in vocabulary order';

-- term_set_agg: build a set from rows (parallel and Citus safe)
CREATE FUNCTION term_set_agg_trans(internal, term) RETURNS internal
    AS 'MODULE_PATHNAME', 'term_set_agg_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION term_set_agg_set_trans(internal, term_set) RETURNS internal
    AS 'MODULE_PATHNAME', 'term_set_agg_set_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION term_set_agg_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'term_set_agg_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION term_set_agg_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'term_set_agg_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_agg_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'term_set_agg_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_agg_final(internal) RETURNS term_set
    AS 'MODULE_PATHNAME', 'term_set_agg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION term_set_agg_trans(internal, term) IS 'aggregate support: add a term';
COMMENT ON FUNCTION term_set_agg_set_trans(internal, term_set) IS 'aggregate support: add a set''s terms';
COMMENT ON FUNCTION term_set_agg_combine(internal, internal) IS 'aggregate support: merge partial states';
COMMENT ON FUNCTION term_set_agg_serialize(internal) IS 'aggregate support: state to term_set bytes';
COMMENT ON FUNCTION term_set_agg_deserialize(bytea, internal) IS 'aggregate support: validated bytes to state';
COMMENT ON FUNCTION term_set_agg_final(internal) IS 'aggregate support: state to term_set';

CREATE AGGREGATE term_set_agg(term) (
    SFUNC = term_set_agg_trans, STYPE = internal, FINALFUNC = term_set_agg_final,
    COMBINEFUNC = term_set_agg_combine, SERIALFUNC = term_set_agg_serialize,
    DESERIALFUNC = term_set_agg_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE term_set_agg(term_set) (
    SFUNC = term_set_agg_set_trans, STYPE = internal, FINALFUNC = term_set_agg_final,
    COMBINEFUNC = term_set_agg_combine, SERIALFUNC = term_set_agg_serialize,
    DESERIALFUNC = term_set_agg_deserialize, PARALLEL = SAFE
);
COMMENT ON AGGREGATE term_set_agg(term) IS 'the set of the non-NULL terms of the group (NULL if there are none)';
COMMENT ON AGGREGATE term_set_agg(term_set) IS 'the union of the non-NULL sets of the group (NULL if there are none)';

-- GIN: indexes @>, &&, <@ and @> term, subsumption included
CREATE FUNCTION term_set_gin_extract_value(term_set, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'term_set_gin_extract_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_gin_extract_query(term_set, internal, int2, internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'term_set_gin_extract_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_gin_consistent(internal, int2, term_set, int4, internal, internal, internal, internal) RETURNS bool
    AS 'MODULE_PATHNAME', 'term_set_gin_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION term_set_gin_triconsistent(internal, int2, term_set, int4, internal, internal, internal) RETURNS "char"
    AS 'MODULE_PATHNAME', 'term_set_gin_triconsistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION term_set_gin_extract_value(term_set, internal, internal) IS 'GIN support: element and ancestor keys';
COMMENT ON FUNCTION term_set_gin_extract_query(term_set, internal, int2, internal, internal, internal, internal) IS 'GIN support: query keys';
COMMENT ON FUNCTION term_set_gin_consistent(internal, int2, term_set, int4, internal, internal, internal, internal) IS 'GIN support: consistent';
COMMENT ON FUNCTION term_set_gin_triconsistent(internal, int2, term_set, int4, internal, internal, internal) IS 'GIN support: ternary consistent';

CREATE OPERATOR CLASS term_set_gin_ops DEFAULT FOR TYPE term_set USING gin AS
    OPERATOR 1 && (term_set, term_set),
    OPERATOR 2 @> (term_set, term_set),
    OPERATOR 3 <@ (term_set, term_set),
    OPERATOR 5 @> (term_set, term),
    FUNCTION 1 pg_catalog.btint8cmp(int8, int8),
    FUNCTION 2 term_set_gin_extract_value(term_set, internal, internal),
    FUNCTION 3 term_set_gin_extract_query(term_set, internal, int2, internal, internal, internal, internal),
    FUNCTION 4 term_set_gin_consistent(internal, int2, term_set, int4, internal, internal, internal, internal),
    FUNCTION 6 term_set_gin_triconsistent(internal, int2, term_set, int4, internal, internal, internal),
    STORAGE int8;
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
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.crosswalk c
                        WHERE c.scheme = $1 AND c.field = $2 AND c.value = $3
                          AND c.relation <> 'external_broader')
$$;
COMMENT ON FUNCTION from_scheme(text, text, text) IS 'terms for an external (scheme, field, value); match is exact, broader or none';

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
    SELECT NULL, NULL, 'none' WHERE NOT EXISTS (SELECT 1 FROM cand)
$$;
COMMENT ON FUNCTION to_scheme(text, term) IS 'external (field, value) per field for a term: exact, broader (nearest mapped ancestor or a broader external value), or one row with none';

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
-- ---------------------------------------------------------------------------
-- Age bands (CTDC) and the minor threshold (Palermo art. 3(d))
-- ---------------------------------------------------------------------------
CREATE FUNCTION age_band(age int4) RETURNS text
    AS 'MODULE_PATHNAME', 'age_band' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION is_minor(age int4) RETURNS bool
    AS 'MODULE_PATHNAME', 'is_minor' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION age_band(int4) IS 'CTDC age band of an age in years: 0--8, 9--17, 18--20, 21--23, 24--26, 27--29, 30--38, 39--47, 48+; ages outside 0..130 raise 22003';
COMMENT ON FUNCTION is_minor(int4) IS 'true under 18 (Palermo Protocol art. 3(d)); ages outside 0..130 raise 22003';
-- ---------------------------------------------------------------------------
-- Keys: 256-bit HMAC keys per scope, versioned.  Only the extension owner
-- reads the table; everyone else goes through the functions below, whose
-- EXECUTE rights are the boundary.  pg_dump by the owner includes the keys
-- (configuration table) so a restore works; see README "Keys and backups".
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

CREATE FUNCTION key_scope_check(scope text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF octet_length(scope) NOT BETWEEN 1 AND 63 OR scope ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'key scope must be 1 to 63 bytes without control characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION key_scope_check(text) IS 'raises 22023 unless the text is a valid key scope name';

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
-- ---------------------------------------------------------------------------
-- pseudonym: a 16-byte keyed token (format, key version, 112-bit HMAC)
-- ---------------------------------------------------------------------------
CREATE TYPE pseudonym;

CREATE FUNCTION pseudonym_in(cstring) RETURNS pseudonym
    AS 'MODULE_PATHNAME', 'pseudonym_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pseudonym_out(pseudonym) RETURNS cstring
    AS 'MODULE_PATHNAME', 'pseudonym_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pseudonym_recv(internal) RETURNS pseudonym
    AS 'MODULE_PATHNAME', 'pseudonym_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION pseudonym_send(pseudonym) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pseudonym_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE pseudonym (
    INPUT = pseudonym_in, OUTPUT = pseudonym_out, RECEIVE = pseudonym_recv, SEND = pseudonym_send,
    INTERNALLENGTH = 16, ALIGNMENT = char, STORAGE = plain
);
COMMENT ON TYPE pseudonym IS 'a keyed pseudonym of an identifier: ps_ and 26 base32 characters; equal identifiers in one scope give equal tokens';
COMMENT ON FUNCTION pseudonym_in(cstring) IS 'I/O: parse ps_ + 26 base32 characters (canonical spelling only)';
COMMENT ON FUNCTION pseudonym_out(pseudonym) IS 'I/O: ps_ + 26 base32 characters';
COMMENT ON FUNCTION pseudonym_recv(internal) IS 'I/O: binary input (16 bytes, validated)';
COMMENT ON FUNCTION pseudonym_send(pseudonym) IS 'I/O: binary output (16 bytes)';

CREATE FUNCTION pseudonym_eq(pseudonym, pseudonym) RETURNS bool AS 'MODULE_PATHNAME', 'pseudonym_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_ne(pseudonym, pseudonym) RETURNS bool AS 'MODULE_PATHNAME', 'pseudonym_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_lt(pseudonym, pseudonym) RETURNS bool AS 'MODULE_PATHNAME', 'pseudonym_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_le(pseudonym, pseudonym) RETURNS bool AS 'MODULE_PATHNAME', 'pseudonym_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_gt(pseudonym, pseudonym) RETURNS bool AS 'MODULE_PATHNAME', 'pseudonym_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_ge(pseudonym, pseudonym) RETURNS bool AS 'MODULE_PATHNAME', 'pseudonym_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_cmp(pseudonym, pseudonym) RETURNS int4 AS 'MODULE_PATHNAME', 'pseudonym_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_hash(pseudonym) RETURNS int4 AS 'MODULE_PATHNAME', 'pseudonym_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_hash_extended(pseudonym, int8) RETURNS int8 AS 'MODULE_PATHNAME', 'pseudonym_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION pseudonym_eq(pseudonym, pseudonym) IS 'implementation of = operator';
COMMENT ON FUNCTION pseudonym_ne(pseudonym, pseudonym) IS 'implementation of <> operator';
COMMENT ON FUNCTION pseudonym_lt(pseudonym, pseudonym) IS 'implementation of < operator (byte order)';
COMMENT ON FUNCTION pseudonym_le(pseudonym, pseudonym) IS 'implementation of <= operator (byte order)';
COMMENT ON FUNCTION pseudonym_gt(pseudonym, pseudonym) IS 'implementation of > operator (byte order)';
COMMENT ON FUNCTION pseudonym_ge(pseudonym, pseudonym) IS 'implementation of >= operator (byte order)';
COMMENT ON FUNCTION pseudonym_cmp(pseudonym, pseudonym) IS 'btree support: three-way comparison';
COMMENT ON FUNCTION pseudonym_hash(pseudonym) IS 'hash support';
COMMENT ON FUNCTION pseudonym_hash_extended(pseudonym, int8) IS 'hash support (64-bit, seeded)';

CREATE OPERATOR = (LEFTARG = pseudonym, RIGHTARG = pseudonym, FUNCTION = pseudonym_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = pseudonym, RIGHTARG = pseudonym, FUNCTION = pseudonym_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = pseudonym, RIGHTARG = pseudonym, FUNCTION = pseudonym_lt,
    COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = pseudonym, RIGHTARG = pseudonym, FUNCTION = pseudonym_le,
    COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = pseudonym, RIGHTARG = pseudonym, FUNCTION = pseudonym_gt,
    COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = pseudonym, RIGHTARG = pseudonym, FUNCTION = pseudonym_ge,
    COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR = (pseudonym, pseudonym) IS 'same token (same identifier, scope and key version)';
COMMENT ON OPERATOR <> (pseudonym, pseudonym) IS 'different tokens';
COMMENT ON OPERATOR < (pseudonym, pseudonym) IS 'before in byte order';
COMMENT ON OPERATOR <= (pseudonym, pseudonym) IS 'before or same in byte order';
COMMENT ON OPERATOR > (pseudonym, pseudonym) IS 'after in byte order';
COMMENT ON OPERATOR >= (pseudonym, pseudonym) IS 'after or same in byte order';

CREATE OPERATOR CLASS pseudonym_ops DEFAULT FOR TYPE pseudonym USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 pseudonym_cmp(pseudonym, pseudonym);
CREATE OPERATOR CLASS pseudonym_hash_ops DEFAULT FOR TYPE pseudonym USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 pseudonym_hash(pseudonym),
    FUNCTION 2 pseudonym_hash_extended(pseudonym, int8);

CREATE FUNCTION key_version(pseudonym) RETURNS int4
    AS 'MODULE_PATHNAME', 'pseudonym_key_version' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION key_version(pseudonym) IS 'the key version that made the token';

-- Keyed functions: EXECUTE is the boundary (an oracle otherwise).
CREATE FUNCTION pseudonymise(kind text, value text, scope text, default_country text DEFAULT NULL)
    RETURNS pseudonym
    AS 'MODULE_PATHNAME', 'keyed_pseudonymise' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION pseudonym_verify(token pseudonym, kind text, value text, scope text,
                                 default_country text DEFAULT NULL) RETURNS bool
    AS 'MODULE_PATHNAME', 'keyed_pseudonym_verify' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION pseudonym_rekey(token pseudonym, kind text, value text, scope text,
                                default_country text DEFAULT NULL) RETURNS pseudonym
    AS 'MODULE_PATHNAME', 'keyed_pseudonym_rekey' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION pseudonymise(text, text, text, text) IS 'the token of an identifier (kind phone, email, name, doc_id or raw; canonicalised first) under the scope''s current key; NULL in, NULL out';
COMMENT ON FUNCTION pseudonym_verify(pseudonym, text, text, text, text) IS 'true if the token was made from this identifier in this scope (under the key version the token names)';
COMMENT ON FUNCTION pseudonym_rekey(pseudonym, text, text, text, text) IS 'the token re-made under the scope''s current key, after checking it was made from this identifier (22000 otherwise)';
REVOKE ALL ON FUNCTION pseudonymise(text, text, text, text),
    pseudonym_verify(pseudonym, text, text, text, text),
    pseudonym_rekey(pseudonym, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pseudonymise(text, text, text, text),
    pseudonym_verify(pseudonym, text, text, text, text),
    pseudonym_rekey(pseudonym, text, text, text, text) TO tst_hub_pseudonymiser;
-- ---------------------------------------------------------------------------
-- Phone numbers to E.164 (issue 4).  Pseudonyms are HMACs of this form, so
-- it must not change within an extension version: a numbering-plan update
-- (src/anon/phone_plans.c) is a new version.
-- ---------------------------------------------------------------------------
CREATE FUNCTION canon_phone(phone text, default_country text) RETURNS text
    AS 'MODULE_PATHNAME', 'canon_phone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION canon_phone(text, text) IS 'E.164 form (+ and digits) of a phone number written with any separators, digits of any script, "+", 00 or the country''s international prefix, or in national form (trunk prefix optional) of default_country (ISO 3166-1 alpha-2 with a numbering plan); impossible numbers raise 22P02 with the reason, never echoing the number; unknown countries 22023';
-- ---------------------------------------------------------------------------
-- Canonicalisers for e-mail addresses, names and document numbers
-- ---------------------------------------------------------------------------
CREATE FUNCTION canon_email(text) RETURNS text
    AS 'MODULE_PATHNAME', 'canon_email' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION canon_name(text, transliterate bool DEFAULT false) RETURNS text
    AS 'MODULE_PATHNAME', 'canon_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION canon_doc_id(text) RETURNS text
    AS 'MODULE_PATHNAME', 'canon_doc_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION canon_email(text) IS 'canonical e-mail address: trimmed, local part NFKC case-folded, domain by IDNA UTS #46 in ASCII form; 22P02 if invalid';
COMMENT ON FUNCTION canon_name(text, bool) IS 'canonical name: NFKC, case-folded, accents folded (Latin, Greek, Cyrillic, Arabic, Hebrew), punctuation and spacing collapsed; other scripts kept unless transliterate (ICU Any-Latin)';
COMMENT ON FUNCTION canon_doc_id(text) IS 'canonical passport or ID number: separators removed, full-width folded, upper-case A-Z and 0-9 only; 22P02 otherwise';
-- ---------------------------------------------------------------------------
-- Generalisation and masking
-- ---------------------------------------------------------------------------
CREATE FUNCTION date_coarsen(date, unit text) RETURNS date
    AS 'MODULE_PATHNAME', 'date_coarsen' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION date_coarsen(date, text) IS 'the first day of the date''s ISO week (Monday), month, quarter or year; infinite dates stay as they are';

CREATE FUNCTION date_shift(date, person pseudonym, max_days int4 DEFAULT 30, scope text DEFAULT 'date_shift')
    RETURNS date
    AS 'MODULE_PATHNAME', 'keyed_date_shift' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION date_shift(date, pseudonym, int4, text) IS 'the date moved by a secret per-person offset in [-max_days, max_days], keyed by the scope''s first key version (rotation never moves a person''s dates), so one person''s intervals are kept';
REVOKE ALL ON FUNCTION date_shift(date, pseudonym, int4, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION date_shift(date, pseudonym, int4, text) TO tst_hub_pseudonymiser;

CREATE FUNCTION num_bin(value numeric, edges numeric[]) RETURNS numrange
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n int := cardinality(edges);
    b int;
BEGIN
    IF n = 0 OR array_ndims(edges) <> 1 OR array_position(edges, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'bin edges must be a non-empty one-dimensional array without NULLs'
            USING ERRCODE = 'invalid_parameter_value';
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
COMMENT ON FUNCTION num_bin(numeric, numeric[]) IS 'the bin [edge_i, edge_i+1) holding the value; bins cover everything: (,first) below and [last,) above; bad edges raise 22023';

CREATE FUNCTION mask_phone(text, keep int4 DEFAULT 2) RETURNS text
    AS 'MODULE_PATHNAME', 'mask_phone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mask_email(text) RETURNS text
    AS 'MODULE_PATHNAME', 'mask_email' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mask_text(text, keep int4 DEFAULT 4) RETURNS text
    AS 'MODULE_PATHNAME', 'mask_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mask_phone(text, int4) IS 'display mask: every digit but the last keep becomes *';
COMMENT ON FUNCTION mask_email(text) IS 'display mask: first character and top-level domain only (j***@***.org); anything else masked whole';
COMMENT ON FUNCTION mask_text(text, int4) IS 'display mask: every character but the last keep becomes *';
-- ---------------------------------------------------------------------------
-- cell: a cell of the global equal-area hexagon grid (pass-by-value int8 id)
-- Design, projection, distortion and id layout: src/hotspot/grid.h.
-- Functions that call PostGIS pin the search_path of CREATE EXTENSION (this
-- schema, then PostGIS's) with SET search_path FROM CURRENT.
-- ---------------------------------------------------------------------------
CREATE TYPE cell;

CREATE FUNCTION cell_in(cstring) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_out(cell) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cell_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_recv(internal) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_send(cell) RETURNS bytea
    AS 'int8send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cell (
    INPUT = cell_in, OUTPUT = cell_out, RECEIVE = cell_recv, SEND = cell_send,
    INTERNALLENGTH = 8, PASSEDBYVALUE, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE cell IS 'a cell of the tst_hub global hexagon grid (equal-area, resolutions 0..15, about 963 km / 2^res across), written h<res>:<row>:<column>';
COMMENT ON FUNCTION cell_in(cstring) IS 'I/O: parse h<res>:<row>:<column>, validated against the grid';
COMMENT ON FUNCTION cell_out(cell) IS 'I/O: h<res>:<row>:<column>';
COMMENT ON FUNCTION cell_recv(internal) IS 'I/O: binary input (int8 id, validated)';
COMMENT ON FUNCTION cell_send(cell) IS 'I/O: binary output (int8 id)';

-- Comparison is int8 comparison of the ids: resolution, then row (south to
-- north), then column (west to east).
CREATE FUNCTION cell_eq(cell, cell) RETURNS bool AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_ne(cell, cell) RETURNS bool AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_lt(cell, cell) RETURNS bool AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_le(cell, cell) RETURNS bool AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_gt(cell, cell) RETURNS bool AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_ge(cell, cell) RETURNS bool AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_cmp(cell, cell) RETURNS int4 AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_hash(cell) RETURNS int4 AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_hash_extended(cell, int8) RETURNS int8 AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cell_eq(cell, cell) IS 'implementation of = operator';
COMMENT ON FUNCTION cell_ne(cell, cell) IS 'implementation of <> operator';
COMMENT ON FUNCTION cell_lt(cell, cell) IS 'implementation of < operator (id order)';
COMMENT ON FUNCTION cell_le(cell, cell) IS 'implementation of <= operator (id order)';
COMMENT ON FUNCTION cell_gt(cell, cell) IS 'implementation of > operator (id order)';
COMMENT ON FUNCTION cell_ge(cell, cell) IS 'implementation of >= operator (id order)';
COMMENT ON FUNCTION cell_cmp(cell, cell) IS 'btree support: three-way comparison';
COMMENT ON FUNCTION cell_hash(cell) IS 'hash support';
COMMENT ON FUNCTION cell_hash_extended(cell, int8) IS 'hash support (64-bit, seeded)';

CREATE OPERATOR = (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_lt,
    COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_le,
    COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_gt,
    COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_ge,
    COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR = (cell, cell) IS 'same cell';
COMMENT ON OPERATOR <> (cell, cell) IS 'different cells';
COMMENT ON OPERATOR < (cell, cell) IS 'before in id order';
COMMENT ON OPERATOR <= (cell, cell) IS 'before or same in id order';
COMMENT ON OPERATOR > (cell, cell) IS 'after in id order';
COMMENT ON OPERATOR >= (cell, cell) IS 'after or same in id order';

CREATE OPERATOR CLASS cell_ops DEFAULT FOR TYPE cell USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 cell_cmp(cell, cell),
    FUNCTION 2 (cell, cell) pg_catalog.btint8sortsupport(internal);
CREATE OPERATOR CLASS cell_hash_ops DEFAULT FOR TYPE cell USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 cell_hash(cell),
    FUNCTION 2 cell_hash_extended(cell, int8);

-- Points to cells
CREATE FUNCTION cell(lat float8, lon float8, res int4) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_from_latlon' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_from_ewkb(ewkb bytea, res int4) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_from_ewkb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- A geometry in SRID 4326; SRID 0 passes (the C side refuses it with 22023)
-- and an SRID unknown to PostGIS is 22023 here, not PostGIS's internal error.
CREATE FUNCTION geometry_to_wgs84(geom geometry) RETURNS geometry
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    IF ST_SRID(geom) IN (0, 4326) THEN
        RETURN geom;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM spatial_ref_sys WHERE srid = ST_SRID(geom)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown SRID %s', ST_SRID(geom)),
            HINT = 'Use an SRID listed in spatial_ref_sys, e.g. 4326 for longitude/latitude.';
    END IF;
    RETURN ST_Transform(geom, 4326);
END
$$;
COMMENT ON FUNCTION geometry_to_wgs84(geometry) IS 'the geometry in SRID 4326 (transformed if needed); 22023 for an SRID PostGIS does not know';

CREATE FUNCTION cell(geom geometry, res int4) RETURNS cell
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
    AS $$SELECT cell_from_ewkb(ST_AsEWKB(geometry_to_wgs84($1)), $2)$$;
COMMENT ON FUNCTION cell(float8, float8, int4) IS 'the cell of a point given as latitude and longitude in degrees (WGS84) at a resolution 0..15; 22003 for coordinates out of range, 22023 for a bad resolution';
COMMENT ON FUNCTION cell_from_ewkb(bytea, int4) IS 'the cell of an EWKB point in SRID 4326 (what cell(geometry, res) calls after transforming)';
COMMENT ON FUNCTION cell(geometry, int4) IS 'the cell of a point geometry; SRID 4326 is used as is, other SRIDs are transformed to 4326, SRID 0 is refused (22023)';

CREATE FUNCTION cell_id(cell) RETURNS int8
    AS 'MODULE_PATHNAME', 'cell_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_from_id(int8) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_from_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cell_id(cell) IS 'the int8 id of a cell (bit layout in src/hotspot/grid.h)';
COMMENT ON FUNCTION cell_from_id(int8) IS 'the cell with this int8 id; 22023 if no cell has it';

-- Hierarchy and neighbourhoods
CREATE FUNCTION cell_resolution(cell) RETURNS int4
    AS 'MODULE_PATHNAME', 'cell_resolution' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_parent(cell) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_parent(cell, res int4) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_children(cell) RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_children' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
CREATE FUNCTION cell_children(cell, res int4) RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_children' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 64;
CREATE FUNCTION cell_disk(cell, k int4) RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_disk' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 19;
CREATE FUNCTION cell_ring(cell, k int4) RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_ring' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
CREATE FUNCTION cell_distance(cell, cell) RETURNS int8
    AS 'MODULE_PATHNAME', 'cell_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cell_resolution(cell) IS 'the resolution, 0 (coarsest) to 15';
COMMENT ON FUNCTION cell_parent(cell) IS 'the parent one resolution coarser; NULL at resolution 0';
COMMENT ON FUNCTION cell_parent(cell, int4) IS 'the ancestor at a coarser resolution (repeated parent steps; nesting is approximate, see grid.h)';
COMMENT ON FUNCTION cell_children(cell) IS 'the children one resolution finer (4, fewer or more only in polar rows), in id order';
COMMENT ON FUNCTION cell_children(cell, int4) IS 'the descendants at a finer resolution: the cells whose cell_parent at this cell''s resolution is this cell';
COMMENT ON FUNCTION cell_disk(cell, int4) IS 'the cells within k grid steps, the cell included: 1 + 3k(k+1) away from the poles and when k is less than half the columns';
COMMENT ON FUNCTION cell_ring(cell, int4) IS 'the cells exactly k grid steps away: 6k away from the poles (1 for k = 0)';
COMMENT ON FUNCTION cell_distance(cell, cell) IS 'grid steps between two cells of one resolution, wrapping at the antimeridian (not across the poles)';

-- Measures
CREATE FUNCTION cell_area_km2(cell) RETURNS float8
    AS 'MODULE_PATHNAME', 'cell_area_km2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_count(res int4) RETURNS int8
    AS 'MODULE_PATHNAME', 'cell_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cell_area_km2(cell) IS 'area on the sphere of radius 6371.0072 km; the same for every cell of a resolution except the clipped polar rows';
COMMENT ON FUNCTION cell_count(int4) IS 'the number of cells covering the globe at a resolution (684 at resolution 0)';

-- Geometry (SRID 4326)
CREATE FUNCTION cell_center_ewkb(cell) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cell_center_ewkb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_boundary_ewkb(cell) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cell_boundary_ewkb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_center(cell) RETURNS geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
    AS $$SELECT ST_GeomFromEWKB(cell_center_ewkb($1))$$;
CREATE FUNCTION cell_boundary(cell) RETURNS geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
    AS $$SELECT ST_GeomFromEWKB(cell_boundary_ewkb($1))$$;
COMMENT ON FUNCTION cell_center_ewkb(cell) IS 'the centre as EWKB (see cell_center)';
COMMENT ON FUNCTION cell_boundary_ewkb(cell) IS 'the boundary as EWKB (see cell_boundary)';
COMMENT ON FUNCTION cell_center(cell) IS 'the centre point (SRID 4326); for cells clipped at a pole, the centroid of the clipped part';
COMMENT ON FUNCTION cell_boundary(cell) IS 'the boundary polygon (SRID 4326), edges densified to within 1e-6 of a column width; a MultiPolygon split at +-180 for cells straddling the antimeridian';

-- Covering an area
CREATE FUNCTION cell_cover_candidates(xmin float8, ymin float8, xmax float8, ymax float8, res int4)
    RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_cover_candidates' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION cell_cover_candidates(float8, float8, float8, float8, int4) IS 'cells whose hexagon may meet a longitude/latitude box (a superset, used by cells_cover); 54000 past 10 million cells';

CREATE FUNCTION cells_cover(area geometry, res int4, mode text DEFAULT 'overlap') RETURNS SETOF cell
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT ROWS 100
AS $$
DECLARE
    g geometry := area;
    by_centre bool;
BEGIN
    IF lower(mode) IN ('centre', 'center') THEN
        by_centre := true;
    ELSIF lower(mode) = 'overlap' THEN
        by_centre := false;
    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown cover mode "%s"', left(mode, 40)),
            HINT = 'Use ''centre'' (cells whose centre is in the area) or ''overlap'' (cells that touch it).';
    END IF;
    IF res < 0 OR res > 15 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('cell resolution %s is out of range', res),
            HINT = 'Resolutions run from 0 to 15.';
    END IF;
    IF ST_SRID(g) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the area has no SRID',
            HINT = 'A SRID is needed to place an area on the globe: use ST_SetSRID(area, 4326) for longitude/latitude.';
    END IF;
    IF GeometryType(g) NOT IN ('POLYGON', 'MULTIPOLYGON') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('cells_cover needs a polygon or multipolygon, not %s', GeometryType(g));
    END IF;
    IF ST_IsEmpty(g) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'cells_cover needs a non-empty area';
    END IF;
    IF NOT (ST_IsValidDetail(g)).valid THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the area is not a valid polygon',
            DETAIL = (ST_IsValidDetail(g)).reason, HINT = 'ST_MakeValid may repair it.';
    END IF;
    g := geometry_to_wgs84(g);
    IF ST_YMin(g) < -90 OR ST_YMax(g) > 90 OR ST_XMin(g) < -540 OR ST_XMax(g) > 540 THEN
        RAISE EXCEPTION USING ERRCODE = '22003', MESSAGE = 'the area reaches beyond the globe',
            DETAIL = format('Its bounding box is %s.', Box2D(g));
    END IF;
    -- Longitudes past +-180 are folded back, splitting the area at the antimeridian.
    IF ST_XMax(g) > 180 THEN
        g := ST_WrapX(g, 180, -360);
    END IF;
    IF ST_XMin(g) < -180 THEN
        g := ST_WrapX(g, -180, 360);
    END IF;
    RETURN QUERY
    SELECT DISTINCT c
      FROM ST_Dump(g) AS d,
           LATERAL cell_cover_candidates(ST_XMin(d.geom), ST_YMin(d.geom),
                                         ST_XMax(d.geom), ST_YMax(d.geom), res) AS c
     WHERE CASE WHEN by_centre
                THEN ST_Intersects(d.geom, cell_center(c))
                     -- the centre of a cell straddling the antimeridian is at -180, also +180
                     OR (ST_X(cell_center(c)) = -180
                         AND ST_Intersects(d.geom, ST_Translate(cell_center(c), 360, 0)))
                ELSE ST_Intersects(d.geom, cell_boundary(c)) END
     ORDER BY c;
END
$$;
COMMENT ON FUNCTION cells_cover(geometry, int4, text) IS 'the cells covering an area: mode ''centre'' keeps cells whose centre is in it, ''overlap'' (default) every cell that touches it (at least one); longitudes past +-180 wrap; 22023 for invalid, empty or non-areal input, 54000 past 10 million candidate cells';
-- ---------------------------------------------------------------------------
-- cube: counts per (cell, time bin), the mergeable space-time cube state
-- Layout and canonical order: src/hotspot/cube.h.
-- ---------------------------------------------------------------------------
CREATE TYPE cube;

CREATE FUNCTION cube_in(cstring) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_out(cube) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cube_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_recv(internal) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_send(cube) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cube_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cube (
    INPUT = cube_in, OUTPUT = cube_out, RECEIVE = cube_recv, SEND = cube_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);
COMMENT ON TYPE cube IS 'space-time cube: event counts per (cell, time bin) with the bin width and origin; built by st_cube, merged by cube_union/cube_append, read by cube_cells';
COMMENT ON FUNCTION cube_in(cstring) IS 'I/O: \x and the hex of the binary form, validated';
COMMENT ON FUNCTION cube_out(cube) IS 'I/O: \x and the hex of the binary form';
COMMENT ON FUNCTION cube_recv(internal) IS 'I/O: binary input (version byte first, validated)';
COMMENT ON FUNCTION cube_send(cube) IS 'I/O: binary output (version byte first, network order)';

-- Aggregates.  The state is internal (a hash table); it travels between
-- processes as canonical cube bytes.
CREATE FUNCTION st_cube_trans(internal, cell, timestamptz, interval) RETURNS internal
    AS 'MODULE_PATHNAME', 'st_cube_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION st_cube_trans(internal, cell, timestamptz, interval, timestamptz) RETURNS internal
    AS 'MODULE_PATHNAME', 'st_cube_trans_origin' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cube_union_trans(internal, cube) RETURNS internal
    AS 'MODULE_PATHNAME', 'cube_union_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cube_agg_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'cube_agg_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cube_agg_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cube_agg_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_agg_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'cube_agg_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_agg_final(internal) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_agg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION st_cube_trans(internal, cell, timestamptz, interval) IS 'aggregate support: st_cube row step';
COMMENT ON FUNCTION st_cube_trans(internal, cell, timestamptz, interval, timestamptz) IS 'aggregate support: st_cube row step with an origin';
COMMENT ON FUNCTION cube_union_trans(internal, cube) IS 'aggregate support: cube_union row step';
COMMENT ON FUNCTION cube_agg_combine(internal, internal) IS 'aggregate support: merge two partial cube states';
COMMENT ON FUNCTION cube_agg_serialize(internal) IS 'aggregate support: partial state to canonical cube bytes';
COMMENT ON FUNCTION cube_agg_deserialize(bytea, internal) IS 'aggregate support: cube bytes to partial state (validated, XX001 if corrupted)';
COMMENT ON FUNCTION cube_agg_final(internal) IS 'aggregate support: the canonical cube';

CREATE AGGREGATE st_cube(cell, timestamptz, interval) (
    SFUNC = st_cube_trans, STYPE = internal, FINALFUNC = cube_agg_final,
    COMBINEFUNC = cube_agg_combine, SERIALFUNC = cube_agg_serialize,
    DESERIALFUNC = cube_agg_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE st_cube(cell, timestamptz, interval, timestamptz) (
    SFUNC = st_cube_trans, STYPE = internal, FINALFUNC = cube_agg_final,
    COMBINEFUNC = cube_agg_combine, SERIALFUNC = cube_agg_serialize,
    DESERIALFUNC = cube_agg_deserialize, PARALLEL = SAFE
);
CREATE AGGREGATE cube_union(cube) (
    SFUNC = cube_union_trans, STYPE = internal, FINALFUNC = cube_agg_final,
    COMBINEFUNC = cube_agg_combine, SERIALFUNC = cube_agg_serialize,
    DESERIALFUNC = cube_agg_deserialize, PARALLEL = SAFE
);
COMMENT ON AGGREGATE st_cube(cell, timestamptz, interval) IS 'space-time cube of the rows: count per (cell, bin of the given width from Monday 2000-01-03 00:00 UTC); bins in days/hours only (months are not fixed-length, 22023); NULL rows are skipped, NULL if none counted';
COMMENT ON AGGREGATE st_cube(cell, timestamptz, interval, timestamptz) IS 'space-time cube of the rows with bins starting at the given origin';
COMMENT ON AGGREGATE cube_union(cube) IS 'merge stored cubes of equal resolution, bin width and origin (nightly cubes + today''s)';

-- Scalar functions
CREATE FUNCTION cube_append(cube, cube) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_append' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_rollup(cube, res int4) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_rollup' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_slice(cube, "from" timestamptz, "to" timestamptz) RETURNS cube
    AS 'MODULE_PATHNAME', 'cube_slice' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_resolution(cube) RETURNS int4
    AS 'MODULE_PATHNAME', 'cube_resolution' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_bin_width(cube) RETURNS interval
    AS 'MODULE_PATHNAME', 'cube_bin_width' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_origin(cube) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'cube_origin' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_total(cube) RETURNS int8
    AS 'MODULE_PATHNAME', 'cube_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cube_entry_count(cube) RETURNS int8
    AS 'MODULE_PATHNAME', 'cube_entry_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cube_append(cube, cube) IS 'the counts of both cubes (equal resolution, bin width and origin, else 22023)';
COMMENT ON FUNCTION cube_rollup(cube, int4) IS 'the cube on coarser cells (cell_parent of each cell), counts added';
COMMENT ON FUNCTION cube_slice(cube, timestamptz, timestamptz) IS 'the bins that start in [from, to)';
COMMENT ON FUNCTION cube_resolution(cube) IS 'the resolution of the cube''s cells';
COMMENT ON FUNCTION cube_bin_width(cube) IS 'the width of a time bin';
COMMENT ON FUNCTION cube_origin(cube) IS 'where bin 0 starts';
COMMENT ON FUNCTION cube_total(cube) IS 'the sum of all counts';
COMMENT ON FUNCTION cube_entry_count(cube) IS 'the number of (cell, bin) pairs with a count';

-- Reading a cube back
CREATE FUNCTION cube_cells(cube, OUT cell cell, OUT bin_start timestamptz, OUT n int8) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'cube_cells' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
CREATE FUNCTION cube_cells(cube, study_area cell[], "from" timestamptz DEFAULT NULL, "to" timestamptz DEFAULT NULL,
                           OUT cell cell, OUT bin_start timestamptz, OUT n int8) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'cube_cells_filled' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
CREATE FUNCTION cube_cells(cube, study_area geometry, "from" timestamptz DEFAULT NULL, "to" timestamptz DEFAULT NULL,
                           OUT cell cell, OUT bin_start timestamptz, OUT n int8) RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1000
    AS $$SELECT * FROM cube_cells($1, ARRAY(SELECT cells_cover($2, cube_resolution($1), 'centre')), $3, $4)$$;
COMMENT ON FUNCTION cube_cells(cube) IS 'the counted (cell, bin_start, n) rows, in cell then time order';
COMMENT ON FUNCTION cube_cells(cube, cell[], timestamptz, timestamptz) IS 'every (cell, bin) of a study area and time span (default: the cube''s first to last bin), n = 0 where nothing was counted; cube cells outside the area are left out';
COMMENT ON FUNCTION cube_cells(cube, geometry, timestamptz, timestamptz) IS 'cube_cells over the cells whose centre is in a study area polygon (cells_cover ''centre''), zeros included';

-- Equality (canonical bytes) with a hash opclass: DISTINCT, GROUP BY, joins
CREATE FUNCTION cube_eq(cube, cube) RETURNS bool
    AS 'MODULE_PATHNAME', 'cube_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cube_ne(cube, cube) RETURNS bool
    AS 'MODULE_PATHNAME', 'cube_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cube_hash(cube) RETURNS int4
    AS 'MODULE_PATHNAME', 'cube_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cube_hash_extended(cube, int8) RETURNS int8
    AS 'MODULE_PATHNAME', 'cube_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cube_eq(cube, cube) IS 'implementation of = operator (same resolution, bins, origin and counts)';
COMMENT ON FUNCTION cube_ne(cube, cube) IS 'implementation of <> operator';
COMMENT ON FUNCTION cube_hash(cube) IS 'hash support';
COMMENT ON FUNCTION cube_hash_extended(cube, int8) IS 'hash support (64-bit, seeded)';
CREATE OPERATOR = (LEFTARG = cube, RIGHTARG = cube, FUNCTION = cube_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);
CREATE OPERATOR <> (LEFTARG = cube, RIGHTARG = cube, FUNCTION = cube_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR = (cube, cube) IS 'same cube: resolution, bin width, origin and every count';
COMMENT ON OPERATOR <> (cube, cube) IS 'different cubes';
CREATE OPERATOR CLASS cube_hash_ops DEFAULT FOR TYPE cube USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 cube_hash(cube),
    FUNCTION 2 cube_hash_extended(cube, int8);
-- ---------------------------------------------------------------------------
-- geo_coarsen: a place generalised to the centre of its grid cell (the one
-- grid of the hotspot pillar, so coarsened points and hotspot cells agree)
-- ---------------------------------------------------------------------------
CREATE FUNCTION geo_coarsen(lat float8, lon float8, level int4) RETURNS geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path FROM CURRENT
AS $$ SELECT @extschema@.cell_center(@extschema@.cell($1, $2, $3)) $$;
COMMENT ON FUNCTION geo_coarsen(float8, float8, int4) IS 'the centre (SRID 4326) of the grid cell holding the point at resolution level 0..15 (about 960 km down to 30 m across); errors as for cell(lat, lon, res)';

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

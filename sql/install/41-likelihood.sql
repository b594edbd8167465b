-- ---------------------------------------------------------------------------
-- likelihood: the probability language of Key Judgements (src/hub/likelihood.c)
-- UK PHIA Probability Yardstick terms ('likely'), ICD 203 terms
-- ('icd203:very likely'), percentages ('70%', 'likely (70%)'); a percentage
-- in a PHIA gap is refused (22023) naming the terms either side.
-- confidence: analytic confidence, stated apart from likelihood.
-- ---------------------------------------------------------------------------
CREATE TYPE likelihood;
CREATE FUNCTION likelihood_in(cstring) RETURNS likelihood
    AS 'MODULE_PATHNAME', 'likelihood_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_out(likelihood) RETURNS cstring
    AS 'MODULE_PATHNAME', 'likelihood_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_recv(internal) RETURNS likelihood
    AS 'MODULE_PATHNAME', 'likelihood_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_send(likelihood) RETURNS bytea
    AS 'int4send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE likelihood (
    INPUT = likelihood_in, OUTPUT = likelihood_out, RECEIVE = likelihood_recv, SEND = likelihood_send,
    INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain
);
COMMENT ON TYPE likelihood IS 'a probability term of the UK PHIA yardstick (''likely'') or ICD 203 (''icd203:likely''), with the stated percentage if any (''likely (70%)'')';
COMMENT ON FUNCTION likelihood_in(cstring) IS 'I/O: a term, ''icd203:'' and a term, a percentage, or a term with a percentage in brackets (case-insensitive)';
COMMENT ON FUNCTION likelihood_out(likelihood) IS 'I/O: the canonical text';
COMMENT ON FUNCTION likelihood_recv(internal) IS 'I/O: binary input (int4 code, validated)';
COMMENT ON FUNCTION likelihood_send(likelihood) IS 'I/O: binary output (int4 code)';

CREATE FUNCTION likelihood(percent numeric, scheme text DEFAULT 'phia') RETURNS likelihood
    AS 'MODULE_PATHNAME', 'likelihood_from_percent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_term(likelihood) RETURNS text
    AS 'MODULE_PATHNAME', 'likelihood_term' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_scheme(likelihood) RETURNS text
    AS 'MODULE_PATHNAME', 'likelihood_scheme' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_percent(likelihood) RETURNS numeric
    AS 'MODULE_PATHNAME', 'likelihood_percent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_range_text(likelihood) RETURNS text
    AS 'MODULE_PATHNAME', 'likelihood_range_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_range(likelihood) RETURNS numrange
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$SELECT CAST(@extschema@.likelihood_range_text($1) AS pg_catalog.numrange)$$;
CREATE FUNCTION to_phia(likelihood, OUT likelihood likelihood, OUT lossy bool)
    AS 'MODULE_PATHNAME', 'likelihood_to_phia' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION to_icd203(likelihood, OUT likelihood likelihood, OUT lossy bool)
    AS 'MODULE_PATHNAME', 'likelihood_to_icd203' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION likelihood(numeric, text) IS 'the term of the scheme (phia or icd203) holding a percentage, which is kept; 22023 in a PHIA gap, outside 1-99 % for ICD 203, or with more than one decimal';
COMMENT ON FUNCTION likelihood_term(likelihood) IS 'the term (canonical name)';
COMMENT ON FUNCTION likelihood_scheme(likelihood) IS 'phia or icd203';
COMMENT ON FUNCTION likelihood_percent(likelihood) IS 'the stated percentage, NULL if none';
COMMENT ON FUNCTION likelihood_range_text(likelihood) IS 'the term''s range in percent as range text (PHIA closed; ICD 203 upper bound open except 99 %)';
COMMENT ON FUNCTION likelihood_range(likelihood) IS 'the term''s range in percent as a numrange';
COMMENT ON FUNCTION to_phia(likelihood) IS 'the PHIA term: a stated percentage keeps its value (nearest term if it falls in a gap); a bare term takes the PHIA term it overlaps most; lossy unless exact';
COMMENT ON FUNCTION to_icd203(likelihood) IS 'the ICD 203 term: a stated percentage keeps its value; a bare term takes the ICD 203 term it overlaps most; lossy unless exact';

CREATE FUNCTION likelihood_eq(likelihood, likelihood) RETURNS bool AS 'int4eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION likelihood_ne(likelihood, likelihood) RETURNS bool AS 'int4ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION likelihood_lt(likelihood, likelihood) RETURNS bool
    AS 'MODULE_PATHNAME', 'likelihood_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_le(likelihood, likelihood) RETURNS bool
    AS 'MODULE_PATHNAME', 'likelihood_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_gt(likelihood, likelihood) RETURNS bool
    AS 'MODULE_PATHNAME', 'likelihood_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_ge(likelihood, likelihood) RETURNS bool
    AS 'MODULE_PATHNAME', 'likelihood_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_cmp(likelihood, likelihood) RETURNS int4
    AS 'MODULE_PATHNAME', 'likelihood_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION likelihood_hash(likelihood) RETURNS int4 AS 'hashint4' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION likelihood_hash_extended(likelihood, int8) RETURNS int8 AS 'hashint4extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION likelihood_eq(likelihood, likelihood) IS 'implementation of = operator';
COMMENT ON FUNCTION likelihood_ne(likelihood, likelihood) IS 'implementation of <> operator';
COMMENT ON FUNCTION likelihood_lt(likelihood, likelihood) IS 'implementation of < operator (less likely)';
COMMENT ON FUNCTION likelihood_le(likelihood, likelihood) IS 'implementation of <= operator';
COMMENT ON FUNCTION likelihood_gt(likelihood, likelihood) IS 'implementation of > operator (more likely)';
COMMENT ON FUNCTION likelihood_ge(likelihood, likelihood) IS 'implementation of >= operator';
COMMENT ON FUNCTION likelihood_cmp(likelihood, likelihood) IS 'btree support: by range (lower, then upper bound), stated percentage (none first), scheme';
COMMENT ON FUNCTION likelihood_hash(likelihood) IS 'hash support';
COMMENT ON FUNCTION likelihood_hash_extended(likelihood, int8) IS 'hash support (64-bit, seeded)';
CREATE OPERATOR = (LEFTARG = likelihood, RIGHTARG = likelihood, FUNCTION = likelihood_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = likelihood, RIGHTARG = likelihood, FUNCTION = likelihood_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = likelihood, RIGHTARG = likelihood, FUNCTION = likelihood_lt,
    COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = likelihood, RIGHTARG = likelihood, FUNCTION = likelihood_le,
    COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = likelihood, RIGHTARG = likelihood, FUNCTION = likelihood_gt,
    COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = likelihood, RIGHTARG = likelihood, FUNCTION = likelihood_ge,
    COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR = (likelihood, likelihood) IS 'same scheme, term and stated percentage';
COMMENT ON OPERATOR <> (likelihood, likelihood) IS 'not the same likelihood';
COMMENT ON OPERATOR < (likelihood, likelihood) IS 'less likely (by range, then stated percentage)';
COMMENT ON OPERATOR <= (likelihood, likelihood) IS 'less likely or the same';
COMMENT ON OPERATOR > (likelihood, likelihood) IS 'more likely (by range, then stated percentage)';
COMMENT ON OPERATOR >= (likelihood, likelihood) IS 'more likely or the same';
CREATE OPERATOR CLASS likelihood_ops DEFAULT FOR TYPE likelihood USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 likelihood_cmp(likelihood, likelihood);
CREATE OPERATOR CLASS likelihood_hash_ops DEFAULT FOR TYPE likelihood USING hash AS
    OPERATOR 1 =, FUNCTION 1 likelihood_hash(likelihood), FUNCTION 2 likelihood_hash_extended(likelihood, int8);

CREATE TYPE confidence AS ENUM ('low', 'moderate', 'high');
COMMENT ON TYPE confidence IS 'analytic confidence of a judgement (low < moderate < high), stated apart from its likelihood';

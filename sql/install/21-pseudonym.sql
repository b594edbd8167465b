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
CREATE FUNCTION pseudonym_sortsupport(internal) RETURNS void AS 'MODULE_PATHNAME', 'pseudonym_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_hash(pseudonym) RETURNS int4 AS 'MODULE_PATHNAME', 'pseudonym_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION pseudonym_hash_extended(pseudonym, int8) RETURNS int8 AS 'MODULE_PATHNAME', 'pseudonym_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION pseudonym_eq(pseudonym, pseudonym) IS 'implementation of = operator';
COMMENT ON FUNCTION pseudonym_ne(pseudonym, pseudonym) IS 'implementation of <> operator';
COMMENT ON FUNCTION pseudonym_lt(pseudonym, pseudonym) IS 'implementation of < operator (byte order)';
COMMENT ON FUNCTION pseudonym_le(pseudonym, pseudonym) IS 'implementation of <= operator (byte order)';
COMMENT ON FUNCTION pseudonym_gt(pseudonym, pseudonym) IS 'implementation of > operator (byte order)';
COMMENT ON FUNCTION pseudonym_ge(pseudonym, pseudonym) IS 'implementation of >= operator (byte order)';
COMMENT ON FUNCTION pseudonym_cmp(pseudonym, pseudonym) IS 'btree support: three-way comparison';
COMMENT ON FUNCTION pseudonym_sortsupport(internal) IS 'btree support: byte comparison without a function call, abbreviated keys';
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
    FUNCTION 1 pseudonym_cmp(pseudonym, pseudonym),
    FUNCTION 2 pseudonym_sortsupport(internal);
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

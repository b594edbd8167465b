-- dp releases where the ledger is: a Citus query grouped by the distribution
-- column aggregates whole on a worker, which can neither pay nor see the
-- session's credit.  There the group's figure is sealed (encrypted and
-- authenticated under keys derived from the noise key) and the coordinator
-- opens it: pays from the session's credit and adds the noise
-- (src/anon/dp_sealed.c).  With tst_hub in shared_preload_libraries after
-- citus, queries using dp_count, dp_sum and dp_avg are rewritten into this
-- form (src/anon/dp_citus_rewrite.c); without it, write it by hand:
--
--   WITH s AS MATERIALIZED (SELECT org, dp_count_sealed(victim, 0.5, 'b') AS v FROM incidents GROUP BY org)
--   SELECT org, dp_count_open(v, 0.5, 'b') FROM s;

CREATE TYPE dp_sealed;
CREATE FUNCTION dp_sealed_in(cstring) RETURNS dp_sealed
    AS 'MODULE_PATHNAME', 'dp_sealed_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dp_sealed_out(dp_sealed) RETURNS cstring
    AS 'MODULE_PATHNAME', 'dp_sealed_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dp_sealed_recv(internal) RETURNS dp_sealed
    AS 'MODULE_PATHNAME', 'dp_sealed_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dp_sealed_send(dp_sealed) RETURNS bytea
    AS 'MODULE_PATHNAME', 'dp_sealed_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE dp_sealed (
    INPUT = dp_sealed_in, OUTPUT = dp_sealed_out, RECEIVE = dp_sealed_recv, SEND = dp_sealed_send,
    INTERNALLENGTH = 155, ALIGNMENT = char, STORAGE = plain);
COMMENT ON TYPE dp_sealed IS 'a dp figure (true value and release parameters) encrypted and authenticated under keys derived from the noise key, to be released with dp_count_open, dp_sum_open or dp_avg_open; the bytes say nothing (fixed length, random nonce)';
COMMENT ON FUNCTION dp_sealed_in(cstring) IS 'dp_sealed input: "\x" and 310 hex digits';
COMMENT ON FUNCTION dp_sealed_out(dp_sealed) IS 'dp_sealed output: "\x" and 310 hex digits';
COMMENT ON FUNCTION dp_sealed_recv(internal) IS 'dp_sealed binary input: the 155 bytes';
COMMENT ON FUNCTION dp_sealed_send(dp_sealed) IS 'dp_sealed binary output: the 155 bytes';

-- The seal draws a random nonce: VOLATILE.
CREATE FUNCTION dp_count_seal(noise_state) RETURNS dp_sealed
    AS 'MODULE_PATHNAME', 'dp_count_seal' LANGUAGE C VOLATILE PARALLEL SAFE;
CREATE FUNCTION dp_sum_seal(noise_state) RETURNS dp_sealed
    AS 'MODULE_PATHNAME', 'dp_sum_seal' LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION dp_count_seal(noise_state) IS 'aggregate support: seal the distinct persons of a dp_count state with its epsilon and budget (nothing paid)';
COMMENT ON FUNCTION dp_sum_seal(noise_state) IS 'aggregate support: seal the clamped sum and the persons of a dp_sum state with its bounds, epsilon and budget (nothing paid)';

CREATE AGGREGATE dp_count_sealed(person pseudonym, epsilon numeric, budget text) (
    SFUNC = dp_count_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = dp_count_seal,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
CREATE AGGREGATE dp_sum_sealed(person pseudonym, value numeric, lower numeric, upper numeric, epsilon numeric, budget text) (
    SFUNC = dp_sum_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = dp_sum_seal,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
COMMENT ON AGGREGATE dp_count_sealed(pseudonym, numeric, text) IS 'dp_count aggregated but not released: the sealed figure, released (and paid) by dp_count_open with the same epsilon and budget; runs on a Citus worker';
COMMENT ON AGGREGATE dp_sum_sealed(pseudonym, numeric, numeric, numeric, numeric, text) IS 'dp_sum / dp_avg aggregated but not released: the sealed figure, released (and paid) by dp_sum_open or dp_avg_open with the same bounds, epsilon and budget; runs on a Citus worker';

-- Opening pays and writes the session's credit: VOLATILE, PARALLEL UNSAFE.
-- Not STRICT: a NULL argument is 22004, as for the aggregates.
CREATE FUNCTION dp_count_open(sealed dp_sealed, epsilon numeric, budget text) RETURNS int8
    AS 'MODULE_PATHNAME', 'dp_count_open' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION dp_sum_open(sealed dp_sealed, lower numeric, upper numeric, epsilon numeric, budget text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'dp_sum_open' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION dp_avg_open(sealed dp_sealed, lower numeric, upper numeric, epsilon numeric, budget text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'dp_avg_open' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION dp_count_open(dp_sealed, numeric, text) IS 'release a dp_count_sealed figure as dp_count would: pays epsilon from the session''s credit (53400 if too small), then distinct persons plus discrete Laplace noise; the epsilon and budget must be those it was sealed with (22023); refused on a Citus worker (0A000)';
COMMENT ON FUNCTION dp_sum_open(dp_sealed, numeric, numeric, numeric, text) IS 'release a dp_sum_sealed figure as dp_sum would (pays epsilon); bounds, epsilon and budget must be those it was sealed with (22023)';
COMMENT ON FUNCTION dp_avg_open(dp_sealed, numeric, numeric, numeric, text) IS 'release a dp_sum_sealed figure as dp_avg would (pays 2 x epsilon); bounds, epsilon and budget must be those it was sealed with (22023)';

-- ---------------------------------------------------------------------------
-- Disclosure control I: values released only when at least k distinct
-- persons stand behind them (safe_count, safe_sum, safe_avg), with _r forms
-- that say why a value is withheld.  The state (person_set) holds the
-- distinct pseudonyms of a group; the threshold is applied in the final
-- functions only, so parallel workers and Citus shards never suppress alone.
-- k defaults to the setting tst_hub.min_k (11; superuser-only); an explicit
-- k may raise it, never lower it.
-- ---------------------------------------------------------------------------
CREATE TYPE person_set;
CREATE FUNCTION person_set_in(cstring) RETURNS person_set
    AS 'MODULE_PATHNAME', 'person_set_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION person_set_out(person_set) RETURNS cstring
    AS 'MODULE_PATHNAME', 'person_set_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION person_set_recv(internal) RETURNS person_set
    AS 'MODULE_PATHNAME', 'person_set_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION person_set_send(person_set) RETURNS bytea
    AS 'MODULE_PATHNAME', 'person_set_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE person_set (
    INPUT = person_set_in, OUTPUT = person_set_out, RECEIVE = person_set_recv, SEND = person_set_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);
COMMENT ON TYPE person_set IS 'state of the safe aggregates: the distinct persons (pseudonyms) of a group with their row counts, and a sum; no threshold applied';
COMMENT ON FUNCTION person_set_in(cstring) IS 'I/O: \x and the hex of the binary form, validated';
COMMENT ON FUNCTION person_set_out(person_set) IS 'I/O: \x and the hex of the binary form';
COMMENT ON FUNCTION person_set_recv(internal) IS 'I/O: binary input (version byte first, validated; XX001 if corrupted)';
COMMENT ON FUNCTION person_set_send(person_set) IS 'I/O: binary output (version byte first, network order)';

CREATE TYPE released AS (value numeric, reason text);
COMMENT ON TYPE released IS 'a disclosure-controlled value: value, or NULL with the reason it is withheld (no_data, below_k)';

-- Support functions (row steps read tst_hub.min_k to check an explicit k)
CREATE FUNCTION safe_count_trans(person_set, pseudonym) RETURNS person_set
    AS 'MODULE_PATHNAME', 'person_set_add' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_count_trans(person_set, pseudonym, k int4) RETURNS person_set
    AS 'MODULE_PATHNAME', 'person_set_add_k' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_sum_trans(person_set, pseudonym, numeric) RETURNS person_set
    AS 'MODULE_PATHNAME', 'person_set_add_value' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_sum_trans(person_set, pseudonym, numeric, k int4) RETURNS person_set
    AS 'MODULE_PATHNAME', 'person_set_add_value_k' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_merge(person_set, person_set) RETURNS person_set
    AS 'MODULE_PATHNAME', 'person_set_merge' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION safe_count_final(person_set) RETURNS int8
    AS 'MODULE_PATHNAME', 'safe_count_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_count_r_final(person_set) RETURNS released
    AS 'MODULE_PATHNAME', 'safe_count_r_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_sum_final(person_set) RETURNS numeric
    AS 'MODULE_PATHNAME', 'safe_sum_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_sum_r_final(person_set) RETURNS released
    AS 'MODULE_PATHNAME', 'safe_sum_r_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_avg_final(person_set) RETURNS numeric
    AS 'MODULE_PATHNAME', 'safe_avg_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION safe_avg_r_final(person_set) RETURNS released
    AS 'MODULE_PATHNAME', 'safe_avg_r_final' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION safe_count_trans(person_set, pseudonym) IS 'aggregate support: count a row''s person (only inside the aggregate)';
COMMENT ON FUNCTION safe_count_trans(person_set, pseudonym, int4) IS 'aggregate support: count a row''s person, threshold k (only inside the aggregate)';
COMMENT ON FUNCTION safe_sum_trans(person_set, pseudonym, numeric) IS 'aggregate support: add a row''s person and value (only inside the aggregate)';
COMMENT ON FUNCTION safe_sum_trans(person_set, pseudonym, numeric, int4) IS 'aggregate support: add a row''s person and value, threshold k (only inside the aggregate)';
COMMENT ON FUNCTION safe_merge(person_set, person_set) IS 'aggregate support: merge partial states (XX001 if corrupted)';
COMMENT ON FUNCTION safe_count_final(person_set) IS 'aggregate support: distinct persons, NULL below k';
COMMENT ON FUNCTION safe_count_r_final(person_set) IS 'aggregate support: distinct persons or the reason withheld';
COMMENT ON FUNCTION safe_sum_final(person_set) IS 'aggregate support: the sum, NULL below k';
COMMENT ON FUNCTION safe_sum_r_final(person_set) IS 'aggregate support: the sum or the reason withheld';
COMMENT ON FUNCTION safe_avg_final(person_set) IS 'aggregate support: the mean per row, NULL below k';
COMMENT ON FUNCTION safe_avg_r_final(person_set) IS 'aggregate support: the mean per row or the reason withheld';

CREATE AGGREGATE safe_count(person pseudonym) (
    SFUNC = safe_count_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_count_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_count(person pseudonym, k int4) (
    SFUNC = safe_count_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_count_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_count_r(person pseudonym) (
    SFUNC = safe_count_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_count_r_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_count_r(person pseudonym, k int4) (
    SFUNC = safe_count_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_count_r_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_sum(person pseudonym, value numeric) (
    SFUNC = safe_sum_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_sum_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_sum(person pseudonym, value numeric, k int4) (
    SFUNC = safe_sum_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_sum_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_sum_r(person pseudonym, value numeric) (
    SFUNC = safe_sum_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_sum_r_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_sum_r(person pseudonym, value numeric, k int4) (
    SFUNC = safe_sum_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_sum_r_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_avg(person pseudonym, value numeric) (
    SFUNC = safe_sum_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_avg_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_avg(person pseudonym, value numeric, k int4) (
    SFUNC = safe_sum_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_avg_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_avg_r(person pseudonym, value numeric) (
    SFUNC = safe_sum_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_avg_r_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
CREATE AGGREGATE safe_avg_r(person pseudonym, value numeric, k int4) (
    SFUNC = safe_sum_trans, STYPE = person_set, SSPACE = 512, FINALFUNC = safe_avg_r_final,
    COMBINEFUNC = safe_merge, PARALLEL = SAFE);
COMMENT ON AGGREGATE safe_count(pseudonym) IS 'distinct persons (NULL persons not counted), NULL when fewer than tst_hub.min_k (11)';
COMMENT ON AGGREGATE safe_count(pseudonym, int4) IS 'distinct persons, NULL when fewer than k (k >= tst_hub.min_k, else 42501; k < 2 is 22023)';
COMMENT ON AGGREGATE safe_count_r(pseudonym) IS 'safe_count as (value, reason): reason no_data or below_k when withheld, NULL when released';
COMMENT ON AGGREGATE safe_count_r(pseudonym, int4) IS 'safe_count with k as (value, reason)';
COMMENT ON AGGREGATE safe_sum(pseudonym, numeric) IS 'sum of the values of rows with a person and a value, NULL when fewer than tst_hub.min_k distinct persons; NaN and infinity are 22023';
COMMENT ON AGGREGATE safe_sum(pseudonym, numeric, int4) IS 'safe_sum with threshold k';
COMMENT ON AGGREGATE safe_sum_r(pseudonym, numeric) IS 'safe_sum as (value, reason)';
COMMENT ON AGGREGATE safe_sum_r(pseudonym, numeric, int4) IS 'safe_sum with k as (value, reason)';
COMMENT ON AGGREGATE safe_avg(pseudonym, numeric) IS 'mean value per row over rows with a person and a value, NULL when fewer than tst_hub.min_k distinct persons';
COMMENT ON AGGREGATE safe_avg(pseudonym, numeric, int4) IS 'safe_avg with threshold k';
COMMENT ON AGGREGATE safe_avg_r(pseudonym, numeric) IS 'safe_avg as (value, reason)';
COMMENT ON AGGREGATE safe_avg_r(pseudonym, numeric, int4) IS 'safe_avg with k as (value, reason)';

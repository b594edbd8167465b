-- Binary input is exactly as strict as text input: round trips, and damaged
-- bytes rejected with 22P03.  Uses server-side COPY (the test runs as superuser).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(9);

CREATE TEMP TABLE src (t term, s term_set);
INSERT INTO src SELECT term, term_set(ARRAY[term, 'control/threats/violence']) FROM vocabulary;
COPY src TO '/tmp/tst_hub_binary.copy' WITH (FORMAT binary);
CREATE TEMP TABLE dst (t term, s term_set);
COPY dst FROM '/tmp/tst_hub_binary.copy' WITH (FORMAT binary);
SELECT is((SELECT count(*) FROM dst), (SELECT count(*) FROM vocabulary), 'binary COPY loads every row');
SELECT is_empty($$SELECT * FROM src EXCEPT SELECT * FROM dst$$, 'binary COPY round-trips term and term_set');

-- write a one-column binary COPY file holding the given field bytes
CREATE FUNCTION pg_temp.write_copy(field bytea) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format($q$COPY (SELECT %L) TO PROGRAM 'base64 -d > /tmp/tst_hub_bad.copy'$q$,
        replace(encode('\x5047434f50590aff0d0a00'::bytea || '\x00000000'::bytea || '\x00000000'::bytea
               || '\x0001'::bytea || int4send(length(field)) || field || '\xffff'::bytea, 'base64'), E'\n', ''));
END
$f$;
CREATE TEMP TABLE one_term (t term);
CREATE TEMP TABLE one_set (s term_set);

SELECT pg_temp.write_copy(int8send(code('exploitation/labour')));
SELECT lives_ok($$COPY one_term FROM '/tmp/tst_hub_bad.copy' WITH (FORMAT binary)$$, 'a valid code loads');
SELECT pg_temp.write_copy(int8send(42));
SELECT throws_ok($$COPY one_term FROM '/tmp/tst_hub_bad.copy' WITH (FORMAT binary)$$, '22P03', NULL, 'an unknown term code is refused');

-- term_set: version 1, flags 0, count, ascending codes
SELECT pg_temp.write_copy('\x020000'::bytea || '\x00'::bytea);
SELECT throws_ok($$COPY one_set FROM '/tmp/tst_hub_bad.copy' WITH (FORMAT binary)$$, '22P03', NULL, 'unknown format version');
SELECT pg_temp.write_copy('\x01000002'::bytea || int8send(code('exploitation/labour')));
SELECT throws_ok($$COPY one_set FROM '/tmp/tst_hub_bad.copy' WITH (FORMAT binary)$$, '22P03', NULL, 'count larger than the data');
SELECT pg_temp.write_copy('\x01000002'::bytea || int8send(code('exploitation/labour')) || int8send(code('exploitation/labour')));
SELECT throws_ok($$COPY one_set FROM '/tmp/tst_hub_bad.copy' WITH (FORMAT binary)$$, '22P03', NULL, 'duplicate elements');
SELECT pg_temp.write_copy('\x01000002'::bytea || int8send(code('exploitation/labour')) || int8send(code('exploitation/sexual')));
SELECT throws_ok($$COPY one_set FROM '/tmp/tst_hub_bad.copy' WITH (FORMAT binary)$$, '22P03', NULL, 'elements out of order');
SELECT pg_temp.write_copy('\x01010000'::bytea);
SELECT throws_ok($$COPY one_set FROM '/tmp/tst_hub_bad.copy' WITH (FORMAT binary)$$, '22P03', NULL, 'non-zero flags');

SELECT * FROM finish();
ROLLBACK;

-- Mutation fuzzing of text input (pgvector's 037_inputs idea, in SQL): damage
-- valid literals at random and require that each either parses to a value
-- that round-trips, or fails with 22P02 -- never another error, never a crash.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(4);
SELECT setseed(0.20261126);

CREATE TEMP TABLE seeds AS
SELECT path AS s FROM vocabulary
UNION ALL SELECT text FROM vocabulary_labels
UNION ALL SELECT '{' || string_agg(path, ',') || '}' FROM vocabulary WHERE term <@ 'control'
UNION ALL SELECT '{"Agriculture, forestry and fishing", Debt bondage, control/threats}';

-- one random edit: delete, duplicate, replace or insert a character (any plane),
-- or truncate; applied 1 to 3 times
CREATE FUNCTION pg_temp.mutate(s text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    alphabet text[] := ARRAY['{', '}', ',', '"', '\', '/', ' ', E'\t', E'\n', '/', 'a', 'Z', '0',
                             'é', 'ß', 'İ', 'а', '字', '😀', 'ـ', E'\u200d', E'\u0301', '／', '＂'];
    pos int;
BEGIN
    FOR i IN 1 .. 1 + floor(random() * 3)::int LOOP
        pos := 1 + floor(random() * greatest(length(s), 1))::int;
        CASE floor(random() * 5)::int
            WHEN 0 THEN s := overlay(s PLACING '' FROM pos FOR 1);
            WHEN 1 THEN s := overlay(s PLACING repeat(substr(s, pos, 1), 2) FROM pos FOR 1);
            WHEN 2 THEN s := overlay(s PLACING alphabet[1 + floor(random() * array_length(alphabet, 1))::int] FROM pos FOR 1);
            WHEN 3 THEN s := overlay(s PLACING alphabet[1 + floor(random() * array_length(alphabet, 1))::int] FROM pos FOR 0);
            ELSE s := left(s, pos - 1);
        END CASE;
    END LOOP;
    RETURN s;
END
$f$;

-- what happened to one input: 'ok' if it parsed and round-trips, else its SQLSTATE
CREATE FUNCTION pg_temp.outcome(s text, typ text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    out text;
    again text;
BEGIN
    EXECUTE format('SELECT %L::tst_hub.%s::text', s, typ) INTO out;
    EXECUTE format('SELECT %L::tst_hub.%s::text', out, typ) INTO again;
    RETURN CASE WHEN out = again THEN 'ok' ELSE 'no round trip: ' || out END;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$f$;

CREATE TEMP TABLE cases AS
SELECT pg_temp.mutate(s) AS input, typ
  FROM seeds, generate_series(1, 3) n,
       LATERAL (SELECT CASE WHEN s LIKE '{%' THEN 'term_set' ELSE 'term' END AS typ) t;
CREATE TEMP TABLE results AS SELECT input, typ, pg_temp.outcome(input, typ) AS outcome FROM cases;

SELECT cmp_ok((SELECT count(*) FROM results)::int, '>', 4000, 'thousands of mutated literals were tried');
SELECT is_empty($$SELECT typ, input, outcome FROM results WHERE outcome NOT IN ('ok', '22P02')$$,
    'every mutated literal parses and round-trips or raises 22P02');
SELECT cmp_ok((SELECT count(*) FROM results WHERE outcome = '22P02')::int, '>', 1000,
    'most mutations are refused');
SELECT cmp_ok((SELECT count(*) FROM results WHERE outcome = 'ok')::int, '>', 100,
    'harmless mutations (case, spacing) are accepted');

SELECT * FROM finish();
ROLLBACK;

-- Hash quality of the pass-by-value types.  Hash tables (GROUP BY, DISTINCT,
-- hash joins, spilled hash aggregates) need the 32-bit hash, and its low
-- bits, to spread distinct ids like a random function would.  For n distinct
-- ids in m buckets a random function fills m * (1 - (1 - 1/m)^n) of them on
-- average; we ask for that within 0.1 %, for the whole 32-bit hash and for
-- its low 16 bits.  The cells are every cell of one region at resolutions 5,
-- 7 and 9 (dense ids: rows and columns in separate halves of the id), the
-- terms the whole vocabulary.  PostgreSQL's hashint8, which the 0.1.0
-- opclasses used, fails the cell check (shown below, so the check has power).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(13);

CREATE FUNCTION pg_temp.expected_distinct(n float8, m float8) RETURNS float8
    LANGUAGE sql IMMUTABLE AS $$SELECT m * (1 - exp(n * ln(1 - 1 / m)))$$;
CREATE FUNCTION pg_temp.close(got int8, expected float8) RETURNS bool
    LANGUAGE sql IMMUTABLE AS $$SELECT abs(got - expected) <= 0.001 * expected$$;
CREATE FUNCTION pg_temp.as_int8(b bytea) RETURNS int8
    LANGUAGE sql IMMUTABLE AS $$SELECT ('x' || encode(b, 'hex'))::bit(64)::int8$$;

-- A region about 26 x 52 degrees north-east of (0, 0), at three resolutions:
-- 4,608 + 73,728 + 1,179,648 = 1,257,984 cells.
CREATE TEMP TABLE block AS
SELECT format('h%s:%s:%s', r, j, i)::cell AS c
  FROM (VALUES (5), (7), (9)) res(r),
       LATERAL generate_series(0, 48 * (1 << (r - 5)) - 1) j,
       LATERAL generate_series(0, 96 * (1 << (r - 5)) - 1) i;
CREATE TEMP TABLE block_hash AS
SELECT cell_hash(c) AS h, cell_hash_extended(c, 0) AS h0, cell_hash_extended(c, 42) AS h42,
       hashint8(pg_temp.as_int8(cell_send(c))) AS old_h
  FROM block;
CREATE TEMP TABLE stats AS
SELECT count(*) AS n,
       count(DISTINCT h) AS d32, count(DISTINCT h & 65535) AS d16,
       count(DISTINCT h42) AS d64_42, count(DISTINCT (h42 & 4294967295)) AS d32_42,
       count(DISTINCT old_h) AS old_d32,
       bool_and((h0 & 4294967295) = (h::int8 & 4294967295)) AS seed0_agrees
  FROM block_hash;

SELECT is((SELECT n FROM stats), 1257984::int8, 'the block holds 1,257,984 distinct cells');
SELECT ok((SELECT pg_temp.close(d32, pg_temp.expected_distinct(n, 2.0 ^ 32)) FROM stats),
          'cell_hash: distinct 32-bit hashes within 0.1 % of a random function');
SELECT ok((SELECT pg_temp.close(d16, pg_temp.expected_distinct(n, 2.0 ^ 16)) FROM stats),
          'cell_hash: distinct low 16 bits within 0.1 % of a random function');
SELECT ok((SELECT d64_42 = n AND pg_temp.close(d32_42, pg_temp.expected_distinct(n, 2.0 ^ 32)) FROM stats),
          'cell_hash_extended (seed 42): no 64-bit collisions, low 32 bits like a random function');
SELECT ok((SELECT seed0_agrees FROM stats), 'cell_hash_extended with seed 0 agrees with cell_hash in the low 32 bits');
SELECT ok((SELECT NOT pg_temp.close(old_d32, pg_temp.expected_distinct(n, 2.0 ^ 32)) FROM stats),
          'hashint8 (0.1.0) fails the same 32-bit check');

-- Terms: every vocabulary node, hashed from its pass-by-value code.
CREATE TEMP TABLE term_stats AS
SELECT count(*) AS n, count(DISTINCT term_hash(term)) AS d32,
       count(DISTINCT term_hash(term) & 65535) AS d16,
       bool_and((term_hash_extended(term, 0) & 4294967295) = (term_hash(term)::int8 & 4294967295)) AS seed0_agrees
  FROM vocabulary;
-- n is a few hundred: all 32-bit hashes must differ; in 65,536 buckets a
-- random function collides about n^2 / 131072 times (< 1), so allow 3.
SELECT ok((SELECT d32 = n FROM term_stats), 'term_hash: every term has its own 32-bit hash');
SELECT ok((SELECT d16 >= n - 3 FROM term_stats), 'term_hash: at most 3 collisions in the low 16 bits');
SELECT ok((SELECT seed0_agrees FROM term_stats), 'term_hash_extended with seed 0 agrees with term_hash');

-- GROUP BY a dense block of cells at server defaults spills and still ends.
SET LOCAL work_mem = '4MB';
SET LOCAL enable_sort = off;
SELECT is((SELECT count(*) FROM (SELECT c, count(*) FROM block GROUP BY c) g), 1257984::int8,
          'hash GROUP BY over the block at work_mem 4MB finds every cell');

-- term_set compares and hashes stored bytes in place (short headers):
-- the same answers as for the same set built in memory
CREATE TEMP TABLE sets AS
SELECT term_set(ARRAY(SELECT term FROM vocabulary WHERE (code / 256 + i) % 7 = 0 AND term <@ 'control')) AS s
  FROM generate_series(1, 200) i;
SELECT is_empty($$SELECT s FROM sets
                  WHERE term_set_hash(s) <> term_set_hash(s::text::term_set)
                     OR term_set_hash_extended(s, 7) <> term_set_hash_extended(s::text::term_set, 7)
                     OR NOT (s = s::text::term_set) OR s <> s::text::term_set$$,
                'term_set: stored and in-memory forms of a set are equal and hash alike');
SELECT is((SELECT count(*) FROM (SELECT DISTINCT s FROM sets) d),
          (SELECT count(DISTINCT s::text) FROM sets), 'DISTINCT term_set counts the distinct sets');

-- pseudonyms sort in byte order with abbreviated keys
SELECT key_create('hash_quality');
CREATE TEMP TABLE toks AS
SELECT pseudonymise('raw', i::text, 'hash_quality') AS p FROM generate_series(1, 20000) i;
SELECT ok((SELECT bool_and(prev_b < b) FROM (
              SELECT pseudonym_send(p) AS b, lag(pseudonym_send(p)) OVER (ORDER BY p) AS prev_b
                FROM toks) x WHERE prev_b IS NOT NULL),
          'ORDER BY pseudonym is byte order (sort support with abbreviated keys)');

SELECT * FROM finish();
ROLLBACK;

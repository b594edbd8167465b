-- pseudonym_join: join two 1M-row tables on a pseudonym column, against the same join on a
-- uuid column (both 16-byte values; the second table overlaps the first by about 2/3).
SELECT tst_hub.key_create('bench') WHERE NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'bench');
CREATE TABLE bench.tokens_a AS
SELECT tst_hub.pseudonymise('raw', i::text, 'bench') AS p, md5(i::text)::uuid AS u
  FROM generate_series(1, 1000000) i;
CREATE TABLE bench.tokens_b AS
SELECT tst_hub.pseudonymise('raw', j::text, 'bench') AS p, md5(j::text)::uuid AS u
  FROM generate_series(1, 1000000) i, LATERAL (SELECT (i::int8 * 7 % 1500000) + 1 AS j) x;
VACUUM ANALYZE bench.tokens_a, bench.tokens_b;
SELECT bench.add_case('pseudonym_join', 1.2,
    $b$SELECT count(*) FROM bench.tokens_a a JOIN bench.tokens_b b ON a.u = b.u$b$,
    $t$SELECT count(*) FROM bench.tokens_a a JOIN bench.tokens_b b ON a.p = b.p$t$,
    same_result => true);

-- pseudonymise_phone: canonicalise (E.164) and HMAC-SHA256 1M UK mobile numbers written
-- three ways, against pgcrypto's hmac(value, key, 'sha256') on the same strings (pgcrypto
-- is the baseline only; tst_hub uses PostgreSQL's own common/hmac.h).
-- Rows: psql variable phones, default 1000000 (run.sh passes BENCH_PHONES; scale.sh, N).
\if :{?phones}
\else
\set phones 1000000
\endif
CREATE EXTENSION IF NOT EXISTS pgcrypto;
SELECT tst_hub.key_create('bench') WHERE NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'bench');
CREATE TABLE bench.phones AS
SELECT i, CASE i % 3
              WHEN 0 THEN '+44 7' || substr(d, 1, 3) || ' ' || substr(d, 4)
              WHEN 1 THEN '07' || substr(d, 1, 3) || ' ' || substr(d, 4)
              ELSE '0044-7' || substr(d, 1, 3) || '-' || substr(d, 4)
          END AS phone
  FROM generate_series(1, :phones) i,
       LATERAL (SELECT lpad(((i::int8 * 104729) % 1000000000)::text, 9, '0') AS d) x;
VACUUM ANALYZE bench.phones;
SELECT bench.add_case('pseudonymise_phone', 1.0,
    $b$SELECT count(public.hmac(phone, 'a thirty-two byte key for hmac!!', 'sha256')) FROM bench.phones$b$,
    $t$SELECT count(tst_hub.pseudonymise('phone', phone, 'bench', 'GB')) FROM bench.phones$t$);

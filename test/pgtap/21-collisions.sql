-- 10 million distinct identifiers give 10 million distinct tokens.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(1);
SELECT key_create('collisions');
SET LOCAL work_mem = '1GB';
SELECT is((SELECT count(DISTINCT pseudonymise('raw', i::text, 'collisions'))
             FROM generate_series(1, 10000000) i), 10000000::int8,
          '10,000,000 distinct inputs, no token collision');
SELECT * FROM finish();
ROLLBACK;

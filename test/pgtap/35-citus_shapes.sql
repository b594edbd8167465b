-- The sticky noise key on the nodes that hold the rows (docs/SCALING.md),
-- on one server: noise_keys holds only the key derived one-way from scope
-- noise, a trigger keeps it in step with the key table (insert, rotation,
-- deletion, truncation), a node whose key table has no noise key (a Citus
-- worker) draws the same sticky values from it, and nobody but the owner
-- reads it.  dp releases still refuse on a Citus worker.  The cluster
-- itself is covered by test/citus/run.sh.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(22);

CREATE ROLE tst_test_nk_analyst LOGIN IN ROLE tst_hub_analyst;
CREATE ROLE tst_test_nk_admin LOGIN IN ROLE tst_hub_admin;

SELECT key_create('nk_test');
CREATE TEMP TABLE inc AS
SELECT pseudonymise('raw', 'person ' || i, 'nk_test') AS p, 'C' || (i % 3) AS country
  FROM generate_series(0, 299) i, generate_series(1, 2) r;
CREATE FUNCTION pg_temp.values() RETURNS text LANGUAGE sql VOLATILE AS
$$SELECT string_agg(country || ':' || v, ',' ORDER BY country)
    FROM (SELECT country, sticky_count(p, country) AS v FROM inc GROUP BY 1) g$$;

-- ---- the table follows the keys of scope noise, derived ----
SELECT is((SELECT count(*) FROM noise_keys), 0::int8, 'no noise key: noise_keys is empty');
SELECT key_create('noise');
SELECT is((SELECT count(*) FROM noise_keys), 1::int8, 'key_create(''noise'') adds its derived key to noise_keys');
SELECT ok((SELECT n.key = noise_key_derive(k.key) AND n.key <> k.key AND octet_length(n.key) = 32
             FROM noise_keys n JOIN keys k ON k.scope = 'noise' AND k.version = n.version),
          'the row is noise_key_derive of the scope key, 32 bytes, never the scope key itself');
SELECT ok((SELECT noise_key_derive(k.key) = noise_key_derive(k.key) FROM keys k WHERE k.scope = 'noise'),
          'the derivation is a function of the key');
SELECT key_create('other');
SELECT is((SELECT count(*) FROM noise_keys), 1::int8, 'a key of another scope does not reach noise_keys');
SELECT is_empty($$SELECT 1 FROM noise_keys n, keys k WHERE n.key = k.key$$,
                'no scope key (of any scope) is in noise_keys');

CREATE TEMP TABLE v1 AS SELECT pg_temp.values() AS v;
SELECT ok((SELECT v ~ '^C0:\d+,C1:\d+,C2:\d+$' FROM v1), 'sticky counts are released with the noise key');
SELECT key_rotate('noise');
SELECT is((SELECT array_agg(version ORDER BY version) FROM noise_keys), '{1,2}'::int4[],
          'key_rotate(''noise'') adds the new version');
CREATE TEMP TABLE v2 AS SELECT pg_temp.values() AS v;
SELECT isnt((SELECT v FROM v2), (SELECT v FROM v1), 'the current (rotated) key draws other noise');

-- ---- a node without the scope key: the derived copy gives the same values ----
-- (the trigger is off, so noise_keys keeps its rows: what a Citus worker has)
ALTER TABLE keys DISABLE TRIGGER noise_keys_follow_delete;
DELETE FROM keys WHERE scope = 'noise';
ALTER TABLE keys ENABLE TRIGGER noise_keys_follow_delete;
SELECT is((SELECT count(*) FROM noise_keys), 2::int8, 'set up: the scope key is gone, the derived keys stay');
SELECT is(pg_temp.values(), (SELECT v FROM v2),
          'from noise_keys alone (a worker) the sticky counts equal those made from the scope key, value for value');
DELETE FROM noise_keys WHERE version = 2;
SELECT is(pg_temp.values(), (SELECT v FROM v1), 'the newest version in noise_keys is the one used');
DELETE FROM noise_keys;
SELECT throws_ok($$SELECT pg_temp.values()$$, '22023', 'no key for scope "noise"',
                 'neither the scope key nor a derived one: 22023, no value');

-- ---- deletion and truncation follow ----
SELECT key_create('noise');
SELECT key_rotate('noise');
DELETE FROM keys WHERE scope = 'noise' AND version = 2;
SELECT is((SELECT array_agg(version) FROM noise_keys), '{1}'::int4[], 'deleting a noise key version deletes its derived key');
UPDATE keys SET key = key_material() WHERE scope = 'noise';
SELECT ok((SELECT n.key = noise_key_derive(k.key) FROM noise_keys n JOIN keys k ON k.scope = 'noise' AND k.version = n.version),
          'an updated noise key is derived again');
TRUNCATE keys;
SELECT is((SELECT count(*) FROM noise_keys), 0::int8, 'TRUNCATE of the key table empties noise_keys');
SELECT key_create('nk_test');
SELECT key_create('noise');

-- ---- what a Citus worker does: sticky releases, dp refuses ----
SELECT dp_budget_create('nk', current_user, 10);
SET LOCAL application_name = 'citus_internal gpid=10000000001';
SELECT lives_ok($$SELECT pg_temp.values()$$, 'sticky_count releases in a Citus worker connection');
SELECT throws_ok($$SELECT dp_count(p, 0.5, 'nk') FROM inc GROUP BY country$$, '0A000',
                 'dp_count cannot release a value on a Citus worker',
                 'dp_count still refuses in a Citus worker connection (the ledger is on the coordinator)');
RESET application_name;

-- ---- who may use it ----
SELECT throws_ok($$SELECT noise_key_distribute()$$, '0A000', NULL, 'noise_key_distribute without Citus: 0A000');
SELECT throws_ok($$SELECT noise_key_derive('\x00')$$, '22023', NULL, 'noise_key_derive of a 1-byte key: 22023');
CREATE FUNCTION pg_temp.refusals() RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE
    q text;
BEGIN
    FOREACH q IN ARRAY ARRAY['SELECT * FROM tst_hub.noise_keys', 'SELECT tst_hub.noise_key_distribute()',
                             'SELECT tst_hub.noise_key_derive(''\x00'')', 'SELECT tst_hub.noise_keys_follow()',
                             'DELETE FROM tst_hub.noise_keys', 'INSERT INTO tst_hub.noise_keys VALUES (9, ''\x00'')'] LOOP
        BEGIN
            EXECUTE q;
            RETURN NEXT q || ': allowed';
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;
        WHEN OTHERS THEN
            RETURN NEXT q || ': ' || SQLSTATE;
        END;
    END LOOP;
END
$f$;
GRANT EXECUTE ON FUNCTION pg_temp.refusals() TO tst_test_nk_analyst, tst_test_nk_admin;
SET ROLE tst_test_nk_analyst;
SELECT is_empty($$SELECT * FROM pg_temp.refusals()$$,
                'an analyst gets 42501 reading or writing noise_keys and calling its functions');
RESET ROLE;
SET ROLE tst_test_nk_admin;
SELECT is_empty($$SELECT * FROM pg_temp.refusals()$$, 'so does an admin (who manages keys only through key_create and key_rotate)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;

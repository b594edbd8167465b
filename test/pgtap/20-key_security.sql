-- The key boundary: analysts can neither read keys nor use them.  Every
-- function that touches key material is found from the catalog (C symbol
-- keyed_* or key_*, SECURITY DEFINER, or a body naming the key table) and
-- must refuse an analyst with 42501 -- there is no list of exceptions.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(19);

CREATE ROLE tst_test_analyst LOGIN IN ROLE tst_hub_analyst;
CREATE ROLE tst_test_ingest LOGIN IN ROLE tst_hub_pseudonymiser;
CREATE ROLE tst_test_admin LOGIN IN ROLE tst_hub_admin;
CREATE SCHEMA analyst_own AUTHORIZATION tst_test_analyst;
SELECT key_create('hub');

CREATE TEMP TABLE key_functions AS
SELECT p.oid::regprocedure AS fn,
       -- non-NULL arguments: a STRICT call with NULLs is folded away unexecuted
       format('SELECT %s(%s)', p.oid::regproc,
              (SELECT string_agg(format('%L::%s',
                          CASE t
                              WHEN 'text'::regtype THEN 'x' WHEN 'int4'::regtype THEN '1'
                              WHEN 'date'::regtype THEN '2024-01-01'
                              WHEN 'name'::regtype THEN 'x' WHEN 'numeric'::regtype THEN '1'
                              WHEN 'tst_hub.pseudonym'::regtype THEN 'ps_aeaqeayeaudaocajbifqydiob4' END,
                          format_type(t, NULL)), ', ')
                 FROM unnest(p.proargtypes::oid[]) t)) AS call
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tst_hub'
 WHERE p.prosrc ~ '^(keyed_|key_)' OR p.prosrc ~ '\mkeys\M'
    -- SECURITY DEFINER: every one, except the release functions analysts are
    -- meant to call (hub_victims), which name no key material (checked below)
    OR (p.prosecdef AND (NOT has_function_privilege('tst_hub_analyst', p.oid, 'EXECUTE')
                         OR p.prosrc ~ '\m(key_[a-z_]+|keyed_[a-z_]+|pseudonymise|pseudonym_verify|pseudonym_rekey)\M'));
GRANT SELECT ON key_functions TO tst_test_analyst;
SELECT is_empty($$SELECT fn FROM key_functions WHERE call ~ 'NULL::'$$,
    'every key function can be called with non-NULL arguments');

SELECT cmp_ok((SELECT count(*) FROM key_functions)::int, '>=', 8, 'the catalog names the key functions');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p
                   JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
                   JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tst_hub'
                  WHERE p.prosecdef AND has_function_privilege('tst_hub_analyst', p.oid, 'EXECUTE')
                    AND p.prosrc ~ '\m(keys|key_[a-z_]+|keyed_[a-z_]+|pseudonymise|pseudonym_verify|pseudonym_rekey)\M'$$,
    'SECURITY DEFINER functions that analysts may call name no key, key function or pseudonymiser');

-- every one refuses an analyst with 42501
CREATE FUNCTION pg_temp.refusals() RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM key_functions LOOP
        BEGIN
            EXECUTE r.call;
            RETURN NEXT r.fn::text || ': allowed';
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;
        WHEN OTHERS THEN
            RETURN NEXT r.fn::text || ': ' || SQLSTATE;
        END;
    END LOOP;
END
$f$;
GRANT EXECUTE ON FUNCTION pg_temp.refusals() TO tst_test_analyst;
SET ROLE tst_test_analyst;
SELECT is_empty($$SELECT * FROM pg_temp.refusals()$$, 'an analyst gets 42501 from every key function');

SELECT throws_ok($$SELECT * FROM tst_hub.keys$$, '42501', NULL, 'an analyst cannot SELECT the keys');
SELECT throws_ok($$COPY tst_hub.keys TO '/dev/null'$$, '42501', NULL, 'an analyst cannot COPY the keys');
SELECT throws_ok($$SELECT tst_hub.pseudonymise('email', 'a@x.org', 'hub')$$, '42501', NULL,
    'an analyst cannot pseudonymise (it would be an oracle)');
SELECT throws_ok($$SELECT tst_hub.key_create('mine')$$, '42501', NULL, 'an analyst cannot create keys');

-- a function of the analyst's own cannot reach the table either
CREATE FUNCTION analyst_own.steal() RETURNS SETOF bytea LANGUAGE sql AS $$ SELECT key FROM tst_hub.keys $$;
CREATE FUNCTION analyst_own.steal_definer() RETURNS SETOF bytea LANGUAGE sql SECURITY DEFINER
    AS $$ SELECT key FROM tst_hub.keys $$;
SELECT throws_ok($$SELECT analyst_own.steal()$$, '42501', NULL, 'an analyst''s SQL function cannot read keys');
SELECT throws_ok($$SELECT analyst_own.steal_definer()$$, '42501', NULL, 'nor can an analyst''s SECURITY DEFINER function');
SELECT throws_ok($$CREATE FUNCTION analyst_own.c_steal() RETURNS bytea AS 'tst_hub', 'key_material' LANGUAGE C$$,
    '42501', NULL, 'an analyst cannot bind the extension''s C functions');
RESET ROLE;

-- keys are never settings
SELECT is_empty($$SELECT name FROM pg_settings s, tst_hub.keys k
                   WHERE s.setting LIKE '%' || encode(k.key, 'hex') || '%'
                      OR s.setting LIKE '%' || encode(k.key, 'base64') || '%'$$,
    'no setting holds key bytes');
SELECT is_empty($$SELECT 1 FROM pg_db_role_setting r, unnest(r.setconfig) c, tst_hub.keys k
                   WHERE c LIKE '%' || encode(k.key, 'hex') || '%'$$,
    'no per-role or per-database setting holds key bytes');

-- the ingest role may pseudonymise, an admin may manage keys; neither reads them
SET ROLE tst_test_ingest;
SELECT lives_ok($$SELECT tst_hub.pseudonymise('email', 'a@x.org', 'hub')$$, 'the ingest role pseudonymises');
SELECT throws_ok($$SELECT * FROM tst_hub.keys$$, '42501', NULL, 'the ingest role cannot read keys');
RESET ROLE;
SET ROLE tst_test_admin;
SELECT lives_ok($$SELECT tst_hub.key_rotate('hub')$$, 'an admin rotates keys');
SELECT is((SELECT count(*) FROM tst_hub.key_versions() WHERE scope = 'hub')::int, 2, 'an admin lists key versions');
SELECT throws_ok($$SELECT * FROM tst_hub.keys$$, '42501', NULL, 'an admin cannot read key bytes');
SELECT throws_ok($$SELECT tst_hub.pseudonymise('email', 'a@x.org', 'hub')$$, '42501', NULL,
    'an admin is not an ingest service');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;

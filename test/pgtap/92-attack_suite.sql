-- Attack suite (issue 14), run as tst_hub_analyst members (login-less roles
-- reached by SET ROLE) against the hub's own tables and functions.  What
-- other files already attack is not repeated:
--   20-key_security     reading keys (SELECT, COPY, own and SECURITY DEFINER
--                       functions, binding the C symbols), every key function
--                       and pseudonymise refused (42501), keys in settings
--   34-analyst_access   docs/access_pattern.sql: leaky functions and error
--                       oracles under plain and barrier views, EXPLAIN (ANALYZE,
--                       VERBOSE), per-table counters, pg_stats / pg_stats_ext
--                       of the raw table, hostile groupings, look-alikes first
--                       on the path, LEAKPROOF refused to analysts
--   55-ingest_privacy   personal data kept out of rejects and labels; the
--                       category tables per organisation; no statistics there
--   56-hub_differencing hub_victims and supply_chain_risk against a caller
--                       who subtracts its own organisation's persons
--   31-noise, 32-dp_ledger  sticky noise against averaging and differencing,
--                       the budget ledger (test/dp_concurrency.sh: concurrent)
--   90-hostile, 91-*    hostile inputs and their SQLSTATEs
--   test/security/*.sh  key bytes in logs and dumps, auto_explain and
--                       temporary files, planted look-alikes of a table owner
--                       (planted_objects.sh: the PostgreSQL Anonymizer CVEs)
-- Added here, on the hub (tst_hub.incidents under row-level security,
-- hub_victims and its security-barrier view, the ledger): statistics of the
-- hub tables, EXPLAIN of the release function and view and of the protected
-- table, a cast error that would print another organisation's value, a
-- notice-raising function under the barrier views, repeated DP queries, and
-- the analyst's own objects (temporary views shadowing the tables a SECURITY
-- DEFINER function reads -- CVE-2026-2361 of PostgreSQL Anonymizer -- and
-- look-alike operators and aggregates first on its path): none ever runs
-- with the definer's rights.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(24);

SELECT key_create('hub');
SELECT key_create('noise');
INSERT INTO organisations (org_id, code, name) VALUES (1, 'org-1', 'One'), (2, 'org-2', 'Two');
CREATE ROLE atk_one IN ROLE tst_hub_analyst;       -- organisation 1
CREATE ROLE atk_none IN ROLE tst_hub_analyst;      -- no organisation
INSERT INTO org_members (member, org_id) VALUES ('atk_one'::regrole, 1);
CREATE SCHEMA atk_own AUTHORIZATION atk_one;

-- organisation 1: 20 victims in GB; organisation 2: 3 in FR (the hidden
-- value), each with a year and an exploitation
CREATE FUNCTION pg_temp.add(o int4, c text, tag text, n int4) RETURNS void LANGUAGE sql AS $$
    INSERT INTO tst_hub.incidents (org_id, country, location_precision, exploitation, victims, reported_on, reported_until)
    SELECT o, c, 'none', 'exploitation/labour', ARRAY[tst_hub.pseudonymise('raw', format('victim %s %s', tag, i), 'hub')],
           '2021-05-01', '2021-05-01'
      FROM generate_series(1, n) i
$$;
SELECT pg_temp.add(1, 'GB', 'o1', 20), pg_temp.add(2, 'FR', 'o2', 3);
ANALYZE;
-- budgets belong to the login (session_user): SET ROLE does not change it
SELECT dp_budget_create('atk', session_user, 0.3);

-- ---------------------------------------------------------------- statistics
SELECT ok((SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relid = 'tst_hub.incidents'::regclass),
          'the hub tables were analysed');
SET ROLE atk_one;
SELECT is_empty($$SELECT tablename || '.' || attname FROM pg_stats
                   WHERE schemaname = 'tst_hub'
                     AND tablename IN ('incidents', 'persons', 'keys', 'dp_budgets', 'dp_spending', 'org_members',
                                       'ingest_batches', 'ingest_rejects', 'intelligence_reports', 'supplier_sites',
                                       'category_seen', 'category_map')$$,
    'an analyst sees no pg_stats row of a protected hub table (hidden or absent)');
SELECT is_empty($$SELECT statistics_name FROM pg_stats_ext WHERE schemaname = 'tst_hub'$$,
    'nor extended statistics');
SELECT throws_ok($$SELECT * FROM tst_hub.dp_spending$$, '42501', NULL, 'the ledger table is refused');
SELECT throws_ok($$SELECT * FROM tst_hub.dp_budgets$$, '42501', NULL, 'the budget table is refused');

-- ---------------------------------------------------------------- EXPLAIN
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
        RETURN NEXT r."QUERY PLAN";
    END LOOP;
END
$f$;
SELECT is_empty($$SELECT l FROM pg_temp.plan('SELECT * FROM tst_hub.hub_victims(''{country}'')') l
                   WHERE l ~* 'incidents|Aggregate|Seq Scan|Index'$$,
    'EXPLAIN ANALYZE VERBOSE of hub_victims shows one Function Scan, nothing of the table under it');
SELECT is_empty($$SELECT l FROM pg_temp.plan('SELECT * FROM tst_hub.hub_victims_by_country_year WHERE country = ''FR''') l
                   WHERE l ~* 'incidents|Aggregate|Seq Scan|Index'$$,
    'EXPLAIN ANALYZE VERBOSE of the security-barrier view hub_victims_by_country_year: the same');
SELECT is_empty($$SELECT l FROM pg_temp.plan('SELECT * FROM tst_hub.incidents WHERE country = ''FR''') l
                   WHERE l ~ '(rows=3|Removed by Filter: 3)\M'$$,
    'EXPLAIN ANALYZE of the protected table filtered to FR: no row count of organisation 2''s 3 FR rows');
SELECT is((SELECT count(*) FROM tst_hub.incidents WHERE country = 'FR'), 0::int8,
    'row-level security: the FR rows of organisation 2 are not the analyst''s');

-- ---------------------------------------------------------------- error messages
-- A cast that fails on a value names it: it must never meet another
-- organisation's row (int4in is not leakproof: it runs after the policy).
SELECT throws_ok($$SELECT count(*) FROM tst_hub.incidents WHERE (country::text || '-x')::int4 > 0$$,
    '22P02', 'invalid input syntax for type integer: "GB-x"',
    'a failing cast in WHERE names the analyst''s own value (GB), never organisation 2''s (FR)');
SELECT lives_ok($$SELECT * FROM tst_hub.hub_victims('{country}') WHERE 1 / (coalesce(victims, 0) - 3) <> 0$$,
    'dividing by (released count - 3) cannot fail on the hidden 3: the analyst only has the released NULL');

-- ---------------------------------------------------------------- notices under the barrier views
CREATE FUNCTION pg_temp.spy(VARIADIC v text[]) RETURNS bool LANGUAGE plpgsql STABLE AS $f$
BEGIN
    RAISE NOTICE 'spy: %', v;
    PERFORM set_config('atk.seen', current_setting('atk.seen') || array_to_string(v, '/', '') || ';', false);
    RETURN true;
END
$f$;
SELECT set_config('atk.seen', '', false);
SELECT count(*) FROM tst_hub.hub_victims_by_country_year v WHERE pg_temp.spy('view', v.country, v.victims::text, v.victims_reason);
SELECT count(*) FROM tst_hub.incident_facts f WHERE pg_temp.spy('facts', f.country::text, f.org_id::text);
SELECT count(*) FROM tst_hub.incidents i WHERE pg_temp.spy('rows', i.country::text, i.org_id::text);
SELECT results_eq($$SELECT s FROM unnest(string_to_array(current_setting('atk.seen'), ';')) s WHERE s ~ '^view/' ORDER BY 1$$,
    $$VALUES ('view/FR//below_k'), ('view/GB//below_k')$$,
    'a notice-raising function in WHERE on hub_victims_by_country_year sees the released rows only');
SELECT is((SELECT count(*) FROM unnest(string_to_array(current_setting('atk.seen'), ';')) s
            WHERE s ~ '^(facts|rows)/' AND s !~ '^(facts|rows)/GB/1$'), 0::int8,
    'on incident_facts and incidents it sees no row but the analyst''s own (GB, organisation 1)');
SELECT is((SELECT count(*) FROM unnest(string_to_array(current_setting('atk.seen'), ';')) s WHERE s ~ '^(facts|rows)/GB/1$'),
    40::int8, '... and all 40 of those (20 through each: the attack is real)');

-- ---------------------------------------------------------------- repeated DP queries
SELECT lives_ok($$SELECT dp_reserve('atk', 0.1)$$, 'the analyst reserves from its budget (1)');
SELECT lives_ok($$SELECT dp_reserve('atk', 0.1)$$, '... (2)');
SELECT lives_ok($$SELECT dp_reserve('atk', 0.1)$$, '... (3: the budget of 0.3 is spent)');
SELECT throws_ok($$SELECT dp_reserve('atk', 0.1)$$, '53400', NULL, 'a fourth reservation: 53400, budget exhausted');
SELECT throws_ok($$SELECT dp_budget_alter('atk', session_user, 100)$$, '42501', NULL, 'the analyst cannot raise its budget');
SELECT throws_ok($$UPDATE tst_hub.dp_spending SET spent = 0$$, '42501', NULL, 'nor rewrite the ledger');
RESET ROLE;

-- ---------------------------------------------------------------- the analyst's own objects
-- Every object below records, in a sequence (non-transactional: the record
-- survives a failed statement), each time it runs as a role other than the
-- analyst, and tries to grant the analyst the extension owner's rights.
CREATE SEQUENCE atk_own.foreign_runs;
ALTER SEQUENCE atk_own.foreign_runs OWNER TO atk_one;
SET ROLE atk_one;
GRANT USAGE ON SCHEMA atk_own TO PUBLIC;
GRANT USAGE ON SEQUENCE atk_own.foreign_runs TO PUBLIC;
CREATE FUNCTION atk_own.hit(what text) RETURNS bool LANGUAGE plpgsql VOLATILE AS $f$
BEGIN
    IF current_user <> 'atk_one' THEN
        PERFORM pg_catalog.nextval('atk_own.foreign_runs');
        RAISE WARNING 'the analyst''s % ran as %', what, current_user;
        EXECUTE 'GRANT tst_hub_admin TO atk_one';
    END IF;
    RETURN true;
END
$f$;

-- CVE-2026-2361: temporary views named like what the definer functions read
-- (pg_temp comes first for relations unless a path names it last)
CREATE FUNCTION atk_own.rows_incidents() RETURNS SETOF tst_hub.incidents LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM atk_own.hit('temporary view incidents');
    RETURN;
END
$f$;
DO $d$
DECLARE t text;
BEGIN
    EXECUTE 'CREATE TEMP VIEW incidents AS SELECT * FROM atk_own.rows_incidents()';
    FOREACH t IN ARRAY ARRAY['organisations', 'org_members', 'persons', 'keys', 'dp_budgets', 'dp_spending',
                             'countries', 'intelligence_reports', 'supplier_sites', 'pg_class', 'pg_roles',
                             'pg_namespace', 'pg_proc', 'pg_attribute', 'pg_settings', 'spatial_ref_sys'] LOOP
        EXECUTE format('CREATE TEMP VIEW %I AS SELECT * FROM (VALUES (atk_own.hit(%L))) v(x)', t, 'temporary view ' || t);
    END LOOP;
END
$d$;
-- look-alikes of what the definer functions call, first on the path
CREATE FUNCTION atk_own.eq_term(tst_hub.term, tst_hub.term) RETURNS bool LANGUAGE sql AS $f$SELECT atk_own.hit('operator =(term, term)')$f$;
CREATE OPERATOR atk_own.= (LEFTARG = tst_hub.term, RIGHTARG = tst_hub.term, FUNCTION = atk_own.eq_term);
CREATE FUNCTION atk_own.lt_num(numeric, int4) RETURNS bool LANGUAGE sql AS $f$SELECT atk_own.hit('operator <(numeric, int4)')$f$;
CREATE OPERATOR atk_own.< (LEFTARG = numeric, RIGHTARG = int4, FUNCTION = atk_own.lt_num);
CREATE FUNCTION atk_own.cat_int8(text, int8) RETURNS text LANGUAGE sql AS $f$SELECT atk_own.hit('operator ||(text, int8)')::text$f$;
CREATE OPERATOR atk_own.|| (LEFTARG = text, RIGHTARG = int8, FUNCTION = atk_own.cat_int8);
CREATE FUNCTION atk_own.lower(name) RETURNS text LANGUAGE sql AS $f$SELECT atk_own.hit('lower(name)')::text$f$;
CREATE FUNCTION atk_own.array_position(text[], anycompatible) RETURNS int4 LANGUAGE sql
    AS $f$SELECT atk_own.hit('array_position(text[], anycompatible)')::int4$f$;
CREATE FUNCTION atk_own.count_sf(int8, tst_hub.pseudonym) RETURNS int8 LANGUAGE sql
    AS $f$SELECT atk_own.hit('aggregate count(pseudonym)')::int::int8$f$;
CREATE AGGREGATE atk_own.count(tst_hub.pseudonym) (SFUNC = atk_own.count_sf, STYPE = int8);

-- the calls, with pg_temp (relations) and atk_own first; answers kept, then
-- checked with the usual path (pgTAP itself would read the views)
SET search_path = atk_own, public, tst_hub;     -- pg_temp, not named, comes first for relations
CREATE TEMP TABLE answers (call text, result text);
DO $d$
DECLARE
    q text;
BEGIN
    FOREACH q IN ARRAY ARRAY[
        $q$SELECT string_agg(country || '=' || coalesce(victims::text, victims_reason), ',' ORDER BY country) FROM tst_hub.hub_victims('{country}')$q$,
        $q$SELECT count(*)::text FROM tst_hub.hub_victims_by_country_year$q$,
        $q$SELECT count(*)::text FROM tst_hub.hub_reports()$q$,
        $q$SELECT count(*)::text FROM tst_hub.supply_chain_risk(1, '[2021-01-01,2021-12-31)')$q$,
        $q$SELECT count(*)::text FROM tst_hub.supply_chain_risk_by_supplier(1, '[2021-01-01,2021-12-31)')$q$,
        $q$SELECT count(*)::text FROM tst_hub.my_dp_budgets$q$,
        $q$SELECT tst_hub.dp_reserve('atk', 0.1)::text$q$,
        $q$SELECT count(*)::text FROM tst_hub.incident_facts$q$,
        $q$SELECT tst_hub.sticky_count(i.victims[1], 'GB'::text)::text FROM tst_hub.incidents i WHERE i.country = 'GB'$q$] LOOP
        BEGIN
            EXECUTE 'INSERT INTO answers SELECT $1, (' || q || ')' USING q;
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO answers VALUES (q, SQLSTATE || ': ' || SQLERRM);
        END;
    END LOOP;
END
$d$;
SET search_path = public, tst_hub;
RESET ROLE;
DO $d$
DECLARE t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c WHERE c.relnamespace = pg_catalog.pg_my_temp_schema()
                AND c.relkind = 'v' LOOP
        EXECUTE format('DROP VIEW pg_temp.%I', t);
    END LOOP;
END
$d$;
SELECT is((SELECT last_value - 1 + is_called::int FROM atk_own.foreign_runs), 0::int8,
    'no temporary view, look-alike operator, function or aggregate of the analyst ran as the definer');
SELECT ok(NOT pg_has_role('atk_one', 'tst_hub_admin', 'MEMBER'), 'the analyst did not become an admin');
SELECT is((SELECT result FROM answers WHERE call ~ 'hub_victims\(''\{country\}'''),
          'FR=below_k,GB=below_k',
    'hub_victims answered as without the analyst''s objects (FR withheld; GB withheld for the caller who holds 20 of 20)');
SELECT is_empty($$SELECT call || ' -> ' || result FROM answers WHERE result ~ '^(XX|42883|42725|2F|38)'$$,
    'no call broke on the analyst''s objects (no internal error, no ambiguity, no look-alike met)');

SELECT * FROM finish();
ROLLBACK;

-- Analysts reach counts, not rows: docs/access_pattern.sql (the pattern of
-- docs/ACCESS.md, run here as it is) gives an analyst released figures only.
-- Each way an analyst could reach a hidden value is tried: reading the table,
-- leaky functions in WHERE, errors that depend on hidden values, EXPLAIN,
-- statistics, per-table counters, hostile groupings and search_path tricks.
-- A view straight over the raw table (not part of the pattern) is built too,
-- to show that the attacks are real: they work on it, and not on the pattern.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(51);

\ir ../../docs/access_pattern.sql

CREATE ROLE acc_analyst LOGIN IN ROLE tst_hub_analyst;
CREATE ROLE acc_ingest LOGIN IN ROLE tst_hub_pseudonymiser;
CREATE ROLE acc_other LOGIN;
SELECT key_create('hub');

-- Hidden truth: GB has 20 victims in 2020 and 20 in 2021 (one row each);
-- FR has 3 victims in 7 rows in 2020, below k = 11.
SET LOCAL ROLE acc_ingest;
INSERT INTO hub_raw.incidents (org, country, exploitation, year, victim, hours_worked)
SELECT 'org' || (i % 3), 'GB', 'exploitation/labour', 2020 + i % 2,
       tst_hub.pseudonymise('raw', 'gb ' || i, 'hub'), 40 + i
  FROM generate_series(1, 40) i;
INSERT INTO hub_raw.incidents (org, country, exploitation, year, victim, hours_worked)
SELECT 'org9', 'FR', 'exploitation/sexual', 2020, tst_hub.pseudonymise('raw', 'fr ' || (i % 3), 'hub'), 99
  FROM generate_series(1, 7) i;
SELECT throws_ok($$SELECT count(*) FROM hub_raw.incidents$$, '42501', NULL,
                 'the ingest role inserts rows but cannot read them back');
RESET ROLE;
ANALYZE hub_raw.incidents;

-- The pattern as built
SELECT ok((SELECT NOT rolcanlogin FROM pg_roles WHERE rolname = 'hub_owner')
          AND (SELECT relowner = 'hub_owner'::regrole FROM pg_class WHERE oid = 'hub_raw.incidents'::regclass),
          'the raw table belongs to hub_owner, a role nobody logs in as');
SELECT ok((SELECT prosecdef AND proowner = 'hub_owner'::regrole
                  AND proconfig @> '{"search_path=pg_catalog, pg_temp", client_min_messages=warning,
                                     enable_seqscan=on, enable_indexscan=off, enable_indexonlyscan=off,
                                     enable_bitmapscan=off, enable_sort=off, enable_hashagg=on, work_mem=64MB}'
             FROM pg_proc WHERE oid = 'hub_release.victims'::regproc),
          'the release function is SECURITY DEFINER, owned by hub_owner, with its settings pinned');
SELECT is_empty($$SELECT member::regrole FROM pg_auth_members WHERE roleid = 'hub_owner'::regrole$$,
                'nobody is a member of hub_owner (membership would be access to every row)');
SELECT is_empty($$SELECT s FROM unnest('{hub_raw, hub_release, tst_hub, public}'::text[]) s
                   WHERE has_schema_privilege('acc_analyst', s, 'CREATE')$$,
                'an analyst can create nothing in the schemas the release function reads');

SET LOCAL ROLE acc_analyst;

-- Raw rows: 42501
SELECT throws_ok($$SELECT * FROM hub_raw.incidents$$, '42501', NULL, 'an analyst cannot read raw rows');
SELECT throws_ok($$SELECT count(*) FROM hub_raw.incidents WHERE country = 'FR'$$, '42501', NULL,
                 'nor count them');

-- Released values only: below k withheld with the reason
SELECT results_eq(
    $$SELECT country, year, victims, victims_reason FROM hub_release.victims_by_country_year ORDER BY 1, 2$$,
    $$VALUES ('FR', 2020, NULL::numeric, 'below_k'), ('GB', 2020, 20, NULL), ('GB', 2021, 20, NULL)$$,
    'the view releases 20 and 20 victims and withholds FR (3 persons) as below_k');
SELECT results_eq(
    $$SELECT country, victims, victims_reason, hours_worked, hours_reason FROM hub_release.victims('{country}') ORDER BY 1$$,
    $$VALUES ('FR', NULL::numeric, 'below_k', NULL::numeric, 'below_k'), ('GB', 40, NULL, 2420, NULL)$$,
    'the function by country: GB 40 victims and 2420 hours (40 x 40 + 1 + ... + 40), FR withheld');
SELECT results_eq(
    $$SELECT country, exploitation, year, victims FROM hub_release.victims('{}')$$,
    $$VALUES (NULL::text, NULL::term, NULL::int4, 43::numeric)$$,
    'no grouping: one total row, the columns not grouped are NULL');
SELECT results_eq(
    $$SELECT exploitation, victims, victims_reason FROM hub_release.victims('{exploitation}', exploitation_under => 'exploitation/sexual')$$,
    $$VALUES ('exploitation/sexual'::term, NULL::numeric, 'below_k')$$,
    'a typed filter narrows the rows before grouping; the group is still withheld');
SELECT results_eq(
    $$SELECT year, victims FROM hub_release.victims('{year}', country_is => 'GB', year_from => 2021)$$,
    $$VALUES (2021, 20::numeric)$$,
    'filters combine (country and year range)');
RESET ROLE;
SELECT results_eq(
    $$SELECT country, year, count(DISTINCT victim)::numeric, sum(hours_worked) FROM hub_raw.incidents
       GROUP BY 1, 2 HAVING count(DISTINCT victim) >= 11 ORDER BY 1, 2$$,
    $$SELECT country, year, victims, hours_worked FROM hub_release.victims_by_country_year
       WHERE victims IS NOT NULL ORDER BY 1, 2$$,
    'released values equal count(DISTINCT victim) and sum(hours) computed from the raw rows');

-- Contrast objects (not part of the pattern): views straight over the raw table
SET LOCAL ROLE hub_owner;
CREATE VIEW hub_release.plain_view AS
SELECT i.country, i.year, tst_hub.safe_count(i.victim) AS victims
  FROM hub_raw.incidents i GROUP BY i.country, i.year;
CREATE VIEW hub_release.barrier_view WITH (security_barrier) AS
SELECT i.country, i.year, tst_hub.safe_count(i.victim) AS victims
  FROM hub_raw.incidents i GROUP BY i.country, i.year;
GRANT SELECT ON hub_release.plain_view, hub_release.barrier_view TO acc_analyst;
RESET ROLE;

-- Leaky functions in WHERE.  The analyst's function records every argument
-- it sees (in a setting, so it can stay STABLE: a volatile function is never
-- pushed down, and an attacker would not choose one).
SET LOCAL ROLE acc_analyst;
SELECT throws_ok($$CREATE FUNCTION pg_temp.trusted(text) RETURNS bool LANGUAGE sql IMMUTABLE LEAKPROOF AS 'SELECT true'$$,
                 '42501', NULL, 'an analyst cannot mark a function LEAKPROOF (only those are pushed below a barrier)');
CREATE FUNCTION pg_temp.leak(country text, year int4, victims numeric) RETURNS bool LANGUAGE plpgsql STABLE AS $f$
BEGIN
    PERFORM set_config('leak.seen', current_setting('leak.seen') || format('%s/%s/%s;', country, year, victims), false);
    RETURN true;
END
$f$;
CREATE FUNCTION pg_temp.seen() RETURNS SETOF text LANGUAGE sql STABLE AS $f$
    SELECT x FROM unnest(string_to_array(rtrim(current_setting('leak.seen'), ';'), ';')) x ORDER BY 1
$f$;
SELECT set_config('leak.seen', '', false);
SELECT count(*) FROM hub_release.plain_view WHERE pg_temp.leak(country, year, NULL);
SELECT is((SELECT count(*) FROM pg_temp.seen() x WHERE x LIKE 'FR/%')::int, 7,
          'contrast: below a plain view a leaky function runs once per raw row (7 FR rows: the hidden count leaks)');
SELECT set_config('leak.seen', '', false);
SELECT count(*) FROM hub_release.barrier_view WHERE pg_temp.leak(country, year, NULL);
SELECT is((SELECT count(*) FROM pg_temp.seen() x WHERE x LIKE 'FR/%')::int, 1,
          'a security_barrier view runs it once per released row');
SELECT set_config('leak.seen', '', false);
SELECT count(*) FROM hub_release.victims_by_country_year WHERE pg_temp.leak(country, year, victims);
SELECT results_eq($$SELECT * FROM pg_temp.seen()$$, $$VALUES ('FR/2020/'), ('GB/2020/20'), ('GB/2021/20')$$,
                  'on the pattern''s view it sees exactly the released rows, no hidden value');
SELECT set_config('leak.seen', '', false);
SELECT count(*) FROM hub_release.victims('{country}') v WHERE pg_temp.leak(v.country, NULL, v.victims);
SELECT results_eq($$SELECT * FROM pg_temp.seen()$$, $$VALUES ('FR//'), ('GB//40')$$,
                  'on the function''s output it sees exactly the released rows');

-- Error oracles: a query that fails or not depending on a hidden value
-- would disclose it.  This one fails when it meets a group a second time,
-- that is when a group has more than one raw row.
CREATE FUNCTION pg_temp.second_sighting(country text, year int4) RETURNS bool LANGUAGE plpgsql STABLE AS $f$
BEGIN
    IF position(format('%s/%s;', country, year) IN current_setting('leak.seen')) > 0 THEN
        RAISE EXCEPTION 'group %/% has more than one row', country, year;
    END IF;
    PERFORM set_config('leak.seen', current_setting('leak.seen') || format('%s/%s;', country, year), false);
    RETURN true;
END
$f$;
SELECT set_config('leak.seen', '', false);
SELECT throws_ok($$SELECT * FROM hub_release.plain_view WHERE pg_temp.second_sighting(country, year)$$,
                 'P0001', NULL, 'contrast: on a plain view an error can depend on hidden rows');
SELECT set_config('leak.seen', '', false);
SELECT lives_ok($$SELECT * FROM hub_release.victims_by_country_year WHERE pg_temp.second_sighting(country, year)$$,
                'on the pattern''s view it never meets a hidden row');
SELECT lives_ok($$SELECT * FROM hub_release.victims('{country,year}') WHERE 1 / (coalesce(victims, 0) - 3) <> 0$$,
                'dividing by (value - 3) cannot fail on FR''s hidden 3: the analyst only has the released NULL');
SELECT lives_ok($$SELECT * FROM hub_release.victims_by_country_year WHERE 1 / (coalesce(victims, 0) - 3) <> 0$$,
                '... nor through the view');
RESET ROLE;
SELECT throws_ok($$INSERT INTO hub_raw.incidents (org, country, exploitation, year, hours_worked)
                   VALUES ('org1', 'GB', 'exploitation/labour', 2020, 'NaN')$$, '23514', NULL,
                 'no stored value can make an aggregate fail: NaN hours are refused at insert');
SELECT throws_ok($$INSERT INTO hub_raw.incidents (org, country, exploitation, year, hours_worked)
                   VALUES ('org1', 'GB', 'exploitation/labour', 2020, 'Infinity')$$, '23514', NULL,
                 '... and so are infinite hours');

-- EXPLAIN: what the analyst's plan shows
CREATE FUNCTION pg_temp.plan_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (ANALYZE, BUFFERS, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
        RETURN NEXT r."QUERY PLAN";
    END LOOP;
END
$f$;
CREATE FUNCTION pg_temp.estimate_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE r record;
BEGIN
    FOR r IN EXECUTE 'EXPLAIN ' || q LOOP RETURN NEXT r."QUERY PLAN"; END LOOP;
END
$f$;
SET LOCAL ROLE acc_analyst;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_lines($$SELECT * FROM hub_release.barrier_view WHERE country = 'FR'$$) l
                  WHERE l ~ 'Seq Scan on hub_raw.incidents .*actual rows=7 '),
          'contrast: EXPLAIN ANALYZE of a view over the raw table shows the 7 rows of the withheld FR group');
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.estimate_lines($$SELECT * FROM hub_release.barrier_view WHERE country = 'FR'$$) l
                  WHERE l ~ 'Seq Scan on incidents .*rows=7 '),
          'contrast: even plain EXPLAIN estimates them from statistics the analyst may not read');
SELECT results_eq(
    $$SELECT l FROM pg_temp.plan_lines($q$SELECT * FROM hub_release.victims_by_country_year WHERE country = 'FR'$q$) l
       WHERE l !~ '^\s*(Output|Function Call|Buffers):'$$,
    $$VALUES ('Function Scan on hub_release.victims v (actual rows=1 loops=1)'),
             ('  Filter: (v.country = ''FR''::text)'), ('  Rows Removed by Filter: 2')$$,
    '... EXPLAIN ANALYZE of the pattern''s view is one Function Scan over released rows (GB''s two are filtered), nothing under it');
SELECT results_eq(
    $$SELECT l FROM pg_temp.plan_lines($q$SELECT * FROM hub_release.victims('{country}', country_is => 'FR')$q$) l
       WHERE l !~ '^\s*(Output|Function Call|Buffers):'$$,
    $$VALUES ('Function Scan on hub_release.victims (actual rows=1 loops=1)')$$,
    'EXPLAIN ANALYZE of the function is one line with the one row it returned');
SELECT results_eq($$SELECT regexp_replace(l, 'rows=\d+', 'rows=N') FROM pg_temp.estimate_lines($q$SELECT * FROM hub_release.victims('{country}', country_is => 'FR')$q$) l$$,
                  $$VALUES ('Function Scan on victims  (cost=0.25..10.25 rows=N width=172)')$$,
                  'plain EXPLAIN of the function shows no estimate drawn from the raw table');

-- Per-table counters: the analyst can read pg_stat_xact_user_tables, so a
-- plan that fetches only the matching rows by index would count them.  The
-- function reads the whole table whatever the caller sets; a view straight
-- over the table does not.
RESET ROLE;
SET LOCAL ROLE hub_owner;
CREATE INDEX incidents_country ON hub_raw.incidents (country);
RESET ROLE;
SET LOCAL ROLE acc_analyst;
SET LOCAL enable_seqscan = off;
CREATE TEMP TABLE counters (at text, seq_tup_read int8, idx_scan int8, idx_tup_fetch int8);
CREATE FUNCTION pg_temp.snap(at text) RETURNS void LANGUAGE sql AS $f$
    INSERT INTO counters SELECT at, seq_tup_read, coalesce(idx_scan, 0), coalesce(idx_tup_fetch, 0)
      FROM pg_stat_xact_user_tables WHERE schemaname = 'hub_raw' AND relname = 'incidents'
$f$;
SELECT pg_temp.snap('before');
SELECT count(*) FROM hub_release.victims('{country}', country_is => 'FR');
SELECT pg_temp.snap('function');
SELECT count(*) FROM hub_release.barrier_view WHERE country = 'FR';
SELECT pg_temp.snap('view');
SELECT results_eq($$SELECT f.seq_tup_read - b.seq_tup_read, f.idx_scan - b.idx_scan, f.idx_tup_fetch - b.idx_tup_fetch
                      FROM counters b, counters f WHERE b.at = 'before' AND f.at = 'function'$$,
                  $$VALUES (47::int8, 0::int8, 0::int8)$$,
                  'the function reads all 47 rows even when the analyst disables seq scans: the counters show no group size');
SELECT results_eq($$SELECT v.idx_tup_fetch - f.idx_tup_fetch FROM counters f, counters v WHERE f.at = 'function' AND v.at = 'view'$$,
                  $$VALUES (7::int8)$$,
                  'contrast: through a view over the table an index scan counts the 7 hidden FR rows');
RESET enable_seqscan;

-- Statistics of protected columns
RESET ROLE;
SET LOCAL ROLE hub_owner;
CREATE STATISTICS hub_raw.incidents_country_year (mcv) ON country, year FROM hub_raw.incidents;
RESET ROLE;
ANALYZE hub_raw.incidents;
SELECT cmp_ok((SELECT count(*) FROM pg_stats WHERE schemaname = 'hub_raw')::int, '>=', 7,
              'the raw table has statistics (the owner sees them)');
SET LOCAL ROLE acc_analyst;
SELECT is_empty($$SELECT attname FROM pg_stats WHERE schemaname = 'hub_raw'$$,
                'an analyst sees no pg_stats row for the raw table''s columns');
SELECT is_empty($$SELECT statistics_name FROM pg_stats_ext WHERE schemaname = 'hub_raw'$$,
                'nor its extended statistics (pg_stats_ext)');
SELECT throws_ok($$SELECT * FROM pg_statistic$$, '42501', NULL, 'pg_statistic is refused');
SELECT throws_ok($$SELECT * FROM pg_statistic_ext_data$$, '42501', NULL, 'pg_statistic_ext_data is refused');

-- Hostile groupings
SELECT throws_ok($$SELECT * FROM hub_release.victims('{org}')$$, '42501', NULL,
                 'grouping by org (a protected column) is 42501');
SELECT throws_ok($$SELECT * FROM hub_release.victims('{country,victim}')$$, '42501', NULL,
                 'grouping by victim is 42501');
SELECT throws_ok($$SELECT * FROM hub_release.victims('{hours_worked}')$$, '42501', NULL,
                 'grouping by hours_worked is 42501');
SELECT throws_ok($$SELECT * FROM hub_release.victims(ARRAY['country) s, hub_raw.incidents x --'])$$, '22023', NULL,
                 'an injected identifier is 22023 (not in the allow-list)');
SELECT throws_ok($$SELECT * FROM hub_release.victims(ARRAY['country"'])$$, '22023', NULL,
                 'a quoted identifier is 22023');
SELECT throws_ok($$SELECT * FROM hub_release.victims('{Country}')$$, '22023', NULL,
                 'names are exact: Country is 22023');
SELECT throws_ok($$SELECT * FROM hub_release.victims('{incidents.country}')$$, '22023', NULL,
                 'a qualified name is 22023');
SELECT throws_ok($$SELECT * FROM hub_release.victims('{country,country}')$$, '22023', NULL,
                 'a grouping named twice is 22023');
SELECT throws_ok($$SELECT * FROM hub_release.victims(NULL)$$, '22004', NULL, 'a NULL grouping is 22004');
SELECT throws_ok($$SELECT * FROM hub_release.victims('{country,NULL}')$$, '22004', NULL, 'a NULL in the grouping is 22004');

-- The floor is not the analyst's to lower
SELECT throws_ok($$SELECT set_config('tst_hub.min_k', '2', false)$$, '42501', NULL,
                 'an analyst cannot lower tst_hub.min_k');

-- search_path tricks: the analyst's own look-alikes, first on the path,
-- are never called by the function
RESET ROLE;
CREATE SCHEMA acc_own AUTHORIZATION acc_analyst;
SET LOCAL ROLE acc_analyst;
GRANT USAGE ON SCHEMA acc_own TO PUBLIC;   -- so that the definer could see it
CREATE FUNCTION acc_own.texteq_spy(a text, b text) RETURNS bool LANGUAGE plpgsql STABLE AS $f$
BEGIN
    PERFORM set_config('leak.seen', current_setting('leak.seen') || a || ';', false);
    RETURN true;
END
$f$;
CREATE OPERATOR acc_own.= (LEFTARG = text, RIGHTARG = text, FUNCTION = acc_own.texteq_spy);
CREATE FUNCTION acc_own.safe_count_r(tst_hub.pseudonym) RETURNS tst_hub.released LANGUAGE sql STABLE
    AS $f$SELECT ROW(999, NULL)::tst_hub.released$f$;
CREATE FUNCTION acc_own.format(text, text, text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $f$SELECT 'i.org AS ' || $3$f$;
CREATE FUNCTION acc_own.array_to_string(text[], text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $f$SELECT 'i.org AS country, NULL::tst_hub.term AS exploitation, NULL::int4 AS year'$f$;
SELECT set_config('leak.seen', '', false);
-- (pgTAP itself would call the look-alikes: the answer is kept, then checked
-- with the usual path)
SET LOCAL search_path = acc_own, pg_catalog, public, tst_hub;
DO $d$
BEGIN
    CREATE TEMP TABLE hijacked AS
    SELECT country, victims, victims_reason FROM hub_release.victims('{country}', country_is => 'GB');
EXCEPTION WHEN OTHERS THEN
    CREATE TEMP TABLE hijacked AS SELECT SQLERRM AS country, NULL::numeric AS victims, NULL::text AS victims_reason;
END
$d$;
SET LOCAL search_path = public, tst_hub;
SELECT results_eq($$SELECT * FROM hijacked$$, $$VALUES ('GB'::text, 40::numeric, NULL::text)$$,
                  'with look-alike =, safe_count_r, format and array_to_string first on the path, the function answers as before');
SELECT is(current_setting('leak.seen'), '', '... and never called the look-alike operator');

-- Who else: a login role outside tst_hub_analyst gets nothing
RESET ROLE;
SET LOCAL ROLE acc_other;
SELECT throws_ok($$SELECT * FROM hub_release.victims('{country}')$$, '42501', NULL,
                 'a role outside tst_hub_analyst cannot call the function');
RESET ROLE;

-- What safe_count alone does not stop (docs/ACCESS.md, "Differencing"):
-- the total minus the released groups gives the withheld one
SET LOCAL ROLE acc_analyst;
SELECT is((SELECT victims FROM hub_release.victims('{}'))
          - (SELECT victims FROM hub_release.victims('{}', country_is => 'GB')), 3::numeric,
          'documented limitation: total (43) minus GB (40) recovers the withheld FR count (3); secondary suppression or noise is needed');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;

-- Catalog lint (issue 14): the rules that keep the extension's own code from
-- running someone else's objects with more rights than they have.
--   1. Every SECURITY DEFINER function pins search_path (pg_catalog first,
--      pg_temp last) and grants no EXECUTE to PUBLIC.
--   2. Every pinned search_path names pg_temp last (or not at all) and no
--      schema in which PUBLIC may create objects.
--   3. Every function that runs dynamic SQL (EXECUTE) pins search_path.
--   5. (below 4) What CREATE EXTENSION binds for good -- constraints,
--      defaults, views, policies, index expressions -- calls only functions
--      and operators of pg_catalog, the extension and PostGIS: an exact-match
--      look-alike planted in PostGIS's schema (public) before CREATE
--      EXTENSION would otherwise run on every later insert
--      (CVE-2026-2360 of PostgreSQL Anonymizer; planted_objects.sh).
--   4. No dynamic SQL splices an unquoted name: a format() string with %s
--      (or %1$s) in a function that runs dynamic SQL or builds SQL text for
--      one, or an EXECUTE of a || concatenation, is either in the audited
--      allow-list below (with why each splice is safe, and how many there
--      are: a new splice changes the count and fails the test) or an error.
-- The attacks these rules stop are replayed in 92-attack_suite.sql and
-- test/security/planted_objects.sh.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(12);

CREATE TEMP TABLE ext_fn AS
SELECT p.oid, p.oid::regprocedure::text AS fn, p.proname, p.prosecdef, l.lanname, p.prosrc,
       (SELECT substr(c, 13) FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%') AS path
  FROM pg_proc p
  JOIN pg_language l ON l.oid = p.prolang
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tst_hub';
-- functions that run dynamic SQL
CREATE TEMP TABLE dyn_fn AS
SELECT * FROM ext_fn
 WHERE lanname = 'plpgsql'
   AND regexp_replace(prosrc, '--[^\n]*', '', 'g') ~* '\mEXECUTE\M';

-- Splices.  In scope: functions that EXECUTE, and the functions of the
-- extension whose SQL text they execute (named tst_hub.f( in their bodies).
CREATE TEMP TABLE sql_fn AS
SELECT * FROM dyn_fn
UNION
SELECT f.* FROM ext_fn f
 WHERE f.lanname IN ('plpgsql', 'sql') AND f.prosrc ~ 'format\('
   AND EXISTS (SELECT 1 FROM dyn_fn d WHERE d.prosrc ~ ('tst_hub\.' || f.proname || '\('));
-- the bodies without comments, and without the format() of messages
-- (MESSAGE = format(...), DETAIL, HINT: text for people, not SQL)
CREATE TEMP TABLE sql_src AS
SELECT fn, regexp_replace(regexp_replace(prosrc, '--[^\n]*', '', 'g'),
                          '(MESSAGE|DETAIL|HINT)\s*=\s*format\(', '\1 = message(', 'g') AS src
  FROM sql_fn;
CREATE TEMP TABLE splices AS
-- format strings ('...', E'...' or $x$...$x$) with %s or %1$s
SELECT f.fn, m[1] AS piece
  FROM sql_src f,
       LATERAL regexp_matches(f.src, '\mformat\(\s*(E?''(?:[^'']|'''')*''|\$([a-z]*)\$.*?\$\2\$)', 'g') m
 WHERE m[1] ~ '%([0-9]+\$)?s'
UNION ALL
-- EXECUTE of a concatenation
SELECT f.fn, m[1]
  FROM sql_src f,
       LATERAL regexp_matches(f.src, '\m(EXECUTE\s+[^;]*?\|\|[^;]*);', 'gi') m
 WHERE m[1] !~* '^EXECUTE\s+format\(';

-- (end of the lint tables)

-- 1. SECURITY DEFINER
SELECT cmp_ok((SELECT count(*) FROM ext_fn WHERE prosecdef)::int, '>=', 10,
              'the lint sees the extension''s SECURITY DEFINER functions');
SELECT is_empty($$SELECT fn FROM ext_fn WHERE prosecdef AND (path IS NULL OR path <> 'pg_catalog, pg_temp')$$,
                'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp');
SELECT is_empty($$SELECT fn FROM ext_fn WHERE prosecdef AND has_function_privilege('public', oid, 'EXECUTE')$$,
                'no SECURITY DEFINER function grants EXECUTE to PUBLIC');
SELECT is_empty($$SELECT fn FROM ext_fn WHERE prosecdef AND lanname NOT IN ('sql', 'plpgsql')$$,
                'SECURITY DEFINER functions are SQL or PL/pgSQL (their bodies are linted here)');

-- 2. What a pinned path may name
SELECT is_empty(
    $$SELECT fn || ': ' || path FROM ext_fn, LATERAL (SELECT array_agg(btrim(s, ' "')) AS parts
                                                        FROM unnest(string_to_array(path, ',')) s) x
       WHERE path IS NOT NULL
         AND ('pg_temp' = ANY (parts[1:cardinality(parts) - 1])
              OR EXISTS (SELECT 1 FROM unnest(parts) s JOIN pg_namespace n ON n.nspname = s
                          WHERE has_schema_privilege('public', n.oid, 'CREATE')))$$,
    'every pinned search_path puts pg_temp last and names no schema PUBLIC may create in');

-- 3. Dynamic SQL runs with a pinned path
SELECT is_empty($$SELECT fn FROM dyn_fn WHERE path IS NULL$$,
                'every function that runs dynamic SQL pins search_path');

-- 4. Splices: the audited allow-list: function, number of splices, and why each is safe.
CREATE TEMP TABLE audited (fn text, splices int, why text);
INSERT INTO audited VALUES
    -- SQL built from: names through quote_ident (release_group_keys of quoted
    -- columns) or %I, the source as a regclass (printed quoted), integer
    -- suffixes (q1..qn), and the expressions generalisation_levels returns
    ('anonymise_release(regclass,name,text[],name,integer,integer,name,jsonb,text,name)', 11,
     'quote_ident / %I names, regclass source, integer suffixes, generalisation expressions'),
    -- returns expressions over quote_ident(column) (or the caller's own
    -- column_ref, SQL the caller writes and runs itself); the caller's maps
    -- through quote_literal; format_type for NULL casts; the two EXECUTEs are
    -- of %I and a regclass
    ('generalisation_levels(regclass,name,jsonb,text)', 13,
     'expressions over quote_ident(column), quote_literal maps, integers, format_type'),
    -- %L/%I pairs, g<i> aliases, quote_ident group keys, count(*) or count(DISTINCT p), regclass
    ('group_diversity(regclass,text[],name,name)', 3, '%L / %I / quote_ident pieces, integer aliases, regclass'),
    ('k_anonymity(regclass,text[],name,integer)', 1, 'count(DISTINCT %I), quote_ident group keys, regclass'),
    ('k_anonymity_groups(regclass,text[],name,integer)', 1, '%L/%I pairs, quote_ident group keys, regclass'),
    -- builds "e, (e)::text" from expressions its callers quoted (quote_ident
    -- names or g<i> aliases); it executes nothing
    ('release_group_keys(text[])', 1, 'expressions its callers quoted'),
    -- g<i>/t<i> aliases, its own fragments, expressions its callers quoted; executes nothing
    ('release_group_query(text[],boolean,text,boolean)', 7, 'integer aliases, own fragments, quoted expressions'),
    -- the expressions and NULL casts of its own allow-list, chosen by exact
    -- match of the caller's grouping names (22023 otherwise), %I aliases; one
    -- message (group_by[%s] is NULL) with an integer
    ('hub_victims(text[],text,term,integer,integer)', 5, 'own allow-listed expressions picked by exact name, %I'),
    -- rel is a regclass (printed quoted), the column through %I
    ('hub_without_statistics(regclass)', 1, 'regclass'),
    -- the hub's own foreign keys: a regclass and pg_get_constraintdef
    ('hub_distribute()', 2, 'regclass and pg_get_constraintdef of the hub''s own constraints');

SELECT results_eq(
    $$SELECT fn, count(*)::int FROM splices GROUP BY fn ORDER BY fn$$,
    $$SELECT fn, splices FROM audited ORDER BY fn$$,
    'dynamic SQL splices (%s, || into EXECUTE) only where audited, as many as audited');
SELECT is_empty($$SELECT fn || ': ' || piece FROM splices WHERE fn NOT IN (SELECT fn FROM audited)$$,
                'no splice outside the audited functions');
SELECT is_empty(
    $$SELECT f.fn FROM sql_fn f, regexp_matches(f.prosrc, 'EXECUTE\s+([a-z_]+)\s*(;|INTO|USING)', 'gi') m
       WHERE m[1] !~* '^(format|q|query|sql)$'$$,
    'EXECUTE takes format(...) or a variable built by it (q, query, sql), never a parameter as is');

-- 2b. Functions with PostGIS's schema on their path (pinned FROM CURRENT at
-- CREATE EXTENSION: tst_hub, then PostGIS's schema, public by default).
-- Whoever may create objects there could plant an exact-match look-alike of
-- an operator or function such a body reaches through an implicit cast or a
-- polymorphic argument, so these bodies compare and call with exact types
-- (float8 constants for float8, ::numeric for numeric, pg_catalog.
-- array_position, ...), test/security/planted_objects.sh plants 1,400
-- look-alikes against them, and a new one joins this list only once audited.
-- Functions that need no PostGIS pin tst_hub alone (or pg_catalog).
SELECT set_eq(
    $$SELECT fn FROM ext_fn f JOIN pg_namespace n ON f.path ~ ('(^|, )"?' || n.nspname || '"?(,|$)')
       JOIN pg_extension e ON e.extnamespace = n.oid AND e.extname = 'postgis'$$,
    ARRAY['geometry_to_wgs84(geometry)', 'cell(geometry,integer)', 'cell_center(cell)', 'cell_boundary(cell)',
          'cells_cover(geometry,integer,text)', 'cube_cells(cube,geometry,timestamp with time zone,timestamp with time zone)',
          'geo_coarsen(double precision,double precision,integer)', 'neighbours_within(bigint[],geometry[],double precision)',
          'kernel_density(cube,double precision,integer,geometry,boolean)', 'kde_points_lonlat(geometry[])',
          'kernel_density(geometry[],double precision[],double precision,integer)',
          'kde_bandwidth(geometry[],double precision[])', 'ingest_csv(integer,text,text,integer,text)',
          'key_judgement(text,likelihood,confidence,bigint[],geometry,term_set,daterange,cell[])',
          'report_check_key_judgement(jsonb)'],
    'the functions with PostGIS''s schema on their path are the audited ones');

-- 5. Bound at CREATE EXTENSION: the extension's tables' constraints,
-- defaults, policies, index expressions and its views' rules
SELECT is_empty(
    $$SELECT pg_describe_object(d.classid, d.objid, d.objsubid) || ' -> ' || pg_describe_object(d.refclassid, d.refobjid, 0)
        FROM pg_depend d
       WHERE d.classid IN ('pg_constraint'::regclass, 'pg_attrdef'::regclass, 'pg_policy'::regclass,
                           'pg_rewrite'::regclass, 'pg_class'::regclass, 'pg_trigger'::regclass)
         AND d.refclassid IN ('pg_proc'::regclass, 'pg_operator'::regclass)
         AND d.deptype = 'n'
         -- of the extension's own relations
         AND (CASE d.classid
                WHEN 'pg_constraint'::regclass THEN (SELECT conrelid FROM pg_constraint WHERE oid = d.objid)
                WHEN 'pg_attrdef'::regclass THEN (SELECT adrelid FROM pg_attrdef WHERE oid = d.objid)
                WHEN 'pg_policy'::regclass THEN (SELECT polrelid FROM pg_policy WHERE oid = d.objid)
                WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid)
                WHEN 'pg_trigger'::regclass THEN (SELECT tgrelid FROM pg_trigger WHERE oid = d.objid)
                ELSE (SELECT indrelid FROM pg_index WHERE indexrelid = d.objid) END)
             IN (SELECT objid FROM pg_depend x, pg_extension e
                  WHERE x.classid = 'pg_class'::regclass AND x.refobjid = e.oid AND x.deptype = 'e'
                    AND e.extname = 'tst_hub')
         AND (CASE d.refclassid WHEN 'pg_proc'::regclass THEN (SELECT pronamespace FROM pg_proc WHERE oid = d.refobjid)
                               ELSE (SELECT oprnamespace FROM pg_operator WHERE oid = d.refobjid) END)
             NOT IN (SELECT 'pg_catalog'::regnamespace::oid UNION ALL
                     SELECT extnamespace FROM pg_extension WHERE extname IN ('tst_hub', 'postgis'))$$,
    'constraints, defaults, policies, indexes, triggers and views of the extension call only pg_catalog, tst_hub and PostGIS');
-- and of PostGIS only PostGIS's own functions (an operator or function of
-- another role in PostGIS's schema would be a look-alike)
SELECT is_empty(
    $$SELECT pg_describe_object(d.classid, d.objid, d.objsubid) || ' -> ' || pg_describe_object(d.refclassid, d.refobjid, 0)
        FROM pg_depend d
        JOIN pg_depend x ON x.classid = 'pg_class'::regclass AND x.deptype = 'e'
        JOIN pg_extension e ON e.oid = x.refobjid AND e.extname = 'tst_hub'
       WHERE d.refclassid IN ('pg_proc'::regclass, 'pg_operator'::regclass) AND d.deptype = 'n'
         AND d.classid = 'pg_rewrite'::regclass AND (SELECT ev_class FROM pg_rewrite WHERE oid = d.objid) = x.objid
         AND NOT EXISTS (SELECT 1 FROM pg_depend y WHERE y.classid = d.refclassid AND y.objid = d.refobjid
                            AND y.deptype = 'e')
         AND (CASE d.refclassid WHEN 'pg_proc'::regclass THEN (SELECT pronamespace FROM pg_proc WHERE oid = d.refobjid)
                               ELSE (SELECT oprnamespace FROM pg_operator WHERE oid = d.refobjid) END)
             <> 'pg_catalog'::regnamespace$$,
    'the views of the extension call no function or operator outside pg_catalog that belongs to no extension');

SELECT * FROM finish();
ROLLBACK;

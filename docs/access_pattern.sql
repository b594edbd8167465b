-- Giving analysts counts, not rows: the pattern of docs/ACCESS.md, as one
-- script.  Run it once per database as a superuser, after
-- CREATE EXTENSION tst_hub:
--     psql -v ON_ERROR_STOP=1 -d hub -f docs/access_pattern.sql
-- test/pgtap/34-analyst_access.sql runs this very file, so what the
-- document describes is what the test checks.  Rename hub_owner, hub_raw,
-- hub_release and the columns to suit; keep every other line.

-- 1. A non-login role owns the raw data.  Nobody logs in as it; it exists
--    so that the release functions run with its rights and no others.
CREATE ROLE hub_owner NOLOGIN;
-- The release function resolves tst_hub.* by name while it runs as the owner.
GRANT USAGE ON SCHEMA tst_hub TO hub_owner;

-- 2. Raw rows live in a schema analysts cannot even look into.
CREATE SCHEMA hub_raw AUTHORIZATION hub_owner;
CREATE SCHEMA hub_release AUTHORIZATION hub_owner;
REVOKE ALL ON SCHEMA hub_raw, hub_release FROM PUBLIC;

SET ROLE hub_owner;

-- Every value an aggregate reads is constrained, so no stored value can make
-- a released query fail (a failure that depends on a hidden row is an
-- oracle): hours are finite, between 0 and 168, never NaN.
CREATE TABLE hub_raw.incidents (
    incident_id  int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org          text NOT NULL,
    country      text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    exploitation tst_hub.term NOT NULL,
    year         int4 NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    victim       tst_hub.pseudonym,
    hours_worked numeric CHECK (hours_worked >= 0 AND hours_worked <= 168)
);
REVOKE ALL ON hub_raw.incidents FROM PUBLIC;

-- 3. The release function: SECURITY DEFINER, so it reads the raw table with
--    the owner's rights while the caller has none.  group_by names grouping
--    columns from an allow-list; filters are typed parameters (NULL = no
--    filter), passed to the query as values, never pasted into it.  Columns
--    not grouped come back NULL.  The SET lines are part of the boundary
--    (docs/ACCESS.md says why each is there):
--      search_path        names resolve in pg_catalog only, never in a
--                         schema the caller can write to;
--      client_min_messages  plans of the statements inside (auto_explain)
--                         are never sent to the caller;
--      enable_*scan       every call reads the whole table, so the caller's
--                         per-table counters (pg_stat_xact_user_tables) and
--                         EXPLAIN BUFFERS never count the rows a filter
--                         matched, whatever index a DBA adds later;
--      enable_sort, enable_hashagg, work_mem
--                         groups are hashed, never sorted, in memory the
--                         caller cannot shrink, so no temporary file whose
--                         size (pg_stat_database.temp_bytes) counts the rows
--                         of a slice.
CREATE FUNCTION hub_release.victims(
    group_by           text[],
    country_is         text DEFAULT NULL,
    exploitation_under tst_hub.term DEFAULT NULL,
    year_from          int4 DEFAULT NULL,
    year_to            int4 DEFAULT NULL)
RETURNS TABLE (country text, exploitation tst_hub.term, year int4,
               victims numeric, victims_reason text,
               hours_worked numeric, hours_reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET client_min_messages = warning
SET enable_seqscan = on
SET enable_indexscan = off
SET enable_indexonlyscan = off
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_hashagg = on
SET work_mem = '64MB'
AS $fn$
DECLARE
    -- the only columns an analyst may group by, and a typed NULL for each
    allowed   constant text[] := ARRAY['country', 'exploitation', 'year'];
    null_as   constant text[] := ARRAY['NULL::text', 'NULL::tst_hub.term', 'NULL::int4'];
    -- columns that exist but must never become a grouping (42501, not 22023)
    protected constant text[] := ARRAY['incident_id', 'org', 'victim', 'hours_worked'];
    g         text;
    columns   text[] := '{}';   -- the three key columns, grouped or NULL
    keys      text[] := '{}';   -- the GROUP BY list
BEGIN
    IF group_by IS NULL OR array_position(group_by, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'group_by must not be NULL or hold NULL'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass ''{}'' for one total, or a list of country, exploitation, year.';
    END IF;
    FOREACH g IN ARRAY group_by LOOP
        IF g = ANY (protected) THEN
            RAISE EXCEPTION 'grouping by % is not released to analysts', quote_literal(left(g, 40))
                USING ERRCODE = 'insufficient_privilege';
        ELSIF NOT g = ANY (allowed) THEN
            RAISE EXCEPTION 'unknown grouping %', quote_literal(left(g, 40))
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Group by any of country, exploitation, year.';
        END IF;
    END LOOP;
    IF cardinality(group_by) <> (SELECT count(DISTINCT x) FROM unnest(group_by) x) THEN
        RAISE EXCEPTION 'group_by names a column twice'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- only names from the allow-list reach the query text, quoted all the same
    FOR n IN 1 .. cardinality(allowed) LOOP
        IF allowed[n] = ANY (group_by) THEN
            columns := columns || format('i.%I AS %I', allowed[n], allowed[n]);
            keys := keys || format('i.%I', allowed[n]);
        ELSE
            columns := columns || format('%s AS %I', null_as[n], allowed[n]);
        END IF;
    END LOOP;
    RETURN QUERY EXECUTE format(
        'SELECT s.country, s.exploitation, s.year, (s.c).value, (s.c).reason, (s.h).value, (s.h).reason
           FROM (SELECT %s, tst_hub.safe_count_r(i.victim) AS c,
                        tst_hub.safe_sum_r(i.victim, i.hours_worked) AS h
                   FROM hub_raw.incidents i
                  WHERE ($1 IS NULL OR i.country = $1)
                    AND ($2 IS NULL OR i.exploitation OPERATOR(tst_hub.<@) $2)
                    AND ($3 IS NULL OR i.year >= $3)
                    AND ($4 IS NULL OR i.year <= $4)
                  GROUP BY %s) s',
        array_to_string(columns, ', '),
        CASE WHEN cardinality(keys) = 0 THEN '()' ELSE array_to_string(keys, ', ') END)
    USING country_is, exploitation_under, year_from, year_to;
END
$fn$;
COMMENT ON FUNCTION hub_release.victims(text[], text, tst_hub.term, int4, int4) IS
    'distinct victims and hours worked grouped by an allowed choice of country, exploitation, year, with typed filters; withheld below tst_hub.min_k persons';

-- 4. Fixed groupings for BI tools: a view that reads the function, so the
--    plan an analyst can EXPLAIN is one Function Scan.  (A view straight over
--    hub_raw.incidents would show its scan's row counts: see docs/ACCESS.md.)
CREATE VIEW hub_release.victims_by_country_year WITH (security_barrier) AS
SELECT v.country, v.year, v.victims, v.victims_reason, v.hours_worked, v.hours_reason
  FROM hub_release.victims('{country,year}') v;
COMMENT ON VIEW hub_release.victims_by_country_year IS
    'distinct victims and hours worked per country and year, withheld below tst_hub.min_k persons';

RESET ROLE;

-- 5. Who may do what.  Analysts: the released view and function only.  The
--    ingest role: insert rows, never read them back.
GRANT USAGE ON SCHEMA hub_release TO tst_hub_analyst;
GRANT SELECT ON hub_release.victims_by_country_year TO tst_hub_analyst;
REVOKE ALL ON FUNCTION hub_release.victims(text[], text, tst_hub.term, int4, int4) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub_release.victims(text[], text, tst_hub.term, int4, int4) TO tst_hub_analyst;
GRANT USAGE ON SCHEMA hub_raw TO tst_hub_pseudonymiser;
GRANT INSERT ON hub_raw.incidents TO tst_hub_pseudonymiser;

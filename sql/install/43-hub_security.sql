-- ---------------------------------------------------------------------------
-- Hub security: who sees which organisation's rows (docs/HUB.md "Who sees
-- what").  tst_hub_analyst members read the full rows of the organisations
-- their roles are mapped to in org_members, and other organisations' data
-- only as released counts (hub_victims, withheld below tst_hub.min_k
-- persons); tst_hub_pseudonymiser members load rows through ingest_csv and
-- read back only their batches and rejects; tst_hub_admin sees everything.
-- Superusers and the extension owner bypass row-level security, as always.
-- ---------------------------------------------------------------------------

-- The organisations of the calling role.  SECURITY INVOKER on purpose: it is
-- evaluated inside row-level security policies, where current_user is the
-- role asking; inside a SECURITY DEFINER function current_user would be the
-- owner.  org_members is itself under row-level security, so a role reads
-- only its own mappings.
CREATE FUNCTION member_org_ids() RETURNS int4[]
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(DISTINCT m.org_id ORDER BY m.org_id), '{}')
      FROM @extschema@.org_members m
     WHERE pg_catalog.pg_has_role(m.member, 'MEMBER')
$$;
COMMENT ON FUNCTION member_org_ids() IS 'the organisations the current role works for (org_members, through role membership), read afresh; empty if none';
-- The same, looked up once per statement (src/hub/org_scope.c says why the
-- policies call a function and not a subquery).
CREATE FUNCTION my_org_ids() RETURNS int4[]
    AS 'MODULE_PATHNAME', 'hub_my_org_ids' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION my_org_ids() IS 'the organisations the current role works for (org_members, through role membership), once per statement; empty if none';

ALTER TABLE org_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE incidents ENABLE ROW LEVEL SECURITY;
ALTER TABLE persons ENABLE ROW LEVEL SECURITY;

CREATE POLICY org_members_admin ON org_members TO tst_hub_admin USING (true) WITH CHECK (true);
CREATE POLICY org_members_own ON org_members FOR SELECT TO tst_hub_analyst, tst_hub_pseudonymiser
    USING (pg_catalog.pg_has_role(member, 'MEMBER'));

-- my_org_ids() is stable: with an index on (org_id, ...) it is an index
-- condition, evaluated once; in a filter it answers from its cache.
CREATE POLICY incidents_admin ON incidents TO tst_hub_admin USING (true) WITH CHECK (true);
CREATE POLICY incidents_analyst ON incidents FOR SELECT TO tst_hub_analyst
    USING (org_id = ANY (@extschema@.my_org_ids()));
CREATE POLICY incidents_ingest ON incidents FOR INSERT TO tst_hub_pseudonymiser
    WITH CHECK (org_id = ANY (@extschema@.my_org_ids()));
CREATE POLICY persons_admin ON persons TO tst_hub_admin USING (true) WITH CHECK (true);
CREATE POLICY persons_analyst ON persons FOR SELECT TO tst_hub_analyst
    USING (org_id = ANY (@extschema@.my_org_ids()));
CREATE POLICY persons_ingest ON persons FOR INSERT TO tst_hub_pseudonymiser
    WITH CHECK (org_id = ANY (@extschema@.my_org_ids()));

GRANT SELECT ON org_members TO tst_hub_analyst, tst_hub_pseudonymiser;
GRANT SELECT ON incidents, persons TO tst_hub_analyst;
GRANT INSERT ON incidents, persons TO tst_hub_pseudonymiser;
-- Skipping records loaded before (ON CONFLICT on the natural key) reads the
-- key: the ingest role may SELECT the key columns, and nothing else, of its
-- own organisation's rows.
GRANT SELECT (org_id, record_ref) ON incidents TO tst_hub_pseudonymiser;
GRANT SELECT (org_id, person, role) ON persons TO tst_hub_pseudonymiser;
CREATE POLICY incidents_ingest_keys ON incidents FOR SELECT TO tst_hub_pseudonymiser
    USING (org_id = ANY (@extschema@.my_org_ids()));
CREATE POLICY persons_ingest_keys ON persons FOR SELECT TO tst_hub_pseudonymiser
    USING (org_id = ANY (@extschema@.my_org_ids()));

-- A view for BI tools over the caller's own rows, without the pseudonyms.
-- security_invoker: the caller's privileges and policies apply (a view
-- normally reads with its owner's, and the owner bypasses row-level security).
CREATE VIEW incident_facts WITH (security_invoker = true, security_barrier = true) AS
SELECT i.org_id, i.incident_id, i.source_id, i.occurred_from, i.occurred_to, i.reported_on,
       i.reported_until, i.country, i.region, i.cell, i.location_precision, i.exploitation,
       i.exploitation_forms, i.means, i.recruitment, i.industry, i.age_band, i.minor,
       i.gender, i.citizenship, i.grade, cardinality(i.victims) AS victim_count,
       cardinality(i.suspects) AS suspect_count
  FROM @extschema@.incidents i;
COMMENT ON VIEW incident_facts IS 'the caller''s incidents without pseudonyms or free text (security_invoker: row-level security applies to the caller)';
REVOKE ALL ON incident_facts FROM PUBLIC;
GRANT SELECT ON incident_facts TO tst_hub_analyst, tst_hub_admin;

-- ---------------------------------------------------------------------------
-- Released counts across organisations (the pattern of docs/ACCESS.md):
-- distinct victims grouped by an allow-listed choice of columns, with typed
-- filters, withheld below tst_hub.min_k persons.  There is no grouping or
-- filter by organisation: "all" minus "all but one" would isolate one.
-- ---------------------------------------------------------------------------
CREATE FUNCTION hub_victims(
    group_by           text[],
    country_is         text DEFAULT NULL,
    exploitation_under term DEFAULT NULL,
    year_from          int4 DEFAULT NULL,
    year_to            int4 DEFAULT NULL)
RETURNS TABLE (country text, region text, exploitation term, year int4, gender term,
               victims numeric, victims_reason text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
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
    allowed   constant text[] := ARRAY['country', 'region', 'exploitation', 'year', 'gender'];
    expr      constant text[] := ARRAY['i.country::text', 'i.region',
                                       'i.exploitation',
                                       'CASE WHEN extract(year FROM i.reported_on) = extract(year FROM i.reported_until) THEN extract(year FROM i.reported_on)::int4 END',
                                       'i.gender'];
    null_as   constant text[] := ARRAY['NULL::text', 'NULL::text', 'NULL::@extschema@.term', 'NULL::int4', 'NULL::@extschema@.term'];
    protected constant text[] := ARRAY['org_id', 'incident_id', 'source_id', 'victims', 'suspects',
                                       'record_ref', 'narrative', 'geom', 'cell'];
    g         text;
    columns   text[] := '{}';
    grouping_exprs text[] := '{}';
    outer_cols text[] := '{}';
    outer_select text[] := '{}';
    caller    name;
    caller_orgs int4[] := '{}';
BEGIN
    IF group_by IS NULL OR array_position(group_by, NULL) IS NOT NULL THEN
        RAISE EXCEPTION '%', CASE WHEN group_by IS NULL THEN 'hub_victims group_by must not be NULL'
                                  ELSE format('hub_victims group_by[%s] is NULL', array_position(group_by, NULL)) END
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass ''{}'' for one total, or a list of country, region, exploitation, year, gender.';
    END IF;
    IF year_from NOT BETWEEN 1 AND 9999 OR year_to NOT BETWEEN 1 AND 9999 THEN
        RAISE EXCEPTION 'hub_victims years are 1 to 9999, not %', CASE WHEN year_from NOT BETWEEN 1 AND 9999 THEN year_from ELSE year_to END
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH g IN ARRAY group_by LOOP
        IF g = ANY (protected) THEN
            RAISE EXCEPTION 'grouping by % is not released to analysts', quote_literal(left(g, 40))
                USING ERRCODE = 'insufficient_privilege';
        ELSIF NOT g = ANY (allowed) THEN
            RAISE EXCEPTION 'unknown grouping %', quote_literal(left(g, 40))
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Group by any of country, region, exploitation, year, gender.';
        END IF;
    END LOOP;
    IF cardinality(group_by) <> (SELECT count(DISTINCT x) FROM unnest(group_by) x) THEN
        RAISE EXCEPTION 'group_by names a column twice'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR n IN 1 .. cardinality(allowed) LOOP
        IF allowed[n] = ANY (group_by) THEN
            columns := columns || format('%s AS %I', expr[n], allowed[n]);
            grouping_exprs := grouping_exprs || expr[n];
            outer_cols := outer_cols || format('x.%I', allowed[n]);
            outer_select := outer_select || format('x.%I', allowed[n]);
        ELSE
            columns := columns || format('%s AS %I', null_as[n], allowed[n]);
            outer_select := outer_select || format('%s AS %I', null_as[n], allowed[n]);
        END IF;
    END LOOP;
    -- The caller (current_user is the owner here): the role set by SET ROLE,
    -- else the session's.  Its organisations' rows are known to it, so a
    -- figure is released only if the persons with no row of the caller's
    -- organisations reach k too: subtracting its own count, or padding a
    -- slice with invented victims, then never isolates fewer than k persons
    -- of the others.  A caller without organisation, or a superuser (who
    -- reads every row anyway), gets the plain rule.
    caller := CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END;
    IF NOT coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = caller), true) THEN
        SELECT coalesce(array_agg(DISTINCT m.org_id), '{}') INTO caller_orgs
          FROM @extschema@.org_members m
         WHERE pg_has_role(caller, m.member, 'MEMBER');
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT s.country, s.region, s.exploitation, s.year, s.gender,
                CASE WHEN (s.o).value IS NULL THEN NULL ELSE (s.c).value END,
                CASE WHEN (s.c).value IS NOT NULL AND (s.o).value IS NULL THEN ''below_k'' ELSE (s.c).reason END
           FROM (SELECT %s,
                        @extschema@.safe_count_r(x.p) AS c,
                        @extschema@.safe_count_r(x.p) FILTER (WHERE NOT x.mine) AS o
                   FROM (SELECT %s, v.p, pg_catalog.bool_or(i.org_id = ANY ($5)) AS mine
                           FROM @extschema@.incidents i CROSS JOIN LATERAL pg_catalog.unnest(i.victims) AS v(p)
                          WHERE ($1 IS NULL OR i.country = $1)
                            AND ($2 IS NULL OR i.exploitation OPERATOR(@extschema@.<@) $2)
                            AND ($3 IS NULL OR i.reported_on >= pg_catalog.make_date($3, 1, 1))
                            AND ($4 IS NULL OR i.reported_until <= pg_catalog.make_date($4, 12, 31))
                          GROUP BY %s) x
                  GROUP BY %s) s',
        array_to_string(outer_select, ', '),
        array_to_string(columns, ', '),
        array_to_string(grouping_exprs || 'v.p'::text, ', '),
        CASE WHEN cardinality(outer_cols) = 0 THEN '()' ELSE array_to_string(outer_cols, ', ') END)
    USING country_is, exploitation_under, year_from, year_to, caller_orgs;
END
$fn$;
COMMENT ON FUNCTION hub_victims(text[], text, term, int4, int4) IS 'distinct victims of every organisation grouped by an allowed choice of country, region, exploitation, year (of report), gender, with typed filters; withheld (below_k) below tst_hub.min_k persons, or when the persons with no row of the caller''s organisations are fewer';

CREATE VIEW hub_victims_by_country_year WITH (security_barrier) AS
SELECT v.country, v.year, v.victims, v.victims_reason
  FROM @extschema@.hub_victims('{country,year}') v;
COMMENT ON VIEW hub_victims_by_country_year IS 'distinct victims of every organisation per country and year of report, withheld below tst_hub.min_k persons';

REVOKE ALL ON FUNCTION hub_victims(text[], text, term, int4, int4) FROM PUBLIC;
REVOKE ALL ON hub_victims_by_country_year FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub_victims(text[], text, term, int4, int4) TO tst_hub_analyst, tst_hub_admin;
GRANT SELECT ON hub_victims_by_country_year TO tst_hub_analyst, tst_hub_admin;

-- ---------------------------------------------------------------------------
-- Category maps (14-category_map.sql, from 0.1.0) under the same rules: an
-- organisation's labels and counts are its own.  Here, after my_org_ids(),
-- so that a fresh install and the 0.1.0 -> 0.2.0 update both get it.
-- ---------------------------------------------------------------------------
ALTER TABLE category_map ENABLE ROW LEVEL SECURITY;
ALTER TABLE category_seen ENABLE ROW LEVEL SECURITY;
CREATE POLICY category_map_admin ON category_map TO tst_hub_admin USING (true) WITH CHECK (true);
CREATE POLICY category_map_own ON category_map TO tst_hub_analyst, tst_hub_pseudonymiser
    USING (org_id = ANY (@extschema@.my_org_ids()))
    WITH CHECK (org_id = ANY (@extschema@.my_org_ids()));
CREATE POLICY category_seen_admin ON category_seen TO tst_hub_admin USING (true) WITH CHECK (true);
CREATE POLICY category_seen_own ON category_seen TO tst_hub_analyst, tst_hub_pseudonymiser
    USING (org_id = ANY (@extschema@.my_org_ids()))
    WITH CHECK (org_id = ANY (@extschema@.my_org_ids()));
-- the view reads with the caller's policies, not its owner's (who bypasses them)
ALTER VIEW unmapped_categories SET (security_invoker = true);
-- No planner statistics (as for incidents, 42).
SELECT @extschema@.hub_without_statistics('@extschema@.category_map');
SELECT @extschema@.hub_without_statistics('@extschema@.category_seen');

-- What ingest may keep of a partner's value (in ingest_rejects.value,
-- category_seen.local_label, ingest_batches.unused_columns): pii_detect
-- misses names written in lower case ("met maria lopez at the station"),
-- so free text is never kept, and a value is also checked with its words
-- capitalised (the name gazetteer then finds "Maria Lopez").
CREATE FUNCTION ingest_shown_value(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN value ~ '[0-9]{6,}|@' THEN NULL                    -- looks like an identifier
        WHEN octet_length(value) > 200 THEN '[withheld: free text]'
        WHEN EXISTS (SELECT 1 FROM @extschema@.pii_detect(value))
          OR EXISTS (SELECT 1 FROM @extschema@.pii_detect(initcap(value)))
             THEN '[withheld: looks like personal data]'
        WHEN cardinality(regexp_split_to_array(btrim(value), '\s+')) > 4 THEN '[withheld: free text]'
        ELSE value END
$$;
COMMENT ON FUNCTION ingest_shown_value(text) IS 'what ingest keeps of a partner''s value in rejects, category_seen and unused_columns: NULL when it looks like an identifier (six digits in a row, an @), [withheld: free text] past 4 words or 200 bytes, [withheld: looks like personal data] when pii_detect finds something in it as written or with its words capitalised, else the value';

-- 0.1.0's observe_category let any loader count labels for any organisation,
-- and kept labels that are personal data; replaced here for the same reason.
CREATE OR REPLACE FUNCTION observe_category(org_id int4, label text) RETURNS @extschema@.term
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key text;
BEGIN
    IF NOT (observe_category.org_id = ANY (@extschema@.my_org_ids())
            OR pg_catalog.pg_has_role('tst_hub_admin', 'MEMBER')
            OR (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user)) THEN
        RAISE EXCEPTION 'role "%" does not load data for organisation %', current_user, observe_category.org_id
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'An admin maps the role to the organisation in tst_hub.org_members.';
    END IF;
    IF octet_length(label) > 1000 THEN
        RAISE EXCEPTION 'category label is % bytes long; labels are at most 1000', octet_length(label)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    key := @extschema@.fold_label(label);
    IF key = '' THEN
        RAISE EXCEPTION 'category label "%" is empty after folding', left(label, 60)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A label needs at least one letter or digit.';
    END IF;
    -- a value that looks like personal data is not a label: not kept
    IF @extschema@.ingest_shown_value(label) = label THEN
        INSERT INTO @extschema@.category_seen AS s (org_id, label_key, local_label, times_seen)
        VALUES (observe_category.org_id, key, label, 1)
        ON CONFLICT ON CONSTRAINT category_seen_pkey
        DO UPDATE SET times_seen = s.times_seen + 1, last_seen = now();
    END IF;
    RETURN @extschema@.map_category(observe_category.org_id, label);
END
$$;
COMMENT ON FUNCTION observe_category(int4, text) IS 'ingest helper: count the label as seen for the organisation (one the caller loads for; a label that looks like personal data is not kept) and return its mapped term (NULL while unmapped)';

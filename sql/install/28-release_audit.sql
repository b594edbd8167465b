-- ---------------------------------------------------------------------------
-- Disclosure control II: release audits.  k_anonymity and l_diversity check
-- a table (or view) before it leaves the hub; anonymise_release writes a
-- k-anonymous (optionally l-diverse) copy, generalising before suppressing.
--
-- Groups are the combinations of quasi-identifier values, compared as GROUP
-- BY compares them and, as well, by their text: a released 30.0 and 30.00
-- are equal numerics but two values to a reader, so they are two groups
-- (release_group_keys).  A NULL is a value of its own (all NULLs of a column
-- are one group value).  A group's size is its distinct persons when a person
-- column is given (NULL persons are not counted, as in safe_count), else its
-- rows.  Every function runs with the caller's rights (SECURITY INVOKER), so
-- it reads only what the caller may read (column privileges and row-level
-- security apply), and quotes every identifier it puts into SQL.  The audit
-- functions read a caller-named relation, which may be a temporary table:
-- PARALLEL RESTRICTED.
-- ---------------------------------------------------------------------------

-- Argument checks shared by the audits; returns the quoted column list.
CREATE FUNCTION release_columns(rel regclass, quasi_identifiers text[], person name DEFAULT NULL,
                                sensitive name DEFAULT NULL) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind "char";
    owner oid;
    me oid;
    me_super bool;
    c text;
    seen text[] := '{}';
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'the relation to audit must not be NULL' USING ERRCODE = '22004';
    END IF;
    SELECT relkind INTO kind FROM pg_class WHERE oid = rel;
    IF kind IS NULL THEN
        RAISE EXCEPTION 'relation with OID % does not exist', rel::oid USING ERRCODE = '42P01';
    ELSIF kind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
        RAISE EXCEPTION '% is not a table or view', rel USING ERRCODE = '42809';
    END IF;
    -- An audit runs with the caller's rights whatever the relation makes it
    -- execute: a view's functions, a row-level security policy's, a cast to
    -- text of a column's type.  Code of a role the caller does not act as
    -- must not run with the caller's rights (a privileged user auditing
    -- another role's table: CVE-2024-2339 of PostgreSQL Anonymizer).
    -- Trusted: the caller's own code, a superuser's, or that of a role whose
    -- rights the caller has (pg_has_role says yes to every role for a
    -- superuser, so a superuser trusts only itself and superusers).
    SELECT r.oid, r.rolsuper INTO me, me_super FROM pg_roles r WHERE r.rolname = current_user;
    SELECT c.relowner INTO owner FROM pg_class c WHERE c.oid = rel;
    IF NOT (owner = me OR (SELECT r.rolsuper FROM pg_roles r WHERE r.oid = owner)
            OR (NOT me_super AND pg_has_role(owner, 'USAGE'))) THEN
        IF kind = 'v' THEN
            RAISE EXCEPTION 'view % belongs to role %, whose functions would run with your rights', rel, owner::regrole
                USING ERRCODE = '42501', HINT = 'Audit it as its owner, or a table you trust.';
        ELSIF EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = rel AND c.relrowsecurity)
              AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = rel) THEN
            RAISE EXCEPTION 'the policies of % belong to role %, and would run with your rights', rel, owner::regrole
                USING ERRCODE = '42501', HINT = 'Audit it as its owner.';
        END IF;
    END IF;
    IF quasi_identifiers IS NULL THEN
        RAISE EXCEPTION 'the quasi-identifiers must not be NULL' USING ERRCODE = '22004';
    ELSIF cardinality(quasi_identifiers) = 0 THEN
        RAISE EXCEPTION 'name at least one quasi-identifier column' USING ERRCODE = '22023';
    ELSIF array_ndims(quasi_identifiers) > 1 THEN
        RAISE EXCEPTION 'the quasi-identifiers must be a one-dimensional array of column names'
            USING ERRCODE = '22023';
    ELSIF array_position(quasi_identifiers, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'the quasi-identifiers must not contain NULL' USING ERRCODE = '22004';
    ELSIF cardinality(quasi_identifiers) > 32 THEN
        RAISE EXCEPTION '% quasi-identifiers; at most 32 are supported', cardinality(quasi_identifiers)
            USING ERRCODE = '54000';
    END IF;
    FOREACH c IN ARRAY quasi_identifiers || ARRAY[person::text, sensitive::text] LOOP
        CONTINUE WHEN c IS NULL;
        IF NOT EXISTS (SELECT 1 FROM pg_attribute
                        WHERE attrelid = rel AND attnum > 0 AND NOT attisdropped AND attname::text = c) THEN
            RAISE EXCEPTION 'column "%" of % does not exist', left(c, 80), rel USING ERRCODE = '42703';
        END IF;
        -- (a cast from a domain is never used; one from the type or, for an
        -- array, its element type is)
        IF EXISTS (SELECT 1 FROM pg_attribute a
                     JOIN pg_type t ON t.oid = a.atttypid
                     JOIN pg_cast k ON k.castsource IN (t.oid, t.typelem) AND k.casttarget = 'text'::regtype
                     JOIN pg_proc f ON f.oid = k.castfunc
                     JOIN pg_roles o ON o.oid = f.proowner
                    WHERE a.attrelid = rel AND a.attname::text = c
                      AND NOT (f.proowner = me OR o.rolsuper OR (NOT me_super AND pg_has_role(f.proowner, 'USAGE')))) THEN
            RAISE EXCEPTION 'the type of column "%" has a cast to text of role %, which would run with your rights',
                left(c, 80), (SELECT f.proowner::regrole FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                                JOIN pg_cast k ON k.castsource IN (t.oid, t.typelem) AND k.casttarget = 'text'::regtype
                                JOIN pg_proc f ON f.oid = k.castfunc
                               WHERE a.attrelid = rel AND a.attname::text = c LIMIT 1)
                USING ERRCODE = '42501';
        END IF;
        IF c = ANY (seen) THEN
            RAISE EXCEPTION 'column "%" is named twice', left(c, 80) USING ERRCODE = '22023',
                HINT = 'Quasi-identifiers, the person column and the sensitive column must all be different.';
        END IF;
        seen := seen || c;
    END LOOP;
    RETURN (SELECT string_agg(quote_ident(q), ', ' ORDER BY i)
              FROM unnest(quasi_identifiers) WITH ORDINALITY AS u(q, i));
END
$$;
COMMENT ON FUNCTION release_columns(regclass, text[], name, name) IS 'release audit support: checks a relation and its quasi-identifier, person and sensitive columns (22004 NULL, 22023 empty or repeated, 42703 unknown, 42809 not a table or view, 42501 a view, policy or cast to text of a role whose code must not run with the caller''s rights) and returns the quoted quasi-identifier list';

-- The GROUP BY list of an audit: each expression and its text, so values
-- that compare equal but read differently are different groups.
CREATE FUNCTION release_group_keys(exprs text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF cardinality(exprs) = 0 THEN
        RAISE EXCEPTION 'release_group_keys: exprs must not be empty' USING ERRCODE = '22023';
    ELSIF array_position(exprs, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'release_group_keys: element % of exprs is NULL', array_position(exprs, NULL)
            USING ERRCODE = '22004';
    END IF;
    RETURN (SELECT string_agg(format('%1$s, (%1$s)::text', e), ', ' ORDER BY i)
              FROM unnest(exprs) WITH ORDINALITY AS u(e, i));
END
$$;
COMMENT ON FUNCTION release_group_keys(text[]) IS 'release audit support: the GROUP BY list "e, (e)::text, ..." for SQL expressions e, so that values equal as their type but printed differently (numeric 30.0 and 30.00) form different groups';

-- The hub's k unless the caller names one (C: reading it loads the library,
-- which defines the setting; current_setting could see a placeholder).
CREATE FUNCTION release_min_k() RETURNS int4
    AS 'MODULE_PATHNAME', 'release_min_k' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION release_min_k() IS 'release audit support: the setting tst_hub.min_k (11 unless a superuser changed it)';

CREATE FUNCTION k_anonymity(rel regclass, quasi_identifiers text[], person name DEFAULT NULL, k int4 DEFAULT NULL)
    RETURNS TABLE (threshold int4, groups int8, smallest_group int8, groups_below int8,
                   rows_total int8, rows_below int8, k_anonymous bool)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cols text := @extschema@.release_columns(rel, quasi_identifiers, person);
    kk int4 := coalesce(k, @extschema@.release_min_k());
BEGIN
    IF kk < 2 THEN
        RAISE EXCEPTION 'k must be at least 2, not %', kk USING ERRCODE = '22023';
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT $1, count(*), min(n), count(*) FILTER (WHERE n < $1),
                coalesce(sum(r), 0)::int8, coalesce(sum(r) FILTER (WHERE n < $1), 0)::int8,
                coalesce(min(n) >= $1, true)
           FROM (SELECT %s AS n, count(*) AS r FROM %s GROUP BY %s) g',
        CASE WHEN person IS NULL THEN 'count(*)' ELSE format('count(DISTINCT %I)', person) END,
        rel, @extschema@.release_group_keys(ARRAY(SELECT quote_ident(q) FROM unnest(quasi_identifiers) q))) USING kk;
END
$$;
COMMENT ON FUNCTION k_anonymity(regclass, text[], name, int4) IS 'k-anonymity audit of a table or view: groups of equal quasi-identifier values (a NULL is a value), the smallest group (distinct persons when person is given, else rows), the groups and rows below k (default tst_hub.min_k) and whether none is; k < 2 is 22023';

CREATE FUNCTION k_anonymity_groups(rel regclass, quasi_identifiers text[], person name DEFAULT NULL, k int4 DEFAULT NULL)
    RETURNS TABLE (group_values jsonb, persons int8, rows int8)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp ROWS 100
AS $$
DECLARE
    cols text := @extschema@.release_columns(rel, quasi_identifiers, person);
    kk int4 := coalesce(k, @extschema@.release_min_k());
    obj text;
BEGIN
    IF kk < 2 THEN
        RAISE EXCEPTION 'k must be at least 2, not %', kk USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(format('%L, %I', q, q), ', ' ORDER BY i) INTO obj
      FROM unnest(quasi_identifiers) WITH ORDINALITY AS u(q, i);
    RETURN QUERY EXECUTE format(
        'SELECT jsonb_build_object(%s), %s, count(*) FROM %s GROUP BY %s HAVING %s < $1 ORDER BY 2, 3, %s',
        obj,
        CASE WHEN person IS NULL THEN 'NULL::int8' ELSE format('count(DISTINCT %I)', person) END,
        rel, @extschema@.release_group_keys(ARRAY(SELECT quote_ident(q) FROM unnest(quasi_identifiers) q)),
        CASE WHEN person IS NULL THEN 'count(*)' ELSE format('count(DISTINCT %I)', person) END,
        cols) USING kk;
END
$$;
COMMENT ON FUNCTION k_anonymity_groups(regclass, text[], name, int4) IS 'the groups of a k-anonymity audit that are below k: their quasi-identifier values as a JSON object (NULL as null), distinct persons (NULL when no person column is given) and rows, smallest first';

CREATE FUNCTION group_diversity(rel regclass, quasi_identifiers text[], sensitive name, person name DEFAULT NULL)
    RETURNS TABLE (group_values jsonb, persons int8, rows int8, distinct_values int8,
                   entropy_l float8, top_value text, top_share float8)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp ROWS 1000
AS $$
DECLARE
    cols text;
    obj text;
    g text;
    weight text;
BEGIN
    IF sensitive IS NULL THEN
        RAISE EXCEPTION 'name the sensitive column' USING ERRCODE = '22004';
    END IF;
    cols := @extschema@.release_columns(rel, quasi_identifiers, person, sensitive);
    -- groups: each value gi with its text ti (release_group_keys)
    SELECT string_agg(format('%L, g%s', q, i), ', ' ORDER BY i), string_agg(format('g%1$s, t%1$s', i), ', ' ORDER BY i)
      INTO obj, g FROM unnest(quasi_identifiers) WITH ORDINALITY AS u(q, i);
    -- the weight of a sensitive value in a group: its distinct persons, or its rows
    weight := CASE WHEN person IS NULL THEN 'count(*)' ELSE 'count(DISTINCT p)' END;
    -- One pass: grouping set (group, value) gives each value's weight, (group) the group's size.
    -- Entropy H = ln W - sum(c ln c) / W over the weights c of the values, W their sum;
    -- l = exp(H), rounded to 9 decimals (2 equal values give 2, not 1.9999999999999996).
    RETURN QUERY EXECUTE format(
        'SELECT jsonb_build_object(%1$s), CASE WHEN $1 THEN max(c) FILTER (WHERE gs = 1) END,
                max(r) FILTER (WHERE gs = 1), count(*) FILTER (WHERE gs = 0 AND c > 0),
                CASE WHEN sum(c) FILTER (WHERE gs = 0) > 0
                     THEN round(exp(ln(sum(c) FILTER (WHERE gs = 0)::float8)
                                    - sum(c * ln(greatest(c, 1)::float8)) FILTER (WHERE gs = 0)
                                      / sum(c) FILTER (WHERE gs = 0))::numeric, 9)::float8
                     ELSE 0 END,
                (array_agg(s ORDER BY c DESC, s) FILTER (WHERE gs = 0 AND c > 0))[1],
                CASE WHEN sum(c) FILTER (WHERE gs = 0) > 0
                     THEN (max(c) FILTER (WHERE gs = 0))::float8 / sum(c) FILTER (WHERE gs = 0) END
           FROM (SELECT %2$s, GROUPING(s) AS gs, s, %3$s AS c, count(*) AS r
                   FROM (SELECT %4$s, %5$I::text, %6$s FROM %7$s) AS x(%2$s, s, p)
                  GROUP BY GROUPING SETS ((%2$s, s), (%2$s))) y
          GROUP BY %2$s',
        obj, g, weight, @extschema@.release_group_keys(ARRAY(SELECT quote_ident(q) FROM unnest(quasi_identifiers) q)),
        sensitive,
        CASE WHEN person IS NULL THEN 'NULL::int4' ELSE quote_ident(person) END, rel)
        USING person IS NOT NULL;
END
$$;
COMMENT ON FUNCTION group_diversity(regclass, text[], name, name) IS 'every group of equal quasi-identifier values with the diversity of its sensitive column: persons (when person is given), rows, distinct values (a NULL is a value), entropy l = exp(entropy of the values, weighted by distinct persons or rows), and the most frequent value with its share';

CREATE FUNCTION l_diversity(rel regclass, quasi_identifiers text[], sensitive name, person name DEFAULT NULL, l int4 DEFAULT 2)
    RETURNS TABLE (threshold int4, groups int8, smallest_distinct_l int8, smallest_entropy_l float8,
                   groups_below_distinct int8, groups_below_entropy int8,
                   distinct_l_diverse bool, entropy_l_diverse bool)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF l IS NULL OR l < 2 THEN
        RAISE EXCEPTION 'l must be at least 2, not %', coalesce(l::text, 'NULL')
            USING ERRCODE = CASE WHEN l IS NULL THEN '22004' ELSE '22023' END;
    END IF;
    -- entropy_l is exp(H) rounded to 9 decimals, so H >= ln(l) is entropy_l >= l
    RETURN QUERY
    SELECT l, count(*), min(d.distinct_values), min(d.entropy_l),
           count(*) FILTER (WHERE d.distinct_values < l),
           count(*) FILTER (WHERE d.entropy_l < l),
           coalesce(min(d.distinct_values) >= l, true),
           coalesce(min(d.entropy_l) >= l, true)
      FROM @extschema@.group_diversity(rel, quasi_identifiers, sensitive, person) d;
END
$$;
COMMENT ON FUNCTION l_diversity(regclass, text[], name, name, int4) IS 'l-diversity audit of the sensitive column within groups of equal quasi-identifier values: the smallest distinct l and entropy l (exp of the entropy, persons-weighted when person is given), the groups below l for each definition and whether none is (l default 2; l < 2 is 22023)';

CREATE FUNCTION l_diversity_groups(rel regclass, quasi_identifiers text[], sensitive name, person name DEFAULT NULL, l int4 DEFAULT 2)
    RETURNS TABLE (group_values jsonb, persons int8, rows int8, distinct_values int8,
                   entropy_l float8, top_value text, top_share float8)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp ROWS 100
AS $$
BEGIN
    IF l IS NULL OR l < 2 THEN
        RAISE EXCEPTION 'l must be at least 2, not %', coalesce(l::text, 'NULL')
            USING ERRCODE = CASE WHEN l IS NULL THEN '22004' ELSE '22023' END;
    END IF;
    RETURN QUERY
    SELECT d.* FROM @extschema@.group_diversity(rel, quasi_identifiers, sensitive, person) d
     WHERE d.distinct_values < l OR d.entropy_l < l
     ORDER BY d.entropy_l, d.distinct_values, d.group_values;
END
$$;
COMMENT ON FUNCTION l_diversity_groups(regclass, text[], name, name, int4) IS 'the groups of an l-diversity audit that fail the distinct or the entropy definition, least diverse first; top_share 1 is the homogeneity attack (everyone in the group has the same sensitive value)';

-- ---------------------------------------------------------------------------
-- Generalisation hierarchies: level 0 is the raw value, the last level
-- withholds it (NULL).  Full-domain: one level applies to every row.
-- ---------------------------------------------------------------------------
CREATE FUNCTION generalisation_levels(rel regclass, column_name name, hierarchy jsonb DEFAULT NULL,
                                      column_ref text DEFAULT NULL)
    RETURNS TABLE (level int4, level_name text, expression text)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp ROWS 8
AS $$
#variable_conflict use_column
DECLARE
    x text := coalesce(column_ref, quote_ident(column_name));
    typ oid;
    typname text;
    top int4;
    xi text;
    m jsonb;
    chain text;
    n int4 := 0;
BEGIN
    IF column_name IS NULL THEN
        RAISE EXCEPTION 'the column must not be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM @extschema@.release_columns(rel, ARRAY[column_name::text]);
    SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END, format_type(a.atttypid, a.atttypmod)
      INTO typ, typname
      FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = rel AND a.attname = column_name;
    level := 0; level_name := 'raw'; expression := x;
    RETURN NEXT;
    IF hierarchy IS NOT NULL AND jsonb_typeof(hierarchy) = 'string' AND hierarchy #>> '{}' = 'keep' THEN
        RETURN;     -- never generalised: only suppression may make its groups big enough
    ELSIF hierarchy IS NOT NULL AND jsonb_typeof(hierarchy) = 'string' AND hierarchy #>> '{}' = 'age' THEN
        IF typ IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) THEN
            xi := format('(%s)::int4', x);
        ELSIF typ IN ('numeric'::regtype, 'float4'::regtype, 'float8'::regtype) THEN
            xi := format('floor(%s)::int4', x);
        ELSE
            RAISE EXCEPTION 'the age hierarchy needs a number column, and % is %', x, typname
                USING ERRCODE = '22023';
        END IF;
        RETURN QUERY VALUES
            (1, 'ctdc_band', format('@extschema@.age_band(%s)', xi)),
            (2, 'wide_band', format($f$CASE @extschema@.age_band(%s) WHEN '0--8' THEN '0--17' WHEN '9--17' THEN '0--17'
                WHEN '18--20' THEN '18--29' WHEN '21--23' THEN '18--29' WHEN '24--26' THEN '18--29' WHEN '27--29' THEN '18--29'
                WHEN '30--38' THEN '30--47' WHEN '39--47' THEN '30--47' WHEN '48+' THEN '48+' END$f$, xi)),
            (3, 'minor_adult', format($f$CASE @extschema@.is_minor(%s) WHEN true THEN 'minor' WHEN false THEN 'adult' END$f$, xi)),
            (4, 'withheld', 'NULL::text');
        RETURN;
    ELSIF hierarchy IS NOT NULL AND jsonb_typeof(hierarchy) = 'array' AND jsonb_array_length(hierarchy) > 0 THEN
        -- a chain of maps: level i maps each value of level i-1 to its parent (as text);
        -- a value a map does not name has no parent there and is withheld (NULL)
        chain := format('(%s)::text', x);
        FOR m IN SELECT e FROM jsonb_array_elements(hierarchy) AS e LOOP
            IF jsonb_typeof(m) <> 'object'
               OR EXISTS (SELECT 1 FROM jsonb_each(m) AS v WHERE jsonb_typeof(v.value) NOT IN ('string', 'null')) THEN
                RAISE EXCEPTION 'hierarchy level % of column % is not an object mapping values to parent values',
                    n + 1, x USING ERRCODE = '22023',
                    HINT = 'Write e.g. [{"France": "Europe", "Kenya": "Africa"}, {"Europe": "*", "Africa": "*"}].';
            END IF;
            n := n + 1;
            chain := format('(%s::jsonb ->> %s)', quote_literal(m::text), chain);
            level := n; level_name := 'hierarchy ' || n; expression := chain;
            RETURN NEXT;
        END LOOP;
        level := n + 1; level_name := 'withheld'; expression := 'NULL::text';
        RETURN NEXT;
        RETURN;
    ELSIF hierarchy IS NOT NULL AND jsonb_typeof(hierarchy) <> 'null' THEN
        RAISE EXCEPTION 'unknown hierarchy for column %', x USING ERRCODE = '22023',
            HINT = 'A hierarchy is "age", "keep" (never generalise) or an array of objects mapping each value to its parent, level by level.';
    END IF;
    IF typ = '@extschema@.term'::regtype THEN
        -- roll up one level at a time from the deepest term in the column
        EXECUTE format('SELECT max(@extschema@.depth(%I)) FROM %s', column_name, rel) INTO top;
        FOR d IN REVERSE coalesce(top, 0) - 1 .. 0 LOOP
            n := n + 1;
            RETURN QUERY VALUES (n, 'depth ' || d, format('@extschema@.rollup(%s, %s)', x, d));
        END LOOP;
    ELSIF typ = '@extschema@.cell'::regtype THEN
        EXECUTE format('SELECT max(@extschema@.cell_resolution(%I)) FROM %s', column_name, rel) INTO top;
        FOR r IN REVERSE coalesce(top, 0) - 1 .. 0 LOOP
            n := n + 1;
            RETURN QUERY VALUES (n, 'resolution ' || r,
                format('CASE WHEN @extschema@.cell_resolution(%1$s) > %2$s THEN @extschema@.cell_parent(%1$s, %2$s) ELSE %1$s END', x, r));
        END LOOP;
    ELSIF typ = 'date'::regtype THEN
        RETURN QUERY SELECT u.i::int4, u.unit, format('@extschema@.date_coarsen(%s, %L)', x, u.unit)
          FROM unnest(ARRAY['week', 'month', 'quarter', 'year']) WITH ORDINALITY AS u(unit, i);
        n := 4;
    ELSIF typ IN ('timestamp'::regtype, 'timestamptz'::regtype) THEN
        RETURN QUERY SELECT u.i::int4, u.unit, format('date_trunc(%L, %s)', u.unit, x)
          FROM unnest(ARRAY['day', 'week', 'month', 'quarter', 'year']) WITH ORDINALITY AS u(unit, i);
        n := 5;
    END IF;
    level := n + 1; level_name := 'withheld'; expression := format('NULL::%s', typname);
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION generalisation_levels(regclass, name, jsonb, text) IS 'the full-domain generalisation levels anonymise_release may apply to a column, raw (0) to withheld (NULL): term roll-up one depth at a time, cell parents one resolution at a time, date week/month/quarter/year, timestamp day..year, hierarchy "age" (CTDC band, wide band, minor/adult), "keep" (raw only) or a JSON array of value-to-parent maps; other types are raw or withheld. expression is SQL over column_ref (default the quoted column name)';

-- The group test of anonymise_release over its work table (q1..qm, s, p, n):
-- each group's size, rows, and whether it may be released.
CREATE FUNCTION release_group_query(group_exprs text[], by_person bool, l_definition text, with_key bool)
    RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF array_position(group_exprs, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'release_group_query: element % of group_exprs is NULL', array_position(group_exprs, NULL)
            USING ERRCODE = '22004';
    END IF;
    RETURN (
    -- Groups are keyed by each value gi and its text ti (release_group_keys);
    -- gk, the key the suppression step matches rows by, is the texts.
    WITH g AS (
        SELECT string_agg('g' || i, ', ' ORDER BY i) AS names, string_agg(e, ', ' ORDER BY i) AS exprs,
               string_agg(format('g%1$s, (g%1$s)::text AS t%1$s', i), ', ' ORDER BY i) AS keyed,
               string_agg(format('g%1$s, t%1$s', i), ', ' ORDER BY i) AS pairs,
               string_agg('t' || i, ', ' ORDER BY i) AS texts,
               @extschema@.release_group_keys(array_agg('g' || i ORDER BY i)) AS grp,
               string_agg(format('(g%s)::text', i), ', ' ORDER BY i) AS gtexts
          FROM unnest(group_exprs) WITH ORDINALITY AS u(e, i))
    SELECT CASE WHEN l_definition IS NULL THEN format(
        'SELECT %s c, r, c >= $1 AS ok FROM (
             SELECT %s%s AS c, sum(n)::int8 AS r
               FROM (SELECT %s, w.p, w.n FROM pg_temp.tst_hub_release_work w) AS x(%s, p, n)
              GROUP BY %s) y',
        CASE WHEN with_key THEN 'gk,' ELSE '' END,
        CASE WHEN with_key THEN format('jsonb_build_array(%s) AS gk, ', g.gtexts) ELSE '' END,
        CASE WHEN by_person THEN 'count(DISTINCT p)' ELSE 'sum(n)::int8' END,
        g.exprs, g.names, g.grp)
    ELSE format(
        'SELECT %s c, r, c >= $1 AND %s AS ok FROM (
             SELECT %s max(c) FILTER (WHERE gs = 1) AS c, max(r) FILTER (WHERE gs = 1) AS r,
                    count(*) FILTER (WHERE gs = 0 AND c > 0) AS dl,
                    sum(c) FILTER (WHERE gs = 0) AS wsum,
                    sum(c * ln(greatest(c, 1)::float8)) FILTER (WHERE gs = 0) AS wl
               FROM (SELECT %s, GROUPING(s) AS gs, %s AS c, sum(n)::int8 AS r
                       FROM (SELECT %s, w.s, w.p, w.n FROM pg_temp.tst_hub_release_work w) AS x(%s, s, p, n)
                      GROUP BY GROUPING SETS ((%s, s), (%s))) y
              GROUP BY %s) z',
        CASE WHEN with_key THEN 'gk,' ELSE '' END,
        CASE WHEN l_definition = 'distinct' THEN 'dl >= $2'
             ELSE 'wsum > 0 AND ln(wsum::float8) - wl / wsum >= ln($2::float8) - 1e-9' END,
        CASE WHEN with_key THEN format('jsonb_build_array(%s) AS gk,', g.texts) ELSE '' END,
        g.keyed, CASE WHEN by_person THEN 'count(DISTINCT p)' ELSE 'sum(n)::int8' END,
        g.exprs, g.names, g.grp, g.grp, g.pairs)
    END
    FROM g);
END
$$;
COMMENT ON FUNCTION release_group_query(text[], bool, text, bool) IS 'anonymise_release support: the SQL that sizes the groups of its work table under given generalisation expressions and tests k ($1) and l ($2)';

CREATE FUNCTION anonymise_release(source regclass, target name, quasi_identifiers text[], person name DEFAULT NULL,
                                  k int4 DEFAULT NULL, l int4 DEFAULT NULL, sensitive name DEFAULT NULL,
                                  hierarchies jsonb DEFAULT NULL, l_definition text DEFAULT 'distinct',
                                  target_schema name DEFAULT current_schema())
    RETURNS TABLE (rows_in int8, rows_out int8, rows_suppressed int8, rows_generalised int8,
                   groups int8, smallest_group int8, levels jsonb, loss float8)
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    dropped name;
    m int4;
    kk int4 := coalesce(k, @extschema@.release_min_k());
    ll int4 := l;
    ldef text;
    on_work jsonb := '[]';      -- per QI: the level expressions over the work table
    on_src jsonb := '[]';       -- per QI: the same over the source (alias src)
    names jsonb := '[]';        -- per QI: the level names
    top int4[] := '{}';
    h int4[];
    cand int4[];
    best int4[];
    exprs text[];
    n_in int8;
    supp int8;
    cur_loss float8;
    final int4[];
    final_loss float8;
    moves jsonb;
    mv jsonb;
    seen jsonb := '{}';         -- [loss, suppressed rows] of every level vector evaluated
    cand_loss float8;
    best_loss float8;
    gen float8;
    q text;
    cols text;
    changed text;
    col record;
    audit record;
    bad_count int8;
BEGIN
    PERFORM @extschema@.release_columns(source, quasi_identifiers, person, sensitive);
    m := cardinality(quasi_identifiers);
    IF target IS NULL THEN
        RAISE EXCEPTION 'the target table name must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF target_schema IS NULL OR NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = target_schema) THEN
        RAISE EXCEPTION 'schema "%" does not exist', coalesce(target_schema::text, '(none)') USING ERRCODE = '3F000',
            HINT = 'Name an existing schema in target_schema.';
    END IF;
    IF to_regclass(format('%I.%I', target_schema, target)) IS NOT NULL THEN
        RAISE EXCEPTION 'relation %.% already exists', quote_ident(target_schema), quote_ident(target)
            USING ERRCODE = '42P07', HINT = 'A release never overwrites a table: drop it or choose another name.';
    END IF;
    IF NOT has_schema_privilege(target_schema, 'CREATE') THEN
        RAISE EXCEPTION 'permission denied to create tables in schema %', quote_ident(target_schema)
            USING ERRCODE = '42501';
    END IF;
    IF kk < 2 THEN
        RAISE EXCEPTION 'k must be at least 2, not %', kk USING ERRCODE = '22023';
    ELSIF kk < @extschema@.release_min_k() THEN
        RAISE EXCEPTION 'k = % is below this hub''s minimum of % persons', kk, @extschema@.release_min_k()
            USING ERRCODE = '42501', HINT = 'Leave k out, or raise it. tst_hub.min_k is set by a superuser.';
    END IF;
    IF sensitive IS NOT NULL THEN
        ll := coalesce(ll, 2);
        IF l_definition IS NULL THEN
            RAISE EXCEPTION 'l_definition must not be NULL' USING ERRCODE = '22004';
        ELSIF l_definition NOT IN ('distinct', 'entropy') THEN
            RAISE EXCEPTION 'unknown l-diversity definition "%"', left(l_definition, 40) USING ERRCODE = '22023',
                HINT = 'Use ''distinct'' or ''entropy''.';
        ELSIF ll < 2 THEN
            RAISE EXCEPTION 'l must be at least 2, not %', ll USING ERRCODE = '22023';
        END IF;
        ldef := l_definition;
    ELSIF ll IS NOT NULL THEN
        RAISE EXCEPTION 'l-diversity needs a sensitive column' USING ERRCODE = '22023',
            HINT = 'Name it in sensitive, or leave l out.';
    END IF;
    IF hierarchies IS NOT NULL THEN
        IF jsonb_typeof(hierarchies) <> 'object' THEN
            RAISE EXCEPTION 'hierarchies must be a JSON object keyed by quasi-identifier' USING ERRCODE = '22023';
        END IF;
        SELECT x INTO q FROM jsonb_object_keys(hierarchies) AS x WHERE x <> ALL (quasi_identifiers) LIMIT 1;
        IF q IS NOT NULL THEN
            RAISE EXCEPTION 'hierarchy given for "%", which is not a quasi-identifier', left(q, 80)
                USING ERRCODE = '22023';
        END IF;
        -- check each given hierarchy now, naming the column (no scan: given a
        -- hierarchy, generalisation_levels does not look at the data)
        PERFORM @extschema@.generalisation_levels(source, x::name, hierarchies -> x)
           FROM jsonb_object_keys(hierarchies) AS x;
    END IF;

    -- The work table: one row per distinct (quasi-identifiers, sensitive, person), with its rows.
    IF to_regclass('pg_temp.tst_hub_release_work') IS NOT NULL THEN
        DROP TABLE pg_temp.tst_hub_release_work;
    END IF;
    IF to_regclass('pg_temp.tst_hub_release_bad') IS NOT NULL THEN
        DROP TABLE pg_temp.tst_hub_release_bad;
    END IF;
    cols := @extschema@.release_group_keys(ARRAY(SELECT quote_ident(x) FROM unnest(quasi_identifiers) x));
    EXECUTE format('CREATE TEMP TABLE tst_hub_release_work ON COMMIT DROP AS
                    SELECT %s, %s AS s, %s AS p, count(*)::int8 AS n FROM %s GROUP BY %s',
        (SELECT string_agg(format('%I AS q%s', x, i), ', ' ORDER BY i)
           FROM unnest(quasi_identifiers) WITH ORDINALITY AS u(x, i)),
        CASE WHEN sensitive IS NULL THEN 'NULL::text' ELSE quote_ident(sensitive) END,
        CASE WHEN person IS NULL THEN 'NULL::int4' ELSE quote_ident(person) END,
        source, cols || CASE WHEN sensitive IS NULL THEN '' ELSE ', ' || quote_ident(sensitive) END
                     || CASE WHEN person IS NULL THEN '' ELSE ', ' || quote_ident(person) END);
    SELECT coalesce(sum(n), 0)::int8 INTO n_in FROM pg_temp.tst_hub_release_work;
    ANALYZE pg_temp.tst_hub_release_work;

    -- The levels of each quasi-identifier, as SQL over the work table and over the
    -- source; read from the work table (same values, same types), a smaller scan
    -- than the source for the deepest term or finest cell.
    FOR i IN 1 .. m LOOP
        SELECT jsonb_agg(expression ORDER BY level) AS ex, jsonb_agg(level_name ORDER BY level) AS nm INTO col
          FROM @extschema@.generalisation_levels('pg_temp.tst_hub_release_work'::regclass, ('q' || i)::name,
                                                 hierarchies -> quasi_identifiers[i], 'src.' || quote_ident(quasi_identifiers[i]));
        on_src := on_src || jsonb_build_array(col.ex);
        names := names || jsonb_build_array(col.nm);
        SELECT jsonb_agg(expression ORDER BY level) AS ex, max(level) AS top_level INTO col
          FROM @extschema@.generalisation_levels('pg_temp.tst_hub_release_work'::regclass, ('q' || i)::name,
                                                 hierarchies -> quasi_identifiers[i], 'q' || i);
        on_work := on_work || jsonb_build_array(col.ex);
        top := top || col.top_level;
    END LOOP;

    -- Greedy full-domain search, twice.  Loss = (suppressed rows + kept rows x mean
    -- generalisation of their quasi-identifiers) / rows, where a quasi-identifier at
    -- level h of top contributes h/top (withheld = 1, like a suppressed row).
    -- Bottom-up from the raw values, each step takes the single move (one
    -- quasi-identifier to any higher level) that lowers the loss most; top-down from
    -- everything withheld, the single move to any lower level.  Each stops when no
    -- move lowers the loss; the lower of the two end points wins (on a tie, the one
    -- that suppresses fewer rows, then bottom-up).  Ties between moves go to the
    -- first quasi-identifier, nearest level.
    -- Two directions, because one step sees one move: from the raw values, coarsening
    -- two fine columns may pay off only together; from the top, specialising one
    -- column alone may not.
    final := NULL;
    final_loss := NULL;
    IF n_in > 0 THEN
        FOR pass IN 1 .. 2 LOOP
            h := CASE WHEN pass = 1 THEN array_fill(0, ARRAY[m]) ELSE top END;
            cur_loss := NULL;
            LOOP
                IF cur_loss IS NULL THEN
                    moves := jsonb_build_array(to_jsonb(h));     -- the start point itself
                ELSE
                    moves := '[]';
                    FOR i IN 1 .. m LOOP
                        FOR lv IN 1 .. CASE WHEN pass = 1 THEN top[i] - h[i] ELSE h[i] END LOOP
                            cand := h;
                            cand[i] := CASE WHEN pass = 1 THEN h[i] + lv ELSE h[i] - lv END;
                            moves := moves || jsonb_build_array(to_jsonb(cand));
                        END LOOP;
                    END LOOP;
                END IF;
                best := NULL;
                best_loss := cur_loss;
                FOR mv IN SELECT value FROM jsonb_array_elements(moves) LOOP
                    cand := ARRAY(SELECT jsonb_array_elements_text(mv)::int4);
                    IF seen ? mv::text THEN
                        cand_loss := (seen -> mv::text ->> 0)::float8;
                    ELSE
                        SELECT array_agg(on_work -> (j - 1) ->> cand[j] ORDER BY j) INTO exprs
                          FROM generate_series(1, m) AS j;
                        EXECUTE format('SELECT coalesce(sum(r) FILTER (WHERE NOT ok), 0)::int8 FROM (%s) t',
                            @extschema@.release_group_query(exprs, person IS NOT NULL, ldef, false))
                            INTO supp USING kk, ll;
                        SELECT avg(CASE WHEN top[j] = 0 THEN 0 ELSE cand[j]::float8 / top[j] END) INTO gen
                          FROM generate_series(1, m) AS j;
                        cand_loss := (supp + (n_in - supp) * gen) / n_in;
                        seen := seen || jsonb_build_object(mv::text, jsonb_build_array(cand_loss, supp));
                    END IF;
                    IF best_loss IS NULL OR cand_loss < best_loss - 1e-12 THEN
                        best := cand;
                        best_loss := cand_loss;
                    END IF;
                END LOOP;
                EXIT WHEN best IS NULL;
                h := best;
                cur_loss := best_loss;
            END LOOP;
            IF final_loss IS NULL OR cur_loss < final_loss - 1e-12
               OR (cur_loss <= final_loss + 1e-12
                   AND (seen -> to_jsonb(h)::text ->> 1)::int8 < (seen -> to_jsonb(final)::text ->> 1)::int8) THEN
                final := h;
                final_loss := cur_loss;
            END IF;
        END LOOP;
        h := final;
    ELSE
        h := array_fill(0, ARRAY[m]);
    END IF;

    -- The groups still below k (or not l-diverse) are suppressed.
    SELECT array_agg(on_work -> (j - 1) ->> h[j] ORDER BY j) INTO exprs FROM generate_series(1, m) AS j;
    EXECUTE format('CREATE TEMP TABLE tst_hub_release_bad ON COMMIT DROP AS SELECT gk FROM (%s) t WHERE NOT ok',
        @extschema@.release_group_query(exprs, person IS NOT NULL, ldef, true)) USING kk, ll;
    SELECT count(*) INTO bad_count FROM pg_temp.tst_hub_release_bad;
    -- kept rows with at least one quasi-identifier changed by generalisation
    SELECT string_agg(format('(%s)::text IS DISTINCT FROM (q%s)::text', e, j), ' OR ' ORDER BY j) INTO changed
      FROM unnest(exprs) WITH ORDINALITY AS u(e, j);
    EXECUTE format('SELECT coalesce(sum(n), 0)::int8 FROM pg_temp.tst_hub_release_work w
                     WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tst_hub_release_bad b WHERE b.gk = jsonb_build_array(%s))
                       AND (%s)',
        (SELECT string_agg(format('(%s)::text', e), ', ' ORDER BY j) FROM unnest(exprs) WITH ORDINALITY AS u(e, j)),
        changed) INTO rows_generalised;

    -- The release: every column of the source, quasi-identifiers at their levels.
    SELECT string_agg(CASE WHEN a.attname::text = ANY (quasi_identifiers)
                           THEN format('%s AS %I', on_src -> (array_position(quasi_identifiers, a.attname::text) - 1)
                                                  ->> h[array_position(quasi_identifiers, a.attname::text)], a.attname)
                           ELSE format('src.%I', a.attname) END, ', ' ORDER BY a.attnum)
      INTO cols
      FROM pg_attribute a WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('CREATE TABLE %I.%I AS SELECT %s FROM %s AS src%s', target_schema, target, cols, source,
        CASE WHEN bad_count = 0 THEN '' ELSE format(
            ' WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tst_hub_release_bad b WHERE b.gk = jsonb_build_array(%s))',
            (SELECT string_agg(format('(%s)::text', on_src -> (j - 1) ->> h[j]), ', ' ORDER BY j)
               FROM generate_series(1, m) AS j)) END);
    DROP TABLE pg_temp.tst_hub_release_work, pg_temp.tst_hub_release_bad;

    -- The release is checked as written: statements see their own snapshots, so rows
    -- added to the source meanwhile must not slip into a group below k.
    SELECT * INTO audit FROM @extschema@.k_anonymity(format('%I.%I', target_schema, target)::regclass,
                                                      quasi_identifiers, person, kk);
    IF NOT audit.k_anonymous OR (ldef IS NOT NULL AND NOT (
            SELECT CASE WHEN ldef = 'distinct' THEN d.distinct_l_diverse ELSE d.entropy_l_diverse END
              FROM @extschema@.l_diversity(format('%I.%I', target_schema, target)::regclass,
                                           quasi_identifiers, sensitive, person, ll) d)) THEN
        RAISE EXCEPTION 'the release failed its own audit: % changed while it was made', source
            USING ERRCODE = '40001', HINT = 'Run it again, or in a REPEATABLE READ transaction.';
    END IF;
    -- Pseudonyms link the released rows to every other table of the hub: the
    -- person column (it was needed for the audit) and any pseudonym column go.
    FOR dropped IN SELECT a.attname FROM pg_attribute a
                    WHERE a.attrelid = format('%I.%I', target_schema, target)::regclass
                      AND a.attnum > 0 AND NOT a.attisdropped
                      AND (a.attname = person OR a.atttypid = '@extschema@.pseudonym'::regtype) LOOP
        EXECUTE format('ALTER TABLE %I.%I DROP COLUMN %I', target_schema, target, dropped);
    END LOOP;
    rows_in := n_in;
    rows_out := audit.rows_total;
    rows_suppressed := n_in - rows_out;
    groups := audit.groups;
    smallest_group := audit.smallest_group;
    SELECT jsonb_object_agg(quasi_identifiers[j], names -> (j - 1) ->> h[j]) INTO levels
      FROM generate_series(1, m) AS j;
    loss := coalesce(final_loss, 0);
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION anonymise_release(regclass, name, text[], name, int4, int4, name, jsonb, text, name) IS 'writes target (in target_schema, default the current schema) as a k-anonymous copy of source (k default tst_hub.min_k; a lower k is 42501), optionally l-diverse in sensitive: a greedy full-domain search generalises quasi-identifiers (see generalisation_levels) while that lowers the loss (suppressed rows + generalisation), then suppresses the rows of groups still below k; the person column and pseudonym columns are left out of the copy; returns rows in/out/suppressed/generalised, groups, the smallest group, the level per quasi-identifier and the loss';

-- Who sees what in the hub tables (sql/install/42-44, docs/HUB.md "Who sees
-- what"): three organisations x three roles (analyst, ingest, admin) x every
-- way to reach the rows: SELECT, COPY TO, views, functions, a leaky function
-- in WHERE, EXPLAIN ANALYZE and EXPLAIN estimates, writes and their error
-- messages.  Each (role, path) is run under SET ROLE and its result compared
-- with what the role may see.  Then the schema's own rules: every key and
-- index starts with org_id, and no planner statistics are kept.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(159);

SELECT key_create('hub');
INSERT INTO organisations (org_id, code, name) VALUES (1, 'org-1', 'One'), (2, 'org-2', 'Two'), (3, 'org-3', 'Three');

-- login-less roles: rls_analyst_1 .. rls_admin_3, each mapped to its organisation
CREATE TEMP TABLE rls_roles AS
SELECT format('rls_%s_%s', k, o) AS role, o AS org, k AS kind
  FROM generate_series(1, 3) o, unnest(ARRAY['analyst', 'ingest', 'admin']) k;
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM rls_roles LOOP
        EXECUTE format('CREATE ROLE %I IN ROLE %I', r.role,
                       CASE r.kind WHEN 'analyst' THEN 'tst_hub_analyst'
                                   WHEN 'ingest' THEN 'tst_hub_pseudonymiser' ELSE 'tst_hub_admin' END);
        -- for COPY ... TO a server file
        EXECUTE format('GRANT pg_write_server_files TO %I', r.role);
        INSERT INTO tst_hub.org_members (member, org_id) VALUES (r.role::regrole, r.org);
    END LOOP;
END
$$;

-- Room on every page, so that the updates below are HOT: the table keeps its
-- pages and indexes, and any change in a plan comes from the values alone.
ALTER TABLE incidents SET (fillfactor = 25);

-- The rows: organisation 1 has 10 victims in GB, 2 has 12 in FR, 3 has 7 in
-- FR and 7 in DE; one victim per incident.
INSERT INTO incidents (org_id, country, location_precision, exploitation, victims, reported_on, reported_until)
SELECT o, c, 'none', 'exploitation/labour', ARRAY[pseudonymise('raw', format('victim %s-%s-%s', o, c, i), 'hub')],
       '2021-05-01', '2021-05-01'
  FROM (VALUES (1, 'GB', 10), (2, 'FR', 12), (3, 'FR', 7), (3, 'DE', 7)) d(o, c, n), generate_series(1, n) i;
INSERT INTO persons (org_id, person, role)
SELECT org_id, victims[1], 'victim' FROM incidents;
INSERT INTO ingest_batches (org_id, batch_id, format, file_sha256, rows_read, rows_rejected)
SELECT o, 100 + o, 'ctdc', sha256(o::text::bytea), 1, 1 FROM generate_series(1, 3) o;
INSERT INTO ingest_rejects (org_id, batch_id, line, reason) SELECT o, 100 + o, 2, 'empty line' FROM generate_series(1, 3) o;

-- a function an analyst could write to record what a query shows it
CREATE FUNCTION pg_temp.leak(int4) RETURNS bool LANGUAGE plpgsql VOLATILE COST 0.000001 AS $$
BEGIN
    PERFORM set_config('rls.seen', current_setting('rls.seen', true) || ',' || $1, false);
    RETURN true;
END
$$;
-- EXPLAIN output as one text
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    line text;
    out text := '';
BEGIN
    FOR line IN EXECUTE q LOOP
        out := out || line || E'\n';
    END LOOP;
    RETURN out;
END
$$;

-- Costs and heap blocks follow the table's size, which the updates below
-- change (new row versions); the size is not hidden (docs/HUB.md), the rows
-- of a slice are.
CREATE FUNCTION pg_temp.normal(plan text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(regexp_replace(plan, 'cost=[0-9.]+ ', 'cost=', 'g'), '\n *Heap Blocks:[^\n]*', '', 'g')
$$;

-- Two indexes tried before the matrix (and rolled back): one on country
-- alone, one on (org_id, country).  Plans are kept in psql variables and
-- checked at the end.
SAVEPOINT demo;
ALTER TABLE incidents DROP CONSTRAINT incidents_pkey;   -- or the planner prefers it
CREATE INDEX incidents_bad_country ON incidents (country);
SET enable_seqscan = off;
SET ROLE rls_analyst_1;
SELECT pg_temp.plan_of($$EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM tst_hub.incidents WHERE country = 'FR'$$) AS bad_before \gset
RESET ROLE;
UPDATE incidents SET country = 'ES' WHERE org_id <> 1 AND country = 'FR';
SET ROLE rls_analyst_1;
SELECT pg_temp.plan_of($$EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM tst_hub.incidents WHERE country = 'FR'$$) AS bad_after \gset
RESET ROLE;
ROLLBACK TO SAVEPOINT demo;
SAVEPOINT demo;
CREATE INDEX incidents_org_country ON incidents (org_id, country);
SET enable_seqscan = off;
SET ROLE rls_analyst_1;
SELECT pg_temp.plan_of($$EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM tst_hub.incidents WHERE country = 'FR'$$) AS good_before \gset
RESET ROLE;
UPDATE incidents SET country = 'ES' WHERE org_id <> 1 AND country = 'FR';
SET ROLE rls_analyst_1;
SELECT pg_temp.plan_of($$EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM tst_hub.incidents WHERE country = 'FR'$$) AS good_after \gset
RESET ROLE;
ROLLBACK TO SAVEPOINT demo;

CREATE TEMP TABLE rls_paths (ord int4, path text, query text);
INSERT INTO rls_paths VALUES
 (1, 'SELECT incidents', $q$SELECT coalesce(string_agg(DISTINCT org_id::text, ','), '-') || ' ' || count(*) FROM tst_hub.incidents$q$),
 (2, 'SELECT persons', $q$SELECT coalesce(string_agg(DISTINCT org_id::text, ','), '-') || ' ' || count(*) FROM tst_hub.persons$q$),
 (3, 'COPY table TO', $q$COPY tst_hub.incidents TO '%s'$q$),
 (4, 'COPY query TO', $q$COPY (SELECT org_id FROM tst_hub.incidents ORDER BY org_id) TO '%s'$q$),
 (5, 'view incident_facts', $q$SELECT coalesce(string_agg(DISTINCT org_id::text, ','), '-') || ' ' || count(*) FROM tst_hub.incident_facts$q$),
 (6, 'hub_victims total', $q$SELECT victims::text FROM tst_hub.hub_victims('{}')$q$),
 (7, 'hub_victims by country', $q$SELECT string_agg(country || '=' || coalesce(victims::text, victims_reason), ',' ORDER BY country) FROM tst_hub.hub_victims('{country}')$q$),
 (8, 'hub_victims by org_id', $q$SELECT count(*)::text FROM tst_hub.hub_victims('{org_id}')$q$),
 (9, 'view hub_victims_by_country_year', $q$SELECT string_agg(country || '=' || coalesce(victims::text, victims_reason), ',' ORDER BY country) FROM tst_hub.hub_victims_by_country_year$q$),
 (10, 'my_org_ids()', $q$SELECT tst_hub.my_org_ids()::text$q$),
 (11, 'leaky function in WHERE', $q$SELECT count(*) FROM tst_hub.incidents WHERE pg_temp.leak(org_id)$q$),
 (12, 'EXPLAIN ANALYZE', $q$SELECT pg_temp.plan_of('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM tst_hub.incidents WHERE country = ''FR''')$q$),
 (13, 'EXPLAIN estimates', $q$SELECT pg_temp.plan_of('EXPLAIN SELECT count(*) FROM tst_hub.incidents WHERE country = ''FR''')$q$),
 (14, 'INSERT for another organisation', $q$INSERT INTO tst_hub.incidents (org_id, location_precision) VALUES (%s, 'none')$q$),
 (15, 'UPDATE of another organisation', $q$UPDATE tst_hub.incidents SET narrative = 'x' WHERE org_id = %s$q$),
 (16, 'ingest_batches and ingest_rejects', $q$SELECT coalesce(string_agg(DISTINCT b.org_id::text, ','), '-') || ' ' || (SELECT count(*) FROM tst_hub.ingest_rejects) FROM tst_hub.ingest_batches b$q$),
 (17, 'org_members', $q$SELECT count(*)::text FROM tst_hub.org_members$q$);

ANALYZE incidents;
CREATE TEMP TABLE rls_matrix (role text, org int4, kind text, ord int4, path text, got text);

DO $$
DECLARE
    r record;
    p record;
    got text;
    other int4;
    file text;
    before text;
BEGIN
    FOR r IN SELECT * FROM rls_roles ORDER BY org, kind LOOP
        other := r.org % 3 + 1;
        FOR p IN SELECT * FROM rls_paths ORDER BY ord LOOP
            file := format('%s/rls_%s_%s.out', current_setting('data_directory'), r.role, p.ord);
            got := NULL;
            BEGIN
                EXECUTE format('SET ROLE %I', r.role);
                PERFORM set_config('rls.seen', '', false);
                IF p.ord IN (3, 4) THEN
                    EXECUTE format(p.query, file);
                    got := 'copied';
                ELSIF p.ord IN (14, 15) THEN
                    EXECUTE format(p.query, other);
                    -- a write that went through is undone
                    RAISE EXCEPTION USING ERRCODE = 'T0001', MESSAGE = 'written';
                ELSIF p.ord IN (12, 13) THEN
                    EXECUTE p.query INTO before;
                    -- move the other organisations' FR rows to ES (same number of rows) and ask again
                    RESET ROLE;
                    UPDATE tst_hub.incidents SET country = 'ES' WHERE org_id <> r.org AND country = 'FR';
                    ANALYZE tst_hub.incidents;
                    EXECUTE format('SET ROLE %I', r.role);
                    EXECUTE p.query INTO got;
                    before := before || E'\n----\n' || got;
                    got := CASE WHEN pg_temp.normal(got) = pg_temp.normal(split_part(before, E'\n----\n', 1)) THEN 'unchanged'
                                ELSE 'changed' END;
                    RESET ROLE;
                    UPDATE tst_hub.incidents SET country = 'FR' WHERE country = 'ES';
                ELSE
                    EXECUTE p.query INTO got;
                END IF;
                IF p.ord = 11 THEN
                    SELECT string_agg(DISTINCT s, ',' ORDER BY s) INTO got
                      FROM unnest(string_to_array(current_setting('rls.seen'), ',')) s WHERE s <> '';
                END IF;
                RESET ROLE;
            EXCEPTION
                WHEN SQLSTATE 'T0001' THEN
                    got := 'written';
                WHEN OTHERS THEN
                    got := 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
            END;
            RESET ROLE;
            IF got = 'copied' THEN
                -- what the file holds: the organisations and the number of lines
                IF p.ord = 3 THEN
                    got := (SELECT count(*) FROM regexp_split_to_table(pg_read_file(file), E'\n') l WHERE l <> '') || ' lines';
                ELSE
                    got := (SELECT coalesce(string_agg(DISTINCT l, ','), '-') FROM regexp_split_to_table(pg_read_file(file), E'\n') l WHERE l <> '');
                END IF;
            END IF;
            INSERT INTO rls_matrix VALUES (r.role, r.org, r.kind, p.ord, p.path, got);
        END LOOP;
    END LOOP;
END
$$;

-- What each role may see.  Released counts (hub_victims) cover all
-- organisations, withheld below k = 11, and withheld too where the persons
-- of the other organisations are fewer than k (FR for organisation 2: its
-- own 12 from 19 would leave organisation 3's 7).
CREATE TEMP VIEW rls_expected AS
SELECT m.role, m.ord, m.path, m.got,
       CASE m.ord
         -- the ingest role reads the key columns of its own rows (ON CONFLICT)
         WHEN 1 THEN CASE m.kind WHEN 'admin' THEN '1,2,3 36' ELSE m.org || ' ' || n.own END
         WHEN 2 THEN CASE m.kind WHEN 'admin' THEN '1,2,3 36' ELSE m.org || ' ' || n.own END
         WHEN 3 THEN CASE m.kind WHEN 'admin' THEN '36 lines' WHEN 'analyst' THEN n.own || ' lines'
                                 ELSE 'ERROR 42501: permission denied for table incidents' END
         WHEN 4 THEN CASE m.kind WHEN 'admin' THEN '1,2,3' ELSE m.org::text END
         WHEN 5 THEN CASE m.kind WHEN 'admin' THEN '1,2,3 36' WHEN 'analyst' THEN m.org || ' ' || n.own
                                 ELSE 'ERROR 42501: permission denied for view incident_facts' END
         WHEN 6 THEN CASE WHEN m.kind = 'ingest' THEN 'ERROR 42501: permission denied for function hub_victims' ELSE '36' END
         WHEN 7 THEN CASE WHEN m.kind = 'ingest' THEN 'ERROR 42501: permission denied for function hub_victims'
                          WHEN m.org = 2 THEN 'DE=below_k,FR=below_k,GB=below_k'
                          ELSE 'DE=below_k,FR=19,GB=below_k' END
         WHEN 8 THEN CASE WHEN m.kind = 'ingest' THEN 'ERROR 42501: permission denied for function hub_victims'
                          ELSE 'ERROR 42501: grouping by ''org_id'' is not released to analysts' END
         WHEN 9 THEN CASE WHEN m.kind = 'ingest' THEN 'ERROR 42501: permission denied for view hub_victims_by_country_year'
                          WHEN m.org = 2 THEN 'DE=below_k,FR=below_k,GB=below_k'
                          ELSE 'DE=below_k,FR=19,GB=below_k' END
         WHEN 10 THEN '{' || m.org || '}'
         WHEN 11 THEN CASE m.kind WHEN 'admin' THEN '1,2,3' ELSE m.org::text END
         WHEN 12 THEN CASE m.kind WHEN 'admin' THEN 'changed' WHEN 'analyst' THEN 'unchanged'
                                  ELSE 'ERROR 42501: permission denied for table incidents' END
         WHEN 13 THEN CASE m.kind WHEN 'ingest' THEN 'ERROR 42501: permission denied for table incidents' ELSE 'unchanged' END
         WHEN 14 THEN CASE m.kind WHEN 'admin' THEN 'written'
                                  WHEN 'analyst' THEN 'ERROR 42501: permission denied for table incidents'
                                  ELSE 'ERROR 42501: new row violates row-level security policy for table "incidents"' END
         WHEN 15 THEN CASE m.kind WHEN 'admin' THEN 'written' ELSE 'ERROR 42501: permission denied for table incidents' END
         WHEN 16 THEN CASE m.kind WHEN 'admin' THEN '1,2,3 3' ELSE m.org || ' 1' END
         WHEN 17 THEN CASE m.kind WHEN 'admin' THEN '9' ELSE '1' END
       END AS expected
  FROM rls_matrix m
  JOIN (SELECT org_id, count(*)::text AS own FROM incidents GROUP BY org_id) n ON n.org_id = m.org;

SELECT is(got, expected, role || ': ' || path) FROM rls_expected ORDER BY role, ord;

-- The schema's rules
SELECT is_empty($$SELECT i.indexrelid::regclass FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                   WHERE c.relnamespace = 'tst_hub'::regnamespace
                     AND c.relname IN ('incidents', 'persons', 'ingest_batches', 'ingest_rejects')
                     AND i.indkey[0] <> (SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id')$$,
    'every key and index of a per-organisation table starts with org_id (Citus distribution column; row-level security as an index condition)');
SELECT is_empty($$SELECT c.relname FROM pg_class c
                   WHERE c.relnamespace = 'tst_hub'::regnamespace
                     AND c.relname IN ('incidents', 'persons', 'ingest_batches', 'ingest_rejects') AND NOT c.relrowsecurity$$,
    'row-level security is on for every per-organisation table');
ANALYZE incidents, persons, ingest_batches, ingest_rejects;
SELECT is((SELECT count(*) FROM pg_stats WHERE schemaname = 'tst_hub'
              AND tablename IN ('incidents', 'persons', 'ingest_batches', 'ingest_rejects')), 0::int8,
    'no planner statistics are kept for incidents, persons, ingest_batches and ingest_rejects');

-- The EXPLAIN check is real: an index that does not start with org_id lets
-- the condition on country reach the index before row-level security, and
-- "Rows Removed by Filter" then counts the other organisations' FR rows.
SELECT isnt(:'bad_after'::text, :'bad_before'::text,
    'with an index on country alone, EXPLAIN ANALYZE would show other organisations'' rows (why the rule above)');
SELECT is(:'good_after'::text, :'good_before'::text, 'with an index on (org_id, country), EXPLAIN ANALYZE shows nothing of other organisations');
SELECT ok(:'good_before' ~ 'Index Cond: \(+org_id = ANY \(my_org_ids', '... where the plan takes row-level security as its index condition');

SELECT * FROM finish();
ROLLBACK;

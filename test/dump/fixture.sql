-- The database test/dump/run.sh dumps and restores: a table with a column of
-- every tst_hub type (checked against the catalog by run.sh), user objects
-- built on the extension (indexes, a view, a materialised view, an
-- aggregate), and rows in every extension configuration table: keys, privacy
-- budgets and spending, the hub with row-level security, ingest batches and
-- rejects, category maps, supplier sites, reports.
-- Run as a superuser (the extension owner) from the repository root, with
-- the roles dump_admin, dump_analyst and dump_ingest made by run.sh.
\set ON_ERROR_STOP on
SET search_path = public, tst_hub;
SET client_min_messages = warning;

SELECT key_create('hub'), key_create('org:2'), key_create('date_shift'), key_create('noise');
SELECT key_rotate('hub');

INSERT INTO organisations (org_id, code, name, country) VALUES (1, 'ngo-a', 'NGO A', 'GB');
INSERT INTO organisations (org_id, code, name, pseudonym_scope) VALUES (2, 'ngo-b', 'NGO B (own scope)', 'org:2');
INSERT INTO sources (source_id, org_id, code, name, reliability, admiralty)
VALUES (10, 1, 'hotline', 'Hotline', '1', 'B'), (20, 2, 'cases', 'Cases', '2', NULL);
INSERT INTO org_members (member, org_id) VALUES ('dump_ingest', 1), ('dump_ingest', 2), ('dump_analyst', 1);

-- ingest: incidents, persons, batches, rejects, partner labels seen
INSERT INTO category_map (org_id, local_label, term)
VALUES (2, 'Zwangsarbeit', 'exploitation/labour'), (2, 'Schuldknechtschaft', 'control/debt_bondage');
\set ctdc `cat test/data/ctdc_sample.csv`
\set htcds `cat test/data/htcds_sample.csv`
\set mapped `cat test/data/mapped_sample.csv`
SET ROLE dump_ingest;
SELECT rows_accepted > 0 AS ctdc_loaded FROM ingest_csv(1, 'ctdc', :'ctdc', 10, 'ctdc_sample.csv');
SELECT rows_accepted > 0 AS htcds_loaded FROM ingest_csv(2, 'htcds', :'htcds', 20, 'htcds_sample.csv');
SELECT rows_read > 0 AS mapped_read FROM ingest_csv(2, 'mapped', :'mapped');
RESET ROLE;
-- one incident written directly, every column set
INSERT INTO incidents (org_id, source_id, record_ref, occurred_from, occurred_to, reported_on, reported_until,
                       geom, country, cell, location_precision, exploitation, exploitation_forms, means,
                       recruitment, industry, victims, suspects, age_band, minor, gender, citizenship,
                       narrative, grade)
SELECT 1, 10, pseudonymise('raw', 'case-77', 'hub'), '2024-02-01', '2024-02-29', '2024-03-04', '2024-03-04',
       ST_SetSRID(ST_MakePoint(-0.1276, 51.5072), 4326), 'GB', cell(51.5072, -0.1276, 8), 'point',
       'exploitation/labour', '{exploitation/labour,exploitation/sexual}', '{control/threats}',
       NULL, NULL, ARRAY[pseudonymise('email', 'v1@example.org', 'hub'), pseudonymise('phone', '+44 20 7946 0958', 'hub')],
       ARRAY[pseudonymise('name', 'J. Doe', 'hub')], '18--20', false, 'gender/feminine', 'PH',
       E'two lines of narrative,\nwith a tab\there and a backslash \\ and quotes '' "', '1A P';
INSERT INTO persons (org_id, person, role, first_seen, gender, citizenship)
SELECT 1, pseudonymise('email', 'v1@example.org', 'hub'), 'victim', '2024-02-01', 'gender/feminine', 'PH'
ON CONFLICT DO NOTHING;

INSERT INTO supplier_sites (org_id, supplier, product, country, location, volume)
VALUES (1, 'Acme Garments', 'industry/c/14', 'BD', ST_SetSRID(ST_MakePoint(90.4, 23.8), 4326), 1200.5),
       (1, 'Acme Garments', 'industry/c/14', 'BD', NULL, NULL);
INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, conditions, body)
VALUES (1, 'key_judgement', 'Car washes', 'hub', '2B C', 'share with the hub only',
        report_body('Labour exploitation in hand car washes is rising.',
                    report_text('Background', 'Outreach teams and the helpline'),
                    key_judgement('labour exploitation in hand car washes will increase', 'likely (70%)', 'moderate',
                                  '{1}', during => daterange('2025-01-01', '2025-07-01')),
                    report_figures('Victims by country', ARRAY['GB', 'FR'],
                                   ARRAY[(40, NULL)::released, (NULL, 'below_k')::released]))),
       (1, 'intelligence', 'Unicode: Zwangsprostitution, 強制労働, العمل القسري', 'organisation', '1A P', NULL,
        report_body('naïve café', report_text('Überblick', E'Zeile 1\nZeile 2')));

-- privacy budgets, and spending by an analyst
SELECT dp_budget_create('weekly', 'dump_analyst', 2.0, 'week'), dp_budget_create('total', 'dump_analyst', 10);
CREATE TABLE public.people (g int, p pseudonym);
INSERT INTO public.people
SELECT i % 3, pseudonymise('raw', 'person ' || i, 'hub') FROM generate_series(1, 300) i;
GRANT SELECT ON public.people TO dump_analyst;
-- (run.sh spends from 'total' as dump_analyst: budgets belong to the session user)

-- every type of the extension, in one table; run.sh checks none is missing
CREATE AGGREGATE public.count_state(pseudonym) (SFUNC = safe_count_trans, STYPE = person_set);
CREATE AGGREGATE public.sum_state(pseudonym, numeric) (SFUNC = safe_sum_trans, STYPE = person_set);
CREATE TABLE public.every_type (
    id       int PRIMARY KEY,
    t        term,
    ts       term_set,
    p        pseudonym,
    c        cell,
    cu       cube,
    g3       grade_3x5x2,
    g5       grade_5x5x5,
    ad       admiralty,
    li       likelihood,
    co       confidence,
    ps       person_set,
    ns       noise_state,
    sd       dp_sealed,
    rel      released,
    mk       mann_kendall_result,
    t_arr    term[],
    c_arr    cell[],
    p_arr    pseudonym[],
    cu_arr   cube[]
);
INSERT INTO public.every_type (id) VALUES (0);  -- all NULL
INSERT INTO public.every_type (id, t, ts, p, c, g3, g5, ad, li, co, rel, t_arr, c_arr, p_arr)
VALUES
  (1, 'exploitation/sexual/online', '{control/threats,exploitation/labour}', pseudonymise('email', 'a@example.org', 'hub'),
   'h7:100:100', '1A P', 'A1 1', 'A1', 'likely (70%)', 'low', (40, NULL), '{exploitation,control/threats}',
   '{h0:0:0,h15:1:1}', ARRAY[pseudonymise('email', 'a@example.org', 'org:2')]),
  (2, 'control/threats', '{}', pseudonymise('phone', '+44 20 7946 0958', 'org:2'),
   'h0:0:0', '3E C', 'E5 5', 'F6', 'icd203:very likely', 'high', (NULL, 'below_k'), '{}', '{}', '{}'),
  (3, 'exploitation', '{exploitation/sexual,exploitation/labour,control/debt_bondage}', pseudonymise('raw', 'x', 'date_shift'),
   cell(-89.9, 179.9, 15), '2C C', 'C3 2', 'C4', 'remote chance', 'moderate', (0, NULL), ARRAY[NULL::term],
   ARRAY[NULL::cell, 'h3:2:1'], ARRAY[NULL::pseudonym]),
  (4, 'gender/feminine', '{gender/masculine}', NULL, cell(51.5, -0.12, 8), '1B P', 'B2 4', 'B2', likelihood(30), 'low',
   NULL, NULL, NULL, NULL);
-- aggregate values: cubes (rows, with an origin, of people), states, a test result
CREATE TABLE public.events AS
SELECT i, cell(-60 + (i % 97) * 1.2, -170 + (i / 97) * 9.0, 7) AS c,
       timestamptz '2024-01-01 00:00+00' + i * interval '37 minutes' AS ts,
       pseudonymise('raw', 'person ' || (i % 50), 'hub') AS p,
       (i % 7)::numeric / 3 AS v
  FROM generate_series(1, 3000) i;
UPDATE public.every_type SET cu = (SELECT st_cube(c, ts, '7 days') FROM public.events),
                             cu_arr = ARRAY[(SELECT st_cube(c, ts, '1 day', '2023-12-31 12:00+00') FROM public.events), NULL],
                             ps = (SELECT count_state(p) FROM public.events),
                             ns = (SELECT sticky_count_state(p, 'dump test', 1) FROM public.events),
                             sd = (SELECT dp_count_sealed(p, 0.5, 'total') FROM public.events),
                             mk = mann_kendall(ARRAY[1, 2, 3, 5, 4, 6, 7, NULL, 9]::float8[])
 WHERE id = 1;
UPDATE public.every_type SET cu = (SELECT st_cube_people(c, ts, '7 days', p) FROM public.events),
                             ps = (SELECT sum_state(p, v) FROM public.events),
                             mk = mann_kendall(ARRAY[3, 2, 1]::float8[])
 WHERE id = 2;
UPDATE public.every_type SET cu = (SELECT st_cube_people(c, ts, '1 hour', '2024-01-01 00:30+00', p) FROM public.events WHERE i < 40),
                             ps = (SELECT count_state(p) FROM public.events WHERE false)
 WHERE id = 3;

-- user objects on the extension's types, operators and aggregates
CREATE INDEX every_type_c ON public.every_type (c);
CREATE INDEX every_type_t_hash ON public.every_type USING hash (t);
CREATE INDEX every_type_ts ON public.every_type (ts);
CREATE INDEX events_c_hash ON public.events USING hash (c);
CREATE VIEW public.weekly AS SELECT st_cube(c, ts, '7 days') AS cube FROM public.events;
CREATE MATERIALIZED VIEW public.weekly_people AS
SELECT c, st_cube_people(c, ts, '7 days', p) AS cube, safe_count(p) AS persons FROM public.events GROUP BY c;
-- the analyst may read (and so dump) every user table: only the extension's own
-- owner-only tables can stop its pg_dump
GRANT SELECT ON public.every_type, public.events, public.people, public.weekly, public.weekly_people TO tst_hub_analyst;

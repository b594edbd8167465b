-- demo/gen_hub.sql: a seeded synthetic hub in the hub schema (tools/demo.sh step 2).
--
--   psql -v n=1200000 -v partner_csv=/path/partner_export.csv -f demo/gen_hub.sql
--
-- Needs a fresh database with the extension. Writes tst_hub.organisations (130
-- organisations: NGOs, law enforcement, businesses, banks), tst_hub.sources, the
-- hub-wide pseudonym key, and n incidents over five years (2021-2025) into
-- tst_hub.incidents, victims and suspects as keyed pseudonyms. The records of one
-- partner NGO are not inserted here: they are written to :partner_csv in the
-- partner's own labels (format 'mapped') for demo/ingest.sql to load through
-- tst_hub.ingest_csv. Schema demo keeps the generator's tables (demo.gen_*).
--
-- Set-based, as bench/gen_incidents.sql: every categorical choice indexes an int[]
-- "slot array" (demo.slots) with a random number; the arrays are uncorrelated
-- scalar subqueries, computed once per statement. A person's attributes (city,
-- exploitation, gender, age, home organisation) come from hashes of the person
-- number, so one person's records agree. Same n, same data.
--
-- Geography: 90 countries of tst_hub.countries (whose centroids are
-- data/external/country_centroids.csv), Zipf weights with a fixed head of
-- countries that report many cases; ~250 cities scattered around the centroids;
-- points some 10-20 km around a city. Time: a yearly sine and a 35 % rise over the
-- five years. Planted patterns (5 % of the records) give the maps something
-- real: three places that become hot in the last one to two years (new,
-- intensifying), one that cools down, in one kind of exploitation each.
\set ON_ERROR_STOP on
\if :{?n}
\else
\set n 1200000
\endif
\if :{?partner_csv}
\else
\set partner_csv demo-output/input/partner_export.csv
\endif

SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET search_path = public, tst_hub;
SET max_parallel_workers_per_gather = 0;   -- serial plans keep the row order, hence the data, fixed
SET work_mem = '256MB';
SET maintenance_work_mem = '256MB';
SET synchronous_commit = off;

DO $$
BEGIN
    IF EXISTS (SELECT FROM tst_hub.organisations) OR EXISTS (SELECT FROM tst_hub.incidents) THEN
        RAISE EXCEPTION 'the hub already holds organisations or incidents'
            USING HINT = 'demo/gen_hub.sql fills a fresh database: createdb a new one.';
    END IF;
END $$;

DROP SCHEMA IF EXISTS demo CASCADE;
CREATE SCHEMA demo;
COMMENT ON SCHEMA demo IS 'the demo''s generator tables, interface tables for the maps and helper functions (tools/demo.sh); safe to drop';

SELECT setseed(0.2026) \gset

\set gen_schema demo
\ir ../bench/synthetic.sql

-- ---------------------------------------------------------------- geography
-- A head of countries that report many cases, then the others in a seeded order.
CREATE TABLE demo.gen_countries AS
WITH head(iso2, pos) AS (
    SELECT * FROM unnest('{US,GB,NG,IN,PH,TH,MX,RO,UA,BR,DE,BD,VN,ID,ZA,CO,KE,PL,ES,IT}'::text[])
                  WITH ORDINALITY
), c AS (
    SELECT c.iso2, c.name, c.centroid_lat AS lat, c.centroid_lon AS lon, h.pos, random() AS r
      FROM (SELECT * FROM tst_hub.countries
             WHERE centroid_lat IS NOT NULL AND un_region IS NOT NULL ORDER BY iso2) c
      LEFT JOIN head h USING (iso2)
)
SELECT row_number() OVER (ORDER BY pos NULLS LAST, r)::int AS country_idx, iso2, name, lat, lon,
       1.0 / power(row_number() OVER (ORDER BY pos NULLS LAST, r), 0.9) AS weight
  FROM c ORDER BY pos NULLS LAST, r LIMIT 90;
UPDATE demo.gen_countries SET weight = weight / (SELECT sum(weight) FROM demo.gen_countries);

-- 1 + 160 * share cities per country, around the centroid (sigma 1 degree),
-- Zipf weights (s = 1.1) by rank inside the country.
CREATE TABLE demo.gen_cities AS
WITH c AS (
    SELECT c.*, k, sqrt(-2 * ln(1 - random())) AS rad, 2 * pi() * random() AS ang
      FROM demo.gen_countries c, generate_series(1, 1 + round(160 * c.weight)::int) AS k
     ORDER BY c.country_idx, k
)
SELECT row_number() OVER (ORDER BY country_idx, k)::int AS city_id, country_idx, iso2,
       greatest(-85.0, least(85.0, lat + 1.0 * rad * sin(ang))) AS lat,
       greatest(-179.5, least(179.5, lon + least(4.0, 1.0 / greatest(cos(radians(lat)), 0.25)) * rad * cos(ang))) AS lon,
       weight * (power(k, -1.1) / sum(power(k, -1.1)) OVER (PARTITION BY country_idx)) AS weight
  FROM c;

-- ---------------------------------------------------------------- organisations
-- 130 organisations: 1 an international NGO working everywhere (it writes the
-- report), 2 the CTDC release (loaded by demo/ingest.sql), 3 the partner NGO whose
-- export is ingested; then NGOs, law enforcement, businesses and banks with a
-- seat drawn by country weight. Sizes Zipf by id.
CREATE TABLE demo.gen_orgs AS
WITH k(kind, label, code, cnt) AS (
    VALUES ('ngo', 'Anti-trafficking NGO', 'ngo', 62), ('police', 'Law enforcement', 'police', 33),
           ('business', 'Business', 'biz', 20), ('bank', 'Bank (financial intelligence)', 'bank', 12)
), seats AS (
    SELECT k.kind, k.label, k.code, g,
           ((SELECT demo.slots(array_agg(weight ORDER BY country_idx), 4096) FROM demo.gen_countries))
               [1 + floor(random() * 4096)::int] AS country_idx
      FROM k, generate_series(1, k.cnt) g
     ORDER BY k.kind, g
), numbered AS (
    SELECT 3 + row_number() OVER (ORDER BY random())::int AS org_id, s.* FROM seats s
)
SELECT n.org_id, n.kind, n.code || '-' || lower(c.iso2) || '-' || n.org_id AS code,
       n.label || ', ' || c.name || ' (' || n.org_id || ')' AS name, c.iso2 AS country, n.country_idx
  FROM numbered n JOIN demo.gen_countries c USING (country_idx)
UNION ALL
SELECT 1, 'ngo', 'ngo-intl', 'International anti-trafficking NGO (global helpline)', NULL, NULL
UNION ALL
SELECT 2, 'data', 'ctdc', 'CTDC global data release (IOM)', NULL, NULL
UNION ALL
SELECT 3, 'ngo', 'ngo-mx-partner', 'Partner NGO, Mexico (export ingested as CSV)', 'MX',
       (SELECT country_idx FROM demo.gen_countries WHERE iso2 = 'MX');
ALTER TABLE demo.gen_orgs ADD PRIMARY KEY (org_id);
ALTER TABLE demo.gen_orgs ADD COLUMN weight float8;
-- the CTDC release and the partner get no records here (theirs come by ingest)
UPDATE demo.gen_orgs SET weight = CASE WHEN org_id IN (2, 3) THEN 0 ELSE 1.0 / power(org_id, 0.8) END;

INSERT INTO tst_hub.organisations (org_id, code, name, country)
SELECT org_id, code, name, country FROM demo.gen_orgs ORDER BY org_id;
-- two sources per organisation, graded on the 3x5x2 source scale
INSERT INTO tst_hub.sources (source_id, org_id, code, name, reliability)
SELECT org_id * 10 + s.k, org_id, s.code, s.name, s.rel
  FROM demo.gen_orgs o,
       LATERAL (VALUES (1, CASE o.kind WHEN 'bank' THEN 'str' WHEN 'business' THEN 'audits' ELSE 'cases' END,
                        CASE o.kind WHEN 'bank' THEN 'Suspicious transaction reports'
                                    WHEN 'business' THEN 'Supplier audits' ELSE 'Case management system' END, '1'),
                       (2, 'hotline', 'Hotline and tip-offs', '2')) s(k, code, name, rel)
 ORDER BY 1;

-- the hub-wide pseudonym key (20-keys.sql); the partner's export is pseudonymised
-- under the same scope at ingest, so its people link with everyone else's
SELECT tst_hub.key_create('hub') AS key_version \gset

-- ---------------------------------------------------------------- taxonomy mixes
-- grp: 1 sexual, 2 labour, 3 other (drives means, gender, age). Weights in percent.
CREATE TABLE demo.gen_exploitation (
    e_idx serial PRIMARY KEY, path text NOT NULL, weight float8 NOT NULL, grp int NOT NULL,
    p_industry float8 NOT NULL DEFAULT 0, industries text[] NOT NULL DEFAULT '{}',
    term tst_hub.term, industry_terms tst_hub.term[]);
INSERT INTO demo.gen_exploitation (path, weight, grp, p_industry, industries) VALUES
    ('exploitation/sexual',                     3.0, 1, 0.10, '{industry/i/55,industry/s}'),
    ('exploitation/sexual/prostitution',       22.0, 1, 0.15, '{industry/i/55,industry/i/56/beverages,industry/s}'),
    ('exploitation/sexual/private_services',    5.0, 1, 0.15, '{industry/s,industry/i/55,industry/t}'),
    ('exploitation/sexual/pornography',         4.0, 1, 0.10, '{industry/j}'),
    ('exploitation/sexual/online/children',     3.5, 1, 0.05, '{industry/j}'),
    ('exploitation/labour',                     3.0, 2, 0.50, '{industry/a/01/011,industry/f,industry/c/14,industry/t}'),
    ('exploitation/labour/agriculture',         9.0, 2, 0.80, '{industry/a/01/011,industry/a/01/013,industry/a/01/014}'),
    ('exploitation/labour/construction',        7.0, 2, 0.85, '{industry/f}'),
    ('exploitation/labour/domestic_work',       6.0, 2, 0.85, '{industry/t}'),
    ('exploitation/labour/hospitality',         4.5, 2, 0.75, '{industry/i/55,industry/i/56/food}'),
    ('exploitation/labour/manufacturing',       5.0, 2, 0.80, '{industry/c/13,industry/c/14,industry/c/15,industry/c/26}'),
    ('exploitation/labour/aquafarming',         1.5, 2, 0.85, '{industry/a/03/marine}'),
    ('exploitation/labour/mining',              1.5, 2, 0.85, '{industry/b}'),
    ('exploitation/marriage',                   3.0, 3, 0.00, '{}'),
    ('exploitation/begging',                    2.5, 3, 0.00, '{}'),
    ('exploitation/criminality/online_scam',    3.5, 3, 0.30, '{industry/j,industry/n/82}'),
    ('exploitation/servitude',                  1.5, 3, 0.20, '{industry/t}'),
    ('exploitation/child_labour',               1.0, 3, 0.50, '{industry/a/01/011,industry/c/13}'),
    ('exploitation/organ_removal',              0.3, 3, 0.00, '{}');
-- the casts fail loudly if the vocabulary renames a term
UPDATE demo.gen_exploitation SET term = path::tst_hub.term, industry_terms = industries::tst_hub.term[];

CREATE TABLE demo.gen_control (c_idx serial PRIMARY KEY, path text NOT NULL,
    w1 float8 NOT NULL, w2 float8 NOT NULL, w3 float8 NOT NULL, term tst_hub.term);
INSERT INTO demo.gen_control (path, w1, w2, w3) VALUES
    ('control/debt_bondage', 8, 14, 8), ('control/excessive_working_hours', 2, 14, 6),
    ('control/false_promises', 8, 10, 8), ('control/physical_abuse', 8, 5, 6),
    ('control/psychoactive_substances', 6, 1, 3), ('control/psychological_abuse', 12, 6, 8),
    ('control/restricts_movement', 10, 8, 8), ('control/sexual_abuse', 14, 1, 4),
    ('control/takes_earnings', 10, 10, 6), ('control/threats/family', 5, 3, 4),
    ('control/threats/violence', 10, 6, 6), ('control/withholds_documents', 7, 12, 6);
UPDATE demo.gen_control SET term = path::tst_hub.term;

CREATE TABLE demo.gen_gender (g_idx serial PRIMARY KEY, path text NOT NULL,
    w1 float8 NOT NULL, w2 float8 NOT NULL, w3 float8 NOT NULL, term tst_hub.term);
INSERT INTO demo.gen_gender (path, w1, w2, w3) VALUES
    ('gender/feminine', 88, 38, 60), ('gender/masculine', 9, 59, 37),
    ('gender/unspecified', 2, 2.5, 2.5), ('gender/diverse/transgender_feminine', 1, 0.5, 0.5);
UPDATE demo.gen_gender SET term = path::tst_hub.term;

-- 1024 means sets per grp: 0..3 distinct terms
CREATE TABLE demo.gen_means AS
WITH d AS (
    SELECT grp, i, p,
           (CASE grp
               WHEN 1 THEN (SELECT demo.slots(array_agg(w1 ORDER BY c_idx), 4096) FROM demo.gen_control)
               WHEN 2 THEN (SELECT demo.slots(array_agg(w2 ORDER BY c_idx), 4096) FROM demo.gen_control)
               ELSE        (SELECT demo.slots(array_agg(w3 ORDER BY c_idx), 4096) FROM demo.gen_control)
           END)[1 + floor(random() * 4096)::int] AS c_idx,
           random() < 0.8 - 0.2 * p AS keep
      FROM generate_series(1, 3) grp, generate_series(0, 1023) i, generate_series(1, 3) p
)
SELECT d.grp, d.i, coalesce(tst_hub.term_set(array_agg(DISTINCT c.term) FILTER (WHERE d.keep)),
                            '{}'::tst_hub.term_set) AS means
  FROM d JOIN demo.gen_control c USING (c_idx)
 GROUP BY d.grp, d.i;
ALTER TABLE demo.gen_means ADD PRIMARY KEY (grp, i);

-- ---------------------------------------------------------------- planted patterns
-- Three cities that turn hot late (new, intensifying, a long build-up) and one
-- that cools down; each in one kind of exploitation. Cities of mid rank, so the
-- pattern is not lost in the biggest city of a country.
CREATE TABLE demo.gen_planted AS
WITH mid AS (
    SELECT city_id, iso2, row_number() OVER (ORDER BY weight DESC, city_id) AS rk FROM demo.gen_cities
), p(k, rk, path, share, first_day, last_day, rising, story) AS (
    VALUES (1, 18, 'exploitation/labour/agriculture', 0.014, date '2025-03-01', date '2025-12-31', true,
                'new: seasonal farm work recruited through a labour agency, since spring 2025'),
           (2, 31, 'exploitation/criminality/online_scam', 0.016, date '2024-01-01', date '2025-12-31', true,
                'intensifying: scam compounds holding recruited workers, growing since 2024'),
           (3, 45, 'exploitation/labour/construction', 0.010, date '2023-06-01', date '2025-12-31', true,
                'a long build-up on construction sites'),
           (4, 24, 'exploitation/sexual/prostitution', 0.012, date '2021-01-01', date '2025-12-31', false,
                'diminishing: a network taken apart step by step since 2021')
)
SELECT p.k, m.city_id, m.iso2, p.path, p.path::tst_hub.term AS term, e.e_idx, p.share,
       -- the records with id % 1000 in [lo, hi) are this pattern's
       round(1000 * (sum(p.share) OVER (ORDER BY p.k) - p.share))::int AS lo,
       round(1000 * sum(p.share) OVER (ORDER BY p.k))::int AS hi,
       p.first_day, p.last_day, p.rising, p.story
  FROM p JOIN mid m USING (rk)
  JOIN demo.gen_exploitation e ON e.path = p.path;

-- ---------------------------------------------------------------- incidents
-- Step 1, the per-record random draws. x is the person number: 1 + floor(P u^1.15)
-- with P = 1.25 n gives about 2/3 n persons, most seen once, some many times.
-- Planted records get persons of their own (x above every base person).
CREATE UNLOGGED TABLE demo.gen_draws AS
SELECT g AS id,
       1 + floor(1.25 * :n * power(random(), 1.15))::int8 AS x,
       random() AS u_org, random() AS u_local,
       ((SELECT demo.slots(array_agg(weight ORDER BY org_id), 65536) FROM demo.gen_orgs))
           [1 + floor(random() * 65536)::int] AS any_org,
       (demo.slots(demo.day_weights(), 131072))
           [1 + floor(random() * 131072)::int] AS day_idx,
       floor(random() * 60)::int AS report_delay,
       sqrt(-2 * ln(1 - random())) AS rad, 2 * pi() * random() AS ang,
       floor(random() * 1024)::int AS pool_i,
       random() AS u_ind, random() AS u_ind_pick, random() AS u_suspect, random() AS u_centroid
  FROM generate_series(1, :n) AS g;

-- Planted records replace base records (ids spread over the whole run, every
-- (1/share)-th one), so n stays n.
CREATE UNLOGGED TABLE demo.gen_planted_rows AS
SELECT d.id, p.k, p.city_id, p.e_idx,
       CASE WHEN p.rising
            THEN p.first_day + floor((p.last_day - p.first_day) * sqrt(random()))::int
            ELSE p.first_day + floor((p.last_day - p.first_day) * (1 - sqrt(random())))::int
       END AS day
  FROM demo.gen_planted p
  JOIN demo.gen_draws d ON d.id % 1000 >= p.lo AND d.id % 1000 < p.hi;
ALTER TABLE demo.gen_planted_rows ADD PRIMARY KEY (id);

-- Step 2: join the draws to the dimensions; person attributes from hashes of x.
CREATE UNLOGGED TABLE demo.gen_incidents AS
WITH p AS (
    SELECT d.*, pr.k AS planted, pr.e_idx AS planted_e_idx, pr.day AS planted_day,
           CASE WHEN pr.k IS NOT NULL THEN 2000000000 + d.id ELSE d.x END AS person,
           coalesce(pr.city_id,
               ((SELECT demo.slots(array_agg(weight ORDER BY city_id), 262144) FROM demo.gen_cities))
                   [1 + floor(demo.u(d.x, 1) * 262144)::int]) AS city_id,
           ((SELECT demo.slots(array_agg(weight ORDER BY e_idx), 65536) FROM demo.gen_exploitation))
               [1 + floor(demo.u(d.x, 2) * 65536)::int] AS e_idx0,
           bench_u.u_gender, bench_u.u_age1, bench_u.u_age2, bench_u.u_cit
      FROM demo.gen_draws d
      LEFT JOIN demo.gen_planted_rows pr USING (id)
      CROSS JOIN LATERAL (SELECT demo.u(d.x, 4) AS u_gender, demo.u(d.x, 5) AS u_age1,
                                 demo.u(d.x, 6) AS u_age2, demo.u(d.x, 7) AS u_cit) bench_u
), q AS (
    SELECT p.*, e.term, e.grp, e.path AS e_path, e.p_industry, e.industry_terms,
           (CASE e.grp
               WHEN 1 THEN (SELECT demo.slots(array_agg(w1 ORDER BY g_idx), 4096) FROM demo.gen_gender)
               WHEN 2 THEN (SELECT demo.slots(array_agg(w2 ORDER BY g_idx), 4096) FROM demo.gen_gender)
               ELSE        (SELECT demo.slots(array_agg(w3 ORDER BY g_idx), 4096) FROM demo.gen_gender)
           END)[1 + floor(p.u_gender * 4096)::int] AS g_idx
      FROM p
      JOIN demo.gen_exploitation e
        ON e.e_idx = coalesce(p.planted_e_idx, p.e_idx0)
), o AS (
    -- three in four records come from an organisation seated in the country of the
    -- city (if there is one), the others from anywhere
    SELECT country_idx, array_agg(org_id ORDER BY org_id) AS orgs
      FROM demo.gen_orgs WHERE country_idx IS NOT NULL AND org_id <> 3 GROUP BY country_idx
)
SELECT q.id::int8 AS id,
       (CASE WHEN q.u_local < 0.75 AND o.orgs IS NOT NULL
             THEN o.orgs[1 + floor(q.u_org * cardinality(o.orgs))::int]
             ELSE q.any_org END)::int4 AS org_id,
       q.person, q.planted,
       c.iso2 AS country,
       greatest(-89.0, least(89.0, c.lat + 0.12 * q.rad * sin(q.ang)))::float8 AS lat,
       greatest(-179.9, least(179.9, c.lon + 0.12 / greatest(cos(radians(c.lat)), 0.2) * q.rad * cos(q.ang)))::float8 AS lon,
       q.u_centroid < 0.04 AS centroid_only,
       coalesce(q.planted_day, date '2021-01-01' + (q.day_idx - 1)) AS day,
       q.report_delay,
       q.term AS exploitation,
       m.means,
       CASE WHEN q.u_ind < q.p_industry
            THEN q.industry_terms[1 + floor(q.u_ind_pick * cardinality(q.industry_terms))::int] END AS industry,
       g.term AS gender,
       (CASE WHEN q.e_path IN ('exploitation/sexual/online/children', 'exploitation/child_labour')
                 THEN 5 + floor(q.u_age1 * 13)
             ELSE greatest(5, least(70, round(24 * exp(0.38 * sqrt(-2 * ln(1 - q.u_age1))
                                                        * cos(2 * pi() * q.u_age2)))))
        END)::int4 AS age,
       -- citizenship: the country itself for 60 %, else a country of the head
       CASE WHEN q.u_cit < 0.6 THEN c.iso2
            ELSE (SELECT array_agg(iso2 ORDER BY country_idx) FROM demo.gen_countries WHERE country_idx <= 20)
                     [1 + floor((q.u_cit - 0.6) / 0.4 * 20)::int] END AS citizenship,
       CASE WHEN q.u_suspect < 0.3 THEN 1 + floor(q.u_suspect / 0.3 * (:n / 8 + 1))::int8 END AS suspect
  FROM q
  JOIN demo.gen_cities c USING (city_id)
  JOIN demo.gen_means m ON m.grp = q.grp AND m.i = q.pool_i
  JOIN demo.gen_gender g USING (g_idx)
  LEFT JOIN o ON o.country_idx = c.country_idx
 ORDER BY q.id;

-- The partner NGO (organisation 3): some Mexican records are its own. 1 in 3
-- records of its country, at most 25,000, are written to its export file below
-- instead of being inserted here.
UPDATE demo.gen_incidents SET org_id = 3
 WHERE id IN (SELECT id FROM demo.gen_incidents
               WHERE country = 'MX' AND id % 3 = 0 AND planted IS NULL ORDER BY id LIMIT 25000);

DROP TABLE demo.gen_draws, demo.gen_planted_rows;

-- ---------------------------------------------------------------- into the hub
-- What ingest would write for each record: keyed pseudonyms of the person and
-- suspect numbers (under the hub scope; the raw numbers stay in demo.gen_incidents,
-- a stand-in for the partners' own systems), the point and its cell at the hub
-- resolution, or the country centroid for the few records that give only a country.
INSERT INTO tst_hub.incidents
       (org_id, source_id, occurred_from, occurred_to, reported_on, reported_until, geom, country,
        cell, location_precision, exploitation, means, industry, victims, suspects, age_band,
        minor, gender, citizenship)
SELECT g.org_id, g.org_id * 10 + 1 + (g.id % 3 = 0)::int, g.day, g.day,
       least(g.day + g.report_delay, date '2025-12-31'), least(g.day + g.report_delay, date '2025-12-31'),
       CASE WHEN g.centroid_only THEN c.centroid ELSE ST_SetSRID(ST_MakePoint(g.lon, g.lat), 4326) END,
       g.country,
       CASE WHEN g.centroid_only THEN c.centroid_cell ELSE tst_hub.cell(g.lat, g.lon, 8) END,
       CASE WHEN g.centroid_only THEN 'country_centroid' ELSE 'point' END,
       g.exploitation, g.means, g.industry,
       ARRAY[tst_hub.pseudonymise('raw', 'demo-person:' || g.person, 'hub')],
       CASE WHEN g.suspect IS NULL THEN '{}'::tst_hub.pseudonym[]
            ELSE ARRAY[tst_hub.pseudonymise('raw', 'demo-suspect:' || g.suspect, 'hub')] END,
       tst_hub.age_band(g.age), tst_hub.is_minor(g.age), g.gender, g.citizenship
  FROM demo.gen_incidents g
  JOIN tst_hub.countries c ON c.iso2 = g.country
 WHERE g.org_id <> 3 OR g.planted IS NOT NULL
 ORDER BY g.id;

-- persons: one row per (organisation, person, role), as ingest writes them
INSERT INTO tst_hub.persons (org_id, person, role, first_seen, gender, citizenship)
SELECT DISTINCT ON (i.org_id, p.person, p.role) i.org_id, p.person, p.role, i.reported_on,
       CASE WHEN p.role = 'victim' THEN i.gender END, CASE WHEN p.role = 'victim' THEN i.citizenship END
  FROM tst_hub.incidents i
 CROSS JOIN LATERAL (SELECT x AS person, 'victim' AS role FROM unnest(i.victims) x
                     UNION ALL
                     SELECT x, 'suspect' FROM unnest(i.suspects) x) p
 ORDER BY i.org_id, p.person, p.role, i.reported_on, i.incident_id;

-- The partner's export, in its own (Spanish) labels: the terms' Spanish labels,
-- which the partner maps once in category_map (demo/ingest.sql).
CREATE TABLE demo.partner_export AS
SELECT 'MX-' || lpad(g.id::text, 8, '0') AS record_id,
       'demo-person:' || g.person AS victim_id,
       CASE WHEN g.suspect IS NOT NULL THEN 'demo-suspect:' || g.suspect END AS suspect_id,
       g.day AS occurred_on, least(g.day + g.report_delay, date '2025-12-31') AS reported_on,
       round(g.lat::numeric, 5) AS latitude, round(g.lon::numeric, 5) AS longitude, g.country,
       tst_hub.label(g.exploitation, 'es') AS exploitation,
       (SELECT string_agg(tst_hub.label(t, 'es'), '; ' ORDER BY t::text) FROM unnest(tst_hub.terms(g.means)) t) AS means,
       tst_hub.label(g.industry, 'es') AS industry,
       tst_hub.label(g.gender, 'es') AS gender, g.age, g.citizenship
  FROM demo.gen_incidents g
 WHERE g.org_id = 3 AND g.planted IS NULL
 ORDER BY g.id;
\set copycmd '\\copy demo.partner_export TO ' :'partner_csv' ' WITH (FORMAT csv, HEADER true)'
:copycmd

SELECT (SELECT count(*) FROM tst_hub.organisations) AS organisations,
       (SELECT count(*) FROM tst_hub.sources) AS sources,
       (SELECT count(*) FROM tst_hub.incidents) AS incidents_inserted,
       (SELECT count(*) FROM tst_hub.persons) AS persons,
       (SELECT count(*) FROM demo.partner_export) AS partner_export_rows,
       (SELECT count(*) FROM demo.gen_incidents WHERE planted IS NOT NULL) AS planted_rows
\gset
\echo '    organisations' :organisations ', sources' :sources ', incidents inserted' :incidents_inserted '(planted' :planted_rows '), persons' :persons ', partner export rows' :partner_export_rows

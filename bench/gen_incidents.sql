-- bench/gen_incidents.sql: seeded synthetic hub data set for the benchmarks in bench/.
--
--   psql -v n=1200000 -v centroids=data/external/country_centroids.csv -f bench/gen_incidents.sql
--
-- Needs the tst_hub extension in the database. Drops and recreates schema bench.
-- Variables: n (incident rows, default 1200000), centroids (country centroid CSV with
-- header iso3,name,lat,lon; default data/external/country_centroids.csv).
--
-- Creates
--   bench.incidents      n rows: id, org_id, person_id, country (ISO3), city_id, lat, lon,
--                        occurred, exploitation term, exploitation_l1 (small int code of the
--                        level-1 category, see bench.exploitation_l1), means term_set,
--                        industry term (nullable), gender term, age
--   bench.strings        1,000,000 rows: term_text (canonical path of a random term),
--                        int_text (random integer as text)
--   bench.label_strings  200,000 rows: label_text (a display label, any language, that names
--                        exactly one term), int_text
--   dimension tables     countries, cities, orgs, exploitation_mix, exploitation_l1,
--                        control_mix, gender_mix, means_pool
--   statistics           on cell(lat, lon, 7) and cell_id(cell(lat, lon, 7)) of incidents
--
-- How it is generated (set-based, no per-row plpgsql): every categorical choice is drawn by
-- indexing an int[] "slot array" (bench.slots: k items spread over S slots in proportion
-- to their weights) with floor(random() * S). The arrays are built by uncorrelated scalar
-- subqueries, so each is computed once per statement (an InitPlan) and read in O(1) per row.
-- Attributes of a person (city, exploitation, gender, age, home organisation) are derived
-- from hashes of the person number, so the repeat records of one person agree; the
-- per-record draws (organisation, date, position, means, industry) use random() after
-- setseed. Same n and same vocabulary give the same data.
--
-- Realism, roughly: 100 countries with Zipf weights; ~300 cities scattered around the
-- country centroids with Zipf weights inside each country; points a few km around the city;
-- 2021-01-01 .. 2025-12-31 with a yearly sine (+-25%, peak in summer) and a ~35% upward
-- trend over the five years; exploitation ~45% sexual, ~40% labour, ~15% other; 0..4
-- means from control/* depending on the kind of exploitation; 130 organisations with Zipf
-- sizes; ~2/3 as many persons as rows, a person's records mostly in one "home"
-- organisation and sometimes in others; gender and age depend on the kind of exploitation.

\set ON_ERROR_STOP on
\if :{?n}
\else
\set n 1200000
\endif
\if :{?centroids}
\else
\set centroids data/external/country_centroids.csv
\endif

SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET max_parallel_workers_per_gather = 0;   -- serial plans keep the row order, hence the data, fixed
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';

DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
COMMENT ON SCHEMA bench IS 'synthetic benchmark data (bench/gen_incidents.sql); safe to drop';

SELECT setseed(0.4242);

\set gen_schema bench
\ir synthetic.sql

-- ---------------------------------------------------------------- geography
CREATE UNLOGGED TABLE bench._centroids (iso3 text, name text, lat float8, lon float8);
\set copycmd '\\copy bench._centroids FROM ' :'centroids' ' WITH (FORMAT csv, HEADER true)'
:copycmd

CREATE TABLE bench.countries AS
SELECT row_number() OVER (ORDER BY r)::int AS country_idx, iso3, name, lat, lon,
       1.0 / row_number() OVER (ORDER BY r) AS weight            -- Zipf, s = 1
FROM (SELECT *, random() AS r FROM (SELECT * FROM bench._centroids ORDER BY iso3) s0) s
ORDER BY r
LIMIT 100;
UPDATE bench.countries SET weight = weight / (SELECT sum(weight) FROM bench.countries);

-- 1 + 200 * share cities per country (about 300 in all), around the centroid
-- (sigma 2 degrees); weights Zipf (s = 1.1) by rank inside the country.
CREATE TABLE bench.cities AS
WITH c AS (
    SELECT c.*, k,
           sqrt(-2 * ln(1 - random())) AS rad, 2 * pi() * random() AS ang
    FROM bench.countries c, generate_series(1, 1 + round(200 * c.weight)::int) AS k
    ORDER BY c.country_idx, k
)
SELECT row_number() OVER (ORDER BY country_idx, k)::int AS city_id,
       country_idx, iso3,
       greatest(-89.9, least(89.9, lat + 2.0 * rad * sin(ang))) AS lat,
       greatest(-180.0, least(180.0,
           lon + least(6.0, 2.0 / greatest(cos(radians(lat)), 0.2)) * rad * cos(ang))) AS lon,
       weight * (power(k, -1.1) / sum(power(k, -1.1)) OVER (PARTITION BY country_idx)) AS weight
FROM c;

-- ---------------------------------------------------------------- organisations
CREATE TABLE bench.orgs AS
SELECT g AS org_id, 1.0 / power(g, 0.9) AS weight FROM generate_series(1, 130) AS g;

-- ---------------------------------------------------------------- taxonomy mixes
-- Level-1 exploitation categories and the small int the baselines compare against.
CREATE TABLE bench.exploitation_l1 (l1 int4 PRIMARY KEY, path text NOT NULL, term tst_hub.term);
INSERT INTO bench.exploitation_l1 (l1, path) VALUES
    (1, 'exploitation/sexual'), (2, 'exploitation/labour'), (3, 'exploitation/marriage'),
    (4, 'exploitation/begging'), (5, 'exploitation/criminality'), (6, 'exploitation/other'),
    (7, 'exploitation/servitude'), (8, 'exploitation/slavery'), (9, 'exploitation/child_labour'),
    (10, 'exploitation/military'), (11, 'exploitation/organ_removal'),
    (12, 'exploitation/adoption'), (13, 'exploitation/surrogacy');
UPDATE bench.exploitation_l1 SET term = path::tst_hub.term;

-- grp: 1 sexual, 2 labour, 3 other (drives means, gender, age). Weights in percent.
-- Two rows are level-1 nodes themselves (sub-type unknown), as in real intake data.
CREATE TABLE bench.exploitation_mix (
    e_idx serial PRIMARY KEY, path text NOT NULL, weight float8 NOT NULL, grp int NOT NULL,
    p_industry float8 NOT NULL DEFAULT 0, industries text[] NOT NULL DEFAULT '{}',
    term tst_hub.term, l1 int4, industry_terms tst_hub.term[]);
INSERT INTO bench.exploitation_mix (path, weight, grp, p_industry, industries) VALUES
    ('exploitation/sexual',                     3.0, 1, 0.10, '{industry/i/55,industry/s}'),
    ('exploitation/sexual/prostitution',       22.0, 1, 0.15, '{industry/i/55,industry/i/56/beverages,industry/s,industry/r}'),
    ('exploitation/sexual/private_services',    5.0, 1, 0.15, '{industry/s,industry/i/55,industry/t}'),
    ('exploitation/sexual/pornography',         4.0, 1, 0.10, '{industry/j,industry/r}'),
    ('exploitation/sexual/remote_interactive',  3.5, 1, 0.10, '{industry/j}'),
    ('exploitation/sexual/online/children',     3.5, 1, 0.05, '{industry/j}'),
    ('exploitation/sexual/other',               4.0, 1, 0.05, '{industry/s}'),
    ('exploitation/labour',                     3.0, 2, 0.50, '{industry/a/01/011,industry/f,industry/c/14,industry/t,industry/i/56/food}'),
    ('exploitation/labour/agriculture',         9.0, 2, 0.70, '{industry/a/01/011,industry/a/01/013,industry/a/01/014,industry/a/01/015,industry/a/01/016,industry/a/01/other}'),
    ('exploitation/labour/construction',        7.0, 2, 0.80, '{industry/f}'),
    ('exploitation/labour/domestic_work',       6.0, 2, 0.80, '{industry/t}'),
    ('exploitation/labour/hospitality',         4.5, 2, 0.70, '{industry/i/55,industry/i/56/food,industry/i/56/beverages}'),
    ('exploitation/labour/manufacturing',       4.0, 2, 0.70, '{industry/c/10,industry/c/13,industry/c/14,industry/c/15,industry/c/22,industry/c/26}'),
    ('exploitation/labour/aquafarming',         1.5, 2, 0.80, '{industry/a/03/marine,industry/a/03/freshwater}'),
    ('exploitation/labour/mining',              1.5, 2, 0.80, '{industry/b}'),
    ('exploitation/labour/transportation',      1.0, 2, 0.70, '{industry/h/49,industry/h/50}'),
    ('exploitation/labour/peddling',            1.0, 2, 0.50, '{industry/g}'),
    ('exploitation/labour/other',               1.5, 2, 0.40, '{industry/n/81,industry/s,industry/e}'),
    ('exploitation/marriage',                   3.0, 3, 0.00, '{}'),
    ('exploitation/begging',                    2.5, 3, 0.00, '{}'),
    ('exploitation/criminality/online_scam',    3.0, 3, 0.30, '{industry/j,industry/n/82}'),
    ('exploitation/other',                      2.0, 3, 0.10, '{industry/s,industry/g}'),
    ('exploitation/servitude',                  1.5, 3, 0.20, '{industry/t}'),
    ('exploitation/slavery',                    0.5, 3, 0.20, '{industry/a/01/011,industry/t}'),
    ('exploitation/child_labour',               1.0, 3, 0.50, '{industry/a/01/011,industry/c/13,industry/g}'),
    ('exploitation/military/non_state',         0.5, 3, 0.00, '{}'),
    ('exploitation/organ_removal',              0.3, 3, 0.00, '{}'),
    ('exploitation/adoption',                   0.2, 3, 0.00, '{}'),
    ('exploitation/surrogacy',                  0.5, 3, 0.00, '{}');
-- the casts fail loudly if the vocabulary renames a term the mix uses
UPDATE bench.exploitation_mix m
SET term = m.path::tst_hub.term,
    industry_terms = m.industries::tst_hub.term[],
    l1 = (SELECT l.l1 FROM bench.exploitation_l1 l
          WHERE l.path = split_part(m.path, '/', 1) || '/' || split_part(m.path, '/', 2));
DO $$
BEGIN
    IF EXISTS (SELECT FROM bench.exploitation_mix WHERE l1 IS NULL) THEN
        RAISE EXCEPTION 'exploitation_mix row without a level-1 code';
    END IF;
END $$;

-- control/* weights for means, per grp.
CREATE TABLE bench.control_mix (c_idx serial PRIMARY KEY, path text NOT NULL,
    w1 float8 NOT NULL, w2 float8 NOT NULL, w3 float8 NOT NULL, term tst_hub.term);
INSERT INTO bench.control_mix (path, w1, w2, w3) VALUES
    ('control/debt_bondage',               8, 14, 8),
    ('control/excessive_working_hours',    2, 14, 6),
    ('control/false_promises',             8, 10, 8),
    ('control/other',                      2,  2, 3),
    ('control/physical_abuse',             8,  5, 6),
    ('control/psychoactive_substances',    6,  1, 3),
    ('control/psychological_abuse',       12,  6, 8),
    ('control/restricts_financial_access', 3,  5, 4),
    ('control/restricts_medical_care',     2,  3, 2),
    ('control/restricts_movement',        10,  8, 8),
    ('control/sexual_abuse',              14,  1, 4),
    ('control/takes_earnings',            10, 10, 6),
    ('control/threats/family',             5,  3, 4),
    ('control/threats/law_enforcement',    3,  6, 3),
    ('control/threats/violence',          10,  6, 6),
    ('control/uses_children',              1,  1, 3),
    ('control/withholds_documents',        7, 12, 6),
    ('control/withholds_necessities',      2,  5, 4);
UPDATE bench.control_mix SET term = path::tst_hub.term;

CREATE TABLE bench.gender_mix (g_idx serial PRIMARY KEY, path text NOT NULL,
    w1 float8 NOT NULL, w2 float8 NOT NULL, w3 float8 NOT NULL, term tst_hub.term);
INSERT INTO bench.gender_mix (path, w1, w2, w3) VALUES
    ('gender/feminine',                      88.0, 38.0, 60.0),
    ('gender/masculine',                      8.0, 58.0, 37.0),
    ('gender/unspecified',                    2.0,  2.5,  2.0),
    ('gender/diverse/transgender_feminine',   1.2,  0.6,  0.5),
    ('gender/diverse/transgender_masculine',  0.3,  0.4,  0.2),
    ('gender/diverse/non_conforming',         0.5,  0.5,  0.3);
UPDATE bench.gender_mix SET term = path::tst_hub.term;

-- Pool of means sets per grp (4096 each); a record picks one at random. Set size 0..4
-- (20/30/25/15/10%), drawn as the first k distinct of 10 weighted draws.
CREATE TABLE bench.means_pool AS
WITH k AS (
    SELECT grp, i,
           ((SELECT bench.slots('{20,30,25,15,10}', 1000)))[1 + floor(random() * 1000)::int] - 1 AS k
    FROM generate_series(1, 3) AS grp, generate_series(0, 4095) AS i
), d AS (
    SELECT k.grp, k.i, k.k, p.pos,
           (CASE k.grp
               WHEN 1 THEN (SELECT bench.slots(array_agg(w1 ORDER BY c_idx), 4096) FROM bench.control_mix)
               WHEN 2 THEN (SELECT bench.slots(array_agg(w2 ORDER BY c_idx), 4096) FROM bench.control_mix)
               ELSE        (SELECT bench.slots(array_agg(w3 ORDER BY c_idx), 4096) FROM bench.control_mix)
           END)[1 + floor(random() * 4096)::int] AS c_idx
    FROM k, generate_series(1, 10) AS p(pos)
    WHERE k.k > 0
), f AS (
    SELECT grp, i, k, c_idx, min(pos) AS pos FROM d GROUP BY grp, i, k, c_idx
), r AS (
    SELECT f.*, row_number() OVER (PARTITION BY grp, i ORDER BY pos) AS rn FROM f
), s AS (
    SELECT r.grp, r.i, tst_hub.term_set(array_agg(c.term ORDER BY r.pos)) AS means
    FROM r JOIN bench.control_mix c USING (c_idx)
    WHERE r.rn <= r.k
    GROUP BY r.grp, r.i
)
SELECT k.grp, k.i, coalesce(s.means, '{}'::tst_hub.term_set) AS means
FROM k LEFT JOIN s USING (grp, i);
ALTER TABLE bench.means_pool ADD PRIMARY KEY (grp, i);

-- ---------------------------------------------------------------- incidents
-- Step 1: the per-record random draws (kept apart so later joins cannot reorder them).
-- x is the person number: 1 + floor(P * u^1.15) with P = 1.25 n gives ~2/3 n distinct
-- persons, most once, some many times.
CREATE UNLOGGED TABLE bench._draws AS
SELECT g AS id,
       1 + floor(1.25 * :n * power(random(), 1.15))::int8 AS x,
       random() < 0.12 AS other_org,
       ((SELECT bench.slots(array_agg(weight ORDER BY org_id), 65536) FROM bench.orgs))
           [1 + floor(random() * 65536)::int] AS any_org,
       (bench.slots(bench.day_weights(), 131072))
           [1 + floor(random() * 131072)::int] AS day_idx,
       floor(random() * 86400)::int AS second_of_day,
       sqrt(-2 * ln(1 - random())) AS rad, 2 * pi() * random() AS ang,
       floor(random() * 4096)::int AS pool_i,
       random() AS u_ind, random() AS u_ind_pick
FROM generate_series(1, :n) AS g;

-- Step 2: join the draws to the dimensions; person attributes from hashes of x.
CREATE TABLE bench.incidents AS
WITH p AS (
    SELECT d.*,
           ((SELECT bench.slots(array_agg(weight ORDER BY city_id), 262144) FROM bench.cities))
               [1 + floor(bench.u(d.x, 1) * 262144)::int] AS city_id,
           ((SELECT bench.slots(array_agg(weight ORDER BY e_idx), 65536) FROM bench.exploitation_mix))
               [1 + floor(bench.u(d.x, 2) * 65536)::int] AS e_idx,
           ((SELECT bench.slots(array_agg(weight ORDER BY org_id), 65536) FROM bench.orgs))
               [1 + floor(bench.u(d.x, 3) * 65536)::int] AS home_org,
           bench.u(d.x, 4) AS u_gender, bench.u(d.x, 5) AS u_age1, bench.u(d.x, 6) AS u_age2
    FROM bench._draws d
), q AS (
    SELECT p.*, e.term AS exploitation, e.l1, e.grp, e.path AS e_path, e.p_industry, e.industry_terms,
           (CASE e.grp
               WHEN 1 THEN (SELECT bench.slots(array_agg(w1 ORDER BY g_idx), 4096) FROM bench.gender_mix)
               WHEN 2 THEN (SELECT bench.slots(array_agg(w2 ORDER BY g_idx), 4096) FROM bench.gender_mix)
               ELSE        (SELECT bench.slots(array_agg(w3 ORDER BY g_idx), 4096) FROM bench.gender_mix)
           END)[1 + floor(p.u_gender * 4096)::int] AS g_idx
    FROM p JOIN bench.exploitation_mix e USING (e_idx)
)
SELECT q.id::int8 AS id,
       (CASE WHEN q.other_org THEN q.any_org ELSE q.home_org END)::int4 AS org_id,
       -- odd multiplier mod 2^40: a bijection that scatters the person numbers
       (1 + (q.x * 2654435761) % 1099511627776)::int8 AS person_id,
       c.iso3 AS country,
       q.city_id::int4 AS city_id,
       greatest(-90.0, least(90.0, c.lat + 0.03 * q.rad * sin(q.ang)))::float8 AS lat,
       greatest(-180.0, least(180.0,
           c.lon + 0.03 / greatest(cos(radians(c.lat)), 0.2) * q.rad * cos(q.ang)))::float8 AS lon,
       timestamptz '2021-01-01 00:00:00+00' + (q.day_idx - 1) * interval '1 day'
           + q.second_of_day * interval '1 second' AS occurred,
       q.exploitation,
       q.l1::int4 AS exploitation_l1,
       mp.means,
       CASE WHEN q.u_ind < q.p_industry
            THEN q.industry_terms[1 + floor(q.u_ind_pick * cardinality(q.industry_terms))::int]
       END AS industry,
       g.term AS gender,
       (CASE
            WHEN q.e_path IN ('exploitation/sexual/online/children', 'exploitation/child_labour')
                THEN 5 + floor(q.u_age1 * 13)
            -- log-normal, median 24: exp(ln 24 + 0.38 z), z from Box-Muller
            ELSE greatest(5, least(70, round(24 * exp(0.38 * sqrt(-2 * ln(1 - q.u_age1))
                                                       * cos(2 * pi() * q.u_age2)))))
        END)::int4 AS age
FROM q
JOIN bench.cities c USING (city_id)
JOIN bench.means_pool mp ON mp.grp = q.grp AND mp.i = q.pool_i
JOIN bench.gender_mix g USING (g_idx)
ORDER BY q.id;   -- physical order = id (ingest order), whatever join order the planner picks

DROP TABLE bench._draws, bench._centroids;

-- ---------------------------------------------------------------- strings
CREATE TABLE bench.strings AS
WITH v AS (SELECT row_number() OVER (ORDER BY path)::int AS k, path FROM tst_hub.vocabulary),
     r AS (SELECT g, 1 + floor(random() * (SELECT count(*) FROM v))::int AS k,
                  (floor(random() * 4294967296) - 2147483648)::int8 AS i
           FROM generate_series(1, 1000000) AS g)
SELECT v.path AS term_text, r.i::text AS int_text
FROM r JOIN v USING (k);

-- Display labels (every language) that name exactly one term, so the cast never fails.
CREATE TABLE bench.label_strings AS
WITH l AS (
    SELECT row_number() OVER (ORDER BY text, lang)::int AS k, text
    FROM (SELECT DISTINCT ON (text) text, lang
          FROM tst_hub.vocabulary_label_rows() lr
          WHERE lr.kind = 'label'
            AND tst_hub.term_lookup(lr.text) OPERATOR(tst_hub.=) lr.term) s
), r AS (
    SELECT g, 1 + floor(random() * (SELECT count(*) FROM l))::int AS k,
           (floor(random() * 4294967296) - 2147483648)::int8 AS i
    FROM generate_series(1, 200000) AS g
)
SELECT l.text AS label_text, r.i::text AS int_text
FROM r JOIN l USING (k);

-- Expression statistics for the cell grouping of issue 8 (bench/cases/80-group_by_cell.sql):
-- 4443 groups at n = 1.2M instead of the planner's guess of one per row, so a parallel plan
-- aggregates in the workers. Built by the ANALYZE below.
CREATE STATISTICS bench.incidents_cell7 ON (tst_hub.cell(lat, lon, 7)) FROM bench.incidents;
CREATE STATISTICS bench.incidents_cell7_id
    ON (tst_hub.cell_id(tst_hub.cell(lat, lon, 7))) FROM bench.incidents;

-- Synchronous commit matters here: after an asynchronous commit VACUUM may not set hint
-- bits yet, leaves the pages not all-visible, and every later seq scan then pays a
-- visibility check per tuple (13-18% of a scan). run.sh checks relallvisible.
VACUUM ANALYZE bench.incidents;
VACUUM ANALYZE bench.strings;
VACUUM ANALYZE bench.label_strings;
VACUUM ANALYZE bench.countries, bench.cities, bench.orgs, bench.exploitation_l1,
    bench.exploitation_mix, bench.control_mix, bench.gender_mix, bench.means_pool;

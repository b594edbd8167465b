-- Getting started: the demo's steps by hand, in a fresh database (psql, from the repository root).
CREATE EXTENSION IF NOT EXISTS tst_hub CASCADE;
SET search_path = public, tst_hub;

-- 1. Organisations, their sources (graded 1-3) and the hub-wide pseudonym key.
INSERT INTO organisations (org_id, code, name, country) VALUES
    (1, 'ngo-intl', 'International NGO', NULL), (2, 'ctdc', 'CTDC release', NULL),
    (3, 'police-ro', 'Police, Romania', 'RO'), (4, 'ngo-ro', 'NGO, Romania', 'RO'),
    (5, 'buyer', 'Buyer Ltd', 'GB');
INSERT INTO sources (source_id, org_id, code, name, reliability)
SELECT org_id * 10 + 1, org_id, 'cases', 'Case system', '1' FROM organisations;
SELECT key_create('hub');

-- 2. Incidents: 30,000 records around two cities over five years, victims as keyed
--    pseudonyms; construction sites near Constanta become a hot spot in 2025.
SELECT setseed(0.42);
INSERT INTO incidents (org_id, source_id, occurred_from, occurred_to, reported_on, reported_until,
                       geom, country, cell, location_precision, exploitation, industry, victims)
SELECT org, org * 10 + 1, day, day, day, day, ST_SetSRID(ST_MakePoint(lon, lat), 4326), 'RO',
       cell(lat, lon, hub_cell_resolution()), 'point', kind::term,
       CASE WHEN kind LIKE '%construction' THEN 'industry/f'::term END,
       ARRAY[pseudonymise('raw', 'person:' || person, 'hub')]
  FROM (SELECT 1 + (g % 3 = 0)::int * 2 + (g % 3 = 1)::int * 3 AS org,
               1 + floor(random() * 20000)::int AS person,
               CASE WHEN late THEN date '2025-01-01' + floor(random() * 365)::int
                    ELSE date '2021-01-01' + floor(random() * 1826)::int END AS day,
               CASE WHEN late THEN 44.18 WHEN g % 2 = 0 THEN 44.43 ELSE 46.77 END
                   + (random() - 0.5) * CASE WHEN late THEN 0.2 ELSE 0.6 END AS lat,
               CASE WHEN late THEN 28.63 WHEN g % 2 = 0 THEN 26.10 ELSE 23.60 END
                   + (random() - 0.5) * CASE WHEN late THEN 0.3 ELSE 0.8 END AS lon,
               CASE WHEN late THEN 'exploitation/labour/construction'
                    WHEN g % 5 < 3 THEN 'exploitation/sexual' ELSE 'exploitation/labour' END AS kind
          FROM generate_series(1, 30000) g, LATERAL (SELECT g % 10 = 0 AS late) l) x;

-- 3. Ingest a partner export: the CTDC victim-perpetrator file, as published.
\set data `cat data/external/ctdc_vp_synthetic_2022_condensed.csv`
SELECT batch_id, rows_read, rows_accepted, rows_rejected
  FROM ingest_csv(2, 'ctdc', :'data', 21, 'ctdc_vp_2022.csv');

-- 4. Counts of people, withheld below k (11): victims by type, across organisations.
SELECT rollup(exploitation, 1) AS type, safe_count_r(v) AS victims
  FROM incidents, unnest(victims) v WHERE exploitation IS NOT NULL GROUP BY 1 ORDER BY 1;

-- 5. A cube of people (cells of ~30 km, 28-day bins), hot spots of the last bin in
--    distinct victims (a cell with 1..k-1 persons taken as 0 and not shown: reason
--    below_k), and the emerging hot spot categories.
CREATE TABLE cube28 AS
SELECT st_cube_people(cell_parent(cell, 5), occurred_from::timestamptz, '28 days',
                      '2021-01-07'::timestamptz, v) AS c
  FROM incidents, unnest(victims) v
 WHERE location_precision = 'point' AND occurred_from >= '2021-01-07';
SELECT cell, value AS victims, round(z::numeric, 2) AS z, bin AS gi_bin
  FROM hotspots((SELECT c FROM cube28))
 WHERE bin_start = '2025-12-04' AND bin <> 0 AND reason IS NULL
 ORDER BY z DESC LIMIT 5;
SELECT category, count(*) AS cells FROM emerging_hotspots((SELECT c FROM cube28)) GROUP BY 1 ORDER BY 2 DESC;

-- 6. The weekly trend of released counts: Mann-Kendall and Sen's slope.
SELECT (mann_kendall(array_agg(n ORDER BY week))).*
  FROM (SELECT date_trunc('week', occurred_from) AS week, (safe_count_r(v)).value::float8 AS n
          FROM incidents, unnest(victims) v
         WHERE exploitation <@ 'exploitation/labour' AND occurred_from >= '2021-01-04'
         GROUP BY 1) w;

-- 7. Supply-chain risk: a buyer's supplier sites against every organisation's incidents.
INSERT INTO supplier_sites (org_id, supplier, product, country, location, volume) VALUES
    (5, 'Harbour Build', 'industry/f', 'RO', ST_SetSRID(ST_MakePoint(28.60, 44.20), 4326), 300),
    (5, 'Carpathia Textiles', 'industry/c/14', 'RO', ST_SetSRID(ST_MakePoint(23.60, 46.80), 4326), 100);
SELECT supplier, near_victims, near_reason, sector_victims, sector_trend, risk_score
  FROM supply_chain_risk(5, daterange('2025-01-01', '2026-01-01'), 20);

-- 8. An intelligence report with a Key Judgement and released figures only.
INSERT INTO org_members (member, org_id) VALUES (current_user::regrole, 1);
INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
SELECT 1, 'key_judgement', 'Construction sites near Constanta', 'hub', '2B P',
       report_body('Forced labour on construction sites near Constanta appeared in 2025.',
           key_judgement('forced labour on construction sites near Constanta will continue in the first half of 2026',
                         'likely', 'moderate',
                         ARRAY(SELECT incident_id FROM incidents WHERE org_id = 1
                                  AND exploitation = 'exploitation/labour/construction' LIMIT 10),
                         terms => '{exploitation/labour/construction}',
                         during => daterange('2026-01-01', '2026-07-01')),
           report_figures('Victims by type, 2025', array_agg(type::text ORDER BY type), array_agg(n ORDER BY type)))
  FROM (SELECT rollup(exploitation, 2) AS type, safe_count_r(v) AS n
          FROM incidents, unnest(victims) v
         WHERE occurred_from >= '2025-01-01' AND exploitation IS NOT NULL GROUP BY 1) f
RETURNING report_id \gset
SELECT render_report(:report_id);

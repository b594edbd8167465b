-- demo/analyses.sql: the hub's analyses, every figure a partner sees through the
-- disclosure-controlled functions (tools/demo.sh step 4).
--
--   psql -f demo/analyses.sql
--
-- Fills the interface tables the maps read (demo/render.sql):
--   demo.meta          key/value: data_date, title_suffix, bin (of the hot spot map),
--                      emerging_bin (of the emerging hot spots), unit, resolution, k
--   demo.map_hotspots  Gi* of the latest 91-day bin, cells of ~30 km (resolution 5),
--                      of distinct victims, a cell below k counted as 0 and left out
--   demo.map_emerging  emerging hot spot category per cell (28-day bins, five years),
--                      only cells with at least k persons over the period
--   demo.trend_weekly  weekly distinct victims (safe_count_r: NULL when withheld)
--   demo.trend_slopes  Sen slope and Mann-Kendall p of those weekly series, top 5 types
-- and demo.supply_chain (supply_chain_risk of one business), demo.victims_by_type and
-- demo.victims_by_region (released values) for the report.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET search_path = public, tst_hub;
SET work_mem = '256MB';

CREATE TABLE IF NOT EXISTS demo.meta (key text PRIMARY KEY, value text);
CREATE TABLE IF NOT EXISTS demo.map_hotspots (cell tst_hub.cell, gi_bin int, z float8, p float8);
CREATE TABLE IF NOT EXISTS demo.map_emerging (cell tst_hub.cell, category text);
CREATE TABLE IF NOT EXISTS demo.trend_weekly (series text, week date, n bigint);
CREATE TABLE IF NOT EXISTS demo.trend_slopes (series text, sen_slope float8, mk_p float8);
TRUNCATE demo.meta, demo.map_hotspots, demo.map_emerging, demo.trend_weekly, demo.trend_slopes;

-- The data date, and bins that end on it: 65 bins of 28 days (five years) for the
-- emerging hot spots, 4 of 91 days (the last year) for the hot spot map.
SELECT max(occurred_from) AS data_date,
       max(occurred_from) + 1 - 65 * 28 AS origin28,
       max(occurred_from) + 1 - 4 * 91 AS origin91,
       max(occurred_from) + 1 - 91 AS last91,
       coalesce(current_setting('tst_hub.min_k', true), '11') AS k,
       to_char((SELECT count(*) FROM incidents), 'FM9,999,999,999') AS incidents,
       (SELECT count(*) FROM organisations) AS organisations
  FROM incidents \gset
INSERT INTO demo.meta VALUES
    ('data_date', :'data_date'),
    ('title_suffix', 'synthetic hub, ' || :'incidents' || ' incidents, ' || :'organisations' || ' organisations'),
    ('bin', :'last91' || ' to ' || :'data_date' || ' (91 days)'),
    ('emerging_bin', '28 days, ' || :'origin28' || ' to ' || :'data_date'),
    ('resolution', '5 (hexagons about 30 km across)'),
    ('unit', 'victims'),
    ('k', :'k');

-- Cubes of people (st_cube_people): rows and distinct victims per (cell, bin), at
-- resolution 5, from the records located by a reported point (a country centroid
-- says nothing about a 30 km cell). They hold pseudonyms: they stay in this
-- database; only what the disclosure-controlled functions return leaves it.
DROP TABLE IF EXISTS demo.cubes;
CREATE TABLE demo.cubes AS
SELECT '28 days' AS bins,
       st_cube_people(cell_parent(i.cell, 5), i.occurred_from::timestamptz, '28 days', :'origin28'::timestamptz, v) AS c
  FROM incidents i, unnest(i.victims) v
 WHERE i.location_precision = 'point' AND i.occurred_from >= :'origin28'
UNION ALL
SELECT '91 days',
       st_cube_people(cell_parent(i.cell, 5), i.occurred_from::timestamptz, '91 days', :'origin91'::timestamptz, v)
  FROM incidents i, unnest(i.victims) v
 WHERE i.location_precision = 'point' AND i.occurred_from >= :'origin91';
SELECT cube_total(c) AS rows28, cube_entry_count(c) AS entries28 FROM demo.cubes WHERE bins = '28 days' \gset
\echo '    cubes of people: ' :rows28 'records in' :entries28 'cell-bins (28-day bins, 5 years)'

-- Hot spots (Getis-Ord Gi*) of the latest 91-day bin. On a cube of people,
-- hotspots counts distinct persons and takes a count below k as 0, not shown
-- (value NULL, reason below_k): z values of overlapping neighbourhoods are linear
-- in the counts, so z from exact small counts could be solved for them. The map
-- keeps the cells with a z (released persons, or none at all).
INSERT INTO demo.map_hotspots (cell, gi_bin, z, p)
SELECT h.cell, h.bin, h.z, h.p
  FROM hotspots_grid((SELECT c FROM demo.cubes WHERE bins = '91 days'), 1, NULL) h
 WHERE h.bin_start = :'last91'::timestamptz
   AND h.z IS NOT NULL AND h.reason IS NULL;
SELECT count(*) AS cells, count(*) FILTER (WHERE gi_bin > 0) AS hot, count(*) FILTER (WHERE gi_bin < 0) AS cold
  FROM demo.map_hotspots \gset
\echo '    hot spots, last 91 days:' :cells 'cells released,' :hot 'hot,' :cold 'cold'

-- Emerging hot spots over five years of 28-day bins, of distinct victims (on a
-- cube of people a (cell, bin) below k is taken as 0). A category is published for
-- a cell only when its distinct victims over the period are released too
-- (safe_count_r at least k): a pattern of a cell that never reached k says
-- something about its few victims.
DROP TABLE IF EXISTS demo.emerging;
CREATE TABLE demo.emerging AS
SELECT e.cell, e.category, e.trend_z, e.trend_p, e.hot_bins, e.cold_bins
  FROM emerging_hotspots_grid((SELECT c FROM demo.cubes WHERE bins = '28 days'), 1, 1, NULL,
                              90, 0.05, true, 'current', 'cube') e
 WHERE e.cell IN (SELECT cell_parent(i.cell, 5)
                    FROM incidents i, unnest(i.victims) v
                   WHERE i.location_precision = 'point' AND i.occurred_from >= :'origin28'
                   GROUP BY 1
                  HAVING (safe_count_r(v)).reason IS NULL);
INSERT INTO demo.map_emerging (cell, category)
SELECT cell, category FROM demo.emerging WHERE category <> 'no pattern detected';
\echo '    emerging hot spots (cells per category):'
SELECT category, count(*) AS cells FROM demo.map_emerging GROUP BY 1 ORDER BY 2 DESC, 1;

-- Weekly distinct victims of the five largest types of exploitation (level 1),
-- whole weeks only. safe_count_r withholds a week below k (n NULL, which
-- mann_kendall and sen_slope skip); a week without records is a published 0.
DROP TABLE IF EXISTS demo.weekly;
CREATE TABLE demo.weekly AS
SELECT rollup(i.exploitation, 1) AS type, date_trunc('week', i.occurred_from)::date AS week,
       safe_count_r(v) AS victims
  FROM incidents i, unnest(i.victims) v
 WHERE depth(i.exploitation) >= 1
   AND i.occurred_from >= date_trunc('week', :'origin28'::date + 6)
   AND i.occurred_from < date_trunc('week', :'data_date'::date + 1)
 GROUP BY 1, 2;
INSERT INTO demo.trend_weekly (series, week, n)
WITH top AS (
    SELECT type FROM demo.weekly GROUP BY type
     ORDER BY sum((victims).value) DESC NULLS LAST, type::text LIMIT 5
), weeks AS (
    SELECT generate_series(min(week), max(week), interval '7 days')::date AS week FROM demo.weekly
)
SELECT label(t.type), w.week,
       CASE WHEN x.type IS NULL THEN 0 ELSE (x.victims).value::bigint END
  FROM top t CROSS JOIN weeks w
  LEFT JOIN demo.weekly x ON x.type OPERATOR(tst_hub.=) t.type AND x.week = w.week;
INSERT INTO demo.trend_slopes (series, sen_slope, mk_p)
SELECT series, (sen_slope(v)).slope, (mann_kendall(v)).p
  FROM (SELECT series, array_agg(n::float8 ORDER BY week) AS v FROM demo.trend_weekly GROUP BY series) s;
\echo '    weekly victims, top 5 types (Sen slope per week, Mann-Kendall p):'
SELECT series, round(sen_slope::numeric, 2) AS sen_slope, round(mk_p::numeric, 4) AS mk_p,
       (SELECT count(*) FROM demo.trend_weekly w WHERE w.series = s.series AND w.n IS NULL) AS weeks_withheld
  FROM demo.trend_slopes s ORDER BY sen_slope DESC;

-- Victims in the last 12 months by type and by UN region (released values only).
DROP TABLE IF EXISTS demo.victims_by_type, demo.victims_by_region;
CREATE TABLE demo.victims_by_type AS
SELECT label(rollup(i.exploitation, 1)) AS label, safe_count_r(v) AS victims
  FROM incidents i, unnest(i.victims) v
 WHERE depth(i.exploitation) >= 1 AND i.occurred_from > :'data_date'::date - 365
 GROUP BY 1;
CREATE TABLE demo.victims_by_region AS
SELECT coalesce(c.un_region, 'unknown') AS label, safe_count_r(v) AS victims
  FROM incidents i JOIN countries c ON c.iso2 = i.country, unnest(i.victims) v
 WHERE i.occurred_from > :'data_date'::date - 365
 GROUP BY 1;

-- Supply-chain risk for one business of the hub, run as that business's analyst
-- (a member of tst_hub_analyst mapped to it in org_members): it lists its
-- supplier sites (some near the planted hot spots, the others in cities of the
-- generator) and reads back released counts of every organisation's incidents
-- of the last 12 months; row-level security keeps the other organisations' rows
-- from it.
SELECT org_id AS buyer FROM demo.gen_orgs WHERE kind = 'business' ORDER BY org_id LIMIT 1 \gset
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tst_hub_demo_buyer') THEN
        CREATE ROLE tst_hub_demo_buyer NOLOGIN IN ROLE tst_hub_analyst;
    END IF;
END $$;
INSERT INTO org_members (member, org_id) VALUES ('tst_hub_demo_buyer', :buyer) ON CONFLICT DO NOTHING;
DROP TABLE IF EXISTS demo.sites, demo.supply_chain;
CREATE TABLE demo.sites AS
SELECT :buyer AS org_id, s.supplier, s.product::term AS product, c.iso2 AS country,
       ST_SetSRID(ST_MakePoint(c.lon + 0.05, c.lat + 0.05), 4326) AS location, s.volume::numeric AS volume
  FROM (VALUES ('Greenfield Produce', 'industry/a/01/011', (SELECT city_id FROM demo.gen_planted WHERE k = 1), 400),
               ('Greenfield Produce', 'industry/a/01/013', 12, 150),
               ('Ironbridge Build', 'industry/f', (SELECT city_id FROM demo.gen_planted WHERE k = 3), 300),
               ('Ironbridge Build', 'industry/f', 40, 120),
               ('Northwind Apparel', 'industry/c/14', 3, 500),
               ('Northwind Apparel', 'industry/c/13', 9, 220),
               ('Northwind Apparel', 'industry/c/14', 25, 80),
               ('Bluewater Seafood', 'industry/a/03/marine', 14, 260),
               ('Harbour Hotels', 'industry/i/55', 5, 90),
               ('Harbour Hotels', 'industry/i/55', 60, 60),
               ('Circuit Components', 'industry/c/26', 20, 350),
               ('Callcentre Services', 'industry/n/82', (SELECT city_id FROM demo.gen_planted WHERE k = 2), 70))
       s(supplier, product, city_id, volume)
  JOIN demo.gen_cities c ON c.city_id = s.city_id;
CREATE TABLE demo.supply_chain AS
SELECT * FROM supply_chain_risk(:buyer, daterange(:'data_date'::date - 364, :'data_date'::date + 1), 20) WITH NO DATA;
GRANT USAGE ON SCHEMA demo TO tst_hub_demo_buyer;
GRANT SELECT ON demo.sites TO tst_hub_demo_buyer;
GRANT INSERT ON demo.supply_chain TO tst_hub_demo_buyer;
SET ROLE tst_hub_demo_buyer;
SELECT count(*) AS incidents_visible_to_buyer FROM incidents \gset
INSERT INTO supplier_sites (org_id, supplier, product, country, location, volume)
SELECT org_id, supplier, product, country, location, volume FROM demo.sites;
INSERT INTO demo.supply_chain
SELECT * FROM supply_chain_risk(:buyer, daterange(:'data_date'::date - 364, :'data_date'::date + 1), 20);
RESET ROLE;
\echo '    the buyer''s analyst sees' :incidents_visible_to_buyer 'incidents of its own organisation, and released counts of all'
\echo '    supply-chain risk of organisation' :buyer '(12 sites, last 12 months, 20 km):'
SELECT supplier, product, country, near_victims, near_reason, sector_victims, sector_trend, risk_score
  FROM demo.supply_chain ORDER BY risk_score DESC, site_id LIMIT 5;

-- test/demo/fixture.sql: fills the demo map interface tables (demo.meta, demo.map_hotspots,
-- demo.map_emerging, demo.trend_weekly, demo.trend_slopes) from real tst_hub output on the
-- synthetic data of bench/gen_incidents.sql, so that demo/render.sql can be developed and
-- checked without the full demo (tools/demo.sh fills the same tables from the hub).
-- test/demo/run.sh runs it; by hand, in a database with CREATE EXTENSION tst_hub CASCADE:
--
--   psql -v n=100000 -v centroids=data/external/country_centroids.csv -f bench/gen_incidents.sql
--   psql -v countries=data/external/ne_110m_countries.csv -f demo/render.sql
--   psql -f test/demo/fixture.sql
--
-- What it computes: 2025 in 28-day bins (13 full bins, 1 January to 30 December) on ~60 km
-- cells (resolution 4), a cube of people (st_cube_people, persons pseudonymised under a key
-- scope of its own); Gi* of the last bin (hotspots, Gi_Bin after Benjamini-Hochberg),
-- emerging hot spot categories over the year (emerging_hotspots), and weekly incident
-- counts of the five most frequent level-1 exploitation types in 2025 with their Sen slope
-- per week and Mann-Kendall p.  Disclosure control: a significant cell is shown only where
-- the last bin counted at least k = tst_hub.min_k people in it or none (cube_cells_safe);
-- the weekly series are totals of hundreds.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET search_path = public, tst_hub;

TRUNCATE demo.meta, demo.map_hotspots, demo.map_emerging, demo.trend_weekly, demo.trend_slopes;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM tst_hub.key_versions() WHERE scope = 'demo_fixture') THEN
        PERFORM tst_hub.key_create('demo_fixture');
    END IF;
END $$;

CREATE TEMP TABLE fixture_cube AS
SELECT st_cube_people(cell(lat, lon, 4), occurred, '28 days', '2025-01-01',
                      pseudonymise('raw', person_id::text, 'demo_fixture')) AS c
  FROM bench.incidents WHERE occurred >= '2025-01-01' AND occurred < '2025-12-31';

CREATE TEMP TABLE fixture_last AS
SELECT max(bin_start) AS bin_start FROM fixture_cube, cube_cells(c);

INSERT INTO demo.map_hotspots (cell, gi_bin, z, p)
SELECT h.cell, h.fdr, h.z, h.p
  FROM fixture_cube, fixture_last l, hotspots(c) h
 WHERE h.bin_start = l.bin_start AND h.fdr IS NOT NULL
   AND (h.fdr = 0
        OR NOT EXISTS (SELECT FROM cube_cells_safe(c) s
                        WHERE s.cell = h.cell AND s.bin_start = l.bin_start AND s.persons IS NULL));

INSERT INTO demo.map_emerging (cell, category)
SELECT e.cell, e.category FROM fixture_cube, emerging_hotspots(c) e;

INSERT INTO demo.trend_weekly (series, week, n)
WITH w AS (
    SELECT rollup(exploitation, 1) AS t, date_trunc('week', occurred)::date AS week, count(*) AS n
      FROM bench.incidents
     WHERE occurred >= '2024-12-30' AND occurred < '2025-12-29'
     GROUP BY 1, 2
), top AS (
    SELECT t FROM w GROUP BY t ORDER BY sum(n) DESC, t LIMIT 5
)
SELECT label(w.t, 'en'), w.week, w.n FROM w JOIN top USING (t);

INSERT INTO demo.trend_slopes (series, sen_slope, mk_p)
SELECT series, (sen_slope(v)).slope, (mann_kendall(v)).p
  FROM (SELECT series, array_agg(n::float8 ORDER BY week) v FROM demo.trend_weekly GROUP BY series) s;

INSERT INTO demo.meta (key, value)
SELECT 'data_date', max(occurred)::date::text FROM bench.incidents WHERE occurred < '2025-12-31'
UNION ALL
SELECT 'title_suffix', format('%s synthetic incidents in 2025, %s organisations',
                              to_char(count(*), 'FM999,999,999'), count(DISTINCT org_id))
  FROM bench.incidents WHERE occurred >= '2025-01-01' AND occurred < '2025-12-31'
UNION ALL
SELECT 'bin', '28 days';

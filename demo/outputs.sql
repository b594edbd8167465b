-- demo/outputs.sql: writes the released results to files (tools/demo.sh step 6).
--
--   psql -v outdir=demo-output -f demo/outputs.sql
--
--   hotspots.geojson       the hot spot cells of the latest 91-day bin and the emerging
--                          hot spot cells (polygons, SRID 4326) for QGIS or BI tools, with
--                          the Gi* bin (-3..3), z and p (computed from released counts
--                          only, demo/analyses.sql) and the emerging category
--   supply_chain_risk.csv  supply_chain_risk of the demo's business, one row per site
--   report.md              the intelligence report, rendered by render_report
-- Only what the disclosure-controlled functions released is written.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET search_path = public, tst_hub;
\pset format unaligned
\pset tuples_only on
\pset footer off

\set f :outdir/hotspots.geojson
\o :f
SELECT json_build_object(
           'type', 'FeatureCollection',
           'name', 'tst_hub hot spots, ' || (SELECT value FROM demo.meta WHERE key = 'bin'),
           'features', coalesce(json_agg(json_build_object(
               'type', 'Feature',
               'geometry', ST_AsGeoJSON(cell_boundary(x.cell), 5)::json,
               'properties', json_build_object(
                   'cell', x.cell::text,
                   'gi_bin', x.gi_bin,
                   'z', round(x.z::numeric, 2),
                   'p', round(x.p::numeric, 4),
                   'emerging_category', x.category)) ORDER BY x.cell), '[]'::json))
  FROM (SELECT coalesce(h.cell, e.cell) AS cell, h.gi_bin, h.z, h.p, e.category
          FROM (SELECT * FROM demo.map_hotspots WHERE gi_bin <> 0) h
          FULL JOIN demo.map_emerging e ON e.cell = h.cell) x;
\o

\set f :outdir/supply_chain_risk.csv
\o :f
\pset tuples_only off
COPY (SELECT site_id, supplier, product, label(product) AS product_label, country, cell, volume,
             radius_used_km, lower(period) AS period_from, upper(period) - 1 AS period_to, k,
             near_victims, near_reason, sector_victims, sector_reason, sector_trend, sector_trend_tau,
             near_points, sector_points, trend_points, hotspot_points, risk_score
        FROM demo.supply_chain ORDER BY risk_score DESC, site_id)
  TO STDOUT WITH (FORMAT csv, HEADER true);
\o
\pset tuples_only on

\set f :outdir/report.md
\o :f
SELECT render_report(value::int8) FROM demo.meta WHERE key = 'report_id';
\o

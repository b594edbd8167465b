-- demo/render.sql: maps and charts of the demo as SVG, drawn by SQL (PostGIS projects and
-- writes the geometry).  Demo only, not part of the extension: everything lives in schema
-- demo and may be dropped with it.
--
-- Load it after CREATE EXTENSION tst_hub CASCADE, from the repository root:
--
--   psql -X -v ON_ERROR_STOP=1 -v countries=data/external/ne_110m_countries.csv -f demo/render.sql
--
-- (countries defaults to that path, relative to the working directory).  It creates, if
-- missing, the interface tables that the demo pipeline fills (below), loads the country
-- outlines into demo.countries (replacing what was there), and (re)defines the functions.
-- Then, with the interface tables filled:
--
--   psql -XAtq -c 'SELECT demo.svg_hotspots()' > demo-output/hotspots.svg
--   psql -XAtq -c 'SELECT demo.svg_emerging()' > demo-output/emerging.svg
--   psql -XAtq -c 'SELECT demo.svg_trends()'   > demo-output/trends.svg
--   psql -XAtq -c "SELECT demo.html_page('Hot spots', demo.svg_hotspots())" > demo-output/hotspots.html
--
-- Interface (filled by tools/demo.sh from the hub, or by test/demo/fixture.sql):
--   demo.meta(key, value)            'data_date' (ISO date of the newest data), 'title_suffix'
--                                    (e.g. '1.2M synthetic incidents, 130 organisations'),
--                                    'bin' (the hot spot map's time bin, e.g. '1 week');
--                                    optional: 'emerging_bin' (the emerging map's bins,
--                                    default 'bin'), 'unit' (what is counted, plural, in
--                                    the titles: default 'incidents', e.g. 'victims')
--   demo.map_hotspots(cell, gi_bin, z, p)   Gi* confidence bin -3..3 of the latest time bin,
--                                    already disclosure controlled
--   demo.map_emerging(cell, category)       one of the 17 categories of
--                                    tst_hub.emerging_hotspots
--   demo.trend_weekly(series, week, n), demo.trend_slopes(series, sen_slope, mk_p)
--                                    weekly counts of the top exploitation types (n NULL:
--                                    withheld, drawn as a gap with a grey mark), Sen slope
--                                    per week and Mann-Kendall p
--
-- Maps: Equal Earth (EPSG:8857, from PostGIS's spatial_ref_sys), 1200 px wide, 30 degree
-- graticule, a scale bar true at the equator, country outlines from Natural Earth 1:110m
-- (public domain, data/external/README.md).  Cells are tst_hub.cell_boundary(cell)
-- projected the same way; a cell smaller than its dot on the map is drawn as the dot
-- (5 px radius with an outline where it matters, 1.6 px else), so that a ~4 km cell
-- still shows at world scale, and the densest group of significant cells is repeated,
-- magnified, in a detail box.  Every text placed in the SVG or HTML is escaped
-- (demo.xml).  Cost: about 0.2 ms a cell (44,000 cells: 8 s, a 6 MB SVG).
\set ON_ERROR_STOP on
\if :{?countries}
\else
\set countries data/external/ne_110m_countries.csv
\endif
SET client_min_messages = warning;

CREATE SCHEMA IF NOT EXISTS demo;
COMMENT ON SCHEMA demo IS 'demo maps and charts (demo/render.sql) and their input tables; not part of tst_hub, safe to drop';

-- The interface tables: shapes agreed with the demo pipeline (tools/demo.sh).
CREATE TABLE IF NOT EXISTS demo.meta (key text PRIMARY KEY, value text);
CREATE TABLE IF NOT EXISTS demo.map_hotspots (cell tst_hub.cell, gi_bin int, z float8, p float8);
CREATE TABLE IF NOT EXISTS demo.map_emerging (cell tst_hub.cell, category text);
CREATE TABLE IF NOT EXISTS demo.trend_weekly (series text, week date, n bigint);
CREATE TABLE IF NOT EXISTS demo.trend_slopes (series text, sen_slope float8, mk_p float8);
COMMENT ON TABLE demo.meta IS 'facts printed on the demo maps: data_date, title_suffix, bin';
COMMENT ON TABLE demo.map_hotspots IS 'Gi* confidence bin (-3..3) per cell of the latest time bin, disclosure controlled';
COMMENT ON TABLE demo.map_emerging IS 'emerging hot spot category per cell';
COMMENT ON TABLE demo.trend_weekly IS 'weekly counts of the top exploitation types';
COMMENT ON TABLE demo.trend_slopes IS 'Sen slope (per week) and Mann-Kendall p of each series of demo.trend_weekly';

-- Country outlines, Natural Earth 1:110m admin-0 (tools/convert_natural_earth.py).
DROP TABLE IF EXISTS demo.countries_csv;
CREATE TABLE demo.countries_csv (iso_a2 text, iso_a3 text, name text, wkt text);
\set copy_countries '\\copy demo.countries_csv FROM ' :'countries' ' WITH (FORMAT csv, HEADER true)'
:copy_countries
DROP TABLE IF EXISTS demo.countries;
CREATE TABLE demo.countries AS
SELECT nullif(iso_a2, '') AS iso_a2, iso_a3, name,
       ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_GeomFromText(wkt, 4326)), 3))::geometry(MultiPolygon, 4326) AS geom
  FROM demo.countries_csv;
DROP TABLE demo.countries_csv;
COMMENT ON TABLE demo.countries IS 'country outlines, Natural Earth 1:110m admin-0 (public domain), coordinates rounded to 0.01 degree';
DO $$
BEGIN
    IF (SELECT count(*) FROM demo.countries) < 150 THEN
        RAISE EXCEPTION 'demo.countries holds % rows: is the countries file the Natural Earth CSV?',
            (SELECT count(*) FROM demo.countries);
    END IF;
END $$;

-- XML text: & < > " ' as entities, and characters XML 1.0 forbids dropped.
CREATE OR REPLACE FUNCTION demo.xml(s text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT replace(replace(replace(replace(replace(
               regexp_replace(coalesce(s, ''), '[\x01-\x08\x0b\x0c\x0e-\x1f]', '', 'g'),
               '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION demo.xml(text) IS 'text escaped for XML/HTML content and attributes';

CREATE OR REPLACE FUNCTION demo.meta_value(k text, fallback text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT value FROM demo.meta WHERE key = k), fallback)
$$;

-- The map frame: Equal Earth metres to SVG pixels.  The whole world (x within
-- +-17,243,959 m, y within +-8,392,928 m) fills 1160 px from x = 20 and y = 80.
-- ST_AsSVG writes -y, so y is mapped to (scale * y - top) and comes out as top - scale * y.
CREATE OR REPLACE FUNCTION demo.map_scale() RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 1160.0 / (2 * 17243959.06221695) $$;
CREATE OR REPLACE FUNCTION demo.map_height() RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 2 * 8392927.598466456 * demo.map_scale() $$;

-- A frame is {scale, x offset, y offset}: pixel x = scale * X + x offset and pixel
-- y = -(scale * Y + y offset) (ST_AsSVG writes -y) for Equal Earth metres X, Y.
CREATE OR REPLACE FUNCTION demo.world_frame() RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY[demo.map_scale(), 20 + 580, -(80 + demo.map_height() / 2)]
$$;

-- One expression, so that the planner inlines it and ST_Transform keeps its PROJ object
-- from row to row (called through a function per row it is set up again each time, 2 ms).
CREATE OR REPLACE FUNCTION demo.to_px(g geometry, f float8[]) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_Affine(ST_Transform(g, 8857), f[1], 0, 0, f[1], f[2], f[3])
$$;
COMMENT ON FUNCTION demo.to_px(geometry, float8[]) IS 'a lon/lat geometry in Equal Earth (EPSG:8857), scaled to the pixels of a frame (demo.world_frame(): the 1200 px world map)';

CREATE OR REPLACE FUNCTION demo.svg_path(g geometry) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ST_AsSVG(demo.to_px(g, demo.world_frame()), 0, 1) $$;

-- Sphere outline, graticule every 30 degrees, countries: the base of every map.
CREATE OR REPLACE FUNCTION demo.svg_basemap() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(E'\n',
        format('<path id="sphere" d="%s" fill="#e9f1f7" stroke="#7f93a3" stroke-width="1"/>',
               demo.svg_path(ST_Segmentize(ST_MakeEnvelope(-180, -90, 180, 90, 4326), 1))),
        '<g id="graticule" fill="none" stroke="#c3d1dc" stroke-width="0.6">',
        (SELECT string_agg(format('<path d="%s"/>', demo.svg_path(l)), E'\n')
           FROM (SELECT ST_Segmentize(ST_MakeLine(ST_MakePoint(lon, -90), ST_MakePoint(lon, 90)), 1) AS l
                   FROM generate_series(-150, 150, 30) lon
                 UNION ALL
                 SELECT ST_Segmentize(ST_MakeLine(ST_MakePoint(-180, lat), ST_MakePoint(180, lat)), 1)
                   FROM generate_series(-60, 60, 30) lat) g(l0),
                LATERAL (SELECT ST_SetSRID(g.l0, 4326)) s(l)),
        '</g>',
        '<g id="countries" fill="#e4e0d6" stroke="#9c9486" stroke-width="0.5" stroke-linejoin="round">',
        (SELECT string_agg(format('<path d="%s"><title>%s</title></path>', demo.svg_path(geom), demo.xml(name)),
                           E'\n' ORDER BY name)
           FROM demo.countries),
        '</g>')
$$;
COMMENT ON FUNCTION demo.svg_basemap() IS 'SVG of the world base map: sphere, 30 degree graticule, Natural Earth countries, in Equal Earth pixels';

-- Cells as SVG: the projected hexagon, or a dot where the hexagon is smaller than the dot on the
-- map (a 60 km cell is 2 px wide at world scale, a 4 km cell a tenth of a pixel).  Cells
-- that matter (significant, a category) get a dark outline; background cells none.
CREATE OR REPLACE FUNCTION demo.svg_cell(g geometry, fill text, tip text, emphasis bool) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    -- area, not the bounding box: a cell cut at the antimeridian is two slivers at the
    -- two edges of the map; the dot goes on one of them (a point on the surface, where
    -- the centroid would fall in the middle of the map)
    SELECT CASE WHEN ST_Area(g) >= CASE WHEN emphasis THEN 80 ELSE 8 END   -- the dot's area
                THEN format('<path d="%s" fill="%s"%s><title>%s</title></path>', ST_AsSVG(g, 0, 1), fill,
                            CASE WHEN emphasis THEN ' stroke="#1a1a1a" stroke-width="0.8"' ELSE '' END, demo.xml(tip))
                ELSE format('<circle %s r="%s" fill="%s"%s><title>%s</title></circle>',
                            ST_AsSVG(ST_PointOnSurface(g), 0, 1), CASE WHEN emphasis THEN 5 ELSE 1.6 END, fill,
                            CASE WHEN emphasis THEN ' stroke="#1a1a1a" stroke-width="1"' ELSE '' END, demo.xml(tip))
           END
$$;
COMMENT ON FUNCTION demo.svg_cell(geometry, text, text, bool) IS 'SVG of one cell given as its hexagon in map pixels (demo.to_px): the hexagon, or a dot (radius 5 px emphasised, else 1.6 px) where the hexagon would be smaller';

-- The detail map: at world scale neighbouring cells are dots on top of each other, so the
-- densest group of emphasised cells (most others within 10 degrees of longitude and 8 of
-- latitude) is drawn again, magnified, in a 300 x 220 px box over the South Pacific (the
-- bottom left of the map), and framed on the world map.  Nothing when no cell is
-- emphasised or the group would not be magnified at least twice.
CREATE OR REPLACE FUNCTION demo.svg_inset(cells tst_hub.cell[], fills text[], tips text[], emph bool[]) RETURNS text
LANGUAGE sql STABLE AS $$
    WITH c AS (
        SELECT u.cell, u.fill, u.tip, u.emph, u.i, tst_hub.cell_center(u.cell) AS ctr
          FROM unnest(cells, fills, tips, emph) WITH ORDINALITY u(cell, fill, tip, emph, i)
    ), f AS (
        SELECT * FROM (SELECT * FROM c WHERE emph ORDER BY i DESC LIMIT 3000) top
    ), centre AS (
        SELECT a.ctr FROM f a JOIN f b ON abs(ST_X(a.ctr) - ST_X(b.ctr)) < 10 AND abs(ST_Y(a.ctr) - ST_Y(b.ctr)) < 8
         GROUP BY a.i, a.ctr ORDER BY count(*) DESC, a.i DESC LIMIT 1
    ), box AS (
        SELECT ST_Extent(ST_Transform(tst_hub.cell_boundary(f.cell), 8857)) AS b
          FROM f, centre WHERE abs(ST_X(f.ctr) - ST_X(centre.ctr)) < 10 AND abs(ST_Y(f.ctr) - ST_Y(centre.ctr)) < 8
    ), wh AS (   -- 250 km around the group, at least 1200 x 880 km, the aspect of the box
        SELECT (ST_XMin(b) + ST_XMax(b)) / 2 AS cx, (ST_YMin(b) + ST_YMax(b)) / 2 AS cy,
               greatest(ST_XMax(b) - ST_XMin(b) + 500000, 1200000, (ST_YMax(b) - ST_YMin(b) + 500000) * 300 / 220) AS w
          FROM box WHERE b IS NOT NULL
    ), fr AS (
        SELECT cx, cy, w, w * 220 / 300 AS h, 300 / w AS s,
               80 + demo.map_height() - 250 AS top
          FROM wh
    ), frame AS (
        SELECT fr.*, ARRAY[s, 30 - (cx - w / 2) * s, -(top + (cy + h / 2) * s)] AS f,
               ST_MakeEnvelope(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, 8857) AS region
          FROM fr WHERE s / demo.map_scale() >= 2
    )
    SELECT concat_ws(E'\n',
        -- the framed area on the world map
        format('<path id="inset-area" d="%s" fill="none" stroke="#1a1a1a" stroke-width="1.2" stroke-dasharray="4 3"/>',
               ST_AsSVG(ST_Affine(region, (demo.world_frame())[1], 0, 0, (demo.world_frame())[1],
                                  (demo.world_frame())[2], (demo.world_frame())[3]), 0, 1)),
        '<g id="inset">',
        format('<clipPath id="inset-clip"><rect x="30" y="%s" width="300" height="220"/></clipPath>', round(top::numeric, 1)),
        format('<rect x="30" y="%s" width="300" height="220" fill="#e9f1f7"/>', round(top::numeric, 1)),
        '<g clip-path="url(#inset-clip)">',
        '<g fill="#e4e0d6" stroke="#9c9486" stroke-width="0.7" stroke-linejoin="round">',
        (SELECT string_agg(format('<path d="%s"><title>%s</title></path>', ST_AsSVG(demo.to_px(k.geom, frame.f), 0, 1), demo.xml(k.name)),
                           E'\n' ORDER BY k.name)
           FROM demo.countries k WHERE ST_Intersects(ST_Transform(k.geom, 8857), frame.region)),
        '</g>',
        '<g id="inset-cells">',
        (SELECT string_agg(demo.svg_cell(demo.to_px(tst_hub.cell_boundary(c.cell), frame.f), c.fill, c.tip, c.emph), E'\n' ORDER BY c.i)
           FROM c WHERE ST_Intersects(ST_Transform(c.ctr, 8857), ST_Expand(frame.region, 100000))),
        '</g>',
        '</g>',
        format('<rect x="30" y="%s" width="300" height="220" fill="none" stroke="#1a1a1a" stroke-width="1.2"/>', round(top::numeric, 1)),
        format('<rect x="30" y="%s" width="300" height="20" fill="#ffffff" fill-opacity="0.85"/><text x="36" y="%s" font-size="13">%s</text>',
               round(top::numeric, 1), round((top + 15)::numeric, 1),
               demo.xml(format('Detail of the dashed frame, %s× the scale', round((s / demo.map_scale())::numeric, 1)))),
        '</g>')
      FROM frame
$$;
COMMENT ON FUNCTION demo.svg_inset(tst_hub.cell[], text[], text[], bool[]) IS 'SVG detail map of the densest group of emphasised cells, magnified in the bottom left of the world map, and its frame on the world map';

-- A map's cell layer: the cells in drawing order (later on top) as a group of the
-- given id, then the magnified detail of their densest place.
CREATE OR REPLACE FUNCTION demo.svg_cells_layer(group_id text, cells tst_hub.cell[], fills text[],
                                                tips text[], emph bool[]) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(E'\n',
        format('<g id="%s">', group_id),
        (SELECT string_agg(demo.svg_cell(demo.to_px(tst_hub.cell_boundary(u.cell), demo.world_frame()), u.fill, u.tip, u.emph),
                           E'\n' ORDER BY u.i)
           FROM unnest(cells, fills, tips, emph) WITH ORDINALITY u(cell, fill, tip, emph, i)),
        '</g>',
        demo.svg_inset(cells, fills, tips, emph))
$$;
COMMENT ON FUNCTION demo.svg_cells_layer(text, tst_hub.cell[], text[], text[], bool[]) IS 'the cells of a map as an SVG group, in order, and the magnified detail of the densest place';

CREATE OR REPLACE FUNCTION demo.cell_size_note(res int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN res IS NULL THEN 'no cells'
                ELSE format('Cells: hexagons of resolution %s (about %s across), drawn to scale, or as a dot where the hexagon would be smaller; where dots overlap, the one listed first in the legend is on top',
                            res, CASE WHEN 963.0 / 2 ^ res >= 10 THEN round(963.0 / 2 ^ res)::text || ' km'
                                      ELSE round((963.0 / 2 ^ res)::numeric, 1)::text || ' km' END) END
$$;

-- Title block, map, legend and notes (one line each, 12.5 px) around a layer of cells.
CREATE OR REPLACE FUNCTION demo.svg_map(title text, subtitle text, cells_layer text, legend text,
                                        legend_height int, notes text[]) RETURNS text
LANGUAGE sql STABLE AS $$
    WITH f AS (SELECT 80 + demo.map_height() AS map_bottom,
                      860583.9991289343 * 4 * demo.map_scale() AS bar,   -- 4000 km along the equator
                      cardinality(notes) + 1 AS nlines),
         g AS (SELECT f.*, ceil(map_bottom + 24 + legend_height + 18 * nlines + 16) AS h FROM f)
    SELECT concat_ws(E'\n',
        format('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="%1$s" viewBox="0 0 1200 %1$s" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="14">', h),
        format('<title>%s</title>', demo.xml(title)),
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        format('<text x="20" y="36" font-size="24" font-weight="bold" fill="#1a1a1a">%s</text>', demo.xml(title)),
        format('<text x="20" y="62" font-size="15" fill="#444444">%s</text>', demo.xml(subtitle)),
        '<g id="map">', demo.svg_basemap(), cells_layer, '</g>',
        -- scale bar in the empty corner right of the map's bottom
        format('<g id="scale" font-size="12.5" fill="#333333" transform="translate(%s %s)">',
               round((1120 - bar)::numeric, 1), round((map_bottom - 40)::numeric, 1)),
        format('<rect x="0" y="0" width="%1$s" height="6" fill="#333333"/><rect x="%1$s" y="0" width="%1$s" height="6" fill="#ffffff" stroke="#333333" stroke-width="0.8"/>',
               round((bar / 2)::numeric, 1)),
        format('<text x="0" y="22" text-anchor="middle">0</text><text x="%s" y="22" text-anchor="middle">2000</text><text x="%s" y="22" text-anchor="middle">4000 km</text>',
               round((bar / 2)::numeric, 1), round(bar::numeric, 1)),
        format('<text x="%s" y="-8" text-anchor="end">scale along the equator</text></g>', round(bar::numeric, 1)),
        format('<g id="legend" transform="translate(20 %s)">', round((map_bottom + 34)::numeric, 1)), legend, '</g>',
        (SELECT string_agg(format('<text x="20" y="%s" font-size="12.5" fill="#555555">%s</text>',
                                  round((map_bottom + 24 + legend_height + 18 * i)::numeric, 1), demo.xml(line)), E'\n' ORDER BY i)
           FROM unnest(notes || 'Country outlines: Natural Earth 1:110m (public domain). Drawn by tst_hub with PostgreSQL and PostGIS.'::text) WITH ORDINALITY u(line, i)),
        '</svg>')
      FROM g
$$;
COMMENT ON FUNCTION demo.svg_map(text, text, text, text, int, text[]) IS 'a whole map SVG: title, subtitle, base map, the given cell layer and legend, scale bar and note lines';

-- Hot spot map -----------------------------------------------------------------------

CREATE OR REPLACE FUNCTION demo.gi_style(gi_bin int, OUT colour text, OUT label text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE gi_bin WHEN 3 THEN '#b2182b' WHEN 2 THEN '#ef6548' WHEN 1 THEN '#fdbb84'
                       WHEN -1 THEN '#9ecae1' WHEN -2 THEN '#4292c6' WHEN -3 THEN '#08519c'
                       ELSE '#bdbdbd' END,
           CASE gi_bin WHEN 3 THEN 'Hot spot, 99 % confidence' WHEN 2 THEN 'Hot spot, 95 %'
                       WHEN 1 THEN 'Hot spot, 90 %' WHEN -1 THEN 'Cold spot, 90 %'
                       WHEN -2 THEN 'Cold spot, 95 %' WHEN -3 THEN 'Cold spot, 99 % confidence'
                       ELSE 'Not significant' END
$$;

CREATE OR REPLACE FUNCTION demo.svg_hotspots() RETURNS text
LANGUAGE sql STABLE AS $$
    WITH h0 AS (
        SELECT cell, greatest(-3, least(3, gi_bin)) AS b, z, p
          FROM demo.map_hotspots WHERE cell IS NOT NULL AND gi_bin IS NOT NULL
    ), h AS (     -- drawing order: not significant first, then weakest to strongest on top
        SELECT h0.*, b <> 0 AS emph,
               CASE WHEN b = 0 THEN '#b0b0b0' ELSE (demo.gi_style(b)).colour END AS fill,
               CASE WHEN b = 0 THEN format('not significant (z = %s)', round(z::numeric, 2))
                    ELSE format('%s (z = %s, p = %s)', (demo.gi_style(b)).label, round(z::numeric, 2), round(p::numeric, 4)) END AS tip,
               row_number() OVER (ORDER BY abs(b), cell) AS i
          FROM h0
    ), counts AS (
        SELECT b, count(*) AS n FROM h GROUP BY b
    ), layer AS (
        SELECT demo.svg_cells_layer('hotspot-cells', array_agg(cell ORDER BY i), array_agg(fill ORDER BY i),
                                    array_agg(tip ORDER BY i), array_agg(emph ORDER BY i)) AS svg FROM h
    ), legend AS (
        -- hot spots on the first row, cold spots under them, "not significant" at the end
        SELECT concat_ws(E'\n',
            format('<text x="0" y="0" font-size="15" font-weight="bold">%s</text>',
                   demo.xml('Getis-Ord Gi* hot and cold spots in the latest time bin (number of cells in brackets; grey text: none on this map)')),
            string_agg(format('<g transform="translate(%s %s)"><rect width="18" height="18" fill="%s" stroke="#1a1a1a" stroke-width="0.8"/><text x="26" y="14"%s>%s</text></g>',
                              x, y, (demo.gi_style(l.b)).colour,
                              CASE WHEN coalesce(c.n, 0) = 0 THEN ' fill="#777777"' ELSE '' END,
                              demo.xml(format('%s (%s)', (demo.gi_style(l.b)).label, coalesce(c.n, 0)))),
                       E'\n' ORDER BY l.b DESC)) AS svg
          FROM (VALUES (3, 0, 14), (2, 290, 14), (1, 580, 14), (0, 870, 14),
                       (-3, 0, 42), (-2, 290, 42), (-1, 580, 42)) l(b, x, y)
               LEFT JOIN counts c USING (b)
    )
    SELECT demo.svg_map(
        'Hot spots of trafficking ' || demo.meta_value('unit', 'incidents'),
        concat_ws(' · ', demo.meta_value('title_suffix', NULL),
                  'latest time bin: ' || demo.meta_value('bin', NULL),
                  'data up to ' || demo.meta_value('data_date', 'an unknown date')),
        layer.svg, legend.svg, 76,
        ARRAY['Hot spot: the cell and its neighbours count more than the map as a whole would give by chance (Getis-Ord Gi*, z above 2.58, 1.96, 1.65 for 99, 95, 90 %); cold spot: less.',
              'Equal Earth projection (EPSG:8857), graticule every 30°.',
              demo.cell_size_note((SELECT max(tst_hub.cell_resolution(cell)) FROM h)) || '.'])
      FROM layer, legend
$$;
COMMENT ON FUNCTION demo.svg_hotspots() IS 'SVG world map of demo.map_hotspots: cells coloured by Gi* confidence bin';

-- Emerging hot spot map --------------------------------------------------------------

CREATE OR REPLACE FUNCTION demo.ehsa_styles(OUT ord int, OUT category text, OUT colour text)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT * FROM (VALUES
        (1, 'new hot spot', '#67000d'), (2, 'consecutive hot spot', '#e31a1c'),
        (3, 'intensifying hot spot', '#ff7f00'), (4, 'persistent hot spot', '#fdbf6f'),
        (5, 'diminishing hot spot', '#fb9a99'), (6, 'sporadic hot spot', '#ffed6f'),
        (7, 'oscillating hot spot', '#c51b7d'), (8, 'historical hot spot', '#8c510a'),
        (9, 'new cold spot', '#08306b'), (10, 'consecutive cold spot', '#1f78b4'),
        (11, 'intensifying cold spot', '#00a6d6'), (12, 'persistent cold spot', '#a6cee3'),
        (13, 'diminishing cold spot', '#b2df8a'), (14, 'sporadic cold spot', '#cab2d6'),
        (15, 'oscillating cold spot', '#6a3d9a'), (16, 'historical cold spot', '#1b9e77'),
        (17, 'no pattern detected', '#b0b0b0')) v
$$;
COMMENT ON FUNCTION demo.ehsa_styles() IS 'the 17 categories of tst_hub.emerging_hotspots with their legend order and colour';

CREATE OR REPLACE FUNCTION demo.svg_emerging() RETURNS text
LANGUAGE sql STABLE AS $$
    WITH e AS (   -- drawing order: no pattern first, then the legend from its end, its first on top
        SELECT m.cell, coalesce(s.category, 'no pattern detected') AS category,
               coalesce(s.ord, 17) AS ord, coalesce(s.colour, '#b0b0b0') AS colour,
               coalesce(s.ord, 17) < 17 AS emph,
               row_number() OVER (ORDER BY coalesce(s.ord, 17) = 17 DESC, coalesce(s.ord, 17) DESC, m.cell) AS i
          FROM demo.map_emerging m LEFT JOIN demo.ehsa_styles() s ON s.category = lower(m.category)
         WHERE m.cell IS NOT NULL
    ), counts AS (
        SELECT category, count(*) AS n FROM e GROUP BY category
    ), layer AS (
        SELECT demo.svg_cells_layer('emerging-cells', array_agg(cell ORDER BY i), array_agg(colour ORDER BY i),
                                    array_agg(category ORDER BY i), array_agg(emph ORDER BY i)) AS svg FROM e
    ), legend AS (
        -- four columns: hot spots in rows 1-2, cold spots in rows 3-4, then no pattern
        SELECT concat_ws(E'\n',
            format('<text x="0" y="0" font-size="15" font-weight="bold">%s</text>',
                   demo.xml('Emerging hot spot categories (number of cells in brackets; grey text: none on this map)')),
            string_agg(format('<g transform="translate(%s %s)"><rect width="18" height="18" fill="%s" stroke="#1a1a1a" stroke-width="0.8"/><text x="26" y="14"%s>%s</text></g>',
                              CASE WHEN s.ord = 17 THEN 0 ELSE ((s.ord - 1) % 4) * 290 END,
                              CASE WHEN s.ord = 17 THEN 14 + 4 * 26 ELSE 14 + ((s.ord - 1) / 4) * 26 END,
                              s.colour,
                              CASE WHEN coalesce(c.n, 0) = 0 THEN ' fill="#777777"' ELSE '' END,
                              demo.xml(format('%s (%s)', s.category, coalesce(c.n, 0)))),
                       E'\n' ORDER BY s.ord)) AS svg
          FROM demo.ehsa_styles() s LEFT JOIN counts c USING (category)
    )
    SELECT demo.svg_map(
        'Emerging hot spots of trafficking ' || demo.meta_value('unit', 'incidents'),
        concat_ws(' · ', demo.meta_value('title_suffix', NULL),
                  'time bins: ' || coalesce(demo.meta_value('emerging_bin', NULL), demo.meta_value('bin', NULL)),
                  'data up to ' || demo.meta_value('data_date', 'an unknown date')),
        layer.svg, legend.svg, 152,
        ARRAY['Categories of ArcGIS Emerging Hot Spot Analysis: space-time Getis-Ord Gi* in every bin and the Mann-Kendall trend of each cell (tst_hub.emerging_hotspots).',
              'Equal Earth projection (EPSG:8857), graticule every 30°.',
              demo.cell_size_note((SELECT max(tst_hub.cell_resolution(cell)) FROM e)) || '.'])
      FROM layer, legend
$$;
COMMENT ON FUNCTION demo.svg_emerging() IS 'SVG world map of demo.map_emerging: cells coloured by emerging hot spot category, legend of all 17';

-- Trend chart ------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION demo.nice_ceiling(x float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN x IS NULL OR x <= 0 THEN 1
                ELSE (SELECT min(m * 10 ^ e) FROM (SELECT floor(log(x))::int AS e) p,
                             unnest(ARRAY[1, 2, 3, 4, 5, 6, 8, 10]) m WHERE m * 10 ^ e >= x) END
$$;

-- One panel per series (own vertical scale: the top types count hundreds a week, the
-- fifth a few, and one shared axis would flatten the small ones to a line at zero).
CREATE OR REPLACE FUNCTION demo.svg_trends() RETURNS text
LANGUAGE sql STABLE AS $$
    WITH s AS (   -- the series, largest first, with a colour each (Okabe-Ito)
        SELECT series, row_number() OVER (ORDER BY sum(n) DESC, series) AS i, max(n) AS nmax
          FROM demo.trend_weekly WHERE series IS NOT NULL AND week IS NOT NULL GROUP BY series
    ), c AS (     -- panel i: heading at top, plot from top + 16 to top + 96
        SELECT s.*, (ARRAY['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00',
                           '#56b4e9', '#000000', '#8c6d31'])[1 + (i - 1) % 8] AS colour,
               demo.nice_ceiling(nmax * 1.05) AS ymax, 96.0 + (i - 1) * 122 AS top,
               t.sen_slope, t.mk_p
          FROM s LEFT JOIN demo.trend_slopes t USING (series)
    ), r AS (
        SELECT min(week) AS w0, max(week) AS w1, count(DISTINCT series) AS panels
          FROM demo.trend_weekly WHERE series IS NOT NULL AND week IS NOT NULL
    ), pts AS (   -- a withheld week (n NULL: fewer than k people) is a gap, never a zero
        SELECT t.series, t.week, t.n, (t.week - r.w0) / 7.0 AS k,
               90 + 1080.0 * (t.week - r.w0) / greatest(r.w1 - r.w0, 1) AS x,
               c.top + 96 - 80.0 * t.n / c.ymax AS y
          FROM demo.trend_weekly t JOIN c USING (series), r
         WHERE t.week IS NOT NULL
    ), runs AS (  -- runs of consecutive released weeks: one polyline each
        SELECT series, week, x, y, k, (week - w0) / 7 - row_number() OVER (PARTITION BY series ORDER BY week) AS run
          FROM pts, r WHERE n IS NOT NULL
    ), lines AS (
        SELECT series, string_agg(poly, E'\n' ORDER BY run) AS poly, min(k0) AS k0, max(k1) AS k1
          FROM (SELECT series, run, min(k) AS k0, max(k) AS k1,
                       CASE WHEN count(*) = 1
                            THEN format('<circle cx="%s" cy="%s" r="2.5" fill="%%1$s"/>', round(min(x)::numeric, 1), round(min(y)::numeric, 1))
                            ELSE format('<polyline points="%s" fill="none" stroke="%%1$s" stroke-width="2" stroke-linejoin="round"/>',
                                        string_agg(format('%s,%s', round(x::numeric, 1), round(y::numeric, 1)), ' ' ORDER BY week)) END AS poly
                  FROM runs GROUP BY series, run) u
         GROUP BY series
    ), withheld AS (
        SELECT series, string_agg(format('<rect x="%s" y="%%1$s" width="3" height="8" fill="#9a9a9a"/>', round((x - 1.5)::numeric, 1)), '' ORDER BY week) AS marks,
               count(*) AS n
          FROM pts WHERE n IS NULL GROUP BY series
    ), sen AS (   -- Sen's line: the slope through the median of n - slope * k
        SELECT c.series,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY p.n - c.sen_slope * p.k) AS intercept
          FROM pts p JOIN c USING (series) WHERE c.sen_slope IS NOT NULL AND p.n IS NOT NULL
         GROUP BY c.series
    ), months AS (   -- month ticks; over two years quarter ticks, labelled by year
        SELECT d::date AS d, 90 + 1080.0 * (d::date - r.w0) / greatest(r.w1 - r.w0, 1) AS x,
               CASE WHEN r.w1 - r.w0 <= 731 THEN
                        CASE WHEN extract(month FROM d) = 1 THEN to_char(d, 'Mon YYYY') ELSE to_char(d, 'Mon') END
                    WHEN extract(month FROM d) = 1 THEN to_char(d, 'YYYY') ELSE '' END AS label
          FROM r, generate_series(CASE WHEN r.w1 - r.w0 <= 731 THEN date_trunc('month', r.w0) + interval '1 month'
                                       ELSE date_trunc('quarter', r.w0) + interval '3 months' END, r.w1,
                                  CASE WHEN r.w1 - r.w0 <= 731 THEN interval '1 month' ELSE interval '3 months' END) d
    ), panels AS (
        SELECT c.i, concat_ws(E'\n',
            format('<g id="panel-%s">', c.i),
            format('<rect x="90" y="%s" width="1080" height="80" fill="#fafafa" stroke="#d0d0d0" stroke-width="0.8"/>', c.top + 16),
            (SELECT string_agg(format('<line x1="%1$s" x2="%1$s" y1="%2$s" y2="%3$s" stroke="#e4e4e4"/>',
                                      round(x::numeric, 1), c.top + 16, c.top + 96), '' ORDER BY d) FROM months),
            format('<line x1="90" x2="1170" y1="%1$s" y2="%1$s" stroke="#e4e4e4"/>', c.top + 56),
            format('<g font-size="12.5" fill="#333333" text-anchor="end"><text x="82" y="%s">%s</text><text x="82" y="%s">%s</text><text x="82" y="%s">0</text></g>',
                   c.top + 24, to_char(c.ymax, 'FM999,999,990'), c.top + 60, to_char(c.ymax / 2, 'FM999,999,990.##'), c.top + 98),
            format('<g class="series"><title>%s</title>%s</g>', demo.xml(c.series), format(coalesce(l.poly, ''), c.colour)),
            (SELECT format('<g class="withheld"><title>%s</title>%s</g>',
                           demo.xml(format('%s weeks withheld (fewer than k people)', w.n)), format(w.marks, c.top + 88))
               FROM withheld w WHERE w.series = c.series),
            (SELECT format('<line class="sen" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#1a1a1a" stroke-width="2" stroke-dasharray="8 5"/>',
                           round((90 + 1080.0 * l.k0 * 7 / greatest(r.w1 - r.w0, 1))::numeric, 1),
                           round((c.top + 96 - 80.0 * (sen.intercept + c.sen_slope * l.k0) / c.ymax)::numeric, 1),
                           round((90 + 1080.0 * l.k1 * 7 / greatest(r.w1 - r.w0, 1))::numeric, 1),
                           round((c.top + 96 - 80.0 * (sen.intercept + c.sen_slope * l.k1) / c.ymax)::numeric, 1))
               FROM sen WHERE sen.series = c.series),
            format('<rect x="20" y="%s" width="30" height="5" fill="%s"/>', c.top - 1, c.colour),
            format('<text x="60" y="%s" font-size="15"><tspan font-weight="bold">%s</tspan>%s</text>',
                   c.top + 5, demo.xml(c.series),
                   demo.xml(format(': %s per week (Sen slope), Mann-Kendall %s%s',
                                   CASE WHEN c.sen_slope IS NULL THEN 'no slope'
                                        ELSE CASE WHEN c.sen_slope > 0 THEN '+' ELSE '' END
                                             || round(c.sen_slope::numeric, CASE WHEN abs(c.sen_slope) >= 10 THEN 1 ELSE 2 END)::text END,
                                   CASE WHEN c.mk_p IS NULL THEN 'p unknown'
                                        WHEN c.mk_p < 0.001 THEN 'p < 0.001'
                                        ELSE 'p = ' || round(c.mk_p::numeric, 3)::text END,
                                   CASE WHEN c.mk_p < 0.05 AND c.sen_slope > 0 THEN ' — rising'
                                        WHEN c.mk_p < 0.05 AND c.sen_slope < 0 THEN ' — falling'
                                        WHEN c.mk_p IS NOT NULL THEN ' — no significant trend' ELSE '' END))),
            '</g>') AS svg
          FROM c LEFT JOIN lines l USING (series), r
    ), g AS (
        SELECT 96 + greatest(r.panels, 1) * 122 AS axis_y FROM r
    )
    SELECT concat_ws(E'\n',
        format('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="%1$s" viewBox="0 0 1200 %1$s" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="14">',
               g.axis_y + 96),
        format('<title>%s</title>', demo.xml(format('Weekly %s by type of exploitation', demo.meta_value('unit', 'incidents')))),
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        format('<text x="20" y="36" font-size="24" font-weight="bold" fill="#1a1a1a">%s</text>',
               demo.xml(format('Weekly %s: the %s most frequent types of exploitation', demo.meta_value('unit', 'incidents'),
                               (SELECT panels FROM r)))),
        format('<text x="20" y="62" font-size="15" fill="#444444">%s</text>',
               demo.xml(concat_ws(' · ', demo.meta_value('title_suffix', NULL),
                                  'data up to ' || demo.meta_value('data_date', 'an unknown date')))),
        '<g id="legend" font-size="13" fill="#333333"><line x1="950" x2="984" y1="96" y2="96" stroke="#1a1a1a" stroke-width="2" stroke-dasharray="8 5"/><text x="992" y="101">Sen slope (median trend)</text></g>',
        '<g id="trend-series">', (SELECT string_agg(svg, E'\n' ORDER BY i) FROM panels), '</g>',
        format('<g id="time-axis" font-size="13" fill="#333333" text-anchor="middle">%s</g>',
               (SELECT string_agg(format('<line x1="%1$s" x2="%1$s" y1="%2$s" y2="%3$s" stroke="#555555"/><text x="%1$s" y="%4$s">%5$s</text>',
                                         round(x::numeric, 1), g.axis_y - 10, g.axis_y - 4, g.axis_y + 10,
                                         label),
                                  '' ORDER BY d) FROM months)),
        format('<text x="20" y="%s" font-size="12.5" fill="#555555">%s</text>', g.axis_y + 38,
               demo.xml(initcap(demo.meta_value('unit', 'incidents')) || ' per week (weeks from ' || (SELECT w0 FROM r) || ' to ' || (SELECT w1 FROM r)
                        || '); each panel has its own vertical scale. Sen slope: the median of the slopes between all pairs of weeks.')),
        format('<text x="20" y="%s" font-size="12.5" fill="#555555">%s</text>', g.axis_y + 56,
               demo.xml('Mann-Kendall test of the weekly counts: a trend is significant at the 5 % level when p < 0.05.')),
        format('<text x="20" y="%s" font-size="12.5" fill="#555555">%s</text>', g.axis_y + 74,
               demo.xml(CASE WHEN EXISTS (SELECT FROM withheld) THEN 'Grey marks: weeks withheld (fewer than k people), left as gaps. ' ELSE '' END
                        || 'Drawn by tst_hub with PostgreSQL.')),
        '</svg>')
      FROM g
$$;
COMMENT ON FUNCTION demo.svg_trends() IS 'SVG line chart of demo.trend_weekly with Sen slope lines and a legend of slope per week and Mann-Kendall p';

-- HTML page --------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION demo.html_page(title text, svg text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\n',
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        format('<title>%s</title>', demo.xml(title)),
        '<style>body { margin: 0; padding: 16px; background: #f4f4f4; font-family: "DejaVu Sans", Verdana, Arial, sans-serif; }',
        'figure { margin: 0 auto; max-width: 1200px; background: #ffffff; }',
        'figure svg { display: block; width: 100%; height: auto; }</style>',
        '</head>',
        '<body>',
        format('<figure aria-label="%s">', demo.xml(title)),
        svg,
        '</figure>',
        '</body>',
        '</html>')
$$;
COMMENT ON FUNCTION demo.html_page(text, text) IS 'an HTML page showing the given SVG inline, with an escaped title';

-- cell: text I/O, point to cell, geometry, hierarchy, neighbourhoods, areas, bad input
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

-- text form h<res>:<row>:<column>; known cells
SELECT cell(0, 0, 0) AS null_island, cell(51.5074, -0.1278, 7) AS london_r7,
       cell(-33.8688, 151.2093, 12) AS sydney_r12, cell(90, 0, 0) AS north_pole,
       cell(-90, 0, 0) AS south_pole;
SELECT 'h7:884:-2'::cell, ' H7:884:-2 '::cell AS spaces_and_upper_case, 'h15:-289055:589823'::cell AS corner;
SELECT cell_id('h0:0:0'), cell_from_id(cell_id('h7:884:-2'));
-- +180 and -180 are one meridian
SELECT cell(10, 180, r) = cell(10, -180, r) AS same FROM generate_series(0, 15, 5) r;

-- the number of cells on the globe per resolution, and the full-cell area
SELECT r AS res, cell_count(r), round(cell_area_km2(cell(0, 0, r))::numeric, 6) AS area_km2,
       round((cell_area_km2(cell(0, 0, r)) * cell_count(r) / (4 * pi() * 6371.0072 ^ 2))::numeric, 4) AS count_x_area_over_globe
  FROM generate_series(0, 15) r;

-- round trips: text and id, for random cells of every resolution
SELECT setseed(0.5);
CREATE TEMP TABLE pts AS
SELECT r, degrees(asin(2 * random() - 1)) AS lat, 360 * random() - 180 AS lon
  FROM generate_series(0, 15) r, generate_series(1, 3000)
UNION ALL SELECT r, 90 - random() * 0.5, 360 * random() - 180 FROM generate_series(0, 15) r, generate_series(1, 300)
UNION ALL SELECT r, -90 + random() * 0.5, 360 * random() - 180 FROM generate_series(0, 15) r, generate_series(1, 300)
UNION ALL SELECT r, 180 * random() - 90, 180 - random() * 0.01 FROM generate_series(0, 15) r, generate_series(1, 300)
UNION ALL SELECT r, 180 * random() - 90, -180 + random() * 0.01 FROM generate_series(0, 15) r, generate_series(1, 300)
UNION ALL SELECT r, lat, lon FROM generate_series(0, 15) r,
    (VALUES (90.0, 0.0), (-90.0, 0.0), (90.0, 180.0), (-90.0, -180.0), (0.0, 180.0), (0.0, -180.0)) v(lat, lon);
ALTER TABLE pts ADD COLUMN c cell;
UPDATE pts SET c = cell(lat, lon, r);
SELECT count(*) AS points,
       count(*) FILTER (WHERE c::text::cell <> c) AS text_mismatch,
       count(*) FILTER (WHERE cell_from_id(cell_id(c)) <> c) AS id_mismatch,
       count(*) FILTER (WHERE cell_resolution(c) <> r) AS wrong_resolution
  FROM pts;

-- every point lies in its cell's boundary polygon, which is valid.  Points
-- exactly on the pole line or on +-180 lie on the boundary (ST_Covers), a
-- point at exactly +180 possibly on the part at -180 (same meridian).
CREATE FUNCTION pg_temp.covers_wrapped(g geometry, p geometry) RETURNS bool LANGUAGE sql AS
$$SELECT ST_Covers(g, p) OR ST_Covers(g, ST_Translate(p, 360, 0)) OR ST_Covers(g, ST_Translate(p, -360, 0))$$;
SELECT r AS res,
       count(*) FILTER (WHERE NOT ST_Contains(cell_boundary(c), ST_SetSRID(ST_MakePoint(lon, lat), 4326))
                          AND abs(lat) < 90 AND abs(lon) < 180) AS not_contained,
       count(*) FILTER (WHERE NOT pg_temp.covers_wrapped(cell_boundary(c), ST_SetSRID(ST_MakePoint(lon, lat), 4326))) AS not_covered,
       count(*) FILTER (WHERE NOT ST_IsValid(cell_boundary(c))) AS invalid
  FROM pts GROUP BY r ORDER BY r;

-- boundaries: closed polygons, a MultiPolygon of two parts only at +-180
SELECT GeometryType(cell_boundary(c)) AS kind, count(*), bool_and(ST_IsValid(cell_boundary(c))) AS valid,
       min(ST_XMin(cell_boundary(c))) AS xmin, max(ST_XMax(cell_boundary(c))) AS xmax
  FROM (SELECT DISTINCT c FROM pts) s GROUP BY 1 ORDER BY 1;
SELECT ST_NumGeometries(cell_boundary('h3:0:-144')) AS parts,
       ST_XMin(ST_GeometryN(cell_boundary('h3:0:-144'), 1)) AS east_part_xmin,
       ST_XMax(ST_GeometryN(cell_boundary('h3:0:-144'), 2)) AS west_part_xmax,
       round(ST_X(cell_center('h3:0:-144'))::numeric, 9) AS centre_lon;
-- polar cells are clipped at +-90
SELECT c, round(ST_YMax(cell_boundary(c))::numeric, 9) AS ymax, round(ST_YMin(cell_boundary(c))::numeric, 9) AS ymin,
       round(cell_area_km2(c)::numeric, 3) AS area_km2, round(ST_Y(cell_center(c))::numeric, 6) AS centre_lat
  FROM unnest(ARRAY['h0:9:0', 'h0:8:0', 'h0:-9:-1', 'h0:0:0']::cell[]) c;

-- the centre of a cell is in the cell, and is its own cell's centre
SELECT count(*) FILTER (WHERE NOT pg_temp.covers_wrapped(cell_boundary(c), cell_center(c))) AS centre_outside,
       count(*) FILTER (WHERE cell(cell_center(c), cell_resolution(c)) <> c
                          AND abs(ST_X(cell_center(c))) < 180) AS centre_elsewhere
  FROM (SELECT DISTINCT c FROM pts) s;

-- the whole globe at resolutions 0 and 1: every cell once, areas add up to the sphere
SELECT r AS res, count(*) AS cells, count(*) = cell_count(r) AS all_cells,
       round((sum(cell_area_km2(c)) / (4 * pi() * 6371.0072 ^ 2))::numeric, 12) AS area_over_sphere
  FROM generate_series(0, 1) r, cell_cover_candidates(-180, -90, 180, 90, r) c GROUP BY r ORDER BY r;

-- hierarchy: each child's parent is the cell; children of a cell at rows
-- away from the poles are exactly 4; a cell is among its parent's children;
-- child centres lie in the parent (within the boundary tolerance, 1e-6 of a
-- column width; seam points compared at both +-180), except in the polar
-- rows, where clipped children have centroids for centres and orphans of
-- the southernmost row go to the row above
CREATE TEMP TABLE par AS SELECT DISTINCT r, c FROM pts WHERE r < 15;
SELECT r AS res,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cell_children(c) x WHERE cell_parent(x) <> c)) AS wrong_parent,
       count(*) FILTER (WHERE (SELECT count(*) FROM cell_children(c)) <> 4
                          AND abs(ST_Y(cell_center(c))) < 60) AS not_4_children,
       count(*) FILTER (WHERE r > 0 AND NOT EXISTS (SELECT 1 FROM cell_children(cell_parent(c)) x WHERE x = c)) AS orphan
  FROM par GROUP BY r ORDER BY r;
SELECT count(*) AS child_centre_outside_parent
  FROM par, cell_children(c) ch
 WHERE NOT ST_DWithin(cell_boundary(c), cell_center(ch), 1e-6 * 360 / (36 * 2 ^ r))
   AND NOT ST_DWithin(cell_boundary(c), ST_Translate(cell_center(ch), 360, 0), 1e-6 * 360 / (36 * 2 ^ r))
   AND NOT ST_DWithin(cell_boundary(c), ST_Translate(cell_center(ch), -360, 0), 1e-6 * 360 / (36 * 2 ^ r))
   AND abs(ST_Y(cell_center(c))) < 70;
SELECT count(*) AS polar_parents, count(*) FILTER (WHERE n = 4) AS with_4, min(n), max(n)
  FROM (SELECT c, (SELECT count(*) FROM cell_children(c)) AS n FROM par WHERE abs(ST_Y(cell_center(c))) >= 70) s;
SELECT cell_children('h0:0:0');
SELECT cell_parent('h1:1:1'), cell_parent('h1:1:1', 0), cell_parent('h0:0:0') AS parent_of_res_0,
       cell_parent('h7:884:-2', 7) AS itself, cell_parent('h7:884:-2', 3);
SELECT count(*) AS grandchildren, count(DISTINCT x) AS distinct_grandchildren,
       bool_and(cell_parent(x, 5) = 'h5:100:7') AS all_descend
  FROM cell_children('h5:100:7', 8) x;
SELECT cell_children('h5:100:7', 5) AS itself;

-- neighbourhoods: sizes 6k and 1 + 3k(k+1) away from the poles, distances agree
SELECT k, count(*) AS cells,
       count(*) FILTER (WHERE (SELECT count(*) FROM cell_ring(c, k)) <> CASE WHEN k = 0 THEN 1 ELSE 6 * k END) AS bad_ring,
       count(*) FILTER (WHERE (SELECT count(*) FROM cell_disk(c, k)) <> 1 + 3 * k * (k + 1)) AS bad_disk,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM cell_ring(c, k) x WHERE cell_distance(c, x) <> k)) AS bad_distance,
       count(*) FILTER (WHERE (SELECT count(DISTINCT x) FROM cell_disk(c, k) x) <> (SELECT count(*) FROM cell_disk(c, k))) AS duplicates
  FROM (SELECT DISTINCT c FROM pts WHERE r >= 4 AND abs(lat) < 70) s, generate_series(0, 3) k
 GROUP BY k ORDER BY k;
SELECT cell_ring('h2:0:0', 1);
SELECT cell_distance('h3:0:-144', 'h3:0:143') AS across_antimeridian,
       cell_distance('h3:0:0', 'h3:10:0') AS ten_rows, cell_distance('h3:5:3', 'h3:5:3') AS same;
-- near a pole the disk is cut; wrapping never repeats a cell
SELECT count(*) AS disk_at_pole, count(DISTINCT x) AS distinct_cells FROM cell_disk('h0:9:0', 2) x;
SELECT count(*) AS whole_row_disk, count(DISTINCT x) FROM cell_disk('h0:0:0', 30) x;

-- geometry input: SRID 4326 directly, other SRIDs transformed; index and generated column
SELECT cell(ST_SetSRID(ST_MakePoint(-0.1278, 51.5074), 4326), 7) AS from_4326,
       cell(ST_Transform(ST_SetSRID(ST_MakePoint(-0.1278, 51.5074), 4326), 3857), 7) AS from_3857,
       cell(ST_SetSRID(ST_MakePoint(-0.1278, 51.5074, 12.5), 4326), 7) AS from_3d;
CREATE TEMP TABLE incidents (id int, lat float8, lon float8,
                             c7 cell GENERATED ALWAYS AS (cell(lat, lon, 7)) STORED);
INSERT INTO incidents SELECT row_number() OVER (), lat, lon FROM pts WHERE r = 0;
CREATE INDEX ON incidents (cell(lat, lon, 9));
CREATE INDEX ON incidents (c7);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM incidents WHERE cell(lat, lon, 9) = 'h9:3000:100';
SELECT count(*) = (SELECT count(*) FROM pts WHERE r = 0) AS indexed_all
  FROM incidents WHERE cell(lat, lon, 9) >= 'h9:-4517:-9216';
RESET enable_seqscan;
SELECT count(*) FILTER (WHERE c7 <> cell(lat, lon, 7)) AS generated_mismatch FROM incidents;
-- grouping, hashing and sorting
SELECT count(DISTINCT c) = count(DISTINCT cell_id(c)) AS same_groups FROM pts;

-- bad input
SELECT 'h16:0:0'::cell;
SELECT 'h0:10:0'::cell;
SELECT 'h0:0:18'::cell;
SELECT 'x0:0:0'::cell;
SELECT 'h0:0'::cell;
SELECT 'h0:0:0 junk'::cell;
SELECT 'h0:99999999999:0'::cell;
SELECT ''::cell;
SELECT cell_from_id(0);
SELECT cell_from_id(1);
SELECT cell(91, 0, 3);
SELECT cell(0, -180.5, 3);
SELECT cell('NaN', 0, 3);
SELECT cell(0, 'Infinity', 3);
SELECT cell(0, 0, 16);
SELECT cell(0, 0, -1);
SELECT cell(ST_MakePoint(0, 0), 3);
SELECT cell(ST_SetSRID(ST_MakeLine(ST_MakePoint(0, 0), ST_MakePoint(1, 1)), 4326), 3);
SELECT cell(ST_SetSRID('POINT EMPTY'::geometry, 4326), 3);
SELECT cell_parent('h3:0:0', 5);
SELECT cell_children('h3:0:0', 2);
SELECT cell_ring('h3:0:0', -1);
SELECT cell_distance('h3:0:0', 'h4:0:0');
SELECT cell_count(16);

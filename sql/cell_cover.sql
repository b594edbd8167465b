-- cells_cover: a study area as a set of cells (centre and overlap modes),
-- the antimeridian, the whole globe, tiny areas, limits and bad input
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

-- the whole globe yields every cell once (the documented cell_count)
SELECT r AS res, count(*) AS cells, cell_count(r),
       count(*) = cell_count(r) AS all_cells
  FROM generate_series(0, 2) r,
       cells_cover(ST_MakeEnvelope(-180, -90, 180, 90, 4326), r) c
 GROUP BY r ORDER BY r;
SELECT count(*) AS centre_mode_globe, cell_count(1)
  FROM cells_cover(ST_MakeEnvelope(-180, -90, 180, 90, 4326), 1, 'centre');

-- a box: centre mode keeps cells whose centre is inside, overlap adds the rim
CREATE TEMP TABLE box AS SELECT ST_MakeEnvelope(10, 40, 20, 50, 4326) AS g;
CREATE TEMP TABLE by_centre AS SELECT c FROM box, cells_cover(g, 5, 'centre') c;
CREATE TEMP TABLE by_overlap AS SELECT c FROM box, cells_cover(g, 5, 'overlap') c;
SELECT (SELECT count(*) FROM by_centre) AS centre,
       (SELECT count(*) FROM by_overlap) AS overlap,
       (SELECT bool_and(ST_Intersects(g, cell_center(c))) FROM by_centre) AS centres_inside,
       (SELECT bool_and(ST_Intersects(g, cell_boundary(c))) FROM by_overlap) AS all_touch,
       (SELECT count(*) FROM (SELECT c FROM by_centre EXCEPT SELECT c FROM by_overlap) e) AS centre_not_in_overlap
  FROM box;
-- reference: every cell of the random points inside the box is in the overlap cover
SELECT setseed(0.25);
SELECT count(*) AS points, count(*) FILTER (WHERE cell(lat, lon, 5) NOT IN (SELECT c FROM by_overlap)) AS missed
  FROM (SELECT 40 + 10 * random() AS lat, 10 + 10 * random() AS lon FROM generate_series(1, 5000)) p;
-- ... and the centre cover is exactly the cells whose centre passes ST_Intersects
SELECT count(*) AS differences FROM (
    (SELECT c FROM by_centre
     EXCEPT SELECT c FROM box, cell_cover_candidates(10, 40, 20, 50, 5) c WHERE ST_Intersects(g, cell_center(c)))
    UNION ALL
    (SELECT c FROM box, cell_cover_candidates(10, 40, 20, 50, 5) c WHERE ST_Intersects(g, cell_center(c))
     EXCEPT SELECT c FROM by_centre)) d;

-- an area smaller than a cell: one cell in overlap mode (maybe none by centre)
SELECT cells_cover(ST_Buffer(ST_SetSRID(ST_MakePoint(2.35, 48.85), 4326), 0.001), 3) AS tiny_overlap,
       cell(48.85, 2.35, 3) AS cell_of_point;
SELECT count(*) AS tiny_centre FROM cells_cover(ST_Buffer(ST_SetSRID(ST_MakePoint(2.35, 48.85), 4326), 0.001), 3, 'centre');

-- across the antimeridian: a box given with longitudes past 180, the same box
-- as a MultiPolygon split at 180, and the union of its halves agree
SELECT (SELECT array_agg(c ORDER BY c) FROM cells_cover(ST_MakeEnvelope(170, -20, 190, -10, 4326), 4) c)
     = (SELECT array_agg(c ORDER BY c) FROM cells_cover(ST_Multi(ST_Collect(ST_MakeEnvelope(170, -20, 180, -10, 4326),
                                                                           ST_MakeEnvelope(-180, -20, -170, -10, 4326))), 4) c)
       AS wrapped_equals_split,
       (SELECT array_agg(c ORDER BY c) FROM cells_cover(ST_MakeEnvelope(170, -20, 190, -10, 4326), 4) c)
     = (SELECT array_agg(DISTINCT c ORDER BY c) FROM
          (SELECT cells_cover(ST_MakeEnvelope(170, -20, 180, -10, 4326), 4) c
           UNION ALL SELECT cells_cover(ST_MakeEnvelope(-180, -20, -170, -10, 4326), 4)) h)
       AS wrapped_equals_union_of_halves,
       (SELECT count(*) FROM cells_cover(ST_MakeEnvelope(170, -20, 190, -10, 4326), 4, 'centre') c) AS centre_cells,
       (SELECT count(*) FROM cells_cover(ST_MakeEnvelope(170, -20, 190, -10, 4326), 4, 'centre') c
         WHERE ST_X(cell_center(c)) BETWEEN -170 AND 170) AS centre_cells_far_from_180;

-- other SRIDs are transformed (EPSG:3857 box = its 4326 equivalent)
SELECT (SELECT array_agg(c ORDER BY c) FROM cells_cover(ST_Transform(g, 3857), 4, 'centre') c)
     = (SELECT array_agg(c ORDER BY c) FROM cells_cover(g, 4, 'centre') c) AS same_in_3857
  FROM box;
-- a polar cap: every cell of the cap rows, no duplicates
SELECT count(*), count(DISTINCT c) FROM cells_cover(ST_MakeEnvelope(-180, 80, 180, 90, 4326), 2) c;

-- bad input
SELECT cells_cover(ST_MakeEnvelope(0, 0, 1, 1), 3);
SELECT cells_cover(ST_SetSRID(ST_MakePoint(0, 0), 4326), 3);
SELECT cells_cover(ST_SetSRID('POLYGON EMPTY'::geometry, 4326), 3);
SELECT cells_cover(ST_SetSRID('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))'::geometry, 4326), 3);
SELECT cells_cover(ST_SetSRID('POLYGON((0 0, 1 1, 2 2, 0 0))'::geometry, 4326), 3);
SELECT cells_cover(ST_MakeEnvelope(0, 0, 1, 1, 4326), 16);
SELECT cells_cover(ST_MakeEnvelope(0, 0, 1, 1, 4326), 3, 'inside');
SELECT cells_cover(ST_MakeEnvelope(0, 0, 1, 100, 4326), 3);
SELECT cells_cover(ST_MakeEnvelope(-180, -90, 180, 90, 4326), 12);

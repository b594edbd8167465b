-- st_cube_vs_hexgrid: what people do today, a generated PostGIS hexagon grid joined to the
-- points with ST_Intersects (GiST-indexed points) and counted per hexagon and week, against
-- st_cube on the same points. The area is the extent of the busiest country's incidents;
-- the PostGIS hexagons have size 0.045 degrees (0.0053 square degrees, about 50 km2 at 40N,
-- like resolution 7 cells of 49 km2). Target: st_cube at least 5x faster (ratio <= 0.2).
CREATE TABLE bench.hex_pts AS
SELECT id, lat, lon, occurred, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom
  FROM bench.incidents
 WHERE country = (SELECT country FROM bench.incidents GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1);
CREATE INDEX ON bench.hex_pts USING gist (geom);
ANALYZE bench.hex_pts;
CREATE TABLE bench.hex_area AS
SELECT ST_Expand(ST_SetSRID(ST_Extent(geom)::geometry, 4326), 0.05) AS area FROM bench.hex_pts;

SELECT bench.add_case('st_cube_vs_hexgrid', 0.2,
    $b$SELECT count(*) FROM (
        SELECT h.i, h.j, floor(extract(epoch FROM p.occurred) / 604800), count(*)
          FROM bench.hex_area a, ST_HexagonGrid(0.045, a.area) h
          JOIN bench.hex_pts p ON ST_Intersects(h.geom, p.geom)
         GROUP BY 1, 2, 3) s$b$,
    $t$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week'))
         FROM bench.hex_pts$t$);

-- cube_union_daily: merging 365 stored daily cubes (resolution 7, weekly bins) against
-- rebuilding the cube of the same year from the raw rows. Target: union <= 0.5x rebuild.
CREATE TABLE bench.daily_cubes AS
SELECT occurred::date AS day, tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week') AS cube
  FROM bench.incidents
 WHERE occurred >= '2025-01-01' AND occurred < '2026-01-01'
 GROUP BY 1;
ANALYZE bench.daily_cubes;

SELECT bench.add_case('cube_union_daily', 0.5,
    $b$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week'))
         FROM bench.incidents WHERE occurred >= '2025-01-01' AND occurred < '2026-01-01'$b$,
    $t$SELECT tst_hub.cube_entry_count(tst_hub.cube_union(cube)) FROM bench.daily_cubes$t$);

-- kernel_density: quartic kernel density (bandwidth 20 km, about 2.7 cell widths, so each
-- count reaches about 26 cells) of the stored weekly resolution-7 cube, against building
-- that cube from the rows (st_cube_week's test query): the price of a density map on top
-- of the cube an analyst already keeps.  Informational (no target).
--   kernel_density_all_time   one surface over all bins, with the cell polygons (the map query)
--   kernel_density_cells_all  the same without polygons (kernel_density_cells)
--   kernel_density_weekly     one surface per week of 2025 (52 bins), without polygons
--   kernel_density_points     kernel_density(geometry[]) of the 2025 rows at their exact places,
--                             against the cube build of the same rows
CREATE TABLE bench.kde_cube AS
SELECT tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week') AS c FROM bench.incidents;
SELECT bench.add_case('kernel_density_all_time', NULL,
    $b$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week'))
         FROM bench.incidents$b$,
    $t$SELECT count(*) FROM tst_hub.kernel_density((SELECT c FROM bench.kde_cube), 20000, all_time => true)$t$);
SELECT bench.add_case('kernel_density_cells_all', NULL,
    $b$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week'))
         FROM bench.incidents$b$,
    $t$SELECT count(*) FROM tst_hub.kernel_density_cells((SELECT c FROM bench.kde_cube), 20000, NULL, NULL, true)$t$);
SELECT bench.add_case('kernel_density_weekly', NULL,
    $b$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week'))
         FROM bench.incidents WHERE occurred >= '2025-01-01' AND occurred < '2026-01-01'$b$,
    $t$SELECT count(*) FROM tst_hub.kernel_density_cells(
            tst_hub.cube_slice((SELECT c FROM bench.kde_cube), '2025-01-01', '2026-01-01'), 20000, NULL, NULL, false)$t$);
SELECT bench.add_case('kernel_density_points', NULL,
    $b$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week'))
         FROM bench.incidents WHERE occurred >= '2025-01-01' AND occurred < '2026-01-01'$b$,
    $t$SELECT count(*) FROM tst_hub.kernel_density(ARRAY(
            SELECT ST_SetSRID(ST_MakePoint(lon, lat), 4326) FROM bench.incidents
             WHERE occurred >= '2025-01-01' AND occurred < '2026-01-01'), NULL, 20000, 7)$t$);

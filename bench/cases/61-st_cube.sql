-- st_cube_week: the space-time cube (cell at resolution 7, 1-week bins) of every row against
-- counting GROUP BY arithmetic bins (0.01-degree squares, weeks).
SELECT bench.add_case('st_cube_week', 1.5,
    $b$SELECT count(*) FROM (
        SELECT count(*) FROM bench.incidents
         GROUP BY floor(lat * 100)::int8 * 100000 + floor(lon * 100),
                  floor(extract(epoch FROM occurred) / 604800)) s$b$,
    $t$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week'))
         FROM bench.incidents$t$);

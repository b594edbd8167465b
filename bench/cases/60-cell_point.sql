-- cell_point: the hexagon cell of every row at resolution 7 (about 7.5 km across) against
-- arithmetic binning into 0.01-degree squares. Both evaluate one expression per row.
SELECT bench.add_case('cell_point', 1.5,
    $b$SELECT count(*) FROM bench.incidents
        WHERE (floor(lat * 100)::int8 * 100000 + floor(lon * 100)) IS NOT NULL$b$,
    $t$SELECT count(*) FROM bench.incidents WHERE tst_hub.cell(lat, lon, 7) IS NOT NULL$t$);

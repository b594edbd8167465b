-- Hotspots on cubes (issue 10). All at resolution 11 (0.47 km cells: 291,690 non-empty
-- cells at N=1.2M), where a neighbourhood is a cell and its six touching cells.
--
-- hotspots_vs_cube: hotspots(cube) over a cube of every incident in 365-day bins (6 bins,
-- every cell in every bin with its implicit zeros: 1.75M (cell, bin) Gi* at N=1.2M)
-- against building that cube from the rows. Target 1.0: the statistics cost no more than
-- the aggregation they read. The test query reads z and fdr, as a map query would; the
-- polygon is left out by the planner (hotspots is an inlined SQL wrapper).
CREATE TABLE bench.hs_cube AS
SELECT tst_hub.st_cube(tst_hub.cell(lat, lon, 11), occurred, '365 days') AS q FROM bench.incidents;
SELECT bench.add_case('hotspots_vs_cube', 1.0,
    $b$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 11), occurred, '365 days'))
         FROM bench.incidents$b$,
    $t$SELECT count(*), sum(h.z), sum(h.fdr) FROM bench.hs_cube c, tst_hub.hotspots(c.q) h$t$);

-- hotspots_map: the same with the cell polygon of every row of the last bin, what a QGIS
-- layer of one bin fetches (informational; baseline the cube build as above).
SELECT bench.add_case('hotspots_map', NULL,
    $b$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 11), occurred, '365 days'))
         FROM bench.incidents$b$,
    $t$SELECT count(*), sum(h.z), sum(ST_NPoints(h.geom)) FROM bench.hs_cube c, tst_hub.hotspots(c.q) h
        WHERE h.bin_start = (SELECT max(x.bin_start) FROM bench.hs_cube c2, tst_hub.cube_cells(c2.q) x)$t$);

-- hotspots_vs_selfjoin: Gi* written in plain SQL the way one would without tst_hub (test
-- 41's reference): every cell x bin with zeros, a neighbour table from cell_disk, a
-- self-join for the neighbourhood sums, per-bin mean and sd, z = (lag - m W) / (s sqrt(
-- (n W - W^2) / (n - 1)))). It computes z only (no p, no bins, no FDR), so it does less
-- than hotspots. The incidents of the busiest country, to keep the baseline under a minute.
-- Target 0.1 (hotspots at least 10x faster).
CREATE TABLE bench.hs_country_cube AS
SELECT tst_hub.st_cube(tst_hub.cell(lat, lon, 11), occurred, '365 days') AS q
  FROM bench.incidents
 WHERE country = (SELECT country FROM bench.incidents GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1);
SELECT bench.add_case('hotspots_vs_selfjoin', 0.1,
    $b$WITH cc AS (SELECT x.cell, x.bin_start, x.n FROM bench.hs_country_cube c, tst_hub.cube_cells(c.q) x),
       area AS (SELECT DISTINCT cell FROM cc),
       bins AS (SELECT DISTINCT bin_start FROM cc),
       vals AS (SELECT a.cell, b.bin_start, coalesce(cc.n, 0)::float8 AS v
                  FROM area a CROSS JOIN bins b LEFT JOIN cc ON cc.cell = a.cell AND cc.bin_start = b.bin_start),
       stats AS (SELECT bin_start, count(*) AS n, avg(v) AS m, sqrt(avg(v * v) - avg(v) ^ 2) AS s FROM vals GROUP BY 1),
       nb AS (SELECT a.cell, d AS nbr FROM area a, tst_hub.cell_disk(a.cell, 1) d WHERE d IN (SELECT cell FROM area)),
       lag AS (SELECT v.cell, v.bin_start, sum(w.v) AS lag, count(*) AS wi
                 FROM vals v JOIN nb ON nb.cell = v.cell JOIN vals w ON w.cell = nb.nbr AND w.bin_start = v.bin_start
                GROUP BY 1, 2)
       SELECT count(*), sum((l.lag - s.m * l.wi) / nullif(s.s * sqrt((s.n * l.wi - l.wi ^ 2) / (s.n - 1)), 0))
         FROM lag l JOIN stats s USING (bin_start)$b$,
    $t$SELECT count(*), sum(h.z) FROM bench.hs_country_cube c, tst_hub.hotspots(c.q) h$t$);

-- Emerging hot spots. Cubes of 35-day bins (53 bins over the five years), of the incidents
-- of a set of countries (whole countries, taken in md5 order of their codes, so the cells
-- keep their real neighbourhoods), cut where the cumulative cell count is close to the
-- sizes wanted: at N=1.2M eh_full has 157,223 cells and eh_quarter 39,944 (3.94x fewer). The goal is absolute (150k cells x 52 bins <= 5 s), so the baseline is
-- building the same cube from its rows, for scale; the detail line has both times.
CREATE TABLE bench.eh_countries AS
WITH cc AS (SELECT country, count(DISTINCT tst_hub.cell(lat, lon, 11)) AS n FROM bench.incidents GROUP BY 1),
     o AS (SELECT country, sum(n) OVER (ORDER BY md5(country), country) AS cum FROM cc)
SELECT country, cum FROM o;
CREATE TABLE bench.eh_full_rows AS
SELECT lat, lon, occurred FROM bench.incidents
 WHERE country IN (SELECT country FROM bench.eh_countries WHERE cum <= 160000);
CREATE TABLE bench.eh_full AS
SELECT tst_hub.st_cube(tst_hub.cell(lat, lon, 11), occurred, '35 days') AS q FROM bench.eh_full_rows;
CREATE TABLE bench.eh_quarter AS
SELECT tst_hub.st_cube(tst_hub.cell(lat, lon, 11), occurred, '35 days') AS q FROM bench.incidents
 WHERE country IN (SELECT country FROM bench.eh_countries WHERE cum <= 40000);
-- one more day of incidents after the cube's last one, spread like that day's
CREATE TABLE bench.eh_day AS
SELECT tst_hub.st_cube(tst_hub.cell(lat, lon, 11), occurred + interval '1 day', '35 days') AS q
  FROM bench.eh_full_rows WHERE occurred >= (SELECT max(occurred) FROM bench.eh_full_rows) - interval '1 day';
SELECT format('cells: eh_full %s, eh_quarter %s; bins %s; entries in the appended day %s',
              (SELECT count(DISTINCT x.cell) FROM bench.eh_full c, tst_hub.cube_cells(c.q) x),
              (SELECT count(DISTINCT x.cell) FROM bench.eh_quarter c, tst_hub.cube_cells(c.q) x),
              (SELECT count(DISTINCT x.bin_start) FROM bench.eh_full c, tst_hub.cube_cells(c.q) x),
              (SELECT tst_hub.cube_entry_count(q) FROM bench.eh_day)) AS eh_sizes \gset
\warn 'note (65-hotspots): ' :eh_sizes

SELECT bench.add_case('emerging_hotspots', NULL,
    $b$SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 11), occurred, '35 days'))
         FROM bench.eh_full_rows$b$,
    $t$SELECT count(*), count(*) FILTER (WHERE h.category <> 'no pattern detected')
         FROM bench.eh_full c, tst_hub.emerging_hotspots(c.q) h$t$);
-- emerging_hotspots_4x_cells: the same analysis on 4x the cells (eh_quarter -> eh_full,
-- the note line gives the exact counts). Target 4.8 (at most 1.2x the cost per cell).
SELECT bench.add_case('emerging_hotspots_4x_cells', 4.8,
    $b$SELECT count(*) FROM bench.eh_quarter c, tst_hub.emerging_hotspots(c.q) h$b$,
    $t$SELECT count(*) FROM bench.eh_full c, tst_hub.emerging_hotspots(c.q) h$t$);
-- emerging_append_day: append one day to the stored cube and reclassify every cell (the
-- default global window 'cube' moves every z, so everything is recomputed) against the
-- analysis of the stored cube alone. Goal: <= 1 s absolute (detail line).
SELECT bench.add_case('emerging_append_day', NULL,
    $b$SELECT count(*) FROM bench.eh_full c, tst_hub.emerging_hotspots(c.q) h$b$,
    $t$SELECT count(*) FROM bench.eh_full c, bench.eh_day d,
              tst_hub.emerging_hotspots(tst_hub.cube_append(c.q, d.q)) h$t$);
-- emerging_bins_from: with global window 'neighbourhood' the bins before an appended day
-- do not change; only the bins from that day on are computed (informational).
SELECT bench.add_case('emerging_bins_from', NULL,
    $b$SELECT count(*) FROM bench.eh_full c, bench.eh_day d,
              tst_hub.emerging_hotspots_bins(tst_hub.cube_append(c.q, d.q), global_window => 'neighbourhood') h$b$,
    $t$SELECT count(*) FROM bench.eh_full c, bench.eh_day d,
              tst_hub.emerging_hotspots_bins(tst_hub.cube_append(c.q, d.q), global_window => 'neighbourhood',
                                             "from" => (SELECT max(occurred) FROM bench.eh_full_rows) + interval '1 day') h$t$);

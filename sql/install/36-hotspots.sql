-- ---------------------------------------------------------------------------
-- Grid form of Gi* on cubes: hotspots(cube, ring, study_area).  For every
-- time bin, binary Gi* (self weight 1) over the cells of the study area,
-- neighbours = the cells within `ring` steps, implicit zeros for every
-- study-area cell a bin did not count (hotspot statistics are wrong when
-- empty cells are missing).  Without a study area, the cells the cube
-- counted in any bin.  Cells of the cube outside the study area never take
-- part.  In C (src/hotspot/hotspots_grid.c, grid_engine.c): the cells, the
-- ring-k graph and the counts are read once, then getis_ord's arithmetic
-- runs bin by bin; equal to the composition cube_cells + cell_disk_pairs +
-- getis_ord (test/pgtap/41-hotspots_grid.sql).
-- ---------------------------------------------------------------------------
CREATE FUNCTION cell_disk_pairs(cells cell[], k int4, OUT i int8[], OUT j int8[])
    AS 'MODULE_PATHNAME', 'cell_disk_pairs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cell_disk_pairs(cell[], int4) IS 'neighbour pairs for the statistics: for sorted, distinct cells, the directed pairs (i, j) of 1-based positions whose cells are within k steps (never a cell with itself)';

CREATE FUNCTION hotspots_grid(c cube, ring int4, area cell[],
                              OUT cell cell, OUT bin_start timestamptz, OUT value float8, OUT z float8,
                              OUT p float8, OUT bin int4, OUT fdr int4, OUT reason text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'hotspots_grid' LANGUAGE C STABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION hotspots_grid(cube, int4, cell[]) IS 'hotspots without the polygon: Gi* per (cell, bin) over the study cells area (NULL: the cells the cube counted), by bin then cell; NULL cube: no rows; 22023 for ring < 1, fewer than 3 cells or cells of another resolution; a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released (value NULL, reason below_k).';

-- SQL so that the planner can inline it: the polygon is built only for the
-- rows a query keeps (a map of one bin, say), never for rows it filters out.
CREATE FUNCTION hotspots(c cube, ring int4 DEFAULT 1, study_area geometry DEFAULT NULL,
                         OUT cell cell, OUT bin_start timestamptz, OUT value float8, OUT z float8,
                         OUT p float8, OUT bin int4, OUT fdr int4, OUT reason text, OUT geom geometry)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
AS $$
SELECT h.cell, h.bin_start, h.value, h.z, h.p, h.bin, h.fdr, h.reason, @extschema@.cell_boundary(h.cell)
  FROM @extschema@.hotspots_grid(c, ring,
           CASE WHEN study_area IS NULL OR c IS NULL THEN NULL
                ELSE ARRAY(SELECT @extschema@.cells_cover(study_area, @extschema@.cube_resolution(c), 'centre')) END) h
$$;
COMMENT ON FUNCTION hotspots(cube, int4, geometry) IS 'Gi* per (cell, bin) of a cube: binary weights with self, neighbours within ring steps, zeros for uncounted study-area cells (default: cells the cube counted); z, two-sided p, bin -3..3, fdr = Gi_Bin after Benjamini-Hochberg within the bin, reason where z is NULL, and the cell polygon; a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released (value NULL, reason below_k).';

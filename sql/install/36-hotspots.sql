-- ---------------------------------------------------------------------------
-- Grid form of Gi* on cubes: hotspots(cube, ring, study_area).  For every
-- time bin, binary Gi* (self weight 1) over the cells of the study area,
-- neighbours = the cells within `ring` steps, implicit zeros for every
-- study-area cell a bin did not count (hotspot statistics are wrong when
-- empty cells are missing).  Without a study area, the cells the cube
-- counted in any bin.  Cells of the cube outside the study area never take
-- part.  Composed in SQL from cube_cells, cell_disk_pairs and getis_ord
-- (the same arithmetic as the general form).
-- ---------------------------------------------------------------------------
CREATE FUNCTION cell_disk_pairs(cells cell[], k int4, OUT i int8[], OUT j int8[])
    AS 'MODULE_PATHNAME', 'cell_disk_pairs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cell_disk_pairs(cell[], int4) IS 'neighbour pairs for the statistics: for sorted, distinct cells, the directed pairs (i, j) of 1-based positions whose cells are within k steps (never a cell with itself)';

CREATE FUNCTION hotspots(c cube, ring int4 DEFAULT 1, study_area geometry DEFAULT NULL,
                         OUT cell cell, OUT bin_start timestamptz, OUT value float8, OUT z float8,
                         OUT p float8, OUT bin int4, OUT fdr int4, OUT reason text, OUT geom geometry)
    RETURNS SETOF record
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1000
AS $$
BEGIN
    IF c IS NULL THEN
        RETURN;
    END IF;
    IF ring IS NULL OR ring < 1 THEN
        RAISE EXCEPTION 'hotspots ring must be 1 or more, not %', coalesce(ring::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'ring 1 makes the six touching cells the neighbours.';
    END IF;
    RETURN QUERY
    WITH area AS (
        SELECT DISTINCT a.cell FROM (
            SELECT x.cell FROM cube_cells(c) x WHERE study_area IS NULL
            UNION ALL
            SELECT x FROM cells_cover(study_area, cube_resolution(c), 'centre') x WHERE study_area IS NOT NULL) a),
    ids AS (SELECT a.cell, row_number() OVER (ORDER BY a.cell) AS id FROM area a),
    pairs AS (SELECT d.i AS pi, d.j AS pj FROM cell_disk_pairs(ARRAY(SELECT a.cell FROM area a ORDER BY a.cell), ring) d),
    per_bin AS (
        SELECT f.bin_start, array_agg(i.id ORDER BY i.id) AS ids, array_agg(f.n::float8 ORDER BY i.id) AS vals
          FROM cube_cells(c, ARRAY(SELECT a.cell FROM area a)) f JOIN ids i ON i.cell = f.cell
         GROUP BY f.bin_start)
    SELECT i.cell, b.bin_start, b.vals[g.id], g.z, g.p, g.bin, g.fdr_bin, g.reason, cell_boundary(i.cell)
      FROM per_bin b CROSS JOIN pairs pr
     CROSS JOIN LATERAL getis_ord(b.ids, b.vals, coalesce(pr.pi, '{}'), coalesce(pr.pj, '{}')) g
      JOIN ids i ON i.id = g.id
     ORDER BY b.bin_start, i.cell;
END
$$;
COMMENT ON FUNCTION hotspots(cube, int4, geometry) IS 'Gi* per (cell, bin) of a cube: binary weights with self, neighbours within ring steps, zeros for uncounted study-area cells (default: cells the cube counted); z, two-sided p, bin -3..3, fdr = Gi_Bin after Benjamini-Hochberg within the bin, reason where z is NULL, and the cell polygon';

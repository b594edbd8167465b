-- ---------------------------------------------------------------------------
-- Emerging hot spot analysis on cubes (ArcGIS EHSA; README "Emerging hot
-- spots").  Space-time Gi* per (cell, bin): ring neighbours and the cell
-- itself, in the bin and the time_window bins before; Mann-Kendall of each
-- cell's z series; one of 17 categories by the rules in
-- src/hotspot/emerging_rules.c.  Every step is reachable on its own:
-- emerging_hotspots_bins (the z/p/bins), mann_kendall (the trend) and
-- ehsa_category (the category), and emerging_hotspots equals their
-- composition (test/pgtap/42-emerging.sql).
-- ---------------------------------------------------------------------------
CREATE FUNCTION ehsa_category(bins int4[], trend_z float8, trend_p float8,
                              confidence int4 DEFAULT 90, mk_alpha float8 DEFAULT 0.05,
                              rules text DEFAULT 'current',
                              OUT category text, OUT rule text, OUT hot_bins int4, OUT cold_bins int4)
    RETURNS record
    AS 'MODULE_PATHNAME', 'ehsa_category' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION ehsa_category(int4[], float8, float8, int4, float8, text) IS 'emerging hot spot category of one location from its Gi_Bin series (oldest first, -3..3, NULL = not significant; significant at confidence 90/95/99 means |bin| >= 1/2/3) and the Mann-Kendall z and p of its z series (a trend when p < mk_alpha; NULL = none; 22023 for a NaN z or p or a p outside 0..1): one of 17 ArcGIS patterns, the rule that fired, Nh and Nc; rules ''current'' (Sporadic needs the final bin hot) or ''legacy'' (older docs)';

CREATE FUNCTION emerging_hotspots_bins_grid(c cube, ring int4, time_window int4, area cell[],
                                            global_window text, "from" timestamptz,
                                            OUT cell cell, OUT bin_start timestamptz, OUT value float8,
                                            OUT z float8, OUT p float8, OUT bin int4, OUT fdr int4,
                                            OUT reason text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'emerging_hotspots_bins_grid' LANGUAGE C STABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION emerging_hotspots_bins_grid(cube, int4, int4, cell[], text, timestamptz) IS 'emerging_hotspots_bins over study cells given as an array (NULL: the cells the cube counted); a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released (value NULL, reason below_k).';

CREATE FUNCTION emerging_hotspots_bins(c cube, ring int4 DEFAULT 1, time_window int4 DEFAULT 1,
                                       study_area geometry DEFAULT NULL, global_window text DEFAULT 'cube',
                                       "from" timestamptz DEFAULT NULL,
                                       OUT cell cell, OUT bin_start timestamptz, OUT value float8,
                                       OUT z float8, OUT p float8, OUT bin int4, OUT fdr int4,
                                       OUT reason text)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
AS $$
SELECT h.* FROM @extschema@.emerging_hotspots_bins_grid(c, ring, time_window,
           CASE WHEN study_area IS NULL OR c IS NULL THEN NULL
                ELSE ARRAY(SELECT @extschema@.cells_cover(study_area, @extschema@.cube_resolution(c), 'centre')) END,
           global_window, "from") h
$$;
COMMENT ON FUNCTION emerging_hotspots_bins(cube, int4, int4, geometry, text, timestamptz) IS 'space-time Gi* per (cell, bin) of a cube, the first step of emerging_hotspots: binary weights over the cells within ring steps and the cell itself, in the bin and the time_window bins before (fewer at the start); mean and sd over the whole cube (global_window ''cube'', ArcGIS default) or the bins of the window (''neighbourhood''); zeros for uncounted study-area cells; fdr = Gi_Bin after Benjamini-Hochberg within the bin; bins from the one holding "from" on (NULL: all); a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released (value NULL, reason below_k).';

CREATE FUNCTION emerging_hotspots_grid(c cube, ring int4, time_window int4, area cell[],
                                       confidence int4, mk_alpha float8, fdr bool, rules text,
                                       global_window text,
                                       OUT cell cell, OUT category text, OUT trend_z float8, OUT trend_p float8,
                                       OUT trend_tau float8, OUT significant_bins int4, OUT share_significant float8,
                                       OUT hot_bins int4, OUT cold_bins int4, OUT rule text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'emerging_hotspots_grid' LANGUAGE C STABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION emerging_hotspots_grid(cube, int4, int4, cell[], int4, float8, bool, text, text) IS 'emerging_hotspots without the polygon, over study cells given as an array (NULL: the cells the cube counted); a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released.';

CREATE FUNCTION emerging_hotspots(c cube, ring int4 DEFAULT 1, time_window int4 DEFAULT 1,
                                  study_area geometry DEFAULT NULL, confidence int4 DEFAULT 90,
                                  mk_alpha float8 DEFAULT 0.05, fdr bool DEFAULT true,
                                  rules text DEFAULT 'current', global_window text DEFAULT 'cube',
                                  OUT cell cell, OUT category text, OUT trend_z float8, OUT trend_p float8,
                                  OUT trend_tau float8, OUT significant_bins int4, OUT share_significant float8,
                                  OUT hot_bins int4, OUT cold_bins int4, OUT rule text, OUT geom geometry)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE ROWS 1000
AS $$
SELECT h.*, @extschema@.cell_boundary(h.cell)
  FROM @extschema@.emerging_hotspots_grid(c, ring, time_window,
           CASE WHEN study_area IS NULL OR c IS NULL THEN NULL
                ELSE ARRAY(SELECT @extschema@.cells_cover(study_area, @extschema@.cube_resolution(c), 'centre')) END,
           confidence, mk_alpha, fdr, rules, global_window) h
$$;
COMMENT ON FUNCTION emerging_hotspots(cube, int4, int4, geometry, int4, float8, bool, text, text) IS 'emerging hot spot analysis (ArcGIS EHSA) of a cube, one row per study-area cell: space-time Gi* (emerging_hotspots_bins), Mann-Kendall of the cell''s z series (trend_z/p/tau), bins significant at confidence % (after FDR within each bin unless fdr is false), and one of 17 categories (ehsa_category) with the rule that fired; NULL cube: no rows; 22023 for fewer than 3 cells or 3 bins; a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released.';

-- ---------------------------------------------------------------------------
-- Kernel density on the cell grid: ArcGIS Kernel Density's quartic kernel
-- with its normalisation (the surface of a point has volume = its weight)
-- and its default search radius, densities per km^2 at the centres of the
-- cells of one resolution, bandwidths in metres, great-circle distances on
-- the grid's sphere.  And global Empirical-Bayes rates, a value input for
-- getis_ord.  Formulas: src/hotspot/kde.h; README "Kernel density".
-- ---------------------------------------------------------------------------
CREATE FUNCTION kernel_density_cells(c cube, bandwidth float8, res int4, cells cell[], all_time bool,
                                     OUT cell cell, OUT bin_start timestamptz, OUT density float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'kernel_density_cells' LANGUAGE C STABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION kernel_density_cells(cube, float8, int4, cell[], bool) IS 'kernel_density on a cube without geometry: cells NULL for every cell within the bandwidth of a count, else exactly these cells (of resolution res, zeros included); bandwidth, res and all_time NULL take the defaults; a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released.';

CREATE FUNCTION kernel_density(c cube, bandwidth float8 DEFAULT NULL, res int4 DEFAULT NULL,
                               study_area geometry DEFAULT NULL, all_time bool DEFAULT false,
                               OUT cell cell, OUT bin_start timestamptz, OUT density float8, OUT geom geometry)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1000
AS $$
SELECT k.cell, k.bin_start, k.density, cell_boundary(k.cell)
  FROM kernel_density_cells($1, $2, $3,
           CASE WHEN $4 IS NOT NULL
                THEN ARRAY(SELECT cells_cover($4, coalesce($3, cube_resolution($1)), 'centre')) END,
           $5) k
$$;
COMMENT ON FUNCTION kernel_density(cube, float8, int4, geometry, bool) IS 'quartic kernel density per time bin (ArcGIS Kernel Density: sum of n * 3/pi * (1 - (d/r)^2)^2 / r^2), each cube cell''s count at its centre, evaluated at the centres of cells of resolution res (default the cube''s), in events per km^2; bandwidth r in metres (great-circle), default ArcGIS''s rule over the whole cube (kde_bandwidth) so every bin shares it; all_time sums the bins (bin_start NULL); rows for cells within r of a count, or every cell whose centre is in study_area (0 included, counts outside still reach in); geom = cell polygon; 54000 past 2 million cells in one surface or 10 million rows; a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released.';

CREATE FUNCTION kernel_density_points(lon float8[], lat float8[], weights float8[], bandwidth float8, res int4,
                                      OUT cell cell, OUT density float8)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'kernel_density_points' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION kernel_density_points(float8[], float8[], float8[], float8, int4) IS 'kernel_density of points given as longitude and latitude arrays in degrees (what kernel_density(geometry[]) calls); a NULL longitude, latitude or weight skips that point';

-- Points as longitude/latitude arrays, in order, NULL where a point is NULL
-- or empty; 22023 for non-points, SRID 0 or an SRID PostGIS does not know.
CREATE FUNCTION kde_points_lonlat(points geometry[], OUT lon float8[], OUT lat float8[])
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    bad text;
    s int4;
BEGIN
    IF points IS NULL THEN
        RETURN;
    END IF;
    SELECT GeometryType(g) INTO bad FROM unnest(points) g
     WHERE g IS NOT NULL AND GeometryType(g) <> 'POINT' LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('kernel density needs points, not %s', bad),
            HINT = 'Use ST_PointOnSurface for areas and ST_Dump for multipoints, or build a cube with st_cube.';
    END IF;
    FOR s IN SELECT DISTINCT ST_SRID(g) FROM unnest(points) g WHERE g IS NOT NULL LOOP
        IF s = 0 THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'a point has no SRID',
                HINT = 'A SRID is needed to place points on the globe: use ST_SetSRID(geom, 4326) for longitude/latitude.';
        END IF;
        PERFORM geometry_to_wgs84(ST_SetSRID('POINT(0 0)'::geometry, s));
    END LOOP;
    SELECT array_agg(ST_X(w) ORDER BY o), array_agg(ST_Y(w) ORDER BY o) INTO lon, lat
      FROM (SELECT u.o, CASE WHEN ST_SRID(u.g) = 4326 THEN u.g ELSE ST_Transform(u.g, 4326) END AS w
              FROM unnest(points) WITH ORDINALITY AS u(g, o)) p;
END
$$;
COMMENT ON FUNCTION kde_points_lonlat(geometry[]) IS 'point geometries as longitude and latitude arrays in SRID 4326, in order (NULL for NULL or empty points); 22023 for non-points or a missing or unknown SRID';

CREATE FUNCTION kernel_density(points geometry[], weights float8[] DEFAULT NULL, bandwidth float8 DEFAULT NULL,
                               res int4 DEFAULT 7, OUT cell cell, OUT density float8, OUT geom geometry)
    RETURNS SETOF record
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT ROWS 1000
AS $$
SELECT k.cell, k.density, cell_boundary(k.cell)
  FROM kde_points_lonlat($1) p, kernel_density_points(p.lon, p.lat, $2, $3, $4) k
$$;
COMMENT ON FUNCTION kernel_density(geometry[], float8[], float8, int4) IS 'quartic kernel density (as kernel_density(cube)) of points at their exact places, weights default 1 (a NULL or empty point, or a NULL or 0 weight, skips the point), in weight per km^2 at the centres of cells of resolution res (default 7) within the bandwidth (metres; default ArcGIS''s rule, kde_bandwidth); a set-returning function over an array (array_agg or ARRAY(SELECT geom ...)) because an aggregate cannot return rows: for large data build a cube with the parallel, mergeable st_cube aggregate and call kernel_density(cube)';

CREATE FUNCTION kde_bandwidth(c cube, OUT bandwidth float8, OUT standard_distance float8,
                              OUT median_distance float8, OUT weight float8)
    AS 'MODULE_PATHNAME', 'kde_bandwidth_cube' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION kde_bandwidth(cube) IS 'the default kernel_density bandwidth of a cube in metres, ArcGIS''s rule 0.9 * min(SD, sqrt(1/ln 2) * Dm) * n^(-1/5) on the cell centres weighted by their counts over all bins: SD standard distance and Dm weighted median distance from the (spherical) mean centre, n the total count; bandwidth NULL when the rule gives no radius (one place, points round the globe); a cube of people counts distinct persons; a count below tst_hub.min_k is taken as 0 and not released.';

CREATE FUNCTION kde_bandwidth_points(lon float8[], lat float8[], weights float8[],
                                     OUT bandwidth float8, OUT standard_distance float8,
                                     OUT median_distance float8, OUT weight float8)
    AS 'MODULE_PATHNAME', 'kde_bandwidth_points' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION kde_bandwidth_points(float8[], float8[], float8[]) IS 'kde_bandwidth of points given as longitude and latitude arrays in degrees (what kde_bandwidth(geometry[]) calls); a NULL longitude, latitude or weight skips that point';

CREATE FUNCTION kde_bandwidth(points geometry[], weights float8[] DEFAULT NULL,
                              OUT bandwidth float8, OUT standard_distance float8,
                              OUT median_distance float8, OUT weight float8)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$SELECT b.* FROM kde_points_lonlat($1) p, kde_bandwidth_points(p.lon, p.lat, $2) b$$;
COMMENT ON FUNCTION kde_bandwidth(geometry[], float8[]) IS 'the default kernel_density bandwidth of points in metres (as kde_bandwidth(cube), weights default 1, n = their sum; a NULL or empty point, or a NULL or 0 weight, skips the point), with the standard and median distances it comes from';

CREATE FUNCTION eb_rates(counts float8[], populations float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'eb_rates' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION eb_rates(float8[], float8[]) IS 'global Empirical-Bayes smoothed rates (Marshall 1991, GeoDa''s EB rate): each raw rate count/population shrunk towards the overall rate by theta + a/(a + theta/population) * (rate - theta), a = max(0, moment variance - theta/mean population); as esda Empirical_Bayes where a >= 0; NULL where an input is NULL; an area of population 0 gets theta; counts, populations and rates above 1e60 are 22003; use as getis_ord''s vals';

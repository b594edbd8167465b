-- ---------------------------------------------------------------------------
-- Hotspot statistics, general forms: any areas (districts, points, cells)
-- as (ids, vals) arrays, neighbours as directed pairs (nbr_i, nbr_j[, w]).
-- Values equal esda (G_Local, Moran_Local, Moran) and pyMannKendall
-- (original_test, sens_slope); binary Gi* equals ArcGIS's GiZScore; p is
-- two-sided from erfc.  Arithmetic: src/hotspot/stats*.c (stats.h is the
-- interface the grid forms reuse); README "Hotspot statistics".
-- ---------------------------------------------------------------------------
CREATE FUNCTION getis_ord(ids int8[], vals float8[], nbr_i int8[], nbr_j int8[],
                          w float8[] DEFAULT NULL, star bool DEFAULT true, transform text DEFAULT 'B',
                          OUT id int8, OUT g float8, OUT z float8, OUT p float8, OUT bin int4,
                          OUT fdr_hot bool, OUT reason text, OUT q float8, OUT fdr_bin int4)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'getis_ord' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION getis_ord(int8[], float8[], int8[], int8[], float8[], bool, text) IS 'local Getis-Ord Gi* (star) or Gi per area, one row per id in id order: g and z as esda G_Local (binary Gi* z = ArcGIS GiZScore), p two-sided, bin -3..3 at 90/95/99 %, q Benjamini-Hochberg, fdr_bin = ArcGIS Gi_Bin with FDR, fdr_hot = hot at 95 % after FDR; reason missing/island/constant/degenerate where z is NULL';

CREATE FUNCTION local_moran(ids int8[], vals float8[], nbr_i int8[], nbr_j int8[],
                            w float8[] DEFAULT NULL, transform text DEFAULT 'R',
                            permutations int4 DEFAULT 0, seed int8 DEFAULT 0,
                            OUT id int8, OUT i float8, OUT e_i float8, OUT var_i float8, OUT z float8,
                            OUT p float8, OUT quadrant text, OUT p_sim float8, OUT reason text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'local_moran' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION local_moran(int8[], float8[], int8[], int8[], float8[], text, int4, int8) IS 'local Moran''s I per area as esda Moran_Local: i, e_i and var_i under total randomisation, z and two-sided p from them, quadrant HH/LH/LL/HL, p_sim from seeded conditional permutations ("directed" fold; equal to esda in distribution, reproducible for a seed)';

CREATE FUNCTION global_moran(ids int8[], vals float8[], nbr_i int8[], nbr_j int8[],
                             w float8[] DEFAULT NULL, transform text DEFAULT 'R',
                             OUT i float8, OUT e_i float8, OUT var_norm float8, OUT var_rand float8,
                             OUT z_norm float8, OUT p_norm float8, OUT z_rand float8, OUT p_rand float8,
                             OUT n int4, OUT reason text)
    RETURNS record
    AS 'MODULE_PATHNAME', 'global_moran' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION global_moran(int8[], float8[], int8[], int8[], float8[], text) IS 'global Moran''s I as esda Moran: I, E[I], variances under normality and randomisation, z and two-sided p for each; n areas with a value';

CREATE TYPE mann_kendall_result AS (trend text, h bool, p float8, z float8, tau float8,
                                    s float8, var_s float8, slope float8, intercept float8);
COMMENT ON TYPE mann_kendall_result IS 'Mann-Kendall test result, fields as pyMannKendall original_test (tau = Tau)';

CREATE FUNCTION mann_kendall(vals float8[], alpha float8 DEFAULT 0.05) RETURNS mann_kendall_result
    AS 'MODULE_PATHNAME', 'mann_kendall' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mann_kendall(float8[], float8) IS 'Mann-Kendall trend test as pyMannKendall original_test: NULL/NaN entries skipped, Sen''s slope and intercept over the original positions, p two-sided (erfc), h = p < alpha';

CREATE FUNCTION sen_slope(vals float8[], OUT slope float8, OUT intercept float8) RETURNS record
    AS 'MODULE_PATHNAME', 'sen_slope' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION sen_slope(float8[]) IS 'Theil-Sen slope per step and Conover intercept as pyMannKendall sens_slope: NULL/NaN entries keep their positions';

CREATE FUNCTION mann_kendall_trans(float8[], timestamptz, float8) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'mann_kendall_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mann_kendall_trans(float8[], timestamptz, float8, float8) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'mann_kendall_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mann_kendall_trans(float8[], int8, float8) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'mann_kendall_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mann_kendall_trans(float8[], int8, float8, float8) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'mann_kendall_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION mann_kendall_combine(float8[], float8[]) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'mann_kendall_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mann_kendall_final(float8[]) RETURNS mann_kendall_result
    AS 'MODULE_PATHNAME', 'mann_kendall_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mann_kendall_trans(float8[], timestamptz, float8) IS 'aggregate support: mann_kendall_agg row step (only inside the aggregate)';
COMMENT ON FUNCTION mann_kendall_trans(float8[], timestamptz, float8, float8) IS 'aggregate support: mann_kendall_agg row step with alpha (only inside the aggregate)';
COMMENT ON FUNCTION mann_kendall_trans(float8[], int8, float8) IS 'aggregate support: mann_kendall_agg row step (only inside the aggregate)';
COMMENT ON FUNCTION mann_kendall_trans(float8[], int8, float8, float8) IS 'aggregate support: mann_kendall_agg row step with alpha (only inside the aggregate)';
COMMENT ON FUNCTION mann_kendall_combine(float8[], float8[]) IS 'aggregate support: merges two mann_kendall_agg states {alpha, t1, v1, ...}';
COMMENT ON FUNCTION mann_kendall_final(float8[]) IS 'Mann-Kendall of a mann_kendall_agg state {alpha, t1, v1, ...}, values ordered by t (22023 for a repeated t)';

CREATE AGGREGATE mann_kendall_agg(t timestamptz, v float8) (
    SFUNC = mann_kendall_trans, STYPE = float8[], FINALFUNC = mann_kendall_final,
    COMBINEFUNC = mann_kendall_combine, PARALLEL = SAFE
);
CREATE AGGREGATE mann_kendall_agg(t timestamptz, v float8, alpha float8) (
    SFUNC = mann_kendall_trans, STYPE = float8[], FINALFUNC = mann_kendall_final,
    COMBINEFUNC = mann_kendall_combine, PARALLEL = SAFE
);
CREATE AGGREGATE mann_kendall_agg(t int8, v float8) (
    SFUNC = mann_kendall_trans, STYPE = float8[], FINALFUNC = mann_kendall_final,
    COMBINEFUNC = mann_kendall_combine, PARALLEL = SAFE
);
CREATE AGGREGATE mann_kendall_agg(t int8, v float8, alpha float8) (
    SFUNC = mann_kendall_trans, STYPE = float8[], FINALFUNC = mann_kendall_final,
    COMBINEFUNC = mann_kendall_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE mann_kendall_agg(timestamptz, float8) IS 'Mann-Kendall (as mann_kendall) of the values ordered by time, one value per time; NULL values are missing steps';
COMMENT ON AGGREGATE mann_kendall_agg(timestamptz, float8, float8) IS 'Mann-Kendall of the values ordered by time at significance alpha';
COMMENT ON AGGREGATE mann_kendall_agg(int8, float8) IS 'Mann-Kendall (as mann_kendall) of the values ordered by an integer time step, one value per step';
COMMENT ON AGGREGATE mann_kendall_agg(int8, float8, float8) IS 'Mann-Kendall of the values ordered by an integer time step at significance alpha';

-- Distance-band neighbours through PostGIS (SQL only; never its C library).
-- Candidate pairs come from a grid hash: each geometry's bounding box is
-- cut into cells of side >= band, and geometries whose cells are at most
-- one cell apart are compared exactly (two geometries within band always
-- are).  Geographic SRIDs use degree cells made conservatively large from
-- the data's highest latitude; near the poles, across the antimeridian,
-- at band 0 or when boxes would need too many cells, every pair is compared.
CREATE FUNCTION neighbours_within(ids int8[], geoms geometry[], band float8,
                                  OUT i int8, OUT j int8, OUT d float8)
    RETURNS SETOF record
    LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 1000
    SET search_path FROM CURRENT
    -- no JIT: the planner cannot count the grid cells and would judge it enormous
    SET jit = off
AS $$
DECLARE
    srids int4[];
    geographic bool;
    found_pairs int8;
    x0 float8; x1 float8; y0 float8; y1 float8;
    cw float8;
    ch float8;
    ncells float8;
    hashed bool := false;
BEGIN
    IF ids IS NULL OR geoms IS NULL OR band IS NULL THEN
        RAISE EXCEPTION 'neighbours_within: ids, geoms and band must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF cardinality(ids) <> cardinality(geoms) THEN
        RAISE EXCEPTION 'neighbours_within: ids has % elements but geoms has %', cardinality(ids), cardinality(geoms)
            USING ERRCODE = '22023';
    END IF;
    -- NaN sorts above every number in PostgreSQL, so band >= 0 holds for it
    IF NOT (band >= 0::float8) OR band = 'Infinity'::float8 OR band = 'NaN'::float8 THEN
        RAISE EXCEPTION 'neighbours_within: band must be a finite distance >= 0, got %', band USING ERRCODE = '22023';
    END IF;
    IF cardinality(ids) > 1000000 THEN
        RAISE EXCEPTION 'neighbours_within: at most 1000000 areas are supported' USING ERRCODE = '54000';
    END IF;
    IF pg_catalog.array_position(ids, NULL) IS NOT NULL OR pg_catalog.array_position(geoms, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'neighbours_within: ids[%] or geoms[%] is NULL',
            coalesce(pg_catalog.array_position(ids, NULL), pg_catalog.array_position(geoms, NULL)),
            coalesce(pg_catalog.array_position(ids, NULL), pg_catalog.array_position(geoms, NULL))
            USING ERRCODE = '22004';
    END IF;
    IF (SELECT count(DISTINCT x) FROM unnest(ids) x) <> cardinality(ids) THEN
        RAISE EXCEPTION 'neighbours_within: id % appears more than once in ids',
            (SELECT x FROM unnest(ids) x GROUP BY x HAVING count(*) > 1 ORDER BY x LIMIT 1) USING ERRCODE = '22023';
    END IF;
    SELECT array_agg(DISTINCT ST_SRID(x)) INTO srids FROM unnest(geoms) x;
    IF cardinality(srids) > 1 THEN
        RAISE EXCEPTION 'neighbours_within: geometries mix SRIDs %', array_to_string(srids, ', ')
            USING ERRCODE = '22023', HINT = 'Transform them to one SRID (ST_Transform) first.';
    END IF;
    -- geographic SRIDs (4326 and other longitude/latitude systems): metres on the spheroid
    geographic := EXISTS (SELECT 1 FROM spatial_ref_sys s
                           WHERE s.srid = srids[1] AND s.proj4text::text LIKE '%+proj=longlat%');

    SELECT min(ST_XMin(x)), max(ST_XMax(x)), min(ST_YMin(x)), max(ST_YMax(x))
      INTO x0, x1, y0, y1 FROM unnest(geoms) x WHERE NOT ST_IsEmpty(x);
    IF band > 0::float8 AND x0 IS NOT NULL THEN
        IF NOT geographic THEN
            cw := band * 1.000000001::float8;                   -- rounding never splits a pair two cells apart
            ch := cw;
        ELSIF greatest(abs(y0), abs(y1)) <= 80::float8 THEN
            -- metres per degree: >= 110574 along a meridian, >= 111320 cos(lat) along a
            -- parallel; 1.5x leaves room for the geodesic's poleward bend
            ch := 1.5::float8 * band / 110574::float8;
            cw := 1.5::float8 * band / (111320::float8 * cos(radians(greatest(abs(y0), abs(y1)))));
            IF x0 - cw <= -180::float8 OR x1 + cw >= 180::float8 THEN
                cw := NULL;                              -- pairs may cross the antimeridian
            END IF;
        END IF;
        IF cw IS NOT NULL THEN
            SELECT sum((floor(ST_XMax(x) / cw) - floor(ST_XMin(x) / cw) + 1::float8)
                       * (floor(ST_YMax(x) / ch) - floor(ST_YMin(x) / ch) + 1::float8))
              INTO ncells FROM unnest(geoms) x WHERE NOT ST_IsEmpty(x);
            hashed := ncells <= greatest(4 * cardinality(ids), 100000)::float8;
        END IF;
    END IF;

    IF hashed THEN
        RETURN QUERY
        -- geometries travel with their cells: joining back by id is where the
        -- planner, blind to how many cells generate_series makes, compares all pairs
        WITH a AS (SELECT x.id, x.g FROM unnest(ids, geoms) AS x(id, g) WHERE NOT ST_IsEmpty(x.g)),
             cells AS (SELECT a.id, a.g, cx, cy FROM a,
                              generate_series(floor(ST_XMin(a.g) / cw)::int8, floor(ST_XMax(a.g) / cw)::int8) cx,
                              generate_series(floor(ST_YMin(a.g) / ch)::int8, floor(ST_YMax(a.g) / ch)::int8) cy),
             near AS (SELECT c.id, c.g, c.cx + dx AS cx, c.cy + dy AS cy
                        FROM cells c, (VALUES (-1), (0), (1)) ox(dx), (VALUES (-1), (0), (1)) oy(dy)),
             cand AS (SELECT DISTINCT ON (n.id, c.id) n.id AS i, c.id AS j, n.g AS gi, c.g AS gj
                        FROM near n JOIN cells c ON c.cx = n.cx AND c.cy = n.cy
                       WHERE n.id <> c.id ORDER BY n.id, c.id),
             dist AS (SELECT cand.i, cand.j,
                             CASE WHEN geographic THEN ST_Distance(cand.gi::geography, cand.gj::geography)
                                  ELSE ST_Distance(cand.gi, cand.gj) END AS d
                        FROM cand)
        SELECT dist.i, dist.j, dist.d FROM dist WHERE dist.d <= band ORDER BY 1, 2 LIMIT 10000001;
    ELSIF geographic THEN
        RETURN QUERY
        WITH a AS (SELECT x.id, x.g::geography AS g FROM unnest(ids, geoms) AS x(id, g)),
             c AS (SELECT p.id AS i, q.id AS j, ST_Distance(p.g, q.g) AS d
                     FROM a p JOIN a q ON p.id <> q.id AND ST_DWithin(p.g, q.g, band))
        SELECT c.i, c.j, c.d FROM c WHERE c.d <= band ORDER BY 1, 2 LIMIT 10000001;
    ELSE
        RETURN QUERY
        WITH a AS (SELECT x.id, x.g FROM unnest(ids, geoms) AS x(id, g)),
             c AS (SELECT p.id AS i, q.id AS j, ST_Distance(p.g, q.g) AS d
                     FROM a p JOIN a q ON p.id <> q.id AND ST_DWithin(p.g, q.g, band))
        SELECT c.i, c.j, c.d FROM c WHERE c.d <= band ORDER BY 1, 2 LIMIT 10000001;
    END IF;
    GET DIAGNOSTICS found_pairs = ROW_COUNT;
    IF found_pairs > 10000000 THEN
        RAISE EXCEPTION 'neighbours_within: more than 10000000 pairs within %', band
            USING ERRCODE = '54000', HINT = 'Use a smaller band.';
    END IF;
END
$$;
COMMENT ON FUNCTION neighbours_within(int8[], geometry[], float8) IS 'directed neighbour pairs (i, j, distance) of areas at most band apart (inclusive), both directions, no self pairs: in the geometries'' units, or metres on the spheroid for longitude/latitude SRIDs such as 4326; 22023 for mixed SRIDs';

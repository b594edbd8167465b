-- ---------------------------------------------------------------------------
-- cell: a cell of the global equal-area hexagon grid (pass-by-value int8 id)
-- Design, projection, distortion and id layout: src/hotspot/grid.h.
-- Functions that call PostGIS pin the search_path of CREATE EXTENSION (this
-- schema, then PostGIS's) with SET search_path FROM CURRENT.
-- ---------------------------------------------------------------------------
CREATE TYPE cell;

CREATE FUNCTION cell_in(cstring) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_out(cell) RETURNS cstring
    AS 'MODULE_PATHNAME', 'cell_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_recv(internal) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_send(cell) RETURNS bytea
    AS 'int8send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cell (
    INPUT = cell_in, OUTPUT = cell_out, RECEIVE = cell_recv, SEND = cell_send,
    INTERNALLENGTH = 8, PASSEDBYVALUE, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE cell IS 'a cell of the tst_hub global hexagon grid (equal-area, resolutions 0..15, about 963 km / 2^res across), written h<res>:<row>:<column>';
COMMENT ON FUNCTION cell_in(cstring) IS 'I/O: parse h<res>:<row>:<column>, validated against the grid';
COMMENT ON FUNCTION cell_out(cell) IS 'I/O: h<res>:<row>:<column>';
COMMENT ON FUNCTION cell_recv(internal) IS 'I/O: binary input (int8 id, validated)';
COMMENT ON FUNCTION cell_send(cell) IS 'I/O: binary output (int8 id)';

-- Comparison is int8 comparison of the ids: resolution, then row (south to
-- north), then column (west to east).
CREATE FUNCTION cell_eq(cell, cell) RETURNS bool AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_ne(cell, cell) RETURNS bool AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_lt(cell, cell) RETURNS bool AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_le(cell, cell) RETURNS bool AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_gt(cell, cell) RETURNS bool AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_ge(cell, cell) RETURNS bool AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_cmp(cell, cell) RETURNS int4 AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_hash(cell) RETURNS int4 AS 'MODULE_PATHNAME', 'tst_int8_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cell_hash_extended(cell, int8) RETURNS int8 AS 'MODULE_PATHNAME', 'tst_int8_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cell_eq(cell, cell) IS 'implementation of = operator';
COMMENT ON FUNCTION cell_ne(cell, cell) IS 'implementation of <> operator';
COMMENT ON FUNCTION cell_lt(cell, cell) IS 'implementation of < operator (id order)';
COMMENT ON FUNCTION cell_le(cell, cell) IS 'implementation of <= operator (id order)';
COMMENT ON FUNCTION cell_gt(cell, cell) IS 'implementation of > operator (id order)';
COMMENT ON FUNCTION cell_ge(cell, cell) IS 'implementation of >= operator (id order)';
COMMENT ON FUNCTION cell_cmp(cell, cell) IS 'btree support: three-way comparison';
COMMENT ON FUNCTION cell_hash(cell) IS 'hash support: all 64 bits of the id mixed (murmur3 finaliser)';
COMMENT ON FUNCTION cell_hash_extended(cell, int8) IS 'hash support (64-bit, seeded; seed 0 agrees with cell_hash)';

CREATE OPERATOR = (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR <> (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR < (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_lt,
    COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR <= (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_le,
    COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR > (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_gt,
    COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR >= (LEFTARG = cell, RIGHTARG = cell, FUNCTION = cell_ge,
    COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR = (cell, cell) IS 'same cell';
COMMENT ON OPERATOR <> (cell, cell) IS 'different cells';
COMMENT ON OPERATOR < (cell, cell) IS 'before in id order';
COMMENT ON OPERATOR <= (cell, cell) IS 'before or same in id order';
COMMENT ON OPERATOR > (cell, cell) IS 'after in id order';
COMMENT ON OPERATOR >= (cell, cell) IS 'after or same in id order';

CREATE OPERATOR CLASS cell_ops DEFAULT FOR TYPE cell USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 cell_cmp(cell, cell),
    FUNCTION 2 (cell, cell) pg_catalog.btint8sortsupport(internal);
CREATE OPERATOR CLASS cell_hash_ops DEFAULT FOR TYPE cell USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 cell_hash(cell),
    FUNCTION 2 cell_hash_extended(cell, int8);

-- Points to cells
CREATE FUNCTION cell(lat float8, lon float8, res int4) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_from_latlon' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_from_ewkb(ewkb bytea, res int4) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_from_ewkb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- A geometry in SRID 4326; SRID 0 passes (the C side refuses it with 22023)
-- and an SRID unknown to PostGIS is 22023 here, not PostGIS's internal error.
CREATE FUNCTION geometry_to_wgs84(geom geometry) RETURNS geometry
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
AS $$
BEGIN
    IF ST_SRID(geom) = 4326 THEN
        RETURN geom;
    END IF;
    -- SRID 0 says nothing about units: degrees and metres would both be guesses
    IF ST_SRID(geom) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the geometry has no SRID',
            HINT = 'A SRID is needed to place a geometry on the globe: use ST_SetSRID(geom, 4326) for longitude/latitude.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM spatial_ref_sys WHERE srid = ST_SRID(geom)) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown SRID %s', ST_SRID(geom)),
            HINT = 'Use an SRID listed in spatial_ref_sys, e.g. 4326 for longitude/latitude.';
    END IF;
    RETURN ST_Transform(geom, 4326);
END
$$;
COMMENT ON FUNCTION geometry_to_wgs84(geometry) IS 'the geometry in SRID 4326 (transformed if needed); 22023 for SRID 0 or an SRID PostGIS does not know';

CREATE FUNCTION cell(geom geometry, res int4) RETURNS cell
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
    AS $$SELECT cell_from_ewkb(ST_AsEWKB(geometry_to_wgs84($1)), $2)$$;
COMMENT ON FUNCTION cell(float8, float8, int4) IS 'the cell of a point given as latitude and longitude in degrees (WGS84) at a resolution 0..15; 22003 for coordinates out of range, 22023 for a bad resolution';
COMMENT ON FUNCTION cell_from_ewkb(bytea, int4) IS 'the cell of an EWKB point in SRID 4326 (what cell(geometry, res) calls after transforming)';
COMMENT ON FUNCTION cell(geometry, int4) IS 'the cell of a point geometry; SRID 4326 is used as is, other SRIDs are transformed to 4326, SRID 0 is refused (22023)';

CREATE FUNCTION cell_id(cell) RETURNS int8
    AS 'MODULE_PATHNAME', 'cell_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_from_id(int8) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_from_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cell_id(cell) IS 'the int8 id of a cell (bit layout in src/hotspot/grid.h)';
COMMENT ON FUNCTION cell_from_id(int8) IS 'the cell with this int8 id; 22023 if no cell has it';

-- Hierarchy and neighbourhoods
CREATE FUNCTION cell_resolution(cell) RETURNS int4
    AS 'MODULE_PATHNAME', 'cell_resolution' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_parent(cell) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_parent(cell, res int4) RETURNS cell
    AS 'MODULE_PATHNAME', 'cell_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_children(cell) RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_children' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
CREATE FUNCTION cell_children(cell, res int4) RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_children' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 64;
CREATE FUNCTION cell_disk(cell, k int4) RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_disk' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 19;
CREATE FUNCTION cell_ring(cell, k int4) RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_ring' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
CREATE FUNCTION cell_distance(cell, cell) RETURNS int8
    AS 'MODULE_PATHNAME', 'cell_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cell_resolution(cell) IS 'the resolution, 0 (coarsest) to 15';
COMMENT ON FUNCTION cell_parent(cell) IS 'the parent one resolution coarser; NULL at resolution 0';
COMMENT ON FUNCTION cell_parent(cell, int4) IS 'the ancestor at a coarser resolution (repeated parent steps; nesting is approximate, see grid.h)';
COMMENT ON FUNCTION cell_children(cell) IS 'the children one resolution finer (4, fewer or more only in polar rows), in id order';
COMMENT ON FUNCTION cell_children(cell, int4) IS 'the descendants at a finer resolution: the cells whose cell_parent at this cell''s resolution is this cell; 54000 when 4^(res - the cell''s resolution) passes 10 million';
COMMENT ON FUNCTION cell_disk(cell, int4) IS 'the cells within k grid steps, the cell included: 1 + 3k(k+1) away from the poles and when k is less than half the columns; 54000 past 10 million cells';
COMMENT ON FUNCTION cell_ring(cell, int4) IS 'the cells exactly k grid steps away: 6k away from the poles (1 for k = 0); 54000 past 10 million cells';
COMMENT ON FUNCTION cell_distance(cell, cell) IS 'grid steps between two cells of one resolution, wrapping at the antimeridian (not across the poles)';

-- Measures
CREATE FUNCTION cell_area_km2(cell) RETURNS float8
    AS 'MODULE_PATHNAME', 'cell_area_km2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_count(res int4) RETURNS int8
    AS 'MODULE_PATHNAME', 'cell_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cell_area_km2(cell) IS 'area on the sphere of radius 6371.0072 km; the same for every cell of a resolution except the clipped polar rows';
COMMENT ON FUNCTION cell_count(int4) IS 'the number of cells covering the globe at a resolution (684 at resolution 0)';

-- Geometry (SRID 4326)
CREATE FUNCTION cell_center_ewkb(cell) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cell_center_ewkb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_boundary_ewkb(cell) RETURNS bytea
    AS 'MODULE_PATHNAME', 'cell_boundary_ewkb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cell_center(cell) RETURNS geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
    AS $$SELECT ST_GeomFromEWKB(cell_center_ewkb($1))$$;
CREATE FUNCTION cell_boundary(cell) RETURNS geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
    AS $$SELECT ST_GeomFromEWKB(cell_boundary_ewkb($1))$$;
COMMENT ON FUNCTION cell_center_ewkb(cell) IS 'the centre as EWKB (see cell_center)';
COMMENT ON FUNCTION cell_boundary_ewkb(cell) IS 'the boundary as EWKB (see cell_boundary)';
COMMENT ON FUNCTION cell_center(cell) IS 'the centre point (SRID 4326); for cells clipped at a pole, the centroid of the clipped part';
COMMENT ON FUNCTION cell_boundary(cell) IS 'the boundary polygon (SRID 4326), edges densified to within 1e-6 of a column width; a MultiPolygon split at +-180 for cells straddling the antimeridian';

-- Covering an area
CREATE FUNCTION cell_cover_candidates(xmin float8, ymin float8, xmax float8, ymax float8, res int4)
    RETURNS SETOF cell
    AS 'MODULE_PATHNAME', 'cell_cover_candidates' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION cell_cover_candidates(float8, float8, float8, float8, int4) IS 'cells whose hexagon may meet a longitude/latitude box (a superset, used by cells_cover); 54000 past 10 million cells';

CREATE FUNCTION cells_cover(area geometry, res int4, mode text DEFAULT 'overlap') RETURNS SETOF cell
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT ROWS 100
AS $$
DECLARE
    g geometry := area;
    by_centre bool;
BEGIN
    IF lower(mode) IN ('centre', 'center') THEN
        by_centre := true;
    ELSIF lower(mode) = 'overlap' THEN
        by_centre := false;
    ELSE
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('unknown cover mode "%s"', left(mode, 40)),
            HINT = 'Use ''centre'' (cells whose centre is in the area) or ''overlap'' (cells that touch it).';
    END IF;
    IF res < 0 OR res > 15 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('cell resolution %s is out of range', res),
            HINT = 'Resolutions run from 0 to 15.';
    END IF;
    IF ST_SRID(g) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the area has no SRID',
            HINT = 'A SRID is needed to place an area on the globe: use ST_SetSRID(area, 4326) for longitude/latitude.';
    END IF;
    IF GeometryType(g) NOT IN ('POLYGON', 'MULTIPOLYGON') THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = format('cells_cover needs a polygon or multipolygon, not %s', GeometryType(g));
    END IF;
    IF ST_IsEmpty(g) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'cells_cover needs a non-empty area';
    END IF;
    IF NOT (ST_IsValidDetail(g)).valid THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'the area is not a valid polygon',
            DETAIL = (ST_IsValidDetail(g)).reason, HINT = 'ST_MakeValid may repair it.';
    END IF;
    g := geometry_to_wgs84(g);
    IF ST_YMin(g) < -90 OR ST_YMax(g) > 90 OR ST_XMin(g) < -540 OR ST_XMax(g) > 540 THEN
        RAISE EXCEPTION USING ERRCODE = '22003', MESSAGE = 'the area reaches beyond the globe',
            DETAIL = format('Its bounding box is %s.', Box2D(g));
    END IF;
    -- Longitudes past +-180 are folded back, splitting the area at the antimeridian.
    IF ST_XMax(g) > 180 THEN
        g := ST_WrapX(g, 180, -360);
    END IF;
    IF ST_XMin(g) < -180 THEN
        g := ST_WrapX(g, -180, 360);
    END IF;
    RETURN QUERY
    SELECT DISTINCT c
      FROM ST_Dump(g) AS d,
           LATERAL cell_cover_candidates(ST_XMin(d.geom), ST_YMin(d.geom),
                                         ST_XMax(d.geom), ST_YMax(d.geom), res) AS c
     WHERE CASE WHEN by_centre
                THEN ST_Intersects(d.geom, cell_center(c))
                     -- the centre of a cell straddling the antimeridian is at -180, also +180
                     OR (ST_X(cell_center(c)) = -180
                         AND ST_Intersects(d.geom, ST_Translate(cell_center(c), 360, 0)))
                ELSE ST_Intersects(d.geom, cell_boundary(c)) END
     ORDER BY c;
END
$$;
COMMENT ON FUNCTION cells_cover(geometry, int4, text) IS 'the cells covering an area: mode ''centre'' keeps cells whose centre is in it, ''overlap'' (default) every cell that touches it (at least one); longitudes past +-180 wrap; 22023 for invalid, empty or non-areal input, 54000 past 10 million candidate cells';

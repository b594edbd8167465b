-- ---------------------------------------------------------------------------
-- geo_coarsen: a place generalised to the centre of its grid cell (the one
-- grid of the hotspot pillar, so coarsened points and hotspot cells agree)
-- ---------------------------------------------------------------------------
CREATE FUNCTION geo_coarsen(lat float8, lon float8, level int4) RETURNS geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path FROM CURRENT
AS $$ SELECT @extschema@.cell_center(@extschema@.cell($1, $2, $3)) $$;
COMMENT ON FUNCTION geo_coarsen(float8, float8, int4) IS 'the centre (SRID 4326) of the grid cell holding the point at resolution level 0..15 (about 960 km down to 30 m across); errors as for cell(lat, lon, res)';

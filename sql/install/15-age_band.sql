-- ---------------------------------------------------------------------------
-- Age bands (CTDC) and the minor threshold (Palermo art. 3(d))
-- ---------------------------------------------------------------------------
CREATE FUNCTION age_band(age int4) RETURNS text
    AS 'MODULE_PATHNAME', 'age_band' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION is_minor(age int4) RETURNS bool
    AS 'MODULE_PATHNAME', 'is_minor' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION age_band(int4) IS 'CTDC age band of an age in years: 0--8, 9--17, 18--20, 21--23, 24--26, 27--29, 30--38, 39--47, 48+; ages outside 0..130 raise 22003';
COMMENT ON FUNCTION is_minor(int4) IS 'true under 18 (Palermo Protocol art. 3(d)); ages outside 0..130 raise 22003';

-- ---------------------------------------------------------------------------
-- Generalisation and masking
-- ---------------------------------------------------------------------------
CREATE FUNCTION date_coarsen(date, unit text) RETURNS date
    AS 'MODULE_PATHNAME', 'date_coarsen' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION date_coarsen(date, text) IS 'the first day of the date''s ISO week (Monday), month, quarter or year; infinite dates stay as they are';

CREATE FUNCTION date_shift(date, person pseudonym, max_days int4 DEFAULT 30, scope text DEFAULT 'date_shift')
    RETURNS date
    AS 'MODULE_PATHNAME', 'keyed_date_shift' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION date_shift(date, pseudonym, int4, text) IS 'the date moved by a secret per-person offset in [-max_days, max_days], keyed by the scope''s first key version (rotation never moves a person''s dates), so one person''s intervals are kept';
REVOKE ALL ON FUNCTION date_shift(date, pseudonym, int4, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION date_shift(date, pseudonym, int4, text) TO tst_hub_pseudonymiser;

CREATE FUNCTION num_bin(value numeric, edges numeric[]) RETURNS numrange
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n int := cardinality(edges);
    b int;
BEGIN
    IF n = 0 OR array_ndims(edges) <> 1 THEN
        RAISE EXCEPTION 'bin edges must be a non-empty one-dimensional array'
            USING ERRCODE = 'invalid_parameter_value';
    ELSIF array_position(edges, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'num_bin: element % of edges is NULL', array_position(edges, NULL) - array_lower(edges, 1) + 1
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    edges := edges[array_lower(edges, 1):array_upper(edges, 1)];   -- index from 1 whatever the input
    IF 'NaN' = ANY (edges) THEN
        RAISE EXCEPTION 'bin edges must not be NaN' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 2 .. n LOOP
        IF edges[i] <= edges[i - 1] THEN
            RAISE EXCEPTION 'bin edges must be strictly increasing (edge % is %, after %)', i, edges[i], edges[i - 1]
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    IF value = 'NaN' THEN
        RAISE EXCEPTION 'NaN has no bin' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    b := width_bucket(value, edges);   -- 0 below the first edge, n at or above the last
    RETURN numrange(CASE WHEN b = 0 THEN NULL ELSE edges[b] END,
                    CASE WHEN b = n THEN NULL ELSE edges[b + 1] END, '[)');
END
$$;
COMMENT ON FUNCTION num_bin(numeric, numeric[]) IS 'the bin [edge_i, edge_i+1) holding the value; bins cover everything: (,first) below and [last,) above; bad edges raise 22023, a NULL edge 22004';

CREATE FUNCTION mask_phone(text, keep int4 DEFAULT 2) RETURNS text
    AS 'MODULE_PATHNAME', 'mask_phone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mask_email(text) RETURNS text
    AS 'MODULE_PATHNAME', 'mask_email' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION mask_text(text, keep int4 DEFAULT 4) RETURNS text
    AS 'MODULE_PATHNAME', 'mask_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION mask_phone(text, int4) IS 'display mask: every digit but the last keep becomes *';
COMMENT ON FUNCTION mask_email(text) IS 'display mask: first character and top-level domain only (j***@***.org); anything else masked whole';
COMMENT ON FUNCTION mask_text(text, int4) IS 'display mask: every character but the last keep becomes *';

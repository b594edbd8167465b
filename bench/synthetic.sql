-- bench/synthetic.sql: the drawing helpers the two synthetic generators share
-- (bench/gen_incidents.sql and demo/gen_hub.sql), created in the schema the
-- psql variable gen_schema names.  Creating them draws no random number, so
-- the generators' seeded output does not depend on where they are included.

-- Slot array: item i (1-based) of w occupies about w[i]/sum(w) of the s slots.
-- Boundaries come from one running sum, so the slots tile [0, s) exactly.
CREATE FUNCTION :"gen_schema".slots(w float8[], s int DEFAULT 65536) RETURNS int[]
LANGUAGE sql IMMUTABLE STRICT AS $$
    WITH c AS (
        SELECT i, sum(w[i]) OVER (ORDER BY i) AS hi, sum(w[i]) OVER () AS tot
        FROM generate_subscripts(w, 1) AS i
    ), b AS (
        SELECT i, floor(coalesce(lag(hi) OVER (ORDER BY i), 0) / tot * s)::int AS lo,
               floor(hi / tot * s)::int AS hi
        FROM c
    )
    SELECT array_agg(i ORDER BY k)
    FROM b, generate_series(b.lo, b.hi - 1) AS k
$$;

-- A uniform [0,1) number from a hash of (x, k): per-person draws that a person's records share.
CREATE FUNCTION :"gen_schema".u(x int8, k int8) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ((hashint8extended(x, k) >> 11) & 9007199254740991)::float8 / 9007199254740992.0
$$;

-- The weight of each day of 2021-2025 (1826 days, in order): a yearly cycle
-- peaking in late spring, and 35 % growth over the five years.
CREATE FUNCTION :"gen_schema".day_weights() RETURNS float8[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg((1 + 0.25 * sin(2 * pi() * (extract(doy FROM day) - 100) / 365.25))
                     * (1 + 0.35 * d / 1826.0) ORDER BY d)
    FROM generate_series(date '2021-01-01', date '2025-12-31', interval '1 day')
         WITH ORDINALITY AS t(day, d)
$$;

-- bench/lib.sql: the in-server timing helpers and the case registry used by bench/run.sh.
-- Load after bench/gen_incidents.sql (which recreates schema bench).

\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- Median wall time in ms of `runs` executions of `sql`, after one untimed warm-up run.
-- Timed inside the server with clock_timestamp(), so client round trips and result
-- transfer are not measured; each EXECUTE plans the query afresh (planning is included,
-- which is negligible next to a scan of the bench tables).
CREATE FUNCTION bench.time_ms(sql text, runs int DEFAULT 5) RETURNS float8
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    t0 timestamptz;
    ts float8[] := '{}';
BEGIN
    IF runs < 1 THEN
        RAISE EXCEPTION 'runs must be at least 1, not %', runs;
    END IF;
    EXECUTE sql;                                   -- warm-up: caches, hint bits, catalog
    FOR i IN 1 .. runs LOOP
        t0 := clock_timestamp();
        EXECUTE sql;
        ts := ts || (extract(epoch FROM clock_timestamp() - t0) * 1000)::float8;
    END LOOP;
    RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(ts) AS t);
END $$;
COMMENT ON FUNCTION bench.time_ms(text, int) IS
    'median wall time in ms of runs executions of sql (after one warm-up run)';

-- Medians of a baseline and a test query timed interleaved: one warm-up of each, then
-- `runs` rounds, each timing both (alternating which goes first), so drift and bursts of
-- noise from other processes hit both sides alike. This is what run_case uses.
CREATE FUNCTION bench.time_pair_ms(baseline text, test text, runs int DEFAULT 5,
                                   OUT baseline_ms float8, OUT test_ms float8,
                                   OUT baseline_min_ms float8, OUT test_min_ms float8)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    t0 timestamptz;
    bs float8[] := '{}';
    ts float8[] := '{}';
BEGIN
    IF runs < 1 THEN
        RAISE EXCEPTION 'runs must be at least 1, not %', runs;
    END IF;
    EXECUTE baseline;
    EXECUTE test;
    FOR i IN 1 .. runs LOOP
        IF i % 2 = 1 THEN
            t0 := clock_timestamp();
            EXECUTE baseline;
            bs := bs || (extract(epoch FROM clock_timestamp() - t0) * 1000)::float8;
        END IF;
        t0 := clock_timestamp();
        EXECUTE test;
        ts := ts || (extract(epoch FROM clock_timestamp() - t0) * 1000)::float8;
        IF i % 2 = 0 THEN
            t0 := clock_timestamp();
            EXECUTE baseline;
            bs := bs || (extract(epoch FROM clock_timestamp() - t0) * 1000)::float8;
        END IF;
    END LOOP;
    baseline_ms := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(bs) AS t);
    test_ms := (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) FROM unnest(ts) AS t);
    baseline_min_ms := (SELECT min(t) FROM unnest(bs) AS t);
    test_min_ms := (SELECT min(t) FROM unnest(ts) AS t);
END $$;
COMMENT ON FUNCTION bench.time_pair_ms(text, text, int) IS
    'medians (and minima) in ms of baseline and test, timed in interleaved rounds after one warm-up each';

-- One row per benchmark case, in registration order.
CREATE TABLE bench.cases (
    ord         serial,
    name        text PRIMARY KEY,
    target      float8,           -- max acceptable ratio test/baseline; NULL = informational
    baseline    text NOT NULL,    -- the reference query
    test        text NOT NULL,    -- the query using tst_hub
    same_result bool NOT NULL DEFAULT false,  -- check both queries return the same rows
    setup       text,             -- run before timing (e.g. CREATE INDEX); NULL = none
    teardown    text,             -- run after timing, to leave the data as it was
    session_setup text            -- run in the case's session, in its own committed
                                  -- transaction, before timing (e.g. dp_reserve); NULL = none
);

CREATE FUNCTION bench.add_case(name text, target float8, baseline text, test text,
                               same_result bool DEFAULT false,
                               setup text DEFAULT NULL, teardown text DEFAULT NULL)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO bench.cases (name, target, baseline, test, same_result, setup, teardown)
    VALUES (name, target, baseline, test, same_result, setup, teardown);
$$;
COMMENT ON FUNCTION bench.add_case(text, float8, text, text, bool, text, text) IS
    'register a benchmark case for bench/run.sh';

-- The result rows of a query as one text value, order-independent (for same_result).
CREATE FUNCTION bench.result_text(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT string_agg(s::text, %L ORDER BY s::text) FROM (%s) AS s', E'\n', sql)
        INTO r;
    RETURN r;
END $$;

-- Time one case; returns the report lines run.sh prints.
CREATE FUNCTION bench.run_case(case_name text, runs int DEFAULT 5, suffix text DEFAULT '')
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    c bench.cases;
    b float8;
    t float8;
    bmin float8;
    tmin float8;
    ratio float8;
    verdict text;
BEGIN
    SELECT * INTO STRICT c FROM bench.cases WHERE name = case_name;
    IF c.setup IS NOT NULL THEN
        EXECUTE c.setup;
    END IF;
    IF c.same_result
       AND bench.result_text(c.baseline) IS DISTINCT FROM bench.result_text(c.test) THEN
        RETURN NEXT format('%s%s: WARNING baseline and test return different rows',
                           c.name, suffix);
    END IF;
    SELECT p.baseline_ms, p.test_ms, p.baseline_min_ms, p.test_min_ms INTO b, t, bmin, tmin
    FROM bench.time_pair_ms(c.baseline, c.test, runs) AS p;
    IF c.teardown IS NOT NULL THEN
        EXECUTE c.teardown;
    END IF;
    ratio := t / nullif(b, 0);
    verdict := CASE
        WHEN c.target IS NULL THEN '(informational)'
        WHEN ratio <= c.target THEN format('(target <= %s) PASS', to_char(c.target, 'FM990.00'))
        ELSE format('(target <= %s) OVER', to_char(c.target, 'FM990.00'))
    END;
    RETURN NEXT format('%s%s: %s  %s', c.name, suffix, to_char(ratio, 'FM999990.00'), verdict);
    -- The minima are less sensitive to noise from other processes than the medians; when
    -- their ratio is far from the main one, the run was noisy: repeat with more RUNS.
    RETURN NEXT format('  %s%s detail: baseline %s ms, test %s ms (median of %s); min %s / %s ms = %s',
                       c.name, suffix, to_char(b, 'FM9999990.0'), to_char(t, 'FM9999990.0'), runs,
                       to_char(bmin, 'FM9999990.0'), to_char(tmin, 'FM9999990.0'),
                       to_char(tmin / nullif(bmin, 0), 'FM999990.00'));
END $$;

-- ---------------------------------------------------------------------------
-- Disclosure control II: noise.  Exact integer noise (discrete Laplace,
-- integer-only sampler); sticky_count (noise keyed to the cell and the
-- persons counted, under the hub's key of scope 'noise'); dp_count and
-- dp_sum (differential privacy, CSPRNG noise, every release paid from
-- session credit that dp_reserve buys from the session user's privacy
-- budget in the ledger tables below; 53400 before any value when it cannot
-- be paid).  See README "Noise: sticky
-- counts and differential privacy".
-- ---------------------------------------------------------------------------
CREATE FUNCTION discrete_laplace(epsilon numeric, sensitivity int4 DEFAULT 1) RETURNS int8
    AS 'MODULE_PATHNAME', 'discrete_laplace' LANGUAGE C VOLATILE PARALLEL SAFE;
COMMENT ON FUNCTION discrete_laplace(numeric, int4) IS 'one draw of discrete Laplace noise from the server''s CSPRNG: P(z) proportional to exp(-|z| epsilon / sensitivity), exact integer sampler (epsilon 0.000001 .. 100, at most 6 decimals; NULL is 22004)';

CREATE FUNCTION sticky_cell(VARIADIC key_parts "any") RETURNS bytea
    AS 'MODULE_PATHNAME', 'sticky_cell' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION sticky_cell("any") IS 'the cell named by key parts, as sticky_count sees it: SHA-256 of each part''s type name and binary form; sticky_count(person, sticky_cell(a, b)) = sticky_count(person, a, b)';

CREATE TYPE noise_state;
CREATE FUNCTION noise_state_in(cstring) RETURNS noise_state
    AS 'MODULE_PATHNAME', 'noise_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION noise_state_out(noise_state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'noise_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION noise_state_recv(internal) RETURNS noise_state
    AS 'MODULE_PATHNAME', 'noise_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION noise_state_send(noise_state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'noise_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE noise_state (
    INPUT = noise_state_in, OUTPUT = noise_state_out, RECEIVE = noise_state_recv, SEND = noise_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);
COMMENT ON TYPE noise_state IS 'state of sticky_count, dp_count and dp_sum: the distinct persons of a group with their rows or totals, and the release parameters (cell digest, epsilon, bounds, budget); no noise applied';
COMMENT ON FUNCTION noise_state_in(cstring) IS 'I/O: \x and the hex of the binary form, validated';
COMMENT ON FUNCTION noise_state_out(noise_state) IS 'I/O: \x and the hex of the binary form';
COMMENT ON FUNCTION noise_state_recv(internal) IS 'I/O: binary input (version byte first, validated; XX001 if corrupted)';
COMMENT ON FUNCTION noise_state_send(noise_state) IS 'I/O: binary output (version byte first, network order)';

-- The ledger.  Extension configuration tables, so pg_dump keeps them;
-- readable and writable by the extension owner only (admins through the
-- functions below, analysts through my_dp_budgets).
CREATE TABLE dp_budgets (
    budget     text NOT NULL,
    principal  name NOT NULL,
    epsilon    numeric NOT NULL,
    period     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by name NOT NULL DEFAULT session_user,
    PRIMARY KEY (budget, principal),
    CHECK (epsilon > 0::numeric AND epsilon < 'Infinity'),
    CHECK (period IN ('day', 'week', 'month', 'quarter', 'year', 'none'))
);
COMMENT ON TABLE dp_budgets IS 'privacy budgets: the total epsilon a login role (principal) may spend per period under a budget name';
CREATE TABLE dp_spending (
    budget       text NOT NULL,
    principal    name NOT NULL,
    period_start timestamptz NOT NULL,
    spent        numeric NOT NULL,
    PRIMARY KEY (budget, principal, period_start),
    FOREIGN KEY (budget, principal) REFERENCES dp_budgets ON DELETE CASCADE ON UPDATE CASCADE
);
COMMENT ON TABLE dp_spending IS 'privacy budget spent per budget, principal and period (period_start -infinity for period none)';
REVOKE ALL ON dp_budgets, dp_spending FROM PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('dp_budgets', '');
SELECT pg_catalog.pg_extension_config_dump('dp_spending', '');

CREATE FUNCTION dp_period_start(period text) RETURNS timestamptz
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN period = 'none' THEN '-infinity'::timestamptz
                ELSE date_trunc(period, now(), 'UTC') END
$$;
COMMENT ON FUNCTION dp_period_start(text) IS 'start of the current budget period (day, week, month, quarter, year: UTC calendar; none: -infinity)';

CREATE FUNCTION dp_budget_check(budget text, epsilon numeric, period text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF budget IS NULL OR epsilon IS NULL OR period IS NULL THEN
        RAISE EXCEPTION 'budget, epsilon and period must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF octet_length(budget) NOT BETWEEN 1 AND 63 OR budget ~ '[[:cntrl:]]' THEN
        RAISE EXCEPTION 'budget name must be 1 to 63 bytes without control characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- releases are charged in millionths of epsilon: a smaller budget could
    -- pay for nothing, and a budget above a million is no budget at all
    IF epsilon = 'NaN' OR epsilon < 0.000001 OR epsilon > 1000000 THEN
        RAISE EXCEPTION 'a budget''s epsilon must be between 0.000001 and 1000000, not %', left(epsilon::text, 40)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF period NOT IN ('day', 'week', 'month', 'quarter', 'year', 'none') THEN
        RAISE EXCEPTION 'period must be day, week, month, quarter, year or none, not "%"', left(period, 20)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION dp_budget_check(text, numeric, text) IS 'raises 22004 or 22023 unless the arguments make a valid budget';

CREATE FUNCTION dp_budget_create(budget text, principal name, epsilon numeric, period text DEFAULT 'none')
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM @extschema@.dp_budget_check(dp_budget_create.budget, dp_budget_create.epsilon, dp_budget_create.period);
    IF principal IS NULL THEN
        RAISE EXCEPTION 'principal must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO @extschema@.dp_budgets (budget, principal, epsilon, period)
    VALUES (dp_budget_create.budget, dp_budget_create.principal, dp_budget_create.epsilon, dp_budget_create.period);
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'role "%" already has a budget "%"', principal, budget
        USING ERRCODE = 'duplicate_object', HINT = 'Use tst_hub.dp_budget_alter to change it.';
END
$$;
COMMENT ON FUNCTION dp_budget_create(text, name, numeric, text) IS 'give a login role (principal) a privacy budget: epsilon per period (day, week, month, quarter, year or none)';

CREATE FUNCTION dp_budget_alter(budget text, principal name, epsilon numeric, period text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p text;
BEGIN
    SELECT b.period INTO p FROM @extschema@.dp_budgets b
     WHERE b.budget = dp_budget_alter.budget AND b.principal = dp_budget_alter.principal FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role "%" has no budget "%"', principal, budget USING ERRCODE = 'undefined_object';
    END IF;
    PERFORM @extschema@.dp_budget_check(dp_budget_alter.budget, dp_budget_alter.epsilon,
                                        coalesce(dp_budget_alter.period, p));
    -- What was spent stays spent: a new period starts with the old current
    -- period's spending and every spending that falls within it, merged into
    -- one row (else going from 'none' to 'day' would give a fresh budget).
    -- Debits read the budget row FOR SHARE, so none is in flight here.
    IF dp_budget_alter.period IS NOT NULL AND dp_budget_alter.period <> p THEN
        WITH moved AS (
            DELETE FROM @extschema@.dp_spending s
             WHERE s.budget = dp_budget_alter.budget AND s.principal = dp_budget_alter.principal
               AND (s.period_start >= @extschema@.dp_period_start(dp_budget_alter.period)
                    OR s.period_start = @extschema@.dp_period_start(p))
            RETURNING s.spent)
        INSERT INTO @extschema@.dp_spending (budget, principal, period_start, spent)
        SELECT dp_budget_alter.budget, dp_budget_alter.principal,
               @extschema@.dp_period_start(dp_budget_alter.period), sum(m.spent)
          FROM moved m HAVING count(*) > 0;
    END IF;
    UPDATE @extschema@.dp_budgets b SET epsilon = dp_budget_alter.epsilon, period = coalesce(dp_budget_alter.period, p)
     WHERE b.budget = dp_budget_alter.budget AND b.principal = dp_budget_alter.principal;
END
$$;
COMMENT ON FUNCTION dp_budget_alter(text, name, numeric, text) IS 'change the epsilon per period (and the period, unless NULL) of a budget; what was spent stays spent: a new period starts with what the current one spent and all spending within it (merged into one ledger row)';

CREATE FUNCTION dp_budget_drop(budget text, principal name) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM @extschema@.dp_budgets b WHERE b.budget = dp_budget_drop.budget AND b.principal = dp_budget_drop.principal;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role "%" has no budget "%"', principal, budget USING ERRCODE = 'undefined_object';
    END IF;
END
$$;
COMMENT ON FUNCTION dp_budget_drop(text, name) IS 'remove a budget and its spending history';

CREATE FUNCTION dp_ledger(OUT budget text, OUT principal name, OUT epsilon numeric, OUT period text,
                          OUT period_start timestamptz, OUT spent numeric)
    RETURNS SETOF record
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT b.budget, b.principal, b.epsilon, b.period, s.period_start, s.spent
      FROM @extschema@.dp_budgets b LEFT JOIN @extschema@.dp_spending s USING (budget, principal)
     ORDER BY 1, 2, 5
$$;
COMMENT ON FUNCTION dp_ledger() IS 'every budget and what was spent in each period (admins)';

REVOKE ALL ON FUNCTION dp_budget_create(text, name, numeric, text), dp_budget_alter(text, name, numeric, text),
    dp_budget_drop(text, name), dp_ledger() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION dp_budget_create(text, name, numeric, text), dp_budget_alter(text, name, numeric, text),
    dp_budget_drop(text, name), dp_ledger() TO tst_hub_admin;

-- The caller's own budgets (session_user, the login), with what is left in
-- the current period.  A security barrier, so no function of the caller sees
-- another role's rows.
CREATE VIEW my_dp_budgets WITH (security_barrier) AS
SELECT b.budget, b.epsilon, b.period, @extschema@.dp_period_start(b.period) AS period_start,
       coalesce(s.spent, 0) AS spent, b.epsilon - coalesce(s.spent, 0) AS remaining
  FROM @extschema@.dp_budgets b
  LEFT JOIN @extschema@.dp_spending s
    ON s.budget = b.budget AND s.principal = b.principal
   AND s.period_start = @extschema@.dp_period_start(b.period)
 WHERE b.principal = session_user;
COMMENT ON VIEW my_dp_budgets IS 'the session user''s privacy budgets and what is left of each in the current period';
REVOKE ALL ON my_dp_budgets FROM PUBLIC;
GRANT SELECT ON my_dp_budgets TO tst_hub_analyst, tst_hub_admin;

-- Releases are paid from credit that dp_reserve buys (src/anon/dp_ledger.c):
-- the ledger is debited in the reserving transaction, the credit granted at
-- its commit, and spending it is not transactional, so a client cannot read
-- values and then roll their charge back.
CREATE FUNCTION dp_reserve(budget text, epsilon numeric) RETURNS numeric
    AS 'MODULE_PATHNAME', 'dp_reserve' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION dp_reserve(text, numeric) IS 'debit epsilon from the session user''s budget now (53400 past it) and, when this transaction commits, hold it as this session''s credit, which dp releases spend; never refunded once committed';
CREATE FUNCTION dp_credit(OUT budget text, OUT epsilon numeric) RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'dp_credit' LANGUAGE C VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION dp_credit() IS 'this session''s unspent privacy budget credit per budget (for the session user)';

CREATE FUNCTION explain_cost(query text) RETURNS numeric
    AS 'MODULE_PATHNAME', 'explain_cost' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION explain_cost(text) IS 'the epsilon a SELECT would charge: runs it read-only in a rolled-back subtransaction with the dp aggregates in dry run (no value, no charge); it does execute the query';

-- Support functions.  The dp final functions write the ledger: VOLATILE,
-- PARALLEL UNSAFE (no write is possible in parallel mode).
CREATE FUNCTION sticky_count_trans(noise_state, pseudonym, VARIADIC "any") RETURNS noise_state
    AS 'MODULE_PATHNAME', 'sticky_count_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION sticky_count_trans(noise_state, pseudonym, bytea) RETURNS noise_state
    AS 'MODULE_PATHNAME', 'sticky_count_cell_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION dp_count_trans(noise_state, pseudonym, numeric, text) RETURNS noise_state
    AS 'MODULE_PATHNAME', 'dp_count_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION dp_sum_trans(noise_state, pseudonym, numeric, numeric, numeric, numeric, text) RETURNS noise_state
    AS 'MODULE_PATHNAME', 'dp_sum_trans' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION noise_merge(noise_state, noise_state) RETURNS noise_state
    AS 'MODULE_PATHNAME', 'noise_merge' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION sticky_count_release(noise_state) RETURNS int8
    AS 'MODULE_PATHNAME', 'sticky_count_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION sticky_count_r_release(noise_state) RETURNS released
    AS 'MODULE_PATHNAME', 'sticky_count_r_final' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION dp_count_release(noise_state) RETURNS int8
    AS 'MODULE_PATHNAME', 'dp_count_final' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION dp_sum_release(noise_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'dp_sum_final' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION dp_avg_release(noise_state) RETURNS numeric
    AS 'MODULE_PATHNAME', 'dp_avg_final' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION dp_avg_release(noise_state) IS 'the dp mean of a dp_sum state: pays 2 x epsilon from the session''s credit (53400 if too small), then a noisy sum of clamped person totals over a noisy count of persons (at least 1)';
COMMENT ON FUNCTION sticky_count_trans(noise_state, pseudonym, "any") IS 'aggregate support: count a row''s person in the cell named by the key parts (only inside the aggregate)';
COMMENT ON FUNCTION sticky_count_trans(noise_state, pseudonym, bytea) IS 'aggregate support: count a row''s person in the cell given as sticky_cell(...) (only inside the aggregate)';
COMMENT ON FUNCTION dp_count_trans(noise_state, pseudonym, numeric, text) IS 'aggregate support: count a row''s person (only inside the aggregate)';
COMMENT ON FUNCTION dp_sum_trans(noise_state, pseudonym, numeric, numeric, numeric, numeric, text) IS 'aggregate support: add a row''s value to its person''s total (only inside the aggregate)';
COMMENT ON FUNCTION noise_merge(noise_state, noise_state) IS 'aggregate support: merge partial states (22023 if their parameters differ, XX001 if corrupted)';
COMMENT ON FUNCTION sticky_count_release(noise_state) IS 'the sticky count of a state: distinct persons plus noise keyed to the cell and persons, NULL below tst_hub.min_k';
COMMENT ON FUNCTION sticky_count_r_release(noise_state) IS 'sticky_count_release as (value, reason)';
COMMENT ON FUNCTION dp_count_release(noise_state) IS 'the dp count of a state: pays epsilon from the session''s credit on the budget (53400 if too small), then distinct persons plus discrete Laplace noise';
COMMENT ON FUNCTION dp_sum_release(noise_state) IS 'the dp sum of a state: pays epsilon from the session''s credit on the budget (53400 if too small), then the sum of clamped person totals plus discrete Laplace noise';

CREATE AGGREGATE sticky_count(person pseudonym, VARIADIC key_parts "any") (
    SFUNC = sticky_count_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = sticky_count_release,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
CREATE AGGREGATE sticky_count_r(person pseudonym, VARIADIC key_parts "any") (
    SFUNC = sticky_count_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = sticky_count_r_release,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
CREATE AGGREGATE sticky_count_state(person pseudonym, VARIADIC key_parts "any") (
    SFUNC = sticky_count_trans, STYPE = noise_state, SSPACE = 512,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
CREATE AGGREGATE sticky_count(person pseudonym, cell bytea) (
    SFUNC = sticky_count_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = sticky_count_release,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
CREATE AGGREGATE sticky_count_r(person pseudonym, cell bytea) (
    SFUNC = sticky_count_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = sticky_count_r_release,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
CREATE AGGREGATE sticky_count_state(person pseudonym, cell bytea) (
    SFUNC = sticky_count_trans, STYPE = noise_state, SSPACE = 512,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
CREATE AGGREGATE dp_count(person pseudonym, epsilon numeric, budget text) (
    SFUNC = dp_count_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = dp_count_release,
    COMBINEFUNC = noise_merge, PARALLEL = UNSAFE);
CREATE AGGREGATE dp_count_state(person pseudonym, epsilon numeric, budget text) (
    SFUNC = dp_count_trans, STYPE = noise_state, SSPACE = 512,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
CREATE AGGREGATE dp_sum(person pseudonym, value numeric, lower numeric, upper numeric, epsilon numeric, budget text) (
    SFUNC = dp_sum_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = dp_sum_release,
    COMBINEFUNC = noise_merge, PARALLEL = UNSAFE);
CREATE AGGREGATE dp_avg(person pseudonym, value numeric, lower numeric, upper numeric, epsilon numeric, budget text) (
    SFUNC = dp_sum_trans, STYPE = noise_state, SSPACE = 512, FINALFUNC = dp_avg_release,
    COMBINEFUNC = noise_merge, PARALLEL = UNSAFE);
CREATE AGGREGATE dp_sum_state(person pseudonym, value numeric, lower numeric, upper numeric, epsilon numeric, budget text) (
    SFUNC = dp_sum_trans, STYPE = noise_state, SSPACE = 512,
    COMBINEFUNC = noise_merge, PARALLEL = SAFE);
COMMENT ON AGGREGATE sticky_count(pseudonym, "any") IS 'distinct persons plus noise seeded by the hub''s noise key (scope noise), the key parts (the cell) and the persons: the same cell and persons always give the same value; NULL below tst_hub.min_k; NULL key parts are 22004';
COMMENT ON AGGREGATE sticky_count_r(pseudonym, "any") IS 'sticky_count as (value, reason): reason no_data or below_k when withheld';
COMMENT ON AGGREGATE sticky_count_state(pseudonym, "any") IS 'the state of sticky_count without releasing it (release with sticky_count_release, e.g. on a Citus coordinator)';
COMMENT ON AGGREGATE sticky_count(pseudonym, bytea) IS 'sticky_count with the cell given as sticky_cell(key parts...): the same value as sticky_count(person, key parts...), and the form Citus pushes down';
COMMENT ON AGGREGATE sticky_count_r(pseudonym, bytea) IS 'sticky_count_r with the cell given as sticky_cell(key parts...)';
COMMENT ON AGGREGATE sticky_count_state(pseudonym, bytea) IS 'sticky_count_state with the cell given as sticky_cell(key parts...)';
COMMENT ON AGGREGATE dp_count(pseudonym, numeric, text) IS 'epsilon-differentially private count of distinct persons (sensitivity 1): pays epsilon per group from the session''s credit on the budget (dp_reserve; 53400 if too small), adds discrete Laplace noise of scale 1/epsilon; PARALLEL UNSAFE';
COMMENT ON AGGREGATE dp_count_state(pseudonym, numeric, text) IS 'the state of dp_count without releasing it (nothing paid until dp_count_release)';
COMMENT ON AGGREGATE dp_sum(pseudonym, numeric, numeric, numeric, numeric, text) IS 'epsilon-differentially private sum: values rounded to integers, each person''s total clamped to [round(lower), round(upper)], noise of scale max(|lower|, |upper|)/epsilon; pays epsilon per group from the session''s credit; PARALLEL UNSAFE';
COMMENT ON AGGREGATE dp_avg(pseudonym, numeric, numeric, numeric, numeric, text) IS 'epsilon-differentially private mean per person of their totals clamped to [lower, upper] (as dp_sum): a noisy sum over a noisy count, paying 2 x epsilon per group from the session''s credit; PARALLEL UNSAFE';
COMMENT ON AGGREGATE dp_sum_state(pseudonym, numeric, numeric, numeric, numeric, text) IS 'the state of dp_sum without releasing it (nothing paid until dp_sum_release)';

-- The states print their persons and exact counts, and the release functions
-- release any state handed to them, and explain_cost's total depends on the
-- data (it counts the groups that have rows): none of them is for analysts.
-- Admins (and the Citus MATERIALIZED CTE pattern, run by a trusted role) use them.
REVOKE ALL ON FUNCTION sticky_count_state(pseudonym, VARIADIC "any"), sticky_count_state(pseudonym, bytea),
    dp_count_state(pseudonym, numeric, text), dp_sum_state(pseudonym, numeric, numeric, numeric, numeric, text),
    sticky_count_release(noise_state), sticky_count_r_release(noise_state), dp_count_release(noise_state),
    dp_sum_release(noise_state), dp_avg_release(noise_state), explain_cost(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sticky_count_state(pseudonym, VARIADIC "any"), sticky_count_state(pseudonym, bytea),
    dp_count_state(pseudonym, numeric, text), dp_sum_state(pseudonym, numeric, numeric, numeric, numeric, text),
    sticky_count_release(noise_state), sticky_count_r_release(noise_state), dp_count_release(noise_state),
    dp_sum_release(noise_state), dp_avg_release(noise_state), explain_cost(text) TO tst_hub_admin;

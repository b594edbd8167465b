-- Noise II: dp_count and dp_sum, and the privacy budget ledger.  Releases
-- are paid from the session's credit, which dp_reserve buys: the ledger is
-- debited in the reserving transaction and the credit granted when it
-- commits; spending it is not transactional, so reading values and then
-- rolling back refunds nothing.  A release the credit cannot pay is refused
-- (53400) before any noise is drawn.  Analysts read their own ledger rows
-- only and cannot write them.  The concurrency test is test/dp_concurrency.sh.
--
-- Runs outside a transaction block (credit exists only after a commit) and
-- removes what it made at the end.
SET search_path = public, tst_hub;
SELECT plan(82);

SELECT key_create('dp_test');
CREATE FUNCTION pg_temp.person(n int) RETURNS pseudonym LANGUAGE sql STABLE
    AS $$SELECT pseudonymise('raw', 'person ' || n, 'dp_test')$$;
-- 300 persons in 3 groups, 3 rows each with value 5 (a person's total is 15)
CREATE TABLE dp_inc AS
SELECT pg_temp.person(i) AS p, i % 3 AS g, 5::numeric AS v
  FROM generate_series(0, 299) i, generate_series(1, 3) r;
ANALYZE dp_inc;

SELECT lives_ok($$SELECT dp_budget_create('t', session_user, 1.0, 'day')$$, 'an admin gives a budget of 1.0 a day');
SELECT lives_ok($$SELECT dp_budget_create('big', session_user, 1000000)$$, 'and a budget with no period');
SELECT throws_ok($$SELECT dp_budget_create('t', session_user, 1.0)$$, '42710', NULL, 'a second budget of that name: 42710');
SELECT is((SELECT sum(dp_reserve('big', 100)) FROM generate_series(1, 80)), 8000::numeric, 'dp_reserve buys credit (at most 100 a call)');

-- near-exact at epsilon 100 (P(noise <> 0) = 2 exp(-100)/(1 + exp(-100)))
SELECT is((SELECT array_agg(n ORDER BY g) FROM (SELECT g, dp_count(p, 100, 'big') AS n FROM dp_inc GROUP BY g) s),
          ARRAY[100, 100, 100]::int8[], 'dp_count counts distinct persons (epsilon 100: no visible noise)');
-- dp_sum: a person's total (15) is clamped to upper = 10; sensitivity 10
SELECT is((SELECT dp_sum(p, v, 0, 10, 100, 'big') FROM dp_inc WHERE g = 0), 1000::numeric,
          'dp_sum clamps each person''s total (3 rows of 5) to [lower, upper] = [0, 10]: 100 x 10');
SELECT is((SELECT dp_sum(p, v / 5, -2.4, 4.4, 100, 'big') FROM dp_inc WHERE g = 0), 300::numeric,
          '... and within the bounds [-2.4, 4.4] -> [-2, 4] adds the totals (3 rows of 1): 300');
SELECT is((SELECT dp_sum(p, v / 2, 0, 9, 100, 'big') FROM dp_inc WHERE g = 0), 900::numeric,
          'values are rounded to integers row by row (2.5 -> 3, half away from zero), then summed per person');

SELECT is((SELECT dp_avg(p, v / 5, 0, 10, 100, 'big') FROM dp_inc WHERE g = 0), 3::numeric,
          'dp_avg: the mean per person of the clamped totals (3 rows of 1 each: 3)');
SELECT is(explain_cost($$SELECT g, dp_avg(p, v, 0, 10, 0.1, 't') FROM dp_inc GROUP BY g$$), 0.6::numeric,
          'dp_avg charges epsilon twice per group (the sum and the count): 3 x 2 x 0.1');
-- paying: one epsilon per released group, from the session's credit
SELECT is((SELECT spent FROM my_dp_budgets WHERE budget = 't'), 0::numeric, 'nothing spent yet');
SELECT throws_ok($$SELECT g, dp_count(p, 0.2, 't') FROM dp_inc GROUP BY g$$, '53400', NULL,
                 'no credit on the budget: 53400, no row returned');
SELECT is(dp_reserve('t', 0.6), 0.6::numeric, 'reserve 0.6 ...');
SELECT is((SELECT spent FROM my_dp_budgets WHERE budget = 't'), 0.6::numeric, '... debits the ledger at once');
SELECT is((SELECT epsilon FROM dp_credit() WHERE budget = 't'), 0.6::numeric, '... and the session holds 0.6 of credit');
SELECT is((SELECT count(n) FROM (SELECT g, dp_count(p, 0.2, 't') AS n FROM dp_inc GROUP BY g) s), 3::int8, '3 groups at 0.2');
SELECT is((SELECT epsilon FROM dp_credit() WHERE budget = 't'), 0::numeric, '... are paid from the credit (3 x 0.2)');
SELECT is((SELECT spent FROM my_dp_budgets WHERE budget = 't'), 0.6::numeric, '... which was charged when it was reserved');
SELECT is(explain_cost($$SELECT g, dp_count(p, 0.1, 't') FROM dp_inc GROUP BY g$$), 0.3::numeric,
          'explain_cost: 3 groups at 0.1 would cost 0.3');
SELECT is(explain_cost($$SELECT g, dp_count(p, 0.5, 't') FROM dp_inc GROUP BY g$$), 1.5::numeric,
          'explain_cost also prices a query the budget could not pay, and charges nothing');
SELECT throws_ok($$SELECT explain_cost('DELETE FROM dp_inc')$$, '22023', NULL, 'explain_cost takes a SELECT only');
SELECT throws_ok($$SELECT explain_cost('SELECT 1; SELECT 2')$$, '22023', NULL, 'explain_cost takes one statement only');
SELECT throws_ok($$SELECT dp_reserve('t', 0.5)$$, '53400', NULL, 'reserving past the budget (0.6 + 0.5 > 1.0): 53400');
SELECT is((SELECT spent FROM my_dp_budgets WHERE budget = 't'), 0.6::numeric, '... charges nothing');
-- a reservation that rolls back grants nothing and refunds itself (results
-- are taken with \gset and checked after the rollback, which would drop pgTAP's)
CREATE FUNCTION pg_temp.sqlstate_of(q text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE q;
    RETURN 'none';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$f$;
BEGIN;
SELECT dp_reserve('t', 0.4) AS reserved_in_txn \gset
SELECT pg_temp.sqlstate_of($$SELECT dp_count(p, 0.1, 't') FROM dp_inc$$) AS spend_pending \gset
ROLLBACK;
SELECT is(:'reserved_in_txn'::numeric, 0.4::numeric, 'a reservation in an open transaction ...');
SELECT is(:'spend_pending'::text, '53400', '... cannot be spent before it commits');
SELECT is((SELECT spent FROM my_dp_budgets WHERE budget = 't'), 0.6::numeric, 'a rolled-back reservation is refunded');
SELECT is((SELECT epsilon FROM dp_credit() WHERE budget = 't'), 0::numeric, '... and grants no credit');
BEGIN;
SAVEPOINT s;
SELECT dp_reserve('t', 0.4);
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT is((SELECT epsilon FROM dp_credit() WHERE budget = 't'), 0::numeric, 'nor does one rolled back to a savepoint');
-- values read and then rolled back stay paid: the hole a transactional charge would leave
SELECT dp_reserve('t', 0.3);
BEGIN;
SELECT (SELECT dp_count(p, 0.3, 't') IS NOT NULL FROM dp_inc) AS released_in_txn \gset
ROLLBACK;
SELECT is(:'released_in_txn'::bool, true, 'a release inside a transaction ...');
SELECT is((SELECT epsilon FROM dp_credit() WHERE budget = 't'), 0::numeric, '... rolled back, stays paid (no credit back)');
SELECT is((SELECT spent FROM my_dp_budgets WHERE budget = 't'), 0.9::numeric, '... and in the ledger (0.6 + 0.3)');
SELECT throws_ok($$SELECT dp_reserve('nobody', 1)$$, '53400', 'role "postgres" has no privacy budget "nobody"',
                 'no budget of that name: 53400');
-- no row at all: still a noisy value, paid like any other (a free NULL would say nothing matched)
SELECT epsilon AS big_before FROM dp_credit() WHERE budget = 'big' \gset
SELECT isnt((SELECT dp_count(p, 1, 'big') FROM dp_inc WHERE false), NULL::int8, 'no rows at all: dp_count still releases 0 plus noise');
SELECT isnt((SELECT dp_sum(p, v, 0, 10, 1, 'big') FROM dp_inc WHERE false), NULL::numeric, '... and dp_sum');
SELECT isnt((SELECT dp_avg(p, v, 0, 10, 1, 'big') FROM dp_inc WHERE false), NULL::numeric, '... and dp_avg');
SELECT is((SELECT epsilon FROM dp_credit() WHERE budget = 'big'), :'big_before'::numeric - 4,
          '... each paid as usual (1 + 1 + 2)');
SELECT is(explain_cost($$SELECT dp_count(p, 0.5, 'big') FROM dp_inc WHERE false$$), 0.5::numeric,
          'explain_cost prices an empty input like any other');
PREPARE dp_q(numeric, text) AS SELECT dp_count(p, $1, $2) FROM dp_inc WHERE false;
SELECT lives_ok('EXECUTE dp_q(1, ''big'')', 'epsilon and budget may be query parameters');
DEALLOCATE dp_q;
SELECT throws_ok($$SELECT dp_count(p, g + 1, 'big') FROM dp_inc WHERE g = 0$$, '0A000', NULL,
                 'an epsilon that depends on the rows is refused, whether or not rows match');

-- analysts: their own rows through my_dp_budgets, nothing else
CREATE ROLE dp_analyst_1 LOGIN IN ROLE tst_hub_analyst;
CREATE ROLE dp_analyst_2 LOGIN IN ROLE tst_hub_analyst;
GRANT dp_analyst_2 TO dp_analyst_1;
GRANT SELECT ON dp_inc TO tst_hub_analyst;
SELECT dp_budget_create('t', 'dp_analyst_1', 0.5, 'month');
SELECT dp_budget_create('t', 'dp_analyst_2', 5, 'month');
-- a SECURITY DEFINER wrapper owned by the superuser
CREATE FUNCTION pg_temp.wrapped() RETURNS int8 LANGUAGE sql SECURITY DEFINER
    AS $$SELECT tst_hub.dp_count(p, 0.1, 't') FROM public.dp_inc$$;
GRANT EXECUTE ON FUNCTION pg_temp.wrapped() TO PUBLIC;
SET SESSION AUTHORIZATION dp_analyst_1;
SET search_path = public, tst_hub;
SELECT is((SELECT array_agg(budget || ':' || epsilon) FROM my_dp_budgets), ARRAY['t:0.5'],
          'an analyst sees only their own budget');
SELECT throws_ok('SELECT * FROM tst_hub.dp_budgets', '42501', NULL, 'an analyst cannot read the budget table');
SELECT throws_ok('SELECT * FROM tst_hub.dp_spending', '42501', NULL, 'nor the spending table');
SELECT throws_ok($$INSERT INTO tst_hub.dp_spending VALUES ('t', 'dp_analyst_1', '-infinity', -5)$$, '42501', NULL,
                 'an analyst cannot write a refund into the ledger');
SELECT throws_ok($$UPDATE tst_hub.dp_spending SET spent = 0$$, '42501', NULL, 'nor reset it');
SELECT throws_ok($$SELECT tst_hub.dp_budget_alter('t', 'dp_analyst_1', 100)$$, '42501', NULL, 'nor raise their budget');
SELECT throws_ok($$SELECT tst_hub.dp_ledger()$$, '42501', NULL, 'nor read the whole ledger');
SELECT is(dp_reserve('t', 0.4), 0.4::numeric, 'an analyst reserves on their own budget');
SET ROLE dp_analyst_2;
SELECT is((SELECT dp_count(p, 0.3, 't') IS NOT NULL FROM dp_inc), true, 'after SET ROLE to another analyst, a release ...');
SELECT is((SELECT pg_temp.wrapped() IS NOT NULL), true, '... and a release through a SECURITY DEFINER function ...');
SELECT throws_ok($$SELECT pg_temp.wrapped()$$, '53400', NULL, '... are paid from the login''s credit, until it is spent');
RESET ROLE;
SELECT is((SELECT spent FROM my_dp_budgets), 0.4::numeric, 'the login (session_user) was charged 0.4');
SELECT throws_ok($$SELECT dp_reserve('t', 0.2)$$, '53400', NULL, 'and the login''s budget runs out (0.4 + 0.2 > 0.5)');
RESET SESSION AUTHORIZATION;
SET search_path = public, tst_hub;
SELECT is((SELECT spent FROM dp_ledger() WHERE principal = 'dp_analyst_2'), NULL::numeric,
          'the role set with SET ROLE was not charged');
SELECT is((SELECT count(*) FROM dp_credit() WHERE budget = 't' AND epsilon > 0), 0::int8,
          'credit belongs to its login: none of the analyst''s is the superuser''s');

-- a change of period keeps what was spent (it used to start a fresh period)
SELECT dp_budget_alter('t', 'dp_analyst_1', 0.5, 'day');
SELECT is((SELECT array_agg(spent) FROM dp_ledger() WHERE principal = 'dp_analyst_1'), ARRAY[0.4::numeric],
          'month -> day: today''s period starts with the 0.4 spent this month');
SELECT dp_budget_alter('t', 'dp_analyst_1', 0.5, 'none');
SELECT is((SELECT array_agg(spent) FROM dp_ledger() WHERE principal = 'dp_analyst_1' AND period_start = '-infinity'),
          ARRAY[0.4::numeric], 'day -> none: still 0.4, in one ledger row');
SELECT dp_budget_alter('t', 'dp_analyst_1', 0.5, 'year');
SELECT is((SELECT array_agg(spent) FROM dp_ledger() WHERE principal = 'dp_analyst_1'
              AND period_start = date_trunc('year', now(), 'UTC')), ARRAY[0.4::numeric],
          'none -> year: the spending carries over again');

-- the variance of a release does not grow with the number of partial states
CREATE AGGREGATE pg_temp.merge_states(noise_state) (SFUNC = tst_hub.noise_merge, STYPE = tst_hub.noise_state);
CREATE TEMP TABLE one_state AS SELECT dp_count_state(p, 1, 'big') AS st FROM dp_inc;
CREATE TEMP TABLE eight_states AS
SELECT pg_temp.merge_states(st) AS st FROM (
    SELECT dp_count_state(p, 1, 'big') AS st FROM dp_inc GROUP BY hashtext(p::text) & 7) parts;
SELECT is((SELECT st::text FROM eight_states), (SELECT st::text FROM one_state),
          'eight partial states merged by hand equal the single state');
CREATE TEMP TABLE releases AS
SELECT 1 AS parts, dp_count_release(st)::float8 - 300 AS err FROM one_state, generate_series(1, 3000)
UNION ALL
SELECT 8, dp_count_release(st)::float8 - 300 FROM eight_states, generate_series(1, 3000);
-- epsilon 1, sensitivity 1: variance 2a/(1-a)^2 = 1.84 (a = exp(-1)); 3000 draws: 4 % standard error
SELECT cmp_ok((SELECT max(abs(v / (2 * exp(-1.0) / (1 - exp(-1.0)) ^ 2) - 1)) FROM
                  (SELECT var_samp(err) AS v FROM releases GROUP BY parts) s), '<', 0.15::float8,
              'the variance of 3000 releases is 2a/(1-a)^2 (within 15 %) for 1 and for 8 partial states alike');
SELECT cmp_ok((SELECT max(abs(m)) FROM (SELECT avg(err) AS m FROM releases GROUP BY parts) s), '<', 0.15::float8,
              'and the noise has mean 0 for both');

-- the state's text form round-trips and is validated
SELECT is((SELECT st::text::noise_state::text FROM eight_states), (SELECT st::text FROM eight_states),
          'noise_state: in(out(x)) = x');
SELECT throws_ok($$SELECT '\x01'::noise_state$$, '22P02', NULL, 'a truncated noise_state: 22P02');
SELECT throws_ok($$SELECT dp_count_release(overlay(st::text placing '09' from 3)::noise_state) FROM one_state$$, '22P02', NULL,
                 'a noise_state of an unknown version: 22P02');
-- and its binary form (COPY BINARY of one noise_state field)
CREATE FUNCTION pg_temp.write_copy(field bytea) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format($q$COPY (SELECT %L) TO PROGRAM 'base64 -d > /tmp/tst_hub_noise_state.copy'$q$,
        replace(encode('\x5047434f50590aff0d0a00'::bytea || '\x00000000'::bytea || '\x00000000'::bytea
               || '\x0001'::bytea || int4send(length(field)) || field || '\xffff'::bytea, 'base64'),
        E'\n', ''));
END
$f$;
CREATE TEMP TABLE state_copy (s noise_state);
SELECT pg_temp.write_copy((SELECT noise_state_send(st) FROM one_state));
SELECT lives_ok($$COPY state_copy FROM '/tmp/tst_hub_noise_state.copy' WITH (FORMAT binary)$$, 'a valid noise_state loads in binary');
SELECT is((SELECT s::text FROM state_copy), (SELECT st::text FROM one_state), '... and equals the state sent');
-- entry 2 given the person of entry 1 (header 132 bytes, entries of 24): a repeated person
SELECT pg_temp.write_copy((SELECT overlay(b placing substr(b, 133, 16) from 157 for 16)
                             FROM (SELECT noise_state_send(st) b FROM one_state) x));
SELECT throws_ok($$COPY state_copy FROM '/tmp/tst_hub_noise_state.copy' WITH (FORMAT binary)$$, 'XX001', NULL,
                 'a noise_state with a repeated person is refused as corrupted (XX001)');

-- bad arguments
SELECT throws_ok($$SELECT dp_count(p, 0, 'big') FROM dp_inc$$, '22023', NULL, 'epsilon 0: 22023');
SELECT throws_ok($$SELECT dp_count(p, 'NaN', 'big') FROM dp_inc$$, '22023', NULL, 'epsilon NaN: 22023');
SELECT throws_ok($$SELECT dp_count(p, '-Infinity', 'big') FROM dp_inc$$, '22023', NULL, 'epsilon -infinity: 22023');
SELECT throws_ok($$SELECT dp_sum(p, v, 10, 0, 1, 'big') FROM dp_inc$$, '22023', NULL, 'lower > upper: 22023');
SELECT throws_ok($$SELECT dp_count(p, 1, NULL) FROM dp_inc$$, '22004', NULL, 'NULL budget: 22004');
SELECT throws_ok($$SELECT dp_count(p, (1 + g)::numeric, 'big') FROM dp_inc$$, '22023', 'epsilon must be the same in every row of a group',
                 'an epsilon that changes between rows of a group: 22023');
SELECT throws_ok($$SELECT dp_count(p, 1, 'big' || g) FROM dp_inc$$, '22023', 'the budget must be the same in every row of a group',
                 'a budget that changes between rows of a group: 22023');
SELECT throws_ok($$SELECT dp_count(p, NULL, 'big') FROM dp_inc$$, '22004', NULL, 'NULL epsilon: 22004');
SELECT throws_ok($$SELECT dp_sum(p, v, 0, 'Infinity', 1, 'big') FROM dp_inc$$, '22023', NULL, 'infinite bound: 22023');
SELECT throws_ok($$SELECT dp_count(p, 1, 'big') OVER () FROM dp_inc$$, '0A000', NULL, 'not as a window function');
SELECT throws_ok($$SELECT dp_budget_create('x', session_user, 0)$$, '22023', NULL, 'a budget of epsilon 0: 22023');
SELECT throws_ok($$SELECT dp_budget_create('x', session_user, 1, 'fortnight')$$, '22023', NULL, 'an unknown period: 22023');
SELECT throws_ok($$SELECT dp_reserve('big', 0)$$, '22023', NULL, 'reserving epsilon 0: 22023');
SELECT throws_ok($$SELECT dp_reserve(NULL, 1)$$, '22004', NULL, 'reserving on a NULL budget: 22004');
SELECT is((SELECT string_agg(DISTINCT proparallel::text, '') FROM pg_proc
            WHERE proname IN ('dp_count', 'dp_sum', 'dp_avg', 'dp_count_release', 'dp_sum_release', 'dp_avg_release')
              AND pronamespace = 'tst_hub'::regnamespace), 'u',
          'the dp aggregates and their release functions are PARALLEL UNSAFE (credit lives in the leader)');

SELECT * FROM finish();

-- clean up what this file made (it ran outside a transaction)
DROP TABLE dp_inc;
SELECT dp_budget_drop(budget, principal) FROM dp_ledger() WHERE principal::text IN (session_user, 'dp_analyst_1', 'dp_analyst_2');
DELETE FROM dp_spending WHERE principal::text IN (session_user, 'dp_analyst_1', 'dp_analyst_2');
DROP ROLE dp_analyst_1, dp_analyst_2;
DELETE FROM keys WHERE scope = 'dp_test';

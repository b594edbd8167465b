-- dp_sealed: a dp figure sealed where its group is aggregated (on Citus, a
-- worker) and opened, paid for, where the ledger is.  Sealing pays nothing
-- and the sealed bytes say nothing (fixed length, random nonce); opening
-- pays like dp_count / dp_sum / dp_avg, gives the same value, and refuses
-- altered values and other parameters.  The Citus rewrite itself is
-- checked by test/citus/run.sh; here, that it leaves one server alone.
--
-- Runs outside a transaction block (credit exists only after a commit) and
-- removes what it made at the end.
SET search_path = public, tst_hub;
SELECT plan(28);

SELECT key_create('dp_sealed_test');
SELECT key_create('noise') WHERE NOT EXISTS (SELECT 1 FROM key_versions() WHERE scope = 'noise');
-- 300 persons in 3 groups, 3 rows each with value 5 (a person's total is 15)
CREATE TABLE sealed_inc AS
SELECT pseudonymise('raw', 'person ' || i, 'dp_sealed_test') AS p, i % 3 AS g, 5::numeric AS v
  FROM generate_series(0, 299) i, generate_series(1, 3) r;
SELECT dp_budget_create('sealed', session_user, 1000000);
SELECT dp_reserve('sealed', 100) FROM generate_series(1, 20);
CREATE FUNCTION pg_temp.credit() RETURNS numeric LANGUAGE sql
    AS $$SELECT epsilon FROM dp_credit() WHERE budget = 'sealed'$$;

CREATE TABLE sealed_groups AS
SELECT g, dp_count_sealed(p, 100, 'sealed') AS c, dp_sum_sealed(p, v, 0, 10, 100, 'sealed') AS s
  FROM sealed_inc GROUP BY g;
SELECT is(pg_temp.credit(), 2000::numeric, 'sealing pays nothing');
SELECT is((SELECT array_agg(DISTINCT octet_length(dp_sealed_send(c))) FROM sealed_groups), ARRAY[155],
          'a sealed figure is 155 bytes, whatever it holds');
SELECT is((SELECT count(DISTINCT left(c::text, 34)) FROM sealed_groups), 3::int8,
          'three equal counts sealed: three different nonces');
SELECT isnt((SELECT dp_count_sealed(p, 1, 'sealed')::text FROM sealed_inc WHERE g = 0),
            (SELECT dp_count_sealed(p, 1, 'sealed')::text FROM sealed_inc WHERE g = 0),
            'the same group sealed twice gives unrelated bytes');

-- opening: the values of dp_count, dp_sum, dp_avg (epsilon 100: no visible noise)
SELECT is((SELECT array_agg(dp_count_open(c, 100, 'sealed') ORDER BY g) FROM sealed_groups), ARRAY[100, 100, 100]::int8[],
          'dp_count_open releases the distinct persons (as dp_count)');
SELECT is(pg_temp.credit(), 1700::numeric, '... and pays epsilon per group (3 x 100)');
SELECT is((SELECT dp_sum_open(s, 0, 10, 100, 'sealed') FROM sealed_groups WHERE g = 0), 1000::numeric,
          'dp_sum_open releases the sum of totals clamped to [0, 10] (as dp_sum)');
SELECT is((SELECT dp_avg_open(s, 0, 10, 100, 'sealed') FROM sealed_groups WHERE g = 0), 10::numeric,
          'dp_avg_open releases the mean of the clamped totals (as dp_avg)');
SELECT is(pg_temp.credit(), 1400::numeric, '... dp_sum_open paid epsilon, dp_avg_open 2 x epsilon');
SELECT is((SELECT dp_count_open(dp_count_sealed(p, 100, 'sealed'), 100, 'sealed') FROM sealed_inc WHERE false), 0::int8,
          'a figure of no row is sealed with its parameters and released (0 plus noise) like dp_count');
SELECT is(pg_temp.credit(), 1300::numeric, '... and paid');
SELECT is(explain_cost($$SELECT dp_count_open(c, 0.5, 'sealed') FROM (SELECT g, dp_count_sealed(p, 0.5, 'sealed') AS c
                                                                      FROM sealed_inc GROUP BY g) x$$),
          1.5::numeric, 'explain_cost prices the openings (3 x 0.5) ...');
SELECT is(pg_temp.credit(), 1300::numeric, '... and spends nothing');

-- refusals: nothing is released
SELECT throws_ok($$SELECT dp_count_open(c, 50, 'sealed') FROM sealed_groups$$, '22023',
                 'dp_count_open must be given the epsilon and budget the value was sealed with',
                 'another epsilon than the sealed one: 22023 (noise of another scale would be wrong)');
SELECT throws_ok($$SELECT dp_count_open(c, 100, 'other') FROM sealed_groups$$, '22023', NULL,
                 'another budget than the sealed one: 22023');
SELECT throws_ok($$SELECT dp_sum_open(s, 0, 1, 100, 'sealed') FROM sealed_groups$$, '22023', NULL,
                 'narrower bounds than the sealed ones (too little noise): 22023');
SELECT throws_ok($$SELECT dp_sum_open(c, 0, 10, 100, 'sealed') FROM sealed_groups$$, '22023',
                 'dp_sum_open cannot open a value sealed by dp_count_sealed', 'a count opened as a sum: 22023');
SELECT throws_ok($$SELECT dp_count_open(overlay(c::text PLACING CASE WHEN right(c::text, 2) = '00' THEN '01' ELSE '00' END
                                                   FROM 311)::dp_sealed, 100, 'sealed')
                     FROM sealed_groups WHERE g = 0$$, '22023', NULL, 'a sealed value with its last byte changed: 22023');
SELECT throws_ok($$SELECT dp_count_open(overlay(c::text PLACING CASE WHEN substr(c::text, 41, 2) = 'ff' THEN 'fe' ELSE 'ff' END
                                                   FROM 41)::dp_sealed, 100, 'sealed')
                     FROM sealed_groups WHERE g = 0$$, '22023', NULL, 'a sealed value with a body byte changed: 22023');
SELECT throws_ok($$SELECT dp_count_open(NULL, 100, 'sealed')$$, '22004', NULL, 'a NULL sealed value: 22004');
SELECT throws_ok($$SELECT dp_count_seal(NULL)$$, '0A000', NULL, 'the sealing function outside its aggregate: 0A000');
SELECT is(pg_temp.credit(), 1300::numeric, 'the refusals spent nothing');
SELECT throws_ok($$SELECT dp_count_open(c, 100, 'sealed') FROM sealed_groups, generate_series(1, 20)$$, '53400', NULL,
                 'opening more than the credit pays for: 53400');

-- after a rotation of the noise key, an older sealed value is refused
SELECT key_rotate('noise');
SELECT throws_ok($$SELECT dp_count_open(c, 1, 'sealed') FROM sealed_groups$$, '22023',
                 'the dp_sealed value was not sealed under this hub''s current noise key',
                 'a value sealed before key_rotate(''noise''): 22023');

-- who may use them: analysts (a sealed value says nothing, opening pays)
SELECT ok(has_function_privilege('tst_hub_analyst', 'dp_count_sealed(pseudonym, numeric, text)', 'EXECUTE') AND
          has_function_privilege('tst_hub_analyst', 'dp_sum_sealed(pseudonym, numeric, numeric, numeric, numeric, text)', 'EXECUTE') AND
          has_function_privilege('tst_hub_analyst', 'dp_count_open(dp_sealed, numeric, text)', 'EXECUTE') AND
          has_function_privilege('tst_hub_analyst', 'dp_avg_open(dp_sealed, numeric, numeric, numeric, text)', 'EXECUTE'),
   'analysts may seal and open');
SELECT is((SELECT string_agg(DISTINCT proparallel::text, '') FROM pg_proc
            WHERE proname IN ('dp_count_open', 'dp_sum_open', 'dp_avg_open') AND pronamespace = 'tst_hub'::regnamespace), 'u',
          'the opening functions are PARALLEL UNSAFE (credit lives in the leader)');

-- the Citus rewrite: on by default, and a one-server plan is left as written
SELECT is(current_setting('tst_hub.citus_dp_rewrite'), 'on', 'tst_hub.citus_dp_rewrite is on by default');
CREATE FUNCTION pg_temp.plan_text(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    line text;
    out text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
        out := out || line || E'\n';
    END LOOP;
    RETURN out;
END
$f$;
SELECT ok(pg_temp.plan_text($$SELECT g, dp_count(p, 1, 'sealed') FROM sealed_inc GROUP BY g$$) NOT LIKE '%tst_hub_dp_%',
          'without Citus a dp query is planned as written');

SELECT * FROM finish();

-- clean up what this file made (it ran outside a transaction)
DROP TABLE sealed_inc, sealed_groups;
SELECT dp_budget_drop('sealed', session_user);
DELETE FROM dp_spending WHERE budget = 'sealed';
DELETE FROM keys WHERE scope IN ('dp_sealed_test', 'noise');

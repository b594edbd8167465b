-- dp_count: epsilon-differentially private count of distinct victims per country x
-- exploitation type (each group paid 1.0 from credit reserved before timing, noise from the CSPRNG),
-- against count(DISTINCT victim) of the same groups. Server defaults (work_mem 4MB).
-- bench.victims is made by 84-safe_count.sql; made here too when that file is not loaded.
SELECT tst_hub.key_create('bench') WHERE NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'bench');
CREATE TABLE IF NOT EXISTS bench.victims AS
SELECT country, exploitation, tst_hub.pseudonymise('raw', person_id::text, 'bench') AS victim
  FROM bench.incidents;
VACUUM ANALYZE bench.victims;
SELECT bench.add_case('dp_count', 1.3,
    $b$SELECT count(*), sum(n) FROM (
        SELECT country, exploitation, count(DISTINCT victim) AS n
          FROM bench.victims GROUP BY 1, 2) g$b$,
    $t$SELECT count(*), sum(n) FROM (
        SELECT country, exploitation, tst_hub.dp_count(victim, 1.0, 'bench') AS n
          FROM bench.victims GROUP BY 1, 2) g$t$,
    same_result => false,
    setup => $s$SET LOCAL work_mem = '4MB'$s$);
-- the largest budget allowed, and credit bought in each timing session (releases
-- are paid from it: about 2,700 groups at epsilon 1 per run)
SELECT tst_hub.dp_budget_create('bench', session_user, 1000000)
 WHERE NOT EXISTS (SELECT 1 FROM tst_hub.my_dp_budgets WHERE budget = 'bench');
UPDATE bench.cases SET session_setup =
    $p$DO $d$BEGIN PERFORM tst_hub.dp_reserve('bench', 100) FROM generate_series(1, 1000); END$d$$p$
 WHERE name = 'dp_count';

-- safe_count: distinct victims per country x exploitation type, withheld below k = 11,
-- against count(DISTINCT victim) of the same groups (what an analyst would write without
-- tst_hub; it sorts each group, where safe_count hashes persons). Server defaults
-- (work_mem 4MB). The victim pseudonym is made once, outside the timing.
SELECT tst_hub.key_create('bench') WHERE NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'bench');
CREATE TABLE bench.victims AS
SELECT country, exploitation, tst_hub.pseudonymise('raw', person_id::text, 'bench') AS victim
  FROM bench.incidents;
VACUUM ANALYZE bench.victims;
SELECT bench.add_case('safe_count', 1.2,
    $b$SELECT count(*), sum(n) FROM (
        SELECT country, exploitation, CASE WHEN count(DISTINCT victim) >= 11 THEN count(DISTINCT victim) END AS n
          FROM bench.victims GROUP BY 1, 2) g$b$,
    $t$SELECT count(*), sum(n) FROM (
        SELECT country, exploitation, tst_hub.safe_count(victim, 11) AS n
          FROM bench.victims GROUP BY 1, 2) g$t$,
    same_result => true,
    setup => $s$SET LOCAL work_mem = '4MB'$s$);

-- k_anonymity: the groups of incidents below k = 11 distinct persons on four
-- quasi-identifiers (country, gender, age, exploitation term), against the
-- GROUP BY ... HAVING count(DISTINCT person) < k an analyst would write without
-- tst_hub. Both sort the same rows by the same keys (count(DISTINCT) sorts each
-- group); the function adds its argument checks, one dynamic query and, for the
-- listing, a JSON object per group below k. Server defaults (work_mem 4MB).
SELECT bench.add_case('k_anonymity', 1.5,
    $b$SELECT count(*), sum(r) FROM (
        SELECT count(*) AS r FROM bench.incidents
         GROUP BY country, gender, age, exploitation
        HAVING count(DISTINCT person_id) < 11) g$b$,
    $t$SELECT groups_below, rows_below
         FROM tst_hub.k_anonymity('bench.incidents', '{country,gender,age,exploitation}', 'person_id', 11)$t$,
    same_result => true,
    setup => $s$SET LOCAL work_mem = '4MB'$s$);
SELECT bench.add_case('k_anonymity_groups', 1.5,
    $b$SELECT count(*), sum(p), sum(r) FROM (
        SELECT country, gender, age, exploitation, count(DISTINCT person_id) AS p, count(*) AS r
          FROM bench.incidents
         GROUP BY country, gender, age, exploitation
        HAVING count(DISTINCT person_id) < 11) g$b$,
    $t$SELECT count(*), sum(persons), sum(rows)
         FROM tst_hub.k_anonymity_groups('bench.incidents', '{country,gender,age,exploitation}', 'person_id', 11)$t$,
    same_result => true,
    setup => $s$SET LOCAL work_mem = '4MB'$s$);

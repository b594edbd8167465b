-- term_rollup_group: GROUP BY the level-1 rollup of a term (rollup() per row, then hashing
-- the term) against GROUP BY the precomputed int4 level-1 code. Same groups, same counts.
SELECT bench.add_case('term_rollup_group', 1.3,
    $b$SELECT exploitation_l1, count(*) FROM bench.incidents GROUP BY 1$b$,
    $t$SELECT tst_hub.rollup(exploitation, 1), count(*) FROM bench.incidents GROUP BY 1$t$);

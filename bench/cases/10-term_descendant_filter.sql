-- term_descendant_filter: subtree filter on a term column (<@, one C call per row) against an
-- int4 equality on the precomputed level-1 code (bench.exploitation_l1: 2 = exploitation/labour).
-- Both select the same rows, so the counts must agree.
SELECT bench.add_case('term_descendant_filter', 1.3,
    $b$SELECT count(*) FROM bench.incidents WHERE exploitation_l1 = 2$b$,
    $t$SELECT count(*) FROM bench.incidents WHERE exploitation <@ 'exploitation/labour'::tst_hub.term$t$,
    same_result => true);

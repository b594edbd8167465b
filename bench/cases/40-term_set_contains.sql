-- term_set_contains (informational): subsumption-aware "set holds the term or a descendant"
-- on the varlena term_set column, sequential scan, against the int4 equality of
-- term_descendant_filter. control/threats has three leaf children in the data.
SELECT bench.add_case('term_set_contains', NULL,
    $b$SELECT count(*) FROM bench.incidents WHERE exploitation_l1 = 2$b$,
    $t$SELECT count(*) FROM bench.incidents WHERE means @> 'control/threats'::tst_hub.term$t$);

-- term_set_agg (informational): the union of the means sets of all incidents (term_set_agg,
-- typed term_set state since 0.2.0) against bit_or over an int8 bitmask of the same sets
-- (bench.hkeys.means_bits: 18 distinct terms, one bit each). The bitmask is the cheapest
-- possible set union; the ratio is for tracking term_set_agg between releases.
SELECT bench.add_case('term_set_agg', NULL,
    $b$SELECT bit_or(means_bits) FROM bench.hkeys$b$,
    $t$SELECT tst_hub.term_set_agg(means) FROM bench.hkeys$t$,
    setup => $s$SET LOCAL work_mem = '4MB'$s$);

-- per organisation (130 groups). The outer count() reads the aggregate, or the planner
-- would drop the unused subquery output and not compute it.
SELECT bench.add_case('term_set_agg_by_org', NULL,
    $b$SELECT count(s) FROM (SELECT org_id, bit_or(means_bits) s FROM bench.hkeys GROUP BY 1) x$b$,
    $t$SELECT count(s) FROM (SELECT org_id, tst_hub.term_set_agg(means) s FROM bench.hkeys GROUP BY 1) x$t$,
    setup => $s$SET LOCAL work_mem = '4MB'$s$);

-- group_by_cell: the query of issue 8, GROUP BY the resolution-7 cell computed per row, at
-- the server default work_mem (4MB), against the same grouping on the int8 id of that cell
-- (cell_id(), a bijection: same groups). Both sides compute cell() per row, so the ratio is
-- the cost of hashing and comparing cell (64-bit mix) against int8 (PostgreSQL's hashint8).
-- Groups: 4443 at N=1,200,000 (same_result checks both sides count the same groups).
-- gen_incidents.sql creates expression statistics on both group keys: without them the
-- planner expects one group per row and keeps the parallel variant serial; with them it
-- aggregates in the workers (Partial HashAggregate) on both sides.
SELECT bench.add_case('group_by_cell', 1.3,
    $b$SELECT count(*) FROM (SELECT tst_hub.cell_id(tst_hub.cell(lat, lon, 7)) c, count(*)
                               FROM bench.incidents GROUP BY 1) x$b$,
    $t$SELECT count(*) FROM (SELECT tst_hub.cell(lat, lon, 7) c, count(*)
                               FROM bench.incidents GROUP BY 1) x$t$,
    same_result => true,
    setup => $s$SET LOCAL work_mem = '4MB'$s$);

-- hash_join_cell: every incident joined to a table of its resolution-12 cells (599,260 rows
-- at N=1,200,000, one per cell), on the cell column against the same join on the int8 rank
-- of the cell (bench.hkeys.cell12_k, see 81-hash_keys.sql). At work_mem 4MB the inner hash
-- table is split into batches by hash bits. Merge and nested-loop joins are disabled in the
-- setup so both sides are hash joins (the planner would otherwise sort-merge the int8 side).
CREATE TABLE bench.cell12_dim AS
SELECT DISTINCT cell12, cell12_k FROM bench.hkeys ORDER BY cell12_k;
VACUUM ANALYZE bench.cell12_dim;

SELECT bench.add_case('hash_join_cell', 1.3,
    $b$SELECT count(*) FROM bench.hkeys h JOIN bench.cell12_dim d ON d.cell12_k = h.cell12_k$b$,
    $t$SELECT count(*) FROM bench.hkeys h JOIN bench.cell12_dim d ON d.cell12 = h.cell12$t$,
    same_result => true,
    setup => $s$SET LOCAL work_mem = '4MB'; SET LOCAL enable_mergejoin = off;
               SET LOCAL enable_nestloop = off$s$);

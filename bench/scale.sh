#!/usr/bin/env bash
# bench/scale.sh: how the per-row cost of the main cases grows with the data (issue 8).
#
#   bench/scale.sh                               N = 1.2M, 2.4M, 4.8M, 9.6M (about 9 min, 2 cores)
#   SCALE_NS="100000 200000" bench/scale.sh      other sizes (the ratio is last / first)
#
# One throwaway cluster (pg_virtualenv -t, deleted on exit) for all sizes. For each N it runs
# bench/run.sh with BENCH_USE_CURRENT=1 (schema bench regenerated with N incidents and N
# phone numbers), loading only the case files of the scaled cases, and takes the medians of
# its detail lines. Then it prints, per case, ns per row of the test query (baseline in
# brackets) at each N, and the ratio per-row(last N) / per-row(first N) of the test query
# against the target 1.25. Last, EXPLAIN ANALYZE with 2 parallel workers of the cell grouping
# and st_cube at the last N.
#
# Why shared_buffers=8GB (run.sh uses 1GB): a sequential scan of a table larger than
# shared_buffers/4 reads through a 256kB ring of buffers, i.e. from the OS page cache on
# every run. bench.incidents is 168MB at 1.2M rows and 1.34GB at 9.6M, so with 1GB the 2.4M
# run and every larger one would pay that copy and the per-row cost would jump at 2.4M for
# reasons that have nothing to do with the extension. 8GB keeps every size under the ring
# threshold (2GB), so all sizes scan from shared buffers as the 1.2M run of run.sh does.
# The 9.6M data set is generated in about a minute (gen_incidents.sql sorts with
# work_mem 256MB, spilling to temporary files; the disk needs a few GB free).
#
# Environment: SCALE_NS (sizes, default "1200000 2400000 4800000 9600000"), RUNS (timed
# rounds per query, default 5), SCALE_SHARED_BUFFERS (default 8GB).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ -z "${BENCH_SCALE_INSIDE:-}" ]]; then
    exec pg_virtualenv -t -v 15 \
        -o shared_buffers="${SCALE_SHARED_BUFFERS:-8GB}" -o fsync=off -o full_page_writes=off \
        -o max_wal_size=16GB -o autovacuum=off \
        env BENCH_SCALE_INSIDE=1 "$here/scale.sh" "$@"
fi

SCALE_NS=${SCALE_NS:-"1200000 2400000 4800000 9600000"}
export RUNS=${RUNS:-5}
# case name -> case file that registers it; rows per N are N for all four
cases=(group_by_cell st_cube_week term_descendant_filter pseudonymise_phone)
files='^(10-term_descendant_filter|61-st_cube|70-pseudonymise_phone|80-group_by_cell)\.sql$'
target=1.25

declare -A base test
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for n in $SCALE_NS; do
    echo "== N=$n"
    N=$n BENCH_PHONES=$n BENCH_USE_CURRENT=1 BENCH_FILES="$files" \
        BENCH_CASES="^($(IFS='|'; echo "${cases[*]}"))\$" "$here/run.sh" | tee "$out"
    # "  <name> detail: baseline <b> ms, test <t> ms (median of ...); min ..."
    while read -r name b t; do
        base[$name@$n]=$b
        test[$name@$n]=$t
    done < <(sed -n 's/^  \([a-z_]*\) detail: baseline \([0-9.]*\) ms, test \([0-9.]*\) ms.*/\1 \2 \3/p' "$out")
done

read -r -a ns <<<"$SCALE_NS"
first=${ns[0]}
last=${ns[${#ns[@]}-1]}
echo
echo "scaling: ns/row of the test query (baseline in brackets), median of $RUNS; ratio = ns/row at N=$last / at N=$first"
printf '%-24s' "case"
for n in "${ns[@]}"; do printf '%16s' "N=$n"; done
printf '   ratio\n'
for c in "${cases[@]}"; do
    printf '%-24s' "$c"
    for n in "${ns[@]}"; do
        printf '%16s' "$(awk -v t="${test[$c@$n]:-0}" -v b="${base[$c@$n]:-0}" -v n="$n" \
            'BEGIN { printf "%.0f (%.0f)", t * 1e6 / n, b * 1e6 / n }')"
    done
    awk -v t1="${test[$c@$first]:-0}" -v t2="${test[$c@$last]:-0}" -v n1="$first" -v n2="$last" \
        -v target="$target" 'BEGIN {
            if (t1 == 0) { print "   n/a"; exit }
            r = (t2 / n2) / (t1 / n1)
            printf "   %.2f  (target <= %.2f) %s\n", r, target, (r <= target ? "PASS" : "OVER") }'
done

echo
echo "plans at N=$last, max_parallel_workers_per_gather=2 (work_mem 4MB):"
for c in group_by_cell st_cube_week; do
    sql=$(psql -X -Atc "SELECT test FROM bench.cases WHERE name = '$c'")
    echo "--- $c"
    PGOPTIONS="-c max_parallel_workers_per_gather=2 -c jit=off -c work_mem=4MB -c search_path=\"\$user\",public,tst_hub" \
        psql -X -At -c "EXPLAIN (ANALYZE, COSTS OFF) $sql"
done

#!/usr/bin/env bash
# bench/compare.sh: the same queries on two builds of tst_hub, timed alternately in one sitting.
#
#   OLD='host=/tmp port=55431 user=postgres' NEW='host=/tmp port=55432 user=postgres' bench/compare.sh
#
# OLD and NEW are libpq connection strings of two clusters that hold the same data
# (bench/gen_incidents.sql, same N) and bench/lib.sql, one with each build of the extension
# (see "Old against new" in bench/README.md for setting them up without touching the system
# install). For each query and each of ROUNDS rounds (default 7) it runs bench.time_ms(q, 3)
# (one warm-up, median of 3) on OLD and on NEW, alternating which goes first, and prints the
# median over the rounds and new/old - 1 as a percentage (negative = the new build is faster).
# Serial (max_parallel_workers_per_gather=0) and with 2 workers; jit off, work_mem 4MB.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROUNDS=${ROUNDS:-7}
: "${OLD:?OLD connection string}" "${NEW:?NEW connection string}"

# cube_union needs the daily cubes of 2025 (as in cases/63-cube_union_daily.sql) on both sides
for db in "$OLD" "$NEW"; do
    psql -X -q -v ON_ERROR_STOP=1 "$db" -c "DROP TABLE IF EXISTS bench.daily_cubes" \
        -c "CREATE TABLE bench.daily_cubes AS
            SELECT occurred::date AS day,
                   tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week') AS cube
              FROM bench.incidents
             WHERE occurred >= '2025-01-01' AND occurred < '2026-01-01' GROUP BY 1" \
        -c "ANALYZE bench.daily_cubes"
done

names=(st_cube term_set_agg term_set_agg_by_org cube_union_daily group_by_cell)
queries=(
    "SELECT tst_hub.cube_entry_count(tst_hub.st_cube(tst_hub.cell(lat, lon, 7), occurred, '1 week')) FROM bench.incidents"
    "SELECT tst_hub.term_set_agg(means) FROM bench.incidents"
    "SELECT count(s) FROM (SELECT org_id, tst_hub.term_set_agg(means) s FROM bench.incidents GROUP BY 1) x"
    "SELECT tst_hub.cube_entry_count(tst_hub.cube_union(cube)) FROM bench.daily_cubes"
    "SELECT count(*) FROM (SELECT tst_hub.cell(lat, lon, 7) c, count(*) FROM bench.incidents GROUP BY 1) x"
)

med() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

for workers in 0 2; do
    export PGOPTIONS="-c max_parallel_workers_per_gather=$workers -c parallel_setup_cost=0 -c jit=off -c work_mem=4MB"
    echo "max_parallel_workers_per_gather=$workers, rounds=$ROUNDS, each round median of 3 (+1 warm-up)"
    for i in "${!names[@]}"; do
        q=${queries[$i]}
        lit=$(printf '%s' "$q" | sed "s/'/''/g")
        : >"/tmp/compare.$$.old"; : >"/tmp/compare.$$.new"
        for r in $(seq 1 "$ROUNDS"); do
            if (( r % 2 )); then order="old new"; else order="new old"; fi
            for side in $order; do
                if [[ $side == old ]]; then db=$OLD; else db=$NEW; fi
                psql -X -At "$db" -c "SELECT bench.time_ms('$lit', 3)" >>"/tmp/compare.$$.$side"
            done
        done
        o=$(med <"/tmp/compare.$$.old"); n=$(med <"/tmp/compare.$$.new")
        awk -v name="${names[$i]}" -v o="$o" -v n="$n" -v w="$workers" 'BEGIN {
            printf "%-22s workers=%d  old %8.1f ms  new %8.1f ms  new/old %.3f (%+.1f %%)\n",
                   name, w, o, n, n / o, (n / o - 1) * 100 }'
    done
    rm -f "/tmp/compare.$$.old" "/tmp/compare.$$.new"
done

#!/usr/bin/env bash
# bench/run.sh: tst_hub benchmarks. One command, a throwaway cluster, one ratio per case.
#
#   bench/run.sh                 N=1200000 incidents (default)
#   N=100000 bench/run.sh        smaller data set
#
# What it does
#   1. Re-executes itself inside `pg_virtualenv -t -v 15` (a temporary PostgreSQL 15 cluster,
#      destroyed on exit) unless BENCH_INSIDE is set. With BENCH_USE_CURRENT=1 it skips
#      pg_virtualenv and uses whatever libpq environment (PGHOST, PGDATABASE, ...) is set;
#      schema bench in that database is dropped and recreated.
#   2. CREATE EXTENSION tst_hub CASCADE (uses the installed extension: `make install` first).
#   3. bench/gen_incidents.sql builds schema bench (seeded synthetic data, N rows).
#   4. bench/lib.sql defines bench.time_ms(sql, runs) and the case registry bench.cases.
#   5. Every bench/cases/*.sql, in name order, registers cases with bench.add_case(...).
#   6. Each case is timed inside the server (bench.time_pair_ms, plpgsql EXECUTE timed with
#      clock_timestamp()): one warm-up of each query, then RUNS rounds that time baseline and
#      test back to back (alternating which goes first); the two medians are compared.
#      bench.time_ms(sql, runs) times a single query the same way, for ad-hoc use.
#
# Output: a header (machine, N, settings), then per case
#   <name>: <ratio>  (target <= X) PASS|OVER      ratio = median(test) / median(baseline)
#     <name> detail: baseline <ms> ms, test <ms> ms (median of RUNS); min <ms> / <ms> ms = <ratio>
#   The min ratio is a noise check: on a busy or virtualised machine single runs can take
#   2-3x longer; if it disagrees with the median ratio, rerun with RUNS=11 or more.
#   Cases without a target print "(informational)". Exit status is 0 whether or not a ratio
#   is over its target: this is a measurement, not a test. It fails only if something breaks.
#
# Settings for the timed queries: max_parallel_workers_per_gather = 0 (serial plans, so the
# ratio compares per-row cost, not worker scheduling), jit = off (JIT compile time is a
# fixed cost that blurs small ratios; extension C functions are not inlined anyway),
# search_path = "$user", public, tst_hub (cases may use the operators unqualified).
#
# Environment
#   N=1200000          incident rows
#   RUNS=5             timed runs per query (after one warm-up)
#   BENCH_PARALLEL=1   also print every case again with max_parallel_workers_per_gather = 2
#                      (lines "<name>/parallel: ...", informational)
#   BENCH_EXPLAIN=1    also print EXPLAIN (ANALYZE, BUFFERS) of both queries of every case,
#                      after its setup (with BENCH_PARALLEL=1 also with 2 workers)
#   BENCH_CASES=regex  only run cases whose name matches (grep -E)
#   BENCH_FILES=regex  only load case files whose name matches (grep -E), e.g. '^(10|61)-'
#   BENCH_PHONES=n     rows of bench.phones (pseudonymise_phone; default 1000000)
#   CENTROIDS=path     country centroid CSV (default data/external/country_centroids.csv in this repository)
#   CTDC=path          CTDC export replicated by the ingest case (default data/external/ctdc_vp_synthetic_2022_condensed.csv)
#   BENCH_INGEST_ROWS=n  rows of the file the ingest case loads (default 200000)
#
# Adding a case: create bench/cases/NN-name.sql (NN orders the cases) holding
#   SELECT bench.add_case('name', 1.3,                     -- target ratio, or NULL
#       $b$<baseline query>$b$,
#       $t$<test query>$t$
#       [, same_result => true]                            -- check both return the same rows
#       [, setup => $s$CREATE INDEX ...$s$, teardown => $d$DROP INDEX ...$d$]);
# The file is a psql script: it may also create its own tables from bench.* data first.
# Setup/teardown run inside the timing transaction of that case only.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ -z "${BENCH_INSIDE:-}" && -z "${BENCH_USE_CURRENT:-}" ]]; then
    # Throwaway cluster: the data fit in shared_buffers (no ring-buffer reads from the OS
    # cache); no fsync, since the cluster is deleted afterwards (but synchronous_commit
    # stays on: see the VACUUM note in gen_incidents.sql); no autovacuum competing with
    # the timed queries (gen_incidents.sql runs VACUUM ANALYZE itself).
    exec pg_virtualenv -t -v 15 \
        -o shared_buffers=1GB -o fsync=off -o full_page_writes=off \
        -o max_wal_size=8GB -o autovacuum=off \
        env BENCH_INSIDE=1 "$here/run.sh" "$@"
fi

N=${N:-1200000}
RUNS=${RUNS:-5}
CENTROIDS=${CENTROIDS:-$(cd "$here/.." && pwd)/data/external/country_centroids.csv}
BENCH_CASES=${BENCH_CASES:-.}
BENCH_FILES=${BENCH_FILES:-.}
BENCH_PHONES=${BENCH_PHONES:-1000000}
CTDC=${CTDC:-$(cd "$here/.." && pwd)/data/external/ctdc_vp_synthetic_2022_condensed.csv}

# settings first, so a PGOPTIONS given to one call (the parallel variant) overrides them
settings="-c max_parallel_workers_per_gather=0 -c jit=off -c client_min_messages=warning"
settings+=" -c search_path=\"\$user\",public,tst_hub"
run_psql() { PGOPTIONS="$settings ${PGOPTIONS:-}" psql -X -q -v ON_ERROR_STOP=1 "$@"; }

run_psql -c "CREATE EXTENSION IF NOT EXISTS tst_hub CASCADE"

t0=$(date +%s)
run_psql -v n="$N" -v centroids="$CENTROIDS" -f "$here/gen_incidents.sql" >/dev/null
t1=$(date +%s)
# Seq scans of pages not marked all-visible check every tuple's visibility: make sure
# VACUUM did its job, or the ratios are diluted by that fixed cost.
notvis=$(run_psql -Atc "SELECT string_agg(relname, ', ') FROM pg_class
    WHERE relnamespace = 'bench'::regnamespace AND relkind = 'r' AND relpages > 0
      AND relallvisible < relpages")
if [[ -n "$notvis" ]]; then
    echo "warning: not all-visible after VACUUM: $notvis; vacuuming again" >&2
    run_psql -c "VACUUM bench.incidents, bench.strings, bench.label_strings"
fi
run_psql -f "$here/lib.sql"
for f in "$here"/cases/*.sql; do
    if grep -qE -- "$BENCH_FILES" <<<"$(basename "$f")"; then
        run_psql -v n="$N" -v phones="$BENCH_PHONES" -v ctdc="$CTDC" -v ingest_rows="${BENCH_INGEST_ROWS:-200000}" -f "$f" >/dev/null
    fi
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "machine: nproc=$(nproc), ${cpu:-unknown cpu}, $(run_psql -Atc 'SHOW server_version'), tst_hub $(run_psql -Atc "SELECT extversion FROM pg_extension WHERE extname = 'tst_hub'")"
echo "N: $N incidents ($(run_psql -Atc "SELECT pg_size_pretty(pg_table_size('bench.incidents'))")), generated in $((t1 - t0)) s"
echo "settings: max_parallel_workers_per_gather=0, jit=off, shared_buffers=$(run_psql -Atc 'SHOW shared_buffers'), work_mem=$(run_psql -Atc 'SHOW work_mem') (unless a case sets it), runs=$RUNS (+1 warm-up), ratio = median test / median baseline"

mapfile -t cases < <(run_psql -Atc "SELECT name FROM bench.cases ORDER BY ord" | grep -E -- "$BENCH_CASES" || true)

# a case's session_setup runs in the same session, committed, before it is timed
session_setup() { run_psql -Atc "SELECT coalesce(session_setup, 'SET client_min_messages = warning') FROM bench.cases WHERE name = '$1'"; }
for c in "${cases[@]}"; do
    run_psql -At -c "$(session_setup "$c")" -c "SELECT bench.run_case('$c', $RUNS)"
done

if [[ -n "${BENCH_PARALLEL:-}" ]]; then
    echo "parallel variant: max_parallel_workers_per_gather=2, parallel_setup_cost=0 (informational)"
    for c in "${cases[@]}"; do
        PGOPTIONS="-c max_parallel_workers_per_gather=2 -c parallel_setup_cost=0" \
            run_psql -At -c "$(session_setup "$c")" -c "SELECT bench.run_case('$c', $RUNS, '/parallel')" |
            sed -e 's/  (target <= [0-9.]*) \(PASS\|OVER\)$/  (informational)/'
    done
fi

# The plans are taken after the case's setup (work_mem, enable_* settings, indexes), inside
# a transaction that is rolled back; with BENCH_PARALLEL also with 2 workers.
explain_case() {  # name, suffix
    local c=$1 q sql setup
    setup=$(run_psql -Atc "SELECT coalesce(setup, 'SELECT WHERE false') FROM bench.cases WHERE name = '$c'")
    for q in baseline test; do
        echo "--- $c$2 $q"
        sql=$(run_psql -Atc "SELECT $q FROM bench.cases WHERE name = '$c'")
        run_psql -At -c "BEGIN" -c "$setup" -c "EXPLAIN (ANALYZE, BUFFERS, VERBOSE) $sql" -c "ROLLBACK"
    done
}
if [[ -n "${BENCH_EXPLAIN:-}" ]]; then
    for c in "${cases[@]}"; do
        explain_case "$c" ""
    done
    if [[ -n "${BENCH_PARALLEL:-}" ]]; then
        for c in "${cases[@]}"; do
            PGOPTIONS="-c max_parallel_workers_per_gather=2 -c parallel_setup_cost=0" \
                explain_case "$c" "/parallel"
        done
    fi
fi

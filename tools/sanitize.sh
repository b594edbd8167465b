#!/bin/sh
# Runs the regression (and pgTAP) suites against an instrumented tst_hub in a
# private copy of PostgreSQL 15, so the system-wide extension directory that
# everyone else tests against is never touched and no install lock is needed.
#
#   tools/sanitize.sh asan       build with -fsanitize=address,undefined and run
#                                make installcheck + tools/pgtap.sh (libasan is
#                                LD_PRELOADed into the uninstrumented postmaster)
#   tools/sanitize.sh valgrind   run make installcheck with the postmaster and
#                                every backend under valgrind memcheck
#                                (test/sanitize/valgrind.supp)
#   tools/sanitize.sh plain      the same private cluster without instrumentation
#                                (a baseline for the timings)
#   tools/sanitize.sh MODE CMD...  run CMD (from the build copy, with PGHOST etc.
#                                set) instead of the suites, e.g.
#                                tools/sanitize.sh asan test/dump/run.sh
#
# Fails if a test fails or if any sanitizer or valgrind report was written;
# the reports are printed.  SANITIZE_DIR (default a fresh /tmp directory) holds
# the copy, the build, the cluster and the reports; it is removed after a clean
# run and kept after a failure.  SANITIZE_PGTAP=0 skips pgTAP in asan mode;
# SANITIZE_REGRESS="a b" runs only those pg_regress tests (valgrind is slow).
#
# How the private copy works: PostgreSQL finds its share and lib directories
# relative to the postgres executable (pg_config --bindir vs --sharedir), so a
# copy of /usr/lib/postgresql/15 and /usr/share/postgresql/15 under one prefix,
# started from the copy's bin/, loads extensions from the copy only.
set -eu
mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in asan|valgrind|plain) ;; *) echo "usage: $0 asan|valgrind|plain" >&2; exit 2 ;; esac
src=$(cd "$(dirname "$0")/.." && pwd)
bindir=$(pg_config --bindir)
sharedir=$(pg_config --sharedir)
libdir=$(pg_config --pkglibdir)
root=${SANITIZE_DIR:-$(mktemp -d /tmp/tst_hub_sanitize.XXXXXX)}
mkdir -p "$root"
chmod 755 "$root"
reports=$root/reports
start=$(date +%s)
say() { echo "# sanitize[$mode] $(($(date +%s) - start))s: $*"; }

# The server runs as an unprivileged user; as root, as postgres (like pg_virtualenv).
if [ "$(id -u)" -eq 0 ]; then
    pguser=postgres
    as_pg() { runuser -u postgres -- "$@"; }
else
    pguser=$(id -un)
    as_pg() { "$@"; }
fi

say "copying PostgreSQL 15 to $root"
rm -rf "$root/pg" "$root/build" "$reports" "$root/data"
mkdir -p "$root/pg$bindir" "$root/pg$sharedir" "$root/pg$libdir"
cp -a "$bindir/." "$root/pg$bindir/"
cp -a "$libdir/." "$root/pg$libdir/"
cp -a "$sharedir/." "$root/pg$sharedir/"
rm -f "$root/pg$libdir"/tst_hub.so "$root/pg$sharedir"/extension/tst_hub*
# the copy must resolve to itself, or the test would load the system's tst_hub
[ "$("$root/pg$bindir/pg_config" --sharedir)" = "$root/pg$sharedir" ] || {
    echo "the copied server does not find its own share directory" >&2; exit 1; }

say "building"
mkdir -p "$root/build"
(cd "$src" && tar --exclude=.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
    --exclude=results --exclude=regression.diffs --exclude=regression.out -cf - .) | (cd "$root/build" && tar -xf -)
case "$mode" in
    asan)
        # Findings must never pass: ASan stops the process at the first
        # error; UBSan reports and goes on, so one run lists every finding,
        # and the run fails on the reports below.  float-cast-overflow (a
        # double too large for the integer it is cast to) is not part of
        # gcc's "undefined" group.
        cflags="-Werror -DUSE_ASSERT_CHECKING -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,float-cast-overflow"
        ;;
    *)  cflags="-Werror -DUSE_ASSERT_CHECKING -g" ;;
esac
(cd "$root/build" && make -s clean && make -s EXTRA_CFLAGS="$cflags" >/dev/null \
    && make -s install DESTDIR="$root/pg")
chmod -R a+rX "$root/pg"

say "starting the cluster"
# whatever happens, the server does not outlive the script
stop_server() {
    [ -f "$root/data/postmaster.pid" ] &&
        as_pg "$root/pg$bindir/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true
}
trap stop_server EXIT
trap 'exit 1' INT TERM
mkdir -p "$root/data" "$root/run" "$reports"
chown "$pguser" "$root/data" "$root/run" "$reports"
as_pg "$root/pg$bindir/initdb" -D "$root/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
# no TCP, and the socket lives in the private directory: any port number will do
port=5432
cat >> "$root/data/postgresql.conf" <<EOF
port = $port
listen_addresses = ''
unix_socket_directories = '$root/run'
fsync = off
max_connections = 30
autovacuum = off
log_line_prefix = '%m [%p] '
EOF
# LLVM under valgrind is slow and noisy, and JIT is not what is tested
if [ "$mode" = valgrind ]; then echo "jit = off" >> "$root/data/postgresql.conf"; fi
postgres="$root/pg$bindir/postgres"
case "$mode" in
    asan)
        asan_lib=$(gcc -print-file-name=libasan.so)
        # test/sanitize/asan_init.c says why the second library is needed
        gcc -shared -fPIC -O2 -o "$root/asan_init.so" "$src/test/sanitize/asan_init.c"
        # detect_leaks=0: memory contexts free at reset, not at exit
        as_pg env LD_PRELOAD="$asan_lib $root/asan_init.so" \
            ASAN_OPTIONS="detect_leaks=0:log_path=$reports/asan:print_summary=1:abort_on_error=0:allow_user_segv_handler=1" \
            UBSAN_OPTIONS="print_stacktrace=1:log_path=$reports/ubsan" \
            "$postgres" -D "$root/data" > "$root/postmaster.log" 2>&1 &
        ;;
    valgrind)
        as_pg valgrind --quiet --trace-children=yes --track-origins=yes --num-callers=30 \
            --leak-check=no --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \
            --gen-suppressions=all --suppressions="$src/test/sanitize/valgrind.supp" \
            --log-file="$reports/valgrind.%p" \
            "$postgres" -D "$root/data" > "$root/postmaster.log" 2>&1 &
        ;;
    plain)
        as_pg "$postgres" -D "$root/data" > "$root/postmaster.log" 2>&1 &
        ;;
esac
export PGHOST="$root/run" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
for i in $(seq 1 300); do
    pg_isready -q && break
    sleep 1
done
pg_isready -q || { cat "$root/postmaster.log"; echo "the server did not start" >&2; exit 1; }
say "server up on port $port"

log_from=0   # the server log is checked from here on
# The backends must load the copy's tst_hub.so (and, for asan, run with the
# runtime and an instrumented library), or a clean run would prove nothing.
if [ "$mode" != valgrind ]; then
    maps=$(psql -X -At -c "LOAD 'tst_hub'" -c "SELECT pg_read_file('/proc/self/maps')")
    echo "$maps" | grep -q "$root/pg$libdir/tst_hub.so" || {
        echo "the server did not load $root/pg$libdir/tst_hub.so" >&2; exit 1; }
    if [ "$mode" = asan ]; then
        echo "$maps" | grep -q libasan || { echo "libasan is not in the server" >&2; exit 1; }
        nm -D "$root/pg$libdir/tst_hub.so" | grep -q __asan_report || {
            echo "tst_hub.so is not instrumented" >&2; exit 1; }
        # and deliberate bugs leave reports where they are looked for
        gcc -shared -fPIC -g -O1 -fsanitize=address,undefined -I"$(pg_config --includedir-server)" \
            -o "$root/pg$libdir/tst_hub_canary.so" "$src/test/sanitize/canary.c"
        createdb tst_hub_canary
        psql -X -q -d tst_hub_canary \
            -c "CREATE FUNCTION heap_overflow(int) RETURNS int AS 'tst_hub_canary', 'canary_heap_overflow' LANGUAGE C STRICT" \
            -c "CREATE FUNCTION int_overflow(int) RETURNS int AS 'tst_hub_canary', 'canary_int_overflow' LANGUAGE C STRICT"
        psql -X -q -d tst_hub_canary -c "SELECT int_overflow(2147483647)" >/dev/null 2>&1 || true
        psql -X -q -d tst_hub_canary -c "SELECT heap_overflow(100)" >/dev/null 2>&1 || true
        for i in $(seq 1 60); do pg_isready -q && break; sleep 1; done  # crash restart
        # (gcc's UBSan may print to the server's stderr instead of its
        # log_path: the server log is searched for reports as well)
        grep -qs 'heap-buffer-overflow' "$reports"/asan.* &&
            cat "$reports"/* "$root/postmaster.log" | grep -q 'signed integer overflow' || {
            ls -l "$reports"; echo "the canary bugs left no sanitizer reports" >&2; exit 1; }
        dropdb tst_hub_canary
        rm -f "$reports"/* "$root/pg$libdir/tst_hub_canary.so"
        log_from=$(stat -c %s "$root/postmaster.log")
        say "canaries reported (ASan and UBSan)"
    fi
fi

failed=0
if [ $# -gt 0 ]; then
    (cd "$root/build" && "$@") || failed=1
    say "$* done (failed=$failed)"
else
    (cd "$root/build" && make -s installcheck ${SANITIZE_REGRESS:+REGRESS="$SANITIZE_REGRESS"}) || failed=1
    say "installcheck done (failed=$failed)"
fi
if [ $# -eq 0 ] && [ "$mode" != valgrind ] && [ "${SANITIZE_PGTAP:-1}" = 1 ]; then
    (cd "$root/build" && tools/pgtap.sh) > "$root/pgtap.out" 2>&1 || failed=1
    tail -3 "$root/pgtap.out"
    say "pgTAP done (failed=$failed)"
fi
[ -f "$root/build/regression.diffs" ] && cat "$root/build/regression.diffs"
[ "$failed" = 1 ] && [ -f "$root/pgtap.out" ] && grep -v '^t/\|^test/.*ok$' "$root/pgtap.out" | head -100

as_pg "$root/pg$bindir/pg_ctl" -D "$root/data" -m fast -w -t 300 stop >/dev/null || failed=1
say "server stopped"

# Reports: ASan/UBSan files, valgrind error blocks, crashed backends
found=0
for f in "$reports"/*; do
    [ -f "$f" ] || continue
    case "$f" in
        */valgrind.*) grep -q VALGRINDERROR-BEGIN "$f" || continue ;;
        *) [ -s "$f" ] || continue ;;
    esac
    found=1
    echo "## $f"
    cat "$f"
done
if tail -c +"$((log_from + 1))" "$root/postmaster.log" | grep -E 'terminated by signal|AddressSanitizer|runtime error'; then
    found=1
fi
if [ "$found" = 1 ]; then
    echo "not ok - $mode: sanitizer reports (kept in $root)"
    exit 1
fi
if [ "$failed" = 1 ]; then
    echo "not ok - $mode: tests failed (kept in $root)"
    exit 1
fi
say "ok, no reports"
echo "ok - $mode: suites pass, no reports ($(($(date +%s) - start)) s)"
[ -n "${SANITIZE_DIR:-}" ] || rm -rf "$root"

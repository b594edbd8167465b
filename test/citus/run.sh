#!/bin/sh
# test/citus/run.sh: tst_hub on a three-node Citus cluster.
#
# Starts a throwaway Citus cluster (a coordinator and two workers, PostgreSQL
# from pg_config), creates tst_hub on it, loads N synthetic incidents into a
# table distributed by organisation and into an identical plain table, and
# checks, for every aggregate of schema tst_hub found in pg_aggregate, that
#   - a query that does not group by the distribution column is partially
#     aggregated on the workers (EXPLAIN VERBOSE shows worker_partial_agg and
#     coord_combine_agg), and
#   - it gives the same answer as on the plain table (IS NOT DISTINCT FROM),
#   - a query grouped by the distribution column (run whole on the workers)
#     gives the same answer too.
# It also checks that GROUP BY tst_hub.cell(lat, lon, 6) with count(*) is
# aggregated on the workers, and prints an informational timing of st_cube on
# the distributed table against the plain one.  An aggregate of tst_hub that
# no check covers is a failure: add a case below when you add an aggregate.
#
# Output is TAP: one "ok N - ..." / "not ok N - ..." line per check, then
# "1..N".  Not part of tools/test.sh; run it by hand (see docs/SCALING.md):
#
#   test/citus/run.sh
#
# Needs Citus, PostGIS and tst_hub installed for that PostgreSQL.  Run as root
# it runs the servers as the postgres user (initdb refuses root).
#
# Environment
#   PG_CONFIG=pg_config    which PostgreSQL installation to use
#   N=200000               incident rows
#   CITUS_PORT_BASE=9700   the first port tried; the first three free ports from
#                          there are used (coordinator, worker 1, worker 2)
#   CITUS_OS_USER=postgres the account that runs the servers when run as root
#   KEEP=1                 leave the cluster running after the checks and print
#                          how to connect to it and how to stop it
#
# Exit status: 0 all checks passed, 1 a check failed, 77 Citus is not
# installed (the automake "skipped" code), anything else: the cluster or the
# data could not be set up (the server logs are printed).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
PG_CONFIG=${PG_CONFIG:-pg_config}
N=${N:-200000}
KEEP=${KEEP:-0}
bindir=$("$PG_CONFIG" --bindir)
sharedir=$("$PG_CONFIG" --sharedir)

if [ ! -f "$sharedir/extension/citus.control" ]; then
	echo "Citus is not installed: $sharedir/extension/citus.control is missing." >&2
	echo "Build and install Citus for this PostgreSQL first; see docs/SCALING.md." >&2
	exit 77
fi
for ext in postgis tst_hub; do
	if [ ! -f "$sharedir/extension/$ext.control" ]; then
		echo "$ext is not installed in $sharedir/extension (tst_hub: make install)." >&2
		exit 2
	fi
done

# initdb refuses root: run the servers as an ordinary account then.
if [ "$(id -u)" = 0 ]; then
	os_user=${CITUS_OS_USER:-postgres}
	as_owner() { runuser -u "$os_user" -- "$@"; }
else
	as_owner() { "$@"; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tst_hub_citus.XXXXXX")
[ "$(id -u)" = 0 ] && chown "$os_user" "$work"
nodes=""

cleanup() {
	rc=$?
	trap - EXIT INT TERM
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		for n in $nodes; do
			echo "# --- last lines of the $n log ---" >&2
			tail -n 20 "$work/$n.log" 2>/dev/null | sed 's/^/# /' >&2 || true
		done
	fi
	if [ "$KEEP" = 1 ] && [ -n "$nodes" ]; then
		echo "# KEEP=1: the cluster is still running in $work"
		echo "#   psql -h $work -p $port_c -U postgres postgres    (coordinator)"
		echo "#   stop: for n in $nodes; do ${as_owner_hint}$bindir/pg_ctl -D $work/\$n stop; done; rm -rf $work"
		exit "$rc"
	fi
	for n in $nodes; do
		as_owner "$bindir/pg_ctl" -D "$work/$n" -m immediate -w stop >/dev/null 2>&1 || true
	done
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
as_owner_hint=""
[ "$(id -u)" = 0 ] && as_owner_hint="runuser -u $os_user -- "

# Three free TCP ports from CITUS_PORT_BASE on.
port_busy() {
	if command -v ss >/dev/null 2>&1; then
		ss -Hltn "sport = :$1" | grep -q .
	else
		"$bindir/pg_isready" -q -h 127.0.0.1 -p "$1"
		[ $? -ne 2 ]
	fi
}
ports=""
p=${CITUS_PORT_BASE:-9700}
last=$((p + 200))
while [ "$(echo $ports | wc -w)" -lt 3 ]; do
	[ "$p" -le "$last" ] || { echo "no three free ports in ${CITUS_PORT_BASE:-9700}..$last" >&2; exit 2; }
	port_busy "$p" || ports="$ports $p"
	p=$((p + 1))
done
set -- $ports
port_c=$1 port_w1=$2 port_w2=$3

psql_at() {
	port=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -h "$work" -p "$port" -U postgres -d postgres "$@"
}
coord() { psql_at "$port_c" "$@"; }

start_node() {
	name=$1 port=$2
	as_owner "$bindir/initdb" -D "$work/$name" -U postgres --auth=trust -E UTF8 \
		--locale=C >"$work/$name.initdb.log" 2>&1 ||
		{ cat "$work/$name.initdb.log" >&2; exit 2; }
	cat >>"$work/$name/postgresql.conf" <<-EOF
		port = $port
		listen_addresses = '127.0.0.1'
		unix_socket_directories = '$work'
		shared_preload_libraries = 'citus'
		timezone = 'UTC'
		max_connections = 200
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_parallel_workers_per_gather = 0
		jit = off
	EOF
	nodes="$nodes $name"
	as_owner "$bindir/pg_ctl" -D "$work/$name" -l "$work/$name.log" -w -t 60 start >/dev/null
	psql_at "$port" -c 'CREATE EXTENSION citus'
}

echo "# PostgreSQL $("$PG_CONFIG" --version | sed 's/^PostgreSQL //'), cluster in $work," \
	"ports $port_c (coordinator) $port_w1 $port_w2"
start_node coordinator "$port_c"
start_node worker1 "$port_w1"
start_node worker2 "$port_w2"
coord -c "SELECT citus_set_coordinator_host('127.0.0.1', $port_c)" >/dev/null
coord -c "SELECT citus_add_node('127.0.0.1', $port_w1)" >/dev/null
coord -c "SELECT citus_add_node('127.0.0.1', $port_w2)" >/dev/null
echo "# Citus $(coord -c "SELECT extversion FROM pg_extension WHERE extname = 'citus'")," \
	"workers: $(coord -c "SELECT string_agg(nodeport::text, ' ' ORDER BY nodeport) FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0")"

# CREATE EXTENSION on the coordinator is propagated to the workers (PostGIS,
# which CASCADE pulls in, included).
coord -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION tst_hub CASCADE'

if [ "${SETUP_ONLY:-0}" = 1 ]; then
	exit 0
fi

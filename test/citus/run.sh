#!/bin/sh
# test/citus/run.sh: tst_hub on a three-node Citus cluster.
#
# Starts a throwaway Citus cluster (a coordinator and two workers, PostgreSQL
# from pg_config), creates tst_hub on it, loads N synthetic incidents
# (test/citus/data.sql) into tables distributed by organisation (schema dist)
# and into identical plain tables (schema one_node), and checks, for every
# aggregate of schema tst_hub, that
#   - a query that does not group by the distribution column is partially
#     aggregated on the workers (EXPLAIN VERBOSE shows worker_partial_agg of
#     that aggregate and coord_combine_agg) and gives the same answer as the
#     plain table in every group (IS DISTINCT FROM, the types' = operators);
#   - a query grouped by the distribution column runs whole on the workers
#     (final function included) and gives the same answer too.
# Also: GROUP BY tst_hub.cell(lat, lon, 6) with count(*) is counted on the
# workers; tst_hub.min_k, which the safe aggregates' final functions read,
# reaches the workers when set with ALTER DATABASE (a session's SET does not:
# a TAP TODO, see docs/SCALING.md); keyed functions refuse on the workers,
# which have no keys; sticky_count grouped by org refuses on the workers
# until noise_key_distribute() copies the derived noise key there, then
# equals one node (dp releases still refuse there).  An aggregate of tst_hub that no check covers is a
# failure: add a case below when you add an aggregate.  Last, an
# informational timing of st_cube, distributed against plain.
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

case $N in
'' | *[!0-9]*) echo "N must be a number of rows, not '$N'" >&2; exit 2 ;;
esac
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

as_owner_hint=""
[ "$(id -u)" = 0 ] && as_owner_hint="runuser -u $os_user -- "
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
	"$bindir/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$work" -p "$port" -U postgres -d postgres "$@"
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
		shared_preload_libraries = 'citus,tst_hub'
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

echo "# loading $N incidents (test/citus/data.sql)"
coord -v n="$N" -f "$here/data.sql" >/dev/null

# --- checks ------------------------------------------------------------------
t=0
failed=0
covered=""
todo=""          # when set, checks are TAP TODO: reported, not failures
answer_todo=""   # the same, for the answer line of check only
session_set=""   # extra SET commands for the session of each check
pass() { t=$((t + 1)); echo "ok $t - $1${todo:+ # TODO $todo}"; }
fail() {
	t=$((t + 1))
	[ -n "$todo" ] || failed=$((failed + 1))
	echo "not ok $t - $1${todo:+ # TODO $todo}"
}
diag() { printf '%s\n' "$1" | sed 's/^/#   /'; }
# reserve: a statement run in its own transaction before the query (the dp
# releases are paid from credit that a committed dp_reserve gives the session)
reserve='SET client_min_messages = warning'
# (an EXPLAIN releases nothing: no reservation, so the budget lasts the run)
sql() {
	case $1 in
	EXPLAIN*) coord -c "SET search_path = tst_hub, public; $session_set" -c 'SET client_min_messages = warning' -c "$1" ;;
	*) coord -c "SET search_path = tst_hub, public; $session_set" -c "$reserve" -c "$1" ;;
	esac
}

# Does the plan have the shape?
#   partial: the workers run worker_partial_agg of this very aggregate (SIG,
#            its regprocedure text) and the coordinator coord_combine_agg;
#   count:   the workers count per group (SIG, the grouping expression) and
#            the coordinator sums the counts;
#   workers: the workers run the whole aggregate (SIG, its name) grouped by
#            org, the distribution column, and the coordinator only
#            collects the rows.
shape_ok() {
	plan=$1 shape=$2 sig=$3
	case $shape in
	partial)
		printf '%s\n' "$plan" | grep -qF "worker_partial_agg('$sig'::regprocedure" &&
			printf '%s\n' "$plan" | grep -qF 'coord_combine_agg(' ;;
	count)
		printf '%s\n' "$plan" | grep -F 'Query: SELECT' | grep -F 'count(*)' |
			grep -qF "GROUP BY ($sig)" &&
			printf '%s\n' "$plan" | grep -qF 'pg_catalog.sum(remote_scan.' ;;
	workers)
		printf '%s\n' "$plan" | grep -F 'Query: SELECT' | grep -F "$sig" |
			grep -qE 'GROUP BY ([a-z_]+\.)?org\b' &&
			! printf '%s\n' "$plan" | grep -qE 'worker_partial_agg|coord_combine_agg' ;;
	*)
		return 1 ;;
	esac
}

# check SHAPE SIG WHAT QUERY
#   QUERY returns columns k (the group) and v (the value) and names its
#   tables @S@.incidents or @S@.cubes; @S@ becomes dist (distributed) or
#   one_node (plain).  Two TAP lines: the plan of the distributed query has
#   SHAPE (see shape_ok), and its answer equals the one-node answer in every
#   group.
check() {
	shape=$1 sig=$2 what=$3
	dq=$(printf '%s\n' "$4" | sed 's/@S@/dist/g')
	lq=$(printf '%s\n' "$4" | sed 's/@S@/one_node/g')
	case $shape in
	partial) expect="partially aggregated on the workers (worker_partial_agg, coord_combine_agg)" ;;
	count) expect="partially aggregated on the workers (counts summed on the coordinator)" ;;
	*) expect="aggregated whole on the workers" ;;
	esac
	if plan=$(sql "EXPLAIN (VERBOSE, COSTS OFF) $dq" 2>&1) && shape_ok "$plan" "$shape" "$sig"; then
		pass "$what: $expect"
	else
		fail "$what: $expect"
		diag "$dq"
		diag "$plan"
		if [ "$shape" = partial ]; then
			diag "$(sql "SELECT 'state type ' || aggtranstype::regtype || ', combine function ' || aggcombinefn::regproc
			             FROM pg_aggregate WHERE aggfnoid = '$sig'::regprocedure" 2>&1)"
		fi
	fi
	# Both answers come from one statement: the distributed query runs as
	# a Citus subplan (its plan is checked again), the plain one on the
	# coordinator; groups are matched on the text of k, values compared
	# with IS DISTINCT FROM (the types' = operators).
	cmp="WITH d AS MATERIALIZED (SELECT coalesce(k::text, 'NULL') AS k, v FROM ($dq) AS q),
	          l AS MATERIALIZED (SELECT coalesce(k::text, 'NULL') AS k, v FROM ($lq) AS q)
	     SELECT 'groups ' || count(*) || ', not NULL ' || count(l.v) || ' (one node) and '
	            || count(d.v) || ' (distributed)',
	            count(*) FILTER (WHERE d.k IS NULL OR l.k IS NULL OR d.v IS DISTINCT FROM l.v)
	     FROM d FULL JOIN l USING (k)"
	cplan=""
	todo=$answer_todo
	if res=$(sql "$cmp" 2>&1) && cplan=$(sql "EXPLAIN (VERBOSE, COSTS OFF) $cmp" 2>&1) &&
		shape_ok "$cplan" "$shape" "$sig" && [ "${res##*|}" = 0 ]; then
		pass "$what: same answer as one node (${res%|*})"
	else
		fail "$what: same answer as one node"
		diag "$cmp"
		diag "result: ${res%|*}; groups that differ: ${res##*|}"
		shape_ok "$cplan" "$shape" "$sig" ||
			diag "the comparison did not run the plan checked above: $cplan"
	fi
	todo=""
	if [ "$shape" = partial ]; then
		covered="$covered
$sig"
	fi
}

exts=$(coord -c "SELECT string_agg(result, ' ' ORDER BY nodeport) FROM run_command_on_workers(
                 \$\$SELECT string_agg(extname || '=' || extversion, ',' ORDER BY extname)
                   FROM pg_extension WHERE extname IN ('postgis', 'tst_hub')\$\$)")
want="postgis=$(coord -c "SELECT extversion FROM pg_extension WHERE extname = 'postgis'"),tst_hub=$(coord -c "SELECT extversion FROM pg_extension WHERE extname = 'tst_hub'")"
if [ "$exts" = "$want $want" ]; then
	pass "CREATE EXTENSION tst_hub CASCADE on the coordinator created PostGIS and tst_hub on both workers"
else
	fail "CREATE EXTENSION tst_hub CASCADE on the coordinator created PostGIS and tst_hub on both workers"
	diag "coordinator: $want; workers: $exts"
fi

st_cube3='tst_hub.st_cube(tst_hub.cell,timestamp with time zone,interval)'
st_cube4='tst_hub.st_cube(tst_hub.cell,timestamp with time zone,interval,timestamp with time zone)'
cube_union='tst_hub.cube_union(tst_hub.cube)'
tsa_term='tst_hub.term_set_agg(tst_hub.term)'
tsa_set='tst_hub.term_set_agg(tst_hub.term_set)'

check partial "$st_cube3" "st_cube(cell, timestamptz, interval), whole table" \
	"SELECT 0 AS k, st_cube(cell(lat, lon, 6), occurred, '28 days') AS v FROM @S@.incidents"
check partial "$st_cube3" "st_cube(cell, timestamptz, interval), GROUP BY batch" \
	"SELECT batch AS k, st_cube(cell(lat, lon, 6), occurred, '7 days') AS v
	 FROM @S@.incidents GROUP BY batch"
check workers 'tst_hub.st_cube(' "st_cube(cell, timestamptz, interval), GROUP BY org" \
	"SELECT org AS k, st_cube(cell(lat, lon, 6), occurred, '7 days') AS v
	 FROM @S@.incidents GROUP BY org"

check partial "$st_cube4" "st_cube(cell, timestamptz, interval, origin), whole table" \
	"SELECT 0 AS k, st_cube(cell(lat, lon, 5), occurred, '1 day 12:00', '2020-12-30 06:00+00') AS v
	 FROM @S@.incidents"
check partial "$st_cube4" "st_cube(cell, timestamptz, interval, origin), GROUP BY year" \
	"SELECT date_trunc('year', occurred) AS k,
	        st_cube(cell(lat, lon, 7), occurred, '3 days', '2020-12-30 06:00+00') AS v
	 FROM @S@.incidents GROUP BY 1"
check workers 'tst_hub.st_cube(' "st_cube(cell, timestamptz, interval, origin), GROUP BY org" \
	"SELECT org AS k, st_cube(cell(lat, lon, 7), occurred, '3 days', '2020-12-30 06:00+00') AS v
	 FROM @S@.incidents GROUP BY org"

# Cubes of people: a person on two shards is one person of the merged cube.
st_cube_p='tst_hub.st_cube_people(tst_hub.cell,timestamp with time zone,interval,tst_hub.pseudonym)'
st_cube_po='tst_hub.st_cube_people(tst_hub.cell,timestamp with time zone,interval,timestamp with time zone,tst_hub.pseudonym)'
check partial "$st_cube_p" "st_cube_people(cell, timestamptz, interval, person), whole table" \
	"SELECT 0 AS k, st_cube_people(cell(lat, lon, 6), occurred, '28 days', person) AS v FROM @S@.incidents"
check partial "$st_cube_p" "st_cube_people(cell, timestamptz, interval, person), GROUP BY batch" \
	"SELECT batch AS k, st_cube_people(cell(lat, lon, 6), occurred, '7 days', person) AS v
	 FROM @S@.incidents GROUP BY batch"
check workers 'tst_hub.st_cube_people(' "st_cube_people(cell, timestamptz, interval, person), GROUP BY org" \
	"SELECT org AS k, st_cube_people(cell(lat, lon, 6), occurred, '7 days', person) AS v
	 FROM @S@.incidents GROUP BY org"
check partial "$st_cube_po" "st_cube_people(cell, timestamptz, interval, origin, person), whole table" \
	"SELECT 0 AS k, st_cube_people(cell(lat, lon, 5), occurred, '3 days', '2020-12-30 06:00+00', person) AS v
	 FROM @S@.incidents"
check workers 'tst_hub.st_cube_people(' "st_cube_people(cell, timestamptz, interval, origin, person), GROUP BY org" \
	"SELECT org AS k, st_cube_people(cell(lat, lon, 5), occurred, '3 days', '2020-12-30 06:00+00', person) AS v
	 FROM @S@.incidents GROUP BY org"

check partial "$cube_union" "cube_union(cube), whole table" \
	"SELECT 0 AS k, cube_union(c) AS v FROM @S@.cubes"
check partial "$cube_union" "cube_union(cube), GROUP BY month" \
	"SELECT month AS k, cube_union(c) AS v FROM @S@.cubes GROUP BY month"
check workers 'tst_hub.cube_union(' "cube_union(cube), GROUP BY org" \
	"SELECT org AS k, cube_union(c) AS v FROM @S@.cubes GROUP BY org"

check partial "$tsa_term" "term_set_agg(term), whole table" \
	"SELECT 0 AS k, term_set_agg(exploitation) AS v FROM @S@.incidents"
check partial "$tsa_term" "term_set_agg(term), GROUP BY id % 5000 (NULL groups included)" \
	"SELECT id % 5000 AS k, term_set_agg(exploitation) AS v FROM @S@.incidents GROUP BY 1"
check workers 'tst_hub.term_set_agg(' "term_set_agg(term), GROUP BY org" \
	"SELECT org AS k, term_set_agg(exploitation) AS v FROM @S@.incidents GROUP BY org"

check partial "$tsa_set" "term_set_agg(term_set), whole table" \
	"SELECT 0 AS k, term_set_agg(means) AS v FROM @S@.incidents"
check partial "$tsa_set" "term_set_agg(term_set), GROUP BY batch (a NULL and an empty group)" \
	"SELECT batch AS k, term_set_agg(means) AS v FROM @S@.incidents GROUP BY batch"
check workers 'tst_hub.term_set_agg(' "term_set_agg(term_set), GROUP BY org" \
	"SELECT org AS k, term_set_agg(means) AS v FROM @S@.incidents GROUP BY org"

# Mann-Kendall over (time, value) pairs; unique times (ties would make the
# series order-dependent), groups below the 5000-step limit.
mk_t='tst_hub.mann_kendall_agg(timestamp with time zone,double precision)'
mk_ta='tst_hub.mann_kendall_agg(timestamp with time zone,double precision,double precision)'
mk_i='tst_hub.mann_kendall_agg(bigint,double precision)'
mk_ia='tst_hub.mann_kendall_agg(bigint,double precision,double precision)'
check partial "$mk_t" "mann_kendall_agg(timestamptz, float8), GROUP BY batch" \
	"SELECT batch AS k, mann_kendall_agg('2020-01-01'::timestamptz + id * interval '1 minute', (id % 97)::float8 + id / 1000.0) AS v
	 FROM @S@.incidents WHERE id < 20000 GROUP BY batch"
check partial "$mk_ta" "mann_kendall_agg(timestamptz, float8, alpha), GROUP BY batch" \
	"SELECT batch AS k, mann_kendall_agg('2020-01-01'::timestamptz + id * interval '1 minute', (id % 89)::float8, 0.1) AS v
	 FROM @S@.incidents WHERE id < 20000 GROUP BY batch"
check partial "$mk_i" "mann_kendall_agg(int8, float8), GROUP BY batch" \
	"SELECT batch AS k, mann_kendall_agg(id::int8, (id % 97)::float8) AS v FROM @S@.incidents WHERE id < 20000 GROUP BY batch"
check partial "$mk_ia" "mann_kendall_agg(int8, float8, alpha), GROUP BY batch" \
	"SELECT batch AS k, mann_kendall_agg(id::int8, (id % 97)::float8, 0.01) AS v FROM @S@.incidents WHERE id < 20000 GROUP BY batch"
check workers 'tst_hub.mann_kendall_agg(' "mann_kendall_agg(int8, float8), GROUP BY org" \
	"SELECT org AS k, mann_kendall_agg(id::int8, (id % 97)::float8) AS v FROM @S@.incidents WHERE id < 20000 GROUP BY org"

# The safe aggregates: groups of 1 to 283 rows (about a third as many
# persons, a person being three consecutive ids), so values are withheld
# below k and released above; grouped by org, persons span shards.
while IFS='|' read -r sig expr; do
	check partial "$sig" "$expr, GROUP BY floor(sqrt(id))" \
		"SELECT floor(sqrt(id)) AS k, $expr AS v FROM @S@.incidents WHERE id < 20000 GROUP BY 1"
	check workers "tst_hub.${expr%%(*}(" "$expr, GROUP BY org" \
		"SELECT org AS k, $expr AS v FROM @S@.incidents WHERE id % 400 < 3 GROUP BY org"
done <<EOF
tst_hub.safe_count(tst_hub.pseudonym)|safe_count(person)
tst_hub.safe_count(tst_hub.pseudonym,integer)|safe_count(person, 12)
tst_hub.safe_count_r(tst_hub.pseudonym)|safe_count_r(person)
tst_hub.safe_count_r(tst_hub.pseudonym,integer)|safe_count_r(person, 12)
tst_hub.safe_sum(tst_hub.pseudonym,numeric)|safe_sum(person, hours)
tst_hub.safe_sum(tst_hub.pseudonym,numeric,integer)|safe_sum(person, hours, 12)
tst_hub.safe_sum_r(tst_hub.pseudonym,numeric)|safe_sum_r(person, hours)
tst_hub.safe_sum_r(tst_hub.pseudonym,numeric,integer)|safe_sum_r(person, hours, 12)
tst_hub.safe_avg(tst_hub.pseudonym,numeric)|safe_avg(person, hours)
tst_hub.safe_avg(tst_hub.pseudonym,numeric,integer)|safe_avg(person, hours, 12)
tst_hub.safe_avg_r(tst_hub.pseudonym,numeric)|safe_avg_r(person, hours)
tst_hub.safe_avg_r(tst_hub.pseudonym,numeric,integer)|safe_avg_r(person, hours, 12)
EOF

# tst_hub.min_k is read by the final functions, which run on the workers
# when the query groups by org.  ALTER DATABASE ... SET on the coordinator
# is propagated to the workers (as is ALTER ROLE ... SET), so both shapes
# apply the hub's k.
safe_org="SELECT org AS k, safe_count(person) AS v FROM @S@.incidents WHERE id % 400 < 3 GROUP BY org"
safe_sqrt="SELECT floor(sqrt(id)) AS k, safe_count(person) AS v FROM @S@.incidents WHERE id < 20000 GROUP BY 1"
coord -c 'ALTER DATABASE postgres SET tst_hub.min_k = 40'
seen=$(coord -c "SELECT string_agg(result, ' ' ORDER BY nodeport)
                 FROM run_command_on_workers('SHOW tst_hub.min_k')")
if [ "$seen" = "40 40" ]; then
	pass "ALTER DATABASE ... SET tst_hub.min_k on the coordinator reaches the workers"
else
	fail "ALTER DATABASE ... SET tst_hub.min_k on the coordinator reaches the workers"
	diag "the workers show: $seen"
fi
check workers 'tst_hub.safe_count(' "safe_count(person), min_k 40 by ALTER DATABASE, GROUP BY org" "$safe_org"
coord -c 'ALTER DATABASE postgres RESET tst_hub.min_k'

# A SET in the coordinator's session (or ALTER SYSTEM on the coordinator
# alone) does not reach the workers: grouped by org, the workers release
# values with the workers' own k.  Known; see docs/SCALING.md.
session_set="SET tst_hub.min_k = 40;"
check partial 'tst_hub.safe_count(tst_hub.pseudonym)' \
	"safe_count(person), SET tst_hub.min_k = 40 in the session, GROUP BY floor(sqrt(id))" "$safe_sqrt"
answer_todo="a session's tst_hub.min_k does not reach the workers (docs/SCALING.md)"
check workers 'tst_hub.safe_count(' "safe_count(person), SET tst_hub.min_k = 40 in the session, GROUP BY org" "$safe_org"
answer_todo=""
# SET LOCAL inside a transaction, with citus.propagate_set_commands =
# 'local', is sent to the workers with the query: the documented way to
# raise k for one query on a Citus coordinator.
session_set="SET citus.propagate_set_commands = 'local'; BEGIN; SET LOCAL tst_hub.min_k = 40;"
check workers 'tst_hub.safe_count(' "safe_count(person), SET LOCAL tst_hub.min_k = 40 propagated by Citus, GROUP BY org" "$safe_org"
session_set=""

# Keyed functions read the key table, which has rows on the coordinator
# only: in a query on a distributed table they run on the workers and
# refuse (on the plain table the same query works); made first on the
# coordinator (a scalar subquery), a token finds the person's rows.
while IFS='|' read -r fn cond; do
	what="$fn in a query on the distributed table refuses on the workers (no key there)"
	l=$(sql "SELECT count(*) FROM one_node.incidents WHERE $cond" 2>&1) || {
		fail "$what"
		diag "on the plain table: $l"
		continue
	}
	if out=$(sql "SELECT count(*) FROM dist.incidents WHERE $cond" 2>&1); then
		fail "$what"
		diag "it answered: $out"
	elif printf '%s\n' "$out" | grep -qE 'no key (version [0-9]+ )?for scope'; then
		pass "$what"
	else
		fail "$what"
		diag "$out"
	fi
done <<EOF
pseudonymise|person = pseudonymise('email', 'person3@example.org', 'hub')
pseudonym_verify|pseudonym_verify(person, 'email', 'person3@example.org', 'hub')
date_shift|date_shift(occurred::date, person) > occurred::date
EOF
token_q="SELECT count(*) FROM @S@.incidents
         WHERE person = (SELECT pseudonymise('email', 'person3@example.org', 'hub'))"
d=$(sql "$(printf '%s\n' "$token_q" | sed 's/@S@/dist/g')" 2>&1) || true
l=$(sql "$(printf '%s\n' "$token_q" | sed 's/@S@/one_node/g')" 2>&1) || true
if [ "$d" = 3 ] && [ "$l" = 3 ]; then
	pass "a token made on the coordinator (scalar subquery) finds the person's 3 rows on the workers"
else
	fail "a token made on the coordinator (scalar subquery) finds the person's 3 rows on the workers"
	diag "distributed: $d; one node: $l"
fi

# Noise.  The noise key (until noise_key_distribute(), below) and the budget
# ledger have rows on the coordinator only.  Grouped by a non-distribution column the states are built on the
# workers and released (noise drawn, ledger charged) once on the
# coordinator: sticky values equal the one-node ones; dp values too at
# epsilon 100 (noise of scale 1/100: P(z <> 0) about 1e-43; dp_sum with
# bounds [0, 5], 1e-8).  Grouped by org, the final function would run on a
# worker: dp releases refuse there (the ledger is on the coordinator), and
# the MATERIALIZED CTE pattern of docs/SCALING.md releases on the
# coordinator; sticky_count releases there once the noise key is copied.
coord -c "SELECT tst_hub.key_create('noise')" >/dev/null
# the largest budget allowed; each query that releases reserves 60,000 (a
# comparison runs dp_avg over 142 groups twice, at 2 x 100 each)
coord -c "SELECT tst_hub.dp_budget_create('citus', session_user, 1000000)" >/dev/null
reserve="DO \$\$BEGIN PERFORM tst_hub.dp_reserve('citus', 100) FROM generate_series(1, 600); END\$\$"
# (the dp aggregates as written: tst_hub.citus_dp_rewrite, checked below, is off)
session_set="SET tst_hub.citus_dp_rewrite = off;"
while IFS='|' read -r sig expr; do
	check partial "$sig" "$expr, GROUP BY floor(sqrt(id))" \
		"SELECT floor(sqrt(id)) AS k, $expr AS v FROM @S@.incidents WHERE id < 20000 GROUP BY 1"
done <<'EOF'
tst_hub.sticky_count(tst_hub.pseudonym,bytea)|sticky_count(person, sticky_cell(floor(sqrt(id))))
tst_hub.sticky_count_r(tst_hub.pseudonym,bytea)|sticky_count_r(person, sticky_cell(floor(sqrt(id)), 'x'::text))
tst_hub.sticky_count_state(tst_hub.pseudonym,bytea)|sticky_count_state(person, sticky_cell(floor(sqrt(id))))::text
tst_hub.dp_count(tst_hub.pseudonym,numeric,text)|dp_count(person, 100, 'citus')
tst_hub.dp_count_state(tst_hub.pseudonym,numeric,text)|dp_count_state(person, 100, 'citus')::text
tst_hub.dp_sum(tst_hub.pseudonym,numeric,numeric,numeric,numeric,text)|dp_sum(person, hours, 0, 5, 100, 'citus')
tst_hub.dp_sum_state(tst_hub.pseudonym,numeric,numeric,numeric,numeric,text)|dp_sum_state(person, hours, 0, 5, 100, 'citus')::text
tst_hub.dp_avg(tst_hub.pseudonym,numeric,numeric,numeric,numeric,text)|dp_avg(person, hours, 0, 5, 100, 'citus')
EOF
session_set=""
# The sealed aggregates, opened on the coordinator, from a budget of their
# own (the budget above is spent by the end of the run).
coord -c "SELECT tst_hub.dp_budget_create('citus2', session_user, 1000000)" >/dev/null
reserve_citus=$reserve
reserve="DO \$\$BEGIN PERFORM tst_hub.dp_reserve('citus2', 100) FROM generate_series(1, 300); END\$\$"
while IFS='|' read -r sig expr; do
	check partial "$sig" "$expr, GROUP BY floor(sqrt(id))" \
		"SELECT floor(sqrt(id)) AS k, $expr AS v FROM @S@.incidents WHERE id < 20000 GROUP BY 1"
done <<'EOF'
tst_hub.dp_count_sealed(tst_hub.pseudonym,numeric,text)|dp_count_open(dp_count_sealed(person, 100, 'citus2'), 100, 'citus2')
tst_hub.dp_sum_sealed(tst_hub.pseudonym,numeric,numeric,numeric,numeric,text)|dp_sum_open(dp_sum_sealed(person, hours, 0, 5, 100, 'citus2'), 0, 5, 100, 'citus2')
EOF
reserve=$reserve_citus

# The VARIADIC "any" forms of sticky_count: Citus plans worker_partial_agg
# but cannot type-check an "any" argument, so the query fails (never a
# value); sticky_cell(...) is the form to use (docs/SCALING.md).
while IFS='|' read -r sig expr; do
	what="$expr, GROUP BY floor(sqrt(id)): Citus refuses the \"any\" form (use sticky_cell)"
	if out=$(sql "SELECT floor(sqrt(id)) AS k, $expr AS v FROM dist.incidents WHERE id < 20000 GROUP BY 1" 2>&1); then
		fail "$what"
		diag "it answered: $(printf '%s\n' "$out" | head -3)"
	elif printf '%s\n' "$out" | grep -q 'could not confirm type correctness'; then
		pass "$what"
	else
		fail "$what"
		diag "$out"
	fi
	covered="$covered
$sig"
done <<'EOF'
tst_hub.sticky_count(tst_hub.pseudonym,"any")|sticky_count(person, floor(sqrt(id)))
tst_hub.sticky_count_r(tst_hub.pseudonym,"any")|sticky_count_r(person, floor(sqrt(id)), 'x'::text)
tst_hub.sticky_count_state(tst_hub.pseudonym,"any")|sticky_count_state(person, floor(sqrt(id)))
EOF

spent() { coord -c "SELECT coalesce(sum(spent), 0) FROM tst_hub.dp_ledger() WHERE budget = 'citus'"; }
out=$(coord -c "SELECT tst_hub.dp_reserve('citus', 100)" \
	-c "SELECT count(v) FROM (SELECT floor(sqrt(id)) AS k, tst_hub.dp_count(person, 0.5, 'citus') AS v
	    FROM dist.incidents WHERE id < 20000 GROUP BY 1) AS q" \
	-c "SELECT epsilon FROM tst_hub.dp_credit() WHERE budget = 'citus'" 2>&1) || out="error: $out"
groups=$(printf '%s\n' "$out" | sed -n 2p)
left=$(printf '%s\n' "$out" | sed -n 3p)
want=$(coord -c "SELECT 100 - 0.5 * count(DISTINCT floor(sqrt(id))) FROM one_node.incidents WHERE id < 20000")
if [ -n "$left" ] && [ "$(coord -c "SELECT $left = $want")" = t ]; then
	pass "dp_count GROUP BY floor(sqrt(id)) on the distributed table is paid on the coordinator once per group ($groups groups x 0.5)"
else
	fail "dp_count GROUP BY floor(sqrt(id)) on the distributed table is paid on the coordinator once per group"
	diag "$out; want $want left"
fi

# (no reservation around the refusals: the ledger must not move)
reserve_for_releases=$reserve
reserve='SET client_min_messages = warning'
session_set="SET tst_hub.citus_dp_rewrite = off;"
while IFS='|' read -r fn expr; do
	what="$fn grouped by org, as written (citus_dp_rewrite off): the final function on a worker refuses"
	before=$(spent)
	if out=$(sql "SELECT org, $expr FROM dist.incidents WHERE id % 400 < 3 GROUP BY org" 2>&1); then
		fail "$what"
		diag "it answered: $(printf '%s\n' "$out" | head -3)"
	elif printf '%s\n' "$out" | grep -q 'cannot release a value on a Citus worker' &&
		[ "$(spent)" = "$before" ]; then
		pass "$what"
	else
		fail "$what"
		diag "$out"
	fi
done <<'EOF'
dp_count|dp_count(person, 1, 'citus')
dp_sum|dp_sum(person, hours, 0, 5, 1, 'citus')
EOF
session_set=""

# --- noise_citus: sticky noise on the workers ---------------------------------
# Grouped by org, sticky_count's final function runs on a worker.  Without
# the noise key there it refuses ("no key for scope"); noise_key_distribute()
# makes noise_keys (the key derived one-way from scope noise, never a scope
# key) a reference table, copied with COPY; then the worker's value equals
# one node's, value for value, and key rotation and deletion reach the
# workers.  The scope keys stay on the coordinator.
sticky_org="SELECT org AS k, sticky_count(person, org) AS v FROM @S@.incidents GROUP BY org"
sticky_org_dist=$(printf '%s\n' "$sticky_org" | sed 's/@S@/dist/g')
sticky_refuses() {
	what=$1
	if out=$(sql "$sticky_org_dist" 2>&1); then
		fail "$what"
		diag "it answered: $(printf '%s\n' "$out" | head -3)"
	elif printf '%s\n' "$out" | grep -q 'no key for scope "noise"' &&
		printf '%s\n' "$out" | grep -q 'noise_key_distribute'; then
		pass "$what"
	else
		fail "$what"
		diag "$out"
	fi
}
sticky_refuses "sticky_count grouped by org refuses on the workers before noise_key_distribute() (no noise key there)"
# every spelling of every key and derived key, to look for in what travels and in the logs
key_hex() {
	coord -c "SELECT encode(key, 'hex') FROM tst_hub.keys UNION ALL
	          SELECT encode(key, 'hex') FROM tst_hub.noise_keys UNION ALL
	          SELECT replace(encode(key, 'base64'), E'\n', '') FROM tst_hub.keys UNION ALL
	          SELECT replace(encode(key, 'base64'), E'\n', '') FROM tst_hub.noise_keys" >>"$work/key_hex"
}
key_hex
remote() { coord -c 'SET client_min_messages = log' -c 'SET citus.log_remote_commands = on' -c "$1" 2>&1; }
out=$(remote "SELECT tst_hub.noise_key_distribute()") || out="error: $out"
key_hex
if printf '%s\n' "$out" | grep -q 'COPY tst_hub.noise_keys_[0-9]* .*FROM STDIN' &&
	! printf '%s\n' "$out" | grep -qiF -f "$work/key_hex" &&
	[ "$(coord -c "SELECT string_agg(result, ' ') FROM run_command_on_workers(
	              \$\$SELECT count(*) FROM tst_hub.keys\$\$)")" = "0 0" ]; then
	pass "noise_key_distribute() copies the derived noise key to the workers with COPY (no key bytes in any statement); the scope keys stay on the coordinator"
else
	fail "noise_key_distribute() copies the derived noise key to the workers with COPY (no key bytes in any statement); the scope keys stay on the coordinator"
	diag "$(printf '%s\n' "$out" | grep -v '^DETAIL' | cut -c1-200 | head -40)"
fi
check workers 'tst_hub.sticky_count(' "sticky_count(person, org), GROUP BY org (noise key on the workers)" "$sticky_org"
check partial 'tst_hub.sticky_count(tst_hub.pseudonym,bytea)' \
	"sticky_count(person, sticky_cell(floor(sqrt(id)))), GROUP BY floor(sqrt(id)), after noise_key_distribute()" \
	"SELECT floor(sqrt(id)) AS k, sticky_count(person, sticky_cell(floor(sqrt(id)))) AS v FROM @S@.incidents WHERE id < 20000 GROUP BY 1"
if out=$(coord -c "SELECT tst_hub.noise_key_distribute()" 2>&1); then
	fail "noise_key_distribute() a second time refuses (55006)"
	diag "$out"
elif printf '%s\n' "$out" | grep -q 'already a reference table'; then
	pass "noise_key_distribute() a second time refuses (55006)"
else
	fail "noise_key_distribute() a second time refuses (55006)"
	diag "$out"
fi
check workers 'tst_hub.sticky_count(' "sticky_count(person, sticky_cell(org, 'x'::text)), GROUP BY org" \
	"SELECT org AS k, sticky_count(person, sticky_cell(org, 'x'::text)) AS v FROM @S@.incidents GROUP BY org"
check workers 'tst_hub.sticky_count_r(' "sticky_count_r(person, sticky_cell(org)), GROUP BY org" \
	"SELECT org AS k, sticky_count_r(person, sticky_cell(org)) AS v FROM @S@.incidents WHERE id % 7 < 3 GROUP BY org"
before=$(sql "SELECT string_agg(k || ':' || coalesce(v::text, '-'), ',' ORDER BY k) FROM ($sticky_org_dist) AS q")
released=$(sql "SELECT count(v) FROM ($sticky_org_dist) AS q")
if [ "${released:-0}" -ge 10 ] 2>/dev/null; then
	pass "sticky_count grouped by org on the workers released $released values (not all withheld)"
else
	fail "sticky_count grouped by org on the workers released at least 10 values"
	diag "released: $released"
fi
# rotation reaches the workers (a reference table write: COPY again)
out=$(remote "SELECT tst_hub.key_rotate('noise')") || out="error: $out"
key_hex
after=$(sql "SELECT string_agg(k || ':' || coalesce(v::text, '-'), ',' ORDER BY k) FROM ($sticky_org_dist) AS q")
if ! printf '%s\n' "$out" | grep -qiF -f "$work/key_hex" && [ -n "$after" ] && [ "$after" != "$before" ]; then
	pass "key_rotate('noise') reaches the workers without key bytes in any statement: the sticky values change"
else
	fail "key_rotate('noise') reaches the workers without key bytes in any statement: the sticky values change"
	diag "before: $before"
	diag "after: $after"
	diag "$(printf '%s\n' "$out" | grep -v '^DETAIL' | cut -c1-200 | head -20)"
fi
check workers 'tst_hub.sticky_count(' "sticky_count(person, org), GROUP BY org, after key_rotate('noise')" "$sticky_org"
# a key of scope noise made on a worker would overwrite the cluster's copy: refused
out=$(coord -c "SELECT string_agg(success::text || ' ' || result, '; ') FROM run_command_on_workers(
                \$\$SELECT tst_hub.key_create('noise')\$\$)" 2>&1) || out="error: $out"
left=$(coord -c "SELECT string_agg(result, ' ') FROM run_command_on_workers(\$\$SELECT count(*) FROM tst_hub.keys\$\$)")
if [ "$(printf '%s\n' "$out" | grep -o 'made on the Citus coordinator' | wc -l)" = 2 ] &&
	printf '%s\n' "$out" | grep -q '^false .*false ' && [ "$left" = "0 0" ]; then
	pass "key_create('noise') on a worker refuses (it would overwrite the cluster's noise key)"
else
	fail "key_create('noise') on a worker refuses (it would overwrite the cluster's noise key)"
	diag "$out; keys on the workers: $left"
fi
# the workers' copy is readable by the extension's owner only
priv=$(coord -c "SELECT has_table_privilege('tst_hub_analyst', 'tst_hub.noise_keys', 'SELECT') || ' '
                 || (SELECT string_agg(result, ' ') FROM run_command_on_workers(
                     \$\$SELECT count(DISTINCT c.oid) || ':' || bool_or(has_table_privilege(r, c.oid, 'SELECT'))
                        FROM pg_class c, unnest(ARRAY['public', 'tst_hub_analyst', 'tst_hub_admin', 'tst_hub_pseudonymiser']) r
                       WHERE c.relname ~ '^noise_keys(_[0-9]+)?\$' AND c.relnamespace = 'tst_hub'::regnamespace\$\$))" 2>&1)
if [ "$priv" = "false 2:false 2:false" ]; then
	pass "noise_keys and its copies on the workers: no SELECT for PUBLIC, analysts, admins or the ingest role"
else
	fail "noise_keys and its copies on the workers: no SELECT for PUBLIC, analysts, admins or the ingest role"
	diag "$priv"
fi
# deletion reaches the workers: they refuse again; a new key releases again
coord -c "DELETE FROM tst_hub.keys WHERE scope = 'noise'"
sticky_refuses "after the noise keys are deleted on the coordinator, sticky_count grouped by org refuses on the workers"
coord -c "SELECT tst_hub.key_create('noise')" >/dev/null
key_hex
check workers 'tst_hub.sticky_count(' "sticky_count(person, org), GROUP BY org, after a new key_create('noise')" "$sticky_org"
# the servers' logs hold no key bytes
if grep -qiF -f "$work/key_hex" "$work/coordinator.log" "$work/worker1.log" "$work/worker2.log"; then
	fail "no key or derived key bytes in the three servers' logs"
else
	pass "no key or derived key bytes in the three servers' logs"
fi
# --- end noise_citus ----------------------------------------------------------

# The working pattern: the states grouped by org in a MATERIALIZED CTE (the
# workers aggregate), released on the coordinator.
reserve=$reserve_for_releases
while IFS='|' read -r what cte rel one; do
	d=$(sql "WITH s AS MATERIALIZED (SELECT org, $cte AS st FROM dist.incidents WHERE id % 400 < 3 GROUP BY org)
	         SELECT string_agg(org || ':' || coalesce($rel(st)::text, 'NULL'), ',' ORDER BY org) FROM s" 2>&1) || true
	l=$(sql "SELECT string_agg(org || ':' || coalesce(v::text, 'NULL'), ',' ORDER BY org)
	         FROM (SELECT org, $one AS v FROM one_node.incidents WHERE id % 400 < 3 GROUP BY org) AS q" 2>&1) || true
	if [ -n "$d" ] && [ "$d" = "$l" ]; then
		pass "$what by org: states in a MATERIALIZED CTE, released on the coordinator, equal one node"
	else
		fail "$what by org: states in a MATERIALIZED CTE, released on the coordinator, equal one node"
		diag "distributed: $d"
		diag "one node: $l"
	fi
done <<'EOF'
sticky_count|sticky_count_state(person, org)|sticky_count_release|sticky_count(person, org)
dp_count|dp_count_state(person, 100, 'citus')|dp_count_release|dp_count(person, 100, 'citus')
EOF

# Ungrouped over the distributed table, Citus's combine calls the final
# function without epsilon and budget: over no row it could not pay, so it
# refuses with rows and without alike (the ledger does not move), and the
# MATERIALIZED CTE of the rows releases, and pays, on the coordinator.
reserve='SET client_min_messages = warning'
session_set="SET tst_hub.citus_dp_rewrite = off;"
for where in "id % 400 < 3" "id < 0"; do
	what="dp_count without GROUP BY over the distributed table (WHERE $where), as written, refuses, ledger unchanged"
	before=$(spent)
	if out=$(sql "SELECT dp_count(person, 1, 'citus') FROM dist.incidents WHERE $where" 2>&1); then
		fail "$what"
		diag "it answered: $(printf '%s\n' "$out" | head -3)"
	elif printf '%s\n' "$out" | grep -q 'without GROUP BY cannot release over a Citus distributed table' &&
		[ "$(spent)" = "$before" ]; then
		pass "$what"
	else
		fail "$what"
		diag "$out"
	fi
done
session_set=""
reserve=$reserve_for_releases
out=$(coord -c "SELECT tst_hub.dp_reserve('citus', 10)" \
	-c "WITH r AS MATERIALIZED (SELECT person FROM dist.incidents WHERE id < 0)
	    SELECT tst_hub.dp_count(person, 0.5, 'citus') IS NOT NULL FROM r" \
	-c "SELECT epsilon FROM tst_hub.dp_credit() WHERE budget = 'citus'" 2>&1) || out="error: $out"
if [ "$(printf '%s\n' "$out" | sed -n 2,3p | tr '\n' ' ')" = "t 9.500000 " ]; then
	pass "dp_count over a MATERIALIZED CTE of no distributed row releases a value and pays 0.5"
else
	fail "dp_count over a MATERIALIZED CTE of no distributed row releases a value and pays 0.5"
	diag "$out"
fi

# --- dp releases paid on the coordinator (tst_hub.citus_dp_rewrite) ----------
# With tst_hub in shared_preload_libraries after citus, a query using
# dp_count, dp_sum or dp_avg at its top level is rewritten: the figures are
# aggregated and sealed where Citus puts the groups (whole on the workers when
# grouped by org), then opened, and paid once per group, on the coordinator.
# At epsilon 100 the values equal one node's (see above).
reserve="DO \$\$BEGIN PERFORM tst_hub.dp_reserve('citus2', 100) FROM generate_series(1, 40); END\$\$"
org_groups=$(coord -c "SELECT count(DISTINCT org) FROM one_node.incidents WHERE id % 400 < 3")
while IFS='|' read -r fn sealed expr; do
	what="$fn grouped by org: sealed on the workers, released on the coordinator, equals one node"
	q="SELECT org, $expr FROM @S@.incidents WHERE id % 400 < 3 GROUP BY org ORDER BY org"
	plan=$(sql "EXPLAIN (VERBOSE, COSTS OFF) $(printf '%s' "$q" | sed 's/@S@/dist/g')" 2>&1) || true
	d=$(sql "$(printf '%s' "$q" | sed 's/@S@/dist/g')" 2>&1) || true
	l=$(sql "$(printf '%s' "$q" | sed 's/@S@/one_node/g')" 2>&1) || true
	if shape_ok "$plan" workers "tst_hub.$sealed(" && [ -n "$d" ] && [ "$d" = "$l" ]; then
		pass "$what ($org_groups groups)"
	else
		fail "$what"
		diag "$plan"
		diag "distributed: $(printf '%s\n' "$d" | head -5)"
		diag "one node: $(printf '%s\n' "$l" | head -5)"
	fi
done <<'EOF'
dp_count|dp_count_sealed|dp_count(person, 100, 'citus2')
dp_sum|dp_sum_sealed|dp_sum(person, hours, 0, 5, 100, 'citus2')
dp_avg|dp_sum_sealed|dp_avg(person, hours, 0, 5, 100, 'citus2')
EOF

# The ledger: each group paid exactly once, also when HAVING, ORDER BY and
# LIMIT use the released value (they see the value that was paid for; the
# groups they drop were paid as well, as on one server), and dp_avg pays twice.
# $1: what, $2: the query, $3: epsilon it must cost
paid_once() {
	out=$(coord -c "SET search_path = tst_hub, public" -c "SELECT dp_reserve('citus2', 100)" \
		-c "$2" -c "SELECT epsilon FROM dp_credit() WHERE budget = 'citus2'" 2>&1) || out="error: $out"
	left=$(printf '%s\n' "$out" | tail -1)
	if [ "$(coord -c "SELECT '$left' ~ '^[0-9.]+\$' AND '$left'::numeric = 100 - $3" 2>&1)" = t ]; then
		pass "$1"
	else
		fail "$1"
		diag "$out; want 100 - $3 left"
	fi
}
paid_once "dp_count grouped by org with HAVING, ORDER BY and LIMIT on it: paid once per group ($org_groups x 0.5)" \
	"SELECT org, dp_count(person, 0.5, 'citus2') AS n FROM dist.incidents WHERE id % 400 < 3
	 GROUP BY org HAVING dp_count(person, 0.5, 'citus2') > -1000000 ORDER BY n DESC LIMIT 3" \
	"0.5 * $org_groups"
paid_once "dp_avg grouped by org pays 2 x epsilon per group ($org_groups x 2 x 0.25)" \
	"SELECT org, dp_avg(person, hours, 0, 5, 0.25, 'citus2') FROM dist.incidents WHERE id % 400 < 3 GROUP BY org" \
	"0.5 * $org_groups"
one_org=$(coord -c "SELECT min(org) FROM one_node.incidents")
paid_once "dp_count filtered to one org (a router query, whole on one worker) releases and pays 0.5" \
	"SELECT dp_count(person, 0.5, 'citus2') FROM dist.incidents WHERE org = $one_org" "0.5"
paid_once "dp_count without GROUP BY over the distributed table releases and pays 0.5" \
	"SELECT dp_count(person, 0.5, 'citus2') FROM dist.incidents WHERE id % 400 < 3" "0.5"
paid_once "dp_count without GROUP BY over no distributed row releases and pays 0.5 (as on one node)" \
	"SELECT dp_count(person, 0.5, 'citus2') FROM dist.incidents WHERE id < 0" "0.5"
paid_once "a prepared dp_count grouped by org, run 7 times (custom then generic plans): paid each time" \
	"PREPARE p(numeric) AS SELECT org, dp_count(person, \$1, 'citus2') FROM dist.incidents WHERE id % 400 < 3 GROUP BY org;
	 EXECUTE p(0.1); EXECUTE p(0.1); EXECUTE p(0.1); EXECUTE p(0.1); EXECUTE p(0.1); EXECUTE p(0.1); EXECUTE p(0.1)" \
	"0.7 * $org_groups"
out=$(coord -c "SET search_path = tst_hub, public" -c "SELECT dp_reserve('citus2', 1)" \
	-c "SELECT explain_cost(\$\$SELECT org, dp_count(person, 0.5, 'citus2') FROM dist.incidents WHERE id % 400 < 3 GROUP BY org\$\$)" \
	-c "SELECT epsilon FROM dp_credit() WHERE budget = 'citus2'" 2>&1) || out="error: $out"
cost=$(printf '%s\n' "$out" | sed -n 2p)
left=$(printf '%s\n' "$out" | sed -n 3p)
if [ "$left" = 1.000000 ] && [ "$(coord -c "SELECT '$cost' ~ '^[0-9.]+\$' AND '$cost'::numeric = 0.5 * $org_groups" 2>&1)" = t ]; then
	pass "explain_cost of dp_count grouped by org: $org_groups x 0.5, nothing spent"
else
	fail "explain_cost of dp_count grouped by org: $org_groups x 0.5, nothing spent"
	diag "$out"
fi
# What a caller of the sealed aggregate sees: 155 bytes, different every time.
sealed_q="SELECT tst_hub.dp_count_sealed(person, 1, 'citus2') FROM dist.incidents WHERE org = $one_org GROUP BY org"
s1=$(coord -c "$sealed_q" 2>&1) || true
s2=$(coord -c "$sealed_q" 2>&1) || true
if [ "${#s1}" = 312 ] && [ "${#s2}" = 312 ] && [ "$s1" != "$s2" ]; then
	pass "the sealed figure of one group is 155 bytes, different each time it is sealed"
else
	fail "the sealed figure of one group is 155 bytes, different each time it is sealed"
	diag "$s1"
	diag "$s2"
fi
# Releases in a FROM subquery, a view or a CTE are rewritten too.
coord -c "CREATE VIEW dist.dp_by_org AS SELECT org, tst_hub.dp_count(person, 100, 'citus2') AS v
          FROM dist.incidents WHERE id % 400 < 3 GROUP BY org" \
	-c "CREATE VIEW one_node.dp_by_org AS SELECT org, tst_hub.dp_count(person, 100, 'citus2') AS v
	    FROM one_node.incidents WHERE id % 400 < 3 GROUP BY org" >/dev/null
while IFS='|' read -r what q; do
	d=$(sql "$(printf '%s' "$q" | sed 's/@S@/dist/g')" 2>&1) || true
	l=$(sql "$(printf '%s' "$q" | sed 's/@S@/one_node/g')" 2>&1) || true
	if [ -n "$d" ] && [ "$d" = "$l" ]; then
		pass "$what: rewritten, equals one node"
	else
		fail "$what: rewritten, equals one node"
		diag "distributed: $(printf '%s\n' "$d" | head -5)"
		diag "one node: $(printf '%s\n' "$l" | head -5)"
	fi
done <<'EOF'
dp_count grouped by org in a FROM subquery|SELECT * FROM (SELECT org, dp_count(person, 100, 'citus2') AS v FROM @S@.incidents WHERE id % 400 < 3 GROUP BY org) AS q ORDER BY org
dp_count grouped by org in a view|SELECT * FROM @S@.dp_by_org ORDER BY org
dp_count grouped by org in a CTE|WITH c AS (SELECT org, dp_count(person, 100, 'citus2') AS v FROM @S@.incidents WHERE id % 400 < 3 GROUP BY org) SELECT * FROM c ORDER BY org
EOF
# An uncorrelated sublink Citus plans as a subplan of its own, which this
# hook rewrites in turn: paid once, on the coordinator.
paid_once "dp_count in an uncorrelated HAVING sublink (a Citus subplan, rewritten): paid once (0.5)" \
	"SELECT org FROM dist.incidents AS i WHERE id % 400 < 3 GROUP BY org
	 HAVING (SELECT dp_count(person, 0.5, 'citus2') FROM dist.incidents AS j WHERE j.org = $one_org) > -1000000" "0.5"
# --- end dp releases paid on the coordinator -----------------------------------

check count 'tst_hub.cell(lat, lon, 6)' "count(*) GROUP BY cell(lat, lon, 6)" \
	"SELECT cell(lat, lon, 6) AS k, count(*) AS v FROM @S@.incidents GROUP BY 1"

# Every aggregate of schema tst_hub needs a partial-aggregation check above.
missing=""
n_aggs=0
aggs=$(coord -c "SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate AS a
                JOIN pg_proc AS p ON p.oid = a.aggfnoid
                WHERE p.pronamespace = 'tst_hub'::regnamespace ORDER BY 1")
while IFS= read -r a; do
	[ -n "$a" ] || continue
	n_aggs=$((n_aggs + 1))
	printf '%s\n' "$covered" | grep -qxF "$a" || missing="$missing
$a"
done <<EOF
$aggs
EOF
if [ "$n_aggs" -gt 0 ] && [ -z "$missing" ]; then
	pass "every tst_hub aggregate in pg_aggregate ($n_aggs) has a Citus check"
else
	fail "every tst_hub aggregate in pg_aggregate ($n_aggs) has a Citus check (add cases to test/citus/run.sh)"
	diag "no check for:$missing"
fi

# The hub's own tables: hub_distribute() places them (reference tables and
# tables distributed by org_id), ingest_csv loads the real CTDC export into
# two organisations through the coordinator, and st_cube, safe_count and
# hotspots over the distributed incidents equal the same over a plain copy.
# A mapping made before hub_distribute(): Citus copies its row to the
# workers in binary, so there member holds the coordinator's OID of hm_pre
# (another role, or none, on a worker); the RLS block below checks that the
# workers still match it by name.
coord -c "SET client_min_messages = warning" -c "CREATE ROLE hm_pre LOGIN IN ROLE tst_hub_analyst" \
	-c "INSERT INTO tst_hub.organisations (org_id, code, name) VALUES (3, 'ngo-c', 'NGO C')" \
	-c "INSERT INTO tst_hub.org_members (member, org_id) VALUES ('hm_pre', 3)" >/dev/null
out=$(coord -c "SELECT string_agg(placement, ',' ORDER BY table_name::text) FROM tst_hub.hub_distribute()" 2>&1) || out="error: $out"
if printf '%s\n' "$out" | grep -q 'distributed by org_id' &&
	[ "$(coord -c "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid::text LIKE 'tst_hub.%' AND logicalrelid <> 'tst_hub.noise_keys'::regclass")" = 10 ]; then
	pass "hub_distribute() makes 4 reference tables and distributes 6 hub tables by org_id"
else
	fail "hub_distribute() makes 4 reference tables and distributes 6 hub tables by org_id"
	diag "$out"
fi
cp "$here/../../data/external/ctdc_vp_synthetic_2022_condensed.csv" "$work/vp.csv"
cp "$here/../data/ctdc_sample.csv" "$work/sample.csv"
chmod 644 "$work/vp.csv" "$work/sample.csv"
out=$(coord 2>&1 <<EOF
SET client_min_messages = warning;
SELECT tst_hub.key_create('hub') WHERE NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'hub');
INSERT INTO tst_hub.organisations (org_id, code, name) VALUES (1, 'ngo-a', 'NGO A'), (2, 'ngo-b', 'NGO B');
\set vp \`cat $work/vp.csv\`
\set sample \`cat $work/sample.csv\`
SELECT rows_accepted FROM tst_hub.ingest_csv(1, 'ctdc', :'vp', NULL, 'vp.csv');
SELECT rows_accepted FROM tst_hub.ingest_csv(2, 'ctdc', :'sample', NULL, 'sample.csv');
SELECT rows_accepted FROM tst_hub.ingest_csv(1, 'ctdc', :'vp', NULL, 'vp again.csv');  -- the first batch again
CREATE TABLE one_node.hub_incidents AS SELECT * FROM tst_hub.incidents;
SELECT count(*) FROM tst_hub.incidents;
EOF
) || out="error: $out"
if [ "$(printf '%s\n' "$out" | grep -v '^$' | tr '\n' ' ')" = "21195 9 21195 21204 " ]; then
	pass "ingest_csv loads the CTDC export and a sample into the distributed incidents, and the same file again adds nothing"
else
	fail "ingest_csv loads the CTDC export and a sample into the distributed incidents, and the same file again adds nothing"
	diag "$out"
fi
while IFS='|' read -r what expr; do
	d=$(coord -c "SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM ($(printf '%s' "$expr" | sed 's/@T@/tst_hub.incidents/g')) AS q(x)" 2>&1) || true
	l=$(coord -c "SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) FROM ($(printf '%s' "$expr" | sed 's/@T@/one_node.hub_incidents/g')) AS q(x)" 2>&1) || true
	if [ -n "$d" ] && [ "$d" = "$l" ] && ! printf '%s' "$d" | grep -q ERROR; then
		pass "hub incidents: $what on the distributed table equals one node"
	else
		fail "hub incidents: $what on the distributed table equals one node"
		diag "distributed: $d"
		diag "one node: $l"
	fi
done <<'EOF'
st_cube(cell, year)|SELECT tst_hub.st_cube(cell, coalesce(occurred_from, reported_on)::timestamptz, '365 days', '2000-01-01') FROM @T@
safe_count of victims by country|SELECT (country, tst_hub.safe_count(v))::text FROM @T@, unnest(victims) v GROUP BY country
safe_count of victims by org and exploitation|SELECT (org_id, exploitation, tst_hub.safe_count(v))::text FROM @T@, unnest(victims) v GROUP BY org_id, exploitation
hotspots of the yearly cube|SELECT h::text FROM tst_hub.hotspots((SELECT tst_hub.st_cube(tst_hub.cell_parent(cell, 3), coalesce(occurred_from, reported_on)::timestamptz, '365 days', '2000-01-01') FROM @T@ WHERE cell IS NOT NULL), 2) h
EOF

# --- hub_more: row-level security on the distributed hub tables -------------
# An analyst of one organisation reads exactly its organisation's rows of the
# distributed incidents and ingest_batches, as on one server (compared with
# the plain copy filtered by org_id), whether Citus sends the query to every
# shard or routes it to one (WHERE org_id = the other organisation); an
# admin reads every row.  The roles are made on the coordinator (Citus
# propagates them to the workers); org_members is a reference table.  They
# can log in: after SET ROLE, Citus connects to the workers as that role.
out=$(coord 2>&1 <<'EOF'
SET client_min_messages = warning;
CREATE ROLE hm_ana1 LOGIN IN ROLE tst_hub_analyst;
CREATE ROLE hm_ana2 LOGIN IN ROLE tst_hub_analyst;
CREATE ROLE hm_adm LOGIN IN ROLE tst_hub_admin;
INSERT INTO tst_hub.org_members (member, org_id) VALUES ('hm_ana1', 1), ('hm_ana2', 2);
GRANT USAGE ON SCHEMA one_node TO hm_ana1, hm_ana2, hm_adm;
GRANT SELECT ON one_node.hub_incidents TO hm_ana1, hm_ana2, hm_adm;
EOF
) || out="error: $out"
case $out in
*error*|*ERROR*) fail "RLS on Citus: analysts of organisations 1 and 2 and an admin are set up"; diag "$out" ;;
*) pass "RLS on Citus: analysts of organisations 1 and 2 and an admin are set up" ;;
esac
# The policy's my_org_ids() runs on the workers too, inside the shard
# query; there it reads the local shard of org_members, no query (a query
# of the reference table would be a distributed query inside a shard query,
# which Citus refuses), and matches roles by member_name.
for ro in hm_ana1:1:2 hm_ana2:2:1; do
	role=${ro%%:*} rest=${ro#*:}
	own=${rest%%:*} other=${rest#*:}
	out=$(coord -c "SET ROLE $role" -c "
	    SELECT (SELECT count(*) FROM tst_hub.incidents)
	             = (SELECT count(*) FROM one_node.hub_incidents WHERE org_id = $own),
	           (SELECT count(*) FROM tst_hub.incidents WHERE org_id <> $own),
	           (SELECT count(*) FROM tst_hub.incidents WHERE org_id = $other),
	           (SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT (country, exploitation, count(*))::text
	                   FROM tst_hub.incidents GROUP BY country, exploitation) q(x))
	             = (SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT (country, exploitation, count(*))::text
	                   FROM one_node.hub_incidents WHERE org_id = $own GROUP BY country, exploitation) q(x)),
	           (SELECT count(*) FROM tst_hub.ingest_batches WHERE org_id <> $own),
	           (SELECT count(*) > 0 FROM tst_hub.ingest_batches)" 2>&1) || out="error: $out"
	if [ "$(printf '%s\n' "$out" | tr '\n' ' ')" = "t|0|0|t|0|t " ]; then
		pass "RLS on Citus: $role reads exactly organisation $own's incidents and batches (all shards, routed, grouped)"
	else
		fail "RLS on Citus: $role reads exactly organisation $own's incidents and batches (all shards, routed, grouped)"
		diag "$out"
	fi
done
# my_org_ids() on each node, each role connected there directly: hm_pre's
# row came to the workers in binary (coordinator OID), the others as SQL.
for port in $port_c $port_w1 $port_w2; do
	got=""
	for role in hm_ana1 hm_ana2 hm_pre hm_adm; do
		got="$got $role=$("$bindir/psql" -X -q -At -h "$work" -p "$port" -U "$role" -d postgres \
			-c "SELECT tst_hub.my_org_ids()" 2>&1 | tr '\n' ' ')"
	done
	if [ "$got" = " hm_ana1={1}  hm_ana2={2}  hm_pre={3}  hm_adm={} " ]; then
		pass "RLS on Citus: my_org_ids() on the node at port $port matches roles by name (mappings made before and after hub_distribute)"
	else
		fail "RLS on Citus: my_org_ids() on the node at port $port matches roles by name (mappings made before and after hub_distribute)"
		diag "$got"
	fi
done
# each node's copy of org_members: member is that node's OID of the role
# named member_name (the trigger sets it on rows Citus copies in binary), so
# pg_has_role(..., member, ...) on any node means the same role
shard=$(coord -c "SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'tst_hub.org_members'::regclass")
bad=""
for port in $port_c $port_w1 $port_w2; do
	n=$(psql_at "$port" -c "SET citus.override_table_visibility = off" -c "
	    SELECT count(*) FROM tst_hub.org_members_$shard m
	     WHERE m.member::oid IS DISTINCT FROM (SELECT r.oid FROM pg_roles r WHERE r.rolname = m.member_name)" 2>&1) || n="error: $n"
	[ "$n" = 0 ] || bad="$bad $port: $n"
done
if [ -z "$bad" ]; then
	pass "RLS on Citus: on every node, org_members.member is that node's OID of the role named member_name"
else
	fail "RLS on Citus: on every node, org_members.member is that node's OID of the role named member_name"
	diag "$bad"
fi
# another organisation's rows never come back
out=$(coord -c "SET ROLE hm_ana1" -c "SELECT count(*) FROM tst_hub.incidents WHERE org_id = 2" 2>&1) || true
case $out in
0|*"cannot execute a distributed query from a query on a shard"*)
	pass "RLS on Citus: an analyst of organisation 1 gets no row of organisation 2 (0 rows, or the nested-query error)" ;;
*)
	fail "RLS on Citus: an analyst of organisation 1 gets no row of organisation 2 (0 rows, or the nested-query error)"
	diag "$out" ;;
esac
out=$(coord -c "SET ROLE hm_adm" -c "
    SELECT (SELECT count(*) FROM tst_hub.incidents) = (SELECT count(*) FROM one_node.hub_incidents)" 2>&1) || out="error: $out"
if [ "$out" = "t" ]; then
	pass "RLS on Citus: an admin reads every organisation's incidents"
else
	fail "RLS on Citus: an admin reads every organisation's incidents"
	diag "$out"
fi

# Informational: st_cube over the whole table, distributed and plain.
timing=$(coord 2>&1 <<'EOF' || true
SET search_path = tst_hub, public;
SET client_min_messages = error;  -- Citus notes that a temporary function stays local
CREATE FUNCTION pg_temp.median_ms(q text, runs int) RETURNS float8 LANGUAGE plpgsql AS $f$
DECLARE
    t0 timestamptz;
    ms float8[] := '{}';
BEGIN
    EXECUTE q;  -- warm-up
    FOR i IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE q;
        ms := ms || (extract(epoch FROM clock_timestamp() - t0) * 1000)::float8;
    END LOOP;
    RETURN (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(ms) AS x);
END $f$;
SELECT round(d::numeric, 1) || ' ms distributed, ' || round(l::numeric, 1)
       || ' ms one node: ratio ' || round((d / l)::numeric, 2)
FROM (SELECT pg_temp.median_ms($q$SELECT st_cube(cell(lat, lon, 6), occurred, '28 days') FROM dist.incidents$q$, 5) AS d,
             pg_temp.median_ms($q$SELECT st_cube(cell(lat, lon, 6), occurred, '28 days') FROM one_node.incidents$q$, 5) AS l) AS m;
EOF
)
echo "# timing, st_cube(cell(lat, lon, 6), occurred, '28 days') over $N rows (median of 5): $timing"

echo "1..$t"
if [ "$failed" -ne 0 ]; then
	echo "# $failed of $t checks failed"
	exit 1
fi

#!/bin/sh
# test/dp_concurrency.sh: the privacy budget ledger is exact under
# concurrency.  Eight sessions of one login spend a budget of 1.0 in steps
# of 0.1, each trying 20 times at once with the others to reserve 0.1
# (dp_reserve, its own transaction) and release a count with it: exactly
# 10 reservations and 10 releases succeed in all, every other attempt is
# refused with 53400, and the ledger shows 1.0 spent.
# Needs a running cluster in the environment (PGHOST etc.), e.g. pg_virtualenv.
# Output is TAP.
set -eu
db=tst_hub_dp_concurrency
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }

dropdb --if-exists "$db" >/dev/null 2>&1 || true
createdb "$db"
q -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION tst_hub CASCADE'
q >/dev/null <<'SQL'
SELECT tst_hub.key_create('concurrency');
CREATE TABLE t AS SELECT tst_hub.pseudonymise('raw', 'person ' || i, 'concurrency') AS p
  FROM generate_series(1, 50) i;
SELECT tst_hub.dp_budget_create('conc', session_user, 1.0);
SQL

i=0
while [ "$i" -lt 20 ]; do
	echo "SELECT 'reserved', tst_hub.dp_reserve('conc', 0.1);"
	echo "SELECT 'released', tst_hub.dp_count(p, 0.1, 'conc') FROM t;"
	i=$((i + 1))
done >"$work/script.sql"
s=1
while [ "$s" -le 8 ]; do
	# no ON_ERROR_STOP: a refused statement is reported and the next one runs
	psql -X -q -At -d "$db" -f "$work/script.sql" >"$work/out.$s" 2>"$work/err.$s" &
	s=$((s + 1))
done
wait

reserved=$(cat "$work"/out.* | grep -c '^reserved|' || true)
released=$(cat "$work"/out.* | grep -c '^released|' || true)
refused=$(cat "$work"/err.* | grep -c 'privacy budget "conc" of role .* is exhausted' || true)
unpaid=$(cat "$work"/err.* | grep -c 'credit on privacy budget "conc" is too small' || true)
other=$(cat "$work"/err.* | grep -v 'privacy budget "conc" of role .* is exhausted' |
	grep -v 'credit on privacy budget "conc" is too small' |
	grep -v '^DETAIL\|^HINT' | grep -c . || true)
spent=$(q -c "SELECT spent FROM tst_hub.dp_ledger() WHERE budget = 'conc'")
failed=0
ok() {
	if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "not ok - $1 (got $2, want $3)"; failed=1; fi
}
ok "8 sessions x 20 attempts to reserve 0.1 of a budget of 1.0: exactly 10 succeed" "$reserved" 10
ok "exactly 10 releases, paid by them" "$released" 10
ok "every other reservation refused as exhausted (53400)" "$refused" 150
ok "every other release refused for want of credit (53400)" "$unpaid" 150
ok "no other error" "$other" 0
ok "the ledger shows 1.0 spent" "$spent" 1.000000
echo "1..6"
dropdb "$db"
[ "$failed" = 0 ]

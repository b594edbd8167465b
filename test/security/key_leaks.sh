#!/bin/bash
# Key bytes never leave the key table except in the owner's dump: not in an
# analyst's pg_dump, not in the server log at log_min_messages = debug5 with
# log_statement = all, not in any error an analyst or the ingest role sees.
# And the owner's dump restores keys that still make the same pseudonyms.
# Needs a running cluster in the environment (PGHOST etc.), e.g. pg_virtualenv.
set -u
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
pass=0
fail=0
check() {
    if eval "$2"; then pass=$((pass + 1)); echo "ok - $1"
    else fail=$((fail + 1)); echo "not ok - $1"; fi
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

db=tst_hub_security
restored=tst_hub_security_restored
dropdb --if-exists "$db" 2>/dev/null; dropdb --if-exists "$restored" 2>/dev/null
createdb "$db"
q -d "$db" -c 'CREATE EXTENSION tst_hub CASCADE' 2>/dev/null
q -c "DROP ROLE IF EXISTS sec_analyst" -c "DROP ROLE IF EXISTS sec_ingest"
q -c "CREATE ROLE sec_analyst LOGIN PASSWORD 'sec' IN ROLE tst_hub_analyst" \
  -c "CREATE ROLE sec_ingest LOGIN PASSWORD 'sec' IN ROLE tst_hub_pseudonymiser"

logfile=$(pg_lsclusters --no-header | awk -v p="${PGPORT:-5432}" '$3 == p { print $NF }')
q -c "ALTER SYSTEM SET log_min_messages = debug5" -c "ALTER SYSTEM SET log_statement = 'all'" \
  -c "ALTER SYSTEM SET log_error_verbosity = verbose" -c "SELECT pg_reload_conf()" >/dev/null
sleep 1
log_start=$(stat -c %s "$logfile" 2>/dev/null || echo 0)

marker="tst-hub-log-marker-$$-$RANDOM"
q -d "$db" -c "SELECT '$marker'" >/dev/null
q -d "$db" -c "SELECT tst_hub.key_create('hub'), tst_hub.key_create('date_shift'), tst_hub.key_create('noise')" >/dev/null
q -d "$db" -c "SELECT tst_hub.key_rotate('hub')" >/dev/null
token=$(q -d "$db" -c "SELECT tst_hub.pseudonymise('email', 'a@x.org', 'hub')")
# every spelling of every key that could leak: hex, base64, escape
# (and the derived sticky noise keys of noise_keys)
q -d "$db" -c "SELECT encode(key, 'hex') FROM tst_hub.keys UNION ALL
               SELECT replace(encode(key, 'base64'), E'\n', '') FROM tst_hub.keys UNION ALL
               SELECT encode(key, 'hex') FROM tst_hub.noise_keys UNION ALL
               SELECT replace(encode(key, 'base64'), E'\n', '') FROM tst_hub.noise_keys" > "$work/keys"
# the middle 16 hex digits of each key too, in case something prints a part
q -d "$db" -c "SELECT substr(encode(key, 'hex'), 20, 16) FROM tst_hub.keys" >> "$work/keys"

for sql in "SELECT * FROM tst_hub.keys" "COPY tst_hub.keys TO STDOUT" "TABLE tst_hub.keys" \
           "SELECT * FROM tst_hub.noise_keys" "COPY tst_hub.noise_keys TO STDOUT" \
           "SELECT tst_hub.pseudonymise('email', 'a@x.org', 'hub')" "SELECT tst_hub.key_create('mine')" \
           "SELECT tst_hub.key_rotate('hub')" "SELECT * FROM tst_hub.key_versions()" \
           "SELECT tst_hub.key_material()" "SELECT tst_hub.date_shift(current_date, '$token', 30, 'date_shift')" \
           "SELECT * FROM pg_settings" "SELECT * FROM pg_db_role_setting" "SELECT * FROM pg_stat_activity"; do
    PGPASSWORD=sec PGUSER=sec_analyst psql -X -d "$db" -c "$sql" >> "$work/analyst.out" 2>&1
done
for sql in "SELECT tst_hub.pseudonymise('email', 'not an address', 'hub')" \
           "SELECT tst_hub.pseudonymise('email', 'a@x.org', 'no scope')" \
           "SELECT tst_hub.pseudonym_verify('$token', 'email', 'a@x.org', 'hub')" \
           "SELECT tst_hub.pseudonym_rekey('$token', 'email', 'b@x.org', 'hub')" \
           "SELECT tst_hub.key_create('')" "SELECT * FROM tst_hub.keys"; do
    PGPASSWORD=sec PGUSER=sec_ingest psql -X -d "$db" -c "$sql" >> "$work/ingest.out" 2>&1
done
PGPASSWORD=sec PGUSER=sec_analyst pg_dump "$db" > "$work/analyst.dump" 2> "$work/analyst.dump.err"
analyst_dump_rc=$?
pg_dump "$db" > "$work/owner.dump"
sleep 1
tail -c +"$((log_start + 1))" "$logfile" > "$work/server.log" 2>/dev/null

leaks() { grep -qiF -f "$work/keys" "$@"; }
check "the analyst was refused (42501) when reading keys" "grep -q 'permission denied for table keys' '$work/analyst.out'"
check "the analyst was refused every key function" "[ \$(grep -c 'permission denied for function' '$work/analyst.out') -ge 6 ]"
check "the analyst was refused (42501) when reading noise_keys" "grep -q 'permission denied for table noise_keys' '$work/analyst.out'"
check "nothing an analyst saw holds key bytes" "! leaks '$work/analyst.out'"
check "nothing the ingest role saw holds key bytes" "! leaks '$work/ingest.out'"
# pg_dump stops at the first owner-only object whose data it dumps: the keys,
# the privacy budget ledger, or a hub sequence (incident ids), whichever it
# reaches first.  That the dump holds no key bytes is checked below.
check "an analyst's pg_dump is refused the owner-only tables (exit $analyst_dump_rc)" "[ $analyst_dump_rc -ne 0 ] && grep -qE 'permission denied for (table|sequence) (keys|dp_budgets|dp_spending|[a-z_]+_seq)' '$work/analyst.dump.err'"
check "an analyst's pg_dump holds no key bytes" "! leaks '$work/analyst.dump' '$work/analyst.dump.err'"
check "the server log ($logfile) was written at debug5 with every statement" "grep -q '$marker' '$work/server.log' && grep -q 'DEBUG' '$work/server.log' && grep -q 'key_create' '$work/server.log'"
check "the server log holds no key bytes" "! leaks '$work/server.log'"
check "the owner's pg_dump holds the keys" "grep -qF \"\$(head -1 '$work/keys')\" '$work/owner.dump'"

createdb "$restored"
psql -X -q -d "$restored" -f "$work/owner.dump" >/dev/null 2>&1
again=$(q -d "$restored" -c "SELECT tst_hub.pseudonymise('email', 'A@X.ORG', 'hub')" 2>/dev/null)
check "a restore of the owner's dump makes the same pseudonyms" "[ -n '$again' ] && [ '$again' = '$token' ]"
nk() { q -d "$1" -c "SELECT string_agg(version || ':' || encode(key, 'hex'), ',' ORDER BY version) FROM tst_hub.noise_keys" 2>/dev/null; }
nk_before=$(nk "$db")
nk_after=$(nk "$restored")
check "a restore rebuilds noise_keys from the restored keys (the same derived noise key)" "[ -n '$nk_before' ] && [ '$nk_before' = '$nk_after' ]"

q -c "ALTER SYSTEM RESET log_min_messages" -c "ALTER SYSTEM RESET log_statement" \
  -c "ALTER SYSTEM RESET log_error_verbosity" -c "SELECT pg_reload_conf()" >/dev/null
dropdb "$db"; dropdb "$restored"
q -c "DROP ROLE sec_analyst" -c "DROP ROLE sec_ingest"
rm -rf "$work"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

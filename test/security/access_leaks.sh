#!/bin/bash
# What reaches an analyst's connection, beyond what pgTAP can see: with
# auto_explain logging nested statements and the analyst asking for LOG
# messages, the release function of docs/access_pattern.sql sends no plan of
# its inside (a view over the raw table would, and so would the function
# without its client_min_messages setting); no analyst setting makes it write
# temporary files that grow with a slice's rows; an analyst's pg_dump is
# refused the raw schema, and a dump of the release schema holds no raw row.
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
as_analyst() { PGPASSWORD=sec PGUSER=acc_sec_analyst PGOPTIONS='-c client_min_messages=log' psql -X -d "$db" "$@"; }

db=tst_hub_access
dropdb --if-exists "$db" 2>/dev/null
q -c "DROP ROLE IF EXISTS acc_sec_analyst" -c "DROP ROLE IF EXISTS hub_owner" 2>/dev/null
createdb "$db"
q -d "$db" -c 'CREATE EXTENSION tst_hub CASCADE' 2>/dev/null
q -d "$db" -f docs/access_pattern.sql >/dev/null
q -c "CREATE ROLE acc_sec_analyst LOGIN PASSWORD 'sec' IN ROLE tst_hub_analyst"
q -d "$db" >/dev/null <<'SQL'
SELECT tst_hub.key_create('hub');
INSERT INTO hub_raw.incidents (org, country, exploitation, year, victim, hours_worked)
SELECT 'org' || (i % 3), 'GB', 'exploitation/labour', 2020 + i % 2,
       tst_hub.pseudonymise('raw', 'gb ' || i, 'hub'), 40 + i FROM generate_series(1, 40) i;
INSERT INTO hub_raw.incidents (org, country, exploitation, year, victim, hours_worked)
SELECT 'org9', 'FR', 'exploitation/sexual', 2020, tst_hub.pseudonymise('raw', 'fr ' || (i % 3), 'hub'), 99
  FROM generate_series(1, 7) i;
ANALYZE hub_raw.incidents;
-- a view straight over the table, to show what the function keeps hidden
CREATE VIEW hub_release.raw_view WITH (security_barrier) AS
SELECT country, tst_hub.safe_count(victim) AS victims FROM hub_raw.incidents GROUP BY country;
ALTER VIEW hub_release.raw_view OWNER TO hub_owner;
GRANT SELECT ON hub_release.raw_view TO tst_hub_analyst;
SQL
q -d "$db" -c "ALTER DATABASE $db SET session_preload_libraries = 'auto_explain'" \
  -c "ALTER DATABASE $db SET auto_explain.log_min_duration = 0" \
  -c "ALTER DATABASE $db SET auto_explain.log_analyze = on" \
  -c "ALTER DATABASE $db SET auto_explain.log_nested_statements = on"
q -d "$db" -c "SELECT token FROM (SELECT victim::text AS token FROM hub_raw.incidents) t" > "$work/tokens"

call="SELECT * FROM hub_release.victims('{country}', country_is => 'FR')"
as_analyst -c "$call" > "$work/function.out" 2>&1
as_analyst -c "SELECT * FROM hub_release.victims_by_country_year WHERE country = 'FR'" > "$work/view.out" 2>&1
as_analyst -c "SELECT * FROM hub_release.raw_view WHERE country = 'FR'" > "$work/raw_view.out" 2>&1
q -d "$db" -c "ALTER FUNCTION hub_release.victims(text[], text, tst_hub.term, int4, int4) RESET client_min_messages"
as_analyst -c "$call" > "$work/unpinned.out" 2>&1

check "auto_explain is active for the analyst (their top-level plan reaches them)" \
      "grep -q 'Function Scan on victims' '$work/function.out'"
check "the function sends no plan of the statements inside it" \
      "! grep -qE 'incidents|Aggregate|Seq Scan|Rows Removed' '$work/function.out'"
check "nor does the pattern's view (its filter runs on released rows)" \
      "grep -q 'Function Scan' '$work/view.out' && ! grep -qE 'incidents|Aggregate|Seq Scan' '$work/view.out'"
check "contrast: a view over the raw table sends the scan of the withheld group (7 rows)" \
      "grep -qE 'Seq Scan on incidents.*actual .*rows=7' '$work/raw_view.out'"
check "contrast: without client_min_messages pinned, the function's inside reaches the analyst" \
      "grep -qE 'Seq Scan on incidents.*actual .*rows=7' '$work/unpinned.out'"

PGPASSWORD=sec PGUSER=acc_sec_analyst pg_dump --schema=hub_raw "$db" > "$work/dump" 2> "$work/dump.err"
dump_rc=$?
PGPASSWORD=sec PGUSER=acc_sec_analyst pg_dump --schema=hub_release "$db" > "$work/dump2" 2> "$work/dump2.err"
dump2_rc=$?
check "an analyst's pg_dump is refused the raw schema (exit $dump_rc)" \
      "[ $dump_rc -ne 0 ] && grep -q 'permission denied for schema hub_raw' '$work/dump.err'"
check "a dump of hub_release runs (exit $dump2_rc) and holds no raw row" \
      "[ $dump2_rc -eq 0 ] && [ -s '$work/tokens' ] && ! grep -qF -f '$work/tokens' '$work/dump2' && ! grep -q 'org9' '$work/dump2'"
check "nothing the analyst saw holds a raw pseudonym" \
      "! grep -qF -f '$work/tokens' '$work'/*.out"

# Temporary files: pg_stat_database.temp_bytes is readable by everyone, and
# an analyst with a tiny work_mem and no hash aggregation would make a sort
# spill in proportion to the rows of a slice.  A withheld FR slice of 30,000
# rows (one person) shows it.
q -d "$db" -c "INSERT INTO hub_raw.incidents (org, country, exploitation, year, victim, hours_worked)
               SELECT 'org9', 'FR', 'exploitation/sexual', 2021,
                      (SELECT victim FROM hub_raw.incidents WHERE country = 'FR' LIMIT 1), 99
                 FROM generate_series(1, 30000)"
temp_bytes() { q -d "$db" -c "SELECT temp_bytes FROM pg_stat_database WHERE datname = '$db'"; }
spill() {
    PGPASSWORD=sec PGUSER=acc_sec_analyst PGOPTIONS='-c work_mem=64kB -c enable_hashagg=off' \
        psql -X -q -d "$db" -c "$1" >/dev/null 2>&1
    sleep 1    # the analyst's backend reports its counters as it exits
    temp_bytes
}
fn="hub_release.victims(text[], text, tst_hub.term, int4, int4)"
before=$(temp_bytes)
after_slice=$(spill "SELECT * FROM hub_release.victims('{year}', country_is => 'FR')")
after_all=$(spill "SELECT * FROM hub_release.victims('{country,exploitation,year}')")
q -d "$db" -c "ALTER FUNCTION $fn RESET enable_sort" -c "ALTER FUNCTION $fn RESET enable_hashagg" \
  -c "ALTER FUNCTION $fn RESET work_mem"
after_unpinned=$(spill "SELECT * FROM hub_release.victims('{year}', country_is => 'FR')")
check "the function writes no temporary file for an analyst with work_mem = 64kB (temp_bytes $before, $after_slice, $after_all)" \
      "[ -n '$before' ] && [ '$before' = '$after_slice' ] && [ '$before' = '$after_all' ]"
check "contrast: without its sort and memory settings, the withheld slice spills (temp_bytes $after_all -> $after_unpinned)" \
      "[ '$after_unpinned' -gt '$after_all' ]"

dropdb "$db"
q -c "DROP ROLE acc_sec_analyst" -c "DROP OWNED BY hub_owner" -c "DROP ROLE hub_owner" 2>/dev/null
rm -rf "$work"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

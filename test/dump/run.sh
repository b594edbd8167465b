#!/bin/sh
# Dump and restore test: a database using every tst_hub type and every
# extension configuration table (test/dump/fixture.sql) is dumped by the
# owner with pg_dump -Fc and restored with pg_restore into a fresh database;
# every row of every user table and configuration table must come back
# exactly, in text and in binary form (each column's send function), with
# the configuration sequences where they were and the extension's catalog
# unchanged; restored keys make the same pseudonyms.  Then a non-owner
# (a member of tst_hub_analyst) dumps the database: pg_dump is refused the
# key table, or leaves it out, and no key bytes are in what it wrote.
# Runs in the current cluster (PGHOST etc., e.g. inside pg_virtualenv) with
# the extension installed (make install).  Prints TAP.
set -eu
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
src=tst_hub_dump_src
dst=tst_hub_dump_dst

dropdb --if-exists "$src" >/dev/null 2>&1
dropdb --if-exists "$dst" >/dev/null 2>&1
q -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS dump_admin" -c "DROP ROLE IF EXISTS dump_analyst" -c "DROP ROLE IF EXISTS dump_ingest"
createdb "$src"
q -d "$src" -c 'CREATE EXTENSION tst_hub CASCADE' 2>/dev/null
q -c "CREATE ROLE dump_admin IN ROLE tst_hub_admin" \
  -c "CREATE ROLE dump_analyst LOGIN PASSWORD 'dump' IN ROLE tst_hub_analyst" \
  -c "CREATE ROLE dump_ingest IN ROLE tst_hub_pseudonymiser"
q -d "$src" -f test/dump/fixture.sql > "$work/fixture.out"
# the analyst spends 0.75 of the budget 'total' (10, no period)
PGPASSWORD=dump PGUSER=dump_analyst q -d "$src" -c "SELECT tst_hub.dp_reserve('total', 0.75)" \
    -c "SELECT count(n) FROM (SELECT tst_hub.dp_count(p, 0.25, 'total') AS n FROM public.people GROUP BY g) s" \
    -c "INSERT INTO tst_hub.intelligence_reports (org_id, kind, title, audience, grade, body)
        VALUES (1, 'intelligence', 'my own note', 'author', '3E P', tst_hub.report_body('for my eyes'))" >/dev/null

# The fixture must cover the extension: a column of every type it creates
# (base, enum and composite) and rows in every configuration table.
missing=$(q -d "$src" -c "
    SELECT string_agg(t.typname, ', ' ORDER BY t.typname)
      FROM pg_type t
      JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tst_hub'
     WHERE t.typtype IN ('b', 'e', 'c', 'd')
       AND t.oid NOT IN (SELECT atttypid FROM pg_attribute
                          WHERE attrelid = 'public.every_type'::regclass AND attnum > 0)")
check "every tst_hub type is a column of the dumped table${missing:+ (missing: $missing)}" '[ -z "$missing" ]'
q -d "$src" -c "SELECT c::regclass, c::regclass::text FROM pg_extension e, unnest(e.extconfig) c
                 WHERE e.extname = 'tst_hub'" > "$work/config"
empty=""
tables=""
sequences=""
while IFS='|' read -r rel name; do
    case "$(q -d "$src" -c "SELECT relkind FROM pg_class WHERE oid = '$rel'::regclass")" in
        S) sequences="$sequences $name"
           [ "$(q -d "$src" -c "SELECT is_called FROM $name")" = t ] || empty="$empty $name" ;;
        *) tables="$tables $name"
           [ "$(q -d "$src" -c "SELECT count(*) > 0 FROM $name")" = t ] || empty="$empty $name" ;;
    esac
done < "$work/config"
check "every configuration table and sequence has rows to dump${empty:+ (empty:$empty)}" '[ -z "$empty" ]'
# the tables pg_extension_config_dump registers (the list in the install script)
absent=""
for t in keys dp_budgets dp_spending organisations sources org_members incidents persons ingest_batches ingest_rejects; do
    case " $tables " in *" tst_hub.$t "*) ;; *) absent="$absent $t" ;; esac
done
check "the keys, budgets, spending and hub tables are configuration tables${absent:+ (not:$absent)}" '[ -z "$absent" ]'

# ------------------------------------------------------------------ owner dump
if pg_dump -Fc -f "$work/owner.dump" "$src" 2> "$work/owner.err"; then
    ok "the owner's pg_dump -Fc runs"
else
    not_ok "the owner's pg_dump -Fc runs: $(cat "$work/owner.err")"
fi
createdb "$dst"
if pg_restore --exit-on-error -d "$dst" "$work/owner.dump" 2> "$work/restore.err"; then
    ok "pg_restore into a fresh database runs without an error"
else
    not_ok "pg_restore into a fresh database runs without an error"
    sed 's/^/# /' "$work/restore.err"
fi

# Every row, in text (sorted lines, so a difference names the rows) and in
# binary: each column through its type's send function (an array element by
# element, as array_send and record_send also write type OIDs, which differ
# between databases for the extension's types).
send_expr() {
    q -d "$1" -c "
        SELECT string_agg(CASE WHEN et.oid IS NOT NULL THEN
                   format('coalesce((SELECT array_dims(x.%1\$I) || string_agg(coalesce(encode(%2\$s(e), ''hex''), ''-''), '','' ORDER BY o)
                                       FROM unnest(x.%1\$I) WITH ORDINALITY u(e, o)), ''-'')', a.attname, et.typsend)
               ELSE format('coalesce(encode(%s(x.%I), ''hex''), ''-'')', t.typsend, a.attname) END,
               ' || ''|'' || ' ORDER BY a.attnum)
          FROM pg_attribute a
          JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typlen = -1 AND t.typsubscript = 'array_subscript_handler'::regproc
         WHERE a.attrelid = '$2'::regclass AND a.attnum > 0 AND NOT a.attisdropped"
}
user_tables="public.every_type public.events public.people public.weekly public.weekly_people"
for t in $user_tables $tables; do
    for db in "$src" "$dst"; do
        q -d "$db" -c "SELECT x::text FROM $t x ORDER BY 1" > "$work/$db.text" 2>&1 || true
        expr=$(send_expr "$db" "$t")
        q -d "$db" -c "SELECT count(*), md5(string_agg(b, ',' ORDER BY b))
                         FROM (SELECT $expr AS b FROM $t x) s" > "$work/$db.binary" 2>&1 || true
    done
    if diff "$work/$src.text" "$work/$dst.text" > "$work/diff" && [ -s "$work/$src.text" ]; then
        ok "$t: every row comes back, text form ($(wc -l < "$work/$src.text") rows)"
    else
        not_ok "$t: every row comes back, text form"
        head -20 "$work/diff" | sed 's/^/# /'
    fi
    if cmp -s "$work/$src.binary" "$work/$dst.binary" && ! grep -q ERROR "$work/$src.binary"; then
        ok "$t: every row comes back, binary form"
    else
        not_ok "$t: every row comes back, binary form ($(cat "$work/$src.binary") vs $(cat "$work/$dst.binary"))"
    fi
done
# The extension's other tables (countries, crosswalk, ingest_formats) are
# not dumped: CREATE EXTENSION fills them again, with the same rows
others=$(q -d "$src" -c "SELECT string_agg(c.oid::regclass::text, ' ' ORDER BY 1) FROM pg_class c
                          JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
                          JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tst_hub'
                         WHERE c.relkind = 'r' AND c.oid <> ALL (e.extconfig)")
for t in $others; do
    digest="SELECT count(*) || ' ' || md5(string_agg(x::text, E'\n' ORDER BY x::text)) FROM $t x"
    check "$t (filled by CREATE EXTENSION): the same rows after the restore" \
        "[ \"\$(q -d $src -c \"$digest\")\" = \"\$(q -d $dst -c \"$digest\")\" ]"
done
for s in $sequences; do
    check "$s: the sequence continues where it was" \
        "[ \"\$(q -d $src -c 'SELECT last_value FROM $s')\" = \"\$(q -d $dst -c 'SELECT last_value FROM $s')\" ]"
done

# The extension as restored: the same catalog (functions, types, ACLs,
# policies, comments...) as in the dumped database, RLS still on
q -d "$src" -f test/upgrade/catalog.sql > "$work/catalog.src"
q -d "$dst" -f test/upgrade/catalog.sql > "$work/catalog.dst"
if diff -u "$work/catalog.src" "$work/catalog.dst" > "$work/catalog.diff"; then
    ok "the restored extension has the catalog of the dumped one"
else
    not_ok "the restored extension has the catalog of the dumped one"
    head -40 "$work/catalog.diff" | sed 's/^/# /'
fi
policies="SELECT string_agg(format('%s.%s %s %s %s %s %s', schemaname, tablename, policyname, cmd, roles, qual, with_check), E'\n' ORDER BY 1)
            FROM pg_policies"
rls="SELECT string_agg(oid::regclass::text || ' ' || relrowsecurity || ' ' || relforcerowsecurity || ' ' || coalesce(relacl::text, ''), E'\n' ORDER BY oid::regclass::text)
       FROM pg_class WHERE relnamespace IN ('tst_hub'::regnamespace, 'public'::regnamespace) AND relkind IN ('r', 'v', 'm', 'S')"
check "row-level security policies come back" "[ \"\$(q -d $src -c \"$policies\")\" = \"\$(q -d $dst -c \"$policies\")\" ]"
check "row-level security and the grants of every table come back" "[ \"\$(q -d $src -c \"$rls\")\" = \"\$(q -d $dst -c \"$rls\")\" ]"

# Restored values work: keys make the same tokens, cubes and states read
got=$(q -d "$dst" -c "SET search_path = public, tst_hub;
    SELECT (SELECT p FROM every_type WHERE id = 1) = pseudonymise('email', 'a@example.org', 'hub')
       AND (SELECT p FROM every_type WHERE id = 2) = pseudonymise('phone', '+44 20 7946 0958', 'org:2')
       AND (SELECT sum(rows) FROM every_type, cube_people(cu) WHERE id = 2) = 3000
       AND (SELECT cube_total(cu) FROM every_type WHERE id = 1) = 3000
       AND (SELECT safe_count_final(ps) FROM every_type WHERE id = 1) = 50")
check "restored keys give the same pseudonyms, restored cubes and states read back" '[ "$got" = t ]'
got=$(q -d "$dst" -c "SET search_path = public, tst_hub; SET enable_seqscan = off; SET enable_bitmapscan = off;
    SELECT count(*) FROM public.events e WHERE EXISTS (SELECT 1 FROM public.events x WHERE x.c = e.c AND x.i = e.i)")
check "a hash index on cell rebuilt by the restore finds every row" '[ "$got" = 3000 ]'
got=$(PGPASSWORD=dump PGUSER=dump_analyst q -d "$dst" -c "SELECT string_agg(title, ',' ORDER BY title) FROM tst_hub.intelligence_reports WHERE author = current_user")
check "restored reports keep their author: the analyst still sees their own note" '[ "$got" = "my own note" ]'
# the restored ledger still counts what was spent: of 'total' (10), 0.75 is
# gone, so 9.3 is refused (53400) and 9.25 is granted
PGPASSWORD=dump PGUSER=dump_analyst psql -X -q -At -v VERBOSITY=verbose -d "$dst" \
    -c "SELECT tst_hub.dp_reserve('total', 9.3)" > "$work/spend.out" 2>&1 || true
check "a restored budget ledger keeps what was spent: more than the rest is refused (53400)" "grep -q 'ERROR:  53400' '$work/spend.out'"
check "and the rest is granted" \
    "PGPASSWORD=dump PGUSER=dump_analyst q -d $dst -c \"SELECT tst_hub.dp_reserve('total', 9.25)\" >/dev/null"

# ------------------------------------------------------------- non-owner dump
q -d "$src" -c "SELECT encode(key, 'hex') FROM tst_hub.keys
                UNION ALL SELECT replace(encode(key, 'base64'), E'\n', '') FROM tst_hub.keys
                UNION ALL SELECT substr(encode(key, 'hex'), 20, 16) FROM tst_hub.keys" > "$work/keys"
leaks() { grep -qiF -f "$work/keys" "$@"; }
check "the owner's dump holds the keys (so a restore makes the same pseudonyms)" \
    "pg_restore -f - -a -t keys '$work/owner.dump' | grep -qiF \"\$(head -1 '$work/keys')\""
set -f  # the -T pattern is for pg_dump
for opts in "" "--enable-row-security -T tst_hub.*_seq" "--enable-row-security -T tst_hub.*_seq -T tst_hub.dp_*" "-t tst_hub.keys" "-n tst_hub" "--enable-row-security" "-n public"; do
    rc=0
    : > "$work/analyst.dump"
    PGPASSWORD=dump PGUSER=dump_analyst pg_dump -Fp $opts -f "$work/analyst.dump" "$src" 2> "$work/analyst.err" || rc=$?
    if leaks "$work/analyst.dump" "$work/analyst.err"; then
        not_ok "an analyst's pg_dump ${opts:-(whole database)} holds no key bytes"
    elif [ "$rc" -ne 0 ] && grep -q 'permission denied' "$work/analyst.err"; then
        ok "an analyst's pg_dump ${opts:-(whole database)} is refused ($(grep -o 'permission denied for [a-z]* [a-z_]*' "$work/analyst.err" | head -1)) and holds no key bytes"
    elif [ "$rc" -eq 0 ] && ! grep -q 'COPY tst_hub.keys' "$work/analyst.dump"; then
        ok "an analyst's pg_dump ${opts:-(whole database)} leaves the keys out and holds no key bytes"
    else
        not_ok "an analyst's pg_dump ${opts:-(whole database)}: exit $rc, $(head -3 "$work/analyst.err")"
    fi
done

set +f
dropdb "$src"
dropdb "$dst"
q -c "DROP ROLE dump_admin" -c "DROP ROLE dump_analyst" -c "DROP ROLE dump_ingest"
rm -rf "$work"
echo "1..$n"
exit $failed

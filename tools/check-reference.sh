#!/bin/sh
# Checks that the README's reference section equals what the installed
# extension's COMMENTs say (tools/reference.sql); with --write, updates it.
# Needs a running cluster (PGHOST etc.), e.g. inside pg_virtualenv.
set -eu
cd "$(dirname "$0")/.."
db=tst_hub_reference
dropdb --if-exists "$db" >/dev/null
createdb "$db"
psql -X -q -d "$db" -c 'CREATE EXTENSION tst_hub CASCADE' >/dev/null 2>&1
generated=$(mktemp)
psql -X -q -d "$db" -f tools/reference.sql > "$generated"
dropdb "$db"
current=$(mktemp)
sed -n '/^<!-- reference:start -->$/,/^<!-- reference:end -->$/p' README.md | sed '1d;$d' > "$current"
if [ "${1:-}" = "--write" ]; then
    awk -v gen="$generated" '
        /^<!-- reference:end -->$/ { while ((getline line < gen) > 0) print line; skip = 0 }
        !skip { print }
        /^<!-- reference:start -->$/ { skip = 1 }' README.md > README.md.new
    mv README.md.new README.md
    echo "README.md reference section updated"
elif diff -u "$current" "$generated"; then
    echo "1 passed, 0 failed: README reference matches the catalog COMMENTs"
else
    echo "0 passed, 1 failed: README reference differs from the catalog; run tools/check-reference.sh --write inside pg_virtualenv"
    exit 1
fi
rm -f "$generated" "$current"

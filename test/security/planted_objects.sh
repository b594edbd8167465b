#!/bin/bash
# The escalation patterns published against PostgreSQL Anonymizer, replayed
# against tst_hub by an ordinary role (no superuser, no CREATEROLE) that owns
# a database, hence its public schema:
#  - CVE-2026-2360: an operator planted in public before CREATE EXTENSION;
#    here look-alikes of every operator, function and aggregate a call could
#    reach through an implicit cast or a polymorphic argument
#    (test/security/planted.sql), before CREATE EXTENSION and again, over the
#    extension's own types, before the release and hub calls a superuser makes
#    with the default search_path ("$user", public).
#  - CVE-2024-2339: code of the table owner run by a privileged user applying
#    a release (k_anonymity, anonymise_release, ...) to the owner's table:
#    here a column of the attacker's own enum type with a cast to text of
#    the attacker's, and a view whose column is the attacker's function.
#  - CVE-2024-2338 and CVE-2026-9617: SQL injection through a column name or
#    a label: here column names and category labels full of quotes, dollar
#    quotes and format() directives.
# Every look-alike records who ran it (a sequence counts runs by other roles
# even when the statement fails) and, if that role is a superuser, makes the
# attacker a superuser.  Afterwards the attacker must still be an ordinary
# role and no look-alike may have run as anyone but the attacker.
# (CVE-2026-2361, a temporary view shadowing a catalog read, needs the
# attacker's own session: test/pgtap/92-attack_suite.sql.)
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
db=tst_hub_planted
as_owner() { PGPASSWORD=pl PGUSER=pl_owner psql -X -q -At -d "$db" "$@"; }
runs() { q -d "$db" -c "SELECT last_value - 1 + is_called::int FROM public.planted_foreign_runs"; }
is_super() { q -d "$db" -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'pl_owner'"; }

# One run: PostGIS in the schema $1 ("public": the default, where the
# database owner may create objects; "postgis": a schema of its own that
# only a superuser may create in, the setup docs/SECURITY.md recommends).
scenario() {
gis=$1
dropdb --if-exists "$db" 2>/dev/null
q -c "DROP ROLE IF EXISTS pl_owner" 2>/dev/null
q -c "CREATE ROLE pl_owner LOGIN PASSWORD 'pl'"
createdb -O pl_owner "$db"
# PostGIS first: what its own script does is PostGIS's business
if [ "$gis" = public ]; then
    q -d "$db" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION postgis'
else
    q -d "$db" -c 'SET client_min_messages = warning' -c "CREATE SCHEMA $gis" -c "CREATE EXTENSION postgis SCHEMA $gis" -c "GRANT USAGE ON SCHEMA $gis TO PUBLIC" \
      -c "ALTER DATABASE $db SET search_path = \"\$user\", public, $gis"
fi

# ------------------------------------------------------------------ CREATE EXTENSION
as_owner -v phase=1 -f test/security/planted.sql 2> "$work/$gis.plant1.err"
planted1=$(grep -o 'planted [0-9]* look-alikes' "$work/$gis.plant1.err")
check "$gis: the attacker planted look-alikes in public ($planted1)" "[ -n '$planted1' ]"
q -d "$db" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION tst_hub' 2> "$work/$gis.create.err"
check "$gis: CREATE EXTENSION tst_hub succeeds with them in public" "q -d '$db' -c \"SELECT 1 FROM pg_extension WHERE extname = 'tst_hub'\" | grep -q 1"
ran=$(q -d "$db" -c "SELECT string_agg(DISTINCT what, '; ') FROM public.planted_log")
check "$gis: CREATE EXTENSION ran none of them ($(runs) runs${ran:+: $ran})" "[ '$(runs)' = 0 ]"
[ -n "${KEEP:-}" ] && q -d "$db" -c "SELECT what, count(*), min(query) FROM public.planted_log GROUP BY 1" > "$work/$gis.create_log.out"
# what CREATE EXTENSION bound (constraints, defaults, views, policies,
# indexes) stays bound: every later insert would run the look-alike
q -d "$db" > "$work/$gis.bound.out" <<'SQL'
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) || ' -> ' || pg_describe_object(d.refclassid, d.refobjid, 0)
  FROM pg_depend d
 WHERE ((d.refclassid = 'pg_proc'::regclass AND d.refobjid IN (SELECT oid FROM pg_proc WHERE proowner = 'pl_owner'::regrole))
    OR (d.refclassid = 'pg_operator'::regclass AND d.refobjid IN (SELECT oid FROM pg_operator WHERE oprowner = 'pl_owner'::regrole)))
   AND d.classid NOT IN ('pg_proc'::regclass, 'pg_operator'::regclass)   -- the look-alikes themselves
 ORDER BY 1;
SQL
check "$gis: nothing the extension made is bound to the attacker's objects ($(grep -c . "$work/$gis.bound.out") bindings)" "[ ! -s '$work/$gis.bound.out' ]"
q -d "$db" -c "TRUNCATE public.planted_log" -c "SELECT setval('public.planted_foreign_runs', 1, false)" >/dev/null

# ------------------------------------------------------------------ release and hub calls
q -d "$db" >/dev/null <<'SQL'
GRANT USAGE ON SCHEMA tst_hub TO pl_owner;
SELECT tst_hub.key_create('hub');
INSERT INTO tst_hub.organisations (org_id, code, name) VALUES (1, 'ngo-a', 'NGO A');
SQL
as_owner -v phase=2 -f test/security/planted.sql 2> "$work/$gis.plant2.err"
planted2=$(grep -o 'planted [0-9]* look-alikes' "$work/$gis.plant2.err")
check "$gis: the attacker planted look-alikes over the extension's types too ($planted2)" "[ -n '$planted2' ]"
# the attacker's table: hostile column names, a column of its own enum type
# whose cast to text is its own function, and a view calling its function
as_owner > "$work/$gis.owner_objects.out" 2>&1 <<'SQL'
CREATE TYPE public.evil_band AS ENUM ('low', 'high');
CREATE FUNCTION public.evil_band_text(public.evil_band) RETURNS text LANGUAGE plpgsql AS
    $f$BEGIN PERFORM public.planted_hit('cast evil_band to text'); RETURN $1::name::text; END$f$;
CREATE CAST (public.evil_band AS text) WITH FUNCTION public.evil_band_text(public.evil_band);
CREATE FUNCTION public.evil_value(int4) RETURNS int4 LANGUAGE plpgsql STABLE AS
    $f$BEGIN PERFORM public.planted_hit('view column function'); RETURN $1; END$f$;
CREATE TABLE public.victims_table (
    "a"") FROM pg_roles; ALTER ROLE pl_owner SUPERUSER; --" text,
    "b', 'x'); ALTER ROLE pl_owner SUPERUSER; --" int4,
    "$q$; ALTER ROLE pl_owner SUPERUSER; $q$" text,
    "%s%I%L" text,
    band public.evil_band,
    country text,
    age int4,
    person tst_hub.pseudonym);
CREATE TABLE public.cube_src AS
SELECT tst_hub.st_cube(tst_hub.cell(51 + i * 0.01, i * 0.01, 7), timestamptz '2024-01-01' + i * interval '1 day', '7 days') AS c
  FROM generate_series(1, 50) i;
CREATE VIEW public.victims_view AS SELECT country, public.evil_value(age) AS age FROM public.victims_table;
SQL
q -d "$db" >/dev/null <<'SQL'
INSERT INTO public.victims_table
SELECT 'v' || (i % 3)::text, i % 4, 'w' || (i % 2)::text, 'z', CASE WHEN i % 2 = 0 THEN 'low' ELSE 'high' END::public.evil_band,
       CASE WHEN i % 5 = 0 THEN 'FR' ELSE 'GB' END, 20 + i % 30,
       tst_hub.pseudonymise('raw', 'person ' || i::text, 'hub')
  FROM generate_series(1, 200) i;
SQL

# Calls a superuser makes, each on its own (an error is not the point here)
cat > "$work/$gis.calls.sql" <<'SQL'
SELECT * FROM tst_hub.k_anonymity('public.victims_table', ARRAY['a") FROM pg_roles; ALTER ROLE pl_owner SUPERUSER; --', 'b'', ''x''); ALTER ROLE pl_owner SUPERUSER; --'], 'person', 11);
SELECT * FROM tst_hub.k_anonymity_groups('public.victims_table', ARRAY['$q$; ALTER ROLE pl_owner SUPERUSER; $q$', '%s%I%L'], 'person', 11);
SELECT * FROM tst_hub.l_diversity('public.victims_table', ARRAY['a") FROM pg_roles; ALTER ROLE pl_owner SUPERUSER; --'], 'country', 'person', 2);
SELECT * FROM tst_hub.l_diversity_groups('public.victims_table', ARRAY['country'], '%s%I%L', 'person', 2);
SELECT * FROM tst_hub.group_diversity('public.victims_table', ARRAY['%s%I%L'], 'b'', ''x''); ALTER ROLE pl_owner SUPERUSER; --', 'person');
SELECT * FROM tst_hub.generalisation_levels('public.victims_table', 'a") FROM pg_roles; ALTER ROLE pl_owner SUPERUSER; --', '[{"v0": "x''); ALTER ROLE pl_owner SUPERUSER; --"}]');
SELECT * FROM tst_hub.generalisation_levels('public.victims_table', 'age', '"age"');
SELECT * FROM tst_hub.anonymise_release('public.victims_table', 'release_1', ARRAY['a") FROM pg_roles; ALTER ROLE pl_owner SUPERUSER; --', 'age', '%s%I%L'], 'person', target_schema => 'public', hierarchies => '{"age": "age", "a\") FROM pg_roles; ALTER ROLE pl_owner SUPERUSER; --": [{"v0": "x''); ALTER ROLE pl_owner SUPERUSER; --"}]}');
SELECT * FROM tst_hub.anonymise_release('public.victims_table', 'release_2', ARRAY['country', 'age'], 'person', target_schema => 'public', sensitive => '$q$; ALTER ROLE pl_owner SUPERUSER; $q$', l => 2);
SELECT tst_hub.safe_count(person), tst_hub.safe_sum(person, age) FROM public.victims_table GROUP BY country;
SELECT * FROM tst_hub.k_anonymity('public.victims_table', ARRAY['band', 'country'], 'person', 11);
SELECT * FROM tst_hub.k_anonymity_groups('public.victims_table', ARRAY['band'], 'person', 11);
SELECT * FROM tst_hub.anonymise_release('public.victims_table', 'release_3', ARRAY['band', 'country'], 'person', target_schema => 'public');
SELECT * FROM tst_hub.k_anonymity('public.victims_view', ARRAY['country', 'age']);
SELECT tst_hub.map_category(1, 'x''); ALTER ROLE pl_owner SUPERUSER; --');
INSERT INTO tst_hub.category_map (org_id, local_label, term) VALUES (1, 'mujer''); ALTER ROLE pl_owner SUPERUSER; --', 'gender/feminine');
SELECT * FROM tst_hub.ingest_csv(1, 'mapped', E'record_id,gender,exploitation,country,"x""); ALTER ROLE pl_owner SUPERUSER; --"\nP-1,"mujer''); ALTER ROLE pl_owner SUPERUSER; --",trata laboral,GB,y\nP-2,$q$x$q$,%s%I,FR,z\n');
SELECT * FROM tst_hub.ingest_csv(1, 'ctdc', E'gender,ageBroad,citizenship,yearOfRegistration\nMale,18--20,GB,2020\n');
\set ctdc `cat test/data/ctdc_sample.csv`
\set htcds `cat test/data/htcds_sample.csv`
\set mapped `cat test/data/mapped_sample.csv`
SELECT * FROM tst_hub.ingest_csv(1, 'ctdc', :'ctdc');
SELECT * FROM tst_hub.ingest_csv(1, 'htcds', :'htcds');
SELECT * FROM tst_hub.ingest_csv(1, 'mapped', :'mapped');
SELECT * FROM tst_hub.hub_victims('{country}');
SELECT * FROM tst_hub.hub_victims('{exploitation,year}', exploitation_under => 'exploitation', year_from => 2020, year_to => 2024);
SELECT * FROM tst_hub.hub_victims('{country,year}', country_is => 'GB');
SELECT * FROM tst_hub.hub_victims_by_country_year;
SELECT * FROM tst_hub.supply_chain_points(5, NULL, 11, 0, 1, 2, 3);
SELECT * FROM tst_hub.supply_chain_points(500, NULL, 11, 0, 1, 2, 3);
INSERT INTO tst_hub.supplier_sites (org_id, site_id, supplier, product, country, location, volume)
VALUES (1, 1, 'Garments A', 'industry/c/14', 'BD', ST_SetSRID(ST_MakePoint(90.40, 23.80), 4326), 100);
SELECT * FROM tst_hub.supply_chain_risk(1, '[2024-01-01,2024-07-01)', 5);
SELECT * FROM tst_hub.supply_chain_risk_by_supplier(1, '[2024-01-01,2024-07-01)', 5);
SELECT * FROM tst_hub.to_scheme('ctdc', 'exploitation/labour');
SELECT * FROM tst_hub.from_ctdc('isForcedLabour', '1');
SELECT * FROM tst_hub.to_htcds('exploitation/labour');
SELECT tst_hub.cell(ST_SetSRID(ST_MakePoint(0.5, 51.5), 4326), 7);
SELECT tst_hub.cell(ST_SetSRID(ST_MakePoint(500000, 200000), 27700), 7);
SELECT tst_hub.cell_center('h7:1:1'), tst_hub.cell_boundary('h7:1:1');
SELECT count(*) FROM tst_hub.cells_cover(ST_MakeEnvelope(0, 51, 1, 52, 4326), 7);
SELECT tst_hub.geo_coarsen(51.5, 0.1, 6);
SELECT count(*) FROM tst_hub.hotspots((SELECT c FROM public.cube_src), 1, ST_MakeEnvelope(0, 51, 1, 52, 4326));
SELECT count(*) FROM tst_hub.emerging_hotspots((SELECT c FROM public.cube_src), 1, 1, ST_MakeEnvelope(0, 51, 1, 52, 4326));
SELECT count(*) FROM tst_hub.emerging_hotspots_bins((SELECT c FROM public.cube_src), 1, 1, ST_MakeEnvelope(0, 51, 1, 52, 4326));
SELECT count(*) FROM tst_hub.cube_cells((SELECT c FROM public.cube_src), ST_MakeEnvelope(0, 51, 1, 52, 4326), NULL, NULL);
SELECT count(*) FROM tst_hub.kernel_density((SELECT c FROM public.cube_src), 2000, 7, ST_MakeEnvelope(0, 51, 1, 52, 4326), false);
SELECT count(*) FROM tst_hub.kernel_density(ARRAY[ST_SetSRID(ST_MakePoint(0.1, 51.1), 4326), ST_SetSRID(ST_MakePoint(0.2, 51.2), 4326)], ARRAY[1, 2]::float8[], 5000);
SELECT tst_hub.kde_bandwidth(ARRAY[ST_SetSRID(ST_MakePoint(0.1, 51.1), 4326), ST_SetSRID(ST_MakePoint(0.2, 51.2), 4326), ST_SetSRID(ST_MakePoint(0.3, 51.0), 4326)], NULL);
SELECT * FROM tst_hub.neighbours_within(ARRAY[1, 2]::int8[], ARRAY[ST_SetSRID(ST_MakePoint(0.1, 51.1), 4326), ST_SetSRID(ST_MakePoint(0.2, 51.2), 4326)], 50000);
SELECT tst_hub.likelihood_range('icd203:likely');
SELECT tst_hub.key_judgement('A statement.', 'icd203:likely', 'moderate', '{1}', ST_MakeEnvelope(0, 51, 1, 52, 4326), NULL, '[2024-01-01,2024-02-01)', ARRAY['h7:1:1']::tst_hub.cell[]);
SELECT tst_hub.key_judgement('A statement.', 'icd203:likely', 'moderate', '{1}', ST_MakeEnvelope(0, 51, 1, 52, 4326), '{exploitation/labour}', '[2024-01-01,2024-02-01)');
SELECT tst_hub.render_body(tst_hub.report_body('S', tst_hub.key_judgement('A statement.', 'phia:likely', 'high', '{1}', NULL, NULL, '[2024-01-01,2024-02-01)', ARRAY['h7:1:1']::tst_hub.cell[])));
SELECT tst_hub.report_body('Summary', tst_hub.report_text('Heading', 'Text'), tst_hub.report_figures('Counts', ARRAY['a', 'b'], ARRAY[(12, NULL), (NULL, 'below_k')]::tst_hub.released[]));
INSERT INTO tst_hub.intelligence_reports (org_id, kind, title, audience, grade, body)
SELECT 1, 'intelligence', 'T', 'hub', '1B P', tst_hub.report_body('S', tst_hub.report_text(NULL, 'P.'), tst_hub.report_figure('x', (20, NULL)::tst_hub.released));
SELECT tst_hub.render_report((SELECT max(report_id) FROM tst_hub.intelligence_reports));
SELECT * FROM tst_hub.hub_reports();
SELECT tst_hub.dp_budget_create('b', current_user, 1.0);
SELECT tst_hub.dp_reserve('b', 0.1);
SELECT tst_hub.dp_count(person, 0.1, 'b') FROM public.victims_table;
SELECT * FROM tst_hub.dp_ledger();
SELECT * FROM tst_hub.key_versions();
SELECT tst_hub.key_rotate('hub');
SELECT tst_hub.classify_report('Forced to work in a car wash, passport taken', 'en');
SELECT * FROM tst_hub.pii_detect('Call Maria on +44 7700 900123');
SELECT tst_hub.num_bin(5, '{1,10}');
SELECT tst_hub.date_coarsen('2024-05-03', 'month');
SELECT tst_hub.ingest_date('03/05/2024');
SQL
# twice: with the default path, then with the extension's schema after public
q -d "$db" -c "ALTER ROLE pl_owner NOSUPERUSER" >/dev/null
psql -X -d "$db" -v ON_ERROR_STOP=0 -f "$work/$gis.calls.sql" > "$work/$gis.calls1.out" 2>&1
PGOPTIONS="-c search_path=public,tst_hub,$gis" psql -X -d "$db" -v ON_ERROR_STOP=0 -f "$work/$gis.calls.sql" > "$work/$gis.calls2.out" 2>&1
ran=$(cat "$work/$gis.calls1.out" "$work/$gis.calls2.out" | grep -o 'planted look-alike .* ran as [a-z_]*' | sort -u | tr '\n' ';')
calls=$(grep -c . "$work/$gis.calls.sql")
errors=$(cat "$work/$gis.calls1.out" "$work/$gis.calls2.out" | grep -c '^psql.*ERROR' || true)
echo "# $gis: $calls calls, twice; $errors errors (expected: the hostile names are refused or missing)"
check "$gis: no look-alike, cast or view function of the attacker ran as a superuser ($(runs) runs${ran:+: $ran})" "[ '$(runs)' = 0 ]"
check "$gis: the attacker is still not a superuser" "[ '$(is_super)' = f ]"
check "$gis: no table was made by injected SQL" \
      "[ \"\$(q -d '$db' -c \"SELECT count(*) FROM pg_class WHERE relname::text ~ 'ALTER|--|\\\\\\\$q'\")\" = 0 ]"

[ -n "${KEEP:-}" ] && q -d "$db" -c "SELECT what, count(*), min(query) FROM public.planted_log GROUP BY 1" > "$work/$gis.log.out"
dropdb "$db"
q -c "DROP ROLE pl_owner"
}

scenario postgis
scenario public
[ -n "${KEEP:-}" ] && cp -r "$work" /tmp/ha/plwork
rm -rf "$work"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

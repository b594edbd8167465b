-- The bad-input corpus (test/corpus/bad_inputs.tsv, written by
-- test/corpus/gen_bad_inputs.py): every line is a name, the SQLSTATE the
-- input must raise and the SQL; each is one test named by its line, so a
-- failure names its case.  A catalog check makes every SQL-callable function
-- of the extension appear in the corpus (by name, in the case's name or SQL)
-- or on the commented exemption list below.
-- Runs from the repository root (tools/pgtap.sh); uses server-side COPY for
-- the binary cases (the test runs as superuser).
BEGIN;
SET search_path = public, tst_hub;
SET LOCAL statement_timeout = '60s';

CREATE TEMP TABLE corpus (name text PRIMARY KEY, sqlstate text NOT NULL, sql text NOT NULL);
\copy corpus FROM 'test/corpus/bad_inputs.tsv' WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\b', HEADER true)

SELECT plan((SELECT count(*)::int FROM corpus) + 3);

-- What the cases may use
SELECT key_create('corpus');
CREATE FUNCTION pg_temp.ps() RETURNS pseudonym LANGUAGE sql AS $$SELECT pseudonymise('raw', 'x', 'corpus')$$;
CREATE TEMP TABLE aud AS
    SELECT i % 3 AS a, i % 5 AS b, pseudonymise('raw', i::text, 'corpus') AS p FROM generate_series(1, 40) i;
CREATE TEMP TABLE cubes AS
    SELECT st_cube(cell(50 + i * 0.01, 0 + i * 0.01, 7), timestamptz '2024-01-01' + i * interval '1 day', '7 days') AS c,
           st_cube_people(cell(50 + i * 0.01, 0 + i * 0.01, 7), timestamptz '2024-01-01' + i * interval '1 day', '7 days',
                          pseudonymise('raw', i::text, 'corpus')) AS cp
      FROM generate_series(1, 30) i;
CREATE FUNCTION pg_temp.cube0() RETURNS cube LANGUAGE sql AS $$SELECT c FROM cubes$$;
CREATE FUNCTION pg_temp.cubep() RETURNS cube LANGUAGE sql AS $$SELECT cp FROM cubes$$;
-- a person_set state: the safe_count transition without its final function
CREATE AGGREGATE pg_temp.person_state(pseudonym) (sfunc = safe_count_trans, stype = person_set);
CREATE TEMP TABLE states AS SELECT pg_temp.person_state(p) AS s FROM aud;
CREATE FUNCTION pg_temp.pset() RETURNS person_set LANGUAGE sql AS $$SELECT s FROM states$$;
SELECT dp_budget_create('corpus_budget', current_user, 5, 'day');
CREATE TEMP TABLE nstates AS SELECT dp_count_state(p, 0.5, 'corpus_budget') AS s FROM aud;
CREATE FUNCTION pg_temp.nstate() RETURNS noise_state LANGUAGE sql AS $$SELECT s FROM nstates$$;
-- an organisation of the hub (ingest)
INSERT INTO organisations (org_id, code, name) VALUES (990001, 'corpus', 'Corpus organisation');
CREATE FUNCTION pg_temp.org() RETURNS int4 LANGUAGE sql AS $$SELECT 990001$$;
-- one field of the given type through binary COPY (its recv function)
CREATE FUNCTION pg_temp.recv(typ text, field bytea) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE format($q$COPY (SELECT %L) TO PROGRAM 'base64 -d > /tmp/tst_hub_corpus.copy'$q$,
        replace(encode('\x5047434f50590aff0d0a00'::bytea || '\x00000000'::bytea || '\x00000000'::bytea
               || '\x0001'::bytea || int4send(length(field)) || field || '\xffff'::bytea, 'base64'), E'\n', ''));
    EXECUTE format('CREATE TEMP TABLE IF NOT EXISTS recv_%s (v %s)', typ, typ);
    EXECUTE format($q$COPY recv_%s FROM '/tmp/tst_hub_corpus.copy' WITH (FORMAT binary)$q$, typ);
END
$f$;
SELECT lives_ok($$SELECT pg_temp.recv('cube', cube_send(pg_temp.cube0())), pg_temp.recv('person_set', person_set_send(pg_temp.pset())),
                        pg_temp.recv('noise_state', noise_state_send(pg_temp.nstate()))$$,
                'the helpers work: valid states load through binary COPY');

-- every case, by name
SELECT throws_ok(sql, sqlstate, NULL, name) FROM corpus ORDER BY name;

-- every SQL-callable function of the extension appears in the corpus
SELECT is_empty($$
    SELECT DISTINCT p.proname
      FROM pg_proc p
      JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
      JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'tst_hub'
     WHERE NOT EXISTS (SELECT 1 FROM corpus c WHERE (c.name || ' ' || c.sql) ~ ('\m' || p.proname || '\M'))
       AND p.proname NOT IN (
           -- planner and index support: internal arguments, not callable from SQL
           'term_set_gin_extract_value', 'term_set_gin_extract_query', 'term_set_gin_consistent',
           'term_set_gin_triconsistent', 'term_contains_support', 'term_contained_support',
           'pseudonym_sortsupport',
           -- total over text by design: every text has an answer, none raises
           'term_lookup',       -- NULL when the text names no term or several (documented)
           'fold_label',        -- any text folds
           'mask_email',        -- any text masks
           'map_category',      -- NULL when a partner's label is not mapped
           'ingest_shown_value', -- any text: kept, NULL or a [withheld: ...] marker (tested in 57-hub_more)
           'ingest_date',       -- NULL when the text is not an ISO date that exists (documented)
           'csv_records',       -- every text is records: a bad one comes back with its reject_reason
           -- CHECK tests of the hub tables: true or false for every value (tested in 59-ingest_checks)
           'country_code_valid', 'pseudonym_list_valid',
           'report_md_inline',  -- any text escapes
           'hub_reports',       -- any id: no row unless a hub report has it; NULL lists them all (documented)
           -- support functions that answer every input (documented): NULL or 'withheld'
           -- for what is not a released count (NaN and infinity included, tested in 54-reports)
           'supply_chain_points', 'report_figure_text',
           -- no arguments
           'hub_cell_resolution', 'member_org_ids', 'my_org_ids',
           -- term_set_agg's support functions are harmless outside the aggregate
           -- (a term_set is not private), unlike the person-counting ones (0A000)
           'term_set_agg_trans', 'term_set_agg_merge')
$$, 'every SQL-callable function of the extension is in the corpus or on the exemption list');
SELECT cmp_ok((SELECT count(*)::int FROM corpus), '>=', 300, 'the corpus has at least 300 bad inputs');

SELECT * FROM finish();
ROLLBACK;

-- ingest_ctdc: ingest_csv(org, 'ctdc', file) of the CTDC victim-perpetrator export
-- (data/external/ctdc_vp_synthetic_2022_condensed.csv, its data lines repeated to
-- ingest_rows records) against a plain COPY of the same file into a table of 16 text
-- columns.  The test parses, maps every column to hub values, pseudonymises a
-- record reference per row and inserts into tst_hub.incidents (indexes, checks);
-- each run loads the file for a new organisation, so nothing is skipped as
-- already loaded.  Target: 3x the COPY.
\if :{?ingest_rows}
\else
\set ingest_rows 200000
\endif
\if :{?ctdc}
\else
\set ctdc data/external/ctdc_vp_synthetic_2022_condensed.csv
\endif
SELECT tst_hub.key_create('hub') WHERE NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'hub');
CREATE TABLE bench.ctdc_lines (n int8 GENERATED ALWAYS AS IDENTITY, line text);
COPY bench.ctdc_lines (line) FROM :'ctdc' (FORMAT text);
-- the header, then data lines in file order, repeated (the lines hold no
-- tab or backslash, so text format writes them back unchanged)
COPY (SELECT line FROM (SELECT 0 AS k, line FROM bench.ctdc_lines WHERE n = 1
                        UNION ALL
                        SELECT i, l.line FROM bench.ctdc_lines l,
                               generate_series(1, ceil(:ingest_rows / ((SELECT count(*) FROM bench.ctdc_lines) - 1.0))::int) i
                         WHERE l.n > 1) x
       ORDER BY k LIMIT :ingest_rows + 1)
  TO '/tmp/tst_hub_bench_ctdc.csv' (FORMAT text);
CREATE TABLE bench.ctdc_copy (
    c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text,
    c9 text, c10 text, c11 text, c12 text, c13 text, c14 text, c15 text, c16 text);
CREATE SEQUENCE bench.ctdc_org START 1000;
CREATE FUNCTION bench.ctdc_org() RETURNS int4 LANGUAGE sql AS $$
    INSERT INTO tst_hub.organisations (org_id, code, name)
    SELECT o, 'bench' || o, 'bench ' || o FROM (SELECT nextval('bench.ctdc_org')::int4 AS o) x
    RETURNING org_id
$$;
SELECT bench.add_case('ingest_ctdc', 3.0,
    $b$COPY bench.ctdc_copy FROM '/tmp/tst_hub_bench_ctdc.csv' (FORMAT csv, HEADER)$b$,
    $t$SELECT (tst_hub.ingest_csv(bench.ctdc_org(), 'ctdc', pg_read_file('/tmp/tst_hub_bench_ctdc.csv'))).rows_accepted$t$);

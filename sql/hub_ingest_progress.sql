-- ingest_csv of a long file says how far it got: a NOTICE every 100,000
-- records for every format, and one when it ends.  What varies from run to
-- run (batch id, rows/s) is in the NOTICE's detail, left out by terse.
\set VERBOSITY terse
BEGIN;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM tst_hub.key_versions() WHERE scope = 'hub') THEN
        PERFORM tst_hub.key_create('hub');
    END IF;
END
$$;
INSERT INTO tst_hub.organisations (org_id, code, name) VALUES (9101, 'progress', 'Progress test');
-- ctdc: the parser reports rows read, accepted and rejected
SELECT rows_read, rows_accepted, rows_rejected
  FROM tst_hub.ingest_csv(9101, 'ctdc',
       'gender,CountryOfExploitation' || E'\n' ||
       (SELECT string_agg(CASE WHEN g % 1000 = 0 THEN 'Male,QQ' ELSE 'Female,GB' END, E'\n') FROM generate_series(1, 100000) g));
-- htcds: the parse, then the checks
SELECT rows_read, rows_accepted, rows_rejected
  FROM tst_hub.ingest_csv(9101, 'htcds',
       'cas_CaseId,hte_Country' || E'\n' ||
       (SELECT string_agg(format('H-%s,%s', g, CASE WHEN g % 1000 = 0 THEN 'QQ' ELSE 'GB' END), E'\n') FROM generate_series(1, 100000) g));
-- mapped: the same; a malformed record is counted by the parse
SELECT rows_read, rows_accepted, rows_rejected
  FROM tst_hub.ingest_csv(9101, 'mapped',
       'record_id,country' || E'\n' ||
       (SELECT string_agg(CASE WHEN g = 5 THEN 'M-5' ELSE format('M-%s,GB', g) END, E'\n') FROM generate_series(1, 100000) g));
-- a short file: only the closing NOTICE
SELECT rows_read, rows_accepted, rows_rejected
  FROM tst_hub.ingest_csv(9101, 'mapped', E'record_id,country\nS-1,GB\n');
ROLLBACK;

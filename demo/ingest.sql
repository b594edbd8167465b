-- demo/ingest.sql: two partner files through the hub's CSV ingest path
-- (tools/demo.sh step 3; docs/HUB.md "Ingest").
--
--   DEMO_CTDC_CSV=data/external/ctdc_vp_synthetic_2022_condensed.csv \
--   DEMO_PARTNER_CSV=demo-output/input/partner_export.csv psql -f demo/ingest.sql
--
-- 1. The real CTDC victim-perpetrator export (21,195 records) as organisation 2.
-- 2. The export of the partner NGO (organisation 3) that demo/gen_hub.sql wrote,
--    in the partner's own Spanish labels (format 'mapped'): the partner maps its
--    labels to hub terms once (category_map), then loads the file. Victim ids are
--    pseudonymised on the way in under the hub scope, so the partner's victims link
--    with the same people in other organisations' records.
-- 3. The same file again: recognised by its SHA-256, nothing is loaded twice.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET search_path = public, tst_hub;

-- the partner's labels -> hub terms (every term the generator used, in Spanish)
INSERT INTO category_map (org_id, local_label, term)
SELECT DISTINCT ON (fold_label(label(t, 'es'))) 3, label(t, 'es'), t
  FROM (SELECT term AS t FROM demo.gen_exploitation
        UNION ALL SELECT term FROM demo.gen_control
        UNION ALL SELECT term FROM demo.gen_gender
        UNION ALL SELECT unnest(industry_terms) FROM demo.gen_exploitation) x
 ORDER BY fold_label(label(t, 'es')), t::text
ON CONFLICT DO NOTHING;

\set ctdc `cat "$DEMO_CTDC_CSV"`
\set partner `cat "$DEMO_PARTNER_CSV"`

SELECT batch_id, rows_read, rows_accepted, rows_rejected, rows_duplicate,
       round(extract(epoch FROM finished_at - started_at)::numeric, 1) AS seconds
  FROM ingest_csv(2, 'ctdc', :'ctdc', 21, 'ctdc_vp_synthetic_2022_condensed.csv') \gset ctdc_
\echo '    CTDC export (org 2, format ctdc): batch' :ctdc_batch_id ', read' :ctdc_rows_read ', accepted' :ctdc_rows_accepted ', rejected' :ctdc_rows_rejected ',' :ctdc_seconds 's'

SELECT batch_id, rows_read, rows_accepted, rows_rejected, rows_duplicate,
       round(extract(epoch FROM finished_at - started_at)::numeric, 1) AS seconds
  FROM ingest_csv(3, 'mapped', :'partner', 31, 'partner_export.csv') \gset partner_
\echo '    partner export (org 3, format mapped): batch' :partner_batch_id ', read' :partner_rows_read ', accepted' :partner_rows_accepted ', rejected' :partner_rows_rejected ',' :partner_seconds 's'

SELECT batch_id, (SELECT count(*) FROM incidents WHERE org_id = 3) AS partner_rows
  FROM ingest_csv(3, 'mapped', :'partner', 31, 'partner_export (copy).csv') \gset again_
\echo '    the same partner file again: batch' :again_batch_id '(the first one), still' :again_partner_rows 'incidents of org 3'

SELECT count(*) > 0 AS have_rejects FROM ingest_rejects \gset
\if :have_rejects
\echo '    rejects (line, column, reason):'
SELECT line, column_name, reason FROM ingest_rejects ORDER BY org_id, batch_id, line LIMIT 5;
\endif

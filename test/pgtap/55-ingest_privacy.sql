-- Ingest keeps no identifiers where it writes values back (ingest_rejects,
-- category_seen, ingest_batches.unused_columns, error messages), and the
-- category tables are each organisation's own (row-level security).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(24);

SELECT key_create('hub');
INSERT INTO organisations (org_id, code, name) VALUES (1, 'ngo-a', 'NGO A'), (2, 'ngo-b', 'NGO B');
CREATE ROLE prv_load1 IN ROLE tst_hub_pseudonymiser;
CREATE ROLE prv_load2 IN ROLE tst_hub_pseudonymiser;
CREATE ROLE prv_read1 IN ROLE tst_hub_analyst;
CREATE ROLE prv_read2 IN ROLE tst_hub_analyst;
INSERT INTO org_members (member, org_id) VALUES ('prv_load1', 1), ('prv_load2', 2), ('prv_read1', 1), ('prv_read2', 2);
INSERT INTO category_map (org_id, local_label, term) VALUES (2, 'mujer', 'gender/feminine');

-- ---------------------------------------------------------------- values that are personal data
SET ROLE prv_load2;
CREATE TEMP TABLE b_pii AS SELECT * FROM ingest_csv(2, 'mapped',
    E'record_id,exploitation,gender\n'
    'P-1,Maria Lopez Garcia,mujer\n'
    'P-2,passport AB12345,mujer\n'
    'P-3,+33 6 12 34 56 78,mujer\n'
    'P-4,trata laboral,mujer\n');
RESET ROLE;
SELECT results_eq($$SELECT line, column_name, reason, value FROM ingest_rejects
                     WHERE batch_id = (SELECT batch_id FROM b_pii) ORDER BY line$$,
    $$VALUES (2::int8, 'exploitation', 'unmapped category', '[withheld: looks like personal data]'),
             (3, 'exploitation', 'unmapped category', '[withheld: looks like personal data]'),
             (4, 'exploitation', 'unmapped category', '[withheld: looks like personal data]'),
             (5, 'exploitation', 'unmapped category', 'trata laboral')$$,
    'a name, a passport or a phone number in a category column: rejected with its reason, the value withheld');
SELECT results_eq($$SELECT local_label FROM category_seen WHERE org_id = 2 ORDER BY 1$$,
    $$VALUES ('mujer'), ('trata laboral')$$,
    'category_seen keeps the labels, not the personal data');
SELECT is((SELECT count(*) FROM (SELECT r::text FROM ingest_rejects r UNION ALL SELECT s::text FROM category_seen s
                                 UNION ALL SELECT b::text FROM ingest_batches b) x(t)
            WHERE t ~ 'Maria|Lopez|AB12345|12 34 56'), 0::int8,
    'no table holds the name, the passport or the phone number');

-- ---------------------------------------------------------------- header lines that are records
SET ROLE prv_load2;
CREATE TEMP TABLE b_nohead AS SELECT * FROM ingest_csv(2, 'mapped',
    E'Maria Lopez,+44 7700 900 123,country,Notes field\nJuan Perez,+44 7700 900 456,GB,x\n');
RESET ROLE;
SELECT is((SELECT unused_columns FROM b_nohead),
    '{"[withheld: not a column name]","[withheld: not a column name]","Notes field"}'::text[],
    'unknown header names that are personal data are counted, not stored; column names are kept');
SET ROLE prv_load2;
CREATE TEMP TABLE b_ctdc AS SELECT * FROM ingest_csv(2, 'ctdc', E'gender,ana@example.org,José Ramos\nMale,x,y\n');
RESET ROLE;
SELECT is((SELECT unused_columns FROM b_ctdc),
    '{"[withheld: not a column name]","[withheld: not a column name]"}'::text[],
    'ctdc: the same for unknown header names');
SET ROLE prv_load2;
SELECT throws_ok($$SELECT ingest_csv(2, 'mapped', E'Maria Lopez,+44 7700 900 123,Maria Lopez\nx,y,z\n')$$,
    '22023', 'header columns 1 and 3 have the same name', 'a name twice in the header: positions, not the name');
SELECT throws_ok($$SELECT ingest_csv(2, 'ctdc', E'Maria Lopez,gender,Maria Lopez\nx,y,z\n')$$,
    '22023', 'header columns 1 and 3 have the same name', 'ctdc: positions, not the name');
SELECT throws_ok($$SELECT ingest_csv(2, 'htcds', E'Maria Lopez,Maria Lopez\nx,y\n')$$,
    '22023', 'header columns 1 and 2 have the same name', 'htcds: positions, not the name');
RESET ROLE;

-- ---------------------------------------------------------------- category tables per organisation
SET ROLE prv_read1;
SELECT is((SELECT count(*) FROM category_seen), 0::int8, 'an org-1 analyst sees no org-2 labels');
SELECT is((SELECT count(*) FROM category_map), 0::int8, 'an org-1 analyst sees no org-2 mappings');
SELECT is((SELECT count(*) FROM unmapped_categories), 0::int8, 'nor through unmapped_categories');
RESET ROLE;
SET ROLE prv_read2;
SELECT is((SELECT count(*) FROM category_seen), 2::int8, 'an org-2 analyst sees org 2''s labels');
SELECT results_eq($$SELECT org_id, local_label FROM unmapped_categories$$, $$VALUES (2, 'trata laboral')$$,
    'and its unmapped labels');
SELECT is((SELECT count(*) FROM category_map), 1::int8, 'and its mappings');
RESET ROLE;
SET ROLE prv_load1;
SELECT throws_ok($$INSERT INTO category_seen (org_id, label_key, local_label) VALUES (2, 'x', 'x')$$,
    '42501', NULL, 'an org-1 loader cannot write org-2 labels');
SELECT throws_ok($$SELECT observe_category(2, 'x')$$, '42501',
    'role "prv_load1" does not load data for organisation 2', 'nor through observe_category');
SELECT is((SELECT count(*) FROM category_seen), 0::int8, 'an org-1 loader reads no org-2 labels');
UPDATE category_seen SET times_seen = 0 WHERE org_id = 2;
SELECT ok(observe_category(1, 'trata laboral') IS NULL, 'observe_category for its own organisation');
SELECT ok(observe_category(1, 'Maria Lopez Garcia') IS NULL, 'a label that is a name is looked up');
RESET ROLE;
SELECT results_eq($$SELECT org_id, local_label, times_seen FROM category_seen ORDER BY 1, 2$$,
    $$VALUES (1, 'trata laboral', 1::int8), (2, 'mujer', 4::int8), (2, 'trata laboral', 1::int8)$$,
    'its label counted, the name not kept, org 2''s counts untouched');

-- ---------------------------------------------------------------- catalog
SELECT ok((SELECT bool_and(relrowsecurity) FROM pg_class WHERE oid IN ('category_seen'::regclass, 'category_map'::regclass)),
    'row-level security on category_seen and category_map');
SELECT ok((SELECT 'security_invoker=true' = ANY (reloptions) FROM pg_class WHERE oid = 'unmapped_categories'::regclass),
    'unmapped_categories reads with the caller''s policies');
SELECT is((SELECT count(*) FROM pg_attribute WHERE attrelid IN ('category_seen'::regclass, 'category_map'::regclass)
              AND attnum > 0 AND NOT attisdropped AND attstattarget <> 0), 0::int8,
    'no planner statistics on the category tables');
SELECT is((SELECT count(*) FROM ingest_rejects WHERE value IS NOT NULL AND EXISTS (SELECT 1 FROM pii_detect(value))), 0::int8,
    'no stored reject value is personal data');

SELECT * FROM finish();
ROLLBACK;

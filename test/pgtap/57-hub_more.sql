-- Hub, fourth session: country codes resolved inside ctdc_rows, free text
-- and lower-case names kept out of what ingest writes back (rejects,
-- category_seen, unused_columns).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(17);

SELECT key_create('hub');
INSERT INTO organisations (org_id, code, name) VALUES (1, 'ngo-a', 'NGO A'), (2, 'ngo-b', 'NGO B');
CREATE ROLE hm_load1 IN ROLE tst_hub_pseudonymiser;
CREATE ROLE hm_load2 IN ROLE tst_hub_pseudonymiser;
INSERT INTO org_members (member, org_id) VALUES ('hm_load1', 1), ('hm_load2', 2);
INSERT INTO category_map (org_id, local_label, term) VALUES (2, 'mujer', 'gender/feminine');

-- ---------------------------------------------------------------- ctdc: country codes in C
SET ROLE hm_load1;
CREATE TEMP TABLE b_cc AS SELECT * FROM ingest_csv(1, 'ctdc',
    E'gender,citizenship,CountryOfExploitation\n'
    'Male,gbr,gb\n'          -- alpha-3 and lower case
    'Male,Y1,FRA\n'          -- a CTDC legacy code; alpha-3 of the country of exploitation
    'Male,ZZ,ZZ\n'           -- unknown
    'Male,QQ,GB\n'           -- shaped like a code, no country has it
    'Male,GB,QQQ\n'
    'Male,G,GB\n');          -- not shaped like a code
RESET ROLE;
SELECT results_eq($$SELECT source_line, citizenship::text, country::text, location_precision,
                           geom = (SELECT centroid FROM countries WHERE iso2 = i.country),
                           cell = (SELECT centroid_cell FROM countries WHERE iso2 = i.country)
                      FROM incidents i WHERE batch_id = (SELECT batch_id FROM b_cc) ORDER BY 1$$,
    $$VALUES (2::int8, 'GB', 'GB', 'country_centroid', true, true),
             (3, 'Y1', 'FR', 'country_centroid', true, true),
             (4, NULL, NULL, 'none', NULL, NULL)$$,
    'ctdc: alpha-3 and lower-case codes resolve to alpha-2 with the country''s centroid and cell; ZZ is unknown');
SELECT results_eq($$SELECT line, column_name, reason, value FROM ingest_rejects
                     WHERE batch_id = (SELECT batch_id FROM b_cc) ORDER BY line$$,
    $$VALUES (5::int8, 'citizenship', 'unknown country code', 'QQ'),
             (6, 'CountryOfExploitation', 'unknown country code', 'QQQ'),
             (7, 'citizenship', 'not a country code', 'G')$$,
    'ctdc: a code no country has is "unknown country code", a value not shaped like one "not a country code"');
SELECT is((SELECT (rows_read, rows_accepted, rows_rejected) FROM ingest_batches WHERE batch_id = (SELECT batch_id FROM b_cc)),
    (6::int8, 3::int8, 3::int8), 'ctdc: every record counted');

-- ---------------------------------------------------------------- what ingest keeps of a value
SELECT is(ingest_shown_value('met maria lopez at the station'), '[withheld: looks like personal data]',
    'ingest_shown_value: a sentence with a lower-case name is found once capitalised');
SELECT is(ingest_shown_value('she was taken to the farm by car'), '[withheld: free text]',
    'ingest_shown_value: a sentence of more than four words is free text even without a name found');
SELECT is(ingest_shown_value('maria lopez'), '[withheld: looks like personal data]',
    'ingest_shown_value: a name in lower case is found once capitalised');
SELECT is(ingest_shown_value('ana'), '[withheld: looks like personal data]',
    'ingest_shown_value: a given name alone, lower case');
SELECT is(ingest_shown_value('forced labour'), 'forced labour', 'ingest_shown_value: a category label is kept');
SELECT is(ingest_shown_value('trata laboral'), 'trata laboral', 'ingest_shown_value: in Spanish too');
SELECT is(ingest_shown_value('call 07700900123'), NULL, 'ingest_shown_value: an identifier is not kept at all');
SELECT is(ingest_shown_value(repeat('x', 2000000)), '[withheld: free text]',
    'ingest_shown_value: a 2 MB value is free text (pii_detect is not asked, it refuses past 1 MB)');

-- ---------------------------------------------------------------- mapped, htcds, ctdc: lower-case names
SET ROLE hm_load2;
CREATE TEMP TABLE b_mapped AS SELECT * FROM ingest_csv(2, 'mapped',
    E'record_id,exploitation,gender\n'
    'R-1,met maria lopez at the station,mujer\n'
    'R-2,maria lopez,mujer\n'
    'R-3,juan perez,mujer\n'
    'R-4,trata laboral,mujer\n'
    'R-5,she was taken to the farm by car,mujer\n');
CREATE TEMP TABLE b_htcds AS SELECT * FROM ingest_csv(2, 'htcds',
    E'cas_CaseId,prs_Gender,vic_TypeOfExploitation\n'
    'H-1,maria lopez,sexual\n'
    'H-2,Female,she was taken to the farm by car\n'
    'H-3,Female,maria\n');
CREATE TEMP TABLE b_ctdc AS SELECT * FROM ingest_csv(2, 'ctdc',
    E'gender,isForcedLabour\n'
    'maria lopez,1\n'
    'Male,juan perez\n');
CREATE TEMP TABLE b_nohead AS SELECT * FROM ingest_csv(2, 'mapped',
    E'maria lopez,country\nx,GB\n');
RESET ROLE;
SELECT results_eq($$SELECT line, column_name, reason, value FROM ingest_rejects
                     WHERE batch_id = (SELECT batch_id FROM b_mapped) ORDER BY line$$,
    $$VALUES (2::int8, 'exploitation', 'unmapped category', '[withheld: looks like personal data]'),
             (3, 'exploitation', 'unmapped category', '[withheld: looks like personal data]'),
             (4, 'exploitation', 'unmapped category', '[withheld: looks like personal data]'),
             (5, 'exploitation', 'unmapped category', 'trata laboral'),
             (6, 'exploitation', 'unmapped category', '[withheld: free text]')$$,
    'mapped: a narrative and lower-case names in a category column are rejected with their reason, the value withheld');
SELECT results_eq($$SELECT local_label FROM category_seen WHERE org_id = 2 ORDER BY 1$$,
    $$VALUES ('mujer'), ('trata laboral')$$,
    'mapped: category_seen counts the labels, not the narrative or the names');
SELECT results_eq($$SELECT line, column_name, value FROM ingest_rejects
                     WHERE batch_id = (SELECT batch_id FROM b_htcds) ORDER BY line$$,
    $$VALUES (2::int8, 'prs_Gender', '[withheld: looks like personal data]'),
             (3, 'vic_TypeOfExploitation', 'she'),
             (4, 'vic_TypeOfExploitation', '[withheld: looks like personal data]')$$,
    'htcds: the same (multi-select values are split at spaces: the first unknown word of a narrative is shown)');
SELECT results_eq($$SELECT line, column_name, value FROM ingest_rejects
                     WHERE batch_id = (SELECT batch_id FROM b_ctdc) ORDER BY line$$,
    $$VALUES (2::int8, 'gender', '[withheld: looks like personal data]'),
             (3, 'isForcedLabour', '[withheld: looks like personal data]')$$,
    'ctdc: the same');
SELECT is((SELECT unused_columns FROM b_nohead), '{"[withheld: not a column name]"}'::text[],
    'a header line that is a lower-case name is not kept as a column name');
SELECT is((SELECT count(*) FROM (SELECT r::text FROM ingest_rejects r UNION ALL SELECT s::text FROM category_seen s
                                 UNION ALL SELECT b::text FROM ingest_batches b) x(t)
            WHERE t ~* 'maria|lopez|juan|perez|station'), 0::int8,
    'no table holds the names or the narrative');

SELECT * FROM finish();
ROLLBACK;

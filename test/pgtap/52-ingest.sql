-- Ingest (sql/install/44-ingest.sql): CTDC, HTCDS and mapped CSV files into
-- incidents.  Broken records land in ingest_rejects with line, column and
-- reason; good records commit; a file loads once; identifiers are stored
-- only as pseudonyms.  Samples: test/data/*.csv (see test/data/README.md);
-- the real CTDC export: data/external/ctdc_vp_synthetic_2022_condensed.csv.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(49);

SELECT key_create('hub');
INSERT INTO organisations (org_id, code, name) VALUES (1, 'ngo-a', 'NGO A'), (2, 'ngo-b', 'NGO B');
INSERT INTO sources (source_id, org_id, code, name) VALUES (10, 1, 'hotline', 'Hotline'), (20, 2, 'cases', 'Cases');
CREATE ROLE ing_load1 IN ROLE tst_hub_pseudonymiser;
CREATE ROLE ing_read1 IN ROLE tst_hub_analyst;
CREATE ROLE ing_read2 IN ROLE tst_hub_analyst;
INSERT INTO org_members (member, org_id) VALUES ('ing_load1', 1), ('ing_read1', 1), ('ing_read2', 2);

\set ctdc `cat test/data/ctdc_sample.csv`
\set htcds `cat test/data/htcds_sample.csv`
\set mapped `cat test/data/mapped_sample.csv`
\set vp `cat data/external/ctdc_vp_synthetic_2022_condensed.csv`

-- ---------------------------------------------------------------- CTDC sample
SET ROLE ing_load1;
CREATE TEMP TABLE b_ctdc AS SELECT * FROM ingest_csv(1, 'ctdc', :'ctdc', 10, 'ctdc_sample.csv');
RESET ROLE;

SELECT results_eq($$SELECT rows_read, rows_accepted, rows_rejected, rows_duplicate, source_id, loaded_by = 'ing_load1' FROM b_ctdc$$,
    $$VALUES (19::int8, 9::int8, 10::int8, 0::int8, 10, true)$$,
    'CTDC sample: 19 records, 9 loaded, 10 rejected, by the ingest role');
SELECT is((SELECT unused_columns FROM b_ctdc), '{Datasource,meansOfControlNotSpecified,recruiterRelationFriend}',
    'columns the format does not load are listed on the batch');
SELECT results_eq($$SELECT line, column_name, reason, value FROM ingest_rejects
                     WHERE batch_id = (SELECT batch_id FROM b_ctdc) ORDER BY line$$,
    $$VALUES (7::int8, 'yearOfRegistration', 'not a year (2019) or a range of years (2005-2013)', '20x9'),
             (8, 'gender', 'unknown category', 'Femail'),
             (9, 'ageBroad', 'unknown age band', '18-20'),
             (10, 'isForcedLabour', 'flag must be 1, 0, -99 or empty', 'yes'),
             (11, 'CountryOfExploitation', 'unknown country code', 'XX'),
             (12, 'citizenship', 'not a country code', 'Romania'),
             (13, NULL, '23 fields, the header has 24', NULL),
             (14, 'majorityStatus', 'majority status contradicts the age band', 'Minor'),
             (19, NULL, 'empty line', NULL),
             (20, 'yearOfRegistration', 'not a year (2019) or a range of years (2005-2013)', '2013-2005')$$,
    'every broken record is rejected with its line, column, reason and value');
SELECT results_eq($$SELECT source_line FROM incidents WHERE batch_id = (SELECT batch_id FROM b_ctdc) ORDER BY 1$$,
    $$VALUES (2::int8), (3), (4), (5), (6), (15), (16), (17), (18)$$,
    'the good records are loaded, each once, with its line');
SELECT results_eq($$SELECT exploitation, exploitation_forms, means, industry, country::text, citizenship::text,
                           location_precision, reported_on, reported_until, age_band, minor, gender, org_id, source_id
                      FROM incidents WHERE batch_id = (SELECT batch_id FROM b_ctdc) AND source_line = 2$$,
    $$VALUES ('exploitation/labour/domestic_work'::term, '{exploitation/labour,exploitation/labour/domestic_work}'::term_set,
              '{control/debt_bondage,control/withholds_documents}'::term_set, 'industry/t'::term, 'US', 'PH',
              'country_centroid', '2015-01-01'::date, '2015-12-31'::date, '18--20', false, 'gender/feminine'::term, 1, 10)$$,
    'flags map through the crosswalk; the most specific form is the exploitation; the year is a period');
SELECT ok((SELECT i.geom = c.centroid AND i.cell = c.centroid_cell AND i.cell = cell(c.centroid_lat, c.centroid_lon, 8)
             FROM incidents i JOIN countries c ON c.iso2 = i.country
            WHERE i.batch_id = (SELECT batch_id FROM b_ctdc) AND i.source_line = 2),
    'a country without coordinates gives the country centroid and its cell, flagged country_centroid');
SELECT results_eq($$SELECT exploitation, exploitation_forms, reported_on, reported_until
                      FROM incidents WHERE batch_id = (SELECT batch_id FROM b_ctdc) AND source_line = 16$$,
    $$VALUES ('exploitation'::term, '{exploitation/sexual,exploitation/labour}'::term_set, '2005-01-01'::date, '2013-12-31'::date)$$,
    'isSexAndLabour keeps both forms; a range of years is the whole period');
SELECT results_eq($$SELECT source_line, country::text, location_precision, geom IS NULL, cell IS NULL
                      FROM incidents WHERE batch_id = (SELECT batch_id FROM b_ctdc) AND source_line IN (15, 17, 5) ORDER BY 1$$,
    $$VALUES (5::int8, NULL, 'none', true, true), (15, 'Y1', 'none', true, true), (17, 'GB', 'country_centroid', false, false)$$,
    'unknown (-99) stays NULL; a CTDC code without a centroid has no location; an alpha-3 code becomes alpha-2');
SELECT results_eq($$SELECT means, minor, age_band FROM incidents WHERE batch_id = (SELECT batch_id FROM b_ctdc) AND source_line = 4$$,
    $$VALUES ('{control/physical_abuse,palermo_means/abduction}'::term_set, true, '9--17')$$,
    'abduction is a means; a minor in a minor band');
SELECT ok((SELECT bool_and(cardinality(victims) = 1 AND record_ref IS NULL) FROM incidents WHERE batch_id = (SELECT batch_id FROM b_ctdc)),
    'each CTDC record has one victim pseudonym and no record id');
SELECT is((SELECT victims[1] FROM incidents WHERE batch_id = (SELECT batch_id FROM b_ctdc) AND source_line = 3),
    pseudonymise('raw', 'file:' || encode(sha256(convert_to(:'ctdc', 'UTF8')), 'hex') || ':3', 'hub'),
    'the victim of a record without ids is the pseudonym of the file and the line');

-- the same file again: nothing new, the first batch is returned
SET ROLE ing_load1;
CREATE TEMP TABLE b_again AS SELECT * FROM ingest_csv(1, 'ctdc', :'ctdc', 10, 'copy of the same file.csv');
RESET ROLE;
SELECT results_eq($$SELECT batch_id, rows_accepted FROM b_again$$, $$SELECT batch_id, rows_accepted FROM b_ctdc$$,
    'loading the same file again returns the batch that loaded it');
SELECT is((SELECT count(*) FROM incidents WHERE org_id = 1), 9::int8, '... and adds no incident');
SELECT is((SELECT count(*) FROM ingest_batches WHERE org_id = 1), 1::int8, '... and no batch');

-- ---------------------------------------------------------------- bad calls
SET ROLE ing_load1;
SELECT throws_ok(format('SELECT ingest_csv(2, %L, %L)', 'ctdc', :'ctdc'), '42501',
    'role "ing_load1" does not load data for organisation 2', 'no ingest for an organisation the role is not mapped to');
SELECT throws_ok($$SELECT ingest_csv(1, 'xlsx', 'a,b')$$, '22023', 'unknown ingest format "xlsx"', 'unknown format');
SELECT throws_ok($$SELECT ingest_csv(1, 'ctdc', NULL)$$, '22004', NULL, 'NULL data');
SELECT throws_ok($$SELECT ingest_csv(NULL, 'ctdc', 'a')$$, '22004', NULL, 'NULL organisation');
SELECT throws_ok($$SELECT ingest_csv(99, 'ctdc', 'gender')$$, '22023', 'no organisation 99', 'unknown organisation');
SELECT throws_ok($$SELECT ingest_csv(1, 'ctdc', 'gender', 20)$$, '22023', 'organisation 1 has no source 20',
    'a source of another organisation');
SELECT throws_ok($$SELECT ingest_csv(1, 'ctdc', '')$$, '22023', 'the file has no header line', 'an empty file');
SELECT throws_ok($$SELECT ingest_csv(1, 'ctdc', E'gender,gender\nMale,Male\n')$$, '22023',
    'header columns 1 and 2 have the same name', 'a column named twice');
SELECT throws_ok($$SELECT ingest_csv(1, 'htcds', E'a,a\n1,2\n')$$, '22023', NULL, 'a column named twice (htcds)');
RESET ROLE;
SET ROLE ing_read1;
SELECT throws_ok($$SELECT ingest_csv(1, 'ctdc', 'gender')$$, '42501', NULL, 'analysts do not ingest');
RESET ROLE;

-- ---------------------------------------------------------------- the real CTDC export
SET ROLE ing_load1;
CREATE TEMP TABLE b_vp AS SELECT * FROM ingest_csv(1, 'ctdc', :'vp');
RESET ROLE;
SELECT results_eq($$SELECT rows_read, rows_accepted, rows_rejected FROM b_vp$$, $$VALUES (21195::int8, 21195::int8, 0::int8)$$,
    'the CTDC victim-perpetrator export loads as published, every record');
-- a second, plain reading of the same file: PostgreSQL's own CSV parser
CREATE TEMP TABLE vp_raw (yearRegister text, gender text, majorityStatus text, isForcedLabour text,
    isSexualExploit text, UN_COO_Region text, UN_COE_Region text, c8 text, c9 text, c10 text, c11 text,
    c12 text, c13 text, c14 text, c15 text, c16 text);
\copy vp_raw FROM 'data/external/ctdc_vp_synthetic_2022_condensed.csv' (FORMAT csv, HEADER)
SELECT results_eq($$SELECT gender::text, count(*) FROM incidents WHERE batch_id = (SELECT batch_id FROM b_vp) GROUP BY 1 ORDER BY 1$$,
    $$SELECT CASE gender WHEN 'Female' THEN 'gender/feminine' WHEN 'Male' THEN 'gender/masculine' END, count(*)
        FROM vp_raw GROUP BY 1 ORDER BY 1$$,
    'victims by gender agree with a plain COPY of the file');
SELECT results_eq($$SELECT count(*) FILTER (WHERE exploitation_forms @> 'exploitation/labour'::term),
                           count(*) FILTER (WHERE exploitation_forms @> 'exploitation/sexual'::term),
                           count(*) FILTER (WHERE minor), count(*) FILTER (WHERE NOT minor)
                      FROM incidents WHERE batch_id = (SELECT batch_id FROM b_vp)$$,
    $$SELECT count(*) FILTER (WHERE isForcedLabour = '1'), count(*) FILTER (WHERE isSexualExploit = '1'),
             count(*) FILTER (WHERE majorityStatus = 'Minor'), count(*) FILTER (WHERE majorityStatus = 'Adult')
        FROM vp_raw$$,
    'forms of exploitation and minors agree with the plain COPY');
SELECT results_eq($$SELECT region, reported_on, reported_until, count(*) FROM incidents
                     WHERE batch_id = (SELECT batch_id FROM b_vp) GROUP BY 1, 2, 3 ORDER BY 1, 2$$,
    $$SELECT UN_COE_Region, make_date(left(yearRegister, 4)::int, 1, 1), make_date(right(yearRegister, 4)::int, 12, 31), count(*)
        FROM vp_raw GROUP BY 1, 2, 3 ORDER BY 1, 2$$,
    'regions and periods of registration agree with the plain COPY');

-- ---------------------------------------------------------------- HTCDS
SET ROLE ing_load1;
CREATE TEMP TABLE b_htcds AS SELECT * FROM ingest_csv(1, 'htcds', :'htcds');
RESET ROLE;
SELECT results_eq($$SELECT rows_read, rows_accepted, rows_rejected, rows_duplicate, unused_columns FROM b_htcds$$,
    $$VALUES (10::int8, 3::int8, 6::int8, 1::int8, '{hte_Description}'::text[])$$,
    'HTCDS sample: 3 loaded, 6 rejected, 1 sent twice; the free-text description is not loaded');
SELECT results_eq($$SELECT line, column_name, reason, value FROM ingest_rejects
                     WHERE batch_id = (SELECT batch_id FROM b_htcds) ORDER BY line$$,
    $$VALUES (5::int8, 'prs_Birthdate', 'not a date (YYYY-MM-DD)', NULL),
             (6, 'vic_TypeOfExploitation', 'unknown category', 'ForcedLabor'),
             (7, 'hte_Latitude', 'latitude out of range (-90 to 90)', '95.0'),
             (8, 'hte_Latitude', 'latitude without longitude', '14.7'),
             (9, 'hte_Date', 'occurred after it was reported', NULL),
             (10, 'vic_AgeWhenTrafficked', 'not an age in years (0 to 130)', 'abc')$$,
    'bad dates, categories, coordinates and types are rejected; an identifier''s value is never kept');
SELECT results_eq($$SELECT source_line, record_ref, location_precision, geom, cell, exploitation, means, recruitment,
                           industry, occurred_from, occurred_to, reported_on, age_band, minor, gender, citizenship::text
                      FROM incidents WHERE batch_id = (SELECT batch_id FROM b_htcds) AND source_line = 2$$,
    $$VALUES (2::int8, pseudonymise('raw', 'record:CASE-0001', 'hub'), 'point',
              ST_SetSRID(ST_MakePoint(-0.1276, 51.5072), 4326), cell(51.5072, -0.1276, 8),
              'exploitation/labour'::term, '{control/debt_bondage,control/withholds_documents}'::term_set,
              'recruitment/friends'::term, 'industry/t'::term, '2019-03-10'::date, '2019-03-10'::date,
              '2019-06-01'::date, '24--26', false, 'gender/feminine'::term, 'PH')$$,
    'an HTCDS record: coordinates give the point and its cell; the case id is a pseudonym; the first copy is kept');
SELECT is((SELECT victims FROM incidents WHERE batch_id = (SELECT batch_id FROM b_htcds) AND source_line = 2),
    ARRAY[pseudonymise('raw', fold_label('Maria Santos') || '|1990-04-02', 'hub')],
    'the victim is the pseudonym of the folded name and the birth date');
SELECT is((SELECT victims FROM incidents WHERE batch_id = (SELECT batch_id FROM b_htcds) AND source_line = 4),
    (SELECT victims FROM incidents WHERE batch_id = (SELECT batch_id FROM b_htcds) AND source_line = 2),
    'the same woman spelt ''maría SANTOS'' in another case gets the same pseudonym');
SELECT results_eq($$SELECT role, count(*) FROM persons WHERE org_id = 1 GROUP BY 1$$, $$VALUES ('victim', 2::int8)$$,
    'two distinct victims are recorded in persons');

-- the same records in a new file: skipped by their record ids
SET ROLE ing_load1;
CREATE TEMP TABLE b_htcds2 AS SELECT * FROM ingest_csv(1, 'htcds', replace(:'htcds', E'\n', E'\r\n'));
RESET ROLE;
SELECT results_eq($$SELECT rows_accepted, rows_rejected, rows_duplicate FROM b_htcds2$$, $$VALUES (0::int8, 6::int8, 4::int8)$$,
    'records already loaded are skipped by their id, even from another file');

-- ---------------------------------------------------------------- mapped
INSERT INTO category_map (org_id, local_label, term) VALUES
    (1, 'Trabajo forzoso', 'exploitation/labour'), (1, 'explotación sexual', 'exploitation/sexual'),
    (1, 'deuda', 'control/debt_bondage'), (1, 'amenazas', 'control/threats'),
    (1, 'mujer', 'gender/feminine'), (1, 'hombre', 'gender/masculine');
SET ROLE ing_load1;
CREATE TEMP TABLE b_mapped AS SELECT * FROM ingest_csv(1, 'mapped', :'mapped');
RESET ROLE;
SELECT results_eq($$SELECT line, column_name, reason, value FROM ingest_rejects
                     WHERE batch_id = (SELECT batch_id FROM b_mapped) ORDER BY line$$,
    $$VALUES (4::int8, 'exploitation', 'unmapped category', 'pesca'), (5, 'occurred_on', 'not a date (YYYY-MM-DD)', '2022-13-01'),
             (6, 'exploitation', 'unmapped category', NULL), (7, 'exploitation', 'unmapped category', NULL)$$,
    'mapped: a label the organisation has not mapped is rejected; a phone number or e-mail address in its place is not kept');
SELECT results_eq($$SELECT exploitation, means, gender, age_band, minor, victims, suspects, location_precision
                      FROM incidents WHERE batch_id = (SELECT batch_id FROM b_mapped) ORDER BY source_line$$,
    $$VALUES ('exploitation/labour'::term, '{control/debt_bondage,control/threats}'::term_set, 'gender/feminine'::term,
              '30--38', false, ARRAY[pseudonymise('raw', '+44 7700 900123', 'hub')], ARRAY[pseudonymise('raw', 'S-77', 'hub')], 'point'),
             ('exploitation/sexual', '{control/threats}', 'gender/feminine', '9--17', true,
              ARRAY[pseudonymise('raw', '+44 7700 900456', 'hub')], '{}'::pseudonym[], 'country_centroid')$$,
    'mapped: labels through category_map, identifiers as pseudonyms');
SELECT results_eq($$SELECT local_label, times_seen, suggestion IS NULL FROM unmapped_categories WHERE org_id = 1$$,
    $$VALUES ('pesca', 1::int8, true)$$,
    'the unmapped label is counted for the admin to map (the phone number and the e-mail address are not)');

-- ---------------------------------------------------------------- raw values are nowhere
CREATE FUNCTION pg_temp.tables_holding(needles text[]) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    t regclass;
    hit bool;
BEGIN
    FOR t IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'tst_hub'::regnamespace AND c.relkind = 'r' LOOP
        -- pseudonyms are left out: their base32 text can hold any short word by chance
        EXECUTE format($q$SELECT EXISTS (SELECT 1 FROM %s x
                                          WHERE regexp_replace(x::text, 'ps_[a-z2-7]{26}', '', 'g') ILIKE ANY ($1))$q$, t)
            INTO hit USING needles;
        IF hit THEN
            RETURN NEXT t::text;
        END IF;
    END LOOP;
END
$$;
SELECT is_empty($$SELECT * FROM pg_temp.tables_holding(ARRAY['%santos%', '%popescu%', '%ivanova%', '%CASE-000%',
                                                             '%+44 7700%', '%S-77%', '%1990-04-02%', '%1985-11-30%',
                                                             '%900999%', '%ana@example%'])$$,
    'no table of the extension holds a name, case id, phone number, birth date or record id that was loaded');
SELECT ok((SELECT count(*) FROM pg_temp.tables_holding(ARRAY['%pesca%'])) = 2,
    '... while the search does find values that are stored (a category label, in category_seen and ingest_rejects)');

-- ---------------------------------------------------------------- who reads batches and rejects
SET ROLE ing_read1;
SELECT is((SELECT count(*) FROM ingest_rejects), (SELECT sum(rows_rejected)::int8 FROM ingest_batches), 'an analyst of the organisation reads its rejects');
SELECT is((SELECT count(DISTINCT org_id) FROM ingest_batches), 1::int8, '... and its batches');
RESET ROLE;
SET ROLE ing_read2;
SELECT is((SELECT count(*) FROM ingest_rejects) + (SELECT count(*) FROM ingest_batches), 0::int8,
    'an analyst of another organisation reads neither');
RESET ROLE;
SET ROLE ing_load1;
SELECT throws_ok($$SELECT victims FROM incidents$$, '42501', NULL, 'the ingest role cannot read incidents back');
SELECT is((SELECT count(DISTINCT org_id) FROM incidents), 1::int8, '... only the keys of its own organisation''s records');
RESET ROLE;

-- every record of every batch is accounted for
SELECT is_empty($$SELECT b.batch_id FROM ingest_batches b
                   WHERE b.rows_read <> (SELECT count(*) FROM incidents i WHERE i.org_id = b.org_id AND i.batch_id = b.batch_id)
                                        + (SELECT count(*) FROM ingest_rejects r WHERE r.org_id = b.org_id AND r.batch_id = b.batch_id)
                                        + b.rows_duplicate$$,
    'read = loaded + rejected + already loaded, for every batch');

-- a file of none of the format's columns (harden2): was loaded as empty incidents
SELECT throws_ok($$SELECT ingest_csv(1, 'ctdc', E'name,phone\nAlice,+44 7700 900123\n')$$, '22023',
    'the file has none of the ctdc columns', 'ingest_csv: a ctdc file without a ctdc column is refused');
SELECT throws_ok($$SELECT ingest_csv(1, 'htcds', E'name,phone\nAlice,+44 7700 900123\n')$$, '22023',
    'the file has none of the htcds columns', 'ingest_csv: an htcds file without an htcds column is refused');
SELECT is((SELECT count(*) FROM ingest_batches WHERE file_sha256 = sha256(convert_to(E'name,phone\nAlice,+44 7700 900123\n', 'UTF8'))),
    0::int8, 'ingest_csv: no batch is left of a refused file');

SELECT * FROM finish();
ROLLBACK;

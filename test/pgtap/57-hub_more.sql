-- Hub, fourth session: country codes resolved inside ctdc_rows, free text
-- and lower-case names kept out of what ingest writes back (rejects,
-- category_seen, unused_columns).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(24);

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
             (3, 'vic_TypeOfExploitation', '[withheld: free text]'),
             (4, 'vic_TypeOfExploitation', '[withheld: looks like personal data]')$$,
    'htcds: the same (a multi-select field is split at spaces, but a narrative shows none of its words)');
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

-- ---------------------------------------------------------------- supply chain: hot spot category
-- Around site S1 (org 1's supplier), cells at resolution 6: S1's cell and
-- its 6 neighbours hold 40 victims a month of organisation 2 (January to
-- June 2024), the 18 cells 3 steps away 11 a month (= k); S2's cell, 6
-- steps away, none; S3's cell, 8 steps away, 10 a month of organisation 2
-- and 5 of organisation 1 (the caller's own).
CREATE ROLE hm_buyer IN ROLE tst_hub_analyst;
CREATE ROLE hm_admin IN ROLE tst_hub_admin;
INSERT INTO org_members (member, org_id) VALUES ('hm_buyer', 1);
CREATE TEMP TABLE hs_geo AS
SELECT c0, (SELECT c FROM cell_ring(c0, 6) c ORDER BY c::text LIMIT 1) AS c2,
           (SELECT c FROM cell_ring(c0, 8) c ORDER BY c::text LIMIT 1) AS c3
  FROM (SELECT cell_parent(cell(10.0, 30.0, 8), 6) AS c0) x;
INSERT INTO supplier_sites (org_id, site_id, supplier, product, country, location) VALUES
    (1, 101, 'Hot Mill', 'industry/c/14', 'SD', ST_SetSRID(ST_MakePoint(30.0, 10.0), 4326)),
    (1, 102, 'Quiet Mill', 'industry/c/14', 'SD', (SELECT cell_center(c2) FROM hs_geo)),
    (1, 103, 'Small Mill', 'industry/c/14', 'SD', (SELECT cell_center(c3) FROM hs_geo));
CREATE TEMP TABLE hs_plan AS
SELECT c AS hcell, 40 AS others, 0 AS own FROM hs_geo, cell_disk(c0, 1) c
UNION ALL SELECT c, 11, 0 FROM hs_geo, cell_ring(c0, 3) c
UNION ALL SELECT c3, 10, 5 FROM hs_geo;
INSERT INTO incidents (org_id, occurred_from, occurred_to, geom, country, cell, location_precision, industry, victims)
SELECT CASE WHEN v <= p.others THEN 2 ELSE 1 END, make_date(2024, m, 15), make_date(2024, m, 15), g.pt, 'SD', cell(g.pt, 8),
       'point', 'industry/c/14', ARRAY[pseudonymise('raw', format('hs %s %s %s', p.hcell, m, v), 'hub')]
  FROM hs_plan p CROSS JOIN LATERAL (SELECT cell_center(p.hcell) AS pt) g,
       generate_series(1, 6) m, LATERAL generate_series(1, p.others + p.own) v;
-- the same analysis, written out: distinct victims per (cell, month), kept
-- where those of other organisations than the caller's reach 11
CREATE FUNCTION pg_temp.expected_category(site int8, caller_org int4) RETURNS text LANGUAGE sql AS $$
    WITH counts AS (
        SELECT cell_parent(i.cell, 6) AS hc, '2000-01-01 00:00+00'::timestamptz + (extract(month FROM i.occurred_from)::int - 1) * interval '1 day' AS m,
               count(DISTINCT v) AS n, count(DISTINCT v) FILTER (WHERE i.org_id IS DISTINCT FROM caller_org) AS o
          FROM incidents i, unnest(i.victims) v
         WHERE i.location_precision = 'point' AND i.occurred_from >= '2024-01-01' AND i.occurred_from < '2024-07-01'
         GROUP BY 1, 2)
    SELECT h.category
      FROM emerging_hotspots_grid((SELECT st_cube(hc, m, '1 day', '2000-01-01 00:00+00') FROM counts, generate_series(1, n) WHERE o >= 11),
                                  1, 1, NULL, 90, 0.05, true, 'current', 'cube') h
     WHERE h.cell = (SELECT cell_parent(cell, 6) FROM supplier_sites WHERE site_id = site)
$$;
SET ROLE hm_buyer;
CREATE TEMP TABLE hs_r AS SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 10) WHERE site_id > 100;
CREATE TEMP TABLE hs_short AS SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-03-01)', 10) WHERE site_id > 100;
RESET ROLE;
SET ROLE hm_admin;
CREATE TEMP TABLE hs_admin AS SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 10) WHERE site_id > 100;
RESET ROLE;
SELECT is((SELECT hotspot_category FROM hs_r WHERE site_id = 101), pg_temp.expected_category(101, 1),
    'supply chain: a site''s hotspot_category is the emerging hot spot category of its resolution-6 cell, computed independently');
SELECT ok((SELECT hotspot_category LIKE '% hot spot' AND hotspot_points = 20
                  AND risk_score = near_points + sector_points + trend_points + hotspot_points FROM hs_r WHERE site_id = 101),
    'supply chain: the site among 40 victims a month is in a hot spot: 20 points, in the score');
SELECT is((SELECT (hotspot_category, hotspot_points) FROM hs_r WHERE site_id = 102), (NULL::text, 0),
    'supply chain: a cell with no released month has no category');
SELECT is((SELECT (hotspot_category, hotspot_points) FROM hs_r WHERE site_id = 103), (NULL::text, 0),
    'supply chain: 10 victims of others a month (below k) plus 5 of the caller''s own: the cell stays out of the analysis');
SELECT is((SELECT hotspot_category FROM hs_admin WHERE site_id = 103), pg_temp.expected_category(103, NULL),
    'supply chain: an admin (no organisation) counts all 15: the cell is analysed and has a category');
SELECT ok((SELECT hotspot_category IS NOT NULL FROM hs_admin WHERE site_id = 103), 'supply chain: ... a category, not NULL');
SELECT is((SELECT count(*) FROM hs_short WHERE hotspot_category IS NOT NULL OR hotspot_points <> 0), 0::int8,
    'supply chain: a window of 2 months gives no categories (a trend needs 3)');

SELECT * FROM finish();
ROLLBACK;

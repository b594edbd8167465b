-- demo/tour.sql: a tour of tst_hub on a synthetic hub data set and on real
-- CTDC data: the taxonomy, pseudonyms and cubes (1-13), then the hub (14-21):
-- ingest, counts of people, suppression, a privacy budget, hot spots,
-- density, reports in 15 languages and a Key Judgement.  Run by tools/tour.sh
-- (tools/demo.sh --tour).
\set ON_ERROR_STOP on
\pset footer off
SET search_path = public, tst_hub;
SET client_min_messages = warning;

\echo
\echo '== 1. The hub vocabulary: 12 facets, labelled in 15 languages'
SELECT path AS facet, label(term, 'en') AS en, label(term, 'fr') AS fr, label(term, 'ar') AS ar,
       label(term, 'zh') AS zh, (SELECT count(*) FROM descendants(term)) AS terms_below
  FROM vocabulary WHERE depth = 0;

\echo
\echo '== 2. One term, written many ways: labels and synonyms in any of the 15 languages,'
\echo '      case-, accent- and width-insensitive (ICU), always stored and shown as the stable path'
SELECT input, input::term AS term
  FROM unnest(ARRAY['exploitation/labour', 'Forced labour', 'forced LABOR', 'Trabajo forzoso',
                    'Travail forcé', 'travail force', 'Принудительный труд', 'العمل الجبري',
                    '强迫劳动', 'Lao động cưỡng bức', 'lao dong cuong buc', 'ＦＯＲＣＥＤ　ＬＡＢＯＵＲ',
                    'Kazi ya kulazimishwa', 'ForcedLabour']) input;

\echo
\echo '== 3. Bad input is refused with a reason, never guessed'
\set ON_ERROR_STOP off
SELECT 'Servitude'::term;
SELECT 'exploitaton/labor'::term;
SELECT 'Forced lаbour'::term;
\set ON_ERROR_STOP on

\echo
\echo '== 4. The hierarchy: O(1) subsumption and roll-up from the code itself'
SELECT t AS term, depth(t), parent(t), rollup(t, 1) AS level_1, label(t, 'es') AS es,
       t <@ 'exploitation/sexual' AS is_sexual_exploitation
  FROM unnest(ARRAY['exploitation/sexual/online/children', 'exploitation/sexual/pornography',
                    'exploitation/labour/domestic_work', 'exploitation/criminality/online_scam']::term[]) t;

\echo
\echo '== 5. A synthetic hub: incidents by level-1 exploitation type (labels in Spanish)'
SELECT count(*) AS incidents, count(DISTINCT org_id) AS organisations, count(DISTINCT country) AS countries,
       min(occurred)::date AS first, max(occurred)::date AS last
  FROM bench.incidents;
SELECT rollup(exploitation, 1) AS type, label(rollup(exploitation, 1), 'es') AS tipo, count(*) AS incidents,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
  FROM bench.incidents GROUP BY 1 ORDER BY 3 DESC;

\echo
\echo '== 6. Subtree filters: everything under forced labour, by sub-type'
SELECT exploitation, label(exploitation), count(*)
  FROM bench.incidents WHERE exploitation <@ 'exploitation/labour'
 GROUP BY 1 ORDER BY 3 DESC;

\echo
\echo '== 7. Multi-select means of control (term_set): containment knows the hierarchy'
\echo '      ({control/threats/violence} @> control/threats), and a GIN index serves it'
CREATE INDEX IF NOT EXISTS incidents_means ON bench.incidents USING gin (means);
ANALYZE bench.incidents;
SELECT count(*) FILTER (WHERE means @> 'control/threats'::term) AS any_threats,
       count(*) FILTER (WHERE means @> 'control/threats/violence'::term) AS threats_of_violence,
       count(*) FILTER (WHERE means @> '{control/debt_bondage, control/withholds_documents}') AS debt_and_documents,
       count(*) FILTER (WHERE cardinality(means) = 0) AS none_recorded
  FROM bench.incidents;
EXPLAIN (COSTS OFF) SELECT count(*) FROM bench.incidents WHERE means @> '{control/debt_bondage, control/withholds_documents}';
SELECT term_set_agg(means) AS all_means_seen_in_one_org FROM bench.incidents WHERE org_id = 1;

\echo
\echo '== 8. Real CTDC data (victim-perpetrator synthetic release, 1 Dec 2022, 21,195 records)'
\echo '      mapped through the crosswalk'
CREATE TEMP TABLE ctdc (yearRegister text, gender text, majorityStatus text, isForcedLabour text,
    isSexualExploit text, UN_COO_Region text, UN_COE_Region text, IP_Exploiter text, IP_Gender text,
    IP_ageBroad text, IP_citizen_UNRegion text, IP_Relation text, IP_PayMoney text,
    IP_RecruiterBroker text, IP_TransactionProcess text, IP_ControlAbuseKidnap text);
\copy ctdc from program 'cat "$TST_HUB_ROOT/data/external/ctdc_vp_synthetic_2022_condensed.csv"' with (format csv, header true)
SELECT g.term AS gender, e.term AS exploitation, count(*) AS victims
  FROM ctdc
  LEFT JOIN LATERAL from_ctdc('gender', ctdc.gender) g ON true
  LEFT JOIN LATERAL (SELECT term FROM from_ctdc('isForcedLabour') WHERE ctdc.isForcedLabour = '1'
                     UNION ALL
                     SELECT term FROM from_ctdc('isSexualExploit') WHERE ctdc.isSexualExploit = '1') e ON true
 GROUP BY 1, 2 ORDER BY 3 DESC;

\echo
\echo '== 9. Crosswalks both ways; lossy mappings say so'
SELECT 'to CTDC' AS direction, t::text AS hub_term, f.field, f.value, f.match
  FROM unnest(ARRAY['exploitation/military/non_state', 'exploitation/sexual/online/children']::term[]) t,
       LATERAL to_ctdc(t) f
UNION ALL
SELECT 'to HTCDS', t::text, f.field, f.value, f.match
  FROM unnest(ARRAY['control/restricts_movement', 'exploitation/sexual/pornography']::term[]) t,
       LATERAL to_htcds(t) f
UNION ALL
SELECT 'from CTDC', f.term::text, 'isOtherExploit', '1', f.match FROM from_ctdc('isOtherExploit') f;

\echo
\echo '== 10. Partner categories: each organisation maps its own labels once; ingest counts'
\echo '       every label it meets, and the unmapped queue suggests a term where the label is clear'
INSERT INTO category_map (org_id, local_label, term) VALUES
    (42, 'Explotación laboral', 'exploitation/labour'),
    (42, 'Trata con fines de explotación sexual', 'exploitation/sexual');
SELECT label, observe_category(42, label) AS mapped_to
  FROM unnest(ARRAY['EXPLOTACION LABORAL', 'Trata con fines de explotacion sexual',
                    'Mendicidad forzada', 'mendicidad forzada', 'Matrimonio forzado', 'Otro']) label;
SELECT org_id, local_label, times_seen, suggestion FROM unmapped_categories;
DELETE FROM category_map WHERE org_id = 42;
DELETE FROM category_seen WHERE org_id = 42;

\echo
\echo '== 11. CTDC age bands and minors (Palermo art. 3(d): under 18)'
SELECT age_band(age) AS band, is_minor(age) AS minor, count(*) AS incidents
  FROM bench.incidents GROUP BY 1, 2 ORDER BY min(age);

\echo
\echo '== 12. Keyed pseudonyms: the same phone written three ways by two organisations is one'
\echo '       token; another scope gives an unlinkable token; the raw number is never stored'
SELECT key_create('hub') AS hub_key, key_create('org:42') AS org_key;
SELECT org, spelling, pseudonymise('phone', spelling, 'hub', country) AS hub_token,
       mask_phone(spelling) AS shown_to_analysts
  FROM (VALUES ('A', '07911 123456', 'GB'), ('A', '+44 7911 123456', 'GB'),
               ('B', '0044-7911-123456', 'PL'), ('B', '+٤٤ ٧٩١١ ١٢٣٤٥٦', NULL)) v(org, spelling, country);
SELECT pseudonymise('phone', '+447911123456', 'hub') = pseudonymise('phone', '+447911123456', 'org:42')
       AS linkable_across_scopes;

\echo
\echo '== 13. Hotspots: a space-time cube of the synthetic hub (hexagons of ~30 km, weekly bins),'
\echo '       built in one pass, stored, and read back; the busiest cells of the last 4 weeks'
CREATE TEMP TABLE cubes AS
SELECT st_cube(cell(lat, lon, 5), occurred, '1 week') AS c FROM bench.incidents;
SELECT cube_resolution(c), cube_total(c) AS incidents, cube_entry_count(c) AS cell_weeks FROM cubes;
SELECT cell, ST_AsText(cell_center(cell), 2) AS centre, sum(n) AS incidents
  FROM cubes, cube_cells(cube_slice(c, '2025-12-01', '2026-01-01'))
 GROUP BY cell ORDER BY 3 DESC, 1 LIMIT 5;
\echo '       implicit zeros: every cell and week of a study area (3 degrees around the busiest'
\echo '       cell), counted or not, because hotspot statistics need the empty cells too'
WITH top AS (
    SELECT cell FROM cubes, cube_cells(cube_slice(c, '2025-12-01', '2026-01-01'))
     GROUP BY cell ORDER BY sum(n) DESC, cell LIMIT 1
)
SELECT count(*) AS cell_weeks, count(*) FILTER (WHERE n = 0) AS zero_cell_weeks, sum(n) AS incidents
  FROM cubes, top,
       cube_cells(cube_slice(c, '2025-12-01', '2026-01-01'), ST_Expand(cell_center(top.cell), 1.5),
                  '2025-12-01', '2025-12-29');

\echo
\echo '== 14. The hub: organisations load partner exports with ingest_csv. The real CTDC export'
\echo '       loads as published; a partner file with broken records keeps the good ones and'
\echo '       says, per record, what is wrong; loading the same file again changes nothing'
INSERT INTO organisations (org_id, code, name) VALUES (1, 'ctdc', 'CTDC release'), (2, 'ngo-b', 'NGO B');
\set vp `cat "$TST_HUB_ROOT/data/external/ctdc_vp_synthetic_2022_condensed.csv"`
\set sample `cat "$TST_HUB_ROOT/test/data/ctdc_sample.csv"`
SELECT batch_id, rows_read, rows_accepted, rows_rejected FROM ingest_csv(1, 'ctdc', :'vp', NULL, 'ctdc_vp_2022.csv');
SELECT batch_id, rows_read, rows_accepted, rows_rejected FROM ingest_csv(2, 'ctdc', :'sample', NULL, 'partner.csv');
SELECT line, column_name, reason, value FROM ingest_rejects ORDER BY line LIMIT 6;
SELECT batch_id, rows_accepted AS same_batch_again FROM ingest_csv(1, 'ctdc', :'vp', NULL, 'copy of the export.csv');

\echo
\echo '== 15. Counts of people, not rows, withheld below k = 11 with a reason'
SELECT exploitation, region, safe_count_r(v) AS victims
  FROM incidents, unnest(victims) v
 WHERE exploitation IS NOT NULL
 GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 12;

\echo
\echo '== 16. Complementary suppression: no withheld cell can be recovered from the totals'
WITH t AS (
    SELECT coalesce(region, 'unknown') AS r, coalesce(gender::text, 'unknown') AS g,
           count(DISTINCT v) AS n
      FROM incidents, unnest(victims) v WHERE reported_on >= '2018-01-01' GROUP BY 1, 2)
SELECT s.* FROM (SELECT array_agg(r) r, array_agg(g) g, array_agg(n) n FROM t) a,
       suppress_crosstab(a.r, a.g, a.n) s
 ORDER BY row_key NULLS LAST, col_key NULLS LAST;

\echo
\echo '== 17. Differential privacy with a budget kept in the database: reserve, then release;'
\echo '       every group is paid for, and the budget refuses when it is spent'
SELECT dp_budget_create('tour', current_user, 1.0);
SELECT dp_reserve('tour', 1.0) AS credit;
SELECT region, dp_count(v, 0.25, 'tour') AS victims_with_noise
  FROM incidents, unnest(victims) v WHERE region IN ('Africa', 'Americas/Oceania', 'Asia', 'Europe') GROUP BY 1 ORDER BY 1;
SELECT budget, epsilon, spent FROM my_dp_budgets;
SELECT coalesce(sum(epsilon), 0) AS credit_left FROM dp_credit();
\set ON_ERROR_STOP off
SELECT dp_reserve('tour', 0.1);
\set ON_ERROR_STOP on

\echo
\echo '== 18. Hot spots (Getis-Ord Gi*, zeros included) in the synthetic hub, ~30 km hexagons,'
\echo '       December 2025; then the emerging hot spot categories of 2025 in 28-day bins'
CREATE TEMP TABLE cube2025 AS
SELECT st_cube(cell(lat, lon, 5), occurred, '28 days', '2025-01-01') AS c
  FROM bench.incidents WHERE occurred >= '2025-01-01' AND occurred < '2026-01-01';
SELECT cell, ST_AsText(cell_center(cell), 1) AS centre, value AS incidents, round(z::numeric, 2) AS z, bin AS gi_bin
  FROM hotspots((SELECT c FROM cube2025))
 WHERE bin_start = (SELECT max(bin_start) FROM hotspots((SELECT c FROM cube2025)))
 ORDER BY z DESC NULLS LAST, cell LIMIT 5;
SELECT category, count(*) AS cells FROM emerging_hotspots((SELECT c FROM cube2025)) GROUP BY 1 ORDER BY 2 DESC;

\echo
\echo '== 19. Kernel density (ArcGIS quartic kernel, default bandwidth rule), whole of 2025'
SELECT cell, round(density::numeric, 4) AS incidents_per_km2
  FROM kernel_density((SELECT c FROM cube2025), all_time => true)
 ORDER BY density DESC, cell LIMIT 3;

\echo
\echo '== 20. Reports from the phone app, in any of 15 languages: personal data redacted,'
\echo '       the text mapped onto the taxonomy (negation understood)'
SELECT detect_language(m) AS lang, pii_redact(m) AS redacted, c.exploitation, c.means
  FROM (VALUES ('My sister Maria works at the car wash on 12 Mill Road, they took her passport. Call +44 7700 900123'),
               ('Mi hermano trabaja en una finca, no le pagan y el patrón tiene sus documentos. Escribe a ana.perez@example.com'),
               ('Меня заставляли работать на стройке без оплаты, паспорт забрали. Они нас не били.')) v(m),
       classify_report(m) c;

\echo
\echo '== 21. Intelligence: a Key Judgement in PHIA words with its confidence, and released'
\echo '       figures only (a count below k is printed as "fewer than 11", never as a number)'
SELECT render_body(report_body('Labour exploitation in hand car washes',
    key_judgement('Labour exploitation in hand car washes in the region will increase in 2026',
                  'likely', 'moderate', ARRAY(SELECT incident_id FROM incidents ORDER BY incident_id LIMIT 3),
                  during => daterange('2026-01-01', '2027-01-01')),
    (SELECT report_figures('Victims by region (2018 on)', array_agg(coalesce(region, 'unknown') ORDER BY region),
                           array_agg(n ORDER BY region))
       FROM (SELECT region, safe_count_r(v) AS n FROM incidents, unnest(victims) v
              WHERE reported_on >= '2018-01-01' GROUP BY region) x)));

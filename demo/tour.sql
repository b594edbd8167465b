-- demo/tour.sql: a short tour of tst_hub's taxonomy features on a synthetic
-- hub data set and on real CTDC data.  Run by tools/demo.sh.
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

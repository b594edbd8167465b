-- demo/report.sql: an intelligence report with Key Judgements, written from the
-- analyses of demo/analyses.sql with the report functions (sql/install/46-reports.sql,
-- docs/REPORTS.md) and stored in tst_hub.intelligence_reports (tools/demo.sh step 5).
--
-- Author: the session user, working for organisation 1 (the international NGO).
-- Every count in the body is a released value (report_figures refuses anything
-- else); prose carries no counts of persons. Key Judgements come from the emerging
-- hot spots (rising and falling areas) and from the weekly trends, with a PHIA
-- likelihood chosen from the Mann-Kendall p of the area's trend.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET search_path = public, tst_hub;

SELECT value AS data_date FROM demo.meta WHERE key = 'data_date' \gset
INSERT INTO org_members (member, org_id) VALUES (session_user::regrole, 1) ON CONFLICT DO NOTHING;

-- Areas: emerging hot spot cells that rise (new, consecutive, intensifying with
-- an upward trend, or any other hot spot whose z rises significantly) or fall (diminishing or historical, with a downward trend), grouped by country and the type of
-- exploitation most of their records have, ranked by growth (records of the last
-- 12 months over the 12 before; used for the choice only, never printed). One
-- pass over the incidents (demo.cell_facts); org 1's records there are the evidence.
DROP TABLE IF EXISTS demo.cell_facts, demo.kj_areas, demo.kj_cells;
CREATE TABLE demo.cell_facts AS
SELECT cell_parent(i.cell, 5) AS cell, i.country, i.exploitation,
       count(*) FILTER (WHERE i.occurred_from > :'data_date'::date - 365) AS last_year,
       count(*) FILTER (WHERE i.occurred_from > :'data_date'::date - 730
                          AND i.occurred_from <= :'data_date'::date - 365) AS year_before,
       count(*) AS all_years
  FROM incidents i
 WHERE i.location_precision = 'point' AND depth(i.exploitation) >= 1
   AND cell_parent(i.cell, 5) IN (SELECT cell FROM demo.emerging)
 GROUP BY 1, 2, 3;
CREATE TABLE demo.kj_cells AS
SELECT e.cell, e.trend_p, d.direction,
       (SELECT f.country FROM demo.cell_facts f WHERE f.cell = e.cell
         GROUP BY 1 ORDER BY sum(f.all_years) DESC, 1 LIMIT 1) AS country,
       (SELECT f.exploitation FROM demo.cell_facts f WHERE f.cell = e.cell
         ORDER BY CASE d.direction WHEN 'rising' THEN f.last_year ELSE f.all_years - f.last_year END DESC,
                  f.exploitation LIMIT 1) AS type,
       (SELECT sum(f.last_year) FROM demo.cell_facts f WHERE f.cell = e.cell) AS last_year,
       (SELECT sum(f.year_before) FROM demo.cell_facts f WHERE f.cell = e.cell) AS year_before
  FROM demo.emerging e
 CROSS JOIN LATERAL (SELECT CASE WHEN e.category IN ('new hot spot', 'consecutive hot spot', 'intensifying hot spot')
                                      AND e.trend_z > 0 THEN 'rising'
                                 -- a hot spot on and off whose z rises significantly
                                 WHEN e.category LIKE '% hot spot' AND e.category NOT IN ('diminishing hot spot', 'historical hot spot')
                                      AND e.trend_z > 0 AND e.trend_p < 0.05 THEN 'rising'
                                 WHEN e.category IN ('diminishing hot spot', 'historical hot spot')
                                      AND e.trend_z < 0 THEN 'falling' END AS direction) d
 WHERE d.direction IS NOT NULL;
CREATE TABLE demo.kj_areas AS
WITH areas AS (
    SELECT country, direction, type, array_agg(cell ORDER BY cell) AS cells, min(trend_p) AS trend_p,
           -- smoothed, so that 5 records after 1 do not outrank 1,500 after 170
           (sum(last_year) + 20)::float8 / (sum(year_before) + 20) AS growth
      FROM demo.kj_cells WHERE country IS NOT NULL AND type IS NOT NULL
     GROUP BY 1, 2, 3
)
SELECT row_number() OVER (ORDER BY a.direction DESC, a.growth DESC, a.country) AS area_id, a.*,
       c.name AS country_name,
       ST_Centroid(ST_Collect(ARRAY(SELECT cell_center(x) FROM unnest(a.cells) x))) AS centre,
       row_number() OVER (PARTITION BY a.direction
                          ORDER BY CASE a.direction WHEN 'rising' THEN -a.growth ELSE a.growth END, a.country) AS rk
  FROM areas a JOIN countries c ON c.iso2 = a.country;

-- Released victims of each candidate area in the last 12 months and org 1's
-- latest records there, in one pass.
ALTER TABLE demo.kj_areas ADD COLUMN victims released, ADD COLUMN evidence int8[];
WITH m AS (
    SELECT a.area_id, x AS cell FROM demo.kj_areas a, unnest(a.cells) x
), hits AS (
    SELECT m.area_id, i.org_id, i.incident_id, i.occurred_from, i.victims
      FROM incidents i JOIN m ON m.cell = cell_parent(i.cell, 5)
     WHERE i.location_precision = 'point' AND i.occurred_from > :'data_date'::date - 365
), v AS (
    SELECT h.area_id, safe_count_r(p) AS victims FROM hits h, unnest(h.victims) p GROUP BY 1
), e AS (
    SELECT area_id, (array_agg(incident_id ORDER BY occurred_from DESC, incident_id))[1:25] AS evidence
      FROM hits WHERE org_id = 1 GROUP BY 1
)
UPDATE demo.kj_areas a SET victims = v.victims, evidence = e.evidence
  FROM v LEFT JOIN e USING (area_id)
 WHERE v.area_id = a.area_id;
-- org 1 has no record in the area: its latest records of the type in the country
UPDATE demo.kj_areas a SET evidence = ARRAY(
    SELECT i.incident_id FROM incidents i
     WHERE i.org_id = 1 AND i.country = a.country AND i.exploitation <@ a.type
     ORDER BY i.occurred_from DESC NULLS LAST, i.incident_id LIMIT 25)
 WHERE a.evidence IS NULL;
-- no judgement on an area whose victims are withheld (fewer than k)
DELETE FROM demo.kj_areas WHERE coalesce(cardinality(evidence), 0) = 0 OR (victims).value IS NULL;
-- the three fastest-growing rising areas and the fastest-falling one
DELETE FROM demo.kj_areas a
 USING (SELECT area_id, row_number() OVER (PARTITION BY direction ORDER BY rk) AS n FROM demo.kj_areas) r
 WHERE r.area_id = a.area_id AND r.n > CASE a.direction WHEN 'rising' THEN 3 ELSE 1 END;

CREATE FUNCTION pg_temp.likelihood_of(p float8) RETURNS likelihood
    LANGUAGE sql IMMUTABLE AS $$
    SELECT (CASE WHEN p < 0.001 THEN 'highly likely' WHEN p < 0.05 THEN 'likely'
                 ELSE 'realistic possibility' END)::likelihood
$$;
CREATE FUNCTION pg_temp.place(a demo.kj_areas) RETURNS text
    LANGUAGE sql STABLE AS $$
    SELECT format('%s (%s cell%s of about 30 km around %s° %s, %s° %s)', a.country_name, cardinality(a.cells),
                  CASE WHEN cardinality(a.cells) > 1 THEN 's' ELSE '' END,
                  round(abs(ST_Y(a.centre))::numeric, 1), CASE WHEN ST_Y(a.centre) >= 0 THEN 'N' ELSE 'S' END,
                  round(abs(ST_X(a.centre))::numeric, 1), CASE WHEN ST_X(a.centre) >= 0 THEN 'E' ELSE 'W' END)
$$;

DELETE FROM intelligence_reports WHERE org_id = 1 AND title LIKE 'Hub assessment%';
INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
SELECT 1, 'key_judgement', 'Hub assessment: emerging hot spots and trends to ' || :'data_date', 'hub', '2B P',
       report_body(
           'Exploitation recorded by the hub''s organisations is concentrated in a few places and rising in some: '
           || coalesce((SELECT string_agg(label(type) || ' in ' || country_name, '; ' ORDER BY area_id)
                          FROM demo.kj_areas WHERE direction = 'rising'), 'no new or intensifying hot spot was found')
           || '. Counts are distinct victims (keyed pseudonyms), released only from '
           || (SELECT value FROM demo.meta WHERE key = 'k') || ' persons up.',
           VARIADIC ARRAY[
               report_text('Scope and method',
                   'All organisations of the hub, records up to ' || :'data_date' || '. Victims are counted as distinct '
                   || 'persons across organisations (the same keyed pseudonym in two organisations is one person). '
                   || 'Hot spots: Getis-Ord Gi* on hexagons of about 30 km (grid resolution 5) in 91-day bins, '
                   || 'computed from the counts of cells with at least k victims only; '
                   || 'emerging hot spots: space-time Gi* in 28-day bins over five years and the Mann-Kendall trend '
                   || 'of each cell (ArcGIS categories), shown only for cells with at least k victims over the period. '
                   || 'Trends: Sen slope and Mann-Kendall test of weekly released counts. '
                   || 'Likelihood terms follow the UK PHIA yardstick; the data are synthetic (tools/demo.sh).')]
           || ARRAY(SELECT key_judgement(
                          CASE a.direction
                              WHEN 'rising' THEN format('recorded cases of %s in %s will keep increasing over the next six months',
                                                        lower(label(a.type)), pg_temp.place(a))
                              ELSE format('recorded cases of %s in %s have declined and will stay below their earlier level over the next six months',
                                          lower(label(a.type)), pg_temp.place(a)) END,
                          pg_temp.likelihood_of(a.trend_p),
                          CASE WHEN cardinality(a.cells) >= 3 THEN 'moderate' ELSE 'low' END::confidence,
                          a.evidence,
                          terms => term_set(a.type),
                          during => daterange(:'data_date'::date + 1, :'data_date'::date + 182),
                          cells => a.cells)
                      FROM demo.kj_areas a ORDER BY a.area_id)
           || ARRAY(SELECT key_judgement(
                          format('the weekly number of recorded victims of %s will keep rising over the next six months (Sen slope %s a week, Mann-Kendall p %s)',
                                 lower(s.series), to_char(s.sen_slope, 'FM990.00'),
                                 CASE WHEN s.mk_p < 0.001 THEN '< 0.001' ELSE to_char(s.mk_p, 'FM0.000') END),
                          pg_temp.likelihood_of(s.mk_p), 'moderate'::confidence,
                          ARRAY(SELECT i.incident_id FROM incidents i
                                 WHERE i.org_id = 1 AND i.exploitation <@ t.type
                                 ORDER BY i.occurred_from DESC NULLS LAST, i.incident_id LIMIT 25),
                          during => daterange(:'data_date'::date + 1, :'data_date'::date + 182))
                      FROM demo.trend_slopes s
                      JOIN (SELECT DISTINCT ON (label(type)) label(type) AS series, type FROM demo.weekly) t USING (series)
                     WHERE s.sen_slope > 0 AND s.mk_p < 0.05
                       AND EXISTS (SELECT 1 FROM incidents i WHERE i.org_id = 1 AND i.exploitation <@ t.type)
                     ORDER BY s.sen_slope DESC LIMIT 2)
           || ARRAY[
               report_figures('Victims in the areas of the Key Judgements, last 12 months',
                   ARRAY(SELECT label(type) || ', ' || country_name FROM demo.kj_areas ORDER BY area_id),
                   ARRAY(SELECT victims FROM demo.kj_areas ORDER BY area_id)),
               report_figures('Victims by type of exploitation, last 12 months',
                   ARRAY(SELECT label FROM demo.victims_by_type ORDER BY (victims).value DESC NULLS LAST, label),
                   ARRAY(SELECT victims FROM demo.victims_by_type ORDER BY (victims).value DESC NULLS LAST, label)),
               report_figures('Victims by UN region of exploitation, last 12 months',
                   ARRAY(SELECT label FROM demo.victims_by_region ORDER BY label),
                   ARRAY(SELECT victims FROM demo.victims_by_region ORDER BY label)),
               report_text('Weekly trends (top five types)',
                   (SELECT string_agg(format('%s: Sen slope %s victims a week, Mann-Kendall p %s.', series,
                                             to_char(sen_slope, 'FM990.00'),
                                             CASE WHEN mk_p < 0.001 THEN '< 0.001' ELSE to_char(mk_p, 'FM0.000') END),
                                      ' ' ORDER BY sen_slope DESC)
                      FROM demo.trend_slopes)),
               report_figures('Supply chain: victims recorded within 20 km of the riskiest supplier sites, last 12 months',
                   ARRAY(SELECT format('%s, %s (%s), risk score %s', supplier, label(product), country, risk_score)
                           FROM demo.supply_chain ORDER BY risk_score DESC, site_id LIMIT 5),
                   ARRAY(SELECT ROW(near_victims, near_reason)::released
                           FROM demo.supply_chain ORDER BY risk_score DESC, site_id LIMIT 5))
           ]) AS body
RETURNING report_id \gset
INSERT INTO demo.meta VALUES ('report_id', :'report_id')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
SELECT count(*) AS kjs FROM demo.kj_areas \gset
\echo '    report' :report_id 'written (Key Judgements on' :kjs 'areas, plus trends)'

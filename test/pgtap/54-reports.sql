-- Intelligence reports: Key Judgements validated and worded in PHIA and
-- ICD 203 terms; figures are released counts only, so no report stores or
-- prints a count below k (not even a hand-written body, not even after the
-- hub raises k); row-level security by author, organisation and audience.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(84);

-- Two organisations, analysts of each, an admin
INSERT INTO organisations (org_id, code, name) VALUES (1, 'buyer', 'Buyer Ltd'), (2, 'ngo', 'Helpline NGO');
CREATE ROLE rep_alice; CREATE ROLE rep_carol; CREATE ROLE rep_bob; CREATE ROLE rep_adam;
GRANT tst_hub_analyst TO rep_alice, rep_carol, rep_bob;
GRANT tst_hub_admin TO rep_adam;
INSERT INTO org_members (member, org_id) VALUES ('rep_alice', 1), ('rep_carol', 1), ('rep_bob', 2);
SELECT key_create('rep_test');
INSERT INTO incidents (org_id, incident_id, record_ref, country) VALUES
    (1, 1001, pseudonymise('raw', 'r1', 'rep_test'), 'GB'),
    (1, 1002, pseudonymise('raw', 'r2', 'rep_test'), 'GB'),
    (2, 2001, pseudonymise('raw', 'r3', 'rep_test'), 'FR');
-- Released values: 12 persons in GB, 3 in FR
CREATE TEMP TABLE rel AS
SELECT c, safe_count_r(pseudonymise('raw', c || i, 'rep_test')) AS r
  FROM (SELECT 'GB' AS c, i FROM generate_series(1, 12) i UNION ALL SELECT 'FR', i FROM generate_series(1, 3) i) x
 GROUP BY c;
GRANT SELECT ON rel TO PUBLIC;

-- ---------------------------------------------------------------------------
-- key_judgement
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE kj AS SELECT key_judgement(
    'Labour exploitation in car washes in the area will increase', 'likely (70%)', 'moderate', '{1002,1001,1002}',
    ST_GeomFromText('POLYGON((0 51, 1 51, 1 52, 0 52, 0 51))', 4326), '{exploitation/labour}',
    '[2025-01-01,2025-07-01)') AS j;
GRANT SELECT ON kj TO PUBLIC;
SELECT is((SELECT j->'evidence' FROM kj), '[1001, 1002]'::jsonb, 'evidence: distinct incident ids, sorted');
SELECT is((SELECT array[j->>'phia', j->>'icd203', j->>'confidence'] FROM kj),
    ARRAY['likely (70%)', 'icd203:likely (70%)', 'moderate'], 'the likelihood in PHIA and ICD 203 terms, and the confidence');
SELECT is((SELECT j->'window' FROM kj), '["2025-01-01", "2025-06-30"]'::jsonb, 'the window as first and last day');
SELECT is((SELECT j->'area'->'bbox' FROM kj), '[0, 51, 1, 52]'::jsonb, 'the area''s bounding box');
SELECT is((SELECT array[j->>'phia', j->>'phia_lossy'] FROM (SELECT key_judgement('s', 'icd203:very likely', 'low', '{1}') AS j) x),
    ARRAY['highly likely', 'true'], 'an ICD 203 term gets the PHIA term it overlaps most, flagged lossy');
SELECT is((SELECT j->'area' FROM (SELECT key_judgement('s', 'likely', 'low', '{1}',
                                   cells => ARRAY['h8:1:2', 'h8:1:1', 'h8:1:2']::cell[]) AS j) x),
    '{"cells": ["h8:1:1", "h8:1:2"]}'::jsonb, 'an area of cells: distinct, sorted');
SELECT throws_ok($$SELECT key_judgement(NULL, 'likely', 'low', '{1}')$$, '22004',
    'key_judgement statement must not be NULL', 'NULL statement: 22004');
SELECT throws_ok($$SELECT key_judgement('s', NULL, 'low', '{1}')$$, '22004',
    'key_judgement likelihood must not be NULL', 'NULL likelihood: 22004');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', NULL, '{1}')$$, '22004',
    'key_judgement confidence must not be NULL', 'NULL confidence: 22004');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', NULL)$$, '22004',
    'key_judgement evidence must not be NULL', 'NULL evidence: 22004');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', '{1,NULL}')$$, '22004',
    'key_judgement evidence[2] is NULL', 'a NULL incident id: 22004');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', '{}')$$, '22023',
    'key_judgement evidence is empty: a judgement must rest on at least one incident', 'no evidence: 22023');
SELECT throws_ok($$SELECT key_judgement(E' \n', 'likely', 'low', '{1}')$$, '22023',
    'key_judgement statement must not be empty', 'blank statement: 22023');
SELECT throws_ok($$SELECT key_judgement(repeat('x', 2001), 'likely', 'low', '{1}')$$, '22023',
    'key_judgement statement has 2001 characters; at most 2000 are allowed', 'overlong statement: 22023');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', '{1}', ST_SetSRID(ST_MakePoint(0, 51), 4326))$$, '22023',
    'key_judgement area must be a non-empty polygon or multipolygon, not POINT', 'a point is no area: 22023');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', '{1}', ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))', 27700))$$, '22023',
    'key_judgement area must be in longitude/latitude (SRID 4326), not SRID 27700', 'another SRID: 22023');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', '{1}', ST_GeomFromText('POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))', 4326))$$, '22023',
    NULL, 'a self-intersecting polygon: 22023');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', '{1}', during => '[2025-01-01,)')$$, '22023',
    'key_judgement window [2025-01-01,) is unbounded: a judgement covers a stated period', 'an unbounded window: 22023');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', '{1}', during => 'empty')$$, '22023',
    'key_judgement window is empty', 'an empty window: 22023');
SELECT throws_ok($$SELECT key_judgement('s', 'likely', 'low', '{1}', ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326), cells => '{h8:1:1}')$$, '22023',
    'key_judgement takes an area or cells, not both', 'area and cells: 22023');

-- ---------------------------------------------------------------------------
-- figures: released values only
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE figs AS
SELECT report_figures('Victims by country', array_agg(c ORDER BY c DESC), array_agg(r ORDER BY c DESC)) AS f FROM rel;
GRANT SELECT ON figs TO PUBLIC;
SELECT is((SELECT f->'rows' FROM figs),
    '[{"label": "GB", "value": 12, "reason": null}, {"label": "FR", "value": null, "reason": "below_k"}]'::jsonb,
    'figures hold safe_count_r''s released values: GB 12, FR withheld below k');
SELECT throws_ok($$SELECT report_figure('FR', (3, NULL)::released)$$, '22023',
    'figure "FR" is not a released count of at least k = 11 persons',
    'a raw count below k is refused, and the error does not say it');
SELECT throws_ok($$SELECT report_figure('GB', (12.5, NULL)::released)$$, '22023', NULL, 'a fraction is no count: 22023');
SELECT throws_ok($$SELECT report_figure('GB', (12, 'below_k')::released)$$, '22023',
    'figure "GB" has both a value and a reason', 'a value with a reason: 22023');
SELECT throws_ok($$SELECT report_figure('GB', (NULL, NULL)::released)$$, '22004',
    'report_figures figures[1] is NULL', 'neither value nor reason: 22004');
SELECT throws_ok($$SELECT report_figure('GB', (12, NULL)::released, 5)$$, '42501',
    'report_figures k 5 is below the hub''s tst_hub.min_k 11', 'k below the hub''s threshold: 42501');
SELECT throws_ok($$SELECT report_figures(NULL, '{a,b}', ARRAY[(12, NULL)::released])$$, '22023',
    'report_figures has 2 labels but 1 figures', 'labels and figures of different lengths: 22023');
SELECT throws_ok($$SELECT report_figures(NULL, '{a}', ARRAY[NULL::released])$$, '22004',
    'report_figures figures[1] is NULL', 'a NULL figure: 22004');
SELECT is((SELECT (report_figure('GB', (12, NULL)::released, 12))->>'k'), '12', 'an explicit k may raise the threshold');

-- ---------------------------------------------------------------------------
-- bodies and rendering
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE body AS
SELECT report_body('Car washes in the north', report_text('Background', 'Prose by the author.'), kj.j, figs.f) AS b
  FROM kj, figs;
GRANT SELECT ON body TO PUBLIC;
CREATE TEMP TABLE md AS SELECT render_body(b) AS m FROM body;
SELECT matches((SELECT m FROM md), E'\\| GB \\| 12 \\|\n\\| FR \\| fewer than 11 \\|', 'a released count is printed, a withheld one as "fewer than 11"');
SELECT matches((SELECT m FROM md), 'It is \*\*likely\*\* \(70 %\) that Labour exploitation in car washes',
    'a Key Judgement reads "It is likely (70 %) that ..."');
SELECT matches((SELECT m FROM md), 'PHIA yardstick "likely" \(55–75 %\); ICD 203 "likely" \(55–80 %\)',
    'with its PHIA and ICD 203 terms and ranges');
SELECT matches(render_body(report_body(NULL, key_judgement('s', 'icd203:roughly even chance', 'low', '{1}'))),
    'There is a \*\*roughly even chance\*\* that s.*PHIA yardstick "realistic possibility" \(40–50 %\), the nearest term; ICD 203 "roughly even chance" \(45–55 %\) \(as written\)',
    'a judgement leads with the term as written and gives both yardsticks');
SELECT matches((SELECT m FROM md), 'Analytic confidence: moderate', 'and the confidence apart from the likelihood');
SELECT unalike((SELECT m FROM md), '%1001%', 'incident ids are not printed');
SELECT matches(render_body(report_body(NULL, report_figure(E'a|b\nc', (40, NULL)::released))), E'\\| a\\\\\\|b c \\| 40 \\|',
    'a label cannot break the table (pipe escaped, line break removed)');
SELECT is(render_body(report_body(NULL, report_text(NULL, '<script>x</script> *kept*'))), E'\\<script>x\\</script> *kept*\n',
    'prose keeps its markdown but no raw HTML');
SELECT throws_ok($$SELECT render_body('{"blocks": [{"type": "figures", "heading": null, "k": 11,
                                      "rows": [{"label": "FR", "value": 3, "reason": null}]}]}')$$, '22023',
    'figure "FR" is not a released count of at least k = 11 persons', 'a hand-written body with a raw count is not rendered');
SELECT is(render_body('{"blocks": [{"type": "figures", "heading": null, "k": 3,
                        "rows": [{"label": "FR", "value": 3, "reason": null}]}]}'),
    E'| | persons |\n|---|---:|\n| FR | fewer than 11 |\n\nCounts of distinct persons; a count of fewer than 11 persons is not shown.\n',
    'a figure that passed a lower k is printed as fewer than the hub''s k');
SELECT throws_ok($$SELECT render_body((SELECT jsonb_set(b, '{blocks,1,phia}', '"almost certain"') FROM body))$$, '22023',
    'a key_judgement block of the report body differs from what key_judgement() makes of its fields',
    'an edited Key Judgement is refused');
SELECT throws_ok($$SELECT render_body('{"blocks": [{"type": "html", "text": "<b>"}]}')$$, '22023',
    'report block 1 has unknown type "html"', 'an unknown block type is refused');
SELECT throws_ok($$SELECT render_body('[1, 2]')$$, '22023', NULL, 'a body that is not an object is refused');
SELECT throws_ok($$SELECT render_body(NULL)$$, '22004', 'report body must not be NULL', 'a NULL body: 22004');
-- The hub raises k after a report was written: 12 is no longer printed
SET LOCAL tst_hub.min_k = 20;
SELECT matches(render_body((SELECT b FROM body)), E'\\| GB \\| fewer than 20 \\|', 'after k is raised to 20, a stored 12 prints as fewer than 20');
RESET tst_hub.min_k;

-- ---------------------------------------------------------------------------
-- the table: who writes and reads what
-- ---------------------------------------------------------------------------
SET ROLE rep_alice;
INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
SELECT 1, 'intelligence', 'Car washes (organisation)', 'organisation', '1B P', b FROM body;
INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
SELECT 1, 'intelligence', 'Car washes (hub)', 'hub', '1B P', report_body('Shared', report_text(NULL, 'Prose.'), figs.f) FROM figs;
INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, conditions, body)
SELECT 1, 'key_judgement', 'Car washes (draft)', 'author', '2C C', 'police only', b FROM body;
SELECT is((SELECT array_agg(author ORDER BY report_id) FROM intelligence_reports),
    ARRAY['rep_alice', 'rep_alice', 'rep_alice']::name[], 'an analyst writes reports of their organisation under their own name');
SELECT throws_ok($$INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body, author)
                   VALUES (1, 'intelligence', 't', 'hub', '1B P', '{"blocks": []}', 'rep_bob')$$, '42501', NULL,
    'the author cannot be chosen');
SELECT throws_ok($$INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
                   VALUES (2, 'intelligence', 't', 'hub', '1B P', '{"blocks": []}')$$, '42501', NULL,
    'nor another organisation');
SELECT throws_ok($$INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
                   VALUES (1, 'intelligence', 't', 'hub', '1B P',
                           '{"blocks": [{"type": "figures", "heading": null, "k": 11,
                             "rows": [{"label": "FR", "value": 3, "reason": null}]}]}')$$, '22023',
    'figure "FR" is not a released count of at least k = 11 persons', 'a raw count below k is never stored');
SELECT throws_ok($$INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
                   VALUES (1, 'intelligence', 't', 'hub', '1B P',
                           '{"blocks": [{"type": "figures", "heading": null, "k": 3,
                             "rows": [{"label": "FR", "value": 3, "reason": null}]}]}')$$, '42501', NULL,
    '... nor one released at a k below the hub''s');
SELECT throws_ok($$INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
                   VALUES (1, 'safeguarding', 't', 'hub', '1B P', '{"blocks": []}')$$, '23514', NULL,
    'a safeguarding note never goes hub-wide');
SELECT throws_ok($$INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
                   VALUES (1, 'intelligence', 't', 'hub', '1B C', '{"blocks": []}')$$, '23514', NULL,
    'handling code C needs its conditions');
SELECT throws_ok($$INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
                   VALUES (1, 'key_judgement', 't', 'organisation', '1B P', '{"blocks": []}')$$, '22023',
    'a key_judgement report must hold at least one key_judgement block', 'a Key Judgement report needs a Key Judgement');
SELECT throws_ok($$INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
                   VALUES (1, 'key_judgement', 't', 'organisation', '1B P',
                           report_body(NULL, key_judgement('s', 'likely', 'low', '{1001,2001}')))$$, '22023',
    'key judgement evidence 2001 is not an incident of organisation 1 that you can see',
    'evidence must be incidents of the report''s organisation');
SELECT throws_ok($$UPDATE intelligence_reports SET created = now() - interval '1 year'$$, '42501', NULL,
    'the date written cannot be changed');
RESET ROLE;

SET ROLE rep_carol;
SELECT is((SELECT array_agg(title ORDER BY report_id) FROM intelligence_reports),
    ARRAY['Car washes (organisation)', 'Car washes (hub)'], 'a colleague reads the organisation''s and hub reports, not the author''s draft');
SELECT is((SELECT count(*)::int FROM (SELECT 1 FROM intelligence_reports) x), 2, '... two reports');
UPDATE intelligence_reports SET title = 'changed';
DELETE FROM intelligence_reports;
RESET ROLE;
SELECT is((SELECT count(*)::int FROM intelligence_reports WHERE title <> 'changed'), 3, 'nor changes or deletes reports of others');

SET ROLE rep_bob;
SELECT is((SELECT count(*)::int FROM intelligence_reports), 0,
    'another organisation reads no row of the table (the raw body of a hub report names its evidence)');
SELECT is((SELECT array_agg(title ORDER BY report_id) FROM hub_reports()),
    ARRAY['Car washes (hub)'], '... and the hub report through hub_reports');
SELECT matches(render_report((SELECT min(report_id) FROM hub_reports())),
    E'^# Car washes \\(hub\\)\n\n\\*Intelligence report · Buyer Ltd · audience: hub · written by rep\\\\_alice on ',
    'render_report: title, kind, organisation, audience, author');
SELECT throws_ok(format('SELECT render_report(%s)', (SELECT min(report_id) FROM hub_reports()) - 1), '42704',
    NULL, 'a report one may not read is as missing as one that does not exist');
SELECT throws_ok($$SELECT render_report(-1)$$, '42704', 'report -1 does not exist or you may not read it', 'a missing report: 42704');
RESET ROLE;

SET ROLE rep_adam;
SELECT is((SELECT count(*)::int FROM intelligence_reports), 3, 'an admin reads every report');
SELECT matches(render_report((SELECT max(report_id) FROM intelligence_reports)),
    E'\\*\\*Grade 2C C\\*\\*: untested; known indirectly to the source.*\\*\\*Handling conditions:\\*\\* police only',
    'the grade in words and the handling conditions');
RESET ROLE;

SET ROLE rep_alice;
UPDATE intelligence_reports SET title = 'Car washes (hub, revised)' WHERE audience = 'hub';
SELECT is((SELECT updated IS NOT NULL AND author = 'rep_alice' FROM intelligence_reports WHERE audience = 'hub'), true,
    'the author revises a report; updated is set, the author kept');
DELETE FROM intelligence_reports WHERE audience = 'author';
SELECT is((SELECT count(*)::int FROM intelligence_reports), 2, 'and deletes their own');
RESET ROLE;

-- Another organisation's Key Judgement (security review F3): bob's hub report
-- rests on an incident of organisation 2 in one small cell
SET ROLE rep_bob;
INSERT INTO intelligence_reports (org_id, kind, title, audience, grade, body)
VALUES (2, 'key_judgement', 'Cell judgement', 'hub', '1B P',
        report_body(NULL, key_judgement('s', 'likely', 'low', '{2001}',
                                        cells => ARRAY[cell(ST_SetSRID(ST_MakePoint(2.35, 48.85), 4326), 8)])));
SELECT is((SELECT body->'blocks'->0->'evidence' FROM intelligence_reports WHERE title = 'Cell judgement'), '[2001]'::jsonb,
    'the authoring organisation reads its evidence (and an analyst inserts without USAGE on the id sequence)');
RESET ROLE;
SET ROLE rep_alice;
SELECT is((SELECT count(*)::int FROM intelligence_reports WHERE org_id = 2), 0,
    'another organisation''s hub report is not readable in the table (was: raw body with evidence and cells)');
SELECT is((SELECT array_agg(title ORDER BY report_id) FROM hub_reports()),
    ARRAY['Car washes (hub, revised)', 'Cell judgement'], 'hub_reports: every hub report, of any organisation');
SELECT is((SELECT body->'blocks'->0 ?| ARRAY['evidence', 'area'] FROM hub_reports() WHERE title = 'Cell judgement'), false,
    'hub_reports: a Key Judgement without its evidence and area');
SELECT is((SELECT body->'blocks'->0->>'statement' FROM hub_reports() WHERE title = 'Cell judgement'), 's',
    '... with its statement');
SELECT matches(render_report((SELECT report_id FROM hub_reports() WHERE title = 'Cell judgement')),
    '^# Cell judgement.*Evidence: incident records held by the authoring organisation',
    'render_report renders another organisation''s hub report, without its evidence');
SELECT throws_ok($$SELECT nextval('tst_hub.intelligence_reports_report_id_seq')$$, '42501', NULL,
    'an analyst may not draw report ids (nextval would count the hub''s reports)');
RESET ROLE;
SELECT ok(NOT has_function_privilege('public', 'tst_hub.hub_reports(int8)', 'EXECUTE'), 'PUBLIC may not call hub_reports');

SELECT ok(NOT has_table_privilege('public', 'tst_hub.intelligence_reports', 'SELECT'), 'PUBLIC reads no report');
SELECT is((SELECT relrowsecurity FROM pg_class WHERE oid = 'tst_hub.intelligence_reports'::regclass), true,
    'row-level security is on');

SELECT is((SELECT max(attstattarget) FROM pg_attribute WHERE attrelid = 'tst_hub.intelligence_reports'::regclass AND attnum > 0), 0,
    'no planner statistics on intelligence_reports (EXPLAIN estimates would summarise rows the caller may not read)');

-- figures that are not counts (harden2): refused when stored, never printed
SELECT throws_ok($$SELECT report_figure('a', ('Infinity', NULL)::released)$$, '22023', NULL,
    'report_figure: an infinite value is not a released count (was accepted)');
SELECT is(report_figure_text('NaN', NULL, 11), 'withheld', 'report_figure_text: NaN is withheld (was 0A000 from the int8 cast)');
SELECT is(report_figure_text('Infinity', NULL, 11), 'withheld', 'report_figure_text: infinity is withheld');
SELECT is(report_figure_text(100000000000000000000, NULL, 11), '100000000000000000000',
    'report_figure_text: a count past int8 prints (was 22003 from the int8 cast)');
SELECT is(report_figure_text(30.0, NULL, 11), '30', 'report_figure_text: a whole number with a scale prints as a whole number');

SELECT throws_ok($$SELECT key_judgement('s', 'phia:likely', 'high', ARRAY[1]::int8[], 'SRID=4326;POLYGON((0 0, 1e300 0, 1e300 1, 0 0))'::geometry)$$,
    '22023', 'key_judgement area reaches off the globe: longitudes are -180 to 180 and latitudes -90 to 90',
    'key_judgement: an area off the globe (was stored with a bbox of 1e300)');
SELECT throws_ok($$SELECT key_judgement('s', 'phia:likely', 'high', ARRAY[[1], [2]]::int8[])$$, '22023',
    'key_judgement evidence must be a one-dimensional array of incident ids', 'key_judgement: 2-D evidence (was 0A000 from array_position)');

SELECT * FROM finish();
ROLLBACK;

-- Supply-chain risk on a constructed scenario with a known answer: victims
-- of several organisations near an organisation's supplier sites and in
-- their country and industry, as safe counts (persons, not rows; withheld
-- below k), the sector's trend, and the score's points column by column.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(45);

INSERT INTO organisations (org_id, code, name) VALUES (1, 'buyer', 'Buyer Ltd'), (2, 'ngo', 'Helpline NGO'), (3, 'police', 'Police');
CREATE ROLE sc_alice; CREATE ROLE sc_bob; CREATE ROLE sc_adam;
GRANT tst_hub_analyst TO sc_alice, sc_bob;
GRANT tst_hub_admin TO sc_adam;
INSERT INTO org_members (member, org_id) VALUES ('sc_alice', 1), ('sc_bob', 2);
SELECT key_create('sc_test');
CREATE FUNCTION pg_temp.person(n int) RETURNS pseudonym LANGUAGE sql STABLE
    AS $$SELECT pseudonymise('raw', 'victim ' || n, 'sc_test')$$;

-- Sites of organisation 1 (Dhaka area): S1 and S4 apparel/textiles 60 km
-- apart, S2 100 km east of S1, S3 a tea estate with no location.
INSERT INTO supplier_sites (org_id, site_id, supplier, product, country, location, volume) VALUES
    (1, 1, 'Garments A', 'industry/c/14', 'BD', ST_SetSRID(ST_MakePoint(90.40, 23.80), 4326), 100),
    (1, 2, 'Garments A', 'industry/c/14', 'BD', ST_Project(ST_SetSRID(ST_MakePoint(90.40, 23.80), 4326)::geography, 100000, radians(90))::geometry, 50),
    (1, 3, 'Tea B', 'industry/a/01', 'IN', NULL, NULL),
    (1, 4, 'Garments A', 'industry/c/13', 'BD', ST_Project(ST_SetSRID(ST_MakePoint(90.40, 23.80), 4326)::geography, 60000, 0)::geometry, 10),
    (1, 5, 'Island Co', 'industry/c/14', 'FJ', ST_SetSRID(ST_MakePoint(179.999, -17.0), 4326), NULL);
-- Distances are measured from the centre of a site's cell
CREATE TEMP TABLE centre AS
SELECT site_id, cell_center(cell)::geography AS g FROM supplier_sites;

-- Incidents: one victim each, at a distance and bearing from a site centre, in its country
CREATE FUNCTION pg_temp.incident(org int, site int8, km float8, bearing float8, day date, industry term,
                                 victim int, how text DEFAULT 'point') RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO incidents (org_id, record_ref, occurred_from, occurred_to, geom, country, cell,
                           location_precision, industry, victims)
    SELECT org, pseudonymise('raw', 'record ' || nextval('incident_id_seq'), 'sc_test'), day, day, p, x.country, cell(p, 8),
           how, industry, ARRAY[pg_temp.person(victim)]
      FROM (SELECT ST_Project(c.g, km * 1000, radians(bearing))::geometry AS p, ss.country
              FROM centre c JOIN supplier_sites ss USING (site_id) WHERE c.site_id = site) x
$$;
-- Near S1 (3 km), apparel, victims 1..12 in 2024: 0, 1, 1, 2, 3, 5 new victims
-- from January to June; victim 1 is in three February records (one person);
-- victims 11 and 12 were recorded by organisation 3
SELECT pg_temp.incident(2, 1, 3, 0, '2024-02-10', 'industry/c/14', 1) FROM generate_series(1, 3);
SELECT pg_temp.incident(2, 1, 3, 45, '2024-03-10', 'industry/c/14', 2);
SELECT pg_temp.incident(2, 1, 3, 90, '2024-04-10', 'industry/c/14', v) FROM generate_series(3, 4) v;
SELECT pg_temp.incident(2, 1, 3, 135, '2024-05-10', 'industry/c/14', v) FROM generate_series(5, 7) v;
SELECT pg_temp.incident(2, 1, 3, 180, '2024-06-10', 'industry/c/14', v) FROM generate_series(8, 10) v;
SELECT pg_temp.incident(3, 1, 3, 225, '2024-06-11', 'industry/c/14', v) FROM generate_series(11, 12) v;
-- 8 km from S1: 5 apparel victims in June (inside 10 km, outside 5 km)
SELECT pg_temp.incident(2, 1, 8, 270, '2024-06-20', 'industry/c/14', v) FROM generate_series(13, 17) v;
-- known only by the country (centroid placed at S1 here): in the sector, never near
SELECT pg_temp.incident(2, 1, 0, 0, '2024-05-20', 'industry/c/14', 18, 'country_centroid');
-- outside the window: 3 apparel victims near S1 in 2023
SELECT pg_temp.incident(2, 1, 1, 0, '2023-06-01', 'industry/c/14', v) FROM generate_series(19, 21) v;
-- 3 km east of S5, across the antimeridian: 11 apparel victims
SELECT pg_temp.incident(2, 5, 3, 90, '2024-04-01', 'industry/c/14', v) FROM generate_series(31, 41) v;
-- a stored point off the globe (the table does not refuse one): S5, compared
-- with every point, must not count it
INSERT INTO incidents (org_id, record_ref, occurred_from, occurred_to, geom, country, cell, location_precision, industry, victims)
VALUES (2, pseudonymise('raw', 'off the globe', 'sc_test'), '2024-04-01', '2024-04-01',
        ST_SetSRID(ST_MakePoint(-180.002, -17.0), 4326), 'FJ', 'h8:1:1', 'point', 'industry/c/14', ARRAY[pg_temp.person(99)]);
-- near S4 (1 km): 4 textile victims
SELECT pg_temp.incident(2, 4, 1, 0, '2024-03-01', 'industry/c/13', v) FROM generate_series(22, 25) v;

SET SESSION AUTHORIZATION sc_alice;
CREATE TEMP TABLE r5 AS SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 5);
CREATE TEMP TABLE r10 AS SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 10);
CREATE TEMP TABLE sup AS SELECT * FROM supply_chain_risk_by_supplier(1, '[2024-01-01,2024-07-01)', 5);
RESET SESSION AUTHORIZATION;

-- S1: 12 persons within 5 km (14 rows: victim 1 three times; 2 of another
-- organisation); the centroid record and 2023 are not counted
SELECT is((SELECT (near_victims, near_reason) FROM r5 WHERE site_id = 1), (12::numeric, NULL::text),
    'S1: 12 persons within 5 km, of two organisations, counted once each');
SELECT is((SELECT near_victims FROM r10 WHERE site_id = 1), 17::numeric, 'S1: 17 persons within 10 km');
SELECT is((SELECT (sector_victims, sector_reason) FROM r5 WHERE site_id = 1), (18::numeric, NULL::text),
    'S1: 18 persons in Bangladeshi apparel in the window (the centroid record included)');
SELECT is((SELECT (near_victims, near_reason) FROM r5 WHERE site_id = 2), (NULL::numeric, 'no_data'::text),
    'S2, 100 km away: nobody near');
SELECT is((SELECT (near_victims, near_reason) FROM r5 WHERE site_id = 3), (NULL::numeric, 'no_location'::text),
    'S3 without a location: no near count');
SELECT is((SELECT (sector_victims, sector_reason) FROM r5 WHERE site_id = 3), (NULL::numeric, 'no_data'::text),
    'S3: nobody in Indian agriculture');
SELECT is((SELECT (near_victims, near_reason) FROM r5 WHERE site_id = 4), (NULL::numeric, 'below_k'::text),
    'S4: 4 persons near is withheld below k');
SELECT is((SELECT (sector_victims, sector_reason) FROM r5 WHERE site_id = 4), (NULL::numeric, 'below_k'::text),
    'S4: 4 persons in textiles is withheld below k');
-- The sector's monthly persons are 0, 1, 1, 2, 4, 10 (January to June)
SELECT is((SELECT (sector_trend, sector_trend_tau) FROM r5 WHERE site_id = 1),
    (SELECT (m.trend, round(m.tau::numeric, 2)::float8) FROM mann_kendall('{0,1,1,2,4,10}') m),
    'S1: the sector''s trend is Mann-Kendall of its monthly persons');
SELECT is((SELECT sector_trend FROM r5 WHERE site_id = 1), 'increasing', '... increasing');
SELECT is((SELECT sector_trend FROM r5 WHERE site_id = 4), NULL, 'no trend is given for a withheld sector');
SELECT is((SELECT hotspot_category FROM r5 WHERE site_id = 1), NULL, 'hotspot_category is NULL until hot spot categories are released');
-- The score, column by column
SELECT is((SELECT array[near_points, sector_points, trend_points, hotspot_points, risk_score] FROM r5 WHERE site_id = 1),
    ARRAY[30, 15, 15, 0, 60], 'S1: 30 (k or more near) + 15 (k or more in the sector) + 15 (increasing) = 60');
SELECT is((SELECT array[near_points, sector_points, trend_points, hotspot_points, risk_score] FROM r5 WHERE site_id = 2),
    ARRAY[0, 15, 15, 0, 30], 'S2: 0 + 15 + 15 = 30');
SELECT is((SELECT array[near_points, sector_points, trend_points, hotspot_points, risk_score] FROM r5 WHERE site_id = 3),
    ARRAY[0, 0, 0, 0, 0], 'S3: 0');
SELECT is((SELECT array[near_points, sector_points, trend_points, hotspot_points, risk_score] FROM r5 WHERE site_id = 4),
    ARRAY[15, 5, 0, 0, 20], 'S4: 15 (fewer than k near) + 5 (fewer than k in the sector) = 20');
SELECT is((SELECT array_agg(site_id ORDER BY site_id) FROM r5), ARRAY[1, 2, 3, 4, 5]::int8[], 'one row per site of the organisation');
SELECT is((SELECT (near_victims, near_reason) FROM r5 WHERE site_id = 5), (11::numeric, NULL::text),
    'S5 on the antimeridian: 11 persons 3 km away on the other side (not the point off the globe)');
SELECT is((SELECT array[(near_victims IS NULL)::int, near_points] FROM r5 WHERE site_id = 1), ARRAY[0, 30],
    'S5''s victims are not near S1 (and S1 unchanged)');
SELECT is((SELECT DISTINCT (radius_used_km, period, k) FROM r5), (5::float8, '[2024-01-01,2024-07-01)'::daterange, 11),
    'the radius, window and k used are returned');
-- The supplier rollup: (60 * 100 + 30 * 50 + 20 * 10) / 160 = 48.1
SELECT is((SELECT (sites, volume, max_risk_score, volume_weighted_score, riskiest_site_id) FROM sup WHERE supplier = 'Garments A'),
    (3::int8, 160::numeric, 60, 48.1::numeric, 1::int8), 'Garments A: 3 sites, volume 160, highest 60, weighted 48.1, riskiest S1');
SELECT is((SELECT (sites, volume, max_risk_score, volume_weighted_score) FROM sup WHERE supplier = 'Tea B'),
    (1::int8, NULL::numeric, 0, NULL::numeric), 'Tea B: no volume, no weighted score');

-- Radius and window are rounded, so nearby choices give the same answer
SET SESSION AUTHORIZATION sc_alice;
SELECT is((SELECT array_agg((radius_used_km, near_victims, near_reason)::text ORDER BY site_id)
             FROM supply_chain_risk(1, '[2024-01-15,2024-06-10)', 3.2)),
          (SELECT array_agg((radius_used_km, near_victims, near_reason)::text ORDER BY site_id) FROM r5),
    'radius 3.2 km is 5 km and the window widens to whole months');
-- Errors
SELECT throws_ok($$SELECT * FROM supply_chain_risk(2, '[2024-01-01,2024-07-01)', 5)$$, '42501',
    'you do not work for organisation 2', 'another organisation''s sites: 42501');
SELECT throws_ok($$SELECT * FROM supply_chain_risk(NULL, '[2024-01-01,2024-07-01)', 5)$$, '22004',
    'org must not be NULL', 'NULL org: 22004');
SELECT throws_ok($$SELECT * FROM supply_chain_risk(1, NULL, 5)$$, '22004', 'the window must not be NULL', 'NULL window: 22004');
SELECT throws_ok($$SELECT * FROM supply_chain_risk(1, '[2024-01-01,)', 5)$$, '22023', NULL, 'an unbounded window: 22023');
SELECT throws_ok($$SELECT * FROM supply_chain_risk(1, '[2000-01-01,2024-01-01)', 5)$$, '22023', NULL, 'a window over 10 years: 22023');
SELECT throws_ok($$SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', NULL)$$, '22004', 'radius_km must not be NULL', 'NULL radius: 22004');
SELECT throws_ok($$SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 0)$$, '22023',
    'radius_km must be greater than 0 and at most 500, not 0', 'radius 0: 22023');
SELECT throws_ok($$SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 'NaN')$$, '22023', NULL, 'radius NaN: 22023');
SELECT throws_ok($$SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 501)$$, '22023', NULL, 'radius over 500 km: 22023');
-- Sites are the organisation's own
SELECT throws_ok($$INSERT INTO supplier_sites (org_id, supplier, product, country) VALUES (2, 'x', 'industry/c/14', 'BD')$$,
    '42501', NULL, 'an analyst cannot add sites of another organisation');
SELECT throws_ok($$INSERT INTO supplier_sites (org_id, supplier, product, country) VALUES (1, 'x', 'exploitation/labour', 'BD')$$,
    '23514', NULL, 'a product is an industry term');
RESET SESSION AUTHORIZATION;
INSERT INTO supplier_sites (org_id, supplier, product, country) VALUES (2, 'NGO supplier', 'industry/c/14', 'BD');
SET SESSION AUTHORIZATION sc_alice;
SELECT is((SELECT count(*)::int FROM supplier_sites), 5, 'an analyst sees only their organisation''s sites');
SELECT is((SELECT count(*)::int FROM incidents), 0, 'and none of the incidents counted, which are other organisations''');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION sc_adam;
SELECT is((SELECT count(*)::int FROM supply_chain_risk(2, '[2024-01-01,2024-07-01)', 5)), 1, 'an admin may ask for any organisation');
RESET SESSION AUTHORIZATION;
-- A login role that may become analysts of either organisation (security
-- review F4): the role it has set is the caller, not the login
CREATE ROLE sc_portal LOGIN;
GRANT sc_alice, sc_bob TO sc_portal;
SET SESSION AUTHORIZATION sc_portal;
SET ROLE sc_alice;
SELECT throws_ok($$SELECT * FROM supply_chain_risk(2, '[2024-01-01,2024-07-01)', 5)$$, '42501',
    'you do not work for organisation 2', 'SET ROLE to an analyst of organisation 1: organisation 2 refused (was: its sites)');
SELECT is((SELECT count(*)::int FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 5)), 5,
    '... and organisation 1 answered');
SET ROLE sc_bob;
SELECT throws_ok($$SELECT * FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 5)$$, '42501',
    'you do not work for organisation 1', 'SET ROLE to an analyst of organisation 2: organisation 1 refused');
RESET ROLE;
RESET SESSION AUTHORIZATION;
SELECT ok(NOT has_function_privilege('public', 'tst_hub.supply_chain_risk(int4, daterange, float8)', 'EXECUTE'),
    'PUBLIC may not call supply_chain_risk');

SELECT is((SELECT max(attstattarget) FROM pg_attribute WHERE attrelid = 'tst_hub.supplier_sites'::regclass AND attnum > 0), 0,
    'no planner statistics on supplier_sites (EXPLAIN estimates would summarise rows the caller may not read)');

-- values that are not released counts score nothing (harden2): NaN was scored as many
SELECT is(supply_chain_points('NaN', NULL, 11, 0, 1, 2, 3), NULL::int4, 'supply_chain_points: NaN scores NULL (was many_pts)');
SELECT is(supply_chain_points('Infinity', NULL, 11, 0, 1, 2, 3), NULL::int4, 'supply_chain_points: infinity scores NULL');
SELECT is(supply_chain_points(5, NULL, 11, 0, 1, 2, 3), NULL::int4, 'supply_chain_points: a value below k scores NULL (was some_pts)');

SELECT * FROM finish();
ROLLBACK;

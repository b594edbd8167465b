-- hub_victims against differencing by the caller (sql/install/43, docs/HUB.md
-- "Released counts"): an analyst knows its own organisation's persons
-- exactly, so a released total minus its own count must never isolate fewer
-- than k persons of the other organisations, whether the slice was small
-- already or padded with invented victims by its own organisation.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(18);

SELECT key_create('hub');
INSERT INTO organisations (org_id, code, name) VALUES (1, 'org-1', 'One'), (2, 'org-2', 'Two');
CREATE ROLE diff_alice IN ROLE tst_hub_analyst;     -- organisation 1
CREATE ROLE diff_carol IN ROLE tst_hub_analyst;     -- organisation 2
CREATE ROLE diff_nobody IN ROLE tst_hub_analyst;    -- no organisation
INSERT INTO org_members (member, org_id) VALUES ('diff_alice'::regrole, 1), ('diff_carol'::regrole, 2);

-- organisation 1: 20 victims in GB; organisation 2: 3 in FR, 15 in DE, 3 in GB
CREATE FUNCTION pg_temp.add(o int4, c text, tag text, n int4) RETURNS void LANGUAGE sql AS $$
    INSERT INTO tst_hub.incidents (org_id, country, location_precision, exploitation, victims, reported_on, reported_until)
    SELECT o, c, 'none', 'exploitation/labour', ARRAY[tst_hub.pseudonymise('raw', format('victim %s %s', tag, i), 'hub')],
           '2021-05-01', '2021-05-01'
      FROM generate_series(1, n) i
$$;
SELECT pg_temp.add(1, 'GB', 'o1-GB', 20), pg_temp.add(2, 'FR', 'o2-FR', 3),
       pg_temp.add(2, 'DE', 'o2-DE', 15), pg_temp.add(2, 'GB', 'o2-GB', 3);

CREATE FUNCTION pg_temp.cell(c text) RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(v.victims::text, v.victims_reason) FROM tst_hub.hub_victims('{country}') v WHERE v.country = c
$$;
-- the caller's own distinct victims in a country, as the caller can count them
CREATE FUNCTION pg_temp.own(c text) RETURNS int8 LANGUAGE sql AS $$
    SELECT count(DISTINCT v) FROM tst_hub.incidents, unnest(victims) v WHERE country = c
$$;

SET ROLE diff_alice;
SELECT is(pg_temp.own('GB'), 20::int8, 'alice counts her own 20 GB victims');
SELECT is(pg_temp.cell('GB'), 'below_k', 'GB (23 = alice''s 20 + 3 of organisation 2): withheld for alice, below_k');
SELECT is(pg_temp.cell('DE'), '15', 'DE (15, none of them alice''s): released, the true total');
SELECT is((SELECT victims FROM hub_victims('{}')), 41::numeric, 'the total (41, 21 not alice''s): released, the true total');
SELECT is(pg_temp.cell('FR'), 'below_k', 'FR (3): below_k');
RESET ROLE;

-- padding: organisation 1 loads 10 invented FR victims (13 in all)
SELECT pg_temp.add(1, 'FR', 'o1-FR-invented', 10);
SET ROLE diff_alice;
SELECT is(pg_temp.cell('FR'), 'below_k', 'FR padded to 13 by alice''s organisation: still withheld for alice');
RESET ROLE;

-- a person in both organisations' rows counts as the caller's: organisation 1
-- records 5 of organisation 2's DE victims too, so only 10 are not alice's
INSERT INTO incidents (org_id, country, location_precision, exploitation, victims, reported_on, reported_until)
SELECT 1, 'DE', 'none', 'exploitation/labour', ARRAY[pseudonymise('raw', format('victim o2-DE %s', i), 'hub')],
       '2021-05-01', '2021-05-01'
  FROM generate_series(1, 5) i;
SET ROLE diff_alice;
SELECT is(pg_temp.cell('DE'), 'below_k', 'DE (15, 5 of them also alice''s): withheld for alice (15 - 5 would leave 10)');
-- the rule itself: a released figure minus the caller's own count is never below k
SELECT is((SELECT count(*) FROM hub_victims('{country}') v
            WHERE v.victims IS NOT NULL AND v.victims - pg_temp.own(v.country) < 11), 0::int8,
          'no figure released to alice leaves fewer than k persons after subtracting her own');
RESET ROLE;

-- organisation 2's analyst: organisation 1 holds 20 GB and 10 FR persons it cannot see
SET ROLE diff_carol;
SELECT is(pg_temp.cell('GB'), '23', 'carol: GB (20 of the 23 not hers) released, the true total');
SELECT is(pg_temp.cell('FR'), 'below_k', 'carol: FR (13, only 10 not hers): withheld');
SELECT is((SELECT string_agg(country || '=' || coalesce(victims::text, victims_reason), ',' ORDER BY country)
             FROM hub_victims_by_country_year), 'DE=below_k,FR=below_k,GB=23', 'carol: the view follows the same rule');
RESET ROLE;

-- a caller with no organisation knows no one's rows: the plain rule
SET ROLE diff_nobody;
SELECT is(pg_temp.cell('GB'), '23', 'an analyst of no organisation: GB released (23)');
SELECT is(pg_temp.cell('FR'), '13', 'an analyst of no organisation: FR released (13)');
RESET ROLE;
-- a superuser reads every row anyway: the plain rule
SELECT is(pg_temp.cell('DE'), '15', 'a superuser: DE released (15)');

-- supply_chain_risk follows the rule for its near-site and sector counts:
-- a site of organisation 1; 10 victims of its own (invented or not) and 3 of
-- organisation 2 within 2 km, in its country and industry
INSERT INTO supplier_sites (org_id, site_id, supplier, product, country, location, volume)
VALUES (1, 1, 'Garments A', 'industry/c/14', 'BD', ST_SetSRID(ST_MakePoint(90.40, 23.80), 4326), 100);
CREATE FUNCTION pg_temp.near(o int4, tag text, n int4) RETURNS void LANGUAGE sql AS $$
    INSERT INTO tst_hub.incidents (org_id, occurred_from, occurred_to, geom, country, cell, location_precision, industry, victims)
    SELECT o, '2024-03-01', '2024-03-01', g, 'BD', tst_hub.cell(g, 8), 'point', 'industry/c/14',
           ARRAY[tst_hub.pseudonymise('raw', format('victim %s %s', tag, i), 'hub')]
      FROM generate_series(1, n) i,
           LATERAL (SELECT ST_Project(tst_hub.cell_center(s.cell)::geography, 1000 + 10 * i, 0)::geometry AS g
                      FROM tst_hub.supplier_sites s WHERE s.site_id = 1) x
$$;
SELECT pg_temp.near(1, 'o1-BD', 10), pg_temp.near(2, 'o2-BD', 3);
SET ROLE diff_alice;
SELECT is((SELECT coalesce(near_victims::text, near_reason) || ' ' || coalesce(sector_victims::text, sector_reason)
             FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 5)), 'below_k below_k',
          'supply_chain_risk: 13 near and in the sector, only 3 not alice''s: both withheld');
RESET ROLE;
SELECT is((SELECT near_victims::text || ' ' || sector_victims::text
             FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 5)), '13 13',
          'supply_chain_risk for a superuser: the plain rule (13 and 13)');
SELECT pg_temp.near(2, 'o2-BD-more', 9);
SET ROLE diff_alice;
SELECT is((SELECT near_victims::text || ' ' || sector_victims::text
             FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 5)), '22 22',
          'supply_chain_risk: 22, 12 of them not alice''s: released, the true totals');
SELECT is((SELECT near_reason || ' ' || sector_reason FROM supply_chain_risk(1, '[2024-01-01,2024-07-01)', 5)), NULL,
          '... with no reason');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;

-- The CHECK constraints of incidents that every ingested record runs are C
-- functions (country_code_valid, pseudonym_list_valid; docs/HUB.md "Speed").
-- They must accept exactly what the SQL they replaced accepted: each is
-- compared with that SQL on edge inputs, then the tables refuse what they
-- refused before.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(26);

-- ---------------------------------------------------------------- country codes
-- every pair of printable ASCII characters, each alone, with spaces around,
-- and characters outside ASCII that look like letters or digits
CREATE TEMP TABLE cc_in AS
SELECT chr(a) || chr(b) AS v FROM generate_series(32, 126) a, generate_series(32, 126) b
UNION ALL SELECT chr(a) FROM generate_series(32, 126) a
UNION ALL SELECT v FROM unnest(ARRAY[
    '', ' ', '  ', 'GB ', 'GB  ', ' GB', 'G B', 'GBR', 'GB1', 'A', 'A ', 'Y1', 'Y1 ', 'gb', 'Gb', 'gB', '1A', '11',
    E'GB\n', E'G\n', E'\nGB', E'GB\t', E'G\tB', 'É' || 'S', 'E' || chr(769), 'Ａ' || 'B',
    'A' || chr(1632), 'A' || chr(65297), chr(304) || 'T', chr(305) || 'T', 'ß' || 'A', 'A' || chr(160), chr(160) || 'AB',
    'GB' || chr(8203), chr(65279) || 'GB', 'Z9', 'Z0', 'A9', '@A', 'A@', '[A', 'A[', 'A/', 'A:', '`A']) v;
SELECT is((SELECT count(*) FROM cc_in), 9165::int8, 'country codes: 9165 inputs');
SELECT is_empty($$SELECT v FROM cc_in
                   WHERE country_code_valid(v::bpchar) IS DISTINCT FROM (v::bpchar::text ~ '^[A-Z][A-Z0-9]$')$$,
                'country_code_valid accepts exactly what the regular expression accepted (bpchar of any length)');
SELECT is_empty($$SELECT v FROM cc_in WHERE char_length(v) <= 2
                     AND country_code_valid(v::char(2)) IS DISTINCT FROM (v::char(2)::text ~ '^[A-Z][A-Z0-9]$')$$,
                'and on char(2) values as the columns hold them');
SELECT is((SELECT count(*) FROM cc_in WHERE country_code_valid(v::bpchar)), 26 * 36::int8 + 7,
          'it accepts the 936 pairs A-Z then A-Z or 0-9, and seven listed ones (GB with one or two spaces, Y1, Y1 with a space, Z9, Z0, A9)');
SELECT ok(country_code_valid(NULL) IS NULL, 'NULL is NULL (a CHECK passes it, as it passed NULL ~ ...)');

-- ---------------------------------------------------------------- pseudonym lists
SELECT key_create('hub');
CREATE TEMP TABLE pl_in (name text, a pseudonym[]);
INSERT INTO pl_in
SELECT 'empty', '{}'
UNION ALL SELECT 'one', ARRAY[pseudonymise('raw', 'x', 'hub')]
UNION ALL SELECT '1000', array_agg(pseudonymise('raw', 'x' || i, 'hub')) FROM generate_series(1, 1000) i
UNION ALL SELECT '1001', array_agg(pseudonymise('raw', 'x' || i, 'hub')) FROM generate_series(1, 1001) i
UNION ALL SELECT 'NULL first', ARRAY[NULL, pseudonymise('raw', 'x', 'hub')]
UNION ALL SELECT 'NULL last', ARRAY[pseudonymise('raw', 'x', 'hub'), NULL]
UNION ALL SELECT 'NULL only', ARRAY[NULL]::pseudonym[]
UNION ALL SELECT '1001 with a NULL', array_agg(CASE WHEN i = 500 THEN NULL ELSE pseudonymise('raw', 'x' || i, 'hub') END)
            FROM generate_series(1, 1001) i
UNION ALL SELECT 'bounds 0:1', ('[0:1]={' || pseudonymise('raw', 'x', 'hub') || ',' || pseudonymise('raw', 'y', 'hub') || '}')::pseudonym[]
UNION ALL SELECT 'bounds -5:-5 NULL', '[-5:-5]={NULL}'::pseudonym[]
UNION ALL SELECT 'bounds 1001:2000', ('[1001:2000]={' || (SELECT string_agg(pseudonymise('raw', 'x' || i, 'hub')::text, ',')
                                                          FROM generate_series(1, 1000) i) || '}')::pseudonym[]
UNION ALL SELECT 'NULL array', NULL;
SELECT is((SELECT count(*) FROM pl_in), 12::int8, 'pseudonym lists: 12 inputs');
SELECT is_empty($$SELECT name FROM pl_in
                   WHERE pseudonym_list_valid(a) IS DISTINCT FROM
                         (array_position(a, NULL) IS NULL AND cardinality(a) <= 1000)$$,
                'pseudonym_list_valid accepts exactly what array_position(., NULL) IS NULL AND cardinality(.) <= 1000 accepted');
SELECT is(array_agg(name ORDER BY name), ARRAY['1000', 'bounds 0:1', 'bounds 1001:2000', 'empty', 'one'],
          'accepted: empty, one, 1000, any lower bound') FROM pl_in WHERE pseudonym_list_valid(a);
SELECT ok(pseudonym_list_valid(NULL) IS NULL, 'NULL is NULL (the columns are NOT NULL)');
SELECT throws_ok($$SELECT array_position(ARRAY[ARRAY[pseudonymise('raw', 'x', 'hub')]], NULL)$$, '0A000', NULL,
                 'a list of two dimensions: the SQL raised 0A000 on it');
SELECT is(pseudonym_list_valid(ARRAY[ARRAY[pseudonymise('raw', 'x', 'hub')]]), false,
          'pseudonym_list_valid refuses it too (the CHECK fails: 23514)');

-- ---------------------------------------------------------------- the tables refuse as before
SELECT lives_ok($$INSERT INTO incidents (org_id, country, citizenship, victims, suspects)
                  VALUES (1, 'GB', 'Y1', (SELECT a FROM pl_in WHERE name = '1000'), (SELECT a FROM pl_in WHERE name = 'bounds 0:1'))$$,
                'incidents: valid codes, 1000 victims, a list with lower bound 0');
SELECT throws_ok($$INSERT INTO incidents (org_id, country) VALUES (1, 'gb')$$, '23514', NULL, 'incidents: country gb');
SELECT throws_ok($$INSERT INTO incidents (org_id, country) VALUES (1, '1A')$$, '23514', NULL, 'incidents: country 1A');
SELECT throws_ok($$INSERT INTO incidents (org_id, citizenship) VALUES (1, 'G')$$, '23514', NULL, 'incidents: citizenship G (one letter)');
SELECT throws_ok($$INSERT INTO incidents (org_id, citizenship) VALUES (1, 'É' || 'S')$$, '23514', NULL, 'incidents: a letter outside ASCII');
SELECT throws_ok($$INSERT INTO incidents (org_id, victims) VALUES (1, (SELECT a FROM pl_in WHERE name = 'NULL last'))$$,
                 '23514', NULL, 'incidents: a NULL victim');
SELECT throws_ok($$INSERT INTO incidents (org_id, suspects) VALUES (1, (SELECT a FROM pl_in WHERE name = 'NULL only'))$$,
                 '23514', NULL, 'incidents: a NULL suspect');
SELECT throws_ok($$INSERT INTO incidents (org_id, victims) VALUES (1, (SELECT a FROM pl_in WHERE name = '1001'))$$,
                 '23514', NULL, 'incidents: 1001 victims');
SELECT throws_ok($$INSERT INTO incidents (org_id, suspects) VALUES (1, (SELECT a FROM pl_in WHERE name = '1001'))$$,
                 '23514', NULL, 'incidents: 1001 suspects');
SELECT throws_ok($$INSERT INTO incidents (org_id, victims) VALUES (1, ARRAY[ARRAY[pseudonymise('raw', 'x', 'hub')]])$$,
                 '23514', NULL, 'incidents: a list of two dimensions');
SELECT throws_ok($$UPDATE incidents SET suspects = suspects || NULL::pseudonym WHERE org_id = 1$$,
                 '23514', NULL, 'incidents: an UPDATE that adds a NULL suspect');
SELECT throws_ok($$INSERT INTO persons (org_id, person, role, citizenship) VALUES (1, pseudonymise('raw', 'p', 'hub'), 'victim', 'g1')$$,
                 '23514', NULL, 'persons: citizenship g1');
SELECT throws_ok($$INSERT INTO countries (iso2, name) VALUES ('A', 'nowhere')$$,
                 '23514', NULL, 'countries: iso2 A');
INSERT INTO organisations (org_id, code, name) VALUES (1, 'ngo-a', 'NGO A');
SELECT throws_ok($$INSERT INTO supplier_sites (org_id, supplier, product, country) VALUES (1, 's', 'industry', 'zz')$$,
                 '23514', NULL, 'supplier_sites: country zz');
-- the constraints are the C functions (and the names of the list checks say which list)
SELECT is(array_agg(conname::text ORDER BY conname),
          ARRAY['incidents_citizenship_check', 'incidents_country_check', 'incidents_suspects_check', 'incidents_victims_check'],
          'incidents: the four checks call the C functions')
  FROM pg_constraint
 WHERE conrelid = 'incidents'::regclass AND pg_get_constraintdef(oid) ~ '(country_code|pseudonym_list)_valid';

SELECT * FROM finish();
ROLLBACK;

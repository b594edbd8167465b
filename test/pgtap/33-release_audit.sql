-- Release audits: k_anonymity, l_diversity and anonymise_release.  Groups of
-- exactly k-1, k, k+1; persons against rows; NULL as a value of its own;
-- hostile identifiers; every bad argument with its SQLSTATE; the caller's
-- rights; the homogeneity attack; and a release of the real CTDC data that
-- keeps more records than CTDC's own k = 11 release (about 60 %).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(99);

-- ---------------------------------------------------------------------------
-- k-anonymity: groups of 2, 3 and 4 rows at k = 3
-- ---------------------------------------------------------------------------
CREATE TABLE kt (a text, b int4, person int4);
INSERT INTO kt SELECT 'two', 1, i FROM generate_series(1, 2) i;
INSERT INTO kt SELECT 'three', 1, i FROM generate_series(1, 3) i;
INSERT INTO kt SELECT 'four', 1, i FROM generate_series(1, 4) i;

SELECT results_eq($$SELECT threshold, groups, smallest_group, groups_below, rows_total, rows_below, k_anonymous
                      FROM k_anonymity('kt', '{a,b}', k => 3)$$,
    $$VALUES (3, 3::int8, 2::int8, 1::int8, 9::int8, 2::int8, false)$$,
    'k = 3: groups of 2, 3, 4 rows; the group of 2 (k-1) is the one below');
SELECT results_eq($$SELECT group_values, persons, rows FROM k_anonymity_groups('kt', '{a,b}', k => 3)$$,
    $$VALUES ('{"a": "two", "b": 1}'::jsonb, NULL::int8, 2::int8)$$,
    'k_anonymity_groups names the group below k (values as JSON, no person column: persons NULL)');
SELECT is((SELECT k_anonymous FROM k_anonymity('kt', '{a,b}', k => 2)), true, 'k = 2: every group has at least 2 rows');
SELECT is((SELECT groups_below FROM k_anonymity('kt', '{a}', k => 4)), 2::int8, 'k = 4: the groups of 2 and 3 are below, 4 (k) is not');
SELECT is((SELECT groups_below FROM k_anonymity('kt', '{a}', k => 5)), 3::int8, 'k = 5: all three are below');
SELECT is((SELECT threshold FROM k_anonymity('kt', '{a}')), 11, 'k defaults to tst_hub.min_k (11)');
SET LOCAL tst_hub.min_k = 15;
SELECT is((SELECT threshold FROM k_anonymity('kt', '{a}')), 15, '... and follows the setting');
RESET tst_hub.min_k;
CREATE VIEW kt_empty AS SELECT * FROM kt WHERE false;
SELECT results_eq($$SELECT groups, smallest_group, k_anonymous FROM k_anonymity('kt_empty', '{a}', k => 2)$$,
    $$VALUES (0::int8, NULL::int8, true)$$, 'a view works; an empty one has no groups and is (vacuously) k-anonymous');

-- Values equal as their type but printed differently are different groups:
-- a reader of the release sees 30.0 and 30.00 as two values
CREATE TABLE numt (age numeric, person int4, s text DEFAULT 'x');
INSERT INTO numt SELECT 30.0, i FROM generate_series(1, 11) i;
INSERT INTO numt SELECT 30.00, i FROM generate_series(12, 16) i;
SELECT results_eq($$SELECT groups, smallest_group, k_anonymous FROM k_anonymity('numt', '{age}', 'person')$$,
    $$VALUES (2::int8, 5::int8, false)$$, '30.0 and 30.00 are two groups (11 and 5 persons), not one of 16');
SELECT results_eq($$SELECT group_values::text, persons FROM k_anonymity_groups('numt', '{age}', 'person')$$,
    $$VALUES ('{"age": 30.00}', 5::int8)$$, 'the group below k is the one printed 30.00');
SELECT results_eq($$SELECT persons FROM group_diversity('numt', '{age}', 's', 'person') ORDER BY 1$$,
    $$VALUES (5::int8), (11::int8)$$, 'group_diversity keys groups the same way');
SELECT results_eq($$SELECT rows_out, groups FROM anonymise_release('numt', 'nt_out', '{age}', 'person',
                                                                  hierarchies => '{"age": "keep"}')$$,
    $$VALUES (11::int8, 1::int8)$$, 'anonymise_release suppresses the 30.00 group and passes its own audit');
SELECT is((SELECT string_agg(DISTINCT age::text, ',') FROM nt_out), '30.0', 'what it wrote is the group that reached k');

-- Persons, not rows: one person with 30 rows and 9 others is 10 persons
CREATE TABLE pt (region text, person int4);
INSERT INTO pt SELECT 'north', 1 FROM generate_series(1, 30);
INSERT INTO pt SELECT 'north', i FROM generate_series(2, 10) i;
INSERT INTO pt SELECT 'south', i FROM generate_series(1, 11) i;
SELECT results_eq($$SELECT smallest_group, groups_below, rows_below FROM k_anonymity('pt', '{region}', 'person')$$,
    $$VALUES (10::int8, 1::int8, 39::int8)$$, 'north: 39 rows of 10 persons is below k = 11 (persons counted)');
SELECT results_eq($$SELECT group_values, persons, rows FROM k_anonymity_groups('pt', '{region}', 'person')$$,
    $$VALUES ('{"region": "north"}'::jsonb, 10::int8, 39::int8)$$, '... and is the group listed, with persons and rows');
SELECT is((SELECT k_anonymous FROM k_anonymity('pt', '{region}')), true, 'counting rows instead, both groups pass (39 and 11 rows)');
INSERT INTO pt SELECT 'north', NULL FROM generate_series(1, 5);
SELECT is((SELECT smallest_group FROM k_anonymity('pt', '{region}', 'person')), 10::int8, 'NULL persons are not counted');

-- NULL is a value of its own group
CREATE TABLE nt (a text, b text);
INSERT INTO nt SELECT NULL, 'x' FROM generate_series(1, 3);
INSERT INTO nt SELECT 'y', 'x' FROM generate_series(1, 2);
SELECT results_eq($$SELECT group_values, rows FROM k_anonymity_groups('nt', '{a,b}', k => 3)$$,
    $$VALUES ('{"a": "y", "b": "x"}'::jsonb, 2::int8)$$, 'the 3 NULLs of a form one group (not below k = 3)');
SELECT is((SELECT groups FROM k_anonymity('nt', '{a,b}', k => 3)), 2::int8, '... so there are two groups');

-- ---------------------------------------------------------------------------
-- l-diversity: the homogeneity attack
-- ---------------------------------------------------------------------------
CREATE TABLE lt (g text, person int4, s text);
INSERT INTO lt SELECT 'same', i, 'sexual' FROM generate_series(1, 12) i;                 -- all alike
INSERT INTO lt SELECT 'half', i, CASE WHEN i <= 6 THEN 'sexual' ELSE 'labour' END FROM generate_series(1, 12) i;
INSERT INTO lt SELECT 'skew', i, CASE WHEN i <= 11 THEN 'sexual' ELSE 'labour' END FROM generate_series(1, 12) i;
INSERT INTO lt SELECT 'skew', 1, 'sexual' FROM generate_series(1, 20);                  -- one person, many rows
SELECT is((SELECT k_anonymous FROM k_anonymity('lt', '{g}', 'person')), true, 'every group has 12 persons: k-anonymous at 11');
SELECT results_eq($$SELECT threshold, groups, smallest_distinct_l, groups_below_distinct, groups_below_entropy,
                           distinct_l_diverse, entropy_l_diverse FROM l_diversity('lt', '{g}', 's', 'person')$$,
    $$VALUES (2, 3::int8, 1::int8, 1::int8, 2::int8, false, false)$$,
    'l = 2: "same" fails both definitions, "skew" only entropy, "half" neither');
SELECT results_eq($$SELECT group_values, persons, distinct_values, top_value, top_share FROM l_diversity_groups('lt', '{g}', 's', 'person') WHERE top_share = 1$$,
    $$VALUES ('{"g": "same"}'::jsonb, 12::int8, 1::int8, 'sexual', 1::float8)$$,
    'the homogeneous group: 12 persons, all "sexual" (k-anonymity alone would release it)');
SELECT is((SELECT entropy_l FROM group_diversity('lt', '{g}', 's', 'person') WHERE group_values ->> 'g' = 'half'), 2::float8,
    'entropy l of a 6/6 split is 2');
SELECT ok(abs((SELECT entropy_l FROM group_diversity('lt', '{g}', 's', 'person') WHERE group_values ->> 'g' = 'skew')
              - exp(-(11/12.0 * ln(11/12.0) + 1/12.0 * ln(1/12.0)))::float8) < 1e-8,
    'entropy l of an 11/1 split of persons is exp(H) by hand (1.33; the 20 extra rows of one person do not count)');
SELECT is((SELECT round(entropy_l::numeric, 6) FROM group_diversity('lt', '{g}', 's') WHERE group_values ->> 'g' = 'skew'),
    round(exp(-(31/32.0 * ln(31/32.0) + 1/32.0 * ln(1/32.0))), 6), '... and weighted by rows without a person column (31/1 rows)');
SELECT is((SELECT smallest_distinct_l FROM l_diversity('lt', '{g}', 's', 'person', 3)), 1::int8, 'l = 3: the smallest distinct l is still 1');
INSERT INTO lt SELECT 'nulls', i, NULL FROM generate_series(1, 6) i;
INSERT INTO lt SELECT 'nulls', i, 'labour' FROM generate_series(7, 12) i;
SELECT is((SELECT distinct_values FROM group_diversity('lt', '{g}', 's', 'person') WHERE group_values ->> 'g' = 'nulls'), 2::int8,
    'a NULL sensitive value is a value of its own');

-- ---------------------------------------------------------------------------
-- Generalisation levels
-- ---------------------------------------------------------------------------
CREATE TABLE gt (e term, d date, ts timestamptz, age int4, c cell, f bool, t text);
INSERT INTO gt VALUES ('exploitation/sexual/online/children', '2024-03-05', '2024-03-05 10:00+00', 17, cell(51.5, -0.1, 7), true, 'a');
SELECT is((SELECT array_agg(level_name ORDER BY level) FROM generalisation_levels('gt', 'e')),
    '{raw,"depth 2","depth 1","depth 0",withheld}', 'term: roll up one depth at a time from the deepest term');
SELECT is((SELECT array_agg(level_name ORDER BY level) FROM generalisation_levels('gt', 'd')),
    '{raw,week,month,quarter,year,withheld}', 'date: week, month, quarter, year');
SELECT is((SELECT array_agg(level_name ORDER BY level) FROM generalisation_levels('gt', 'ts')),
    '{raw,day,week,month,quarter,year,withheld}', 'timestamp: day to year');
SELECT is((SELECT array_agg(level_name ORDER BY level) FROM generalisation_levels('gt', 'age', '"age"')),
    '{raw,ctdc_band,wide_band,minor_adult,withheld}', 'age: CTDC band, wide band, minor/adult');
SELECT is((SELECT count(*) FROM generalisation_levels('gt', 'c')), 9::int8, 'cell at resolution 7: raw, 7 coarser resolutions, withheld');
SELECT is((SELECT array_agg(level_name ORDER BY level) FROM generalisation_levels('gt', 'f')), '{raw,withheld}', 'other types: raw or withheld');
SELECT is((SELECT array_agg(level_name ORDER BY level) FROM generalisation_levels('gt', 't', '[{"a": "A"}, {"A": "*"}]')),
    '{raw,"hierarchy 1","hierarchy 2",withheld}', 'a user hierarchy: one level per map');
SELECT is((SELECT array_agg(level_name ORDER BY level) FROM generalisation_levels('gt', 't', '"keep"')), '{raw}',
    '"keep": never generalised');
CREATE FUNCTION pg_temp.level_value(col name, lvl int4, h jsonb DEFAULT NULL) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
    EXECUTE format('SELECT (%s)::text FROM gt', (SELECT expression FROM generalisation_levels('gt', col, h) WHERE level = lvl)) INTO r;
    RETURN r;
END $$;
SELECT is(ARRAY[pg_temp.level_value('e', 2), pg_temp.level_value('d', 2), pg_temp.level_value('ts', 2),
                 pg_temp.level_value('age', 1, '"age"'), pg_temp.level_value('age', 2, '"age"'),
                 pg_temp.level_value('age', 3, '"age"'), pg_temp.level_value('t', 2, '[{"a": "A"}, {"A": "*"}]'),
                 pg_temp.level_value('c', 7)],
    ARRAY['exploitation/sexual', '2024-03-01', '2024-03-04 00:00:00+00', '9--17', '0--17', 'minor', '*',
          cell_parent(cell(51.5, -0.1, 7), 0)::text],
    'the level expressions give the expected values');

-- ---------------------------------------------------------------------------
-- anonymise_release
-- ---------------------------------------------------------------------------
-- Terms: every leaf is below 11, every level-1 category is 12: roll up, suppress nothing
CREATE TABLE rt (id int4, e term);
INSERT INTO rt SELECT i, (ARRAY['exploitation/labour/agriculture', 'exploitation/labour/construction', 'exploitation/labour/mining'])[1 + i % 3]::term
  FROM generate_series(1, 12) i;
INSERT INTO rt SELECT 100 + i, (ARRAY['exploitation/sexual/prostitution', 'exploitation/sexual/pornography'])[1 + i % 2]::term
  FROM generate_series(1, 12) i;
SELECT results_eq($$SELECT rows_in, rows_out, rows_suppressed, rows_generalised, groups, smallest_group, levels
                      FROM anonymise_release('rt', 'rt_release', '{e}')$$,
    $$VALUES (24::int8, 24::int8, 0::int8, 24::int8, 2::int8, 12::int8, '{"e": "depth 1"}'::jsonb)$$,
    'terms: rolled up to depth 1 (two groups of 12), nothing suppressed');
SELECT results_eq($$SELECT e, count(*) FROM rt_release GROUP BY e ORDER BY e$$,
    $$VALUES ('exploitation/sexual'::term, 12::int8), ('exploitation/labour'::term, 12::int8)$$,
    'the release holds the parent terms, column type term');
SELECT is((SELECT sum(id) FROM rt_release), (SELECT sum(id) FROM rt), 'other columns are copied as they are');

-- Dates and persons: 12 persons in March (one of them with 5 more rows), 3 in April
CREATE TABLE dt (d date, person int4);
INSERT INTO dt SELECT date '2024-03-01' + i, i FROM generate_series(1, 12) i;
INSERT INTO dt SELECT date '2024-03-20', 1 FROM generate_series(1, 5);
INSERT INTO dt SELECT date '2024-04-01' + i, 12 + i FROM generate_series(1, 3) i;
SELECT results_eq($$SELECT rows_in, rows_out, rows_suppressed, smallest_group, levels
                      FROM anonymise_release('dt', 'dt_release', '{d}', 'person')$$,
    $$VALUES (20::int8, 17::int8, 3::int8, 12::int8, '{"d": "month"}'::jsonb)$$,
    'dates: coarsened to the month; April (3 persons) suppressed; loss lower than the year (15 persons)');
SELECT results_eq($$SELECT d, count(*) FROM dt_release GROUP BY d$$, $$VALUES (date '2024-03-01', 17::int8)$$,
    'the release has one month (17 rows of 12 persons)');
SELECT hasnt_column('dt_release', 'person', 'the person column is left out of the release');

-- Ages with the age hierarchy: wide bands of 12 and 11 persons
CREATE TABLE at (age int4, person int4);
INSERT INTO at SELECT 18 + i % 12, i FROM generate_series(1, 12) i;
INSERT INTO at SELECT 30 + i, 100 + i FROM generate_series(1, 11) i;
SELECT results_eq($$SELECT rows_out, rows_suppressed, levels FROM anonymise_release('at', 'at_release', '{age}', 'person',
                                                                               hierarchies => '{"age": "age"}')$$,
    $$VALUES (23::int8, 0::int8, '{"age": "wide_band"}'::jsonb)$$, 'ages: wide bands 18--29 and 30--47');
SELECT results_eq($$SELECT age, count(*) FROM at_release GROUP BY age ORDER BY age$$,
    $$VALUES ('18--29', 12::int8), ('30--47', 11::int8)$$, '... the column is now the band (text)');

-- "keep" leaves only suppression: April's 3 persons go, March stays day by day and goes too
SELECT results_eq($$SELECT rows_out, levels FROM anonymise_release('dt', 'dt_kept', '{d}', 'person', hierarchies => '{"d": "keep"}')$$,
    $$VALUES (0::int8, '{"d": "raw"}'::jsonb)$$, 'a kept column is never generalised: every day has fewer than 11 persons');

-- Every row unique on both columns: suppressing all rows and withholding both columns
-- lose as much; the release keeps the rows (top-down search, fewer suppressed on a tie)
CREATE TABLE ut (a int4, b int4);
INSERT INTO ut SELECT i, -i FROM generate_series(1, 12) i;
SELECT results_eq($$SELECT rows_out, levels, loss FROM anonymise_release('ut', 'ut_release', '{a,b}')$$,
    $$VALUES (12::int8, '{"a": "withheld", "b": "withheld"}'::jsonb, 1::float8)$$,
    'equal loss: the release that keeps the rows (all withheld) wins over suppressing them all');

-- The target goes to the caller's current schema (the default is evaluated by the caller)
CREATE SCHEMA release_out;
SET LOCAL search_path = release_out, public, tst_hub;
SELECT results_eq($$SELECT rows_out FROM anonymise_release('public.rt', 'rt_here', '{e}')$$, $$VALUES (24::int8)$$,
    'anonymise_release with the default target schema');
SET LOCAL search_path = public, tst_hub;
SELECT has_table('release_out', 'rt_here', '... writes to the current schema of the caller');

-- l-diversity in the release: the homogeneous group is suppressed
CREATE TABLE lr (g text, s text);
INSERT INTO lr SELECT 'a', 'x' FROM generate_series(1, 12);
INSERT INTO lr SELECT 'b', CASE WHEN i <= 6 THEN 'x' ELSE 'y' END FROM generate_series(1, 12) i;
SELECT results_eq($$SELECT rows_out, rows_suppressed, levels FROM anonymise_release('lr', 'lr_release', '{g}', l => 2, sensitive => 's')$$,
    $$VALUES (12::int8, 12::int8, '{"g": "raw"}'::jsonb)$$, 'l = 2: group a (all x) suppressed, b kept');
SELECT is((SELECT distinct_l_diverse AND entropy_l_diverse FROM l_diversity('lr_release', '{g}', 's')), true, 'the release passes l_diversity');
SELECT results_eq($$SELECT rows_out FROM anonymise_release('lr', 'lr_release2', '{g}', sensitive => 's', l_definition => 'entropy')$$,
    $$VALUES (12::int8)$$, 'entropy l-diversity (l defaults to 2 with a sensitive column): b has entropy l 2');

-- The release is audited as written: a source whose rows change between the
-- statements of the release (here a view that is empty on its first read) is refused
CREATE TABLE ct (g text);
INSERT INTO ct VALUES ('a'), ('b'), ('c');
CREATE SEQUENCE ct_reads;
CREATE VIEW ct_changing AS SELECT g FROM ct WHERE (SELECT nextval('ct_reads')) >= 2;
SELECT throws_ok($$SELECT * FROM anonymise_release('ct_changing', 'ct_release', '{g}')$$, '40001', NULL,
    'rows that appear while the release is made fail its own audit: 40001');
SELECT hasnt_table('ct_release', '... and nothing is written');

-- ---------------------------------------------------------------------------
-- Hostile identifiers: quoted everywhere
-- ---------------------------------------------------------------------------
CREATE TABLE victim (x int4);
CREATE TABLE "evil""; DROP TABLE victim; --" ("x""; DROP TABLE victim; --" text, "p'q" int4, "s"" s" text, "n" int4);
INSERT INTO "evil""; DROP TABLE victim; --" SELECT CASE WHEN i <= 7 THEN 'it''s' WHEN i <= 14 THEN '%s' ELSE 'other' END, i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END, i
  FROM generate_series(1, 25) i;
SELECT results_eq($$SELECT groups, smallest_group FROM k_anonymity('"evil""; DROP TABLE victim; --"', ARRAY['x"; DROP TABLE victim; --', 'n'], 'p''q', 2)$$,
    $$VALUES (25::int8, 1::int8)$$, 'k_anonymity with hostile table and column names');
SELECT results_eq($$SELECT group_values, persons FROM k_anonymity_groups('"evil""; DROP TABLE victim; --"', ARRAY['x"; DROP TABLE victim; --'], 'p''q', 8)$$,
    $$VALUES ('{"x\"; DROP TABLE victim; --": "%s"}'::jsonb, 7::int8), ('{"x\"; DROP TABLE victim; --": "it''s"}'::jsonb, 7::int8)$$,
    'k_anonymity_groups: the hostile name is a JSON key');
SELECT is((SELECT smallest_distinct_l FROM l_diversity('"evil""; DROP TABLE victim; --"', ARRAY['x"; DROP TABLE victim; --'], 's" s', 'p''q')),
    2::int8, 'l_diversity with hostile names');
SELECT results_eq($$SELECT rows_out, levels FROM anonymise_release('"evil""; DROP TABLE victim; --"', 'out"; DROP TABLE victim; --',
                        ARRAY['x"; DROP TABLE victim; --'], 'p''q',
                        hierarchies => '{"x\"; DROP TABLE victim; --": [{"it''s": "%s'' --", "%s": "%s'' --", "other": "other"}]}')$$,
    $$VALUES (25::int8, '{"x\"; DROP TABLE victim; --": "hierarchy 1"}'::jsonb)$$,
    'anonymise_release with hostile table, column, target and hierarchy values (7 + 7 + 11 persons: the map merges the two 7s)');
SELECT results_eq($$SELECT "x""; DROP TABLE victim; --", count(*) FROM "out""; DROP TABLE victim; --" GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('%s'' --', 14::int8), ('other', 11::int8)$$, 'the release holds the mapped values');
SELECT has_table('victim', 'the victim table is still there');

-- ---------------------------------------------------------------------------
-- Bad arguments
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{a,nope}')$$, '42703', NULL, 'unknown column: 42703');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{}')$$, '22023', NULL, 'no quasi-identifiers: 22023');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', NULL)$$, '22004', NULL, 'NULL quasi-identifier list: 22004');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{a,NULL}')$$, '22004', NULL, 'NULL element: 22004');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{{a},{b}}')$$, '22023', NULL, 'two-dimensional list: 22023');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{a,a}')$$, '22023', NULL, 'a column named twice: 22023');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{a,person}', 'person')$$, '22023', NULL, 'the person column as a quasi-identifier: 22023');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{a}', 'nobody')$$, '42703', NULL, 'unknown person column: 42703');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{a}', k => 1)$$, '22023', NULL, 'k = 1: 22023');
SELECT throws_ok($$SELECT * FROM k_anonymity(NULL, '{a}')$$, '22004', NULL, 'NULL relation: 22004');
CREATE INDEX kt_a ON kt (a);
SELECT throws_ok($$SELECT * FROM k_anonymity('kt_a', '{a}')$$, '42809', NULL, 'an index is not a table: 42809');
SELECT throws_ok($$SELECT * FROM l_diversity('lt', '{g}', 's', l => 1)$$, '22023', NULL, 'l = 1: 22023');
SELECT throws_ok($$SELECT * FROM l_diversity('lt', '{g}', NULL)$$, '22004', NULL, 'no sensitive column: 22004');
SELECT throws_ok($$SELECT * FROM l_diversity('lt', '{g,s}', 's')$$, '22023', NULL, 'the sensitive column as a quasi-identifier: 22023');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'rt_release', '{a}')$$, '42P07', NULL, 'target exists: 42P07');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'kt_out', '{a}', k => 5)$$, '42501', NULL, 'k below tst_hub.min_k: 42501');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'kt_out', '{a}', k => 1)$$, '22023', NULL, 'k = 1: 22023');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', NULL, '{a}')$$, '22004', NULL, 'NULL target: 22004');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'kt_out', '{a}', target_schema => 'no_such_schema')$$, '3F000', NULL, 'unknown target schema: 3F000');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'kt_out', '{a}', l => 2)$$, '22023', NULL, 'l without a sensitive column: 22023');
SELECT throws_ok($$SELECT * FROM anonymise_release('lt', 'kt_out', '{g}', sensitive => 's', l_definition => 'recursive')$$, '22023', NULL, 'unknown l definition: 22023');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'kt_out', '{a}', hierarchies => '{"b": "age"}')$$, '22023', NULL, 'a hierarchy for a column that is not a quasi-identifier: 22023');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'kt_out', '{a}', hierarchies => '{"a": "age"}')$$, '22023',
    'the age hierarchy needs a number column, and a is text', 'the age hierarchy on text: 22023, naming the column');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'kt_out', '{a}', hierarchies => '{"a": [["x"]]}')$$, '22023', NULL, 'a hierarchy level that is not an object: 22023');
SELECT throws_ok($$SELECT * FROM anonymise_release('kt', 'kt_out', '{a}', hierarchies => '{"a": 7}')$$, '22023', NULL, 'a hierarchy that is neither "age" nor maps: 22023');
SELECT hasnt_table('kt_out', 'no failed call left a table behind');

-- ---------------------------------------------------------------------------
-- The caller's rights
-- ---------------------------------------------------------------------------
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p
                   WHERE p.pronamespace = 'tst_hub'::regnamespace AND p.prosecdef
                     AND p.proname IN ('k_anonymity', 'k_anonymity_groups', 'l_diversity', 'l_diversity_groups',
                                       'group_diversity', 'anonymise_release', 'generalisation_levels')$$,
    'the audits are SECURITY INVOKER');
SELECT results_eq($$SELECT DISTINCT provolatile::text, proparallel::text FROM pg_proc
                     WHERE pronamespace = 'tst_hub'::regnamespace
                       AND proname IN ('k_anonymity', 'k_anonymity_groups', 'l_diversity', 'l_diversity_groups', 'group_diversity')$$,
    $$VALUES ('s', 'r')$$, 'the audits are STABLE and PARALLEL RESTRICTED (they read a caller-named relation, maybe temporary)');
SELECT results_eq($$SELECT provolatile::text, proparallel::text FROM pg_proc
                     WHERE pronamespace = 'tst_hub'::regnamespace AND proname = 'anonymise_release'$$,
    $$VALUES ('v', 'u')$$, 'anonymise_release is VOLATILE and PARALLEL UNSAFE (it writes)');
CREATE ROLE audit_outsider;
GRANT tst_hub_analyst TO audit_outsider;
GRANT SELECT (a) ON kt TO audit_outsider;
GRANT CREATE ON SCHEMA public TO audit_outsider;
SET LOCAL ROLE audit_outsider;
SELECT is((SELECT rows_total FROM k_anonymity('kt', '{a}')), 9::int8, 'a role may audit the columns it can read');
SELECT throws_ok($$SELECT * FROM k_anonymity('kt', '{a,b}')$$, '42501', NULL, '... and not a column it cannot read');
SELECT throws_ok($$SELECT * FROM l_diversity('lt', '{g}', 's')$$, '42501', NULL, 'l_diversity of a table it cannot read: 42501');
SELECT throws_ok($$SELECT * FROM anonymise_release('lt', 'lt_copy', '{g}')$$, '42501', NULL, 'anonymise_release of a table it cannot read: 42501');
RESET ROLE;

-- ---------------------------------------------------------------------------
-- The real CTDC data: 21,195 victim records (data/external, CTDC 2022 synthetic)
-- ---------------------------------------------------------------------------
CREATE TABLE ctdc ("yearRegister" text, gender text, "majorityStatus" text, "isForcedLabour" text,
    "isSexualExploit" text, "UN_COO_Region" text, "UN_COE_Region" text, "IP_Exploiter" text, "IP_Gender" text,
    "IP_ageBroad" text, "IP_citizen_UNRegion" text, "IP_Relation" text, "IP_PayMoney" text,
    "IP_RecruiterBroker" text, "IP_TransactionProcess" text, "IP_ControlAbuseKidnap" text);
\copy ctdc FROM 'data/external/ctdc_vp_synthetic_2022_condensed.csv' WITH (FORMAT csv, HEADER)
SELECT is((SELECT count(*) FROM ctdc), 21195::int8, 'CTDC: 21,195 records loaded');
SELECT results_eq($$SELECT groups, groups_below, rows_below, k_anonymous FROM k_anonymity('ctdc',
                        '{yearRegister,gender,majorityStatus,UN_COO_Region,UN_COE_Region,isForcedLabour,isSexualExploit}')$$,
    $$VALUES (1492::int8, 1116::int8, 3860::int8, false)$$,
    'CTDC as published: 1116 of 1492 groups (3860 records) are below k = 11 on seven quasi-identifiers');
CREATE TEMP TABLE ctdc_result AS
SELECT * FROM anonymise_release('ctdc', 'ctdc_release',
    '{yearRegister,gender,majorityStatus,UN_COO_Region,UN_COE_Region,isForcedLabour,isSexualExploit}',
    hierarchies => '{"yearRegister": [{"2005-2013": "2005-2018", "2014-2018": "2005-2018", "2019": "2019-2022", "2020": "2019-2022", "2021-2022": "2019-2022"}]}');
SELECT cmp_ok((SELECT rows_out::float8 / rows_in FROM ctdc_result), '>', 0.60::float8,
    'CTDC at k = 11: the release keeps more than 60 % of the records (CTDC''s own k = 11 release kept about 60 %)');
SELECT is((SELECT rows_out FROM ctdc_result), (SELECT count(*) FROM ctdc_release), 'rows_out is the size of the release');
SELECT results_eq($$SELECT k_anonymous, smallest_group >= 11 FROM k_anonymity('ctdc_release',
                        '{yearRegister,gender,majorityStatus,UN_COO_Region,UN_COE_Region,isForcedLabour,isSexualExploit}')$$,
    $$VALUES (true, true)$$, 'the release passes k_anonymity at 11');
CREATE TEMP TABLE ctdc_l_result AS
SELECT * FROM anonymise_release('ctdc', 'ctdc_release_l', '{yearRegister,gender,majorityStatus,UN_COO_Region,isForcedLabour}',
    l => 2, sensitive => 'IP_Relation');
SELECT cmp_ok((SELECT rows_out::float8 / rows_in FROM ctdc_l_result), '>', 0.60::float8,
    'CTDC at k = 11 and distinct l = 2 in the exploiter relation: more than 60 % kept');
SELECT results_eq($$SELECT (SELECT k_anonymous FROM k_anonymity('ctdc_release_l', '{yearRegister,gender,majorityStatus,UN_COO_Region,isForcedLabour}')),
                           (SELECT distinct_l_diverse FROM l_diversity('ctdc_release_l', '{yearRegister,gender,majorityStatus,UN_COO_Region,isForcedLabour}', 'IP_Relation'))$$,
    $$VALUES (true, true)$$, 'that release passes k_anonymity and l_diversity');

SELECT * FROM finish();
ROLLBACK;

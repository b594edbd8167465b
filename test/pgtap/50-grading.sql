-- Intelligence grades (3x5x2, 5x5x5, Admiralty), their conversions, and the
-- likelihood language of Key Judgements (PHIA yardstick, ICD 203).
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(54);

-- Every code of every scheme round-trips through text and binary
CREATE TABLE all_3x5x2 AS SELECT (s || i || ' ' || h)::grade_3x5x2 AS g
  FROM unnest('{1,2,3}'::text[]) s, unnest('{A,B,C,D,E}'::text[]) i, unnest('{P,C}'::text[]) h;
CREATE TABLE all_5x5x5 AS SELECT (s || i || ' ' || h)::grade_5x5x5 AS g
  FROM unnest('{A,B,C,D,E}'::text[]) s, unnest('{1,2,3,4,5}'::text[]) i, unnest('{1,2,3,4,5}'::text[]) h;
CREATE TABLE all_admiralty AS SELECT (s || i)::admiralty AS g
  FROM unnest('{A,B,C,D,E,F}'::text[]) s, unnest('{1,2,3,4,5,6}'::text[]) i;
SELECT is((SELECT count(DISTINCT g) FROM all_3x5x2), 30::int8, '30 distinct 3x5x2 grades');
SELECT is((SELECT count(DISTINCT g) FROM all_5x5x5), 125::int8, '125 distinct 5x5x5 grades');
SELECT is((SELECT count(DISTINCT g) FROM all_admiralty), 36::int8, '36 distinct Admiralty codes');
SELECT is((SELECT count(*) FROM all_3x5x2 WHERE g::text::grade_3x5x2 <> g), 0::int8, '3x5x2 text round trip');
SELECT is((SELECT count(*) FROM all_5x5x5 WHERE g::text::grade_5x5x5 <> g), 0::int8, '5x5x5 text round trip');
COPY all_admiralty TO '/tmp/tst_hub_grades.copy' WITH (FORMAT binary);
CREATE TABLE all_admiralty_copy (g admiralty);
COPY all_admiralty_copy FROM '/tmp/tst_hub_grades.copy' WITH (FORMAT binary);
SELECT set_eq('SELECT g FROM all_admiralty_copy', 'SELECT g FROM all_admiralty', 'Admiralty binary round trip');
SELECT is(' 1a  p '::grade_3x5x2::text, '1A P', 'case and spaces are forgiven, output is canonical');
SELECT is('b21'::grade_5x5x5::text, 'B2 1', 'the space before the handling code is optional');

-- Bad input: 22P02 naming the part
SELECT throws_ok($$SELECT '4A P'::grade_3x5x2$$, '22P02', NULL, 'unknown 3x5x2 source');
SELECT throws_ok($$SELECT '1F P'::grade_3x5x2$$, '22P02', NULL, 'unknown 3x5x2 information code');
SELECT throws_ok($$SELECT '1A'::grade_3x5x2$$, '22P02', NULL, 'missing handling');
SELECT throws_ok($$SELECT '1A PX'::grade_3x5x2$$, '22P02', NULL, 'trailing characters');
SELECT throws_ok($$SELECT 'B2 6'::grade_5x5x5$$, '22P02', NULL, 'unknown 5x5x5 handling');
SELECT throws_ok($$SELECT 'G1'::admiralty$$, '22P02', NULL, 'unknown Admiralty source');
SELECT throws_ok($$SELECT 'B7'::admiralty$$, '22P02', NULL, 'unknown Admiralty credibility');
SELECT throws_ok($$SELECT 'B2 1'::admiralty$$, '22P02', NULL, 'the Admiralty code has no handling');
SELECT throws_ok($$SELECT ''::admiralty$$, '22P02', NULL, 'empty text');
SELECT throws_ok($$SELECT 'Ä1'::admiralty$$, '22P02', NULL, 'a non-ASCII letter is refused without a broken message');

-- Accessors and order
SELECT is(source_score('2C C'::grade_3x5x2), 2, '3x5x2 untested scores between reliable and not reliable');
SELECT is(source_score('E1 1'::grade_5x5x5), NULL::int4, '5x5x5 untested source has no score');
SELECT is(info_score('A4 1'::grade_5x5x5), NULL::int4, '5x5x5 "cannot be judged" has no score');
SELECT is(info_score('A5 1'::grade_5x5x5), 4, '5x5x5 "suspected to be false" is the worst score');
SELECT is(source_score('F1'::admiralty), NULL::int4, 'Admiralty F has no score');
SELECT is(info_score('B6'::admiralty), NULL::int4, 'Admiralty 6 has no score');
SELECT is(handling('1A C'::grade_3x5x2), 'C', 'handling code');
SELECT is(grade_meaning('B2'::admiralty), 'usually reliable; probably true', 'meaning in words');
SELECT is((SELECT array_agg(g::text ORDER BY g) FROM (VALUES ('3E C'::grade_3x5x2), ('1A P'), ('1B C'), ('1A C')) v(g)),
          '{"1A P","1A C","1B C","3E C"}', 'code order: source, information, handling');

-- Conversions: every code of every source scheme is mapped exactly once per target
SELECT is((SELECT count(*) FROM (SELECT from_scheme, to_scheme, part, from_code FROM grade_conversions()
                                  GROUP BY 1, 2, 3, 4 HAVING count(*) <> 1) d), 0::int8, 'each code maps once');
SELECT is((SELECT count(*) FROM grade_conversions()), 45::int8, 'the conversion table has 45 mappings');
SELECT is((SELECT count(*) FROM all_5x5x5, LATERAL to_3x5x2(g) c WHERE c.grade IS NULL), 0::int8,
          'every 5x5x5 grade converts to 3x5x2');
SELECT is((SELECT row(grade, lossy, conditions)::text FROM to_3x5x2('A2 4'::grade_5x5x5)),
          '("1A C",f,"grade_5x5x5 handling 4: within the originating agency only")',
          'an exact 5x5x5 grade keeps its meaning; its handling becomes conditions');
SELECT is((SELECT lossy FROM to_3x5x2('B2 1'::grade_5x5x5)), true, 'mostly reliable -> reliable is flagged lossy');
SELECT is((SELECT grade::text FROM to_3x5x2('C2 1'::grade_5x5x5)), '3A C', 'sometimes reliable is not overstated');
SELECT is((SELECT row(grade, lossy)::text FROM to_admiralty('2B P'::grade_3x5x2)), '(F1,f)', 'untested, corroborated -> F1');
SELECT is((SELECT grade::text FROM to_3x5x2('B2'::admiralty, 'C')), '1C C', 'Admiralty to 3x5x2 with a handling code');
SELECT throws_ok($$SELECT to_3x5x2('B2'::admiralty, 'X')$$, '22023', NULL, 'handling must be P or C');
SELECT is((SELECT count(*) FROM all_admiralty, LATERAL to_3x5x2(g, 'P') c WHERE c.grade IS NULL), 0::int8,
          'every Admiralty code converts to 3x5x2');

-- Likelihood
SELECT is('Probable'::likelihood::text, 'likely', 'PHIA synonym');
SELECT is('icd203:highly probable'::likelihood::text, 'icd203:very likely', 'ICD 203 synonym');
SELECT is('70%'::likelihood::text, 'likely (70%)', 'a percentage takes its PHIA term and is kept');
SELECT is('icd203:5%'::likelihood::text, 'icd203:very unlikely (5%)', 'an ICD 203 boundary belongs to the higher term');
SELECT is('icd203:99%'::likelihood::text, 'icd203:almost certain (99%)', 'the top ICD 203 bound is closed');
SELECT is('5%'::likelihood::text, 'remote chance (5%)', 'PHIA ranges are closed');
SELECT throws_ok($$SELECT '52.5%'::likelihood$$, '22023',
    '52.5% falls in the PHIA yardstick gap between "realistic possibility" (40%-50%) and "likely" (55%-75%)',
    'a percentage in a PHIA gap names both neighbours');
SELECT throws_ok($$SELECT likelihood(77, 'phia')$$, '22023', NULL, 'likelihood(): a gap is refused too');
SELECT throws_ok($$SELECT 'likely (80%)'::likelihood$$, '22023', NULL, 'a stated percentage outside its term');
SELECT throws_ok($$SELECT 'icd203:0.5%'::likelihood$$, '22023', NULL, 'ICD 203 covers 1-99 %');
SELECT throws_ok($$SELECT 'fairly likely'::likelihood$$, '22P02', NULL, 'unknown term');
SELECT throws_ok($$SELECT '70.25%'::likelihood$$, '22P02', NULL, 'at most one decimal');
SELECT is(likelihood_range('likely'), '[55,75]'::numrange, 'PHIA range');
SELECT is(likelihood_range('icd203:likely'), '[55,80)'::numrange, 'ICD 203 range');
SELECT is((SELECT row(likelihood, lossy)::text FROM to_icd203('likely')), '(icd203:likely,f)', 'PHIA likely sits inside ICD likely');
SELECT is((SELECT row(likelihood, lossy)::text FROM to_phia('icd203:roughly even chance')), '("realistic possibility",t)',
          'ICD roughly even chance overlaps realistic possibility most, lossy');
SELECT is((SELECT array_agg(l::text ORDER BY l) FROM (VALUES ('likely'::likelihood), ('remote chance'), ('likely (60%)'), ('highly likely')) v(l)),
          '{"remote chance",likely,"likely (60%)","highly likely"}', 'order: less likely first');

SELECT * FROM finish();
ROLLBACK;

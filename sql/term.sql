-- term: text I/O, operators, navigation, labels, and bad input
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

-- canonical paths round-trip; output is always the canonical path
SELECT 'exploitation/sexual/online'::term AS t, 'exploitation'::term AS facet_term;
SELECT 'EXPLOITATION/Sexual/Online'::term AS case_folded_path;

-- labels and synonyms, case-, accent- and width-insensitive
SELECT 'Forced labour'::term, 'forced LABOR'::term, 'ＦＯＲＣＥＤ　ＬＡＢＯＵＲ'::term;
SELECT ' Withholds  documents '::term = 'control/withholds_documents' AS spaces_ignored;
SELECT 'SexualExploitation'::term AS htcds_value_name;
SELECT '強迫勞動'::term AS traditional_chinese, '强迫劳动'::term AS simplified_chinese;
SELECT 'lao dong cuong buc'::term AS vietnamese_without_marks, 'praca przymusowa'::term AS polish;

-- ordering is vocabulary preorder: a node sorts before its descendants
SELECT t FROM unnest(ARRAY['control', 'exploitation/labour', 'exploitation',
                           'exploitation/sexual/online', 'exploitation/sexual']::term[]) t
 ORDER BY t;

-- subsumption operators
SELECT 'exploitation/sexual/online/children'::term <@ 'exploitation/sexual' AS below,
       'exploitation/sexual'::term <@ 'exploitation/sexual' AS self,
       'exploitation/sexual'::term <@ 'exploitation/sexual/online' AS above,
       'exploitation/labour'::term <@ 'exploitation/sexual' AS sibling,
       'control/threats'::term <@ 'exploitation' AS other_facet,
       'exploitation'::term @> 'exploitation/labour/agriculture' AS contains;

-- navigation
SELECT t, depth(t), parent(t), facet(t), rollup(t, 0) AS r0, rollup(t, 1) AS r1,
       rollup(t, 9) AS r9, is_leaf(t), path(t)
  FROM unnest(ARRAY['exploitation', 'exploitation/sexual', 'exploitation/sexual/online/children',
                    'industry/a/01/011']::term[]) t;
SELECT children('control/threats');
SELECT count(*) AS descendants_of_industry_c FROM descendants('industry/c');
SELECT ancestors('industry/a/03/marine');
SELECT count(*) AS leaf_descendants FROM descendants('exploitation/sexual/online/children');

-- labels in the 15 languages, with fallback to English
SELECT lang, label('exploitation/labour', lang)
  FROM unnest(ARRAY['en','es','fr','pt','ar','ru','uk','pl','ro','vi','th','zh','hi','sw','tl']) lang;
SELECT label('exploitation/sexual', 'pt-BR') AS region_tag, label('exploitation/sexual', 'FR') AS upper_case;
SELECT label('industry/c/13', 'sw') AS fallback_en, label('industry/c/13', 'sw', false) AS no_fallback;

-- codes are stable; binary I/O is the code
SELECT code('exploitation/sexual/online'), term_from_code(code('exploitation/sexual/online'));

-- term_lookup never raises
SELECT term_lookup('Forced labour') AS known, term_lookup('no such thing') AS unknown,
       term_lookup('Other') AS ambiguous;

-- bad input: each raises 22P02 with an actionable message
SELECT 'exploitaton/labor'::term;
SELECT ''::term;
SELECT '   '::term;
SELECT 'Other'::term;
SELECT 'Servitude'::term;
SELECT E'forced\tlabour'::term;
SELECT 'Forced lаbour'::term;
-- "did you mean" counts characters, not bytes: a text that shares no letter
-- with any name gets no suggestion (Cyrillic, Thai and Devanagari labels,
-- 2-3 bytes a character, used to pass the half-the-letters rule), and a
-- Cyrillic typo still finds its term
SELECT 'no such term'::term;
SELECT 'детский трут'::term;
SELECT repeat('x', 1000000)::term;
SELECT rollup('exploitation/sexual', -1);
SELECT term_from_code(0);
SELECT term_from_code(42);
SELECT label('exploitation', 'xx');

-- Every SQL-reachable input that is wrong must raise the documented SQLSTATE.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(40);

-- term text input: 22P02 for anything that is not exactly one term
SELECT throws_ok($$SELECT 'no such term'::term$$, '22P02', NULL, 'unknown term');
SELECT throws_ok($$SELECT 'exploitaton/labor'::term$$, '22P02', NULL, 'misspelt path');
SELECT throws_ok($$SELECT ''::term$$, '22P02', NULL, 'empty string');
SELECT throws_ok($$SELECT '   '::term$$, '22P02', NULL, 'only spaces');
SELECT throws_ok($$SELECT ' --/-- '::term$$, '22P02', NULL, 'only punctuation');
SELECT throws_ok($$SELECT E'\t\n'::term$$, '22P02', NULL, 'only control characters');
SELECT throws_ok($$SELECT E'forced\tlabour'::term$$, '22P02', NULL, 'tab inside');
SELECT throws_ok($$SELECT E'forced labour\x7f'::term$$, '22P02', NULL, 'DEL character');
SELECT throws_ok($$SELECT E'exploitation\u0001'::term$$, '22P02', NULL, 'control character after a path');
SELECT throws_ok($$SELECT repeat('x', 1000000)::term$$, '22P02', NULL, '1 MB input');
SELECT throws_ok($$SELECT repeat('forced labour ', 100)::term$$, '22P02', NULL, 'long repeated label');
SELECT throws_ok($$SELECT 'Forced lаbour'::term$$, '22P02', NULL, 'mixed Latin and Cyrillic (homoglyph)');
SELECT throws_ok($$SELECT 'Trabalho 强迫'::term$$, '22P02', NULL, 'mixed Latin and Han');
SELECT throws_ok($$SELECT 'Other'::term$$, '22P02', NULL, 'ambiguous label (six facets)');
SELECT throws_ok($$SELECT 'Servitude'::term$$, '22P02', NULL, 'ambiguous label (two facets)');
SELECT throws_ok($$SELECT 'Debt bondage'::term$$, 'ambiguous term: "Debt bondage"', 'ambiguous error says so');
SELECT throws_like($$SELECT 'Servitude'::term$$, '%ambiguous%', 'ambiguity is reported, not resolved');
SELECT throws_ok($$SELECT 'exploitation/'::term$$, '22P02', NULL, 'trailing slash');
SELECT throws_ok($$SELECT '/exploitation'::term$$, '22P02', NULL, 'leading slash');
SELECT throws_ok($$SELECT 'exploitation//sexual'::term$$, '22P02', NULL, 'empty segment');

-- term functions
SELECT throws_ok($$SELECT rollup('exploitation/sexual', -1)$$, '22023', NULL, 'negative rollup depth');
SELECT throws_ok($$SELECT term_from_code(0)$$, '22023', NULL, 'code 0');
SELECT throws_ok($$SELECT term_from_code(-1)$$, '22023', NULL, 'negative code');
SELECT throws_ok($$SELECT term_from_code(72344566572777473)$$, '22023', NULL, 'code of no term');
SELECT throws_ok($$SELECT label('exploitation', 'xx')$$, '22023', NULL, 'unknown language');
SELECT throws_ok($$SELECT label('exploitation', '')$$, '22023', NULL, 'empty language');

-- term_set text input
SELECT throws_ok($$SELECT 'control/threats'::term_set$$, '22P02', NULL, 'set without braces');
SELECT throws_ok($$SELECT '{control/threats'::term_set$$, '22P02', NULL, 'unclosed set');
SELECT throws_ok($$SELECT '{control/threats,}'::term_set$$, '22P02', NULL, 'empty element');
SELECT throws_ok($$SELECT '{,}'::term_set$$, '22P02', NULL, 'only a comma');
SELECT throws_ok($$SELECT '{"control/threats}'::term_set$$, '22P02', NULL, 'unclosed quote');
SELECT throws_ok($$SELECT '{control/threats}}'::term_set$$, '22P02', NULL, 'text after the set');
SELECT throws_ok($$SELECT '{{control/threats}}'::term_set$$, '22P02', NULL, 'nested braces');
SELECT throws_ok($$SELECT '{Other}'::term_set$$, '22P02', NULL, 'ambiguous element');
SELECT throws_ok($$SELECT ('{' || repeat('x,', 500000) || 'x}')::term_set$$, '22P02', NULL, '1 MB set of unknown elements');
SELECT throws_ok($$SELECT term_set(ARRAY['control/threats', NULL]::term[])$$, '22004', NULL, 'NULL element');

-- ages
SELECT throws_ok($$SELECT age_band(-1)$$, '22003', NULL, 'negative age');
SELECT throws_ok($$SELECT age_band(131)$$, '22003', NULL, 'age over 130');
SELECT throws_ok($$SELECT is_minor(-2147483648)$$, '22003', NULL, 'minimum int age');

-- category mapping
SELECT throws_ok($$SELECT observe_category(1, ' ... ')$$, '22023', NULL, 'label without letters');

SELECT * FROM finish();
ROLLBACK;

-- vocabulary: generated checks over every node and every label
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

-- every node round-trips through text and binary form
SELECT count(*) AS nodes,
       count(*) FILTER (WHERE path::term <> term) AS text_mismatches,
       count(*) FILTER (WHERE term_from_code(code) <> term) AS code_mismatches,
       count(*) FILTER (WHERE term::text <> path) AS output_mismatches
  FROM vocabulary;

-- the tree is consistent: parent, depth, facet and leaf flags agree
SELECT count(*) FILTER (WHERE parent IS DISTINCT FROM tst_hub.parent(term)) AS bad_parent,
       count(*) FILTER (WHERE depth <> tst_hub.depth(term)) AS bad_depth,
       count(*) FILTER (WHERE facet <> tst_hub.facet(term)) AS bad_facet,
       count(*) FILTER (WHERE is_leaf <> NOT EXISTS (SELECT 1 FROM vocabulary c WHERE c.parent = v.term)) AS bad_leaf,
       count(*) FILTER (WHERE NOT term <@ facet) AS not_in_facet
  FROM vocabulary v;

-- facets and the size of each
SELECT facet, count(*) AS terms, max(depth) AS max_depth
  FROM vocabulary GROUP BY facet ORDER BY facet;

-- children and descendants agree with the parent column
SELECT count(*) AS mismatches FROM vocabulary v
 WHERE (SELECT count(*) FROM children(v.term)) <> (SELECT count(*) FROM vocabulary c WHERE c.parent = v.term)
    OR (SELECT count(*) FROM descendants(v.term)) <> (SELECT count(*) FROM vocabulary c WHERE c.term <@ v.term AND c.term <> v.term);

-- subsumption from the codes equals subsumption from the tree, for every pair
WITH RECURSIVE up(term, anc) AS (
    SELECT term, term FROM vocabulary
    UNION ALL
    SELECT up.term, v.parent FROM up JOIN vocabulary v ON v.term = up.anc WHERE v.parent IS NOT NULL
)
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE (a.term <@ b.term) <> EXISTS (SELECT 1 FROM up WHERE up.term = a.term AND up.anc = b.term)) AS wrong
  FROM vocabulary a CROSS JOIN vocabulary b;

-- labels: languages covered; facets and exploitation types in all 15
SELECT lang, count(*) FILTER (WHERE kind = 'label') AS labels, count(*) FILTER (WHERE kind = 'synonym') AS synonyms
  FROM vocabulary_labels GROUP BY lang ORDER BY lang;
SELECT v.path, 15 - count(l.lang) AS missing_languages
  FROM vocabulary v LEFT JOIN vocabulary_labels l ON l.term = v.term AND l.kind = 'label'
 WHERE v.depth = 0 OR v.term <@ 'exploitation'
 GROUP BY v.path HAVING count(l.lang) <> 15;

-- every label and synonym names its own term, unless it is shared with
-- another term (or with another term's path written in other case): then
-- input must refuse it (ambiguous), never pick one
WITH named AS (
    SELECT l.term, l.text, fold_label(l.text) AS key, false AS is_path FROM vocabulary_labels l
    UNION ALL
    SELECT v.term, v.path, fold_label(v.path), true FROM vocabulary v
), shared AS (
    SELECT key FROM named GROUP BY key HAVING count(DISTINCT term) > 1
)
SELECT count(*) FILTER (WHERE NOT is_path) AS names,
       count(*) FILTER (WHERE key NOT IN (SELECT key FROM shared) AND term_lookup(text) IS DISTINCT FROM term) AS wrong_term,
       count(*) FILTER (WHERE key IN (SELECT key FROM shared) AND term_lookup(text) IS NOT NULL AND NOT is_path) AS ambiguous_resolved
  FROM named;

-- the shared names, for review
SELECT fold_label(text) AS shared_name, string_agg(DISTINCT term::text, ', ' ORDER BY term::text) AS terms
  FROM (SELECT term, text FROM vocabulary_labels UNION ALL SELECT term, path FROM vocabulary) n
 GROUP BY 1 HAVING count(DISTINCT term) > 1 ORDER BY 1;

-- rolling up: counts grouped by rollup(term, d) equal counts of descendants
CREATE TEMP TABLE sample AS
SELECT (SELECT term FROM vocabulary WHERE term <@ 'exploitation' ORDER BY code OFFSET (i * 7919) % 32 LIMIT 1) AS t
  FROM generate_series(1, 5000) i;
-- (a group at depth d holds its whole subtree; a shallower group only itself)
SELECT r.d, count(*) AS groups,
       count(*) FILTER (WHERE r.n <> (SELECT count(*) FROM sample s
                                       WHERE CASE WHEN depth(r.g) = r.d THEN s.t <@ r.g ELSE s.t = r.g END)) AS wrong
  FROM (SELECT d, rollup(t, d) AS g, count(*) AS n FROM sample, generate_series(0, 3) d GROUP BY 1, 2) r
 GROUP BY r.d ORDER BY r.d;

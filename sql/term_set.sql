-- term_set: multi-select sets with subsumption-aware operators
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

-- I/O: canonical order, duplicates removed, labels and quoting accepted
SELECT '{control/threats/violence, control/debt_bondage, control/debt_bondage}'::term_set;
SELECT '{}'::term_set AS empty, ' { } '::term_set AS spaced_empty;
SELECT '{"Agriculture, forestry and fishing", Takes earnings}'::term_set;
SELECT E'{"Withholds \\"documents\\"" }'::term_set;
SELECT '{"Withholds documents"}'::term_set = '{control/withholds_documents}' AS quoted_equal;

-- conversions
SELECT term_set(ARRAY['control/threats', 'control/threats']::term[]) AS from_array,
       terms('{control/threats,exploitation}'::term_set) AS to_array,
       'control/threats'::term::term_set AS from_term;

-- containment is subsumption-aware
SELECT '{control/threats/violence}'::term_set @> '{control/threats}' AS specific_contains_general,
       '{control/threats}'::term_set @> '{control/threats/violence}' AS general_not_specific,
       '{control/threats/violence, control/debt_bondage}'::term_set @> '{control/threats, control/debt_bondage}' AS all_needed,
       '{control/threats/violence}'::term_set @> '{control/threats, control/debt_bondage}' AS one_missing,
       '{control/debt_bondage}'::term_set @> '{}' AS contains_empty,
       '{}'::term_set <@ '{control/debt_bondage}' AS empty_contained,
       '{control/threats}'::term_set <@ '{control/threats/violence}' AS contained;
SELECT '{control/threats/violence}'::term_set @> 'control/threats'::term AS set_holds_term,
       'control/threats'::term <@ '{control/threats/family}'::term_set AS term_in_set,
       '{control/threats}'::term_set @> 'control/threats/family'::term AS general_not_term;

-- overlap: some element equal to, above or below some element of the other
SELECT '{control/threats/violence}'::term_set && '{control/threats}' AS below,
       '{control/threats}'::term_set && '{control/threats/violence}' AS above,
       '{control/threats/violence}'::term_set && '{control/threats/family}' AS siblings,
       '{control/debt_bondage}'::term_set && '{}' AS with_empty;

-- union, add, cardinality, unnest
SELECT '{control/threats}'::term_set || '{control/debt_bondage, control/threats}' AS set_union,
       '{control/threats}'::term_set || 'exploitation/labour'::term AS set_add,
       cardinality('{control/threats, exploitation, gender/feminine}'::term_set),
       cardinality('{}'::term_set) AS empty_cardinality;
SELECT unnest('{gender/feminine, control/threats, exploitation}'::term_set);

-- equality, ordering, hashing (GROUP BY, DISTINCT)
SELECT '{control/threats, exploitation}'::term_set = '{exploitation, control/threats}' AS order_free,
       '{exploitation}'::term_set < '{exploitation, control/threats}' AS prefix_sorts_first;
SELECT count(DISTINCT s) FROM (VALUES ('{control/threats}'::term_set), ('{control/threats}'), ('{}'), ('{}')) v(s);

-- term_set_agg: order-independent, NULLs skipped, NULL for no rows
SELECT term_set_agg(t) FROM unnest(ARRAY['control/threats', NULL, 'exploitation', 'control/threats']::term[]) t;
SELECT term_set_agg(t) IS NULL AS no_rows FROM unnest(ARRAY[]::term[]) t;
SELECT term_set_agg(s) FROM (VALUES ('{control/threats}'::term_set), ('{exploitation}'), (NULL)) v(s);

-- GIN index: plans use it, and answers equal a sequential scan for every
-- operator and every query shape
CREATE TABLE reports (id int, means term_set);
INSERT INTO reports
SELECT i, term_set(ARRAY(SELECT term FROM vocabulary
                          WHERE term <@ 'control' AND (code + i) % 5 = 0 AND i % 7 <> 0
                          ORDER BY code LIMIT i % 4))
  FROM generate_series(1, 3000) i;
CREATE INDEX reports_means ON reports USING gin (means);
ANALYZE reports;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM reports WHERE means @> '{control/threats}';
EXPLAIN (COSTS OFF) SELECT count(*) FROM reports WHERE means && '{control/threats}';
EXPLAIN (COSTS OFF) SELECT count(*) FROM reports WHERE means <@ '{control/threats}';
EXPLAIN (COSTS OFF) SELECT count(*) FROM reports WHERE means @> 'control/threats'::term;

CREATE TEMP TABLE queries AS
SELECT q FROM (VALUES ('{}'::term_set), ('{control}'), ('{control/threats}'), ('{control/threats/violence}'),
       ('{control/threats, control/debt_bondage}'), ('{control/other, control/threats/family}'),
       ('{exploitation}')) v(q);
CREATE TEMP TABLE via_index AS
SELECT q, (SELECT count(*) FROM reports WHERE means @> q) AS c,
          (SELECT count(*) FROM reports WHERE means && q) AS o,
          (SELECT count(*) FROM reports WHERE means <@ q) AS d
  FROM queries;
CREATE TEMP TABLE via_index_term AS
SELECT v.term, (SELECT count(*) FROM reports WHERE means @> v.term) AS n
  FROM vocabulary v WHERE v.term <@ 'control';
RESET enable_seqscan;
SET enable_bitmapscan = off;
SET enable_indexscan = off;
SELECT q, c, o, d,
       c = (SELECT count(*) FROM reports WHERE means @> q) AND
       o = (SELECT count(*) FROM reports WHERE means && q) AND
       d = (SELECT count(*) FROM reports WHERE means <@ q) AS same_as_seqscan
  FROM via_index ORDER BY q;
SELECT count(*) AS terms, count(*) FILTER (WHERE n <> (SELECT count(*) FROM reports WHERE means @> i.term)) AS wrong
  FROM via_index_term i;
RESET enable_bitmapscan;
RESET enable_indexscan;

-- hash and btree indexes answer set equality
CREATE INDEX reports_means_hash ON reports USING hash (means);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM reports WHERE means = '{control/threats}';
SELECT count(*) AS via_hash FROM reports WHERE means = '{control/threats}';
DROP INDEX reports_means_hash;
CREATE INDEX reports_means_btree ON reports USING btree (means);
EXPLAIN (COSTS OFF) SELECT count(*) FROM reports WHERE means = '{control/threats}';
SELECT count(*) AS via_btree FROM reports WHERE means = '{control/threats}';
DROP INDEX reports_means_btree;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT count(*) AS via_seqscan FROM reports WHERE means = '{control/threats}';

-- the operators agree with their definitions spelled out over elements
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE (a.means @> b.means) <> NOT EXISTS (
           SELECT 1 FROM unnest(b.means) y WHERE NOT EXISTS (SELECT 1 FROM unnest(a.means) x WHERE x <@ y))) AS wrong_contains,
       count(*) FILTER (WHERE (a.means && b.means) <> EXISTS (
           SELECT 1 FROM unnest(a.means) x, unnest(b.means) y WHERE x <@ y OR y <@ x)) AS wrong_overlaps
  FROM (SELECT * FROM reports WHERE id <= 60) a, (SELECT * FROM reports WHERE id <= 60) b;

-- parallel aggregation equals serial, byte for byte
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
ALTER TABLE reports SET (parallel_workers = 2);
EXPLAIN (COSTS OFF) SELECT term_set_agg(means) FROM reports;
CREATE TEMP TABLE parallel_result AS SELECT term_set_agg(means) AS s, term_set_agg(rollup(unnest_t, 1)) AS r
  FROM reports LEFT JOIN LATERAL unnest(means) unnest_t ON true;
SET max_parallel_workers_per_gather = 0;
SELECT p.s = (SELECT term_set_agg(means) FROM reports) AS same_sets,
       term_set_send(p.s) = term_set_send((SELECT term_set_agg(means) FROM reports)) AS same_bytes,
       p.s
  FROM parallel_result p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
DROP TABLE reports;

-- bad input
SELECT 'control/threats'::term_set;
SELECT '{control/threats'::term_set;
SELECT '{control/threats,}'::term_set;
SELECT '{control/threats} x'::term_set;
SELECT '{"control/threats}'::term_set;
SELECT '{no such term}'::term_set;
SELECT '{Other}'::term_set;
SELECT term_set(ARRAY['control/threats', NULL]::term[]);

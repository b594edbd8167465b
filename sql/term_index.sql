-- term indexes: btree answers = and <@ / @> (as a range), hash answers =
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

CREATE TABLE cases (id int, exploitation term);
INSERT INTO cases
SELECT i, (SELECT term FROM vocabulary WHERE term <@ 'exploitation' ORDER BY code OFFSET i % 32 LIMIT 1)
  FROM generate_series(1, 20000) i;
CREATE INDEX cases_exploitation ON cases (exploitation);
ANALYZE cases;
SET enable_seqscan = off;

EXPLAIN (COSTS OFF) SELECT count(*) FROM cases WHERE exploitation <@ 'exploitation/sexual';
EXPLAIN (COSTS OFF) SELECT count(*) FROM cases WHERE 'exploitation/sexual' @> exploitation;
EXPLAIN (COSTS OFF) SELECT count(*) FROM cases WHERE exploitation = 'exploitation/labour';

-- index answers equal sequential answers
CREATE TEMP TABLE via_index AS
SELECT v.term, (SELECT count(*) FROM cases WHERE exploitation <@ v.term) AS n
  FROM vocabulary v WHERE v.term <@ 'exploitation';
RESET enable_seqscan;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT count(*) AS terms, count(*) FILTER (WHERE n <> (SELECT count(*) FROM cases WHERE exploitation <@ i.term)) AS wrong
  FROM via_index i;
RESET enable_indexscan;
RESET enable_bitmapscan;

-- the planner estimates subtree filters from the column statistics
CREATE FUNCTION pg_temp.estimated_rows(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
END
$$;
SELECT t, n AS actual, pg_temp.estimated_rows(format('SELECT * FROM cases WHERE exploitation <@ %L', t))
           BETWEEN n * 0.5 AND n * 2 AS estimate_within_2x
  FROM (VALUES ('exploitation/sexual'::term), ('exploitation/labour'), ('exploitation/military')) v(t),
       LATERAL (SELECT count(*) AS n FROM cases WHERE exploitation <@ t) c;

CREATE INDEX cases_exploitation_hash ON cases USING hash (exploitation);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
DROP INDEX cases_exploitation;
EXPLAIN (COSTS OFF) SELECT count(*) FROM cases WHERE exploitation = 'exploitation/labour';
SELECT count(*) FROM cases WHERE exploitation = 'exploitation/labour';
RESET enable_seqscan;
RESET enable_bitmapscan;

-- expression index and generated column on rollup (IMMUTABLE)
ALTER TABLE cases ADD COLUMN category term GENERATED ALWAYS AS (rollup(exploitation, 1)) STORED;
CREATE INDEX cases_category ON cases (rollup(exploitation, 1));
SELECT category, count(*) FROM cases GROUP BY 1 ORDER BY 1 LIMIT 3;
DROP TABLE cases;

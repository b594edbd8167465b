-- Noise I: the exact discrete Laplace sampler against its pmf, and
-- sticky_count (noise keyed to the cell and the persons counted): the same
-- question always gets the same answer, however it is phrased; averaging
-- many answers does not find the true value.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(35);

-- ---- the sampler: chi-square goodness of fit against the exact pmf ----
-- epsilon = 1, sensitivity 1: P(z) = (1-a)/(1+a) a^|z|, a = exp(-1).
-- Bins -6..6 and the two tails |z| >= 7 merged: 15 bins, 14 degrees of
-- freedom; the 0.99 quantile of chi-square(14) is 29.141 (p > 0.01 below it).
CREATE TEMP TABLE draws AS SELECT discrete_laplace(1.0) AS z FROM generate_series(1, 100000);
CREATE TEMP TABLE fit AS
WITH bins AS (
    SELECT b FROM generate_series(-7, 7) b),
obs AS (
    SELECT greatest(-7, least(7, z)) AS b, count(*) AS o FROM draws GROUP BY 1),
pmf AS (
    SELECT b, CASE WHEN abs(b) < 7 THEN (1 - exp(-1.0)) / (1 + exp(-1.0)) * exp(-abs(b))
                   ELSE exp(-7.0) / (1 + exp(-1.0)) END AS p
      FROM bins)
SELECT b, coalesce(o, 0) AS o, 100000 * p AS e FROM pmf LEFT JOIN obs USING (b);
SELECT is((SELECT round(sum(e))::numeric FROM fit), 100000::numeric, 'the binned pmf sums to 1 (tails merged)');
SELECT cmp_ok((SELECT sum((o - e) ^ 2 / e) FROM fit), $$<$$, 29.141::float8,
              'discrete_laplace(1.0): chi-square over 10^5 draws below the 0.99 quantile for 14 df (p > 0.01)');

-- mean and variance at epsilon 0.5, sensitivity 3: a = exp(-1/6),
-- variance 2a/(1-a)^2 = 71.8; the mean's standard error is 0.027.
CREATE TEMP TABLE draws2 AS SELECT discrete_laplace(0.5, 3)::float8 AS z FROM generate_series(1, 100000);
SELECT cmp_ok((SELECT abs(avg(z)) FROM draws2), '<', 0.15::float8, 'discrete_laplace(0.5, 3): mean 0 (within 5.5 standard errors)');
SELECT cmp_ok((SELECT abs(var_samp(z) / (2 * exp(-1.0 / 6) / (1 - exp(-1.0 / 6)) ^ 2) - 1) FROM draws2), '<', 0.05::float8,
              'discrete_laplace(0.5, 3): variance 2a/(1-a)^2 within 5 % (a = exp(-1/6))');
SELECT ok((SELECT bool_and(z = round(z)) FROM draws2), 'every draw is an integer');
SELECT cmp_ok((SELECT count(DISTINCT z) FROM (SELECT discrete_laplace(100) z FROM generate_series(1, 1000)) s), '<=', 2::int8,
              'epsilon 100: almost no noise');

-- bad arguments
SELECT throws_ok('SELECT discrete_laplace(0)', '22023', NULL, 'epsilon 0: 22023');
SELECT throws_ok('SELECT discrete_laplace(-1)', '22023', NULL, 'epsilon < 0: 22023');
SELECT throws_ok($$SELECT discrete_laplace('NaN')$$, '22023', NULL, 'epsilon NaN: 22023');
SELECT throws_ok($$SELECT discrete_laplace('Infinity')$$, '22023', NULL, 'epsilon infinity: 22023');
SELECT throws_ok('SELECT discrete_laplace(1000)', '22023', NULL, 'epsilon 1000 (absurdly large): 22023');
SELECT throws_ok('SELECT discrete_laplace(0.0000001)', '22023', NULL, 'epsilon with 7 decimals (too fine): 22023');
SELECT throws_ok('SELECT discrete_laplace(NULL)', '22004', NULL, 'epsilon NULL: 22004');
SELECT throws_ok('SELECT discrete_laplace(1, 0)', '22023', NULL, 'sensitivity 0: 22023');

-- ---- sticky_count ----
SELECT key_create('noise_test');
CREATE FUNCTION pg_temp.person(n int) RETURNS pseudonym LANGUAGE sql STABLE
    AS $$SELECT pseudonymise('raw', 'person ' || n, 'noise_test')$$;
-- 400 persons in 20 (country, kind) cells, 3 rows each; a few NULL persons
CREATE TEMP TABLE inc AS
SELECT pg_temp.person(i) AS p, 'C' || (i % 5) AS country, 'k' || (i / 5 % 4) AS kind, r
  FROM generate_series(0, 399) i, generate_series(1, 3) r;
INSERT INTO inc SELECT NULL, 'C1', 'k1', 0 FROM generate_series(1, 7);
ANALYZE inc;

SELECT throws_ok($$SELECT sticky_count(p, country) FROM inc WHERE country = 'C1'$$, '22023', 'no key for scope "noise"',
                 'without the hub''s noise key (scope noise): 22023, no value');
SELECT key_create('noise');

-- the same question 10,000 times: one value
SELECT is((SELECT count(DISTINCT v) FROM generate_series(1, 10000) g,
                  LATERAL (SELECT sticky_count(p, country, kind) AS v FROM inc
                            WHERE country = 'C1' AND kind = 'k1' AND g > 0) x),
          1::int8, 'the same question asked 10,000 times gets one value');
-- two phrasings of the same cell: WHERE order, aliases, a join against IN, GROUP BY
SELECT is((SELECT sticky_count(i.p, i.country, i.kind) FROM inc i WHERE i.country = 'C1' AND i.kind = 'k1'),
          (SELECT sticky_count(x.p, x.country, x.kind) FROM inc x
             JOIN (VALUES ('k1')) AS w(kind) ON w.kind = x.kind
            WHERE x.country IN ('C1') GROUP BY x.country, x.kind),
          'two phrasings of the same cell (a join against IN, other aliases and order) give the same value');
SELECT is((SELECT v FROM (SELECT country, kind, sticky_count(p, country, kind) AS v FROM inc GROUP BY 1, 2) g
            WHERE country = 'C1' AND kind = 'k1'),
          (SELECT sticky_count(p, 'C1'::text, 'k1'::text) FROM inc WHERE kind = 'k1' AND country = 'C1'),
          'a cell of a GROUP BY and the same cell asked alone (constants as key parts) give the same value');
SELECT is((SELECT sticky_count(p, sticky_cell(country, kind)) FROM inc WHERE country = 'C1' AND kind = 'k1'),
          (SELECT sticky_count(p, country, kind) FROM inc WHERE country = 'C1' AND kind = 'k1'),
          'sticky_count(person, sticky_cell(parts)) = sticky_count(person, parts) (the form Citus pushes down)');
SELECT throws_ok($$SELECT sticky_count(p, '\x00'::bytea) FROM inc$$, '22023', NULL, 'a cell that is not a sticky_cell digest: 22023');
SELECT is((SELECT sticky_count(p, country, kind) FROM inc WHERE country = 'C1' AND kind = 'k1'),
          (SELECT sticky_count(p, country, kind) FROM inc WHERE country = 'C1' AND kind = 'k1' AND p IS NOT NULL),
          'NULL persons are not counted (the same value without them)');
SELECT isnt((SELECT sticky_count(p, country, kind) FROM inc WHERE country = 'C1' AND kind = 'k1'), NULL::int8,
            'a cell of 20 persons is released');
-- the noise is there: across the 20 cells of 20 persons, not every value is 20
SELECT cmp_ok((SELECT count(*) FROM (SELECT sticky_count(p, country, kind) AS v FROM inc GROUP BY country, kind) g
                WHERE v <> 20), '>=', 5::int8, 'most cells of 20 persons do not show exactly 20');
-- a different cell with the same persons, or a different set of persons, draws other noise
SELECT cmp_ok((SELECT count(DISTINCT v) FROM generate_series(1, 50) g,
                      LATERAL (SELECT sticky_count(p, country, kind, g) AS v FROM inc
                                WHERE country = 'C1' AND kind = 'k1') x), '>', 3::int8,
              'the same persons under 50 different cells: several values');
SELECT cmp_ok((SELECT count(DISTINCT v + g) FROM generate_series(0, 49) g,
                      LATERAL (SELECT sticky_count(p, 'all'::text) AS v FROM inc
                                WHERE p IN (SELECT p FROM inc WHERE p IS NOT NULL GROUP BY p ORDER BY p OFFSET g)) x),
              '>', 3::int8, '50 sets of persons (400 - g): the noise (value - true count) varies');

-- k - 1, k, k + 1 persons at the hub's k = 11 (the true count decides)
SELECT is((SELECT sticky_count_r(p, 'k'::text) FROM (SELECT DISTINCT p FROM inc WHERE p IS NOT NULL ORDER BY p LIMIT 10) s),
          ROW(NULL::numeric, 'below_k'::text)::released, '10 persons: withheld (below_k)');
SELECT isnt((SELECT sticky_count(p, 'k'::text) FROM (SELECT DISTINCT p FROM inc WHERE p IS NOT NULL ORDER BY p LIMIT 11) s),
            NULL::int8, '11 persons: released');
SELECT isnt((SELECT sticky_count(p, 'k'::text) FROM (SELECT DISTINCT p FROM inc WHERE p IS NOT NULL ORDER BY p LIMIT 12) s),
            NULL::int8, '12 persons: released');
SELECT is((SELECT sticky_count_r(p, 'k'::text) FROM inc WHERE p IS NULL),
          ROW(NULL::numeric, 'no_data'::text)::released, 'only NULL persons: (NULL, no_data)');

SELECT throws_ok($$SELECT sticky_count(p, country, NULL::text) FROM inc$$, '22004', NULL, 'a NULL key part: 22004');
SELECT throws_ok($$SELECT sticky_count(p, country) FROM inc$$, '22023', NULL,
                 'key parts that differ within a group: 22023');

-- The noise-averaging attack of PostgreSQL Anonymizer: it adds fresh noise on
-- every run, so the mean of many answers converges to the true value.  With
-- sticky noise the same question gives one value; the best an attacker can do
-- is vary the key parts (an extra constant: a new cell), which redraws one
-- noise layer but not the one keyed to the persons alone.  Over 40 sets of
-- persons, the mean of 200 answers each recovers the true count for about a
-- quarter of the sets (when the persons' layer happens to be 0), where fresh
-- noise of the same variance gives it away for about 92 %.
CREATE TEMP TABLE pp AS
SELECT p, hashtext(p::text) & 1023 AS h FROM inc WHERE p IS NOT NULL GROUP BY p;
CREATE TEMP TABLE attack AS
SELECT s, (SELECT count(*) FROM pp WHERE h >= s * 10) AS truth,
       (SELECT avg(v) FROM generate_series(1, 200) g,
               LATERAL (SELECT sticky_count(p, 'cell'::text, g) AS v FROM pp WHERE h >= s * 10) x) AS sticky_mean,
       (SELECT avg(v) FROM generate_series(1, 200) g,
               LATERAL (SELECT count(*) + discrete_laplace(0.5) + discrete_laplace(0.5) AS v FROM pp
                         WHERE h >= s * 10 AND g > 0) x) AS fresh_mean
  FROM generate_series(0, 39) s;
SELECT cmp_ok((SELECT count(*) FROM attack WHERE round(fresh_mean) = truth), '>=', 30::int8,
              'fresh noise (PostgreSQL Anonymizer''s way): the mean of 200 answers finds the true count for most sets');
SELECT cmp_ok((SELECT count(*) FROM attack WHERE round(sticky_mean) = truth), '<=', 20::int8,
              'sticky noise: the mean of 200 answers (200 different cells) finds it for few sets');

-- A differencing attack: "all" minus "all but the victim".  The true
-- difference is 1; the answers differ by 1 plus the difference of two noise
-- draws (the person sets differ), so the difference does not say how many
-- persons, nor which attribute, the victim adds: over 40 victims it takes
-- many values, and is exactly 1 for few.
CREATE TEMP TABLE diff AS
SELECT v, (SELECT sticky_count(p, 'C1'::text) FROM inc WHERE country = 'C1')
        - (SELECT sticky_count(p, 'C1'::text) FROM inc WHERE country = 'C1' AND p <> v) AS d
  FROM (SELECT DISTINCT p AS v FROM inc WHERE country = 'C1' AND p IS NOT NULL ORDER BY 1 LIMIT 40) vs;
SELECT cmp_ok((SELECT count(DISTINCT d) FROM diff), '>=', 5::int8,
              'all minus all-but-the-victim, over 40 victims: at least 5 different differences');
SELECT cmp_ok((SELECT count(*) FROM diff WHERE d = 1), '<=', 16::int8,
              '... and the true difference (1) for at most 16 of 40 (the two answers carry independent noise)');

SELECT * FROM finish();
ROLLBACK;

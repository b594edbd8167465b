-- CTDC age bands and minors
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

SELECT age, age_band(age), is_minor(age)
  FROM unnest(ARRAY[0, 8, 9, 17, 18, 20, 21, 23, 24, 26, 27, 29, 30, 38, 39, 47, 48, 130]) age;
SELECT age_band(NULL) IS NULL AS null_in_null_out;
SELECT age_band(-1);
SELECT age_band(131);
SELECT is_minor(-5);
SELECT is_minor(2147483647);

-- generalisation and masking
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

SELECT d, date_coarsen(d, 'week') AS week, date_coarsen(d, 'month') AS month,
       date_coarsen(d, 'quarter') AS quarter, date_coarsen(d, 'year') AS year
  FROM unnest(ARRAY['2024-01-01', '2024-05-15', '2024-12-31', '2023-01-01', 'infinity']::date[]) d;
SELECT date_coarsen('2024-05-15', 'fortnight');

-- num_bin: bins never overlap and cover everything
SELECT v, num_bin(v, '{0, 18, 30, 50}') FROM unnest(ARRAY[-5, 0, 17.99, 18, 29, 30, 50, 1e9]::numeric[]) v;
SELECT num_bin(5, '{}');
SELECT num_bin(5, '{10, 10}');
SELECT num_bin(5, '{20, 10}');
SELECT num_bin(5, '{10, NULL}');
SELECT num_bin('NaN', '{10, 20}');
SELECT num_bin(5, '{{1,2},{3,4}}');

SELECT mask_phone('+44 7911 123456'), mask_phone('+44 7911 123456', 0), mask_phone('0791', 6);
SELECT mask_email('john.doe@example.org'), mask_email('ñandú@correo.com.ar'), mask_email('broken@'), mask_email('@x.org');
SELECT mask_text('Passport AB123456'), mask_text('Кирилл', 2), mask_text('ab', 10);
SELECT mask_text('x', -1);

-- date_shift: a secret per-person offset within the span that keeps one person's intervals
SELECT key_create('date_shift') AS v1, key_create('hub') AS v2;
CREATE TEMP TABLE people AS SELECT i, pseudonymise('raw', i::text, 'hub') AS p FROM generate_series(1, 500) i;
SELECT count(*) AS people,
       count(*) FILTER (WHERE date_shift('2024-03-01', p, 30) - date '2024-03-01' BETWEEN -30 AND 30) AS within_span,
       count(*) FILTER (WHERE date_shift('2024-03-20', p) - date_shift('2024-03-01', p) = 19) AS interval_kept,
       count(DISTINCT date_shift('2024-03-01', p)) > 40 AS offsets_spread
  FROM people;
SELECT date_shift('2024-03-01', p, 0) FROM people LIMIT 1;
SELECT date_shift('infinity', p) FROM people LIMIT 1;

-- keys are cluster data of this test database: leave none behind
DELETE FROM keys;

-- geo_coarsen: the centre of the point's grid cell
SELECT ST_AsText(geo_coarsen(51.5074, -0.1278, 7)) = ST_AsText(cell_center(cell(51.5074, -0.1278, 7))) AS same_as_cell_centre,
       ST_DistanceSphere(geo_coarsen(51.5074, -0.1278, 7), ST_MakePoint(-0.1278, 51.5074)) < 8000 AS within_a_cell,
       geo_coarsen(51.5074, -0.1278, 7) = geo_coarsen(51.5080, -0.1270, 7) AS neighbours_merge,
       ST_SRID(geo_coarsen(0, 0, 0)) AS srid;
SELECT geo_coarsen(91, 0, 7);
SELECT geo_coarsen(0, 0, 16);

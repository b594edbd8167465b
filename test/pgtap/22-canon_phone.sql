-- canon_phone: every class of bad input raises its SQLSTATE, and national,
-- "+" and 00 spellings of generated numbers agree.
BEGIN;
SET search_path = public, tst_hub;
SELECT plan(41);

-- 22P02: impossible numbers
SELECT throws_ok($$SELECT canon_phone('1-800-FLOWERS', 'US')$$, '22P02', NULL, 'letters (vanity number)');
SELECT throws_ok($$SELECT canon_phone('0791l 123456', 'GB')$$, '22P02', NULL, 'letter l for digit 1');
SELECT throws_ok($$SELECT canon_phone('+44 20 7946 095', 'GB')$$, '22P02', NULL, 'too short after the country code');
SELECT throws_ok($$SELECT canon_phone('07911 1234567', 'GB')$$, '22P02', NULL, 'too long after the trunk prefix');
SELECT throws_ok($$SELECT canon_phone('123', 'GB')$$, '22P02', NULL, 'three digits');
SELECT throws_ok($$SELECT canon_phone('+1234567890123456', 'GB')$$, '22P02', NULL, 'more than 15 digits');
SELECT throws_ok($$SELECT canon_phone(repeat('9', 21), 'GB')$$, '22P02', NULL, 'more than 20 digits');
SELECT throws_ok($$SELECT canon_phone('', 'GB')$$, '22P02', NULL, 'empty');
SELECT throws_ok($$SELECT canon_phone(' -().- ', 'GB')$$, '22P02', NULL, 'only separators');
SELECT throws_ok($$SELECT canon_phone('+', 'GB')$$, '22P02', NULL, 'only a plus');
SELECT throws_ok($$SELECT canon_phone('020 7946+0958', 'GB')$$, '22P02', NULL, 'plus in the middle');
SELECT throws_ok($$SELECT canon_phone('++44 20 7946 0958', 'GB')$$, '22P02', NULL, 'two plus signs');
SELECT throws_ok($$SELECT canon_phone(E'020\t7946 0958', 'GB')$$, '22P02', NULL, 'tab');
SELECT throws_ok($$SELECT canon_phone(E'020 7946 0958\u0001', 'GB')$$, '22P02', NULL, 'control character');
SELECT throws_ok($$SELECT canon_phone('020*7946*0958', 'GB')$$, '22P02', NULL, 'asterisk');
SELECT throws_ok($$SELECT canon_phone('020 7946 0958 x12', 'GB')$$, '22P02', NULL, 'extension x');
SELECT throws_ok($$SELECT canon_phone('020 7946 0958 ext 12', 'GB')$$, '22P02', NULL, 'extension ext');
SELECT throws_ok($$SELECT canon_phone('020 7946 0958#12', 'GB')$$, '22P02', NULL, 'extension #');
SELECT throws_ok($$SELECT canon_phone('020 7946 0958²', 'GB')$$, '22P02', NULL, 'superscript digit (not Nd)');
SELECT throws_ok($$SELECT canon_phone(repeat('1', 1000000), 'GB')$$, '22P02', NULL, '1 MB input');
SELECT throws_ok($$SELECT canon_phone(repeat('+44 ', 100000), 'GB')$$, '22P02', NULL, 'long repeated prefix');
SELECT throws_ok($$SELECT canon_phone('+0 20 7946 0958', 'GB')$$, '22P02', NULL, 'country code starting with 0');
SELECT throws_ok($$SELECT canon_phone('+289 1234 5678', 'GB')$$, '22P02', NULL, 'unassigned country code');
SELECT throws_ok($$SELECT canon_phone('(012) 555-0100', 'US')$$, '22P02', NULL, 'NANP area code starting 0');
SELECT throws_ok($$SELECT canon_phone('(212) 155-0100', 'US')$$, '22P02', NULL, 'NANP exchange starting 1');
SELECT throws_ok($$SELECT canon_phone('022 123 45 67', 'PL')$$, '22P02', NULL, 'trunk 0 where the plan has none');
SELECT throws_ok($$SELECT canon_phone('0044 20 7946 0958', 'BR')$$, '22P02', NULL, 'ambiguous 00 in Brazil');
SELECT throws_ok($$SELECT canon_phone('011 15 1512 3456', 'AR')$$, '22P02', NULL, 'ambiguous Argentine 15');
SELECT throws_like($$SELECT canon_phone('+44 20 7946 095', 'GB')$$, 'invalid phone number', 'message names the problem, not the number');

-- 22023: default country without a plan
SELECT throws_ok($$SELECT canon_phone('07911 123456', 'XX')$$, '22023', NULL, 'unknown country');
SELECT throws_ok($$SELECT canon_phone('07911 123456', '')$$, '22023', NULL, 'empty country');
SELECT throws_ok($$SELECT canon_phone('07911 123456', 'GBR')$$, '22023', NULL, 'alpha-3 code');
SELECT throws_ok($$SELECT canon_phone('+44 7911 123456', 'FI')$$, '22023', NULL, 'country checked even for + numbers');
SELECT throws_ok($$SELECT canon_phone('07911 123456', repeat('x', 1000000))$$, '22023', NULL, '1 MB country');

-- Error text never carries the number: for many bad numbers, no run of
-- five digits of the input appears in the message, detail or hint.
CREATE TEMP TABLE leaks AS SELECT 0 AS n WHERE false;
DO $$
DECLARE
    v text;
    msg text; det text; hnt text;
BEGIN
    FOR v IN SELECT x FROM unnest(ARRAY['+44 20 7946 095', '07911 1234567', '+1234567890123456',
                                         '0044 20 7946 0958', '+289 1234 5678', '(012) 555-0100',
                                         '0791l 123456', '011 15 1512 3456', '+44 00 20 7946 0958']) x
    LOOP
        BEGIN
            PERFORM canon_phone(v, CASE WHEN v LIKE '0044%' THEN 'BR' WHEN v LIKE '011 15%' THEN 'AR'
                                        WHEN v LIKE '(012)%' THEN 'US' ELSE 'GB' END);
        EXCEPTION WHEN invalid_text_representation THEN
            GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
            IF EXISTS (SELECT 1 FROM generate_series(1, length(regexp_replace(v, '\D', '', 'g')) - 4) i
                        WHERE strpos(msg || det || hnt, substr(regexp_replace(v, '\D', '', 'g'), i, 5)) > 0) THEN
                INSERT INTO leaks VALUES (1);
            END IF;
        END;
    END LOOP;
END
$$;
SELECT is((SELECT count(*) FROM leaks), 0::bigint, 'no error text repeats five digits of the number');

-- Property: for 10,000 generated numbers per country, the national form,
-- the "+" form and the 00 (or local international prefix) form agree.
SELECT is((SELECT count(*) FROM generate_series(1::bigint, 10000) i,
                  LATERAL (SELECT lpad((i * 7919 % 100000000)::text, 8, '0') AS tail) t
            WHERE canon_phone('07' || '9' || tail, 'GB') IS DISTINCT FROM canon_phone('+44 79' || tail, 'GB')
               OR canon_phone('0044 79' || tail, 'GB') IS DISTINCT FROM canon_phone('+44 79' || tail, 'US')),
          0::bigint, 'GB mobiles: 07..., +44 7..., 0044 7... agree');
SELECT is((SELECT count(*) FROM generate_series(1::bigint, 10000) i,
                  LATERAL (SELECT (2 + i % 8)::text || ((i / 8) % 10)::text || '0' || (2 + (i / 80) % 8)::text
                                  || lpad((i * 104729 % 1000000)::text, 6, '0') AS nsn) t
            WHERE canon_phone(nsn, 'US') IS DISTINCT FROM canon_phone('+1' || nsn, 'GB')
               OR canon_phone('1 ' || nsn, 'US') IS DISTINCT FROM canon_phone('011 1 ' || nsn, 'US')
               OR canon_phone('00 1 ' || nsn, 'IN') IS DISTINCT FROM canon_phone('+1' || nsn, 'US')
               OR canon_phone(nsn, 'US') IS NULL),
          0::bigint, 'NANP: bare, 1+, +1, 011 1 and 00 1 agree');
SELECT is((SELECT count(*) FROM generate_series(1::bigint, 10000) i,
                  LATERAL (SELECT (6 + i % 4)::text || lpad((i * 15485863 % 1000000000)::text, 9, '0') AS nsn) t
            WHERE canon_phone('0' || nsn, 'IN') IS DISTINCT FROM '+91' || nsn
               OR canon_phone('+91 ' || nsn, 'IN') IS DISTINCT FROM '+91' || nsn
               OR canon_phone('0091-' || nsn, 'IN') IS DISTINCT FROM '+91' || nsn),
          0::bigint, 'India mobiles: 0..., +91, 0091 agree');
SELECT is((SELECT count(*) FROM generate_series(1::bigint, 10000) i,
                  LATERAL (SELECT (7 + i % 3)::text || (i % 2)::text || lpad((i * 7907 % 100000000)::text, 8, '0') AS nsn) t
            WHERE canon_phone('0' || nsn, 'NG') IS DISTINCT FROM '+234' || nsn
               OR canon_phone('+234 ' || nsn, 'NG') IS DISTINCT FROM '+234' || nsn
               OR canon_phone('009 234 ' || nsn, 'NG') IS DISTINCT FROM '+234' || nsn
               OR canon_phone('00234' || nsn, 'GB') IS DISTINCT FROM '+234' || nsn),
          0::bigint, 'Nigeria mobiles: 0..., +234, 009 234, 00234 agree');
SELECT is((SELECT count(*) FROM generate_series(1::bigint, 10000) i,
                  LATERAL (SELECT '9' || (i % 10)::text || lpad((i * 9973 % 100000000)::text, 8, '0') AS nsn) t
            WHERE canon_phone('8 ' || nsn, 'RU') IS DISTINCT FROM '+7' || nsn
               OR canon_phone('+7 ' || nsn, 'KZ') IS DISTINCT FROM '+7' || nsn
               OR canon_phone('8 10 7 ' || nsn, 'RU') IS DISTINCT FROM '+7' || nsn
               OR canon_phone('00 7 ' || nsn, 'UA') IS DISTINCT FROM '+7' || nsn),
          0::bigint, 'Russia mobiles: 8..., +7, 8 10 7, 00 7 agree');
SELECT is((SELECT count(*) FROM generate_series(1::bigint, 10000) i,
                  LATERAL (SELECT '9' || lpad((i * 31337 % 1000000000)::text, 9, '0') AS nsn) t
            WHERE canon_phone('0' || nsn, 'PH') IS DISTINCT FROM '+63' || nsn
               OR canon_phone('+63 ' || nsn, 'TH') IS DISTINCT FROM '+63' || nsn
               OR canon_phone('0063 ' || nsn, 'PH') IS DISTINCT FROM '+63' || nsn
               OR canon_phone(translate('0' || nsn, '0123456789', '٠١٢٣٤٥٦٧٨٩'), 'PH') IS DISTINCT FROM '+63' || nsn),
          0::bigint, 'Philippine mobiles: 0..., +63, 0063 and Arabic-Indic digits agree');

SELECT * FROM finish();
ROLLBACK;

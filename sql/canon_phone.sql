-- canon_phone: phone numbers to E.164, per country, Unicode digits, bad input
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

-- Every supported default country: three spellings (national, "+", and the
-- international prefix used from that country or 00) of one number, written
-- by hand with the E.164 form they must all give.
CREATE TEMP TABLE spellings (iso text, e164 text, national text, plus text, idd text);
INSERT INTO spellings VALUES
  ('US', '+12125550100',   '(212) 555-0100',      '+1 212.555.0100',       '011 1 212 555 0100'),
  ('CA', '+14165550199',   '416-555-0199',        '+1 (416) 555 0199',     '1 416 555 0199'),
  ('DO', '+18095550123',   '809-555-0123',        '+1 809 555 0123',       '011 1 809 555 0123'),
  ('PR', '+17875550123',   '(787) 555-0123',      '+1-787-555-0123',       '1 787 555 0123'),
  ('JM', '+18765550123',   '876 555 0123',        '+1 876-555-0123',       '1 (876) 555 0123'),
  ('TT', '+18685550123',   '868 555 0123',        '+1 868 555 0123',       '011 1 868 555 0123'),
  ('BS', '+12425550123',   '242-555-0123',        '+1 242 555 0123',       '1-242-555-0123'),
  ('BB', '+12465550123',   '246 555 0123',        '+1 (246) 555-0123',     '011 1 246 555 0123'),
  ('GB', '+447911123456',  '07911 123456',        '+44 (0)7911-123-456',   '00 44 7911 123456'),
  ('UK', '+442079460958',  '020 7946 0958',       '+44 20 7946 0958',      '00 44 (0)20 7946 0958'),
  ('IE', '+353851234567',  '085 123 4567',        '+353 85 123 4567',      '00353 85 123 4567'),
  ('FR', '+33612345678',   '06 12 34 56 78',      '+33 6 12 34 56 78',     '0033 6.12.34.56.78'),
  ('DE', '+4915123456789', '0151 23456789',       '+49 151 2345 6789',     '0049-151-23456789'),
  ('IT', '+390612345678',  '06 1234 5678',        '+39 06 1234 5678',      '0039 06 12345678'),
  ('ES', '+34612345678',   '612 34 56 78',        '+34 612 345 678',       '0034 612345678'),
  ('PT', '+351912345678',  '912 345 678',         '+351 912 345 678',      '00351 912345678'),
  ('NL', '+31612345678',   '06-12345678',         '+31 6 1234 5678',       '0031 6 12 34 56 78'),
  ('BE', '+32470123456',   '0470 12 34 56',       '+32 470 12 34 56',      '0032 470/12.34.56'),
  ('GR', '+306912345678',  '691 234 5678',        '+30 691 234 5678',      '0030 6912345678'),
  ('PL', '+48221234567',   '22 123 45 67',        '+48 22 123 45 67',      '0048 (22) 123-45-67'),
  ('CZ', '+420601123456',  '601 123 456',         '+420 601 123 456',      '00420 601123456'),
  ('HU', '+36201234567',   '06 20 123 4567',      '+36 20 123 4567',       '0036 20/123-4567'),
  ('RO', '+40721234567',   '0721 234 567',        '+40 721 234 567',       '0040 721.234.567'),
  ('BG', '+359881234567',  '088 123 4567',        '+359 88 123 4567',      '00359 88 1234567'),
  ('MD', '+37369123456',   '069 123 456',         '+373 69 123 456',       '00373 69123456'),
  ('UA', '+380501234567',  '050 123 45 67',       '+380 50 123 4567',      '00380 (50) 123-45-67'),
  ('RU', '+79161234567',   '8 (916) 123-45-67',   '+7 916 123 45 67',      '8 10 7 916 123 45 67'),
  ('KZ', '+77011234567',   '8 701 123 4567',      '+7 701 123 4567',       '8 10 7 701 123 45 67'),
  ('AL', '+355691234567',  '069 123 4567',        '+355 69 123 4567',      '00355 69 1234567'),
  ('TR', '+905321234567',  '0532 123 45 67',      '+90 532 123 45 67',     '0090 532 1234567'),
  ('IN', '+919876543210',  '098765 43210',        '+91 98765 43210',       '0091 98765-43210'),
  ('PH', '+639171234567',  '0917 123 4567',       '+63 917 123 4567',      '0063 917-123-4567'),
  ('TH', '+66812345678',   '081 234 5678',        '+66 81 234 5678',       '001 66 81 234 5678'),
  ('VN', '+84912345678',   '0912 345 678',        '+84 912 345 678',       '0084 912.345.678'),
  ('ID', '+6281234567890', '0812-3456-7890',      '+62 812 3456 7890',     '001 62 812 3456 7890'),
  ('MY', '+60123456789',   '012-345 6789',        '+60 12-345 6789',       '0060 12 345 6789'),
  ('KH', '+85512345678',   '012 345 678',         '+855 12 345 678',       '001 855 12 345 678'),
  ('MM', '+959791234567',  '09 791 234 567',      '+95 9 791 234 567',     '0095 9791234567'),
  ('LA', '+8562023456789', '020 2345 6789',       '+856 20 2345 6789',     '00856 20 23456789'),
  ('CN', '+8613812345678', '138 1234 5678',       '+86 138 1234 5678',     '0086 138-1234-5678'),
  ('BD', '+8801712345678', '01712-345678',        '+880 1712-345678',      '00880 1712 345678'),
  ('NP', '+9779841234567', '984-1234567',         '+977 984 1234567',      '00977 9841234567'),
  ('PK', '+923001234567',  '0300 1234567',        '+92 300 1234567',       '0092-300-1234567'),
  ('LK', '+94771234567',   '077 123 4567',        '+94 77 123 4567',       '0094 771234567'),
  ('JP', '+819012345678',  '090-1234-5678',       '+81 90 1234 5678',      '010 81 90 1234 5678'),
  ('KR', '+821012345678',  '010-1234-5678',       '+82 10 1234 5678',      '001 82 10 1234 5678'),
  ('SG', '+6591234567',    '9123 4567',           '+65 9123 4567',         '001 65 9123 4567'),
  ('HK', '+85291234567',   '9123 4567',           '+852 9123 4567',        '001 852 9123 4567'),
  ('AE', '+971501234567',  '050 123 4567',        '+971 50 123 4567',      '00971 50 1234567'),
  ('SA', '+966501234567',  '050 123 4567',        '+966 50 123 4567',      '00966 501234567'),
  ('QA', '+97433123456',   '3312 3456',           '+974 3312 3456',        '00974 33123456'),
  ('KW', '+96550012345',   '5001 2345',           '+965 5001 2345',        '00965 50012345'),
  ('JO', '+962791234567',  '079 123 4567',        '+962 79 123 4567',      '00962 791234567'),
  ('LB', '+9613123456',    '03 123 456',          '+961 3 123 456',        '00961 3 123456'),
  ('IQ', '+9647901234567', '0790 123 4567',       '+964 790 123 4567',     '00964 7901234567'),
  ('IR', '+989123456789',  '0912 345 6789',       '+98 912 345 6789',      '0098 912 345 6789'),
  ('NG', '+2348031234567', '0803 123 4567',       '+234 803 123 4567',     '009 234 803 123 4567'),
  ('GH', '+233241234567',  '024 123 4567',        '+233 24 123 4567',      '00233 24 1234567'),
  ('KE', '+254712345678',  '0712 345678',         '+254 712 345 678',      '000 254 712 345678'),
  ('UG', '+256772123456',  '0772 123456',         '+256 772 123456',       '000 256 772 123 456'),
  ('TZ', '+255754123456',  '0754 123 456',        '+255 754 123 456',      '000 255 754123456'),
  ('ET', '+251911234567',  '091 123 4567',        '+251 91 123 4567',      '00251 911234567'),
  ('EG', '+201001234567',  '010 0123 4567',       '+20 100 123 4567',      '0020 1001234567'),
  ('ZA', '+27821234567',   '082 123 4567',        '+27 82 123 4567',       '0027 82 123 4567'),
  ('MX', '+525512345678',  '044 55 1234 5678',    '+52 1 55 1234 5678',    '0052 55 1234 5678'),
  ('BR', '+5511987654321', '(11) 98765-4321',     '+55 11 98765-4321',     '00 21 55 11 98765 4321'),
  ('CO', '+573001234567',  '300 123 4567',        '+57 300 123 4567',      '009 57 300 123 4567'),
  ('VE', '+584121234567',  '0412-123.45.67',      '+58 412 1234567',       '0058 412 123 4567'),
  ('AR', '+5491112345678', '011 15-1234-5678',    '+54 9 11 1234-5678',    '0054 9 11 1234 5678'),
  ('PE', '+51912345678',   '912 345 678',         '+51 912 345 678',       '0051 912345678'),
  ('EC', '+593991234567',  '099 123 4567',        '+593 99 123 4567',      '00593 99 1234567'),
  ('GT', '+50251234567',   '5123 4567',           '+502 5123 4567',        '00502 5123-4567'),
  ('SV', '+50370123456',   '7012 3456',           '+503 7012 3456',        '00503 7012-3456'),
  ('HN', '+50499123456',   '9912 3456',           '+504 9912-3456',        '00504 99123456'),
  ('NI', '+50588123456',   '8812 3456',           '+505 8812 3456',        '00505 88123456'),
  ('CR', '+50683123456',   '8312 3456',           '+506 8312 3456',        '00506 8312-3456'),
  ('HT', '+50934123456',   '3412 3456',           '+509 3412 3456',        '00509 34 12 3456'),
  ('AU', '+61412345678',   '0412 345 678',        '+61 412 345 678',       '0011 61 412 345 678');
SELECT iso, canon_phone(national, iso) AS from_national,
       canon_phone(plus, iso) = e164 AND canon_phone(idd, iso) = e164
         AND canon_phone(national, iso) = e164 AS all_three_match
  FROM spellings ORDER BY iso;

-- ...and every row is read the same under any other default country once
-- written with "+"
SELECT count(*) AS plus_form_independent_of_default
  FROM spellings s CROSS JOIN (SELECT DISTINCT iso FROM spellings) c
 WHERE canon_phone(s.plus, c.iso) = s.e164;
SELECT count(*) * count(DISTINCT iso) AS expected FROM spellings;

-- the same phone written by two organisations, three ways, gives one form
SELECT count(DISTINCT canon_phone(v, c)) AS distinct_forms, min(canon_phone(v, c)) AS e164
  FROM (VALUES ('+63 917 123 4567', 'GB'), ('0063-917-123-4567', 'GB'),
               ('0917.123.4567', 'PH'), ('(0917) 123 4567', 'PH'),
               ('٠٩١٧ ١٢٣ ٤٥٦٧', 'PH'), ('917 123 4567', 'PH')) t(v, c);

-- Unicode digits: Arabic-Indic, Extended Arabic-Indic (Persian/Urdu),
-- full-width, Devanagari, Thai, Bengali; and mixtures of scripts
SELECT canon_phone('٠٧٩١١ ١٢٣٤٥٦', 'GB') AS arabic_indic,
       canon_phone('۰۹۱۲ ۳۴۵ ۶۷۸۹', 'IR') AS extended_arabic_indic,
       canon_phone('＋８１ ９０－１２３４－５６７８', 'JP') AS full_width,
       canon_phone('०९८७६५ ४३२१०', 'IN') AS devanagari,
       canon_phone('๐๘๑ ๒๓๔ ๕๖๗๘', 'TH') AS thai,
       canon_phone('০১৭১২-৩৪৫৬৭৮', 'BD') AS bengali;
SELECT canon_phone('+966 ٥٠ ١٢٣ ٤٥٦٧', 'SA') AS ascii_and_arabic,
       canon_phone('٠٥٠ ۱۲۳ ٤٥٦٧', 'SA') AS arabic_and_persian_digits;

-- separators: spaces of all kinds, dashes, dots, slashes, brackets, bidi marks
SELECT canon_phone(E'020\u00a07946\u202f0958', 'GB') AS nbsp,
       canon_phone(E'020\u20137946\u20140958', 'GB') AS en_and_em_dash,
       canon_phone(E'\u200f+44 20 7946 0958\u200e', 'GB') AS bidi_marks,
       canon_phone(E'\u2066٠٢٠ ٧٩٤٦ ٠٩٥٨\u2069', 'GB') AS isolated_arabic,
       canon_phone('[020] 7946/0958', 'GB') AS brackets_slash,
       canon_phone('tel:+44-20-7946-0958', 'GB') AS tel_uri,
       canon_phone(' 020 7946 0958 ', 'gb') AS lower_case_country;

-- national forms: trunk prefix optional (spreadsheets drop a leading 0),
-- "(0)" after the country code, carrier and obsolete prefixes
SELECT canon_phone('7911 123456', 'GB') AS trunk_dropped,
       canon_phone('+44 (0) 20 7946 0958', 'GB') AS zero_in_brackets,
       canon_phone('98765 43210', 'IN') AS indian_mobile,
       canon_phone('803 123 4567', 'NG') AS nigerian_mobile;
SELECT canon_phone('55 1234 5678', 'MX') AS mx_now, canon_phone('045 55 1234 5678', 'MX') AS mx_045,
       canon_phone('01 55 1234 5678', 'MX') AS mx_01, canon_phone('+52 1 55 1234 5678', 'US') AS mx_old_mobile;
SELECT canon_phone('0 21 11 3456 7890', 'BR') AS br_carrier, canon_phone('011 3456-7890', 'BR') AS br_trunk,
       canon_phone('+55 (11) 3456-7890', 'BR') AS br_plus;
SELECT canon_phone('(1) 234 5678', 'CO') AS co_before_2021, canon_phone('601 234 5678', 'CO') AS co_after,
       canon_phone('+57 1 234 5678', 'CO') AS co_old_international, canon_phone('03 300 123 4567', 'CO') AS co_03_mobile;
SELECT canon_phone('0351 15 123 4567', 'AR') AS ar_3_digit_area, canon_phone('+54 351 15 123 4567', 'AR') AS ar_15_after_plus,
       canon_phone('0351 412 3456', 'AR') AS ar_landline;
SELECT canon_phone('06 72 123 456', 'IT') AS italy_keeps_zero, canon_phone('+39 347 123 4567', 'IT') AS italy_mobile;
SELECT canon_phone('+800 1234 5678', 'GB') AS freephone_without_plan, canon_phone('+882 16 1234 5678', 'GB') AS satellite_without_plan;

-- NULL in, NULL out
SELECT canon_phone(NULL, 'GB') IS NULL AS null_phone, canon_phone('020 7946 0958', NULL) IS NULL AS null_country;

-- bad input: 22P02 for an impossible number, with the reason and never the
-- number (at most its last two digits); 22023 for an unknown default country
\set VERBOSITY default
SELECT canon_phone('+44 20 7946 095', 'GB');
SELECT canon_phone('07911 1234567', 'GB');
SELECT canon_phone('212 555 010', 'US');
SELECT canon_phone('+1234567890123456', 'GB');
SELECT canon_phone('1-800-FLOWERS', 'US');
SELECT canon_phone('0791l 123456', 'GB');
SELECT canon_phone('+44 20 7946 0958 ext. 12', 'GB');
SELECT canon_phone('020 7946 0958#2', 'GB');
SELECT canon_phone('', 'GB');
SELECT canon_phone(' - ( ) . ', 'GB');
SELECT canon_phone('+', 'GB');
SELECT canon_phone('020 7946+0958', 'GB');
SELECT canon_phone('++44 20 7946 0958', 'GB');
SELECT canon_phone(E'020\t7946 0958', 'GB');
SELECT canon_phone(E'020 7946 0958\n', 'GB');
SELECT canon_phone('020 7946 0958 ☎', 'GB');
SELECT canon_phone('020*7946*0958', 'GB');
SELECT canon_phone(repeat('1', 1000000), 'GB');
SELECT canon_phone(repeat('0', 21), 'GB');
SELECT canon_phone('+0 20 7946 0958', 'GB');
SELECT canon_phone('+289 1234 5678', 'GB');
SELECT canon_phone('+44', 'GB');
SELECT canon_phone('+882 12', 'GB');
SELECT canon_phone('(012) 555-0100', 'US');
SELECT canon_phone('(212) 155-0100', 'US');
SELECT canon_phone('911 555 0100', 'US');
SELECT canon_phone('022 123 45 67', 'PL');
SELECT canon_phone('+44 00 20 7946 0958', 'GB');
SELECT canon_phone('0044 20 7946 0958', 'BR');
SELECT canon_phone('011 15 1512 3456', 'AR');
SELECT canon_phone('07911 123456', 'XX');
SELECT canon_phone('+44 7911 123456', '');
SELECT canon_phone('07911 123456', 'GBR');
SELECT canon_phone('07911 123456', repeat('x', 1000000));

-- ---------------------------------------------------------------------------
-- Hub schema: organisations, sources, countries, incidents, persons.
-- docs/HUB.md documents every table and column; tst_hub.incidents and
-- tst_hub.persons are per-organisation (row-level security in
-- 43-hub_security.sql), the others are small shared tables.
--
-- Citus: organisations, sources, countries and org_members are reference
-- tables (create_reference_table); incidents, persons and the ingest tables
-- are distributed by org_id (create_distributed_table(..., 'org_id')), so
-- every primary key and unique constraint of those starts with org_id and
-- their foreign keys point at reference tables only.
--
-- Cells are at one resolution hub-wide, 8 (hub_cell_resolution(), about
-- 3.8 km across), so cubes and hotspots of several organisations line up;
-- coarser maps use cell_parent().
-- ---------------------------------------------------------------------------
CREATE FUNCTION hub_cell_resolution() RETURNS int4
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 8';
COMMENT ON FUNCTION hub_cell_resolution() IS 'the grid resolution of incidents.cell and countries.centroid_cell (8: cells about 3.8 km across)';

-- The row tests of CHECK constraints that every ingested record runs, in C
-- (src/hub/incident_checks.c): a regular expression and four array
-- functions per row cost about half of all the checks of an incident.
CREATE FUNCTION country_code_valid(code bpchar) RETURNS bool
    AS 'MODULE_PATHNAME', 'country_code_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION country_code_valid(bpchar) IS 'is the code, without trailing spaces, an upper-case letter A-Z then a letter or a digit 0-9 (an ISO alpha-2 or CTDC code)? The same test as code::text ~ ''^[A-Z][A-Z0-9]$''';
CREATE FUNCTION pseudonym_list_valid(list pseudonym[]) RETURNS bool
    AS 'MODULE_PATHNAME', 'pseudonym_list_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pseudonym_list_valid(pseudonym[]) IS 'is the array a list of victims or suspects as incidents stores it: one dimension (or empty), no NULL element, at most 1000 pseudonyms?';

CREATE TABLE organisations (
    org_id     int4 PRIMARY KEY CHECK (org_id > 0),
    code       text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name       text NOT NULL CHECK (octet_length(name) BETWEEN 1 AND 200),
    country    char(2) CHECK (@extschema@.country_code_valid(country)),
    pseudonym_scope text NOT NULL DEFAULT 'hub'
               CHECK (octet_length(pseudonym_scope) BETWEEN 1 AND 63 AND pseudonym_scope !~ '[[:cntrl:]]'),
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE organisations IS 'organisations that contribute data to the hub (Citus: reference table)';
COMMENT ON COLUMN organisations.org_id IS 'organisation id, chosen by the admin (positive); the distribution column of every per-organisation table';
COMMENT ON COLUMN organisations.code IS 'short unique code (lower-case letters, digits, _ and -), used in file names and settings';
COMMENT ON COLUMN organisations.name IS 'display name';
COMMENT ON COLUMN organisations.country IS 'country of the organisation''s seat (ISO 3166-1 alpha-2 or CTDC code), if any';
COMMENT ON COLUMN organisations.pseudonym_scope IS 'key scope the organisation''s identifiers are pseudonymised under at ingest: the hub-wide ''hub'' (default) links the same person across organisations; an own scope keeps its people unlinkable';
COMMENT ON COLUMN organisations.created_at IS 'when the row was added';

CREATE TABLE sources (
    source_id   int4 PRIMARY KEY CHECK (source_id > 0),
    org_id      int4 NOT NULL REFERENCES organisations,
    code        text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name        text NOT NULL CHECK (octet_length(name) BETWEEN 1 AND 200),
    reliability text NOT NULL DEFAULT '2' CHECK (reliability IN ('1', '2', '3')),
    admiralty   char(1) CHECK (admiralty IN ('A', 'B', 'C', 'D', 'E', 'F')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (org_id, code)
);
COMMENT ON TABLE sources IS 'sources of an organisation''s records (a hotline, a case system, a partner export), each with a reliability grade (Citus: reference table)';
COMMENT ON COLUMN sources.source_id IS 'source id, chosen by the admin (positive), unique hub-wide';
COMMENT ON COLUMN sources.org_id IS 'the organisation the source reports to';
COMMENT ON COLUMN sources.code IS 'short code, unique within the organisation';
COMMENT ON COLUMN sources.name IS 'display name';
COMMENT ON COLUMN sources.reliability IS 'source evaluation on the UK 3x5x2 scale: 1 reliable, 2 untested (default), 3 not reliable; the source digit of incidents.grade';
COMMENT ON COLUMN sources.admiralty IS 'the same judgement on the NATO Admiralty scale A-F, where a partner grades that way (optional)';
COMMENT ON COLUMN sources.created_at IS 'when the row was added';

CREATE TABLE countries (
    iso2          char(2) PRIMARY KEY CHECK (@extschema@.country_code_valid(iso2)),
    iso3          char(3) CHECK (iso3::text ~ '^[A-Z]{3}$'),
    name          text NOT NULL,
    un_region     text,
    un_subregion  text,
    centroid_lat  float8 CHECK (centroid_lat BETWEEN -90::float8 AND 90::float8),
    centroid_lon  float8 CHECK (centroid_lon BETWEEN -180::float8 AND 180::float8),
    centroid      geometry(Point, 4326),
    centroid_cell cell
);
COMMENT ON TABLE countries IS 'countries and the CTDC legacy codes: UN region, and the centroid of the largest polygon that ingest uses when a record gives only a country (Citus: reference table)';
COMMENT ON COLUMN countries.iso2 IS 'ISO 3166-1 alpha-2, or a CTDC legacy code (Y1 Kosovo, YU, ZR, AN, ...)';
COMMENT ON COLUMN countries.iso3 IS 'ISO 3166-1 alpha-3 as CTDC lists it (legacy codes may name the successor state''s)';
COMMENT ON COLUMN countries.name IS 'English name as CTDC writes it';
COMMENT ON COLUMN countries.un_region IS 'UN region (Africa, Americas, Asia, Europe, Oceania)';
COMMENT ON COLUMN countries.un_subregion IS 'UN sub-region';
COMMENT ON COLUMN countries.centroid_lat IS 'latitude of the centroid of the country''s largest polygon (360info, from geoBoundaries); NULL if unknown';
COMMENT ON COLUMN countries.centroid_lon IS 'longitude of that centroid';
COMMENT ON COLUMN countries.centroid IS 'that centroid as a point (SRID 4326)';
COMMENT ON COLUMN countries.centroid_cell IS 'the cell of the centroid at hub_cell_resolution()';

-- Generated by tools/gen_countries.pl from data/external/ctdc_region_country_map.csv
-- (CTDC data dictionary, sheet Region) and data/external/country_centroids.csv
-- (360info, CC BY 4.0); see data/external/README.md.
INSERT INTO countries (iso2, iso3, name, un_region, un_subregion, centroid_lat, centroid_lon) VALUES
    ('AD', 'AND', 'Andorra', 'Europe', 'Southern Europe', 42.545472, 1.576281),
    ('AE', 'ARE', 'United Arab Emirates', 'Asia', 'Western Asia', 23.905873, 54.338825),
    ('AF', 'AFG', 'Afghanistan', 'Asia', 'Southern Asia', 33.831576, 66.026860),
    ('AG', 'ATG', 'Antigua and Barbuda', 'Americas', 'Caribbean', 17.077903, -61.798262),
    ('AI', 'AIA', 'Anguilla', 'Americas', 'Caribbean', NULL, NULL),
    ('AL', 'ALB', 'Albania', 'Europe', 'Southern Europe', 41.139241, 20.066299),
    ('AM', 'ARM', 'Armenia', 'Asia', 'Western Asia', 40.294222, 44.938314),
    ('AN', 'ANT', 'Netherlands Antilles', 'Americas', 'Caribbean', NULL, NULL),
    ('AO', 'AGO', 'Angola', 'Africa', 'Middle Africa', -12.338536, 17.578618),
    ('AQ', 'ATA', 'Antarctica', NULL, NULL, -80.562096, 20.816873),
    ('AR', 'ARG', 'Argentina', 'Americas', 'South America', -35.188724, -65.144886),
    ('AS', 'ASM', 'American Samoa', 'Oceania', 'Polynesia', NULL, NULL),
    ('AT', 'AUT', 'Austria', 'Europe', 'Western Europe', 47.587036, 14.141781),
    ('AU', 'AUS', 'Australia', 'Oceania', 'Australia and New Zealand', -25.575072, 134.352327),
    ('AW', 'ABW', 'Aruba', 'Americas', 'Caribbean', NULL, NULL),
    ('AZ', 'AZE', 'Azerbaijan', 'Asia', 'Western Asia', 40.355067, 47.655180),
    ('BA', 'BIH', 'Bosnia and Herzegovina', 'Europe', 'Southern Europe', 44.168577, 17.785967),
    ('BB', 'BRB', 'Barbados', 'Americas', 'Caribbean', 13.172785, -59.557496),
    ('BD', 'BGD', 'Bangladesh', 'Asia', 'Southern Asia', 23.881174, 90.260793),
    ('BE', 'BEL', 'Belgium', 'Europe', 'Western Europe', 50.641028, 4.661083),
    ('BF', 'BFA', 'Burkina Faso', 'Africa', 'Western Africa', 12.273950, -1.735449),
    ('BG', 'BGR', 'Bulgaria', 'Europe', 'Eastern Europe', 42.757769, 25.234833),
    ('BH', 'BHR', 'Bahrain', 'Asia', 'Western Asia', 26.077730, 50.550231),
    ('BI', 'BDI', 'Burundi', 'Africa', 'Eastern Africa', -3.365691, 29.890911),
    ('BJ', 'BEN', 'Benin', 'Africa', 'Western Africa', 9.652514, 2.336653),
    ('BM', 'BMU', 'Bermuda', 'Americas', 'Northern America', NULL, NULL),
    ('BN', 'BRN', 'Brunei Darussalam', 'Asia', 'South-Eastern Asia', 4.499019, 114.630287),
    ('BO', 'BOL', 'Bolivia (Plurinational State of)', 'Americas', 'South America', -16.712982, -64.662150),
    ('BR', 'BRA', 'Brazil', 'Americas', 'South America', -10.782295, -53.094697),
    ('BS', 'BHS', 'Bahamas', 'Americas', 'Caribbean', 24.676610, -78.055498),
    ('BT', 'BTN', 'Bhutan', 'Asia', 'Southern Asia', 27.394651, 90.431858),
    ('BV', 'BVT', 'Bouvet Island', NULL, NULL, NULL, NULL),
    ('BW', 'BWA', 'Botswana', 'Africa', 'Southern Africa', -22.187384, 23.814770),
    ('BY', 'BLR', 'Belarus', 'Europe', 'Eastern Europe', 53.541940, 28.049299),
    ('BZ', 'BLZ', 'Belize', 'Americas', 'Central America', 17.199433, -88.706748),
    ('CA', 'CAN', 'Canada', 'Americas', 'Northern America', 57.724438, -101.673694),
    ('CC', 'CCK', 'Cocos (Keeling) Islands', NULL, NULL, NULL, NULL),
    ('CD', 'COD', 'Congo (Democratic Republic of the)', 'Africa', 'Middle Africa', -2.876797, 23.660478),
    ('CF', 'CAF', 'Central African Republic', 'Africa', 'Middle Africa', 6.577794, 20.484781),
    ('CG', 'COG', 'Congo', 'Africa', 'Middle Africa', -0.843165, 15.227322),
    ('CH', 'CHE', 'Switzerland', 'Europe', 'Western Europe', 46.800101, 8.229089),
    ('CI', 'CIV', 'Côte d''Ivoire', 'Africa', 'Western Africa', 7.622366, -5.552654),
    ('CK', 'COK', 'Cook Islands', 'Oceania', 'Polynesia', NULL, NULL),
    ('CL', 'CHL', 'Chile', 'Americas', 'South America', -35.281314, -71.229551),
    ('CM', 'CMR', 'Cameroon', 'Africa', 'Middle Africa', 5.694547, 12.745843),
    ('CN', 'CHN', 'China', 'Asia', 'Eastern Asia', 36.628978, 103.884641),
    ('CO', 'COL', 'Colombia', 'Americas', 'South America', 3.907310, -73.076927),
    ('CR', 'CRI', 'Costa Rica', 'Americas', 'Central America', 9.972514, -84.196085),
    ('CU', 'CUB', 'Cuba', 'Americas', 'Caribbean', 21.607633, -78.950210),
    ('CV', 'CPV', 'Cabo Verde', 'Africa', 'Western Africa', 15.083580, -23.624056),
    ('CW', 'CUW', 'Curaçao', 'Americas', 'Caribbean', NULL, NULL),
    ('CX', 'CXR', 'Christmas Island', NULL, NULL, NULL, NULL),
    ('CY', 'CYP', 'Cyprus', 'Asia', 'Western Asia', 35.057415, 33.224230),
    ('CZ', 'CZE', 'Czech Republic', 'Europe', 'Eastern Europe', 49.739067, 15.331866),
    ('DE', 'DEU', 'Germany', 'Europe', 'Western Europe', 51.090446, 10.380559),
    ('DJ', 'DJI', 'Djibouti', 'Africa', 'Eastern Africa', 11.734641, 42.579654),
    ('DK', 'DNK', 'Denmark', 'Europe', 'Northern Europe', 56.036544, 9.316174),
    ('DM', 'DMA', 'Dominica', 'Americas', 'Caribbean', 15.432053, -61.359067),
    ('DO', 'DOM', 'Dominican Republic', 'Americas', 'Caribbean', 18.897302, -70.499204),
    ('DZ', 'DZA', 'Algeria', 'Africa', 'Northern Africa', 28.161518, 2.675078),
    ('EC', 'ECU', 'Ecuador', 'Americas', 'South America', -1.449076, -78.369920),
    ('EE', 'EST', 'Estonia', 'Europe', 'Northern Europe', 58.684633, 25.838720),
    ('EG', 'EGY', 'Egypt', 'Africa', 'Northern Africa', 26.350157, 29.517354),
    ('EH', 'ESH', 'Western Sahara', 'Africa', 'Northern Africa', 24.659194, -13.135435),
    ('ER', 'ERI', 'Eritrea', 'Africa', 'Eastern Africa', 15.380734, 38.823744),
    ('ES', 'ESP', 'Spain', 'Europe', 'Southern Europe', 40.390851, -3.554892),
    ('ET', 'ETH', 'Ethiopia', 'Africa', 'Eastern Africa', 8.632973, 39.632320),
    ('FI', 'FIN', 'Finland', 'Europe', 'Northern Europe', 64.520543, 26.285359),
    ('FJ', 'FJI', 'Fiji', 'Oceania', 'Melanesia', -17.835950, 177.972156),
    ('FK', 'FLK', 'Falkland Islands (Malvinas)', 'Americas', 'South America', NULL, NULL),
    ('FM', 'FSM', 'Micronesia (Federated States of)', 'Oceania', 'Micronesia', 6.881743, 158.222847),
    ('FO', 'FRO', 'Faroe Islands', 'Europe', 'Northern Europe', NULL, NULL),
    ('FR', 'FRA', 'France', 'Europe', 'Western Europe', 46.626097, 2.458550),
    ('GA', 'GAB', 'Gabon', 'Africa', 'Middle Africa', -0.606117, 11.789343),
    ('GB', 'GBR', 'United Kingdom of Great Britain and Northern Ireland', 'Europe', 'Northern Europe', 53.942185, -2.522155),
    ('GD', 'GRD', 'Grenada', 'Americas', 'Caribbean', 12.112070, -61.687027),
    ('GE', 'GEO', 'Georgia', 'Asia', 'Western Asia', 42.181348, 43.505617),
    ('GF', 'GUF', 'French Guiana', 'Americas', 'South America', NULL, NULL),
    ('GH', 'GHA', 'Ghana', 'Africa', 'Western Africa', 7.965024, -1.205942),
    ('GI', 'GIB', 'Gibraltar', 'Europe', 'Southern Europe', NULL, NULL),
    ('GL', 'GRL', 'Greenland', 'Americas', 'Northern America', 74.744308, -41.520902),
    ('GM', 'GMB', 'Gambia', 'Africa', 'Western Africa', 13.450933, -15.372448),
    ('GN', 'GIN', 'Guinea', 'Africa', 'Western Africa', 10.439779, -10.922847),
    ('GP', 'GLP', 'Guadeloupe', 'Americas', 'Caribbean', NULL, NULL),
    ('GQ', 'GNQ', 'Equatorial Guinea', 'Africa', 'Middle Africa', 1.567725, 10.466306),
    ('GR', 'GRC', 'Greece', 'Europe', 'Southern Europe', 39.471119, 22.581478),
    ('GS', 'SGS', 'South Georgia and the South Sandwich Islands', NULL, NULL, NULL, NULL),
    ('GT', 'GTM', 'Guatemala', 'Americas', 'Central America', 15.697457, -90.365587),
    ('GU', 'GUM', 'Guam', 'Oceania', 'Micronesia', NULL, NULL),
    ('GW', 'GNB', 'Guinea-Bissau', 'Africa', 'Western Africa', 12.049532, -14.915552),
    ('GY', 'GUY', 'Guyana', 'Americas', 'South America', 4.786260, -58.975417),
    ('HK', 'HKG', 'Hong Kong', 'Asia', 'Eastern Asia', NULL, NULL),
    ('HM', 'HMD', 'Heard Island and McDonald Islands', NULL, NULL, NULL, NULL),
    ('HN', 'HND', 'Honduras', 'Americas', 'Central America', 14.818230, -86.617188),
    ('HR', 'HRV', 'Croatia', 'Europe', 'Southern Europe', 45.139435, 16.424762),
    ('HT', 'HTI', 'Haiti', 'Americas', 'Caribbean', 18.933423, -72.674130),
    ('HU', 'HUN', 'Hungary', 'Europe', 'Eastern Europe', 47.165148, 19.412164),
    ('ID', 'IDN', 'Indonesia', 'Asia', 'South-Eastern Asia', -0.197485, 114.002409),
    ('IE', 'IRL', 'Ireland', 'Europe', 'Northern Europe', 53.177109, -8.143429),
    ('IL', 'ISR', 'Israel', 'Asia', 'Western Asia', 31.356434, 34.966528),
    ('IN', 'IND', 'India', 'Asia', 'Southern Asia', 22.897766, 79.597592),
    ('IO', 'IOT', 'British Indian Ocean Territory', NULL, NULL, NULL, NULL),
    ('IQ', 'IRQ', 'Iraq', 'Asia', 'Western Asia', 33.050140, 43.765894),
    ('IR', 'IRN', 'Iran (Islamic Republic of)', 'Asia', 'Southern Asia', 32.568302, 54.302191),
    ('IS', 'ISL', 'Iceland', 'Europe', 'Northern Europe', 64.991378, -18.584345),
    ('IT', 'ITA', 'Italy', 'Europe', 'Southern Europe', 43.522746, 12.161900),
    ('JE', NULL, 'Jersey', 'Europe', 'Eastern Europe', NULL, NULL),
    ('JM', 'JAM', 'Jamaica', 'Americas', 'Caribbean', 18.157555, -77.312441),
    ('JO', 'JOR', 'Jordan', 'Asia', 'Western Asia', 31.249692, 36.787790),
    ('JP', 'JPN', 'Japan', 'Asia', 'Eastern Asia', 36.655212, 137.974868),
    ('KE', 'KEN', 'Kenya', 'Africa', 'Eastern Africa', 0.559060, 37.844086),
    ('KG', 'KGZ', 'Kyrgyzstan', 'Asia', 'Central Asia', 41.464768, 74.529592),
    ('KH', 'KHM', 'Cambodia', 'Asia', 'South-Eastern Asia', 12.714019, 104.920438),
    ('KI', 'KIR', 'Kiribati', 'Oceania', 'Micronesia', 1.854302, -157.353674),
    ('KM', 'COM', 'Comoros', 'Africa', 'Eastern Africa', -11.661874, 43.354333),
    ('KN', 'KNA', 'Saint Kitts and Nevis', 'Americas', 'Caribbean', 17.337715, -62.767679),
    ('KP', 'PRK', 'Korea (Democratic People''s Republic of)', 'Asia', 'Eastern Asia', 40.146107, 127.179119),
    ('KR', 'KOR', 'Korea (Republic of)', 'Asia', 'Eastern Asia', 36.453849, 127.851153),
    ('KW', 'KWT', 'Kuwait', 'Asia', 'Western Asia', 29.330034, 47.579090),
    ('KY', 'CYM', 'Cayman Islands', 'Americas', 'Caribbean', NULL, NULL),
    ('KZ', 'KAZ', 'Kazakhstan', 'Asia', 'Central Asia', 48.160338, 67.265186),
    ('LA', 'LAO', 'Lao People''s Democratic Republic', 'Asia', 'South-Eastern Asia', 18.496887, 103.767281),
    ('LB', 'LBN', 'Lebanon', 'Asia', 'Western Asia', 33.921418, 35.893932),
    ('LC', 'LCA', 'Saint Lucia', 'Americas', 'Caribbean', 13.896297, -60.967841),
    ('LI', 'LIE', 'Liechtenstein', 'Europe', 'Western Europe', 47.141662, 9.553036),
    ('LK', 'LKA', 'Sri Lanka', 'Asia', 'Southern Asia', 7.607084, 80.706021),
    ('LR', 'LBR', 'Liberia', 'Africa', 'Western Africa', 6.448360, -9.309148),
    ('LS', 'LSO', 'Lesotho', 'Africa', 'Southern Africa', -29.583318, 28.246545),
    ('LT', 'LTU', 'Lithuania', 'Europe', 'Northern Europe', 55.336781, 23.904597),
    ('LU', 'LUX', 'Luxembourg', 'Europe', 'Western Europe', 49.776810, 6.092667),
    ('LV', 'LVA', 'Latvia', 'Europe', 'Northern Europe', 56.854043, 24.927013),
    ('LY', 'LBY', 'Libya', 'Africa', 'Northern Africa', 27.037905, 18.026283),
    ('MA', 'MAR', 'Morocco', 'Africa', 'Northern Africa', 31.842348, -6.281702),
    ('MC', 'MCO', 'Monaco', 'Europe', 'Western Europe', 43.736642, 7.423193),
    ('MD', 'MDA', 'Moldova (Republic of)', 'Europe', 'Eastern Europe', 47.202364, 28.465079),
    ('ME', 'MNE', 'Montenegro', 'Europe', 'Southern Europe', 42.786313, 19.251386),
    ('MF', NULL, 'Saint Martin (French Part)', 'Americas', 'Caribbean', NULL, NULL),
    ('MG', 'MDG', 'Madagascar', 'Africa', 'Eastern Africa', -19.386765, 46.696262),
    ('MH', 'MHL', 'Marshall Islands', 'Oceania', 'Micronesia', 7.095196, 171.197386),
    ('MK', 'MKD', 'North Macedonia', 'Europe', 'Southern Europe', 41.600463, 21.700830),
    ('ML', 'MLI', 'Mali', 'Africa', 'Western Africa', 17.361394, -3.512209),
    ('MM', 'MMR', 'Myanmar', 'Asia', 'South-Eastern Asia', 21.177622, 96.504752),
    ('MN', 'MNG', 'Mongolia', 'Asia', 'Eastern Asia', 46.836420, 103.069764),
    ('MO', 'MAC', 'Macao', 'Asia', 'Eastern Asia', NULL, NULL),
    ('MP', 'MNP', 'Northern Mariana Islands', 'Oceania', 'Micronesia', NULL, NULL),
    ('MQ', 'MTQ', 'Martinique', 'Americas', 'Caribbean', NULL, NULL),
    ('MR', 'MRT', 'Mauritania', 'Africa', 'Western Africa', 20.259511, -10.332420),
    ('MS', 'MSR', 'Montserrat', 'Americas', 'Caribbean', NULL, NULL),
    ('MT', 'MLT', 'Malta', 'Europe', 'Southern Europe', 35.889123, 14.440069),
    ('MU', 'MUS', 'Mauritius', 'Africa', 'Eastern Africa', -20.283520, 57.571997),
    ('MV', 'MDV', 'Maldives', 'Asia', 'Southern Asia', 1.950674, 73.531976),
    ('MW', 'MWI', 'Malawi', 'Africa', 'Eastern Africa', -13.213266, 34.302267),
    ('MX', 'MEX', 'Mexico', 'Americas', 'Central America', 23.933669, -102.519219),
    ('MY', 'MYS', 'Malaysia', 'Asia', 'South-Eastern Asia', 3.609391, 114.720702),
    ('MZ', 'MOZ', 'Mozambique', 'Africa', 'Eastern Africa', -17.259284, 35.552228),
    ('NA', 'NAM', 'Namibia', 'Africa', 'Southern Africa', -22.138788, 17.222651),
    ('NC', 'NCL', 'New Caledonia', 'Oceania', 'Melanesia', NULL, NULL),
    ('NE', 'NER', 'Niger', 'Africa', 'Western Africa', 17.418297, 9.406186),
    ('NF', 'NFK', 'Norfolk Island', 'Oceania', 'Australia and New Zealand', NULL, NULL),
    ('NG', 'NGA', 'Nigeria', 'Africa', 'Western Africa', 9.599358, 8.106540),
    ('NI', 'NIC', 'Nicaragua', 'Americas', 'Central America', 12.844371, -85.041614),
    ('NL', 'NLD', 'Netherlands', 'Europe', 'Western Europe', 52.265610, 5.683170),
    ('NO', 'NOR', 'Norway', 'Europe', 'Northern Europe', 64.234917, 13.989340),
    ('NP', 'NPL', 'Nepal', 'Asia', 'Southern Asia', 28.258579, 83.945231),
    ('NR', 'NRU', 'Nauru', 'Oceania', 'Micronesia', -0.519688, 166.930009),
    ('NU', 'NIU', 'Niue', 'Oceania', 'Polynesia', NULL, NULL),
    ('NZ', 'NZL', 'New Zealand', 'Oceania', 'Australia and New Zealand', -43.986756, 170.482269),
    ('OM', 'OMN', 'Oman', 'Asia', 'Western Asia', 20.568140, 56.098776),
    ('PA', 'PAN', 'Panama', 'Americas', 'Central America', 8.518026, -80.093652),
    ('PE', 'PER', 'Peru', 'Americas', 'South America', -9.171988, -74.357794),
    ('PF', 'PYF', 'French Polynesia', 'Oceania', 'Polynesia', NULL, NULL),
    ('PG', 'PNG', 'Papua New Guinea', 'Oceania', 'Melanesia', -6.617696, 144.264157),
    ('PH', 'PHL', 'Philippines', 'Asia', 'South-Eastern Asia', 15.946834, 121.422304),
    ('PK', 'PAK', 'Pakistan', 'Asia', 'Southern Asia', 29.951449, 69.370991),
    ('PL', 'POL', 'Poland', 'Europe', 'Eastern Europe', 52.122440, 19.406527),
    ('PM', 'SPM', 'Saint Pierre and Miquelon', 'Americas', 'Northern America', NULL, NULL),
    ('PN', 'PCN', 'Pitcairn', 'Oceania', 'Polynesia', NULL, NULL),
    ('PR', 'PRI', 'Puerto Rico', 'Americas', 'Caribbean', NULL, NULL),
    ('PS', 'PSE', 'Palestine, State of', 'Asia', 'Western Asia', NULL, NULL),
    ('PT', 'PRT', 'Portugal', 'Europe', 'Southern Europe', 39.686799, -7.964760),
    ('PW', 'PLW', 'Palau', 'Oceania', 'Micronesia', 7.498350, 134.565795),
    ('PY', 'PRY', 'Paraguay', 'Americas', 'South America', -23.234414, -58.394352),
    ('QA', 'QAT', 'Qatar', 'Asia', 'Western Asia', 25.280491, 51.193151),
    ('RE', 'REU', 'Réunion', 'Africa', 'Eastern Africa', NULL, NULL),
    ('RO', 'ROU', 'Romania', 'Europe', 'Eastern Europe', 45.842013, 24.973586),
    ('RS', 'SRB', 'Serbia', 'Europe', 'Southern Europe', 44.230208, 20.794345),
    ('RU', 'RUS', 'Russian Federation', 'Europe', 'Eastern Europe', 61.661654, 99.108598),
    ('RW', 'RWA', 'Rwanda', 'Africa', 'Eastern Africa', -2.000179, 29.925368),
    ('SA', 'SAU', 'Saudi Arabia', 'Asia', 'Western Asia', 24.125501, 44.549527),
    ('SB', 'SLB', 'Solomon Islands', 'Oceania', 'Melanesia', -9.623300, 160.159301),
    ('SC', 'SYC', 'Seychelles', 'Africa', 'Eastern Africa', -4.678673, 55.467305),
    ('SD', 'SDN', 'Sudan', 'Africa', 'Northern Africa', 16.131405, 30.051385),
    ('SE', 'SWE', 'Sweden', 'Europe', 'Northern Europe', 62.827975, 16.738032),
    ('SG', 'SGP', 'Singapore', 'Asia', 'South-Eastern Asia', 1.354573, 103.806036),
    ('SH', 'SHN', 'Saint Helena, Ascension and Tristan da Cunha', 'Africa', 'Western Africa', NULL, NULL),
    ('SI', 'SVN', 'Slovenia', 'Europe', 'Southern Europe', 46.119376, 14.821754),
    ('SJ', 'SJM', 'Svalbard and Jan Mayen', 'Europe', 'Northern Europe', NULL, NULL),
    ('SK', 'SVK', 'Slovakia', 'Europe', 'Eastern Europe', 48.707423, 19.484970),
    ('SL', 'SLE', 'Sierra Leone', 'Africa', 'Western Africa', 8.569293, -11.780401),
    ('SM', 'SMR', 'San Marino', 'Europe', 'Southern Europe', 43.938382, 12.463354),
    ('SN', 'SEN', 'Senegal', 'Africa', 'Western Africa', 14.363907, -14.462677),
    ('SO', 'SOM', 'Somalia', 'Africa', 'Eastern Africa', 6.061601, 45.867111),
    ('SR', 'SUR', 'Suriname', 'Americas', 'South America', 4.138889, -55.906653),
    ('SS', 'SSD', 'South Sudan', 'Africa', 'Eastern Africa', 7.332229, 30.202300),
    ('ST', 'STP', 'Sao Tome and Principe', 'Africa', 'Middle Africa', 0.239831, 6.601792),
    ('SV', 'SLV', 'El Salvador', 'Americas', 'Central America', 13.736332, -88.870093),
    ('SX', NULL, 'Sint Maarten (Dutch part)', 'Americas', 'Caribbean', NULL, NULL),
    ('SY', 'SYR', 'Syrian Arab Republic', 'Asia', 'Western Asia', 35.017048, 38.497101),
    ('SZ', 'SWZ', 'Eswatini', 'Africa', 'Southern Africa', -26.565695, 31.497754),
    ('TC', 'TCA', 'Turks and Caicos Islands', 'Americas', 'Caribbean', NULL, NULL),
    ('TD', 'TCD', 'Chad', 'Africa', 'Middle Africa', 15.371925, 18.666061),
    ('TF', 'ATF', 'French Southern Territories', NULL, NULL, NULL, NULL),
    ('TG', 'TGO', 'Togo', 'Africa', 'Western Africa', 8.532878, 0.977280),
    ('TH', 'THA', 'Thailand', 'Asia', 'South-Eastern Asia', 15.150070, 101.020285),
    ('TJ', 'TJK', 'Tajikistan', 'Asia', 'Central Asia', 38.525979, 71.008493),
    ('TK', 'TKL', 'Tokelau', 'Oceania', 'Polynesia', NULL, NULL),
    ('TL', 'TLS', 'Timor-Leste', 'Asia', 'South-Eastern Asia', -8.797743, 125.946627),
    ('TM', 'TKM', 'Turkmenistan', 'Asia', 'Central Asia', 39.194850, 59.180789),
    ('TN', 'TUN', 'Tunisia', 'Africa', 'Northern Africa', 34.108069, 9.571138),
    ('TO', 'TON', 'Tonga', 'Oceania', 'Polynesia', -21.174945, -175.192784),
    ('TR', 'TUR', 'Turkey', 'Asia', 'Western Asia', 38.987329, 35.429057),
    ('TT', 'TTO', 'Trinidad and Tobago', 'Americas', 'Caribbean', 10.420874, -61.299679),
    ('TV', 'TUV', 'Tuvalu', 'Oceania', 'Polynesia', -7.472495, 178.688746),
    ('TW', 'TWN', 'Taiwan, Province of China', 'Asia', 'Eastern Asia', 23.750509, 120.972422),
    ('TZ', 'TZA', 'Tanzania, United Republic of', 'Africa', 'Eastern Africa', -6.263890, 34.804796),
    ('UA', 'UKR', 'Ukraine', 'Europe', 'Eastern Europe', 49.019057, 31.393478),
    ('UG', 'UGA', 'Uganda', 'Africa', 'Eastern Africa', 1.278324, 32.391787),
    ('UM', 'UMI', 'United States Minor Outlying Islands', NULL, NULL, NULL, NULL),
    ('US', 'USA', 'United States of America', 'Americas', 'Northern America', 39.527604, -99.144329),
    ('UY', 'URY', 'Uruguay', 'Americas', 'South America', -32.796212, -56.017947),
    ('UZ', 'UZB', 'Uzbekistan', 'Asia', 'Central Asia', 41.775482, 63.119338),
    ('VA', 'VAT', 'Holy See', 'Europe', 'Southern Europe', 41.903390, 12.452989),
    ('VC', 'VCT', 'Saint Vincent and the Grenadines', 'Americas', 'Caribbean', 13.248931, -61.193977),
    ('VE', 'VEN', 'Venezuela (Bolivarian Republic of)', 'Americas', 'South America', 7.122718, -66.155437),
    ('VG', 'VGB', 'Virgin Islands (British)', 'Americas', 'Caribbean', NULL, NULL),
    ('VI', 'VIR', 'Virgin Islands (U.S.)', 'Americas', 'Caribbean', NULL, NULL),
    ('VN', 'VNM', 'Viet Nam', 'Asia', 'South-Eastern Asia', 16.678335, 106.307863),
    ('VU', 'VUT', 'Vanuatu', 'Oceania', 'Melanesia', -15.245561, 166.855468),
    ('WF', 'WLF', 'Wallis and Futuna', 'Oceania', 'Polynesia', NULL, NULL),
    ('WS', 'WSM', 'Samoa', 'Oceania', 'Polynesia', -13.620128, -172.467362),
    ('Y1', 'SRB', 'Kosovo', 'Europe', 'Southern Europe', NULL, NULL),
    ('YE', 'YEM', 'Yemen', 'Asia', 'Western Asia', 15.935587, 47.547758),
    ('YT', 'MYT', 'Mayotte', 'Africa', 'Eastern Africa', NULL, NULL),
    ('ZA', 'ZAF', 'South Africa', 'Africa', 'Southern Africa', -28.995997, 25.088001),
    ('ZM', 'ZMB', 'Zambia', 'Africa', 'Eastern Africa', -13.456612, 27.795763),
    ('ZW', 'ZWE', 'Zimbabwe', 'Africa', 'Eastern Africa', -18.999999, 29.872163),
    ('TB', 'CHN', 'Tibet, Province of China', NULL, NULL, NULL, NULL),
    ('TP', NULL, 'Timor-Leste', NULL, NULL, NULL, NULL),
    ('Y2', NULL, 'Montenegro', NULL, NULL, NULL, NULL),
    ('Y3', NULL, 'Serbia, Province of Serbia and Montenegro', NULL, NULL, NULL, NULL),
    ('YU', NULL, 'Serbia and Montenegro', NULL, NULL, NULL, NULL),
    ('ZR', NULL, 'Zaire', NULL, NULL, NULL, NULL);

UPDATE countries
   SET centroid = ST_SetSRID(ST_MakePoint(centroid_lon, centroid_lat), 4326),
       centroid_cell = cell(centroid_lat, centroid_lon, hub_cell_resolution())
 WHERE centroid_lat IS NOT NULL;

-- Which organisation(s) a role works for.  A login role is mapped directly
-- or through a group role it is a member of (pg_has_role ... 'MEMBER').
CREATE TABLE org_members (
    member      regrole NOT NULL,
    org_id      int4 NOT NULL REFERENCES organisations ON DELETE CASCADE,
    added_at    timestamptz NOT NULL DEFAULT now(),
    added_by    name NOT NULL DEFAULT session_user,
    member_name name NOT NULL,
    PRIMARY KEY (member, org_id)
);
COMMENT ON TABLE org_members IS 'role -> organisation: members of the role see (analysts) or load (ingest) that organisation''s rows; maintained by tst_hub_admin (Citus: reference table)';
COMMENT ON COLUMN org_members.member IS 'a role; its members (direct or indirect) work for the organisation';
COMMENT ON COLUMN org_members.org_id IS 'the organisation';
COMMENT ON COLUMN org_members.added_at IS 'when the mapping was made';
COMMENT ON COLUMN org_members.added_by IS 'the session user who made it';
COMMENT ON COLUMN org_members.member_name IS 'the role''s name, set from member when the row is inserted (a trigger); on Citus the nodes match roles by this name, since a role''s OID differs on every node';

-- member_name: a regrole is an OID, and Citus copies a reference table's
-- rows to the nodes in binary (when it places the table, adds a node, moves
-- a shard), so a copied member may be another role's OID on that node.  The
-- name travels as it is, and the nodes match roles by it (my_org_ids()).
-- An INSERT through the coordinator reaches each node as SQL, member read by
-- name there: member_name is NULL and is set from member.  A copied row
-- already has member_name (the trigger fires then too): member is set from
-- it, so every node's member is its own OID of that role (0 if it has no
-- such role).  Admins cannot write member_name (column privileges below),
-- and a mapping's role cannot change: delete it and insert it again.
CREATE FUNCTION org_members_name() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.member IS DISTINCT FROM OLD.member OR NEW.member_name IS DISTINCT FROM OLD.member_name THEN
            RAISE EXCEPTION 'the role of a mapping in org_members cannot be changed'
                USING ERRCODE = 'feature_not_supported',
                      HINT = 'Delete the mapping and insert one for the other role.';
        END IF;
    ELSIF NEW.member_name IS NULL THEN
        NEW.member_name := (SELECT r.rolname FROM pg_roles r WHERE r.oid = NEW.member);
        IF NEW.member_name IS NULL THEN
            RAISE EXCEPTION 'role % does not exist', NEW.member::oid
                USING ERRCODE = 'undefined_object';
        END IF;
    ELSE
        NEW.member := coalesce((SELECT r.oid FROM pg_roles r WHERE r.rolname = NEW.member_name), 0)::regrole;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION org_members_name() IS 'trigger: keeps org_members.member_name and member the same role on every node (the name from member on insert, member from a copied row''s name); refuses to change a mapping''s role';
CREATE TRIGGER org_members_name BEFORE INSERT OR UPDATE ON org_members
    FOR EACH ROW EXECUTE FUNCTION org_members_name();

CREATE SEQUENCE incident_id_seq AS int8 CACHE 100;
COMMENT ON SEQUENCE incident_id_seq IS 'incident ids, unique hub-wide (on Citus the coordinator hands them out); each session takes 100 at a time, so ids have gaps';

CREATE TABLE incidents (
    org_id             int4 NOT NULL,
    incident_id        int8 NOT NULL DEFAULT nextval('incident_id_seq'),
    source_id          int4,
    batch_id           int8,
    source_line        int8 CHECK (source_line > 1),
    record_ref         pseudonym,
    occurred_from      date,
    occurred_to        date,
    reported_on        date,
    reported_until     date,
    geom               geometry(Point, 4326),
    country            char(2) CHECK (@extschema@.country_code_valid(country)),
    region             text CHECK (octet_length(region) <= 60),
    cell               cell,
    location_precision text NOT NULL DEFAULT 'none'
                       CHECK (location_precision IN ('point', 'country_centroid', 'region', 'none')),
    exploitation       term CHECK (exploitation OPERATOR(@extschema@.<@) 'exploitation'::term),
    exploitation_forms term_set,
    means              term_set,
    recruitment        term CHECK (recruitment OPERATOR(@extschema@.<@) 'recruitment'::term),
    industry           term CHECK (industry OPERATOR(@extschema@.<@) 'industry'::term),
    victims            pseudonym[] NOT NULL DEFAULT '{}' CHECK (@extschema@.pseudonym_list_valid(victims)),
    suspects           pseudonym[] NOT NULL DEFAULT '{}' CHECK (@extschema@.pseudonym_list_valid(suspects)),
    age_band           text CHECK (age_band IN ('0--8', '9--17', '18--20', '21--23', '24--26',
                                                '27--29', '30--38', '39--47', '48+')),
    minor              bool,
    gender             term CHECK (gender OPERATOR(@extschema@.<@) 'gender'::term),
    citizenship        char(2) CHECK (@extschema@.country_code_valid(citizenship)),
    narrative          text CHECK (octet_length(narrative) <= 100000),
    grade              grade_3x5x2,
    ingested_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, incident_id),
    CHECK (occurred_from <= occurred_to),
    CHECK (reported_on <= reported_until),
    CHECK (occurred_from <= reported_until),
    -- the cell and the flag say how the location is known
    CHECK (CASE location_precision
               WHEN 'point' THEN geom IS NOT NULL AND cell IS NOT NULL
               WHEN 'country_centroid' THEN country IS NOT NULL AND geom IS NOT NULL AND cell IS NOT NULL
               ELSE geom IS NULL AND cell IS NULL END),
    CHECK (cell IS NULL OR cell_resolution(cell) = 8),
    CHECK (minor IS NULL OR age_band IS NULL OR minor = (age_band IN ('0--8', '9--17')))
);
COMMENT ON TABLE incidents IS 'one row per reported incident (one victim''s case in CTDC-style data), per organisation; identifiers only as pseudonyms; row-level security by org_id (Citus: distributed by org_id)';
COMMENT ON COLUMN incidents.org_id IS 'the organisation that reported it; distribution column, first in every key';
COMMENT ON COLUMN incidents.incident_id IS 'hub-wide id from incident_id_seq';
COMMENT ON COLUMN incidents.source_id IS 'the organisation''s source the record came from, if known';
COMMENT ON COLUMN incidents.batch_id IS 'the ingest batch that loaded the row (ingest_batches), NULL if written directly';
COMMENT ON COLUMN incidents.source_line IS 'line of the batch''s file the record starts on';
COMMENT ON COLUMN incidents.record_ref IS 'natural key: keyed pseudonym of the partner''s own record id (unique per organisation; a record loaded again is skipped); NULL when the record has no id (CTDC), where the batch''s file hash keeps a file from loading twice';
COMMENT ON COLUMN incidents.occurred_from IS 'first day the exploitation may have taken place (NULL: unknown)';
COMMENT ON COLUMN incidents.occurred_to IS 'last day it may have taken place; equal to occurred_from for an exact date';
COMMENT ON COLUMN incidents.reported_on IS 'day the case was reported or registered, or the first day of the period when only a period is known (CTDC year of registration)';
COMMENT ON COLUMN incidents.reported_until IS 'last day of that period; equal to reported_on for an exact date';
COMMENT ON COLUMN incidents.geom IS 'location (point, SRID 4326): the reported point, or the country centroid when location_precision is country_centroid';
COMMENT ON COLUMN incidents.country IS 'country of exploitation (ISO 3166-1 alpha-2 or CTDC code, see countries)';
COMMENT ON COLUMN incidents.region IS 'UN region of exploitation when only a region is known (CTDC victim-perpetrator data)';
COMMENT ON COLUMN incidents.cell IS 'grid cell of geom at hub_cell_resolution(); for country_centroid rows it is the centroid''s cell and says nothing finer than the country';
COMMENT ON COLUMN incidents.location_precision IS 'how geom and cell were found: point (reported coordinates), country_centroid (only the country was known), region (only region), none';
COMMENT ON COLUMN incidents.exploitation IS 'type of exploitation (a term under exploitation); with several forms, their nearest common ancestor';
COMMENT ON COLUMN incidents.exploitation_forms IS 'every form of exploitation reported (term set), when more than one may apply';
COMMENT ON COLUMN incidents.means IS 'means of control (term set under control)';
COMMENT ON COLUMN incidents.recruitment IS 'method of recruitment (a term under recruitment)';
COMMENT ON COLUMN incidents.industry IS 'industry of forced labour (a term under industry, ISIC)';
COMMENT ON COLUMN incidents.victims IS 'pseudonyms of the victims (keyed tokens, never raw identifiers)';
COMMENT ON COLUMN incidents.suspects IS 'pseudonyms of the suspects';
COMMENT ON COLUMN incidents.age_band IS 'victim''s CTDC age band (0--8 ... 48+)';
COMMENT ON COLUMN incidents.minor IS 'victim under 18 at exploitation, when known (agrees with age_band)';
COMMENT ON COLUMN incidents.gender IS 'victim''s gender (a term under gender)';
COMMENT ON COLUMN incidents.citizenship IS 'victim''s citizenship (countries.iso2)';
COMMENT ON COLUMN incidents.narrative IS 'free text; never holds raw identifiers of people (run PII redaction before storing)';
COMMENT ON COLUMN incidents.grade IS 'UK 3x5x2 grade of the record';
COMMENT ON COLUMN incidents.ingested_at IS 'when the row was written';

-- org_id, country, citizenship and source_id are checked by ingest against
-- organisations, countries and sources, not by foreign keys: a key check per
-- row costs about as much as the rest of the ingest (see
-- bench/cases/90-ingest_ctdc.sql).  An organisation with rows cannot be
-- deleted (organisations_keep_rows below).

-- Persons: one row per (organisation, person, role), linked to incidents by
-- the pseudonym (incidents.victims / suspects hold the same tokens).
CREATE TABLE persons (
    org_id     int4 NOT NULL,
    person     pseudonym NOT NULL,
    role       text NOT NULL CHECK (role IN ('victim', 'suspect')),
    first_seen date,
    gender     term CHECK (gender OPERATOR(@extschema@.<@) 'gender'::term),
    citizenship char(2) CHECK (@extschema@.country_code_valid(citizenship)),
    added_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, person, role)
);
CREATE UNIQUE INDEX incidents_record_ref ON incidents (org_id, record_ref) WHERE record_ref IS NOT NULL;
COMMENT ON INDEX incidents_record_ref IS 'natural key of records that carry their own id; every index on a per-organisation table starts with org_id (docs/HUB.md)';

COMMENT ON TABLE persons IS 'people an organisation recorded, by pseudonym and role; row-level security by org_id (Citus: distributed by org_id, colocated with incidents)';
COMMENT ON COLUMN persons.org_id IS 'the organisation; distribution column';
COMMENT ON COLUMN persons.person IS 'the person''s pseudonym (the token in incidents.victims or suspects)';
COMMENT ON COLUMN persons.role IS 'victim or suspect';
COMMENT ON COLUMN persons.first_seen IS 'report (or occurrence) date of the incident the person was first loaded with';
COMMENT ON COLUMN persons.gender IS 'gender as first recorded (victims)';
COMMENT ON COLUMN persons.citizenship IS 'citizenship as first recorded (victims)';
COMMENT ON COLUMN persons.added_at IS 'when the row was written';

-- In place of foreign keys from the per-organisation tables.
CREATE FUNCTION organisations_keep_rows() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM @extschema@.incidents i WHERE i.org_id = OLD.org_id)
       OR EXISTS (SELECT 1 FROM @extschema@.persons p WHERE p.org_id = OLD.org_id) THEN
        RAISE EXCEPTION 'organisation % still has incidents or persons', OLD.org_id
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Delete or move its rows first.';
    END IF;
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION organisations_keep_rows() IS 'trigger: refuses to delete or renumber an organisation that still has incidents or persons';
CREATE TRIGGER organisations_keep_rows BEFORE DELETE OR UPDATE OF org_id ON organisations
    FOR EACH ROW EXECUTE FUNCTION organisations_keep_rows();

-- Statistics on per-organisation tables summarise every organisation's rows,
-- and the planner shows them to anyone who can EXPLAIN a query over the
-- table (estimates for leakproof conditions are taken from them even under
-- row-level security).  None are collected: plans use defaults.  One
-- function for every such table; search_path pinned, so the install and
-- update scripts (run by a superuser with public on the path) call no
-- operator anyone could plant.
CREATE FUNCTION hub_without_statistics(rel regclass) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    c name;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class r
                    WHERE r.oid = rel AND r.relkind IN ('r', 'p')
                      AND r.relnamespace = '@extschema@'::regnamespace) THEN
        RAISE EXCEPTION '% is not a table of the hub', rel
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give a table in schema @extschema@, e.g. a per-organisation table an admin added.';
    END IF;
    FOR c IN SELECT a.attname FROM pg_attribute a
              WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped LOOP
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STATISTICS 0', rel, c);
    END LOOP;
END
$fn$;
REVOKE ALL ON FUNCTION hub_without_statistics(regclass) FROM PUBLIC;
COMMENT ON FUNCTION hub_without_statistics(regclass) IS 'admin: stop collecting planner statistics on every column of a per-organisation table of the hub (EXPLAIN estimates would otherwise summarise other organisations'' rows); 22023 for a relation that is not a table of the hub schema';
SELECT @extschema@.hub_without_statistics('@extschema@.incidents');
SELECT @extschema@.hub_without_statistics('@extschema@.persons');

SELECT pg_catalog.pg_extension_config_dump('organisations', '');
SELECT pg_catalog.pg_extension_config_dump('sources', '');
SELECT pg_catalog.pg_extension_config_dump('org_members', '');
SELECT pg_catalog.pg_extension_config_dump('incidents', '');
SELECT pg_catalog.pg_extension_config_dump('persons', '');
SELECT pg_catalog.pg_extension_config_dump('incident_id_seq', '');

REVOKE ALL ON organisations, sources, countries, org_members, incidents, persons FROM PUBLIC;
REVOKE ALL ON SEQUENCE incident_id_seq FROM PUBLIC;
GRANT SELECT ON countries TO PUBLIC;
GRANT SELECT ON organisations, sources TO tst_hub_analyst, tst_hub_pseudonymiser;
GRANT SELECT, INSERT, UPDATE, DELETE ON organisations, sources, incidents, persons TO tst_hub_admin;
GRANT SELECT, DELETE ON org_members TO tst_hub_admin;
GRANT INSERT (member, org_id, added_at, added_by), UPDATE (org_id, added_at, added_by)
    ON org_members TO tst_hub_admin;
GRANT USAGE ON SEQUENCE incident_id_seq TO tst_hub_admin, tst_hub_pseudonymiser;

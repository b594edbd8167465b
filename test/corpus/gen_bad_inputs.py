#!/usr/bin/env python3
"""Writes test/corpus/bad_inputs.tsv: name, SQLSTATE, SQL (one bad input per
line).  The driver is test/pgtap/91-bad_input_corpus.sql.  Edit the lists
here and regenerate (python3 test/corpus/gen_bad_inputs.py); the TSV is
committed so the test needs no Python.

Values the SQL may use, made by the driver: scope 'corpus' (a key),
pg_temp.cube0() (a cube), pg_temp.cubep() (a cube of people),
pg_temp.ps() (a pseudonym), pg_temp.pset() (a person_set state),
pg_temp.nstate() (a noise_state), table pg_temp.aud (a int, b int, p pseudonym),
pg_temp.recv(type, bytes) (binary COPY of one field into that type).
"""
import os

cases = []


def add(name, state, sql):
    assert '\t' not in sql and '\n' not in sql and '\b' not in sql, name
    cases.append((name, state, sql))


# ---- Unicode and length edge cases, reused for every text input ----
ODD_TEXT = [
    ("empty", "''"),
    ("spaces", "'   '"),
    ("1 MB", "repeat('x', 1000000)"),
    ("zero-width space", "chr(8203)"),
    ("RTL mark", "'a' || chr(8207)"),
    ("BOM", "chr(65279) || 'a'"),
    ("combining marks only", "repeat(chr(769), 50)"),
    ("private use", "chr(57344)"),
    ("astral emoji", "chr(128512)"),
    ("control", "E'\\\\x01'"),
    ("NaN", "'NaN'"),
    ("infinity", "'Infinity'"),
]

# ---- text input of every type (22P02) ----
for typ, fn in [("term", "term_in"), ("term_set", "term_set_in"), ("cell", "cell_in"),
                ("pseudonym", "pseudonym_in"), ("grade_3x5x2", "grade_3x5x2_in"),
                ("grade_5x5x5", "grade_5x5x5_in"), ("admiralty", "admiralty_in"),
                ("likelihood", "likelihood_in"), ("cube", "cube_in"),
                ("person_set", "person_set_in"), ("noise_state", "noise_state_in")]:
    for label, expr in ODD_TEXT:
        add(f"{fn}: {label}", "22P02", f"SELECT ({expr})::text::{typ}")
# type-specific text inputs
more_in = [
    ("cell_in: resolution 16", "22P02", "SELECT 'h16:0:0'::cell"),
    ("cell_in: row out of range", "22P02", "SELECT 'h0:99999:0'::cell"),
    ("cell_in: int overflow", "22P02", "SELECT 'h7:99999999999999999999:0'::cell"),
    ("cell_in: negative resolution", "22P02", "SELECT 'h-1:0:0'::cell"),
    ("cell_in: trailing text", "22P02", "SELECT 'h7:1:1x'::cell"),
    ("cell_in: full-width digits", "22P02", "SELECT 'h７:1:1'::cell"),
    ("pseudonym_in: short", "22P02", "SELECT 'ps_aaaa'::pseudonym"),
    ("pseudonym_in: bad base32", "22P02", "SELECT 'ps_11111111111111111111111111'::pseudonym"),
    ("pseudonym_in: upper-case prefix", "22P02", "SELECT 'PS_aea47skgqm7vdelyldp3tzls24'::pseudonym"),
    ("pseudonym_in: trailing bits", "22P02", "SELECT 'ps_aea47skgqm7vdelyldp3tzls27'::pseudonym"),
    ("grade_5x5x5_in: source F", "22P02", "SELECT 'F2 1'::grade_5x5x5"),
    ("grade_5x5x5_in: info 6", "22P02", "SELECT 'B6 1'::grade_5x5x5"),
    ("grade_5x5x5_in: handling 0", "22P02", "SELECT 'B2 0'::grade_5x5x5"),
    ("grade_3x5x2_in: handling X", "22P02", "SELECT '1C X'::grade_3x5x2"),
    ("grade_3x5x2_in: source 4", "22P02", "SELECT '4C P'::grade_3x5x2"),
    ("admiralty_in: G1", "22P02", "SELECT 'G1'::admiralty"),
    ("admiralty_in: A7", "22P02", "SELECT 'A7'::admiralty"),
    ("admiralty_in: Cyrillic A", "22P02", "SELECT 'А1'::admiralty"),
    ("likelihood_in: percent 101", "22P02", "SELECT 'phia:101%'::likelihood"),
    ("likelihood_in: unknown scheme", "22P02", "SELECT 'nato:likely'::likelihood"),
    ("likelihood_in: negative percent", "22P02", "SELECT 'icd203:-1%'::likelihood"),
    ("term_set_in: NULL element", "22P02", "SELECT '{NULL}'::term_set"),
    ("term_set_in: nested", "22P02", "SELECT '{{control/threats}}'::term_set"),
    ("cube_in: odd hex", "22P02", "SELECT '\\x010'::cube"),
    ("cube_in: no \\x", "22P02", "SELECT '0107'::cube"),
    ("cube_in: version 9", "22P02", "SELECT ('\\x09' || substr(pg_temp.cube0()::text, 5))::cube"),
    ("cube_in: truncated", "22P02", "SELECT left(pg_temp.cube0()::text, 30)::cube"),
    ("cube_in: extra byte", "22P02", "SELECT (pg_temp.cube0()::text || '00')::cube"),
    ("person_set_in: truncated", "22P02", "SELECT left(pg_temp.pset()::text, 12)::person_set"),
    ("person_set_in: extra byte", "22P02", "SELECT (pg_temp.pset()::text || '00')::person_set"),
    ("person_set_in: version 0", "22P02", "SELECT ('\\x00' || substr(pg_temp.pset()::text, 5))::person_set"),
    ("noise_state_in: truncated", "22P02", "SELECT left(pg_temp.nstate()::text, 12)::noise_state"),
    ("noise_state_in: extra byte", "22P02", "SELECT (pg_temp.nstate()::text || '00')::noise_state"),
    ("noise_state_in: version 0", "22P02", "SELECT ('\\x00' || substr(pg_temp.nstate()::text, 5))::noise_state"),
]
for c in more_in:
    add(*c)

# ---- binary input (recv) of every type: corrupted bytes ----
# Fixed-size types read their field with PostgreSQL's pq_getmsg*, so a short
# field is 08P01 (as for int8); a value that is not one is 22P03.  The
# aggregate states (cube, person_set, noise_state) are XX001 (corrupt state)
# whatever is wrong.
STATES = ("cube", "person_set", "noise_state")
SHORT = {t: ("XX001" if t in STATES else "22P03" if t == "term_set" else "08P01")
         for t in ["term", "term_set", "cell", "pseudonym", "grade_3x5x2", "grade_5x5x5", "admiralty",
                   "likelihood", "cube", "person_set", "noise_state"]}
BAD = {t: ("XX001" if t in STATES else "22P03") for t in SHORT}
for typ in ["term", "term_set", "cell", "pseudonym", "grade_3x5x2", "grade_5x5x5", "admiralty",
            "likelihood", "cube", "person_set", "noise_state"]:
    add(f"{typ}_recv: empty field", "08P01" if typ == "term_set" else SHORT[typ], f"SELECT pg_temp.recv('{typ}', ''::bytea)")
    add(f"{typ}_recv: one byte", "08P01" if typ == "term_set" else SHORT[typ], f"SELECT pg_temp.recv('{typ}', '\\x01'::bytea)")
    add(f"{typ}_recv: 64 bytes of 0xff", BAD[typ], f"SELECT pg_temp.recv('{typ}', decode(repeat('ff', 64), 'hex'))")
for typ, valid in [("term", "term_send('control/threats')"), ("cell", "cell_send('h7:1:1')"),
                   ("pseudonym", "pseudonym_send(pg_temp.ps())"), ("grade_3x5x2", "grade_3x5x2_send('1C P')"),
                   ("grade_5x5x5", "grade_5x5x5_send('B2 1')"), ("admiralty", "admiralty_send('B2')"),
                   ("likelihood", "likelihood_send('phia:likely')"),
                   ("term_set", "term_set_send('{control/threats,exploitation/labour}')"),
                   ("cube", "cube_send(pg_temp.cube0())"), ("person_set", "person_set_send(pg_temp.pset())"),
                   ("noise_state", "noise_state_send(pg_temp.nstate())")]:
    add(f"{typ}_recv: a valid value with a byte more", BAD[typ], f"SELECT pg_temp.recv('{typ}', {valid} || '\\x00'::bytea)")
    add(f"{typ}_recv: a valid value less its last byte", SHORT[typ] if typ != "term_set" else "22P03",
        f"SELECT pg_temp.recv('{typ}', substr({valid}, 1, length({valid}) - 1))")
    add(f"{typ}_recv: a valid value with its first byte flipped", BAD[typ],
        f"SELECT pg_temp.recv('{typ}', set_byte({valid}, 0, 255 - get_byte({valid}, 0)))")

# ---- terms and vocabulary ----
T = [
    ("rollup: negative depth", "22023", "SELECT rollup('exploitation/sexual', -1)"),
    ("rollup: int min depth", "22023", "SELECT rollup('exploitation/sexual', -2147483648)"),
    ("term_from_code: 0", "22023", "SELECT term_from_code(0)"),
    ("term_from_code: int8 min", "22023", "SELECT term_from_code(-9223372036854775808)"),
    ("term_from_code: int8 max", "22023", "SELECT term_from_code(9223372036854775807)"),
    ("label: unknown language", "22023", "SELECT label('exploitation', 'xx', false)"),
    ("label: overlong language", "22023", "SELECT label('exploitation', repeat('e', 100000), false)"),
    ("label: RTL mark in language", "22023", "SELECT label('exploitation', 'en' || chr(8207), false)"),
    ("term_set: NULL element", "22004", "SELECT term_set(ARRAY['control/threats', NULL]::term[])"),
    ("term_set: only NULL", "22004", "SELECT term_set(ARRAY[NULL]::term[])"),
    ("term_set_add: bad term", "22P02", "SELECT term_set_add('{}', 'no such term')"),
    ("term_set_union: bad set", "22P02", "SELECT term_set_union('{}', '{x}')"),
    ("term_set_contains: bad set", "22P02", "SELECT term_set_contains('{}', '{x}')"),
    ("term_set_contains_term: bad term", "22P02", "SELECT term_set_contains_term('{}', 'x')"),
    ("term_set_overlaps: bad set", "22P02", "SELECT term_set_overlaps('{x}', '{}')"),
    ("term_set_contained: bad set", "22P02", "SELECT term_set_contained('{x}', '{}')"),
    ("term_contained_in_set: bad term", "22P02", "SELECT term_contained_in_set('x', '{}')"),
    ("term_contains: bad term", "22P02", "SELECT term_contains('x', 'control')"),
    ("term_contained: bad term", "22P02", "SELECT term_contained('control', 'x')"),
    ("cardinality: bad set", "22P02", "SELECT cardinality('{,}'::term_set)"),
    ("terms: bad set", "22P02", "SELECT terms('{,}'::term_set)"),
    ("unnest: bad set", "22P02", "SELECT unnest('{,}'::term_set)"),
    ("children: bad term", "22P02", "SELECT children('x')"),
    ("descendants: bad term", "22P02", "SELECT descendants('x')"),
    ("ancestors: bad term", "22P02", "SELECT ancestors('x')"),
    ("parent: bad term", "22P02", "SELECT parent('x')"),
    ("path: bad term", "22P02", "SELECT path('x')"),
    ("facet: bad term", "22P02", "SELECT facet('x')"),
    ("depth: bad term", "22P02", "SELECT depth('x')"),
    ("is_leaf: bad term", "22P02", "SELECT is_leaf('x')"),
    ("code: bad term", "22P02", "SELECT code('x'::term)"),
    ("from_scheme: unknown scheme (was match none)", "22023", "SELECT * FROM from_scheme('nope', 'f', 'v')"),
    ("from_scheme: 1 MB scheme", "22023", "SELECT * FROM from_scheme(repeat('c', 1000000), 'f', 'v')"),
    ("from_scheme: unknown field", "22023", "SELECT * FROM from_scheme('ctdc', 'noSuchColumn', '1')"),
    ("to_scheme: unknown scheme (was match none)", "22023", "SELECT * FROM to_scheme('CTDC', 'control')"),
    ("from_ctdc: unknown field", "22023", "SELECT * FROM from_ctdc('isAbductionn')"),
    ("crosswalk_known: unknown scheme", "22023", "SELECT crosswalk_known('nope')"),
    ("from_htcds: unknown field", "22023", "SELECT * FROM from_htcds('nope', 'v')"),
    ("to_ctdc: bad term", "22P02", "SELECT * FROM to_ctdc('x')"),
    ("to_htcds: bad term", "22P02", "SELECT * FROM to_htcds('x')"),
    ("observe_category: 1 MB label", "22023", "SELECT observe_category(1, repeat('-', 1000000))"),
    ("observe_category: zero-width label", "22023", "SELECT observe_category(1, chr(8203))"),
    ("age_band: negative", "22003", "SELECT age_band(-1)"),
    ("age_band: 131", "22003", "SELECT age_band(131)"),
    ("age_band: int max", "22003", "SELECT age_band(2147483647)"),
    ("is_minor: int min", "22003", "SELECT is_minor(-2147483648)"),
    ("term_set_agg: bad term", "22P02", "SELECT term_set_agg(t) FROM (VALUES ('x'::text)) v(t0), LATERAL (SELECT t0::term) x(t)"),
]
for c in T:
    add(*c)

# ---- keys, pseudonyms, canonicalisers, generalisation ----
K = [
    ("key_create: space", "22023", "SELECT key_create('bad scope')"),
    ("key_create: ZWJ look-alike", "22023", "SELECT key_create('hu' || chr(8205) || 'b')"),
    ("key_create: 64 characters", "22023", "SELECT key_create(repeat('a', 64))"),
    ("key_create: 1 MB", "22023", "SELECT key_create(repeat('a', 1000000))"),
    ("key_create: exists", "42710", "SELECT key_create('corpus')"),
    ("key_rotate: no key", "22023", "SELECT key_rotate('nokey')"),
    ("key_rotate: upper case", "22023", "SELECT key_rotate('Corpus')"),
    ("key_scope_check: RTL mark", "22023", "SELECT key_scope_check('hub' || chr(8207))"),
    ("key_scope_check: empty", "22023", "SELECT key_scope_check('')"),
    ("key_scope_check: leading digit", "22023", "SELECT key_scope_check('1hub')"),
    ("key_version: bad token", "22P02", "SELECT key_version('ps_x')"),
    ("key_versions: takes no argument, a bad cast", "22P02", "SELECT * FROM key_versions() WHERE version = 'x'::int"),
    ("key_material: an analyst may not", "42501", "SET LOCAL ROLE tst_hub_analyst; SELECT key_material()"),
    ("pseudonymise: unknown kind", "22023", "SELECT pseudonymise('fingerprint', 'x', 'corpus')"),
    ("pseudonymise: bad scope", "22023", "SELECT pseudonymise('raw', 'x', 'Corpus')"),
    ("pseudonymise: scope without key", "22023", "SELECT pseudonymise('raw', 'x', 'nokey')"),
    ("pseudonymise: bad e-mail", "22P02", "SELECT pseudonymise('email', 'no at sign', 'corpus')"),
    ("pseudonymise: bad phone", "22P02", "SELECT pseudonymise('phone', '12', 'corpus', 'GB')"),
    ("pseudonymise: bad country", "22023", "SELECT pseudonymise('phone', '07700 900123', 'corpus', 'XX')"),
    ("pseudonymise: 1 MB value", "22P02", "SELECT pseudonymise('email', repeat('a', 1000000), 'corpus')"),
    ("pseudonymise: empty raw", "22P02", "SELECT pseudonymise('raw', '', 'corpus')"),
    ("pseudonym_verify: bad scope", "22023", "SELECT pseudonym_verify(pg_temp.ps(), 'raw', 'x', 'a b')"),
    ("pseudonym_rekey: not made from the value", "22000", "SELECT pseudonym_rekey(pg_temp.ps(), 'raw', 'other', 'corpus')"),
    ("pseudonym_rekey: bad scope", "22023", "SELECT pseudonym_rekey(pg_temp.ps(), 'raw', 'x', chr(8203))"),
    ("date_shift: max_days 0", "22023", "SELECT date_shift('2024-01-01', pg_temp.ps(), 0, 'corpus')"),
    ("date_shift: max_days int max", "22023", "SELECT date_shift('2024-01-01', pg_temp.ps(), 2147483647, 'corpus')"),
    ("date_shift: max_days negative", "22023", "SELECT date_shift('2024-01-01', pg_temp.ps(), -5, 'corpus')"),
    ("date_shift: bad scope", "22023", "SELECT date_shift('2024-01-01', pg_temp.ps(), 30, 'date shift')"),
    ("pii_detect: over 1 MB", "54000", "SELECT * FROM pii_detect(repeat('a', 1048577), 'en')"),
    ("pii_detect: unknown language", "22023", "SELECT * FROM pii_detect('call +44 7700 900123', 'xx')"),
    ("pii_redact: unknown style", "22023", "SELECT pii_redact('call +44 7700 900123', 'en', 'blur')"),
    ("pii_redact: pseudonym without a scope", "22023", "SELECT pii_redact('call +44 7700 900123', 'en', 'pseudonym')"),
    ("pii_redact: over 1 MB", "54000", "SELECT pii_redact(repeat('a', 1048577), 'en')"),
    ("pii_redact keyed: bad scope", "22023", "SELECT pii_redact('call +44 7700 900123', 'en', 'pseudonym', 'hub' || chr(8207))"),
    ("pii_redact keyed: NULL scope", "22004", "SELECT pii_redact('call +44 7700 900123', 'en', 'pseudonym', NULL)"),
    ("canon_phone: too short", "22P02", "SELECT canon_phone('12', 'GB')"),
    ("canon_phone: letters", "22P02", "SELECT canon_phone('+44 abc', 'GB')"),
    ("canon_phone: 1 MB", "22P02", "SELECT canon_phone(repeat('1', 1000000), 'GB')"),
    ("canon_phone: bad country", "22023", "SELECT canon_phone('07700 900123', 'ZZ')"),
    ("canon_email: two @", "22P02", "SELECT canon_email('a@b@c.org')"),
    ("canon_email: empty", "22P02", "SELECT canon_email('')"),
    ("canon_email: bad domain", "22P02", "SELECT canon_email('a@-.org')"),
    ("canon_email: 1 MB", "22P02", "SELECT canon_email(repeat('a', 1000000) || '@x.org')"),
    ("canon_name: empty", "22P02", "SELECT canon_name('', false)"),
    ("canon_name: only punctuation", "22P02", "SELECT canon_name('.-.', false)"),
    ("canon_doc_id: empty", "22P02", "SELECT canon_doc_id('')"),
    ("canon_doc_id: only separators", "22P02", "SELECT canon_doc_id(' - / ')"),
    ("canon_doc_id: non-ASCII", "22P02", "SELECT canon_doc_id('АВ123')"),
    ("date_coarsen: unknown unit", "22023", "SELECT date_coarsen('2024-01-01', 'fortnight')"),
    ("date_coarsen: empty unit", "22023", "SELECT date_coarsen('2024-01-01', '')"),
    ("num_bin: NULL edge", "22004", "SELECT num_bin(5, '{1,NULL,10}')"),
    ("num_bin: empty edges", "22023", "SELECT num_bin(5, '{}')"),
    ("num_bin: NaN edge", "22023", "SELECT num_bin(5, '{1,NaN}')"),
    ("num_bin: NaN value", "22023", "SELECT num_bin('NaN', '{1,2}')"),
    ("num_bin: decreasing", "22023", "SELECT num_bin(5, '{3,2}')"),
    ("num_bin: 2-D", "22023", "SELECT num_bin(5, '{{1,2},{3,4}}')"),
    ("num_bin: infinite edges in order are fine, a repeated infinity is not", "22023", "SELECT num_bin(5, '{Infinity,Infinity}')"),
    ("mask_phone: negative keep", "22023", "SELECT mask_phone('+44 20 7946 0958', -1)"),
    ("mask_text: negative keep", "22023", "SELECT mask_text('abc', -1)"),
    ("geometry_to_wgs84: an SRID PostGIS does not know", "22023", "SELECT geometry_to_wgs84(ST_SetSRID(ST_MakePoint(0, 0), 999999))"),
    ("to_scheme: bad term", "22P02", "SELECT * FROM to_scheme('ctdc', 'x')"),
    ("geo_coarsen: NaN latitude", "22003", "SELECT geo_coarsen('NaN', 0, 3)"),
    ("geo_coarsen: latitude 91", "22003", "SELECT geo_coarsen(91, 0, 3)"),
    ("geo_coarsen: infinite longitude", "22003", "SELECT geo_coarsen(0, 'Infinity', 3)"),
    ("geo_coarsen: level 16", "22023", "SELECT geo_coarsen(0, 0, 16)"),
    ("geo_coarsen: level -1", "22023", "SELECT geo_coarsen(0, 0, -1)"),
]
for c in K:
    add(*c)

# ---- safe aggregates, suppression, noise, budgets ----
S = [
    ("safe_count: k 1", "22023", "SELECT safe_count(p, 1) FROM pg_temp.aud"),
    ("safe_count: k int max", "22023", "SELECT safe_count(p, 2147483647) FROM pg_temp.aud"),
    ("safe_count: k below min_k", "42501", "SELECT safe_count(p, 2) FROM pg_temp.aud"),
    ("safe_count_r: k 0", "22023", "SELECT safe_count_r(p, 0) FROM pg_temp.aud"),
    ("safe_sum: NaN value", "22023", "SELECT safe_sum(p, 'NaN') FROM pg_temp.aud"),
    ("safe_sum: k negative", "22023", "SELECT safe_sum(p, 1, -1) FROM pg_temp.aud"),
    ("safe_sum_r: NaN", "22023", "SELECT safe_sum_r(p, 'NaN') FROM pg_temp.aud"),
    ("safe_avg: NaN", "22023", "SELECT safe_avg(p, 'NaN') FROM pg_temp.aud"),
    ("safe_avg_r: NaN", "22023", "SELECT safe_avg_r(p, 'NaN', 20) FROM pg_temp.aud"),
    ("safe_avg: infinity", "22023", "SELECT safe_avg(p, 'Infinity') FROM pg_temp.aud"),
    ("safe_count_trans: outside the aggregate", "0A000", "SELECT safe_count_trans(NULL, pg_temp.ps())"),
    ("safe_count_trans k: outside the aggregate", "0A000", "SELECT safe_count_trans(NULL, pg_temp.ps(), 20)"),
    ("safe_sum_trans: outside the aggregate", "0A000", "SELECT safe_sum_trans(NULL, pg_temp.ps(), 1)"),
    ("safe_sum_trans k: outside the aggregate", "0A000", "SELECT safe_sum_trans(NULL, pg_temp.ps(), 1, 20)"),
    ("safe_merge: outside the aggregate", "0A000", "SELECT safe_merge(pg_temp.pset(), pg_temp.pset())"),
    ("safe_count_final: a forged state is refused at input", "22P02", "SELECT safe_count_final(left(pg_temp.pset()::text, 12)::person_set)"),
    ("safe_count_r_final: a forged state is refused at input", "22P02", "SELECT safe_count_r_final(left(pg_temp.pset()::text, 12)::person_set)"),
    ("safe_sum_final: a forged state is refused at input", "22P02", "SELECT safe_sum_final(left(pg_temp.pset()::text, 12)::person_set)"),
    ("safe_sum_r_final: a forged state is refused at input", "22P02", "SELECT safe_sum_r_final(left(pg_temp.pset()::text, 12)::person_set)"),
    ("safe_avg_final: a forged state is refused at input", "22P02", "SELECT safe_avg_final(left(pg_temp.pset()::text, 12)::person_set)"),
    ("safe_avg_r_final: a forged state is refused at input", "22P02", "SELECT safe_avg_r_final(left(pg_temp.pset()::text, 12)::person_set)"),
    ("suppress_crosstab: NULL row key", "22004", "SELECT * FROM suppress_crosstab(ARRAY['a', NULL], ARRAY['x', 'y'], ARRAY[20, 30]::int8[])"),
    ("suppress_crosstab: NULL count", "22004", "SELECT * FROM suppress_crosstab(ARRAY['a', 'b'], ARRAY['x', 'y'], ARRAY[20, NULL]::int8[])"),
    ("suppress_crosstab: lengths differ", "22023", "SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x', 'y'], ARRAY[20, 30]::int8[])"),
    ("suppress_crosstab: negative count", "22023", "SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[-1]::int8[])"),
    ("suppress_crosstab: k 1", "22023", "SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[20]::int8[], 1)"),
    ("suppress_crosstab: protection 0 (below the hub floor)", "42501", "SELECT * FROM suppress_crosstab(ARRAY['a'], ARRAY['x'], ARRAY[20]::int8[], NULL, 0)"),
    ("suppress_crosstab: 2,501 cells", "54000", "SELECT * FROM suppress_crosstab(ARRAY(SELECT i::text FROM generate_series(1, 2501) i), ARRAY(SELECT 'x' FROM generate_series(1, 2501)), array_fill(20::int8, ARRAY[2501]))"),
    ("suppress_linked: NULL member", "22004", "SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[20]::int8[], ARRAY['t'], ARRAY[NULL])"),
    ("suppress_linked: unknown member", "22023", "SELECT * FROM suppress_linked(ARRAY['a'], ARRAY[20]::int8[], ARRAY['t'], ARRAY['zz'])"),
    ("suppress_linked: int8 max count", "22003", "SELECT * FROM suppress_linked(ARRAY['a', 'b'], ARRAY[9223372036854775807, 9223372036854775807]::int8[], ARRAY['t', 't'], ARRAY['a', 'b'])"),
    ("discrete_laplace: epsilon 0", "22023", "SELECT discrete_laplace(0, 1)"),
    ("discrete_laplace: epsilon NaN", "22023", "SELECT discrete_laplace('NaN', 1)"),
    ("discrete_laplace: epsilon negative", "22023", "SELECT discrete_laplace(-1, 1)"),
    ("discrete_laplace: epsilon 1e-30", "22023", "SELECT discrete_laplace(1e-30, 1)"),
    ("discrete_laplace: epsilon 1e30", "22023", "SELECT discrete_laplace(1e30, 1)"),
    ("discrete_laplace: sensitivity 0", "22023", "SELECT discrete_laplace(1, 0)"),
    ("discrete_laplace: sensitivity int max", "22023", "SELECT discrete_laplace(1, 2147483647)"),
    ("dp_count: NULL budget", "22004", "SELECT dp_count(p, 1.0, NULL) FROM pg_temp.aud"),
    ("dp_count: epsilon NaN", "22023", "SELECT dp_count(p, 'NaN', 'corpus_budget') FROM pg_temp.aud"),
    ("dp_count: epsilon 0", "22023", "SELECT dp_count(p, 0, 'corpus_budget') FROM pg_temp.aud"),
    ("dp_count: epsilon too large", "22023", "SELECT dp_count(p, 1000, 'corpus_budget') FROM pg_temp.aud"),
    ("dp_count: unknown budget (no credit, whether or not it exists)", "53400", "SELECT dp_count(p, 0.1, 'no_budget') FROM pg_temp.aud"),
    ("dp_count_state: epsilon negative", "22023", "SELECT dp_count_state(p, -1, 'corpus_budget') FROM pg_temp.aud"),
    ("dp_sum: lower above upper", "22023", "SELECT dp_sum(p, 1, 10, 0, 0.1, 'corpus_budget') FROM pg_temp.aud"),
    ("dp_sum: infinite bound", "22023", "SELECT dp_sum(p, 1, 0, 'Infinity', 0.1, 'corpus_budget') FROM pg_temp.aud"),
    ("dp_sum: NaN value", "22023", "SELECT dp_sum(p, 'NaN', 0, 10, 0.1, 'corpus_budget') FROM pg_temp.aud"),
    ("dp_sum_state: NaN bound", "22023", "SELECT dp_sum_state(p, 1, 'NaN', 10, 0.1, 'corpus_budget') FROM pg_temp.aud"),
    ("dp_avg: epsilon NaN", "22023", "SELECT dp_avg(p, 1, 0, 10, 'NaN', 'corpus_budget') FROM pg_temp.aud"),
    ("dp_count_trans: outside the aggregate", "0A000", "SELECT dp_count_trans(NULL, pg_temp.ps(), 1, 'corpus_budget')"),
    ("dp_sum_trans: outside the aggregate", "0A000", "SELECT dp_sum_trans(NULL, pg_temp.ps(), 1, 0, 10, 1, 'corpus_budget')"),
    ("dp_count_release: a forged state is refused at input", "22P02", "SELECT dp_count_release(left(pg_temp.nstate()::text, 12)::noise_state)"),
    ("dp_sum_release: a forged state is refused at input", "22P02", "SELECT dp_sum_release(left(pg_temp.nstate()::text, 12)::noise_state)"),
    ("dp_avg_release: a forged state is refused at input", "22P02", "SELECT dp_avg_release(left(pg_temp.nstate()::text, 12)::noise_state)"),
    ("noise_merge: outside the aggregate", "0A000", "SELECT noise_merge(pg_temp.nstate(), pg_temp.nstate())"),
    ("sticky_count_release: a forged state is refused at input", "22P02", "SELECT sticky_count_release(left(pg_temp.nstate()::text, 12)::noise_state)"),
    ("sticky_count_r_release: a forged state is refused at input", "22P02", "SELECT sticky_count_r_release(left(pg_temp.nstate()::text, 12)::noise_state)"),
    ("sticky_count_trans: outside the aggregate", "0A000", "SELECT sticky_count_trans(NULL, pg_temp.ps(), '\\x00'::bytea)"),
    ("sticky_count_trans variadic: outside the aggregate", "0A000", "SELECT sticky_count_trans(NULL, pg_temp.ps(), 1, 2)"),
    ("sticky_count: cell not from sticky_cell", "22023", "SELECT sticky_count(p, '\\x00'::bytea) FROM pg_temp.aud"),
    ("sticky_count_r: cell of 1 MB", "22023", "SELECT sticky_count_r(p, decode(repeat('00', 1000000), 'hex')) FROM pg_temp.aud"),
    ("sticky_count_state: empty cell", "22023", "SELECT sticky_count_state(p, ''::bytea) FROM pg_temp.aud"),
    ("sticky_cell: an empty variadic array", "0A000", "SELECT sticky_cell(VARIADIC ARRAY[]::int[])"),
    ("sticky_count variadic: an empty variadic array", "0A000", "SELECT sticky_count(p, VARIADIC ARRAY[]::int[]) FROM pg_temp.aud"),
    ("dp_budget_create: epsilon 0", "22023", "SELECT dp_budget_create('b0', current_user, 0, 'day')"),
    ("dp_budget_create: epsilon NaN", "22023", "SELECT dp_budget_create('b1', current_user, 'NaN', 'day')"),
    ("dp_budget_create: unknown period", "22023", "SELECT dp_budget_create('b2', current_user, 1, 'fortnight')"),
    ("dp_budget_create: empty name", "22023", "SELECT dp_budget_create('', current_user, 1, 'day')"),
    ("dp_budget_create: exists", "42710", "SELECT dp_budget_create('corpus_budget', current_user, 1, 'day')"),
    ("dp_budget_alter: unknown budget", "42704", "SELECT dp_budget_alter('nope', current_user, 1, 'day')"),
    ("dp_budget_alter: epsilon infinite", "22023", "SELECT dp_budget_alter('corpus_budget', current_user, 'Infinity', 'day')"),
    ("dp_budget_drop: unknown budget", "42704", "SELECT dp_budget_drop('nope', current_user)"),
    ("dp_budget_check: epsilon NaN", "22023", "SELECT dp_budget_check('corpus_budget', 'NaN', 'day')"),
    ("dp_reserve: epsilon negative", "22023", "SELECT dp_reserve('corpus_budget', -1)"),
    ("dp_reserve: more than the budget", "53400", "SELECT dp_reserve('corpus_budget', 99)"),
    ("dp_period_start: unknown period", "22023", "SELECT dp_period_start('fortnight')"),
    ("dp_ledger: an analyst may not", "42501", "SET LOCAL ROLE tst_hub_analyst; SELECT * FROM dp_ledger()"),
    ("dp_credit: no budget of an analyst is fine, a bad cast is not", "22P02", "SELECT * FROM dp_credit() WHERE epsilon = 'x'::numeric"),
    ("explain_cost: not a query", "42601", "SELECT explain_cost('not sql at all')"),
    ("explain_cost: two statements", "22023", "SELECT explain_cost('SELECT 1; SELECT 2')"),
    ("explain_cost: empty", "22023", "SELECT explain_cost('')"),
]
for c in S:
    add(*c)

# ---- release audits ----
R = [
    ("release_columns: NULL column", "22004", "SELECT release_columns('pg_temp.aud', ARRAY['a', NULL])"),
    ("release_columns: empty", "22023", "SELECT release_columns('pg_temp.aud', '{}')"),
    ("release_columns: unknown column", "42703", "SELECT release_columns('pg_temp.aud', ARRAY['zz'])"),
    ("release_columns: 33 columns", "54000", "SELECT release_columns('pg_temp.aud', array_fill('a'::text, ARRAY[33]))"),
    ("release_group_keys: NULL", "22004", "SELECT release_group_keys(ARRAY['a', NULL])"),
    ("release_group_keys: empty", "22023", "SELECT release_group_keys('{}')"),
    ("release_group_query: NULL", "22004", "SELECT release_group_query(ARRAY['g', NULL], false, NULL, false)"),
    ("release_min_k: takes no argument, a bad cast", "22P02", "SELECT release_min_k() = 'x'::int"),
    ("k_anonymity: NULL column", "22004", "SELECT * FROM k_anonymity('pg_temp.aud', ARRAY['a', NULL])"),
    ("k_anonymity: k 1", "22023", "SELECT * FROM k_anonymity('pg_temp.aud', ARRAY['a'], NULL, 1)"),
    ("k_anonymity: repeated column", "22023", "SELECT * FROM k_anonymity('pg_temp.aud', ARRAY['a', 'a'])"),
    ("k_anonymity: not a table", "42809", "SELECT * FROM k_anonymity('pg_class_oid_index', ARRAY['a'])"),
    ("k_anonymity_groups: unknown person", "42703", "SELECT * FROM k_anonymity_groups('pg_temp.aud', ARRAY['a'], 'zz')"),
    ("group_diversity: NULL sensitive", "22004", "SELECT * FROM group_diversity('pg_temp.aud', ARRAY['a'], NULL)"),
    ("l_diversity: l 1", "22023", "SELECT * FROM l_diversity('pg_temp.aud', ARRAY['a'], 'b', NULL, 1)"),
    ("l_diversity_groups: l NULL", "22004", "SELECT * FROM l_diversity_groups('pg_temp.aud', ARRAY['a'], 'b', NULL, NULL)"),
    ("generalisation_levels: unknown column", "42703", "SELECT * FROM generalisation_levels('pg_temp.aud', 'zz', NULL, NULL)"),
    ("generalisation_levels: hierarchy not an array", "22023", "SELECT * FROM generalisation_levels('pg_temp.aud', 'a', '{\"x\": 1}', NULL)"),
    ("anonymise_release: NULL quasi-identifier", "22004", "SELECT * FROM anonymise_release('pg_temp.aud', 'out1', ARRAY['a', NULL], k => 20)"),
    ("anonymise_release: k below min_k", "42501", "SELECT * FROM anonymise_release('pg_temp.aud', 'out2', ARRAY['a'], k => 2)"),
    ("anonymise_release: unknown l_definition", "22023", "SELECT * FROM anonymise_release('pg_temp.aud', 'out3', ARRAY['a'], 'p', 20, 2, 'b', NULL, 'nope')"),
]
for c in R:
    add(*c)

# ---- grid and cubes ----
C0 = "pg_temp.cube0()"
G = [
    ("cell: latitude NaN", "22003", "SELECT cell('NaN'::float8, 0, 7)"),
    ("cell: latitude 90.5", "22003", "SELECT cell(90.5::float8, 0, 7)"),
    ("cell: longitude infinity", "22003", "SELECT cell(0::float8, '-Infinity', 7)"),
    ("cell: resolution 16", "22023", "SELECT cell(0::float8, 0, 16)"),
    ("cell: resolution -1", "22023", "SELECT cell(0::float8, 0, -1)"),
    ("cell geometry: not a point", "22023", "SELECT cell(ST_MakeEnvelope(0, 0, 1, 1, 4326), 7)"),
    ("cell geometry: empty point", "22023", "SELECT cell('POINT EMPTY'::geometry, 7)"),
    ("cell geometry: NaN point", "22003", "SELECT cell(ST_SetSRID(ST_MakePoint('NaN', 0), 4326), 7)"),
    ("cell_from_id: 0", "22023", "SELECT cell_from_id(0)"),
    ("cell_from_id: int8 min", "22023", "SELECT cell_from_id(-9223372036854775808)"),
    ("cell_from_ewkb: garbage", "22023", "SELECT cell_from_ewkb('\\x00'::bytea, 7)"),
    ("cell_from_ewkb: 1 MB", "22023", "SELECT cell_from_ewkb(decode(repeat('ff', 1000000), 'hex'), 7)"),
    ("cell_count: resolution 99", "22023", "SELECT cell_count(99)"),
    ("cell_parent: finer resolution", "22023", "SELECT cell_parent('h3:1:1', 7)"),
    ("cell_parent: bad cell", "22P02", "SELECT cell_parent('h3:x:1')"),
    ("cell_children: coarser", "22023", "SELECT cell_children('h7:1:1', 3)"),
    ("cell_children: 4^15", "54000", "SELECT count(*) FROM cell_children('h0:0:0', 15)"),
    ("cell_children: bad cell", "22P02", "SELECT cell_children('x'::cell)"),
    ("cell_disk: negative k", "22023", "SELECT cell_disk('h7:1:1', -1)"),
    ("cell_disk: k int max", "54000", "SELECT count(*) FROM cell_disk('h15:0:0', 2147483647)"),
    ("cell_ring: negative k", "22023", "SELECT cell_ring('h7:1:1', -2147483648)"),
    ("cell_ring: k 2e6", "54000", "SELECT count(*) FROM cell_ring('h15:0:0', 2000000)"),
    ("cell_disk_pairs: NULL", "22004", "SELECT cell_disk_pairs(ARRAY['h7:1:1', NULL]::cell[], 1)"),
    ("cell_disk_pairs: unsorted", "22023", "SELECT cell_disk_pairs(ARRAY['h7:1:3', 'h7:1:1']::cell[], 1)"),
    ("cell_disk_pairs: k huge", "54000", "SELECT cell_disk_pairs(ARRAY['h15:0:0']::cell[], 100000)"),
    ("cell_disk_pairs: 2-D", "2202E", "SELECT cell_disk_pairs('{{h7:1:1},{h7:1:3}}'::cell[], 1)"),
    ("cell_distance: resolutions differ", "22023", "SELECT cell_distance('h7:1:1', 'h6:1:1')"),
    ("cell_boundary: bad cell", "22P02", "SELECT cell_boundary('h7'::cell)"),
    ("cell_boundary_ewkb: bad cell", "22P02", "SELECT cell_boundary_ewkb('h7:'::cell)"),
    ("cell_center: bad cell", "22P02", "SELECT cell_center('h7:1'::cell)"),
    ("cell_center_ewkb: bad cell", "22P02", "SELECT cell_center_ewkb(':1:1'::cell)"),
    ("cell_area_km2: bad cell", "22P02", "SELECT cell_area_km2('h7:1:1:1'::cell)"),
    ("cell_id: bad cell", "22P02", "SELECT cell_id('h7:1:1:'::cell)"),
    ("cell_resolution: bad cell", "22P02", "SELECT cell_resolution('h7: 1:1'::cell)"),
    ("cell_cover_candidates: NaN", "22023", "SELECT * FROM cell_cover_candidates('NaN', 0, 1, 1, 3)"),
    ("cell_cover_candidates: inverted box", "22023", "SELECT * FROM cell_cover_candidates(1, 1, 0, 0, 3)"),
    ("cell_cover_candidates: the globe at 15", "54000", "SELECT * FROM cell_cover_candidates(-180, -90, 180, 90, 15)"),
    ("cells_cover: a point", "22023", "SELECT * FROM cells_cover('SRID=4326;POINT(0 0)', 5)"),
    ("cells_cover: unknown mode", "22023", "SELECT * FROM cells_cover(ST_MakeEnvelope(0, 0, 1, 1, 4326), 5, 'nope')"),
    ("cells_cover: empty", "22023", "SELECT * FROM cells_cover('SRID=4326;POLYGON EMPTY', 5)"),
    ("cells_cover: the globe at 15", "54000", "SELECT * FROM cells_cover(ST_MakeEnvelope(-180, -90, 180, 90, 4326), 15)"),
    ("st_cube: months", "22023", "SELECT st_cube('h7:1:1'::cell, now(), '1 month')"),
    ("st_cube: zero width", "22023", "SELECT st_cube('h7:1:1'::cell, now(), '0 days')"),
    ("st_cube: 2^31 days", "22023", "SELECT st_cube('h7:1:1'::cell, now(), '2147483647 days')"),
    ("st_cube: infinite time", "22023", "SELECT st_cube('h7:1:1'::cell, 'infinity', '1 day')"),
    ("st_cube: origin infinite", "22023", "SELECT st_cube('h7:1:1'::cell, now(), '1 day', '-infinity')"),
    ("st_cube: widths differ between rows", "22023", "SELECT st_cube('h7:1:1'::cell, now(), w) FROM (VALUES ('1 day'::interval), ('2 days')) v(w)"),
    ("st_cube: resolutions differ between rows", "22023", "SELECT st_cube(c::cell, now(), '1 day') FROM (VALUES ('h7:1:1'), ('h6:1:1')) v(c)"),
    ("st_cube_people: months", "22023", "SELECT st_cube_people('h7:1:1'::cell, now(), '1 year', pg_temp.ps())"),
    ("st_cube_people: 2^31 days, origin", "22023", "SELECT st_cube_people('h7:1:1'::cell, now(), '2147483647 days', now(), pg_temp.ps())"),
    ("st_cube_trans: outside the aggregate", "0A000", "SELECT st_cube_trans(NULL, 'h7:1:1', now(), '1 day')"),
    ("st_cube_trans origin: outside the aggregate", "0A000", "SELECT st_cube_trans(NULL, 'h7:1:1', now(), '1 day', now())"),
    ("st_cube_trans person: outside the aggregate", "0A000", "SELECT st_cube_trans(NULL, 'h7:1:1', now(), '1 day', pg_temp.ps())"),
    ("st_cube_trans origin person: outside the aggregate", "0A000", "SELECT st_cube_trans(NULL, 'h7:1:1', now(), '1 day', now(), pg_temp.ps())"),
    ("cube_agg_merge: outside the aggregate", "0A000", f"SELECT cube_agg_merge({C0}, {C0})"),
    ("cube_agg_final: a forged cube is refused at input", "22P02", "SELECT cube_agg_final(left(pg_temp.cube0()::text, 30)::cube)"),
    ("cube_union: resolutions differ", "22023", "SELECT cube_union(c) FROM (VALUES (pg_temp.cube0()), (cube_rollup(pg_temp.cube0(), 3))) v(c)"),
    ("cube_append: widths differ", "22023", "SELECT cube_append(pg_temp.cube0(), st_cube('h7:1:1'::cell, now(), '2 days'))"),
    ("cube_rollup: finer", "22023", f"SELECT cube_rollup({C0}, 9)"),
    ("cube_rollup: -1", "22023", f"SELECT cube_rollup({C0}, -1)"),
    ("cube_slice: a forged cube is refused at input", "22P02", "SELECT cube_slice(left(pg_temp.cube0()::text, 30)::cube, '2024-01-01', '2025-01-01')"),
    ("cube_cells: NULL cell", "22004", f"SELECT * FROM cube_cells({C0}, ARRAY[NULL::cell])"),
    ("cube_cells: resolution differs", "22023", f"SELECT * FROM cube_cells({C0}, ARRAY['h6:1:1'::cell])"),
    ("cube_cells: a span past 10 million rows", "54000", f"SELECT count(*) FROM cube_cells((SELECT st_cube('h7:1:1'::cell, now(), '1 minute')), ARRAY['h7:1:1', 'h7:1:3', 'h7:3:1']::cell[], '2000-01-01', '2030-01-01')"),
    ("cube_cells: infinite span", "22023", f"SELECT count(*) FROM cube_cells({C0}, ARRAY['h7:1:1'::cell], '-infinity', NULL)"),
    ("cube_cells geometry: a point", "22023", f"SELECT * FROM cube_cells({C0}, 'SRID=4326;POINT(0 0)'::geometry)"),
    ("cube_cells: a forged cube is refused at input", "22P02", "SELECT * FROM cube_cells(left(pg_temp.cube0()::text, 30)::cube)"),
    ("cube_people: a cube without persons", "22023", f"SELECT * FROM cube_people({C0})"),
    ("cube_cells_safe: a cube without persons", "22023", f"SELECT * FROM cube_cells_safe({C0})"),
    ("cube_cells_safe: k below min_k", "42501", "SELECT * FROM cube_cells_safe(pg_temp.cubep(), 2)"),
    ("safe_cells: k below min_k", "42501", "SELECT * FROM safe_cells(pg_temp.cubep(), 2, 0)"),
    ("safe_cells: res_min finer than the cube", "22023", "SELECT * FROM safe_cells(pg_temp.cubep(), NULL, 9)"),
    ("cube_persons: a cube without persons", "22023", f"SELECT cube_persons({C0})"),
    ("cube_without_persons: a forged cube is refused at input", "22P02", "SELECT cube_without_persons(left(pg_temp.cubep()::text, 40)::cube)"),
    ("cube_has_persons: a forged cube is refused at input", "22P02", "SELECT cube_has_persons(left(pg_temp.cube0()::text, 30)::cube)"),
    ("cube_total: a forged cube is refused at input", "22P02", "SELECT cube_total(left(pg_temp.cube0()::text, 30)::cube)"),
    ("cube_entry_count: a forged cube is refused at input", "22P02", "SELECT cube_entry_count(left(pg_temp.cube0()::text, 30)::cube)"),
    ("cube_resolution: a forged cube is refused at input", "22P02", "SELECT cube_resolution(left(pg_temp.cube0()::text, 30)::cube)"),
    ("cube_bin_width: a forged cube is refused at input", "22P02", "SELECT cube_bin_width(left(pg_temp.cube0()::text, 30)::cube)"),
    ("cube_origin: a forged cube is refused at input", "22P02", "SELECT cube_origin(left(pg_temp.cube0()::text, 30)::cube)"),
    ("hotspots: negative ring", "22023", f"SELECT * FROM hotspots({C0}, -1, NULL)"),
    ("hotspots: ring huge", "54000", f"SELECT * FROM hotspots({C0}, 100000, NULL)"),
]
for c in G:
    add(*c)

# ---- hotspot statistics ----
H = [
    ("getis_ord: NULL id", "22004", "SELECT * FROM getis_ord(ARRAY[1, NULL]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[])"),
    ("getis_ord: lengths differ", "22023", "SELECT * FROM getis_ord(ARRAY[1, 2]::int8[], ARRAY[1]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[])"),
    ("getis_ord: infinite value", "22003", "SELECT * FROM getis_ord(ARRAY[1, 2]::int8[], ARRAY[1, 'Infinity']::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[])"),
    ("getis_ord: NaN weight", "22023", "SELECT * FROM getis_ord(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[], ARRAY['NaN']::float8[])"),
    ("getis_ord: unknown transform", "22023", "SELECT * FROM getis_ord(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[], NULL, true, 'X')"),
    ("getis_ord: unknown neighbour id", "22023", "SELECT * FROM getis_ord(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[3]::int8[])"),
    ("getis_ord: repeated id", "22023", "SELECT * FROM getis_ord(ARRAY[1, 1]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[1]::int8[])"),
    ("local_moran: NULL neighbour", "22004", "SELECT * FROM local_moran(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[NULL]::int8[])"),
    ("local_moran: negative permutations", "22023", "SELECT * FROM local_moran(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[], NULL, 'R', -1)"),
    ("local_moran: permutations int max", "22023", "SELECT * FROM local_moran(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[], NULL, 'R', 2147483647)"),
    ("global_moran: NULL weight", "22004", "SELECT * FROM global_moran(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[], ARRAY[NULL]::float8[])"),
    ("global_moran: negative weight", "22023", "SELECT * FROM global_moran(ARRAY[1, 2]::int8[], ARRAY[1, 2]::float8[], ARRAY[1]::int8[], ARRAY[2]::int8[], ARRAY[-1]::float8[])"),
    ("getis_ord: finite values past 1e60 (their squares overflow: z came out 0)", "22003", "SELECT * FROM getis_ord(ARRAY[1, 2, 3, 4]::int8[], ARRAY[1e200, 2e200, 3e200, 5e200]::float8[], ARRAY[1, 2, 2, 3, 3, 4]::int8[], ARRAY[2, 1, 3, 2, 4, 3]::int8[])"),
    ("global_moran: values past 1e60 (came out NULL without a reason)", "22003", "SELECT * FROM global_moran(ARRAY[1, 2, 3, 4]::int8[], ARRAY[1e200, 2e200, 3e200, 5e200]::float8[], ARRAY[1, 2, 2, 3, 3, 4]::int8[], ARRAY[2, 1, 3, 2, 4, 3]::int8[])"),
    ("local_moran: a weight past 1e60", "22003", "SELECT * FROM local_moran(ARRAY[1, 2, 3, 4]::int8[], ARRAY[1, 2, 3, 5]::float8[], ARRAY[1, 2, 2, 3, 3, 4]::int8[], ARRAY[2, 1, 3, 2, 4, 3]::int8[], ARRAY[1, 1, 1, 1, 1, 1e61]::float8[], 'R')"),
    ("sen_slope: finite values past 1e60 (the intercept came out infinite)", "22003", "SELECT * FROM sen_slope(ARRAY[1e308, -1e308, 1e308, 1e308]::float8[])"),
    ("mann_kendall: a value past 1e60", "22003", "SELECT * FROM mann_kendall(ARRAY[1, -1e300, 3]::float8[], 0.05)"),
    ("mann_kendall_agg: a value past 1e60", "22003", "SELECT mann_kendall_agg(t, v) FROM (VALUES (1::int8, 1e61::float8)) x(t, v)"),
    ("mann_kendall: alpha 0", "22023", "SELECT * FROM mann_kendall(ARRAY[1, 2, 3]::float8[], 0)"),
    ("mann_kendall: alpha NaN", "22023", "SELECT * FROM mann_kendall(ARRAY[1, 2, 3]::float8[], 'NaN')"),
    ("mann_kendall: 5001 steps", "54000", "SELECT * FROM mann_kendall(array_fill(1::float8, ARRAY[5001]), 0.05)"),
    ("mann_kendall: infinite value", "22003", "SELECT * FROM mann_kendall(ARRAY[1, 'Infinity', 3]::float8[], 0.05)"),
    ("sen_slope: infinite value", "22003", "SELECT * FROM sen_slope(ARRAY[1, '-Infinity', 3]::float8[])"),
    ("sen_slope: 2-D", "22023", "SELECT * FROM sen_slope('{{1,2},{3,4}}'::float8[])"),
    ("mann_kendall_agg: repeated t", "22023", "SELECT mann_kendall_agg(t, v) FROM (VALUES (1::int8, 1::float8), (1, 2), (2, 3)) x(t, v)"),
    ("mann_kendall_agg: infinite t", "22003", "SELECT mann_kendall_agg(t, v) FROM (VALUES ('infinity'::timestamptz, 1::float8)) x(t, v)"),
    ("mann_kendall_agg: int8 max t", "22003", "SELECT mann_kendall_agg(t, v) FROM (VALUES (9223372036854775807::int8, 1::float8)) x(t, v)"),
    ("mann_kendall_agg: alpha 1", "22023", "SELECT mann_kendall_agg(t, v, 1) FROM (VALUES (1::int8, 1::float8)) x(t, v)"),
    ("mann_kendall_agg: NaN alpha, timestamps", "22023", "SELECT mann_kendall_agg(t, v, 'NaN') FROM (VALUES (now(), 1::float8)) x(t, v)"),
    ("mann_kendall_trans: outside the aggregate", "0A000", "SELECT mann_kendall_trans(NULL, 1::int8, 1)"),
    ("mann_kendall_trans alpha: outside the aggregate", "0A000", "SELECT mann_kendall_trans(NULL, 1::int8, 1, 0.05)"),
    ("mann_kendall_trans ts: outside the aggregate", "0A000", "SELECT mann_kendall_trans(NULL, now(), 1)"),
    ("mann_kendall_trans ts alpha: outside the aggregate", "0A000", "SELECT mann_kendall_trans(NULL, now(), 1, 0.05)"),
    ("mann_kendall_combine: outside the aggregate", "0A000", "SELECT mann_kendall_combine('{0.05}', '{0.05}')"),
    ("mann_kendall_final: NULL inside", "XX001", "SELECT mann_kendall_final(ARRAY[0.05, NULL, 1]::float8[])"),
    ("mann_kendall_final: even length", "XX001", "SELECT mann_kendall_final(ARRAY[0.05, 1]::float8[])"),
    ("neighbours_within: NULL id", "22004", "SELECT * FROM neighbours_within(ARRAY[1, NULL]::int8[], ARRAY['POINT(0 0)', 'POINT(1 1)']::geometry[], 1)"),
    ("neighbours_within: negative band", "22023", "SELECT * FROM neighbours_within(ARRAY[1]::int8[], ARRAY['POINT(0 0)']::geometry[], -1)"),
    ("neighbours_within: NaN band", "22023", "SELECT * FROM neighbours_within(ARRAY[1]::int8[], ARRAY['POINT(0 0)']::geometry[], 'NaN')"),
    ("neighbours_within: mixed SRIDs", "22023", "SELECT * FROM neighbours_within(ARRAY[1, 2]::int8[], ARRAY['SRID=4326;POINT(0 0)', 'SRID=3857;POINT(0 0)']::geometry[], 1)"),
    ("neighbours_within: lengths differ", "22023", "SELECT * FROM neighbours_within(ARRAY[1, 2]::int8[], ARRAY['POINT(0 0)']::geometry[], 1)"),
]
for c in H:
    add(*c)

# ---- grading and likelihood ----
L = [
    ("to_3x5x2: unknown handling", "22023", "SELECT * FROM to_3x5x2('B2'::admiralty, 'X')"),
    ("to_3x5x2: empty handling", "22023", "SELECT * FROM to_3x5x2('B2'::admiralty, '')"),
    ("to_3x5x2 from 5x5x5: bad grade", "22P02", "SELECT * FROM to_3x5x2('B2 9'::grade_5x5x5)"),
    ("to_admiralty: bad grade", "22P02", "SELECT * FROM to_admiralty('9C P'::grade_3x5x2)"),
    ("to_admiralty 5x5x5: bad grade", "22P02", "SELECT * FROM to_admiralty('Z2 1'::grade_5x5x5)"),
    ("grade_meaning: bad admiralty", "22P02", "SELECT grade_meaning('Z9'::admiralty)"),
    ("source_code: bad grade", "22P02", "SELECT source_code('1C'::grade_3x5x2)"),
    ("source_score: bad grade", "22P02", "SELECT source_score('B2'::grade_5x5x5)"),
    ("info_code: bad grade", "22P02", "SELECT info_code('B'::admiralty)"),
    ("info_score: bad grade", "22P02", "SELECT info_score('1C PP'::grade_3x5x2)"),
    ("handling: bad grade", "22P02", "SELECT handling('B2 1 1'::grade_5x5x5)"),
    ("likelihood: percent 101", "22023", "SELECT likelihood(101, 'phia')"),
    ("likelihood: percent NaN", "22023", "SELECT likelihood('NaN', 'phia')"),
    ("likelihood: percent -1", "22023", "SELECT likelihood(-1, 'icd203')"),
    ("likelihood: unknown scheme", "22023", "SELECT likelihood(50, 'nato')"),
    ("likelihood: percent 1e100", "22023", "SELECT likelihood(1e100, 'phia')"),
    ("likelihood_percent: bad likelihood", "22P02", "SELECT likelihood_percent('x'::likelihood)"),
    ("likelihood_range: bad likelihood", "22P02", "SELECT likelihood_range('phia:'::likelihood)"),
    ("likelihood_range_text: bad likelihood", "22P02", "SELECT likelihood_range_text(':likely'::likelihood)"),
    ("likelihood_scheme: bad likelihood", "22P02", "SELECT likelihood_scheme('phia:likely:'::likelihood)"),
    ("likelihood_term: a percentage in the yardstick gap", "22023", "SELECT likelihood_term('phia:50.5%'::likelihood)"),
    ("to_phia: bad likelihood", "22P02", "SELECT * FROM to_phia('icd203:nope'::likelihood)"),
    ("to_icd203: bad likelihood", "22P02", "SELECT * FROM to_icd203('phia:nope'::likelihood)"),
    ("grade_conversions: no argument, a bad cast", "22P02", "SELECT * FROM grade_conversions() WHERE lossy = 'x'::bool"),
    ("vocabulary_nodes: no argument, a bad cast", "22P02", "SELECT * FROM vocabulary_nodes() WHERE depth = 'x'::int"),
    ("vocabulary_label_rows: no argument, a bad cast", "22P02", "SELECT * FROM vocabulary_label_rows() WHERE term = 'x'::term"),
    ("crosswalk_rows: no argument, a bad cast", "22P02", "SELECT * FROM crosswalk_rows() WHERE term = 'x'::term"),
]
for c in L:
    add(*c)

# ---- comparison and hash support: reached through their operators ----
for typ, good, bad in [("term", "control", "x"), ("term_set", "{}", "{,}"), ("cell", "h7:1:1", "h7:x:1"),
                       ("pseudonym", "ps_aea47skgqm7vdelyldp3tzls24", "ps_"),
                       ("grade_3x5x2", "1C P", "1C"), ("grade_5x5x5", "B2 1", "B2"), ("admiralty", "B2", "B"),
                       ("likelihood", "phia:likely", "phia")]:
    for op in ["eq", "ne", "lt", "le", "gt", "ge", "cmp"]:
        if typ == "term" and op in ("lt", "le", "gt", "ge"):
            pass
        add(f"{typ}_{op}: bad operand", "22P02", f"SELECT {typ}_{op}('{good}'::{typ}, '{bad}'::{typ})")
    add(f"{typ}_hash: bad operand", "22P02", f"SELECT {typ}_hash('{bad}'::{typ})")
    add(f"{typ}_hash_extended: bad operand", "22P02", f"SELECT {typ}_hash_extended('{bad}'::{typ}, 0)")
    add(f"{typ}_out: bad operand", "22P02", f"SELECT {typ}_out('{bad}'::{typ})")
    add(f"{typ}_send: bad operand", "22P02", f"SELECT {typ}_send('{bad}'::{typ})")
for fn in ["cube_eq", "cube_ne"]:
    add(f"{fn}: a forged cube is refused at input", "22P02", f"SELECT {fn}(pg_temp.cube0(), left(pg_temp.cube0()::text, 30)::cube)")
for fn in ["cube_hash", "cube_out", "cube_send"]:
    add(f"{fn}: a forged cube is refused at input", "22P02", f"SELECT {fn}(left(pg_temp.cube0()::text, 30)::cube)")
add("cube_hash_extended: a forged cube is refused at input", "22P02", "SELECT cube_hash_extended(left(pg_temp.cube0()::text, 30)::cube, 1)")
add("person_set_out: a forged state is refused at input", "22P02", "SELECT person_set_out(left(pg_temp.pset()::text, 12)::person_set)")
add("person_set_send: a forged state is refused at input", "22P02", "SELECT person_set_send(left(pg_temp.pset()::text, 12)::person_set)")
add("noise_state_out: a forged state is refused at input", "22P02", "SELECT noise_state_out(left(pg_temp.nstate()::text, 12)::noise_state)")
add("noise_state_send: a forged state is refused at input", "22P02", "SELECT noise_state_send(left(pg_temp.nstate()::text, 12)::noise_state)")
for fn in ["term_set_gin_extract_value", "term_set_gin_extract_query", "term_set_gin_consistent",
           "term_set_gin_triconsistent", "term_contains_support", "term_contained_support", "pseudonym_sortsupport"]:
    pass  # take internal arguments: not callable from SQL (exempt in the driver)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bad_inputs.tsv")
names = set()
with open(out, "w", encoding="utf-8") as f:
    f.write("name\tsqlstate\tsql\n")
    for name, state, sql in cases:
        assert name not in names, name
        names.add(name)
        f.write(f"{name}\t{state}\t{sql}\n")
print(len(cases), "cases ->", out)

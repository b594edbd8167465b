-- pseudonyms: keyed tokens that join across organisations, never the raw identifier
-- (keys are random, so tokens are compared, never printed, except literals)
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

-- the token type: canonical base32 text and 16 bytes
SELECT 'ps_aeaqeayeaudaocajbifqydiob4'::pseudonym AS token,
       key_version('ps_aeaqeayeaudaocajbifqydiob4'),
       pseudonym_send('ps_aeaqeayeaudaocajbifqydiob4') AS bytes;
SELECT 'ps_aeaqeayeaudaocajbifqydiob4'::pseudonym = 'ps_aeaqeayeaudaocajbifqydiob4' AS equal,
       'ps_aeaqeayeaudaocajbifqydiob4'::pseudonym < 'ps_aeaqeayeaudaocajbifqydioca' AS ordered;
SELECT 'ps_AEAQEAYEAUDAOCAJBIFQYDIOB4'::pseudonym;
SELECT 'ps_aeaqeayeaudaocajbifqydiob'::pseudonym;
SELECT 'ps_aeaqeayeaudaocajbifqydiob1'::pseudonym;
SELECT 'ps_aeaqeayeaudaocajbifqydiob5'::pseudonym;
SELECT 'ps_aaaqeayeaudaocajbifqydiob4'::pseudonym;
SELECT 'ps_aeaaeayeaudaocajbifqydiob4'::pseudonym;
SELECT 'xx_aeaqeayeaudaocajbifqydiob4'::pseudonym;

-- keys: one per scope, versioned
SELECT key_create('hub'), key_create('org:17'), key_create('date_shift');
SELECT key_create('hub');
SELECT key_create('');
SELECT scope, version, is_current FROM key_versions();

-- the same phone, e-mail, name or document written several ways by two
-- organisations -> one token
SELECT count(DISTINCT pseudonymise('phone', v, 'hub', c)) AS phone_tokens
  FROM (VALUES ('07911 123456', 'GB'), ('+44 7911 123456', 'PL'), ('0044-7911-123456', 'GB'),
               ('(07911) 123 456', 'gb'), ('+٤٤ ٧٩١١ ١٢٣٤٥٦', NULL)) v(v, c);
SELECT pseudonymise('phone', '07911 123456', 'hub');
SELECT pseudonymise('phone', '07911 12345', 'hub', 'GB');
SELECT count(DISTINCT pseudonymise('email', v, 'hub')) AS email_tokens
  FROM unnest(ARRAY['John.Doe@Example.ORG', ' john.doe@example.org', 'JOHN.DOE@EXAMPLE.ORG ']) v;
SELECT count(DISTINCT pseudonymise('name', v, 'hub')) AS name_tokens
  FROM unnest(ARRAY['José  Núñez-García', 'JOSE NUNEZ GARCIA', 'jose nunez garcía']) v;
SELECT count(DISTINCT pseudonymise('doc_id', v, 'hub')) AS doc_tokens
  FROM unnest(ARRAY['AB 123-456', 'ab123456', 'ＡＢ１２３４５６']) v;

-- kinds and scopes separate: the same text as another kind, or in another scope, is unlinkable
SELECT pseudonymise('raw', 'AB123456', 'hub') <> pseudonymise('doc_id', 'AB123456', 'hub') AS kinds_differ,
       pseudonymise('doc_id', 'AB123456', 'hub') <> pseudonymise('doc_id', 'AB123456', 'org:17') AS scopes_differ,
       pseudonymise('doc_id', 'AB123456', 'hub') = pseudonymise('doc_id', 'AB123456', 'hub') AS deterministic;
SELECT pseudonymise('doc_id', NULL, 'hub') IS NULL AS null_in_null_out;

-- tokens join and group like any value
CREATE TEMP TABLE org_a AS SELECT pseudonymise('email', e, 'hub') AS person FROM unnest(ARRAY['a@x.org', 'b@x.org', 'c@x.org']) e;
CREATE TEMP TABLE org_b AS SELECT pseudonymise('email', e, 'hub') AS person FROM unnest(ARRAY['C@X.ORG', 'd@x.org', ' a@x.org']) e;
SELECT count(*) AS people_in_both FROM org_a JOIN org_b USING (person);
SELECT count(*) AS hash_join FROM org_a a JOIN org_b b ON a.person = b.person;

-- rotation: new tokens use the new version; old ones still verify and re-key
CREATE TEMP TABLE old AS SELECT pseudonymise('email', 'a@x.org', 'hub') AS t;
SELECT key_rotate('hub');
SELECT key_version(t) AS old_version, key_version(pseudonymise('email', 'a@x.org', 'hub')) AS new_version,
       pseudonym_verify(t, 'email', 'A@X.ORG', 'hub') AS old_verifies,
       pseudonym_verify(t, 'email', 'b@x.org', 'hub') AS wrong_value_fails,
       pseudonymise('email', 'a@x.org', 'hub') <> t AS new_differs,
       pseudonym_rekey(t, 'email', 'a@x.org', 'hub') = pseudonymise('email', 'a@x.org', 'hub') AS rekeyed
  FROM old;
SELECT pseudonym_rekey(t, 'email', 'b@x.org', 'hub') FROM old;

-- bad input
SELECT pseudonymise('fingerprint', 'x', 'hub');
SELECT pseudonymise('email', 'a@x.org', 'no such scope');
SELECT pseudonymise('email', 'a@x.org', 'no_such_scope');
SELECT pseudonymise('email', 'not an address', 'hub');
SELECT pseudonymise('raw', '', 'hub');
SELECT pseudonym_verify('ps_aebqeayeaudaocajbifqydiob4', 'email', 'a@x.org', 'hub');

-- keys are cluster data of this test database: leave none behind
DELETE FROM keys;

-- ---------------------------------------------------------------------------
-- PII in free text (issue 12): detection and redaction of phone numbers,
-- e-mail addresses, IBANs, payment cards, passport and national ID numbers,
-- IP addresses, URLs, social-media handles, crypto wallets, street
-- addresses and person names, in en es fr pt ar ru uk pl ro vi th zh hi sw
-- tl.  Offsets are characters, 1-based like substr(): a span is
-- substr(report, start, "end" - start).  Texts are at most 1 MB (54000).
-- ---------------------------------------------------------------------------
CREATE FUNCTION pii_detect(report text, lang text DEFAULT NULL,
                           OUT kind text, OUT start int4, OUT "end" int4,
                           OUT confidence float8, OUT rule text, OUT value text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'pii_detect' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION pii_detect(text, text) IS 'PII spans found in a text: kind (PHONE EMAIL IBAN CARD PASSPORT NATID IP URL HANDLE WALLET ADDRESS NAME), 1-based start and exclusive end in characters (substr(report, start, "end" - start)), confidence 0..1, the rule that found it and the text; lang (en es fr pt ar ru uk pl ro vi th zh hi sw tl, NULL for any) picks national phone formats and language-specific cue words; NULL or blank text gives no rows; over 1 MB raises 54000';

CREATE FUNCTION pii_redact(report text, lang text DEFAULT NULL, style text DEFAULT 'placeholder')
    RETURNS text
    AS 'MODULE_PATHNAME', 'pii_redact' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION pii_redact(text, text, text) IS 'the text with every PII span of confidence >= 0.5 (see pii_detect) replaced: style placeholder gives [PHONE], [EMAIL], ...; style mask one * per character (offsets kept); NULL text gives NULL; pseudonyms need the four-argument form';

-- Keyed: EXECUTE is the boundary, as for pseudonymise (an oracle otherwise).
CREATE FUNCTION pii_redact(report text, lang text, style text, scope text)
    RETURNS text
    AS 'MODULE_PATHNAME', 'keyed_pii_redact' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION pii_redact(text, text, text, text) IS 'the text with every PII span replaced by [KIND ps_...], the token pseudonymise gives the same identifier (phone as E.164, email, name, doc_id, else raw) under the scope''s current key, so one number links across reports unseen; style must be pseudonym; tst_hub_pseudonymiser only';
REVOKE ALL ON FUNCTION pii_redact(text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pii_redact(text, text, text, text) TO tst_hub_pseudonymiser;

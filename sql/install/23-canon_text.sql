-- ---------------------------------------------------------------------------
-- Canonicalisers for e-mail addresses, names and document numbers
-- ---------------------------------------------------------------------------
CREATE FUNCTION canon_email(text) RETURNS text
    AS 'MODULE_PATHNAME', 'canon_email' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION canon_name(text, transliterate bool DEFAULT false) RETURNS text
    AS 'MODULE_PATHNAME', 'canon_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION canon_doc_id(text) RETURNS text
    AS 'MODULE_PATHNAME', 'canon_doc_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION canon_email(text) IS 'canonical e-mail address: trimmed, local part NFKC case-folded, domain by IDNA UTS #46 in ASCII form; 22P02 if invalid';
COMMENT ON FUNCTION canon_name(text, bool) IS 'canonical name: NFKC, case-folded, accents folded (Latin, Greek, Cyrillic, Arabic, Hebrew), punctuation and spacing collapsed; other scripts kept unless transliterate (ICU Any-Latin)';
COMMENT ON FUNCTION canon_doc_id(text) IS 'canonical passport or ID number: separators removed, full-width folded, upper-case A-Z and 0-9 only; 22P02 otherwise';

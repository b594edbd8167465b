-- ---------------------------------------------------------------------------
-- Phone numbers to E.164 (issue 4).  Pseudonyms are HMACs of this form, so
-- it must not change within an extension version: a numbering-plan update
-- (src/anon/phone_plans.c) is a new version.
-- ---------------------------------------------------------------------------
CREATE FUNCTION canon_phone(phone text, default_country text) RETURNS text
    AS 'MODULE_PATHNAME', 'canon_phone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION canon_phone(text, text) IS 'E.164 form (+ and digits) of a phone number written with any separators, digits of any script, "+", 00 or the country''s international prefix, or in national form (trunk prefix optional) of default_country (ISO 3166-1 alpha-2 with a numbering plan); impossible numbers raise 22P02 with the reason, never echoing the number; unknown countries 22023';

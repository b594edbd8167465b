-- ---------------------------------------------------------------------------
-- Report classification (src/taxonomy/classify*.c): which of the 15 app
-- languages a report is in, and where it sits in the hub taxonomy, from
-- per-language lexicons compiled into the module (data/lexicon/<lang>.tsv).
-- ---------------------------------------------------------------------------
CREATE FUNCTION detect_language(report text) RETURNS text
    AS 'MODULE_PATHNAME', 'detect_language' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION detect_language(text) IS 'the ISO 639-1 code of the report''s language among en es fr pt ar ru uk pl ro vi th zh hi sw tl (script, distinctive letters, stop words), or NULL when unsure (confidence < 0.5); 54000 past 1 MB';

CREATE FUNCTION detect_language_confidence(report text, OUT lang text, OUT confidence float8) RETURNS record
    AS 'MODULE_PATHNAME', 'detect_language_confidence' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION detect_language_confidence(text) IS 'the best language guess for a report even when unsure, with its confidence in [0, 1] (lang NULL, confidence 0 when the text has no letters of a covered script)';

CREATE FUNCTION classify_report(report text, lang text DEFAULT NULL,
    OUT exploitation term, OUT exploitation_confidence float8,
    OUT means term_set, OUT means_confidence float8,
    OUT recruitment term, OUT recruitment_confidence float8,
    OUT industry term, OUT industry_confidence float8,
    OUT language text, OUT evidence jsonb) RETURNS record
    AS 'MODULE_PATHNAME', 'classify_report' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION classify_report(text, text) IS 'map a free-text report onto the taxonomy (exploitation type, means of control, recruitment, industry) with confidences in [0, 1] and the evidence (matched spans, character offsets, negated ones flagged); lang NULL detects it, an unsupported lang raises 22023, over 1 MB 54000; a NULL report gives NULL, an empty one NULL terms with confidence 0';

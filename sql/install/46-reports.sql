-- ---------------------------------------------------------------------------
-- Intelligence reports: safeguarding notes, intelligence reports and Key
-- Judgements, stored as a structured jsonb body and rendered to markdown.
-- A body holds three kinds of block: prose (report_text), Key Judgements
-- (key_judgement: statement, likelihood in PHIA and ICD 203 wording,
-- confidence, evidence, area, taxonomy scope, time window) and figures
-- (report_figures: released values of safe_count_r, each a count of at
-- least k persons or the reason it is withheld).  A raw count below k is
-- refused when a figure is built, when a report is stored and again when it
-- is rendered, so no report prints one.  See docs/REPORTS.md.
--
-- Functions that need no PostGIS pin search_path to the extension's schema
-- alone: PostGIS's schema (often public, where the database owner may
-- create objects) is then not on their path, and hub_reports, SECURITY
-- DEFINER, renders through them (test/security/planted_objects.sh).
-- ---------------------------------------------------------------------------

-- Markdown: characters that would start structure inside a line are
-- backslash-escaped, and line breaks become spaces (a title or a table cell
-- must stay one line).
CREATE FUNCTION report_md_inline(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT pg_catalog.regexp_replace(
               pg_catalog.regexp_replace(s, '([\\`*_\[\]#|<>~])', '\\\1', 'g'),
               '[\r\n\t]+', ' ', 'g')
$$;
COMMENT ON FUNCTION report_md_inline(text) IS 'report support: text made safe for one line of markdown (structure characters escaped, line breaks to spaces)';

-- Checks shared by the builders and the stored-body check.
CREATE FUNCTION report_check_text(what text, s text, max_chars int4) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    IF s IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', what USING ERRCODE = '22004';
    END IF;
    IF pg_catalog.btrim(s, E' \t\r\n') = '' THEN
        RAISE EXCEPTION '% must not be empty', what USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.length(s) > max_chars THEN
        RAISE EXCEPTION '% has % characters; at most % are allowed', what, pg_catalog.length(s), max_chars
            USING ERRCODE = '22023';
    END IF;
    IF s ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' THEN
        RAISE EXCEPTION '% contains a control character', what
            USING ERRCODE = '22023', HINT = 'Only tabs and line breaks are allowed.';
    END IF;
    RETURN s;
END
$$;
COMMENT ON FUNCTION report_check_text(text, text, int4) IS 'report support: the text unchanged, or 22004 when NULL and 22023 when blank, longer than max_chars or holding control characters';

-- ---------------------------------------------------------------------------
-- Key Judgements
-- ---------------------------------------------------------------------------
CREATE FUNCTION key_judgement(statement text, likelihood likelihood, confidence confidence,
                              evidence int8[], area geometry DEFAULT NULL, terms term_set DEFAULT NULL,
                              during daterange DEFAULT NULL, cells cell[] DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    ev int8[];
    phia record;
    icd record;
    area_json jsonb;
    box geometry;
BEGIN
    PERFORM report_check_text('key_judgement statement', statement, 2000);
    IF likelihood IS NULL THEN
        RAISE EXCEPTION 'key_judgement likelihood must not be NULL'
            USING ERRCODE = '22004', HINT = 'Give a PHIA term such as ''likely'', an ICD 203 term such as ''icd203:likely'' or a percentage.';
    END IF;
    IF confidence IS NULL THEN
        RAISE EXCEPTION 'key_judgement confidence must not be NULL'
            USING ERRCODE = '22004', HINT = 'Give low, moderate or high.';
    END IF;
    IF evidence IS NULL THEN
        RAISE EXCEPTION 'key_judgement evidence must not be NULL'
            USING ERRCODE = '22004', HINT = 'Give the incident ids the judgement rests on.';
    END IF;
    IF cardinality(evidence) = 0 THEN
        RAISE EXCEPTION 'key_judgement evidence is empty: a judgement must rest on at least one incident'
            USING ERRCODE = '22023';
    END IF;
    -- before array_position, which refuses a 2-D array with 0A000
    IF array_ndims(evidence) > 1 THEN
        RAISE EXCEPTION 'key_judgement evidence must be a one-dimensional array of incident ids' USING ERRCODE = '22023';
    END IF;
    IF pg_catalog.array_position(evidence, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'key_judgement evidence[%] is NULL', pg_catalog.array_position(evidence, NULL) USING ERRCODE = '22004';
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(evidence) e WHERE e <= 0) THEN
        RAISE EXCEPTION 'key_judgement evidence holds an incident id below 1' USING ERRCODE = '22023';
    END IF;
    IF cardinality(evidence) > 10000 THEN
        RAISE EXCEPTION 'key_judgement evidence holds % ids; at most 10000 are allowed', cardinality(evidence)
            USING ERRCODE = '54000';
    END IF;
    ev := ARRAY(SELECT DISTINCT e FROM unnest(evidence) e ORDER BY e);

    IF area IS NOT NULL AND cells IS NOT NULL THEN
        RAISE EXCEPTION 'key_judgement takes an area or cells, not both' USING ERRCODE = '22023';
    END IF;
    IF area IS NOT NULL THEN
        IF ST_SRID(area) <> 4326 THEN
            RAISE EXCEPTION 'key_judgement area must be in longitude/latitude (SRID 4326), not SRID %', ST_SRID(area)
                USING ERRCODE = '22023', HINT = 'Use ST_Transform(area, 4326).';
        END IF;
        IF GeometryType(area) NOT IN ('POLYGON', 'MULTIPOLYGON') OR ST_IsEmpty(area) THEN
            RAISE EXCEPTION 'key_judgement area must be a non-empty polygon or multipolygon, not %', GeometryType(area)
                USING ERRCODE = '22023',
                      HINT = 'A judgement about a place names an area, not a point: a point can locate a person.';
        END IF;
        -- ST_IsValidDetail, not ST_IsValid: no NOTICE for the caller
        IF NOT (ST_IsValidDetail(area)).valid THEN
            RAISE EXCEPTION 'key_judgement area is not a valid polygon: %', left((ST_IsValidDetail(area)).reason, 100)
                USING ERRCODE = '22023', HINT = 'ST_MakeValid repairs most polygons.';
        END IF;
        -- SRID 4326 says degrees, not that the coordinates are on the globe
        IF ST_XMin(area) < -180::float8 OR ST_XMax(area) > 180::float8 OR ST_YMin(area) < -90::float8 OR ST_YMax(area) > 90::float8 THEN
            RAISE EXCEPTION 'key_judgement area reaches off the globe: longitudes are -180 to 180 and latitudes -90 to 90'
                USING ERRCODE = '22023';
        END IF;
        box := ST_Envelope(area);
        -- the stored polygon is the 6-decimal GeoJSON (about 0.1 m), so that is what is checked
        area := ST_SetSRID(ST_GeomFromGeoJSON(ST_AsGeoJSON(ST_Force2D(area), 6)), 4326);
        IF NOT (ST_IsValidDetail(area)).valid THEN
            RAISE EXCEPTION 'key_judgement area is not valid once rounded to 6 decimals: %', left((ST_IsValidDetail(area)).reason, 100)
                USING ERRCODE = '22023';
        END IF;
        area_json := jsonb_build_object('geojson', ST_AsGeoJSON(area, 6)::jsonb,
            'bbox', jsonb_build_array(trim_scale(round(ST_XMin(box)::numeric, 6)), trim_scale(round(ST_YMin(box)::numeric, 6)),
                                      trim_scale(round(ST_XMax(box)::numeric, 6)), trim_scale(round(ST_YMax(box)::numeric, 6))));
    ELSIF cells IS NOT NULL THEN
        IF cardinality(cells) = 0 THEN
            RAISE EXCEPTION 'key_judgement cells is empty; pass NULL for no area' USING ERRCODE = '22023';
        END IF;
        IF array_ndims(cells) > 1 THEN
            RAISE EXCEPTION 'key_judgement cells must be a one-dimensional array' USING ERRCODE = '22023';
        END IF;
        IF pg_catalog.array_position(cells, NULL) IS NOT NULL THEN
            RAISE EXCEPTION 'key_judgement cells[%] is NULL', pg_catalog.array_position(cells, NULL) USING ERRCODE = '22004';
        END IF;
        IF cardinality(cells) > 10000 THEN
            RAISE EXCEPTION 'key_judgement cells holds % cells; at most 10000 are allowed', cardinality(cells)
                USING ERRCODE = '54000';
        END IF;
        area_json := jsonb_build_object('cells',
            (SELECT jsonb_agg(c::text ORDER BY c) FROM (SELECT DISTINCT c FROM unnest(cells) c) d));
    END IF;

    IF terms IS NOT NULL AND terms::text = '{}' THEN
        RAISE EXCEPTION 'key_judgement terms is empty; pass NULL for no taxonomy scope' USING ERRCODE = '22023';
    END IF;
    IF during IS NOT NULL THEN
        IF isempty(during) THEN
            RAISE EXCEPTION 'key_judgement window is empty' USING ERRCODE = '22023';
        END IF;
        IF lower_inf(during) OR upper_inf(during) OR NOT isfinite(lower(during)) OR NOT isfinite(upper(during) - 1) THEN
            RAISE EXCEPTION 'key_judgement window % is unbounded: a judgement covers a stated period', during
                USING ERRCODE = '22023';
        END IF;
    END IF;

    phia := to_phia(likelihood);
    icd := to_icd203(likelihood);
    RETURN jsonb_build_object(
        'type', 'key_judgement',
        'statement', statement,
        'likelihood', likelihood::text,
        'phia', phia.likelihood::text,
        'phia_range', likelihood_range_text(phia.likelihood),
        'phia_lossy', phia.lossy,
        'icd203', icd.likelihood::text,
        'icd203_range', likelihood_range_text(icd.likelihood),
        'icd203_lossy', icd.lossy,
        'confidence', confidence::text,
        'evidence', to_jsonb(ev),
        'area', area_json,
        'terms', terms::text,
        'window', CASE WHEN during IS NULL THEN NULL
                       ELSE jsonb_build_array(lower(during)::text, (upper(during) - 1)::text) END);
END
$$;
COMMENT ON FUNCTION key_judgement(text, likelihood, confidence, int8[], geometry, term_set, daterange, cell[]) IS 'a Key Judgement block for a report body: statement, likelihood with its PHIA and ICD 203 terms and ranges, confidence, evidence (distinct incident ids, sorted), area (a polygon in SRID 4326, or cells), taxonomy scope and time window (first and last day); 22004 for a NULL statement, likelihood, confidence or evidence, 22023 for anything invalid';

-- The Key Judgement a stored block describes, rebuilt through key_judgement,
-- so a block written by hand must be exactly what the builder makes.
CREATE FUNCTION report_check_key_judgement(b jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT
AS $$
DECLARE
    rebuilt jsonb;
BEGIN
    -- no EXCEPTION block (a subtransaction cannot run in a parallel worker):
    -- the builder's own errors say what is wrong with the field
    rebuilt := key_judgement(
        b->>'statement', (b->>'likelihood')::likelihood, (b->>'confidence')::confidence,
        ARRAY(SELECT e::int8 FROM jsonb_array_elements_text(CASE jsonb_typeof(b->'evidence')
                                                             WHEN 'array' THEN b->'evidence' END) e),
        CASE WHEN jsonb_typeof(b->'area') = 'object' AND b->'area' ? 'geojson'
             THEN ST_SetSRID(ST_GeomFromGeoJSON(b->'area'->'geojson'), 4326) END,
        (b->>'terms')::term_set,
        CASE WHEN jsonb_typeof(b->'window') = 'array'
             THEN daterange((b->'window'->>0)::date, (b->'window'->>1)::date, '[]') END,
        CASE WHEN jsonb_typeof(b->'area') = 'object' AND b->'area' ? 'cells'
             THEN ARRAY(SELECT c::cell FROM jsonb_array_elements_text(b->'area'->'cells') c) END);
    IF rebuilt IS DISTINCT FROM b THEN
        RAISE EXCEPTION 'a key_judgement block of the report body differs from what key_judgement() makes of its fields'
            USING ERRCODE = '22023', HINT = 'Build blocks with tst_hub.key_judgement(); do not edit them by hand.';
    END IF;
    RETURN b;
END
$$;
COMMENT ON FUNCTION report_check_key_judgement(jsonb) IS 'report support: the block unchanged if key_judgement() makes exactly it from its fields, else 22023';

-- ---------------------------------------------------------------------------
-- Prose and figures
-- ---------------------------------------------------------------------------
CREATE FUNCTION report_text(heading text, body text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
BEGIN
    IF heading IS NOT NULL THEN
        PERFORM report_check_text('report_text heading', heading, 200);
    END IF;
    PERFORM report_check_text('report_text body', body, 20000);
    RETURN jsonb_build_object('type', 'text', 'heading', heading, 'text', body);
END
$$;
COMMENT ON FUNCTION report_text(text, text) IS 'a prose block for a report body (heading may be NULL); the author answers for what the prose says: write no figure in it, put figures in report_figures';

-- One figure: released when its value stands for at least k persons,
-- otherwise the reason.  The raw value is never echoed in an error.
CREATE FUNCTION report_check_figure(label text, value numeric, reason text, k int4) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
BEGIN
    PERFORM report_check_text('figure label', label, 200);
    IF k IS NULL THEN
        RAISE EXCEPTION 'figure "%" has no k', left(label, 40) USING ERRCODE = '22004';
    END IF;
    IF k < 2 THEN
        RAISE EXCEPTION 'figure "%" has k %; k must be at least 2', left(label, 40), k USING ERRCODE = '22023';
    END IF;
    IF value IS NULL AND reason IS NULL THEN
        RAISE EXCEPTION 'figure "%" has neither a value nor a reason', left(label, 40)
            USING ERRCODE = '22004', HINT = 'Pass the result of tst_hub.safe_count_r.';
    END IF;
    IF value IS NOT NULL AND reason IS NOT NULL THEN
        RAISE EXCEPTION 'figure "%" has both a value and a reason', left(label, 40) USING ERRCODE = '22023';
    END IF;
    IF reason IS NOT NULL AND reason !~ '^[a-z_]{1,30}$' THEN
        RAISE EXCEPTION 'figure "%" has an invalid reason', left(label, 40)
            USING ERRCODE = '22023', HINT = 'A reason is a word such as below_k, no_data or suppressed.';
    END IF;
    IF value IS NOT NULL AND (value = 'NaN' OR value = 'Infinity' OR value <> trunc(value) OR value < k::numeric) THEN
        -- the value is not shown: it may be the very count that must not leave
        RAISE EXCEPTION 'figure "%" is not a released count of at least k = % persons', left(label, 40), k
            USING ERRCODE = '22023',
                  HINT = 'Store the result of tst_hub.safe_count_r (value withheld below k, with its reason), never a raw count.';
    END IF;
END
$$;
COMMENT ON FUNCTION report_check_figure(text, numeric, text, int4) IS 'report support: raises unless (value, reason) is a released count at threshold k: a whole number >= k with no reason, or no value with a reason word (22023; 22004 for NULLs); the value is never echoed';

CREATE FUNCTION report_figures(heading text, labels text[], figures released[], k int4 DEFAULT NULL)
    RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
DECLARE
    kk int4 := coalesce(k, release_min_k());
    rows_json jsonb := '[]';
    i int4;
BEGIN
    IF kk < release_min_k() THEN
        RAISE EXCEPTION 'report_figures k % is below the hub''s tst_hub.min_k %', kk, release_min_k()
            USING ERRCODE = '42501', HINT = 'Omit k to use the hub''s threshold; an explicit k may only raise it.';
    END IF;
    IF heading IS NOT NULL THEN
        PERFORM report_check_text('report_figures heading', heading, 200);
    END IF;
    IF labels IS NULL OR figures IS NULL THEN
        RAISE EXCEPTION 'report_figures labels and figures must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF cardinality(labels) <> cardinality(figures) THEN
        RAISE EXCEPTION 'report_figures has % labels but % figures', cardinality(labels), cardinality(figures)
            USING ERRCODE = '22023';
    END IF;
    IF cardinality(labels) = 0 THEN
        RAISE EXCEPTION 'report_figures has no figures' USING ERRCODE = '22023';
    END IF;
    IF cardinality(labels) > 1000 THEN
        RAISE EXCEPTION 'report_figures has % figures; at most 1000 are allowed', cardinality(labels)
            USING ERRCODE = '54000';
    END IF;
    IF array_ndims(labels) > 1 OR array_ndims(figures) > 1 THEN
        RAISE EXCEPTION 'report_figures takes one-dimensional arrays' USING ERRCODE = '22023';
    END IF;
    FOR i IN 1 .. cardinality(labels) LOOP
        IF labels[i] IS NULL THEN
            RAISE EXCEPTION 'report_figures labels[%] is NULL', i USING ERRCODE = '22004';
        END IF;
        IF figures[i] IS NULL THEN
            RAISE EXCEPTION 'report_figures figures[%] is NULL', i
                USING ERRCODE = '22004', HINT = 'Pass the result of tst_hub.safe_count_r.';
        END IF;
        PERFORM report_check_figure(labels[i], (figures[i]).value, (figures[i]).reason, kk);
        rows_json := rows_json || jsonb_build_array(jsonb_build_object(
            'label', labels[i], 'value', (figures[i]).value, 'reason', (figures[i]).reason));
    END LOOP;
    RETURN jsonb_build_object('type', 'figures', 'heading', heading, 'k', kk, 'rows', rows_json);
END
$$;
COMMENT ON FUNCTION report_figures(text, text[], released[], int4) IS 'a block of figures for a report body: one labelled row per released value of safe_count_r (a count of at least k persons, or withheld with its reason); a raw count below k is 22023 and never echoed; k defaults to tst_hub.min_k and may only raise it (else 42501)';

CREATE FUNCTION report_figure(label text, figure released, k int4 DEFAULT NULL) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
    SELECT report_figures(NULL, ARRAY[label], ARRAY[figure], k)
$$;
COMMENT ON FUNCTION report_figure(text, released, int4) IS 'a figures block of one labelled released value (see report_figures)';

-- A stored body: {"summary": text or null, "blocks": [...]}, every block
-- checked again (a body may have been written by hand, not by the builders).
CREATE FUNCTION report_check_body(body jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
DECLARE
    b jsonb;
    r jsonb;
    n int4 := 0;
BEGIN
    IF body IS NULL THEN
        RAISE EXCEPTION 'report body must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF jsonb_typeof(body) <> 'object' OR jsonb_typeof(body->'blocks') IS DISTINCT FROM 'array'
       OR EXISTS (SELECT 1 FROM jsonb_object_keys(body) key WHERE key NOT IN ('summary', 'blocks')) THEN
        RAISE EXCEPTION 'report body must be an object {"summary": ..., "blocks": [...]}'
            USING ERRCODE = '22023', HINT = 'Build it with tst_hub.report_body().';
    END IF;
    IF body->'summary' IS NOT NULL AND jsonb_typeof(body->'summary') <> 'null' THEN
        IF jsonb_typeof(body->'summary') <> 'string' THEN
            RAISE EXCEPTION 'report summary must be a string' USING ERRCODE = '22023';
        END IF;
        PERFORM report_check_text('report summary', body->>'summary', 5000);
    END IF;
    IF jsonb_array_length(body->'blocks') > 1000 THEN
        RAISE EXCEPTION 'report body has % blocks; at most 1000 are allowed', jsonb_array_length(body->'blocks')
            USING ERRCODE = '54000';
    END IF;
    FOR b IN SELECT x FROM jsonb_array_elements(body->'blocks') x LOOP
        n := n + 1;
        IF jsonb_typeof(b) <> 'object' THEN
            RAISE EXCEPTION 'report block % is not an object', n USING ERRCODE = '22023';
        END IF;
        CASE b->>'type'
        WHEN 'text' THEN
            IF b IS DISTINCT FROM report_text(b->>'heading', b->>'text') THEN
                RAISE EXCEPTION 'report block % is not a text block as report_text() makes it', n
                    USING ERRCODE = '22023';
            END IF;
        WHEN 'key_judgement' THEN
            PERFORM report_check_key_judgement(b);
        WHEN 'figures' THEN
            IF jsonb_typeof(b->'k') IS DISTINCT FROM 'number' OR jsonb_typeof(b->'rows') IS DISTINCT FROM 'array'
               OR EXISTS (SELECT 1 FROM jsonb_object_keys(b) key WHERE key NOT IN ('type', 'heading', 'k', 'rows')) THEN
                RAISE EXCEPTION 'report block % is not a figures block as report_figures() makes it', n
                    USING ERRCODE = '22023';
            END IF;
            FOR r IN SELECT x FROM jsonb_array_elements(b->'rows') x LOOP
                IF jsonb_typeof(r) <> 'object' OR jsonb_typeof(r->'label') IS DISTINCT FROM 'string'
                   OR jsonb_typeof(r->'value') NOT IN ('number', 'null')
                   OR jsonb_typeof(r->'reason') NOT IN ('string', 'null')
                   OR EXISTS (SELECT 1 FROM jsonb_object_keys(r) key WHERE key NOT IN ('label', 'value', 'reason')) THEN
                    RAISE EXCEPTION 'report block % has a figure that is not {"label", "value", "reason"}', n
                        USING ERRCODE = '22023';
                END IF;
                PERFORM report_check_figure(r->>'label', (r->>'value')::numeric, r->>'reason',
                                            CASE WHEN (b->>'k')::numeric BETWEEN 2::numeric AND 1000000::numeric
                                                      AND (b->>'k')::numeric = trunc((b->>'k')::numeric)
                                                 THEN (b->>'k')::numeric::int4 ELSE 0 END);
            END LOOP;
        ELSE
            RAISE EXCEPTION 'report block % has unknown type "%"', n, left(coalesce(b->>'type', 'NULL'), 30)
                USING ERRCODE = '22023', HINT = 'Blocks are made by report_text, report_figures and key_judgement.';
        END CASE;
    END LOOP;
    RETURN body;
END
$$;
COMMENT ON FUNCTION report_check_body(jsonb) IS 'report support: the body unchanged if it is {"summary", "blocks"} and every block is what report_text, report_figures or key_judgement make (each figure re-checked against its block''s k), else 22023 (22004 for NULL)';

CREATE FUNCTION report_body(summary text, VARIADIC blocks jsonb[] DEFAULT '{}') RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
BEGIN
    IF blocks IS NULL THEN
        RAISE EXCEPTION 'report_body blocks must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF pg_catalog.array_position(blocks, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'report_body blocks[%] is NULL', pg_catalog.array_position(blocks, NULL) USING ERRCODE = '22004';
    END IF;
    RETURN report_check_body(jsonb_build_object('summary', summary, 'blocks', to_jsonb(blocks)));
END
$$;
COMMENT ON FUNCTION report_body(text, jsonb[]) IS 'a report body from a summary (may be NULL) and blocks made by report_text, report_figures and key_judgement, checked as report_check_body';

-- ---------------------------------------------------------------------------
-- Rendering
-- ---------------------------------------------------------------------------
-- A figure as printed: the count only if it still passes k (the hub's k may
-- have been raised since it was stored); otherwise the words for its reason.
CREATE FUNCTION report_figure_text(value numeric, reason text, k int4) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
    SELECT CASE
        -- not a count (a cast to int8 failed with 0A000): never printed
        WHEN value IN ('NaN', 'Infinity', '-Infinity') THEN 'withheld'
        WHEN value IS NOT NULL AND value = trunc(value)
             AND value >= greatest(coalesce(k, 0), release_min_k())::numeric THEN trunc(value)::text
        WHEN value IS NOT NULL OR reason = 'below_k'
             THEN 'fewer than ' || greatest(coalesce(k, 0), release_min_k())::text
        WHEN reason = 'no_data' THEN 'no data'
        ELSE 'withheld'
    END
$$;
COMMENT ON FUNCTION report_figure_text(numeric, text, int4) IS 'report support: a figure as printed: the count when it is a whole number of at least max(k, tst_hub.min_k), ''fewer than k'' when below it or withheld below k, ''no data'', or ''withheld'' (also for NaN and infinity)';

-- "PHIA yardstick "likely" (55-75 %)", the range from the term's own bounds.
CREATE FUNCTION report_likelihood_words(l likelihood, lossy bool) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
    SELECT CASE likelihood_scheme(l) WHEN 'phia' THEN 'PHIA yardstick "' ELSE 'ICD 203 "' END
        || likelihood_term(l) || '" (' || trim_scale(lower(likelihood_range(l))) || '–'
        || trim_scale(upper(likelihood_range(l))) || ' %)'
        || CASE WHEN lossy THEN ', the nearest term' ELSE '' END
$$;
COMMENT ON FUNCTION report_likelihood_words(likelihood, bool) IS 'report support: a likelihood in words with its scheme and range, e.g. PHIA yardstick "likely" (55–75 %); lossy adds ", the nearest term"';

CREATE FUNCTION render_body(body jsonb) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
DECLARE
    b jsonb;
    r jsonb;
    out text := '';
    line text;
    cells text[];
    term text;
BEGIN
    PERFORM report_check_body(body);
    IF body->>'summary' IS NOT NULL THEN
        out := out || '**Summary.** ' || report_md_inline(body->>'summary') || E'\n\n';
    END IF;
    FOR b IN SELECT x FROM jsonb_array_elements(body->'blocks') x LOOP
        CASE b->>'type'
        WHEN 'text' THEN
            IF b->>'heading' IS NOT NULL THEN
                out := out || '## ' || report_md_inline(b->>'heading') || E'\n\n';
            END IF;
            -- prose keeps its markdown, but no raw HTML reaches a viewer
            out := out || replace(btrim(b->>'text', E' \t\r\n'), '<', '\<') || E'\n\n';
        WHEN 'key_judgement' THEN
            -- the lead sentence uses the term as written; both yardsticks follow
            term := likelihood_term((b->>'likelihood')::likelihood);
            out := out || '> **Key judgement.** '
                || CASE WHEN term = 'almost no chance' THEN 'There is **' || term || '**'
                        WHEN term ~ '(chance|possibility)$' THEN 'There is a **' || term || '**'
                        ELSE 'It is **' || term || '**' END
                || coalesce(' (' || trim_scale(likelihood_percent((b->>'likelihood')::likelihood)) || ' %)', '')
                || ' that ' || report_md_inline(b->>'statement') || E'\n>\n'
                || '> - Likelihood: ' || report_likelihood_words((b->>'phia')::likelihood, (b->>'phia_lossy')::bool)
                || '; ' || report_likelihood_words((b->>'icd203')::likelihood, (b->>'icd203_lossy')::bool)
                || CASE WHEN b->>'likelihood' ~ '^icd203:' THEN ' (as written)' ELSE '' END || E'\n'
                || '> - Analytic confidence: ' || (b->>'confidence') || E'\n';
            IF jsonb_typeof(b->'window') = 'array' THEN
                out := out || '> - Period: ' || (b->'window'->>0) || ' to ' || (b->'window'->>1) || E'\n';
            END IF;
            IF b->'area' ? 'bbox' THEN
                out := out || format(E'> - Area: a polygon within longitude %s to %s, latitude %s to %s\n',
                                     b->'area'->'bbox'->>0, b->'area'->'bbox'->>2,
                                     b->'area'->'bbox'->>1, b->'area'->'bbox'->>3);
            ELSIF b->'area' ? 'cells' THEN
                cells := ARRAY(SELECT c FROM jsonb_array_elements_text(b->'area'->'cells') c);
                out := out || '> - Area: grid cells ' || array_to_string(cells[1:10], ', ')
                    || CASE WHEN cardinality(cells) > 10 THEN format(' and %s more', cardinality(cells) - 10) ELSE '' END
                    || E'\n';
            END IF;
            IF b->>'terms' IS NOT NULL THEN
                out := out || '> - Scope: ' || report_md_inline(b->>'terms') || E'\n';
            END IF;
            -- which incidents is the author's business; readers learn that it rests on records
            out := out || E'> - Evidence: incident records held by the authoring organisation\n\n';
        WHEN 'figures' THEN
            IF b->>'heading' IS NOT NULL THEN
                out := out || '### ' || report_md_inline(b->>'heading') || E'\n\n';
            END IF;
            out := out || E'| | persons |\n|---|---:|\n';
            FOR r IN SELECT x FROM jsonb_array_elements(b->'rows') x LOOP
                line := '| ' || report_md_inline(r->>'label') || ' | '
                    || report_figure_text((r->>'value')::numeric, r->>'reason', (b->>'k')::numeric::int4) || E' |\n';
                out := out || line;
            END LOOP;
            out := out || format(E'\nCounts of distinct persons; a count of fewer than %s persons is not shown.\n\n',
                                 greatest((b->>'k')::numeric::int4, release_min_k()));
        END CASE;
    END LOOP;
    RETURN rtrim(out, E'\n') || E'\n';
END
$$;
COMMENT ON FUNCTION render_body(jsonb) IS 'a report body as markdown: summary, prose, Key Judgements in PHIA and ICD 203 wording, and figures (counts of at least k persons; the others as fewer than k, no data or withheld); the body is checked first (22023), so a raw count below k is never printed';

-- ---------------------------------------------------------------------------
-- The reports table.  Readers of the table: the author always; the
-- authoring organisation's members when audience is organisation or hub;
-- admins everything.  Every analyst of the hub reads hub reports through
-- hub_reports() and render_report, never the raw body: the evidence of a
-- Key Judgement names the authoring organisation's incidents.  Analysts
-- write reports of their own organisation under their own name.
-- Safeguarding notes are about people at risk and never go hub-wide.
-- ---------------------------------------------------------------------------
CREATE TABLE intelligence_reports (
    report_id  int8 GENERATED ALWAYS AS IDENTITY,
    org_id     int4 NOT NULL REFERENCES organisations,
    kind       text NOT NULL CHECK (kind IN ('safeguarding', 'intelligence', 'key_judgement')),
    title      text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200 AND title !~ '[[:cntrl:]]'),
    audience   text NOT NULL DEFAULT 'organisation' CHECK (audience IN ('author', 'organisation', 'hub')),
    grade      grade_3x5x2 NOT NULL,
    conditions text CHECK (char_length(conditions) BETWEEN 1 AND 1000),
    body       jsonb NOT NULL,
    author     name NOT NULL DEFAULT current_user,
    created    timestamptz NOT NULL DEFAULT now(),
    updated    timestamptz,
    CHECK ((handling(grade) = 'C') = (conditions IS NOT NULL)),
    CHECK (kind <> 'safeguarding' OR audience <> 'hub'),
    PRIMARY KEY (org_id, report_id)
);
COMMENT ON TABLE intelligence_reports IS 'safeguarding notes, intelligence reports and Key Judgement reports: a checked jsonb body (report_body) rendered by render_report; row-level security by author, organisation and audience (Citus: distributed by org_id)';
COMMENT ON COLUMN intelligence_reports.report_id IS 'report id (identity, unique hub-wide)';
COMMENT ON COLUMN intelligence_reports.org_id IS 'the authoring organisation; the author must work for it (org_members)';
COMMENT ON COLUMN intelligence_reports.kind IS 'safeguarding (people at risk; never audience hub), intelligence, or key_judgement (the body holds at least one key_judgement block)';
COMMENT ON COLUMN intelligence_reports.title IS 'title, one line of at most 200 characters';
COMMENT ON COLUMN intelligence_reports.audience IS 'who may read it: author (and admins), organisation (its members), hub (every analyst)';
COMMENT ON COLUMN intelligence_reports.grade IS 'UK 3x5x2 grade of the report as a whole; its handling code P or C governs sharing';
COMMENT ON COLUMN intelligence_reports.conditions IS 'the sharing conditions, required exactly when the handling code is C';
COMMENT ON COLUMN intelligence_reports.body IS 'the content: {"summary", "blocks"} as report_body makes it (checked on every write)';
COMMENT ON COLUMN intelligence_reports.author IS 'the role that wrote it (set on insert, never changed)';
COMMENT ON COLUMN intelligence_reports.created IS 'when it was written (set on insert)';
COMMENT ON COLUMN intelligence_reports.updated IS 'when it was last changed (set on update)';
-- No planner statistics (as for incidents, 42).
SELECT @extschema@.hub_without_statistics('@extschema@.intelligence_reports');
CREATE INDEX intelligence_reports_id_idx ON intelligence_reports (report_id);
SELECT pg_catalog.pg_extension_config_dump('intelligence_reports', '');
SELECT pg_catalog.pg_extension_config_dump('intelligence_reports_report_id_seq', '');

-- Every write: the body checked, author and dates set by the server, and
-- the evidence of Key Judgements must be incidents of the report's
-- organisation that the writer can see.
CREATE FUNCTION intelligence_reports_check() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SET search_path = @extschema@, pg_temp
AS $$
DECLARE
    missing int8;
    judgements int4;
BEGIN
    PERFORM report_check_body(NEW.body);
    SELECT count(*) INTO judgements FROM jsonb_array_elements(NEW.body->'blocks') b WHERE b->>'type' = 'key_judgement';
    IF NEW.kind = 'key_judgement' AND judgements = 0 THEN
        RAISE EXCEPTION 'a key_judgement report must hold at least one key_judgement block'
            USING ERRCODE = '22023', HINT = 'Add a block made by tst_hub.key_judgement().';
    END IF;
    -- figures are stored at the hub's threshold or above (rendering applies
    -- the threshold of the day again, whichever is higher)
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.body->'blocks') b
                WHERE b->>'type' = 'figures' AND (b->>'k')::numeric < release_min_k()::numeric) THEN
        RAISE EXCEPTION 'a figures block of the report has k below the hub''s tst_hub.min_k %', release_min_k()
            USING ERRCODE = '42501', HINT = 'Build figures with tst_hub.report_figures() at the hub''s threshold.';
    END IF;
    -- incidents is read only when there is evidence to check (and under the
    -- writer's own row-level security)
    IF judgements > 0 THEN
        SELECT e::int8 INTO missing
          FROM jsonb_array_elements(NEW.body->'blocks') b,
               LATERAL jsonb_array_elements_text(b->'evidence') e
         WHERE b->>'type' = 'key_judgement'
           AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.org_id = NEW.org_id AND i.incident_id = e::int8)
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'key judgement evidence % is not an incident of organisation % that you can see', missing, NEW.org_id
                USING ERRCODE = '22023';
        END IF;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- pg_restore loads this configuration table with the trigger in
        -- place: a superuser's row keeps its author and times, or every
        -- restored report would be the restorer's, dated the restore.
        -- (The columns' defaults are these same values.)
        IF current_setting('is_superuser') <> 'on' THEN
            NEW.author := current_user;
            NEW.created := now();
            NEW.updated := NULL;
        END IF;
    ELSE
        NEW.author := OLD.author;
        NEW.created := OLD.created;
        NEW.updated := now();
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION intelligence_reports_check() IS 'trigger of intelligence_reports: checks the body (report_check_body) and that its figures use k >= tst_hub.min_k (42501), that a key_judgement report has a key judgement and that its evidence is incidents of the organisation visible to the writer; sets author, created and updated (a superuser''s insert, such as pg_restore''s, keeps them)';
CREATE TRIGGER intelligence_reports_check BEFORE INSERT OR UPDATE ON intelligence_reports
    FOR EACH ROW EXECUTE FUNCTION intelligence_reports_check();

ALTER TABLE intelligence_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY reports_admin ON intelligence_reports TO tst_hub_admin USING (true) WITH CHECK (true);
CREATE POLICY reports_read ON intelligence_reports FOR SELECT TO tst_hub_analyst
    USING (author = current_user
           OR (audience IN ('organisation', 'hub') AND org_id = ANY (@extschema@.my_org_ids())));
CREATE POLICY reports_insert ON intelligence_reports FOR INSERT TO tst_hub_analyst
    WITH CHECK (author = current_user AND org_id = ANY (@extschema@.my_org_ids()));
CREATE POLICY reports_update ON intelligence_reports FOR UPDATE TO tst_hub_analyst
    USING (author = current_user)
    WITH CHECK (author = current_user AND org_id = ANY (@extschema@.my_org_ids()));
CREATE POLICY reports_delete ON intelligence_reports FOR DELETE TO tst_hub_analyst
    USING (author = current_user);
REVOKE ALL ON intelligence_reports FROM PUBLIC;
REVOKE ALL ON SEQUENCE intelligence_reports_report_id_seq FROM PUBLIC;
GRANT SELECT, DELETE ON intelligence_reports TO tst_hub_analyst;
GRANT INSERT (org_id, kind, title, audience, grade, conditions, body) ON intelligence_reports TO tst_hub_analyst;
GRANT UPDATE (kind, title, audience, grade, conditions, body) ON intelligence_reports TO tst_hub_analyst;
GRANT SELECT, INSERT, UPDATE, DELETE ON intelligence_reports TO tst_hub_admin;
-- No USAGE for analysts: an identity column draws its value without it, and
-- nextval would tell how many reports exist hub-wide.
GRANT USAGE ON SEQUENCE intelligence_reports_report_id_seq TO tst_hub_admin;

-- Hub reports for every analyst: the body without the evidence and area of
-- its Key Judgements (incident ids of another organisation, and how many
-- records sit in a small area), and the body as markdown, which prints no
-- evidence.  Readers of the authoring organisation read the full row in
-- the table.  Owner rights are needed to read other organisations' rows;
-- the rows returned depend on nothing about the caller.
CREATE FUNCTION hub_reports(only_report int8 DEFAULT NULL)
    RETURNS TABLE (report_id int8, org_id int4, kind text, title text, audience text, grade grade_3x5x2,
                   conditions text, body jsonb, body_markdown text, author name, created timestamptz,
                   updated timestamptz)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT x.report_id, x.org_id, x.kind, x.title, x.audience, x.grade, x.conditions,
           pg_catalog.jsonb_set(x.body, '{blocks}',
               -- only Key Judgement blocks have these fields
               coalesce((SELECT pg_catalog.jsonb_agg(b - 'evidence' - 'area' ORDER BY n)
                           FROM pg_catalog.jsonb_array_elements(x.body->'blocks') WITH ORDINALITY AS t(b, n)),
                        '[]')),
           @extschema@.render_body(x.body), x.author, x.created, x.updated
      FROM @extschema@.intelligence_reports x
     WHERE x.audience = 'hub' AND (only_report IS NULL OR x.report_id = only_report)
$$;
COMMENT ON FUNCTION hub_reports(int8) IS 'every report of audience hub (or only the one given), for any analyst: the body without the evidence and area of its Key Judgements, and the body as markdown (render_body); the authoring organisation reads the full row in intelligence_reports';
REVOKE ALL ON FUNCTION hub_reports(int8) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub_reports(int8) TO tst_hub_analyst, tst_hub_admin;

CREATE FUNCTION render_report(report_id int8) RETURNS text
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = @extschema@, pg_temp
AS $$
DECLARE
    r record;
    md text;
BEGIN
    -- the table under the caller's row-level security, else a hub report
    -- of another organisation (its markdown made without the caller seeing the body)
    SELECT * INTO r FROM intelligence_reports x WHERE x.report_id = render_report.report_id;
    IF FOUND THEN
        md := render_body(r.body);
    ELSE
        SELECT * INTO r FROM hub_reports(render_report.report_id);
        IF NOT FOUND THEN
            -- the same answer for a report that does not exist and one the caller may not read
            RAISE EXCEPTION 'report % does not exist or you may not read it', report_id USING ERRCODE = '42704';
        END IF;
        md := r.body_markdown;
    END IF;
    RETURN '# ' || report_md_inline(r.title) || E'\n\n'
        || format(E'*%s report · %s · audience: %s · written by %s on %s%s*\n\n',
                  initcap(replace(r.kind, '_', ' ')),
                  coalesce((SELECT report_md_inline(o.name) FROM organisations o WHERE o.org_id = r.org_id),
                           'organisation ' || r.org_id::text),
                  r.audience, report_md_inline(r.author), to_char(r.created AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
                  CASE WHEN r.updated IS NULL THEN ''
                       ELSE ', updated ' || to_char(r.updated AT TIME ZONE 'UTC', 'YYYY-MM-DD') END)
        || '**Grade ' || r.grade::text || '**: ' || report_md_inline(grade_meaning(r.grade))
        || CASE WHEN r.conditions IS NOT NULL THEN E'.  \n**Handling conditions:** ' || report_md_inline(r.conditions)
                ELSE '' END || E'\n\n'
        || md;
END
$$;
COMMENT ON FUNCTION render_report(int8) IS 'a stored report as markdown (title, kind, organisation, audience, author, date, grade and handling conditions, then render_body), for the readers of the row and, through hub_reports, every analyst for a hub report; 42704 when the report does not exist or the caller may not read it';

-- ---------------------------------------------------------------------------
-- Ingest: partner CSV files into incidents (docs/HUB.md "Ingest").
--   SELECT * FROM tst_hub.ingest_csv(org_id, 'ctdc' | 'htcds' | 'mapped', file_text);
-- Identifiers are pseudonymised on the way in under the organisation's
-- pseudonym_scope and never stored; rows that cannot be mapped go to
-- ingest_rejects with line, column and reason; good rows commit; a file
-- already loaded (same SHA-256) is not loaded again, and a record already
-- loaded (same record_ref) is skipped.
-- ---------------------------------------------------------------------------
CREATE SEQUENCE ingest_batch_id_seq AS int8;
COMMENT ON SEQUENCE ingest_batch_id_seq IS 'ingest batch ids, unique hub-wide';

CREATE TABLE ingest_batches (
    org_id         int4 NOT NULL REFERENCES organisations,
    batch_id       int8 NOT NULL DEFAULT nextval('ingest_batch_id_seq'),
    format         text NOT NULL CHECK (format IN ('ctdc', 'htcds', 'mapped')),
    file_sha256    bytea NOT NULL CHECK (octet_length(file_sha256) = 32),
    file_name      text CHECK (octet_length(file_name) <= 255),
    source_id      int4,
    rows_read      int8 NOT NULL DEFAULT 0,
    rows_accepted  int8 NOT NULL DEFAULT 0,
    rows_rejected  int8 NOT NULL DEFAULT 0,
    rows_duplicate int8 NOT NULL DEFAULT 0,
    unused_columns text[] NOT NULL DEFAULT '{}',
    loaded_by      name NOT NULL DEFAULT current_user,
    started_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at    timestamptz,
    PRIMARY KEY (org_id, batch_id),
    UNIQUE (org_id, file_sha256),
    CHECK (rows_read = rows_accepted + rows_rejected + rows_duplicate)
);
COMMENT ON TABLE ingest_batches IS 'one row per file loaded by ingest_csv, with its SHA-256 (a file is loaded once per organisation) and what became of its rows (Citus: distributed by org_id)';
COMMENT ON COLUMN ingest_batches.org_id IS 'the organisation the file was loaded for; distribution column';
COMMENT ON COLUMN ingest_batches.batch_id IS 'batch id from ingest_batch_id_seq; incidents.batch_id and ingest_rejects.batch_id point here';
COMMENT ON COLUMN ingest_batches.format IS 'ctdc, htcds or mapped';
COMMENT ON COLUMN ingest_batches.file_sha256 IS 'SHA-256 of the file text (UTF-8): the same file is not loaded twice';
COMMENT ON COLUMN ingest_batches.file_name IS 'the name the loader gave, if any';
COMMENT ON COLUMN ingest_batches.source_id IS 'the organisation''s source the file came from, if given';
COMMENT ON COLUMN ingest_batches.rows_read IS 'records after the header';
COMMENT ON COLUMN ingest_batches.rows_accepted IS 'records written to incidents';
COMMENT ON COLUMN ingest_batches.rows_rejected IS 'records written to ingest_rejects instead';
COMMENT ON COLUMN ingest_batches.rows_duplicate IS 'records skipped because a record with the same record_ref was loaded before';
COMMENT ON COLUMN ingest_batches.unused_columns IS 'header columns the format does not load (kept here so nothing is dropped silently)';
COMMENT ON COLUMN ingest_batches.loaded_by IS 'the role that ran the ingest';
COMMENT ON COLUMN ingest_batches.started_at IS 'when the ingest started';
COMMENT ON COLUMN ingest_batches.finished_at IS 'when it finished';

CREATE TABLE ingest_rejects (
    org_id      int4 NOT NULL,
    batch_id    int8 NOT NULL,
    line        int8 NOT NULL CHECK (line > 1),
    column_name text,
    reason      text NOT NULL,
    value       text CHECK (octet_length(value) <= 200),
    PRIMARY KEY (org_id, batch_id, line),
    FOREIGN KEY (org_id, batch_id) REFERENCES ingest_batches ON DELETE CASCADE
);
COMMENT ON TABLE ingest_rejects IS 'records ingest could not load: one row per record with the first problem found, left to right (Citus: distributed by org_id)';
COMMENT ON COLUMN ingest_rejects.org_id IS 'the organisation; distribution column';
COMMENT ON COLUMN ingest_rejects.batch_id IS 'the batch (ingest_batches)';
COMMENT ON COLUMN ingest_rejects.line IS 'line of the file where the record starts (the header is line 1)';
COMMENT ON COLUMN ingest_rejects.column_name IS 'the column at fault, NULL when the record as a whole is (wrong number of fields, empty line)';
COMMENT ON COLUMN ingest_rejects.reason IS 'what is wrong, in words';
COMMENT ON COLUMN ingest_rejects.value IS 'the offending value, at most 60 bytes; NULL for identifier columns, whose values are never stored';

SELECT pg_catalog.pg_extension_config_dump('ingest_batches', '');
SELECT pg_catalog.pg_extension_config_dump('ingest_rejects', '');

-- No planner statistics (as for incidents, 42).
SELECT @extschema@.hub_without_statistics('@extschema@.ingest_batches');
SELECT @extschema@.hub_without_statistics('@extschema@.ingest_rejects');
SELECT pg_catalog.pg_extension_config_dump('ingest_batch_id_seq', '');

ALTER TABLE ingest_batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE ingest_rejects ENABLE ROW LEVEL SECURITY;
CREATE POLICY ingest_batches_admin ON ingest_batches TO tst_hub_admin USING (true) WITH CHECK (true);
CREATE POLICY ingest_batches_own ON ingest_batches TO tst_hub_analyst, tst_hub_pseudonymiser
    USING (org_id = ANY (@extschema@.my_org_ids()))
    WITH CHECK (org_id = ANY (@extschema@.my_org_ids()));
CREATE POLICY ingest_rejects_admin ON ingest_rejects TO tst_hub_admin USING (true) WITH CHECK (true);
CREATE POLICY ingest_rejects_own ON ingest_rejects TO tst_hub_analyst, tst_hub_pseudonymiser
    USING (org_id = ANY (@extschema@.my_org_ids()))
    WITH CHECK (org_id = ANY (@extschema@.my_org_ids()));
REVOKE ALL ON ingest_batches, ingest_rejects FROM PUBLIC;
REVOKE ALL ON SEQUENCE ingest_batch_id_seq FROM PUBLIC;
GRANT SELECT ON ingest_batches, ingest_rejects TO tst_hub_analyst;
GRANT SELECT, INSERT, UPDATE ON ingest_batches TO tst_hub_pseudonymiser;
GRANT SELECT, INSERT ON ingest_rejects TO tst_hub_pseudonymiser;
GRANT SELECT, INSERT, UPDATE, DELETE ON ingest_batches, ingest_rejects TO tst_hub_admin;
GRANT USAGE ON SEQUENCE ingest_batch_id_seq TO tst_hub_pseudonymiser, tst_hub_admin;

-- Parsers: text in, rows out; they know no key.  ctdc_rows reads
-- country_codes once per call (a hash table in C instead of a join per row).
CREATE FUNCTION ctdc_rows(data text,
    OUT line int8, OUT reject_column text, OUT reject_reason text, OUT reject_value text,
    OUT reported_on date, OUT reported_until date, OUT gender term, OUT age_band text,
    OUT minor bool, OUT citizenship text, OUT country text, OUT region text,
    OUT exploitation term, OUT exploitation_forms term_set, OUT means term_set,
    OUT industry term, OUT centroid geometry, OUT centroid_cell cell)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'ctdc_rows' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION ctdc_rows(text) IS 'the records of a CTDC export mapped to hub values, country codes resolved through country_codes to alpha-2 with the centroid of the country of exploitation (reject_reason set when a record cannot be mapped); a NOTICE with rows read, accepted and rejected (rows/s in its detail) every 100,000 records';
CREATE FUNCTION ctdc_unused_columns(data text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'ctdc_unused_columns' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ctdc_unused_columns(text) IS 'the header columns of a CTDC export that ctdc_rows does not load';
CREATE FUNCTION csv_header(data text) RETURNS text[]
    AS 'MODULE_PATHNAME', 'csv_header' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION csv_header(text) IS 'the column names of a CSV text (its first record); 22023 when there is none';
CREATE FUNCTION csv_records(data text, OUT line int8, OUT fields text[], OUT reject_reason text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'csv_records' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION csv_records(text) IS 'the records after the header of a CSV text (RFC 4180), with the line each starts on; reject_reason instead of fields when a record has the wrong number of fields, is empty or is cut off; a NOTICE every 100,000 records says how many were read and malformed (rows/s in its detail)';

CREATE FUNCTION ingest_date(value text) RETURNS date
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value !~ '^\d{4}-\d{2}-\d{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN make_date(substr(value, 1, 4)::int4, substr(value, 6, 2)::int4, substr(value, 9, 2)::int4);
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION ingest_date(text) IS 'an ISO date YYYY-MM-DD that exists in the calendar, or NULL';

-- Country codes as partners write them: ISO alpha-2, CTDC legacy codes, or
-- ISO alpha-3 (the alpha-3 of a legacy code is its successor's, so it is
-- not an alias of the legacy code).
CREATE VIEW country_codes AS
SELECT c.iso2 AS code, c.iso2, c.centroid, c.centroid_cell FROM @extschema@.countries c
UNION ALL
(SELECT DISTINCT ON (c.iso3) c.iso3, c.iso2, c.centroid, c.centroid_cell
   FROM @extschema@.countries c
  WHERE c.iso3 IS NOT NULL
  ORDER BY c.iso3, c.iso2 IN ('Y1', 'Y2', 'Y3', 'YU', 'TB', 'TP', 'ZR', 'AN'), c.iso2);
COMMENT ON VIEW country_codes IS 'every accepted spelling of a country (alpha-2, CTDC code, alpha-3) with its alpha-2 code and centroid';
GRANT SELECT ON country_codes TO PUBLIC;

CREATE FUNCTION term_set_most_specific(term_set) RETURNS term
    AS 'MODULE_PATHNAME', 'term_set_most_specific' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION term_set_most_specific(term_set) IS 'the one term that best describes a set: terms that are ancestors of others dropped, then the nearest common ancestor of the rest; NULL when empty or across facets';

-- What each format reads.  kind: record_id, victim_id, suspect_id (raw
-- identifiers, pseudonymised), victim_first, victim_second, birthdate (an
-- HTCDS person: pseudonym of the folded name and the birth date), occurred,
-- reported (dates), lat, lon, country, citizenship, age, term (one value),
-- terms (several, separated by ; , or spaces).  names: the header names
-- accepted, first found wins; lookup: the HTCDS crosswalk field of a term
-- column ('mapped' looks values up in the organisation's category_map).
CREATE TABLE ingest_formats (
    format text NOT NULL CHECK (format IN ('htcds', 'mapped')),
    ord    int4 NOT NULL,
    kind   text NOT NULL CHECK (kind IN ('record_id', 'victim_id', 'suspect_id', 'victim_first',
                                         'victim_second', 'birthdate', 'occurred', 'reported',
                                         'lat', 'lon', 'country', 'citizenship', 'age', 'term', 'terms')),
    hub    text NOT NULL,
    names  text[] NOT NULL,
    lookup text,
    PRIMARY KEY (format, ord)
);
COMMENT ON TABLE ingest_formats IS 'the columns ingest_csv reads for the htcds and mapped formats and the incident column each fills';
COMMENT ON COLUMN ingest_formats.format IS 'htcds or mapped';
COMMENT ON COLUMN ingest_formats.ord IS 'order of the checks (the first problem of a record is reported)';
COMMENT ON COLUMN ingest_formats.kind IS 'how the value is read (see the comment above the table in 44-ingest.sql and docs/HUB.md)';
COMMENT ON COLUMN ingest_formats.hub IS 'the incidents column it fills';
COMMENT ON COLUMN ingest_formats.names IS 'header names accepted for it, first found wins (mapped: compared after fold_label)';
COMMENT ON COLUMN ingest_formats.lookup IS 'HTCDS crosswalk field for term values';
INSERT INTO ingest_formats VALUES
    ('htcds', 1, 'record_id', 'record_ref', '{cas_CaseId,cas_Id}', NULL),
    ('htcds', 2, 'victim_first', 'victims', '{prs_FirstName,prs_First_Name}', NULL),
    ('htcds', 3, 'victim_second', 'victims', '{prs_SecondName,prs_Second_Name}', NULL),
    ('htcds', 4, 'birthdate', 'victims', '{prs_Birthdate}', NULL),
    ('htcds', 5, 'term', 'gender', '{prs_Gender}', 'prs_Gender'),
    ('htcds', 6, 'citizenship', 'citizenship', '{prs_Citizenship}', NULL),
    ('htcds', 7, 'age', 'age_band', '{vic_AgeWhenTrafficked}', NULL),
    ('htcds', 8, 'terms', 'exploitation', '{vic_TypeOfExploitation}', 'vic_TypeOfExploitation'),
    ('htcds', 9, 'terms', 'exploitation', '{vic_TypeOfSexExploitation}', 'vic_TypeOfSexExploitation'),
    ('htcds', 10, 'terms', 'means', '{vic_MethodsOfControl,vic_Methods_of_Control}', 'vic_MethodsOfControl'),
    ('htcds', 11, 'term', 'recruitment', '{vic_MethodOfRecruitment}', 'vic_MethodOfRecruitment'),
    ('htcds', 12, 'term', 'industry', '{vic_ForcedLabourIndustry}', 'vic_ForcedLabourIndustry'),
    ('htcds', 13, 'occurred', 'occurred_from', '{hte_Date}', NULL),
    ('htcds', 14, 'reported', 'reported_on', '{cas_IncomingReferralDate}', NULL),
    ('htcds', 15, 'lat', 'geom', '{hte_Latitude}', NULL),
    ('htcds', 16, 'lon', 'geom', '{hte_Longitude}', NULL),
    ('htcds', 17, 'country', 'country', '{hte_Country}', NULL),
    ('mapped', 1, 'record_id', 'record_ref', '{record_id}', NULL),
    ('mapped', 2, 'victim_id', 'victims', '{victim_id,victim_ids}', NULL),
    ('mapped', 3, 'suspect_id', 'suspects', '{suspect_id,suspect_ids}', NULL),
    ('mapped', 4, 'occurred', 'occurred_from', '{occurred_on,date}', NULL),
    ('mapped', 5, 'reported', 'reported_on', '{reported_on}', NULL),
    ('mapped', 6, 'lat', 'geom', '{latitude,lat}', NULL),
    ('mapped', 7, 'lon', 'geom', '{longitude,lon}', NULL),
    ('mapped', 8, 'country', 'country', '{country}', NULL),
    ('mapped', 9, 'term', 'exploitation', '{exploitation}', NULL),
    ('mapped', 10, 'terms', 'means', '{means,means_of_control}', NULL),
    ('mapped', 11, 'term', 'recruitment', '{recruitment}', NULL),
    ('mapped', 12, 'term', 'industry', '{industry}', NULL),
    ('mapped', 13, 'term', 'gender', '{gender}', NULL),
    ('mapped', 14, 'age', 'age_band', '{age}', NULL),
    ('mapped', 15, 'citizenship', 'citizenship', '{citizenship}', NULL);
GRANT SELECT ON ingest_formats TO PUBLIC;

CREATE FUNCTION ingest_csv(org_id int4, format text, data text, source_id int4 DEFAULT NULL,
                           file_name text DEFAULT NULL)
    RETURNS ingest_batches
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    -- the extension's path at CREATE EXTENSION: tst_hub and PostGIS's schema
    SET search_path FROM CURRENT
    -- the parsed file is kept in memory twice (function result, CTE): about
    -- 200 bytes a record, so files up to ~300,000 records do not spill
    SET work_mem = '128MB'
    -- the few hundred country codes are hashed; a merge join would sort the file
    SET enable_mergejoin = off
AS $fn$
#variable_conflict use_column
DECLARE
    v_org    constant int4 := ingest_csv.org_id;
    v_format constant text := ingest_csv.format;
    v_source constant int4 := ingest_csv.source_id;
    v_scope  text;
    v_sha    bytea;
    v_prefix text;
    b        @extschema@.ingest_batches;
    t0       timestamptz := clock_timestamp();
    t1       timestamptz;
    n_read   int8;
    n_acc    int8;
    n_rej    int8;
    header   text[];
BEGIN
    IF v_org IS NULL OR v_format IS NULL OR data IS NULL THEN
        RAISE EXCEPTION 'org_id, format and data must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF v_format NOT IN ('ctdc', 'htcds', 'mapped') THEN
        RAISE EXCEPTION 'unknown ingest format "%"', left(v_format, 40)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Formats are ctdc, htcds and mapped.';
    END IF;
    SELECT o.pseudonym_scope INTO v_scope FROM @extschema@.organisations o WHERE o.org_id = v_org;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no organisation %', v_org
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT (v_org = ANY (@extschema@.my_org_ids())
            OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)) THEN
        RAISE EXCEPTION 'role "%" does not load data for organisation %', current_user, v_org
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'An admin maps the role to the organisation in tst_hub.org_members.';
    END IF;
    IF v_source IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.sources s
                                             WHERE s.source_id = v_source AND s.org_id = v_org) THEN
        RAISE EXCEPTION 'organisation % has no source %', v_org, v_source
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    v_sha := sha256(convert_to(data, 'UTF8'));
    SELECT * INTO b FROM @extschema@.ingest_batches x WHERE x.org_id = v_org AND x.file_sha256 = v_sha;
    IF FOUND THEN
        RAISE NOTICE 'ingest: this file was loaded as batch % on %; nothing to do', b.batch_id, b.started_at;
        RETURN b;
    END IF;
    INSERT INTO @extschema@.ingest_batches (org_id, format, file_sha256, file_name, source_id)
    VALUES (v_org, v_format, v_sha, left(ingest_csv.file_name, 255), v_source)
    RETURNING * INTO b;
    -- a victim known only through a record without ids (CTDC) gets the
    -- pseudonym of the file and the line
    v_prefix := 'file:' || encode(v_sha, 'hex') || ':';

    IF v_format = 'ctdc' THEN
        b.unused_columns := @extschema@.ctdc_unused_columns(data);
        -- a file with none of the format's columns loaded as empty incidents
        IF cardinality(b.unused_columns) = cardinality(@extschema@.csv_header(data)) THEN
            RAISE EXCEPTION 'the file has none of the ctdc columns'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Check the format: ctdc, htcds or mapped (docs/HUB.md lists the columns of each).';
        END IF;
        -- country codes are resolved (and unknown ones rejected) by ctdc_rows
        WITH p AS MATERIALIZED (
            SELECT * FROM @extschema@.ctdc_rows(data)
        ), rej AS (
            INSERT INTO @extschema@.ingest_rejects (org_id, batch_id, line, column_name, reason, value)
            SELECT v_org, b.batch_id, p.line, p.reject_column, p.reject_reason,
                   @extschema@.ingest_shown_value(p.reject_value)
              FROM p WHERE p.reject_reason IS NOT NULL
        )
        -- the incidents are the statement's own rows, counted without RETURNING
        -- (200,000 rows of it cost more than the count of the few rejects below)
        INSERT INTO @extschema@.incidents AS i
                (org_id, source_id, batch_id, source_line, reported_on, reported_until, geom, country,
                 region, cell, location_precision, exploitation, exploitation_forms, means, industry,
                 victims, age_band, minor, gender, citizenship)
            SELECT v_org, v_source, b.batch_id, p.line, p.reported_on, p.reported_until, p.centroid,
                   p.country, p.region, p.centroid_cell,
                   CASE WHEN p.centroid IS NOT NULL THEN 'country_centroid'
                        WHEN p.region IS NOT NULL THEN 'region' ELSE 'none' END,
                   p.exploitation, p.exploitation_forms, p.means, p.industry,
                   ARRAY[q.ref], p.age_band, p.minor, p.gender, p.citizenship
              FROM p CROSS JOIN LATERAL
                   (SELECT @extschema@.pseudonymise('raw', v_prefix || p.line::text, v_scope) AS ref) q
             WHERE p.reject_reason IS NULL;
        GET DIAGNOSTICS n_acc = ROW_COUNT;
        SELECT count(*) INTO n_rej FROM @extschema@.ingest_rejects x
         WHERE x.org_id = v_org AND x.batch_id = b.batch_id;
        -- every record is either inserted or rejected (CTDC records have no
        -- record_ref, so none is skipped as loaded before)
        n_read := n_acc + n_rej;
    ELSE
        header := @extschema@.csv_header(data);
        -- an earlier call in this transaction left its work tables (ON COMMIT
        -- DROP; a call that failed left none: its subtransaction took them)
        IF to_regclass('pg_temp.tst_hub_ingest_rec') IS NOT NULL THEN
            DROP TABLE IF EXISTS pg_temp.tst_hub_ingest_rec, pg_temp.tst_hub_ingest_cols,
                pg_temp.tst_hub_ingest_raw, pg_temp.tst_hub_ingest_terms, pg_temp.tst_hub_ingest_vals,
                pg_temp.tst_hub_ingest_bad, pg_temp.tst_hub_ingest_q;
        END IF;
        CREATE TEMP TABLE tst_hub_ingest_rec ON COMMIT DROP AS
        SELECT * FROM @extschema@.csv_records(data);
        -- where each spec column is in the header (first accepted name found)
        CREATE TEMP TABLE tst_hub_ingest_cols ON COMMIT DROP AS
        SELECT f.ord, f.kind, f.hub, f.lookup, h.i AS pos, h.name AS colname
          FROM @extschema@.ingest_formats f
          CROSS JOIN LATERAL (
              SELECT h.i, h.name FROM unnest(header) WITH ORDINALITY h(name, i)
               WHERE CASE WHEN v_format = 'mapped'
                          THEN @extschema@.fold_label(h.name) = ANY (SELECT @extschema@.fold_label(n) FROM unnest(f.names) n)
                          ELSE h.name = ANY (f.names) END
               ORDER BY pg_catalog.array_position(f.names, h.name), h.i LIMIT 1) h
         WHERE f.format = v_format;
        b.unused_columns := ARRAY(SELECT h.name FROM unnest(header) WITH ORDINALITY h(name, i)
                                   WHERE h.i NOT IN (SELECT c.pos FROM tst_hub_ingest_cols c) ORDER BY h.i);
        IF NOT EXISTS (SELECT 1 FROM tst_hub_ingest_cols) THEN
            RAISE EXCEPTION 'the file has none of the % columns', v_format
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Check the format: ctdc, htcds or mapped (docs/HUB.md lists the columns of each).';
        END IF;
        -- one row per (record, column, value)
        CREATE TEMP TABLE tst_hub_ingest_raw ON COMMIT DROP AS
        SELECT r.line, c.ord, v.pos, c.kind, c.hub, c.colname, coalesce(c.lookup, '') AS lookup, v.value,
               btrim(r.fields[c.pos]) AS field
          FROM tst_hub_ingest_rec r
          JOIN tst_hub_ingest_cols c ON r.fields IS NOT NULL
          CROSS JOIN LATERAL unnest(
              CASE WHEN c.kind = 'terms' AND v_format = 'htcds' THEN regexp_split_to_array(btrim(r.fields[c.pos]), '\s*[;,]\s*|\s+')
                   WHEN c.kind IN ('terms', 'victim_id', 'suspect_id') THEN regexp_split_to_array(btrim(r.fields[c.pos]), '\s*;\s*')
                   ELSE ARRAY[btrim(r.fields[c.pos])] END) WITH ORDINALITY v(value, pos)
         WHERE v.value <> '';
        -- every distinct label is looked up once per file, not once per record
        -- (a crosswalk query or map_category call per value cost more than
        -- the rest of the load)
        CREATE TEMP TABLE tst_hub_ingest_terms ON COMMIT DROP AS
        SELECT u.lookup, u.value,
               CASE WHEN v_format = 'mapped' THEN @extschema@.map_category(v_org, u.value)
                    ELSE (SELECT x.term FROM @extschema@.crosswalk x
                           WHERE x.scheme = 'htcds' AND x.field = u.lookup AND x.value = u.value
                             AND x.relation <> 'external_broader'
                           ORDER BY x.relation = 'exact' DESC, @extschema@.depth(x.term) DESC LIMIT 1)
               END AS term
          FROM (SELECT DISTINCT w.lookup, w.value FROM tst_hub_ingest_raw w WHERE w.kind IN ('term', 'terms')) u;
        -- checked and mapped
        CREATE TEMP TABLE tst_hub_ingest_vals ON COMMIT DROP AS
        SELECT w.line, w.ord, w.pos, w.kind, w.hub, w.colname, w.value, w.field,
               t.term, d.day, n.num, cc.iso2,
               CASE WHEN octet_length(w.value) > 1000 THEN 'value longer than 1000 bytes'
                    WHEN w.kind IN ('term', 'terms') AND t.term IS NULL
                         THEN CASE WHEN v_format = 'mapped' THEN 'unmapped category' ELSE 'unknown category' END
                    WHEN w.kind IN ('occurred', 'reported', 'birthdate') AND d.day IS NULL THEN 'not a date (YYYY-MM-DD)'
                    WHEN w.kind IN ('lat', 'lon') AND n.num IS NULL THEN 'not a number'
                    WHEN w.kind = 'lat' AND abs(n.num) > 90::numeric THEN 'latitude out of range (-90 to 90)'
                    WHEN w.kind = 'lon' AND abs(n.num) > 180::numeric THEN 'longitude out of range (-180 to 180)'
                    WHEN w.kind = 'age' AND (n.num IS NULL OR n.num <> trunc(n.num) OR n.num > 130::numeric)
                         THEN 'not an age in years (0 to 130)'
                    WHEN w.kind IN ('country', 'citizenship') AND cc.iso2 IS NULL THEN 'unknown country code'
               END AS reason
          FROM tst_hub_ingest_raw w
          LEFT JOIN tst_hub_ingest_terms t
                 ON w.kind IN ('term', 'terms') AND t.lookup = w.lookup AND t.value = w.value
          LEFT JOIN LATERAL (
              SELECT CASE WHEN w.kind IN ('occurred', 'reported', 'birthdate')
                          THEN @extschema@.ingest_date(w.value) END AS day) d ON true
          LEFT JOIN LATERAL (
              SELECT CASE WHEN w.kind IN ('lat', 'lon', 'age') AND w.value ~ '^[+-]?[0-9]{1,3}(\.[0-9]{1,15})?$'
                          THEN w.value::numeric END AS num) n ON true
          LEFT JOIN @extschema@.country_codes cc
                 ON w.kind IN ('country', 'citizenship') AND cc.code = upper(w.value)::bpchar;
        IF v_format = 'mapped' THEN
            INSERT INTO @extschema@.category_seen AS s (org_id, label_key, local_label, times_seen)
            SELECT v_org, k.key, min(v.value), count(*)
              FROM tst_hub_ingest_vals v
             CROSS JOIN LATERAL (SELECT @extschema@.fold_label(v.value) AS key) k
             WHERE v.kind IN ('term', 'terms') AND k.key <> '' AND octet_length(v.value) <= 1000
             GROUP BY k.key
            -- not a label: looks like an identifier, personal data or free text
            HAVING @extschema@.ingest_shown_value(min(v.value)) = min(v.value)
            ON CONFLICT ON CONSTRAINT category_seen_pkey
            DO UPDATE SET times_seen = s.times_seen + excluded.times_seen, last_seen = now();
        END IF;
        -- the first problem of each bad record, in column order
        CREATE TEMP TABLE tst_hub_ingest_bad ON COMMIT DROP AS
        SELECT DISTINCT ON (e.line) e.line, e.colname, e.reason, e.value
          FROM (SELECT r.line, 0 AS ord, 0::int8 AS pos, NULL::text AS colname, r.reject_reason AS reason, NULL::text AS value
                  FROM tst_hub_ingest_rec r WHERE r.reject_reason IS NOT NULL
                UNION ALL
                SELECT v.line, v.ord, v.pos, v.colname, v.reason,
                       CASE WHEN v.kind IN ('record_id', 'victim_id', 'suspect_id', 'victim_first',
                                            'victim_second', 'birthdate') THEN NULL
                            -- a value that looks like an identifier (a phone or
                            -- document number, an e-mail address), personal
                            -- data or free text in the wrong column is not kept;
                            -- one value of a multi-value field only when the
                            -- whole field may be kept (a narrative split at
                            -- spaces would show one of its words)
                            WHEN @extschema@.ingest_shown_value(v.field) = v.field
                                 THEN left(@extschema@.ingest_shown_value(v.value), 60)
                            ELSE left(@extschema@.ingest_shown_value(v.field), 60) END
                  FROM tst_hub_ingest_vals v WHERE v.reason IS NOT NULL
                UNION ALL
                -- a coordinate needs the other one
                SELECT v.line, v.ord, v.pos, v.colname,
                       CASE v.kind WHEN 'lat' THEN 'latitude without longitude' ELSE 'longitude without latitude' END,
                       left(@extschema@.ingest_shown_value(v.value), 60)
                  FROM tst_hub_ingest_vals v
                 WHERE v.kind IN ('lat', 'lon')
                   AND NOT EXISTS (SELECT 1 FROM tst_hub_ingest_vals w
                                    WHERE w.line = v.line AND w.kind IN ('lat', 'lon') AND w.kind <> v.kind)
                UNION ALL
                SELECT v.line, min(v.ord), 0, (array_agg(v.colname ORDER BY v.ord))[1], 'occurred after it was reported', NULL
                  FROM tst_hub_ingest_vals v
                 WHERE v.kind IN ('occurred', 'reported')
                 GROUP BY v.line
                HAVING max(v.day) FILTER (WHERE v.kind = 'occurred') > max(v.day) FILTER (WHERE v.kind = 'reported')
               ) e
         -- the first value of a multi-value field first: one answer, whatever the plan
         ORDER BY e.line, e.ord, e.pos;
        -- progress of a long load: every value is checked, the insert follows
        -- (csv_records has said every 100,000 records how far the parse got)
        SELECT count(*) INTO n_read FROM tst_hub_ingest_rec;
        IF n_read >= 100000 THEN
            SELECT count(*) INTO n_rej FROM tst_hub_ingest_bad;
            RAISE NOTICE 'ingest: % rows read and checked, % rejected, inserting the rest', n_read, n_rej
                USING DETAIL = format('%s rows/s so far', round(n_read::numeric / greatest(extract(epoch FROM clock_timestamp() - t0), 0.001)));
        END IF;

        CREATE TEMP TABLE tst_hub_ingest_q ON COMMIT DROP AS
        WITH g AS MATERIALIZED (
            SELECT r.line,
                   max(v.value) FILTER (WHERE v.kind = 'record_id') AS record_id,
                   max(v.value) FILTER (WHERE v.kind = 'victim_first') AS first_name,
                   max(v.value) FILTER (WHERE v.kind = 'victim_second') AS second_name,
                   max(v.day) FILTER (WHERE v.kind = 'birthdate') AS birthdate,
                   array_agg(DISTINCT v.value) FILTER (WHERE v.kind = 'victim_id') AS victim_ids,
                   array_agg(DISTINCT v.value) FILTER (WHERE v.kind = 'suspect_id') AS suspect_ids,
                   max(v.day) FILTER (WHERE v.kind = 'occurred') AS occurred,
                   max(v.day) FILTER (WHERE v.kind = 'reported') AS reported,
                   max(v.num) FILTER (WHERE v.kind = 'lat') AS lat,
                   max(v.num) FILTER (WHERE v.kind = 'lon') AS lon,
                   max(v.iso2) FILTER (WHERE v.kind = 'country') AS country,
                   max(v.iso2) FILTER (WHERE v.kind = 'citizenship') AS citizenship,
                   max(v.num) FILTER (WHERE v.kind = 'age') AS age,
                   @extschema@.term_set_agg(v.term) FILTER (WHERE v.hub = 'exploitation') AS forms,
                   @extschema@.term_set_agg(v.term) FILTER (WHERE v.hub = 'means') AS means,
                   (array_agg(v.term) FILTER (WHERE v.hub = 'recruitment'))[1] AS recruitment,
                   (array_agg(v.term) FILTER (WHERE v.hub = 'industry'))[1] AS industry,
                   (array_agg(v.term) FILTER (WHERE v.hub = 'gender'))[1] AS gender
              FROM tst_hub_ingest_rec r
              LEFT JOIN tst_hub_ingest_vals v ON v.line = r.line
             WHERE r.reject_reason IS NULL
               AND NOT EXISTS (SELECT 1 FROM tst_hub_ingest_bad x WHERE x.line = r.line)
             GROUP BY r.line
        )
            SELECT g.*,
                   @extschema@.pseudonymise('raw', 'record:' || g.record_id, v_scope) AS ref,
                   CASE WHEN g.first_name IS NOT NULL OR g.second_name IS NOT NULL THEN
                        ARRAY[@extschema@.pseudonymise('raw',
                              @extschema@.fold_label(concat_ws(' ', g.first_name, g.second_name))
                              || '|' || coalesce(g.birthdate::text, ''), v_scope)]
                        ELSE ARRAY(SELECT @extschema@.pseudonymise('raw', x, v_scope)
                                     FROM unnest(g.victim_ids) x ORDER BY 1) END AS victims,
                   ARRAY(SELECT @extschema@.pseudonymise('raw', x, v_scope)
                           FROM unnest(g.suspect_ids) x ORDER BY 1) AS suspects,
                   c.centroid, c.centroid_cell
              FROM g LEFT JOIN @extschema@.countries c ON c.iso2 = g.country
              ORDER BY g.line;
            INSERT INTO @extschema@.incidents AS i
                (org_id, source_id, batch_id, source_line, record_ref, occurred_from, occurred_to, reported_on,
                 reported_until, geom, country, cell, location_precision, exploitation,
                 exploitation_forms, means, recruitment, industry, victims, suspects, age_band,
                 minor, gender, citizenship)
            SELECT v_org, v_source, b.batch_id, q.line, q.ref, q.occurred, q.occurred, q.reported, q.reported,
                   CASE WHEN q.lat IS NOT NULL THEN ST_SetSRID(ST_MakePoint(q.lon::float8, q.lat::float8), 4326)
                        ELSE q.centroid END,
                   q.country,
                   CASE WHEN q.lat IS NOT NULL
                        THEN @extschema@.cell(q.lat::float8, q.lon::float8, @extschema@.hub_cell_resolution())
                        ELSE q.centroid_cell END,
                   CASE WHEN q.lat IS NOT NULL THEN 'point'
                        WHEN q.centroid IS NOT NULL THEN 'country_centroid' ELSE 'none' END,
                   @extschema@.term_set_most_specific(q.forms), q.forms, q.means, q.recruitment,
                   q.industry, coalesce(q.victims, '{}'), coalesce(q.suspects, '{}'),
                   @extschema@.age_band(q.age::int4), @extschema@.is_minor(q.age::int4),
                   q.gender, q.citizenship
              FROM tst_hub_ingest_q q
             ORDER BY q.line     -- a record sent twice: the first one is kept
            ON CONFLICT (org_id, record_ref) WHERE record_ref IS NOT NULL DO NOTHING;
        -- (no RETURNING: it would need SELECT on incidents, which the ingest role has not)
        GET DIAGNOSTICS n_acc = ROW_COUNT;
            INSERT INTO @extschema@.persons (org_id, person, role, first_seen, gender, citizenship)
            SELECT DISTINCT ON (p.person, p.role) v_org, p.person, p.role, coalesce(ins.reported, ins.occurred),
                   CASE WHEN p.role = 'victim' THEN ins.gender END,
                   CASE WHEN p.role = 'victim' THEN ins.citizenship END
              FROM tst_hub_ingest_q ins CROSS JOIN LATERAL (
                       SELECT x AS person, 'victim' AS role FROM unnest(ins.victims) x
                       UNION ALL
                       SELECT x, 'suspect' FROM unnest(ins.suspects) x) p
             ORDER BY p.person, p.role, coalesce(ins.reported, ins.occurred)
            ON CONFLICT (org_id, person, role) DO NOTHING;
        INSERT INTO @extschema@.ingest_rejects (org_id, batch_id, line, column_name, reason, value)
        SELECT v_org, b.batch_id, x.line, x.colname, x.reason, x.value FROM tst_hub_ingest_bad x;
        GET DIAGNOSTICS n_rej = ROW_COUNT;
        SELECT count(*) INTO n_read FROM tst_hub_ingest_rec;
        DROP TABLE tst_hub_ingest_rec, tst_hub_ingest_cols, tst_hub_ingest_raw, tst_hub_ingest_terms,
                   tst_hub_ingest_vals, tst_hub_ingest_bad, tst_hub_ingest_q;
    END IF;

    -- unknown header names are kept only when they look like column names:
    -- a file without a header line has a person's record as its first line
    b.unused_columns := ARRAY(
        SELECT CASE WHEN u.name ~ '^[A-Za-z_][A-Za-z0-9_ .-]{0,62}$'
                         AND @extschema@.ingest_shown_value(u.name) = u.name
                    THEN u.name ELSE '[withheld: not a column name]' END
          FROM unnest(b.unused_columns) WITH ORDINALITY u(name, i) ORDER BY u.i);
    -- the finish time is a value, not a call: Citus refuses VOLATILE
    -- functions in an UPDATE of a distributed table
    t1 := clock_timestamp();
    UPDATE @extschema@.ingest_batches x
       SET rows_read = n_read, rows_accepted = n_acc, rows_rejected = n_rej,
           rows_duplicate = n_read - n_acc - n_rej, unused_columns = b.unused_columns,
           finished_at = t1
     WHERE x.org_id = v_org AND x.batch_id = b.batch_id
    RETURNING * INTO b;
    -- what varies (the batch id, the speed) is in the detail: with
    -- VERBOSITY terse the message is the same on every run
    RAISE NOTICE 'ingest: % rows read, % accepted, % rejected, % already loaded',
        n_read, n_acc, n_rej, n_read - n_acc - n_rej
        USING DETAIL = format('batch %s, %s rows/s', b.batch_id,
                              round(n_read::numeric / greatest(extract(epoch FROM t1 - t0), 0.001)));
    RETURN b;
END
$fn$;
COMMENT ON FUNCTION ingest_csv(int4, text, text, int4, text) IS 'load a partner CSV file (ctdc, htcds or mapped) for an organisation: identifiers pseudonymised, bad records to ingest_rejects, a file already loaded is skipped, a file with none of the format''s columns is 22023; returns the batch';
REVOKE ALL ON FUNCTION ingest_csv(int4, text, text, int4, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ingest_csv(int4, text, text, int4, text) TO tst_hub_pseudonymiser;

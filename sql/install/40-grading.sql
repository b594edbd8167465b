-- ---------------------------------------------------------------------------
-- Intelligence grades: grade_3x5x2 ('1A P', UK College of Policing since
-- 2016), grade_5x5x5 ('B2 1', the UK scheme before it) and admiralty ('B2',
-- NATO AJP-2.1).  Pass-by-value int4 codes (src/hub/grading.h) whose order
-- is code order: source, then information, then handling, as each scheme
-- lists them (1 before 2, A before B).  Strength is read with source_score
-- and info_score, which are NULL for codes that are no degree of the scale
-- ("untested" in 5x5x5, "cannot be judged").
-- ---------------------------------------------------------------------------
CREATE TYPE grade_3x5x2;
CREATE TYPE grade_5x5x5;
CREATE TYPE admiralty;

CREATE FUNCTION grade_3x5x2_in(cstring) RETURNS grade_3x5x2
    AS 'MODULE_PATHNAME', 'grade_3x5x2_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION grade_3x5x2_out(grade_3x5x2) RETURNS cstring
    AS 'MODULE_PATHNAME', 'grade_3x5x2_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION grade_3x5x2_recv(internal) RETURNS grade_3x5x2
    AS 'MODULE_PATHNAME', 'grade_3x5x2_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION grade_3x5x2_send(grade_3x5x2) RETURNS bytea
    AS 'int4send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE grade_3x5x2 (
    INPUT = grade_3x5x2_in, OUTPUT = grade_3x5x2_out, RECEIVE = grade_3x5x2_recv, SEND = grade_3x5x2_send,
    INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain
);
COMMENT ON TYPE grade_3x5x2 IS 'UK 3x5x2 intelligence grade: source 1-3, information A-E, handling P or C, written ''1A P''';

CREATE FUNCTION grade_5x5x5_in(cstring) RETURNS grade_5x5x5
    AS 'MODULE_PATHNAME', 'grade_5x5x5_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION grade_5x5x5_out(grade_5x5x5) RETURNS cstring
    AS 'MODULE_PATHNAME', 'grade_5x5x5_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION grade_5x5x5_recv(internal) RETURNS grade_5x5x5
    AS 'MODULE_PATHNAME', 'grade_5x5x5_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION grade_5x5x5_send(grade_5x5x5) RETURNS bytea
    AS 'int4send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE grade_5x5x5 (
    INPUT = grade_5x5x5_in, OUTPUT = grade_5x5x5_out, RECEIVE = grade_5x5x5_recv, SEND = grade_5x5x5_send,
    INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain
);
COMMENT ON TYPE grade_5x5x5 IS 'UK 5x5x5 intelligence grade (before 2016): source A-E, intelligence 1-5, handling 1-5, written ''B2 1''';

CREATE FUNCTION admiralty_in(cstring) RETURNS admiralty
    AS 'MODULE_PATHNAME', 'admiralty_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION admiralty_out(admiralty) RETURNS cstring
    AS 'MODULE_PATHNAME', 'admiralty_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION admiralty_recv(internal) RETURNS admiralty
    AS 'MODULE_PATHNAME', 'admiralty_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION admiralty_send(admiralty) RETURNS bytea
    AS 'int4send' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE admiralty (
    INPUT = admiralty_in, OUTPUT = admiralty_out, RECEIVE = admiralty_recv, SEND = admiralty_send,
    INTERNALLENGTH = 4, PASSEDBYVALUE, ALIGNMENT = int4, STORAGE = plain
);
COMMENT ON TYPE admiralty IS 'NATO Admiralty code: source reliability A-F, information credibility 1-6, written ''B2''';

-- I/O comments, comparison and hashing: the same for the three types (int4 codes)
DO $grades$
DECLARE
    t text;
    op record;
BEGIN
    FOREACH t IN ARRAY ARRAY['grade_3x5x2', 'grade_5x5x5', 'admiralty'] LOOP
        EXECUTE format($c$
            COMMENT ON FUNCTION %1$I(cstring) IS 'I/O: parse a grade (case-insensitive, spaces optional)';
            COMMENT ON FUNCTION %2$I(%3$I) IS 'I/O: the canonical text';
            COMMENT ON FUNCTION %4$I(internal) IS 'I/O: binary input (int4 code, validated)';
            COMMENT ON FUNCTION %5$I(%3$I) IS 'I/O: binary output (int4 code)';
        $c$, t || '_in', t || '_out', t, t || '_recv', t || '_send');
        FOR op IN SELECT * FROM (VALUES
                ('eq', 'int4eq', '=', 'equal grades'), ('ne', 'int4ne', '<>', 'different grades'),
                ('lt', 'int4lt', '<', 'before in code order'), ('le', 'int4le', '<=', 'before in code order or equal'),
                ('gt', 'int4gt', '>', 'after in code order'), ('ge', 'int4ge', '>=', 'after in code order or equal'))
                AS v(suffix, impl, sym, meaning) LOOP
            EXECUTE format($c$
                CREATE FUNCTION %1$I(%2$I, %2$I) RETURNS bool AS %3$L
                    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
                COMMENT ON FUNCTION %1$I(%2$I, %2$I) IS %4$L;
            $c$, t || '_' || op.suffix, t, op.impl, 'implementation of ' || op.sym || ' operator');
        END LOOP;
        EXECUTE format($c$
            CREATE FUNCTION %1$I(%2$I, %2$I) RETURNS int4 AS 'btint4cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
            CREATE FUNCTION %3$I(%2$I) RETURNS int4 AS 'hashint4' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
            CREATE FUNCTION %4$I(%2$I, int8) RETURNS int8 AS 'hashint4extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
            COMMENT ON FUNCTION %1$I(%2$I, %2$I) IS 'btree support: three-way comparison in code order';
            COMMENT ON FUNCTION %3$I(%2$I) IS 'hash support';
            COMMENT ON FUNCTION %4$I(%2$I, int8) IS 'hash support (64-bit, seeded)';
            CREATE OPERATOR = (LEFTARG = %2$I, RIGHTARG = %2$I, FUNCTION = %5$I,
                COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
            CREATE OPERATOR <> (LEFTARG = %2$I, RIGHTARG = %2$I, FUNCTION = %6$I,
                COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel);
            CREATE OPERATOR < (LEFTARG = %2$I, RIGHTARG = %2$I, FUNCTION = %7$I,
                COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
            CREATE OPERATOR <= (LEFTARG = %2$I, RIGHTARG = %2$I, FUNCTION = %8$I,
                COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
            CREATE OPERATOR > (LEFTARG = %2$I, RIGHTARG = %2$I, FUNCTION = %9$I,
                COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
            CREATE OPERATOR >= (LEFTARG = %2$I, RIGHTARG = %2$I, FUNCTION = %10$I,
                COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel);
            COMMENT ON OPERATOR = (%2$I, %2$I) IS 'equal grades';
            COMMENT ON OPERATOR <> (%2$I, %2$I) IS 'different grades';
            COMMENT ON OPERATOR < (%2$I, %2$I) IS 'before in code order (source, information, handling)';
            COMMENT ON OPERATOR <= (%2$I, %2$I) IS 'before in code order, or equal';
            COMMENT ON OPERATOR > (%2$I, %2$I) IS 'after in code order';
            COMMENT ON OPERATOR >= (%2$I, %2$I) IS 'after in code order, or equal';
            CREATE OPERATOR CLASS %11$I DEFAULT FOR TYPE %2$I USING btree AS
                OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
                FUNCTION 1 %1$I(%2$I, %2$I);
            CREATE OPERATOR CLASS %12$I DEFAULT FOR TYPE %2$I USING hash AS
                OPERATOR 1 =, FUNCTION 1 %3$I(%2$I), FUNCTION 2 %4$I(%2$I, int8);
        $c$, t || '_cmp', t, t || '_hash', t || '_hash_extended', t || '_eq', t || '_ne',
             t || '_lt', t || '_le', t || '_gt', t || '_ge', t || '_ops', t || '_hash_ops');
        -- accessors
        EXECUTE format($c$
            CREATE FUNCTION source_score(%1$I) RETURNS int4 AS 'MODULE_PATHNAME', %2$L
                LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
            CREATE FUNCTION info_score(%1$I) RETURNS int4 AS 'MODULE_PATHNAME', %3$L
                LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
            CREATE FUNCTION source_code(%1$I) RETURNS text AS 'MODULE_PATHNAME', %4$L
                LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
            CREATE FUNCTION info_code(%1$I) RETURNS text AS 'MODULE_PATHNAME', %5$L
                LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
            CREATE FUNCTION grade_meaning(%1$I) RETURNS text AS 'MODULE_PATHNAME', %6$L
                LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
            COMMENT ON FUNCTION source_score(%1$I) IS 'source reliability as a score, 1 = most reliable; NULL when the code is no degree (untested, cannot be judged)';
            COMMENT ON FUNCTION info_score(%1$I) IS 'information assessment as a score, 1 = best; NULL when the code is no degree (cannot be judged)';
            COMMENT ON FUNCTION source_code(%1$I) IS 'the source code as written (1, A, ...)';
            COMMENT ON FUNCTION info_code(%1$I) IS 'the information code as written (A, 2, ...)';
            COMMENT ON FUNCTION grade_meaning(%1$I) IS 'the grade in words: source; information[; handling]';
        $c$, t, t || '_source_score', t || '_info_score', t || '_source_code', t || '_info_code', t || '_meaning');
    END LOOP;
END
$grades$;

CREATE FUNCTION handling(grade_3x5x2) RETURNS text
    AS 'MODULE_PATHNAME', 'grade_3x5x2_handling' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION handling(grade_5x5x5) RETURNS text
    AS 'MODULE_PATHNAME', 'grade_5x5x5_handling' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION handling(grade_3x5x2) IS 'the handling code: P (lawful sharing permitted) or C (subject to conditions)';
COMMENT ON FUNCTION handling(grade_5x5x5) IS 'the handling code 1-5';

-- Conversions (src/hub/grade_convert.c): the grade, whether meaning was lost, and
-- the handling instruction as text where the target cannot hold it
CREATE FUNCTION to_3x5x2(grade_5x5x5, OUT grade grade_3x5x2, OUT lossy bool, OUT conditions text)
    AS 'MODULE_PATHNAME', 'grade_5x5x5_to_3x5x2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION to_3x5x2(admiralty, handling text, OUT grade grade_3x5x2, OUT lossy bool, OUT conditions text)
    AS 'MODULE_PATHNAME', 'admiralty_to_3x5x2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION to_admiralty(grade_3x5x2, OUT grade admiralty, OUT lossy bool, OUT conditions text)
    AS 'MODULE_PATHNAME', 'grade_3x5x2_to_admiralty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION to_admiralty(grade_5x5x5, OUT grade admiralty, OUT lossy bool, OUT conditions text)
    AS 'MODULE_PATHNAME', 'grade_5x5x5_to_admiralty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION grade_conversions(OUT from_scheme text, OUT to_scheme text, OUT part text,
                                  OUT from_code text, OUT from_meaning text,
                                  OUT to_code text, OUT to_meaning text, OUT lossy bool)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'grade_conversions' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 50;
COMMENT ON FUNCTION to_3x5x2(grade_5x5x5) IS 'the 3x5x2 grade closest in meaning (never overstating reliability), lossy when a code has no equal; handling becomes C with the 5x5x5 instruction as conditions';
COMMENT ON FUNCTION to_3x5x2(admiralty, text) IS 'the 3x5x2 grade closest in meaning with the given handling (P or C, else 22023), lossy when a code has no equal';
COMMENT ON FUNCTION to_admiralty(grade_3x5x2) IS 'the Admiralty code closest in meaning (never overstating), lossy when a code has no equal; the handling returned as conditions text';
COMMENT ON FUNCTION to_admiralty(grade_5x5x5) IS 'the Admiralty code closest in meaning (never overstating), lossy when a code has no equal; the handling returned as conditions text';
COMMENT ON FUNCTION grade_conversions() IS 'every code mapping the conversions use, with the meanings on both sides and whether it loses meaning';

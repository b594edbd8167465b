-- crosswalks: CTDC and HTCDS values <-> terms, with lossy mappings reported
SET search_path = public, tst_hub;
\set SHOW_CONTEXT never

SELECT scheme, relation, count(*) FROM crosswalk GROUP BY 1, 2 ORDER BY 1, 2;

-- exact both ways
SELECT * FROM from_ctdc('isSexualExploit');
SELECT * FROM to_ctdc('exploitation/sexual');
SELECT * FROM from_htcds('vic_TypeOfExploitation', 'ForcedMilitaryByNonStateActors');

-- term -> CTDC when CTDC has only a broader column: nearest mapped ancestor
SELECT * FROM to_ctdc('exploitation/military/non_state');
SELECT * FROM to_ctdc('exploitation/sexual/online/children');

-- CTDC -> term when the CTDC value is a union of hub terms: broader term
SELECT * FROM from_ctdc('isOtherExploit');
SELECT * FROM from_ctdc('IP_TransactionProcess');

-- term -> HTCDS where HTCDS has no value of its own
SELECT * FROM to_htcds('control/restricts_movement');
-- a term with a sub-type maps to the type field and the sub-type field
SELECT * FROM to_htcds('exploitation/sexual/pornography') ORDER BY field;

-- nothing maps
SELECT * FROM from_ctdc('isAbduction', '0');
-- an unknown column or scheme is a mistake, not "nothing maps"
SELECT * FROM from_ctdc('noSuchColumn');
SELECT * FROM to_scheme('CTDC', 'control');
SELECT * FROM to_htcds('palermo_means/abuse_of_power');

-- every row's term is a real term, and every exact row maps back to itself
SELECT count(*) AS exact_rows,
       count(*) FILTER (WHERE NOT EXISTS (
           SELECT 1 FROM from_scheme(c.scheme, c.field, c.value) f WHERE f.term = c.term AND f.match = 'exact'))
           AS not_round_trip
  FROM crosswalk c WHERE relation = 'exact';

-- ingest a real CTDC file through the crosswalk: published frequencies check
CREATE TEMP TABLE ctdc (yearRegister text, gender text, majorityStatus text, isForcedLabour text,
    isSexualExploit text, UN_COO_Region text, UN_COE_Region text, IP_Exploiter text, IP_Gender text,
    IP_ageBroad text, IP_citizen_UNRegion text, IP_Relation text, IP_PayMoney text,
    IP_RecruiterBroker text, IP_TransactionProcess text, IP_ControlAbuseKidnap text);
\copy ctdc from program 'cat "$PG_ABS_SRCDIR/data/external/ctdc_vp_synthetic_2022_condensed.csv"' with (format csv, header true)
SELECT f.term AS gender, count(*)
  FROM ctdc, LATERAL from_ctdc('gender', ctdc.gender) f
 GROUP BY 1 ORDER BY 1;
SELECT rollup(f.term, 1) AS exploitation, count(*)
  FROM ctdc, LATERAL (SELECT term FROM from_ctdc('isForcedLabour') WHERE isForcedLabour = '1'
                      UNION ALL
                      SELECT term FROM from_ctdc('isSexualExploit') WHERE isSexualExploit = '1') f
 GROUP BY 1 ORDER BY 1;

-- Catalog rules every tst_hub object follows (docs/ARCHITECTURE.md "Where to add a function"): comments,
-- explicit volatility and parallel labels, pinned search_path on SECURITY
-- DEFINER, hashable/mergeable equality, and the roles of the privilege model.
BEGIN;
SELECT plan(14);

CREATE TEMP VIEW ext_procs AS
SELECT p.* FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
  JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
 WHERE e.extname = 'tst_hub' AND d.deptype = 'e';

SELECT is_empty($$SELECT oid::regprocedure FROM ext_procs WHERE obj_description(oid, 'pg_proc') IS NULL$$,
    'every function and aggregate has a COMMENT');
SELECT is_empty($$SELECT oid::regprocedure FROM ext_procs
                   WHERE prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
                     AND provolatile = 'v'
                     AND prosrc NOT IN ('key_material', 'discrete_laplace', 'dp_count_final', 'dp_sum_final', 'dp_avg_final',
                                        'dp_count_seal', 'dp_sum_seal', 'dp_count_open', 'dp_sum_open', 'dp_avg_open',
                                        'explain_cost', 'dp_reserve', 'dp_credit')$$,
    'no C function is left VOLATILE by default (key_material and discrete_laplace are random, the dp releases and dp_*_open spend session credit, dp_*_seal draw a nonce, dp_reserve writes the ledger, dp_credit reads session state, explain_cost runs a query)');
-- A function that reads a relation the caller names (a regclass argument) may
-- be given a temporary table, which parallel workers cannot read: RESTRICTED.
-- An aggregate whose final function is VOLATILE (pays from session credit) may be UNSAFE.
SELECT is_empty($$SELECT oid::regprocedure FROM ext_procs p
                   WHERE provolatile <> 'v' AND proparallel <> 's'
                     AND NOT (proparallel = 'r' AND 'regclass'::regtype = ANY (proargtypes))
                     AND NOT EXISTS (SELECT 1 FROM pg_aggregate a JOIN pg_proc f ON f.oid = a.aggfinalfn
                                      WHERE a.aggfnoid = p.oid AND f.provolatile = 'v')$$,
    'every function that does not write is PARALLEL SAFE, RESTRICTED when it reads a caller-named relation (aggregates: unless the final function writes)');
SELECT is_empty($$SELECT oid::regprocedure FROM ext_procs
                   WHERE prosecdef AND NOT coalesce(proconfig::text[] @> ARRAY['search_path=pg_catalog, pg_temp'], false)$$,
    'SECURITY DEFINER functions pin search_path');
SELECT is_empty($$SELECT oid::regprocedure FROM ext_procs
                   WHERE prosecdef AND has_function_privilege('public', oid, 'EXECUTE')$$,
    'SECURITY DEFINER functions are not executable by PUBLIC');
SELECT is_empty($$SELECT t.oid::regtype FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                   JOIN pg_type t ON d.classid = 'pg_type'::regclass AND t.oid = d.objid
                   WHERE e.extname = 'tst_hub' AND t.typtype = 'b' AND t.typcategory <> 'A'
                     AND obj_description(t.oid, 'pg_type') IS NULL$$,
    'every type has a COMMENT');
SELECT is_empty($$SELECT o.oid::regoperator FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                   JOIN pg_operator o ON d.classid = 'pg_operator'::regclass AND o.oid = d.objid
                   WHERE e.extname = 'tst_hub' AND obj_description(o.oid, 'pg_operator') IS NULL$$,
    'every operator has a COMMENT');
SELECT is_empty($$SELECT o.oid::regoperator FROM pg_operator o
                   WHERE o.oprname = '=' AND o.oprleft IN ('tst_hub.term'::regtype, 'tst_hub.term_set'::regtype)
                     AND NOT (o.oprcanhash AND o.oprcanmerge)$$,
    '= on term and term_set hashes and merges (GROUP BY, joins, Citus)');
-- Aggregates for large data distribute: Citus pushes down only aggregates
-- with a combine function and a real (not pseudo-type) state type.
SELECT is_empty($$SELECT a.aggfnoid::regprocedure FROM pg_aggregate a JOIN ext_procs p ON p.oid = a.aggfnoid
                   JOIN pg_type t ON t.oid = a.aggtranstype
                   WHERE t.typtype = 'p' OR a.aggcombinefn = 0$$,
    'every aggregate has a typed state and a combine function (parallel plans, Citus)');
SELECT is_empty($$SELECT p.oid::regprocedure FROM ext_procs p
                   WHERE p.prosrc ~ '_hash$' AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'internal')$$,
    'no hash support function borrows a built-in (hashint8 folds the id''s halves)');
SELECT is((SELECT string_agg(rolname || ':' || rolcanlogin, ' ' ORDER BY rolname) FROM pg_roles
            WHERE rolname IN ('tst_hub_admin', 'tst_hub_analyst', 'tst_hub_pseudonymiser')),
    'tst_hub_admin:false tst_hub_analyst:false tst_hub_pseudonymiser:false',
    'the three group roles exist and cannot log in');
SELECT ok(NOT has_table_privilege('tst_hub_analyst', 'tst_hub.category_map', 'INSERT'),
    'analysts cannot change partner mappings');
SELECT ok(has_table_privilege('tst_hub_admin', 'tst_hub.category_map', 'INSERT'),
    'admins can change partner mappings');
SELECT ok(NOT has_function_privilege('public', 'tst_hub.observe_category(int4, text)', 'EXECUTE'),
    'only ingest roles record seen labels');

SELECT * FROM finish();
ROLLBACK;

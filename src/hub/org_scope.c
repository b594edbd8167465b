/*
 * org_scope.c
 *	  my_org_ids(): the organisations of the current role, looked up once per
 *	  statement and role, for row-level security policies.
 *
 * Why C: a policy written as org_id = ANY ((SELECT member_org_ids())) puts an
 * InitPlan in the plan, and the planner may evaluate a cheap leakproof
 * condition of the caller (country = 'FR') first, so EXPLAIN ANALYZE shows
 * the InitPlan "never executed" exactly when no row of any organisation
 * matches the caller's condition.  A plain function call in the filter leaves
 * no such trace; caching its answer in fn_extra keeps it one look-up per
 * statement instead of one per row.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"

typedef struct OrgScopeCache
{
	Oid			member_fn;		/* member_org_ids() in our schema */
	LocalTransactionId lxid;	/* statement and role the answer is for */
	CommandId	cid;
	Oid			user;
	Datum		orgs;			/* int4[] in fn_mcxt, or 0 */
} OrgScopeCache;

PG_FUNCTION_INFO_V1(hub_my_org_ids);
Datum
hub_my_org_ids(PG_FUNCTION_ARGS)
{
	OrgScopeCache *c = (OrgScopeCache *) fcinfo->flinfo->fn_extra;
	Oid			user = GetUserId();
	CommandId	cid = GetCurrentCommandId(false);

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(OrgScopeCache));
		fcinfo->flinfo->fn_extra = c;
	}
	if (!OidIsValid(c->member_fn))
	{
		char	   *schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));

		c->member_fn = LookupFuncName(list_make2(makeString(schema), makeString("member_org_ids")),
									  0, NULL, false);
	}
	/* org_members may change between statements, and SET ROLE too */
	if (c->orgs == (Datum) 0 || c->lxid != MyProc->lxid || c->cid != cid || c->user != user)
	{
		Datum		d = OidFunctionCall0(c->member_fn);
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (c->orgs != (Datum) 0)
			pfree(DatumGetPointer(c->orgs));
		c->orgs = datumCopy(d, false, -1);
		MemoryContextSwitchTo(old);
		c->lxid = MyProc->lxid;
		c->cid = cid;
		c->user = user;
	}
	PG_RETURN_DATUM(datumCopy(c->orgs, false, -1));
}

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
 *
 * Citus: org_members is a reference table and Citus sends the policies to
 * the workers, where my_org_ids() runs inside a shard query.  A query of
 * org_members there (member_org_ids()) is a distributed query inside a
 * shard query, which Citus refuses, and the worker's own org_members is an
 * empty shell.  So once org_members is distributed, my_org_ids() reads its
 * local shard (one on every node of a reference table) with a heap scan and
 * no query, and applies the same rules as member_org_ids(): the caller needs
 * SELECT on org_members, and a row counts when the caller is a member of
 * the row's role.  The role is matched by NAME (member_name), never by the
 * stored OID: the same role has a different OID on every node.
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "parser/parse_relation.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "common/common.h"

typedef struct OrgScopeCache
{
	Oid			member_fn;		/* member_org_ids() in our schema */
	Oid			members;		/* org_members */
	LocalTransactionId lxid;	/* statement and role the answer is for */
	CommandId	cid;
	Oid			user;
	Datum		orgs;			/* int4[] in fn_mcxt, or 0 */
} OrgScopeCache;


/*
 * member_org_ids() over a local shard of org_members, by heap scan: the
 * organisations of the rows whose role (by member_name, resolved on this
 * node) the current role is a member of.  Same access rule as the query:
 * SELECT on org_members; its policies show a role at most its own rows,
 * which are the only ones counted here.
 */
static Datum
org_ids_from_shard(Oid members, Oid shard)
{
	Oid			user = GetUserId();
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	AttrNumber	att_org,
				att_name;
	int			n = 0,
				cap = 8;
	Datum	   *orgs = palloc(cap * sizeof(Datum));

	if (pg_class_aclcheck(members, user, ACL_SELECT) != ACLCHECK_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for table %s", get_rel_name(members))));
	rel = table_open(shard, AccessShareLock);
	att_org = attnameAttNum(rel, "org_id", false);
	att_name = attnameAttNum(rel, "member_name", false);
	if (att_org == InvalidAttrNumber || att_name == InvalidAttrNumber ||
		TupleDescAttr(RelationGetDescr(rel), att_org - 1)->atttypid != INT4OID ||
		TupleDescAttr(RelationGetDescr(rel), att_name - 1)->atttypid != NAMEOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("the local shard of org_members has not the columns of org_members"),
				 errhint("Update tst_hub on every node (ALTER EXTENSION tst_hub UPDATE).")));
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		bool		isnull;
		Datum		org = heap_getattr(tup, att_org, RelationGetDescr(rel), &isnull);
		Datum		name;
		Oid			role;
		bool		seen = false;

		if (isnull)
			continue;
		name = heap_getattr(tup, att_name, RelationGetDescr(rel), &isnull);
		if (isnull)
			continue;			/* cannot be matched: counts for nobody */
		role = get_role_oid(NameStr(*DatumGetName(name)), true);
		if (!OidIsValid(role) || !is_member_of_role(user, role))
			continue;
		for (int i = 0; i < n && !seen; i++)
			seen = DatumGetInt32(orgs[i]) == DatumGetInt32(org);
		if (seen)
			continue;
		if (n == cap)
		{
			cap *= 2;
			orgs = repalloc(orgs, cap * sizeof(Datum));
		}
		orgs[n++] = org;
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	/* sorted, as member_org_ids() answers */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && DatumGetInt32(orgs[j - 1]) > DatumGetInt32(orgs[j]); j--)
		{
			Datum		t = orgs[j];

			orgs[j] = orgs[j - 1];
			orgs[j - 1] = t;
		}
	return PointerGetDatum(construct_array(orgs, n, INT4OID, sizeof(int32), true, TYPALIGN_INT));
}

/*
 * The current role's organisations: member_org_ids() on one server (and on
 * a Citus coordinator with no placement of org_members, where that query is
 * an ordinary distributed query), else the local shard.
 */
static Datum
lookup_org_ids(OrgScopeCache *c)
{
	bool		distributed;
	Oid			shard;
	Datum		d;
	bool		pushed = !ActiveSnapshotSet();

	if (pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	shard = tst_citus_local_shard(c->members, &distributed);
	if (distributed && OidIsValid(shard))
		d = org_ids_from_shard(c->members, shard);
	else
		d = OidFunctionCall0(c->member_fn);
	if (pushed)
		PopActiveSnapshot();
	return d;
}

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

		c->members = get_relname_relid("org_members", get_func_namespace(fcinfo->flinfo->fn_oid));
		if (!OidIsValid(c->members))
			elog(ERROR, "tst_hub table org_members is missing");
		c->member_fn = LookupFuncName(list_make2(makeString(schema), makeString("member_org_ids")),
									  0, NULL, false);
	}
	/* org_members may change between statements, and SET ROLE too */
	if (c->orgs == (Datum) 0 || c->lxid != MyProc->lxid || c->cid != cid || c->user != user)
	{
		Datum		d = lookup_org_ids(c);
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

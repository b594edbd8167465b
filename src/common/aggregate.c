/*
 * aggregate.c
 *	  What every aggregate's support functions share.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"

#include "common/common.h"

MemoryContext
tst_agg_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext cxt;

	if (!AggCheckCallContext(fcinfo, &cxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called by its aggregate", fn)));
	return cxt;
}

/*
 * Where a call site keeps its expanded states under one aggregate context.
 * The executor keeps a read-write expanded state without copying only when
 * its context is a child of the aggregate context; one child per group
 * would make hash aggregation quadratic (PostgreSQL sums the memory of every
 * child context for each new group), so all groups share one child.  The
 * entry forgets the child when the executor resets the aggregate context.
 */
typedef struct StatesContext
{
	MemoryContext aggcxt;
	MemoryContext states;		/* NULL once deleted with its parent */
	MemoryContextCallback forget;
	struct StatesContext *next;
} StatesContext;

static void
forget_states(void *arg)
{
	((StatesContext *) arg)->states = NULL;
}

/* Is cxt older or as old as the context it holds (an ancestor or itself)? */
static bool
outlives(MemoryContext cxt, MemoryContext held)
{
	for (MemoryContext c = held; c != NULL; c = c->parent)
		if (c == cxt)
			return true;
	return false;
}

MemoryContext
tst_agg_states_context(FunctionCallInfo fcinfo, MemoryContext aggcxt)
{
	StatesContext *e;

	/*
	 * The cache lives with the FmgrInfo and is cleared when the states die;
	 * that is safe only if it outlives them.  The executor's FmgrInfos do;
	 * callers that make an FmgrInfo per call in short-lived memory (Citus's
	 * worker_partial_agg) get a context per state instead.
	 */
	if (!outlives(fcinfo->flinfo->fn_mcxt, aggcxt))
		return AllocSetContextCreate(aggcxt, "tst_hub aggregate state", ALLOCSET_SMALL_SIZES);

	/* grouping sets give one call site several aggregate contexts */
	for (e = fcinfo->flinfo->fn_extra; e != NULL; e = e->next)
		if (e->aggcxt == aggcxt)
			break;
	if (e == NULL)
	{
		e = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(StatesContext));
		e->aggcxt = aggcxt;
		e->next = fcinfo->flinfo->fn_extra;
		fcinfo->flinfo->fn_extra = e;
	}
	if (e->states == NULL)
	{
		e->states = AllocSetContextCreate(aggcxt, "tst_hub aggregate states", ALLOCSET_DEFAULT_SIZES);
		e->forget.func = forget_states;
		e->forget.arg = e;
		MemoryContextRegisterResetCallback(e->states, &e->forget);
	}
	return e->states;
}

ExpandedObjectHeader *
tst_rw_state_arg(FunctionCallInfo fcinfo, const ExpandedObjectMethods *methods)
{
	ExpandedObjectHeader *eoh;

	if (PG_ARGISNULL(0) || !VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))))
		return NULL;
	eoh = DatumGetEOHP(PG_GETARG_DATUM(0));
	/* a read-write expanded value of the state type can only be ours */
	Assert(eoh->eoh_methods == methods);
	return eoh;
}

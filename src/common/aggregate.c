/*
 * aggregate.c
 *	  What every aggregate's support functions share.
 */
#include "postgres.h"

#include "fmgr.h"

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

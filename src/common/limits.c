/*
 * limits.c
 *	  The limits every function shares: how many rows a set-returning
 *	  function may make, and NULL elements in array arguments.
 */
#include "postgres.h"

#include "common/common.h"

void
tst_check_srf_rows(double rows, const char *fn, const char *hint)
{
	/* NaN or infinity from a degenerate estimate is refused too */
	if (!(rows <= (double) TST_MAX_SRF_ROWS))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s would return about %.0f rows, more than the limit of " INT64_FORMAT " rows of a set-returning function",
						fn, rows, TST_MAX_SRF_ROWS),
				 errhint("%s", hint)));
}

void
tst_check_no_nulls(const bool *nulls, int n, const char *fn, const char *arg)
{
	if (nulls == NULL)
		return;
	for (int i = 0; i < n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s: element %d of %s is NULL", fn, i + 1, arg),
					 errhint("Remove the NULL elements (array_remove(a, NULL)).")));
}

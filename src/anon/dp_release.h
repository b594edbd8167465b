/*
 * dp_release.h
 *	  A differentially private figure between aggregation and release: the
 *	  true value of a group and the parameters of its release.  The dp final
 *	  functions release it where they run; dp_sealed.c seals it where the
 *	  group was aggregated (a Citus worker) and releases it on the
 *	  coordinator, where the ledger and the session's credit are.
 */
#ifndef TST_HUB_DP_RELEASE_H
#define TST_HUB_DP_RELEASE_H

#include "fmgr.h"
#include "utils/numeric.h"

#include "anon/noise_state.h"

typedef struct DpFigure
{
	int			kind;			/* NOISE_DP_COUNT or NOISE_DP_SUM */
	bool		has_params;		/* false: no row, and the call was not seen */
	int64		eps_micro;
	int64		lower;			/* dp_sum: bounds of a person's total */
	int64		upper;
	char		budget[NOISE_BUDGET_MAX + 1];
	int64		value;			/* distinct persons, or the sum of clamped totals */
	int64		persons;
} DpFigure;

/* The figure of a dp aggregate's group at its final function, not released. */
extern void dp_figure_at_final(FunctionCallInfo fcinfo, int kind, DpFigure *f);

/*
 * The release parameters a function was called with, from first_arg on:
 * (epsilon, budget) for a count, (lower, upper, epsilon, budget) for a sum;
 * 22004 / 22023 as for the aggregates.
 */
extern void dp_figure_params_from_args(FunctionCallInfo fcinfo, int kind, int first_arg,
									   DpFigure *f);

/* Pays, then value plus noise; false (nothing drawn) in explain_cost's dry run. */
extern bool dp_figure_release(const DpFigure *f, int64 *value);

/* dp_avg of a sum figure: pays 2 x epsilon; false in a dry run. */
extern bool dp_figure_release_avg(const DpFigure *f, Numeric *value);

/* 0A000 when running inside a Citus worker's task: a release cannot be paid there. */
extern void dp_refuse_citus_worker(const char *fn);

#endif

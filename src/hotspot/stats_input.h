/*
 * stats_input.h
 *	  The SQL general forms' shared input: areas as (ids, vals) arrays and
 *	  neighbours as directed pairs (nbr_i, nbr_j, w), checked and put in a
 *	  canonical order (ids ascending) so that results do not depend on the
 *	  order of the input rows.
 */
#ifndef TST_HUB_STATS_INPUT_H
#define TST_HUB_STATS_INPUT_H

#include "fmgr.h"
#include "utils/array.h"

#include "hotspot/stats.h"

typedef struct StatsInput
{
	int			n_all;			/* areas given */
	int64	   *ids;			/* their ids, ascending */
	int		   *obs;			/* area -> observation index, -1 if missing */
	int			n;				/* observations: areas with a value */
	double	   *y;				/* their values */
	StatsGraph	g;				/* neighbours among the observations */
	StatsTransform t;
} StatsInput;

/*
 * Reads arguments ids, vals, nbr_i, nbr_j, w at argno..argno+4 and the
 * transform at targno of a SQL function named fn; raises
 * 22004/22023/22003/54000 for bad input.
 */
extern void stats_input_read(FunctionCallInfo fcinfo, int argno, int targno, const char *fn,
							 StatsInput *in);

/* 'B'/'R' (either case) or 22023 naming the allowed ones. */
extern StatsTransform stats_transform_arg(FunctionCallInfo fcinfo, int argno, const char *fn);

/* 22004 naming the argument when it is NULL. */
extern void stats_not_null(FunctionCallInfo fcinfo, int argno, const char *fn, const char *arg);

/*
 * A series argument as doubles (NULL elements as NaN): 22003 for +-inf,
 * 22023 for fewer than 3 values, 54000 beyond STATS_MAX_SERIES entries.
 */
extern double *stats_series_arg(ArrayType *a, const char *fn, int *n);

/* 22023 unless 0 < alpha < 1. */
extern void stats_check_alpha(double alpha, const char *fn);

/* mann_kendall_result of a checked series. */
extern Datum stats_mk_datum(FunctionCallInfo fcinfo, const double *x, int n, double alpha);

#endif

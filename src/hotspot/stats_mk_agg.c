/*
 * stats_mk_agg.c
 *	  mann_kendall_agg(t, v [, alpha]): Mann-Kendall over (time, value) rows
 *	  ordered by t.  The state is a plain float8[] {alpha, t1, v1, t2, v2,
 *	  ...} (a NULL or NaN value is stored as NaN, a missing step), so it
 *	  round-trips exactly through text and binary I/O, partial states
 *	  concatenate, and the order rows arrive in never matters: the final
 *	  function sorts by t.  Times only order the values; positions are ranks
 *	  (equal spacing, as pyMannKendall assumes for an array).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"

#include "common/common.h"
#include "hotspot/stats.h"
#include "hotspot/stats_input.h"

/* times as float8 are exact within +-2^53 (microseconds: 1715..2285) */
#define MK_MAX_T	9007199254740992.0

typedef struct TV
{
	double		t,
				v;
} TV;

static ArrayType *
state_new(int nelems)
{
	Size		sz = ARR_OVERHEAD_NONULLS(1) + sizeof(double) * nelems;
	ArrayType  *a = palloc0(sz);

	SET_VARSIZE(a, sz);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = FLOAT8OID;
	ARR_DIMS(a)[0] = nelems;
	ARR_LBOUND(a)[0] = 1;
	return a;
}

/* The state's elements after checking its shape (XX001 if it is not one). */
static double *
state_elems(ArrayType *a, int *nelems)
{
	double	   *d;

	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != FLOAT8OID ||
		ARR_DIMS(a)[0] % 2 != 1)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid mann_kendall_agg state"),
				 errdetail("A state is a one-dimensional float8[] {alpha, t1, v1, ...} without NULLs.")));
	*nelems = ARR_DIMS(a)[0];
	d = (double *) ARR_DATA_PTR(a);
	if (!(d[0] > 0 && d[0] < 1))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid mann_kendall_agg state: alpha %g", d[0])));
	for (int k = 1; k < *nelems; k += 2)
		if (!(fabs(d[k]) <= MK_MAX_T) || d[k] != floor(d[k]) || fabs(d[k + 1]) > STATS_MAX_MAGNITUDE)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("invalid mann_kendall_agg state: entry %d", k / 2 + 1)));
	return d;
}

static void
check_size(int points)
{
	if (points > STATS_MAX_SERIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("mann_kendall_agg: at most %d time steps are supported", STATS_MAX_SERIES)));
}

static void
same_alpha(double a, double b)
{
	if (a != b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mann_kendall_agg: alpha must be the same in every row (%g and %g)", a, b)));
}

/* (state, t timestamptz|int8, v float8 [, alpha float8]) -> state */
PG_FUNCTION_INFO_V1(mann_kendall_trans);
Datum
mann_kendall_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = tst_agg_context(fcinfo, "mann_kendall_trans");
	double		alpha = 0.05;
	int64		t;
	double		v;
	int			old = 0;
	double	   *od = NULL,
			   *nd;
	ArrayType  *next;
	MemoryContext oldcxt;

	if (PG_NARGS() > 3)
	{
		stats_not_null(fcinfo, 3, "mann_kendall_agg", "alpha");
		alpha = PG_GETARG_FLOAT8(3);
		stats_check_alpha(alpha, "mann_kendall_agg");
	}
	stats_not_null(fcinfo, 1, "mann_kendall_agg", "t");
	/* timestamptz and int8 are both int64 */
	t = PG_GETARG_INT64(1);
	if (!((double) t <= MK_MAX_T && (double) t >= -MK_MAX_T))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("mann_kendall_agg: time " INT64_FORMAT " is out of range", t),
				 errdetail("Times must lie within +-2^53 (as timestamps: about 1715 to 2285, finite).")));
	v = PG_ARGISNULL(2) ? NAN : PG_GETARG_FLOAT8(2);
	if (fabs(v) > STATS_MAX_MAGNITUDE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 isinf(v) ? errmsg("mann_kendall_agg: an infinite value at time " INT64_FORMAT, t) :
				 errmsg("mann_kendall_agg: the value at time " INT64_FORMAT " is out of range", t),
				 errdetail("Values are at most %g in magnitude.", STATS_MAX_MAGNITUDE)));
	if (!PG_ARGISNULL(0))
	{
		od = state_elems(PG_GETARG_ARRAYTYPE_P(0), &old);
		same_alpha(od[0], alpha);
	}
	else
		old = 1;
	check_size(old / 2 + 1);

	oldcxt = MemoryContextSwitchTo(aggcxt);
	next = state_new(old + 2);
	MemoryContextSwitchTo(oldcxt);
	nd = (double *) ARR_DATA_PTR(next);
	if (od != NULL)
		memcpy(nd, od, sizeof(double) * old);
	nd[0] = alpha;
	nd[old] = (double) t;
	nd[old + 1] = v;
	PG_RETURN_ARRAYTYPE_P(next);
}

/* Two partial states: their rows together (strict; alpha must agree). */
PG_FUNCTION_INFO_V1(mann_kendall_combine);
Datum
mann_kendall_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt = tst_agg_context(fcinfo, "mann_kendall_combine");
	int			na,
				nb;
	double	   *a = state_elems(PG_GETARG_ARRAYTYPE_P(0), &na);
	double	   *b = state_elems(PG_GETARG_ARRAYTYPE_P(1), &nb);
	ArrayType  *next;
	MemoryContext oldcxt;

	same_alpha(a[0], b[0]);
	check_size((na - 1) / 2 + (nb - 1) / 2);
	oldcxt = MemoryContextSwitchTo(aggcxt);
	next = state_new(na + nb - 1);
	MemoryContextSwitchTo(oldcxt);
	memcpy(ARR_DATA_PTR(next), a, sizeof(double) * na);
	memcpy((double *) ARR_DATA_PTR(next) + na, b + 1, sizeof(double) * (nb - 1));
	PG_RETURN_ARRAYTYPE_P(next);
}

static int
tv_cmp(const void *x, const void *y)
{
	double		a = ((const TV *) x)->t,
				b = ((const TV *) y)->t;

	return a < b ? -1 : a > b ? 1 : 0;
}

/* The state's rows by time, then Mann-Kendall; the state is not changed. */
PG_FUNCTION_INFO_V1(mann_kendall_final);
Datum
mann_kendall_final(PG_FUNCTION_ARGS)
{
	int			ne,
				np,
				present = 0;
	double	   *d = state_elems(PG_GETARG_ARRAYTYPE_P(0), &ne);
	TV		   *tv;
	double	   *x;

	np = (ne - 1) / 2;
	check_size(np);
	tv = palloc(sizeof(TV) * Max(np, 1));
	memcpy(tv, d + 1, sizeof(TV) * np);
	qsort(tv, np, sizeof(TV), tv_cmp);
	x = palloc(sizeof(double) * Max(np, 1));
	for (int k = 0; k < np; k++)
	{
		if (k > 0 && tv[k].t == tv[k - 1].t)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("mann_kendall_agg: time %.0f appears more than once", tv[k].t),
					 errdetail("Times are shown as integers (timestamps: microseconds since 2000-01-01 UTC)."),
					 errhint("Aggregate to one value per time step first (e.g. GROUP BY the time bin).")));
		x[k] = tv[k].v;
		present += !isnan(x[k]);
	}
	if (present < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("mann_kendall_agg needs at least 3 values, got %d", present),
				 errdetail("NULL and NaN values are skipped.")));
	PG_RETURN_DATUM(stats_mk_datum(fcinfo, x, np, d[0]));
}

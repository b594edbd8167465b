/*
 * stats_input.c
 *	  Reading (ids, vals, nbr_i, nbr_j, w, transform) for getis_ord,
 *	  local_moran and global_moran: every check the SQL surface promises,
 *	  then a CSR neighbour structure over the areas that have a value.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "common/common.h"
#include "hotspot/stats_input.h"

void
stats_not_null(FunctionCallInfo fcinfo, int argno, const char *fn, const char *arg)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: %s must not be NULL", fn, arg)));
}

StatsTransform
stats_transform_arg(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	char	   *s;

	stats_not_null(fcinfo, argno, fn, "transform");
	s = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (strcmp(s, "B") == 0 || strcmp(s, "b") == 0)
		return STATS_BINARY;
	if (strcmp(s, "R") == 0 || strcmp(s, "r") == 0)
		return STATS_ROW;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: unknown transform \"%s\"; allowed are 'B' (binary) and 'R' (row-standardised)",
					fn, tst_shown(s, strlen(s), 40))));
	return STATS_BINARY;		/* not reached */
}

/* Elements of a float8[] or int8[] argument; nulls[i] set for NULL elements. */
static int
array_arg(FunctionCallInfo fcinfo, int argno, Oid elem, Datum **d, bool **nulls)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);
	int			n;

	Assert(ARR_ELEMTYPE(a) == elem);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("array argument %d must be one-dimensional", argno + 1)));
	deconstruct_array(a, elem, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, d, nulls, &n);
	return n;
}

static void
no_null_elements(const bool *nulls, int n, const char *fn, const char *arg)
{
	for (int i = 0; i < n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s: %s[%d] is NULL", fn, arg, i + 1),
					 errhint("Every id and every neighbour pair must be given.")));
}

typedef struct IdPos
{
	int64		id;
	int			pos;			/* index in the ids argument */
} IdPos;

static int
idpos_cmp(const void *a, const void *b)
{
	int64		x = ((const IdPos *) a)->id,
				y = ((const IdPos *) b)->id;

	return x < y ? -1 : x > y ? 1 : 0;
}

typedef struct Pair
{
	int32		a,
				b;
	double		w;
	int			pos;			/* index in the pair arguments */
} Pair;

static int
pair_cmp(const void *x, const void *y)
{
	const Pair *p = x,
			   *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return p->pos - q->pos;
}

/* Index of id among the sorted ids, or 22023 for an id that is not an area. */
static int
area_of(const int64 *ids, int n, int64 id, const char *fn, const char *arg, int pos)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (ids[mid] == id)
			return mid;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: %s[%d] = " INT64_FORMAT " is not one of the ids", fn, arg, pos + 1, id)));
	return -1;					/* not reached */
}

void
stats_input_read(FunctionCallInfo fcinfo, int argno, int targno, const char *fn, StatsInput *in)
{
	Datum	   *idd,
			   *vd,
			   *pid,
			   *pjd,
			   *wd = NULL;
	bool	   *idn,
			   *vn,
			   *pin,
			   *pjn,
			   *wn = NULL;
	int			nids,
				nvals,
				npi,
				npj,
				nw = 0;
	IdPos	   *sorted;
	Pair	   *pairs;
	int			np = 0;
	int64	   *off;
	int32	   *col;
	double	   *w;

	stats_not_null(fcinfo, argno, fn, "ids");
	stats_not_null(fcinfo, argno + 1, fn, "vals");
	stats_not_null(fcinfo, argno + 2, fn, "nbr_i");
	stats_not_null(fcinfo, argno + 3, fn, "nbr_j");
	in->t = stats_transform_arg(fcinfo, targno, fn);

	nids = array_arg(fcinfo, argno, INT8OID, &idd, &idn);
	nvals = array_arg(fcinfo, argno + 1, FLOAT8OID, &vd, &vn);
	npi = array_arg(fcinfo, argno + 2, INT8OID, &pid, &pin);
	npj = array_arg(fcinfo, argno + 3, INT8OID, &pjd, &pjn);
	if (!PG_ARGISNULL(argno + 4))
		nw = array_arg(fcinfo, argno + 4, FLOAT8OID, &wd, &wn);

	if (nids != nvals)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: ids has %d elements but vals has %d", fn, nids, nvals)));
	if (npi != npj || (wd != NULL && nw != npi))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: nbr_i, nbr_j and w must have equal lengths (%d, %d, %d)",
						fn, npi, npj, wd != NULL ? nw : npi),
				 errhint("Pass w as NULL for weights of 1.")));
	if (nids > STATS_MAX_AREAS || npi > STATS_MAX_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: at most %d areas and %d neighbour pairs are supported", fn,
						STATS_MAX_AREAS, STATS_MAX_PAIRS)));
	no_null_elements(idn, nids, fn, "ids");
	no_null_elements(pin, npi, fn, "nbr_i");
	no_null_elements(pjn, npj, fn, "nbr_j");
	if (wd != NULL)
		no_null_elements(wn, nw, fn, "w");

	/* canonical order: ids ascending */
	sorted = palloc(sizeof(IdPos) * Max(nids, 1));
	for (int i = 0; i < nids; i++)
	{
		sorted[i].id = DatumGetInt64(idd[i]);
		sorted[i].pos = i;
	}
	qsort(sorted, nids, sizeof(IdPos), idpos_cmp);
	in->n_all = nids;
	in->ids = palloc(sizeof(int64) * Max(nids, 1));
	in->obs = palloc(sizeof(int) * Max(nids, 1));
	in->y = palloc(sizeof(double) * Max(nids, 1));
	in->n = 0;
	for (int k = 0; k < nids; k++)
	{
		double		v;

		if (k > 0 && sorted[k].id == sorted[k - 1].id)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: id " INT64_FORMAT " appears more than once in ids", fn, sorted[k].id)));
		in->ids[k] = sorted[k].id;
		in->obs[k] = -1;
		if (vn[sorted[k].pos])
			continue;
		v = DatumGetFloat8(vd[sorted[k].pos]);
		if (fabs(v) > STATS_MAX_MAGNITUDE)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 isinf(v) ? errmsg("%s: the value of id " INT64_FORMAT " is infinite", fn, sorted[k].id) :
					 errmsg("%s: the value of id " INT64_FORMAT " is out of range", fn, sorted[k].id),
					 errdetail("Values are at most %g in magnitude.", STATS_MAX_MAGNITUDE)));
		if (isnan(v))
			continue;
		in->obs[k] = in->n;
		in->y[in->n++] = v;
	}
	if (in->n < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs at least 3 areas with a value, got %d", fn, in->n),
				 errdetail("%d areas were given; NULL and NaN values are left out.", nids)));

	/* pairs as observation indexes; weight-0 pairs and missing areas drop out */
	pairs = palloc(sizeof(Pair) * Max(npi, 1));
	for (int k = 0; k < npi; k++)
	{
		int64		idi = DatumGetInt64(pid[k]),
					idj = DatumGetInt64(pjd[k]);
		int			ai,
					aj;
		double		wt = 1;

		if ((k & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (idi == idj)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: pair %d (" INT64_FORMAT ", " INT64_FORMAT ") links an area to itself",
							fn, k + 1, idi, idj),
					 errhint("Give neighbours only; Gi* adds the self weight itself (star => true).")));
		ai = area_of(in->ids, nids, idi, fn, "nbr_i", k);
		aj = area_of(in->ids, nids, idj, fn, "nbr_j", k);
		if (wd != NULL)
		{
			wt = DatumGetFloat8(wd[k]);
			if (fabs(wt) > STATS_MAX_MAGNITUDE)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 isinf(wt) ? errmsg("%s: weight w[%d] is infinite", fn, k + 1) :
						 errmsg("%s: weight w[%d] is out of range", fn, k + 1),
						 errdetail("Weights are at most %g.", STATS_MAX_MAGNITUDE)));
			if (isnan(wt) || wt < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: weight w[%d] = %g must be a number >= 0", fn, k + 1, wt)));
			if (in->t == STATS_BINARY && wt != 0 && wt != 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: weight w[%d] = %g is not 0 or 1, as transform 'B' needs", fn, k + 1, wt),
						 errhint("Use transform 'R' for general weights, or pass w as NULL.")));
		}
		pairs[np].a = ai;
		pairs[np].b = aj;
		pairs[np].w = wt;
		pairs[np].pos = k;
		np++;
	}
	qsort(pairs, np, sizeof(Pair), pair_cmp);
	for (int k = 1; k < np; k++)
		if (pairs[k].a == pairs[k - 1].a && pairs[k].b == pairs[k - 1].b)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: pair (" INT64_FORMAT ", " INT64_FORMAT ") is given more than once (pairs %d and %d)",
							fn, in->ids[pairs[k].a], in->ids[pairs[k].b],
							Min(pairs[k].pos, pairs[k - 1].pos) + 1, Max(pairs[k].pos, pairs[k - 1].pos) + 1),
					 errhint("Pairs are directed: (i, j) and (j, i) are different pairs, each given once.")));

	/* CSR over the observations (ascending ids keep columns ascending) */
	off = palloc0(sizeof(int64) * (in->n + 1));
	col = palloc(sizeof(int32) * Max(np, 1));
	w = palloc(sizeof(double) * Max(np, 1));
	{
		int64		m = 0;

		for (int k = 0; k < np; k++)
		{
			int			oi = in->obs[pairs[k].a],
						oj = in->obs[pairs[k].b];

			if (oi < 0 || oj < 0 || pairs[k].w == 0)
				continue;
			off[oi + 1]++;
			col[m] = oj;
			w[m] = pairs[k].w;
			m++;
		}
		for (int i = 0; i < in->n; i++)
			off[i + 1] += off[i];
		Assert(off[in->n] == m);
	}
	in->g.n = in->n;
	in->g.off = off;
	in->g.col = col;
	in->g.w = w;
	pfree(pairs);
	pfree(sorted);
}

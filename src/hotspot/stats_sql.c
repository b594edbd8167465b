/*
 * stats_sql.c
 *	  SQL general forms of the hotspot statistics: getis_ord, local_moran,
 *	  global_moran (areas and neighbour pairs as arrays), mann_kendall and
 *	  sen_slope (a series as an array).  The arithmetic is in stats_*.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "hotspot/stats.h"
#include "hotspot/stats_input.h"

/* float8 or NULL for NaN ("undefined") */
#define SET_FLOAT(k, x) \
	do { \
		if (isnan(x)) \
			nulls[k] = true; \
		else \
			values[k] = Float8GetDatum(x); \
	} while (0)

#define SET_REASON(k, r) \
	do { \
		if ((r) == STATS_OK) \
			nulls[k] = true; \
		else \
			values[k] = CStringGetTextDatum(stats_reason_name(r)); \
	} while (0)

/* A row for an area without a value: the id (column 0), reason 'missing', the rest NULL. */
static void
missing_row(Datum *values, bool *nulls, int ncols, int reason_col)
{
	for (int k = 1; k < ncols; k++)
		nulls[k] = (k != reason_col);
	values[reason_col] = CStringGetTextDatum(stats_reason_name(STATS_MISSING));
}

/*
 * getis_ord(ids, vals, nbr_i, nbr_j, w, star, transform)
 *	 -> (id, g, z, p, bin, fdr_hot, reason, q, fdr_bin)
 * q: Benjamini-Hochberg over the rows with a p; fdr_bin = ArcGIS Gi_Bin
 * with the FDR option (levels from q); fdr_hot = fdr_bin >= 2, i.e. a hot
 * spot (z > 0) still significant at 0.05 after BH.
 */
PG_FUNCTION_INFO_V1(getis_ord);
Datum
getis_ord(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StatsInput	in;
	StatsGi    *gi;
	double	   *p,
			   *q;
	bool		star;

	stats_not_null(fcinfo, 5, "getis_ord", "star");
	star = PG_GETARG_BOOL(5);
	stats_input_read(fcinfo, 0, 6, "getis_ord", &in);

	gi = palloc(sizeof(StatsGi) * in.n);
	stats_getis_ord(&in.g, in.y, star, in.t, gi);
	p = palloc(sizeof(double) * in.n);
	q = palloc(sizeof(double) * in.n);
	for (int i = 0; i < in.n; i++)
		p[i] = gi[i].p;
	stats_bh_qvalues(in.n, p, q);

	InitMaterializedSRF(fcinfo, 0);
	for (int a = 0; a < in.n_all; a++)
	{
		Datum		values[9];
		bool		nulls[9] = {0};
		int			o = in.obs[a];

		values[0] = Int64GetDatum(in.ids[a]);
		if (o < 0)
		{
			missing_row(values, nulls, 9, 6);
		}
		else
		{
			StatsGi    *r = &gi[o];

			SET_FLOAT(1, r->g);
			SET_FLOAT(2, r->z);
			SET_FLOAT(3, r->p);
			SET_FLOAT(7, q[o]);
			if (isnan(r->p))
				nulls[4] = nulls[5] = nulls[8] = true;
			else
			{
				int			fdr_bin = stats_bin(r->z, q[o]);

				values[4] = Int32GetDatum(r->bin);
				values[5] = BoolGetDatum(fdr_bin >= 2);
				values[8] = Int32GetDatum(fdr_bin);
			}
			SET_REASON(6, r->reason);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

static int
permutations_arg(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	int32		p;

	stats_not_null(fcinfo, argno, fn, "permutations");
	p = PG_GETARG_INT32(argno);
	if (p < 0 || p > STATS_MAX_PERMUTATIONS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: permutations must be between 0 and %d, got %d", fn,
						STATS_MAX_PERMUTATIONS, p)));
	return p;
}

static const char *const quadrant_name[] = {NULL, "HH", "LH", "LL", "HL"};

/*
 * local_moran(ids, vals, nbr_i, nbr_j, w, transform, permutations, seed)
 *	 -> (id, i, e_i, var_i, z, p, quadrant, p_sim, reason)
 */
PG_FUNCTION_INFO_V1(local_moran);
Datum
local_moran(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	StatsInput	in;
	StatsLocalMoran *lm;
	int			perms = permutations_arg(fcinfo, 6, "local_moran");
	int64		seed;

	stats_not_null(fcinfo, 7, "local_moran", "seed");
	seed = PG_GETARG_INT64(7);
	stats_input_read(fcinfo, 0, 5, "local_moran", &in);

	lm = palloc(sizeof(StatsLocalMoran) * in.n);
	stats_local_moran(&in.g, in.y, in.t, perms, (uint64) seed, lm);

	InitMaterializedSRF(fcinfo, 0);
	for (int a = 0; a < in.n_all; a++)
	{
		Datum		values[9];
		bool		nulls[9] = {0};
		int			o = in.obs[a];

		values[0] = Int64GetDatum(in.ids[a]);
		if (o < 0)
		{
			missing_row(values, nulls, 9, 8);
		}
		else
		{
			StatsLocalMoran *r = &lm[o];

			SET_FLOAT(1, r->i);
			SET_FLOAT(2, r->e_i);
			SET_FLOAT(3, r->var_i);
			SET_FLOAT(4, r->z);
			SET_FLOAT(5, r->p);
			if (r->quadrant == 0)
				nulls[6] = true;
			else
				values[6] = CStringGetTextDatum(quadrant_name[r->quadrant]);
			SET_FLOAT(7, r->p_sim);
			SET_REASON(8, r->reason);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * global_moran(ids, vals, nbr_i, nbr_j, w, transform)
 *	 -> (i, e_i, var_norm, var_rand, z_norm, p_norm, z_rand, p_rand, n, reason)
 */
PG_FUNCTION_INFO_V1(global_moran);
Datum
global_moran(PG_FUNCTION_ARGS)
{
	StatsInput	in;
	StatsGlobalMoran gm;
	TupleDesc	desc;
	Datum		values[10];
	bool		nulls[10] = {0};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "global_moran must return a record");
	stats_input_read(fcinfo, 0, 5, "global_moran", &in);
	stats_global_moran(&in.g, in.y, in.t, &gm);
	SET_FLOAT(0, gm.i);
	SET_FLOAT(1, gm.e_i);
	SET_FLOAT(2, gm.var_norm);
	SET_FLOAT(3, gm.var_rand);
	SET_FLOAT(4, gm.z_norm);
	SET_FLOAT(5, gm.p_norm);
	SET_FLOAT(6, gm.z_rand);
	SET_FLOAT(7, gm.p_rand);
	values[8] = Int32GetDatum(in.n);
	SET_REASON(9, gm.reason);
	desc = BlessTupleDesc(desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/*
 * A series: NULL elements are NaN (missing), +-inf raises 22003; at least
 * 3 values and at most STATS_MAX_SERIES entries.
 */
double *
stats_series_arg(ArrayType *a, const char *fn, int *n)
{
	Datum	   *d;
	bool	   *nl;
	double	   *x;
	int			present = 0;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the series must be a one-dimensional array", fn)));
	deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &d, &nl, n);
	if (*n > STATS_MAX_SERIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: at most %d time steps are supported, got %d", fn, STATS_MAX_SERIES, *n)));
	x = palloc(sizeof(double) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
	{
		x[i] = nl[i] ? NAN : DatumGetFloat8(d[i]);
		if (fabs(x[i]) > STATS_MAX_MAGNITUDE)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 isinf(x[i]) ? errmsg("%s: value %d of the series is infinite", fn, i + 1) :
					 errmsg("%s: value %d of the series is out of range", fn, i + 1),
					 errdetail("Values are at most %g in magnitude.", STATS_MAX_MAGNITUDE)));
		present += !isnan(x[i]);
	}
	if (present < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs at least 3 values, got %d", fn, present),
				 errdetail("NULL and NaN entries are skipped.")));
	return x;
}

void
stats_check_alpha(double alpha, const char *fn)
{
	if (!(alpha > 0 && alpha < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: alpha must be between 0 and 1 (exclusive), got %g", fn, alpha)));
}

Datum
stats_mk_datum(FunctionCallInfo fcinfo, const double *x, int n, double alpha)
{
	StatsMK		mk;
	TupleDesc	desc;
	Datum		values[9];
	bool		nulls[9] = {0};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "mann_kendall must return a record");
	stats_mann_kendall(x, n, alpha, &mk);
	values[0] = CStringGetTextDatum(stats_trend_name(mk.trend));
	values[1] = BoolGetDatum(mk.h);
	SET_FLOAT(2, mk.p);
	SET_FLOAT(3, mk.z);
	SET_FLOAT(4, mk.tau);
	SET_FLOAT(5, mk.s);
	SET_FLOAT(6, mk.var_s);
	SET_FLOAT(7, mk.slope);
	SET_FLOAT(8, mk.intercept);
	desc = BlessTupleDesc(desc);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* mann_kendall(vals float8[], alpha float8) -> mann_kendall_result */
PG_FUNCTION_INFO_V1(mann_kendall);
Datum
mann_kendall(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *x = stats_series_arg(PG_GETARG_ARRAYTYPE_P(0), "mann_kendall", &n);
	double		alpha = PG_GETARG_FLOAT8(1);

	stats_check_alpha(alpha, "mann_kendall");
	PG_RETURN_DATUM(stats_mk_datum(fcinfo, x, n, alpha));
}

/* sen_slope(vals float8[]) -> (slope, intercept) */
PG_FUNCTION_INFO_V1(sen_slope);
Datum
sen_slope(PG_FUNCTION_ARGS)
{
	int			n;
	double	   *x = stats_series_arg(PG_GETARG_ARRAYTYPE_P(0), "sen_slope", &n);
	double		slope,
				intercept;
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2] = {0};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "sen_slope must return a record");
	stats_sen_slope(x, n, &slope, &intercept);
	SET_FLOAT(0, slope);
	SET_FLOAT(1, intercept);
	desc = BlessTupleDesc(desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

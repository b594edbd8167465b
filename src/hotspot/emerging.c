/*
 * emerging.c
 *	  Emerging hot spot analysis on cubes (see emerging.h): the space-time
 *	  Gi* of every (cell, bin) over the grid engine, per-slice FDR bins,
 *	  Mann-Kendall of each cell's z series and the category.
 *
 *	  emerging_hotspots_grid(cube, ring, time_window, area, confidence,
 *		  mk_alpha, fdr, rules, global_window)	one row per cell
 *	  emerging_hotspots_bins_grid(cube, ring, time_window, area,
 *		  global_window, from)					one row per (cell, bin)
 *	  ehsa_category(bins, trend_z, trend_p, confidence, mk_alpha, rules)
 *
 * Cost: the spatial lag of each counted entry is scattered to its ring
 * neighbours once (entries x neighbours), the windowed sums and z take
 * cells x bins x (time_window + 1), each slice's FDR sorts only its
 * p <= 0.10 (radix sort), and Mann-Kendall is bins log bins per cell
 * (inversions counted while merge-sorting).
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "common/common.h"
#include "hotspot/emerging.h"
#include "hotspot/grid_engine.h"
#include "hotspot/hotspot.h"
#include "hotspot/hotspots_grid.h"
#include "hotspot/stats_input.h"

typedef struct SpaceTime
{
	GridEngine	e;
	int			window;			/* time_window */
	bool		neighbourhood;	/* global window: the bins of the time window */
	int			t0;				/* first bin computed */
	double	   *z;				/* T x n, bin-major; NaN where undefined */
	uint8	   *reason;			/* StatsReason, bin-major */
	int8	   *fdr;			/* Gi_Bin after BH within the slice, bin-major */
} SpaceTime;

/* Moments of a global window: observations, mean, population variance, constant? */
typedef struct Moments
{
	double		nobs,
				mean,
				var;
	bool		constant;
} Moments;

/* The moments of bins lo..hi: counted entries, the rest are zeros. */
static void
window_moments(const GridEngine *e, int lo, int hi, Moments *m)
{
	double		nobs = (double) e->n * (hi - lo + 1);
	int64		a = e->bin_off[lo],
				b = e->bin_off[hi + 1];
	double		sum = 0,
				dev2,
				vlo,
				vhi;

	for (int64 k = a; k < b; k++)
		sum += e->ent_n[k];
	m->nobs = nobs;
	m->mean = sum / nobs;
	dev2 = (nobs - (double) (b - a)) * m->mean * m->mean;
	vlo = vhi = (b - a) < nobs ? 0 : e->ent_n[a];
	for (int64 k = a; k < b; k++)
	{
		double		d = e->ent_n[k] - m->mean;

		dev2 += d * d;
		vlo = Min(vlo, e->ent_n[k]);
		vhi = Max(vhi, e->ent_n[k]);
	}
	m->var = dev2 / nobs;
	m->constant = (vlo == vhi);
}

/*
 * Space-time Gi* of bins t0 .. T-1 (their windows reach back to t0 - window).
 * Arrays are bin-major (index t * n + i): a bin's slice is contiguous for
 * the lags, the z and the FDR, and a cell's series, read for consecutive
 * cells, touches the same T cache lines.  With exact_p false, p is only
 * needed for the bins, so |z| < 1.6 (p > 0.10) skips erfc.
 */
static void
spacetime_compute(SpaceTime *s, int t0, bool use_fdr, bool exact_p)
{
	GridEngine *e = &s->e;
	int			n = e->n,
				T = e->T;
	int			tlo = Max(0, t0 - s->window);
	double	   *sl;
	Moments		cube_m;
	Moments    *bin_m = NULL;
	double	   *pt;
	int		   *ft;
	double	   *deg1 = palloc(sizeof(double) * n);

	s->t0 = t0;
	/* spatial lag, self included, of bins tlo..: each entry to its ring */
	sl = palloc0(sizeof(double) * (Size) n * T);
	for (int t = tlo; t < T; t++)
	{
		double	   *slice = sl + (Size) t * n;

		CHECK_FOR_INTERRUPTS();
		for (int64 k = e->bin_off[t]; k < e->bin_off[t + 1]; k++)
		{
			int32		j = e->ent_cell[k];
			double		v = e->ent_n[k];

			slice[j] += v;
			for (int64 a = e->off[j]; a < e->off[j + 1]; a++)
				slice[e->col[a]] += v;
		}
	}
	for (int i = 0; i < n; i++)
		deg1[i] = (double) (e->off[i + 1] - e->off[i] + 1);

	if (s->neighbourhood)
	{
		bin_m = palloc(sizeof(Moments) * T);
		for (int t = t0; t < T; t++)
			window_moments(e, Max(0, t - s->window), t, &bin_m[t]);
	}
	else
		window_moments(e, 0, T - 1, &cube_m);

	/*
	 * z, from the last bin down, so the lags of the bins below t are still
	 * in sl when bin t is overwritten with its z
	 */
	s->reason = palloc0(sizeof(uint8) * (Size) n * T);
	for (int t = T - 1; t >= t0; t--)
	{
		int			w0 = Max(0, t - s->window);
		Moments    *m = s->neighbourhood ? &bin_m[t] : &cube_m;
		double		sd = sqrt(m->var);
		double	   *zt = sl + (Size) t * n;
		uint8	   *rt = s->reason + (Size) t * n;
		bool		constant = m->constant || !(m->var > 0);

		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < n; i++)
		{
			double		lag = 0,
						W = deg1[i] * (t - w0 + 1),
						spread;

			for (int u = w0; u <= t; u++)
				lag += sl[(Size) u * n + i];
			if (W == 1)
			{
				zt[i] = NAN;
				rt[i] = STATS_ISLAND;
			}
			else if (constant)
			{
				zt[i] = NAN;
				rt[i] = STATS_CONSTANT;
			}
			else if (!((spread = W * (m->nobs - W) / (m->nobs - 1)) > 0))
			{
				zt[i] = NAN;
				rt[i] = STATS_DEGENERATE;
			}
			else
				zt[i] = (lag - W * m->mean) / (sd * sqrt(spread));
		}
	}
	for (Size k = 0; k < (Size) t0 * n; k++)
		sl[k] = NAN;
	s->z = sl;

	/* significance bins, BH within each time slice */
	s->fdr = palloc0(sizeof(int8) * (Size) n * T);
	pt = palloc(sizeof(double) * n);
	ft = palloc(sizeof(int) * n);
	for (int t = t0; t < T; t++)
	{
		const double *zt = s->z + (Size) t * n;
		int8	   *out = s->fdr + (Size) t * n;

		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < n; i++)
			pt[i] = (!exact_p && fabs(zt[i]) < 1.6) ? 1.0 : stats_p_two_sided(zt[i]);
		if (use_fdr)
			stats_fdr_bins(n, zt, pt, ft);
		else
			for (int i = 0; i < n; i++)
				ft[i] = stats_bin(zt[i], pt[i]);
		for (int i = 0; i < n; i++)
			out[i] = (int8) ft[i];
	}
}

/* ---- arguments ---- */

static int
window_arg(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	if (PG_ARGISNULL(argno) || PG_GETARG_INT32(argno) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s time_window must be 0 or more, not %s", fn,
						PG_ARGISNULL(argno) ? "NULL" : psprintf("%d", PG_GETARG_INT32(argno))),
				 errhint("time_window 1 adds each neighbour's previous bin to the neighbourhood.")));
	return PG_GETARG_INT32(argno);
}

static bool
global_window_arg(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	char	   *v;

	stats_not_null(fcinfo, argno, fn, "global_window");
	v = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (strcmp(v, "cube") == 0)
		return false;
	if (strcmp(v, "neighbourhood") == 0 || strcmp(v, "neighborhood") == 0)
		return true;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: unknown global_window \"%s\"; allowed are 'cube' and 'neighbourhood'", fn, v)));
	return false;
}

static EhsaRules
rules_arg(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	char	   *v;

	stats_not_null(fcinfo, argno, fn, "rules");
	v = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (strcmp(v, "current") == 0)
		return EHSA_RULES_CURRENT;
	if (strcmp(v, "legacy") == 0)
		return EHSA_RULES_LEGACY;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: unknown rules \"%s\"; allowed are 'current' and 'legacy'", fn, v)));
	return EHSA_RULES_CURRENT;
}

/* The |bin| a confidence of 90, 95 or 99 % needs. */
static int
confidence_arg(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	int32		c;

	stats_not_null(fcinfo, argno, fn, "confidence");
	c = PG_GETARG_INT32(argno);
	if (c == 90 || c == 95 || c == 99)
		return c == 90 ? 1 : c == 95 ? 2 : 3;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s: confidence must be 90, 95 or 99, not %d", fn, c)));
	return 0;
}

static double
mk_alpha_arg(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	stats_not_null(fcinfo, argno, fn, "mk_alpha");
	stats_check_alpha(PG_GETARG_FLOAT8(argno), fn);
	return PG_GETARG_FLOAT8(argno);
}

/* Engine and parameters from (cube, ring, time_window, area, ...); false: no rows. */
static bool
spacetime_setup(FunctionCallInfo fcinfo, SpaceTime *s, int gw_arg, const char *fn)
{
	memset(s, 0, sizeof(SpaceTime));
	if (PG_ARGISNULL(0))
		return false;
	grid_ring_arg(fcinfo, 1, fn);
	s->window = window_arg(fcinfo, 2, fn);
	s->neighbourhood = global_window_arg(fcinfo, gw_arg, fn);
	grid_engine_from_args(fcinfo, &s->e, 1, 3, fn);
	if (s->e.n < 3 || s->e.T < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs at least 3 cells and 3 time bins, got %d cells and %d bins",
						fn, s->e.n, s->e.T),
				 errhint("A trend needs a series: use a longer cube or narrower bins.")));
	if (s->e.T > STATS_MAX_SERIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: the cube spans %d bins, more than the %d a trend may have",
						fn, s->e.T, STATS_MAX_SERIES),
				 errhint("Use wider bins (cube_rollup) or a cube of a shorter span.")));
	return true;
}

/* +1 / -1 / 0: the trend of an (already computed) Mann-Kendall result. */
static int
trend_sign(double z, double p, double mk_alpha)
{
	if (isnan(z) || isnan(p) || !(p < mk_alpha))
		return 0;
	return z > 0 ? 1 : z < 0 ? -1 : 0;
}

/*
 * emerging_hotspots_grid(c, ring, time_window, area, confidence, mk_alpha,
 *		fdr, rules, global_window)
 *	 -> (cell, category, trend_z, trend_p, trend_tau, significant_bins,
 *		 share_significant, hot_bins, cold_bins, rule), by cell.
 */
PG_FUNCTION_INFO_V1(emerging_hotspots_grid);
Datum
emerging_hotspots_grid(PG_FUNCTION_ARGS)
{
	const char *fn = "emerging_hotspots";
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SpaceTime	s;
	int			level;
	double		mk_alpha;
	bool		use_fdr;
	EhsaRules	rules;
	int8	   *sig;
	double	   *zrow;
	int			T;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	level = confidence_arg(fcinfo, 4, fn);
	mk_alpha = mk_alpha_arg(fcinfo, 5, fn);
	stats_not_null(fcinfo, 6, fn, "fdr");
	use_fdr = PG_GETARG_BOOL(6);
	rules = rules_arg(fcinfo, 7, fn);
	if (!spacetime_setup(fcinfo, &s, 8, fn))
		return (Datum) 0;
	spacetime_compute(&s, 0, use_fdr, false);
	T = s.e.T;
	sig = palloc(sizeof(int8) * T);
	zrow = palloc(sizeof(double) * T);
	for (int i = 0; i < s.e.n; i++)
	{
		StatsMK		mk;
		EhsaResult	r;
		Datum		values[10];
		bool		nulls[10] = {0};
		int			defined = 0;

		if ((i & 0xFF) == 0)
			CHECK_FOR_INTERRUPTS();
		for (int t = 0; t < T; t++)
		{
			int8		f = s.fdr[(Size) t * s.e.n + i];

			zrow[t] = s.z[(Size) t * s.e.n + i];
			sig[t] = f >= level ? 1 : f <= -level ? -1 : 0;
			defined += !isnan(zrow[t]);
		}
		if (defined >= 2)
			stats_mann_kendall_test(zrow, T, mk_alpha, &mk);
		else
			mk.z = mk.p = mk.tau = NAN;
		ehsa_classify(sig, T, trend_sign(mk.z, mk.p, mk_alpha), rules, &r);

		values[0] = CellGetDatum(s.e.cells[i]);
		values[1] = CStringGetTextDatum(ehsa_category_name(r.category));
		nulls[2] = isnan(mk.z);
		nulls[3] = isnan(mk.p);
		nulls[4] = isnan(mk.tau);
		values[2] = Float8GetDatum(mk.z);
		values[3] = Float8GetDatum(mk.p);
		values[4] = Float8GetDatum(mk.tau);
		values[5] = Int32GetDatum(r.hot_bins + r.cold_bins);
		values[6] = Float8GetDatum((double) (r.hot_bins + r.cold_bins) / T);
		values[7] = Int32GetDatum(r.hot_bins);
		values[8] = Int32GetDatum(r.cold_bins);
		values[9] = CStringGetTextDatum(r.rule);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * emerging_hotspots_bins_grid(c, ring, time_window, area, global_window, from)
 *	 -> (cell, bin_start, value, z, p, bin, fdr, reason), by bin then cell,
 * for the bins from the one holding `from` (NULL: all).  Bins before it are
 * not computed: with the 'neighbourhood' global window they do not depend
 * on anything counted at or after `from`.
 */
PG_FUNCTION_INFO_V1(emerging_hotspots_bins_grid);
Datum
emerging_hotspots_bins_grid(PG_FUNCTION_ARGS)
{
	const char *fn = "emerging_hotspots_bins";
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SpaceTime	s;
	GridEngine *e;
	int			t0 = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (!spacetime_setup(fcinfo, &s, 4, fn))
		return (Datum) 0;
	e = &s.e;
	if (!PG_ARGISNULL(5))
	{
		TimestampTz from = PG_GETARG_TIMESTAMPTZ(5);
		int64		d,
					b;

		if (TIMESTAMP_NOT_FINITE(from))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: from must be a finite time", fn)));
		/* the bin holding from (floor), clamped to the span */
		if (pg_sub_s64_overflow(from, e->cube->origin, &d))
			t0 = from < e->cube->origin ? 0 : e->T;
		else
		{
			b = d / e->cube->bin_us;
			if (d % e->cube->bin_us < 0)
				b--;
			if (pg_sub_s64_overflow(b, e->bin_lo, &d))
				t0 = b < e->bin_lo ? 0 : e->T;
			else
				t0 = (int) Max(0, Min((int64) e->T, d));
		}
	}
	/* one row per (cell, bin) from "from" on: the shared bound first */
	tst_check_srf_rows((double) e->n * (double) (e->T - t0), fn,
					   "Use fewer cells, wider bins (cube_rollup), a later \"from\" or emerging_hotspots (one row per cell).");
	spacetime_compute(&s, t0, true, true);
	for (int t = t0; t < e->T; t++)
	{
		Datum		start = TimestampTzGetDatum(grid_engine_bin_start(e, t));
		int64		k = e->bin_off[t];

		for (int i = 0; i < e->n; i++)
		{
			Datum		values[8];
			bool		nulls[8] = {0};
			StatsGi		g;
			double		v = 0;
			bool		withheld = false;

			/* the bin's entries are in cell order */
			if (k < e->bin_off[t + 1] && e->ent_cell[k] == i)
			{
				withheld = e->ent_withheld[k];
				v = e->ent_n[k++];
			}
			g.z = s.z[(Size) t * e->n + i];
			g.p = stats_p_two_sided(g.z);
			g.bin = stats_bin(g.z, g.p);
			g.reason = (StatsReason) s.reason[(Size) t * e->n + i];
			values[0] = CellGetDatum(e->cells[i]);
			values[1] = start;
			values[2] = Float8GetDatum(v);
			grid_stats_columns(&g, s.fdr[(Size) t * e->n + i], values + 3, nulls + 3);
			grid_withhold_value(withheld, values, nulls);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/*
 * ehsa_category(bins int4[], trend_z, trend_p, confidence, mk_alpha, rules)
 *	 -> (category, rule, hot_bins, cold_bins)
 * bins: the Gi_Bin series (-3..3, NULL = not significant) oldest first.
 */
PG_FUNCTION_INFO_V1(ehsa_category);
Datum
ehsa_category(PG_FUNCTION_ARGS)
{
	const char *fn = "ehsa_category";
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *enulls;
	int			T;
	int			level = confidence_arg(fcinfo, 3, fn);
	double		mk_alpha = mk_alpha_arg(fcinfo, 4, fn);
	EhsaRules	rules = rules_arg(fcinfo, 5, fn);
	int8	   *sig;
	int			trend = 0;
	EhsaResult	r;
	TupleDesc	td;
	Datum		values[4];
	bool		nulls[4] = {0};

	stats_not_null(fcinfo, 0, fn, "bins");
	arr = PG_GETARG_ARRAYTYPE_P(0);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s: bins must be a one-dimensional array", fn)));
	deconstruct_array(arr, INT4OID, 4, true, TYPALIGN_INT, &elems, &enulls, &T);
	if (T < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs at least one bin", fn)));
	if (T > STATS_MAX_SERIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: at most %d bins are supported", fn, STATS_MAX_SERIES)));
	sig = palloc(sizeof(int8) * T);
	for (int t = 0; t < T; t++)
	{
		int32		b = enulls[t] ? 0 : DatumGetInt32(elems[t]);

		if (b < -3 || b > 3)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: bins[%d] = %d is not a Gi_Bin between -3 and 3", fn, t + 1, b)));
		sig[t] = b >= level ? 1 : b <= -level ? -1 : 0;
	}
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		double		tz = PG_GETARG_FLOAT8(1);
		double		tp = PG_GETARG_FLOAT8(2);

		/* a p of 2 or -0.5 (a z passed as p) read as a trend, or as none */
		if (isnan(tz) || isnan(tp) || tp < 0.0 || tp > 1.0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: trend_z %g and trend_p %g are not a Mann-Kendall z and p", fn, tz, tp),
					 errhint("Pass mann_kendall's z and p: z a number, p between 0 and 1 (both NULL for no trend).")));
		trend = trend_sign(tz, tp, mk_alpha);
	}
	ehsa_classify(sig, T, trend, rules, &r);
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = CStringGetTextDatum(ehsa_category_name(r.category));
	values[1] = CStringGetTextDatum(r.rule);
	values[2] = Int32GetDatum(r.hot_bins);
	values[3] = Int32GetDatum(r.cold_bins);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls)));
}

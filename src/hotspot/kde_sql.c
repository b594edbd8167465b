/*
 * kde_sql.c
 *	  SQL functions of kernel density: kernel_density over a cube's cells or
 *	  over points, kde_bandwidth (the default rule, shown), and eb_rates.
 *	  Formulas and conventions: kde.h.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "common/common.h"
#include "hotspot/cube.h"
#include "hotspot/hotspot.h"
#include "hotspot/kde_grid.h"
#include "hotspot/stats.h"

/* A point of a cube with the bin it was counted in. */
typedef struct BinPoint
{
	int64		bin;
	int64		cell;
	KdePoint	p;
} BinPoint;

/* Bandwidth argument in metres -> km; 22023 / 22003 with what to do. */
static double
bandwidth_km_arg(double m)
{
	if (isnan(m) || m <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kernel density bandwidth must be a distance in metres above 0, not %g", m),
				 errhint("Leave bandwidth NULL for the default rule (kde_bandwidth shows it).")));
	if (isinf(m) || m > KDE_MAX_BANDWIDTH_KM * 1000.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("kernel density bandwidth %g m is out of range", m),
				 errhint("The bandwidth is in metres, at most %.0f (%.0f km).",
						 KDE_MAX_BANDWIDTH_KM * 1000.0, KDE_MAX_BANDWIDTH_KM)));
	return m / 1000.0;
}

/* The default bandwidth in km, or 22023 saying why there is none. */
static double
default_bandwidth_km(const KdePoint *p, int n)
{
	KdeBandwidth b;

	switch (kde_default_bandwidth(p, n, &b))
	{
		case KDE_BW_OK:
			break;
		case KDE_BW_NO_POINTS:
			return 0.0;			/* nothing to estimate; no rows */
		case KDE_BW_NO_CENTRE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the default kernel density bandwidth is undefined: the points have no mean centre"),
					 errdetail("The points are spread around the globe, so their unit vectors cancel out."),
					 errhint("Give bandwidth in metres.")));
			break;
		case KDE_BW_ZERO:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the default kernel density bandwidth is 0: the points are in one place"),
					 errdetail("Standard distance %g m, median distance %g m from the mean centre; the rule needs both above 0 (one point, or half the weight at the mean centre, gives 0).",
							   b.sd_km * 1000.0, b.dm_km * 1000.0),
					 errhint("Give bandwidth in metres.")));
			break;
	}
	if (b.bandwidth_km > KDE_MAX_BANDWIDTH_KM)
		b.bandwidth_km = KDE_MAX_BANDWIDTH_KM;
	return b.bandwidth_km;
}

/* The cube's entries as points at their cells' centres, in entry order. */
static BinPoint *
cube_points(const Cube *c)
{
	BinPoint   *v = palloc_extended(sizeof(BinPoint) * Max(c->count, 1), MCXT_ALLOC_HUGE);
	double		lon = 0,
				lat = 0;
	double	   *counts = palloc_extended(sizeof(double) * Max(c->count, 1), MCXT_ALLOC_HUGE);

	/* a cube of people weighs persons, 0 where withheld below k */
	cube_statistic_counts(c, counts, NULL);
	for (uint32 i = 0; i < c->count; i++)
	{
		const CubeEntry *e = &c->entries[i];

		CUBE_INTERRUPT_POINT(i);
		/* entries are sorted by cell: one centre per cell */
		if (i == 0 || e->cell != c->entries[i - 1].cell)
		{
			GridCell	g;

			cell_get(e->cell, &g);
			grid_center(&g, &lon, &lat);
		}
		v[i].bin = e->bin;
		v[i].cell = e->cell;
		v[i].p.lon = lon;
		v[i].p.lat = lat;
		v[i].p.w = counts[i];
	}
	pfree(counts);
	return v;
}

/* Points by (bin, cell), inlined: a cube may hold millions of entries. */
#define ST_SORT sort_binpoints
#define ST_ELEMENT_TYPE BinPoint
#define ST_COMPARE(x, y) ((x)->bin != (y)->bin ? ((x)->bin > (y)->bin) - ((x)->bin < (y)->bin) \
						  : ((x)->cell > (y)->cell) - ((x)->cell < (y)->cell))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

static int
int64_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* Sorted distinct study cells of resolution res (a NULL element is 22004). */
static int64 *
study_cells(ArrayType *arr, int res, int *ncells)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				m = 0,
				k = 0;
	int64	   *v;

	deconstruct_array(arr, ARR_ELEMTYPE(arr), 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	tst_check_no_nulls(nulls, n, "kernel_density_cells", "cells");
	v = palloc(sizeof(int64) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		GridCell	g;

		cell_get(DatumGetCell(elems[i]), &g);
		if (g.res != res)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("study area cell %s has resolution %d, the density grid %d",
							cell_format(DatumGetCell(elems[i])), g.res, res),
					 errhint("Give study area cells of the output resolution res.")));
		v[m++] = DatumGetCell(elems[i]);
	}
	qsort(v, m, sizeof(int64), int64_cmp);
	for (int i = 0; i < m; i++)
		if (i == 0 || v[i] != v[i - 1])
			v[k++] = v[i];
	*ncells = k;
	return v;
}

static void
emit(ReturnSetInfo *rsinfo, KdeGrid *g, bool with_bin, bool bin_null, TimestampTz start)
{
	KdeCellValue *v;
	int64		m = kde_grid_result(g, &v);

	for (int64 i = 0; i < m; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		int			k = 0;

		values[k++] = CellGetDatum(v[i].cell);
		if (with_bin)
		{
			values[k] = TimestampTzGetDatum(start);
			nulls[k++] = bin_null;
		}
		values[k++] = Float8GetDatum(v[i].density);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	pfree(v);
}

/*
 * kernel_density_cells(c cube, bandwidth float8, res int4, cells cell[],
 * all_time bool) -> (cell, bin_start, density): per bin in bin then cell
 * order, or once over all bins (bin_start NULL).  One bandwidth for every
 * bin: given, or the default rule on the whole cube, so bins compare.
 */
PG_FUNCTION_INFO_V1(kernel_density_cells);
Datum
kernel_density_cells(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Cube	   *c;
	BinPoint   *pts;
	int			res;
	double		r_km = 0.0;
	bool		all_time = !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
	int64	   *cells = NULL;
	int			ncells = 0;
	KdeGrid		g;
	uint32		n;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	c = cube_checked(PG_GETARG_DATUM(0), "cube value");
	res = PG_ARGISNULL(2) ? c->res : PG_GETARG_INT32(2);
	cell_check_res(res);
	if (!PG_ARGISNULL(1))
		r_km = bandwidth_km_arg(PG_GETARG_FLOAT8(1));
	n = c->count;
	pts = cube_points(c);
	if (PG_ARGISNULL(1))
	{
		KdePoint   *all = palloc_extended(sizeof(KdePoint) * Max(n, 1), MCXT_ALLOC_HUGE);

		for (uint32 i = 0; i < n; i++)
			all[i] = pts[i].p;
		r_km = default_bandwidth_km(all, (int) n);
		pfree(all);
		if (r_km == 0.0)
			return (Datum) 0;
	}
	kde_grid_check_size(res, r_km);
	if (!all_time)
		sort_binpoints(pts, n);
	if (!PG_ARGISNULL(3))
	{
		/* every study cell is a row in every bin that has a count */
		int64		bins = 1;

		cells = study_cells(PG_GETARG_ARRAYTYPE_P(3), res, &ncells);
		if (!all_time)
			for (uint32 i = 1; i < n; i++)
				bins += (pts[i].bin != pts[i - 1].bin);
		if (ncells > KDE_MAX_CELLS || (double) ncells * (double) bins > (double) KDE_MAX_ROWS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("the study area has %d cells in " INT64_FORMAT " bins, more than the limits of " INT64_FORMAT " cells and " INT64_FORMAT " rows",
							ncells, bins, KDE_MAX_CELLS, KDE_MAX_ROWS),
					 errhint("Use a coarser resolution (res), a smaller study area, all_time, or fewer bins (cube_slice).")));
	}
	if (n == 0)
		return (Datum) 0;

	kde_grid_init(&g, res, r_km, cells, ncells);
	if (all_time)
	{
		for (uint32 i = 0; i < n; i++)
			kde_grid_add_cell(&g, pts[i].cell, &pts[i].p);
		emit(rsinfo, &g, true, true, 0);
	}
	else
	{
		uint32		i = 0;

		while (i < n)
		{
			int64		bin = pts[i].bin;
			TimestampTz start = cube_bin_start(c, bin);

			kde_grid_reset(&g);
			for (; i < n && pts[i].bin == bin; i++)
				kde_grid_add_cell(&g, pts[i].cell, &pts[i].p);
			emit(rsinfo, &g, true, false, start);
		}
	}
	kde_grid_free(&g);
	return (Datum) 0;
}

/* A float8[] argument as values and NULL flags. */
static int
float8_array(ArrayType *a, double **v, bool **nulls)
{
	Datum	   *d;
	int			n;

	if (ARR_ELEMTYPE(a) != FLOAT8OID)
		elog(ERROR, "expected a float8 array");
	deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &d, nulls, &n);
	*v = palloc(sizeof(double) * Max(n, 1));
	for (int i = 0; i < n; i++)
		(*v)[i] = (*nulls)[i] ? 0.0 : DatumGetFloat8(d[i]);
	return n;
}

/*
 * Points from (lon[], lat[], weights[]) at argno..argno+2: NULL positions
 * or weights are skipped, weight 0 too; 22003 for coordinates off the
 * globe, 22023 for a negative or non-finite weight or unequal lengths.
 */
static KdePoint *
points_arg(FunctionCallInfo fcinfo, int argno, const char *fn, int *npoints)
{
	double	   *lon,
			   *lat,
			   *w = NULL;
	bool	   *lon_null,
			   *lat_null,
			   *w_null = NULL;
	int			n,
				m = 0;
	KdePoint   *p;

	n = float8_array(PG_GETARG_ARRAYTYPE_P(argno), &lon, &lon_null);
	if (float8_array(PG_GETARG_ARRAYTYPE_P(argno + 1), &lat, &lat_null) != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %d longitudes but %d latitudes", fn, n,
						ArrayGetNItems(ARR_NDIM(PG_GETARG_ARRAYTYPE_P(argno + 1)),
									   ARR_DIMS(PG_GETARG_ARRAYTYPE_P(argno + 1)))),
				 errhint("Give one latitude per longitude, in the same order.")));
	if (!PG_ARGISNULL(argno + 2) &&
		float8_array(PG_GETARG_ARRAYTYPE_P(argno + 2), &w, &w_null) != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: %d points but %d weights", fn, n,
						ArrayGetNItems(ARR_NDIM(PG_GETARG_ARRAYTYPE_P(argno + 2)),
									   ARR_DIMS(PG_GETARG_ARRAYTYPE_P(argno + 2)))),
				 errhint("Give one weight per point, or weights NULL for 1 each.")));
	p = palloc(sizeof(KdePoint) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		double		wi = w ? w[i] : 1.0;

		if (lon_null[i] || lat_null[i] || (w && w_null[i]))
			continue;
		if (isnan(lat[i]) || lat[i] < -90.0 || lat[i] > 90.0 ||
			isnan(lon[i]) || lon[i] < -180.0 || lon[i] > 180.0)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: point %d at longitude %g, latitude %g is off the globe", fn, i + 1, lon[i], lat[i]),
					 errhint("Points are longitude/latitude in degrees (SRID 4326).")));
		if (isnan(wi) || isinf(wi) || wi < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: weight %d is %g; weights must be finite and 0 or more", fn, i + 1, wi)));
		/* their sum must stay finite: an infinite n gave SD 0 and no bandwidth */
		if (wi > STATS_MAX_MAGNITUDE)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s: weight %d is %g; weights are at most %g", fn, i + 1, wi, STATS_MAX_MAGNITUDE)));
		if (wi == 0)
			continue;
		p[m].lon = lon[i];
		p[m].lat = lat[i];
		p[m].w = wi;
		m++;
	}
	*npoints = m;
	return p;
}

/*
 * kernel_density_points(lon float8[], lat float8[], weights float8[],
 * bandwidth float8, res int4) -> (cell, density), in cell order.
 */
PG_FUNCTION_INFO_V1(kernel_density_points);
Datum
kernel_density_points(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	KdePoint   *p;
	int			n,
				res;
	double		r_km = 0.0;
	KdeGrid		g;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	res = PG_ARGISNULL(4) ? 7 : PG_GETARG_INT32(4);
	cell_check_res(res);
	if (!PG_ARGISNULL(3))
		r_km = bandwidth_km_arg(PG_GETARG_FLOAT8(3));
	p = points_arg(fcinfo, 0, "kernel_density", &n);
	if (PG_ARGISNULL(3))
		r_km = default_bandwidth_km(p, n);
	if (n == 0)
		return (Datum) 0;
	kde_grid_check_size(res, r_km);
	kde_grid_init(&g, res, r_km, NULL, 0);
	for (int i = 0; i < n; i++)
		kde_grid_add(&g, &p[i]);
	emit(rsinfo, &g, false, false, 0);
	kde_grid_free(&g);
	return (Datum) 0;
}

/* (bandwidth, standard_distance, median_distance, weight) in metres */
static Datum
bandwidth_record(FunctionCallInfo fcinfo, const KdePoint *p, int n)
{
	TupleDesc	td;
	KdeBandwidth b;
	KdeBandwidthStatus st = kde_default_bandwidth(p, n, &b);
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "kde_bandwidth: return type must be a row type");
	values[0] = Float8GetDatum(b.bandwidth_km * 1000.0);
	values[1] = Float8GetDatum(b.sd_km * 1000.0);
	values[2] = Float8GetDatum(b.dm_km * 1000.0);
	values[3] = Float8GetDatum(b.n);
	nulls[0] = (st != KDE_BW_OK);
	nulls[1] = nulls[2] = (st == KDE_BW_NO_POINTS || st == KDE_BW_NO_CENTRE);
	return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls));
}

/* kde_bandwidth(cube): the default rule over all the cube's counts */
PG_FUNCTION_INFO_V1(kde_bandwidth_cube);
Datum
kde_bandwidth_cube(PG_FUNCTION_ARGS)
{
	Cube	   *c = cube_checked(PG_GETARG_DATUM(0), "cube value");
	BinPoint   *pts = cube_points(c);
	KdePoint   *p = palloc_extended(sizeof(KdePoint) * Max(c->count, 1), MCXT_ALLOC_HUGE);

	for (uint32 i = 0; i < c->count; i++)
		p[i] = pts[i].p;
	PG_RETURN_DATUM(bandwidth_record(fcinfo, p, (int) c->count));
}

/* kde_bandwidth_points(lon[], lat[], weights[]) */
PG_FUNCTION_INFO_V1(kde_bandwidth_points);
Datum
kde_bandwidth_points(PG_FUNCTION_ARGS)
{
	KdePoint   *p;
	int			n;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	p = points_arg(fcinfo, 0, "kde_bandwidth", &n);
	PG_RETURN_DATUM(bandwidth_record(fcinfo, p, n));
}

/*
 * eb_rates(counts float8[], populations float8[]) -> float8[]: the global
 * Empirical-Bayes rate of each area, NULL where either input is NULL.
 */
PG_FUNCTION_INFO_V1(eb_rates);
Datum
eb_rates(PG_FUNCTION_ARGS)
{
	double	   *e,
			   *b,
			   *out;
	bool	   *enull,
			   *bnull,
			   *known;
	int			n = float8_array(PG_GETARG_ARRAYTYPE_P(0), &e, &enull);
	int			nb = float8_array(PG_GETARG_ARRAYTYPE_P(1), &b, &bnull);
	Datum	   *d;
	bool	   *dnull;
	int			dims[1];
	int			lbs[1] = {1};

	if (nb != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("eb_rates: %d counts but %d populations", n, nb),
				 errhint("Give one population per count, in the same order.")));
	known = palloc(sizeof(bool) * Max(n, 1));
	out = palloc0(sizeof(double) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		known[i] = !enull[i] && !bnull[i];
		if (!known[i])
			continue;
		if (isnan(e[i]) || isinf(e[i]) || e[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("eb_rates: count %d is %g; counts must be finite and 0 or more", i + 1, e[i])));
		if (isnan(b[i]) || isinf(b[i]) || b[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("eb_rates: population %d is %g; populations must be finite and 0 or more", i + 1, b[i])));
		/* as the statistics' values: sums of rates and their squares stay finite (1e308 gave NaN) */
		if (e[i] > STATS_MAX_MAGNITUDE || b[i] > STATS_MAX_MAGNITUDE ||
			(b[i] > 0 && e[i] / b[i] > STATS_MAX_MAGNITUDE))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("eb_rates: area %d (count %g, population %g) is out of range", i + 1, e[i], b[i]),
					 errdetail("Counts, populations and rates are at most %g.", STATS_MAX_MAGNITUDE)));
		if (b[i] == 0 && e[i] > 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("eb_rates: area %d has %g events but population 0", i + 1, e[i]),
					 errhint("Every area with events needs its population at risk.")));
	}
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(FLOAT8OID));
	if (!kde_eb_rates(e, b, known, n, out))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("eb_rates needs at least one area with a population above 0")));
	d = palloc(sizeof(Datum) * n);
	dnull = palloc(sizeof(bool) * n);
	for (int i = 0; i < n; i++)
	{
		d[i] = Float8GetDatum(out[i]);
		dnull[i] = !known[i];
	}
	dims[0] = n;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(d, dnull, 1, dims, lbs, FLOAT8OID, 8,
											 FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * hotspots_grid.c
 *	  hotspots(cube, ring, study_area) in C: binary Gi* with self weight for
 *	  every (cell, bin) of a study area, one bin at a time over the grid
 *	  engine's CSR graph and dense counts (implicit zeros), with the same
 *	  arithmetic as getis_ord (stats_getis_ord) and Gi_Bin after
 *	  Benjamini-Hochberg within the bin.  The SQL wrapper adds the polygon.
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
#include "hotspot/grid_engine.h"
#include "hotspot/hotspot.h"
#include "hotspot/hotspots_grid.h"

void
grid_ring_arg(FunctionCallInfo fcinfo, int argno, const char *fn)
{
	if (PG_ARGISNULL(argno) || PG_GETARG_INT32(argno) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s ring must be 1 or more, not %s", fn,
						PG_ARGISNULL(argno) ? "NULL" : psprintf("%d", PG_GETARG_INT32(argno))),
				 errhint("ring 1 makes the six touching cells the neighbours.")));
}

void
grid_engine_from_args(FunctionCallInfo fcinfo, GridEngine *e, int ring_arg, int area_arg,
					  const char *fn)
{
	Cube	   *c = cube_checked(PG_GETARG_DATUM(0), "cube value");
	int64	   *area = NULL;
	int			narea = 0;
	bool		given = !PG_ARGISNULL(area_arg);

	if (given)
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(area_arg);
		Datum	   *elems;
		bool	   *nulls;
		int			n;

		if (ARR_NDIM(arr) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("%s: the study area must be a one-dimensional array of cells", fn)));
		deconstruct_array(arr, ARR_ELEMTYPE(arr), 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &nulls, &n);
		/* a NULL cell was dropped, shrinking the study area unseen */
		tst_check_no_nulls(nulls, n, fn, "area");
		area = palloc(sizeof(int64) * (n + 1));
		for (int i = 0; i < n; i++)
			area[narea++] = DatumGetCell(elems[i]);
	}
	grid_engine_build(e, c, given, area, narea, PG_GETARG_INT32(ring_arg), fn);
}

/*
 * hotspots_grid(c cube, ring int4, area cell[])
 *	 -> (cell, bin_start, value, z, p, bin, fdr, reason), by bin then cell.
 * NULL cube: no rows.  NULL area: the cells the cube counted.
 */
PG_FUNCTION_INFO_V1(hotspots_grid);
Datum
hotspots_grid(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	GridEngine	e;
	double	   *y,
			   *z,
			   *p;
	int		   *fdr;
	bool	   *withheld;
	StatsGi    *gi;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	grid_ring_arg(fcinfo, 1, "hotspots");
	grid_engine_from_args(fcinfo, &e, 1, 2, "hotspots");
	/* an empty cube has no bins, so no rows; an area of fewer than 3 cells
	 * (none included) cannot give a statistic, as emerging_hotspots says */
	if (e.cube->count == 0)
		return (Datum) 0;
	if (e.n < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hotspots needs at least 3 cells in the study area, got %d", e.n)));
	/* one row per (cell, bin): the engine allows more observations than a set may have rows */
	tst_check_srf_rows((double) e.n * (double) e.T, "hotspots",
					   "Use fewer cells, wider bins (cube_rollup) or a cube of a shorter span.");

	y = palloc(sizeof(double) * e.n);
	z = palloc(sizeof(double) * e.n);
	p = palloc(sizeof(double) * e.n);
	fdr = palloc(sizeof(int) * e.n);
	withheld = palloc(sizeof(bool) * e.n);
	gi = palloc(sizeof(StatsGi) * e.n);
	for (int t = 0; t < e.T; t++)
	{
		Datum		start = TimestampTzGetDatum(grid_engine_bin_start(&e, t));

		grid_engine_bin_values(&e, t, y, withheld);
		stats_getis_ord(&e.g, y, true, STATS_BINARY, gi);
		for (int i = 0; i < e.n; i++)
		{
			z[i] = gi[i].z;
			p[i] = gi[i].p;
		}
		stats_fdr_bins(e.n, z, p, fdr);
		for (int i = 0; i < e.n; i++)
		{
			Datum		values[8];
			bool		nulls[8] = {0};

			values[0] = CellGetDatum(e.cells[i]);
			values[1] = start;
			values[2] = Float8GetDatum(y[i]);
			grid_stats_columns(&gi[i], fdr[i], values + 3, nulls + 3);
			grid_withhold_value(withheld[i], values, nulls);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/*
 * A cube of people's count below k is not released: value NULL, reason
 * below_k unless z has a reason of its own.  Its z is released: it was
 * computed with the count taken as 0 (cube_statistic_counts).
 */
void
grid_withhold_value(bool withheld, Datum *values, bool *nulls)
{
	if (!withheld)
		return;
	nulls[2] = true;
	if (nulls[7])
	{
		values[7] = CStringGetTextDatum("below_k");
		nulls[7] = false;
	}
}

void
grid_stats_columns(const StatsGi *g, int fdr, Datum *values, bool *nulls)
{
	if (isnan(g->z))
		nulls[0] = true;
	else
		values[0] = Float8GetDatum(g->z);
	if (isnan(g->p))
		nulls[1] = nulls[2] = nulls[3] = true;
	else
	{
		values[1] = Float8GetDatum(g->p);
		values[2] = Int32GetDatum(g->bin);
		values[3] = Int32GetDatum(fdr);
	}
	if (g->reason == STATS_OK)
		nulls[4] = true;
	else
		values[4] = CStringGetTextDatum(stats_reason_name(g->reason));
}

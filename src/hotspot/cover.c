/*
 * cover.c
 *	  Candidate cells for cells_cover: every cell whose hexagon can meet a
 *	  longitude/latitude box.  The SQL function keeps the candidates whose
 *	  centre or boundary meets the polygon (PostGIS does that test).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "common/common.h"
#include "hotspot/hotspot.h"

/* Candidates a single call may enumerate; past it, ask for a coarser grid. */
#define COVER_MAX_CANDIDATES	TST_MAX_SRF_ROWS	/* common/common.h */

/* Slack in lattice units so edges lying exactly on a box side still count. */
#define COVER_SLACK		1e-9

typedef struct CoverState
{
	int			res;
	double		xlo,
				xhi;			/* bounds on the centre's X, lattice units */
	int64		row,
				row_last;
	int64		col,
				col_end;		/* current row: next column (unwrapped), end */
} CoverState;

static void
plan_row(CoverState *st)
{
	int64		odd = st->row & 1;
	int64		lo = (int64) ceil((st->xlo - odd) / 2.0);
	int64		hi = (int64) floor((st->xhi - odd) / 2.0);

	st->col = lo;
	st->col_end = lo + Min(hi - lo + 1, grid_ncols(st->res));
}

static void
check_box_value(double v, double lim, const char *what)
{
	if (isnan(v) || v < -lim || v > lim)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %g of the area is out of range", what, v)));
}

/* cell_cover_candidates(xmin, ymin, xmax, ymax, res): SRF of cells */
PG_FUNCTION_INFO_V1(cell_cover_candidates);
Datum
cell_cover_candidates(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	CoverState *st;

	if (SRF_IS_FIRSTCALL())
	{
		double		xmin = PG_GETARG_FLOAT8(0),
					ymin = PG_GETARG_FLOAT8(1),
					xmax = PG_GETARG_FLOAT8(2),
					ymax = PG_GETARG_FLOAT8(3);
		int32		res = PG_GETARG_INT32(4);
		MemoryContext old;
		double		n,
					P,
					ylo,
					yhi,
					cols;
		int64		jmax,
					rows;

		fctx = SRF_FIRSTCALL_INIT();
		cell_check_res(res);
		check_box_value(xmin, 540.0, "longitude");
		check_box_value(xmax, 540.0, "longitude");
		check_box_value(ymin, 90.0, "latitude");
		check_box_value(ymax, 90.0, "latitude");
		if (xmin > xmax || ymin > ymax)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("empty box [%g, %g] x [%g, %g]", xmin, xmax, ymin, ymax)));

		n = (double) grid_ncols(res);
		P = grid_pole(res);
		jmax = grid_max_row(res);
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		st = palloc0(sizeof(CoverState));
		st->res = res;
		/* a hexagon reaches 1 unit either side of its centre in X, 2 in Y */
		st->xlo = xmin * n / 180.0 - 1.0 - COVER_SLACK;
		st->xhi = xmax * n / 180.0 + 1.0 + COVER_SLACK;
		ylo = sin(ymin * M_PI / 180.0) * P - 2.0 - COVER_SLACK;
		yhi = sin(ymax * M_PI / 180.0) * P + 2.0 + COVER_SLACK;
		st->row = Max((int64) ceil(ylo / 3.0), -jmax);
		st->row_last = Min((int64) floor(yhi / 3.0), jmax);

		rows = Max(st->row_last - st->row + 1, 0);
		cols = Min((st->xhi - st->xlo) / 2.0 + 1.0, n);
		if ((double) rows * cols > (double) COVER_MAX_CANDIDATES)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("covering the area at resolution %d means testing about %.0f cells, more than the limit of " INT64_FORMAT,
							res, (double) rows * cols, COVER_MAX_CANDIDATES),
					 errhint("Use a coarser resolution, or split the area.")));
		plan_row(st);
		fctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	st = fctx->user_fctx;
	while (st->row <= st->row_last)
	{
		GridCell	c;

		CHECK_FOR_INTERRUPTS();
		if (st->col >= st->col_end)
		{
			st->row++;
			plan_row(st);
			continue;
		}
		c.res = st->res;
		c.row = (int) st->row;
		c.col = grid_wrap_col(st->res, st->col++);
		SRF_RETURN_NEXT(fctx, CellGetDatum(grid_pack(&c)));
	}
	SRF_RETURN_DONE(fctx);
}

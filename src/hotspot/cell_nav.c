/*
 * cell_nav.c
 *	  Set-returning navigation over the grid: cell_children, cell_disk and
 *	  cell_ring.  Each yields one row per call from a small state, so a large
 *	  k or a deep resolution costs time, never memory.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "hotspot/hotspot.h"

/* ---- children: depth-first over parent steps, in id order at each level ---- */

typedef struct ChildFrame
{
	GridCell	kids[7];
	int			nkids;
	int			next;
} ChildFrame;

typedef struct ChildState
{
	int			target;
	int			depth;			/* frames in use */
	bool		self;			/* target is the cell's own resolution */
	GridCell	root;
	ChildFrame	stack[GRID_MAX_RES + 1];
} ChildState;

static void
push_children(ChildState *st, const GridCell *c)
{
	ChildFrame *f = &st->stack[st->depth++];

	f->nkids = grid_children_step(c, f->kids);
	f->next = 0;
}

PG_FUNCTION_INFO_V1(cell_children);
Datum
cell_children(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	ChildState *st;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		GridCell	c;
		int32		res;

		fctx = SRF_FIRSTCALL_INIT();
		cell_get(PG_GETARG_CELL(0), &c);
		res = (PG_NARGS() > 1) ? PG_GETARG_INT32(1) : c.res + 1;
		if (res < c.res)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("child resolution %d is coarser than the cell's resolution %d", res, c.res),
					 errhint("Use cell_parent for coarser resolutions.")));
		cell_check_res(res);
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		st = palloc0(sizeof(ChildState));
		st->target = res;
		st->root = c;
		st->self = (res == c.res);
		if (!st->self)
			push_children(st, &c);
		fctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	st = fctx->user_fctx;
	if (st->self)
	{
		st->self = false;
		SRF_RETURN_NEXT(fctx, CellGetDatum(grid_pack(&st->root)));
	}
	while (st->depth > 0)
	{
		ChildFrame *f = &st->stack[st->depth - 1];
		GridCell	kid;

		CHECK_FOR_INTERRUPTS();
		if (f->next >= f->nkids)
		{
			st->depth--;
			continue;
		}
		kid = f->kids[f->next++];
		if (kid.res == st->target)
			SRF_RETURN_NEXT(fctx, CellGetDatum(grid_pack(&kid)));
		push_children(st, &kid);
	}
	SRF_RETURN_DONE(fctx);
}

/* ---- disk and ring: row by row over axial offsets, wrapping east-west ---- */

typedef struct HexState
{
	GridCell	center;
	int64		k;
	bool		ring;
	int64		q0;				/* axial q of the centre */
	int64		dr;				/* current row offset */
	int64		dr_last;
	bool		ends;			/* this row has only its two end cells */
	int64		lo,
				hi;				/* axial dq range of the row */
	int64		count;			/* candidates in the row */
	int64		idx;			/* next candidate */
} HexState;

static void
plan_row(HexState *st)
{
	int64		n = grid_ncols(st->center.res);
	int64		k = st->k;

	st->lo = Max(-k, -st->dr - k);
	st->hi = Min(k, -st->dr + k);
	st->ends = st->ring && Abs(st->dr) < k;
	if (st->ends)
		st->count = 2;
	else
		st->count = Min(st->hi - st->lo + 1, n);	/* n: the whole row */
	st->idx = 0;
}

static Datum
hex_srf(FunctionCallInfo fcinfo, bool ring)
{
	FuncCallContext *fctx;
	HexState   *st;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		GridCell	c;
		int32		k = PG_GETARG_INT32(1);
		int64		jmax;

		fctx = SRF_FIRSTCALL_INIT();
		cell_get(PG_GETARG_CELL(0), &c);
		if (k < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s radius must be 0 or more, not %d", ring ? "ring" : "disk", k)));
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		st = palloc0(sizeof(HexState));
		st->center = c;
		st->k = k;
		st->ring = ring;
		st->q0 = grid_axial_q(&c);
		jmax = grid_max_row(c.res);
		st->dr = Max(-(int64) k, -jmax - c.row);
		st->dr_last = Min((int64) k, jmax - c.row);
		plan_row(st);
		fctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	st = fctx->user_fctx;
	while (st->dr <= st->dr_last)
	{
		GridCell	cell;
		int64		dq;
		int64		j = st->center.row + st->dr;

		CHECK_FOR_INTERRUPTS();
		if (st->idx >= st->count)
		{
			st->dr++;
			plan_row(st);
			continue;
		}
		dq = (st->ends && st->idx == 1) ? st->hi : st->lo + st->idx;
		st->idx++;
		cell.res = st->center.res;
		cell.row = (int) j;
		cell.col = grid_wrap_col(cell.res, st->q0 + dq + ((j - (j & 1)) / 2));
		if (st->ring)
		{
			/* wrapping can bring a candidate closer than k, or repeat one */
			if (grid_distance(&st->center, &cell) != st->k)
				continue;
			if (st->ends && st->idx == 2 &&
				grid_wrap_col(cell.res, st->q0 + st->lo + ((j - (j & 1)) / 2)) == cell.col)
				continue;
		}
		SRF_RETURN_NEXT(fctx, CellGetDatum(grid_pack(&cell)));
	}
	SRF_RETURN_DONE(fctx);
}

PG_FUNCTION_INFO_V1(cell_disk);
Datum
cell_disk(PG_FUNCTION_ARGS)
{
	return hex_srf(fcinfo, false);
}

PG_FUNCTION_INFO_V1(cell_ring);
Datum
cell_ring(PG_FUNCTION_ARGS)
{
	return hex_srf(fcinfo, true);
}

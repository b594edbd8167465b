/*
 * cell_nav.c
 *	  Set-returning navigation over the grid: cell_children, cell_disk and
 *	  cell_ring.  Each yields one row per call from a small state, so a large
 *	  k or a deep resolution costs time, never memory.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"

#include "common/common.h"
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
		/* about 4 children a step (polar rows differ a little) */
		tst_check_srf_rows(pow(4.0, res - c.res), "cell_children",
						   "Ask for a resolution closer to the cell's, or start from finer cells.");
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

/* Starts the walk over the cells within (disk) or at (ring) k steps of c. */
static void
hex_start(HexState *st, const GridCell *c, int32 k, bool ring)
{
	int64		jmax = grid_max_row(c->res);

	memset(st, 0, sizeof(HexState));
	st->center = *c;
	st->k = k;
	st->ring = ring;
	st->q0 = grid_axial_q(c);
	st->dr = Max(-(int64) k, -jmax - c->row);
	st->dr_last = Min((int64) k, jmax - c->row);
	plan_row(st);
}

/*
 * At most how many cells the walk visits: its rows times a row's width
 * (a whole row of the grid at most).  Known before the first cell.
 */
static double
hex_size(const GridCell *c, int32 k, bool ring)
{
	int64		jmax = grid_max_row(c->res);
	double		rows = (double) (Min((int64) k, jmax - c->row) - Max(-(int64) k, -jmax - c->row) + 1);
	double		width = Min(2.0 * k + 1.0, (double) grid_ncols(c->res));

	if (ring)
		return Min(rows * width, 6.0 * k + 1.0);
	return rows * width;
}

/* The next cell of the walk, or false when it is done. */
static bool
hex_next(HexState *st, GridCell *cell)
{
	while (st->dr <= st->dr_last)
	{
		int64		dq;
		int64		j = st->center.row + st->dr;

		if (st->idx >= st->count)
		{
			st->dr++;
			plan_row(st);
			continue;
		}
		dq = (st->ends && st->idx == 1) ? st->hi : st->lo + st->idx;
		st->idx++;
		cell->res = st->center.res;
		cell->row = (int) j;
		cell->col = grid_wrap_col(cell->res, st->q0 + dq + ((j - (j & 1)) / 2));
		if (st->ring)
		{
			/* wrapping can bring a candidate closer than k, or repeat one */
			if (grid_distance(&st->center, cell) != st->k)
				continue;
			if (st->ends && st->idx == 2 &&
				grid_wrap_col(cell->res, st->q0 + st->lo + ((j - (j & 1)) / 2)) == cell->col)
				continue;
		}
		return true;
	}
	return false;
}

static void
check_radius(int32 k, bool ring)
{
	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s radius must be 0 or more, not %d", ring ? "ring" : "disk", k)));
}

static Datum
hex_srf(FunctionCallInfo fcinfo, bool ring)
{
	FuncCallContext *fctx;
	HexState   *st;
	GridCell	cell;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		GridCell	c;
		int32		k = PG_GETARG_INT32(1);

		fctx = SRF_FIRSTCALL_INIT();
		cell_get(PG_GETARG_CELL(0), &c);
		check_radius(k, ring);
		tst_check_srf_rows(hex_size(&c, k, ring), ring ? "cell_ring" : "cell_disk",
						   "Use a smaller k, or a coarser resolution (cell_parent).");
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		st = palloc(sizeof(HexState));
		hex_start(st, &c, k, ring);
		fctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	st = fctx->user_fctx;
	CHECK_FOR_INTERRUPTS();
	if (hex_next(st, &cell))
		SRF_RETURN_NEXT(fctx, CellGetDatum(grid_pack(&cell)));
	SRF_RETURN_DONE(fctx);
}

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/*
 * The ring-k neighbour graph of sorted, distinct cells as CSR: row i's
 * neighbours are (*col)[(*off)[i] .. (*off)[i+1]-1], positions of the
 * other cells within k steps, ascending (the disk walk visits them in id
 * order only by accident, so each row is sorted).  Never i itself.  The
 * graph of the statistics' grid forms (hotspots, emerging_hotspots) and of
 * cell_disk_pairs.
 */
void
cell_disk_csr(const int64 *ids, int n, int32 k, int64 **off_out, int32 **col_out)
{
	int64	   *off = palloc(sizeof(int64) * (n + 1));
	int64		cap = Max((int64) n * 6, 16);
	int32	   *col = palloc(sizeof(int32) * cap);
	int64		m = 0;

	/* the walk visits up to 3k(k+1) + 1 candidates per cell: bound the work */
	if ((double) n * (3.0 * k * (k + 1.0) + 1.0) > (double) CELL_DISK_MAX_CANDIDATES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%d cells within %d steps make more than " INT64_FORMAT " neighbour candidates",
						n, k, CELL_DISK_MAX_CANDIDATES),
				 errhint("Use a smaller ring, fewer cells, or cube_rollup to a coarser resolution.")));
	off[0] = 0;
	for (int i = 0; i < n; i++)
	{
		HexState	st;
		GridCell	c,
					nb;

		CHECK_FOR_INTERRUPTS();
		cell_get(ids[i], &c);
		hex_start(&st, &c, k, false);
		while (hex_next(&st, &nb))
		{
			int64		id = grid_pack(&nb);
			int64	   *hit;

			if (id == ids[i])
				continue;
			hit = bsearch(&id, ids, n, sizeof(int64), cmp_int64);
			if (hit == NULL)
				continue;
			if (m == cap)
			{
				cap *= 2;		/* pairs <= candidates: bounded above */
				col = repalloc_huge(col, sizeof(int32) * cap);
			}
			col[m++] = (int32) (hit - ids);
		}
		off[i + 1] = m;
		/* rows are short (at most 3k(k+1)): insertion sort */
		for (int64 a = off[i] + 1; a < m; a++)
		{
			int32		v = col[a];
			int64		b = a;

			while (b > off[i] && col[b - 1] > v)
			{
				col[b] = col[b - 1];
				b--;
			}
			col[b] = v;
		}
	}
	*off_out = off;
	*col_out = col;
}

/*
 * cell_disk_pairs(cells cell[], k) -> (i int8[], j int8[]): for sorted,
 * distinct cells, the directed pairs of 1-based positions whose cells are
 * within k steps of each other (never a cell with itself): the neighbour
 * pairs of getis_ord and local_moran for a set of grid cells, without a
 * row per disk cell.
 */
PG_FUNCTION_INFO_V1(cell_disk_pairs);
Datum
cell_disk_pairs(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	int32		k = PG_GETARG_INT32(1);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int64	   *ids;
	int64	   *off;
	int32	   *col;
	ArrayBuildState *bi = NULL;
	ArrayBuildState *bj = NULL;
	TupleDesc	td;
	Datum		values[2];
	bool		rnulls[2] = {false, false};

	check_radius(k, false);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("cell_disk_pairs takes a one-dimensional array of cells")));
	deconstruct_array(arr, ARR_ELEMTYPE(arr), 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &n);
	ids = palloc(sizeof(int64) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		GridCell	g;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("cell %d of cell_disk_pairs is NULL", i + 1)));
		ids[i] = DatumGetCell(elems[i]);
		cell_get(ids[i], &g);	/* validates */
		/* each cell's disk is walked: the same bound as cell_disk */
		tst_check_srf_rows(hex_size(&g, k, false), "cell_disk_pairs (the disk of each cell)",
						   "Use a smaller k, or a coarser resolution (cell_parent).");
		if (i > 0 && ids[i] <= ids[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the cells of cell_disk_pairs must be sorted and distinct"),
					 errhint("Pass ARRAY(SELECT DISTINCT c ... ORDER BY c).")));
	}
	cell_disk_csr(ids, n, k, &off, &col);
	bi = initArrayResult(INT8OID, CurrentMemoryContext, false);
	bj = initArrayResult(INT8OID, CurrentMemoryContext, false);
	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int64 a = off[i]; a < off[i + 1]; a++)
		{
			accumArrayResult(bi, Int64GetDatum(i + 1), false, INT8OID, CurrentMemoryContext);
			accumArrayResult(bj, Int64GetDatum(col[a] + 1), false, INT8OID, CurrentMemoryContext);
		}
	}
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = makeArrayResult(bi, CurrentMemoryContext);
	values[1] = makeArrayResult(bj, CurrentMemoryContext);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, rnulls)));
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

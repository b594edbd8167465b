/*
 * cube_read.c
 *	  Reading a cube back as rows: cube_cells(cube) lists the counted
 *	  (cell, bin) pairs; cube_cells(cube, study_area, from, to) lists every
 *	  pair of a study area and a time span, with the zeros that hotspot
 *	  statistics need (an empty cell is an observation of 0, not a gap).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "common/common.h"
#include "hotspot/cube.h"
#include "hotspot/hotspot.h"

typedef struct ReadState
{
	Cube	   *cube;
	uint32		pos;			/* next entry */
	/* zero-filled mode */
	bool		fill;
	int64	   *cells;			/* sorted, unique study cells */
	int			ncells;
	int			ci;				/* current study cell */
	int64		bin_lo,
				bin_hi,
				bin;			/* span [bin_lo, bin_hi], current bin */
} ReadState;

/* Bin holding ts (floor). */
static int64
bin_of(const Cube *c, TimestampTz ts)
{
	int64		d,
				b;

	if (TIMESTAMP_NOT_FINITE(ts) || pg_sub_s64_overflow(ts, c->origin, &d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the time span of cube_cells must be finite")));
	b = d / c->bin_us;
	if (d % c->bin_us < 0)
		b--;
	return b;
}

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

static Datum
make_row(FuncCallContext *fctx, int64 cell, TimestampTz start, int64 n)
{
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	values[0] = CellGetDatum(cell);
	values[1] = TimestampTzGetDatum(start);
	values[2] = Int64GetDatum(n);
	return HeapTupleGetDatum(heap_form_tuple(fctx->tuple_desc, values, nulls));
}

static void
setup_tupdesc(FunctionCallInfo fcinfo, FuncCallContext *fctx)
{
	TupleDesc	td;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cube_cells must be called in a context that accepts a set of rows")));
	fctx->tuple_desc = BlessTupleDesc(td);
}

/* cube_cells(cube) -> (cell, bin_start, n), in (cell, bin) order */
PG_FUNCTION_INFO_V1(cube_cells);
Datum
cube_cells(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	ReadState  *st;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		setup_tupdesc(fcinfo, fctx);
		st = palloc0(sizeof(ReadState));
		st->cube = cube_checked(PG_GETARG_DATUM(0), "cube value");
		fctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	st = fctx->user_fctx;
	if (st->pos < st->cube->count)
	{
		CubeEntry  *e = &st->cube->entries[st->pos++];

		SRF_RETURN_NEXT(fctx, make_row(fctx, e->cell, cube_bin_start(st->cube, e->bin), e->n));
	}
	SRF_RETURN_DONE(fctx);
}

/*
 * cube_cells(cube, study_area cell[], from, to): every (cell, bin) of the
 * study area and the bins from the one holding `from` to the one holding
 * `to` (default: the cube's first and last bins), with n = 0 where nothing
 * was counted.  Cells of the cube outside the study area are left out.
 * Rows come one per call, so a large area times a long span costs no memory.
 */
/*
 * Rows from a function in FROM are collected (and spilled to disk) before
 * they are read, so the cells x bins grid gets a limit like cells_cover's.
 */
#define FILLED_MAX_ROWS TST_MAX_SRF_ROWS	/* common/common.h */

static void
check_filled_size(const ReadState *st)
{
	int64		bins,
				rows;

	if (st->bin_lo > st->bin_hi || st->ncells == 0)
		return;
	if (pg_sub_s64_overflow(st->bin_hi, st->bin_lo, &bins) ||
		pg_add_s64_overflow(bins, 1, &bins) ||
		pg_mul_s64_overflow(bins, st->ncells, &rows) || rows > FILLED_MAX_ROWS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the study area and time span make more than " INT64_FORMAT " (cell, bin) rows",
						FILLED_MAX_ROWS),
				 errhint("Give a shorter span with from and to, fewer cells, or cube_rollup to a coarser resolution.")));
}

PG_FUNCTION_INFO_V1(cube_cells_filled);
Datum
cube_cells_filled(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	ReadState  *st;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		ArrayType  *arr;
		Datum	   *elems;
		bool	   *nulls;
		int			n,
					m = 0;

		fctx = SRF_FIRSTCALL_INIT();
		if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
			SRF_RETURN_DONE(fctx);
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		setup_tupdesc(fcinfo, fctx);
		st = palloc0(sizeof(ReadState));
		st->fill = true;
		st->cube = cube_checked(PG_GETARG_DATUM(0), "cube value");
		arr = PG_GETARG_ARRAYTYPE_P(1);
		deconstruct_array(arr, ARR_ELEMTYPE(arr), 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &nulls, &n);
		tst_check_no_nulls(nulls, n, "cube_cells", "study_area");
		st->cells = palloc(sizeof(int64) * (n + 1));
		for (int i = 0; i < n; i++)
		{
			GridCell	g;

			cell_get(DatumGetCell(elems[i]), &g);
			if (g.res != st->cube->res)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("study area cell %s has resolution %d, the cube %d",
								cell_format(DatumGetCell(elems[i])), g.res, st->cube->res),
						 errhint("Use cells of the cube's resolution, or cube_rollup the cube.")));
			st->cells[m++] = DatumGetCell(elems[i]);
		}
		qsort(st->cells, m, sizeof(int64), cmp_int64);
		st->ncells = 0;
		for (int i = 0; i < m; i++)
			if (i == 0 || st->cells[i] != st->cells[i - 1])
				st->cells[st->ncells++] = st->cells[i];

		/* time span: given, or the cube's own first to last bin */
		st->bin_lo = PG_INT64_MAX;
		st->bin_hi = PG_INT64_MIN;
		for (uint32 i = 0; i < st->cube->count; i++)
		{
			st->bin_lo = Min(st->bin_lo, st->cube->entries[i].bin);
			st->bin_hi = Max(st->bin_hi, st->cube->entries[i].bin);
		}
		if (!PG_ARGISNULL(2))
			st->bin_lo = bin_of(st->cube, PG_GETARG_TIMESTAMPTZ(2));
		if (!PG_ARGISNULL(3))
			st->bin_hi = bin_of(st->cube, PG_GETARG_TIMESTAMPTZ(3));
		check_filled_size(st);
		st->bin = st->bin_lo;
		fctx->user_fctx = st;
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	st = fctx->user_fctx;
	while (st->ci < st->ncells && st->bin_lo <= st->bin_hi)
	{
		int64		cell = st->cells[st->ci];
		int64		bin = st->bin;
		int64		n = 0;
		Cube	   *c = st->cube;

		CHECK_FOR_INTERRUPTS();
		/* advance over entries before (cell, bin); entries are sorted */
		while (st->pos < c->count &&
			   (c->entries[st->pos].cell < cell ||
				(c->entries[st->pos].cell == cell && c->entries[st->pos].bin < bin)))
			st->pos++;
		if (st->pos < c->count && c->entries[st->pos].cell == cell &&
			c->entries[st->pos].bin == bin)
			n = c->entries[st->pos].n;
		if (st->bin == st->bin_hi)
		{
			st->ci++;
			st->bin = st->bin_lo;
		}
		else
			st->bin++;
		SRF_RETURN_NEXT(fctx, make_row(fctx, cell, cube_bin_start(c, bin), n));
	}
	SRF_RETURN_DONE(fctx);
}

/*
 * safe_cells.c
 *	  safe_cells(cube, k, res_min): "roll up until k".  For every time bin of
 *	  a cube of people, the finest cells that hold at least k distinct
 *	  persons, with every row of the cube counted exactly once.
 *
 * Bottom-up, one resolution at a time from the cube's own: a cell whose
 * pending rows name k or more distinct persons is reported; the rows of the
 * others move up to the parent cell, pooled with their siblings.  So a
 * reported coarse cell counts only the rows not already reported in finer
 * cells inside it (its column `rest` says so), and no row is counted twice.
 * What is still below k at res_min is pooled into one remainder row (cell
 * NULL), released only if that pool reaches k.  Only sorted arrays are used,
 * so the result does not depend on the plan or the order of the cube's rows.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "anon/safe.h"
#include "hotspot/cube.h"
#include "hotspot/hotspot.h"

/* Rows of one cell waiting at the current resolution. */
typedef struct Pending
{
	int64		cell;
	int64		rows;
	bool		reported_below; /* a finer cell inside it was reported */
} Pending;

typedef struct Output
{
	ReturnSetInfo *rsinfo;
	TimestampTz bin_start;
} Output;

static int
cmp_pending(const void *a, const void *b)
{
	const Pending *x = a;
	const Pending *y = b;

	return (x->cell > y->cell) - (x->cell < y->cell);
}

/* Marks by (bin, cell, person): the cube's order with the bin first. */
static int
cmp_mark_bin_first(const void *a, const void *b)
{
	const CubeMark *x = a;
	const CubeMark *y = b;

	if (x->bin != y->bin)
		return (x->bin > y->bin) ? 1 : -1;
	return cube_mark_cmp(a, b);
}

static int
cmp_entry_bin_first(const void *a, const void *b)
{
	const CubeEntry *x = a;
	const CubeEntry *y = b;

	if (x->bin != y->bin)
		return (x->bin > y->bin) ? 1 : -1;
	return (x->cell > y->cell) - (x->cell < y->cell);
}

static int64
parent_of(int64 cell)
{
	GridCell	g,
				p;

	cell_get(cell, &g);
	grid_parent_step(&g, &p);
	return grid_pack(&p);
}

/* Sort pending rows by cell, adding up the rows and flags of one cell. */
static int64
merge_pending(Pending *p, int64 n)
{
	int64		k = 0;

	if (n == 0)
		return 0;
	qsort(p, n, sizeof(Pending), cmp_pending);
	for (int64 i = 1; i < n; i++)
	{
		if (p[i].cell == p[k].cell)
		{
			p[k].rows += p[i].rows;
			p[k].reported_below |= p[i].reported_below;
		}
		else
			p[++k] = p[i];
	}
	return k + 1;
}

static void
emit(Output *out, const int64 *cell, int64 persons, int64 rows, bool rest, bool released)
{
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};

	values[0] = TimestampTzGetDatum(out->bin_start);
	values[1] = cell ? CellGetDatum(*cell) : (Datum) 0;
	nulls[1] = (cell == NULL);
	values[2] = Int64GetDatum(persons);
	values[3] = Int64GetDatum(rows);
	nulls[2] = nulls[3] = !released;
	values[4] = BoolGetDatum(rest);
	values[5] = released ? (Datum) 0 : CStringGetTextDatum("below_k");
	nulls[5] = released;
	tuplestore_putvalues(out->rsinfo->setResult, out->rsinfo->setDesc, values, nulls);
}

/* Distinct persons in sorted, unique (cell, person) marks of one cell. */
static int64
persons_of_cell(const CubeMark *m, int64 nm, int64 *j, int64 cell)
{
	int64		start = *j;

	while (*j < nm && m[*j].cell == cell)
		(*j)++;
	return *j - start;
}

/*
 * One time bin: marks (cell, person) and pending rows at the cube's
 * resolution, rolled up to res_min.  The arrays are reused level by level.
 */
static void
safe_cells_bin(Output *out, CubeMark *m, int64 nm, Pending *p, int64 np,
			   int res, int res_min, int32 k)
{
	CubeMark   *rem_marks = palloc_extended(sizeof(CubeMark) * (nm + 1), MCXT_ALLOC_HUGE);
	int64		rem_nm = 0,
				rem_rows = 0;
	bool		any_reported = false;

	for (int level = res; level >= res_min; level--)
	{
		int64		next_nm = 0,
					next_np = 0,
					j = 0;

		CHECK_FOR_INTERRUPTS();
		np = merge_pending(p, np);
		nm = cube_sort_marks(m, nm);
		for (int64 i = 0; i < np; i++)
		{
			Pending		g = p[i];
			int64		from = j;
			int64		persons;
			bool		report;
			int64		parent = 0;

			while (j < nm && m[j].cell < g.cell)
				j++;			/* cannot happen: every mark has its row */
			from = j;
			persons = persons_of_cell(m, nm, &j, g.cell);
			report = persons >= k;
			if (report)
			{
				emit(out, &g.cell, persons, g.rows, g.reported_below, true);
				any_reported = true;
			}
			if (level > res_min)
				parent = parent_of(g.cell);
			if (report || g.rows == 0)
			{
				/* only the fact that something inside was reported moves up */
				if (level > res_min && (report || g.reported_below))
					p[next_np++] = (Pending) {parent, 0, true};
				continue;
			}
			if (level == res_min)
			{
				memcpy(rem_marks + rem_nm, m + from, sizeof(CubeMark) * (j - from));
				rem_nm += j - from;
				rem_rows += g.rows;
				continue;
			}
			/* below k: the rows and their persons wait in the parent */
			for (int64 t = from; t < j; t++)
			{
				m[next_nm] = m[t];
				m[next_nm++].cell = parent;
			}
			p[next_np++] = (Pending) {parent, g.rows, g.reported_below};
		}
		nm = next_nm;
		np = next_np;
	}
	if (rem_rows > 0)
	{
		int64		persons;

		/* one person in two left-over cells is one person of the remainder */
		for (int64 t = 0; t < rem_nm; t++)
			rem_marks[t].cell = 0;
		persons = cube_sort_marks(rem_marks, rem_nm);
		emit(out, NULL, persons, rem_rows, any_reported, persons >= k);
	}
	pfree(rem_marks);
}

PG_FUNCTION_INFO_V1(safe_cells);
Datum
safe_cells(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Cube	   *c;
	int32		k,
				res_min;
	CubeMark   *marks;
	CubeEntry  *entries;
	int64		nmarks,
				mi = 0;
	Output		out;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	c = cube_of_people(PG_GETARG_DATUM(0), "safe_cells");
	k = cube_k_arg(fcinfo, 1);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("res_min of safe_cells must not be NULL"),
				 errhint("Give the coarsest resolution to roll up to, 0 for the whole grid.")));
	res_min = PG_GETARG_INT32(2);
	cell_check_res(res_min);
	if (res_min > c->res)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("res_min %d is finer than the cube's resolution %d", res_min, c->res),
				 errhint("Roll up to a resolution between 0 and %d.", c->res)));

	/* bins first, so each bin's entries and marks are one slice */
	nmarks = CUBE_NMARKS(c);
	marks = palloc_extended(sizeof(CubeMark) * (nmarks + 1), MCXT_ALLOC_HUGE);
	memcpy(marks, CUBE_MARKS(c), sizeof(CubeMark) * nmarks);
	qsort(marks, nmarks, sizeof(CubeMark), cmp_mark_bin_first);
	entries = palloc_extended(sizeof(CubeEntry) * ((Size) c->count + 1), MCXT_ALLOC_HUGE);
	memcpy(entries, c->entries, sizeof(CubeEntry) * c->count);
	qsort(entries, c->count, sizeof(CubeEntry), cmp_entry_bin_first);

	out.rsinfo = rsinfo;
	for (uint32 ei = 0; ei < c->count;)
	{
		int64		bin = entries[ei].bin;
		uint32		ej = ei;
		int64		mj = mi;
		Pending    *p;

		while (ej < c->count && entries[ej].bin == bin)
			ej++;
		while (mj < nmarks && marks[mj].bin == bin)
			mj++;
		p = palloc(sizeof(Pending) * (ej - ei));
		for (uint32 t = ei; t < ej; t++)
			p[t - ei] = (Pending) {entries[t].cell, entries[t].n, false};
		out.bin_start = cube_bin_start(c, bin);
		safe_cells_bin(&out, marks + mi, mj - mi, p, ej - ei, c->res, res_min, k);
		pfree(p);
		ei = ej;
		mi = mj;
	}
	return (Datum) 0;
}

/*
 * grid_engine.c
 *	  The study cells, their ring-k CSR graph and the counts by bin with
 *	  implicit zeros, read once from a cube (see grid_engine.h).
 */
#include "postgres.h"

#include "common/int.h"

#include "hotspot/grid_engine.h"
#include "hotspot/hotspot.h"

static int
cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* The study cells: the area's (checked, sorted, deduplicated) or the cube's. */
static void
study_cells(GridEngine *e, bool area_given, const int64 *area, int narea, const char *fn)
{
	Cube	   *c = e->cube;
	int			m = 0;

	if (area_given)
	{
		e->cells = palloc(sizeof(int64) * (narea + 1));
		for (int i = 0; i < narea; i++)
		{
			GridCell	g;

			cell_get(area[i], &g);
			if (g.res != c->res)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s: study area cell %s has resolution %d, the cube %d",
								fn, cell_format(area[i]), g.res, c->res),
						 errhint("Use cells of the cube's resolution, or cube_rollup the cube.")));
			e->cells[m++] = area[i];
		}
		qsort(e->cells, m, sizeof(int64), cmp_int64);
	}
	else
	{
		/* entries are sorted by cell: the distinct cells come in order */
		e->cells = palloc(sizeof(int64) * (c->count + 1));
		for (uint32 k = 0; k < c->count; k++)
			e->cells[m++] = c->entries[k].cell;
	}
	e->n = 0;
	for (int i = 0; i < m; i++)
		if (i == 0 || e->cells[i] != e->cells[i - 1])
			e->cells[e->n++] = e->cells[i];
}

/*
 * The cube's entries whose cell is in the study area (both sorted by cell).
 * Without fill, counts them per bin into bin_off[bin + 1]; with fill (the
 * next free slot of each bin), places them.  Returns how many there are.
 */
static int64
area_entries(GridEngine *e, int64 *fill, const double *counts, const bool *withheld)
{
	Cube	   *c = e->cube;
	int64		nent = 0;
	int			i = 0;

	for (uint32 k = 0; k < c->count; k++)
	{
		CubeEntry  *en = &c->entries[k];

		CUBE_INTERRUPT_POINT(k);
		while (i < e->n && e->cells[i] < en->cell)
			i++;
		if (i == e->n)
			break;
		if (e->cells[i] != en->cell)
			continue;
		nent++;
		if (fill == NULL)
			e->bin_off[en->bin - e->bin_lo + 1]++;
		else
		{
			int64		at = fill[en->bin - e->bin_lo]++;

			e->ent_cell[at] = i;
			e->ent_n[at] = counts[k];
			e->ent_withheld[at] = withheld[k];
		}
	}
	return nent;
}

void
grid_engine_build(GridEngine *e, Cube *c, bool area_given, const int64 *area,
				  int narea, int32 ring, const char *fn)
{
	int64		bin_hi = PG_INT64_MIN;
	int64		span;
	int64		nent;
	int64	   *fill;
	double	   *counts;
	bool	   *withheld;

	memset(e, 0, sizeof(GridEngine));
	e->cube = c;
	study_cells(e, area_given, area, narea, fn);

	/* the time span is the whole cube's, as cube_cells(cube, area) */
	e->bin_lo = PG_INT64_MAX;
	for (uint32 k = 0; k < c->count; k++)
	{
		e->bin_lo = Min(e->bin_lo, c->entries[k].bin);
		bin_hi = Max(bin_hi, c->entries[k].bin);
	}
	if (c->count == 0 || e->n == 0)
	{
		e->T = 0;
		e->bin_off = palloc0(sizeof(int64));
		return;
	}
	if (pg_sub_s64_overflow(bin_hi, e->bin_lo, &span) || span >= PG_INT32_MAX ||
		(span + 1) * (int64) e->n > GRID_ENGINE_MAX_OBS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s: the study area and the cube's time span make more than " INT64_FORMAT " (cell, bin) observations",
						fn, GRID_ENGINE_MAX_OBS),
				 errhint("Use fewer cells, wider bins (cube_rollup) or a cube of a shorter span.")));
	e->T = (int) (span + 1);

	cell_disk_csr(e->cells, e->n, ring, &e->off, &e->col);
	e->g.n = e->n;
	e->g.off = e->off;
	e->g.col = e->col;
	e->g.w = NULL;				/* binary: weights are never read */

	/* entries inside the area, counted by bin, then placed (counting sort) */
	e->bin_off = palloc0(sizeof(int64) * (e->T + 1));
	nent = area_entries(e, NULL, NULL, NULL);
	for (int t = 0; t < e->T; t++)
		e->bin_off[t + 1] += e->bin_off[t];
	e->ent_cell = palloc(sizeof(int32) * (nent + 1));
	e->ent_n = palloc(sizeof(double) * (nent + 1));
	e->ent_withheld = palloc(sizeof(bool) * (nent + 1));
	counts = palloc_extended(sizeof(double) * c->count, MCXT_ALLOC_HUGE);
	withheld = palloc_extended(sizeof(bool) * c->count, MCXT_ALLOC_HUGE);
	cube_statistic_counts(c, counts, withheld);
	fill = palloc(sizeof(int64) * e->T);
	memcpy(fill, e->bin_off, sizeof(int64) * e->T);
	(void) area_entries(e, fill, counts, withheld);
	pfree(fill);
	pfree(counts);
	pfree(withheld);
}

void
grid_engine_bin_values(const GridEngine *e, int t, double *y, bool *withheld)
{
	memset(y, 0, sizeof(double) * e->n);
	if (withheld)
		memset(withheld, 0, sizeof(bool) * e->n);
	for (int64 k = e->bin_off[t]; k < e->bin_off[t + 1]; k++)
	{
		y[e->ent_cell[k]] = e->ent_n[k];
		if (withheld)
			withheld[e->ent_cell[k]] = e->ent_withheld[k];
	}
}

TimestampTz
grid_engine_bin_start(const GridEngine *e, int t)
{
	return cube_bin_start(e->cube, e->bin_lo + t);
}

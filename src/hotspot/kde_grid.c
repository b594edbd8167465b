/*
 * kde_grid.c
 *	  Adding points' quartic kernels onto the cells of one resolution.
 *
 *	  For a point and radius r (angular radius delta = r / R), the rows
 *	  whose centres can lie within r are those reaching [lat - delta,
 *	  lat + delta]; within a row every centre has the same latitude, so the
 *	  haversine bound gives the exact span of longitudes directly, including
 *	  rows around a pole (all columns) and across +-180 (columns wrap).
 *	  Each candidate centre is then tested exactly (d < r).  Densities add
 *	  up in a hash table keyed by cell id; with a study area the table holds
 *	  just its cells and other cells are skipped.  A cube count sitting on a
 *	  centre of the output grid (same resolution, unclipped row) reuses its
 *	  row's kernel, computed once: the grid is cylindrical, so every centre
 *	  of a row has the same kernel shifted by whole columns.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "hotspot/hotspot.h"
#include "hotspot/kde_grid.h"

typedef struct AccEntry
{
	int64		cell;
	double		density;
} AccEntry;

static HTAB *
new_table(KdeGrid *g, long size)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(AccEntry);
	ctl.hcxt = g->cxt;
	return hash_create("tst_hub kernel density", Max(size, 256), &ctl,
					   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

void
kde_grid_check_size(int res, double r_km)
{
	double		cell_km2 = 6.0 * grid_unit_km2(res);
	double		per_point = M_PI * r_km * r_km / cell_km2;

	if (per_point > (double) KDE_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a bandwidth of %.0f m covers about %.0f cells of resolution %d around each point, more than the limit of " INT64_FORMAT,
						r_km * 1000.0, per_point, res, KDE_MAX_CELLS),
				 errhint("Use a coarser resolution (res) or a smaller bandwidth.")));
}

void
kde_grid_init(KdeGrid *g, int res, double r_km, const int64 *cells, int ncells)
{
	memset(g, 0, sizeof(*g));
	g->res = res;
	g->r_km = r_km;
	g->cxt = AllocSetContextCreate(CurrentMemoryContext, "tst_hub kernel density",
								   ALLOCSET_DEFAULT_SIZES);
	g->pcxt = AllocSetContextCreate(CurrentMemoryContext, "tst_hub kernel rows",
									ALLOCSET_DEFAULT_SIZES);
	g->cells = cells;
	g->ncells = ncells;
	g->restricted = (cells != NULL);
	kde_grid_reset(g);
}

/* Empty the sums (a study area's cells stay, at 0). */
void
kde_grid_reset(KdeGrid *g)
{
	MemoryContextReset(g->cxt);
	g->table = new_table(g, g->restricted ? g->ncells : 1024);
	for (int i = 0; i < g->ncells; i++)
	{
		bool		found;
		AccEntry   *e = hash_search(g->table, &g->cells[i], HASH_ENTER, &found);

		if (!found)
			e->density = 0.0;
	}
}

static void
add_at(KdeGrid *g, int64 cell, double v)
{
	AccEntry   *e;
	bool		found;

	if (g->restricted)
	{
		e = hash_search(g->table, &cell, HASH_FIND, NULL);
		if (e)
			e->density += v;
		return;
	}
	e = hash_search(g->table, &cell, HASH_ENTER, &found);
	if (!found)
	{
		e->density = 0.0;
		if (hash_get_num_entries(g->table) > KDE_MAX_CELLS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a kernel density surface would have more than " INT64_FORMAT " cells",
							KDE_MAX_CELLS),
					 errhint("Use a coarser resolution (res), a smaller bandwidth or a study_area.")));
		if (hash_get_num_entries(g->table) + g->emitted > KDE_MAX_ROWS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("kernel density would return more than " INT64_FORMAT " rows",
							KDE_MAX_ROWS),
					 errhint("Use fewer bins (cube_slice, wider bins or all_time), a coarser resolution (res), a smaller bandwidth or a study_area.")));
	}
	e->density += v;
}

/*
 * Visit every cell centre nearer than r to (lon, lat): fn gets the row, the
 * column before wrapping, and the kernel's value per unit weight.
 */
typedef void (*KernelVisit) (KdeGrid *g, void *arg, int row, int64 col, double k);

static void
visit_kernel(KdeGrid *g, double plon, double plat, KernelVisit fn, void *arg)
{
	const double rad = M_PI / 180.0;
	int			res = g->res;
	double		n = (double) grid_ncols(res);
	double		P = grid_pole(res);
	int64		jmax = grid_max_row(res);
	double		delta = g->r_km / GRID_RADIUS_KM;
	double		hmax = sin(delta / 2.0) * sin(delta / 2.0);
	double		phi0 = plat * rad;
	double		cos0 = cos(phi0);
	double		scale = 1.0 / (g->r_km * g->r_km);
	double		lo = Max(phi0 - delta, -M_PI / 2.0),
				hi = Min(phi0 + delta, M_PI / 2.0);
	/* rows whose hexagon (Y within 2 of 3j) meets the cap's latitudes */
	int64		jlo = (int64) ceil((P * sin(lo) - 2.0) / 3.0),
				jhi = (int64) floor((P * sin(hi) + 2.0) / 3.0);

	jlo = Max(jlo, -jmax);
	jhi = Min(jhi, jmax);
	for (int64 j = jlo; j <= jhi; j++)
	{
		GridCell	c;
		double		clon,
					clat,
					phij,
					sa,
					a,
					cc,
					span;
		int64		odd = j & 1,
					ilo,
					ihi;

		c.res = res;
		c.row = (int) j;
		c.col = 0;
		grid_center(&c, &clon, &clat);
		phij = clat * rad;
		sa = sin((phij - phi0) / 2.0);
		a = sa * sa;
		if (a >= hmax)
			continue;
		cc = cos0 * cos(phij);
		if (cc > 0 && (hmax - a) / cc < 1.0)
		{
			/* longitudes with sin^2(dlon / 2) < (hmax - a) / cc */
			span = 2.0 * asin(sqrt((hmax - a) / cc)) / rad;
			ilo = (int64) ceil(((plon - span) * n / 180.0 - odd) / 2.0);
			ihi = (int64) floor(((plon + span) * n / 180.0 - odd) / 2.0);
			if (ihi - ilo + 1 > (int64) n)
				ihi = ilo + (int64) n - 1;
		}
		else
		{
			/* the whole row is within reach in longitude */
			ilo = -(int64) n / 2;
			ihi = ilo + (int64) n - 1;
		}
		for (int64 i = ilo; i <= ihi; i++)
		{
			double		lon = (2.0 * i + odd) * 180.0 / n;
			double		sl = sin((lon - plon) * rad / 2.0);
			double		h = a + cc * sl * sl;
			double		u;

			if (h >= hmax)
				continue;
			u = 2.0 * GRID_RADIUS_KM * asin(sqrt(h)) / g->r_km;
			if (u >= 1.0)
				continue;
			fn(g, arg, (int) j, i, scale * kde_quartic(u * u));
			if ((i & 0x3FF) == 0)
				CHECK_FOR_INTERRUPTS();
		}
		CHECK_FOR_INTERRUPTS();
	}
}

static void
add_visit(KdeGrid *g, void *arg, int row, int64 col, double k)
{
	GridCell	c;

	c.res = g->res;
	c.row = row;
	c.col = grid_wrap_col(g->res, col);
	add_at(g, grid_pack(&c), *(const double *) arg * k);
}

void
kde_grid_add(KdeGrid *g, const KdePoint *p)
{
	visit_kernel(g, p->lon, p->lat, add_visit, (void *) &p->w);
}

/*
 * The kernel of a centre of row j, as (row, column offset, value) from
 * column 0.  Every centre of an unclipped row has the same kernel shifted
 * by whole columns (the grid is cylindrical), so it is computed once per
 * row: a count then costs a hash probe per cell, no trigonometry.
 */
typedef struct RowPattern
{
	int32		row;			/* hash key */
	int			n;
	int			size;
	int		   *rows;
	int64	   *cols;
	double	   *vals;
} RowPattern;

static void
collect_visit(KdeGrid *g, void *arg, int row, int64 col, double k)
{
	RowPattern *pat = arg;

	if (pat->n == pat->size)
	{
		pat->size *= 2;
		pat->rows = repalloc(pat->rows, sizeof(int) * pat->size);
		pat->cols = repalloc_huge(pat->cols, sizeof(int64) * pat->size);
		pat->vals = repalloc_huge(pat->vals, sizeof(double) * pat->size);
	}
	pat->rows[pat->n] = row;
	pat->cols[pat->n] = col;
	pat->vals[pat->n] = k;
	pat->n++;
}

static RowPattern *
row_pattern(KdeGrid *g, int row)
{
	RowPattern *pat;
	bool		found;

	if (g->patterns == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(int32);
		ctl.entrysize = sizeof(RowPattern);
		ctl.hcxt = g->pcxt;
		g->patterns = hash_create("tst_hub kernel rows", 256, &ctl,
								  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	pat = hash_search(g->patterns, &row, HASH_ENTER, &found);
	if (!found)
	{
		MemoryContext old = MemoryContextSwitchTo(g->pcxt);
		GridCell	c = {g->res, row, 0};
		double		lon,
					lat;

		pat->n = 0;
		pat->size = 64;
		pat->rows = palloc(sizeof(int) * pat->size);
		pat->cols = palloc(sizeof(int64) * pat->size);
		pat->vals = palloc(sizeof(double) * pat->size);
		grid_center(&c, &lon, &lat);
		visit_kernel(g, lon, lat, collect_visit, pat);
		MemoryContextSwitchTo(old);
	}
	return pat;
}

void
kde_grid_add_cell(KdeGrid *g, int64 cell, const KdePoint *p)
{
	GridCell	c;
	RowPattern *pat;

	cell_get(cell, &c);
	/* off the grid's centres (another resolution, clipped polar rows): direct */
	if (c.res != g->res || 3.0 * abs(c.row) + 2.0 > grid_pole(c.res))
	{
		kde_grid_add(g, p);
		return;
	}
	pat = row_pattern(g, c.row);
	for (int k = 0; k < pat->n; k++)
	{
		GridCell	t;

		t.res = g->res;
		t.row = pat->rows[k];
		t.col = grid_wrap_col(g->res, pat->cols[k] + c.col);
		add_at(g, grid_pack(&t), p->w * pat->vals[k]);
		if ((k & 0x3FF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
}

/* An inlined sort by cell id: a surface can hold millions of cells. */
#define ST_SORT sort_cellvals
#define ST_ELEMENT_TYPE KdeCellValue
#define ST_COMPARE(a, b) (((a)->cell > (b)->cell) - ((a)->cell < (b)->cell))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/*
 * The sums in cell order, palloc'd in the caller's context.  Without a
 * study area only cells with a density above 0 (d < r of some point).
 */
int64
kde_grid_result(KdeGrid *g, KdeCellValue **out)
{
	HASH_SEQ_STATUS seq;
	AccEntry   *e;
	int64		m = 0;
	KdeCellValue *v = palloc(sizeof(KdeCellValue) * Max(hash_get_num_entries(g->table), 1));

	hash_seq_init(&seq, g->table);
	while ((e = hash_seq_search(&seq)) != NULL)
	{
		if (!g->restricted && !(e->density > 0))
			continue;
		v[m].cell = e->cell;
		v[m].density = e->density;
		m++;
	}
	sort_cellvals(v, m);
	g->emitted += m;
	*out = v;
	return m;
}

void
kde_grid_free(KdeGrid *g)
{
	MemoryContextDelete(g->cxt);
	MemoryContextDelete(g->pcxt);
	g->cxt = g->pcxt = NULL;
	g->patterns = NULL;
	g->table = NULL;
}

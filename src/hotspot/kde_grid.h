/*
 * kde_grid.h
 *	  Kernel sums on the cells of one resolution (kde_grid.c); the formula
 *	  and units are in kde.h.
 */
#ifndef TST_HUB_KDE_GRID_H
#define TST_HUB_KDE_GRID_H

#include "utils/hsearch.h"

#include "hotspot/kde.h"

typedef struct KdeCellValue
{
	int64		cell;
	double		density;		/* per km^2 */
} KdeCellValue;

typedef struct KdeGrid
{
	int			res;
	double		r_km;
	MemoryContext cxt;			/* the table lives here (reset per surface) */
	MemoryContext pcxt;			/* kernel patterns per row (kept) */
	HTAB	   *patterns;		/* row -> its kernel, for counts on centres */
	HTAB	   *table;			/* cell -> density */
	bool		restricted;		/* only the study area's cells */
	const int64 *cells;			/* the study area (res cells), or NULL */
	int			ncells;
	int64		emitted;		/* rows already returned by kde_grid_result */
} KdeGrid;

/* 54000 when one point's kernel would cover more than KDE_MAX_CELLS cells. */
extern void kde_grid_check_size(int res, double r_km);

extern void kde_grid_init(KdeGrid *g, int res, double r_km, const int64 *cells, int ncells);
extern void kde_grid_reset(KdeGrid *g);
extern void kde_grid_add(KdeGrid *g, const KdePoint *p);
/* The same for a cube cell's count at its centre p (faster at res == g->res). */
extern void kde_grid_add_cell(KdeGrid *g, int64 cell, const KdePoint *p);
extern int64 kde_grid_result(KdeGrid *g, KdeCellValue **out);
extern void kde_grid_free(KdeGrid *g);

#endif

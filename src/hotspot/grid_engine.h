/*
 * grid_engine.h
 *	  The grid forms' shared engine: a cube read against a study area.
 *
 * hotspots and emerging_hotspots both need the same three things, built
 * once per call:
 *	 - the study cells, sorted and distinct (the cells of a study area at
 *	   the cube's resolution, or else the cells the cube counted);
 *	 - their ring-k neighbour graph as CSR (stats.h's StatsGraph, binary);
 *	 - the counts of every (cell, bin) with implicit zeros: cells x bins
 *	   over the cube's whole time span, first to last bin (the span of
 *	   cube_cells(cube, area)), whether or not the study cells were counted
 *	   in every bin.  A cube of people counts persons, withheld (0) below
 *	   tst_hub.min_k, so the statistics rest only on what may be released.
 * Entries of cells outside the study area are dropped on reading and take
 * part in nothing; only the cube's time span comes from the whole cube.
 */
#ifndef TST_HUB_GRID_ENGINE_H
#define TST_HUB_GRID_ENGINE_H

#include "hotspot/cube.h"
#include "hotspot/stats.h"

/* Largest cells x bins a call may hold (as cube_cells with a study area). */
#define GRID_ENGINE_MAX_OBS INT64CONST(100000000)

typedef struct GridEngine
{
	Cube	   *cube;
	int			n;				/* study cells */
	int64	   *cells;			/* sorted, distinct */
	int64	   *off;			/* CSR of the ring-k graph */
	int32	   *col;
	StatsGraph	g;				/* the same, for stats_getis_ord */
	int64		bin_lo;			/* first bin of the span */
	int			T;				/* bins in the span (0: empty cube) */
	/* counted entries inside the study area, grouped by bin */
	int64	   *bin_off;		/* T + 1 offsets into ent_cell / ent_n */
	int32	   *ent_cell;		/* study-cell position */
	double	   *ent_n;			/* see cube_statistic_counts: persons in a cube of people */
	bool	   *ent_withheld;	/* a cube of people's entry below tst_hub.min_k */
} GridEngine;

/*
 * Builds the engine for cube c; area (sorted or not, NULLs skipped) or,
 * when area_given is false, the cube's counted cells; ring >= 1.  fn names
 * the SQL function in messages (22023 for cells of another resolution,
 * 54000 past GRID_ENGINE_MAX_OBS).
 */
extern void grid_engine_build(GridEngine *e, Cube *c, bool area_given, const int64 *area,
							  int narea, int32 ring, const char *fn);

/* The dense counts of bin t (0-based in the span) into y[0 .. n-1], and
 * (unless NULL) which of them a cube of people withholds. */
extern void grid_engine_bin_values(const GridEngine *e, int t, double *y, bool *withheld);

/* Start of bin t of the span. */
extern TimestampTz grid_engine_bin_start(const GridEngine *e, int t);

#endif

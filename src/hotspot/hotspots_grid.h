/*
 * hotspots_grid.h
 *	  Argument handling and output columns shared by the grid forms
 *	  (hotspots_grid.c, emerging.c).
 */
#ifndef TST_HUB_HOTSPOTS_GRID_H
#define TST_HUB_HOTSPOTS_GRID_H

#include "fmgr.h"

#include "hotspot/grid_engine.h"

/* 22023 unless argument argno (ring) is 1 or more. */
extern void grid_ring_arg(FunctionCallInfo fcinfo, int argno, const char *fn);

/* The engine of argument 0 (cube, not NULL), ring_arg and area_arg (cell[] or NULL). */
extern void grid_engine_from_args(FunctionCallInfo fcinfo, GridEngine *e, int ring_arg,
								  int area_arg, const char *fn);

/* (z, p, bin, fdr, reason) of a Gi* result: NULL z/p/bin/fdr where undefined. */
extern void grid_stats_columns(const StatsGi *g, int fdr, Datum *values, bool *nulls);

/* A whole output row (value at 2, reason at 7): value withheld below k. */
extern void grid_withhold_value(bool withheld, Datum *values, bool *nulls);

#endif

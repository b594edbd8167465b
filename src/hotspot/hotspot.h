/*
 * hotspot.h
 *	  The hotspot pillar's interface for other pillars: the cell type and
 *	  the argument checks its SQL functions share.
 */
#ifndef TST_HUB_HOTSPOT_H
#define TST_HUB_HOTSPOT_H

#include "hotspot/grid.h"

/* Text form of a cell id; NULL on success, else a sentence for errdetail. */
extern const char *cell_parse(const char *s, int64 *id);
extern char *cell_format(int64 id);

/* A stored cell decoded, or XX001 (every path in validates, so corruption). */
extern void cell_get(int64 id, GridCell *c);

/* The cell of a point, raising 22003/22023 for bad arguments. */
extern int64 cell_of_latlon(double lat, double lon, int32 res);

/* 22023 unless 0 <= res <= GRID_MAX_RES. */
extern void cell_check_res(int32 res);

/*
 * Ring-k neighbours of sorted, distinct cells as CSR (row i: positions
 * col[off[i] .. off[i+1]-1], ascending, never i); palloc'd.  54000 when
 * cells x (3k(k+1) + 1) exceeds CELL_DISK_MAX_CANDIDATES.
 */
#define CELL_DISK_MAX_CANDIDATES INT64CONST(100000000)
extern void cell_disk_csr(const int64 *ids, int n, int32 k, int64 **off, int32 **col);

#endif

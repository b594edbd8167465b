/*
 * cube.h
 *	  tst_hub.cube: counts per (cell, time bin), the mergeable state of the
 *	  space-time cube.
 *
 * Layout (varlena, version byte first, all fields host order on disk and
 * network order in binary I/O):
 *
 *	  uint8  version		1
 *	  uint8  res			resolution of every cell in the cube
 *	  uint16 flags			0 (reserved)
 *	  uint32 count			number of entries
 *	  int64  bin_us			bin width in microseconds (> 0)
 *	  int64  origin			timestamptz where bin 0 starts
 *	  entries[count]		{int64 cell, int64 bin, int64 n}, strictly
 *							increasing by (cell, bin), n > 0
 *
 * Bin b covers [origin + b * bin_us, origin + (b + 1) * bin_us).  The entry
 * order is canonical, so equal cubes are equal bytes whatever the row order
 * or plan that built them.
 */
#ifndef TST_HUB_CUBE_H
#define TST_HUB_CUBE_H

#include "miscadmin.h"
#include "utils/memutils.h"

#define CUBE_VERSION	1

typedef struct CubeEntry
{
	int64		cell;
	int64		bin;
	int64		n;
} CubeEntry;

typedef struct Cube
{
	int32		vl_len_;
	uint8		version;
	uint8		res;
	uint16		flags;
	uint32		count;
	int64		bin_us;
	int64		origin;
	CubeEntry	entries[FLEXIBLE_ARRAY_MEMBER];
} Cube;

#define CUBE_HEADER_SIZE	offsetof(Cube, entries)
#define CUBE_SIZE(n)		(CUBE_HEADER_SIZE + sizeof(CubeEntry) * (Size) (n))
/* Entries a cube may hold (keeps the varlena under 1 GB). */
#define CUBE_MAX_ENTRIES	((MaxAllocSize - CUBE_HEADER_SIZE) / sizeof(CubeEntry))

/* Loops over up to CUBE_MAX_ENTRIES entries stay cancellable. */
#define CUBE_INTERRUPT_POINT(i) \
	do { \
		if (((i) & 0xFFFF) == 0) \
			CHECK_FOR_INTERRUPTS(); \
	} while (0)

#define DatumGetCubeP(d)	((Cube *) PG_DETOAST_DATUM(d))
#define PG_GETARG_CUBE_P(n)	DatumGetCubeP(PG_GETARG_DATUM(n))

/* Why the bytes are not a valid cube, or NULL.  No backend state needed
 * beyond palloc, so fuzzers can call it. */
extern const char *cube_check(const Cube *c, Size len);

/* Does the bin start at a representable timestamp (origin + bin * width)? */
extern bool cube_bin_start_valid(int64 origin, int64 bin_us, int64 bin);

/* A cube from a Datum, aligned and checked; XX001 naming what if corrupted. */
extern Cube *cube_checked(Datum d, const char *what);

/* A palloc'd cube from sorted, unique entries. */
extern Cube *cube_build(int res, int64 bin_us, int64 origin, const CubeEntry *e, uint32 count);

/* 22023 unless two cubes (or a cube and a state) can be merged. */
extern void cube_check_compatible(int res_a, int64 bin_a, int64 origin_a,
								  int res_b, int64 bin_b, int64 origin_b);

/* Sort entries by (cell, bin) and add up duplicates; returns the new count. */
extern uint32 cube_sort_merge(CubeEntry *e, uint32 count);

#endif

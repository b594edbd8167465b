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
 *	  uint16 flags			0, or CUBE_FLAG_PERSONS (other bits reserved)
 *	  uint32 count			number of entries
 *	  int64  bin_us			bin width in microseconds (> 0)
 *	  int64  origin			timestamptz where bin 0 starts
 *	  entries[count]		{int64 cell, int64 bin, int64 n}, strictly
 *							increasing by (cell, bin), n > 0 rows
 *	with CUBE_FLAG_PERSONS (a cube of people, built by st_cube_people):
 *	  int64  nmarks			number of person marks
 *	  marks[nmarks]			{int64 cell, int64 bin, uint8 person[16]}, the
 *							distinct persons of each entry, strictly
 *							increasing by (cell, bin, person bytes); every
 *							entry has 1..n marks and every mark an entry
 *
 * Bin b covers [origin + b * bin_us, origin + (b + 1) * bin_us).  The entry
 * order is canonical, so equal cubes are equal bytes whatever the row order
 * or plan that built them.  The marks are what lets hotspot outputs count
 * people rather than rows (one victim named in 30 reports is one person),
 * and so be withheld below k; a cube of people holds pseudonyms and is as
 * sensitive as they are (cube_without_persons drops them).
 */
#ifndef TST_HUB_CUBE_H
#define TST_HUB_CUBE_H

#include "fmgr.h"
#include "miscadmin.h"
#include "datatype/timestamp.h"
#include "utils/memutils.h"

#define CUBE_VERSION	1
#define CUBE_FLAG_PERSONS	0x0001

#define CUBE_PERSON_BYTES	16	/* a pseudonym (anon/anon.h) */

typedef struct CubeEntry
{
	int64		cell;
	int64		bin;
	int64		n;
} CubeEntry;

/* A person counted in an entry of a cube of people. */
typedef struct CubeMark
{
	int64		cell;
	int64		bin;
	uint8		person[CUBE_PERSON_BYTES];
} CubeMark;

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
/* Size of a cube of people, and where its marks start. */
#define CUBE_PEOPLE_SIZE(n, m)	(CUBE_SIZE(n) + sizeof(int64) + sizeof(CubeMark) * (Size) (m))
#define CUBE_MAX_MARKS		((MaxAllocSize - CUBE_HEADER_SIZE) / sizeof(CubeMark))
#define CUBE_HAS_PERSONS(c)	(((c)->flags & CUBE_FLAG_PERSONS) != 0)
#define CUBE_NMARKS(c)		(*(int64 *) ((char *) (c) + CUBE_SIZE((c)->count)))
#define CUBE_MARKS(c)		((CubeMark *) ((char *) (c) + CUBE_SIZE((c)->count) + sizeof(int64)))

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

/* When bin starts (22008 outside the timestamp range). */
extern TimestampTz cube_bin_start(const Cube *c, int64 bin);

/* A cube of people from a Datum, checked; 22023 naming fn for a cube of rows. */
extern Cube *cube_of_people(Datum d, const char *fn);

/*
 * What statistics (hotspots, emerging_hotspots, kernel_density) count in
 * entry i of cube c, for every entry: rows in a cube of rows; in a cube of
 * people, its distinct persons, or 0 with withheld[i] set where fewer than
 * tst_hub.min_k, so no statistic rests on a count that cube_cells_safe
 * would withhold.  withheld may be NULL; both arrays hold c->count values.
 */
extern void cube_statistic_counts(const Cube *c, double *n, bool *withheld);

/* The k an optional argument asks for (NULL: tst_hub.min_k; 22023/42501 as safe_count). */
extern int32 cube_k_arg(FunctionCallInfo fcinfo, int argno);

/*
 * A palloc'd cube from sorted, unique entries; with marks (sorted, unique,
 * nmarks >= 0) a cube of people, with marks NULL a cube of rows.
 */
extern Cube *cube_build(int res, int64 bin_us, int64 origin, const CubeEntry *e, uint32 count,
						const CubeMark *marks, int64 nmarks);

/* 22023 unless two cubes (or a cube and a state) can be merged. */
extern void cube_check_compatible(int res_a, int64 bin_a, int64 origin_a, bool persons_a,
								  int res_b, int64 bin_b, int64 origin_b, bool persons_b);

/* Sort entries by (cell, bin) and add up duplicates; returns the new count. */
extern uint32 cube_sort_merge(CubeEntry *e, uint32 count);

/* Sort marks by (cell, bin, person) and drop duplicates; returns the new count. */
extern int64 cube_sort_marks(CubeMark *m, int64 count);

/* Order of marks: (cell, bin, person bytes). */
extern int	cube_mark_cmp(const void *a, const void *b);

#endif

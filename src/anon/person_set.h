/*
 * person_set.h
 *	  tst_hub.person_set: the distinct persons of a group (by pseudonym), how
 *	  many rows named each, and optionally the sum of a value over the rows:
 *	  the state of the safe aggregates (safe_count, safe_sum, safe_avg).
 *
 * Layout (varlena, version byte first; binary I/O in network order):
 *
 *	  uint8  version		1
 *	  uint8  kind			PERSON_SET_COUNT or PERSON_SET_SUM
 *	  uint16 flags			0 (reserved)
 *	  int32  k				threshold asked for; 0 = the hub's tst_hub.min_k
 *	  uint32 count			distinct persons
 *	  uint32 sum_len		bytes of the sum after the entries (kind SUM), else 0
 *	  entries[count]		{person[16], int64 rows}, strictly increasing by
 *							person bytes, rows > 0
 *	  numeric sum			kind SUM: the sum of the values (finite)
 *
 * The entry order is canonical, so equal states are equal bytes whatever
 * the plan.  The binary form writes the sum as its decimal text.
 */
#ifndef TST_HUB_PERSON_SET_H
#define TST_HUB_PERSON_SET_H

#include "fmgr.h"
#include "utils/memutils.h"

#include "anon/anon.h"

#define PERSON_SET_VERSION	1
#define PERSON_SET_COUNT	0
#define PERSON_SET_SUM		1

/* k is a number of persons; far above any real threshold. */
#define PERSON_SET_K_MAX	1000000

typedef struct PersonEntry
{
	uint8		person[PSEUDONYM_BYTES];
	int64		rows;
} PersonEntry;

typedef struct PersonSet
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;
	uint16		flags;
	int32		k;
	uint32		count;
	uint32		sum_len;
	PersonEntry entries[FLEXIBLE_ARRAY_MEMBER];
} PersonSet;

#define PERSON_SET_HEADER_SIZE	offsetof(PersonSet, entries)
#define PERSON_SET_ENTRIES_END(n) (PERSON_SET_HEADER_SIZE + sizeof(PersonEntry) * (Size) (n))
#define PERSON_SET_MAX_ENTRIES	((MaxAllocSize / 2) / sizeof(PersonEntry))
/* The sum of kind SUM, a numeric varlena right after the entries. */
#define PERSON_SET_SUM_PTR(s)	((char *) (s) + PERSON_SET_ENTRIES_END((s)->count))

#define DatumGetPersonSetP(d)	((PersonSet *) PG_DETOAST_DATUM(d))

/* Why the bytes are not a valid person_set, or NULL. */
extern const char *person_set_check(const PersonSet *s, Size len);

/* A person_set from a Datum, aligned and checked; XX001 naming what if corrupted. */
extern PersonSet *person_set_checked(Datum d, const char *what);

#endif

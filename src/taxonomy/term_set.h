/*
 * term_set.h
 *	  tst_hub.term_set: a set of terms for multi-select fields.
 *
 * On disk: varlena header, version byte (1), flags byte (0), uint16 count,
 * then count int64 term codes, strictly ascending.  Only this canonical form
 * is ever accepted, by text or binary input.
 */
#ifndef TST_HUB_TERM_SET_H
#define TST_HUB_TERM_SET_H

#include "fmgr.h"

#define TERM_SET_VERSION 1

typedef struct TermSet
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		count;
	int64		items[FLEXIBLE_ARRAY_MEMBER];
} TermSet;

#define TERM_SET_SIZE(n)	(offsetof(TermSet, items) + sizeof(int64) * (n))
#define DatumGetTermSet(d)	((TermSet *) PG_DETOAST_DATUM(d))
#define PG_GETARG_TERM_SET(n) DatumGetTermSet(PG_GETARG_DATUM(n))

/* A new set from codes in any order, with duplicates; sorts them in place. */
extern TermSet *term_set_from_codes(int64 *codes, int n);

/* Does the sorted set hold an element within [lo, hi]? */
extern bool term_set_has_range(const TermSet *s, int64 lo, int64 hi);

#endif

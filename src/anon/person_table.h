/*
 * person_table.h
 *	  The distinct persons of one aggregate group while rows are added: an
 *	  open-addressing hash table of (pseudonym, int64), the int64 being rows
 *	  or a total.  The safe aggregates and the noisy ones keep their
 *	  expanded states in it; a row costs one probe.
 */
#ifndef TST_HUB_PERSON_TABLE_H
#define TST_HUB_PERSON_TABLE_H

#include "common/int.h"
#include "utils/memutils.h"

#include "anon/anon.h"
#include "common/common.h"

/* A person and an integer.  An empty slot has person[0] == 0: a pseudonym's format byte is 1. */
typedef struct PersonCount
{
	uint8		person[PSEUDONYM_BYTES];
	int64		n;
} PersonCount;

typedef struct PersonTable
{
	MemoryContext cxt;
	uint64		mask;			/* slots - 1 */
	uint64		used;
	uint64		max;			/* persons allowed (the flat form's limit) */
	const char *what;			/* the aggregates, for errors: "a safe aggregate" */
	PersonCount *slots;
} PersonTable;

extern void person_table_init(PersonTable *t, MemoryContext cxt, uint64 max, const char *what);
extern void person_table_grow(PersonTable *t);

/*
 * The occupied slots into out[0 .. used-1], sorted by person bytes (the
 * canonical order of the flat states), for flat entries laid out as
 * PersonCount (the caller asserts it).
 */
extern void person_table_copy_sorted(const PersonTable *t, void *out);

/* The MAC bytes are uniform already; the finaliser makes any 8 of them do. */
static inline uint64
person_table_hash(const uint8 *person)
{
	uint64		h;

	memcpy(&h, person + 2, sizeof(h));
	return tst_mix64(h);
}

/* Adds n to the person's integer, adding the person if new. */
static inline void
person_table_add(PersonTable *t, const uint8 *person, int64 n)
{
	uint64		h = person_table_hash(person) & t->mask;

	for (;;)
	{
		PersonCount *e = &t->slots[h];

		if (e->person[0] == 0)
			break;
		if (memcmp(e->person, person, PSEUDONYM_BYTES) == 0)
		{
			if (unlikely(pg_add_s64_overflow(e->n, n, &e->n)))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("a person's row count or total is out of range in %s", t->what)));
			return;
		}
		h = (h + 1) & t->mask;
	}
	if (t->used >= t->max)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s cannot hold more than " UINT64_FORMAT " persons per group", t->what, t->max)));
	memcpy(t->slots[h].person, person, PSEUDONYM_BYTES);
	t->slots[h].n = n;
	if (++t->used * 2 > t->mask + 1)
		person_table_grow(t);
}

#endif

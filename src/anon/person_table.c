/*
 * person_table.c
 *	  The persons hash table of the safe and noisy aggregates' states
 *	  (person_table.h): allocation, growth, and copying out.
 */
#include "postgres.h"

#include "anon/person_table.h"

#define INITIAL_SLOTS 16		/* small first: GROUP BY may hold one table per group */

static PersonCount *
alloc_slots(MemoryContext cxt, uint64 n)
{
	return MemoryContextAllocExtended(cxt, sizeof(PersonCount) * n,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

void
person_table_init(PersonTable *t, MemoryContext cxt, uint64 max, const char *what)
{
	t->cxt = cxt;
	t->mask = INITIAL_SLOTS - 1;
	t->used = 0;
	t->max = max;
	t->what = what;
	t->slots = alloc_slots(cxt, INITIAL_SLOTS);
}

void
person_table_grow(PersonTable *t)
{
	uint64		old_n = t->mask + 1;
	PersonCount *old = t->slots;

	t->slots = alloc_slots(t->cxt, old_n * 2);
	t->mask = old_n * 2 - 1;
	for (uint64 i = 0; i < old_n; i++)
	{
		uint64		h;

		if (old[i].person[0] == 0)
			continue;
		h = person_table_hash(old[i].person) & t->mask;
		while (t->slots[h].person[0] != 0)
			h = (h + 1) & t->mask;
		t->slots[h] = old[i];
	}
	pfree(old);
}

static int
cmp_person(const void *a, const void *b)
{
	return memcmp(((const PersonCount *) a)->person, ((const PersonCount *) b)->person,
				  PSEUDONYM_BYTES);
}

void
person_table_copy_sorted(const PersonTable *t, void *out)
{
	PersonCount *dst = (PersonCount *) out;
	uint64		k = 0;

	for (uint64 i = 0; i <= t->mask; i++)
		if (t->slots[i].person[0] != 0)
			dst[k++] = t->slots[i];
	Assert(k == t->used);
	if (k > 1)
		qsort(dst, k, sizeof(PersonCount), cmp_person);
}

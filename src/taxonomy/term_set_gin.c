/*
 * term_set_gin.c
 *	  GIN support for term_set: @>, &&, <@ and @> term, all subsumption-aware.
 *
 * An indexed set A is stored as two kinds of int8 keys:
 *	 exact(a)	= code | sign bit, for each element a;
 *	 within(x)	= code, for each element and each of its ancestors.
 * Then "A holds b or something below b" is within(b), and "A holds an
 * ancestor-or-self of b" is exact(x) for some ancestor-or-self x of b.
 * A @> B needs within(b) for every b; A && B one within(b) or exact(x);
 * A <@ B can only be narrowed to rows with some exact(x), then rechecked.
 * Facet ordinals stop at 127, so the sign bit is free.
 */
#include "postgres.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "fmgr.h"

#include "taxonomy/taxonomy.h"
#include "taxonomy/term_set.h"

#define STRAT_OVERLAPS		1	/* term_set && term_set */
#define STRAT_CONTAINS		2	/* term_set @> term_set */
#define STRAT_CONTAINED		3	/* term_set <@ term_set */
#define STRAT_CONTAINS_TERM 5	/* term_set @> term */

#define EXACT_KEY(code)		((int64) ((uint64) (code) | (UINT64CONST(1) << 63)))
#define WITHIN_KEY(code)	((int64) (code))

typedef struct KeyList
{
	Datum	   *keys;
	int			n;
	int			cap;
} KeyList;

static void
add_key(KeyList *kl, int64 key)
{
	for (int i = 0; i < kl->n; i++)
		if (DatumGetInt64(kl->keys[i]) == key)
			return;
	if (kl->n == kl->cap)
	{
		kl->cap = kl->cap ? kl->cap * 2 : 16;
		kl->keys = kl->keys ? repalloc(kl->keys, sizeof(Datum) * kl->cap)
			: palloc(sizeof(Datum) * kl->cap);
	}
	kl->keys[kl->n++] = Int64GetDatum(key);
}

PG_FUNCTION_INFO_V1(term_set_gin_extract_value);
Datum
term_set_gin_extract_value(PG_FUNCTION_ARGS)
{
	TermSet    *s = PG_GETARG_TERM_SET(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	KeyList		kl = {0};

	for (int i = 0; i < s->count; i++)
	{
		add_key(&kl, EXACT_KEY(s->items[i]));
		for (int d = term_depth(s->items[i]); d >= 0; d--)
			add_key(&kl, WITHIN_KEY(term_at_depth(s->items[i], d)));
	}
	*nkeys = kl.n;
	PG_RETURN_POINTER(kl.keys);
}

PG_FUNCTION_INFO_V1(term_set_gin_extract_query);
Datum
term_set_gin_extract_query(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	int32	   *searchMode = (int32 *) PG_GETARG_POINTER(6);
	KeyList		kl = {0};
	TermSet    *q;

	if (strategy == STRAT_CONTAINS_TERM)
	{
		add_key(&kl, WITHIN_KEY(PG_GETARG_TERM(0)));
		*nkeys = kl.n;
		PG_RETURN_POINTER(kl.keys);
	}

	q = PG_GETARG_TERM_SET(0);
	for (int i = 0; i < q->count; i++)
	{
		int64		b = q->items[i];

		switch (strategy)
		{
			case STRAT_OVERLAPS:
				add_key(&kl, WITHIN_KEY(b));
				for (int d = term_depth(b); d >= 0; d--)
					add_key(&kl, EXACT_KEY(term_at_depth(b, d)));
				break;
			case STRAT_CONTAINS:
				add_key(&kl, WITHIN_KEY(b));
				break;
			case STRAT_CONTAINED:
				/* A <@ B: each element of A is at or above one of B's */
				for (int d = term_depth(b); d >= 0; d--)
					add_key(&kl, EXACT_KEY(term_at_depth(b, d)));
				break;
			default:
				elog(ERROR, "term_set GIN: unknown strategy %d", strategy);
		}
	}
	if (strategy == STRAT_CONTAINS && kl.n == 0)
		*searchMode = GIN_SEARCH_MODE_ALL;	/* everything contains {} */
	if (strategy == STRAT_CONTAINED)
		*searchMode = GIN_SEARCH_MODE_INCLUDE_EMPTY;	/* {} <@ anything */
	*nkeys = kl.n;
	PG_RETURN_POINTER(kl.keys);
}

PG_FUNCTION_INFO_V1(term_set_gin_consistent);
Datum
term_set_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);

	*recheck = false;
	switch (strategy)
	{
		case STRAT_OVERLAPS:
			for (int i = 0; i < nkeys; i++)
				if (check[i])
					PG_RETURN_BOOL(true);
			PG_RETURN_BOOL(false);
		case STRAT_CONTAINS:
		case STRAT_CONTAINS_TERM:
			for (int i = 0; i < nkeys; i++)
				if (!check[i])
					PG_RETURN_BOOL(false);
			PG_RETURN_BOOL(true);
		case STRAT_CONTAINED:
			/* the index cannot see elements outside the query: recheck */
			*recheck = true;
			PG_RETURN_BOOL(true);
	}
	elog(ERROR, "term_set GIN: unknown strategy %d", strategy);
	PG_RETURN_BOOL(false);
}

PG_FUNCTION_INFO_V1(term_set_gin_triconsistent);
Datum
term_set_gin_triconsistent(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	GinTernaryValue result;

	switch (strategy)
	{
		case STRAT_OVERLAPS:
			result = GIN_FALSE;
			for (int i = 0; i < nkeys; i++)
			{
				if (check[i] == GIN_TRUE)
					PG_RETURN_GIN_TERNARY_VALUE(GIN_TRUE);
				if (check[i] == GIN_MAYBE)
					result = GIN_MAYBE;
			}
			PG_RETURN_GIN_TERNARY_VALUE(result);
		case STRAT_CONTAINS:
		case STRAT_CONTAINS_TERM:
			result = GIN_TRUE;
			for (int i = 0; i < nkeys; i++)
			{
				if (check[i] == GIN_FALSE)
					PG_RETURN_GIN_TERNARY_VALUE(GIN_FALSE);
				if (check[i] == GIN_MAYBE)
					result = GIN_MAYBE;
			}
			PG_RETURN_GIN_TERNARY_VALUE(result);
		case STRAT_CONTAINED:
			PG_RETURN_GIN_TERNARY_VALUE(GIN_MAYBE);
	}
	elog(ERROR, "term_set GIN: unknown strategy %d", strategy);
	PG_RETURN_GIN_TERNARY_VALUE(GIN_FALSE);
}

/*
 * term_set_agg.c
 *	  term_set_agg(term) and term_set_agg(term_set): build a set from rows.
 *
 * The transition state is a bitmap over vocabulary nodes, so adding a row is
 * a binary search and a bit set, and the result cannot depend on row order.
 * Across processes (parallel workers, Citus) the state travels as term_set
 * bytes, which name terms by their stable codes, never by node positions.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "taxonomy/taxonomy.h"
#include "taxonomy/term_set.h"
#include "taxonomy/vocabulary.h"
#include "common/common.h"


typedef struct TermSetAggState
{
	int			nwords;
	uint64		bits[FLEXIBLE_ARRAY_MEMBER];
} TermSetAggState;


static TermSetAggState *
new_state(MemoryContext cxt)
{
	int			nwords = (vocab_node_count + 63) / 64;
	TermSetAggState *st = MemoryContextAllocZero(cxt, offsetof(TermSetAggState, bits) +
												 sizeof(uint64) * nwords);

	st->nwords = nwords;
	return st;
}

static void
state_add(TermSetAggState *st, int64 code)
{
	int			node = term_node(code);

	st->bits[node / 64] |= UINT64CONST(1) << (node % 64);
}

static TermSet *
state_to_set(const TermSetAggState *st)
{
	int64	   *codes = palloc(sizeof(int64) * vocab_node_count);
	int			n = 0;

	for (int i = 0; i < vocab_node_count; i++)
		if (st->bits[i / 64] & (UINT64CONST(1) << (i % 64)))
			codes[n++] = vocab_nodes[i].code;
	return term_set_from_codes(codes, n);
}

PG_FUNCTION_INFO_V1(term_set_agg_trans);
Datum
term_set_agg_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "term_set_agg_trans");
	TermSetAggState *st = PG_ARGISNULL(0) ? NULL : (TermSetAggState *) PG_GETARG_POINTER(0);

	if (PG_ARGISNULL(1))
		RETURN_STATE(st);
	if (st == NULL)
		st = new_state(cxt);
	state_add(st, PG_GETARG_TERM(1));
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(term_set_agg_set_trans);
Datum
term_set_agg_set_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "term_set_agg_set_trans");
	TermSetAggState *st = PG_ARGISNULL(0) ? NULL : (TermSetAggState *) PG_GETARG_POINTER(0);
	TermSet    *s;

	if (PG_ARGISNULL(1))
		RETURN_STATE(st);
	if (st == NULL)
		st = new_state(cxt);
	s = PG_GETARG_TERM_SET(1);
	for (int i = 0; i < s->count; i++)
		state_add(st, s->items[i]);
	PG_RETURN_POINTER(st);
}

/* Combine: NULL on either side adopts the other, copied into the agg context. */
PG_FUNCTION_INFO_V1(term_set_agg_combine);
Datum
term_set_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "term_set_agg_combine");
	TermSetAggState *a = PG_ARGISNULL(0) ? NULL : (TermSetAggState *) PG_GETARG_POINTER(0);
	TermSetAggState *b = PG_ARGISNULL(1) ? NULL : (TermSetAggState *) PG_GETARG_POINTER(1);

	if (b == NULL)
		RETURN_STATE(a);
	if (a == NULL)
	{
		a = new_state(cxt);
		memcpy(a->bits, b->bits, sizeof(uint64) * b->nwords);
		PG_RETURN_POINTER(a);
	}
	for (int i = 0; i < a->nwords; i++)
		a->bits[i] |= b->bits[i];
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(term_set_agg_serialize);
Datum
term_set_agg_serialize(PG_FUNCTION_ARGS)
{
	TermSetAggState *st = (TermSetAggState *) PG_GETARG_POINTER(0);

	tst_agg_context(fcinfo, "term_set_agg_serialize");
	PG_RETURN_BYTEA_P((bytea *) state_to_set(st));
}

/* Deserialize: the bytes are a term_set; validate them as strictly as recv. */
PG_FUNCTION_INFO_V1(term_set_agg_deserialize);
Datum
term_set_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "term_set_agg_deserialize");
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	const TermSet *s;
	TermSetAggState *st;
	Size		len;

	s = (const TermSet *) PG_DETOAST_DATUM(PointerGetDatum(b));
	/* a bytea state is only int-aligned in a tuple; the codes want 8 */
	if ((uintptr_t) s % MAXIMUM_ALIGNOF != 0)
	{
		TermSet    *copy = palloc(VARSIZE(s));

		memcpy(copy, s, VARSIZE(s));
		s = copy;
	}
	len = VARSIZE(s);
	if (len < offsetof(TermSet, items) || s->version != TERM_SET_VERSION || s->flags != 0 ||
		len != TERM_SET_SIZE(s->count))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted term_set_agg state")));
	st = new_state(cxt);
	for (int i = 0; i < s->count; i++)
		state_add(st, s->items[i]);
	PG_RETURN_POINTER(st);
}

/* Final: never changes the state, so the aggregate works as a window function. */
PG_FUNCTION_INFO_V1(term_set_agg_final);
Datum
term_set_agg_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(state_to_set((TermSetAggState *) PG_GETARG_POINTER(0)));
}

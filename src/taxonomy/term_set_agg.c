/*
 * term_set_agg.c
 *	  term_set_agg(term) and term_set_agg(term_set): build a set from rows.
 *
 * The state is the term_set of the group so far, in its canonical form, so
 * partial states travel between processes and nodes (parallel workers,
 * Citus) as ordinary term_set values and the result cannot depend on row
 * order.  A row whose terms are all in the state already returns the state
 * itself, so nothing is copied; the state is rebuilt only when it grows,
 * which happens at most once per vocabulary term in a group.  That bound is
 * why a flat state suffices here where the cube needs an expanded one.
 */
#include "postgres.h"

#include "fmgr.h"

#include "taxonomy/taxonomy.h"
#include "taxonomy/term_set.h"


/* Does s hold every one of the codes (exactly; subsumption plays no part)? */
static bool
holds_all(const TermSet *s, const int64 *codes, int n)
{
	for (int i = 0; i < n; i++)
		if (!term_set_has_range(s, codes[i], codes[i]))
			return false;
	return true;
}

/*
 * The state in argument 0 with the codes added: the same Datum when nothing
 * is new (the executor then keeps it as it is), else a new set.
 */
static Datum
state_with(FunctionCallInfo fcinfo, const int64 *codes, int n)
{
	TermSet    *st;
	int64	   *all;

	if (PG_ARGISNULL(0))
	{
		all = palloc(sizeof(int64) * n);
		memcpy(all, codes, sizeof(int64) * n);
		return PointerGetDatum(term_set_from_codes(all, n));
	}
	st = PG_GETARG_TERM_SET(0);
	if (holds_all(st, codes, n))
		return PG_GETARG_DATUM(0);
	all = palloc(sizeof(int64) * (st->count + n));
	memcpy(all, st->items, sizeof(int64) * st->count);
	memcpy(all + st->count, codes, sizeof(int64) * n);
	return PointerGetDatum(term_set_from_codes(all, st->count + n));
}

/* term_set_agg(term) row step: (state, term) */
PG_FUNCTION_INFO_V1(term_set_state_add_term);
Datum
term_set_state_add_term(PG_FUNCTION_ARGS)
{
	int64		code;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	code = PG_GETARG_TERM(1);
	return state_with(fcinfo, &code, 1);
}

/* term_set_agg(term_set) row step, and the combine step of both: (state, set) */
PG_FUNCTION_INFO_V1(term_set_state_add_set);
Datum
term_set_state_add_set(PG_FUNCTION_ARGS)
{
	TermSet    *s;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	s = PG_GETARG_TERM_SET(1);
	if (s->count == 0)
	{
		int64		none = 0;

		/* an empty set adds nothing, but a group of empty sets is empty, not NULL */
		if (PG_ARGISNULL(0))
			PG_RETURN_POINTER(term_set_from_codes(&none, 0));
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	return state_with(fcinfo, s->items, s->count);
}

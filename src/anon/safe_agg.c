/*
 * safe_agg.c
 *	  Values released only when at least k distinct persons stand behind
 *	  them: safe_count, safe_sum, safe_avg, and their _r forms, which say why
 *	  a value is withheld.
 *
 * Persons, not rows: the state is a person_set (person_set.h), the distinct
 * pseudonyms of the group with their row counts.  While rows are added it is
 * an expanded object holding a hash table in the call site's states context
 * (as the cube is, see cube_agg.c), so a row costs one probe; it is flattened to the
 * canonical person_set bytes only when it leaves the aggregate.  The
 * threshold is applied in the final functions only, never to a partial
 * state, so a parallel worker or a Citus shard cannot suppress on its own
 * and a person seen by two shards is one person.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/guc.h"
#include "utils/numeric.h"

#include "anon/person_set.h"
#include "anon/person_table.h"
#include "anon/safe.h"
#include "common/common.h"

int			tst_min_k = 11;
int			tst_min_protection = 11;

typedef struct PersonState
{
	ExpandedObjectHeader hdr;	/* first: the state is an expanded person_set */
	MemoryContext cxt;			/* = hdr.eoh_context, a child of the agg context */
	int			kind;
	int32		k;
	PersonTable persons;		/* person -> rows */
	Numeric		sum;			/* kind SUM: in cxt */
} PersonState;

/* person_table_copy_sorted writes PersonCount; the flat entries must be the same. */
StaticAssertDecl(sizeof(PersonEntry) == sizeof(PersonCount) &&
				 offsetof(PersonEntry, rows) == offsetof(PersonCount, n),
				 "PersonEntry is laid out as PersonCount");

void
anon_define_settings(void)
{
	DefineCustomIntVariable("tst_hub.min_k",
							"Fewest distinct persons behind a value that safe aggregates release.",
							"Values with fewer persons are withheld. An explicit k may raise this, never lower it. "
							"Only superusers change it (ALTER SYSTEM, ALTER DATABASE or ALTER ROLE ... SET).",
							&tst_min_k, 11, 2, PERSON_SET_K_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("tst_hub.min_protection",
							"Narrowest range an attacker may be left for a value complementary suppression withholds.",
							"An explicit protection may raise this, never lower it. Keep it at tst_hub.min_k unless a "
							"published policy says otherwise. Only superusers change it.",
							&tst_min_protection, 11, 0, 1000000000,
							PGC_SUSET, 0, NULL, NULL, NULL);
}

/* The threshold a final function applies: the asked k, never below the hub's. */
int32
safe_effective_k(int32 k)
{
	return Max(k, tst_min_k);
}

/*
 * release_min_k(): the hub's k for the release audits (plpgsql).  Read here,
 * not with current_setting, because the setting exists only once this
 * library is loaded: before that a plpgsql caller would see a placeholder.
 */
PG_FUNCTION_INFO_V1(release_min_k);
Datum
release_min_k(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(tst_min_k);
}

/* An explicit k: 2..K_MAX (22023), and not below the hub's minimum (42501). */
void
safe_check_k(int32 k)
{
	if (k < 2 || k > PERSON_SET_K_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be between 2 and %d, not %d", PERSON_SET_K_MAX, k),
				 errdetail("k is the fewest distinct persons behind a released value.")));
	if (k < tst_min_k)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("k = %d is below this hub's minimum of %d persons", k, tst_min_k),
				 errhint("Use k >= %d, or leave k out. tst_hub.min_k is set by a superuser.", tst_min_k)));
}

/* ---- the expanded state ---- */

static Size state_flat_size(ExpandedObjectHeader *eohptr);
static void state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods state_methods = {
	state_flat_size,
	state_flatten
};

/* A new state in the states context shared by the groups of this call site. */
static PersonState *
new_state(FunctionCallInfo fcinfo, MemoryContext aggcxt, int kind, int32 k)
{
	MemoryContext cxt = tst_agg_states_context(fcinfo, aggcxt);
	PersonState *st = MemoryContextAllocZero(cxt, sizeof(PersonState));

	EOH_init_header(&st->hdr, &state_methods, cxt);
	st->cxt = cxt;
	st->kind = kind;
	st->k = k;
	person_table_init(&st->persons, cxt, PERSON_SET_MAX_ENTRIES, "a safe aggregate");
	return st;
}

static void
state_add_sum(PersonState *st, Numeric v)
{
	MemoryContext old = MemoryContextSwitchTo(st->cxt);
	Numeric		prev = st->sum;

	if (prev == NULL)
	{
		st->sum = palloc(VARSIZE(v));	/* v is detoasted: a plain 4-byte header */
		memcpy(st->sum, v, VARSIZE(v));
	}
	else
	{
		st->sum = numeric_add_opt_error(prev, v, NULL);
		pfree(prev);
	}
	MemoryContextSwitchTo(old);
}

static Size
state_flat_size(ExpandedObjectHeader *eohptr)
{
	PersonState *st = (PersonState *) eohptr;

	return PERSON_SET_ENTRIES_END(st->persons.used) + (st->sum ? VARSIZE(st->sum) : 0);
}

/* The canonical person_set: the occupied slots sorted by person bytes. */
static void
state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	PersonState *st = (PersonState *) eohptr;
	PersonSet  *s = (PersonSet *) result;
	uint32		n = (uint32) st->persons.used;

	Assert(allocated_size == state_flat_size(eohptr));
	memset(s, 0, PERSON_SET_HEADER_SIZE);
	SET_VARSIZE(s, allocated_size);
	s->version = PERSON_SET_VERSION;
	s->kind = (uint8) st->kind;
	s->k = st->k;
	person_table_copy_sorted(&st->persons, s->entries);
	s->count = n;
	if (st->sum != NULL)
	{
		s->sum_len = VARSIZE(st->sum);
		memcpy(PERSON_SET_SUM_PTR(s), st->sum, s->sum_len);
	}
}

/* 22023 unless two states of the same aggregate and k can be merged. */
static void
check_compatible(int kind_a, int32 k_a, int kind_b, int32 k_b)
{
	if (kind_a != kind_b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge the state of a safe count with that of a safe sum")));
	if (k_a != k_b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be the same in every row and state (%d and %d)", k_a, k_b)));
}

static void
state_add_set(PersonState *st, const PersonSet *s)
{
	check_compatible(st->kind, st->k, s->kind, s->k);
	for (uint32 i = 0; i < s->count; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		person_table_add(&st->persons, s->entries[i].person, s->entries[i].rows);
	}
	if (s->kind == PERSON_SET_SUM)
		state_add_sum(st, (Numeric) PERSON_SET_SUM_PTR(s));
}

/*
 * The state in argument 0, read-write in the aggregate context, or NULL.
 * A flat person_set (a copy the executor made, a partial state from
 * elsewhere) is checked and expanded.
 */
static PersonState *
state_arg(FunctionCallInfo fcinfo, MemoryContext aggcxt)
{
	PersonState *st = (PersonState *) tst_rw_state_arg(fcinfo, &state_methods);
	PersonSet  *s;

	if (st != NULL || PG_ARGISNULL(0))
		return st;
	s = person_set_checked(PG_GETARG_DATUM(0), "safe aggregate state");
	st = new_state(fcinfo, aggcxt, s->kind, s->k);
	state_add_set(st, s);
	return st;
}

#define RETURN_PERSON_STATE(st) RETURN_EXPANDED_STATE((st) ? &(st)->hdr : NULL)

/*
 * Row step: (state, person [, value] [, k]).  A row counts when its person
 * (and value, for sums) is not NULL.
 */
static Datum
safe_step(FunctionCallInfo fcinfo, bool with_value, bool with_k)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "safe aggregate transition");
	PersonState *st = state_arg(fcinfo, cxt);
	int			kind = with_value ? PERSON_SET_SUM : PERSON_SET_COUNT;
	int			k_arg = with_value ? 3 : 2;
	int32		k = 0;
	const Pseudonym *person;

	/* running totals over a window differ by one person at a time */
	if (AggCheckCallContext(fcinfo, NULL) == AGG_CONTEXT_WINDOW)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("safe aggregates cannot be used as window functions"),
				 errdetail("Values over neighbouring window frames can be subtracted to reveal withheld ones.")));
	/* k is checked whatever the rows hold, so an error never depends on the data */
	if (with_k)
	{
		if (PG_ARGISNULL(k_arg))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("k must not be NULL"),
					 errhint("Leave k out to use the hub's minimum (tst_hub.min_k).")));
		k = PG_GETARG_INT32(k_arg);
		if (st == NULL)
			safe_check_k(k);
	}
	if (PG_ARGISNULL(1) || (with_value && PG_ARGISNULL(2)))
		RETURN_PERSON_STATE(st);
	if (st == NULL)
		st = new_state(fcinfo, cxt, kind, k);
	else if (st->k != k)
		check_compatible(st->kind, st->k, kind, k);
	person = PG_GETARG_PSEUDONYM(1);
	if (with_value)
	{
		Numeric		v = PG_GETARG_NUMERIC(2);

		if (numeric_is_nan(v) || numeric_is_inf(v))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("safe aggregates take finite values, not %s",
							numeric_is_nan(v) ? "NaN" : "infinity")));
		state_add_sum(st, v);
	}
	person_table_add(&st->persons, person->bytes, 1);
	RETURN_PERSON_STATE(st);
}

PG_FUNCTION_INFO_V1(person_set_add);
Datum
person_set_add(PG_FUNCTION_ARGS)
{
	return safe_step(fcinfo, false, false);
}

PG_FUNCTION_INFO_V1(person_set_add_k);
Datum
person_set_add_k(PG_FUNCTION_ARGS)
{
	return safe_step(fcinfo, false, true);
}

PG_FUNCTION_INFO_V1(person_set_add_value);
Datum
person_set_add_value(PG_FUNCTION_ARGS)
{
	return safe_step(fcinfo, true, false);
}

PG_FUNCTION_INFO_V1(person_set_add_value_k);
Datum
person_set_add_value_k(PG_FUNCTION_ARGS)
{
	return safe_step(fcinfo, true, true);
}

/* Combine: partial states arrive flat and are checked (XX001 if corrupted). */
PG_FUNCTION_INFO_V1(person_set_merge);
Datum
person_set_merge(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "safe aggregate combine");
	PersonState *a = state_arg(fcinfo, cxt);
	PersonSet  *b;

	if (PG_ARGISNULL(1))
		RETURN_PERSON_STATE(a);
	b = person_set_checked(PG_GETARG_DATUM(1), "safe aggregate state");
	if (a == NULL)
		a = new_state(fcinfo, cxt, b->kind, b->k);
	state_add_set(a, b);
	RETURN_PERSON_STATE(a);
}

/* ---- release ---- */

typedef enum Withheld
{
	RELEASED,
	NO_DATA,
	BELOW_K
} Withheld;

static const char *const withheld_reason[] = {NULL, "no_data", "below_k"};

/*
 * The state to release (flat, checked), and whether it may be: NULL with
 * NO_DATA when no row counted, BELOW_K when fewer than k persons.
 */
static PersonSet *
release_state(FunctionCallInfo fcinfo, int kind, Withheld *why)
{
	PersonSet  *s;

	if (PG_ARGISNULL(0))
	{
		*why = NO_DATA;
		return NULL;
	}
	s = person_set_checked(PG_GETARG_DATUM(0), "safe aggregate state");
	if (s->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("this state belongs to a safe %s", s->kind == PERSON_SET_SUM ? "sum" : "count")));
	*why = ((int64) s->count < safe_effective_k(s->k)) ? BELOW_K : RELEASED;
	return s;
}

static Numeric
state_sum(const PersonSet *s)
{
	return (Numeric) PERSON_SET_SUM_PTR(s);
}

static Numeric
state_avg(const PersonSet *s)
{
	int64		rows = 0;

	for (uint32 i = 0; i < s->count; i++)
		if (pg_add_s64_overflow(rows, s->entries[i].rows, &rows))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("row count out of range")));
	return numeric_div_opt_error(state_sum(s), int64_to_numeric(rows), NULL);
}

/* A released row: (value, reason), value NULL when withheld. */
static Datum
released(FunctionCallInfo fcinfo, Numeric value, Withheld why)
{
	TupleDesc	td;
	Datum		values[2];
	bool		nulls[2];

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning a released value called in a context that cannot accept it")));
	td = BlessTupleDesc(td);
	nulls[0] = (why != RELEASED);
	values[0] = nulls[0] ? (Datum) 0 : NumericGetDatum(value);
	nulls[1] = (why == RELEASED);
	values[1] = nulls[1] ? (Datum) 0 : CStringGetTextDatum(withheld_reason[why]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}

static Numeric
state_count(const PersonSet *s)
{
	return int64_to_numeric(s->count);
}

typedef Numeric (*ReleasedValue) (const PersonSet *s);

/*
 * The final step of every safe aggregate: the value of a state of this
 * kind, or NULL when withheld; with_reason gives the released composite.
 */
static Datum
release(FunctionCallInfo fcinfo, int kind, ReleasedValue value, bool with_reason)
{
	Withheld	why;
	PersonSet  *s = release_state(fcinfo, kind, &why);
	Numeric		v = (why == RELEASED) ? value(s) : NULL;

	if (with_reason)
		return released(fcinfo, v, why);
	if (v == NULL)
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(v);
}

/* safe_count releases an int8, the others a numeric */
PG_FUNCTION_INFO_V1(safe_count_final);
Datum
safe_count_final(PG_FUNCTION_ARGS)
{
	Withheld	why;
	PersonSet  *s = release_state(fcinfo, PERSON_SET_COUNT, &why);

	if (why != RELEASED)
		PG_RETURN_NULL();
	PG_RETURN_INT64(s->count);
}

#define SAFE_FINAL(name, kind, value, with_reason) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	return release(fcinfo, kind, value, with_reason); \
}

SAFE_FINAL(safe_count_r_final, PERSON_SET_COUNT, state_count, true)
SAFE_FINAL(safe_sum_final, PERSON_SET_SUM, state_sum, false)
SAFE_FINAL(safe_sum_r_final, PERSON_SET_SUM, state_sum, true)
SAFE_FINAL(safe_avg_final, PERSON_SET_SUM, state_avg, false)
SAFE_FINAL(safe_avg_r_final, PERSON_SET_SUM, state_avg, true)

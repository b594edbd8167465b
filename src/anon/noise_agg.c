/*
 * noise_agg.c
 *	  The noisy aggregates: sticky_count (noise keyed to the cell and the
 *	  persons counted, the same answer to the same question) and dp_count /
 *	  dp_sum (differential privacy, fresh CSPRNG noise, paid for from a
 *	  budget ledger; the ledger is in dp_ledger.c).
 *
 * The state is a noise_state (noise_state.h): the distinct pseudonyms of the
 * group, each with an integer (rows, or the person's total for dp_sum), and
 * the release parameters.  While rows are added it is an expanded object
 * holding a hash table (as the safe aggregates' state is, see safe_agg.c),
 * flattened to the canonical sorted bytes only when it leaves the
 * aggregate.  Thresholds, noise and charges are in the final functions
 * only: once per released value, never on a partial state.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "nodes/execnodes.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "common/cryptohash.h"
#include "common/hmac.h"
#include "common/int.h"
#include "common/sha2.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "access/xact.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "anon/dp_ledger.h"
#include "anon/dp_release.h"
#include "anon/noise.h"
#include "anon/noise_key.h"
#include "anon/noise_state.h"
#include "anon/person_table.h"
#include "anon/safe.h"
#include "common/common.h"

/* tst_hub.sticky_scale: each sticky layer is discrete Laplace, P(z) ~ exp(-|z|/scale). */
static int	sticky_scale = 2;

void
noise_define_settings(void)
{
	DefineCustomIntVariable("tst_hub.sticky_scale",
							"Scale of each of the two noise layers of sticky_count.",
							"Each layer is discrete Laplace noise with P(z) proportional to exp(-|z|/scale). "
							"Only superusers change it.",
							&sticky_scale, 2, 1, 1000,
							PGC_SUSET, 0, NULL, NULL, NULL);
}

typedef struct NoiseExp
{
	ExpandedObjectHeader hdr;	/* first: the state is an expanded noise_state */
	MemoryContext cxt;
	int			kind;
	int64		eps_micro;
	int64		lower;
	int64		upper;
	uint8		cell[NOISE_CELL_BYTES];
	char		budget[NOISE_BUDGET_MAX + 1];
	/* the rows' parameters are query constants, checked on the first row */
	bool		params_stable;
	PersonTable persons;		/* person -> rows (counts) or total (sums) */
} NoiseExp;

/* person_table_copy_sorted writes PersonCount; the flat entries must be the same. */
StaticAssertDecl(sizeof(NoiseEntry) == sizeof(PersonCount) &&
				 offsetof(NoiseEntry, value) == offsetof(PersonCount, n),
				 "NoiseEntry is laid out as PersonCount");

/* The parameters of a state, before it exists (from a row or a flat state). */
typedef struct NoiseParams
{
	int			kind;
	int64		eps_micro;
	int64		lower;
	int64		upper;
	uint8		cell[NOISE_CELL_BYTES];
	char		budget[NOISE_BUDGET_MAX + 1];
} NoiseParams;

static Size exp_flat_size(ExpandedObjectHeader *eohptr);
static void exp_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods exp_methods = {
	exp_flat_size,
	exp_flatten
};

static NoiseExp *
new_state(FunctionCallInfo fcinfo, MemoryContext aggcxt, const NoiseParams *p)
{
	MemoryContext cxt = tst_agg_states_context(fcinfo, aggcxt);
	NoiseExp   *st = MemoryContextAllocZero(cxt, sizeof(NoiseExp));

	EOH_init_header(&st->hdr, &exp_methods, cxt);
	st->cxt = cxt;
	st->kind = p->kind;
	st->eps_micro = p->eps_micro;
	st->lower = p->lower;
	st->upper = p->upper;
	memcpy(st->cell, p->cell, NOISE_CELL_BYTES);
	memcpy(st->budget, p->budget, sizeof(st->budget));
	person_table_init(&st->persons, cxt, NOISE_STATE_MAX_ENTRIES, "a noisy aggregate");
	return st;
}


static Size
exp_flat_size(ExpandedObjectHeader *eohptr)
{
	return NOISE_STATE_SIZE(((NoiseExp *) eohptr)->persons.used);
}

static void
exp_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	NoiseExp   *st = (NoiseExp *) eohptr;
	NoiseState *s = (NoiseState *) result;
	uint32		n = (uint32) st->persons.used;

	Assert(allocated_size == exp_flat_size(eohptr));
	memset(s, 0, NOISE_STATE_HEADER_SIZE);
	SET_VARSIZE(s, allocated_size);
	s->version = NOISE_STATE_VERSION;
	s->kind = (uint8) st->kind;
	s->eps_micro = st->eps_micro;
	s->lower = st->lower;
	s->upper = st->upper;
	memcpy(s->cell, st->cell, NOISE_CELL_BYTES);
	memcpy(s->budget, st->budget, sizeof(s->budget));
	person_table_copy_sorted(&st->persons, s->entries);
	s->count = n;
}

static const char *
kind_name(int kind)
{
	switch (kind)
	{
		case NOISE_STICKY:
			return "sticky_count";
		case NOISE_DP_COUNT:
			return "dp_count";
		default:
			return "dp_sum";
	}
}

/* 22023 unless the parameters of a state and of a row or state agree. */
static void
check_params(const NoiseExp *st, const NoiseParams *p)
{
	if (st->kind != p->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge the state of %s with that of %s",
						kind_name(st->kind), kind_name(p->kind))));
	if (memcmp(st->cell, p->cell, NOISE_CELL_BYTES) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sticky_count key parts must be the same in every row of a group"),
				 errdetail("The key parts name the cell the group counts; a group whose rows name different cells has no single cell."),
				 errhint("Pass the GROUP BY expressions (and the constants of the filter) as key parts.")));
	if (st->eps_micro != p->eps_micro)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("epsilon must be the same in every row of a group")));
	if (strcmp(st->budget, p->budget) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the budget must be the same in every row of a group")));
	if (st->lower != p->lower || st->upper != p->upper)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lower and upper must be the same in every row of a group")));
}

static void
params_of(const NoiseState *s, NoiseParams *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = s->kind;
	p->eps_micro = s->eps_micro;
	p->lower = s->lower;
	p->upper = s->upper;
	memcpy(p->cell, s->cell, NOISE_CELL_BYTES);
	memcpy(p->budget, s->budget, sizeof(p->budget));
}

static void
state_add_flat(NoiseExp *st, const NoiseState *s)
{
	NoiseParams p;

	params_of(s, &p);
	check_params(st, &p);
	for (uint32 i = 0; i < s->count; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		person_table_add(&st->persons, s->entries[i].person, s->entries[i].value);
	}
}

/* The state in argument 0, read-write in the aggregate context, or NULL. */
static NoiseExp *
state_arg(FunctionCallInfo fcinfo, MemoryContext aggcxt)
{
	NoiseExp   *st = (NoiseExp *) tst_rw_state_arg(fcinfo, &exp_methods);
	NoiseState *s;
	NoiseParams p;

	if (st != NULL || PG_ARGISNULL(0))
		return st;
	s = noise_state_checked(PG_GETARG_DATUM(0));
	params_of(s, &p);
	st = new_state(fcinfo, aggcxt, &p);
	state_add_flat(st, s);
	return st;
}

#define RETURN_NOISE_STATE(st) RETURN_EXPANDED_STATE((st) ? &(st)->hdr : NULL)

static void
refuse_window(FunctionCallInfo fcinfo)
{
	/* values over neighbouring frames differ by one person at a time */
	if (AggCheckCallContext(fcinfo, NULL) == AGG_CONTEXT_WINDOW)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("noisy aggregates cannot be used as window functions")));
}

/* ---- parameters from arguments ---- */

static int64
arg_epsilon(FunctionCallInfo fcinfo, int argno)
{
	return noise_epsilon_micro(PG_ARGISNULL(argno) ? NULL : PG_GETARG_NUMERIC(argno),
							   PG_ARGISNULL(argno));
}

static void
arg_budget(FunctionCallInfo fcinfo, int argno, char *out)
{
	char	   *name;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the budget must not be NULL"),
				 errhint("Name the privacy budget an admin made for you (SELECT * FROM tst_hub.my_dp_budgets).")));
	name = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	noise_check_budget_name(name);
	memset(out, 0, NOISE_BUDGET_MAX + 1);
	strlcpy(out, name, NOISE_BUDGET_MAX + 1);
}

/* An integral numeric as int64, false when out of range. */
static bool
numeric_to_int64(Numeric r, int64 *out)
{
	static Numeric lo = NULL,
				hi = NULL;

	if (lo == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		lo = int64_to_numeric(PG_INT64_MIN);
		hi = int64_to_numeric(PG_INT64_MAX);
		MemoryContextSwitchTo(old);
	}
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(r), NumericGetDatum(lo))) < 0 ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(r), NumericGetDatum(hi))) > 0)
		return false;
	*out = DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(r)));
	return true;
}

/* A bound of dp_sum as an integer (rounded half away from zero), |b| <= 10^9. */
static int64
arg_bound(FunctionCallInfo fcinfo, int argno, const char *what, Numeric *given)
{
	Numeric		b;
	Numeric		r;
	int64		v;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what)));
	b = PG_GETARG_NUMERIC(argno);
	if (numeric_is_nan(b) || numeric_is_inf(b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number", what)));
	r = DatumGetNumeric(DirectFunctionCall2(numeric_round, NumericGetDatum(b), Int32GetDatum(0)));
	if (!numeric_to_int64(r, &v) || v < -NOISE_SENSITIVITY_MAX || v > NOISE_SENSITIVITY_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between -1000000000 and 1000000000", what)));
	*given = b;
	return v;
}

/* ---- sticky_count: the cell's identity ---- */

static void
digest_update(pg_cryptohash_ctx *ctx, const void *data, uint32 len)
{
	uint8		lenbuf[4];

	lenbuf[0] = (uint8) (len >> 24);
	lenbuf[1] = (uint8) (len >> 16);
	lenbuf[2] = (uint8) (len >> 8);
	lenbuf[3] = (uint8) len;
	if (pg_cryptohash_update(ctx, lenbuf, 4) < 0 ||
		pg_cryptohash_update(ctx, data, len) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute SHA-256")));
}

/* How a key part's type is written into the cell digest, cached per type. */
typedef struct PartType
{
	Oid			type;			/* as passed (a domain, say) */
	bool		as_text;		/* output text instead of the send form */
	char	   *name;			/* qualified name of the base type */
	FmgrInfo	func;			/* output or send function */
} PartType;

#define PART_TYPE_CACHE 8
static PartType part_types[PART_TYPE_CACHE];
static int	part_types_next = 0;

static const PartType *
part_type(Oid type, int partno)
{
	PartType   *pt;
	Oid			base;
	char		category;
	bool		preferred;
	Oid			func;
	bool		varlena;
	MemoryContext old;

	for (int i = 0; i < PART_TYPE_CACHE; i++)
		if (part_types[i].type == type && OidIsValid(type))
			return &part_types[i];
	if (!OidIsValid(type))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("sticky_count could not determine the type of key part %d", partno)));
	base = getBaseType(type);
	if (type_is_array(base) || type_is_rowtype(base) || type_is_range(base) ||
		type_is_multirange(base))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("sticky_count key parts must be scalar values, not %s", format_type_be(type)),
				 errhint("Pass each element as its own key part.")));
	pt = &part_types[part_types_next];
	part_types_next = (part_types_next + 1) % PART_TYPE_CACHE;
	if (pt->name != NULL)
		pfree(pt->name);
	pt->name = NULL;
	pt->type = InvalidOid;		/* until filled */
	get_type_category_preferred(base, &category, &preferred);
	pt->as_text = (category == TYPCATEGORY_STRING || type_is_enum(base) ||
				   base == JSONOID || base == JSONBOID || base == XMLOID);
	if (pt->as_text)
		getTypeOutputInfo(base, &func, &varlena);
	else
		getTypeBinaryOutputInfo(base, &func, &varlena);
	old = MemoryContextSwitchTo(TopMemoryContext);
	pt->name = format_type_be_qualified(base);
	fmgr_info(func, &pt->func);
	MemoryContextSwitchTo(old);
	pt->type = type;
	return pt;
}

/*
 * The key parts (arguments first..) as one SHA-256: for each part its type's
 * qualified name and its binary send form, both length-prefixed.  Text-like
 * types (string category, enums, json, jsonb, xml) contribute their output
 * text instead: their send functions convert to the client's encoding,
 * which would make the cell depend on the session.  Not the SQL text: two
 * queries naming the same values name the same cell.
 */
static void
cell_digest(FunctionCallInfo fcinfo, int first, uint8 *out)
{
	pg_cryptohash_ctx *ctx;
	int			nparts = PG_NARGS() - first;

	if (nparts < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sticky_count needs at least one key part")));
	if (get_fn_expr_variadic(fcinfo->flinfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("sticky_count takes its key parts as separate arguments, not as a VARIADIC array")));
	for (int i = first; i < PG_NARGS(); i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("sticky_count key part %d is NULL", i - first + 1),
					 errhint("Filter out NULL groups, or pass coalesce(part, ...) so the cell has a name.")));
	ctx = pg_cryptohash_create(PG_SHA256);
	if (ctx == NULL || pg_cryptohash_init(ctx) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute SHA-256")));
	for (int i = first; i < PG_NARGS(); i++)
	{
		const PartType *pt = part_type(get_fn_expr_argtype(fcinfo->flinfo, i), i - first + 1);
		Datum		d = PG_GETARG_DATUM(i);

		digest_update(ctx, pt->name, strlen(pt->name));
		if (pt->as_text)
		{
			char	   *t = OutputFunctionCall((FmgrInfo *) &pt->func, d);

			digest_update(ctx, t, strlen(t));
			pfree(t);
		}
		else
		{
			bytea	   *b = SendFunctionCall((FmgrInfo *) &pt->func, d);

			digest_update(ctx, VARDATA(b), VARSIZE(b) - VARHDRSZ);
			pfree(b);
		}
	}
	if (pg_cryptohash_final(ctx, out, NOISE_CELL_BYTES) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute SHA-256")));
	pg_cryptohash_free(ctx);
}

/* ---- transition and combine ---- */

/* The state for this row, made with p if there is none; checks p against it. */
static NoiseExp *
row_state(FunctionCallInfo fcinfo, MemoryContext cxt, NoiseExp *st, const NoiseParams *p)
{
	if (st == NULL)
		return new_state(fcinfo, cxt, p);
	check_params(st, p);
	return st;
}

/* sticky_count_trans(state, person, VARIADIC "any") */
PG_FUNCTION_INFO_V1(sticky_count_trans);
Datum
sticky_count_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "sticky_count transition");
	NoiseExp   *st = state_arg(fcinfo, cxt);
	NoiseParams p;

	refuse_window(fcinfo);
	memset(&p, 0, sizeof(p));
	p.kind = NOISE_STICKY;
	cell_digest(fcinfo, 2, p.cell);
	st = row_state(fcinfo, cxt, st, &p);
	if (!PG_ARGISNULL(1))
		person_table_add(&st->persons, PG_GETARG_PSEUDONYM(1)->bytes, 1);
	RETURN_NOISE_STATE(st);
}

/* sticky_cell(VARIADIC "any") -> bytea: the cell digest of the key parts. */
PG_FUNCTION_INFO_V1(sticky_cell);
Datum
sticky_cell(PG_FUNCTION_ARGS)
{
	bytea	   *b = palloc(VARHDRSZ + NOISE_CELL_BYTES);

	SET_VARSIZE(b, VARHDRSZ + NOISE_CELL_BYTES);
	cell_digest(fcinfo, 0, (uint8 *) VARDATA(b));
	PG_RETURN_BYTEA_P(b);
}

/*
 * sticky_count_trans(state, person, cell bytea): the cell given as
 * sticky_cell(parts), so the aggregate has no "any" argument (Citus pushes
 * such aggregates down; it cannot type-check "any").
 */
PG_FUNCTION_INFO_V1(sticky_count_cell_trans);
Datum
sticky_count_cell_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "sticky_count transition");
	NoiseExp   *st = state_arg(fcinfo, cxt);
	NoiseParams p;
	bytea	   *cell;

	refuse_window(fcinfo);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the sticky_count cell is NULL")));
	cell = PG_GETARG_BYTEA_PP(2);
	if (VARSIZE_ANY_EXHDR(cell) != NOISE_CELL_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a sticky_count cell is %d bytes, not %zu", NOISE_CELL_BYTES,
						(Size) VARSIZE_ANY_EXHDR(cell)),
				 errhint("Pass sticky_cell(key parts...), or the key parts themselves.")));
	memset(&p, 0, sizeof(p));
	p.kind = NOISE_STICKY;
	memcpy(p.cell, VARDATA_ANY(cell), NOISE_CELL_BYTES);
	st = row_state(fcinfo, cxt, st, &p);
	if (!PG_ARGISNULL(1))
		person_table_add(&st->persons, PG_GETARG_PSEUDONYM(1)->bytes, 1);
	RETURN_NOISE_STATE(st);
}

/*
 * The epsilon, budget and (lower_arg >= 0) bounds of a call: 22004 if NULL,
 * 22023 if out of range or lower > upper.
 */
static void
params_from_args(FunctionCallInfo fcinfo, int kind, int eps_arg, int budget_arg,
				 int lower_arg, NoiseParams *p)
{
	Numeric		lower_given = NULL,
				upper_given = NULL;

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->eps_micro = arg_epsilon(fcinfo, eps_arg);
	arg_budget(fcinfo, budget_arg, p->budget);
	if (lower_arg >= 0)
	{
		p->lower = arg_bound(fcinfo, lower_arg, "lower", &lower_given);
		p->upper = arg_bound(fcinfo, lower_arg + 1, "upper", &upper_given);
		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(lower_given),
											  NumericGetDatum(upper_given))) > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lower must not be greater than upper")));
	}
}

/*
 * The epsilon and budget (and bounds) of a dp row, checked against the
 * state.  When they are constants or parameters of the query (the usual
 * case) they cannot change between rows, so a group checks them once.
 */
static NoiseExp *
dp_row_state(FunctionCallInfo fcinfo, MemoryContext cxt, NoiseExp *st, int kind,
			 int eps_arg, int budget_arg, int lower_arg)
{
	NoiseParams p;

	if (PG_ARGISNULL(eps_arg))
		(void) arg_epsilon(fcinfo, eps_arg);	/* 22004 */
	if (PG_ARGISNULL(budget_arg))
		arg_budget(fcinfo, budget_arg, p.budget);	/* 22004 */
	if (st != NULL && st->params_stable)
		return st;
	params_from_args(fcinfo, kind, eps_arg, budget_arg, lower_arg, &p);
	st = row_state(fcinfo, cxt, st, &p);
	st->params_stable = get_fn_expr_arg_stable(fcinfo->flinfo, eps_arg) &&
		get_fn_expr_arg_stable(fcinfo->flinfo, budget_arg) &&
		(lower_arg < 0 || (get_fn_expr_arg_stable(fcinfo->flinfo, lower_arg) &&
						   get_fn_expr_arg_stable(fcinfo->flinfo, lower_arg + 1)));
	return st;
}

/* dp_count_trans(state, person, epsilon, budget) */
PG_FUNCTION_INFO_V1(dp_count_trans);
Datum
dp_count_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "dp_count transition");
	NoiseExp   *st = state_arg(fcinfo, cxt);

	refuse_window(fcinfo);
	st = dp_row_state(fcinfo, cxt, st, NOISE_DP_COUNT, 2, 3, -1);
	if (!PG_ARGISNULL(1))
		person_table_add(&st->persons, PG_GETARG_PSEUDONYM(1)->bytes, 1);
	RETURN_NOISE_STATE(st);
}

/* dp_sum_trans(state, person, value, lower, upper, epsilon, budget) */
PG_FUNCTION_INFO_V1(dp_sum_trans);
Datum
dp_sum_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "dp_sum transition");
	NoiseExp   *st = state_arg(fcinfo, cxt);
	Numeric		v;
	Numeric		r;
	int64		iv;

	refuse_window(fcinfo);
	st = dp_row_state(fcinfo, cxt, st, NOISE_DP_SUM, 5, 6, 3);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		RETURN_NOISE_STATE(st);
	v = PG_GETARG_NUMERIC(2);
	if (numeric_is_nan(v) || numeric_is_inf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("dp_sum takes finite values, not %s", numeric_is_nan(v) ? "NaN" : "infinity")));
	/* whole units: the value rounded half away from zero */
	r = DatumGetNumeric(DirectFunctionCall2(numeric_round, NumericGetDatum(v), Int32GetDatum(0)));
	if (!numeric_to_int64(r, &iv))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("dp_sum value out of range")));
	person_table_add(&st->persons, PG_GETARG_PSEUDONYM(1)->bytes, iv);
	RETURN_NOISE_STATE(st);
}

PG_FUNCTION_INFO_V1(noise_merge);
Datum
noise_merge(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "noisy aggregate combine");
	NoiseExp   *a = state_arg(fcinfo, cxt);
	NoiseState *b;
	NoiseParams p;

	if (PG_ARGISNULL(1))
		RETURN_NOISE_STATE(a);
	b = noise_state_checked(PG_GETARG_DATUM(1));
	if (a == NULL)
	{
		params_of(b, &p);
		a = new_state(fcinfo, cxt, &p);
	}
	state_add_flat(a, b);
	RETURN_NOISE_STATE(a);
}

/* ---- release ---- */

/*
 * Citus runs a query grouped by the distribution column whole on a worker,
 * final function included; its connections there are named citus_internal.
 * The budget ledger and the session's credit are on the coordinator, so a
 * dp release cannot be paid there.  (Sticky noise can be drawn there: see
 * noise_key.c.)
 */
void
dp_refuse_citus_worker(const char *fn)
{
	const char *app = GetConfigOption("application_name", true, false);

	if (app == NULL || strncmp(app, "citus_internal", 14) != 0)
		return;
	if (strstr(fn, "_open") != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s cannot release a value on a Citus worker", fn),
				 errdetail("Citus sent the whole statement to a worker, where neither the budget ledger nor the session's credit is."),
				 errhint("Write dp_count, dp_sum or dp_avg in the query (or its FROM) and let tst_hub rewrite it (tst_hub in shared_preload_libraries after citus).")));
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s cannot release a value on a Citus worker", fn),
			 errdetail("The query groups by the distribution column, so Citus runs the final function on a worker, where neither the budget ledger nor the session's credit is."),
			 errhint("With tst_hub in shared_preload_libraries after citus, a query with %s outside expressions is rewritten to release on the coordinator; "
					 "or seal on the workers and open here: WITH s AS MATERIALIZED (SELECT org, %s_sealed(...) AS v FROM t GROUP BY org) "
					 "SELECT org, %s_open(v, ...) FROM s.", fn, strcmp(fn, "dp_count") == 0 ? "dp_count" : "dp_sum", fn)));
}

/*
 * The state at a final function, checked; NULL if there is none.  A final
 * function that releases a dp value refuses on a Citus worker (releases).
 */
static NoiseState *
final_state(FunctionCallInfo fcinfo, int kind, bool releases)
{
	NoiseState *s;

	refuse_window(fcinfo);
	if (PG_ARGISNULL(0))
		return NULL;
	s = noise_state_checked(PG_GETARG_DATUM(0));
	if (s->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("this state belongs to %s, not %s", kind_name(s->kind), kind_name(kind))));
	if (kind != NOISE_STICKY && releases)
		dp_refuse_citus_worker(kind_name(kind));
	return s;
}

/* HMAC-SHA256 under the noise key of a label and the sorted persons (and the cell). */
static void
sticky_seed(const uint8 *key, const char *label, const NoiseState *s,
			bool with_cell, uint8 *out)
{
	pg_hmac_ctx *ctx = pg_hmac_create(PG_SHA256);
	bool		ok;

	if (ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	ok = pg_hmac_init(ctx, key, KEY_BYTES) >= 0 &&
		pg_hmac_update(ctx, (const uint8 *) label, strlen(label) + 1) >= 0 &&
		(!with_cell || pg_hmac_update(ctx, s->cell, NOISE_CELL_BYTES) >= 0);
	for (uint32 i = 0; ok && i < s->count; i++)
		ok = pg_hmac_update(ctx, s->entries[i].person, PSEUDONYM_BYTES) >= 0;
	ok = ok && pg_hmac_final(ctx, out, NOISE_SEED_BYTES) >= 0;
	pg_hmac_free(ctx);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute HMAC-SHA256")));
}

static int64
sticky_layer(const uint8 *seed)
{
	NoiseBits	bits;
	int64		z;

	noise_bits_keyed(&bits, seed);
	z = noise_discrete_laplace_st(&bits, 1, (uint64) sticky_scale);
	noise_bits_free(&bits);
	return z;
}

/*
 * The sticky value: the count plus two noise layers, both functions of the
 * hub's noise key and the persons counted.  One layer is keyed to the cell
 * and the persons, so the same question gets the same answer however it is
 * phrased; the other to the persons alone, so no choice of key parts (an
 * extra constant part gives a new cell) can draw fresh noise for the same
 * persons and average it away.
 */
static int64
sticky_value(FunctionCallInfo fcinfo, const NoiseState *s)
{
	const uint8 *key = noise_key_for_call(fcinfo);
	uint8		seed[NOISE_SEED_BYTES];
	int64		v = s->count;

	sticky_seed(key, "tst_hub sticky cell and persons", s, true, seed);
	v += sticky_layer(seed);
	sticky_seed(key, "tst_hub sticky persons", s, false, seed);
	v += sticky_layer(seed);
	explicit_bzero(seed, sizeof(seed));
	return v;
}

/* A released row: (value, reason), value NULL when withheld. */
static Datum
released(FunctionCallInfo fcinfo, Numeric value, const char *reason)
{
	TupleDesc	td;
	Datum		values[2];
	bool		nulls[2];

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function returning a released value called in a context that cannot accept it")));
	td = BlessTupleDesc(td);
	nulls[0] = (value == NULL);
	values[0] = nulls[0] ? (Datum) 0 : NumericGetDatum(value);
	nulls[1] = (reason == NULL);
	values[1] = nulls[1] ? (Datum) 0 : CStringGetTextDatum(reason);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, nulls)));
}

/* The sticky value, or NULL with why: no_data, below_k (the true count). */
static bool
sticky_release(FunctionCallInfo fcinfo, int64 *value, const char **why)
{
	NoiseState *s = final_state(fcinfo, NOISE_STICKY, true);

	if (s == NULL || s->count == 0)
	{
		*why = "no_data";
		return false;
	}
	if ((int64) s->count < tst_min_k)
	{
		*why = "below_k";
		return false;
	}
	*value = sticky_value(fcinfo, s);
	*why = NULL;
	return true;
}

PG_FUNCTION_INFO_V1(sticky_count_final);
Datum
sticky_count_final(PG_FUNCTION_ARGS)
{
	int64		v;
	const char *why;

	if (!sticky_release(fcinfo, &v, &why))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(sticky_count_r_final);
Datum
sticky_count_r_final(PG_FUNCTION_ARGS)
{
	int64		v;
	const char *why;

	if (!sticky_release(fcinfo, &v, &why))
		return released(fcinfo, NULL, why);
	return released(fcinfo, int64_to_numeric(v), NULL);
}

/*
 * The figure of a dp state: its parameters, its persons and its true value,
 * distinct persons or the sum of each person's total clamped to
 * [lower, upper].
 */
static void
figure_of_state(const NoiseState *s, DpFigure *f)
{
	int64		sum = 0;

	memset(f, 0, sizeof(*f));
	f->kind = s->kind;
	f->has_params = true;
	f->eps_micro = s->eps_micro;
	f->lower = s->lower;
	f->upper = s->upper;
	memcpy(f->budget, s->budget, sizeof(f->budget));
	f->persons = s->count;
	if (s->kind == NOISE_DP_COUNT)
	{
		f->value = s->count;
		return;
	}
	for (uint32 i = 0; i < s->count; i++)
	{
		int64		c = Min(Max(s->entries[i].value, s->lower), s->upper);

		if (pg_add_s64_overflow(sum, c, &sum))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("dp_sum out of range")));
	}
	f->value = sum;
}

/* Sensitivity of a figure: 1 for a count, max(|lower|, |upper|) (at least 1) for a sum. */
static int64
figure_sensitivity(const DpFigure *f)
{
	int64		sens;

	if (f->kind == NOISE_DP_COUNT)
		return 1;
	sens = Max(Max(-f->lower, f->upper), Max(f->lower, -f->upper));
	return Max(sens, 1);
}

/*
 * An ungrouped dp aggregate over no row at all still releases, and pays,
 * like any other: a NULL that cost nothing would say for free that nothing
 * matched (a neighbouring table with one person gives a value).  Its
 * epsilon, budget and bounds are read from the call, so they must not
 * depend on the rows; that is checked on every release, empty or not, so
 * the check itself says nothing about the data.  The arguments are
 * (person, epsilon, budget) or (person, value, lower, upper, epsilon, budget).
 */
static bool
call_args(FunctionCallInfo fcinfo, int kind, List **args)
{
	Aggref	   *ag = AggGetAggref(fcinfo);
	int			eps_at = (kind == NOISE_DP_COUNT) ? 1 : 4;

	*args = NIL;
	if (ag == NULL || list_length(ag->args) != eps_at + 2 ||
		exprType((Node *) ((TargetEntry *) list_nth(ag->args, eps_at))->expr) != NUMERICOID ||
		exprType((Node *) ((TargetEntry *) list_nth(ag->args, eps_at + 1))->expr) != TEXTOID)
		return false;			/* not our aggregate's call (a release function, Citus's combine) */
	for (int i = 1; i < list_length(ag->args); i++)
	{
		Node	   *e = (Node *) ((TargetEntry *) list_nth(ag->args, i))->expr;

		if (kind == NOISE_DP_SUM && i == 1)
			continue;			/* the value */
		if (contain_var_clause(e) || contain_volatile_functions(e) || contain_subplans(e))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("the epsilon, budget and bounds of %s must not depend on the rows",
							kind_name(kind)),
					 errhint("Give constants or query parameters.")));
	}
	*args = ag->args;
	return true;
}

/* The state of an empty input: the call's parameters, no person. */
static NoiseState *
empty_state(FunctionCallInfo fcinfo, int kind, List *args)
{
	AggState   *as = (AggState *) fcinfo->context;
	NoiseState *s = palloc0(NOISE_STATE_HEADER_SIZE);
	LOCAL_FCINFO(params, 7);
	int			n = list_length(args);

	/* the arguments where the transition function has them (after the state) */
	InitFunctionCallInfoData(*params, NULL, n + 1, InvalidOid, NULL, NULL);
	params->args[0].isnull = true;
	for (int i = 0; i < n; i++)
	{
		Expr	   *e = ((TargetEntry *) list_nth(args, i))->expr;
		bool		isnull = true;

		params->args[i + 1].value = (i == 0 || (kind == NOISE_DP_SUM && i == 1)) ? (Datum) 0
			: ExecEvalExprSwitchContext(ExecInitExpr(e, (PlanState *) as),
										as->ss.ps.ps_ExprContext, &isnull);
		params->args[i + 1].isnull = isnull;
	}
	s->kind = kind;
	if (kind == NOISE_DP_COUNT)
	{
		s->eps_micro = arg_epsilon(params, 2);
		arg_budget(params, 3, s->budget);
	}
	else
	{
		Numeric		lower,
					upper;

		s->lower = arg_bound(params, 3, "lower", &lower);
		s->upper = arg_bound(params, 4, "upper", &upper);
		s->eps_micro = arg_epsilon(params, 5);
		arg_budget(params, 6, s->budget);
	}
	return s;
}

/*
 * Citus runs an ungrouped aggregate over a distributed table as
 * coord_combine_agg on the coordinator, which calls this final function
 * without the call's arguments.  Over no row at all the state is NULL and
 * the epsilon and budget are unknown, so it could neither pay nor release;
 * refusing only then would say for free that nothing matched.  So every
 * ungrouped release through Citus's combine is refused, rows or not.
 */
static void
refuse_citus_ungrouped(FunctionCallInfo fcinfo, int kind)
{
	Aggref	   *ag = AggGetAggref(fcinfo);
	char	   *name;

	if (ag == NULL || fcinfo->context == NULL || !IsA(fcinfo->context, AggState) ||
		((AggState *) fcinfo->context)->aggstrategy != AGG_PLAIN)
		return;
	name = get_func_name(ag->aggfnoid);
	if (name == NULL || (strcmp(name, "coord_combine_agg") != 0 &&
						 strcmp(name, "coord_binary_combine_agg") != 0))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s without GROUP BY cannot release over a Citus distributed table", kind_name(kind)),
			 errdetail("Citus's combine step does not pass the epsilon and budget on, and over no matching row it could not pay."),
			 errhint("Aggregate the rows on the coordinator: WITH r AS MATERIALIZED (SELECT person ... FROM t WHERE ...) "
					 "SELECT %s(person, ...) FROM r.", kind_name(kind))));
}

/*
 * The state at a dp final function: the aggregate's, or an empty one (see
 * call_args).  NULL over no row when the call is not ours (Citus's combine,
 * which a releasing final function refuses).
 */
static NoiseState *
dp_final_state(FunctionCallInfo fcinfo, int kind, bool releases)
{
	NoiseState *s = final_state(fcinfo, kind, releases);
	List	   *args;

	if (!call_args(fcinfo, kind, &args))
	{
		if (releases)
			refuse_citus_ungrouped(fcinfo, kind);
		return s;
	}
	if (s != NULL)
		return s;
	return empty_state(fcinfo, kind, args);
}

void
dp_figure_at_final(FunctionCallInfo fcinfo, int kind, DpFigure *f)
{
	NoiseState *s = dp_final_state(fcinfo, kind, false);

	if (s != NULL)
	{
		figure_of_state(s, f);
		return;
	}
	memset(f, 0, sizeof(*f));
	f->kind = kind;
}

void
dp_figure_params_from_args(FunctionCallInfo fcinfo, int kind, int first_arg, DpFigure *f)
{
	NoiseParams p;

	if (kind == NOISE_DP_COUNT)
		params_from_args(fcinfo, kind, first_arg, first_arg + 1, -1, &p);
	else
		params_from_args(fcinfo, kind, first_arg + 2, first_arg + 3, first_arg, &p);
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->has_params = true;
	f->eps_micro = p.eps_micro;
	f->lower = p.lower;
	f->upper = p.upper;
	memcpy(f->budget, p.budget, sizeof(f->budget));
}

/*
 * Pay a release of a figure from the session's credit (53400 if it is too
 * small; nothing is drawn before), then its true value plus discrete Laplace
 * noise of scale sensitivity/epsilon from the CSPRNG.  In a dry run
 * (explain_cost) only the charge is counted: false.
 */
bool
dp_figure_release(const DpFigure *f, int64 *value)
{
	NoiseBits	bits;
	int64		z;

	Assert(f->has_params);
	if (dp_ledger_dry_run(f->eps_micro))
		return false;
	dp_credit_spend(f->budget, f->eps_micro);
	noise_bits_random(&bits);
	z = noise_discrete_laplace(&bits, f->eps_micro, figure_sensitivity(f));
	noise_bits_free(&bits);
	if (pg_add_s64_overflow(f->value, z, value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s out of range", kind_name(f->kind))));
	return true;
}

/*
 * dp_avg: the mean per person of the clamped totals, as a noisy sum over a
 * noisy count of persons (at least 1).  Both are released values, so the
 * charge is epsilon twice (sequential composition), before any noise.
 */
bool
dp_figure_release_avg(const DpFigure *f, Numeric *value)
{
	NoiseBits	bits;
	int64		sum;
	int64		n;

	Assert(f->has_params && f->kind == NOISE_DP_SUM);
	if (dp_ledger_dry_run(2 * f->eps_micro))
		return false;
	dp_credit_spend(f->budget, 2 * f->eps_micro);
	noise_bits_random(&bits);
	if (pg_add_s64_overflow(f->value, noise_discrete_laplace(&bits, f->eps_micro, figure_sensitivity(f)), &sum))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("dp_avg out of range")));
	n = f->persons + noise_discrete_laplace(&bits, f->eps_micro, 1);
	noise_bits_free(&bits);
	*value = numeric_div_opt_error(int64_to_numeric(sum), int64_to_numeric(Max(n, 1)), NULL);
	return true;
}

/* The figure a releasing dp final function releases, false if none. */
static bool
releasing_figure(FunctionCallInfo fcinfo, int kind, DpFigure *f)
{
	NoiseState *s = dp_final_state(fcinfo, kind, true);

	if (s == NULL)
		return false;
	figure_of_state(s, f);
	return true;
}

PG_FUNCTION_INFO_V1(dp_count_final);
Datum
dp_count_final(PG_FUNCTION_ARGS)
{
	DpFigure	f;
	int64		v;

	if (!releasing_figure(fcinfo, NOISE_DP_COUNT, &f) || !dp_figure_release(&f, &v))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(dp_sum_final);
Datum
dp_sum_final(PG_FUNCTION_ARGS)
{
	DpFigure	f;
	int64		v;

	if (!releasing_figure(fcinfo, NOISE_DP_SUM, &f) || !dp_figure_release(&f, &v))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(int64_to_numeric(v));
}

PG_FUNCTION_INFO_V1(dp_avg_final);
Datum
dp_avg_final(PG_FUNCTION_ARGS)
{
	DpFigure	f;
	Numeric		v;

	if (!releasing_figure(fcinfo, NOISE_DP_SUM, &f) || !dp_figure_release_avg(&f, &v))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(v);
}

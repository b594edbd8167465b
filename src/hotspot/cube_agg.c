/*
 * cube_agg.c
 *	  The aggregates that build cubes: st_cube(cell, ts, bin [, origin]) and
 *	  cube_union(cube).
 *
 * The transition state is an open-addressing hash table of (cell, bin) ->
 * count, so a row costs one hash probe.  Serialising sorts it into the
 * canonical cube bytes, which is also what the final function returns: a
 * parallel or distributed plan produces exactly the bytes of a serial one.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "hotspot/cube.h"
#include "hotspot/hotspot.h"
#include "common/common.h"


/* Monday 2000-01-03 00:00 UTC, in microseconds after the PostgreSQL epoch */
#define CUBE_DEFAULT_ORIGIN		(2 * USECS_PER_DAY)
#define CUBE_INITIAL_SLOTS		1024

typedef struct CubeState
{
	MemoryContext cxt;
	bool		have_params;
	int			res;
	int64		bin_us;
	int64		origin;
	Interval	bin_iv;			/* as given, to spot a change between rows */
	uint64		mask;			/* slots - 1 */
	uint64		used;
	CubeEntry  *slots;			/* n == 0 marks an empty slot */
} CubeState;


static CubeEntry *
alloc_slots(MemoryContext cxt, uint64 n)
{
	return MemoryContextAllocExtended(cxt, sizeof(CubeEntry) * n,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

static CubeState *
new_state(MemoryContext cxt)
{
	CubeState  *st = MemoryContextAllocZero(cxt, sizeof(CubeState));

	st->cxt = cxt;
	st->res = -1;
	st->mask = CUBE_INITIAL_SLOTS - 1;
	st->slots = alloc_slots(cxt, CUBE_INITIAL_SLOTS);
	return st;
}

static inline uint64
hash_key(int64 cell, int64 bin)
{
	uint64		h = (uint64) cell * UINT64CONST(0x9E3779B97F4A7C15) ^ (uint64) bin;

	/* murmur3 finaliser */
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

static void
grow(CubeState *st)
{
	uint64		old_n = st->mask + 1;
	CubeEntry  *old = st->slots;
	uint64		n = old_n * 2;

	st->slots = alloc_slots(st->cxt, n);
	st->mask = n - 1;
	for (uint64 i = 0; i < old_n; i++)
	{
		uint64		h;

		if (old[i].n == 0)
			continue;
		h = hash_key(old[i].cell, old[i].bin) & st->mask;
		while (st->slots[h].n != 0)
			h = (h + 1) & st->mask;
		st->slots[h] = old[i];
	}
	pfree(old);
}

static inline void
state_add(CubeState *st, int64 cell, int64 bin, int64 n)
{
	uint64		h = hash_key(cell, bin) & st->mask;

	for (;;)
	{
		CubeEntry  *e = &st->slots[h];

		if (e->n == 0)
			break;
		if (e->cell == cell && e->bin == bin)
		{
			if (unlikely(pg_add_s64_overflow(e->n, n, &e->n)))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("cube count out of range")));
			return;
		}
		h = (h + 1) & st->mask;
	}
	if (st->used >= CUBE_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a cube cannot hold more than %zu (cell, bin) entries", (Size) CUBE_MAX_ENTRIES),
				 errhint("Use a coarser resolution or wider bins.")));
	st->slots[h].cell = cell;
	st->slots[h].bin = bin;
	st->slots[h].n = n;
	if (++st->used * 2 > st->mask + 1)
		grow(st);
}

/* Take the time bins and resolution of a cube, or check they match. */
static void
state_params(CubeState *st, int res, int64 bin_us, int64 origin)
{
	if (!st->have_params)
	{
		st->res = res;
		st->bin_us = bin_us;
		st->origin = origin;
		st->have_params = true;
		return;
	}
	cube_check_compatible(st->res, st->bin_us, st->origin, res, bin_us, origin);
}

static int64
interval_usecs(const Interval *iv)
{
	int64		us;

	if (iv->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cube bins cannot be measured in months or years"),
				 errdetail("Months and years are not of fixed length, so they cannot be bins of equal width."),
				 errhint("Use days or weeks, such as '28 days' or '1 week'.")));
	if (pg_mul_s64_overflow((int64) iv->day, USECS_PER_DAY, &us) ||
		pg_add_s64_overflow(us, iv->time, &us) || us <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cube bin width must be positive"),
				 errhint("Use an interval such as '1 day' or '1 week'.")));
	return us;
}

/* Row step of st_cube: args (state, cell, ts, bin [, origin]). */
static Datum
st_cube_step(FunctionCallInfo fcinfo, bool with_origin)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "st_cube_trans");
	CubeState  *st = PG_ARGISNULL(0) ? NULL : (CubeState *) PG_GETARG_POINTER(0);
	int64		cell;
	TimestampTz ts;
	Interval   *iv;
	int64		diff,
				bin;
	int			res;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(with_origin && PG_ARGISNULL(4)))
		RETURN_STATE(st);
	cell = PG_GETARG_CELL(1);
	ts = PG_GETARG_TIMESTAMPTZ(2);
	iv = PG_GETARG_INTERVAL_P(3);
	if (st == NULL)
		st = new_state(cxt);

	if (!st->have_params || memcmp(iv, &st->bin_iv, sizeof(Interval)) != 0)
	{
		TimestampTz origin = with_origin ? PG_GETARG_TIMESTAMPTZ(4) : CUBE_DEFAULT_ORIGIN;
		GridCell	g;

		if (TIMESTAMP_NOT_FINITE(origin))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cube origin must be finite")));
		cell_get(cell, &g);
		if (st->have_params && (interval_usecs(iv) != st->bin_us))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("st_cube bin width must be the same in every row")));
		state_params(st, g.res, interval_usecs(iv), origin);
		st->bin_iv = *iv;
	}
	else if (with_origin && PG_GETARG_TIMESTAMPTZ(4) != st->origin)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("st_cube origin must be the same in every row")));

	res = (int) (((uint64) cell >> 56) & 15);
	if (res != st->res)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("st_cube got cells of resolutions %d and %d", st->res, res),
				 errhint("A cube holds cells of one resolution; use cell_parent to bring them together.")));
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("st_cube cannot bin an infinite timestamp")));
	if (pg_sub_s64_overflow(ts, st->origin, &diff))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range for the cube origin")));
	bin = diff / st->bin_us;
	if (diff % st->bin_us < 0)
		bin--;					/* floor, for times before the origin */
	if (!cube_bin_start_valid(st->origin, st->bin_us, bin))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the bin holding this timestamp starts outside the timestamp range"),
				 errhint("Use a later origin or narrower bins for times this early.")));
	state_add(st, cell, bin, 1);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(st_cube_trans);
Datum
st_cube_trans(PG_FUNCTION_ARGS)
{
	return st_cube_step(fcinfo, false);
}

PG_FUNCTION_INFO_V1(st_cube_trans_origin);
Datum
st_cube_trans_origin(PG_FUNCTION_ARGS)
{
	return st_cube_step(fcinfo, true);
}

static void
state_add_cube(CubeState *st, const Cube *c)
{
	state_params(st, c->res, c->bin_us, c->origin);
	for (uint32 i = 0; i < c->count; i++)
	{
		CUBE_INTERRUPT_POINT(i);
		state_add(st, c->entries[i].cell, c->entries[i].bin, c->entries[i].n);
	}
}

/* cube_union(cube) row step */
PG_FUNCTION_INFO_V1(cube_union_trans);
Datum
cube_union_trans(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "cube_union_trans");
	CubeState  *st = PG_ARGISNULL(0) ? NULL : (CubeState *) PG_GETARG_POINTER(0);

	if (PG_ARGISNULL(1))
		RETURN_STATE(st);
	if (st == NULL)
		st = new_state(cxt);
	state_add_cube(st, cube_checked(PG_GETARG_DATUM(1), "cube value"));
	PG_RETURN_POINTER(st);
}

/* The canonical cube of a state (the state itself is left as it was). */
static Cube *
state_to_cube(const CubeState *st)
{
	CubeEntry  *e = MemoryContextAllocExtended(CurrentMemoryContext,
											   sizeof(CubeEntry) * (st->used + 1),
											   MCXT_ALLOC_HUGE);
	uint32		n = 0;
	Cube	   *c;

	for (uint64 i = 0; i <= st->mask; i++)
		if (st->slots[i].n != 0)
			e[n++] = st->slots[i];
	n = cube_sort_merge(e, n);
	c = cube_build(st->res, st->bin_us, st->origin, e, n);
	pfree(e);
	return c;
}

/* Combine: NULL on either side adopts the other, copied into the agg context. */
PG_FUNCTION_INFO_V1(cube_agg_combine);
Datum
cube_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "cube_agg_combine");
	CubeState  *a = PG_ARGISNULL(0) ? NULL : (CubeState *) PG_GETARG_POINTER(0);
	CubeState  *b = PG_ARGISNULL(1) ? NULL : (CubeState *) PG_GETARG_POINTER(1);

	if (b == NULL || !b->have_params)
		RETURN_STATE(a);
	if (a == NULL)
		a = new_state(cxt);
	state_params(a, b->res, b->bin_us, b->origin);
	for (uint64 i = 0; i <= b->mask; i++)
	{
		CUBE_INTERRUPT_POINT(i);
		if (b->slots[i].n != 0)
			state_add(a, b->slots[i].cell, b->slots[i].bin, b->slots[i].n);
	}
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(cube_agg_serialize);
Datum
cube_agg_serialize(PG_FUNCTION_ARGS)
{
	CubeState  *st = (CubeState *) PG_GETARG_POINTER(0);

	tst_agg_context(fcinfo, "cube_agg_serialize");
	PG_RETURN_BYTEA_P((bytea *) state_to_cube(st));
}

/* Deserialize: validated as strictly as cube_recv (XX001 if not a cube). */
PG_FUNCTION_INFO_V1(cube_agg_deserialize);
Datum
cube_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "cube_agg_deserialize");
	Cube	   *c = cube_checked(PG_GETARG_DATUM(0), "cube aggregate state");
	CubeState  *st = new_state(cxt);

	state_add_cube(st, c);
	PG_RETURN_POINTER(st);
}

/* Final: NULL when no row counted; never changes the state (window use). */
PG_FUNCTION_INFO_V1(cube_agg_final);
Datum
cube_agg_final(PG_FUNCTION_ARGS)
{
	CubeState  *st = PG_ARGISNULL(0) ? NULL : (CubeState *) PG_GETARG_POINTER(0);

	if (st == NULL || !st->have_params)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(state_to_cube(st));
}

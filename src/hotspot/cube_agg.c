/*
 * cube_agg.c
 *	  The aggregates that build cubes: st_cube(cell, ts, bin [, origin]),
 *	  st_cube_people(cell, ts, bin [, origin], person) and
 *	  cube_union(cube).
 *
 * The state is of type cube, so partial states can travel between processes
 * and nodes (parallel workers, Citus) as ordinary cube values.  While the
 * aggregate runs, the state is a read-write expanded object (see
 * utils/expandeddatum.h): an open-addressing hash table of (cell, bin) ->
 * count in the call site's states context (tst_agg_states_context), updated
 * in place, so a row costs one hash
 * probe and nothing is copied.  It is flattened, sorted into the canonical
 * cube bytes, only when it leaves the aggregate (a Gather, a Citus worker, the
 * final function): a parallel or distributed plan gives exactly the bytes of
 * a serial one.
 *
 * With a person argument the cube is a cube of people: a second hash table
 * holds the distinct (cell, bin, person) marks, flattened sorted after the
 * entries (cube.h), so partial states that saw the same person merge to one.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "utils/datetime.h"
#include "utils/expandeddatum.h"
#include "utils/timestamp.h"

#include "hotspot/cube.h"
#include "hotspot/hotspot.h"
#include "common/common.h"


/* Monday 2000-01-03 00:00 UTC, in microseconds after the PostgreSQL epoch */
#define CUBE_DEFAULT_ORIGIN		(2 * USECS_PER_DAY)
/* Small first: GROUP BY may hold one state per group. */
#define CUBE_INITIAL_SLOTS		64
#define MARK_INITIAL_SLOTS		64

typedef struct CubeState
{
	ExpandedObjectHeader hdr;	/* first: the state is an expanded cube */
	MemoryContext cxt;			/* = hdr.eoh_context, a child of the agg context */
	bool		have_params;
	bool		persons;		/* a cube of people: marks kept */
	int			res;
	int64		bin_us;
	int64		origin;
	Interval	bin_iv;			/* as given, to spot a change between rows */
	uint64		mask;			/* slots - 1 */
	uint64		used;
	CubeEntry  *slots;			/* n == 0 marks an empty slot */
	uint64		mark_mask;		/* mark slots - 1 (cube of people) */
	uint64		mark_used;
	CubeMark   *marks;			/* person[0] == 0 marks an empty slot */
} CubeState;


static void *
alloc_zeroed(MemoryContext cxt, Size size)
{
	return MemoryContextAllocExtended(cxt, size, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

static Size state_flat_size(ExpandedObjectHeader *eohptr);
static void state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods state_methods = {
	state_flat_size,
	state_flatten
};

/* A new state in the states context shared by the groups of this call site. */
static CubeState *
new_state(FunctionCallInfo fcinfo, MemoryContext aggcxt)
{
	MemoryContext cxt = tst_agg_states_context(fcinfo, aggcxt);
	CubeState  *st = MemoryContextAllocZero(cxt, sizeof(CubeState));

	EOH_init_header(&st->hdr, &state_methods, cxt);
	st->cxt = cxt;
	st->res = -1;
	st->mask = CUBE_INITIAL_SLOTS - 1;
	st->slots = alloc_zeroed(cxt, sizeof(CubeEntry) * CUBE_INITIAL_SLOTS);
	return st;
}

/* Flat size: the entries are unique, so the canonical cube holds them all. */
static Size
state_flat_size(ExpandedObjectHeader *eohptr)
{
	CubeState  *st = (CubeState *) eohptr;

	Assert(st->have_params);
	return st->persons ? CUBE_PEOPLE_SIZE(st->used, st->mark_used) : CUBE_SIZE(st->used);
}

/* The canonical cube bytes: the occupied slots, sorted by (cell, bin). */
static void
state_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	CubeState  *st = (CubeState *) eohptr;
	Cube	   *c = (Cube *) result;
	uint32		n = 0;

	Assert(allocated_size == state_flat_size(eohptr));
	memset(c, 0, CUBE_HEADER_SIZE);
	SET_VARSIZE(c, allocated_size);
	c->version = CUBE_VERSION;
	c->res = (uint8) st->res;
	c->bin_us = st->bin_us;
	c->origin = st->origin;
	for (uint64 i = 0; i <= st->mask; i++)
		if (st->slots[i].n != 0)
			c->entries[n++] = st->slots[i];
	Assert(n == st->used);
	c->count = cube_sort_merge(c->entries, n);
	if (st->persons)
	{
		CubeMark   *m = CUBE_MARKS(c);
		int64		k = 0;

		c->flags = CUBE_FLAG_PERSONS;
		for (uint64 i = 0; i <= st->mark_mask; i++)
			if (st->marks[i].person[0] != 0)
				m[k++] = st->marks[i];
		Assert(k == st->mark_used);
		CUBE_NMARKS(c) = cube_sort_marks(m, k);
	}
}

static inline uint64
hash_key(int64 cell, int64 bin)
{
	return tst_mix64((uint64) cell * UINT64CONST(0x9E3779B97F4A7C15) ^ (uint64) bin);
}

static void
grow(CubeState *st)
{
	uint64		old_n = st->mask + 1;
	CubeEntry  *old = st->slots;
	uint64		n = old_n * 2;

	st->slots = alloc_zeroed(st->cxt, sizeof(CubeEntry) * n);
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

static inline uint64
hash_mark(int64 cell, int64 bin, const uint8 *person)
{
	uint64		p;

	memcpy(&p, person + 2, sizeof(p));	/* MAC bytes: uniform already */
	return tst_mix64(hash_key(cell, bin) ^ p);
}

static void
grow_marks(CubeState *st)
{
	uint64		old_n = st->mark_mask + 1;
	CubeMark   *old = st->marks;
	uint64		n = old_n * 2;

	st->marks = alloc_zeroed(st->cxt, sizeof(CubeMark) * n);
	st->mark_mask = n - 1;
	for (uint64 i = 0; i < old_n; i++)
	{
		uint64		h;

		if (old[i].person[0] == 0)
			continue;
		h = hash_mark(old[i].cell, old[i].bin, old[i].person) & st->mark_mask;
		while (st->marks[h].person[0] != 0)
			h = (h + 1) & st->mark_mask;
		st->marks[h] = old[i];
	}
	pfree(old);
}

/* Note that a person was counted in (cell, bin); a second time adds nothing. */
static inline void
state_add_mark(CubeState *st, int64 cell, int64 bin, const uint8 *person)
{
	uint64		h = hash_mark(cell, bin, person) & st->mark_mask;

	for (;;)
	{
		CubeMark   *m = &st->marks[h];

		if (m->person[0] == 0)
			break;
		if (m->cell == cell && m->bin == bin && memcmp(m->person, person, CUBE_PERSON_BYTES) == 0)
			return;
		h = (h + 1) & st->mark_mask;
	}
	if (st->mark_used >= CUBE_MAX_MARKS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a cube cannot hold more than %zu persons", (Size) CUBE_MAX_MARKS),
				 errhint("Use a coarser resolution, wider bins or a shorter span.")));
	st->marks[h].cell = cell;
	st->marks[h].bin = bin;
	memcpy(st->marks[h].person, person, CUBE_PERSON_BYTES);
	if (++st->mark_used * 2 > st->mark_mask + 1)
		grow_marks(st);
}

/* Take the time bins, resolution and kind of a cube, or check they match. */
static void
state_params(CubeState *st, int res, int64 bin_us, int64 origin, bool persons)
{
	if (!st->have_params)
	{
		st->res = res;
		st->bin_us = bin_us;
		st->origin = origin;
		st->persons = persons;
		if (persons)
		{
			st->mark_mask = MARK_INITIAL_SLOTS - 1;
			st->marks = alloc_zeroed(st->cxt, sizeof(CubeMark) * MARK_INITIAL_SLOTS);
		}
		st->have_params = true;
		return;
	}
	cube_check_compatible(st->res, st->bin_us, st->origin, st->persons,
						  res, bin_us, origin, persons);
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
	/*
	 * Days and time can overflow 64-bit microseconds together (2^31 days is
	 * 1.9e20 us), and an overflow must not pass for a negative width.
	 */
	if (pg_mul_s64_overflow((int64) iv->day, USECS_PER_DAY, &us) ||
		pg_add_s64_overflow(us, iv->time, &us))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 iv->day <= 0 ? errmsg("cube bin width must be positive") :
				 errmsg("cube bin width is too large: at most " INT64_FORMAT " days",
						PG_INT64_MAX / USECS_PER_DAY),
				 errhint("Use an interval such as '1 day' or '1 week'.")));
	if (us <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cube bin width must be positive"),
				 errhint("Use an interval such as '1 day' or '1 week'.")));
	return us;
}

static void state_add_cube(CubeState *st, const Cube *c);

/*
 * The state in argument 0, read-write in the aggregate context, or NULL.
 * Ours is an expanded object already; a flat cube (a copy the executor made,
 * or a partial state from elsewhere) is checked and expanded.
 */
static CubeState *
state_arg(FunctionCallInfo fcinfo, MemoryContext aggcxt)
{
	CubeState  *st = (CubeState *) tst_rw_state_arg(fcinfo, &state_methods);

	if (st != NULL || PG_ARGISNULL(0))
		return st;
	st = new_state(fcinfo, aggcxt);
	state_add_cube(st, cube_checked(PG_GETARG_DATUM(0), "cube aggregate state"));
	return st;
}

/* Return a state: SQL NULL when no row was counted, else the expanded cube. */
#define RETURN_CUBE_STATE(st) RETURN_EXPANDED_STATE((st) ? &(st)->hdr : NULL)

/*
 * Row step of st_cube: args (state, cell, ts, bin [, origin] [, person]).
 * A row with a NULL argument is not counted (with a person: a row nobody is
 * named in counts no one, as in safe_count).
 */
static Datum
st_cube_step(FunctionCallInfo fcinfo, bool with_origin, bool with_person)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "st_cube_trans");
	CubeState  *st = state_arg(fcinfo, cxt);
	int64		cell;
	TimestampTz ts;
	Interval   *iv;
	int64		diff,
				bin;
	int			res;
	int			person_arg = with_origin ? 5 : 4;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
		(with_origin && PG_ARGISNULL(4)) || (with_person && PG_ARGISNULL(person_arg)))
		RETURN_CUBE_STATE(st);
	cell = PG_GETARG_CELL(1);
	ts = PG_GETARG_TIMESTAMPTZ(2);
	iv = PG_GETARG_INTERVAL_P(3);
	if (st == NULL)
		st = new_state(fcinfo, cxt);

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
		state_params(st, g.res, interval_usecs(iv), origin, with_person);
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
	if (with_person)
		state_add_mark(st, cell, bin, (const uint8 *) DatumGetPointer(PG_GETARG_DATUM(person_arg)));
	RETURN_CUBE_STATE(st);
}

PG_FUNCTION_INFO_V1(cube_state_add_row);
Datum
cube_state_add_row(PG_FUNCTION_ARGS)
{
	return st_cube_step(fcinfo, false, false);
}

PG_FUNCTION_INFO_V1(cube_state_add_row_origin);
Datum
cube_state_add_row_origin(PG_FUNCTION_ARGS)
{
	return st_cube_step(fcinfo, true, false);
}

PG_FUNCTION_INFO_V1(cube_state_add_person);
Datum
cube_state_add_person(PG_FUNCTION_ARGS)
{
	return st_cube_step(fcinfo, false, true);
}

PG_FUNCTION_INFO_V1(cube_state_add_person_origin);
Datum
cube_state_add_person_origin(PG_FUNCTION_ARGS)
{
	return st_cube_step(fcinfo, true, true);
}

static void
state_add_cube(CubeState *st, const Cube *c)
{
	state_params(st, c->res, c->bin_us, c->origin, CUBE_HAS_PERSONS(c));
	for (uint32 i = 0; i < c->count; i++)
	{
		CUBE_INTERRUPT_POINT(i);
		state_add(st, c->entries[i].cell, c->entries[i].bin, c->entries[i].n);
	}
	if (CUBE_HAS_PERSONS(c))
	{
		const CubeMark *m = CUBE_MARKS(c);

		for (int64 j = 0; j < CUBE_NMARKS(c); j++)
		{
			CUBE_INTERRUPT_POINT(j);
			state_add_mark(st, m[j].cell, m[j].bin, m[j].person);
		}
	}
}

/*
 * A cube into the state: the row step of cube_union and the combine step of
 * both aggregates.  Cubes arrive flat (stored values, partial states from a
 * Gather or a Citus worker) and are checked as strictly as cube input (XX001
 * if corrupted).  The function is not strict, so the first cube is expanded
 * here rather than copied flat by the executor.
 */
PG_FUNCTION_INFO_V1(cube_state_merge);
Datum
cube_state_merge(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = tst_agg_context(fcinfo, "cube_agg_merge");
	CubeState  *a = state_arg(fcinfo, cxt);

	if (PG_ARGISNULL(1))
		RETURN_CUBE_STATE(a);
	if (a == NULL)
		a = new_state(fcinfo, cxt);
	state_add_cube(a, cube_checked(PG_GETARG_DATUM(1), "cube"));
	RETURN_CUBE_STATE(a);
}

/*
 * Final: the canonical cube, a flat copy (detoasting an expanded object
 * flattens it), so the state is left as it was and window use works.
 */
PG_FUNCTION_INFO_V1(cube_state_final);
Datum
cube_state_final(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0)));
}

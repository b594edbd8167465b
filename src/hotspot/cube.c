/*
 * cube.c
 *	  tst_hub.cube: validation, text and binary I/O, and the scalar functions
 *	  (cube_append, cube_rollup, cube_slice, accessors).  The aggregates that
 *	  build cubes are in cube_agg.c, the set-returning readers in cube_read.c.
 *
 * Text is "\x" and the hex of the binary form, which is the layout of cube.h
 * with every field in network order, so text is portable between hosts.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "common/common.h"
#include "hotspot/cube.h"
#include "hotspot/hotspot.h"

bool
cube_bin_start_valid(int64 origin, int64 bin_us, int64 bin)
{
	int64		off,
				ts;

	return !pg_mul_s64_overflow(bin, bin_us, &off) &&
		!pg_add_s64_overflow(origin, off, &ts) && IS_VALID_TIMESTAMP(ts);
}

const char *
cube_check(const Cube *c, Size len)
{
	if (len < CUBE_HEADER_SIZE)
		return "The value is shorter than a cube header.";
	if (c->version != CUBE_VERSION)
		return psprintf("Unknown cube format version %d.", c->version);
	if (c->res > GRID_MAX_RES)
		return psprintf("Resolution %d is out of range.", c->res);
	if (c->flags != 0)
		return "Reserved flags are set.";
	if (c->bin_us <= 0)
		return "The bin width is not positive.";
	if (TIMESTAMP_NOT_FINITE(c->origin) || !IS_VALID_TIMESTAMP(c->origin))
		return "The origin is not a timestamp in the supported range.";
	if (c->count > CUBE_MAX_ENTRIES || len != CUBE_SIZE(c->count))
		return psprintf("The entry count %u does not match the size %zu.", c->count, len);
	for (uint32 i = 0; i < c->count; i++)
	{
		const CubeEntry *e = &c->entries[i];
		GridCell	g;

		CUBE_INTERRUPT_POINT(i);
		if (!grid_unpack(e->cell, &g) || g.res != c->res)
			return psprintf("Entry %u has an invalid cell.", i + 1);
		if (e->n <= 0)
			return psprintf("Entry %u has a count of " INT64_FORMAT ".", i + 1, e->n);
		if (!cube_bin_start_valid(c->origin, c->bin_us, e->bin))
			return psprintf("Entry %u has a bin that starts outside the timestamp range.", i + 1);
		if (i > 0 && (e[-1].cell > e->cell || (e[-1].cell == e->cell && e[-1].bin >= e->bin)))
			return psprintf("Entry %u is out of order.", i + 1);
	}
	return NULL;
}

Cube *
cube_build(int res, int64 bin_us, int64 origin, const CubeEntry *e, uint32 count)
{
	Cube	   *c;

	if (count > CUBE_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a cube cannot hold %u (cell, bin) entries", count),
				 errhint("The limit is %zu; use a coarser resolution or wider bins.",
						 (Size) CUBE_MAX_ENTRIES)));
	c = palloc0(CUBE_SIZE(count));
	SET_VARSIZE(c, CUBE_SIZE(count));
	c->version = CUBE_VERSION;
	c->res = (uint8) res;
	c->bin_us = bin_us;
	c->origin = origin;
	c->count = count;
	if (count > 0)
		memcpy(c->entries, e, sizeof(CubeEntry) * count);
	return c;
}

void
cube_check_compatible(int res_a, int64 bin_a, int64 origin_a,
					  int res_b, int64 bin_b, int64 origin_b)
{
	if (res_a != res_b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge cubes of resolutions %d and %d", res_a, res_b),
				 errhint("Bring both to one resolution with cube_rollup first.")));
	if (bin_a != bin_b || origin_a != origin_b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge cubes with different time bins"),
				 errdetail("Bin widths are " INT64_FORMAT " and " INT64_FORMAT " microseconds, origins %s and %s.",
						   bin_a, bin_b, timestamptz_to_str(origin_a), timestamptz_to_str(origin_b))));
}

static int
cmp_entry(const void *a, const void *b)
{
	const CubeEntry *x = a;
	const CubeEntry *y = b;

	if (x->cell != y->cell)
		return (x->cell > y->cell) ? 1 : -1;
	if (x->bin != y->bin)
		return (x->bin > y->bin) ? 1 : -1;
	return 0;
}

uint32
cube_sort_merge(CubeEntry *e, uint32 count)
{
	uint32		m = 0;

	if (count == 0)
		return 0;
	qsort(e, count, sizeof(CubeEntry), cmp_entry);
	for (uint32 i = 1; i < count; i++)
	{
		if (e[i].cell == e[m].cell && e[i].bin == e[m].bin)
		{
			if (pg_add_s64_overflow(e[m].n, e[i].n, &e[m].n))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("cube count out of range")));
		}
		else
			e[++m] = e[i];
	}
	return m + 1;
}

/* ---- binary form (network order) shared by send/recv and text I/O ---- */

static void
cube_to_wire(StringInfo buf, const Cube *c)
{
	pq_sendbyte(buf, c->version);
	pq_sendbyte(buf, c->res);
	pq_sendint16(buf, c->flags);
	pq_sendint32(buf, c->count);
	pq_sendint64(buf, c->bin_us);
	pq_sendint64(buf, c->origin);
	for (uint32 i = 0; i < c->count; i++)
	{
		pq_sendint64(buf, c->entries[i].cell);
		pq_sendint64(buf, c->entries[i].bin);
		pq_sendint64(buf, c->entries[i].n);
	}
}

/* A cube from wire bytes, or NULL with *why set. */
static Cube *
cube_from_wire(const char *data, Size len, const char **why)
{
	const unsigned char *p = (const unsigned char *) data;
	Size		wire_header = 1 + 1 + 2 + 4 + 8 + 8;
	uint32		count;
	Cube	   *c;

	if (len < wire_header)
	{
		*why = "The value is shorter than a cube header.";
		return NULL;
	}
	if (p[0] != CUBE_VERSION)
	{
		*why = psprintf("Unknown cube format version %d.", p[0]);
		return NULL;
	}
	count = (uint32) tst_get_be(p + 4, 4);
	if (count > CUBE_MAX_ENTRIES || len != wire_header + (Size) count * 24)
	{
		*why = psprintf("The entry count %u does not match the size %zu.", count, len);
		return NULL;
	}
	c = palloc0(CUBE_SIZE(count));	/* zero padding: equal cubes, equal bytes */
	SET_VARSIZE(c, CUBE_SIZE(count));
	c->version = p[0];
	c->res = p[1];
	c->flags = (uint16) tst_get_be(p + 2, 2);
	c->count = count;
	c->bin_us = (int64) tst_get_be(p + 8, 8);
	c->origin = (int64) tst_get_be(p + 16, 8);
	p += wire_header;
	for (uint32 i = 0; i < count; i++, p += 24)
	{
		c->entries[i].cell = (int64) tst_get_be(p, 8);
		c->entries[i].bin = (int64) tst_get_be(p + 8, 8);
		c->entries[i].n = (int64) tst_get_be(p + 16, 8);
	}
	*why = cube_check(c, CUBE_SIZE(count));
	return (*why == NULL) ? c : NULL;
}

PG_FUNCTION_INFO_V1(cube_in);
Datum
cube_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	const char *why = NULL;
	Size		n;
	char	   *bytes = tst_hex_bytes(s, "cube", &n, &why);
	Cube	   *c = (bytes == NULL) ? NULL : cube_from_wire(bytes, n, &why);

	if (c == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type cube: \"%s\"", tst_shown(s, strlen(s), 40)),
				 errdetail("%s", why)));
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(cube_out);
Datum
cube_out(PG_FUNCTION_ARGS)
{
	Cube	   *c = PG_GETARG_CUBE_P(0);
	StringInfoData wire;

	initStringInfo(&wire);
	cube_to_wire(&wire, c);
	PG_RETURN_CSTRING(tst_hex_text(wire.data, wire.len));
}

PG_FUNCTION_INFO_V1(cube_recv);
Datum
cube_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const char *why;
	Cube	   *c = cube_from_wire(buf->data + buf->cursor, buf->len - buf->cursor, &why);

	if (c == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),	/* the rule for state bytes */
				 errmsg("corrupted cube in binary input"),
				 errdetail("%s", why)));
	buf->cursor = buf->len;
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(cube_send);
Datum
cube_send(PG_FUNCTION_ARGS)
{
	Cube	   *c = PG_GETARG_CUBE_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	cube_to_wire(&buf, c);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * A cube from a Datum, checked (cheap next to what is done with it): stored
 * values, aggregate states from other processes.  Corrupted bytes are XX001.
 */
Cube *
cube_checked(Datum d, const char *what)
{
	Cube	   *c = DatumGetCubeP(d);
	const char *why;

	/* a bytea state travels 4-byte aligned; the entries want 8 */
	if ((uintptr_t) c % MAXIMUM_ALIGNOF != 0)
	{
		Cube	   *copy = palloc(VARSIZE(c));

		memcpy(copy, c, VARSIZE(c));
		c = copy;
	}
	why = cube_check(c, VARSIZE(c));
	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted %s", what),
				 errdetail("%s", why)));
	return c;
}

#define get_cube(fcinfo, argno) cube_checked(PG_GETARG_DATUM(argno), "cube value")

/* cube_append(a, b): counts of both (a sorted merge). */
PG_FUNCTION_INFO_V1(cube_append);
Datum
cube_append(PG_FUNCTION_ARGS)
{
	Cube	   *a = get_cube(fcinfo, 0);
	Cube	   *b = get_cube(fcinfo, 1);
	CubeEntry  *e;
	uint32		n;

	cube_check_compatible(a->res, a->bin_us, a->origin, b->res, b->bin_us, b->origin);
	if ((Size) a->count + b->count > CUBE_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the merged cube would be too large")));
	e = palloc(sizeof(CubeEntry) * ((Size) a->count + b->count + 1));
	memcpy(e, a->entries, sizeof(CubeEntry) * a->count);
	memcpy(e + a->count, b->entries, sizeof(CubeEntry) * b->count);
	n = cube_sort_merge(e, a->count + b->count);
	PG_RETURN_POINTER(cube_build(a->res, a->bin_us, a->origin, e, n));
}

/* cube_rollup(cube, res): the same counts on the coarser cells (cell_parent). */
PG_FUNCTION_INFO_V1(cube_rollup);
Datum
cube_rollup(PG_FUNCTION_ARGS)
{
	Cube	   *c = get_cube(fcinfo, 0);
	int32		res = PG_GETARG_INT32(1);
	CubeEntry  *e;
	uint32		n;

	cell_check_res(res);
	if (res > c->res)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot roll a cube of resolution %d up to the finer resolution %d", c->res, res)));
	e = palloc(sizeof(CubeEntry) * ((Size) c->count + 1));
	for (uint32 i = 0; i < c->count; i++)
	{
		GridCell	g;

		CUBE_INTERRUPT_POINT(i);
		cell_get(c->entries[i].cell, &g);
		while (g.res > res)
		{
			GridCell	p;

			grid_parent_step(&g, &p);
			g = p;
		}
		e[i].cell = grid_pack(&g);
		e[i].bin = c->entries[i].bin;
		e[i].n = c->entries[i].n;
	}
	n = cube_sort_merge(e, c->count);
	PG_RETURN_POINTER(cube_build(res, c->bin_us, c->origin, e, n));
}

/* First bin whose start is at or after ts. */
static int64
bin_at_or_after(const Cube *c, TimestampTz ts)
{
	int64		d,
				q;

	if (TIMESTAMP_IS_NOBEGIN(ts))
		return PG_INT64_MIN;
	if (TIMESTAMP_IS_NOEND(ts))
		return PG_INT64_MAX;
	if (pg_sub_s64_overflow(ts, c->origin, &d))
		return (ts > c->origin) ? PG_INT64_MAX : PG_INT64_MIN;
	q = d / c->bin_us;
	if (d % c->bin_us > 0)
		q++;
	return q;
}

/* cube_slice(cube, from, to): the bins starting in [from, to). */
PG_FUNCTION_INFO_V1(cube_slice);
Datum
cube_slice(PG_FUNCTION_ARGS)
{
	Cube	   *c = get_cube(fcinfo, 0);
	int64		lo = bin_at_or_after(c, PG_GETARG_TIMESTAMPTZ(1));
	int64		hi = bin_at_or_after(c, PG_GETARG_TIMESTAMPTZ(2));
	CubeEntry  *e = palloc(sizeof(CubeEntry) * ((Size) c->count + 1));
	uint32		n = 0;

	for (uint32 i = 0; i < c->count; i++)
		if (c->entries[i].bin >= lo && c->entries[i].bin < hi)
			e[n++] = c->entries[i];
	PG_RETURN_POINTER(cube_build(c->res, c->bin_us, c->origin, e, n));
}

PG_FUNCTION_INFO_V1(cube_resolution);
Datum
cube_resolution(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(get_cube(fcinfo, 0)->res);
}

PG_FUNCTION_INFO_V1(cube_bin_width);
Datum
cube_bin_width(PG_FUNCTION_ARGS)
{
	Cube	   *c = get_cube(fcinfo, 0);
	Interval   *iv = palloc0(sizeof(Interval));

	/* whole days as days, so '7 days' reads back as it was written */
	iv->day = (int32) Min(c->bin_us / USECS_PER_DAY, PG_INT32_MAX);
	iv->time = c->bin_us - (int64) iv->day * USECS_PER_DAY;
	PG_RETURN_INTERVAL_P(iv);
}

PG_FUNCTION_INFO_V1(cube_origin);
Datum
cube_origin(PG_FUNCTION_ARGS)
{
	PG_RETURN_TIMESTAMPTZ(get_cube(fcinfo, 0)->origin);
}

PG_FUNCTION_INFO_V1(cube_total);
Datum
cube_total(PG_FUNCTION_ARGS)
{
	Cube	   *c = get_cube(fcinfo, 0);
	int64		t = 0;

	for (uint32 i = 0; i < c->count; i++)
		if (pg_add_s64_overflow(t, c->entries[i].n, &t))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("cube total out of range")));
	PG_RETURN_INT64(t);
}

PG_FUNCTION_INFO_V1(cube_entry_count);
Datum
cube_entry_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(get_cube(fcinfo, 0)->count);
}

/*
 * Equality: cubes are built canonically (sorted, merged entries, zeroed
 * padding), so equal cubes have equal bytes.
 */
static bool
cube_bytes_equal(FunctionCallInfo fcinfo)
{
	Cube	   *a = PG_GETARG_CUBE_P(0);
	Cube	   *b = PG_GETARG_CUBE_P(1);

	return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

PG_FUNCTION_INFO_V1(cube_eq);
Datum
cube_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cube_bytes_equal(fcinfo));
}

PG_FUNCTION_INFO_V1(cube_ne);
Datum
cube_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!cube_bytes_equal(fcinfo));
}

PG_FUNCTION_INFO_V1(cube_hash);
Datum
cube_hash(PG_FUNCTION_ARGS)
{
	Cube	   *c = PG_GETARG_CUBE_P(0);

	return hash_any((unsigned char *) c + VARHDRSZ, VARSIZE(c) - VARHDRSZ);
}

PG_FUNCTION_INFO_V1(cube_hash_extended);
Datum
cube_hash_extended(PG_FUNCTION_ARGS)
{
	Cube	   *c = PG_GETARG_CUBE_P(0);

	return hash_any_extended((unsigned char *) c + VARHDRSZ, VARSIZE(c) - VARHDRSZ,
							 PG_GETARG_INT64(1));
}

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

int
cube_mark_cmp(const void *a, const void *b)
{
	const CubeMark *x = a;
	const CubeMark *y = b;

	if (x->cell != y->cell)
		return (x->cell > y->cell) ? 1 : -1;
	if (x->bin != y->bin)
		return (x->bin > y->bin) ? 1 : -1;
	return memcmp(x->person, y->person, CUBE_PERSON_BYTES);
}

/*
 * The marks of a cube of people (entries already checked): sorted and
 * unique, each naming an entry, each entry named 1..n times, and each person
 * a pseudonym token (format byte, key version 1..255).
 */
static const char *
cube_check_marks(const Cube *c, Size len)
{
	int64		nmarks = CUBE_NMARKS(c);
	const CubeMark *m = CUBE_MARKS(c);
	int64		j = 0;

	if (nmarks < 0 || nmarks > CUBE_MAX_MARKS || len != CUBE_PEOPLE_SIZE(c->count, nmarks))
		return psprintf("The person count " INT64_FORMAT " does not match the size %zu.", nmarks, len);
	for (uint32 i = 0; i < c->count; i++)
	{
		const CubeEntry *e = &c->entries[i];
		int64		first = j;

		CUBE_INTERRUPT_POINT(i);
		for (; j < nmarks && m[j].cell == e->cell && m[j].bin == e->bin; j++)
		{
			if (m[j].person[0] != 1 || m[j].person[1] == 0)
				return psprintf("Person " INT64_FORMAT " is not a pseudonym.", j + 1);
			if (j > first && memcmp(m[j - 1].person, m[j].person, CUBE_PERSON_BYTES) >= 0)
				return psprintf("Person " INT64_FORMAT " is out of order.", j + 1);
		}
		if (j == first || j - first > e->n)
			return psprintf("Entry %u has " INT64_FORMAT " persons for " INT64_FORMAT " rows.",
							i + 1, j - first, e->n);
	}
	if (j != nmarks)
		return psprintf("Person " INT64_FORMAT " belongs to no entry.", j + 1);
	return NULL;
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
	if ((c->flags & ~CUBE_FLAG_PERSONS) != 0)
		return "Reserved flags are set.";
	if (c->bin_us <= 0)
		return "The bin width is not positive.";
	if (TIMESTAMP_NOT_FINITE(c->origin) || !IS_VALID_TIMESTAMP(c->origin))
		return "The origin is not a timestamp in the supported range.";
	if (c->count > CUBE_MAX_ENTRIES ||
		(CUBE_HAS_PERSONS(c) ? len < CUBE_SIZE(c->count) + sizeof(int64) : len != CUBE_SIZE(c->count)))
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
	return CUBE_HAS_PERSONS(c) ? cube_check_marks(c, len) : NULL;
}

TimestampTz
cube_bin_start(const Cube *c, int64 bin)
{
	if (!cube_bin_start_valid(c->origin, c->bin_us, bin))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("cube bin " INT64_FORMAT " starts outside the timestamp range", bin)));
	return c->origin + bin * c->bin_us;	/* no overflow: checked above */
}

Cube *
cube_build(int res, int64 bin_us, int64 origin, const CubeEntry *e, uint32 count,
		   const CubeMark *marks, int64 nmarks)
{
	Cube	   *c;
	Size		size;

	if (count > CUBE_MAX_ENTRIES || (marks != NULL && nmarks > CUBE_MAX_MARKS) ||
		(marks != NULL && CUBE_PEOPLE_SIZE(count, nmarks) > MaxAllocSize))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a cube cannot hold %u (cell, bin) entries and " INT64_FORMAT " persons",
						count, marks ? nmarks : 0),
				 errhint("A cube is at most 1 GB; use a coarser resolution, wider bins or a shorter span.")));
	size = marks ? CUBE_PEOPLE_SIZE(count, nmarks) : CUBE_SIZE(count);
	c = palloc0(size);
	SET_VARSIZE(c, size);
	c->version = CUBE_VERSION;
	c->res = (uint8) res;
	c->bin_us = bin_us;
	c->origin = origin;
	c->count = count;
	if (count > 0)
		memcpy(c->entries, e, sizeof(CubeEntry) * count);
	if (marks != NULL)
	{
		c->flags = CUBE_FLAG_PERSONS;
		CUBE_NMARKS(c) = nmarks;
		if (nmarks > 0)
			memcpy(CUBE_MARKS(c), marks, sizeof(CubeMark) * nmarks);
	}
	return c;
}

void
cube_check_compatible(int res_a, int64 bin_a, int64 origin_a, bool persons_a,
					  int res_b, int64 bin_b, int64 origin_b, bool persons_b)
{
	if (persons_a != persons_b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a cube of people with a cube of rows"),
				 errdetail("A cube built with a person argument counts distinct persons; one without cannot say who its rows were."),
				 errhint("Use cube_without_persons on the cube of people to merge row counts.")));
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

int64
cube_sort_marks(CubeMark *m, int64 count)
{
	int64		k = 0;

	if (count == 0)
		return 0;
	qsort(m, count, sizeof(CubeMark), cube_mark_cmp);
	for (int64 i = 1; i < count; i++)
		if (cube_mark_cmp(&m[i], &m[k]) != 0)
			m[++k] = m[i];
	return k + 1;
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
	if (CUBE_HAS_PERSONS(c))
	{
		const CubeMark *m = CUBE_MARKS(c);

		pq_sendint64(buf, CUBE_NMARKS(c));
		for (int64 j = 0; j < CUBE_NMARKS(c); j++)
		{
			pq_sendint64(buf, m[j].cell);
			pq_sendint64(buf, m[j].bin);
			pq_sendbytes(buf, (const char *) m[j].person, CUBE_PERSON_BYTES);
		}
	}
}

/* A cube from wire bytes, or NULL with *why set. */
static Cube *
cube_from_wire(const char *data, Size len, const char **why)
{
	const unsigned char *p = (const unsigned char *) data;
	const Size	wire_header = 1 + 1 + 2 + 4 + 8 + 8;
	const Size	wire_entry = 24;
	const Size	wire_mark = 16 + CUBE_PERSON_BYTES;
	uint32		count;
	uint16		flags;
	Size		entries_end,
				size;
	int64		nmarks = 0;
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
	flags = (uint16) tst_get_be(p + 2, 2);
	count = (uint32) tst_get_be(p + 4, 4);
	entries_end = wire_header + (Size) count * wire_entry;
	if (count > CUBE_MAX_ENTRIES ||
		((flags & CUBE_FLAG_PERSONS) ? len < entries_end + 8 : len != entries_end))
	{
		*why = psprintf("The entry count %u does not match the size %zu.", count, len);
		return NULL;
	}
	if (flags & CUBE_FLAG_PERSONS)
	{
		nmarks = (int64) tst_get_be(p + entries_end, 8);
		if (nmarks < 0 || nmarks > CUBE_MAX_MARKS ||
			len != entries_end + 8 + (Size) nmarks * wire_mark ||
			CUBE_PEOPLE_SIZE(count, nmarks) > MaxAllocSize)
		{
			*why = psprintf("The person count " INT64_FORMAT " does not match the size %zu.", nmarks, len);
			return NULL;
		}
	}
	size = (flags & CUBE_FLAG_PERSONS) ? CUBE_PEOPLE_SIZE(count, nmarks) : CUBE_SIZE(count);
	c = palloc0(size);			/* zero padding: equal cubes, equal bytes */
	SET_VARSIZE(c, size);
	c->version = p[0];
	c->res = p[1];
	c->flags = flags;
	c->count = count;
	c->bin_us = (int64) tst_get_be(p + 8, 8);
	c->origin = (int64) tst_get_be(p + 16, 8);
	p += wire_header;
	for (uint32 i = 0; i < count; i++, p += wire_entry)
	{
		CUBE_INTERRUPT_POINT(i);
		c->entries[i].cell = (int64) tst_get_be(p, 8);
		c->entries[i].bin = (int64) tst_get_be(p + 8, 8);
		c->entries[i].n = (int64) tst_get_be(p + 16, 8);
	}
	if (flags & CUBE_FLAG_PERSONS)
	{
		CubeMark   *m = CUBE_MARKS(c);

		CUBE_NMARKS(c) = nmarks;
		p += 8;
		for (int64 j = 0; j < nmarks; j++, p += wire_mark)
		{
			CUBE_INTERRUPT_POINT(j);
			m[j].cell = (int64) tst_get_be(p, 8);
			m[j].bin = (int64) tst_get_be(p + 8, 8);
			memcpy(m[j].person, p + 16, CUBE_PERSON_BYTES);
		}
	}
	*why = cube_check(c, VARSIZE(c));
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

/*
 * The entries of two cubes (each sorted and unique, as every checked cube
 * is) merged in one linear pass, counts of the same (cell, bin) added:
 * appending a day to a long cube costs a copy, not a sort.
 */
static uint32
merge_entries(const CubeEntry *a, uint32 na, const CubeEntry *b, uint32 nb, CubeEntry *out)
{
	uint32		i = 0,
				j = 0,
				m = 0;

	while (i < na || j < nb)
	{
		int			c = (i == na) ? 1 : (j == nb) ? -1 : cmp_entry(&a[i], &b[j]);

		CUBE_INTERRUPT_POINT(m);
		if (c < 0)
			out[m++] = a[i++];
		else if (c > 0)
			out[m++] = b[j++];
		else
		{
			out[m] = a[i++];
			if (pg_add_s64_overflow(out[m].n, b[j++].n, &out[m].n))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("cube count out of range")));
			m++;
		}
	}
	return m;
}

/* cube_append(a, b): counts of both (a sorted merge); persons united. */
PG_FUNCTION_INFO_V1(cube_append);
Datum
cube_append(PG_FUNCTION_ARGS)
{
	Cube	   *a = get_cube(fcinfo, 0);
	Cube	   *b = get_cube(fcinfo, 1);
	bool		persons = CUBE_HAS_PERSONS(a);
	CubeEntry  *e;
	uint32		n;
	CubeMark   *m = NULL;
	int64		nm = 0;

	cube_check_compatible(a->res, a->bin_us, a->origin, persons,
						  b->res, b->bin_us, b->origin, CUBE_HAS_PERSONS(b));
	if ((Size) a->count + b->count > CUBE_MAX_ENTRIES ||
		(persons && CUBE_NMARKS(a) + CUBE_NMARKS(b) > CUBE_MAX_MARKS))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the merged cube would be too large")));
	e = palloc(sizeof(CubeEntry) * ((Size) a->count + b->count + 1));
	n = merge_entries(a->entries, a->count, b->entries, b->count, e);
	if (persons)
	{
		m = palloc_extended(sizeof(CubeMark) * (CUBE_NMARKS(a) + CUBE_NMARKS(b) + 1), MCXT_ALLOC_HUGE);
		memcpy(m, CUBE_MARKS(a), sizeof(CubeMark) * CUBE_NMARKS(a));
		memcpy(m + CUBE_NMARKS(a), CUBE_MARKS(b), sizeof(CubeMark) * CUBE_NMARKS(b));
		nm = cube_sort_marks(m, CUBE_NMARKS(a) + CUBE_NMARKS(b));
	}
	PG_RETURN_POINTER(cube_build(a->res, a->bin_us, a->origin, e, n, m, nm));
}

/* The ancestor of a cell at a coarser (or equal) resolution. */
static int64
ancestor(int64 cell, int res)
{
	GridCell	g;

	cell_get(cell, &g);
	while (g.res > res)
	{
		GridCell	p;

		grid_parent_step(&g, &p);
		g = p;
	}
	return grid_pack(&g);
}

/*
 * cube_rollup(cube, res): the same counts on the coarser cells (cell_parent);
 * a person counted in two children is one person of the parent.
 */
PG_FUNCTION_INFO_V1(cube_rollup);
Datum
cube_rollup(PG_FUNCTION_ARGS)
{
	Cube	   *c = get_cube(fcinfo, 0);
	int32		res = PG_GETARG_INT32(1);
	CubeEntry  *e;
	uint32		n;
	CubeMark   *m = NULL;
	int64		nm = 0;

	cell_check_res(res);
	if (res > c->res)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot roll a cube of resolution %d up to the finer resolution %d", c->res, res)));
	e = palloc(sizeof(CubeEntry) * ((Size) c->count + 1));
	for (uint32 i = 0; i < c->count; i++)
	{
		CUBE_INTERRUPT_POINT(i);
		e[i] = c->entries[i];
		e[i].cell = ancestor(e[i].cell, res);
	}
	n = cube_sort_merge(e, c->count);
	if (CUBE_HAS_PERSONS(c))
	{
		nm = CUBE_NMARKS(c);
		m = palloc_extended(sizeof(CubeMark) * (nm + 1), MCXT_ALLOC_HUGE);
		memcpy(m, CUBE_MARKS(c), sizeof(CubeMark) * nm);
		for (int64 j = 0; j < nm; j++)
		{
			CUBE_INTERRUPT_POINT(j);
			/* marks of one entry are adjacent: map each cell once */
			m[j].cell = (j > 0 && CUBE_MARKS(c)[j - 1].cell == CUBE_MARKS(c)[j].cell)
				? m[j - 1].cell : ancestor(m[j].cell, res);
		}
		nm = cube_sort_marks(m, nm);
	}
	PG_RETURN_POINTER(cube_build(res, c->bin_us, c->origin, e, n, m, nm));
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
	CubeMark   *m = NULL;
	int64		nm = 0;

	for (uint32 i = 0; i < c->count; i++)
		if (c->entries[i].bin >= lo && c->entries[i].bin < hi)
			e[n++] = c->entries[i];
	if (CUBE_HAS_PERSONS(c))
	{
		m = palloc_extended(sizeof(CubeMark) * (CUBE_NMARKS(c) + 1), MCXT_ALLOC_HUGE);
		for (int64 j = 0; j < CUBE_NMARKS(c); j++)
			if (CUBE_MARKS(c)[j].bin >= lo && CUBE_MARKS(c)[j].bin < hi)
				m[nm++] = CUBE_MARKS(c)[j];
	}
	PG_RETURN_POINTER(cube_build(c->res, c->bin_us, c->origin, e, n, m, nm));
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

/*
 * cube_people.c
 *	  Reading a cube of people (st_cube_people(cell, ts, bin, person)): persons per
 *	  (cell, bin), the same withheld below k, and safe_cells, which rolls
 *	  cells up until each holds k distinct persons.
 *
 * A cube of people keeps the distinct pseudonyms of every (cell, bin) (see
 * cube.h), so these functions count people, not rows, and a person seen in
 * two cells is one person where the cells are pooled.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "anon/safe.h"
#include "hotspot/cube.h"
#include "hotspot/hotspot.h"

Cube *
cube_of_people(Datum d, const char *fn)
{
	Cube	   *c = cube_checked(d, "cube value");

	if (!CUBE_HAS_PERSONS(c))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs a cube of people", fn),
				 errdetail("This cube counts rows; it cannot tell whether they name one person or many."),
				 errhint("Build it with st_cube_people(cell, ts, bin, person).")));
	return c;
}

int32
cube_k_arg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		return safe_effective_k(0);
	safe_check_k(PG_GETARG_INT32(argno));
	return safe_effective_k(PG_GETARG_INT32(argno));
}

PG_FUNCTION_INFO_V1(cube_has_persons);
Datum
cube_has_persons(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(CUBE_HAS_PERSONS(cube_checked(PG_GETARG_DATUM(0), "cube value")));
}

static int
cmp_person(const void *a, const void *b)
{
	return memcmp(a, b, CUBE_PERSON_BYTES);
}

/* Distinct persons among marks (sorts a copy of their person bytes). */
static int64
distinct_persons(const CubeMark *m, int64 n)
{
	uint8	   *p;
	int64		d = 0;

	if (n == 0)
		return 0;
	p = palloc_extended((Size) n * CUBE_PERSON_BYTES, MCXT_ALLOC_HUGE);
	for (int64 j = 0; j < n; j++)
		memcpy(p + j * CUBE_PERSON_BYTES, m[j].person, CUBE_PERSON_BYTES);
	qsort(p, n, CUBE_PERSON_BYTES, cmp_person);
	for (int64 j = 0; j < n; j++)
		if (j == 0 || memcmp(p + (j - 1) * CUBE_PERSON_BYTES, p + j * CUBE_PERSON_BYTES,
							 CUBE_PERSON_BYTES) != 0)
			d++;
	pfree(p);
	return d;
}

/* cube_persons(cube): distinct persons in the whole cube. */
PG_FUNCTION_INFO_V1(cube_persons);
Datum
cube_persons(PG_FUNCTION_ARGS)
{
	Cube	   *c = cube_of_people(PG_GETARG_DATUM(0), "cube_persons");

	PG_RETURN_INT64(distinct_persons(CUBE_MARKS(c), CUBE_NMARKS(c)));
}

/* cube_without_persons(cube): the row counts alone, the pseudonyms dropped. */
PG_FUNCTION_INFO_V1(cube_without_persons);
Datum
cube_without_persons(PG_FUNCTION_ARGS)
{
	Cube	   *c = cube_checked(PG_GETARG_DATUM(0), "cube value");

	PG_RETURN_POINTER(cube_build(c->res, c->bin_us, c->origin, c->entries, c->count, NULL, 0));
}

void
cube_statistic_counts(const Cube *c, double *n, bool *withheld)
{
	const CubeMark *m = CUBE_HAS_PERSONS(c) ? CUBE_MARKS(c) : NULL;
	int32		k = safe_effective_k(0);
	int64		j = 0;

	for (uint32 i = 0; i < c->count; i++)
	{
		const CubeEntry *e = &c->entries[i];
		int64		persons = 0;

		CUBE_INTERRUPT_POINT(i);
		if (withheld)
			withheld[i] = false;
		if (m == NULL)
		{
			n[i] = (double) e->n;
			continue;
		}
		/* marks are sorted like the entries and unique per (cell, bin) */
		for (; j < CUBE_NMARKS(c) && m[j].cell == e->cell && m[j].bin == e->bin; j++)
			persons++;
		n[i] = persons >= k ? (double) persons : 0.0;
		if (withheld && persons < k)
			withheld[i] = true;
	}
}

/*
 * cube_people(cube) -> (cell, bin_start, rows, persons), and
 * cube_cells_safe(cube, k) -> (cell, bin_start, persons, reason) with persons
 * withheld (NULL, reason below_k) where fewer than k: one pass over the
 * entries, whose marks are adjacent and in the same order.
 */
static Datum
read_people(FunctionCallInfo fcinfo, bool safe)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Cube	   *c = cube_of_people(PG_GETARG_DATUM(0), safe ? "cube_cells_safe" : "cube_people");
	int32		k = safe ? cube_k_arg(fcinfo, 1) : 0;
	const CubeMark *m = CUBE_MARKS(c);
	int64		j = 0;

	InitMaterializedSRF(fcinfo, 0);
	for (uint32 i = 0; i < c->count; i++)
	{
		const CubeEntry *e = &c->entries[i];
		int64		persons = 0;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		CHECK_FOR_INTERRUPTS();
		for (; j < CUBE_NMARKS(c) && m[j].cell == e->cell && m[j].bin == e->bin; j++)
			persons++;
		values[0] = CellGetDatum(e->cell);
		values[1] = TimestampTzGetDatum(cube_bin_start(c, e->bin));
		if (!safe)
		{
			values[2] = Int64GetDatum(e->n);
			values[3] = Int64GetDatum(persons);
		}
		else if (persons >= k)
		{
			values[2] = Int64GetDatum(persons);
			nulls[3] = true;
		}
		else
		{
			nulls[2] = true;
			values[3] = CStringGetTextDatum("below_k");
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(cube_people);
Datum
cube_people(PG_FUNCTION_ARGS)
{
	return read_people(fcinfo, false);
}

PG_FUNCTION_INFO_V1(cube_cells_safe);
Datum
cube_cells_safe(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
	{
		InitMaterializedSRF(fcinfo, 0);
		return (Datum) 0;
	}
	return read_people(fcinfo, true);
}

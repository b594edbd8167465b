/*
 * mk_fuzz.c
 *	  libFuzzer harness for the state of mann_kendall_agg: a plain float8[]
 *	  {alpha, t1, v1, ...} that SQL can hand to mann_kendall_final,
 *	  mann_kendall_combine and mann_kendall_trans in any shape an array can
 *	  take (any dimensions, bounds, NULLs, NaN, infinities).  Their real code
 *	  runs (stats_mk_agg.c, stats_mk.c, stats_sql.c) under the backend
 *	  stand-ins of pg_stubs.c; the result row is checked as it is formed.
 *
 * The first input byte picks the call (final, combine or trans); then come
 * the arrays, each as: a shape byte (dimensions 0..3, NULLs or not), one byte
 * per dimension for its length and one for its lower bound, a NULL bitmap if
 * any, and 8 bytes per non-NULL element (zero once the input runs out).
 * Besides sanitizer reports it aborts when
 *	- a call is refused with a SQLSTATE it must never raise (XX001 for a
 *	  state that is not one, 22023 for a repeated time, fewer than 3 values
 *	  or two alphas, 54000 beyond the series limit, 22003 and 22004 for a
 *	  bad row in trans);
 *	- a result is out of its range (p outside [0, 1], |tau| > 1, an infinite
 *	  statistic, a negative variance);
 *	- a state trans or combine returns is not accepted by final's checks.
 */
#include "postgres.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"

#include "pg_stubs.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern Datum mann_kendall_final(PG_FUNCTION_ARGS);
extern Datum mann_kendall_combine(PG_FUNCTION_ARGS);
extern Datum mann_kendall_trans(PG_FUNCTION_ARGS);

#define MAX_ITEMS 600			/* elements per fuzzed array */

typedef struct Input
{
	const uint8_t *p;
	size_t		left;
} Input;

static uint8_t
byte(Input *in)
{
	if (in->left == 0)
		return 0;
	in->left--;
	return *in->p++;
}

static uint64_t
bits64(Input *in)
{
	uint64_t	bits = 0;

	for (int i = 0; i < 8; i++)
		bits = (bits << 8) | byte(in);
	return bits;
}

static int64
read_int8(Input *in)
{
	return (int64) bits64(in);
}

static double
read_float8(Input *in)
{
	uint64_t	bits = bits64(in);
	double		d;

	memcpy(&d, &bits, sizeof(d));
	return d;
}

/* An array laid out as the server builds one (construct_md_array). */
static ArrayType *
array_from(Input *in)
{
	uint8_t		shape = byte(in);
	int			ndim = shape & 3;
	bool		hasnull = (shape & 4) != 0;
	int			dims[3],
				lbs[3];
	int			nitems = ndim > 0 ? 1 : 0;
	bits8	   *bitmap;
	int			nnotnull = 0;
	Size		overhead,
				size;
	ArrayType  *a;
	double	   *d;

	for (int k = 0; k < ndim; k++)
	{
		dims[k] = byte(in);
		lbs[k] = (int8_t) byte(in);
		nitems *= dims[k];
	}
	if (nitems > MAX_ITEMS || nitems == 0)
	{
		/* too big to be worth it, or the empty array (no dimensions) */
		ndim = 0;
		nitems = 0;
		hasnull = false;
	}
	bitmap = palloc0((nitems + 7) / 8 + 1);
	for (int k = 0; hasnull && k < (nitems + 7) / 8; k++)
		bitmap[k] = byte(in);
	for (int k = 0; k < nitems; k++)
		nnotnull += !hasnull || (bitmap[k / 8] & (1 << (k % 8)));
	overhead = hasnull ? ARR_OVERHEAD_WITHNULLS(ndim, nitems) : ARR_OVERHEAD_NONULLS(ndim);
	size = overhead + sizeof(double) * nnotnull;
	a = palloc0(size);
	SET_VARSIZE(a, size);
	a->ndim = ndim;
	a->dataoffset = hasnull ? overhead : 0;
	a->elemtype = FLOAT8OID;
	for (int k = 0; k < ndim; k++)
	{
		ARR_DIMS(a)[k] = dims[k];
		ARR_LBOUND(a)[k] = lbs[k];
	}
	if (hasnull)
		memcpy(ARR_NULLBITMAP(a), bitmap, (nitems + 7) / 8);
	d = (double *) ARR_DATA_PTR(a);
	for (int k = 0; k < nnotnull; k++)
		d[k] = read_float8(in);
	return a;
}

static void
fail(const char *what)
{
	char		state[6];

	for (int i = 0; i < 5; i++)
		state[i] = PGUNSIXBIT(fuzz_last_sqlstate >> (6 * i));
	state[5] = '\0';
	fprintf(stderr, "mk_fuzz: %s (last SQLSTATE %s)\n", what, state);
	abort();
}

static void
refused(const int *allowed, int nallowed)
{
	if (fuzz_unsupported)
		return;
	for (int i = 0; i < nallowed; i++)
		if (fuzz_last_sqlstate == allowed[i])
			return;
	fail("refused with an unexpected SQLSTATE");
}

/* ---- the result row: checked where stats_mk_datum forms it ---- */
static TupleDesc result_desc = (TupleDesc) &result_desc;

TypeFuncClass
get_call_result_type(FunctionCallInfo fcinfo, Oid *resultTypeId, TupleDesc *resultTupleDesc)
{
	*resultTupleDesc = result_desc;
	return TYPEFUNC_COMPOSITE;
}

TupleDesc
BlessTupleDesc(TupleDesc tupdesc)
{
	return tupdesc;
}

static HeapTupleData result_tuple;

HeapTuple
heap_form_tuple(TupleDesc tupleDescriptor, Datum *values, bool *isnull)
{
	/* trend, h, p, z, tau, s, var_s, slope, intercept */
	double		f[9];

	for (int k = 2; k < 9; k++)
	{
		f[k] = isnull[k] ? NAN : DatumGetFloat8(values[k]);
		if (isinf(f[k]))
			fail("an infinite statistic");
	}
	for (int k = 2; k < 7; k++)
		if (isnull[k])
			fail("a test statistic is NaN");
	if (!(f[2] >= 0 && f[2] <= 1))
		fail("p outside [0, 1]");
	if (!(fabs(f[4]) <= 1))
		fail("|tau| > 1");
	if (!(f[6] >= 0))
		fail("negative variance of S");
	return &result_tuple;
}

Datum
HeapTupleHeaderGetDatum(HeapTupleHeader tuple)
{
	return (Datum) 0;
}

/* ---- the calls ---- */
static const int final_ok[] = {ERRCODE_DATA_CORRUPTED, ERRCODE_INVALID_PARAMETER_VALUE,
ERRCODE_PROGRAM_LIMIT_EXCEEDED};
static const int trans_ok[] = {ERRCODE_DATA_CORRUPTED, ERRCODE_INVALID_PARAMETER_VALUE,
	ERRCODE_PROGRAM_LIMIT_EXCEEDED, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
ERRCODE_NULL_VALUE_NOT_ALLOWED};

/* a state trans or combine made must pass final's shape checks */
static void
check_state(Datum state)
{
	Datum		r;

	if (!fuzz_call1(mann_kendall_final, state, &r) && !fuzz_unsupported &&
		fuzz_last_sqlstate != ERRCODE_INVALID_PARAMETER_VALUE &&
		fuzz_last_sqlstate != ERRCODE_PROGRAM_LIMIT_EXCEEDED)
		fail("a state made by trans or combine is refused by final");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Input		in = {data, size};
	uint8_t		call = byte(&in);
	Datum		args[4],
				r;
	bool		nulls[4] = {false, false, false, false};

	switch (call % 3)
	{
		case 0:
			args[0] = PointerGetDatum(array_from(&in));
			if (!fuzz_call1(mann_kendall_final, args[0], &r))
				refused(final_ok, lengthof(final_ok));
			break;
		case 1:
			args[0] = PointerGetDatum(array_from(&in));
			args[1] = PointerGetDatum(array_from(&in));
			if (!fuzz_call(mann_kendall_combine, 2, args, NULL, &r))
				refused(final_ok, lengthof(final_ok));
			else
				check_state(r);
			break;
		case 2:
			{
				/* bits of the call byte: NULL state, NULL t, NULL v, alpha given */
				int			nargs = (call & 64) ? 4 : 3;

				nulls[0] = (call & 8) != 0;
				nulls[1] = (call & 16) != 0;
				nulls[2] = (call & 32) != 0;
				args[0] = nulls[0] ? (Datum) 0 : PointerGetDatum(array_from(&in));
				args[1] = Int64GetDatum(read_int8(&in));
				args[2] = Float8GetDatum(read_float8(&in));
				args[3] = Float8GetDatum(read_float8(&in));
				if (!fuzz_call(mann_kendall_trans, nargs, args, nulls, &r))
					refused(trans_ok, lengthof(trans_ok));
				else
					check_state(r);
			}
			break;
	}
	fuzz_free_all();
	return 0;
}

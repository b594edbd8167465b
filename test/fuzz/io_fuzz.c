/*
 * io_fuzz.c
 *	  libFuzzer harness for the text and binary input of tst_hub's types,
 *	  calling their real input, output, receive and send functions with the
 *	  backend stand-ins of pg_stubs.c.  Built once per family (-DFUZZ_CUBE,
 *	  -DFUZZ_STATES, -DFUZZ_GRADES, -DFUZZ_TERM, -DFUZZ_PSEUDONYM,
 *	  -DFUZZ_CELL; see test/fuzz/Makefile).
 *
 * The first input byte picks a type of the family and text or binary; the
 * rest is the input.  Besides sanitizer reports it aborts when
 *	- an input is refused with a SQLSTATE that input must never raise
 *	  (text: 22P02, or 22023/54000 where the type documents them; binary:
 *	  22P03, 08P01 for a short field, XX001 for a corrupt state);
 *	- an accepted value does not round-trip: out (send) of it must be read
 *	  back by in (recv) and give the same out (send) again.
 */
#include "postgres.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/elog.h"

#include "pg_stubs.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct IoType
{
	const char *name;
	PGFunction	in,
				out,
				recv,
				send;
	bool		text_22023;		/* text input may be 22023 (documented) */
} IoType;

#define IO_FUNCS(t) \
	extern Datum t##_in(PG_FUNCTION_ARGS); \
	extern Datum t##_out(PG_FUNCTION_ARGS); \
	extern Datum t##_recv(PG_FUNCTION_ARGS); \
	extern Datum t##_send(PG_FUNCTION_ARGS);
#define IO_TYPE(t, x) {#t, t##_in, t##_out, t##_recv, t##_send, x}

#if defined(FUZZ_CUBE)
IO_FUNCS(cube)
static const IoType types[] = {IO_TYPE(cube, false)};
#elif defined(FUZZ_STATES)
IO_FUNCS(person_set)
IO_FUNCS(noise_state)
static const IoType types[] = {IO_TYPE(person_set, false), IO_TYPE(noise_state, false)};
#elif defined(FUZZ_GRADES)
/* the grades and likelihood are int4 underneath: SQL sends them with int4send */
#define INT4_SEND(t) \
	Datum t##_send(PG_FUNCTION_ARGS); \
	Datum t##_send(PG_FUNCTION_ARGS) \
	{ \
		StringInfoData buf; \
		pq_begintypsend(&buf); \
		pq_sendint32(&buf, PG_GETARG_INT32(0)); \
		PG_RETURN_BYTEA_P(pq_endtypsend(&buf)); \
	}
INT4_SEND(grade_3x5x2)
INT4_SEND(grade_5x5x5)
INT4_SEND(admiralty)
INT4_SEND(likelihood)
IO_FUNCS(grade_3x5x2)
IO_FUNCS(grade_5x5x5)
IO_FUNCS(admiralty)
IO_FUNCS(likelihood)
/* likelihood: a percentage in a yardstick's gap is 22023 (documented) */
static const IoType types[] = {IO_TYPE(grade_3x5x2, false), IO_TYPE(grade_5x5x5, false),
IO_TYPE(admiralty, false), IO_TYPE(likelihood, true)};
#elif defined(FUZZ_TERM)
/* a term is an int8 code underneath: SQL sends it with int8send */
Datum		term_send(PG_FUNCTION_ARGS);
Datum
term_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
IO_FUNCS(term)
IO_FUNCS(term_set)
static const IoType types[] = {IO_TYPE(term, false), IO_TYPE(term_set, false)};
#elif defined(FUZZ_PSEUDONYM)
IO_FUNCS(pseudonym)
static const IoType types[] = {IO_TYPE(pseudonym, false)};
#elif defined(FUZZ_CELL)
/* a cell is an int8 id underneath: SQL sends it with int8send */
Datum		cell_send(PG_FUNCTION_ARGS);
Datum
cell_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
IO_FUNCS(cell)
static const IoType types[] = {IO_TYPE(cell, false)};
#else
#error "define one of FUZZ_CUBE, FUZZ_STATES, FUZZ_GRADES, FUZZ_TERM, FUZZ_PSEUDONYM, FUZZ_CELL"
#endif
#define NTYPES ((int) (sizeof(types) / sizeof(types[0])))

/* where an input the stubs cannot follow to the end is abandoned */
static sigjmp_buf abandon;

static void
fail(const IoType *t, const char *what)
{
	if (fuzz_unsupported)
		siglongjmp(abandon, 1);
	char		state[6];

	for (int i = 0; i < 5; i++)
		state[i] = PGUNSIXBIT(fuzz_last_sqlstate >> (6 * i));
	state[5] = '\0';
	fprintf(stderr, "io_fuzz %s: %s (last SQLSTATE %s)\n", t->name, what, state);
	abort();
}

static void
text_case(const IoType *t, const uint8_t *data, size_t size)
{
	char	   *s = palloc(size + 1);
	Datum		v,
				o1,
				v2,
				o2;

	memcpy(s, data, size);
	s[size] = '\0';				/* a cstring ends at its first NUL anyway */
	if (!fuzz_valid_utf8((const uint8_t *) s, strlen(s)))
		return;
	if (!fuzz_call1(t->in, CStringGetDatum(s), &v))
	{
		if (fuzz_unsupported)
			return;
		if (fuzz_last_sqlstate != ERRCODE_INVALID_TEXT_REPRESENTATION &&
			fuzz_last_sqlstate != ERRCODE_PROGRAM_LIMIT_EXCEEDED &&
			!(t->text_22023 && fuzz_last_sqlstate == ERRCODE_INVALID_PARAMETER_VALUE))
			fail(t, "text input refused with an unexpected SQLSTATE");
		return;
	}
	if (!fuzz_call1(t->out, v, &o1))
		fail(t, "output of an accepted value failed");
	if (!fuzz_call1(t->in, o1, &v2))
		fail(t, "the output of an accepted value does not read back");
	if (!fuzz_call1(t->out, v2, &o2))
		fail(t, "output failed on the second round");
	if (strcmp(DatumGetCString(o1), DatumGetCString(o2)) != 0)
		fail(t, "text output is not stable (out(in(out(x))) != out(x))");
}

static bool
recv_bytes(const IoType *t, const char *bytes, int len, Datum *v)
{
	StringInfoData buf;

	buf.data = palloc(len + 1);
	memcpy(buf.data, bytes, len);
	buf.data[len] = '\0';
	buf.len = len;
	buf.maxlen = len + 1;
	buf.cursor = 0;
	if (!fuzz_call1(t->recv, PointerGetDatum(&buf), v))
		return false;
	/*
	 * The server refuses a field its recv left half read (COPY and
	 * record_recv: 22P03 "incorrect binary data format"), as here.
	 */
	if (buf.cursor != buf.len)
	{
		fuzz_last_sqlstate = ERRCODE_INVALID_BINARY_REPRESENTATION;
		return false;
	}
	return true;
}

static void
binary_case(const IoType *t, const uint8_t *data, size_t size)
{
	Datum		v,
				s1,
				v2,
				s2;
	bytea	   *b1,
			   *b2;

	if (!recv_bytes(t, (const char *) data, (int) size, &v))
	{
		if (fuzz_unsupported)
			return;
		if (fuzz_last_sqlstate != ERRCODE_INVALID_BINARY_REPRESENTATION &&
			fuzz_last_sqlstate != ERRCODE_PROTOCOL_VIOLATION &&
			fuzz_last_sqlstate != ERRCODE_DATA_CORRUPTED &&
			fuzz_last_sqlstate != ERRCODE_PROGRAM_LIMIT_EXCEEDED)
			fail(t, "binary input refused with an unexpected SQLSTATE");
		return;
	}
	if (!fuzz_call1(t->send, v, &s1))
		fail(t, "send of an accepted value failed");
	b1 = DatumGetByteaP(s1);
	if (!recv_bytes(t, VARDATA(b1), VARSIZE(b1) - VARHDRSZ, &v2))
		fail(t, "the send form of an accepted value does not read back");
	if (!fuzz_call1(t->send, v2, &s2))
		fail(t, "send failed on the second round");
	b2 = DatumGetByteaP(s2);
	if (VARSIZE(b1) != VARSIZE(b2) || memcmp(VARDATA(b1), VARDATA(b2), VARSIZE(b1) - VARHDRSZ) != 0)
		fail(t, "binary output is not stable (send(recv(send(x))) != send(x))");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const IoType *t;

	if (size < 1)
		return 0;
	if (sigsetjmp(abandon, 0) != 0)
	{
		fuzz_free_all();
		return 0;
	}
	t = &types[(data[0] >> 1) % NTYPES];
	if (data[0] & 1)
		binary_case(t, data + 1, size - 1);
	else
		text_case(t, data + 1, size - 1);
	fuzz_free_all();
	return 0;
}

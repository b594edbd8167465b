/*
 * person_set.c
 *	  tst_hub.person_set: the state of the safe aggregates (layout in
 *	  person_set.h).  Text form "\x" and the hex of the binary form; both
 *	  inputs validate as strictly as each other.  The aggregates that build
 *	  and release it are in safe_agg.c.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "anon/person_set.h"
#include "common/common.h"

/*
 * A sum's decimal text: optional '-', digits, optional '.' and digits; as
 * long as numeric_out can write (131072 digits before the point, 16383
 * after).
 */
#define SUM_TEXT_MAX (1 + 131072 + 1 + 16383)

static bool
sum_text_valid(const char *t, Size len)
{
	Size		i = 0;
	Size		digits = 0;

	if (len == 0 || len > SUM_TEXT_MAX)
		return false;
	if (t[0] == '-')
		i++;
	for (; i < len && t[i] >= '0' && t[i] <= '9'; i++)
		digits++;
	if (i < len && t[i] == '.')
		for (i++; i < len && t[i] >= '0' && t[i] <= '9'; i++)
			digits++;
	return i == len && digits > 0;
}

const char *
person_set_check(const PersonSet *s, Size len)
{
	Size		end;

	if (len < PERSON_SET_HEADER_SIZE)
		return "The value is shorter than a person_set header.";
	if (s->version != PERSON_SET_VERSION)
		return psprintf("Unknown person_set format version %d.", s->version);
	if (s->kind != PERSON_SET_COUNT && s->kind != PERSON_SET_SUM)
		return psprintf("Unknown person_set kind %d.", s->kind);
	if (s->flags != 0)
		return "Reserved flags are set.";
	if (s->k != 0 && (s->k < 2 || s->k > PERSON_SET_K_MAX))
		return psprintf("The threshold k = %d is out of range.", s->k);
	if (s->count > PERSON_SET_MAX_ENTRIES)
		return psprintf("The person count %u is too large.", s->count);
	end = PERSON_SET_ENTRIES_END(s->count);
	if ((s->kind == PERSON_SET_COUNT) != (s->sum_len == 0) ||
		len != end + s->sum_len)
		return psprintf("The sizes (%u persons, %u sum bytes) do not match the length %zu.",
						s->count, s->sum_len, len);
	if (s->sum_len > 0)
	{
		const char *sum = PERSON_SET_SUM_PTR(s);

		if (s->sum_len < VARHDRSZ || VARATT_IS_EXTENDED(sum) || VARSIZE(sum) != s->sum_len)
			return "The sum is not a plain numeric value.";
	}
	for (uint32 i = 0; i < s->count; i++)
	{
		const PersonEntry *e = &s->entries[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e->person[0] != PSEUDONYM_FORMAT || e->person[1] == 0)
			return psprintf("Entry %u is not a pseudonym.", i + 1);
		if (e->rows <= 0)
			return psprintf("Entry %u has a row count of " INT64_FORMAT ".", i + 1, e->rows);
		if (i > 0 && memcmp(e[-1].person, e->person, PSEUDONYM_BYTES) >= 0)
			return psprintf("Entry %u is out of order.", i + 1);
	}
	return NULL;
}

PersonSet *
person_set_checked(Datum d, const char *what)
{
	PersonSet  *s = DatumGetPersonSetP(d);
	const char *why;

	/* a short-header copy in a tuple is not 8-aligned; the entries want 8 */
	if ((uintptr_t) s % MAXIMUM_ALIGNOF != 0)
	{
		PersonSet  *copy = palloc(VARSIZE(s));

		memcpy(copy, s, VARSIZE(s));
		s = copy;
	}
	why = person_set_check(s, VARSIZE(s));
	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted %s", what),
				 errdetail("%s", why)));
	return s;
}

/* ---- binary form, shared by send/recv and text I/O ---- */

static void
to_wire(StringInfo buf, const PersonSet *s)
{
	pq_sendbyte(buf, s->version);
	pq_sendbyte(buf, s->kind);
	pq_sendint16(buf, s->flags);
	pq_sendint32(buf, s->k);
	pq_sendint32(buf, s->count);
	for (uint32 i = 0; i < s->count; i++)
	{
		pq_sendbytes(buf, (const char *) s->entries[i].person, PSEUDONYM_BYTES);
		pq_sendint64(buf, s->entries[i].rows);
	}
	if (s->kind == PERSON_SET_SUM)
	{
		char	   *t = DatumGetCString(DirectFunctionCall1(numeric_out,
															PointerGetDatum(PERSON_SET_SUM_PTR(s))));

		pq_sendint32(buf, strlen(t));
		pq_sendbytes(buf, t, strlen(t));
	}
}

#define WIRE_HEADER (1 + 1 + 2 + 4 + 4)
#define WIRE_ENTRY	(PSEUDONYM_BYTES + 8)

static PersonSet *
from_wire(const char *data, Size len, const char **why)
{
	const unsigned char *p = (const unsigned char *) data;
	uint32		count;
	Size		rest;
	PersonSet  *s;
	Numeric		sum = NULL;
	Size		sum_len = 0;

	if (len < WIRE_HEADER)
	{
		*why = "The value is shorter than a person_set header.";
		return NULL;
	}
	count = (uint32) tst_get_be(p + 8, 4);
	if (count > PERSON_SET_MAX_ENTRIES || len < WIRE_HEADER + (Size) count * WIRE_ENTRY)
	{
		*why = psprintf("The person count %u does not match the size %zu.", count, len);
		return NULL;
	}
	rest = len - WIRE_HEADER - (Size) count * WIRE_ENTRY;
	if (p[1] == PERSON_SET_SUM)
	{
		const char *t = data + len - rest + 4;
		Size		tlen = rest - 4;

		if (rest < 4 || tst_get_be(p + len - rest, 4) != tlen || !sum_text_valid(t, tlen))
		{
			*why = "The sum is not a decimal number.";
			return NULL;
		}
		sum = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(pnstrdup(t, tlen)),
												  ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		sum_len = VARSIZE(sum);
	}
	else if (rest != 0)
	{
		*why = psprintf("The person count %u does not match the size %zu.", count, len);
		return NULL;
	}
	s = palloc0(PERSON_SET_ENTRIES_END(count) + sum_len);	/* zero padding */
	SET_VARSIZE(s, PERSON_SET_ENTRIES_END(count) + sum_len);
	s->version = p[0];
	s->kind = p[1];
	s->flags = (uint16) tst_get_be(p + 2, 2);
	s->k = (int32) tst_get_be(p + 4, 4);
	s->count = count;
	s->sum_len = (uint32) sum_len;
	p += WIRE_HEADER;
	for (uint32 i = 0; i < count; i++, p += WIRE_ENTRY)
	{
		memcpy(s->entries[i].person, p, PSEUDONYM_BYTES);
		s->entries[i].rows = (int64) tst_get_be(p + PSEUDONYM_BYTES, 8);
	}
	if (sum != NULL)
		memcpy(PERSON_SET_SUM_PTR(s), sum, sum_len);
	*why = person_set_check(s, VARSIZE(s));
	return (*why == NULL) ? s : NULL;
}

PG_FUNCTION_INFO_V1(person_set_in);
Datum
person_set_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	const char *why = NULL;
	Size		n;
	char	   *bytes = tst_hex_bytes(str, "person_set", &n, &why);
	PersonSet  *s = (bytes == NULL) ? NULL : from_wire(bytes, n, &why);

	if (s == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type person_set: \"%s\"", tst_shown(str, strlen(str), 40)),
				 errdetail("%s", why)));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(person_set_out);
Datum
person_set_out(PG_FUNCTION_ARGS)
{
	PersonSet  *s = DatumGetPersonSetP(PG_GETARG_DATUM(0));
	StringInfoData wire;

	initStringInfo(&wire);
	to_wire(&wire, s);
	PG_RETURN_CSTRING(tst_hex_text(wire.data, wire.len));
}

PG_FUNCTION_INFO_V1(person_set_recv);
Datum
person_set_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const char *why;
	PersonSet  *s = from_wire(buf->data + buf->cursor, buf->len - buf->cursor, &why);

	if (s == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted person_set in binary input"),
				 errdetail("%s", why)));
	buf->cursor = buf->len;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(person_set_send);
Datum
person_set_send(PG_FUNCTION_ARGS)
{
	PersonSet  *s = DatumGetPersonSetP(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	to_wire(&buf, s);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

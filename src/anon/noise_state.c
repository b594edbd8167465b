/*
 * noise_state.c
 *	  tst_hub.noise_state (layout in noise_state.h): validation and I/O.
 *	  Text form "\x" and the hex of the binary form; both inputs validate as
 *	  strictly as each other.  The aggregates are in noise_agg.c.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "anon/noise.h"
#include "anon/noise_state.h"
#include "anon/person_set.h"
#include "common/common.h"

void
noise_check_budget_name(const char *name)
{
	size_t		len = strlen(name);

	if (len == 0 || len > NOISE_BUDGET_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("budget name must be 1 to %d bytes long", NOISE_BUDGET_MAX)));
	for (size_t i = 0; i < len; i++)
		if ((unsigned char) name[i] < 0x20 || name[i] == 0x7f)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("budget name must not hold control characters")));
}

static bool
all_zero(const void *p, Size n)
{
	for (Size i = 0; i < n; i++)
		if (((const uint8 *) p)[i] != 0)
			return false;
	return true;
}

const char *
noise_state_check(const NoiseState *s, Size len)
{
	bool		dp;
	Size		blen;

	if (len < NOISE_STATE_HEADER_SIZE)
		return "The value is shorter than a noise_state header.";
	if (s->version != NOISE_STATE_VERSION)
		return psprintf("Unknown noise_state format version %d.", s->version);
	if (s->kind != NOISE_STICKY && s->kind != NOISE_DP_COUNT && s->kind != NOISE_DP_SUM)
		return psprintf("Unknown noise_state kind %d.", s->kind);
	if (s->flags != 0)
		return "Reserved flags are set.";
	if (s->count > NOISE_STATE_MAX_ENTRIES || len != NOISE_STATE_SIZE(s->count))
		return psprintf("The person count %u does not match the length %zu.", s->count, len);
	dp = (s->kind != NOISE_STICKY);
	if (s->k != 0)
		return psprintf("The threshold k = %d is not 0.", s->k);
	if (dp != (s->eps_micro != 0) ||
		(dp && (s->eps_micro < 1 || s->eps_micro > NOISE_EPS_MAX_MICRO)))
		return "The epsilon is out of range.";
	if (s->kind == NOISE_DP_SUM ?
		(s->lower > s->upper || s->lower < -NOISE_SENSITIVITY_MAX || s->upper > NOISE_SENSITIVITY_MAX) :
		(s->lower != 0 || s->upper != 0))
		return "The bounds are out of range.";
	if (dp && !all_zero(s->cell, NOISE_CELL_BYTES))
		return "A differentially private state has a cell digest.";
	blen = strnlen(s->budget, sizeof(s->budget));
	if (blen == sizeof(s->budget) || dp != (blen > 0) ||
		!all_zero(s->budget + blen, sizeof(s->budget) - blen))
		return "The budget name is malformed.";
	for (Size i = 0; i < blen; i++)
		if ((unsigned char) s->budget[i] < 0x20 || s->budget[i] == 0x7f)
			return "The budget name holds control characters.";
	for (uint32 i = 0; i < s->count; i++)
	{
		const NoiseEntry *e = &s->entries[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e->person[0] != PSEUDONYM_FORMAT || e->person[1] == 0)
			return psprintf("Entry %u is not a pseudonym.", i + 1);
		if (s->kind != NOISE_DP_SUM && e->value <= 0)
			return psprintf("Entry %u has a row count of " INT64_FORMAT ".", i + 1, e->value);
		if (i > 0 && memcmp(e[-1].person, e->person, PSEUDONYM_BYTES) >= 0)
			return psprintf("Entry %u is out of order.", i + 1);
	}
	return NULL;
}

NoiseState *
noise_state_checked(Datum d)
{
	NoiseState *s = (NoiseState *) PG_DETOAST_DATUM(d);
	const char *why;

	/* a short-header copy in a tuple is not 8-aligned; the entries want 8 */
	if ((uintptr_t) s % MAXIMUM_ALIGNOF != 0)
	{
		NoiseState *copy = palloc(VARSIZE(s));

		memcpy(copy, s, VARSIZE(s));
		s = copy;
	}
	why = noise_state_check(s, VARSIZE(s));
	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted noisy aggregate state"),
				 errdetail("%s", why)));
	return s;
}

/* ---- binary form ---- */

#define WIRE_HEADER (1 + 1 + 2 + 4 + 4 + 8 * 3 + NOISE_CELL_BYTES + NOISE_BUDGET_MAX + 1)
#define WIRE_ENTRY	(PSEUDONYM_BYTES + 8)

static void
to_wire(StringInfo buf, const NoiseState *s)
{
	pq_sendbyte(buf, s->version);
	pq_sendbyte(buf, s->kind);
	pq_sendint16(buf, s->flags);
	pq_sendint32(buf, s->k);
	pq_sendint32(buf, s->count);
	pq_sendint64(buf, s->eps_micro);
	pq_sendint64(buf, s->lower);
	pq_sendint64(buf, s->upper);
	pq_sendbytes(buf, (const char *) s->cell, NOISE_CELL_BYTES);
	pq_sendbytes(buf, s->budget, sizeof(s->budget));
	for (uint32 i = 0; i < s->count; i++)
	{
		pq_sendbytes(buf, (const char *) s->entries[i].person, PSEUDONYM_BYTES);
		pq_sendint64(buf, s->entries[i].value);
	}
}

static NoiseState *
from_wire(const char *data, Size len, const char **why)
{
	const unsigned char *p = (const unsigned char *) data;
	uint32		count;
	NoiseState *s;

	if (len < WIRE_HEADER)
	{
		*why = "The value is shorter than a noise_state header.";
		return NULL;
	}
	count = (uint32) tst_get_be(p + 8, 4);
	if (count > NOISE_STATE_MAX_ENTRIES || len != WIRE_HEADER + (Size) count * WIRE_ENTRY)
	{
		*why = psprintf("The person count %u does not match the size %zu.", count, len);
		return NULL;
	}
	s = palloc0(NOISE_STATE_SIZE(count));
	SET_VARSIZE(s, NOISE_STATE_SIZE(count));
	s->version = p[0];
	s->kind = p[1];
	s->flags = (uint16) tst_get_be(p + 2, 2);
	s->k = (int32) tst_get_be(p + 4, 4);
	s->count = count;
	s->eps_micro = (int64) tst_get_be(p + 12, 8);
	s->lower = (int64) tst_get_be(p + 20, 8);
	s->upper = (int64) tst_get_be(p + 28, 8);
	memcpy(s->cell, p + 36, NOISE_CELL_BYTES);
	memcpy(s->budget, p + 36 + NOISE_CELL_BYTES, sizeof(s->budget));
	p += WIRE_HEADER;
	for (uint32 i = 0; i < count; i++, p += WIRE_ENTRY)
	{
		memcpy(s->entries[i].person, p, PSEUDONYM_BYTES);
		s->entries[i].value = (int64) tst_get_be(p + PSEUDONYM_BYTES, 8);
	}
	*why = noise_state_check(s, VARSIZE(s));
	return (*why == NULL) ? s : NULL;
}

PG_FUNCTION_INFO_V1(noise_state_in);
Datum
noise_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	const char *why = NULL;
	Size		n;
	char	   *bytes = tst_hex_bytes(str, "noise_state", &n, &why);
	NoiseState *s = (bytes == NULL) ? NULL : from_wire(bytes, n, &why);

	if (s == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type noise_state: \"%s\"", tst_shown(str, strlen(str), 40)),
				 errdetail("%s", why)));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(noise_state_out);
Datum
noise_state_out(PG_FUNCTION_ARGS)
{
	NoiseState *s = (NoiseState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData wire;

	initStringInfo(&wire);
	to_wire(&wire, s);
	PG_RETURN_CSTRING(tst_hex_text(wire.data, wire.len));
}

PG_FUNCTION_INFO_V1(noise_state_recv);
Datum
noise_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const char *why;
	NoiseState *s = from_wire(buf->data + buf->cursor, buf->len - buf->cursor, &why);

	if (s == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted noise_state in binary input"),
				 errdetail("%s", why)));
	buf->cursor = buf->len;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(noise_state_send);
Datum
noise_state_send(PG_FUNCTION_ARGS)
{
	NoiseState *s = (NoiseState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	to_wire(&buf, s);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * pseudonym.c
 *	  tst_hub.pseudonym: a 16-byte keyed token.  Text form "ps_" followed by
 *	  the 16 bytes in lower-case RFC 4648 base32 without padding (26
 *	  characters); input accepts exactly that canonical spelling.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "port/pg_bswap.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#include "anon/anon.h"
#include "common/common.h"

#define PREFIX "ps_"
#define PREFIX_LEN 3
#define BASE32_LEN 26			/* ceil(128 / 5) */
#define TEXT_LEN (PREFIX_LEN + BASE32_LEN)

static const char base32_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

static int
base32_value(char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/* The same checks for text and binary input: known format, key version set. */
static const char *
pseudonym_problem(const Pseudonym *p)
{
	if (p->bytes[0] != PSEUDONYM_FORMAT)
		return "The token format is not known to this version of tst_hub.";
	if (p->bytes[1] == 0)
		return "The key version must be 1 or more.";
	return NULL;
}

static void
bad_text(const char *s, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type pseudonym: \"%s\"", tst_shown(s, strlen(s), 40)),
			 errdetail("%s", detail),
			 errhint("A pseudonym is \"ps_\" followed by 26 characters a-z and 2-7.")));
}

PG_FUNCTION_INFO_V1(pseudonym_in);
Datum
pseudonym_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	Pseudonym  *p = palloc0(sizeof(Pseudonym));
	uint32		acc = 0;
	int			bits = 0,
				n = 0;
	const char *problem;

	if (strlen(s) != TEXT_LEN || strncmp(s, PREFIX, PREFIX_LEN) != 0)
		bad_text(s, "It must be exactly 29 characters starting with \"ps_\".");
	for (int i = PREFIX_LEN; i < TEXT_LEN; i++)
	{
		int			v = base32_value(s[i]);

		if (v < 0)
			bad_text(s, psprintf("Character %d is not in the base32 alphabet.", i + 1));
		acc = (acc << 5) | v;
		bits += 5;
		if (bits >= 8)
		{
			bits -= 8;
			p->bytes[n++] = (acc >> bits) & 0xff;
		}
	}
	/* 130 bits were read for 128: the last 2 must be zero (one spelling only) */
	if ((acc & ((1u << bits) - 1)) != 0)
		bad_text(s, "The last character is not the canonical one for these bytes.");
	if ((problem = pseudonym_problem(p)) != NULL)
		bad_text(s, problem);
	PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(pseudonym_out);
Datum
pseudonym_out(PG_FUNCTION_ARGS)
{
	Pseudonym  *p = PG_GETARG_PSEUDONYM(0);
	char	   *out = palloc(TEXT_LEN + 1);
	uint32		acc = 0;
	int			bits = 0,
				n = PREFIX_LEN;

	memcpy(out, PREFIX, PREFIX_LEN);
	for (int i = 0; i < PSEUDONYM_BYTES; i++)
	{
		acc = (acc << 8) | p->bytes[i];
		bits += 8;
		while (bits >= 5)
		{
			bits -= 5;
			out[n++] = base32_alphabet[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		out[n++] = base32_alphabet[(acc << (5 - bits)) & 31];
	out[n] = '\0';
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(pseudonym_recv);
Datum
pseudonym_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Pseudonym  *p = palloc(sizeof(Pseudonym));
	const char *problem;

	pq_copymsgbytes(buf, (char *) p->bytes, PSEUDONYM_BYTES);
	if ((problem = pseudonym_problem(p)) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary pseudonym"),
				 errdetail("%s", problem)));
	PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(pseudonym_send);
Datum
pseudonym_send(PG_FUNCTION_ARGS)
{
	Pseudonym  *p = PG_GETARG_PSEUDONYM(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (char *) p->bytes, PSEUDONYM_BYTES);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static int
pseudonym_cmp_internal(FunctionCallInfo fcinfo)
{
	return memcmp(PG_GETARG_PSEUDONYM(0)->bytes, PG_GETARG_PSEUDONYM(1)->bytes, PSEUDONYM_BYTES);
}

#define PSEUDONYM_CMP_FN(name, expr) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	int			c = pseudonym_cmp_internal(fcinfo); \
	PG_RETURN_BOOL(expr); \
}

PSEUDONYM_CMP_FN(pseudonym_eq, c == 0)
PSEUDONYM_CMP_FN(pseudonym_ne, c != 0)
PSEUDONYM_CMP_FN(pseudonym_lt, c < 0)
PSEUDONYM_CMP_FN(pseudonym_le, c <= 0)
PSEUDONYM_CMP_FN(pseudonym_gt, c > 0)
PSEUDONYM_CMP_FN(pseudonym_ge, c >= 0)

PG_FUNCTION_INFO_V1(pseudonym_cmp);
Datum
pseudonym_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(pseudonym_cmp_internal(fcinfo));
}

/*
 * Sort support: sorts (count(DISTINCT), merge joins, index builds) compare
 * without a function call, first on an abbreviated key of the leading 8
 * bytes.  Those hold the format and key version and 48 bits of MAC, which is
 * uniform, so abbreviation never needs to be abandoned.
 */
static int
pseudonym_fastcmp(Datum a, Datum b, SortSupport ssup)
{
	return memcmp(DatumGetPseudonym(a)->bytes, DatumGetPseudonym(b)->bytes, PSEUDONYM_BYTES);
}

static Datum
pseudonym_abbrev_convert(Datum original, SortSupport ssup)
{
	uint64		key;

	/* read big-endian, so unsigned comparison of keys is byte order */
	memcpy(&key, DatumGetPseudonym(original)->bytes, sizeof(key));
	return UInt64GetDatum(pg_ntoh64(key));
}

static bool
pseudonym_abbrev_abort(int memtupcount, SortSupport ssup)
{
	return false;
}

PG_FUNCTION_INFO_V1(pseudonym_sortsupport);
Datum
pseudonym_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = pseudonym_fastcmp;
	if (ssup->abbreviate && SIZEOF_DATUM >= 8)
	{
		ssup->abbrev_full_comparator = pseudonym_fastcmp;
		ssup->abbrev_converter = pseudonym_abbrev_convert;
		ssup->abbrev_abort = pseudonym_abbrev_abort;
		ssup->comparator = ssup_datum_unsigned_cmp;
	}
	PG_RETURN_VOID();
}

/* The MAC bytes are already uniform; hash_any keeps hashes seedable and stable. */
PG_FUNCTION_INFO_V1(pseudonym_hash);
Datum
pseudonym_hash(PG_FUNCTION_ARGS)
{
	return hash_any(PG_GETARG_PSEUDONYM(0)->bytes, PSEUDONYM_BYTES);
}

PG_FUNCTION_INFO_V1(pseudonym_hash_extended);
Datum
pseudonym_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended(PG_GETARG_PSEUDONYM(0)->bytes, PSEUDONYM_BYTES, PG_GETARG_INT64(1));
}

PG_FUNCTION_INFO_V1(pseudonym_key_version);
Datum
pseudonym_key_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_PSEUDONYM(0)->bytes[1]);
}

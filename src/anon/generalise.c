/*
 * generalise.c
 *	  Generalisation and masking: coarser dates, keyed per-person date
 *	  shifts, and display masks for phone numbers, e-mail addresses and text.
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#include "anon/anon.h"
#include "common/common.h"

#include <ctype.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define MASK_CHAR '*'
#define DATE_SHIFT_MAX_DAYS 3650
#define DATE_SHIFT_KEY_VERSION 1

/* The first days of early periods can fall before the earliest date. */
static Datum
checked_date(int64 d)
{
	if (!IS_VALID_DATE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("coarsened date out of range"),
				 errdetail("The period starts before the earliest date PostgreSQL stores (4714-11-24 BC).")));
	return DateADTGetDatum((DateADT) d);
}

/* date_coarsen(date, unit): the first day of its ISO week, month, quarter or year. */
PG_FUNCTION_INFO_V1(date_coarsen);
Datum
date_coarsen(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	char	   *unit = text_to_cstring(PG_GETARG_TEXT_PP(1));
	int			y,
				m,
				day;

	if (DATE_NOT_FINITE(d))
		PG_RETURN_DATEADT(d);
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	if (strcmp(unit, "week") == 0)
		/* j2day: 0 = Sunday; ISO weeks start on Monday */
		return checked_date((int64) d - (j2day(d + POSTGRES_EPOCH_JDATE) + 6) % 7);
	if (strcmp(unit, "month") == 0)
		day = 1;
	else if (strcmp(unit, "quarter") == 0)
		m = (m - 1) / 3 * 3 + 1, day = 1;
	else if (strcmp(unit, "year") == 0)
		m = 1, day = 1;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown date unit \"%s\"", tst_shown(unit, strlen(unit), 20)),
				 errhint("Units are week, month, quarter and year.")));
	return checked_date(date2j(y, m, day) - POSTGRES_EPOCH_JDATE);
}

/*
 * date_shift(date, pseudonym, max_days, scope): shift by a secret offset in
 * [-max_days, max_days] that depends only on the person's token, so the
 * intervals between one person's events are kept.
 */
PG_FUNCTION_INFO_V1(keyed_date_shift);
Datum
keyed_date_shift(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	Pseudonym  *person = PG_GETARG_PSEUDONYM(1);
	int32		max_days = PG_GETARG_INT32(2);
	char	   *scope = text_to_cstring(PG_GETARG_TEXT_PP(3));
	char		token[PSEUDONYM_BYTES * 2 + 1];
	const char *parts[3] = {"tst_hub:date_shift:1", token, NULL};
	char		span_text[16];
	uint8		mac[ANON_MAC_BYTES];
	uint64		r;
	int64		shifted;

	anon_check_scope(scope);
	if (max_days < 1 || max_days > DATE_SHIFT_MAX_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_days must be between 1 and %d, not %d", DATE_SHIFT_MAX_DAYS, max_days)));
	if (DATE_NOT_FINITE(d))
		PG_RETURN_DATEADT(d);

	hex_encode((const char *) person->bytes, PSEUDONYM_BYTES, token);
	token[PSEUDONYM_BYTES * 2] = '\0';
	/* the span is part of the message: another max_days gives an unrelated offset */
	snprintf(span_text, sizeof(span_text), "%d", max_days);
	parts[2] = span_text;
	/*
	 * Always the scope's first key: a person's offset must never change, or
	 * intervals between events shifted before and after a rotation break.
	 */
	anon_hmac(anon_cached_key(fcinfo, scope, DATE_SHIFT_KEY_VERSION), parts, lengthof(parts), mac);
	memcpy(&r, mac, sizeof(r));
	explicit_bzero(mac, sizeof(mac));

	/* 64 random bits modulo at most 7301: the bias is below 2^-50 */
	shifted = (int64) d + (int64) (r % (uint64) (2 * max_days + 1)) - max_days;
	if (!IS_VALID_DATE(shifted))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("shifted date out of range")));
	PG_RETURN_DATEADT((DateADT) shifted);
}

static int32
keep_arg(FunctionCallInfo fcinfo, int n)
{
	int32		keep = PG_GETARG_INT32(n);

	if (keep < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the number of characters to keep must be 0 or more, not %d", keep)));
	return keep;
}

/*
 * mask_phone(text, keep): every decimal digit but the last keep becomes '*',
 * in any script (Arabic-Indic, full-width, Devanagari, ...: canon_phone
 * reads them all, so the mask must hide them all).
 */
PG_FUNCTION_INFO_V1(mask_phone);
Datum
mask_phone(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int32		keep = keep_arg(fcinfo, 1);
	char	   *s = tst_to_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	int32_t		len = strlen(s),
				i = 0,
				digits = 0;
	StringInfoData out;

	while (i < len)
	{
		UChar32		c;

		U8_NEXT(s, i, len, c);
		digits += u_isdigit(c);
	}
	initStringInfo(&out);
	for (i = 0; i < len;)
	{
		int32_t		start = i;
		UChar32		c;

		U8_NEXT(s, i, len, c);
		if (u_isdigit(c) && digits-- > keep)
			appendStringInfoChar(&out, MASK_CHAR);
		else
			appendBinaryStringInfo(&out, s + start, i - start);
	}
	PG_RETURN_TEXT_P(cstring_to_text(tst_from_utf8(out.data)));
}

/* Replaces every character of s before the last keep with MASK_CHAR. */
static char *
mask_chars(const char *s, int len, int32 keep)
{
	int			nchars = pg_mbstrlen_with_len(s, len);
	StringInfoData out;
	const char *p = s;

	initStringInfo(&out);
	for (int i = 0; i < nchars; i++)
	{
		int			w = pg_mblen(p);

		if (i < nchars - keep)
			appendStringInfoChar(&out, MASK_CHAR);
		else
			appendBinaryStringInfo(&out, p, w);
		p += w;
	}
	return out.data;
}

PG_FUNCTION_INFO_V1(mask_text);
Datum
mask_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_TEXT_P(cstring_to_text(mask_chars(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
												 keep_arg(fcinfo, 1))));
}

/*
 * mask_email(text): first character of the local part and the top-level
 * domain only: "j***@***.org".  Anything that is not one "@" with a dotted
 * domain and a plain top-level label (letters, digits, "-"; no spaces) is
 * masked whole, so free text can never show through.
 */
#define TLD_MAX 63

static bool
plain_tld(const char *tld)
{
	size_t		n = strlen(tld);

	if (n == 0 || n > TLD_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) tld[i];

		/* bytes >= 0x80 belong to internationalised labels */
		if (!(isalnum(c) || c == '-' || c >= 0x80))
			return false;
	}
	return true;
}

PG_FUNCTION_INFO_V1(mask_email);
Datum
mask_email(PG_FUNCTION_ARGS)
{
	char	   *s = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *at = strchr(s, '@');
	char	   *dot = at ? strrchr(at, '.') : NULL;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL || dot == NULL ||
		dot == at + 1 || !plain_tld(dot + 1))
		PG_RETURN_TEXT_P(cstring_to_text(mask_chars(s, strlen(s), 0)));
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%.*s***@***%s", pg_mblen(s), s, dot)));
}

/*
 * fold.c
 *	  ICU text folding: the one place where "the same word written another
 *	  way" is decided, for vocabulary labels, partner categories and later
 *	  for names.
 */
#include "postgres.h"

#include "mb/pg_wchar.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "common/common.h"

void
tst_check_icu(UErrorCode status, const char *what)
{
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
				 errmsg("ICU %s failed: %s", what, u_errorName(status))));
}

/* UTF-8 to a palloc'd UTF-16 buffer. */
static UChar *
utf8_to_uchar(const char *s, int len, int32_t *ulen)
{
	UErrorCode	status = U_ZERO_ERROR;
	UChar	   *buf;

	/* UTF-16 never needs more code units than UTF-8 has bytes. */
	buf = palloc((len + 1) * sizeof(UChar));
	u_strFromUTF8(buf, len + 1, ulen, s, len, &status);
	tst_check_icu(status, "UTF-8 conversion");
	return buf;
}

static char *
uchar_to_utf8(const UChar *u, int32_t ulen, int *outlen)
{
	UErrorCode	status = U_ZERO_ERROR;
	int32_t		need;
	char	   *out;

	/* Each UTF-16 code unit is at most 3 UTF-8 bytes. */
	out = palloc(ulen * 3 + 1);
	u_strToUTF8(out, ulen * 3 + 1, &need, u, ulen, &status);
	tst_check_icu(status, "UTF-8 conversion");
	out[need] = '\0';
	*outlen = need;
	return out;
}

/* Normalise with an ICU normaliser, growing the output until it fits. */
static UChar *
normalize(const UNormalizer2 *norm, const UChar *src, int32_t len, int32_t *outlen)
{
	int32_t		cap = len * 2 + 16;

	for (;;)
	{
		UErrorCode	status = U_ZERO_ERROR;
		UChar	   *dst = palloc(cap * sizeof(UChar));
		int32_t		n = unorm2_normalize(norm, src, len, dst, cap, &status);

		if (status == U_BUFFER_OVERFLOW_ERROR)
		{
			pfree(dst);
			cap = n + 1;
			continue;
		}
		tst_check_icu(status, "normalization");
		*outlen = n;
		return dst;
	}
}

/*
 * Latin letters with a stroke have no decomposition, yet people who type
 * without diacritics write them as the plain letter (Vietnamese đ, Polish ł).
 */
UChar32
tst_strip_stroke(UChar32 c)
{
	switch (c)
	{
		case 0x0110:			/* Đ */
		case 0x0111:			/* đ */
			return 'd';
		case 0x0141:			/* Ł */
		case 0x0142:			/* ł */
			return 'l';
		case 0x00D8:			/* Ø */
		case 0x00F8:			/* ø */
			return 'o';
		case 0x0126:			/* Ħ */
		case 0x0127:			/* ħ */
			return 'h';
		default:
			return c;
	}
}

/* Scripts whose combining marks are accents, safe to drop for matching. */
static bool
accent_script(UScriptCode sc)
{
	return sc == USCRIPT_LATIN || sc == USCRIPT_GREEK || sc == USCRIPT_CYRILLIC ||
		sc == USCRIPT_ARABIC || sc == USCRIPT_HEBREW;
}

char *
tst_fold_utf8(const char *utf8, int len, int *outlen)
{
	UErrorCode	status = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
	const UNormalizer2 *fold;
	UChar	   *u,
			   *d,
			   *cleaned,
			   *folded;
	int32_t		ulen,
				dlen,
				clen = 0,
				flen,
				i = 0;
	UScriptCode base_script = USCRIPT_COMMON;
	bool		pending_space = false;
	char	   *result;

	tst_check_icu(status, "NFD normalizer");
	fold = unorm2_getNFKCCasefoldInstance(&status);
	tst_check_icu(status, "NFKC_Casefold normalizer");

	u = utf8_to_uchar(utf8, len, &ulen);
	d = normalize(nfd, u, ulen, &dlen);
	cleaned = palloc((dlen + 1) * sizeof(UChar));

	while (i < dlen)
	{
		UChar32		c;
		int8_t		type;

		U16_NEXT(d, i, dlen, c);
		c = tst_strip_stroke(c);
		type = u_charType(c);

		if (type == U_NON_SPACING_MARK && accent_script(base_script))
			continue;
		if (u_isUWhiteSpace(c) || u_ispunct(c) || type == U_CONTROL_CHAR)
		{
			pending_space = (clen > 0);
			continue;
		}
		if (type != U_NON_SPACING_MARK && type != U_COMBINING_SPACING_MARK)
		{
			UErrorCode	st = U_ZERO_ERROR;

			base_script = uscript_getScript(c, &st);
			if (U_FAILURE(st))
				base_script = USCRIPT_COMMON;
		}
		if (pending_space)
		{
			cleaned[clen++] = ' ';
			pending_space = false;
		}
		U16_APPEND_UNSAFE(cleaned, clen, c);
	}

	folded = normalize(fold, cleaned, clen, &flen);
	result = uchar_to_utf8(folded, flen, outlen);
	pfree(u);
	pfree(d);
	pfree(cleaned);
	pfree(folded);
	return result;
}

char *
tst_casefold_utf8(const char *utf8, int len, int *outlen)
{
	UErrorCode	status = U_ZERO_ERROR;
	const UNormalizer2 *fold = unorm2_getNFKCCasefoldInstance(&status);
	UChar	   *u,
			   *folded;
	int32_t		ulen,
				flen;
	char	   *result;

	tst_check_icu(status, "NFKC_Casefold normalizer");
	u = utf8_to_uchar(utf8, len, &ulen);
	folded = normalize(fold, u, ulen, &flen);
	result = uchar_to_utf8(folded, flen, outlen);
	pfree(u);
	pfree(folded);
	return result;
}

char *
tst_shown(const char *s, int len, int maxbytes)
{
	int			clip = pg_mbcliplen(s, len, Min(len, maxbytes));

	return psprintf("%.*s%s", clip, s, clip < len ? "..." : "");
}

char *
tst_to_utf8(const char *s, int len)
{
	char	   *copy = pnstrdup(s, len);

	return (char *) pg_server_to_any(copy, len, PG_UTF8);
}

char *
tst_from_utf8(const char *utf8)
{
	return (char *) pg_any_to_server(utf8, strlen(utf8), PG_UTF8);
}

bool
tst_mixed_scripts(const char *utf8, int len, const char **a, const char **b)
{
	int32_t		ulen,
				i = 0;
	UChar	   *u = utf8_to_uchar(utf8, len, &ulen);
	UScriptCode first = USCRIPT_INVALID_CODE;

	while (i < ulen)
	{
		UChar32		c;
		UErrorCode	st = U_ZERO_ERROR;
		UScriptCode sc;

		U16_NEXT(u, i, ulen, c);
		if (!u_isalpha(c))
			continue;
		sc = uscript_getScript(c, &st);
		if (U_FAILURE(st) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
			continue;
		if (first == USCRIPT_INVALID_CODE)
			first = sc;
		else if (sc != first)
		{
			*a = uscript_getName(first);
			*b = uscript_getName(sc);
			return true;
		}
	}
	return false;
}

/* Per-backend ICU transliterator, opened on first use (it is costly to open). */
static UTransliterator *han_simplifier = NULL;

char *
tst_han_simplified(const char *utf8, int len, int *outlen)
{
	UChar	   *u;
	int32_t		ulen,
				cap,
				limit;
	bool		has_han = false;

	u = utf8_to_uchar(utf8, len, &ulen);
	for (int32_t i = 0; i < ulen && !has_han;)
	{
		UChar32		c;
		UErrorCode	st = U_ZERO_ERROR;

		U16_NEXT(u, i, ulen, c);
		has_han = uscript_getScript(c, &st) == USCRIPT_HAN;
	}
	if (!has_han)
	{
		pfree(u);
		return NULL;
	}
	if (han_simplifier == NULL)
	{
		UErrorCode	status = U_ZERO_ERROR;
		UChar		id[32];

		u_uastrcpy(id, "Traditional-Simplified");
		han_simplifier = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
		tst_check_icu(status, "Traditional-Simplified transliterator");
	}
	/* Simplified forms are never longer; leave room anyway. */
	cap = ulen * 2 + 16;
	u = repalloc(u, cap * sizeof(UChar));
	limit = ulen;
	{
		UErrorCode	status = U_ZERO_ERROR;

		utrans_transUChars(han_simplifier, u, &ulen, cap, 0, &limit, &status);
		tst_check_icu(status, "Traditional-Simplified transliteration");
	}
	return uchar_to_utf8(u, ulen, outlen);
}

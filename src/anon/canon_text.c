/*
 * canon_text.c
 *	  canon_email, canon_name and canon_doc_id, and the dispatcher that
 *	  pseudonymise uses.  Error messages say what is wrong but never repeat
 *	  the identifier: it is what the hub protects.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include <unicode/uidna.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "anon/canon.h"
#include "common/common.h"

#define IDENTIFIER_MAX_BYTES 1000
#define EMAIL_LOCAL_MAX 64
#define EMAIL_DOMAIN_MAX 253
#define DOC_ID_MIN 3
#define DOC_ID_MAX 40

static void
refuse(const char *what, const char *reason)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid %s", what),
			 errdetail("%s", reason)));
}

static void
check_length_and_controls(const char *what, const char *s, int len)
{
	if (len > IDENTIFIER_MAX_BYTES)
		refuse(what, psprintf("It is %d bytes long; identifiers are at most %d.", len,
							  IDENTIFIER_MAX_BYTES));
	for (int i = 0; i < len; i++)
		if ((unsigned char) s[i] < 0x20 || s[i] == 0x7f)
			refuse(what, psprintf("It has a control character at byte %d.", i + 1));
}

/* ---- e-mail ---- */

static const UIDNA *
uts46(void)
{
	static UIDNA *idna = NULL;

	if (idna == NULL)
	{
		UErrorCode	status = U_ZERO_ERROR;

		idna = uidna_openUTS46(UIDNA_USE_STD3_RULES | UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_CHECK_BIDI |
							   UIDNA_CHECK_CONTEXTJ, &status);
		tst_check_icu(status, "IDNA setup");
	}
	return idna;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

char *
canon_email_utf8(const char *s, int len)
{
	const char *at;
	char	   *local,
			   *domain;
	int			llen,
				dlen;
	UErrorCode	status = U_ZERO_ERROR;
	UIDNAInfo	info = UIDNA_INFO_INITIALIZER;
	char		ascii[EMAIL_DOMAIN_MAX + 16];

	check_length_and_controls("e-mail address", s, len);
	while (len > 0 && is_space(*s))
		s++, len--;
	while (len > 0 && is_space(s[len - 1]))
		len--;
	at = memchr(s, '@', len);
	if (at == NULL || memchr(at + 1, '@', len - (at - s) - 1) != NULL)
		refuse("e-mail address", "It must hold exactly one \"@\".");

	local = tst_casefold_utf8(s, at - s, &llen);
	if (llen == 0 || llen > EMAIL_LOCAL_MAX)
		refuse("e-mail address", "The part before \"@\" must be 1 to 64 bytes.");
	if (local[0] == '.' || local[llen - 1] == '.' || strstr(local, "..") != NULL)
		refuse("e-mail address", "The part before \"@\" has a misplaced dot.");
	for (int i = 0; i < llen; i++)
		if (strchr(" \"(),:;<>[\\]", local[i]) != NULL)
			refuse("e-mail address",
				   "The part before \"@\" has a space or one of \"(),:;<>[\\] (quoted forms are not accepted).");

	/* UTS #46: maps case and width, checks labels, gives the ASCII (punycode) form */
	domain = (char *) (at + 1);
	dlen = len - (at - s) - 1;
	if (dlen == 0)
		refuse("e-mail address", "The domain after \"@\" is empty.");
	dlen = uidna_nameToASCII_UTF8(uts46(), domain, dlen, ascii, sizeof(ascii) - 1, &info, &status);
	if (U_FAILURE(status) || info.errors != 0 || dlen == 0 || dlen > EMAIL_DOMAIN_MAX)
		refuse("e-mail address", "The domain is not a valid (internationalised) domain name.");
	ascii[dlen] = '\0';
	if (strchr(ascii, '.') == NULL || ascii[dlen - 1] == '.')
		refuse("e-mail address", "The domain needs at least two labels, such as example.org.");
	return psprintf("%s@%s", local, ascii);
}

/* ---- names ---- */

static char *
to_latin(const char *utf8, int len)
{
	static UTransliterator *latin = NULL;
	UErrorCode	status = U_ZERO_ERROR;
	UChar	   *src,
			   *u;
	int32_t		srclen,
				ulen,
				cap,
				limit;
	int32_t		outlen;
	char	   *out;

	if (latin == NULL)
	{
		UChar		id[64];

		u_uastrcpy(id, "Any-Latin; Latin-ASCII");
		latin = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
		tst_check_icu(status, "transliterator Any-Latin");
	}
	src = palloc((len + 1) * sizeof(UChar));
	u_strFromUTF8(src, len + 1, &srclen, utf8, len, &status);
	tst_check_icu(status, "UTF-8 conversion");

	/* Latin can be several times longer than the source; grow until it fits */
	for (cap = srclen * 4 + 16;; cap = Max(cap * 2, ulen + 16))
	{
		u = palloc(cap * sizeof(UChar));
		memcpy(u, src, srclen * sizeof(UChar));
		ulen = limit = srclen;
		status = U_ZERO_ERROR;
		utrans_transUChars(latin, u, &ulen, cap, 0, &limit, &status);
		if (status != U_BUFFER_OVERFLOW_ERROR)
			break;
		pfree(u);
	}
	tst_check_icu(status, "transliteration");

	out = palloc(ulen * 3 + 1);
	status = U_ZERO_ERROR;
	u_strToUTF8(out, ulen * 3 + 1, &outlen, u, ulen, &status);
	tst_check_icu(status, "UTF-8 conversion");
	out[outlen] = '\0';
	return out;
}

char *
canon_name_utf8(const char *s, int len, bool transliterate)
{
	int			flen;
	char	   *folded;

	check_length_and_controls("name", s, len);
	if (transliterate)
	{
		s = to_latin(s, len);
		len = strlen(s);
	}
	folded = tst_fold_utf8(s, len, &flen);
	if (flen == 0)
		refuse("name", "It has no letters or digits.");
	return folded;
}

/* ---- document numbers ---- */

char *
canon_doc_id_utf8(const char *s, int len)
{
	int			flen,
				n = 0;
	char	   *folded,
			   *out;

	check_length_and_controls("document number", s, len);
	folded = tst_casefold_utf8(s, len, &flen);	/* full-width to ASCII, case */
	out = palloc(flen + 1);
	for (int i = 0; i < flen; i++)
	{
		char		c = folded[i];

		if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '_')
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			refuse("document number",
				   "Only letters A-Z, digits and the separators space - . / _ may appear.");
		out[n++] = pg_ascii_toupper((unsigned char) c);
	}
	out[n] = '\0';
	if (n < DOC_ID_MIN || n > DOC_ID_MAX)
		refuse("document number", psprintf("It has %d letters and digits; %d to %d are expected.",
										   n, DOC_ID_MIN, DOC_ID_MAX));
	return out;
}

/* ---- SQL functions ---- */

static Datum
utf8_text_result(const char *utf8)
{
	return PointerGetDatum(cstring_to_text(tst_from_utf8(utf8)));
}

#define ARG_UTF8(n, var, len) \
	text	   *var##_t = PG_GETARG_TEXT_PP(n); \
	char	   *var = tst_to_utf8(VARDATA_ANY(var##_t), VARSIZE_ANY_EXHDR(var##_t)); \
	int			len = strlen(var)

PG_FUNCTION_INFO_V1(canon_email);
Datum
canon_email(PG_FUNCTION_ARGS)
{
	ARG_UTF8(0, s, len);
	return utf8_text_result(canon_email_utf8(s, len));
}

PG_FUNCTION_INFO_V1(canon_name);
Datum
canon_name(PG_FUNCTION_ARGS)
{
	ARG_UTF8(0, s, len);
	return utf8_text_result(canon_name_utf8(s, len, PG_GETARG_BOOL(1)));
}

PG_FUNCTION_INFO_V1(canon_doc_id);
Datum
canon_doc_id(PG_FUNCTION_ARGS)
{
	ARG_UTF8(0, s, len);
	return utf8_text_result(canon_doc_id_utf8(s, len));
}

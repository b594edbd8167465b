/*
 * pii_sql.c
 *	  The SQL functions of PII detection: pii_detect (the spans found),
 *	  pii_redact (the text with each span replaced by [KIND] or masked) and
 *	  its keyed form, which replaces each span by the pseudonym that
 *	  pseudonymise gives the same identifier, so one phone number links
 *	  across reports without being shown.
 *
 * Offsets are in characters, 1-based like substr() and position(): a span
 * is substr(report, start, "end" - start) ("end" is the first character
 * after it).
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "anon/anon.h"
#include "anon/canon.h"
#include "anon/pii.h"
#include "common/common.h"

extern Datum pseudonym_out(PG_FUNCTION_ARGS);

/* Spans less confident than this are reported by pii_detect but not redacted. */
#define REDACT_MIN_CONFIDENCE 0.5f

typedef enum RedactStyle
{
	STYLE_PLACEHOLDER,
	STYLE_MASK,
	STYLE_PSEUDONYM
} RedactStyle;

static int
lang_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *code;
	int			lang;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return PII_LANG_ANY;
	code = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	lang = pii_lang_index(code);
	if (lang < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unsupported language \"%s\"", tst_shown(code, strlen(code), 16)),
				 errhint("Languages are en, es, fr, pt, ar, ru, uk, pl, ro, vi, th, zh, hi, sw and tl, or NULL for any.")));
	return lang;
}

/* The report scanned and its PII found; NULL text stays NULL. */
static char *
detect(text *report, int lang, PiiText *t)
{
	int			len = VARSIZE_ANY_EXHDR(report);
	char	   *utf8;

	if (len > PII_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("text of %d bytes is too long for PII detection", len),
				 errdetail("The limit is %d bytes (1 MB) per value.", PII_MAX_BYTES),
				 errhint("Split the text, for example by paragraph, and scan the pieces.")));
	utf8 = tst_to_utf8(VARDATA_ANY(report), len);
	len = strlen(utf8);
	pii_scan(t, utf8, len, lang);
	pii_detect_all(t);
	return utf8;
}

/* Original character range of a span. */
static inline void
span_chars(const PiiText *t, const PiiSpan *sp, int *s, int *e)
{
	*s = t->pos[sp->s];
	*e = t->pos[sp->e - 1] + 1;
}

PG_FUNCTION_INFO_V1(pii_detect);
Datum
pii_detect(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			lang = lang_arg(fcinfo, 1);
	PiiText		t;
	char	   *utf8;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	utf8 = detect(PG_GETARG_TEXT_PP(0), lang, &t);
	for (int k = 0; k < t.nspans; k++)
	{
		const PiiSpan *sp = &t.spans[k];
		Datum		values[6];
		bool		nulls[6] = {0};
		int			s,
					e;

		span_chars(&t, sp, &s, &e);
		values[0] = CStringGetTextDatum(pii_kind_names[sp->kind]);
		values[1] = Int32GetDatum(s + 1);
		values[2] = Int32GetDatum(e + 1);
		values[3] = Float8GetDatum(round((double) sp->conf * 100.0) / 100.0);
		values[4] = CStringGetTextDatum(sp->rule);
		values[5] = CStringGetTextDatum(tst_from_utf8(pnstrdup(utf8 + t.boff[s], t.boff[e] - t.boff[s])));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}

static RedactStyle
style_arg(FunctionCallInfo fcinfo, int argno, bool keyed)
{
	char	   *style;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("redaction style must not be NULL")));
	style = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (keyed && strcmp(style, "pseudonym") == 0)
		return STYLE_PSEUDONYM;
	if (!keyed && strcmp(style, "placeholder") == 0)
		return STYLE_PLACEHOLDER;
	if (!keyed && strcmp(style, "mask") == 0)
		return STYLE_MASK;
	if (!keyed && strcmp(style, "pseudonym") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("redaction style \"pseudonym\" needs a key scope"),
				 errhint("Call tst_hub.pii_redact(report, lang, 'pseudonym', scope) (granted to tst_hub_pseudonymiser).")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown redaction style \"%s\"", tst_shown(style, strlen(style), 16)),
			 errhint(keyed ? "With a scope the style is 'pseudonym'." :
					 "Styles are 'placeholder' ([PHONE]) and 'mask' (one * per character); 'pseudonym' takes a scope.")));
	pg_unreachable();
}

/* The kind and canonical form pseudonymise would use for a span. */
static void
span_identifier(const PiiText *t, const PiiSpan *sp, const char *utf8, int s, int e,
				const char **kind, char **canonical)
{
	char	   *norm = pii_ascii_of(t, sp->s, sp->e, false);
	bool		ascii = true;

	/* pii_ascii_of drops what is not ASCII: compare lengths to know */
	for (int j = sp->s; j < sp->e; j++)
		ascii &= t->c[j] < 0x80;
	switch (sp->kind)
	{
		case PII_PHONE:
			if (sp->canon)
			{
				*kind = "phone";
				*canonical = pstrdup(sp->canon);
				return;
			}
			*kind = "raw";
			*canonical = pii_ascii_of(t, sp->s, sp->e, true);
			return;
		case PII_EMAIL:
			*kind = ascii && strstr(norm, "..") == NULL && strchr(norm, '@') != NULL &&
				strchr(norm, '@')[-1] != '.' ? "email" : "raw";
			*canonical = ascii ? norm : pnstrdup(utf8 + t->boff[s], t->boff[e] - t->boff[s]);
			for (char *p = *canonical; ascii && *p; p++)
				*p = pg_ascii_tolower((unsigned char) *p);
			return;
		case PII_NAME:
			*kind = "name";
			*canonical = canon_name_utf8(utf8 + t->boff[s], t->boff[e] - t->boff[s], false);
			return;
		case PII_IBAN:
		case PII_CARD:
		case PII_PASSPORT:
		case PII_NATID:
			{
				char	   *d = pii_ascii_of(t, sp->s, sp->e, true);
				int			n = strlen(d);

				for (char *p = d; *p; p++)
					*p = pg_ascii_toupper((unsigned char) *p);
				if (ascii && n >= 3 && n <= 40)
				{
					*kind = "doc_id";
					*canonical = d;
					return;
				}
			}
			break;
		default:
			break;
	}
	*kind = "raw";
	*canonical = pnstrdup(utf8 + t->boff[s], t->boff[e] - t->boff[s]);
}

static text *
redact(FunctionCallInfo fcinfo, RedactStyle style, const char *scope)
{
	int			lang = lang_arg(fcinfo, 1);
	PiiText		t;
	char	   *utf8;
	StringInfoData out;
	int			done = 0;		/* original characters copied or replaced */
	const ScopeKey *key = NULL;

	utf8 = detect(PG_GETARG_TEXT_PP(0), lang, &t);
	if (style == STYLE_PSEUDONYM)
		key = anon_cached_key(fcinfo, scope, 0);
	initStringInfo(&out);
	for (int k = 0; k < t.nspans; k++)
	{
		const PiiSpan *sp = &t.spans[k];
		int			s,
					e;

		if (sp->conf < REDACT_MIN_CONFIDENCE)
			continue;
		span_chars(&t, sp, &s, &e);
		appendBinaryStringInfo(&out, utf8 + t.boff[done], t.boff[s] - t.boff[done]);
		if (style == STYLE_PLACEHOLDER)
			appendStringInfo(&out, "[%s]", pii_kind_names[sp->kind]);
		else if (style == STYLE_MASK)
		{
			/* one * per character keeps the other offsets valid */
			for (int j = s; j < e; j++)
				appendStringInfoChar(&out, '*');
		}
		else
		{
			const char *kind;
			char	   *canonical;
			Pseudonym	token;

			span_identifier(&t, sp, utf8, s, e, &kind, &canonical);
			anon_make_token(key, kind, scope, canonical, &token);
			appendStringInfo(&out, "[%s %s]", pii_kind_names[sp->kind],
							 DatumGetCString(DirectFunctionCall1(pseudonym_out, PointerGetDatum(&token))));
			explicit_bzero(canonical, strlen(canonical));
		}
		done = e;
	}
	appendBinaryStringInfo(&out, utf8 + t.boff[done], t.boff[t.norig] - t.boff[done]);
	return cstring_to_text(tst_from_utf8(out.data));
}

PG_FUNCTION_INFO_V1(pii_redact);
Datum
pii_redact(PG_FUNCTION_ARGS)
{
	RedactStyle style = style_arg(fcinfo, 2, false);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(redact(fcinfo, style, NULL));
}

/* EXECUTE is the boundary, as for pseudonymise: only tst_hub_pseudonymiser. */
PG_FUNCTION_INFO_V1(keyed_pii_redact);
Datum
keyed_pii_redact(PG_FUNCTION_ARGS)
{
	RedactStyle style = style_arg(fcinfo, 2, true);
	char	   *scope;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("key scope must not be NULL")));
	scope = text_to_cstring(PG_GETARG_TEXT_PP(3));
	anon_check_scope(scope);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(redact(fcinfo, style, scope));
}

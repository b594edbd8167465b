/*
 * pii_fuzz.c
 *	  libFuzzer harness for PII detection in free text (pii_detect,
 *	  pii_redact): the scanner and every detector (src/anon/pii_*.c) with
 *	  the compiled lexicon and ICU, under the backend stand-ins of
 *	  pg_stubs.c.
 *
 * The first input byte picks the language (one of pii_lang_codes, or any);
 * the rest is the report text, fed only as valid UTF-8 as the server does.
 * Besides sanitizer reports it aborts when what pii_detect and pii_redact
 * would return from the spans is wrong: a span empty, outside the text, out
 * of order or overlapping another; an unknown kind; a confidence outside
 * (0, 1]; no rule; a span that does not map back to whole characters of the
 * original text.
 */
#include "postgres.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "anon/pii.h"
#include "pg_stubs.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "pii_fuzz: %s\n", what);
		abort();
	}
}

/* the call, under the stand-ins' ERROR handling */
static sigjmp_buf *saved;
static PiiText scanned;

static bool
detect(const char *utf8, int len, int lang)
{
	sigjmp_buf	jb;

	saved = PG_exception_stack;
	if (sigsetjmp(jb, 0) != 0)
	{
		PG_exception_stack = saved;
		return false;
	}
	PG_exception_stack = &jb;
	pii_scan(&scanned, utf8, len, lang);
	pii_detect_all(&scanned);
	PG_exception_stack = saved;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const PiiText *t = &scanned;
	int			lang;
	const char *utf8;
	int			len;

	if (size < 1 || size - 1 > PII_MAX_BYTES || !fuzz_valid_utf8(data + 1, size - 1))
		return 0;
	lang = data[0] % (PII_NLANGS + 1) - 1;	/* -1: PII_LANG_ANY */
	utf8 = (const char *) data + 1;
	len = (int) size - 1;
	if (!detect(utf8, len, lang))
	{
		/* detectors raise nothing on any text the server can hold */
		if (!fuzz_unsupported)
			check(false, "an ERROR on valid UTF-8 text");
		fuzz_free_all();
		return 0;
	}
	check(t->n >= 0 && t->n <= t->norig, "more normalised characters than original ones");
	check(t->boff[t->norig] == len || t->norig == 0, "byte offsets do not end at the text's end");
	for (int k = 0; k < t->nspans; k++)
	{
		const PiiSpan *sp = &t->spans[k];
		int			s,
					e;

		check(sp->s >= 0 && sp->s < sp->e && sp->e <= t->n, "span empty or outside the text");
		check(k == 0 || t->spans[k - 1].e <= sp->s, "spans out of order or overlapping");
		check(sp->kind >= 0 && sp->kind < PII_NKINDS, "unknown kind");
		check(sp->conf > 0 && sp->conf <= 1, "confidence outside (0, 1]");
		check(sp->rule != NULL && sp->rule[0] != '\0', "a span without a rule");
		/* as pii_detect and pii_redact map it back to the original */
		s = t->pos[sp->s];
		e = t->pos[sp->e - 1] + 1;
		check(s >= 0 && s < e && e <= t->norig, "span maps outside the original characters");
		check(t->boff[s] >= 0 && t->boff[s] < t->boff[e] && t->boff[e] <= len,
			  "span maps outside the original bytes");
		check(((uint8_t) utf8[t->boff[s]] & 0xC0) != 0x80 &&
			  (t->boff[e] == len || ((uint8_t) utf8[t->boff[e]] & 0xC0) != 0x80),
			  "span cuts a character");
		if (sp->canon != NULL)
			check(strlen(sp->canon) < 4096, "canonical form runs away");
	}
	fuzz_free_all();
	return 0;
}

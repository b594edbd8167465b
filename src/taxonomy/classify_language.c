/*
 * classify_language.c
 *	  detect_language: which of the 15 app languages a report is in, from its
 *	  script, the letters only one language of that script uses, and stop
 *	  words.  Short or mixed texts often cannot be told apart: the guess then
 *	  has a low confidence and detect_language answers NULL.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"

#include "common/common.h"
#include "taxonomy/lexicon.h"
#include "taxonomy/vocabulary.h"

/* Script slots of LexText.script_letters and the language each one means alone. */
enum
{
	SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_ARABIC, SCRIPT_THAI, SCRIPT_HAN, SCRIPT_DEVANAGARI
};

#define LANG_AR 4
#define LANG_RU 5
#define LANG_UK 6
#define LANG_HI 12

/* A distinctive letter weighs as much as this many stop words. */
#define MARKER_WEIGHT 2.0

int
lex_detect(const LexText *t, double *confidence)
{
	int			letters = 0,
				script = 0;
	double		score[LEX_LANGS] = {0};
	double		share,
				best = 0,
				second = 0;
	int			lang = -1;

	*confidence = 0;
	for (int s = 0; s < 6; s++)
	{
		letters += t->script_letters[s];
		if (t->script_letters[s] > t->script_letters[script])
			script = s;
	}
	if (letters == 0)
		return -1;
	share = (double) t->script_letters[script] / letters;

	/*
	 * URLs, e-mails, handles and wallets are Latin letters of no language: a
	 * case note in Chinese or Russian full of them is still Chinese or
	 * Russian.  When a non-Latin script has a fair number of letters, letters
	 * of all-ASCII words do not count against it.
	 */
	if (script == SCRIPT_LATIN)
	{
		int			other = SCRIPT_CYRILLIC;

		for (int s = SCRIPT_CYRILLIC; s <= SCRIPT_DEVANAGARI; s++)
			if (t->script_letters[s] > t->script_letters[other])
				other = s;
		if (t->script_letters[other] >= 20 &&
			t->script_letters[other] >= t->script_letters[SCRIPT_LATIN] - t->ascii_token_letters)
			script = other;
	}
	if (script != SCRIPT_LATIN && letters > t->ascii_token_letters)
		share = Min(1.0, (double) t->script_letters[script] / (letters - t->ascii_token_letters));

	switch (script)
	{
		case SCRIPT_ARABIC:
			*confidence = share;
			return LANG_AR;
		case SCRIPT_THAI:
			*confidence = share;
			return LEX_LANG_TH;
		case SCRIPT_HAN:
			*confidence = share;
			return LEX_LANG_ZH;
		case SCRIPT_DEVANAGARI:
			*confidence = share;
			return LANG_HI;
		default:
			break;
	}

	/* Latin or Cyrillic: stop words and distinctive letters decide */
	/* a stop word several languages share counts for each in proportion */
	for (int i = 0; i < t->ntokens; i++)
	{
		uint32		langs = lex_stop_languages(&t->tokens[i]);
		double		share_of_word = langs ? 1.0 / pg_popcount32(langs) : 0;

		for (int l = 0; langs != 0; l++, langs >>= 1)
			if (langs & 1)
				score[l] += share_of_word;
	}
	for (int l = 0; l < LEX_LANGS; l++)
		score[l] += MARKER_WEIGHT * t->marker_letters[l];
	/* Hindi typed in Latin letters shows its Devanagari words now and then */
	score[LANG_HI] += t->script_letters[SCRIPT_DEVANAGARI] > 0 ? MARKER_WEIGHT : 0;

	for (int l = 0; l < LEX_LANGS; l++)
	{
		bool		fits;

		if (script == SCRIPT_CYRILLIC)
			fits = l == LANG_RU || l == LANG_UK;
		else
			fits = !(l == LANG_RU || l == LANG_UK || l == LANG_AR ||
					 l == LEX_LANG_TH || l == LEX_LANG_ZH);
		if (!fits)
			continue;
		if (score[l] > best)
		{
			second = best;
			best = score[l];
			lang = l;
		}
		else if (score[l] > second)
			second = score[l];
	}
	if (lang < 0 && script == SCRIPT_CYRILLIC)
	{
		/* Cyrillic without any telling word: Russian is likelier, barely */
		*confidence = 0.4 * share;
		return LANG_RU;
	}
	if (lang < 0)
		return -1;
	/* how much evidence (saturating at two signals) and how clear the lead is */
	*confidence = share * Min(1.0, best / 2.0) * (best / (best + second));
	return lang;
}

LexText *
lex_tokenize_text(text *arg)
{
	int			len = VARSIZE_ANY_EXHDR(arg);
	char	   *utf8;

	if (len > LEX_MAX_TEXT_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("report of %d bytes is longer than the %d bytes the classifier reads",
						len, LEX_MAX_TEXT_BYTES),
				 errhint("Classify the report in parts.")));
	utf8 = tst_to_utf8(VARDATA_ANY(arg), len);
	return lex_tokenize(utf8, strlen(utf8));
}

PG_FUNCTION_INFO_V1(detect_language);
Datum
detect_language(PG_FUNCTION_ARGS)
{
	LexText    *t = lex_tokenize_text(PG_GETARG_TEXT_PP(0));
	double		confidence;
	int			lang = lex_detect(t, &confidence);

	if (lang < 0 || confidence < LEX_DETECT_MIN_CONFIDENCE)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(vocab_languages[lang]));
}

PG_FUNCTION_INFO_V1(detect_language_confidence);
Datum
detect_language_confidence(PG_FUNCTION_ARGS)
{
	LexText    *t = lex_tokenize_text(PG_GETARG_TEXT_PP(0));
	double		confidence;
	int			lang = lex_detect(t, &confidence);
	TupleDesc	td;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "detect_language_confidence must return a record");
	if (lang < 0)
		nulls[0] = true;
	else
		values[0] = PointerGetDatum(cstring_to_text(vocab_languages[lang]));
	values[1] = Float8GetDatum(confidence);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls)));
}

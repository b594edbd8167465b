/*
 * classify_text.c
 *	  Words of a report for the classifier: ICU word-break tokens with their
 *	  folded forms, and the per-language lexicons compiled against the very
 *	  same folding, so that a pattern and the text it names always compare
 *	  alike (Thai and Chinese have no spaces: there the dictionary-based
 *	  break iterator decides where words end, and a pattern may span several
 *	  of its tokens).
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "common/common.h"
#include "taxonomy/lexicon.h"
#include "taxonomy/vocabulary.h"

/*
 * Room for the folded forms, per UTF-16 unit of NFC text, with a NUL per
 * token: the full form is one case-folded code point per code point (at most
 * 4 UTF-8 bytes for 2 units, 3 for 1); the bare form is a canonical
 * decomposition, at most 4 code points (a Hangul syllable, 1 unit, gives 3
 * jamo of 3 bytes each).
 */
#define FULL_BYTES_PER_UNIT 5
#define BARE_BYTES_PER_UNIT 17

/* One break iterator per backend, re-pointed at each text (opening one costs far more). */
static UBreakIterator *word_breaker = NULL;

static bool
is_apostrophe_or_hyphen(UChar32 c)
{
	return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x60 ||
		c == '-' || c == 0x2010 || c == 0x2011;
}

/* Characters that end a clause: a negation cue does not reach across them. */
static bool
is_clause_break(UChar32 c)
{
	switch (c)
	{
		case '.':
		case ',':
		case ';':
		case ':':
		case '!':
		case '?':
		case '\n':
		case 0x2026:			/* … */
		case 0x3002:			/* 。 */
		case 0xFF0C:			/* ， */
		case 0xFF1B:			/* ； */
		case 0xFF1A:			/* ： */
		case 0xFF01:			/* ！ */
		case 0xFF1F:			/* ？ */
		case 0x3001:			/* 、 */
		case 0x060C:			/* ، */
		case 0x061B:			/* ؛ */
		case 0x061F:			/* ؟ */
		case 0x0964:			/* । */
		case 0x0965:			/* ॥ */
			return true;
		default:
			return false;
	}
}

/* Characters that end a sentence: lawful context and promises stay inside theirs. */
static bool
is_sentence_break(UChar32 c)
{
	return c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' || c == 0x2026 ||
		c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == 0x061F ||
		c == 0x061B || c == 0x0964 || c == 0x0965;
}

/* Scripts whose combining marks are accents; elsewhere (Thai, Devanagari) they are vowels. */
static bool
accent_script(UChar32 c)
{
	UErrorCode	st = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript(c, &st);

	return sc == USCRIPT_LATIN || sc == USCRIPT_CYRILLIC || sc == USCRIPT_GREEK ||
		sc == USCRIPT_ARABIC || sc == USCRIPT_HEBREW;
}

static bool
is_mark(UChar32 c)
{
	int8_t		t = u_charType(c);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

/* Arabic letters people write interchangeably (hamza seats, final yeh/alef maksura, teh marbuta). */
static UChar32
arabic_letter(UChar32 c)
{
	switch (c)
	{
		case 0x0622:
		case 0x0623:
		case 0x0625:
		case 0x0671:
			return 0x0627;
		case 0x0649:
			return 0x064A;
		case 0x0629:
			return 0x0647;
		default:
			return c;
	}
}

static char *
put_utf8(char *p, UChar32 c)
{
	if (c < 0x80)
		*p++ = (char) c;
	else if (c < 0x800)
	{
		*p++ = (char) (0xC0 | (c >> 6));
		*p++ = (char) (0x80 | (c & 0x3F));
	}
	else if (c < 0x10000)
	{
		*p++ = (char) (0xE0 | (c >> 12));
		*p++ = (char) (0x80 | ((c >> 6) & 0x3F));
		*p++ = (char) (0x80 | (c & 0x3F));
	}
	else
	{
		*p++ = (char) (0xF0 | (c >> 18));
		*p++ = (char) (0x80 | ((c >> 12) & 0x3F));
		*p++ = (char) (0x80 | ((c >> 6) & 0x3F));
		*p++ = (char) (0x80 | (c & 0x3F));
	}
	return p;
}

/*
 * Fold one code point onto the full and bare forms.  *accent_base says
 * whether the last base letter belongs to an accent script, so that a
 * combining mark standing alone (Arabic harakat) is dropped or kept with it.
 * The full form keeps accents (Vietnamese tones carry meaning); the bare form
 * drops them, and letters with a stroke lose it.
 */
static void
fold_codepoint(UChar32 c, const UNormalizer2 *nfd, bool *accent_base, char **full, char **bare)
{
	UChar		dec[8];
	int32_t		n;
	UErrorCode	st = U_ZERO_ERROR;

	if (c < 0x80)
	{
		/* ASCII, most of many reports: no ICU call needed */
		c = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
		*accent_base = true;
		*(*full)++ = (char) c;
		*(*bare)++ = (char) c;
		return;
	}
	if (c == 0x0640 || c == 0x093C)	/* tatweel, nukta: spelling noise */
		return;
	if (is_mark(c))
	{
		if (!*accent_base)
		{
			*full = put_utf8(*full, c);
			*bare = put_utf8(*bare, c);
		}
		else
			*full = put_utf8(*full, c);
		return;
	}
	c = arabic_letter(c);
	*accent_base = accent_script(c);
	*full = put_utf8(*full, u_foldCase(c, U_FOLD_CASE_DEFAULT));

	n = unorm2_getDecomposition(nfd, c, dec, lengthof(dec), &st);
	if (U_FAILURE(st) || n <= 0)
	{
		*bare = put_utf8(*bare, u_foldCase(tst_strip_stroke(c), U_FOLD_CASE_DEFAULT));
		return;
	}
	for (int32_t i = 0; i < n;)
	{
		UChar32		d;

		U16_NEXT(dec, i, n, d);
		if (is_mark(d) && *accent_base)
			continue;
		*bare = put_utf8(*bare, u_foldCase(tst_strip_stroke(d), U_FOLD_CASE_DEFAULT));
	}
}

static const UNormalizer2 *
nfd_instance(void)
{
	UErrorCode	st = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);

	tst_check_icu(st, "NFD normalizer");
	return nfd;
}

/* The text in NFC, so that offsets and folding do not depend on how it was composed. */
static UChar *
to_nfc(UChar *u, int32_t *ulen)
{
	UErrorCode	st = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
	int32_t		cap,
				n;
	UChar	   *out;

	tst_check_icu(st, "NFC normalizer");
	if (unorm2_quickCheck(nfc, u, *ulen, &st) == UNORM_YES && U_SUCCESS(st))
		return u;
	st = U_ZERO_ERROR;
	cap = *ulen * 3 + 16;		/* NFC output never exceeds 3x its input */
	out = palloc(cap * sizeof(UChar));
	n = unorm2_normalize(nfc, u, *ulen, out, cap, &st);
	tst_check_icu(st, "NFC normalization");
	*ulen = n;
	return out;
}

static int
script_slot(UChar32 c)
{
	UErrorCode	st = U_ZERO_ERROR;

	switch (uscript_getScript(c, &st))
	{
		case USCRIPT_LATIN:
			return 0;
		case USCRIPT_CYRILLIC:
			return 1;
		case USCRIPT_ARABIC:
			return 2;
		case USCRIPT_THAI:
			return 3;
		case USCRIPT_HAN:
			return 4;
		case USCRIPT_DEVANAGARI:
			return 5;
		default:
			return -1;
	}
}

/* Letters that, within their script, only one of the languages uses. */
static int
marker_language(UChar32 c)
{
	switch (c)
	{
		case 0x0456:			/* і ї є ґ */
		case 0x0457:
		case 0x0454:
		case 0x0491:
			return 6;			/* uk */
		case 0x044B:			/* ы э ъ ё */
		case 0x044D:
		case 0x044A:
		case 0x0451:
			return 5;			/* ru */
		case 0x01A1:			/* ơ ư đ */
		case 0x01B0:
		case 0x0111:
			return LEX_LANG_VI;
		case 0x0105:			/* ą ć ę ł ń ś ź ż */
		case 0x0107:
		case 0x0119:
		case 0x0142:
		case 0x0144:
		case 0x015B:
		case 0x017A:
		case 0x017C:
			return 7;			/* pl */
		case 0x0219:			/* ș ş ț ţ ă */
		case 0x015F:
		case 0x021B:
		case 0x0163:
		case 0x0103:
			return 8;			/* ro */
		case 0x00E3:			/* ã õ */
		case 0x00F5:
			return 3;			/* pt */
		case 0x00F1:			/* ñ ¿ ¡ */
		case 0x00BF:
		case 0x00A1:
			return 1;			/* es */
		case 0x00E8:			/* è ë œ ù û ï */
		case 0x00EB:
		case 0x0153:
		case 0x00F9:
		case 0x00FB:
		case 0x00EF:
			return 2;			/* fr */
		default:
			/* precomposed Vietnamese letters with tone marks */
			return (c >= 0x1EA0 && c <= 0x1EF9) ? LEX_LANG_VI : -1;
	}
}

LexText *
lex_tokenize(const char *utf8, int len)
{
	LexText    *t = palloc0(sizeof(LexText));
	UErrorCode	st = U_ZERO_ERROR;
	const UNormalizer2 *nfd = nfd_instance();
	UChar	   *u;
	int32_t		ulen,
				prev,
				end,
				cap = 16;
	int32_t    *cp;
	char	   *fullbuf,
			   *barebuf;
	bool		gap_space = false,
				gap_clause = false,
				gap_sentence = false,
				gap_other = false,
				thai,
				prev_thai = false;

	t->utf8 = utf8;
	t->utf8len = len;
	u = palloc((len + 1) * sizeof(UChar));
	u_strFromUTF8(u, len + 1, &ulen, utf8, len, &st);
	tst_check_icu(st, "UTF-8 conversion");
	{
		UChar	   *nfc = to_nfc(u, &ulen);

		/* offsets count NFC characters: keep the NFC text for the evidence spans */
		if (nfc != u)
		{
			char	   *out = palloc(ulen * 3 + 1);
			int32_t		outlen;

			st = U_ZERO_ERROR;
			u_strToUTF8(out, ulen * 3 + 1, &outlen, nfc, ulen, &st);
			tst_check_icu(st, "UTF-8 conversion");
			t->utf8 = out;
			t->utf8len = outlen;
			u = nfc;
		}
	}

	/* code point index of every UTF-16 unit, and the letter counts by script */
	cp = palloc((ulen + 1) * sizeof(int32_t));
	for (int32_t i = 0, n = 0; i < ulen; n++)
	{
		int32_t		at = i;
		UChar32		c;
		int			slot,
					lang;

		U16_NEXT(u, i, ulen, c);
		for (int32_t k = at; k < i; k++)
			cp[k] = n;
		cp[i] = n + 1;
		if (c < 0x80)
		{
			if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
				t->script_letters[0]++;
			continue;
		}
		if (!u_isalpha(c))
			continue;
		if ((slot = script_slot(c)) >= 0)
			t->script_letters[slot]++;
		if ((lang = marker_language(u_tolower(c))) >= 0)
			t->marker_letters[lang]++;
	}
	if (ulen == 0)
		cp[0] = 0;
	t->nchars = cp[ulen];

	if (word_breaker == NULL)
	{
		st = U_ZERO_ERROR;
		word_breaker = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
		tst_check_icu(st, "word break iterator");
	}
	st = U_ZERO_ERROR;
	ubrk_setText(word_breaker, u, ulen, &st);
	tst_check_icu(st, "word break iterator");

	fullbuf = palloc(ulen * FULL_BYTES_PER_UNIT + 1);
	barebuf = palloc(ulen * BARE_BYTES_PER_UNIT + 1);
	t->tokens = palloc(cap * sizeof(LexToken));

	prev = ubrk_first(word_breaker);
	for (end = ubrk_next(word_breaker); end != UBRK_DONE; prev = end, end = ubrk_next(word_breaker))
	{
		int32_t		status = ubrk_getRuleStatus(word_breaker);
		bool		accent_base = false;
		LexToken   *tok = NULL;

		if ((t->ntokens & 4095) == 0)
			CHECK_FOR_INTERRUPTS();

		if (status < UBRK_WORD_NONE_LIMIT)
		{
			for (int32_t i = prev; i < end;)
			{
				UChar32		c;

				U16_NEXT(u, i, end, c);
				if (is_clause_break(c))
					gap_clause = true;
				if (is_sentence_break(c))
					gap_sentence = true;
				else if (u_isUWhiteSpace(c))
					gap_space = true;
				else if (!is_apostrophe_or_hyphen(c))
					gap_other = true;
			}
			continue;
		}

		for (int32_t i = prev; i < end;)
		{
			int32_t		at = i;
			UChar32		c;

			U16_NEXT(u, i, end, c);
			if (is_apostrophe_or_hyphen(c))
			{
				tok = NULL;		/* split inside the word; the next part is joined */
				continue;
			}
			if (tok == NULL)
			{
				if (t->ntokens == cap)
				{
					cap *= 2;
					t->tokens = repalloc(t->tokens, cap * sizeof(LexToken));
				}
				tok = &t->tokens[t->ntokens++];
				tok->start = cp[at];
				tok->full = fullbuf;
				tok->bare = barebuf;
				tok->number = status < UBRK_WORD_LETTER;
				tok->joined = t->ntokens > 1 && !gap_space && !gap_clause && !gap_other;
				/* Thai writes a space between clauses, where others write punctuation */
				thai = script_slot(c) == 3;
				tok->clause = gap_clause || (gap_space && thai && prev_thai);
				tok->sentence = gap_sentence;
				prev_thai = thai;
				gap_space = gap_clause = gap_sentence = gap_other = false;
			}
			fold_codepoint(c, nfd, &accent_base, &fullbuf, &barebuf);
			tok->end = cp[i];
			tok->fulllen = fullbuf - tok->full;
			tok->barelen = barebuf - tok->bare;
			/* keep each token's forms NUL-terminated for debugging and strcmp */
			if (i == end || is_apostrophe_or_hyphen(u[i]))
			{
				*fullbuf++ = '\0';
				*barebuf++ = '\0';
			}
		}
	}
	/* Arabic writes "and"/"so" (و, ف) glued to the next word: matching retries without it */
	for (int i = 0; i < t->ntokens; i++)
	{
		LexToken   *tok = &t->tokens[i];
		const unsigned char *b = (const unsigned char *) tok->bare;
		int			ascii_letters = 0;

		for (int k = 0; k < tok->barelen && ascii_letters >= 0; k++)
			ascii_letters = b[k] >= 0x80 ? -1 : ascii_letters + ((b[k] >= 'a' && b[k] <= 'z') ? 1 : 0);
		if (ascii_letters > 0)
			t->ascii_token_letters += ascii_letters;

		tok->clitic = 0;
		if (tok->barelen >= 6 && b[0] == 0xD9 && (b[1] == 0x88 || b[1] == 0x81))
			tok->clitic = 2;
	}
	ubrk_setText(word_breaker, NULL, 0, &st);
	return t;
}

int
lex_language(const char *code, int len)
{
	for (int i = 0; i < LEX_LANGS; i++)
		if (strlen(vocab_languages[i]) == len && memcmp(vocab_languages[i], code, len) == 0)
			return i;
	return -1;
}

/* ---------------------------------------------------------------------------
 * Compiled lexicons
 * ---------------------------------------------------------------------------
 */
typedef enum ElemKind
{
	ELEM_WORD,					/* the concatenation of one or more joined tokens */
	ELEM_STAR,					/* a token starting with the string */
	ELEM_GAP,					/* up to LEX_GAP other tokens */
	ELEM_NUMBER					/* any number token (#) */
} ElemKind;

#define LEX_GAP 3
#define LEX_BUCKETS 1024

/* Bucket of a variant by the first two code points of its first element (0: only one). */
#define LEX_BUCKET(c1, c2) ((((uint32) (c1)) * 31 + (uint32) (c2)) % LEX_BUCKETS)

typedef struct LexElem
{
	const char *s;
	int			len;
	ElemKind	kind;
	int			stem;			/* ELEM_WORD of an inflected language: bytes of its stem, else 0 */
	int			tail;			/* code points of ending the stem may take */
} LexElem;

/* Inflectional endings a stem may take: at most this many code points. */
#define LEX_STEM_TAIL 3
/* ... after a stem of at least this many. */
#define LEX_STEM_MIN 4

typedef struct LexVariant
{
	int			row;
	bool		use_full;		/* compare with tokens' full forms */
	int			nelem;
	LexElem    *elem;
	UChar32		first;			/* first code point of the first element, or 0 for # */
	UChar32		second;			/* its second code point, 0 if it has one only */
	bool		self_negative;	/* an element is a negation cue of the language */
	bool		long_hours;		/* an hours pattern with #: its numbers must tell of long work */
	bool		violence;		/* a physical abuse pattern: a condition near it makes it a threat */
	struct LexVariant *next;
} LexVariant;

typedef struct LexCompiled
{
	bool		ready;
	bool		has_full;		/* some variants compare full forms (Vietnamese) */
	LexVariant *bucket[LEX_BUCKETS];
	LexVariant *numbered;		/* variants starting with # */
	LexElem    *cues;
	int			ncues;
	const char **stops;
	int			nstops;
	LexElem    *conds;
	int			nconds;
	LexElem    *posts;
	int			nposts;
	LexElem    *minors;			/* number words under 18, matched by # */
	int			nminors;
} LexCompiled;

static LexCompiled compiled[LEX_LANGS];
static MemoryContext lexicon_context = NULL;

static UChar32
first_codepoint(const char *s, int len)
{
	UChar32		c;
	int32_t		i = 0;

	if (len == 0)
		return 0;
	U8_NEXT(s, i, len, c);
	return c;
}

/* Fold one pattern word (no spaces) to its full and bare forms (palloc'd). */
static void
fold_word(const char *w, int len, char **full, char **bare)
{
	const UNormalizer2 *nfd = nfd_instance();
	UErrorCode	st = U_ZERO_ERROR;
	UChar	   *u = palloc((len + 1) * sizeof(UChar));
	int32_t		ulen;
	char	   *f,
			   *b;
	bool		accent_base = false;

	u_strFromUTF8(u, len + 1, &ulen, w, len, &st);
	tst_check_icu(st, "UTF-8 conversion");
	u = to_nfc(u, &ulen);
	*full = f = palloc(ulen * FULL_BYTES_PER_UNIT + 1);
	*bare = b = palloc(ulen * BARE_BYTES_PER_UNIT + 1);
	for (int32_t i = 0; i < ulen;)
	{
		UChar32		c;

		U16_NEXT(u, i, ulen, c);
		if (!is_apostrophe_or_hyphen(c))
			fold_codepoint(c, nfd, &accent_base, &f, &b);
	}
	*f = '\0';
	*b = '\0';
}

/* Split a pattern into elements; bare or full forms. */
static LexElem *
compile_pattern(const char *pattern, bool use_full, int *nelem)
{
	int			cap = 8,
				n = 0;
	LexElem    *elem = palloc(cap * sizeof(LexElem));
	const char *p = pattern;

	while (*p)
	{
		const char *w;
		int			len;
		LexElem    *e;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ')
			p++;
		len = p - w;
		if (n == cap)
		{
			cap *= 2;
			elem = repalloc(elem, cap * sizeof(LexElem));
		}
		e = &elem[n++];
		e->stem = 0;
		e->tail = 0;
		if (len == 1 && *w == '~')
			e->kind = ELEM_GAP;
		else if (len == 1 && *w == '#')
			e->kind = ELEM_NUMBER;
		else
		{
			char	   *full,
					   *bare;

			e->kind = w[len - 1] == '*' ? ELEM_STAR : ELEM_WORD;
			fold_word(w, e->kind == ELEM_STAR ? len - 1 : len, &full, &bare);
			e->s = use_full ? full : bare;
			e->len = strlen(e->s);
			if (e->len == 0)
				n--;			/* a word of punctuation only matches nothing */
		}
	}
	*nelem = n;
	return elem;
}

/*
 * Languages whose words inflect with endings (Romance, Slavic, English, and
 * Tagalog and Swahili, whose suffixes also follow the stem): a pattern word
 * written in its dictionary form also matches the word with a short ending.
 * Arabic gets the attached pronouns (جوازي "my passport", كليته "his
 * kidney"): two letters at most.  Vietnamese, Thai and Chinese do not
 * inflect; Hindi writes its endings as separate words or inside the vowel
 * signs.  Returns the longest ending in code points, 0 for none.
 */
static int
inflected_language(int lang)
{
	const char *code = vocab_languages[lang];

	if (strcmp(code, "ar") == 0)
		return 2;
	return strcmp(code, "en") == 0 || strcmp(code, "es") == 0 || strcmp(code, "fr") == 0 ||
		strcmp(code, "pt") == 0 || strcmp(code, "ro") == 0 || strcmp(code, "pl") == 0 ||
		strcmp(code, "ru") == 0 || strcmp(code, "uk") == 0 || strcmp(code, "sw") == 0 ||
		strcmp(code, "tl") == 0 ? LEX_STEM_TAIL : 0;
}

/* A final vowel of a bare (accentless, case-folded) Latin or Cyrillic word. */
static bool
stem_vowel(UChar32 c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' ||
		c == 0x430 || c == 0x435 || c == 0x438 || c == 0x43E || c == 0x443 ||
		c == 0x44B || c == 0x44C || c == 0x44F || c == 0x44E || c == 0x456 ||
		c == 0x439 || c == 0x454 || c == 0x457;
}

/*
 * The stem of a pattern word: the word without one final vowel (a dictionary
 * form's ending: `ferma` -> `ferm`, `паспорта` is `паспорт` + `а`), when at
 * least LEX_STEM_MIN code points remain; 0 when it has none.
 */
static int
word_stem(const char *s, int len)
{
	int32_t		i = 0,
				last = 0,
				nchars = 0;
	UChar32		c = 0;

	while (i < len)
	{
		last = i;
		U8_NEXT(s, i, len, c);
		if (c < 0 || !u_isalpha(c))
			return 0;
		nchars++;
	}
	if (stem_vowel(c))
	{
		nchars--;
		len = last;
	}
	return nchars >= LEX_STEM_MIN ? len : 0;
}

static void
add_variant(LexCompiled *lc, int row, bool use_full)
{
	LexVariant *v = palloc0(sizeof(LexVariant));

	v->row = row;
	v->use_full = use_full;
	lc->has_full |= use_full;
	v->elem = compile_pattern(lexicon_rows[row].pattern, use_full, &v->nelem);
	if (v->nelem == 0 || v->elem[0].kind == ELEM_GAP)
		return;
	if (lexicon_rows[row].kind == LEX_TERM)
	{
		static int64 hours = 0,
					violence = 0;

		if (hours == 0)
		{
			hours = vocab_code_of_path("control/excessive_working_hours");
			violence = vocab_code_of_path("control/physical_abuse");
		}
		for (int i = 0; i < v->nelem && lexicon_rows[row].term == hours; i++)
			v->long_hours |= v->elem[i].kind == ELEM_NUMBER;
		v->violence = lexicon_rows[row].term == violence;
	}
	if (!use_full && inflected_language(lexicon_rows[row].lang) > 0)
		for (int i = 0; i < v->nelem; i++)
			if (v->elem[i].kind == ELEM_WORD)
			{
				v->elem[i].stem = word_stem(v->elem[i].s, v->elem[i].len);
				v->elem[i].tail = inflected_language(lexicon_rows[row].lang);
			}
	if (v->elem[0].kind == ELEM_NUMBER)
	{
		v->next = lc->numbered;
		lc->numbered = v;
		return;
	}
	v->first = first_codepoint(v->elem[0].s, v->elem[0].len);
	v->second = first_codepoint(v->elem[0].s + U8_LENGTH(v->first),
								v->elem[0].len - U8_LENGTH(v->first));
	v->next = lc->bucket[LEX_BUCKET(v->first, v->second)];
	lc->bucket[LEX_BUCKET(v->first, v->second)] = v;
}

static int
word_elements(const LexVariant *v)
{
	int			n = 0;

	for (int i = 0; i < v->nelem; i++)
		n += v->elem[i].kind == ELEM_WORD || v->elem[i].kind == ELEM_STAR;
	return n;
}

/* Compile a language's rows once per backend, in a long-lived context. */
static const LexCompiled *
lexicon(int lang)
{
	LexCompiled *lc = &compiled[lang];
	MemoryContext old;
	int			cuecap = 16,
				stopcap = 64;

	if (lc->ready)
		return lc;
	if (lexicon_context == NULL)
		lexicon_context = AllocSetContextCreate(TopMemoryContext, "tst_hub lexicons",
												ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(lexicon_context);
	lc->cues = palloc(cuecap * sizeof(LexElem));
	lc->stops = palloc(stopcap * sizeof(char *));
	for (int r = 0; r < lexicon_row_count; r++)
	{
		const LexiconRow *row = &lexicon_rows[r];

		if (row->lang != lang)
			continue;
		if (LEX_PATTERN_KIND(row->kind))
		{
			add_variant(lc, r, lang == LEX_LANG_VI);
			/*
			 * Vietnamese typed without tones: a pattern of two or more words
			 * also matches bare (one toneless syllable is too ambiguous).
			 */
			if (lang == LEX_LANG_VI)
			{
				LexVariant	tmp = {0};

				tmp.elem = compile_pattern(row->pattern, false, &tmp.nelem);
				if (word_elements(&tmp) >= 2)
					add_variant(lc, r, false);
			}
		}
		else if (row->kind == LEX_CONDITION || row->kind == LEX_POST_NEGATION ||
				 row->kind == LEX_MINOR)
		{
			int			n;
			LexElem    *e = compile_pattern(row->pattern, false, &n);
			LexElem   **list = row->kind == LEX_CONDITION ? &lc->conds :
				row->kind == LEX_MINOR ? &lc->minors : &lc->posts;
			int		   *count = row->kind == LEX_CONDITION ? &lc->nconds :
				row->kind == LEX_MINOR ? &lc->nminors : &lc->nposts;

			if (n != 1)
				continue;
			*list = *list ? repalloc(*list, (*count + 1) * sizeof(LexElem)) : palloc(sizeof(LexElem));
			(*list)[(*count)++] = e[0];
		}
		else if (row->kind == LEX_NEGATION)
		{
			int			n;
			LexElem    *e = compile_pattern(row->pattern, false, &n);

			if (n != 1)
				continue;
			if (lc->ncues == cuecap)
			{
				cuecap *= 2;
				lc->cues = repalloc(lc->cues, cuecap * sizeof(LexElem));
			}
			lc->cues[lc->ncues++] = e[0];
		}
		else
		{
			int			n;
			LexElem    *e = compile_pattern(row->pattern, false, &n);

			if (n != 1)
				continue;
			if (lc->nstops == stopcap)
			{
				stopcap *= 2;
				lc->stops = repalloc(lc->stops, stopcap * sizeof(char *));
			}
			lc->stops[lc->nstops++] = e[0].s;
		}
	}
	/* a pattern that holds a cue is a negative phrase: a cue before it belongs to it */
	for (int b = 0; b < LEX_BUCKETS + 1; b++)
		for (LexVariant *v = b < LEX_BUCKETS ? lc->bucket[b] : lc->numbered; v; v = v->next)
			for (int e = 0; e < v->nelem && !v->self_negative; e++)
				for (int c = 0; c < lc->ncues && !v->self_negative; c++)
				{
					/* cues are compiled bare; compare the element's bare form */
					char	   *full,
							   *bare;

					if (v->elem[e].kind != ELEM_WORD)
						continue;
					fold_word(v->elem[e].s, v->elem[e].len, &full, &bare);
					v->self_negative = strcmp(bare, lc->cues[c].s) == 0;
				}
	MemoryContextSwitchTo(old);
	lc->ready = true;
	return lc;
}

/* Every language's stop words, folded, sorted, with the languages using each. */
typedef struct StopWord
{
	const char *word;
	uint32		langs;			/* bit per language */
} StopWord;

static StopWord *stop_words = NULL;
static int	nstop_words = 0;

static int
stop_cmp(const void *a, const void *b)
{
	return strcmp(((const StopWord *) a)->word, ((const StopWord *) b)->word);
}

static void
load_stop_words(void)
{
	MemoryContext old;
	int			n = 0,
				kept = 0;
	StopWord   *w;

	for (int lang = 0; lang < LEX_LANGS; lang++)
		n += lexicon(lang)->nstops;
	old = MemoryContextSwitchTo(lexicon_context);
	w = palloc(Max(n, 1) * sizeof(StopWord));
	n = 0;
	for (int lang = 0; lang < LEX_LANGS; lang++)
		for (int k = 0; k < compiled[lang].nstops; k++)
		{
			w[n].word = compiled[lang].stops[k];
			w[n++].langs = ((uint32) 1) << lang;
		}
	qsort(w, n, sizeof(StopWord), stop_cmp);
	for (int i = 0; i < n; i++)
	{
		if (kept > 0 && strcmp(w[kept - 1].word, w[i].word) == 0)
			w[kept - 1].langs |= w[i].langs;
		else
			w[kept++] = w[i];
	}
	MemoryContextSwitchTo(old);
	nstop_words = kept;
	stop_words = w;
}

uint32
lex_stop_languages(const LexToken *tok)
{
	StopWord	key;
	StopWord   *hit;

	if (stop_words == NULL)
		load_stop_words();
	key.word = tok->bare;
	hit = bsearch(&key, stop_words, nstop_words, sizeof(StopWord), stop_cmp);
	return hit ? hit->langs : 0;
}

/* ---------------------------------------------------------------------------
 * Matching
 * ---------------------------------------------------------------------------
 */

/* Tokens one element covers from token i, skipping skip bytes of it (0: no match). */
static int
match_elem_at(const LexElem *e, bool use_full, const LexText *t, int i, int skip)
{
	const LexToken *tok = &t->tokens[i];
	int			pos = -skip;

	if (e->kind == ELEM_NUMBER)
		return tok->number ? 1 : 0;
	if (e->kind == ELEM_STAR)
	{
		const char *s = (use_full ? tok->full : tok->bare) + skip;
		int			len = (use_full ? tok->fulllen : tok->barelen) - skip;

		return len >= e->len && memcmp(s, e->s, e->len) == 0 ? 1 : 0;
	}
	if (e->stem > 0 && !use_full)
	{
		/* the stem and a short ending, in one token (pasaportes, паспортами) */
		const char *s = tok->bare + skip;
		int			len = tok->barelen - skip;

		if (len >= e->stem && memcmp(s, e->s, e->stem) == 0 &&
			(i + 1 >= t->ntokens || !t->tokens[i + 1].joined))
		{
			int32_t		k = e->stem;
			int			tail = 0;
			UChar32		c;

			while (k < len && tail <= e->tail)
			{
				U8_NEXT(s, k, len, c);
				if (c < 0 || !u_isalpha(c))
					break;
				tail++;
			}
			if (k == len && tail <= e->tail)
				return 1;
		}
	}
	for (int j = i; j < t->ntokens; j++)
	{
		const LexToken *tj = &t->tokens[j];
		const char *s = use_full ? tj->full : tj->bare;
		int			len = use_full ? tj->fulllen : tj->barelen;

		if (j > i && !tj->joined)
			break;
		if (j == i)
		{
			s += skip;
			len -= skip;
			pos = 0;
		}
		if (len > e->len - pos || memcmp(e->s + pos, s, len) != 0)
			break;
		pos += len;
		if (pos == e->len)
			return j - i + 1;
	}
	return 0;
}

static int
match_elem(const LexElem *e, bool use_full, const LexText *t, int i)
{
	int			n = match_elem_at(e, use_full, t, i, 0);

	if (n == 0 && t->tokens[i].clitic > 0 && !use_full)
		n = match_elem_at(e, use_full, t, i, t->tokens[i].clitic);
	return n;
}

/* Last token of a match of elements ei.. from token i, or -1. */
static int
match_from(const LexVariant *v, int ei, const LexText *t, int i)
{
	const LexElem *e;
	int			n;

	if (ei == v->nelem)
		return i - 1;
	if (i >= t->ntokens)
		return -1;
	e = &v->elem[ei];
	if (e->kind == ELEM_GAP)
	{
		for (int skip = 0; skip <= LEX_GAP && i + skip < t->ntokens; skip++)
		{
			int			r;

			if (t->tokens[i + skip].clause)
				break;
			r = match_from(v, ei + 1, t, i + skip);
			if (r >= 0)
				return r;
		}
		return -1;
	}
	if (ei > 0 && t->tokens[i].clause)
		return -1;
	if (e->kind == ELEM_NUMBER && !t->tokens[i].number)
	{
		/* # also stands for a number word under 18 (twelve, doce, 十二) */
		const LexCompiled *lc = &compiled[lexicon_rows[v->row].lang];

		n = 0;
		for (int k = 0; k < lc->nminors && n == 0; k++)
			n = match_elem(&lc->minors[k], false, t, i);
		if (n == 0)
			return -1;
		return match_from(v, ei + 1, t, i + n);
	}
	n = match_elem(e, v->use_full, t, i);
	if (n == 0)
		return -1;
	return match_from(v, ei + 1, t, i + n);
}

static bool
no_space_language(int lang)
{
	return lang == LEX_LANG_TH || lang == LEX_LANG_ZH;
}

/*
 * Is there a negation cue shortly before the match (within its clause), or
 * a post-negation right after it (Hindi मारा नहीं, "did not hit")?
 */
static bool
negated(const LexCompiled *lc, int lang, const LexText *t, int first, int last)
{
	int			window = no_space_language(lang) ? 4 : 3;

	for (int k = last + 1; k < t->ntokens && k <= last + 2 && lc->nposts > 0; k++)
	{
		if (t->tokens[k].clause)
			break;
		for (int c = 0; c < lc->nposts; c++)
			if (match_elem(&lc->posts[c], false, t, k) > 0)
				return true;
	}

	for (int k = first - 1; k >= 0 && k >= first - window; k--)
	{
		if (t->tokens[k + 1].clause)
			break;
		for (int c = 0; c < lc->ncues; c++)
		{
			const LexElem *cue = &lc->cues[c];
			int			n = match_elem(cue, false, t, k);

			if (n > 0 && k + n <= first)
			{
				/* "beat him if he does not scam": a condition, not a denial */
				bool		condition = false;

				for (int j = k - 1; j >= 0 && j >= k - 3 && !condition; j--)
				{
					if (t->tokens[j + 1].clause)
						break;
					for (int d = 0; d < lc->nconds && !condition; d++)
						condition = match_elem(&lc->conds[d], false, t, j) > 0;
				}
				if (!condition)
					return true;
				continue;
			}
			/* without spaces a cue may be glued to the words around it (也没有, ไม่ให้) */
			if (n == 0 && no_space_language(lang) &&
				t->tokens[k].barelen > cue->len &&
				strstr(t->tokens[k].bare, cue->s) != NULL)
				return true;
		}
	}
	return false;
}

/* The value of a token of digits (any script), or -1 when it is not one or too large. */
static int
number_value(const LexText *t, int i)
{
	const char *s = t->tokens[i].bare;
	int32_t		k = 0,
				len = t->tokens[i].barelen;
	int			value = 0;

	while (k < len)
	{
		UChar32		c;
		int32_t		d;

		U8_NEXT(s, k, len, c);
		d = c < 0 ? -1 : u_charDigitValue(c);
		if (d < 0 || value > 1000)
			return -1;
		value = value * 10 + d;
	}
	return value;
}

/* An age match tells of a child when its numbers are ages under 18 (number words are). */
static bool
age_of_child(const LexText *t, int first, int last)
{
	for (int i = first; i <= last; i++)
		if (t->tokens[i].number)
		{
			int			v = number_value(t, i);

			if (v < 1 || v >= 18)
				return false;
		}
	return true;
}

/*
 * Hours written in digits tell of long work when there are at least
 * LONG_HOURS of them ("14 horas", "12-14 часов", "80 hours a week") or, for a
 * span of two clock times, when it lasts LONG_HOURS_SPAN hours or more or
 * runs past midnight ("od 6 do 23", "de 10 a 2").  Number words (eight,
 * doce) are not read: "eight hours" is an ordinary day.
 */
#define LONG_HOURS 10
#define LONG_HOURS_SPAN 12
static bool
long_hours(const LexText *t, int first, int last)
{
	int			v[2],
				nv = 0;

	for (int i = first; i <= last; i++)
		if (t->tokens[i].number)
		{
			int			x = number_value(t, i);

			if (x < 0)
				return false;
			if (nv < 2)
				v[nv] = x;
			nv++;
		}
	if (nv == 1)
		return v[0] >= LONG_HOURS;
	if (nv == 2 && v[0] <= 24 && v[1] <= 24)
		return v[1] <= v[0] || v[1] - v[0] >= LONG_HOURS_SPAN;
	return false;
}

/*
 * Is a condition word ("if", "si", "якщо", "ถ้า") in the match's clause,
 * shortly before or after it?  "They beat him if he misses the target" and
 * "la frappe si elle veut partir" state violence as a threat that controls.
 */
#define CONDITION_WINDOW 6
static bool
conditional(const LexCompiled *lc, const LexText *t, int first, int last)
{
	for (int k = first - 1; k >= 0 && k >= first - CONDITION_WINDOW; k--)
	{
		if (t->tokens[k + 1].clause)
			break;
		for (int d = 0; d < lc->nconds; d++)
			if (match_elem(&lc->conds[d], false, t, k) > 0)
				return true;
	}
	for (int k = last + 1; k < t->ntokens && k <= last + CONDITION_WINDOW; k++)
	{
		if (t->tokens[k].clause)
			break;
		for (int d = 0; d < lc->nconds; d++)
			if (match_elem(&lc->conds[d], false, t, k) > 0)
				return true;
	}
	return false;
}

static void
add_match(const LexText *t, const LexVariant *v, int first, int last, float4 scale,
		  LexMatch **m, int *n, int *cap)
{
	if (lexicon_rows[v->row].kind == LEX_AGE && !age_of_child(t, first, last))
		return;
	if (v->long_hours && !long_hours(t, first, last))
		return;
	if (*n == *cap)
	{
		*cap *= 2;
		*m = repalloc(*m, *cap * sizeof(LexMatch));
	}
	(*m)[*n].row = v->row;
	(*m)[*n].first = first;
	(*m)[*n].last = last;
	(*m)[*n].weight = lexicon_rows[v->row].weight * scale;
	(*m)[*n].self_negative = v->self_negative;
	(*m)[*n].negated = false;
	(*m)[*n].conditional = v->violence;	/* to be checked once its lexicon is known */
	(*n)++;
}

static void
collect(const LexCompiled *lc, const LexText *t, float4 scale, LexMatch **m, int *n, int *cap)
{
	for (int i = 0; i < t->ntokens; i++)
	{
		const LexToken *tok = &t->tokens[i];

		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
		/* bucket keys: the first letter of the bare form, of the full form, after a clitic */
		for (int key = 0; key < 3; key++)
		{
			bool		full = key == 1;
			const char *s;
			int			len;
			UChar32		c1,
						c2;

			if ((key == 1 && !lc->has_full) || (key == 2 && tok->clitic == 0))
				continue;
			s = full ? tok->full : tok->bare + (key == 2 ? tok->clitic : 0);
			len = full ? tok->fulllen : tok->barelen - (key == 2 ? tok->clitic : 0);
			c1 = first_codepoint(s, len);
			c2 = first_codepoint(s + U8_LENGTH(c1), len - U8_LENGTH(c1));
			/* a one-letter token may continue in the next, glued one (扣 + 证件) */
			if (c2 == 0 && i + 1 < t->ntokens && t->tokens[i + 1].joined)
				c2 = full ? first_codepoint(t->tokens[i + 1].full, t->tokens[i + 1].fulllen)
					: first_codepoint(t->tokens[i + 1].bare, t->tokens[i + 1].barelen);
			/* variants keyed by two letters, then those whose first element has one */
			for (int pass = 0; pass < 2; pass++)
			{
				UChar32		k2 = pass == 0 ? c2 : 0;

				if (pass == 0 && c2 == 0)
					continue;
				for (const LexVariant *v = lc->bucket[LEX_BUCKET(c1, k2)]; v; v = v->next)
				{
					int			last;

					if (v->use_full != full || v->first != c1 || v->second != k2)
						continue;
					last = match_from(v, 0, t, i);
					if (last >= 0)
						add_match(t, v, i, last, scale, m, n, cap);
				}
			}
		}
		if (tok->number)
			for (const LexVariant *v = lc->numbered; v; v = v->next)
			{
				int			last = match_from(v, 0, t, i);

				if (last >= 0)
					add_match(t, v, i, last, scale, m, n, cap);
			}
	}
}

/*
 * The order overlapping matches of one facet are resolved in: heavier first
 * ("took ~ passport" over "passport"; a negative phrase such as "not paid"
 * over the plain word), then longer, then earlier.
 */
static int
match_cmp(const void *a, const void *b)
{
	const LexMatch *x = a,
			   *y = b;
	int			lx = x->last - x->first,
				ly = y->last - y->first;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	if (lx != ly)
		return ly - lx;
	if (x->first != y->first)
		return x->first - y->first;
	return x->row - y->row;
}

/* Position order for the evidence. */
static int
match_pos_cmp(const void *a, const void *b)
{
	const LexMatch *x = a,
			   *y = b;

	if (x->first != y->first)
		return x->first - y->first;
	return x->row - y->row;
}

int
lex_match(const LexText *t, int lang, LexMatch **out)
{
	int			cap = 32,
				n = 0,
				kept = 0,
				nprimary;
	LexMatch   *m = palloc(cap * sizeof(LexMatch));
	uint32	   *covered;
	const LexCompiled *primary = lexicon(lang);
	const LexCompiled *english = lexicon(LEX_LANG_EN);

	collect(primary, t, 1.0f, &m, &n, &cap);
	nprimary = n;
	/* messages mix in English words (passport, salary, boss): a weaker second lexicon */
	if (lang != LEX_LANG_EN)
		collect(english, t, 0.7f, &m, &n, &cap);

	/* cues of the match's own lexicon */
	for (int i = 0; i < n; i++)
	{
		const LexCompiled *lc = i < nprimary ? primary : english;

		m[i].negated = !m[i].self_negative &&
			negated(lc, i < nprimary ? lang : LEX_LANG_EN, t, m[i].first, m[i].last);
		if (m[i].conditional)
			m[i].conditional = conditional(lc, t, m[i].first, m[i].last);
	}

	/* per facet, a token belongs to at most one match: the longest */
	qsort(m, n, sizeof(LexMatch), match_cmp);
	covered = palloc0(Max(t->ntokens, 1) * sizeof(uint32));
	for (int i = 0; i < n; i++)
	{
		const LexiconRow *row = &lexicon_rows[m[i].row];
		/* terms by facet; each context kind (child, age, promise, lawful) is its own */
		uint32		bit = ((uint32) 1) << (row->kind == LEX_TERM ?
										   ((uint64) row->term >> 56 & 15) : 16 + row->kind);
		bool		free = true;

		for (int k = m[i].first; k <= m[i].last && free; k++)
			free = (covered[k] & bit) == 0;
		if (!free)
			continue;
		for (int k = m[i].first; k <= m[i].last; k++)
			covered[k] |= bit;
		m[kept++] = m[i];
	}
	qsort(m, kept, sizeof(LexMatch), match_pos_cmp);
	*out = m;
	return kept;
}

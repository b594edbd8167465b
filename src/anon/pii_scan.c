/*
 * pii_scan.c
 *	  The text every PII detector reads: decoded once, digits of every
 *	  script made ASCII, invisible characters dropped, classified, split
 *	  into words (ICU's dictionary BreakIterator inside Thai, Lao, Khmer
 *	  and Myanmar runs, which have no spaces; one word per Han character),
 *	  each word looked up once in the lexicon.  Also the span list and the
 *	  overlap resolution shared by the detectors.
 *
 * Everything here is linear in the text: each character is visited a
 * bounded number of times, whatever it holds (1 MB of digits included).
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/memutils.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "anon/pii.h"
#include "common/common.h"

const char *const pii_kind_names[PII_NKINDS] = {
	"PHONE", "EMAIL", "IBAN", "CARD", "PASSPORT", "NATID", "IP", "URL",
	"HANDLE", "WALLET", "ADDRESS", "NAME"
};

const char *const pii_lang_codes[PII_NLANGS] = {
	"en", "es", "fr", "pt", "ar", "ru", "uk", "pl", "ro", "vi", "th", "zh", "hi", "sw", "tl"
};

int
pii_lang_index(const char *code)
{
	for (int i = 0; i < PII_NLANGS; i++)
		if (strcmp(code, pii_lang_codes[i]) == 0)
			return i;
	return -1;
}

/* Characters that change nothing a reader sees between two digits or letters. */
static bool
is_invisible(UChar32 c)
{
	return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x180E ||
		(c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
		(c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) ||
		(c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
}

static uint8_t
classify(UChar32 c)
{
	uint8_t		k = 0;

	if (c < 0x80)
	{
		k = PC_ASCII;
		if (c >= '0' && c <= '9')
			k |= PC_DIGIT;
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			k |= PC_ALPHA | PC_CASED | ((c <= 'Z') ? PC_UPPER : 0);
		else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			k |= PC_SPACE;
		return k;
	}
	if (u_isUWhiteSpace(c))
		return PC_SPACE;
	if (u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK))
	{
		UErrorCode	st = U_ZERO_ERROR;
		UScriptCode sc = uscript_getScript(c, &st);

		k = PC_ALPHA;
		if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA)
			k |= PC_HAN;
		else if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT)
			k |= PC_SA;
		else if (u_hasBinaryProperty(c, UCHAR_CASED))
			k |= PC_CASED | ((u_isupper(c) || u_istitle(c)) ? PC_UPPER : 0);
	}
	return k;
}

/* ---- lexicon ---- */

static inline uint32_t
fnv_step(uint32_t h, UChar32 c)
{
	return (h ^ (uint32_t) c) * 16777619u;
}

/* Does the entry's key spell words w .. w+nw-1 (lower case, one space between)? */
static bool
key_matches(const PiiText *t, const char *key, int w, int nw)
{
	int32_t		i = 0,
				klen = strlen(key);

	for (int k = 0; k < nw; k++)
	{
		const PiiWord *wd = &t->words[w + k];

		if (k > 0)
		{
			if (i >= klen || key[i] != ' ')
				return false;
			i++;
		}
		for (int j = wd->s; j < wd->e; j++)
		{
			UChar32		c;

			if (i >= klen)
				return false;
			U8_NEXT(key, i, klen, c);
			if (c != t->low[j])
				return false;
		}
	}
	return i == klen;
}

/*
 * Classes of the phrase made of words w .. w+nw-1 (0 if not in the
 * lexicon), with the ambiguous classes kept only when the text's language
 * is one the entry was listed for.
 */
static uint32_t
lex_phrase(const PiiText *t, int w, int nw)
{
	uint32_t	h = 2166136261u;
	uint32_t	mask = pii_lexicon_hash_size - 1;

	if (w < 0 || w + nw > t->nwords)
		return 0;
	if (nw > 1 && !(t->words[w].lex & LX_PHRASE_START))
		return 0;				/* no phrase starts with this word */
	for (int k = 0; k < nw; k++)
	{
		const PiiWord *wd = &t->words[w + k];

		if (k > 0)
		{
			/* a phrase does not run across a sentence or a line */
			for (int j = t->words[w + k - 1].e; j < wd->s; j++)
				if (t->c[j] == '\n' || t->c[j] == '!' || t->c[j] == '?' || t->c[j] == ';')
					return 0;
			h = fnv_step(h, ' ');
		}
		for (int j = wd->s; j < wd->e; j++)
			h = fnv_step(h, t->low[j]);
	}
	for (uint32_t p = h & mask;; p = (p + 1) & mask)
	{
		int32_t		idx = pii_lexicon_hash[p];
		const PiiLexEntry *en;

		if (idx < 0)
			return 0;
		en = &pii_lexicon[idx];
		if (key_matches(t, en->key, w, nw))
		{
			uint32_t	cl = en->classes & ~en->ambiguous & ~LX_STOP;

			/* "em" is a title in Vietnamese and a stop word in Portuguese */
			if (t->lang >= 0 && (en->langs & (1u << t->lang)))
				cl |= en->classes & en->ambiguous;
			if (t->lang >= 0 && (en->stop_langs & (1u << t->lang)))
				cl |= LX_STOP;
			return cl;
		}
	}
}

uint32_t
pii_lex_lookup(const PiiText *t, int w, int nw, int *len_words)
{
	if (nw == 1)
	{
		if (len_words)
			*len_words = 1;
		return (w >= 0 && w < t->nwords) ? t->words[w].lex : 0;
	}
	return lex_phrase(t, w, nw);
}

/*
 * Classes (among those asked) of a lexicon phrase of 1..3 words that ends
 * within maxwords words before position i.
 */
uint32_t
pii_cue_before(const PiiText *t, int i, uint32_t classes, int maxwords)
{
	int			w = -1;

	/* the last word before i, looking back a bounded distance */
	for (int j = i - 1; j >= 0 && j >= i - 48; j--)
		if (t->word_of[j] >= 0)
		{
			w = t->word_of[j];
			break;
		}
	for (int k = 0; w - k >= 0 && k < maxwords; k++)
	{
		int			end = w - k;

		for (int nw = 1; nw <= 3 && end - nw + 1 >= 0; nw++)
		{
			uint32_t	cl = pii_lex_lookup(t, end - nw + 1, nw, NULL) & classes;

			if (cl)
				return cl;
		}
	}
	return 0;
}

/* ---- words ---- */

static void
add_word(PiiText *t, int s, int e, bool number)
{
	PiiWord    *w = &t->words[t->nwords];

	w->s = s;
	w->e = e;
	w->cls = t->cls[s];
	w->number = number;
	w->lex = 0;
	for (int j = s; j < e; j++)
		t->word_of[j] = t->nwords;
	t->nwords++;
}

/* Lexicon keys written in a complex-context script (Thai), found inside runs. */
typedef struct SaKey
{
	UChar32		c[24];
	int			n;
} SaKey;

static SaKey *sa_keys = NULL;
static int	n_sa_keys = 0;
static UBreakIterator *sa_breaker = NULL;

static void
load_sa_keys(void)
{
	int			nk = 0;

	sa_keys = MemoryContextAlloc(TopMemoryContext, sizeof(SaKey) * pii_lexicon_size);
	for (int i = 0; i < pii_lexicon_size; i++)
	{
		const char *key = pii_lexicon[i].key;
		int32_t		j = 0,
					len = strlen(key);
		SaKey	   *k = &sa_keys[nk];
		bool		all_sa = true;

		k->n = 0;
		while (j < len && k->n < 24)
		{
			UChar32		c;

			U8_NEXT(key, j, len, c);
			if (!(classify(c) & PC_SA))
				all_sa = false;
			k->c[k->n++] = c;
		}
		/* only title and cue words: names are left to the dictionary */
		if (all_sa && j == len && k->n > 0 &&
			(pii_lexicon[i].classes & ~(LX_GIVEN | LX_FAMILY)) != 0)
			nk++;
	}
	n_sa_keys = nk;
}

/* Thai (and Lao, Khmer, Myanmar) words: ICU's dictionary breaks plus cue words. */
static void
split_sa_run(PiiText *t, int s, int e)
{
	int			n = e - s;
	bool	   *brk = palloc0((n + 1) * sizeof(bool));
	UChar	   *u = palloc((n + 1) * sizeof(UChar));
	UErrorCode	st = U_ZERO_ERROR;
	int			prev;

	if (sa_keys == NULL)
		load_sa_keys();
	if (sa_breaker == NULL)
	{
		sa_breaker = ubrk_open(UBRK_WORD, "th", NULL, 0, &st);
		tst_check_icu(st, "word break iterator");
	}
	/* complex-context letters are all in the BMP: one UTF-16 unit each */
	for (int j = 0; j < n; j++)
		u[j] = (UChar) t->c[s + j];
	ubrk_setText(sa_breaker, u, n, &st);
	tst_check_icu(st, "word break iterator");
	for (int32_t b = ubrk_first(sa_breaker); b != UBRK_DONE; b = ubrk_next(sa_breaker))
		if (b >= 0 && b <= n)
			brk[b] = true;
	/* a cue word the dictionary splits ("หนังสือ|เดินทาง") is one word */
	for (int k = 0; k < n_sa_keys; k++)
	{
		const SaKey *key = &sa_keys[k];

		for (int j = 0; j + key->n <= n; j++)
		{
			if (t->c[s + j] != key->c[0] || memcmp(&t->c[s + j], key->c, key->n * sizeof(UChar32)) != 0)
				continue;
			/* นาย in นายจ้าง (employer) is no title: the dictionary word must end with it */
			if (!brk[j] || !brk[j + key->n])
				continue;
			for (int m = j + 1; m < j + key->n; m++)
				brk[m] = false;
			brk[j] = brk[j + key->n] = true;
			j += key->n - 1;
		}
	}
	brk[0] = brk[n] = true;
	prev = 0;
	for (int j = 1; j <= n; j++)
		if (brk[j])
		{
			add_word(t, s + prev, s + j, false);
			prev = j;
		}
	pfree(brk);
	pfree(u);
}

static void
split_words(PiiText *t)
{
	int			i = 0;

	while (i < t->n)
	{
		uint8_t		k = t->cls[i];
		int			j = i + 1;

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (k & PC_HAN)
			add_word(t, i, j, false);
		else if (k & PC_SA)
		{
			while (j < t->n && (t->cls[j] & PC_SA))
				j++;
			split_sa_run(t, i, j);
		}
		else if (k & PC_ALPHA)
		{
			while (j < t->n && (t->cls[j] & PC_ALPHA) && !(t->cls[j] & (PC_HAN | PC_SA)))
				j++;
			add_word(t, i, j, false);
		}
		else if (k & PC_DIGIT)
		{
			while (j < t->n && (t->cls[j] & PC_DIGIT))
				j++;
			add_word(t, i, j, true);
		}
		i = j;
	}
	for (int w = 0; w < t->nwords; w++)
	{
		PiiWord    *wd = &t->words[w];
		UChar32		c0 = t->c[wd->s];

		if (wd->number)
			continue;
		wd->lex = lex_phrase(t, w, 1);
		/*
		 * Arabic writes "and", "with", "for", "so" joined to the next word
		 * (وجواز "and passport", ومحمد "and Mohammed"): without a match, try
		 * the word without it, and keep the shorter word if that matches.
		 */
		if (wd->lex == 0 && wd->e - wd->s > 3 &&
			(c0 == 0x0648 || c0 == 0x0628 || c0 == 0x0644 || c0 == 0x0641))
		{
			wd->s++;
			wd->lex = lex_phrase(t, w, 1);
			if (wd->lex == 0)
				wd->s--;
			else
				t->word_of[wd->s - 1] = -1;
		}
	}
}

void
pii_scan(PiiText *t, const char *utf8, int len, int lang)
{
	int32_t		i = 0;
	int			orig = 0,
				digit_run = 0,
				ascii_run = 0;

	memset(t, 0, sizeof(*t));
	t->lang = lang;
	t->c = palloc((len + 1) * sizeof(UChar32));
	t->low = palloc((len + 1) * sizeof(UChar32));
	t->cls = palloc(len + 1);
	t->pos = palloc((len + 1) * sizeof(int));
	t->boff = palloc((len + 1) * sizeof(int));
	while (i < len)
	{
		UChar32		c;

		t->boff[orig] = i;
		U8_NEXT(utf8, i, len, c);
		if (c < 0)
			c = 0xFFFD;
		orig++;
		if (c >= 0x80)
		{
			if (is_invisible(c))
				continue;
			if (c >= 0xFF01 && c <= 0xFF5E)
				c -= 0xFEE0;	/* full-width ASCII */
			else if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER)
			{
				int32_t		v = u_charDigitValue(c);

				if (v >= 0 && v <= 9)
					c = '0' + v;
			}
		}
		t->c[t->n] = c;
		t->cls[t->n] = classify(c);
		t->low[t->n] = c < 0x80 ? ((c >= 'A' && c <= 'Z') ? c + 32 : c) : u_tolower(c);
		t->pos[t->n] = orig - 1;
		if (t->cls[t->n] & PC_DIGIT)
			digit_run++;
		else
			digit_run = 0;
		if ((t->cls[t->n] & PC_ASCII) && (t->cls[t->n] & (PC_DIGIT | PC_ALPHA)))
			ascii_run++;
		else
			ascii_run = 0;
		if (digit_run > t->max_digit_run)
			t->max_digit_run = digit_run;
		if (ascii_run > t->max_ascii_run)
			t->max_ascii_run = ascii_run;
		switch (c)
		{
			case '@':
				t->has_at = true;
				break;
			case '<':
				t->has_lt = true;
				break;
			case '.':
			case ':':
				t->has_dot_or_colon = true;
				break;
			case '(':
			case '[':
				t->has_paren = true;
				break;
			default:
				if (c >= 0x0400 && c <= 0x04FF)
					t->has_cyrillic = true;
		}
		t->n++;
	}
	t->norig = orig;
	t->boff[orig] = len;
	t->pos[t->n] = orig;
	t->word_of = palloc((t->n + 1) * sizeof(int));
	memset(t->word_of, -1, (t->n + 1) * sizeof(int));
	t->words = palloc((t->n + 1) * sizeof(PiiWord));
	split_words(t);
	t->maxspans = 16;
	t->spans = palloc(t->maxspans * sizeof(PiiSpan));
}

char *
pii_ascii_of(const PiiText *t, int s, int e, bool alnum_only)
{
	char	   *out = palloc(e - s + 1);
	int			n = 0;

	for (int j = s; j < e; j++)
	{
		UChar32		c = t->c[j];

		if (c >= 0x80)
			continue;
		if (alnum_only && !(t->cls[j] & (PC_DIGIT | PC_ALPHA)))
			continue;
		out[n++] = (char) c;
	}
	out[n] = '\0';
	return out;
}

/* ---- spans ---- */

void
pii_add(PiiText *t, int s, int e, PiiKind kind, float conf, const char *rule, const char *canon)
{
	PiiSpan    *sp;

	Assert(s >= 0 && s < e && e <= t->n);
	if (t->nspans == t->maxspans)
	{
		t->maxspans *= 2;
		t->spans = repalloc_huge(t->spans, t->maxspans * sizeof(PiiSpan));
	}
	sp = &t->spans[t->nspans++];
	sp->s = s;
	sp->e = e;
	sp->kind = kind;
	sp->conf = conf;
	sp->rule = rule;
	sp->canon = canon;
}

static int
by_priority(const void *a, const void *b)
{
	const PiiSpan *x = a,
			   *y = b;

	if (x->conf != y->conf)
		return x->conf > y->conf ? -1 : 1;
	if (x->e - x->s != y->e - y->s)
		return (x->e - x->s) > (y->e - y->s) ? -1 : 1;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return (int) x->kind - (int) y->kind;
}

static int
by_start(const void *a, const void *b)
{
	const PiiSpan *x = a,
			   *y = b;

	return x->s != y->s ? (x->s < y->s ? -1 : 1) : 0;
}

/*
 * Overlapping candidates: the most confident wins, then the longer one.
 * Each kept span marks its characters, so the work is the total length of
 * the candidates, never quadratic in their number.
 */
void
pii_resolve(PiiText *t)
{
	bool	   *taken;
	int			kept = 0;

	if (t->nspans == 0)
		return;
	qsort(t->spans, t->nspans, sizeof(PiiSpan), by_priority);
	taken = palloc0(t->n + 1);
	for (int k = 0; k < t->nspans; k++)
	{
		PiiSpan    *sp = &t->spans[k];
		bool		free = true;

		for (int j = sp->s; j < sp->e && free; j++)
			free = !taken[j];
		if (!free)
			continue;
		memset(taken + sp->s, 1, sp->e - sp->s);
		t->spans[kept++] = *sp;
	}
	t->nspans = kept;
	qsort(t->spans, t->nspans, sizeof(PiiSpan), by_start);
	pfree(taken);
}

void
pii_detect_all(PiiText *t)
{
	pii_find_net(t);
	pii_find_wallets(t);
	pii_find_documents(t);
	pii_find_numbers(t);
	pii_find_addresses(t);
	pii_find_names(t);
	pii_resolve(t);
}

/*
 * lexicon.h
 *	  The report classifier's per-language data (generated from
 *	  data/lexicon/<lang>.tsv by tools/gen_lexicon.pl) and the text machinery
 *	  shared by detect_language and classify_report: ICU word tokens with
 *	  folded forms, and lexicons compiled against that same tokenizer.
 */
#ifndef TST_HUB_LEXICON_H
#define TST_HUB_LEXICON_H

/* Languages in the order of vocab_languages (and of the generator). */
#define LEX_LANGS 15
#define LEX_LANG_EN 0
#define LEX_LANG_VI 9
#define LEX_LANG_TH 10
#define LEX_LANG_ZH 11
#define LEX_LANG_HI 12

/* Longest report classify_report and detect_language accept (bytes). */
#define LEX_MAX_TEXT_BYTES (1024 * 1024)

typedef enum LexiconKind
{
	LEX_TERM = 0,				/* pattern -> term with a weight */
	LEX_NEGATION = 1,			/* a cue that cancels a following match */
	LEX_STOP = 2,				/* a frequent function word (language detection) */
	LEX_CONDITION = 3,			/* "if": a cue right after it states a condition, not a denial */
	LEX_POST_NEGATION = 4,		/* a cue that follows what it negates (Hindi नहीं) */
	LEX_CHILD = 5,				/* a word for a child (boy, niña, 孩子): context, no term */
	LEX_AGE = 6,				/* an age pattern with # ("# years old"): a child when under 18 */
	LEX_PROMISE = 7,			/* "promised", "offered a job as": what follows was promised */
	LEX_LAWFUL = 8,				/* "overtime is paid", "is it legal": lawful context */
	LEX_MINOR = 9,				/* a number word under 18 (twelve, doce): matches # */
	LEX_EXIT = 10				/* leaving or refusing ("runs away", "se niega"): violence for it is a threat */
} LexiconKind;

/* Kinds compiled and matched like patterns (LEX_TERM and the context kinds). */
#define LEX_PATTERN_KIND(k) ((k) == LEX_TERM || ((k) >= LEX_CHILD && (k) <= LEX_LAWFUL) || (k) == LEX_EXIT)

typedef struct LexiconRow
{
	uint8		lang;			/* index into vocab_languages */
	uint8		kind;			/* LexiconKind */
	const char *pattern;		/* UTF-8, as written in the TSV */
	int64		term;			/* term code for LEX_TERM, else 0 */
	float4		weight;
} LexiconRow;

extern const LexiconRow lexicon_rows[];
extern const int lexicon_row_count;

/* One word of a report, as ICU's word break iterator found it. */
typedef struct LexToken
{
	int32		start;			/* code point offsets in the text (end exclusive) */
	int32		end;
	const char *full;			/* case-folded; Vietnamese tone marks kept */
	const char *bare;			/* case-folded, accents of alphabetic scripts removed */
	int32		fulllen;
	int32		barelen;
	int8		clitic;			/* bytes of a leading Arabic conjunction (و, ف) to retry without */
	bool		number;			/* a run of digits (any script) */
	bool		joined;			/* nothing but an apostrophe or hyphen since the previous token */
	bool		clause;			/* punctuation (or a Thai space) since the previous token */
	bool		sentence;		/* a full stop, ! ? ; or a line break since the previous token */
} LexToken;

typedef struct LexText
{
	const char *utf8;			/* the text tokenized */
	int			utf8len;
	LexToken   *tokens;
	int			ntokens;
	int32		nchars;			/* code points in the text */
	int			script_letters[6];	/* Latin, Cyrillic, Arabic, Thai, Han, Devanagari */
	int			marker_letters[LEX_LANGS];	/* letters only one language of a script uses */
	int			ascii_token_letters;	/* letters in all-ASCII tokens (also URLs, e-mails, handles) */
} LexText;

/* Tokenize UTF-8 text (at most LEX_MAX_TEXT_BYTES; the caller checks). */
extern LexText *lex_tokenize(const char *utf8, int len);

/* Tokenize a SQL text argument; 54000 past LEX_MAX_TEXT_BYTES. */
extern LexText *lex_tokenize_text(struct varlena *arg);

/* Bit per language whose stop words include the token. */
extern uint32 lex_stop_languages(const LexToken *tok);

/* A language's index from its ISO 639-1 code, or -1. */
extern int	lex_language(const char *code, int len);

/*
 * Best language guess and its confidence in [0, 1]; -1 with confidence 0
 * when the text has no letters of a script the lexicons cover.
 */
extern int	lex_detect(const LexText *t, double *confidence);

/* Confidence under which detect_language answers NULL. */
#define LEX_DETECT_MIN_CONFIDENCE 0.5

/* A match of one lexicon pattern in a text. */
typedef struct LexMatch
{
	int			row;			/* index into lexicon_rows */
	int			first;			/* token range, inclusive */
	int			last;
	float4		weight;			/* the row's weight, scaled for a secondary lexicon */
	bool		self_negative;	/* the pattern holds a cue itself ("never went to school") */
	bool		negated;
	bool		conditional;	/* a condition word ("if") in its clause, near it */
} LexMatch;

/*
 * Matches of language lang's patterns (and, scaled down, English ones when
 * lang is not English) in the text: overlapping matches are resolved to the
 * longest, and a negation cue shortly before a match marks it negated.
 * Returns the number of matches; *out is palloc'd.
 */
extern int	lex_match(const LexText *t, int lang, LexMatch **out);

#endif

/*
 * pii.h
 *	  PII detection in free text (issue 12): the scanned text shared by the
 *	  detectors (pii_scan.c), the detectors (pii_numbers.c, pii_net.c,
 *	  pii_wallet.c, pii_address.c, pii_names.c) and the lexicon of names
 *	  and cue words generated from data/pii_names/<lang>.tsv and
 *	  data/pii_cues/<lang>.tsv.
 *
 * Detectors work on a normalised copy of the text: digits of every script
 * are ASCII digits, full-width ASCII is ASCII, and invisible characters
 * (zero-width joiners, bidi marks, soft hyphens) are dropped, so "+٤٤ ٧٧٠٠"
 * or digits with a ZWJ between them read like plain digits.  Every
 * normalised character remembers its position in the original text, so
 * spans are reported (and redacted) in the original, invisible characters
 * inside a span included.
 */
#ifndef TST_HUB_PII_H
#define TST_HUB_PII_H

#include <unicode/utypes.h>

/* Largest text scanned (bytes); past it 54000. */
#define PII_MAX_BYTES (1024 * 1024)

typedef enum PiiKind
{
	PII_PHONE,
	PII_EMAIL,
	PII_IBAN,
	PII_CARD,
	PII_PASSPORT,
	PII_NATID,
	PII_IP,
	PII_URL,
	PII_HANDLE,
	PII_WALLET,
	PII_ADDRESS,
	PII_NAME,
	PII_NKINDS
} PiiKind;

extern const char *const pii_kind_names[PII_NKINDS];

/* Languages, in the order of their bit in lexicon entries. */
#define PII_NLANGS 15
extern const char *const pii_lang_codes[PII_NLANGS];
#define PII_LANG_ANY (-1)

/* Character classes of the normalised text. */
#define PC_DIGIT	0x01		/* ASCII digit after normalisation */
#define PC_ALPHA	0x02		/* letter or combining mark */
#define PC_UPPER	0x04		/* upper- or title-case letter */
#define PC_SPACE	0x08		/* white space */
#define PC_HAN		0x10		/* Han ideograph: one word per character */
#define PC_SA		0x20		/* Thai, Lao, Khmer, Myanmar: words by ICU */
#define PC_ASCII	0x40
#define PC_CASED	0x80		/* letter of a script with case (Latin, Cyrillic, ...) */

/* Lexicon classes (a word or phrase can have several). */
#define LX_GIVEN		0x0001	/* given name */
#define LX_FAMILY		0x0002	/* family name */
#define LX_TITLE		0x0004	/* Mr, senhora, นาย: a name follows */
#define LX_TITLE_POST	0x0008	/* 先生, जी: a name precedes */
#define LX_INTRO		0x0010	/* "my name is": a name follows */
#define LX_ADDR_PRE		0x0020	/* calle, rue, ул.: street name follows */
#define LX_ADDR_POST	0x0040	/* street, road, 路: street name precedes */
#define LX_NUM_MARK		0x0080	/* nr, no, д., số: a house number follows */
#define LX_PHONE_CUE	0x0100	/* tel, phone, телефон */
#define LX_HANDLE_CUE	0x0200	/* whatsapp, telegram, facebook */
#define LX_PASSPORT_CUE 0x0400	/* passport, паспорт, 护照 */
#define LX_ID_CUE		0x0800	/* national ID, DNI, Aadhaar, 身份证 */
#define LX_CONNECTOR	0x1000	/* de, la, wa, van: inside street and person names */
#define LX_STOP			0x2000	/* a common word that is never a name */
#define LX_ABBREV		0x4000	/* written with a dot: "Mr.", "Sra." */
#define LX_RELATION		0x8000	/* sister, boss, pimp: a name may follow */
#define LX_NUMERIC_HANDLE 0x10000	/* QQ: the number after it is an account */
#define LX_PHRASE_START 0x20000	/* first word of a lexicon phrase */
#define LX_INTRO_STRONG 0x40000	/* "меня зовут": a lower-case word after it is a name */
#define LX_SIGNOFF		0x80000	/* thanks, regards, gracias: a name may sign after it */
#define LX_BUSINESS		0x100000	/* Traders, Dhaba, Hotel: a surname before it names a business */
#define LX_NOTNAME		0x200000	/* Kontakt, Perfil, Help: labels and calls, never a name */
#define LX_LEGAL_PRE	0x400000	/* ООО, Công ty TNHH: a company's name follows */
#define LX_LEGAL_POST	0x800000	/* SARL, Ltd, Sp. z o.o.: a company's name precedes */
/* high bits, from data/pii_cues: */
#define LX_ADDR_AREA	0x20000000	/* bairro, kijiji, с.: a district's name follows */
#define LX_ADDR_CUE		0x40000000	/* address, dirección, 地址: an address follows */

typedef struct PiiLexEntry
{
	const char *key;			/* lower-case UTF-8, words joined by one space */
	uint32_t	classes;
	uint32_t	ambiguous;		/* classes valid only in the languages below */
	uint32_t	langs;			/* bit per pii_lang_codes index */
	uint32_t	stop_langs;		/* languages where it is a stop word */
} PiiLexEntry;

/* Generated from data/pii_names (src/anon/pii_lexicon_data.c). */
extern const PiiLexEntry pii_lexicon[];
extern const int pii_lexicon_size;
extern const int32_t pii_lexicon_hash[];	/* open addressing, -1 empty */
extern const int pii_lexicon_hash_size;		/* power of two */
#define PII_LEX_MAX_WORDS 4

/* A word: letters and marks, or digits, or one Han character. */
typedef struct PiiWord
{
	int			s,
				e;				/* [s, e) in the normalised text */
	uint32_t	lex;			/* lexicon classes of this word alone (lang applied) */
	uint8_t		cls;			/* PC_* of the first character */
	bool		number;			/* digits only */
} PiiWord;

typedef struct PiiSpan
{
	int			s,
				e;				/* [s, e) in the normalised text */
	PiiKind		kind;
	float		conf;
	const char *rule;			/* which check made it */
	const char *canon;			/* canonical form for pseudonyms, or NULL */
} PiiSpan;

typedef struct PiiText
{
	int			lang;			/* index in pii_lang_codes or PII_LANG_ANY */
	int			n;				/* normalised characters */
	UChar32    *c;				/* normalised characters */
	UChar32    *low;			/* simple lower case of c */
	uint8_t    *cls;			/* PC_* */
	int		   *pos;			/* original character index of c[i] */
	int			norig;			/* characters in the original */
	int		   *boff;			/* byte offset of each original character, and the end */
	int		   *word_of;		/* word index of c[i], -1 between words */
	PiiWord    *words;
	int			nwords;
	PiiSpan    *spans;
	int			nspans,
				maxspans;
	/* what the text holds, so detectors with nothing to anchor on are skipped */
	int			max_digit_run;	/* longest run of digits */
	int			max_ascii_run;	/* longest run of ASCII letters and digits */
	bool		has_at;			/* "@" */
	bool		has_lt;			/* "<" (machine-readable zones) */
	bool		has_dot_or_colon;	/* "." or ":" (URLs, IPs) */
	bool		has_paren;		/* "(" or "[" (obfuscated e-mail) */
	bool		has_cyrillic;	/* Ukrainian passport letters */
} PiiText;

/* pii_scan.c */
extern int	pii_lang_index(const char *code);	/* -1 when unknown */
extern void pii_scan(PiiText *t, const char *utf8, int len, int lang);
extern void pii_add(PiiText *t, int s, int e, PiiKind kind, float conf, const char *rule, const char *canon);
extern void pii_resolve(PiiText *t);
/*
 * Word boundaries for identifiers: not inside a run of letters or digits.
 * Chinese and Thai write numbers right after a word ("电话13812345678"),
 * so their letters are boundaries.
 */
static inline bool
pii_boundary_before(const PiiText *t, int i)
{
	return i <= 0 || !(t->cls[i - 1] & (PC_ALPHA | PC_DIGIT)) || (t->cls[i - 1] & (PC_HAN | PC_SA));
}

static inline bool
pii_boundary_after(const PiiText *t, int i)
{
	return i >= t->n || !(t->cls[i] & (PC_ALPHA | PC_DIGIT)) || (t->cls[i] & (PC_HAN | PC_SA));
}

extern uint32_t pii_lex_lookup(const PiiText *t, int w, int nw, int *len_words);
extern uint32_t pii_cue_before(const PiiText *t, int i, uint32_t classes, int maxwords);
extern char *pii_ascii_of(const PiiText *t, int s, int e, bool alnum_only);
extern void pii_detect_all(PiiText *t);

/* detectors */
extern void pii_find_numbers(PiiText *t);
extern void pii_find_documents(PiiText *t);
extern void pii_find_net(PiiText *t);
extern void pii_find_wallets(PiiText *t);
extern void pii_find_addresses(PiiText *t);
/* pii_address_extent.c: an address span and its extension to the whole address */
extern void pii_add_address(PiiText *t, int s, int e, float conf, const char *rule);
/* pii_address.c and pii_address_extent.c: shapes both use */
extern bool pii_addr_joined(const PiiText *t, int a, int b);
extern int	pii_addr_area_after(const PiiText *t, int w, uint32_t words);
extern int	pii_addr_parts_after(const PiiText *t, int w);
extern int	pii_addr_house_number(const PiiText *t, int w);
extern void pii_find_names(PiiText *t);

/* pii_checks.c: check digits, on ASCII digit strings (no backend needed) */
extern bool pii_luhn(const char *d, int n);
extern bool pii_verhoeff(const char *d, int n);
extern bool pii_iban_valid(const char *s, int n);
extern int	pii_iban_length(const char *cc);
extern bool pii_cn_resident_id(const char *d17, char check);
extern bool pii_cpf(const char *d);
extern bool pii_pesel(const char *d);
extern bool pii_cnp(const char *d);
extern bool pii_thai_id(const char *d);
extern bool pii_dni_letter(long num, char letter);
extern int	pii_icao_check(const UChar32 *c, int n);
extern bool pii_card_prefix(const char *d, int n);

/* pii_wallet.c: checks usable without a backend */
extern bool pii_base58check(const char *s, int len, uint8_t *version);
extern bool pii_bech32_valid(const char *s, int len);
extern bool pii_eip55_valid(const char *hex40);

#endif

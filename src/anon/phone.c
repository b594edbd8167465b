/*
 * phone.c
 *	  Phone numbers as people write them, to E.164.  Pure C and ICU: no
 *	  backend calls, so the fuzz harness runs it as it is.
 *
 * Two steps.  The scanner reads the text once, keeping digits of any
 * script (Unicode general category Nd, mapped to ASCII), a leading "+",
 * and dropping separators; anything else is refused with the reason.  The
 * interpreter then lists every reading the country's dialling rules allow
 * (after an international prefix, after a trunk prefix, as written),
 * validates each against the numbering plan, and answers only when every
 * valid reading is the same number: an input that could be two different
 * numbers is refused, never guessed.
 *
 * Messages never repeat the number; at most its last two digits.
 */
#include "anon/phone.h"
#include "anon/phone_plans.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* E.164's 15 digits plus the longest prefixes written before them. */
#define SCAN_MAX_DIGITS 20
#define MAX_READINGS 12

typedef struct Scan
{
	char		digits[SCAN_MAX_DIGITS + 1];
	int			ndigits;
	bool		plus;
} Scan;

/* One way of reading the digits. */
typedef struct Reading
{
	const char *kind;			/* "a national number after the prefix", ... */
	char		prefix[8];		/* the prefix that was dropped */
	char		how[64];		/* where the NSN starts: "after country code 44" */
	bool		ok;
	char		e164[PHONE_E164_BUFSIZE];
	char		cc[4];
	PhoneError	err;
} Reading;

static void
set_error(PhoneError *err, const char *message, const char *hint, const char *fmt,...)
	__attribute__((format(printf, 4, 5)));

/* Cheap resets: one call canonicalises one number, once per ingested row. */
static void
clear_error(PhoneError *err)
{
	err->message[0] = err->detail[0] = err->hint[0] = '\0';
}

static void
clear_reading(Reading *r)
{
	r->kind = NULL;
	r->prefix[0] = r->how[0] = r->e164[0] = r->cc[0] = '\0';
	r->ok = false;
	clear_error(&r->err);
}

static void
set_error(PhoneError *err, const char *message, const char *hint, const char *fmt,...)
{
	va_list		ap;

	snprintf(err->message, sizeof(err->message), "%s", message);
	snprintf(err->hint, sizeof(err->hint), "%s", hint ? hint : "");
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

/* ---- the scanner ---- */

/* Characters people put between digits; they carry no meaning. */
static bool
is_separator(UChar32 c)
{
	switch (c)
	{
		case '.':
		case '(':
		case ')':
		case '[':
		case ']':
		case '/':
		case 0x2212:			/* minus sign */
		case 0xFF08:			/* fullwidth ( */
		case 0xFF09:			/* fullwidth ) */
		case 0xFF0E:			/* fullwidth . */
		case 0xFF0F:			/* fullwidth / */
		case 0x061C:			/* Arabic letter mark */
		case 0x200B:			/* zero width space */
		case 0x200C:			/* zero width non-joiner */
		case 0x200D:			/* zero width joiner */
		case 0x200E:			/* left-to-right mark */
		case 0x200F:			/* right-to-left mark */
		case 0x2060:			/* word joiner */
		case 0xFEFF:			/* zero width no-break space (BOM) */
			return true;
		default:
			break;
	}
	/* Bidi embeddings and isolates that right-to-left text wraps numbers in */
	if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
		return true;
	/* Any space (NBSP, ideographic space, ...) and any dash (‐ – — ―, －) */
	return u_charType(c) == U_SPACE_SEPARATOR || u_charType(c) == U_DASH_PUNCTUATION;
}

/* Is the ASCII word at s (case-insensitive) an extension marker? */
static bool
is_extension_word(const char *s, size_t len)
{
	static const char *const words[] = {"x", "ext", "extn", "extension"};
	size_t		n = 0;

	while (n < len && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z')))
		n++;
	for (int i = 0; i < (int) (sizeof(words) / sizeof(words[0])); i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return true;
	return false;
}

static PhoneStatus
scan(const char *s, size_t len, Scan *sc, PhoneError *err)
{
	const uint8_t *u = (const uint8_t *) s;
	int32_t		i = 0,
				n = (int32_t) len;
	int			pos = 0;

	memset(sc, 0, sizeof(*sc));

	/* An RFC 3966 "tel:" URI is the same number. */
	if (n >= 4 && strncasecmp(s, "tel:", 4) == 0)
		i = 4;

	while (i < n)
	{
		int32_t		start = i;
		UChar32		c;

		U8_NEXT(u, i, n, c);
		pos++;
		if (c < 0)
		{
			set_error(err, "invalid phone number", NULL,
					  "It is not valid UTF-8 at byte %d.", (int) start + 1);
			return PHONE_INVALID;
		}
		if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER)
		{
			int32_t		v = u_charDigitValue(c);

			if (v < 0 || v > 9)
			{
				set_error(err, "invalid phone number", NULL,
						  "Character %d (U+%04X) is a digit with no decimal value.", pos, (unsigned) c);
				return PHONE_INVALID;
			}
			if (sc->ndigits == SCAN_MAX_DIGITS)
			{
				set_error(err, "invalid phone number", NULL,
						  "It has more than %d digits; an E.164 number has at most %d, and the prefixes written before it add at most %d.",
						  SCAN_MAX_DIGITS, PHONE_E164_MAX_DIGITS, SCAN_MAX_DIGITS - PHONE_E164_MAX_DIGITS);
				return PHONE_INVALID;
			}
			sc->digits[sc->ndigits++] = (char) ('0' + v);
			continue;
		}
		if (c == '+' || c == 0xFF0B)
		{
			if (sc->plus)
			{
				set_error(err, "invalid phone number", NULL, "It has more than one \"+\".");
				return PHONE_INVALID;
			}
			if (sc->ndigits > 0)
			{
				set_error(err, "invalid phone number",
						  "A \"+\" may only come first, before the country code.",
						  "It has a \"+\" after %d digit%s.", sc->ndigits, sc->ndigits == 1 ? "" : "s");
				return PHONE_INVALID;
			}
			sc->plus = true;
			continue;
		}
		if (is_separator(c))
			continue;
		if (sc->ndigits > 0 && (c == '#' || c == ';' || c == ',' ||
								((c < 0x80) && is_extension_word(s + start, len - start))))
		{
			set_error(err, "invalid phone number",
					  "Remove the extension first if the main line is what should be linked; E.164 numbers have no extension.",
					  "It has an extension or dialling suffix (\"x\", \"ext\", \"#\", \";\" or \",\").");
			return PHONE_INVALID;
		}
		if (u_isalpha(c))
		{
			set_error(err, "invalid phone number",
					  "Write the number in digits; letters (vanity numbers such as 1-800-FLOWERS) are not converted.",
					  "It has a letter at character %d.", pos);
			return PHONE_INVALID;
		}
		if (u_charType(c) == U_CONTROL_CHAR)
		{
			set_error(err, "invalid phone number", NULL,
					  "It has a control character (U+%04X) at character %d.", (unsigned) c, pos);
			return PHONE_INVALID;
		}
		set_error(err, "invalid phone number",
				  "Digits, spaces, \".\", \"-\", \"/\", brackets and a leading \"+\" are accepted.",
				  "It has an unexpected character (U+%04X) at character %d.", (unsigned) c, pos);
		return PHONE_INVALID;
	}

	if (sc->ndigits == 0)
	{
		set_error(err, "invalid phone number", NULL, "%s",
				  len == 0 ? "It is empty." : "It has no digits.");
		return PHONE_INVALID;
	}
	return PHONE_OK;
}

/* ---- tables ---- */

static const PhonePlan *
plan_by_iso(const char *iso)
{
	for (int i = 0; i < phone_naliases; i++)
		if (strcmp(phone_aliases[i].iso, iso) == 0)
			iso = phone_aliases[i].plan_iso;
	for (int i = 0; i < phone_nplans; i++)
		if (strcmp(phone_plans[i].iso, iso) == 0)
			return &phone_plans[i];
	return NULL;
}

/*
 * Calling codes are 1 to 3 digits and prefix-free, so the first three digits
 * of a number name at most one code.  Both look-ups below run several times
 * per number, so they index by those digits instead of scanning the lists.
 */
#define CC_SPACE 1000

static signed char cc_length_by_prefix[CC_SPACE];	/* code length for 3 leading digits */
static short plan_by_code[CC_SPACE];	/* plan index + 1, by code value */
static bool cc_indexes_ready = false;

static void
build_cc_indexes(void)
{
	for (int i = 0; i < phone_nassigned; i++)
	{
		const char *c = phone_assigned_codes[i];
		int			l = (int) strlen(c);
		int			v = atoi(c);
		int			span = l == 1 ? 100 : l == 2 ? 10 : 1;

		for (int p = v * span; p < (v + 1) * span; p++)
			cc_length_by_prefix[p] = (signed char) l;
	}
	for (int i = 0; i < phone_nplans; i++)
		plan_by_code[atoi(phone_plans[i].cc)] = (short) (i + 1);
	cc_indexes_ready = true;
}

static const PhonePlan *
plan_by_cc(const char *cc)
{
	int			v = atoi(cc);

	if (!cc_indexes_ready)
		build_cc_indexes();
	if (v <= 0 || v >= CC_SPACE || plan_by_code[v] == 0 ||
		strcmp(phone_plans[plan_by_code[v] - 1].cc, cc) != 0)
		return NULL;
	return &phone_plans[plan_by_code[v] - 1];
}

/* Length of the assigned calling code that d starts with, or 0. */
static int
find_cc(const char *d, int n)
{
	int			p = 0,
				l;

	if (!cc_indexes_ready)
		build_cc_indexes();
	/* pad short inputs with 0s: a code must still fit inside the n digits */
	for (int i = 0; i < 3; i++)
		p = p * 10 + (i < n ? d[i] - '0' : 0);
	l = cc_length_by_prefix[p];
	return l <= n ? l : 0;
}

/* Does d start with pattern p ('X' matches any digit)?  Returns its length or 0. */
static int
match_prefix(const char *d, int n, const char *p)
{
	int			l = (int) strlen(p);

	if (l == 0 || l > n)
		return 0;
	for (int i = 0; i < l; i++)
		if (p[i] != 'X' && p[i] != d[i])
			return 0;
	return l;
}

/* NSN lengths valid for nsn under plan, and the rule prefix that set them. */
static uint32_t
plan_lengths(const PhonePlan *plan, const char *nsn, int n, const char **rule)
{
	uint32_t	lengths = plan->lengths;
	int			best = 0;

	*rule = NULL;
	for (int i = 0; i < PHONE_MAX_RULES && plan->rules[i].prefix; i++)
	{
		int			l = (int) strlen(plan->rules[i].prefix);

		if (l > best && l <= n && memcmp(nsn, plan->rules[i].prefix, l) == 0)
		{
			best = l;
			lengths = plan->rules[i].lengths;
			*rule = plan->rules[i].prefix;
		}
	}
	return lengths;
}

/* "10", "9 or 10", "8 to 10", "7, 8 or 10" */
static void
describe_lengths(uint32_t mask, char *buf, size_t size)
{
	int			vals[32],
				nv = 0;
	bool		run = true;

	for (int i = 0; i < 32; i++)
		if (mask & (UINT32_C(1) << i))
			vals[nv++] = i;
	for (int i = 1; i < nv; i++)
		if (vals[i] != vals[i - 1] + 1)
			run = false;
	if (nv == 1)
		snprintf(buf, size, "%d", vals[0]);
	else if (run && nv > 2)
		snprintf(buf, size, "%d to %d", vals[0], vals[nv - 1]);
	else
	{
		size_t		used = 0;

		buf[0] = '\0';
		for (int i = 0; i < nv && used < size; i++)
			used += snprintf(buf + used, size - used, "%s%d",
							 i == 0 ? "" : (i == nv - 1 ? " or " : ", "), vals[i]);
	}
}

/* ---- validation of one reading ---- */

/*
 * Where a plan's own rules rewrite the NSN (obsolete forms that name the
 * same line), do it; returns false with err set when the form is unclear.
 */
static bool
plan_rewrite(const PhonePlan *plan, char *nsn, int *n, bool international, Reading *r)
{
	/* "+44 (0)20 ...": the trunk prefix written after the country code */
	if (international && strcmp(plan->trunk, "0") == 0 &&
		!(plan->flags & PLAN_KEEPS_ZERO) && *n > 0 && nsn[0] == '0')
	{
		memmove(nsn, nsn + 1, *n);
		(*n)--;
	}

	/* Mexico: mobiles were written +52 1 + 10 digits until 2019--2020 */
	if ((plan->flags & PLAN_MX) && international && *n == 11 && nsn[0] == '1')
	{
		memmove(nsn, nsn + 1, *n);
		(*n)--;
	}

	/* Colombia: the 8-digit fixed numbers of before September 2021 */
	if ((plan->flags & PLAN_CO) && *n == 8 && nsn[0] >= '1' && nsn[0] <= '8')
	{
		memmove(nsn + 2, nsn, *n + 1);
		nsn[0] = '6';
		nsn[1] = '0';
		*n += 2;
	}

	/*
	 * Argentina: a mobile is written nationally as area code + 15 + local
	 * number (12 digits) and internationally as 9 + area code + local
	 * number.  Area codes have 2 to 4 digits; the form is accepted only when
	 * "15" appears at exactly one of those places.
	 */
	if ((plan->flags & PLAN_AR) && *n == 12)
	{
		int			at = -1,
					found = 0;

		for (int p = 2; p <= 4; p++)
			if (nsn[p] == '1' && nsn[p + 1] == '5')
			{
				at = p;
				found++;
			}
		if (found != 1)
		{
			set_error(&r->err, "invalid phone number",
					  "Write Argentine mobiles as +54 9, the area code and the local number.",
					  "It has 12 digits%s%s, which in Argentina is an area code, 15 and a local number, but where the area code ends is unclear.",
					  r->how[0] ? " " : "", r->how);
			return false;
		}
		memmove(nsn + at, nsn + at + 2, *n - at - 1);	/* drop "15", keep NUL */
		memmove(nsn + 1, nsn, *n - 1);
		nsn[0] = '9';
		/* 12 digits - "15" + "9" */
		*n -= 1;
	}
	return true;
}

/* Validate nsn (n digits, copied) as a number of calling code cc. */
static bool
validate(const char *cc, const char *nsn_in, int n, bool international, Reading *r)
{
	const PhonePlan *plan = plan_by_cc(cc);
	char		nsn[SCAN_MAX_DIGITS + 4];
	int			cclen = (int) strlen(cc);
	const char *where = r->how[0] ? " " : "";

	memcpy(nsn, nsn_in, n);
	nsn[n] = '\0';
	memcpy(r->cc, cc, cclen + 1);	/* at most 3 digits */

	if (plan && !plan_rewrite(plan, nsn, &n, international, r))
		return false;

	if (n == 0)
	{
		set_error(&r->err, "invalid phone number", NULL,
				  "It has nothing%s%s.", where, r->how);
		return false;
	}

	if (plan)
	{
		const char *rule;
		uint32_t	lengths = plan_lengths(plan, nsn, n, &rule);
		char		lens[48];

		if (nsn[0] == '0' && !(plan->flags & PLAN_KEEPS_ZERO))
		{
			if (plan->trunk[0] == '\0')
				set_error(&r->err, "invalid phone number", NULL,
						  "It starts with 0%s%s, but numbers in %s have no trunk prefix and never start with 0.",
						  where, r->how, plan->name);
			else
				set_error(&r->err, "invalid phone number", NULL,
						  "Its national number starts with 0%s%s; numbers in %s never do (their trunk prefix is %s).",
						  where, r->how, plan->name, plan->trunk);
			return false;
		}
		if (n > 31 || !(lengths & (UINT32_C(1) << n)))
		{
			describe_lengths(lengths, lens, sizeof(lens));
			set_error(&r->err, "invalid phone number", NULL,
					  "It has %d digit%s%s%s; numbers in %s%s%s have %s.",
					  n, n == 1 ? "" : "s", where, r->how, plan->name,
					  rule ? " starting " : "", rule ? rule : "", lens);
			return false;
		}
		if (plan->flags & PLAN_NANP)
		{
			if (nsn[0] < '2' || nsn[3] < '2')
			{
				set_error(&r->err, "invalid phone number", NULL,
						  "Its %s code starts with %c; in the NANP, area and exchange codes start with 2 to 9.",
						  nsn[0] < '2' ? "area" : "exchange", nsn[0] < '2' ? nsn[0] : nsn[3]);
				return false;
			}
			if (nsn[1] == '1' && nsn[2] == '1')
			{
				set_error(&r->err, "invalid phone number", NULL,
						  "Its area code is %.3s, a service code (N11), not an area code.", nsn);
				return false;
			}
		}
	}
	else if (n < 4)
	{
		set_error(&r->err, "invalid phone number", NULL,
				  "It has only %d digit%s after country code %s.", n, n == 1 ? "" : "s", cc);
		return false;
	}

	if (cclen + n > PHONE_E164_MAX_DIGITS)
	{
		set_error(&r->err, "invalid phone number", NULL,
				  "It has %d digits with its country code %s; E.164 allows at most %d.",
				  cclen + n, cc, PHONE_E164_MAX_DIGITS);
		return false;
	}
	/* "+", code, number: no printf on the path every valid number takes */
	r->e164[0] = '+';
	memcpy(r->e164 + 1, cc, cclen);
	memcpy(r->e164 + 1 + cclen, nsn, n);
	r->e164[1 + cclen + n] = '\0';
	r->ok = true;
	return true;
}

/*
 * Digits after "+" or an international prefix (which after names, for
 * messages): calling code, then NSN.
 */
#define AFTER_CC "after country code "

static bool
read_international(const char *d, int n, const char *after, Reading *r)
{
	int			cclen;
	char		cc[4];

	if (n == 0)
	{
		set_error(&r->err, "invalid phone number", NULL, "It has nothing %s.", after);
		return false;
	}
	if (d[0] == '0')
	{
		set_error(&r->err, "invalid phone number", NULL,
				  "It has a 0 %s, where a country code belongs; country codes never start with 0.", after);
		return false;
	}
	cclen = find_cc(d, n);
	if (cclen == 0)
	{
		set_error(&r->err, "invalid phone number",
				  "Check the country code; ITU-T E.164 lists the assigned ones.",
				  "No assigned country calling code begins it %s (it begins +%.*s).",
				  after, n < 3 ? n : 3, d);
		return false;
	}
	memcpy(cc, d, cclen);
	cc[cclen] = '\0';
	memcpy(r->how, AFTER_CC, sizeof(AFTER_CC) - 1);
	memcpy(r->how + sizeof(AFTER_CC) - 1, cc, cclen + 1);
	return validate(cc, d + cclen, n - cclen, true, r);
}

/* ---- the interpreter ---- */

static void
add_tail(PhoneError *err, const Scan *sc)
{
	size_t		l = strlen(err->detail);

	if (sc->ndigits >= 6 && l + 32 < sizeof(err->detail))
		snprintf(err->detail + l, sizeof(err->detail) - l, " The number ends in %c%c.",
				 sc->digits[sc->ndigits - 2], sc->digits[sc->ndigits - 1]);
}

static const char *
describe_reading(const Reading *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", r->kind, r->prefix[0] ? " " : "", r->prefix);
	return buf;
}

void
phone_supported_countries(char *buf, size_t size)
{
	const char *isos[128];
	int			n = 0;
	size_t		used = 0;

	for (int i = 0; i < phone_nplans && n < 128; i++)
		isos[n++] = phone_plans[i].iso;
	for (int i = 0; i < phone_naliases && n < 128; i++)
		isos[n++] = phone_aliases[i].iso;
	/* insertion sort: a few dozen two-letter codes */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(isos[j - 1], isos[j]) > 0; j--)
		{
			const char *t = isos[j];

			isos[j] = isos[j - 1];
			isos[j - 1] = t;
		}
	buf[0] = '\0';
	for (int i = 0; i < n && used < size; i++)
		used += snprintf(buf + used, size - used, "%s%s", i ? ", " : "", isos[i]);
}

static const PhonePlan *
default_plan(const char *country, size_t clen, PhoneError *err)
{
	char		iso[3];
	char		shown[12];
	size_t		b = 0,
				e = clen,
				k = 0;
	const PhonePlan *plan = NULL;
	char		list[400];

	while (b < e && country[b] == ' ')
		b++;
	while (e > b && country[e - 1] == ' ')
		e--;
	if (e - b == 2)
	{
		for (int i = 0; i < 2; i++)
		{
			char		c = country[b + i];

			iso[i] = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
		}
		iso[2] = '\0';
		plan = plan_by_iso(iso);
	}
	if (plan)
		return plan;

	/* Show at most 8 bytes, ASCII printable only: it is safe in any encoding. */
	for (size_t i = 0; i < clen && k < 8; i++)
		shown[k++] = (country[i] >= 0x20 && country[i] < 0x7f) ? country[i] : '?';
	shown[k] = '\0';
	phone_supported_countries(list, sizeof(list));
	if (e == b)
		snprintf(err->message, sizeof(err->message), "default country is empty");
	else
		snprintf(err->message, sizeof(err->message), "no numbering plan for default country \"%s%s\"",
				 shown, clen > 8 ? "..." : "");
	snprintf(err->detail, sizeof(err->detail), "%s",
			 "Numbers written without \"+\" or an international prefix are read in the default country's plan.");
	snprintf(err->hint, sizeof(err->hint),
			 "Give an ISO 3166-1 alpha-2 code with a plan: %s.", list);
	return NULL;
}

PhoneStatus
phone_canonicalise(const char *utf8, size_t len, const char *country, size_t clen,
				   char out[PHONE_E164_BUFSIZE], PhoneError *err)
{
	const PhonePlan *plan;
	Scan		sc;
	Reading		rd[MAX_READINGS];
	int			nr = 0;
	int			first_ok = -1;
	const char *d;
	int			n;

	clear_error(err);
	out[0] = '\0';

	if (country != NULL)
	{
		plan = default_plan(country, clen, err);
		if (plan == NULL)
			return PHONE_BAD_COUNTRY;
	}
	else
		plan = NULL;

	if (len > PHONE_INPUT_MAX)
	{
		set_error(err, "invalid phone number", NULL,
				  "It is %zu bytes long; phone numbers are accepted up to %d bytes.",
				  len, PHONE_INPUT_MAX);
		return PHONE_INVALID;
	}
	if (scan(utf8, len, &sc, err) != PHONE_OK)
		return PHONE_INVALID;

	d = sc.digits;
	n = sc.ndigits;
	/* only the small fields need clearing: errors are written whole when set */
	for (int i = 0; i < MAX_READINGS; i++)
		clear_reading(&rd[i]);

	if (sc.plus)
	{
		rd[0].kind = "an international number";
		read_international(d, n, "after \"+\"", &rd[0]);
		nr = 1;
	}
	else
	{
		/* international prefixes: the country's own first, then 00 */
		const char *idds[PHONE_MAX_IDD + 1];
		int			nidd = 0;
		bool		has00 = false;

		for (int i = 0; plan && i < PHONE_MAX_IDD && plan->idd[i]; i++)
		{
			idds[nidd++] = plan->idd[i];
			has00 |= strcmp(plan->idd[i], "00") == 0;
		}
		if (!has00)
			idds[nidd++] = "00";
		for (int i = 0; i < nidd && nr < MAX_READINGS; i++)
		{
			int			l = match_prefix(d, n, idds[i]);
			char		after[48];

			if (l == 0)
				continue;
			memcpy(rd[nr].prefix, d, l);
			rd[nr].prefix[l] = '\0';
			snprintf(after, sizeof(after), "after the international prefix %s", rd[nr].prefix);
			rd[nr].kind = "a number after the international prefix";
			read_international(d + l, n - l, after, &rd[nr]);
			nr++;
		}

		/* national prefixes: trunk, and the plan's obsolete or carrier forms */
		if (plan)
		{
			const char *nat[6];
			int			nnat = 0;

			if (plan->flags & PLAN_MX)
			{
				nat[nnat++] = "044";
				nat[nnat++] = "045";
				nat[nnat++] = "01";
			}
			if (plan->flags & PLAN_BR)
				nat[nnat++] = "0XX";
			if (plan->flags & PLAN_CO)
			{
				nat[nnat++] = "03";
				nat[nnat++] = "05";
				nat[nnat++] = "07";
				nat[nnat++] = "09";
			}
			if (plan->trunk[0])
				nat[nnat++] = plan->trunk;

			for (int i = 0; i < nnat && nr < MAX_READINGS; i++)
			{
				int			l = match_prefix(d, n, nat[i]);
				bool		trunk = strcmp(nat[i], plan->trunk) == 0;

				if (l == 0)
					continue;
				memcpy(rd[nr].prefix, d, l);
				rd[nr].prefix[l] = '\0';
				snprintf(rd[nr].how, sizeof(rd[nr].how), "after the %s %.*s",
						 trunk ? "trunk prefix" : "prefix", l, d);
				rd[nr].kind = trunk ? "a national number after the trunk prefix" :
					"a national number after the prefix";
				validate(plan->cc, d + l, n - l, false, &rd[nr]);
				nr++;
			}
		}

		/* as written: the national significant number itself */
		if (plan && nr < MAX_READINGS)
		{
			rd[nr].kind = "a national number";
			validate(plan->cc, d, n, false, &rd[nr]);
			nr++;
		}
	}

	for (int i = 0; i < nr; i++)
	{
		if (!rd[i].ok)
			continue;
		if (first_ok < 0)
			first_ok = i;
		else if (strcmp(rd[i].e164, rd[first_ok].e164) != 0)
		{
			char		a[64],
						b[64];

			set_error(err, "invalid phone number",
					  "Write it with \"+\" and the country code.",
					  "It reads as %s (country code %s) and as %s (country code %s), which are different numbers.",
					  describe_reading(&rd[first_ok], a, sizeof(a)), rd[first_ok].cc,
					  describe_reading(&rd[i], b, sizeof(b)), rd[i].cc);
			if (strcmp(rd[first_ok].cc, rd[i].cc) == 0)
				set_error(err, "invalid phone number",
						  "Write it with \"+\" and the country code.",
						  "It reads as %s and as %s, which are different numbers.",
						  describe_reading(&rd[first_ok], a, sizeof(a)),
						  describe_reading(&rd[i], b, sizeof(b)));
			add_tail(err, &sc);
			return PHONE_INVALID;
		}
	}
	if (first_ok >= 0)
	{
		memcpy(out, rd[first_ok].e164, PHONE_E164_BUFSIZE);
		return PHONE_OK;
	}

	if (nr == 0)
	{
		set_error(err, "invalid phone number",
				  "Give a default country for numbers written in national form.",
				  "It has no country code (no \"+\" or 00), and no default country was given.");
		return PHONE_INVALID;
	}

	/* No reading is valid: explain the first, the most specific one. */
	*err = rd[0].err;
	add_tail(err, &sc);
	return PHONE_INVALID;
}

const char *
phone_plans_selfcheck(void)
{
	for (int i = 0; i < phone_nassigned; i++)
		for (int j = 0; j < phone_nassigned; j++)
		{
			size_t		li = strlen(phone_assigned_codes[i]),
						lj = strlen(phone_assigned_codes[j]);

			if (i != j && li <= lj && memcmp(phone_assigned_codes[i], phone_assigned_codes[j], li) == 0)
				return "calling codes are not prefix-free";
		}
	for (int i = 0; i < phone_nplans; i++)
	{
		const PhonePlan *p = &phone_plans[i];

		if ((int) strlen(p->cc) != find_cc(p->cc, (int) strlen(p->cc)))
			return "a plan's calling code is not assigned";
		if (plan_by_cc(p->cc) != p)
			return "two plans share a calling code";
		if (strlen(p->iso) != 2 || (p->lengths & ~PL_LENS(1, 14)) != 0)
			return "a plan has a bad ISO code or length";
	}
	for (int i = 0; i < phone_naliases; i++)
		if (plan_by_iso(phone_aliases[i].iso) == NULL)
			return "an alias names no plan";
	return NULL;
}

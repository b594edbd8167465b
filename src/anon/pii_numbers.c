/*
 * pii_numbers.c
 *	  Digit runs: phone numbers, payment cards and the all-digit identity
 *	  numbers (Chinese resident ID, Aadhaar, CPF, PESEL, CNP, Thai ID,
 *	  Russian passport series and number).
 *
 * A run is digit groups joined by one to three separators (spaces, dashes,
 * dots, slashes, brackets), optionally after "+".  Several numbers can
 * share a run ("0712 345 678 0723 456 789"), so the run is cut greedily:
 * from each group, the longest sequence of groups that passes a check is
 * taken.  At most 19 digits are ever considered from one start, so the
 * work is linear in the run.
 *
 * Phones are checked with the numbering plans of canon_phone: numbers
 * with "+" or 00 against every plan, national numbers against the
 * countries where the report's language is spoken (all of them when no
 * language is given).  A number no plan accepts is still taken when a
 * phone cue word ("tel", "WhatsApp", "телефон", "เบอร์") precedes it.
 */
#include "postgres.h"

#include "anon/phone.h"
#include "anon/phone_plans.h"
#include "anon/pii.h"

#define MAX_DIGITS 19

/* National-format phone countries by language (ISO 3166-1 alpha-2). */
static const char *const lang_countries[PII_NLANGS] = {
	"GB,US,IN,NG,KE,PH,GH,ZA,UG,AU,IE",	/* en */
	"ES,MX,CO,AR,PE,VE,EC,GT,SV,HN,NI,CR",	/* es */
	"FR,BE,HT",					/* fr */
	"BR,PT",					/* pt */
	"EG,SA,AE,JO,LB,IQ,QA,KW",	/* ar */
	"RU,KZ,UA,MD",				/* ru */
	"UA",						/* uk */
	"PL",						/* pl */
	"RO,MD",					/* ro */
	"VN",						/* vi */
	"TH",						/* th */
	"CN,HK",					/* zh */
	"IN,NP",					/* hi */
	"KE,TZ,UG",					/* sw */
	"PH"						/* tl */
};
static const char *const any_countries =
	"GB,US,IN,NG,KE,PH,ES,MX,CO,BR,FR,EG,SA,RU,UA,PL,RO,VN,TH,CN,TZ,UG,PT,AR,PE,MD,KZ,GH,ZA,NP,AE";

static bool
is_sep(UChar32 c)
{
	switch (c)
	{
		case ' ':
		case '-':
		case '.':
		case '/':
		case '(':
		case ')':
		case 0x00A0:
		case 0x2009:
		case 0x202F:
		case 0x2010:
		case 0x2011:
		case 0x2012:
		case 0x2013:
		case 0x2014:
		case 0x2212:
		case 0x3000:
			return true;
		default:
			return false;
	}
}

typedef struct Run
{
	int		   *gs,
			   *ge;				/* group g: digits [gs, ge) */
	int			ng;
	bool		plus;			/* "+" right before the first group */
	int			start;			/* of the run, "+" or "(" included */
} Run;

/*
 * Could digits be a national number of the plan?  A liberal filter on the
 * trunk prefix and the plan's lengths, so that canon_phone (exact, but it
 * composes an error message for every refusal) runs only on candidates.
 */
static bool
plan_may_accept(const PhonePlan *plan, const char *d, int nd)
{
	int			tl = strlen(plan->trunk);

	if (plan->flags & (PLAN_MX | PLAN_AR | PLAN_CO | PLAN_BR))
		return true;			/* rewritten numbers: let the canonicaliser decide */
	/* the national number as written, or after the trunk prefix */
	for (int skip = 0; skip <= tl; skip += (tl > 0 ? tl : 1))
	{
		const char *nsn = d + skip;
		int			n = nd - skip,
					best = -1,
					bestlen = 0;
		uint32_t	lengths = plan->lengths;

		if (skip > 0 && strncmp(d, plan->trunk, tl) != 0)
			break;
		if (n <= 0 || n >= 32 || (nsn[0] == '0' && !(plan->flags & PLAN_KEEPS_ZERO)))
			continue;
		/* the longest rule prefix decides the lengths, as in phone.c */
		for (int k = 0; k < PHONE_MAX_RULES && plan->rules[k].prefix; k++)
		{
			int			pl = strlen(plan->rules[k].prefix);

			if (pl > bestlen && pl <= n && strncmp(nsn, plan->rules[k].prefix, pl) == 0)
				best = k, bestlen = pl;
		}
		if (best >= 0)
			lengths = plan->rules[best].lengths;
		if (lengths & (UINT32_C(1) << n))
			return true;
	}
	return false;
}

static const PhonePlan *
plan_of(const char *iso)
{
	for (int i = 0; i < phone_nplans; i++)
		if (phone_plans[i].iso[0] == iso[0] && phone_plans[i].iso[1] == iso[1])
			return &phone_plans[i];
	return NULL;
}

/* The digits start with the calling code of one of the countries (a list "KE,TZ,UG"). */
static bool
cc_of_countries(const char *digits, const char *countries)
{
	for (const char *p = countries; *p; p += (p[2] == ',') ? 3 : 2)
	{
		const PhonePlan *plan = plan_of(p);

		if (plan && strncmp(digits, plan->cc, strlen(plan->cc)) == 0)
			return true;
	}
	return false;
}

static bool
valid_phone_uncached(const char *digits, int nd, bool international, const char *countries, char *e164)
{
	PhoneError	err;
	char		buf[MAX_DIGITS + 4];
	const char *p;

	if (international)
	{
		buf[0] = '+';
		memcpy(buf + 1, digits, nd + 1);
		return phone_canonicalise(buf, nd + 1, NULL, 0, e164, &err) == PHONE_OK;
	}
	for (p = countries; *p; p += (p[2] == ',') ? 3 : 2)
	{
		const PhonePlan *plan = plan_of(p);

		if (plan && !plan_may_accept(plan, digits, nd))
			continue;
		if (phone_canonicalise(digits, nd, p, 2, e164, &err) == PHONE_OK)
			return true;
	}
	return false;
}

/*
 * The same digits are often asked twice (is it a phone before it can be an
 * ID, then as a phone): the last answer is kept.
 */
static bool
valid_phone(const char *digits, bool international, const char *countries, char *e164)
{
	static char last_digits[MAX_DIGITS + 2];
	static const char *last_countries;
	static bool last_international,
				last_ok;
	static char last_e164[PHONE_E164_BUFSIZE];
	int			nd = strlen(digits);

	if (nd > MAX_DIGITS)
		return false;
	if (countries == last_countries && international == last_international &&
		strcmp(digits, last_digits) == 0)
	{
		memcpy(e164, last_e164, PHONE_E164_BUFSIZE);
		return last_ok;
	}
	last_ok = valid_phone_uncached(digits, nd, international, countries, e164);
	memcpy(last_e164, e164, PHONE_E164_BUFSIZE);
	memcpy(last_digits, digits, nd + 1);
	last_countries = countries;
	last_international = international;
	return last_ok;
}

/* Looks like a date (dd.mm.yyyy, yyyy-mm-dd) or a version or IPv4 address? */
static bool
looks_like_date_or_ip(const PiiText *t, const Run *r, int a, int b)
{
	int			ng = b - a;
	UChar32		sep;

	/* a span of years: 2019-2020, 1998/1999 */
	if (ng == 2 && r->ge[a] - r->gs[a] == 4 && r->ge[a + 1] - r->gs[a + 1] == 4 &&
		r->gs[a + 1] - r->ge[a] == 1 && (t->c[r->ge[a]] == '-' || t->c[r->ge[a]] == '/') &&
		((t->c[r->gs[a]] == '1' && t->c[r->gs[a] + 1] == '9') || (t->c[r->gs[a]] == '2' && t->c[r->gs[a] + 1] == '0')) &&
		((t->c[r->gs[a + 1]] == '1' && t->c[r->gs[a + 1] + 1] == '9') || (t->c[r->gs[a + 1]] == '2' && t->c[r->gs[a + 1] + 1] == '0')))
		return true;
	if (ng < 3)
		return false;
	sep = t->c[r->ge[a]];
	for (int g = a; g < b - 1; g++)
		if (r->gs[g + 1] - r->ge[g] != 1 || t->c[r->ge[g]] != sep)
			return false;
	if (ng == 4 && sep == '.')
	{
		for (int g = a; g < b; g++)
			if (r->ge[g] - r->gs[g] > 3)
				return false;
		return true;
	}
	if (ng == 3 && (sep == '.' || sep == '/' || sep == '-'))
	{
		int			l0 = r->ge[a] - r->gs[a],
					l1 = r->ge[a + 1] - r->gs[a + 1],
					l2 = r->ge[a + 2] - r->gs[a + 2];

		return (l0 <= 2 && l1 <= 2 && (l2 == 2 || l2 == 4)) || (l0 == 4 && l1 <= 2 && l2 <= 2);
	}
	return false;
}

/*
 * "12.000.000", "1 500 000": thousands groups, not a phone without a cue.
 * With spaces only up to seven digits: "612 345 678" is a Spanish mobile.
 */
static bool
looks_like_amount(const PiiText *t, const Run *r, int a, int b)
{
	bool		dots = true;
	int			nd = r->ge[a] - r->gs[a];

	if (b - a < 2 || t->c[r->gs[a]] == '0' || r->ge[a] - r->gs[a] > 3)
		return false;
	for (int g = a + 1; g < b; g++)
	{
		if (r->ge[g] - r->gs[g] != 3 || r->gs[g] - r->ge[g - 1] != 1 ||
			(t->c[r->ge[g - 1]] != '.' && t->c[r->ge[g - 1]] != ' ' && t->c[r->ge[g - 1]] != 0xA0 &&
			 t->c[r->ge[g - 1]] != 0x202F))
			return false;
		dots &= t->c[r->ge[g - 1]] == '.';
		nd += 3;
	}
	return dots || nd <= 7;
}

/* Group lengths are exactly these (0-terminated)? */
static bool
grouped(const Run *r, int a, int b, const int *lens)
{
	int			k = 0;

	for (int g = a; g < b; g++, k++)
		if (lens[k] == 0 || r->ge[g] - r->gs[g] != lens[k])
			return false;
	return lens[k] == 0;
}

/*
 * Tries groups a .. b-1 as one identifier; adds the span and returns true
 * when one fits.
 */
static bool
try_groups(PiiText *t, const Run *r, int a, int b, uint32_t cues)
{
	char		d[MAX_DIGITS + 2];
	char		e164[PHONE_E164_BUFSIZE];
	int			nd = 0;
	int			s = r->gs[a],
				e = r->ge[b - 1];
	bool		plus = (a == 0 && r->plus);
	const char *countries;

	for (int g = a; g < b; g++)
		for (int j = r->gs[g]; j < r->ge[g]; j++)
		{
			if (nd > MAX_DIGITS)
				return false;
			d[nd++] = (char) t->c[j];
		}
	d[nd] = '\0';
	if (nd > MAX_DIGITS)
		return false;
	if (a == 0)
		s = r->start;

	/*
	 * Check digits without a format of their own (PESEL, CNP, an unspaced
	 * Aadhaar or CPF) pass by chance for one number in ten: a number that
	 * is a valid phone of the report's country, or follows a phone cue, is
	 * taken as a phone unless an ID cue says otherwise.
	 */
#define PHONE_FIRST() (!plus && !(cues & LX_ID_CUE) && \
		((cues & LX_PHONE_CUE) || \
		 valid_phone(d, false, t->lang >= 0 ? lang_countries[t->lang] : any_countries, e164)))

	if (nd < 7)
		return false;			/* too short for any identifier here */
	if (!plus)
	{
		/* Chinese resident ID: 17 digits and a check digit or X */
		if (nd == 17 && e < t->n && (t->c[e] == 'X' || t->c[e] == 'x') &&
			pii_boundary_after(t, e + 1) && pii_cn_resident_id(d, (char) t->c[e]))
		{
			pii_add(t, s, e + 1, PII_NATID, 0.97f, "cn_resident_id", NULL);
			return true;
		}
		if (nd == 18 && pii_cn_resident_id(d, d[17]))
		{
			pii_add(t, s, e, PII_NATID, 0.95f, "cn_resident_id", NULL);
			return true;
		}
		if (nd >= 13 && nd <= 19 && pii_card_prefix(d, nd) && pii_luhn(d, nd))
		{
			pii_add(t, s, e, PII_CARD, 0.95f, "luhn", NULL);
			return true;
		}
		if (nd == 13 && pii_thai_id(d) &&
			(b - a == 1 || grouped(r, a, b, (const int[]) {1, 4, 5, 2, 1, 0})))
		{
			pii_add(t, s, e, PII_NATID, 0.93f, "thai_id", NULL);
			return true;
		}
		if (nd == 13 && (b - a == 1) && pii_cnp(d) && !PHONE_FIRST())
		{
			pii_add(t, s, e, PII_NATID, 0.92f, "ro_cnp", NULL);
			return true;
		}
		if (nd == 12 && d[0] >= '2' && pii_verhoeff(d, nd) &&
			(grouped(r, a, b, (const int[]) {4, 4, 4, 0}) || (b - a == 1 && !PHONE_FIRST())) &&
			(!(cues & LX_PHONE_CUE) || (cues & LX_ID_CUE)))
		{
			pii_add(t, s, e, PII_NATID, (cues & LX_ID_CUE) ? 0.95f : 0.9f, "in_aadhaar", NULL);
			return true;
		}
		if (nd == 11 && pii_cpf(d) &&
			((b - a == 1 && !PHONE_FIRST()) || grouped(r, a, b, (const int[]) {3, 3, 3, 2, 0})))
		{
			pii_add(t, s, e, PII_NATID, 0.92f, "br_cpf", NULL);
			return true;
		}
		if (nd == 11 && b - a == 1 && pii_pesel(d) && !PHONE_FIRST())
		{
			pii_add(t, s, e, PII_NATID, 0.9f, "pl_pesel", NULL);
			return true;
		}
		/* Russian internal passport: series (2+2 or 4 digits) and a 6-digit number */
		if (nd == 10 && (cues & LX_PASSPORT_CUE) &&
			(grouped(r, a, b, (const int[]) {2, 2, 6, 0}) || grouped(r, a, b, (const int[]) {4, 6, 0})))
		{
			pii_add(t, s, e, PII_PASSPORT, 0.9f, "ru_passport", NULL);
			return true;
		}
	}

	/* phones; "1 2 3 4 5 6 7" is a list, not a number ("+33 7 81 22 33 44" is) */
	if (nd < 7 || nd > 17)
		return false;
	{
		int			ones = 0;

		for (int g = a; g < b; g++)
			ones += r->ge[g] - r->gs[g] == 1;
		if (ones > 2)
			return false;
	}
	if (plus || (nd > 2 && d[0] == '0' && d[1] == '0'))
	{
		if (valid_phone(plus ? d : d + 2, true, NULL, e164))
		{
			pii_add(t, s, e, PII_PHONE, 0.97f, "e164", pstrdup(e164));
			return true;
		}
	}
	/*
	 * "254711093381" (M-Pesa, WhatsApp exports): a number of the report's
	 * countries written with its calling code but without "+" or "00"
	 */
	if (!plus && !(cues & LX_ID_CUE) && nd >= 11 && nd <= 13 && d[0] != '0' && t->lang >= 0 &&
		cc_of_countries(d, lang_countries[t->lang]) && !looks_like_amount(t, r, a, b) &&
		valid_phone(d, true, NULL, e164))
	{
		pii_add(t, s, e, PII_PHONE, (cues & LX_PHONE_CUE) ? 0.9f : 0.8f, "e164_no_plus", pstrdup(e164));
		return true;
	}
	/* "#123456789", "No. 123456789": a reference number, unless a phone cue says otherwise */
	if (a == 0 && r->start > 0 && t->c[r->start - 1] == '#' && !(cues & LX_PHONE_CUE))
		return false;
	if (!plus)
	{
		countries = t->lang >= 0 ? lang_countries[t->lang] : any_countries;
		if ((nd >= 8 || (cues & LX_PHONE_CUE)) &&
			((cues & LX_PHONE_CUE) || !looks_like_amount(t, r, a, b)) &&
			valid_phone(d, false, countries, e164))
		{
			pii_add(t, s, e, PII_PHONE, (cues & LX_PHONE_CUE) ? 0.92f : 0.85f,
					"national", pstrdup(e164));
			return true;
		}
	}
	/* a number of another country in this language's report ("07700 900 315" in Vietnamese) */
	if (!plus && t->lang >= 0 && nd >= 9 && d[0] == '0' && !looks_like_amount(t, r, a, b) &&
		valid_phone(d, false, any_countries, e164))
	{
		pii_add(t, s, e, PII_PHONE, (cues & LX_PHONE_CUE) ? 0.9f : 0.75f, "national_other", pstrdup(e164));
		return true;
	}
	if ((cues & LX_PHONE_CUE) && nd <= 15 && (b - a == 1 || !looks_like_amount(t, r, a, b)))
	{
		pii_add(t, s, e, PII_PHONE, 0.7f, "phone_cue", NULL);
		return true;
	}
	return false;
}

static void
eval_run(PiiText *t, Run *r)
{
	int			a = 0;
	uint32_t	cues = pii_cue_before(t, r->start, LX_PHONE_CUE | LX_HANDLE_CUE | LX_PASSPORT_CUE | LX_ID_CUE, 4);

	/* messaging apps are reached by phone number */
	if (cues & LX_HANDLE_CUE)
		cues |= LX_PHONE_CUE;
	while (a < r->ng)
	{
		int			b,
					nd = 0,
					bmax = a;
		bool		found = false;

		/* the groups that fit in MAX_DIGITS (+1 for an over-long test) */
		while (bmax < r->ng && nd + (r->ge[bmax] - r->gs[bmax]) <= MAX_DIGITS)
			nd += r->ge[bmax] - r->gs[bmax], bmax++;
		if (bmax == a)
		{
			a++;				/* one group too long for anything */
			continue;
		}
		for (b = bmax; b > a; b--)
		{
			if (looks_like_date_or_ip(t, r, a, b))
			{
				found = true;
				break;
			}
			if (try_groups(t, r, a, b, a == 0 ? cues : (cues & ~(LX_PASSPORT_CUE | LX_ID_CUE))))
			{
				found = true;
				break;
			}
		}
		a = found ? b : a + 1;
	}
}

void
pii_find_numbers(PiiText *t)
{
	Run			r;
	int			i = 0;
	bool	   *covered;

	if (t->max_digit_run == 0)
		return;
	r.gs = palloc((t->n / 2 + 2) * sizeof(int));
	r.ge = palloc((t->n / 2 + 2) * sizeof(int));
	/* digits already inside an IBAN, a URL, an e-mail address... are not looked at again */
	covered = palloc0(t->n + 1);
	for (int k = 0; k < t->nspans; k++)
		if (t->spans[k].conf >= 0.9f)
			memset(covered + t->spans[k].s, 1, t->spans[k].e - t->spans[k].s);
	while (i < t->n)
	{
		int			j;

		if (!(t->cls[i] & PC_DIGIT) || !pii_boundary_before(t, i) || covered[i])
		{
			i++;
			continue;
		}
		r.ng = 0;
		r.start = i;
		r.plus = false;
		if (i > 0 && t->c[i - 1] == '+' && pii_boundary_before(t, i - 1))
			r.plus = true, r.start = i - 1;
		else if (i > 0 && t->c[i - 1] == '(')
			r.start = i - 1;
		j = i;
		for (;;)
		{
			int			k = j,
						m,
						nsep = 0;

			while (k < t->n && (t->cls[k] & PC_DIGIT))
				k++;
			r.gs[r.ng] = j;
			r.ge[r.ng] = k;
			r.ng++;
			m = k;
			while (m < t->n && nsep < 3 && is_sep(t->c[m]))
				m++, nsep++;
			if (nsep == 0 || m >= t->n || !(t->cls[m] & PC_DIGIT))
			{
				j = k;
				break;
			}
			j = m;
		}
		/* digits glued to letters ("A123", "12kg") are not numbers on their own */
		if (pii_boundary_after(t, j) || t->c[j] == 'X' || t->c[j] == 'x')
			eval_run(t, &r);
		i = j + 1;
	}
	pfree(r.gs);
	pfree(r.ge);
	pfree(covered);
}

/*
 * pii_documents.c
 *	  Identifiers that mix letters and digits: IBANs (mod 97 and the
 *	  country's length), machine-readable zones of passports and ID cards
 *	  (ICAO 9303 check digits), Spanish DNI/NIE (check letter), Ukrainian
 *	  passports (two Cyrillic letters and six digits), and any document
 *	  number written after a passport or ID cue word ("passport no.",
 *	  "pasaporte", "паспорт", "护照", "CCCD", "NIN", ...).
 */
#include "postgres.h"

#include "anon/pii.h"

#define IS_ASCII_UPPER(c) ((c) >= 'A' && (c) <= 'Z')
#define IS_ASCII_LETTER(c) (IS_ASCII_UPPER((c) & ~0x20))
#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* IBAN: CC99, then the BBAN, in groups of four or not. */
static void
find_ibans(PiiText *t)
{
	char		buf[40];

	for (int i = 0; i + 15 <= t->n; i++)
	{
		int			len,
					got = 0,
					j;
		char		cc[3];

		if (!IS_ASCII_LETTER(t->c[i]) || !IS_ASCII_LETTER(t->c[i + 1]) ||
			!IS_DIGIT(t->c[i + 2]) || !IS_DIGIT(t->c[i + 3]) || !pii_boundary_before(t, i))
			continue;
		cc[0] = (char) (t->c[i] & ~0x20);
		cc[1] = (char) (t->c[i + 1] & ~0x20);
		cc[2] = '\0';
		if ((len = pii_iban_length(cc)) == 0)
			continue;
		for (j = i; j < t->n && got < len; j++)
		{
			UChar32		c = t->c[j];

			if (IS_DIGIT(c) || IS_ASCII_LETTER(c))
				buf[got++] = (char) (IS_DIGIT(c) ? c : (c & ~0x20));
			else if ((c == ' ' || c == '-' || c == 0xA0) && got > 0 && j + 1 < t->n &&
					 (t->cls[j + 1] & (PC_DIGIT | PC_ALPHA)) && !(t->cls[j - 1] & PC_SPACE))
				continue;
			else
				break;
		}
		if (got == len && pii_boundary_after(t, j) && pii_iban_valid(buf, len))
		{
			buf[len] = '\0';
			pii_add(t, i, j, PII_IBAN, 0.99f, "iban_mod97", pstrdup(buf));
			i = j - 1;
		}
	}
}

static bool
mrz_char(UChar32 c)
{
	return IS_DIGIT(c) || IS_ASCII_UPPER(c) || c == '<';
}

/* A check digit at c[k] for c[s..s+n)? */
static bool
icao_ok(const UChar32 *c, int s, int n, int k)
{
	int			v = pii_icao_check(c + s, n);

	return v >= 0 && (c[k] == '0' + v || (c[k] == '<' && v == 0));
}

/* Machine-readable zones: TD3 (passports, 2 x 44) and TD1 (ID cards, 3 x 30). */
static void
find_mrz(PiiText *t)
{
	int			i = 0;

	while (i < t->n)
	{
		int			j = i,
					lt = 0;
		const UChar32 *c;

		if (!mrz_char(t->c[i]))
		{
			i++;
			continue;
		}
		while (j < t->n && mrz_char(t->c[j]))
			lt += t->c[j] == '<', j++;
		c = t->c + i;
		if (lt > 0 && j - i == 44)
		{
			if (c[0] == 'P' && lt >= 2)
			{
				bool		line2 = icao_ok(c, 0, 9, 9) && icao_ok(c, 13, 6, 19) && icao_ok(c, 21, 6, 27);

				pii_add(t, i, j, PII_PASSPORT, line2 ? 0.99f : 0.9f, "icao_mrz", NULL);
			}
			else if (icao_ok(c, 0, 9, 9) && icao_ok(c, 13, 6, 19) && icao_ok(c, 21, 6, 27))
				pii_add(t, i, j, PII_PASSPORT, 0.99f, "icao_mrz", NULL);
		}
		else if (lt > 0 && j - i == 30)
		{
			if ((c[0] == 'I' || c[0] == 'A' || c[0] == 'C') && icao_ok(c, 5, 9, 14))
				pii_add(t, i, j, PII_NATID, 0.98f, "icao_mrz", NULL);
			else if (icao_ok(c, 0, 6, 6) && icao_ok(c, 8, 6, 14))
				pii_add(t, i, j, PII_NATID, 0.98f, "icao_mrz", NULL);
			else if (lt >= 2 && IS_ASCII_UPPER(c[0]))
			{
				/* the names line: only next to a checked line */
				bool		near = false;

				for (int k = 0; k < t->nspans; k++)
					if (strcmp(t->spans[k].rule, "icao_mrz") == 0 && i - t->spans[k].e <= 2 && i >= t->spans[k].e)
						near = true;
				if (near)
					pii_add(t, i, j, PII_NATID, 0.95f, "icao_mrz", NULL);
			}
		}
		i = j;
	}
}

/* Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter). */
static void
find_dni(PiiText *t)
{
	for (int i = 0; i + 8 < t->n; i++)
	{
		int			s = i,
					j = i;
		long		v = 0;
		int			nd;

		if (!pii_boundary_before(t, i))
			continue;
		if (t->c[i] == 'X' || t->c[i] == 'Y' || t->c[i] == 'Z')
		{
			v = t->c[i] - 'X';
			j++;
			nd = 7;
		}
		else
			nd = 8;
		for (int k = 0; k < nd; k++, j++)
		{
			if (j >= t->n || !IS_DIGIT(t->c[j]))
				goto next;
			v = v * 10 + (t->c[j] - '0');
		}
		if (j < t->n && (t->c[j] == '-' || t->c[j] == ' '))
			j++;
		if (j < t->n && IS_ASCII_LETTER(t->c[j]) && pii_boundary_after(t, j + 1) &&
			pii_dni_letter(v, (char) t->c[j]))
		{
			pii_add(t, s, j + 1, PII_NATID, 0.95f, nd == 7 ? "es_nie" : "es_dni", NULL);
			i = j;
		}
next:	;
	}
}

/* Ukrainian passport booklets: two Cyrillic capitals and six digits. */
static void
find_ua_passports(PiiText *t)
{
	for (int i = 0; i + 8 <= t->n; i++)
	{
		int			j = i + 2,
					k;

		if (!pii_boundary_before(t, i) || !(t->c[i] >= 0x0410 && t->c[i] <= 0x042F) ||
			!(t->c[i + 1] >= 0x0410 && t->c[i + 1] <= 0x042F))
			continue;
		if (j < t->n && t->c[j] == ' ')
			j++;
		for (k = 0; k < 6 && j + k < t->n && IS_DIGIT(t->c[j + k]); k++)
			;
		if (k == 6 && pii_boundary_after(t, j + 6))
			pii_add(t, i, j + 6, PII_PASSPORT,
					pii_cue_before(t, i, LX_PASSPORT_CUE, 4) ? 0.93f : 0.8f, "ua_passport", NULL);
	}
}

/*
 * After a passport or ID cue: the first token within a few words that has
 * at least five digits and at most four letters ("A1234567", "45 06
 * 123456", "0123-4567-890").
 */
/*
 * "passports (e.g. AB1234567", "(ex. ...", "(np. ...", "(напр. ...": the
 * dot of "for example" is no clause break.
 */
static bool
example_mark(const PiiText *t, int w)
{
	static const char *const marks[] = {"eg", "g", "ex", "np", "ej", "vd", "bsp", "b", "cf", NULL};
	static const UChar32 napr[] = {0x43D, 0x430, 0x43F, 0x440, 0};	/* напр */
	const PiiWord *wd = &t->words[w];
	int			n = wd->e - wd->s;

	if (n == 4)
	{
		for (int j = 0; j < 4; j++)
			if (t->low[wd->s + j] != napr[j])
				return false;
		return true;
	}
	for (int i = 0; marks[i]; i++)
	{
		if ((int) strlen(marks[i]) != n)
			continue;
		for (int j = 0; j < n; j++)
			if (t->low[wd->s + j] != (UChar32) marks[i][j])
				goto next;
		return true;
next:	;
	}
	return false;
}

static void
find_cued_documents(PiiText *t)
{
	for (int w = 0; w < t->nwords; w++)
	{
		uint32_t	cl = t->words[w].lex & (LX_PASSPORT_CUE | LX_ID_CUE);
		int			nw = 1;

		if (!cl)
		{
			for (nw = 2; nw <= 3 && !cl; nw++)
				cl = pii_lex_lookup(t, w, nw, NULL) & (LX_PASSPORT_CUE | LX_ID_CUE);
			if (!cl)
				continue;
			nw--;
		}
		/* "vk.com/id58213390", "?id=123456": a path or a query of a URL, no document cue */
		if (t->words[w].s > 0 && (t->c[t->words[w].s - 1] == '/' || t->c[t->words[w].s - 1] == '.' ||
								  t->c[t->words[w].s - 1] == '?' || t->c[t->words[w].s - 1] == '&' ||
								  t->c[t->words[w].s - 1] == '=' || t->c[t->words[w].s - 1] == '_' ||
								  t->c[t->words[w].s - 1] == '@'))
			continue;
		for (int k = w + nw; k < t->nwords && k <= w + nw + 7; k++)
		{
			const PiiWord *wd = &t->words[k];
			int			s,
						e,
						nd = 0,
						nl = 0;

			/* "hộ chiếu, nói em còn nợ 20.000": a clause break ends the search */
			if (k > w + nw)
				for (int j = t->words[k - 1].e; j < wd->s; j++)
					if ((t->c[j] == ',' || t->c[j] == ';' || t->c[j] == '.' || t->c[j] == '\n') &&
						!(t->words[k - 1].lex & (LX_NUM_MARK | LX_ABBREV | LX_PASSPORT_CUE | LX_ID_CUE)) &&
						!(t->c[j] == '.' && example_mark(t, k - 1)))
						goto next_cue;
			/* words between the cue and the number ("pasipoti yangu", "passport number is") */
			if (!wd->number)
				continue;
			s = wd->s;
			/* a letter prefix, in either case: people type "passport ab12345" */
			while (s > 0 && s > wd->s - 4 && (t->cls[s - 1] & PC_ALPHA))
				s--;
			if (!pii_boundary_before(t, s))
				s = wd->s;
			if (!pii_boundary_before(t, s))
				break;
			e = s;
			while (e < t->n && e - s < 30)
			{
				if (t->cls[e] & PC_DIGIT)
					nd++;
				else if (t->cls[e] & PC_ALPHA)
					nl++;
				else if ((t->c[e] == ' ' || t->c[e] == '-' || t->c[e] == '/' || t->c[e] == '.') &&
						 e + 1 < t->n && (t->cls[e + 1] & PC_DIGIT) && (t->cls[e - 1] & (PC_DIGIT | PC_ALPHA)))
					;
				else
					break;
				e++;
			}
			/* an amount ("20.000", "1,500") is no document number */
			if (nd >= 5 && nl <= 4 && pii_boundary_after(t, e) && (nl > 0 || nd >= 6) &&
				!(e - s == wd->e - wd->s + 4 && wd->e - wd->s <= 3 && (t->c[wd->e] == '.' || t->c[wd->e] == ',')))
				pii_add(t, s, e, (cl & LX_PASSPORT_CUE) ? PII_PASSPORT : PII_NATID, 0.88f,
						(cl & LX_PASSPORT_CUE) ? "passport_cue" : "id_cue", NULL);
			break;
		}
next_cue:	;
	}
}

/* A passport cue within the 40 words before word w (looked for only at a candidate: they are rare). */
static bool
passport_cue_before(const PiiText *t, int w)
{
	for (int k = w - 1; k >= 0 && k >= w - 40; k--)
		if ((t->words[k].lex & LX_PASSPORT_CUE) ||
			((t->words[k].lex & LX_PHRASE_START) && (pii_lex_lookup(t, k, 2, NULL) & LX_PASSPORT_CUE)))
			return true;
	return false;
}

/*
 * A passport number by its shape, one or two capital letters and six to
 * eight digits ("AB0471238"), anywhere after a passport cue in the last 40
 * words: people name the passports in one sentence and give the number in
 * the next ("luat pașapoartele ... AB0471238 e al meu").
 */
static void
find_shaped_passports(PiiText *t)
{
	for (int w = 0; w + 1 < t->nwords; w++)
	{
		const PiiWord *wd = &t->words[w],
				   *nx = &t->words[w + 1];
		int			nl = wd->e - wd->s,
					nd = nx->e - nx->s;

		if (wd->number || nl > 2 || !nx->number || nx->s != wd->e || nd < 6 || nd > 8 ||
			!pii_boundary_before(t, wd->s) || !pii_boundary_after(t, nx->e) ||
			(wd->s > 0 && (t->c[wd->s - 1] == '/' || t->c[wd->s - 1] == '.' || t->c[wd->s - 1] == '-')))
			continue;
		if (!(t->cls[wd->s] & PC_ASCII) || !(t->cls[wd->s] & PC_UPPER) ||
			!(t->cls[wd->e - 1] & PC_ASCII) || !(t->cls[wd->e - 1] & PC_UPPER) || !passport_cue_before(t, w))
			continue;
		pii_add(t, wd->s, nx->e, PII_PASSPORT, 0.8f, "passport_shape", NULL);
	}
}

void
pii_find_documents(PiiText *t)
{
	if (t->max_digit_run >= 2)
		find_ibans(t);
	if (t->has_lt)
		find_mrz(t);
	if (t->max_digit_run >= 7)
		find_dni(t);
	if (t->has_cyrillic && t->max_digit_run >= 6)
		find_ua_passports(t);
	if (t->max_digit_run >= 1)
		find_cued_documents(t);
	if (t->max_digit_run >= 6)
		find_shaped_passports(t);
}

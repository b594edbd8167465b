/*
 * pii_address_extent.c
 *	  The whole of an address, not only its street: a span found by a street
 *	  rule (pii_address.c) grows over the parts written around it, so that
 *	  redaction hides the flat, the district and the town as well:
 *	  "Flat 3, 22 Elgin Crescent, London W11", "Av. Santa Fe 2431, 5° B,
 *	  CABA", "rua 7, casa 23, bairro Coroadinho", "Дагестан, с. Кочубей,
 *	  ул. Степная 9", "सी-214, सेक्टर 50, नोएडा".
 *
 * Parts: a numbered unit ("apto 802", "кв. 12", "5° B"); a postcode (4 to 6
 * digits, or "W11"); a district word and its name (bairro, kijiji, с.,
 * Brgy.: class addr_area); after a comma a town of one to four capitalised
 * words ("Palos de la Frontera (Huelva)", "Cluj-Napoca"), in scripts without
 * case one word that ends the clause.  Looking back, the same parts before a
 * comma, and a unit letter joined by a dash ("C-214").
 *
 * The street span is added as found and, when it grew, the grown span with
 * the same confidence: overlaps go to the longer one, and when the grown span
 * runs into a more confident one (a name after "my name is") the street span
 * still stands.
 */
#include "postgres.h"

#include "anon/pii.h"

#define MAX_PARTS 4
#define TOWN_WORDS 4

/* Words that are cues of another kind or grammar, never part of a place's name. */
#define NOT_PLACE (LX_STOP | LX_PHONE_CUE | LX_HANDLE_CUE | LX_PASSPORT_CUE | LX_ID_CUE | LX_TITLE | \
				   LX_INTRO | LX_RELATION | LX_SIGNOFF | LX_ADDR_CUE)

static bool
is_comma(UChar32 c)
{
	return c == ',' || c == 0x060C || c == 0x3001 || c == 0xFF0C;
}

/*
 * The gap between words a and b (a < b): spaces and at most one comma;
 * *comma tells whether there was one.  A dot right after a district or
 * street word is its abbreviation's ("Brgy. San Isidro", "Mabini St.,").
 */
static bool
gap(const PiiText *t, int a, int b, bool *comma)
{
	int			j = t->words[a].e,
				n = 0;

	*comma = false;
	if (j < t->words[b].s && t->c[j] == '.' && (t->words[a].lex & (LX_ADDR_AREA | LX_ADDR_PRE | LX_ADDR_POST | LX_NUM_MARK)))
		j++;
	for (; j < t->words[b].s; j++, n++)
	{
		if (n > 3)
			return false;
		if (is_comma(t->c[j]) && !*comma)
			*comma = true;
		else if (!(t->cls[j] & PC_SPACE) || t->c[j] == '\n')
			return false;
	}
	return true;
}

/* Capitalised word of a place's name, or any word of a script without case. */
static bool
place_word(const PiiText *t, int w, bool allow_given)
{
	const PiiWord *wd = &t->words[w];

	if (wd->number || (wd->lex & NOT_PLACE) || (wd->cls & PC_HAN))
		return false;
	if (!allow_given && (wd->lex & (LX_GIVEN | LX_FAMILY)))
		return false;
	return (wd->cls & PC_UPPER) || !(wd->cls & PC_CASED);
}

/* The word right after w ends the clause: end of text, punctuation, or a stop word. */
static bool
clause_ends_after(const PiiText *t, int w)
{
	int			j = t->words[w].e;

	while (j < t->n && (t->cls[j] & PC_SPACE) && t->c[j] != '\n')
		j++;
	if (j >= t->n || !(t->cls[j] & (PC_ALPHA | PC_DIGIT)))
		return true;
	/* a postcode after the town: "दिल्ली 110034" */
	if (t->word_of[j] >= 0 && t->words[t->word_of[j]].number)
		return t->words[t->word_of[j]].e - t->words[t->word_of[j]].s >= 4 &&
			t->words[t->word_of[j]].e - t->words[t->word_of[j]].s <= 6;
	return t->word_of[j] >= 0 && (t->words[t->word_of[j]].lex & LX_STOP);
}

/*
 * A town or district's name from word w on: up to TOWN_WORDS capitalised
 * words joined by a space or a dash, connectors inside ("Palos de la
 * Frontera"), and "(Huelva)" after it.  Returns its last word, or -1.
 */
static int
town_after(const PiiText *t, int w)
{
	int			last = -1;

	/* a town may be a given name ("Lima", "Ba Đình") when it ends the clause */
	if (w >= t->nwords || !place_word(t, w, true))
		return -1;
	/* in scripts without case only one word, ending the clause */
	if (!(t->words[w].cls & PC_CASED))
		return clause_ends_after(t, w) ? w : -1;
	for (int k = w; k < t->nwords && k < w + TOWN_WORDS; k++)
	{
		int			sep = k > w ? t->words[k].s - t->words[k - 1].e : 0,
					pe = k > w ? t->words[k - 1].e : 0;

		/* a space or a dash, or an abbreviation's dot: "Sta. Cruz" */
		if (k > w && !(sep == 1 && (t->c[pe] == ' ' || t->c[pe] == '-')) &&
			!(sep == 2 && t->c[pe] == '.' && t->c[pe + 1] == ' ' && t->words[k - 1].e - t->words[k - 1].s <= 3))
			break;
		/* "W11" is a postcode, not a town */
		if (place_word(t, k, true) && (t->words[k].cls & PC_CASED) &&
			!(t->words[k].e < t->n && (t->cls[t->words[k].e] & PC_DIGIT)))
			last = k;
		else if (!(k > w && (t->words[k].lex & LX_CONNECTOR)))
			break;
	}
	if (last >= 0 && !place_word(t, w, false) && !clause_ends_after(t, last))
		return -1;
	/* "(Huelva)" */
	if (last >= 0 && last + 1 < t->nwords && t->words[last + 1].s == t->words[last].e + 2 &&
		t->c[t->words[last].e] == ' ' && t->c[t->words[last].e + 1] == '(' &&
		place_word(t, last + 1, true) && t->words[last + 1].e < t->n && t->c[t->words[last + 1].e] == ')')
		last++;
	return last;
}

/* The side of a floor: "2º izquierda", "3º esq.", "4e gauche" (word w, or -1). */
static int
floor_side(const PiiText *t, int w)
{
	static const char *const sides[] = {"izquierda", "derecha", "izq", "dcha", "dch", "centro", "esq", "dto",
	"dta", "gauche", "droite", NULL};

	if (w >= t->nwords || t->words[w].s - t->words[w - 1].e > 1)
		return -1;
	for (int i = 0; sides[i]; i++)
	{
		int			n = strlen(sides[i]);

		if (n != t->words[w].e - t->words[w].s)
			continue;
		for (int j = 0; j < n; j++)
			if (t->low[t->words[w].s + j] != (UChar32) sides[i][j])
				goto next;
		return w;
next:	;
	}
	return -1;
}

/* A unit: number mark or street word and a house number ("apto 802", "bl. 3", "गली नं. 5"), or "5° B". */
static int
unit_after(const PiiText *t, int w)
{
	int			k = w,
				h;

	/* "º" is a letter: "3ºB" is the words "3" and "ºB"; "2º izquierda" */
	if (t->words[k].number && k + 1 < t->nwords && t->words[k + 1].s == t->words[k].e &&
		t->c[t->words[k].e] == 0xBA && t->words[k + 1].e - t->words[k + 1].s == 1)
		return floor_side(t, k + 2) >= 0 ? k + 2 : k + 1;
	if (t->words[k].number && k + 1 < t->nwords && t->words[k + 1].s == t->words[k].e &&
		t->c[t->words[k].e] == 0xBA && t->words[k + 1].e - t->words[k + 1].s <= 2)
		return k + 1;
	if (t->words[k].number && t->words[k].e < t->n && (t->c[t->words[k].e] == 0xB0 || t->c[t->words[k].e] == 0xBA))
	{
		if (floor_side(t, k + 1) >= 0)
			return k + 1;
		/* "5° B", "3ºB": a floor and a door */
		if (k + 1 < t->nwords && t->words[k + 1].s <= t->words[k].e + 2 && t->words[k + 1].e - t->words[k + 1].s == 1 &&
			(t->words[k + 1].s == t->words[k].e + 1 || t->cls[t->words[k].e + 1] & PC_SPACE))
			return k + 1;
		return k;
	}
	if (!(t->words[k].lex & (LX_NUM_MARK | LX_ADDR_PRE | LX_ADDR_POST)) || t->words[k].number)
		return -1;
	if (k + 1 < t->nwords && (t->words[k + 1].lex & LX_NUM_MARK) && pii_addr_joined(t, k, k + 1))
		k++;
	if (k + 1 < t->nwords && pii_addr_joined(t, k, k + 1) && (h = pii_addr_house_number(t, k + 1)) >= 0)
		return h;
	return -1;
}

/*
 * A district word and its name: "bairro Coroadinho", "kijiji cha Ihefu",
 * "с. Кочубей"; with streets also set, a street's name after a numbered
 * way ("ngõ 34 phố Huế").
 */
int
pii_addr_area_after(const PiiText *t, int w, uint32_t words)
{
	int			k = w + 1,
				last = -1;
	bool		comma;

	if (!(t->words[w].lex & words) || t->words[w].number)
		return -1;
	/* one letter ("с." for село) only with its dot: "с" alone is "with" */
	if (t->words[w].e - t->words[w].s == 1 && (t->words[w].e >= t->n || t->c[t->words[w].e] != '.'))
		return -1;
	for (; k < t->nwords && k <= w + 3 && gap(t, k - 1, k, &comma) && !comma; k++)
	{
		const PiiWord *wd = &t->words[k];

		/* "kata ya Mtwango": a short function word before the name */
		if ((wd->lex & LX_CONNECTOR) || ((wd->lex & LX_STOP) && wd->e - wd->s <= 3 && k == w + 1))
			continue;
		/* a street's name is capitalised: "Nyumba iko Kinondoni" is "the house is in Kinondoni" */
		if ((words & LX_ADDR_PRE) && (t->words[w].lex & LX_ADDR_PRE) && (wd->cls & PC_CASED) &&
			!(wd->cls & PC_UPPER))
			break;
		/* a district's name may be typed in lower case, one word */
		/* another district begins ("ต.ท่าฉลอม อ.เมือง"), unless capitalised in a name ("bairro Vila Nova") */
		if (wd->number || (wd->lex & NOT_PLACE) || (wd->lex & (LX_NUM_MARK | LX_ADDR_PRE | LX_ADDR_POST)) ||
			((wd->lex & LX_ADDR_AREA) && !(wd->cls & PC_UPPER)))
			break;
		if (!(wd->cls & PC_UPPER) && (wd->cls & PC_CASED) && last >= 0)
			break;
		last = k;
	}
	return last;
}

/* A postcode: 4 to 6 digits, or a British outward code ("W11", "SW1A") */
static int
postcode_after(const PiiText *t, int w)
{
	const PiiWord *wd = &t->words[w];
	int			n = wd->e - wd->s;

	/* "7630-174" (Portugal) */
	if (wd->number && n == 4 && w + 1 < t->nwords && t->words[w + 1].number && t->c[wd->e] == '-' &&
		t->words[w + 1].s == wd->e + 1 && t->words[w + 1].e - t->words[w + 1].s == 3)
		return w + 1;
	if (wd->number)
		return n >= 4 && n <= 6 ? w : -1;
	if ((wd->cls & PC_ASCII) && (wd->cls & PC_UPPER) && n <= 2 && w + 1 < t->nwords &&
		t->words[w + 1].number && t->words[w + 1].s == wd->e && t->words[w + 1].e - t->words[w + 1].s <= 2)
	{
		for (int j = wd->s; j < wd->e; j++)
			if (!(t->cls[j] & PC_UPPER))
				return -1;
		return w + 1;
	}
	return -1;
}

/* The last word of the address that ends at word w, parts after it included; *nparts counts them. */
static int
extend_after(const PiiText *t, int w, int *nparts)
{
	/* after a postcode ("75116 Paris") or a house number ("ngõ 82 Chùa Láng") a name needs no comma */
	bool		had_postcode = false,
				after_number = t->words[w].number;

	/* the rest of a name the street rule stopped in: "Lapu-Lapu City" */
	if ((t->words[w].cls & PC_CASED) && place_word(t, w, true))
	{
		int			e = town_after(t, w);

		if (e > w)
			w = e;
	}
	*nparts = 0;
	for (int parts = 0; parts < MAX_PARTS && w + 1 < t->nwords; parts++)
	{
		int			k = w + 1,
					e;
		bool		comma;

		if (!gap(t, w, k, &comma))
			break;
		(*nparts)++;
		if ((e = unit_after(t, k)) >= 0 ||
			(e = pii_addr_area_after(t, k, t->words[w].number ? LX_ADDR_AREA | LX_ADDR_PRE : LX_ADDR_AREA)) >= 0)
			w = e;
		else if ((comma || had_postcode || after_number) && (e = town_after(t, k)) >= 0)
			w = e;
		else if (!had_postcode && (e = postcode_after(t, k)) >= 0)
		{
			w = e;
			had_postcode = true;
			continue;
		}
		else
		{
			(*nparts)--;
			break;
		}
		had_postcode = after_number = false;
	}
	return w;
}

int
pii_addr_parts_after(const PiiText *t, int w)
{
	int			n;

	extend_after(t, w, &n);
	return n;
}

/*
 * A place's name may start at word w: at the text's start or after a
 * lower-case word ("à Marseille, 47 bd National", "iko Kinondoni, Mtaa wa
 * Togo"); not after punctuation, where it may be a name signing or greeting
 * ("J. Morel, 5 rue Pasteur").  In scripts without case, after a stop word.
 */
static bool
clause_starts_at(const PiiText *t, int w)
{
	const PiiWord *prev;

	if (w == 0)
		return true;
	prev = &t->words[w - 1];
	for (int j = prev->e; j < t->words[w].s; j++)
		if (!(t->cls[j] & PC_SPACE))
			return false;
	if (!(t->words[w].cls & PC_CASED))
		return (prev->lex & LX_STOP) != 0;
	return (prev->cls & PC_CASED) && !(prev->cls & PC_UPPER) && !prev->number;
}

/* The first word of the address that starts at word w, parts before it included. */
static int
extend_before(const PiiText *t, int w)
{
	int			settled;		/* the start of the address so far */

	/* "C-214", "सी-214": a block letter joined by a dash */
	if (w > 0 && t->words[w].number && t->words[w - 1].e + 1 == t->words[w].s &&
		t->c[t->words[w - 1].e] == '-' && !t->words[w - 1].number &&
		t->words[w - 1].e - t->words[w - 1].s <= 2 && !(t->words[w - 1].lex & NOT_PLACE))
		w--;
	/* "số 14 ngõ 82", "Purok 3, Brgy.": the mark of a number the street rule began with */
	else if (w > 0 && t->words[w].number && (t->words[w - 1].lex & (LX_NUM_MARK | LX_ADDR_PRE)) &&
			 pii_addr_joined(t, w - 1, w))
		w--;
	settled = w;
	for (int parts = 0; parts < MAX_PARTS && w > 0; parts++)
	{
		int			e = w - 1,
					name_end,
					s;
		bool		comma;

		if (!gap(t, e, w, &comma))
			break;
		/* "Flat 3, ", "Room 402, ", "Blk 5 Lot 12" */
		if (t->words[e].number && e > 0 && unit_after(t, e - 1) == e)
		{
			settled = w = e - 1;
			continue;
		}
		/*
		 * Thai writes the parts with spaces only: "ต.ทุ่งใหญ่ อ.ทุ่งใหญ่
		 * จ.นครศรีธรรมราช 80240 บ้านเลขที่ 45": a postcode counts once a
		 * district is found before it
		 */
		if (!comma && t->words[e].number && t->words[e].e - t->words[e].s == 5 && e > 0 &&
			!(t->words[e - 1].cls & PC_CASED))
		{
			w = e;
			continue;
		}
		/* a district word after its name: "Полтавська обл., " */
		if ((t->words[e].lex & LX_ADDR_AREA) && e > 0 && place_word(t, e - 1, false) &&
			t->words[e].s - t->words[e - 1].e == 1)
			name_end = e - 1;
		else
			name_end = e;
		/* a district or town: "Marseille, ", "с. Кочубей, ", "zona industrială Bacău, " */
		for (s = name_end; s > 0 && s > name_end - TOWN_WORDS; s--)
			if (t->words[s - 1].lex & LX_ADDR_AREA ||
				(t->words[s].s - t->words[s - 1].e != 1 || t->c[t->words[s - 1].e] != ' ') ||
				!(place_word(t, s - 1, false) || (t->words[s - 1].lex & LX_CONNECTOR)))
				break;
		/*
		 * a district or street word up to three words before: "zona
		 * industrială Bacău", "mtaa wa Mivinjeni"
		 */
		for (int a = s - 1; a >= 0 && a >= s - 3; a--)
			if ((t->words[a].lex & (LX_ADDR_AREA | LX_ADDR_PRE)) &&
				pii_addr_area_after(t, a, LX_ADDR_AREA | LX_ADDR_PRE) == e)
			{
				s = a;
				break;
			}
		while (s < e && (t->words[s].lex & LX_CONNECTOR) && !(t->words[s].cls & PC_UPPER))
			s++;
		/* a district or street word with its name ("на трассе, Тверская обл." has none) */
		if ((t->words[s].lex & (LX_ADDR_AREA | LX_ADDR_PRE)) && s < e)
		{
			settled = w = s;
			continue;
		}
		/* without a comma only a district word and its name */
		if (!comma)
			break;
		if (!place_word(t, s, false) || !place_word(t, name_end, false) ||
			(!(t->words[e].cls & PC_CASED) && s != e))
			break;
		w = s;
		/*
		 * "Dar es Salaam, Kariakoo, mtaa wa Msimbazi": a list of places
		 * counts from where it starts; one with a district word counts
		 * anyway ("на фермі, Полтавська обл., с. Вербове")
		 */
		if (clause_starts_at(t, s) || name_end != e)
			settled = w;
		else if (!(s > 0 && gap(t, s - 1, s, &comma) && comma))
			break;
	}
	return settled;
}

void
pii_add_address(PiiText *t, int s, int e, float conf, const char *rule)
{
	int			ws = t->word_of[s],
				we = t->word_of[e - 1],
				ns,
				ne,
				nparts;

	pii_add(t, s, e, PII_ADDRESS, conf, rule, NULL);
	/* Han addresses are whole already */
	if (ws < 0 || we < 0 || (t->words[ws].cls & PC_HAN))
		return;
	ns = t->words[extend_before(t, ws)].s;
	ne = t->words[extend_after(t, we, &nparts)].e;
	/* ")" of "(Huelva)" */
	if (ne < t->n && t->c[ne] == ')' && ne > e && t->c[t->words[t->word_of[ne - 1]].s - 1] == '(')
		ne++;
	if (ns != s || ne != e)
		pii_add(t, ns, ne, PII_ADDRESS, conf, rule, NULL);
}

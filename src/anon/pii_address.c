/*
 * pii_address.c
 *	  Street addresses: a street cue word (data/pii_names and data/pii_cues
 *	  <lang>.tsv classes addr_pre, such as "calle", "rue", "ул.", "ulica",
 *	  "đường", "ถนน", "mtaa", "kalye", and addr_post, such as "street",
 *	  "road", "路", "रोड") with a house number before or after the street's
 *	  name.  A cue without a house number is a place name, not an address,
 *	  and is left alone, unless a second street crosses it.  Without a street
 *	  word: numbered parts, a street type written as a suffix, two districts
 *	  in a row, a name and a number after an address cue.  Every span found
 *	  grows over the rest of the address in pii_address_extent.c.
 *
 * Chinese addresses have no spaces and one word per character: a run of
 * Han characters ending in a street character (路 街 道 巷 弄 村) followed by
 * a number and 号 (组, 栋).
 */
#include "postgres.h"

#include "anon/pii.h"

#define NAME_WORDS 4

/* A house number word: digits, maybe "12B", "55/12", "12-14". Returns its end word. */
int
pii_addr_house_number(const PiiText *t, int w)
{
	const PiiWord *wd;
	int			end = w;

	if (w < 0 || w >= t->nwords || !t->words[w].number || t->words[w].e - t->words[w].s > 5)
		return -1;
	wd = &t->words[w];
	/* 55/12, 12-14 */
	if (w + 1 < t->nwords && t->words[w + 1].number && t->words[w + 1].s == wd->e + 1 &&
		(t->c[wd->e] == '/' || t->c[wd->e] == '-'))
		end = w + 1;
	/* 12B */
	if (end + 1 < t->nwords && t->words[end + 1].s == t->words[end].e &&
		t->words[end + 1].e - t->words[end + 1].s == 1 && (t->words[end + 1].cls & PC_ALPHA))
		end++;
	return end;
}

/* Nothing but spaces, commas, a dot or "°" ("n°9") between words a and b (a < b)? */
bool
pii_addr_joined(const PiiText *t, int a, int b)
{
	int			gap = 0;

	for (int j = t->words[a].e; j < t->words[b].s; j++, gap++)
		if (gap > 3 || !(t->cls[j] & PC_SPACE || t->c[j] == ',' || t->c[j] == '.' ||
						 t->c[j] == 0x060C || t->c[j] == 0x3001 || t->c[j] == 0xB0 || t->c[j] == 0xBA))
			return false;
	return true;
}

/* The cue and the word after it: joined, or "c/ Alcalá" (a slash after the cue) */
static bool
joined_after_cue(const PiiText *t, int w, int k)
{
	int			j = t->words[w].e;

	if (j < t->words[k].s && t->c[j] == '/')
	{
		for (j++; j < t->words[k].s; j++)
			if (!(t->cls[j] & PC_SPACE))
				return false;
		return true;
	}
	return pii_addr_joined(t, w, k);
}

/*
 * A word of a street's name.  In cased scripts it is capitalised, unless
 * lower is set: people type "114 high st" or "calle alcalá 188", and the
 * caller then asks for the house number on the other side too.
 */
static bool
street_word(const PiiText *t, int w, bool lower)
{
	const PiiWord *wd = &t->words[w];

	/* "de" is a stop word and a connector: "Calle de la Paz 5" */
	if ((wd->lex & LX_CONNECTOR) && !wd->number)
		return true;
	if (wd->number || (wd->lex & (LX_STOP | LX_PHONE_CUE | LX_HANDLE_CUE | LX_PASSPORT_CUE | LX_ID_CUE |
								   LX_INTRO | LX_SIGNOFF)))
		return false;
	/* streets are named after padres and generals: "R. Padre Chagas 415" */
	if ((wd->lex & (LX_TITLE | LX_RELATION)) && !(wd->cls & PC_UPPER))
		return false;
	/* in cased scripts a street's name is capitalised */
	return !(wd->cls & PC_CASED) || (wd->cls & PC_UPPER) || (lower && wd->e - wd->s >= 2);
}

/*
 * Street cues no one writes after a number for anything else ("3 hours
 * drive", "one way" are no addresses): street, st, road, rd, avenue, ave,
 * lane, ln, blvd and the cues of scripts without case.
 */
static bool
plain_street_cue(const PiiText *t, int w)
{
	static const char *const cues[] = {"street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "blvd", NULL};
	const PiiWord *wd = &t->words[w];

	if (!(wd->cls & PC_CASED) || !(wd->cls & PC_ASCII))
		return !(wd->cls & PC_CASED);
	for (int i = 0; cues[i]; i++)
	{
		int			n = strlen(cues[i]);

		if (n != wd->e - wd->s)
			continue;
		for (int j = 0; j < n; j++)
			if (t->low[wd->s + j] != (UChar32) cues[i][j])
				goto next;
		return true;
next:	;
	}
	return false;
}

static bool
name_word(const PiiText *t, int w)
{
	return street_word(t, w, false);
}

/*
 * After a house number ending at word w, more numbered parts: "lot 8",
 * "кв. 12", "ngách 3", "flat 4" (a number mark or a street cue and a
 * number).  Returns the last word.
 */
static int
more_parts(const PiiText *t, int w)
{
	for (int n = 0; n < 3 && w + 2 < t->nwords; n++)
	{
		int			k = w + 1,
					h;

		if (!pii_addr_joined(t, w, k) || !(t->words[k].lex & (LX_NUM_MARK | LX_ADDR_PRE)))
			break;
		if (k + 1 < t->nwords && (t->words[k + 1].lex & LX_NUM_MARK) && pii_addr_joined(t, k, k + 1))
			k++;
		if (k + 1 >= t->nwords || !pii_addr_joined(t, k, k + 1) || (h = pii_addr_house_number(t, k + 1)) < 0)
			break;
		w = h;
	}
	return w;
}

/* The end (word index) of an optional "nr."/"д."/"số" mark and a house number after word w. */
static int
number_after(const PiiText *t, int w)
{
	int			k = w + 1;

	if (k < t->nwords && (t->words[k].lex & LX_NUM_MARK) && pii_addr_joined(t, w, k))
		k++;
	if (k < t->nwords && pii_addr_joined(t, k - 1, k))
		return pii_addr_house_number(t, k);
	return -1;
}

/*
 * Words a and b joined by a dash, both capitalised, or capitals and a
 * number: a double name or a road's code ("rue Jean-Jaurès 5", "carretera
 * N-II km 772", "трасса М-10 км 212")
 */
static bool
dash_joined(const PiiText *t, int a, int b)
{
	const PiiWord *x = &t->words[a],
			   *y = &t->words[b];

	if (y->s != x->e + 1 || t->c[x->e] != '-' || !(x->cls & PC_UPPER))
		return false;
	if (y->number)
		return x->e - x->s <= 3 && (t->cls[x->e - 1] & PC_UPPER);
	return (y->cls & PC_UPPER) != 0;
}

/*
 * A crossing names a place as well as a house number does: after a street's
 * name ending at word w, "and" or "with" (one or two short stop words) and
 * a second street cue with a name ("تقاطع شارع الحمرا مع شارع المقدسي",
 * "на углу ул. Мира и ул. Ленина").  Returns the second name's last word.
 */
static int
crossing_after(const PiiText *t, int w)
{
	int			k = w + 1,
				last = -1;

	for (; k < t->nwords && k <= w + 2; k++)
		if (!(t->words[k].lex & (LX_STOP | LX_CONNECTOR)) || t->words[k].e - t->words[k].s > 4 ||
			t->words[k].s - t->words[k - 1].e != 1 || !(t->cls[t->words[k - 1].e] & PC_SPACE))
			break;
	if (k == w + 1 || k >= t->nwords || !(t->words[k].lex & LX_ADDR_PRE) || !pii_addr_joined(t, k - 1, k))
		return -1;
	/* without case nothing marks the name's end: two words at most */
	for (int n = k + 1; n < t->nwords && n <= k + ((t->words[k].cls & PC_CASED) ? NAME_WORDS : 2) &&
		 (n == k + 1 ? joined_after_cue(t, k, n) : t->words[n].s - t->words[n - 1].e == 1) && name_word(t, n); n++)
		if (!(t->words[n].lex & LX_CONNECTOR))
			last = n;
	return last;
}

static void
find_cued(PiiText *t)
{
	for (int w = 0; w < t->nwords; w++)
	{
		uint32_t	cl = t->words[w].lex & (LX_ADDR_PRE | LX_ADDR_POST);
		int			first = -1,
					last = -1,
					n_after,
					k,
					b;

		if (!cl || (t->words[w].cls & PC_HAN))
			continue;
		/* number before the cue ("12 rue", "55/12 ถนน", "số 5 đường") */
		for (b = w - 1; b >= 0 && b >= w - 2; b--)
		{
			if (!pii_addr_joined(t, b, b + 1))
				break;
			if (t->words[b].number)
			{
				int			s = b;

				while (s > 0 && t->words[s - 1].number && t->words[s - 1].e + 1 == t->words[s].s)
					s--;
				if (pii_addr_house_number(t, s) >= b)
					first = s;
				break;
			}
			if (!(t->words[b].lex & LX_NUM_MARK))
				break;
		}
		if (cl & LX_ADDR_PRE)
		{
			/* cue, name words, then maybe a number */
			int			end = w,
						cap_end = w;	/* the last word before a lower-case one */
			bool		lower = false;

			for (k = w + 1; k < t->nwords && k <= w + NAME_WORDS &&
				 (k == w + 1 ? joined_after_cue(t, w, k) : pii_addr_joined(t, k - 1, k) || dash_joined(t, k - 1, k)) &&
				 (street_word(t, k, true) || (k > w + 1 && dash_joined(t, k - 1, k))); k++)
			{
				int			n;
				/* the number of a road's code counts as a capitalised word: "М-10" */
				bool		named = name_word(t, k) || (t->words[k].number && dash_joined(t, k - 1, k));

				/*
				 * lower-case words only right after the cue ("Jaurès, Lyon
				 * chambre 212" is no street), and not after a short cue
				 * without its dot or slash ("os moleques de 12": "os" is
				 * Polish "os." only when written so)
				 */
				if (!named && (cap_end > w || (k > w + 1 && t->words[k].s - t->words[k - 1].e != 1) ||
										 (t->words[w].e - t->words[w].s <= 2 &&
										  t->c[t->words[w].e] != '.' && t->c[t->words[w].e] != '/')))
					break;
				n = number_after(t, k);
				lower |= !named;
				end = k;
				if (!lower && !(t->words[k].lex & LX_CONNECTOR))
					cap_end = k;
				if (n >= 0)
				{
					last = more_parts(t, n);
					break;
				}
			}
			/* a lower-case name needs its number after it: "calle alcalá 188" */
			if (last < 0)
			{
				end = cap_end;
				lower = false;
			}
			if (end > w && (first >= 0 || last >= 0))
				pii_add_address(t, t->words[first >= 0 ? first : w].s,
						t->words[last >= 0 ? last : end].e, lower ? 0.75f : 0.85f, "street_cue");
			else if (end > w && (k = crossing_after(t, end)) > end)
				pii_add_address(t, t->words[w].s, t->words[k].e, 0.75f, "street_crossing");
			else if (end == w && (n_after = number_after(t, w)) >= 0 &&
					 (first >= 0 || (t->words[w + 1].lex & LX_NUM_MARK) || more_parts(t, n_after) > n_after))
			{
				/*
				 * A numbered way ("số 14 ngõ 82", "blk 12 lot 8", "मकान नं. 45",
				 * "منزل رقم 12"): a number on both sides, a number mark, or a
				 * second numbered part ("घर 5 बजे", home at five, is no address).
				 */
				pii_add_address(t, t->words[first >= 0 ? first : w].s, t->words[more_parts(t, n_after)].e,
						first >= 0 ? 0.86f : 0.8f, "street_number");
			}
			else if (end == w && n_after >= 0 && pii_addr_parts_after(t, n_after) >= 2)
			{
				/* "Plot 7, Harbour Gate Development, Dover": a numbered way and two places after it */
				pii_add_address(t, t->words[w].s, t->words[n_after].e, 0.75f, "street_number");
			}
		}
		if ((cl & LX_ADDR_POST) && !(first >= 0 && (cl & LX_ADDR_PRE)))
		{
			/* number, name words, cue ("221 Baker Street"), or name, cue, number */
			int			s = -1;
			bool		lower = false;

			for (k = w - 1; k >= 0 && k >= w - NAME_WORDS && pii_addr_joined(t, k, k + 1); k--)
			{
				if (t->words[k].number)
				{
					int			h = k;

					while (h > 0 && t->words[h - 1].number && t->words[h - 1].e + 1 == t->words[h].s)
						h--;
					if (k < w - 1 && pii_addr_house_number(t, h) >= k)
						s = h;
					break;
				}
				if (!name_word(t, k))
				{
					/*
					 * "114 high st": lower-case words only before a cue that
					 * names a street for sure, two at most, spaces between
					 */
					if (!street_word(t, k, true) || k < w - 2 || !plain_street_cue(t, w) ||
						!(t->cls[t->words[k].e] & PC_SPACE) || t->words[k + 1].s - t->words[k].e != 1)
						break;
					lower = true;
				}
			}
			last = number_after(t, w);
			if (s >= 0)
				pii_add_address(t, t->words[s].s, t->words[last >= 0 ? last : w].e, lower ? 0.75f : 0.85f,
						"street_cue");
			else if (last >= 0 && w > 0 && name_word(t, w - 1) && pii_addr_joined(t, w - 1, w))
			{
				int			h = w - 1;

				while (h > 0 && h > w - NAME_WORDS && name_word(t, h - 1) && pii_addr_joined(t, h - 1, h) &&
					   !(t->words[h - 1].lex & LX_CONNECTOR))
					h--;
				pii_add_address(t, t->words[h].s, t->words[last].e, 0.8f, "street_cue");
			}
			else if (last >= 0 && t->words[w + 1].lex & LX_NUM_MARK)
				/* "गली नं. 5", "Street No. 4" */
				pii_add_address(t, t->words[w].s, t->words[last].e, 0.8f, "street_cue");
		}
	}
}

/*
 * Numbered parts without a street word: a number mark and a number, or a
 * house number written with a slash, followed by another numbered part
 * ("บ้านเลขที่ 45 หมู่ 3", "flat 3 floor 2", "๑๒/๓ หมู่ ๔"), or a
 * capitalised name, a house number and a numbered part ("Люблинская 141 кв
 * 58").  One number alone after a name is too often something else ("Boeing
 * 747", "Windows 10").
 */
static void
find_units(PiiText *t)
{
	for (int w = 0; w + 2 < t->nwords; w++)
	{
		const PiiWord *wd = &t->words[w];
		int			h,
					last;

		/* "๑๒/๓ หมู่ ๔", "55/12 flat 3": a house number with its slash */
		if (wd->number && (h = pii_addr_house_number(t, w)) > w && t->c[wd->e] == '/' && h + 1 < t->nwords &&
			pii_addr_joined(t, h, h + 1) && (last = more_parts(t, h)) > h)
		{
			pii_add_address(t, wd->s, t->words[last].e, 0.75f, "numbered_parts");
			w = last;
			continue;
		}
		if (wd->number || !t->words[w + 1].number || (wd->lex & (LX_ADDR_PRE | LX_ADDR_POST)) ||
			!pii_addr_joined(t, w, w + 1))
			continue;
		if (wd->lex & LX_NUM_MARK)
			h = pii_addr_house_number(t, w + 1);
		else if ((wd->cls & PC_UPPER) && wd->lex == 0 && wd->e - wd->s >= 3)
			h = pii_addr_house_number(t, w + 1);
		else
			continue;
		if (h < 0 || (last = more_parts(t, h)) == h)
			continue;
		pii_add_address(t, wd->s, t->words[last].e, 0.75f, "numbered_parts");
		w = last;
	}
}

/*
 * Streets whose type is a suffix of their name, as in Dutch, German,
 * Scandinavian, Czech or Hungarian addresses migrants are sent to
 * ("Hoefkade 312", "Vinohradská 112", "Lindenstraße 4"): a capitalised
 * word with such an ending and a house number that ends the clause or is
 * followed by a unit.
 */
#define N_SUFFIXES 19
#define SUFFIX_MAX 8

static bool
street_suffix(const PiiText *t, int w)
{
	static const char *const suffixes[N_SUFFIXES] = {"straße", "strasse", "straat", "weg", "kade", "gracht", "laan",
		"plein", "gasse", "platz", "allee", "damm", "gade", "vej", "gatan", "vägen", "katu", "utca", "ská"};
	/* the suffixes as code points, decoded once */
	static UChar32 cp[N_SUFFIXES][SUFFIX_MAX];
	static int	ncp[N_SUFFIXES];
	const PiiWord *wd = &t->words[w];

	if (!(wd->cls & PC_UPPER) || !(wd->cls & PC_ASCII) || wd->e - wd->s < 6 || wd->lex != 0)
		return false;
	if (ncp[0] == 0)
		for (int i = 0; i < N_SUFFIXES; i++)
		{
			int32_t		j = 0,
						len = strlen(suffixes[i]);

			while (j < len && ncp[i] < SUFFIX_MAX)
			{
				UChar32		u;

				U8_NEXT(suffixes[i], j, len, u);
				cp[i][ncp[i]++] = u;
			}
		}
	for (int i = 0; i < N_SUFFIXES; i++)
	{
		int			n = ncp[i],
					j;

		if (wd->e - wd->s <= n || t->low[wd->e - 1] != cp[i][n - 1])
			continue;
		for (j = 0; j < n; j++)
			if (t->low[wd->e - n + j] != cp[i][j])
				break;
		if (j == n)
			return true;
	}
	return false;
}

static void
find_suffixed(PiiText *t)
{
	for (int w = 0; w + 1 < t->nwords; w++)
	{
		int			h,
					last,
					j;

		if (!street_suffix(t, w) || t->words[w + 1].s - t->words[w].e != 1 ||
			(h = pii_addr_house_number(t, w + 1)) < 0)
			continue;
		last = more_parts(t, h);
		j = t->words[h].e;
		/* "Vinohradská 112 lidí" (112 people) is no address */
		if (last == h && j < t->n && !(t->c[j] == ',' || t->c[j] == ';' || t->c[j] == ')' || t->c[j] == '\n' ||
										(t->c[j] == '.' && (j + 1 >= t->n || !(t->cls[j + 1] & PC_DIGIT)))))
			continue;
		pii_add_address(t, t->words[w].s, t->words[last].e, 0.75f, "street_suffix");
	}
}

/*
 * Two districts in a row name a place as a street does: "kijiji cha Ihefu,
 * kata ya Mtwango", "मौजा खेड़ी, तहसील मोहनलालगंज" (village, then tehsil).
 * One alone is a place name and is left alone.
 */
static void
find_districts(PiiText *t)
{
	for (int w = 0; w + 3 < t->nwords; w++)
	{
		int			a,
					b;

		if (!(t->words[w].lex & LX_ADDR_AREA) || (a = pii_addr_area_after(t, w, LX_ADDR_AREA)) < 0 ||
			a + 1 >= t->nwords || !(t->words[a + 1].lex & LX_ADDR_AREA) || !pii_addr_joined(t, a, a + 1) ||
			(b = pii_addr_area_after(t, a + 1, LX_ADDR_AREA)) < 0)
			continue;
		pii_add_address(t, t->words[w].s, t->words[b].e, 0.7f, "districts");
		w = b;
	}
}

/*
 * After "address", "dirección", "адрес" (class addr_cue) and maybe a colon
 * or "is": a name and a house number are an address without a street word
 * ("Dirección: Bilbao 1880", "адрес Люблинская 141").  In Chinese, after
 * 地址 or 住址, the characters up to the punctuation when they hold a number.
 */
static void
find_after_cue(PiiText *t)
{
	for (int w = 0; w + 2 < t->nwords; w++)
	{
		int			k = w + 1,	/* the word after the cue */
					h;
		bool		number_near = false;

		if (!(t->words[w].lex & (LX_ADDR_CUE | LX_PHRASE_START)))
			continue;
		/* a number must follow within four words (Han: any text) before a cue is looked up */
		for (int j = w + 1; j < t->nwords && j <= w + 4 && !number_near; j++)
			number_near = t->words[j].number;
		if (!number_near && !(t->words[w].cls & PC_HAN))
			continue;
		if (!(t->words[w].lex & LX_ADDR_CUE))
		{
			/* "по адресу", "地址": a cue of two words */
			if (!(pii_lex_lookup(t, w, 2, NULL) & LX_ADDR_CUE))
				continue;
			k = w + 2;
		}
		if (t->words[w].cls & PC_HAN)
		{
			int			s = t->words[k - 1].e,
						e,
						digits = 0;

			/* 是 (is), ：, : */
			while (s < t->n && (t->c[s] == 0x662F || t->c[s] == 0xFF1A || t->c[s] == ':' || (t->cls[s] & PC_SPACE)))
				s++;
			for (e = s; e < t->n && e - s < 40 && (t->cls[e] & (PC_HAN | PC_DIGIT)); e++)
				digits += (t->cls[e] & PC_DIGIT) != 0;
			if (digits > 0 && e - s >= 4)
				pii_add_address(t, s, e, 0.8f, "address_cue");
			continue;
		}
		/* "address is", "адрес:" */
		if (k < t->nwords && (t->words[k].lex & LX_STOP) && t->words[k].e - t->words[k].s <= 3 &&
			t->words[k].s - t->words[k - 1].e == 1)
			k++;
		if (k + 1 >= t->nwords || t->words[k].number || t->words[k].lex != 0 ||
			!((t->words[k].cls & PC_UPPER) || !(t->words[k].cls & PC_CASED)) ||
			t->words[k].s - t->words[k - 1].e > 3 || t->words[k + 1].s - t->words[k].e != 1 ||
			(h = pii_addr_house_number(t, k + 1)) < 0)
			continue;
		pii_add_address(t, t->words[k].s, t->words[h].e, 0.75f, "address_cue");
	}
}

static bool
han_street_char(UChar32 c)
{
	/* 路街道巷弄, and 村 (village) of "王庄村5组" */
	return c == 0x8DEF || c == 0x8857 || c == 0x9053 || c == 0x5DF7 || c == 0x5F04 || c == 0x6751;
}

/* What ends a Chinese house number: 号 (number), 组 (village group), 栋 (building) */
static bool
han_number_end(UChar32 c)
{
	return c == 0x53F7 || c == 0x7EC4 || c == 0x680B;
}

/* Characters that end a Chinese place name looking back (在 住 于 到 的 是 从 和 向 往). */
static bool
han_stop_char(UChar32 c)
{
	return c == 0x5728 || c == 0x4F4F || c == 0x4E8E || c == 0x5230 || c == 0x7684 ||
		c == 0x662F || c == 0x4ECE || c == 0x548C || c == 0x5411 || c == 0x5F80;
}

/* After a Chinese house number, its building, entrance, floor and flat: "3栋2单元502室". Returns the end. */
static int
han_units_after(const PiiText *t, int k)
{
	for (int parts = 0; parts < 4 && k < t->n && (t->cls[k] & PC_DIGIT); parts++)
	{
		int			m = k;

		while (m < t->n && (t->cls[m] & PC_DIGIT))
			m++;
		if (m >= t->n)
			break;
		/* 栋 幢 楼 层 室 号 */
		if (t->c[m] == 0x680B || t->c[m] == 0x5E62 || t->c[m] == 0x697C || t->c[m] == 0x5C42 ||
			t->c[m] == 0x5BA4 || t->c[m] == 0x53F7)
			k = m + 1;
		else if (m + 1 < t->n && t->c[m] == 0x5355 && t->c[m + 1] == 0x5143)	/* 单元 */
			k = m + 2;
		else
			break;
	}
	return k;
}

static void
find_han(PiiText *t)
{
	for (int i = 1; i + 2 < t->n; i++)
	{
		int			j = i + 1,
					s = i;

		if (!(t->cls[i] & PC_HAN) || !han_street_char(t->c[i]) || !(t->cls[i - 1] & PC_HAN) ||
			!(t->cls[j] & PC_DIGIT))
			continue;
		while (j < t->n && (t->cls[j] & PC_DIGIT))
			j++;
		if (j < t->n && t->c[j] == '-' && j + 1 < t->n && (t->cls[j + 1] & PC_DIGIT))
			for (j++; j < t->n && (t->cls[j] & PC_DIGIT); j++)
				;
		if (j >= t->n || !han_number_end(t->c[j]))
			continue;
		/* the province, city and district before it: "河南省周口市郸城县" */
		while (s > 0 && i - s < 16 && (t->cls[s - 1] & PC_HAN) && !han_stop_char(t->c[s - 1]))
			s--;
		pii_add_address(t, s, han_units_after(t, j + 1), 0.88f, "han_street");
	}
}

void
pii_find_addresses(PiiText *t)
{
	find_cued(t);
	find_units(t);
	find_suffixed(t);
	find_districts(t);
	find_after_cue(t);
	find_han(t);
}

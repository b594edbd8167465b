/*
 * pii_names.c
 *	  Person names: a gazetteer of common given and family names per
 *	  language (data/pii_names/<lang>.tsv, compiled into
 *	  pii_lexicon_data.c by tools/gen_pii_lexicon.pl) and context cues:
 *	  titles before a name ("Mr", "senhora", "господин", "pani", "anh",
 *	  "นาย", "श्रीमती", "bwana", "ginoong"), after one ("先生", "女士", "जी")
 *	  and introductions ("my name is", "me llamo", "меня зовут", "我叫").
 *
 * In scripts with case, a name is capitalised words; elsewhere the words
 * after a cue are taken, and a second one only when the gazetteer knows
 * it.  Chinese names are a family-name character and one or two more;
 * Thai names run to the next space (ICU's dictionary splits unknown names
 * into pieces, which are joined again here).
 *
 * Confidence: after a cue 0.9; a known given name with more capitalised
 * words 0.85; a known given name alone 0.6 (it may be an ordinary word:
 * "Grace", "Hope"), so pii_redact's threshold of 0.5 still hides it.
 * Guesses (an unknown word after a cue, a signature, an initial and a
 * surname) 0.7-0.75.  The lexicon's not-a-name classes (business words,
 * labels, calls for help) keep the guesses off ordinary words.
 */
#include "postgres.h"

#include "anon/pii.h"

#define CUE_CLASSES (LX_TITLE | LX_INTRO | LX_RELATION | LX_TITLE_POST | LX_ADDR_PRE | LX_ADDR_POST | \
					 LX_PHONE_CUE | LX_HANDLE_CUE | LX_PASSPORT_CUE | LX_ID_CUE | LX_STOP | LX_NUM_MARK | \
					 LX_SIGNOFF | LX_BUSINESS | LX_NOTNAME)

/* Only spaces (at most two) or a single hyphen between words a and b? */
static bool
adjacent(const PiiText *t, int a, int b)
{
	int			gap = t->words[b].s - t->words[a].e;

	if (gap == 1)
		return (t->cls[t->words[a].e] & PC_SPACE) || t->c[t->words[a].e] == '-';
	return gap == 2 && (t->cls[t->words[a].e] & PC_SPACE) && (t->cls[t->words[a].e + 1] & PC_SPACE) &&
		t->c[t->words[a].e] != '\n';
}

/* Words that are part of the same unspaced run (Thai pieces) */
static bool
glued(const PiiText *t, int a, int b)
{
	return t->words[b].s == t->words[a].e;
}

static bool
capitalised(const PiiText *t, int w)
{
	return (t->words[w].cls & PC_UPPER) != 0;
}

/* Word m is a connector ("de", "de la") before a capitalised word of the same name. */
static bool
connects(const PiiText *t, int m)
{
	if (!(t->words[m].lex & LX_CONNECTOR) || m + 1 >= t->nwords || !adjacent(t, m, m + 1))
		return false;
	if (capitalised(t, m + 1))
		return true;
	return (t->words[m + 1].lex & LX_CONNECTOR) && m + 2 < t->nwords && adjacent(t, m + 1, m + 2) &&
		capitalised(t, m + 2);
}

/* How sure a name rule is of what follows its cue. */
typedef enum CueStrength
{
	CUE_WEAK,					/* a title, a relation, a bare "name": a known name or a capital */
	CUE_INTRO,					/* an introduction */
	CUE_STRONG					/* "my name is", "меня зовут": any word, even in lower case */
} CueStrength;

/* A clause ends after word k: punctuation, a line break, the end, or a stop word. */
static bool
clause_ends_after(const PiiText *t, int k)
{
	int			j = t->words[k].e;

	if (j >= t->n || k + 1 >= t->nwords)
		return true;
	for (; j < t->words[k + 1].s; j++)
		if (!(t->cls[j] & PC_SPACE) || t->c[j] == '\n')
			return true;
	return (t->words[k + 1].lex & (LX_STOP | LX_CONNECTOR | LX_GIVEN | LX_FAMILY)) != 0 ||
		(t->words[k + 1].cls & PC_UPPER) != 0;
}

/* Letters only (no digits glued in), two characters or more. */
static bool
plain_word(const PiiText *t, int k)
{
	const PiiWord *wd = &t->words[k];

	if (wd->number || wd->e - wd->s < 2)
		return false;
	return (wd->s == 0 || !(t->cls[wd->s - 1] & PC_DIGIT)) && (wd->e >= t->n || !(t->cls[wd->e] & PC_DIGIT));
}

/*
 * A name typed in lower case ("my daughter maria", "меня зовут маша"):
 * after any cue a known name and the known or capitalised words after it;
 * after a strong introduction also one unknown word that ends the clause.
 * Returns the last word, or -1; *guess is set for the unknown word.
 */
static int
lower_name(const PiiText *t, int k, CueStrength strength, bool *guess)
{
	const PiiWord *wd = &t->words[k];
	int			last = k;

	if (wd->lex & (CUE_CLASSES | LX_CONNECTOR) & ~LX_FAMILY)
		return -1;
	if (!(wd->lex & (LX_GIVEN | LX_FAMILY)))
	{
		if (strength < CUE_STRONG || !plain_word(t, k) || !clause_ends_after(t, k))
			return -1;
		*guess = true;
		return k;
	}
	for (int m = k + 1; m < t->nwords && m <= k + 2 && adjacent(t, m - 1, m); m++)
	{
		if (t->words[m].lex & (CUE_CLASSES & ~LX_FAMILY))
			break;
		if ((t->words[m].lex & (LX_GIVEN | LX_FAMILY)) || capitalised(t, m))
			last = m;
		else
			break;
	}
	return last;
}


/*
 * Han characters that end a name looking forward (的是在今年岁了说和来被从去对与也都把有),
 * and the pronouns and 人 that follow 叫 when it means "tell" ("叫我们", "叫人打").
 */
static bool
han_stop(UChar32 c)
{
	static const UChar32 stops[] = {0x7684, 0x662F, 0x5728, 0x4ECA, 0x5E74, 0x5C81, 0x4E86, 0x8BF4,
		0x548C, 0x6765, 0x88AB, 0x4ECE, 0x53BB, 0x5BF9, 0x4E0E, 0x4E5F, 0x90FD, 0x628A, 0x6709,
	0x6211, 0x4F60, 0x4ED6, 0x5979, 0x4EEC, 0x4EBA, 0};

	for (int i = 0; stops[i]; i++)
		if (c == stops[i])
			return true;
	return false;
}

/* The Chinese name starting at word w (a family-name character): its end word. */
static int
han_name_forward(const PiiText *t, int w)
{
	int			k = w;

	if (!(t->words[w].lex & LX_FAMILY))
		return -1;
	for (int m = 1; m <= 2 && w + m < t->nwords; m++)
	{
		const PiiWord *wd = &t->words[w + m];

		if (!(wd->cls & PC_HAN) || wd->s != t->words[w + m - 1].e || han_stop(t->c[wd->s]) ||
			(wd->lex & CUE_CLASSES))
			break;
		k = w + m;
	}
	return k > w ? k : -1;
}

/* Word k is two letters or more, all capitals ("NGO", "UNHCR")? */
static bool
all_capitals(const PiiText *t, int k)
{
	if (t->words[k].e - t->words[k].s < 2)
		return false;
	for (int j = t->words[k].s; j < t->words[k].e; j++)
		if (!(t->cls[j] & PC_UPPER))
			return false;
	return true;
}

/* Word k is one capital letter and a dot: an initial ("J.", "М."). */
static bool
initial(const PiiText *t, int k)
{
	const PiiWord *wd = &t->words[k];

	return wd->e - wd->s == 1 && (wd->cls & PC_CASED) && capitalised(t, k) && wd->e < t->n && t->c[wd->e] == '.';
}

/* The end of a name ending at word k, with the dot of a final initial. */
static int
name_end(const PiiText *t, int k)
{
	return t->words[k].e + (initial(t, k) ? 1 : 0);
}

/* An initial right after word k ("Serhij M.", "Рустам К."): its word, else k. */
static int
with_initial(const PiiText *t, int k)
{
	if (k + 1 < t->nwords && initial(t, k + 1) && t->words[k + 1].s == t->words[k].e + 1 &&
		t->c[t->words[k].e] == ' ')
		return k + 1;
	return k;
}

/*
 * Initials from word k on ("E.Q.M.", "J. Morel"): further initials, then
 * a capitalised word after the last dot and one space.  Returns the last
 * word, or -1 for a lone initial.
 */
static int
initials_name(const PiiText *t, int k)
{
	int			last = k,
				m;

	while (last + 1 < t->nwords && initial(t, last + 1) &&
		   (t->words[last + 1].s == t->words[last].e + 1 ||
			(t->words[last + 1].s == t->words[last].e + 2 && t->c[t->words[last].e + 1] == ' ')))
		last++;
	m = last + 1;
	if (m < t->nwords && t->words[m].s == t->words[last].e + 2 && t->c[t->words[last].e + 1] == ' ' &&
		capitalised(t, m) && (t->words[m].cls & PC_CASED) && plain_word(t, m) &&
		!(t->words[m].lex & (CUE_CLASSES & ~LX_FAMILY)))
		return m;
	return last > k ? last : -1;
}

/*
 * Thai and Burmese words glued before a nickname: น้อง, พี่, มะ (Ma), หม่อง
 * (Maung), คุณ, เจ๊ (elder sister, of Chinese-Thai shop owners).
 */
static bool
sa_name_prefix(const PiiText *t, int s, int e)
{
	static const UChar32 prefixes[][5] = {{0x0E19, 0x0E49, 0x0E2D, 0x0E07}, {0x0E1E, 0x0E35, 0x0E48},
	{0x0E21, 0x0E30}, {0x0E2B, 0x0E21, 0x0E48, 0x0E2D, 0x0E07}, {0x0E04, 0x0E38, 0x0E13},
	{0x0E40, 0x0E08, 0x0E4A}};

	for (int p = 0; p < (int) lengthof(prefixes); p++)
	{
		int			n = 0;

		while (n < 5 && prefixes[p][n])
			n++;
		if (e - s > n && memcmp(&t->c[s], prefixes[p], n * sizeof(UChar32)) == 0)
			return true;
	}
	return false;
}

/*
 * After the cue ending at word w, a space, then a nickname prefix that the
 * dictionary splits off as a word of its own with more of the run glued to
 * it ("เจ้าของร้าน เจ๊แดง", "เพื่อน น้องมิ้นท์").  Kin words that start the
 * same way are dictionary words whole ("พี่ชาย"), and a prefix alone is a
 * pronoun ("แม่ พี่ น้อง").
 */
static bool
sa_nickname_after(const PiiText *t, int w)
{
	int			k = w + 1;

	if (k + 1 >= t->nwords || glued(t, w, k) || !glued(t, k, k + 1) || !(t->words[k + 1].cls & PC_SA) ||
		(t->words[k + 1].lex & CUE_CLASSES))
		return false;
	return sa_name_prefix(t, t->words[k].s, t->words[k + 1].e) &&
		!sa_name_prefix(t, t->words[k].s, t->words[k].e);
}

/* The name after a cue ending at word w: its last word, or -1. */
static int
name_after(const PiiText *t, int w, bool title, CueStrength strength, bool *guess)
{
	bool		weak = strength < CUE_STRONG;	/* a title, a relation, a one-word cue */
	int			k = w + 1,
				last = -1;
	const PiiWord *wd;
	bool		colon = false;

	/* "Mr. Smith", "name: Maria", "姓名：王伟"; a dot only after an abbreviation */
	if (k >= t->nwords)
		return -1;
	{
		int			gap = t->words[k].s - t->words[w].e;

		if (gap > 3)
			return -1;
		for (int j = t->words[w].e; j < t->words[k].s; j++)
		{
			if (t->c[j] == ':' || t->c[j] == 0xFF1A)
				colon = true;
			else if (t->c[j] == '.' && j == t->words[w].e && (t->words[w].lex & LX_ABBREV))
				;
			else if (strength > CUE_WEAK && j == t->words[k].s - 1 &&
					 (t->c[j] == '"' || t->c[j] == 0x201C || t->c[j] == 0x201E || t->c[j] == 0x00AB))
				;				/* a nickname in quotes: goes by "Big Sam" */
			else if (!(t->cls[j] & PC_SPACE) && t->c[j] != ',' && t->c[j] != '-' && t->c[j] != ':')
				return -1;
		}
	}
	wd = &t->words[k];
	/* "alias el Rubio": an article before a capitalised nickname */
	if ((wd->lex & LX_CONNECTOR) && (wd->cls & PC_CASED) && !capitalised(t, k) && strength > CUE_WEAK &&
		k + 1 < t->nwords && adjacent(t, k, k + 1) && capitalised(t, k + 1) &&
		(t->words[k + 1].cls & PC_CASED) && !(t->words[k + 1].lex & (CUE_CLASSES & ~LX_FAMILY)))
		return k + 1;
	if (wd->number || (wd->lex & CUE_CLASSES & ~LX_TITLE))
		return -1;
	if (wd->lex & LX_TITLE)
	{
		/* "Mrs. Dr. ..." -- let the next title take it */
		return -1;
	}
	if (wd->cls & PC_HAN)
	{
		/* a family name and one or two characters; after 我叫 any two */
		if (han_name_forward(t, k) >= 0)
			return han_name_forward(t, k);
		if (weak || k + 1 >= t->nwords || !glued(t, k, k + 1) || !(t->words[k + 1].cls & PC_HAN) ||
			han_stop(t->c[t->words[k].s]) || han_stop(t->c[t->words[k + 1].s]))
			return -1;
		return k + 1;
	}
	if (wd->cls & PC_SA)
	{
		/* the pieces of the unspaced run, then a surname after one space */
		last = k;
		while (last + 1 < t->nwords && glued(t, last, last + 1) && (t->words[last + 1].cls & PC_SA) &&
			   last - k < 8 && !(t->words[last + 1].lex & CUE_CLASSES))
			last++;
		if (last + 1 < t->nwords && (t->words[last + 1].cls & PC_SA) &&
			t->words[last + 1].s == t->words[last].e + 1 && t->c[t->words[last].e] == ' ')
		{
			int			m = last + 1;

			while (m + 1 < t->nwords && glued(t, m, m + 1) && (t->words[m + 1].cls & PC_SA) && m - last < 6)
				m++;
			if (!(t->words[last + 1].lex & CUE_CLASSES) && (title || m - last < 4))
				last = m;
		}
		return last;
	}
	if (wd->cls & PC_CASED)
	{
		if (!capitalised(t, k))
			return lower_name(t, k, strength, guess);
		if (initial(t, k))
			return initials_name(t, k);
		/* "partner NGO": an acronym after a relation, unless a known name in capitals */
		if (strength == CUE_WEAK && all_capitals(t, k) && !(wd->lex & (LX_GIVEN | LX_FAMILY)))
			return -1;
		last = k;
		for (int m = k + 1; m < t->nwords && m <= k + 3 && adjacent(t, m - 1, m); m++)
		{
			/* "de" is a stop word and a connector: "María de la Cruz" */
			if ((t->words[m].lex & (CUE_CLASSES & ~LX_FAMILY)) && !(t->words[m].lex & LX_CONNECTOR))
				break;
			if (capitalised(t, m))
				last = m;
			else if (connects(t, m))
				continue;
			else
				break;
		}
		return with_initial(t, last);
	}
	/* "أبو فهد", "آل الحسيني": a kunya or a family's "Al" takes the next word */
	if ((wd->lex & LX_CONNECTOR) && k + 1 < t->nwords && adjacent(t, k, k + 1) &&
		!(t->words[k + 1].cls & PC_CASED) && !(t->words[k + 1].lex & (CUE_CLASSES & ~LX_FAMILY)) &&
		!t->words[k + 1].number)
		return k + 1;
	/*
	 * Uncased scripts (Arabic, Devanagari): after a weak cue (a title, a
	 * relation, a bare "name") the first word must be a known name unless a
	 * colon introduces it ("السيدة تأخذ" is "the lady takes"); a second
	 * word only if known.
	 */
	if (weak && !colon && !(wd->lex & (LX_GIVEN | LX_FAMILY)))
		return -1;
	*guess = !(wd->lex & (LX_GIVEN | LX_FAMILY)) && !colon;
	last = k;
	if (k + 1 < t->nwords && adjacent(t, k, k + 1) && (t->words[k + 1].lex & (LX_GIVEN | LX_FAMILY)))
		last = k + 1;
	if (last + 1 < t->nwords && adjacent(t, last, last + 1) && (t->words[last + 1].lex & LX_FAMILY))
		last++;
	return last;
}

/* The name before a title that follows it (王先生, राम जी): its first word, or -1. */
static int
name_before(const PiiText *t, int w)
{
	int			k = w - 1;

	if (k < 0)
		return -1;
	if (t->words[w].cls & PC_HAN)
	{
		/* the farthest family-name character one to three characters back */
		int			found = -1;

		for (int m = k; m >= 0 && m >= w - 3; m--)
		{
			if (!(t->words[m].cls & PC_HAN) || !glued(t, m, m + 1) || han_stop(t->c[t->words[m].s]) ||
				(t->words[m].lex & (CUE_CLASSES & ~LX_FAMILY)))
				break;
			if (t->words[m].lex & LX_FAMILY)
				found = m;
		}
		return found;
	}
	if (!adjacent(t, k, w) || t->words[k].number || (t->words[k].lex & CUE_CLASSES))
		return -1;
	if (k > 0 && adjacent(t, k - 1, k) && (t->words[k - 1].lex & (LX_GIVEN | LX_FAMILY)))
		k--;
	return k;
}

/* A question or an exclamation mark from character i to j: "Why?", "Normal?" are no names. */
static bool
asks(const PiiText *t, int i, int j)
{
	for (; i < t->n && (i < j || !(t->cls[i] & (PC_ALPHA | PC_DIGIT))); i++)
		if (t->c[i] == '?' || t->c[i] == '!' || t->c[i] == 0x061F || t->c[i] == 0xFF1F || t->c[i] == 0xFF01)
			return true;
	return false;
}

/* Phone numbers, e-mail and handles written next to a signature. */
#define CONTACT_KINDS ((1 << PII_PHONE) | (1 << PII_EMAIL) | (1 << PII_HANDLE) | (1 << PII_URL))

/* Start of the contact span ending at character i (spaces before i skipped), or -1. */
static int
contact_ending_at(const PiiText *t, int i)
{
	while (i > 0 && (t->cls[i - 1] & PC_SPACE))
		i--;
	for (int k = 0; k < t->nspans; k++)
		if ((CONTACT_KINDS & (1 << t->spans[k].kind)) && t->spans[k].e >= i && t->spans[k].s < i)
			return t->spans[k].s;
	return -1;
}

/*
 * A phone number starts at character i, after nothing but spaces and
 * brackets?  A colon makes the word before it a label ("Référente :"), and
 * before an e-mail address an unknown word is as often a verb ("Écrivez-moi",
 * "Пишите") as a name.
 */
static bool
phone_at(const PiiText *t, int i)
{
	while (i < t->n && !(t->cls[i] & (PC_ALPHA | PC_DIGIT)))
	{
		if (t->c[i] == ':' || t->c[i] == 0xFF1A)
			return false;
		i++;
	}
	for (int k = 0; k < t->nspans; k++)
		if (t->spans[k].kind == PII_PHONE && t->spans[k].s <= i && t->spans[k].e > i)
			return true;
	return false;
}

/*
 * Where the message's signature must end: the text's end, or the start of
 * the contact details after it ("Rogério (21) 97744-1093", "Ania
 * ania@...").  At most three spans are stepped over, so the search stays
 * linear.
 */
static int
signature_end(const PiiText *t, bool *contact)
{
	int			i = t->n;

	*contact = false;
	for (int steps = 0; steps < 3; steps++)
	{
		int			s;

		while (i > 0 && !(t->cls[i - 1] & (PC_ALPHA | PC_DIGIT)))
			i--;
		s = contact_ending_at(t, i);
		if (s < 0)
			break;
		*contact = true;
		i = s;
	}
	return i;
}


/*
 * A Thai nickname signing the message ("... ช่วยด้วยค่ะ น้องฝ้าย"): the last
 * unspaced run, short, after a space, when a polite ending or a sign-off
 * comes before it, a nickname prefix starts it, or contact details follow.
 */
static void
sa_signature(PiiText *t, int last, bool contact)
{
	int			first = last;

	while (first > 0 && glued(t, first - 1, first) && (t->words[first - 1].cls & PC_SA) && last - first < 3)
		first--;
	if (first == 0 || (first > 0 && glued(t, first - 1, first)) || t->words[last].e - t->words[first].s > 10)
		return;
	for (int m = first; m <= last; m++)
		if (t->words[m].lex & (CUE_CLASSES & ~LX_FAMILY))
			return;
	if (!(t->cls[t->words[first].s - 1] & PC_SPACE))
		return;
	if (contact || (t->words[first - 1].lex & LX_SIGNOFF) ||
		sa_name_prefix(t, t->words[first].s, t->words[last].e))
		pii_add(t, t->words[first].s, t->words[last].e, PII_NAME, 0.7f, "name_signature", NULL);
}

/*
 * A name signing the message: its last one or two words (before any phone
 * number or e-mail written after it), after a dash or a line break ("... -
 * juan"), a sign-off word ("thanks, amina", "gracias\nRosa"), a sentence's
 * end ("... sin el guardia. Fer") or contact details ("Liên hệ +7 925 ...
 * Hùng").  A known name is taken at 0.85; an unknown word at 0.7 when it
 * is capitalised or in a script without capitals, or typed in lower case
 * after a sentence's end and before contact details; "thanks, everyone",
 * "ayuda - urgente" are no names.
 */
static void
find_signature(PiiText *t)
{
	int			last,
				first,
				before;
	bool		contact_after,
				contact_before = false,
				dash = false,
				stop_mark = false,
				sentence_end = false,
				newline = false,
				known = false,
				signoff = false,
				plain = true,
				capitals = true,
				cased = true;
	int			end = signature_end(t, &contact_after);

	if (end == 0 || t->word_of[end - 1] < 0)
		return;
	last = t->word_of[end - 1];
	if (t->words[last].number)
		return;
	if (t->words[last].cls & PC_SA)
	{
		sa_signature(t, last, contact_after);
		return;
	}
	/* "Karim B.": the initial signs with the name */
	if (last > 0 && initial(t, last) && with_initial(t, last - 1) == last)
		last--;
	first = last;
	if (last > 0 && adjacent(t, last - 1, last) && !t->words[last - 1].number &&
		((t->words[last - 1].lex & (LX_GIVEN | LX_FAMILY)) || capitalised(t, last - 1)) &&
		!(t->words[last - 1].lex & (CUE_CLASSES & ~LX_FAMILY)))
		first = last - 1;
	if (first == 0 || (t->words[first].cls & (PC_HAN | PC_SA)))
		return;
	for (int m = first; m <= last; m++)
	{
		if (t->words[m].lex & (CUE_CLASSES & ~LX_FAMILY) || !plain_word(t, m))
			return;
		known |= (t->words[m].lex & LX_GIVEN) != 0;
		plain &= !capitalised(t, m);
		capitals &= capitalised(t, m) && (t->words[m].cls & PC_CASED);
		cased &= (t->words[m].cls & PC_CASED) != 0;
	}
	plain &= cased;
	if (first < last && (pii_lex_lookup(t, first, 2, NULL) & CUE_CLASSES))
		return;					/* "Liên hệ", "barua pepe" */
	/* a word before a link or a handle labels it ("Site", "Perfil", "Ник") */
	if (contact_after && !known && !contact_before && !(signoff || dash) && !phone_at(t, end))
		return;
	before = t->words[first - 1].e;
	contact_before = contact_ending_at(t, t->words[first].s) >= before;
	for (int j = before; j < t->words[first].s; j++)
	{
		UChar32		c = t->c[j];

		dash |= c == '-' || c == 0x2013 || c == 0x2014 || c == '~';
		newline |= c == '\n';
		stop_mark |= c == ',' || c == '!' || c == '.' || c == '?' || c == 0x060C || c == 0x061F ||
			c == 0x3001 || c == 0xFF0C || c == 0x0964 || c == 0x2026;
		sentence_end |= c == '!' || c == '.' || c == '?' || c == 0x061F || c == 0x0964 || c == 0x2026;
	}
	/* the sign-off word, or a two-word one ("muchas gracias", "cảm ơn") */
	signoff = (t->words[first - 1].lex & LX_SIGNOFF) ||
		(first > 1 && (pii_lex_lookup(t, first - 2, 2, NULL) & LX_SIGNOFF));
	if (t->words[first - 1].number && !contact_before)
		return;
	if (known && (dash || newline || sentence_end || contact_before || (signoff && (stop_mark || contact_after))))
		pii_add(t, t->words[first].s, name_end(t, with_initial(t, last)), PII_NAME, 0.85f, "name_signature", NULL);
	else if ((dash && (stop_mark || newline)) ||
			 ((capitals || !cased) && (signoff || contact_before || (newline && (capitals || contact_after)))) ||
			 ((capitals || !cased) && sentence_end && (capitals || contact_after) && !asks(t, t->words[last].e, end)) ||
			 (plain && first == last && sentence_end && contact_after))
		pii_add(t, t->words[first].s, name_end(t, with_initial(t, last)), PII_NAME, 0.7f, "name_signature", NULL);
}

/*
 * A company named with its legal form: capitalised words before SARL, Ltd,
 * Sp. z o.o. ("BTP Rapide SARL"), or after ООО, Công ty TNHH, the name in
 * quotes or capitalised ("ООО «СтройМонолит»").  An employer or agency
 * identifies as well as a person, so it is redacted as a name; a legal form
 * alone or after lower-case words names nothing.
 */
static void
find_companies(PiiText *t)
{
	for (int w = 0; w < t->nwords; w++)
	{
		int			len = 0;
		uint32_t	cl = 0;

		if (t->words[w].number)
			continue;
		for (int nw = PII_LEX_MAX_WORDS; nw >= 1 && !cl; nw--)
		{
			cl = pii_lex_lookup(t, w, nw, NULL) & (LX_LEGAL_PRE | LX_LEGAL_POST);
			len = nw;
		}
		if (cl & LX_LEGAL_POST)
		{
			int			first = w;

			while (first > 0 && w - first < 4 && adjacent(t, first - 1, first) && capitalised(t, first - 1) &&
				   (t->words[first - 1].cls & PC_CASED) &&
				   !(t->words[first - 1].lex & (CUE_CLASSES & ~(LX_FAMILY | LX_BUSINESS))))
				first--;
			if (first < w)
			{
				int			e = t->words[w + len - 1].e;

				if (e < t->n && t->c[e] == '.')
					e++;		/* "Sp. z o.o.", "Ltd." */
				pii_add(t, t->words[first].s, e, PII_NAME, 0.8f, "name_company", NULL);
				w += len - 1;
				continue;
			}
		}
		if ((cl & LX_LEGAL_PRE) && w + len < t->nwords)
		{
			int			k = w + len,
						j = t->words[k - 1].e,
						open = -1;

			for (; j < t->words[k].s; j++)
			{
				UChar32		c = t->c[j];

				if (c == 0x00AB || c == '"' || c == 0x201C || c == 0x201E)
					open = j;
				else if (!(t->cls[j] & PC_SPACE) || open >= 0)
					break;
			}
			if (j < t->words[k].s)
				continue;
			if (open >= 0)
			{
				/* the quoted name, whatever its case, up to the closing quote */
				for (j = open + 1; j < t->n && j - open < 60 && t->c[j] != '\n'; j++)
					if (t->c[j] == 0x00BB || t->c[j] == '"' || t->c[j] == 0x201D || t->c[j] == 0x201C)
						break;
				if (j < t->n && j - open < 60 && t->c[j] != '\n' && j > open + 1)
				{
					pii_add(t, open, j + 1, PII_NAME, 0.8f, "name_company", NULL);
					w = t->word_of[j - 1] >= 0 ? t->word_of[j - 1] : w;
				}
				continue;
			}
			/* a capitalised stop word after the legal form is part of the name ("Nhân Lực") */
			if (capitalised(t, k) && (t->words[k].cls & PC_CASED) &&
				!(t->words[k].lex & (CUE_CLASSES & ~(LX_FAMILY | LX_BUSINESS | LX_STOP))))
			{
				int			last = k;

				while (last + 1 < t->nwords && last - k < 4 && adjacent(t, last, last + 1) &&
					   capitalised(t, last + 1) && (t->words[last + 1].cls & PC_CASED) &&
					   !(t->words[last + 1].lex & (CUE_CLASSES & ~(LX_FAMILY | LX_BUSINESS | LX_STOP))))
					last++;
				pii_add(t, t->words[k].s, t->words[last].e, PII_NAME, 0.8f, "name_company", NULL);
				w = last;
			}
		}
	}
}

void
pii_find_names(PiiText *t)
{
	int			w = 0;

	while (w < t->nwords)
	{
		const PiiWord *wd = &t->words[w];
		uint32_t	cl = 0;
		int			cue_end = w,
					last;

		if (wd->number)
		{
			w++;
			continue;
		}
		/* cue phrases of up to four words ("je m'appelle", "ang pangalan ko ay") */
		for (int nw = PII_LEX_MAX_WORDS; nw >= 1; nw--)
		{
			uint32_t	c = pii_lex_lookup(t, w, nw, NULL) & (LX_TITLE | LX_INTRO | LX_RELATION | LX_INTRO_STRONG);

			if (c)
			{
				cl = c;
				cue_end = w + nw - 1;
				break;
			}
		}
		if (cl)
		{
			CueStrength strength = !(cl & LX_INTRO) ? CUE_WEAK :
				((cl & LX_INTRO_STRONG) || cue_end > w) ? CUE_STRONG : CUE_INTRO;
			bool		guess = false;

			/* "гражданин Узбекистана Рустам К.", "ob. Ukrainy Serhij M.": a citizen's country */
			if ((cl & LX_RELATION) && cue_end + 2 < t->nwords && capitalised(t, cue_end + 1) &&
				(t->words[cue_end + 1].lex & LX_NOTNAME) && adjacent(t, cue_end + 1, cue_end + 2))
				cue_end++;

			last = name_after(t, cue_end, (cl & LX_TITLE) != 0, strength, &guess);
			/* Thai after a relation: no way to tell a name, but a nickname prefix */
			if (last >= 0 && (cl & (LX_TITLE | LX_INTRO)) == 0 && (t->words[cue_end + 1].cls & PC_SA))
			{
				int			run = cue_end + 1;

				/* the nickname is its run: the next run is the sentence going on */
				while (run < last && glued(t, run, run + 1))
					run++;
				last = sa_nickname_after(t, cue_end) ? run : -1;
			}
			if (last >= 0)
			{
				float		conf = (cl & LX_INTRO) ? 0.92f : (cl & LX_TITLE) ? 0.9f : 0.8f;

				if (guess)
					conf = 0.75f;	/* an unknown word after the cue */

				pii_add(t, t->words[cue_end + 1].s, name_end(t, last), PII_NAME, conf,
						(cl & LX_INTRO) ? "name_intro" : (cl & LX_TITLE) ? "name_title" : "name_relation", NULL);
				w = last + 1;
				continue;
			}
		}
		if ((wd->lex & LX_TITLE_POST) || (pii_lex_lookup(t, w, 2, NULL) & LX_TITLE_POST) ||
			(pii_lex_lookup(t, w, 3, NULL) & LX_TITLE_POST))
		{
			int			first = name_before(t, w);

			if (first >= 0)
				pii_add(t, t->words[first].s, t->words[w - 1].e, PII_NAME, 0.88f, "name_title", NULL);
			w++;
			continue;
		}
		/* 陈某 ("one Chen"): a family name and 某 always stand for a person */
		if ((wd->cls & PC_HAN) && (wd->lex & LX_FAMILY) && w + 1 < t->nwords && glued(t, w, w + 1) &&
			t->c[t->words[w + 1].s] == 0x67D0)
		{
			pii_add(t, wd->s, t->words[w + 1].e, PII_NAME, 0.85f, "name_gazetteer", NULL);
			w += 2;
			continue;
		}
		/* "J. Morel" with no cue: not the end of a capitalised run ("Plan B. Then") */
		if (initial(t, w) && !(w > 0 && adjacent(t, w - 1, w) && capitalised(t, w - 1)))
		{
			last = initials_name(t, w);
			if (last >= 0 && !initial(t, last))
			{
				pii_add(t, wd->s, t->words[last].e, PII_NAME, 0.75f, "name_initial", NULL);
				w = last + 1;
				continue;
			}
		}
		if ((wd->lex & (LX_GIVEN | LX_FAMILY)) && !(wd->lex & LX_STOP) && !(wd->cls & (PC_HAN | PC_SA)))
		{
			bool		business = false;

			bool		cased = (wd->cls & PC_CASED) != 0;
			int			n = 1;
			bool		given = (wd->lex & LX_GIVEN) != 0;

			if (cased && !capitalised(t, w))
			{
				w++;
				continue;
			}
			last = w;
			for (int m = w + 1; m < t->nwords && m <= w + 3 && adjacent(t, m - 1, m); m++)
			{
				const PiiWord *nx = &t->words[m];

				/* "Sharma Dhaba", "Khan Traders": a business named after its owner */
				business |= (nx->lex & LX_BUSINESS) != 0;
				if (nx->number || business || ((nx->lex & (CUE_CLASSES & ~LX_FAMILY)) && !(nx->lex & LX_CONNECTOR)))
					break;
				if (cased ? (capitalised(t, m) && (nx->cls & PC_CASED)) : (nx->lex & (LX_GIVEN | LX_FAMILY)) != 0)
				{
					last = m;
					n++;
					given |= (nx->lex & LX_GIVEN) != 0;
				}
				else if (cased && connects(t, m))
					continue;
				else
					break;
			}
			if (business)
				;
			else if (n >= 2)
				pii_add(t, wd->s, name_end(t, with_initial(t, last)), PII_NAME, given ? 0.85f : 0.75f,
						"name_gazetteer", NULL);
			else if (with_initial(t, w) > w)
			{
				/* "Abdallah S." */
				last = w + 1;
				pii_add(t, wd->s, name_end(t, last), PII_NAME, 0.8f, "name_gazetteer", NULL);
			}
			else if ((wd->lex & LX_GIVEN) &&
					 !(w > 0 && adjacent(t, w - 1, w) && capitalised(t, w - 1) && !(t->words[w - 1].lex & CUE_CLASSES)))
				/* alone, and not the end of a place's name ("São Paulo", "Ziwa Victoria") */
				pii_add(t, wd->s, wd->e, PII_NAME, 0.6f, "name_gazetteer", NULL);
			w = last + 1;
			continue;
		}
		w++;
	}
	find_signature(t);
	find_companies(t);
}

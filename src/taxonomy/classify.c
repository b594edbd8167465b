/*
 * classify.c
 *	  classify_report: map a free-text report onto the hub taxonomy
 *	  (exploitation type, means of control, recruitment, industry) from the
 *	  lexicon matches of its language, with the evidence for each answer.
 *
 * Scores are sums of the weights of distinct patterns that matched and were
 * not negated.  A confidence is 1 - exp(-score) (more independent evidence,
 * more confidence) times the answer's share of the evidence for its facet
 * (a close second lowers it).  A NULL answer has confidence 0: there was no
 * (or too little) evidence, which is not evidence of absence.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "access/htup_details.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

#include "common/common.h"
#include "taxonomy/lexicon.h"
#include "taxonomy/taxonomy.h"
#include "taxonomy/term_set.h"
#include "taxonomy/vocabulary.h"

/* How much evidence decides an exploitation type, a means, a recruitment, an industry. */
#define EXPLOITATION_MIN 1.0
#define MEANS_MIN 0.6
#define RECRUITMENT_MIN 0.5
#define INDUSTRY_MIN 0.5
/* Means of control alone (no type word) beyond this: exploitation of unstated type. */
#define MEANS_ALONE_MIN 1.5
/* Labour words without any means of control must be this strong. */
#define LABOUR_ALONE_MIN 2.0
/* Evidence that children do the work, to call labour child labour. */
#define CHILD_LABOUR_MIN 0.9
/* A child word or an age under 18 this many words or fewer from a match is linked to it. */
#define CHILD_WINDOW 12
/* Work words linked to a child, at least this much: child labour, means or not. */
#define CHILD_WORK_MIN 0.7
/* Marriage words linked to a child: a child marriage, told in everyday words. */
#define CHILD_MARRIAGE_BOOST 0.6
/* Begging or crime linked to a child: the child is used (control/uses_children). */
#define USES_CHILDREN_LINKED 0.6
/* What follows a promise in its clause was promised, not done (the waitress job). */
#define PROMISE_WINDOW 8
#define PROMISED_SCALE 0.25
/* Lawful context in the sentence ("overtime is paid", "is it legal?") lowers its evidence. */
#define LAWFUL_SCALE 0.3
/* Violence under a condition of leaving or refusing, this close: a threat of violence. */
#define EXIT_WINDOW 8
/* A pretext of schooling or care with domestic work: servitude, not domestic work. */
#define SERVITUDE_OVER_DOMESTIC 0.6

typedef struct TermScore
{
	int64		term;
	double		score;
} TermScore;

typedef struct Facets
{
	int64		exploitation;
	int64		control;
	int64		recruitment;
	int64		industry;
	int64		labour;
	int64		child_labour;
} Facets;

/* An industry (ISIC section or division) and the labour type it implies. */
static const char *const industry_labour[][2] = {
	{"industry/a/03", "exploitation/labour/aquafarming"},
	{"industry/a", "exploitation/labour/agriculture"},
	{"industry/b", "exploitation/labour/mining"},
	{"industry/c", "exploitation/labour/manufacturing"},
	{"industry/f", "exploitation/labour/construction"},
	{"industry/g", "exploitation/labour/peddling"},
	{"industry/h", "exploitation/labour/transportation"},
	{"industry/i", "exploitation/labour/hospitality"},
	{"industry/t", "exploitation/labour/domestic_work"},
};

static const char *
path_of(int64 code)
{
	return vocab_nodes[vocab_find_code(code)].path;
}

static void
add_score(TermScore *s, int *n, int64 term, double w)
{
	for (int i = 0; i < *n; i++)
		if (s[i].term == term)
		{
			s[i].score += w;
			return;
		}
	s[*n].term = term;
	s[*n].score = w;
	(*n)++;
}

/* The best entry with a positive score and the runner-up's score. */
static int
best_of(const TermScore *s, int n, double *second)
{
	int			best = -1;

	*second = 0;
	for (int i = 0; i < n; i++)
	{
		if (best < 0 || s[i].score > s[best].score ||
			(s[i].score == s[best].score && term_depth(s[i].term) > term_depth(s[best].term)))
		{
			if (best >= 0)
				*second = Max(*second, s[best].score);
			best = i;
		}
		else
			*second = Max(*second, s[i].score);
	}
	return best;
}

static double
confidence(double score, double second)
{
	if (score <= 0)
		return 0;
	return (1.0 - exp(-score)) * score / (score + second);
}

/* The labour type an industry implies, or 0. */
static int64
labour_of_industry(int64 industry)
{
	for (int i = 0; i < lengthof(industry_labour); i++)
		if (term_within(industry, vocab_code_of_path(industry_labour[i][0])))
			return vocab_code_of_path(industry_labour[i][1]);
	return 0;
}

/* The industry a labour type implies (its first row in industry_labour), or 0. */
static int64
industry_of_labour(int64 labour)
{
	for (int i = 0; i < lengthof(industry_labour); i++)
		if (vocab_code_of_path(industry_labour[i][1]) == labour)
			return vocab_code_of_path(industry_labour[i][0]);
	return 0;
}

/*
 * The evidence is built as a jsonb value directly (no JSON text to parse).
 * The cursor remembers where the previous span started: spans come in
 * non-decreasing order of start, so a long text is walked once, not once per
 * span.
 */
typedef struct SpanCursor
{
	const char *p;
	int32		at;
} SpanCursor;

/* A UTF-8 substring by code point offsets, in the server encoding. */
static char *
span_text(const LexText *t, SpanCursor *cur, int32 start, int32 end)
{
	const char *stop = t->utf8 + t->utf8len,
			   *p;

	if (cur->p == NULL || cur->at > start)
	{
		cur->p = t->utf8;
		cur->at = 0;
	}
	while (cur->at < start && cur->p < stop)
	{
		cur->p += pg_utf_mblen((const unsigned char *) cur->p);
		cur->at++;
	}
	p = cur->p;
	for (int32 i = start; i < end && p < stop; i++)
		p += pg_utf_mblen((const unsigned char *) p);
	return tst_from_utf8(pnstrdup(cur->p, p - cur->p));
}

static void
push_key(JsonbParseState **st, const char *key)
{
	JsonbValue	v;

	v.type = jbvString;
	v.val.string.val = (char *) key;
	v.val.string.len = strlen(key);
	pushJsonbValue(st, WJB_KEY, &v);
}

static void
push_string(JsonbParseState **st, const char *key, const char *s)
{
	JsonbValue	v;

	push_key(st, key);
	v.type = jbvString;
	v.val.string.val = (char *) s;
	v.val.string.len = strlen(s);
	pushJsonbValue(st, WJB_VALUE, &v);
}

static void
push_numeric(JsonbParseState **st, const char *key, Datum numeric)
{
	JsonbValue	v;

	push_key(st, key);
	v.type = jbvNumeric;
	v.val.numeric = DatumGetNumeric(numeric);
	pushJsonbValue(st, WJB_VALUE, &v);
}

/* One evidence object: term, start, end, text, weight (2 decimals), negated. */
static void
push_evidence(JsonbParseState **st, const char *term, int32 start, int32 end,
			  const char *text, float4 weight, bool negated)
{
	JsonbValue	v;

	pushJsonbValue(st, WJB_BEGIN_OBJECT, NULL);
	push_string(st, "term", term);
	push_numeric(st, "start", DirectFunctionCall1(int4_numeric, Int32GetDatum(start)));
	push_numeric(st, "end", DirectFunctionCall1(int4_numeric, Int32GetDatum(end)));
	push_string(st, "text", text);
	push_numeric(st, "weight", DirectFunctionCall2(numeric_round,
												   DirectFunctionCall1(float4_numeric, Float4GetDatum(weight)),
												   Int32GetDatum(2)));
	push_key(st, "negated");
	v.type = jbvBool;
	v.val.boolean = negated;
	pushJsonbValue(st, WJB_VALUE, &v);
	pushJsonbValue(st, WJB_END_OBJECT, NULL);
}

/*
 * Context matches (child, age, promise, lawful) that were not negated.  The
 * first CONTEXT_MAX of a report are read: each match looks at all of them, so
 * the cap keeps a 1 MB report linear.
 */
#define CONTEXT_MAX 256
typedef struct ContextSpans
{
	int			n;
	int			kind[CONTEXT_MAX];
	int			first[CONTEXT_MAX];
	int			last[CONTEXT_MAX];
} ContextSpans;

/* Is a context span of this kind within window tokens of [first, last]? */
static bool
near_context(const ContextSpans *c, int kind, int first, int last, int window)
{
	for (int i = 0; i < c->n; i++)
		if ((c->kind[i] == kind || (kind == LEX_CHILD && c->kind[i] == LEX_AGE)) &&
			c->first[i] <= last + window && c->last[i] >= first - window)
			return true;
	return false;
}

/* Does a promise come before the match, in its clause and close enough? */
static bool
promised(const ContextSpans *c, const int *clause, int first)
{
	for (int i = 0; i < c->n; i++)
		if (c->kind[i] == LEX_PROMISE && c->last[i] < first &&
			first - c->last[i] <= PROMISE_WINDOW &&
			clause[c->last[i]] == clause[first])
			return true;
	return false;
}

/* Does leaving or refusing ("if she runs away") come in the match's clause, close to it? */
static bool
for_leaving(const ContextSpans *c, const int *clause, int first, int last)
{
	for (int i = 0; i < c->n; i++)
		if (c->kind[i] == LEX_EXIT && clause[c->first[i]] == clause[first] &&
			c->first[i] <= last + EXIT_WINDOW && c->last[i] >= first - EXIT_WINDOW)
			return true;
	return false;
}

/* Is there lawful context in the match's sentence? */
static bool
lawful(const ContextSpans *c, const int *sentence, int first)
{
	for (int i = 0; i < c->n; i++)
		if (c->kind[i] == LEX_LAWFUL && sentence[c->first[i]] == sentence[first])
			return true;
	return false;
}

PG_FUNCTION_INFO_V1(classify_report);
Datum
classify_report(PG_FUNCTION_ARGS)
{
	LexText    *t;
	int			lang = -1;
	LexMatch   *m;
	int			n;
	TermScore  *expl,
			   *ctrl,
			   *recr,
			   *ind,
			   *cat;
	int			nexpl = 0,
				nctrl = 0,
				nrecr = 0,
				nind = 0,
				ncat = 0;
	Facets		f;
	TupleDesc	td;
	Datum		values[10];
	bool		nulls[10];
	JsonbParseState *ev = NULL;
	JsonbValue *evidence;
	SpanCursor	cursor = {NULL, 0};
	double		means_total = 0,
				second;
	int			best;
	int64		exploitation = 0,
				industry = 0;
	double		exploitation_conf = 0,
				industry_conf = 0;
	int64	   *means;
	int			nmeans = 0;
	double		means_conf = 0;
	ContextSpans ctx;
	int		   *sentence,
			   *clause;
	float4	   *counted;
	double		child_work = 0,
				child_work_aged = 0;
	bool		child_marriage = false,
				child_used = false;
	int64		servitude,
				physical_abuse,
				threat_violence,
				domestic_work,
				marriage,
				begging,
				criminality;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "classify_report must return a record");

	if (!PG_ARGISNULL(1))
	{
		text	   *code = PG_GETARG_TEXT_PP(1);

		lang = lex_language(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code));
		if (lang < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unsupported report language \"%s\"",
							tst_shown(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code), 20)),
					 errhint("Use one of en, es, fr, pt, ar, ru, uk, pl, ro, vi, th, zh, hi, sw, tl, or NULL to detect it.")));
	}
	t = lex_tokenize_text((struct varlena *) PG_GETARG_TEXT_PP(0));
	if (PG_ARGISNULL(1))
	{
		double		c;

		lang = lex_detect(t, &c);
	}

	memset(nulls, true, sizeof(nulls));
	values[1] = values[3] = values[5] = values[7] = Float8GetDatum(0);
	nulls[1] = nulls[3] = nulls[5] = nulls[7] = false;
	if (t->ntokens == 0 || lang < 0)
	{
		/* nothing to read (empty, digits only, an unknown script) */
		values[9] = DirectFunctionCall1(jsonb_in, CStringGetDatum("[]"));
		nulls[9] = false;
		PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls)));
	}

	f.exploitation = vocab_code_of_path("exploitation");
	f.control = vocab_code_of_path("control");
	f.recruitment = vocab_code_of_path("recruitment");
	f.industry = vocab_code_of_path("industry");
	f.labour = vocab_code_of_path("exploitation/labour");
	f.child_labour = vocab_code_of_path("exploitation/child_labour");
	servitude = vocab_code_of_path("exploitation/servitude");
	physical_abuse = vocab_code_of_path("control/physical_abuse");
	threat_violence = vocab_code_of_path("control/threats/violence");
	domestic_work = vocab_code_of_path("exploitation/labour/domestic_work");
	marriage = vocab_code_of_path("exploitation/marriage");
	begging = vocab_code_of_path("exploitation/begging");
	criminality = vocab_code_of_path("exploitation/criminality");

	n = lex_match(t, lang, &m);

	/* sentence of each token; the context the report states (not what it denies) */
	sentence = palloc(t->ntokens * sizeof(int));
	clause = palloc(t->ntokens * sizeof(int));
	for (int k = 0; k < t->ntokens; k++)
	{
		sentence[k] = (k > 0 ? sentence[k - 1] : 0) + (t->tokens[k].sentence ? 1 : 0);
		clause[k] = (k > 0 ? clause[k - 1] : 0) + (t->tokens[k].clause ? 1 : 0);
	}
	ctx.n = 0;
	for (int i = 0; i < n && ctx.n < lengthof(ctx.kind); i++)
	{
		const LexiconRow *row = &lexicon_rows[m[i].row];

		if (row->kind == LEX_TERM || m[i].negated)
			continue;
		ctx.kind[ctx.n] = row->kind;
		ctx.first[ctx.n] = m[i].first;
		ctx.last[ctx.n] = m[i].last;
		ctx.n++;
	}
	counted = palloc0(lexicon_row_count * sizeof(float4));
	expl = palloc((n + 1) * sizeof(TermScore));
	ctrl = palloc((n + 1) * sizeof(TermScore));
	recr = palloc((n + 1) * sizeof(TermScore));
	ind = palloc((n + 1) * sizeof(TermScore));
	cat = palloc((n + 1) * sizeof(TermScore));
	means = palloc((n + 1) * sizeof(int64));

	pushJsonbValue(&ev, WJB_BEGIN_ARRAY, NULL);
	for (int i = 0; i < n; i++)
	{
		const LexiconRow *row = &lexicon_rows[m[i].row];
		float4		w = m[i].weight,
					before = 0;
		bool		work,
					expl_or_ctrl;

		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (row->kind != LEX_TERM)
			continue;			/* context: used by the rules below, not evidence of a term */
		work = term_within(row->term, f.labour) || term_within(row->term, f.industry);
		expl_or_ctrl = term_within(row->term, f.exploitation) || term_within(row->term, f.control);
		if (work && promised(&ctx, clause, m[i].first))
			w *= PROMISED_SCALE;
		if (expl_or_ctrl && lawful(&ctx, sentence, m[i].first))
			w *= LAWFUL_SCALE;
		push_evidence(&ev, path_of(row->term), t->tokens[m[i].first].start,
					  t->tokens[m[i].last].end,
					  span_text(t, &cursor, t->tokens[m[i].first].start, t->tokens[m[i].last].end),
					  w, m[i].negated);
		if (m[i].negated)
			continue;

		/* a pattern counts once however often it occurs, at its strongest */
		before = counted[m[i].row];
		if (w <= before)
			continue;
		counted[m[i].row] = w;
		w -= before;

		/* a child near the work, the marriage, the begging or the crime */
		if (near_context(&ctx, LEX_CHILD, m[i].first, m[i].last, CHILD_WINDOW))
		{
			if (term_within(row->term, f.labour) || row->term == f.child_labour)
			{
				child_work += w;
				if (near_context(&ctx, LEX_AGE, m[i].first, m[i].last, CHILD_WINDOW))
					child_work_aged += w;
			}
			else if (row->term == marriage)
				child_marriage = true;
			else if (row->term == begging || term_within(row->term, criminality))
				child_used = true;
		}
		if (term_within(row->term, f.exploitation))
		{
			add_score(expl, &nexpl, row->term, w);
			add_score(cat, &ncat, term_at_depth(row->term, 1), w);
		}
		else if (term_within(row->term, f.control))
		{
			add_score(ctrl, &nctrl, row->term, w);
			/* "they will beat her if she runs away": violence held over leaving */
			if (m[i].conditional && term_within(row->term, physical_abuse) &&
				for_leaving(&ctx, clause, m[i].first, m[i].last))
				add_score(ctrl, &nctrl, threat_violence, w);
		}
		else if (term_within(row->term, f.recruitment))
			add_score(recr, &nrecr, row->term, w);
		else if (term_within(row->term, f.industry))
			add_score(ind, &nind, row->term, w);
	}
	if (child_marriage)
	{
		add_score(expl, &nexpl, marriage, CHILD_MARRIAGE_BOOST);
		add_score(cat, &ncat, marriage, CHILD_MARRIAGE_BOOST);
	}
	if (child_used)
		add_score(ctrl, &nctrl, vocab_code_of_path("control/uses_children"), USES_CHILDREN_LINKED);
	evidence = pushJsonbValue(&ev, WJB_END_ARRAY, NULL);

	/* means of control: every one with enough evidence, the most specific of a line */
	for (int i = 0; i < nctrl; i++)
	{
		bool		has_child = false;

		means_total += ctrl[i].score;
		if (ctrl[i].score < MEANS_MIN)
			continue;
		for (int k = 0; k < nctrl && !has_child; k++)
			has_child = k != i && ctrl[k].score >= MEANS_MIN &&
				term_within(ctrl[k].term, ctrl[i].term);
		if (has_child)
			continue;
		means[nmeans++] = ctrl[i].term;
		means_conf += 1.0 - exp(-ctrl[i].score);
	}

	/* industry */
	best = best_of(ind, nind, &second);
	if (best >= 0 && ind[best].score >= INDUSTRY_MIN)
	{
		industry = ind[best].term;
		industry_conf = confidence(ind[best].score, second);
	}

	/*
	 * exploitation: the best-supported type, if its evidence with the means
	 * suffices.  Words for a kind of work (farm, kitchen) are context, not
	 * exploitation: labour also needs some means of control or strong words.
	 * Children doing the work make it child labour whatever the industry.
	 */
	/*
	 * In domestic work the children are often those the worker looks after
	 * (a nanny, a housemaid): there only an age under 18 tells of a child
	 * worker.
	 */
	{
		double		top_labour = 0,
					domestic = 0;

		for (int i = 0; i < nexpl; i++)
			if (term_within(expl[i].term, f.labour) && expl[i].term != f.labour)
			{
				top_labour = Max(top_labour, expl[i].score);
				if (expl[i].term == domestic_work)
					domestic = expl[i].score;
			}
		if (domestic > 0 && domestic >= top_labour)
			child_work = child_work_aged;
	}
	best = best_of(cat, ncat, &second);
	/* domestic work under a pretext of schooling or care: the work is the servitude's evidence */
	if (best >= 0 && (cat[best].term == f.labour || cat[best].term == servitude))
	{
		double		domestic = 0;

		for (int i = 0; i < nexpl; i++)
			if (expl[i].term == domestic_work)
				domestic = expl[i].score;
		for (int i = 0; i < ncat && domestic > 0; i++)
			if (cat[i].term == servitude && cat[i].score >= SERVITUDE_OVER_DOMESTIC)
			{
				cat[i].score += domestic;
				add_score(expl, &nexpl, servitude, domestic);
				if (i != best)
					second = cat[best].score;
				best = i;
				break;
			}
	}
	if (best >= 0 && cat[best].term == f.labour &&
		means_total < MEANS_MIN && cat[best].score < LABOUR_ALONE_MIN &&
		child_work < CHILD_WORK_MIN)
		best = -1;
	/* work told of a child (an age under 18, a child word nearby) is child labour */
	if (child_work >= CHILD_WORK_MIN && (best < 0 || cat[best].term == f.labour))
	{
		add_score(cat, &ncat, f.child_labour, EXPLOITATION_MIN);
		add_score(expl, &nexpl, f.child_labour, EXPLOITATION_MIN);
		if (best < 0)
			for (int i = 0; i < ncat; i++)
				if (cat[i].term == f.child_labour)
					best = i;
	}
	if (best >= 0 && cat[best].term == f.labour)
	{
		for (int i = 0; i < ncat; i++)
			if (cat[i].term == f.child_labour && cat[i].score >= CHILD_LABOUR_MIN)
			{
				second = cat[best].score;
				best = i;
				break;
			}
	}
	if (best >= 0 && cat[best].score + 0.5 * Min(means_total, 2.0) >= EXPLOITATION_MIN)
	{
		int64		category = cat[best].term;
		double		top = -1;

		exploitation = category;
		for (int i = 0; i < nexpl; i++)
			if (term_within(expl[i].term, category) &&
				(expl[i].score > top ||
				 (expl[i].score == top && term_depth(expl[i].term) > term_depth(exploitation))))
			{
				top = expl[i].score;
				exploitation = expl[i].term;
			}
		exploitation_conf = confidence(cat[best].score + 0.3 * Min(means_total, 2.0), second);
	}
	else if (means_total >= MEANS_ALONE_MIN)
	{
		/* coercion without a word for what it serves: exploitation of unstated type */
		exploitation = f.exploitation;
		exploitation_conf = 0.5 * confidence(means_total, 0);
	}
	if (exploitation == f.labour && industry != 0 && labour_of_industry(industry) != 0)
		exploitation = labour_of_industry(industry);
	if (industry == 0 && exploitation != 0 && term_within(exploitation, f.labour) &&
		industry_of_labour(exploitation) != 0)
	{
		industry = industry_of_labour(exploitation);
		industry_conf = 0.5 * exploitation_conf;
	}

	if (exploitation != 0)
	{
		values[0] = TermGetDatum(exploitation);
		nulls[0] = false;
		values[1] = Float8GetDatum(exploitation_conf);
	}
	if (nmeans > 0)
	{
		values[2] = PointerGetDatum(term_set_from_codes(means, nmeans));
		nulls[2] = false;
		values[3] = Float8GetDatum(means_conf / nmeans);
	}
	/*
	 * What recruited decides, not where it was posted: a job advert on a
	 * social network is an advertisement (docs/CLASSIFY.md, label conventions).
	 */
	{
		int64		advert = vocab_code_of_path("recruitment/online/advertisement"),
					network = vocab_code_of_path("recruitment/online/social_network");
		double		advert_score = 0;

		for (int i = 0; i < nrecr; i++)
			if (recr[i].term == advert)
				advert_score = recr[i].score;
		for (int i = 0; i < nrecr && advert_score >= RECRUITMENT_MIN; i++)
			if (recr[i].term == network)
			{
				add_score(recr, &nrecr, advert, recr[i].score);
				recr[i].score = 0;
			}
	}
	best = best_of(recr, nrecr, &second);
	if (best >= 0 && recr[best].score >= RECRUITMENT_MIN)
	{
		values[4] = TermGetDatum(recr[best].term);
		nulls[4] = false;
		values[5] = Float8GetDatum(confidence(recr[best].score, second));
	}
	if (industry != 0)
	{
		values[6] = TermGetDatum(industry);
		nulls[6] = false;
		values[7] = Float8GetDatum(industry_conf);
	}
	values[8] = PointerGetDatum(cstring_to_text(vocab_languages[lang]));
	nulls[8] = false;
	values[9] = JsonbPGetDatum(JsonbValueToJsonb(evidence));
	nulls[9] = false;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls)));
}

/*
 * likelihood.c
 *	  tst_hub.likelihood: the probability language of Key Judgements, in the
 *	  UK PHIA Probability Yardstick ('likely', 'highly likely') or the US
 *	  ICD 203 terms ('icd203:very likely'), optionally with the percentage
 *	  the analyst stated ('likely (70%)').
 *
 * A pass-by-value int4:
 *	  bits 28..31  format version (1)
 *	  bits 24..27  scheme (1 PHIA, 2 ICD 203)
 *	  bits 16..23  term, 1-based in the scheme's table
 *	  bits  0..15  stated percentage in tenths + 1 (0: none stated)
 *
 * PHIA ranges are closed and leave deliberate gaps: a percentage in a gap is
 * refused (22023) naming the terms either side, since a judgement must not
 * fall there.  ICD 203 ranges touch: a boundary belongs to the higher term
 * (lower bound inclusive, upper exclusive) except 99 %, the top.  Order is by
 * range (lower, then upper bound), then stated percentage (none first), then
 * scheme: "more likely" sorts later.
 */
#include "postgres.h"

#include <ctype.h>

#include "access/htup_details.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "common/common.h"

#define LIKELIHOOD_VERSION 1
#define SCHEME_PHIA 1
#define SCHEME_ICD203 2
#define NO_PERCENT (-1)

typedef struct Term
{
	const char *name;
	const char *synonym;		/* or NULL */
	int			lo;				/* tenths of a percent */
	int			hi;
} Term;

static const Term phia_terms[] = {
	{"remote chance", NULL, 0, 50},
	{"highly unlikely", NULL, 100, 200},
	{"unlikely", NULL, 250, 350},
	{"realistic possibility", NULL, 400, 500},
	{"likely", "probable", 550, 750},
	{"highly likely", NULL, 800, 900},
	{"almost certain", NULL, 950, 1000},
};

static const Term icd_terms[] = {
	{"almost no chance", "remote", 10, 50},
	{"very unlikely", "highly improbable", 50, 200},
	{"unlikely", "improbable", 200, 450},
	{"roughly even chance", NULL, 450, 550},
	{"likely", "probable", 550, 800},
	{"very likely", "highly probable", 800, 950},
	{"almost certain", "nearly certain", 950, 990},
};

typedef struct Likelihood
{
	int			scheme;
	int			term;			/* 1-based */
	int			percent;		/* tenths, or NO_PERCENT */
} Likelihood;

static const Term *
terms_of(int scheme, int *n)
{
	*n = (scheme == SCHEME_PHIA) ? lengthof(phia_terms) : lengthof(icd_terms);
	return (scheme == SCHEME_PHIA) ? phia_terms : icd_terms;
}

static const char *
scheme_name(int scheme)
{
	return scheme == SCHEME_PHIA ? "phia" : "icd203";
}

static int32
pack(const Likelihood *l)
{
	return (int32) (((uint32) LIKELIHOOD_VERSION << 28) | ((uint32) l->scheme << 24) |
					((uint32) l->term << 16) | (uint32) (l->percent + 1));
}

static bool
unpack(int32 v, Likelihood *l)
{
	uint32		u = (uint32) v;
	int			n;

	l->scheme = (u >> 24) & 0xF;
	l->term = (u >> 16) & 0xFF;
	l->percent = (int) (u & 0xFFFF) - 1;
	if ((u >> 28) != LIKELIHOOD_VERSION || (l->scheme != SCHEME_PHIA && l->scheme != SCHEME_ICD203))
		return false;
	terms_of(l->scheme, &n);
	return l->term >= 1 && l->term <= n && l->percent >= NO_PERCENT && l->percent <= 1000;
}

static Likelihood
arg(FunctionCallInfo fcinfo, int argno)
{
	Likelihood	l;

	if (!unpack(PG_GETARG_INT32(argno), &l))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted likelihood value %d", PG_GETARG_INT32(argno))));
	return l;
}

/* Does the term hold the percentage (tenths)?  ICD 203: [lo, hi) but the top closed. */
static bool
term_holds(int scheme, int term, int pct)
{
	int			n;
	const Term *t = terms_of(scheme, &n);

	if (scheme == SCHEME_PHIA || term == n)
		return pct >= t[term - 1].lo && pct <= t[term - 1].hi;
	return pct >= t[term - 1].lo && pct < t[term - 1].hi;
}

static char *
pct_text(int tenths)
{
	return (tenths % 10 == 0) ? psprintf("%d%%", tenths / 10)
		: psprintf("%d.%d%%", tenths / 10, tenths % 10);
}

static char *
range_text(const Term *t)
{
	return psprintf("%s-%s", pct_text(t->lo), pct_text(t->hi));
}

/*
 * The term of a percentage in a scheme, or an error: 22023 in a PHIA gap
 * (naming the terms either side) or outside ICD 203's 1-99 %.
 */
static int
term_for_percent(int scheme, int pct)
{
	int			n;
	const Term *t = terms_of(scheme, &n);

	for (int i = 1; i <= n; i++)
		if (term_holds(scheme, i, pct))
			return i;
	if (scheme == SCHEME_ICD203)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is outside the ICD 203 terms, which cover 1%% to 99%%", pct_text(pct))));
	for (int i = 0; i + 1 < n; i++)
		if (pct > t[i].hi && pct < t[i + 1].lo)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s falls in the PHIA yardstick gap between \"%s\" (%s) and \"%s\" (%s)",
							pct_text(pct), t[i].name, range_text(&t[i]), t[i + 1].name, range_text(&t[i + 1])),
					 errhint("A judgement must not fall in a gap: choose one of the two terms.")));
	elog(ERROR, "percentage %d out of range", pct);
	return 0;
}

/* Percentage text "70", "52.5" (before the %) in tenths, or -1. */
static int
parse_percent(const char *s, int len)
{
	int			v = 0,
				i = 0,
				digits = 0;

	for (; i < len && isdigit((unsigned char) s[i]) && digits < 4; i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (digits == 0)
		return -1;
	v *= 10;
	if (i < len && s[i] == '.')
	{
		if (i + 2 != len || !isdigit((unsigned char) s[i + 1]))
			return -1;
		v += s[i + 1] - '0';
		i += 2;
	}
	return (i == len && v <= 1000) ? v : -1;
}

/* ASCII lower-cased, white space collapsed and trimmed (bytes > 127 untouched). */
static char *
normalise(const char *s)
{
	StringInfoData buf;
	bool		space = false;

	initStringInfo(&buf);
	for (; *s; s++)
	{
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		{
			space = buf.len > 0;
			continue;
		}
		if (space)
			appendStringInfoChar(&buf, ' ');
		space = false;
		appendStringInfoChar(&buf, pg_ascii_tolower((unsigned char) *s));
	}
	return buf.data;
}

/* Parses text; NULL on success, else why it is not a likelihood (22P02). */
static const char *
parse(const char *text, Likelihood *l)
{
	char	   *s = normalise(text);
	char	   *open;
	int			n;
	const Term *t;

	l->scheme = SCHEME_PHIA;
	l->term = 0;
	l->percent = NO_PERCENT;
	if (strncmp(s, "phia:", 5) == 0)
		s += 5;
	else if (strncmp(s, "icd203:", 7) == 0)
	{
		l->scheme = SCHEME_ICD203;
		s += 7;
	}
	while (*s == ' ')
		s++;
	t = terms_of(l->scheme, &n);
	/* a bare percentage */
	if (*s != '\0' && s[strlen(s) - 1] == '%' && isdigit((unsigned char) *s))
	{
		l->percent = parse_percent(s, strlen(s) - 1);
		if (l->percent < 0)
			return "A percentage is 0% to 100% with at most one decimal, such as \"70%\".";
		l->term = term_for_percent(l->scheme, l->percent);
		return NULL;
	}
	/* a term, perhaps with "(70%)" */
	open = strchr(s, '(');
	if (open != NULL)
	{
		char	   *close = strchr(open, ')');
		char	   *p = open + 1;

		if (close == NULL || close[1] != '\0' || close == p || close[-1] != '%')
			return "Write a stated percentage in brackets after the term, such as \"likely (70%)\".";
		while (*p == ' ')
			p++;
		l->percent = parse_percent(p, close - 1 - p);
		if (l->percent < 0)
			return "A percentage is 0% to 100% with at most one decimal, such as \"70%\".";
		*open = '\0';
		if (open > s && open[-1] == ' ')
			open[-1] = '\0';
	}
	for (int i = 0; i < n; i++)
		if (strcmp(s, t[i].name) == 0 || (t[i].synonym && strcmp(s, t[i].synonym) == 0))
			l->term = i + 1;
	if (l->term == 0)
		return psprintf("\"%s\" is not a term of the %s scale.", tst_shown(s, strlen(s), 40),
						l->scheme == SCHEME_PHIA ? "PHIA" : "ICD 203");
	if (l->percent != NO_PERCENT && !term_holds(l->scheme, l->term, l->percent))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is outside \"%s\" (%s)", pct_text(l->percent), t[l->term - 1].name,
						range_text(&t[l->term - 1]))));
	return NULL;
}

static char *
to_text(const Likelihood *l)
{
	int			n;
	const Term *t = terms_of(l->scheme, &n);
	const char *prefix = (l->scheme == SCHEME_PHIA) ? "" : "icd203:";

	if (l->percent == NO_PERCENT)
		return psprintf("%s%s", prefix, t[l->term - 1].name);
	return psprintf("%s%s (%s)", prefix, t[l->term - 1].name, pct_text(l->percent));
}

PG_FUNCTION_INFO_V1(likelihood_in);
Datum
likelihood_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	Likelihood	l;
	const char *why = parse(text, &l);

	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type likelihood: \"%s\"", tst_shown(text, strlen(text), 40)),
				 errdetail("%s", why),
				 errhint("Use a PHIA term (remote chance, highly unlikely, unlikely, realistic possibility, "
						 "likely, highly likely, almost certain), \"icd203:\" and an ICD 203 term, or a percentage.")));
	PG_RETURN_INT32(pack(&l));
}

PG_FUNCTION_INFO_V1(likelihood_out);
Datum
likelihood_out(PG_FUNCTION_ARGS)
{
	Likelihood	l = arg(fcinfo, 0);

	PG_RETURN_CSTRING(to_text(&l));
}

PG_FUNCTION_INFO_V1(likelihood_recv);
Datum
likelihood_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		v = pq_getmsgint(buf, 4);
	Likelihood	l;

	if (!unpack(v, &l) || (l.percent != NO_PERCENT && !term_holds(l.scheme, l.term, l.percent)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type likelihood: %d", v)));
	PG_RETURN_INT32(v);
}

/* likelihood(percent numeric, scheme text): the term holding a percentage. */
PG_FUNCTION_INFO_V1(likelihood_from_percent);
Datum
likelihood_from_percent(PG_FUNCTION_ARGS)
{
	Numeric		pct = PG_GETARG_NUMERIC(0);
	char	   *scheme = text_to_cstring(PG_GETARG_TEXT_PP(1));
	Numeric		tenths;
	bool		err = false;
	Likelihood	l;

	if (strcmp(scheme, "phia") == 0)
		l.scheme = SCHEME_PHIA;
	else if (strcmp(scheme, "icd203") == 0)
		l.scheme = SCHEME_ICD203;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown likelihood scheme \"%s\"", tst_shown(scheme, strlen(scheme), 40)),
				 errhint("Use phia or icd203.")));
	if (numeric_is_nan(pct) || numeric_is_inf(pct))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a likelihood percentage must be a number from 0 to 100")));
	tenths = numeric_mul_opt_error(pct, int64_to_numeric(10), &err);
	if (err || !DatumGetBool(DirectFunctionCall2(numeric_eq, NumericGetDatum(tenths),
												 DirectFunctionCall2(numeric_trunc, NumericGetDatum(tenths),
																	 Int32GetDatum(0)))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a likelihood percentage has at most one decimal")));
	l.percent = (int) Max(Min(numeric_int4_opt_error(tenths, &err), 1001), -1);
	if (err || l.percent < 0 || l.percent > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a likelihood percentage must be from 0 to 100")));
	l.term = term_for_percent(l.scheme, l.percent);
	PG_RETURN_INT32(pack(&l));
}

PG_FUNCTION_INFO_V1(likelihood_term);
Datum
likelihood_term(PG_FUNCTION_ARGS)
{
	Likelihood	l = arg(fcinfo, 0);
	int			n;

	PG_RETURN_TEXT_P(cstring_to_text(terms_of(l.scheme, &n)[l.term - 1].name));
}

PG_FUNCTION_INFO_V1(likelihood_scheme);
Datum
likelihood_scheme(PG_FUNCTION_ARGS)
{
	Likelihood	l = arg(fcinfo, 0);

	PG_RETURN_TEXT_P(cstring_to_text(scheme_name(l.scheme)));
}

PG_FUNCTION_INFO_V1(likelihood_percent);
Datum
likelihood_percent(PG_FUNCTION_ARGS)
{
	Likelihood	l = arg(fcinfo, 0);

	if (l.percent == NO_PERCENT)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall3(numeric_in, CStringGetDatum(psprintf("%d.%d", l.percent / 10, l.percent % 10)),
										ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}

/* The term's range as text for numrange: '[55,75]' (PHIA) or '[55,80)' (ICD 203). */
PG_FUNCTION_INFO_V1(likelihood_range_text);
Datum
likelihood_range_text(PG_FUNCTION_ARGS)
{
	Likelihood	l = arg(fcinfo, 0);
	int			n;
	const Term *t = terms_of(l.scheme, &n);
	bool		closed = (l.scheme == SCHEME_PHIA || l.term == n);

	PG_RETURN_TEXT_P(cstring_to_text(psprintf("[%d.%d,%d.%d%c", t[l.term - 1].lo / 10, t[l.term - 1].lo % 10,
											  t[l.term - 1].hi / 10, t[l.term - 1].hi % 10,
											  closed ? ']' : ')')));
}

/* ---- conversion between the scales ---- */

static int
overlap(const Term *a, const Term *b)
{
	return Max(0, Min(a->hi, b->hi) - Max(a->lo, b->lo));
}

/*
 * A likelihood in another scheme: a stated percentage keeps its value and
 * takes that scheme's term (a PHIA gap: the nearest term, the one nearer 50 %
 * on a tie, and the percentage dropped: lossy); a bare term takes the term
 * its range overlaps most (ties: nearer midpoint), lossy unless contained.
 */
static Datum
convert(FunctionCallInfo fcinfo, int to)
{
	Likelihood	l = arg(fcinfo, 0);
	Likelihood	r = {to, 0, NO_PERCENT};
	bool		lossy = false;
	int			nf,
				nt;
	const Term *from = terms_of(l.scheme, &nf);
	const Term *tt = terms_of(to, &nt);
	TupleDesc	td;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (l.scheme == to)
		r = l;
	else if (l.percent != NO_PERCENT)
	{
		for (int i = 1; i <= nt; i++)
			if (term_holds(to, i, l.percent))
				r.term = i;
		if (r.term != 0)
			r.percent = l.percent;
		else
		{
			int			best = 0;

			for (int i = 1; i <= nt; i++)
			{
				int			d = Max(tt[i - 1].lo - l.percent, l.percent - tt[i - 1].hi);
				int			bd = best ? Max(tt[best - 1].lo - l.percent, l.percent - tt[best - 1].hi) : INT_MAX;

				if (d < bd || (d == bd && abs(tt[i - 1].lo + tt[i - 1].hi - 1000) < abs(tt[best - 1].lo + tt[best - 1].hi - 1000)))
					best = i;
			}
			r.term = best;
			lossy = true;
		}
	}
	else
	{
		const Term *f = &from[l.term - 1];
		int			best = 0;

		for (int i = 1; i <= nt; i++)
		{
			int			o = overlap(f, &tt[i - 1]);
			int			bo = best ? overlap(f, &tt[best - 1]) : -1;

			if (o > bo || (o == bo && abs(tt[i - 1].lo + tt[i - 1].hi - f->lo - f->hi) <
						   abs(tt[best - 1].lo + tt[best - 1].hi - f->lo - f->hi)))
				best = i;
		}
		r.term = best;
		lossy = !(f->lo >= tt[best - 1].lo && f->hi <= tt[best - 1].hi);
	}
	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = Int32GetDatum(pack(&r));
	values[1] = BoolGetDatum(lossy);
	return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls));
}

PG_FUNCTION_INFO_V1(likelihood_to_phia);
Datum
likelihood_to_phia(PG_FUNCTION_ARGS)
{
	return convert(fcinfo, SCHEME_PHIA);
}

PG_FUNCTION_INFO_V1(likelihood_to_icd203);
Datum
likelihood_to_icd203(PG_FUNCTION_ARGS)
{
	return convert(fcinfo, SCHEME_ICD203);
}

/* ---- order: range, then stated percentage (none first), then scheme ---- */

static int
cmp(FunctionCallInfo fcinfo)
{
	Likelihood	a = arg(fcinfo, 0);
	Likelihood	b = arg(fcinfo, 1);
	int			n;
	const Term *ta = &terms_of(a.scheme, &n)[a.term - 1];
	const Term *tb = &terms_of(b.scheme, &n)[b.term - 1];

	if (ta->lo != tb->lo)
		return ta->lo < tb->lo ? -1 : 1;
	if (ta->hi != tb->hi)
		return ta->hi < tb->hi ? -1 : 1;
	if (a.percent != b.percent)
		return a.percent < b.percent ? -1 : 1;
	if (a.scheme != b.scheme)
		return a.scheme < b.scheme ? -1 : 1;
	return 0;
}

PG_FUNCTION_INFO_V1(likelihood_cmp);
Datum
likelihood_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cmp(fcinfo));
}

#define CMP_FN(name, expr) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) { int c = cmp(fcinfo); PG_RETURN_BOOL(expr); }

CMP_FN(likelihood_lt, c < 0)
CMP_FN(likelihood_le, c <= 0)
CMP_FN(likelihood_gt, c > 0)
CMP_FN(likelihood_ge, c >= 0)

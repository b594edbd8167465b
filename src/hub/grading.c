/*
 * grading.c
 *	  The grade types grade_3x5x2, grade_5x5x5 and admiralty: their codes
 *	  (grading.h), text and binary I/O, and the accessors.
 *
 * Codes and meanings as the schemes define them: UK College of Policing
 * 3x5x2 (since 2016), the UK 5x5x5 it replaced, and the NATO Admiralty code
 * (AJP-2.1, STANAG 2511).  Scores (1 = best) follow the order each scheme
 * lists its codes, except codes that are not a degree of the scale
 * ("untested" in 5x5x5, "cannot be judged"), which have no score.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "common/common.h"
#include "hub/grading.h"

static const GradeCode src_3x5x2[] = {
	{'1', "reliable", 1},
	{'2', "untested", 2},
	{'3', "not reliable", 3},
};
static const GradeCode info_3x5x2[] = {
	{'A', "known directly to the source", 1},
	{'B', "known indirectly to the source but corroborated", 2},
	{'C', "known indirectly to the source", 3},
	{'D', "not known", 4},
	{'E', "suspected to be false", 5},
};
static const GradeCode handling_3x5x2[] = {
	{'P', "lawful sharing permitted", 0},
	{'C', "lawful sharing permitted subject to conditions", 0},
};
static const GradeCode src_5x5x5[] = {
	{'A', "always reliable", 1},
	{'B', "mostly reliable", 2},
	{'C', "sometimes reliable", 3},
	{'D', "unreliable", 4},
	{'E', "untested source", 0},
};
static const GradeCode info_5x5x5[] = {
	{'1', "known to be true without reservation", 1},
	{'2', "known personally to the source but not to the officer", 2},
	{'3', "not known personally to the source but corroborated", 3},
	{'4', "cannot be judged", 0},
	{'5', "suspected to be false", 4},
};
static const GradeCode handling_5x5x5[] = {
	{'1', "may go to UK and compatible law-enforcement and prosecuting agencies", 0},
	{'2', "may go to UK non-prosecuting parties", 0},
	{'3', "may go to non-EEA law enforcement", 0},
	{'4', "within the originating agency only", 0},
	{'5', "no further dissemination; special conditions from the originator", 0},
};
static const GradeCode src_admiralty[] = {
	{'A', "completely reliable", 1},
	{'B', "usually reliable", 2},
	{'C', "fairly reliable", 3},
	{'D', "not usually reliable", 4},
	{'E', "unreliable", 5},
	{'F', "reliability cannot be judged", 0},
};
static const GradeCode info_admiralty[] = {
	{'1', "confirmed by other sources", 1},
	{'2', "probably true", 2},
	{'3', "possibly true", 3},
	{'4', "doubtful", 4},
	{'5', "improbable", 5},
	{'6', "truth cannot be judged", 0},
};

#define SCALE(a) {a, lengthof(a)}

const GradeSchemeInfo grade_schemes[3] = {
	{"grade_3x5x2", SCALE(src_3x5x2), SCALE(info_3x5x2), SCALE(handling_3x5x2)},
	{"grade_5x5x5", SCALE(src_5x5x5), SCALE(info_5x5x5), SCALE(handling_5x5x5)},
	{"admiralty", SCALE(src_admiralty), SCALE(info_admiralty), {NULL, 0}},
};

int32
grade_pack(const Grade *g)
{
	return (int32) ((GRADE_VERSION << 24) | (g->source << 16) | (g->info << 8) | g->handling);
}

bool
grade_unpack(GradeScheme s, int32 v, Grade *g)
{
	const GradeSchemeInfo *info = &grade_schemes[s];
	uint32		u = (uint32) v;

	g->source = (u >> 16) & 0xFF;
	g->info = (u >> 8) & 0xFF;
	g->handling = u & 0xFF;
	return (u >> 24) == GRADE_VERSION &&
		g->source >= 1 && g->source <= info->source.ncodes &&
		g->info >= 1 && g->info <= info->info.ncodes &&
		(info->handling.ncodes == 0 ? g->handling == 0
		 : g->handling >= 1 && g->handling <= info->handling.ncodes);
}

/* Position (1-based) of a symbol in a scale, case-insensitive, or 0. */
static int
code_of(const GradeScale *scale, char c)
{
	for (int i = 0; i < scale->ncodes; i++)
		if (scale->codes[i].symbol == pg_ascii_toupper((unsigned char) c))
			return i + 1;
	return 0;
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A character for a message: printable ASCII quoted, else described (no split UTF-8). */
static const char *
shown_char(char c)
{
	if (c > ' ' && c < 127)
		return psprintf("\"%c\"", c);
	return "A non-ASCII or control character";
}

const char *
grade_parse(GradeScheme s, const char *text, Grade *g)
{
	const GradeSchemeInfo *info = &grade_schemes[s];
	const char *p = skip_space(text);
	/* every scheme writes source then information; only the symbols differ */
	g->source = (*p != '\0') ? code_of(&info->source, *p) : 0;
	if (g->source == 0)
		return *p ? psprintf("%s is not a source code.", shown_char(*p)) : "The source code is missing.";
	p++;
	g->info = (*p != '\0') ? code_of(&info->info, *p) : 0;
	if (g->info == 0)
		return *p ? psprintf("%s is not an information code.", shown_char(*p)) : "The information code is missing.";
	p = skip_space(p + 1);
	g->handling = 0;
	if (info->handling.ncodes > 0)
	{
		g->handling = (*p != '\0') ? code_of(&info->handling, *p) : 0;
		if (g->handling == 0)
			return *p ? psprintf("%s is not a handling code.", shown_char(*p)) : "The handling code is missing.";
		p = skip_space(p + 1);
	}
	if (*p != '\0')
		return "Unexpected characters follow the grade.";
	return NULL;
}

static char *
grade_text(GradeScheme s, const Grade *g)
{
	const GradeSchemeInfo *info = &grade_schemes[s];

	if (info->handling.ncodes == 0)
		return psprintf("%c%c", info->source.codes[g->source - 1].symbol,
						info->info.codes[g->info - 1].symbol);
	return psprintf("%c%c %c", info->source.codes[g->source - 1].symbol,
					info->info.codes[g->info - 1].symbol,
					info->handling.codes[g->handling - 1].symbol);
}

/* The allowed symbols of a scale, e.g. "1, 2, 3". */
static char *
symbols(const GradeScale *scale)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < scale->ncodes; i++)
		appendStringInfo(&buf, "%s%c", i ? ", " : "", scale->codes[i].symbol);
	return buf.data;
}

static Datum
grade_in(FunctionCallInfo fcinfo, GradeScheme s)
{
	const GradeSchemeInfo *info = &grade_schemes[s];
	char	   *text = PG_GETARG_CSTRING(0);
	Grade		g;
	const char *why = grade_parse(s, text, &g);

	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", info->name,
						tst_shown(text, strlen(text), 40)),
				 errdetail("%s", why),
				 info->handling.ncodes > 0
				 ? errhint("Write source (%s), information (%s), a space and handling (%s), e.g. \"%s\".",
						   symbols(&info->source), symbols(&info->info), symbols(&info->handling),
						   s == GRADE_3X5X2 ? "1A P" : "B2 1")
				 : errhint("Write source (%s) then information (%s), e.g. \"B2\".",
						   symbols(&info->source), symbols(&info->info))));
	PG_RETURN_INT32(grade_pack(&g));
}

Grade
grade_arg(FunctionCallInfo fcinfo, GradeScheme s, int argno)
{
	Grade		g;

	if (!grade_unpack(s, PG_GETARG_INT32(argno), &g))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted %s value %d", grade_schemes[s].name, PG_GETARG_INT32(argno))));
	return g;
}

static Datum
grade_out(FunctionCallInfo fcinfo, GradeScheme s)
{
	Grade		g = grade_arg(fcinfo, s, 0);

	PG_RETURN_CSTRING(grade_text(s, &g));
}

static Datum
grade_recv(FunctionCallInfo fcinfo, GradeScheme s)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		v = pq_getmsgint(buf, 4);
	Grade		g;

	if (!grade_unpack(s, v, &g))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s: %d", grade_schemes[s].name, v)));
	PG_RETURN_INT32(v);
}

#define GRADE_IO(prefix, scheme) \
PG_FUNCTION_INFO_V1(prefix##_in); \
Datum prefix##_in(PG_FUNCTION_ARGS) { return grade_in(fcinfo, scheme); } \
PG_FUNCTION_INFO_V1(prefix##_out); \
Datum prefix##_out(PG_FUNCTION_ARGS) { return grade_out(fcinfo, scheme); } \
PG_FUNCTION_INFO_V1(prefix##_recv); \
Datum prefix##_recv(PG_FUNCTION_ARGS) { return grade_recv(fcinfo, scheme); }

GRADE_IO(grade_3x5x2, GRADE_3X5X2)
GRADE_IO(grade_5x5x5, GRADE_5X5X5)
GRADE_IO(admiralty, GRADE_ADMIRALTY)

/* ---- accessors ---- */

typedef enum GradePart
{
	PART_SOURCE,
	PART_INFO,
	PART_HANDLING
} GradePart;

static const GradeCode *
part_code(GradeScheme s, const Grade *g, GradePart part)
{
	const GradeSchemeInfo *info = &grade_schemes[s];

	if (part == PART_SOURCE)
		return &info->source.codes[g->source - 1];
	if (part == PART_INFO)
		return &info->info.codes[g->info - 1];
	return g->handling ? &info->handling.codes[g->handling - 1] : NULL;
}

/* The score of a part (1 = best), NULL when its code is no degree of the scale. */
static Datum
grade_score(FunctionCallInfo fcinfo, GradeScheme s, GradePart part)
{
	Grade		g = grade_arg(fcinfo, s, 0);
	const GradeCode *c = part_code(s, &g, part);

	if (c == NULL || c->score == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(c->score);
}

/* The symbol of a part ('1', 'A', 'P'). */
static Datum
grade_code(FunctionCallInfo fcinfo, GradeScheme s, GradePart part)
{
	Grade		g = grade_arg(fcinfo, s, 0);
	const GradeCode *c = part_code(s, &g, part);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(&c->symbol, 1));
}

/* Every part in words, separated by "; ". */
static Datum
grade_meaning(FunctionCallInfo fcinfo, GradeScheme s)
{
	Grade		g = grade_arg(fcinfo, s, 0);
	const GradeCode *h = part_code(s, &g, PART_HANDLING);

	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%s; %s%s%s",
											  part_code(s, &g, PART_SOURCE)->meaning,
											  part_code(s, &g, PART_INFO)->meaning,
											  h ? "; " : "", h ? h->meaning : "")));
}

#define GRADE_ACCESSORS(prefix, scheme) \
PG_FUNCTION_INFO_V1(prefix##_source_score); \
Datum prefix##_source_score(PG_FUNCTION_ARGS) { return grade_score(fcinfo, scheme, PART_SOURCE); } \
PG_FUNCTION_INFO_V1(prefix##_info_score); \
Datum prefix##_info_score(PG_FUNCTION_ARGS) { return grade_score(fcinfo, scheme, PART_INFO); } \
PG_FUNCTION_INFO_V1(prefix##_source_code); \
Datum prefix##_source_code(PG_FUNCTION_ARGS) { return grade_code(fcinfo, scheme, PART_SOURCE); } \
PG_FUNCTION_INFO_V1(prefix##_info_code); \
Datum prefix##_info_code(PG_FUNCTION_ARGS) { return grade_code(fcinfo, scheme, PART_INFO); } \
PG_FUNCTION_INFO_V1(prefix##_meaning); \
Datum prefix##_meaning(PG_FUNCTION_ARGS) { return grade_meaning(fcinfo, scheme); }

GRADE_ACCESSORS(grade_3x5x2, GRADE_3X5X2)
GRADE_ACCESSORS(grade_5x5x5, GRADE_5X5X5)
GRADE_ACCESSORS(admiralty, GRADE_ADMIRALTY)

PG_FUNCTION_INFO_V1(grade_3x5x2_handling);
Datum
grade_3x5x2_handling(PG_FUNCTION_ARGS)
{
	return grade_code(fcinfo, GRADE_3X5X2, PART_HANDLING);
}

PG_FUNCTION_INFO_V1(grade_5x5x5_handling);
Datum
grade_5x5x5_handling(PG_FUNCTION_ARGS)
{
	return grade_code(fcinfo, GRADE_5X5X5, PART_HANDLING);
}

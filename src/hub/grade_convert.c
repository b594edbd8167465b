/*
 * grade_convert.c
 *	  Conversions between grading schemes, from one table that SQL can list
 *	  (grade_conversions()): every mapping of a code says whether meaning is
 *	  lost, so a converted grade is never a silent guess.
 *
 * The mappings are this project's reading of the codes' wording (there is
 * no official cross-walk).  Where a code has no equal, it maps to the one
 * that does not overstate reliability or credibility, and is flagged lossy.
 * Handling codes become 3x5x2 'C' with the original instruction as the
 * condition text, so nothing of them is lost; the Admiralty code has no
 * handling, so converting to it returns the handling as text beside it.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "common/common.h"
#include "hub/grading.h"

typedef struct Mapping
{
	GradeScheme from;
	GradeScheme to;
	char		part;			/* 's' source, 'i' information, 'h' handling */
	char		from_code;
	char		to_code;
	bool		lossy;
} Mapping;

static const Mapping mappings[] = {
	/* 5x5x5 -> 3x5x2 */
	{GRADE_5X5X5, GRADE_3X5X2, 's', 'A', '1', false},
	{GRADE_5X5X5, GRADE_3X5X2, 's', 'B', '1', true},
	{GRADE_5X5X5, GRADE_3X5X2, 's', 'C', '3', true},
	{GRADE_5X5X5, GRADE_3X5X2, 's', 'D', '3', false},
	{GRADE_5X5X5, GRADE_3X5X2, 's', 'E', '2', false},
	{GRADE_5X5X5, GRADE_3X5X2, 'i', '1', 'A', true},
	{GRADE_5X5X5, GRADE_3X5X2, 'i', '2', 'A', false},
	{GRADE_5X5X5, GRADE_3X5X2, 'i', '3', 'B', false},
	{GRADE_5X5X5, GRADE_3X5X2, 'i', '4', 'D', true},
	{GRADE_5X5X5, GRADE_3X5X2, 'i', '5', 'E', false},
	{GRADE_5X5X5, GRADE_3X5X2, 'h', '1', 'C', false},
	{GRADE_5X5X5, GRADE_3X5X2, 'h', '2', 'C', false},
	{GRADE_5X5X5, GRADE_3X5X2, 'h', '3', 'C', false},
	{GRADE_5X5X5, GRADE_3X5X2, 'h', '4', 'C', false},
	{GRADE_5X5X5, GRADE_3X5X2, 'h', '5', 'C', false},
	/* 3x5x2 -> Admiralty */
	{GRADE_3X5X2, GRADE_ADMIRALTY, 's', '1', 'B', true},
	{GRADE_3X5X2, GRADE_ADMIRALTY, 's', '2', 'F', false},
	{GRADE_3X5X2, GRADE_ADMIRALTY, 's', '3', 'E', true},
	{GRADE_3X5X2, GRADE_ADMIRALTY, 'i', 'A', '2', true},
	{GRADE_3X5X2, GRADE_ADMIRALTY, 'i', 'B', '1', false},
	{GRADE_3X5X2, GRADE_ADMIRALTY, 'i', 'C', '3', true},
	{GRADE_3X5X2, GRADE_ADMIRALTY, 'i', 'D', '6', true},
	{GRADE_3X5X2, GRADE_ADMIRALTY, 'i', 'E', '5', false},
	/* 5x5x5 -> Admiralty */
	{GRADE_5X5X5, GRADE_ADMIRALTY, 's', 'A', 'A', false},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 's', 'B', 'B', false},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 's', 'C', 'C', false},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 's', 'D', 'E', false},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 's', 'E', 'F', false},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 'i', '1', '1', true},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 'i', '2', '2', true},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 'i', '3', '1', false},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 'i', '4', '6', false},
	{GRADE_5X5X5, GRADE_ADMIRALTY, 'i', '5', '5', false},
	/* Admiralty -> 3x5x2 (handling given by the caller) */
	{GRADE_ADMIRALTY, GRADE_3X5X2, 's', 'A', '1', false},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 's', 'B', '1', true},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 's', 'C', '3', true},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 's', 'D', '3', false},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 's', 'E', '3', false},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 's', 'F', '2', false},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 'i', '1', 'B', false},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 'i', '2', 'C', true},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 'i', '3', 'C', true},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 'i', '4', 'D', true},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 'i', '5', 'E', false},
	{GRADE_ADMIRALTY, GRADE_3X5X2, 'i', '6', 'D', true},
};

static const GradeScale *
scale_of(GradeScheme s, char part)
{
	const GradeSchemeInfo *info = &grade_schemes[s];

	return part == 's' ? &info->source : part == 'i' ? &info->info : &info->handling;
}

/* Map one part (1-based code) from one scheme to another; 1-based result. */
static int
map_part(GradeScheme from, GradeScheme to, char part, int code, bool *lossy)
{
	char		sym = scale_of(from, part)->codes[code - 1].symbol;

	for (int i = 0; i < lengthof(mappings); i++)
	{
		const Mapping *m = &mappings[i];

		if (m->from == from && m->to == to && m->part == part && m->from_code == sym)
		{
			const GradeScale *ts = scale_of(to, part);

			*lossy |= m->lossy;
			for (int j = 0; j < ts->ncodes; j++)
				if (ts->codes[j].symbol == m->to_code)
					return j + 1;
		}
	}
	elog(ERROR, "no grade mapping for %s part %c code %c", grade_schemes[from].name, part, sym);
	return 0;
}

/* (grade, lossy, conditions) */
static Datum
converted(FunctionCallInfo fcinfo, int32 grade, bool lossy, const char *conditions)
{
	TupleDesc	td;
	Datum		values[3];
	bool		nulls[3] = {false, false, conditions == NULL};

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	values[0] = Int32GetDatum(grade);
	values[1] = BoolGetDatum(lossy);
	values[2] = conditions ? CStringGetTextDatum(conditions) : (Datum) 0;
	return HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(td), values, nulls));
}

/* The handling in words: what 3x5x2 'C' records as its conditions. */
static const char *
handling_words(GradeScheme s, const Grade *g)
{
	const GradeSchemeInfo *info = &grade_schemes[s];

	return psprintf("%s handling %c: %s", info->name, info->handling.codes[g->handling - 1].symbol,
					info->handling.codes[g->handling - 1].meaning);
}

static Datum
convert(FunctionCallInfo fcinfo, GradeScheme from, GradeScheme to)
{
	Grade		g = grade_arg(fcinfo, from, 0);
	Grade		r;
	bool		lossy = false;
	const char *conditions = NULL;

	r.source = map_part(from, to, 's', g.source, &lossy);
	r.info = map_part(from, to, 'i', g.info, &lossy);
	r.handling = 0;
	if (to == GRADE_3X5X2 && from == GRADE_5X5X5)
	{
		r.handling = map_part(from, to, 'h', g.handling, &lossy);
		conditions = handling_words(from, &g);
	}
	else if (to == GRADE_3X5X2)
	{
		/* from the Admiralty code: the caller says how it may be shared */
		text	   *h = PG_GETARG_TEXT_PP(1);
		char	   *hs = text_to_cstring(h);

		if (strcmp(hs, "P") == 0 || strcmp(hs, "p") == 0)
			r.handling = 1;
		else if (strcmp(hs, "C") == 0 || strcmp(hs, "c") == 0)
			r.handling = 2;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("3x5x2 handling must be P or C, not \"%s\"", tst_shown(hs, strlen(hs), 20)),
					 errhint("P: lawful sharing permitted; C: subject to conditions (record them).")));
	}
	else if (g.handling != 0)
		conditions = handling_words(from, &g);
	return converted(fcinfo, grade_pack(&r), lossy, conditions);
}

#define CONVERTER(name, from, to) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) { return convert(fcinfo, from, to); }

CONVERTER(grade_5x5x5_to_3x5x2, GRADE_5X5X5, GRADE_3X5X2)
CONVERTER(grade_3x5x2_to_admiralty, GRADE_3X5X2, GRADE_ADMIRALTY)
CONVERTER(grade_5x5x5_to_admiralty, GRADE_5X5X5, GRADE_ADMIRALTY)
CONVERTER(admiralty_to_3x5x2, GRADE_ADMIRALTY, GRADE_3X5X2)

/* grade_conversions(): the whole table, with each code's meaning on both sides. */
PG_FUNCTION_INFO_V1(grade_conversions);
Datum
grade_conversions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < lengthof(mappings); i++)
	{
		const Mapping *m = &mappings[i];
		const GradeScale *fs = scale_of(m->from, m->part);
		const GradeScale *ts = scale_of(m->to, m->part);
		const char *from_meaning = "";
		const char *to_meaning = "";
		Datum		values[8];
		bool		nulls[8] = {0};

		for (int j = 0; j < fs->ncodes; j++)
			if (fs->codes[j].symbol == m->from_code)
				from_meaning = fs->codes[j].meaning;
		for (int j = 0; j < ts->ncodes; j++)
			if (ts->codes[j].symbol == m->to_code)
				to_meaning = ts->codes[j].meaning;
		values[0] = CStringGetTextDatum(grade_schemes[m->from].name);
		values[1] = CStringGetTextDatum(grade_schemes[m->to].name);
		values[2] = CStringGetTextDatum(m->part == 's' ? "source" : m->part == 'i' ? "information" : "handling");
		values[3] = CStringGetTextDatum(psprintf("%c", m->from_code));
		values[4] = CStringGetTextDatum(from_meaning);
		values[5] = CStringGetTextDatum(psprintf("%c", m->to_code));
		values[6] = CStringGetTextDatum(to_meaning);
		values[7] = BoolGetDatum(m->lossy);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

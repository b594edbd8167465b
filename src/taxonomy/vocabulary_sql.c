/*
 * vocabulary_sql.c
 *	  Set-returning functions that show the built-in vocabulary to SQL:
 *	  the node list, labels, crosswalk rows, children, descendants, ancestors.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "common/common.h"
#include "taxonomy/taxonomy.h"
#include "taxonomy/vocabulary.h"

/* Record-returning functions describe their rows; SETOF term ones take the
 * executor's expected descriptor. */
#if PG_VERSION_NUM >= 160000
#define init_materialized_srf(fcinfo) InitMaterializedSRF(fcinfo, 0)
#define init_scalar_srf(fcinfo) InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC)
#else
#define init_materialized_srf(fcinfo) SetSingleFuncCall(fcinfo, 0)
#define init_scalar_srf(fcinfo) SetSingleFuncCall(fcinfo, SRF_SINGLE_USE_EXPECTED)
#endif

static Datum
text_datum(const char *utf8)
{
	return PointerGetDatum(cstring_to_text(tst_from_utf8(utf8)));
}

static void
put_row(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

PG_FUNCTION_INFO_V1(vocabulary_nodes);
Datum
vocabulary_nodes(PG_FUNCTION_ARGS)
{
	init_materialized_srf(fcinfo);
	for (int i = 0; i < vocab_node_count; i++)
	{
		const VocabNode *n = &vocab_nodes[i];
		Datum		v[10];
		bool		nulls[10] = {0};

		v[0] = TermGetDatum(n->code);
		v[1] = text_datum(n->path);
		v[2] = TermGetDatum(term_at_depth(n->code, 0));
		v[3] = n->parent >= 0 ? TermGetDatum(vocab_nodes[n->parent].code) : (Datum) 0;
		nulls[3] = n->parent < 0;
		v[4] = Int32GetDatum(n->depth);
		v[5] = BoolGetDatum(n->subtree_end == i + 1);
		v[6] = text_datum(n->deprecated ? "deprecated" : "active");
		v[7] = text_datum(vocab_label(i, 0));
		v[8] = text_datum(n->source);
		v[9] = Int64GetDatum(n->code);
		put_row(fcinfo, v, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(vocabulary_labels);
Datum
vocabulary_labels(PG_FUNCTION_ARGS)
{
	init_materialized_srf(fcinfo);
	for (int i = 0; i < vocab_label_count; i++)
	{
		const VocabLabel *l = &vocab_labels[i];
		Datum		v[4];
		bool		nulls[4] = {0};

		v[0] = TermGetDatum(vocab_nodes[l->node].code);
		v[1] = text_datum(vocab_languages[l->lang]);
		v[2] = text_datum(l->kind == VOCAB_LABEL ? "label" : "synonym");
		v[3] = text_datum(l->text);
		put_row(fcinfo, v, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(vocabulary_crosswalk);
Datum
vocabulary_crosswalk(PG_FUNCTION_ARGS)
{
	static const char *const relation_names[] = {"exact", "term_broader", "external_broader"};

	init_materialized_srf(fcinfo);
	for (int i = 0; i < vocab_crosswalk_count; i++)
	{
		const VocabCrosswalk *x = &vocab_crosswalk[i];
		Datum		v[6];
		bool		nulls[6] = {0};

		v[0] = text_datum(x->scheme);
		v[1] = text_datum(x->field);
		v[2] = text_datum(x->value);
		v[3] = TermGetDatum(vocab_nodes[x->node].code);
		v[4] = text_datum(relation_names[x->relation]);
		v[5] = text_datum(x->note);
		nulls[5] = x->note[0] == '\0';
		put_row(fcinfo, v, nulls);
	}
	return (Datum) 0;
}

/* Terms below t: all of them, or only its children. */
static Datum
below(FunctionCallInfo fcinfo, bool children_only)
{
	int			node = term_node(PG_GETARG_TERM(0));
	int			child_depth = vocab_nodes[node].depth + 1;

	init_scalar_srf(fcinfo);
	for (int i = node + 1; i < vocab_nodes[node].subtree_end; i++)
	{
		Datum		v[1];
		bool		nulls[1] = {0};

		if (children_only && vocab_nodes[i].depth != child_depth)
			continue;
		v[0] = TermGetDatum(vocab_nodes[i].code);
		put_row(fcinfo, v, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(term_children);
Datum
term_children(PG_FUNCTION_ARGS)
{
	return below(fcinfo, true);
}

PG_FUNCTION_INFO_V1(term_descendants);
Datum
term_descendants(PG_FUNCTION_ARGS)
{
	return below(fcinfo, false);
}

/* Ancestors from the parent up to the facet. */
PG_FUNCTION_INFO_V1(term_ancestors);
Datum
term_ancestors(PG_FUNCTION_ARGS)
{
	int64		t = PG_GETARG_TERM(0);

	init_scalar_srf(fcinfo);
	for (int d = term_depth(t) - 1; d >= 0; d--)
	{
		Datum		v[1] = {TermGetDatum(term_at_depth(t, d))};
		bool		nulls[1] = {0};

		put_row(fcinfo, v, nulls);
	}
	return (Datum) 0;
}

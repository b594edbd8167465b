/*
 * term.c
 *	  tst_hub.term: one node of the hub vocabulary.  Text and binary I/O,
 *	  subsumption operators and the navigation functions.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "common/common.h"
#include "taxonomy/taxonomy.h"
#include "taxonomy/term_parse.h"
#include "taxonomy/vocabulary.h"

/* Longest text worth folding; every vocabulary name is far shorter. */
#define TERM_INPUT_MAX 1000

int
term_node(int64 t)
{
	int			node = (t > 0) ? vocab_find_code(t) : -1;

	if (node < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid term code " INT64_FORMAT, t),
				 errdetail("The code is not in this version of the tst_hub vocabulary.")));
	return node;
}

/* The input, clipped to a length fit for an error message. */
static char *
shown(const char *s, int len)
{
	return tst_shown(s, len, 60);
}

static void
append_node(StringInfo buf, int node)
{
	const char *en = vocab_label(node, 0);

	appendStringInfo(buf, "%s (%s)", vocab_nodes[node].path, tst_from_utf8(en));
}

static void
report_unknown(const char *s, int len, const char *utf8, int ulen)
{
	int			close[3];
	int			nclose = vocab_closest(utf8, ulen, close, lengthof(close));
	const char *script_a,
			   *script_b;
	bool		mixed = tst_mixed_scripts(utf8, ulen, &script_a, &script_b);
	StringInfoData hint;

	initStringInfo(&hint);
	if (nclose > 0)
	{
		appendStringInfoString(&hint, "Closest known terms: ");
		for (int i = 0; i < nclose; i++)
		{
			if (i > 0)
				appendStringInfoString(&hint, ", ");
			append_node(&hint, close[i]);
		}
		appendStringInfoString(&hint, ".");
	}
	else
		appendStringInfoString(&hint, "See SELECT path, label FROM tst_hub.vocabulary for the known terms.");

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("unknown term: \"%s\"", shown(s, len)),
			 mixed ? errdetail("The input mixes %s and %s letters.", script_a, script_b) : 0,
			 errhint("%s", hint.data)));
}

static void
report_ambiguous(const char *s, int len, const int *nodes, int n)
{
	StringInfoData detail;

	initStringInfo(&detail);
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			appendStringInfoString(&detail, ", ");
		append_node(&detail, nodes[i]);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("ambiguous term: \"%s\"", shown(s, len)),
			 errdetail("It names %d terms: %s.", n, detail.data),
			 errhint("Write the path of the one you mean, for example \"%s\".",
					 vocab_nodes[nodes[0]].path)));
}

/*
 * Folding turns "/" into a space, so "exploitation//sexual" would otherwise
 * quietly match; a path with an empty segment is a mistake worth naming.
 */
static void
report_malformed_path(const char *s, int len)
{
	int			start = 0,
				end = len;

	while (start < end && s[start] == ' ')
		start++;
	while (end > start && s[end - 1] == ' ')
		end--;
	if (end > start && (s[start] == '/' || s[end - 1] == '/' ||
						memmem(s + start, end - start, "//", 2) != NULL))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("malformed term path: \"%s\"", shown(s, len)),
				 errdetail("A path has no empty segments and no leading or trailing \"/\"."),
				 errhint("Write a path such as \"exploitation/sexual/online\".")));
}

int64
term_parse(const char *s, int len)
{
	int			node = vocab_find_path(s, len);
	int			nodes[8];
	int			n,
				ulen;
	char	   *utf8;

	if (node >= 0)
		return vocab_nodes[node].code;

	if (len > TERM_INPUT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type term: \"%s\"", shown(s, len)),
				 errdetail("The input is %d bytes long; terms are named in at most %d bytes.",
						   len, TERM_INPUT_MAX)));
	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < 0x20 || c == 0x7f)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type term: \"%s\"", shown(s, i)),
					 errdetail("The input has a control character (0x%02x) at byte %d.", c, i + 1)));
	}

	report_malformed_path(s, len);

	utf8 = tst_to_utf8(s, len);
	ulen = strlen(utf8);
	n = vocab_resolve_text(utf8, ulen, nodes, lengthof(nodes));
	if (n == 1)
		return vocab_nodes[nodes[0]].code;
	if (n > 1)
		report_ambiguous(s, len, nodes, Min(n, (int) lengthof(nodes)));

	{
		int			flen;

		if (tst_fold_utf8(utf8, ulen, &flen)[0] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type term: \"%s\"", shown(s, len)),
					 errdetail("The input is empty or holds only spaces and punctuation.")));
	}
	report_unknown(s, len, utf8, ulen);
	pg_unreachable();
}

/*
 * Labels arrive in columns that repeat a few hundred spellings, and folding
 * one with ICU costs far more than a look-up: each call site (a COPY column,
 * a cast in a query) remembers the labels it resolved (about 100 kB at most).
 */
#define LABEL_CACHE_SLOTS 2048	/* more than all labels and synonyms */

typedef struct LabelCache
{
	char	   *text[LABEL_CACHE_SLOTS];
	int64		code[LABEL_CACHE_SLOTS];
} LabelCache;

PG_FUNCTION_INFO_V1(term_in);
Datum
term_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int			len = strlen(s);
	int			node = vocab_find_path(s, len);
	LabelCache *cache;
	int			slot;
	int64		code;

	if (node >= 0 || fcinfo->flinfo == NULL || len > TERM_INPUT_MAX)
		PG_RETURN_TERM(node >= 0 ? vocab_nodes[node].code : term_parse(s, len));

	cache = (LabelCache *) fcinfo->flinfo->fn_extra;
	if (cache == NULL)
		cache = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LabelCache));
	slot = hash_bytes((const unsigned char *) s, len) % LABEL_CACHE_SLOTS;
	if (cache->text[slot] != NULL && strcmp(cache->text[slot], s) == 0)
		PG_RETURN_TERM(cache->code[slot]);

	code = term_parse(s, len);	/* raises for unknown or ambiguous text */
	if (cache->text[slot] != NULL)
		pfree(cache->text[slot]);
	cache->text[slot] = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, s);
	cache->code[slot] = code;
	PG_RETURN_TERM(code);
}

PG_FUNCTION_INFO_V1(term_out);
Datum
term_out(PG_FUNCTION_ARGS)
{
	int64		t = PG_GETARG_TERM(0);

	PG_RETURN_CSTRING(pstrdup(vocab_nodes[term_node(t)].path));
}

PG_FUNCTION_INFO_V1(term_recv);
Datum
term_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		t = pq_getmsgint64(buf);

	if (t <= 0 || vocab_find_code(t) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid term code " INT64_FORMAT " in binary input", t),
				 errdetail("The code is not in this version of the tst_hub vocabulary.")));
	PG_RETURN_TERM(t);
}

/* a @> b: a is b or an ancestor of b */
PG_FUNCTION_INFO_V1(term_contains);
Datum
term_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(term_within(PG_GETARG_TERM(1), PG_GETARG_TERM(0)));
}

/* a <@ b: a is b or a descendant of b */
PG_FUNCTION_INFO_V1(term_contained);
Datum
term_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(term_within(PG_GETARG_TERM(0), PG_GETARG_TERM(1)));
}

PG_FUNCTION_INFO_V1(term_depth_sql);
Datum
term_depth_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(term_depth(PG_GETARG_TERM(0)));
}

PG_FUNCTION_INFO_V1(term_parent);
Datum
term_parent(PG_FUNCTION_ARGS)
{
	int64		t = PG_GETARG_TERM(0);
	int			d = term_depth(t);

	if (d == 0)
		PG_RETURN_NULL();
	PG_RETURN_TERM(term_at_depth(t, d - 1));
}

PG_FUNCTION_INFO_V1(term_rollup);
Datum
term_rollup(PG_FUNCTION_ARGS)
{
	int64		t = PG_GETARG_TERM(0);
	int32		d = PG_GETARG_INT32(1);

	if (d < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rollup depth must be 0 or more, not %d", d),
				 errhint("Depth 0 is the facet, 1 its children, and so on.")));
	PG_RETURN_TERM(term_at_depth(t, d));
}

PG_FUNCTION_INFO_V1(term_facet);
Datum
term_facet(PG_FUNCTION_ARGS)
{
	PG_RETURN_TERM(term_at_depth(PG_GETARG_TERM(0), 0));
}

PG_FUNCTION_INFO_V1(term_is_leaf);
Datum
term_is_leaf(PG_FUNCTION_ARGS)
{
	int			node = term_node(PG_GETARG_TERM(0));

	PG_RETURN_BOOL(vocab_nodes[node].subtree_end == node + 1);
}

PG_FUNCTION_INFO_V1(term_code);
Datum
term_code(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_TERM(0));
}

PG_FUNCTION_INFO_V1(term_from_code);
Datum
term_from_code(PG_FUNCTION_ARGS)
{
	int64		code = PG_GETARG_INT64(0);

	if (code <= 0 || vocab_find_code(code) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no term has code " INT64_FORMAT, code)));
	PG_RETURN_TERM(code);
}

/* A language code such as "pt", "PT" or "pt-BR", or an error naming the choices. */
static int
language_arg(text *lang)
{
	char	   *s = text_to_cstring(lang);
	char		tag[8];
	int			i,
				idx;

	for (i = 0; s[i] && s[i] != '-' && s[i] != '_' && i < (int) sizeof(tag) - 1; i++)
		tag[i] = pg_ascii_tolower((unsigned char) s[i]);
	tag[i] = '\0';
	idx = vocab_find_language(tag);
	if (idx < 0)
	{
		StringInfoData all;

		initStringInfo(&all);
		for (int j = 0; j < vocab_language_count; j++)
			appendStringInfo(&all, "%s%s", j ? ", " : "", vocab_languages[j]);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown language \"%s\"", shown(s, strlen(s))),
				 errhint("Labels exist in: %s.", all.data)));
	}
	return idx;
}

/* label(term, lang, fallback): the display label, falling back to English. */
PG_FUNCTION_INFO_V1(term_label);
Datum
term_label(PG_FUNCTION_ARGS)
{
	int			node = term_node(PG_GETARG_TERM(0));
	int			lang = language_arg(PG_GETARG_TEXT_PP(1));
	bool		fallback = PG_GETARG_BOOL(2);
	const char *label = vocab_label(node, lang);

	if (label == NULL && fallback)
		label = vocab_label(node, 0);
	if (label == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(tst_from_utf8(label)));
}

PG_FUNCTION_INFO_V1(term_path);
Datum
term_path(PG_FUNCTION_ARGS)
{
	int			node = term_node(PG_GETARG_TERM(0));

	PG_RETURN_TEXT_P(cstring_to_text(vocab_nodes[node].path));
}

/* The term a text names, or NULL when it names none or several (no error). */
PG_FUNCTION_INFO_V1(term_lookup);
Datum
term_lookup(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			len = VARSIZE_ANY_EXHDR(t);
	const char *s = VARDATA_ANY(t);
	int			node = vocab_find_path(s, len);
	int			nodes[2];
	char	   *utf8;

	if (node >= 0)
		PG_RETURN_TERM(vocab_nodes[node].code);
	if (len > TERM_INPUT_MAX || memchr(s, '\0', len) != NULL)
		PG_RETURN_NULL();
	utf8 = tst_to_utf8(s, len);
	if (vocab_resolve_text(utf8, strlen(utf8), nodes, lengthof(nodes)) != 1)
		PG_RETURN_NULL();
	PG_RETURN_TERM(vocab_nodes[nodes[0]].code);
}

/* fold_label(text): the ICU-folded form used to match labels. */
PG_FUNCTION_INFO_V1(fold_label);
Datum
fold_label(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *utf8 = tst_to_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	int			flen;
	char	   *folded = tst_fold_utf8(utf8, strlen(utf8), &flen);

	PG_RETURN_TEXT_P(cstring_to_text(tst_from_utf8(folded)));
}

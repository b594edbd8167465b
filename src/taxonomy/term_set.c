/*
 * term_set.c
 *	  tst_hub.term_set: I/O, comparison, and the subsumption-aware set
 *	  operators (a set holding control/threats/violence contains
 *	  control/threats).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "common/common.h"
#include "taxonomy/taxonomy.h"
#include "taxonomy/term_parse.h"
#include "taxonomy/term_set.h"
#include "taxonomy/vocabulary.h"

static int
cmp_code(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

TermSet *
term_set_from_codes(int64 *codes, int n)
{
	int			kept = 0;
	TermSet    *s;

	if (n > 1)
		qsort(codes, n, sizeof(int64), cmp_code);
	for (int i = 0; i < n; i++)
		if (kept == 0 || codes[kept - 1] != codes[i])
			codes[kept++] = codes[i];

	/* every element is a distinct vocabulary node, so this always fits */
	Assert(kept <= PG_UINT16_MAX);
	s = palloc0(TERM_SET_SIZE(kept));
	SET_VARSIZE(s, TERM_SET_SIZE(kept));
	s->version = TERM_SET_VERSION;
	s->count = kept;
	memcpy(s->items, codes, sizeof(int64) * kept);
	return s;
}

/* Index of the first element >= code. */
static int
lower_bound(const TermSet *s, int64 code)
{
	int			lo = 0,
				hi = s->count;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (s->items[mid] < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
term_set_has_range(const TermSet *s, int64 lo, int64 hi)
{
	int			i = lower_bound(s, lo);

	return i < s->count && s->items[i] <= hi;
}

/* Does s hold t or something below t? */
static bool
has_within(const TermSet *s, int64 t)
{
	return term_set_has_range(s, t, term_subtree_last(t));
}

/* Does s hold t or one of t's ancestors? */
static bool
has_ancestor_or_self(const TermSet *s, int64 t)
{
	for (int d = term_depth(t); d >= 0; d--)
	{
		int64		a = term_at_depth(t, d);
		int			i = lower_bound(s, a);

		if (i < s->count && s->items[i] == a)
			return true;
	}
	return false;
}

/* ---- text and binary I/O ---- */

static void
syntax_error(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type term_set: \"%s\"",
					tst_shown(input, strlen(input), 60)),
			 errdetail("%s", detail),
			 errhint("Write a set as {path,path,...}; quote elements that hold commas or braces: {\"Agriculture, forestry and fishing\"}.")));
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

PG_FUNCTION_INFO_V1(term_set_in);
Datum
term_set_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	int			n = 0,
				cap = 8;
	int64	   *codes = palloc(sizeof(int64) * cap);
	StringInfoData elem;

	initStringInfo(&elem);
	while (is_space(*p))
		p++;
	if (*p++ != '{')
		syntax_error(input, "A term_set starts with \"{\".");
	while (is_space(*p))
		p++;
	if (*p == '}')
		p++;
	else
	{
		for (;;)
		{
			resetStringInfo(&elem);
			while (is_space(*p))
				p++;
			if (*p == '"')
			{
				for (p++; *p != '"'; p++)
				{
					if (*p == '\\' && p[1] != '\0')
						p++;
					if (*p == '\0')
						syntax_error(input, "A quoted element is not closed.");
					appendStringInfoChar(&elem, *p);
				}
				p++;
				while (is_space(*p))
					p++;
			}
			else
			{
				while (*p && *p != ',' && *p != '}' && *p != '{' && *p != '"')
					appendStringInfoChar(&elem, *p++);
				while (elem.len > 0 && is_space(elem.data[elem.len - 1]))
					elem.data[--elem.len] = '\0';
				if (elem.len == 0)
					syntax_error(input, "An element is empty.");
			}
			if (n == cap)
				codes = repalloc(codes, sizeof(int64) * (cap *= 2));
			codes[n++] = term_parse(elem.data, elem.len);
			if (*p == ',')
			{
				p++;
				continue;
			}
			if (*p == '}')
			{
				p++;
				break;
			}
			syntax_error(input, *p ? "Expected \",\" or \"}\" after an element." :
						 "A term_set ends with \"}\".");
		}
	}
	while (is_space(*p))
		p++;
	if (*p != '\0')
		syntax_error(input, "There is text after the closing \"}\".");
	PG_RETURN_POINTER(term_set_from_codes(codes, n));
}

PG_FUNCTION_INFO_V1(term_set_out);
Datum
term_set_out(PG_FUNCTION_ARGS)
{
	TermSet    *s = PG_GETARG_TERM_SET(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < s->count; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		/* paths never hold commas, quotes, braces or spaces */
		appendStringInfoString(&buf, vocab_nodes[term_node(s->items[i])].path);
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

static void
binary_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary term_set"),
			 errdetail("%s", detail)));
}

PG_FUNCTION_INFO_V1(term_set_recv);
Datum
term_set_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			flags = pq_getmsgbyte(buf);
	int			count = (uint16) pq_getmsgint(buf, 2);
	TermSet    *s;

	if (version != TERM_SET_VERSION)
		binary_error(psprintf("Format version %d is not known; this build reads version %d.",
							  version, TERM_SET_VERSION));
	if (flags != 0)
		binary_error("The flags byte must be zero.");
	if (count > vocab_node_count || count * 8 != buf->len - buf->cursor)
		binary_error("The element count does not match the data.");
	s = palloc0(TERM_SET_SIZE(count));
	SET_VARSIZE(s, TERM_SET_SIZE(count));
	s->version = TERM_SET_VERSION;
	s->count = count;
	for (int i = 0; i < count; i++)
	{
		s->items[i] = pq_getmsgint64(buf);
		if (s->items[i] <= 0 || vocab_find_code(s->items[i]) < 0)
			binary_error(psprintf("Element %d is not a known term code.", i + 1));
		if (i > 0 && s->items[i] <= s->items[i - 1])
			binary_error("Elements are not strictly ascending.");
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(term_set_send);
Datum
term_set_send(PG_FUNCTION_ARGS)
{
	TermSet    *s = PG_GETARG_TERM_SET(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendbyte(&buf, s->flags);
	pq_sendint16(&buf, s->count);
	for (int i = 0; i < s->count; i++)
		pq_sendint64(&buf, s->items[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---- conversions ---- */

PG_FUNCTION_INFO_V1(term_set_from_array);
Datum
term_set_from_array(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int64	   *codes;

	deconstruct_array(arr, ARR_ELEMTYPE(arr), sizeof(int64), true, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	codes = palloc(sizeof(int64) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("a term_set cannot hold NULL"),
					 errhint("Remove NULLs first, e.g. with array_remove(a, NULL).")));
		codes[i] = DatumGetTerm(elems[i]);
	}
	PG_RETURN_POINTER(term_set_from_codes(codes, n));
}

PG_FUNCTION_INFO_V1(term_set_to_array);
Datum
term_set_to_array(PG_FUNCTION_ARGS)
{
	TermSet    *s = PG_GETARG_TERM_SET(0);
	Oid			elemtype = get_element_type(get_fn_expr_rettype(fcinfo->flinfo));
	Datum	   *elems = palloc(sizeof(Datum) * Max(s->count, 1));

	if (!OidIsValid(elemtype))
		elog(ERROR, "term_set_to_array: cannot determine the element type");
	for (int i = 0; i < s->count; i++)
		elems[i] = TermGetDatum(s->items[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, s->count, elemtype, sizeof(int64),
										  true, TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(term_set_from_term);
Datum
term_set_from_term(PG_FUNCTION_ARGS)
{
	int64		t = PG_GETARG_TERM(0);

	PG_RETURN_POINTER(term_set_from_codes(&t, 1));
}

/* ---- comparison (canonical form, so bytes decide) ---- */

static int
term_set_cmp_internal(const TermSet *a, const TermSet *b)
{
	int			n = Min(a->count, b->count);

	for (int i = 0; i < n; i++)
		if (a->items[i] != b->items[i])
			return a->items[i] < b->items[i] ? -1 : 1;
	return (a->count > b->count) - (a->count < b->count);
}

#define TERM_SET_CMP_FN(name, expr) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	int			c = term_set_cmp_internal(PG_GETARG_TERM_SET(0), PG_GETARG_TERM_SET(1)); \
	PG_RETURN_BOOL(expr); \
}

TERM_SET_CMP_FN(term_set_lt, c < 0)
TERM_SET_CMP_FN(term_set_le, c <= 0)
TERM_SET_CMP_FN(term_set_gt, c > 0)
TERM_SET_CMP_FN(term_set_ge, c >= 0)

PG_FUNCTION_INFO_V1(term_set_cmp);
Datum
term_set_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(term_set_cmp_internal(PG_GETARG_TERM_SET(0), PG_GETARG_TERM_SET(1)));
}

/*
 * Equality and hashing read the stored bytes in place, without the aligned
 * copy that detoasting a short-header value makes: the form is canonical
 * (sorted, no padding), so equal sets are equal bytes.  The hash covers the
 * item bytes, as an aligned read of the items would.
 */
#define TERM_SET_ITEMS_OFFSET (offsetof(TermSet, items) - VARHDRSZ)

static bool
term_set_bytes_equal(FunctionCallInfo fcinfo)
{
	struct varlena *a = PG_GETARG_VARLENA_PP(0);
	struct varlena *b = PG_GETARG_VARLENA_PP(1);

	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

PG_FUNCTION_INFO_V1(term_set_eq);
Datum
term_set_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(term_set_bytes_equal(fcinfo));
}

PG_FUNCTION_INFO_V1(term_set_ne);
Datum
term_set_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!term_set_bytes_equal(fcinfo));
}

PG_FUNCTION_INFO_V1(term_set_hash);
Datum
term_set_hash(PG_FUNCTION_ARGS)
{
	struct varlena *s = PG_GETARG_VARLENA_PP(0);

	return hash_any((unsigned char *) VARDATA_ANY(s) + TERM_SET_ITEMS_OFFSET,
					VARSIZE_ANY_EXHDR(s) - TERM_SET_ITEMS_OFFSET);
}

PG_FUNCTION_INFO_V1(term_set_hash_extended);
Datum
term_set_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *s = PG_GETARG_VARLENA_PP(0);

	return hash_any_extended((unsigned char *) VARDATA_ANY(s) + TERM_SET_ITEMS_OFFSET,
							 VARSIZE_ANY_EXHDR(s) - TERM_SET_ITEMS_OFFSET,
							 PG_GETARG_INT64(1));
}

/* ---- subsumption-aware set operators ---- */

/* a @> b: every element of b is in a or has a descendant in a */
static bool
contains_all(const TermSet *a, const TermSet *b)
{
	for (int i = 0; i < b->count; i++)
		if (!has_within(a, b->items[i]))
			return false;
	return true;
}

PG_FUNCTION_INFO_V1(term_set_contains);
Datum
term_set_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(contains_all(PG_GETARG_TERM_SET(0), PG_GETARG_TERM_SET(1)));
}

PG_FUNCTION_INFO_V1(term_set_contained);
Datum
term_set_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(contains_all(PG_GETARG_TERM_SET(1), PG_GETARG_TERM_SET(0)));
}

/* a && b: some element of one equals, or is above or below, one of the other */
PG_FUNCTION_INFO_V1(term_set_overlaps);
Datum
term_set_overlaps(PG_FUNCTION_ARGS)
{
	TermSet    *a = PG_GETARG_TERM_SET(0);
	TermSet    *b = PG_GETARG_TERM_SET(1);

	for (int i = 0; i < b->count; i++)
		if (has_within(a, b->items[i]) || has_ancestor_or_self(a, b->items[i]))
			PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(false);
}

/* s @> t: s holds t or something below t */
PG_FUNCTION_INFO_V1(term_set_contains_term);
Datum
term_set_contains_term(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(has_within(PG_GETARG_TERM_SET(0), PG_GETARG_TERM(1)));
}

/* t <@ s: the commutator of the above */
PG_FUNCTION_INFO_V1(term_contained_in_set);
Datum
term_contained_in_set(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(has_within(PG_GETARG_TERM_SET(1), PG_GETARG_TERM(0)));
}

PG_FUNCTION_INFO_V1(term_set_union);
Datum
term_set_union(PG_FUNCTION_ARGS)
{
	TermSet    *a = PG_GETARG_TERM_SET(0);
	TermSet    *b = PG_GETARG_TERM_SET(1);
	int64	   *codes = palloc(sizeof(int64) * Max(a->count + b->count, 1));

	memcpy(codes, a->items, sizeof(int64) * a->count);
	memcpy(codes + a->count, b->items, sizeof(int64) * b->count);
	PG_RETURN_POINTER(term_set_from_codes(codes, a->count + b->count));
}

PG_FUNCTION_INFO_V1(term_set_add);
Datum
term_set_add(PG_FUNCTION_ARGS)
{
	TermSet    *a = PG_GETARG_TERM_SET(0);
	int64	   *codes = palloc(sizeof(int64) * (a->count + 1));

	memcpy(codes, a->items, sizeof(int64) * a->count);
	codes[a->count] = PG_GETARG_TERM(1);
	PG_RETURN_POINTER(term_set_from_codes(codes, a->count + 1));
}

PG_FUNCTION_INFO_V1(term_set_cardinality);
Datum
term_set_cardinality(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_TERM_SET(0)->count);
}

PG_FUNCTION_INFO_V1(term_set_unnest);
Datum
term_set_unnest(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	TermSet    *s;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		fctx->user_fctx = PG_GETARG_TERM_SET(0);
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	s = fctx->user_fctx;
	if (fctx->call_cntr < s->count)
	{
		/* SRF_RETURN_NEXT bumps call_cntr before it reads its argument */
		Datum		next = TermGetDatum(s->items[fctx->call_cntr]);

		SRF_RETURN_NEXT(fctx, next);
	}
	SRF_RETURN_DONE(fctx);
}

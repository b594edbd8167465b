/*
 * suppress_sql.c
 *	  SQL entry points of complementary suppression: suppress_crosstab (a
 *	  two-way table with its margins) and suppress_linked (cells and any
 *	  totals over them: hierarchies, periods, three-way tables).  They read
 *	  and check the arrays, build the model of suppress.h and return one row
 *	  per cell and per total.
 *
 * Cells and totals are put in byte order of their keys before anything is
 * decided, so the release depends on the table, not on the order in which
 * array_agg happened to collect it.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "anon/safe.h"
#include "anon/suppress.h"
#include "common/common.h"

#define SHOWN(s) tst_shown((s), strlen(s), 40)

/*
 * One reason for every withheld value: telling primaries (below k) from
 * complementary cells would bound each primary to 1..k-1, which the
 * attacker's LP does not model, and can pin it.
 */
static const char *const status_reason[] = {NULL, "withheld", "withheld"};

/* ---- arguments ---- */

static ArrayType *
array_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	ArrayType  *arr;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", name)));
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", name)));
	if (array_contains_nulls(arr))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain NULL elements", name)));
	return arr;
}

/* The elements of a text[] argument as C strings. */
static char **
text_array(FunctionCallInfo fcinfo, int argno, const char *name, int *n)
{
	ArrayType  *arr = array_arg(fcinfo, argno, name);
	Datum	   *elems;
	char	  **out;

	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, NULL, n);
	out = palloc_array(char *, Max(*n, 1));
	for (int i = 0; i < *n; i++)
		out[i] = TextDatumGetCString(elems[i]);
	return out;
}

/* The counts: int8[], each 0..SUPPRESS_MAX_COUNT. */
static int64 *
count_array(FunctionCallInfo fcinfo, int argno, int *n)
{
	ArrayType  *arr = array_arg(fcinfo, argno, "counts");
	Datum	   *elems;
	int64	   *out;

	deconstruct_array(arr, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, NULL, n);
	out = palloc_array(int64, Max(*n, 1));
	for (int i = 0; i < *n; i++)
	{
		out[i] = DatumGetInt64(elems[i]);
		if (out[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("counts must not be negative, not " INT64_FORMAT, out[i]),
					 errdetail("Element %d of counts.", i + 1)));
		if (out[i] > SUPPRESS_MAX_COUNT)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("count " INT64_FORMAT " is out of range", out[i]),
					 errdetail("Counts of persons go up to " INT64_FORMAT ".", SUPPRESS_MAX_COUNT)));
	}
	return out;
}

static void
check_lengths(int a, int b, const char *name_a, const char *name_b)
{
	if (a != b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s and %s must have the same length (%d and %d)", name_a, name_b, a, b)));
}

static void
check_size(int ncells, int ntotals, int64 nmembers)
{
	if (ncells > SUPPRESS_MAX_CELLS || ntotals > SUPPRESS_MAX_TOTALS || nmembers > SUPPRESS_MAX_MEMBERS ||
		(int64) ncells * ntotals > SUPPRESS_MAX_WORK)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("table too large for complementary suppression: %d cells, %d totals, " INT64_FORMAT " memberships",
						ncells, ntotals, nmembers),
				 errdetail("The limits are %d cells, %d totals, %d memberships, and %d for cells times totals.",
						   SUPPRESS_MAX_CELLS, SUPPRESS_MAX_TOTALS, SUPPRESS_MAX_MEMBERS, SUPPRESS_MAX_WORK),
				 errhint("Suppress each independent table on its own (one per region or period), or generalise the categories.")));
}

/* k: NULL for the hub's minimum, else checked as the safe aggregates do. */
static int32
k_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		k;

	if (PG_ARGISNULL(argno))
		return safe_effective_k(tst_min_k);
	k = PG_GETARG_INT32(argno);
	safe_check_k(k);
	return safe_effective_k(k);
}

/*
 * protection: NULL for k (never below the hub's floor), else
 * 0..SUPPRESS_MAX_PROTECTION (22023) and not below tst_hub.min_protection
 * (42501): a caller who could ask for 0 could publish values pinned to a
 * range of two.
 */
static int64
protection_arg(FunctionCallInfo fcinfo, int argno, int32 k)
{
	int64		p;

	if (PG_ARGISNULL(argno))
		return Max((int64) k, (int64) tst_min_protection);
	p = PG_GETARG_INT64(argno);
	if (p < 0 || p > SUPPRESS_MAX_PROTECTION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("protection must be between 0 and " INT64_FORMAT ", not " INT64_FORMAT,
						SUPPRESS_MAX_PROTECTION, p),
				 errdetail("protection is the width an attacker's range for a withheld value must keep; it defaults to k.")));
	if (p < tst_min_protection)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("protection " INT64_FORMAT " is below this hub's minimum of %d", p, tst_min_protection),
				 errhint("Use protection >= %d, or leave it out. tst_hub.min_protection is set by a superuser.",
						 tst_min_protection)));
	return p;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Sorted distinct strings; *n in, count out. */
static char **
sorted_distinct(char **s, int *n)
{
	char	  **out = palloc_array(char *, Max(*n, 1));
	int			m = 0;

	memcpy(out, s, sizeof(char *) * *n);
	qsort(out, *n, sizeof(char *), cmp_str);
	for (int i = 0; i < *n; i++)
		if (m == 0 || strcmp(out[m - 1], out[i]) != 0)
			out[m++] = out[i];
	*n = m;
	return out;
}

/* Index of key in sorted names, or -1. */
static int
find_key(char **names, int n, const char *key)
{
	char	  **hit = bsearch(&key, names, n, sizeof(char *), cmp_str);

	return hit ? (int) (hit - names) : -1;
}

/* ---- suppress_crosstab ---- */

typedef struct CrossCell
{
	char	   *row;
	char	   *col;
	int64		count;
} CrossCell;

static int
cmp_cross(const void *a, const void *b)
{
	const CrossCell *x = a;
	const CrossCell *y = b;
	int			c = strcmp(x->row, y->row);

	return c != 0 ? c : strcmp(x->col, y->col);
}

/* Appends (key1, key2, value, reason) to the result; value NULL when withheld. */
static void
put_row(ReturnSetInfo *rsinfo, Datum key1, bool null1, Datum key2, bool null2,
		int64 value, SuppressStatus st)
{
	Datum		values[4] = {key1, key2, Int64GetDatum(value), (Datum) 0};
	bool		nulls[4] = {null1, null2, st != SUPPRESS_PUBLISHED, st == SUPPRESS_PUBLISHED};

	if (st != SUPPRESS_PUBLISHED)
		values[3] = CStringGetTextDatum(status_reason[st]);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

#define TEXT_OR_NULL(s) ((s) ? CStringGetTextDatum(s) : (Datum) 0), ((s) == NULL)

PG_FUNCTION_INFO_V1(suppress_crosstab);
Datum
suppress_crosstab(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n,
				ncol_in,
				ncount;
	char	  **rows_in = text_array(fcinfo, 0, "row_keys", &n);
	char	  **cols_in = text_array(fcinfo, 1, "col_keys", &ncol_in);
	int64	   *counts = count_array(fcinfo, 2, &ncount);
	int32		k = k_arg(fcinfo, 3);
	int64		protection = protection_arg(fcinfo, 4, k);
	CrossCell  *cells;
	char	  **rows;
	char	  **cols;
	int			nrows = n,
				ncols = n;
	SuppressTable tab;
	int64	   *total_value;
	SuppressStatus *status;
	int			e = 0;

	check_lengths(n, ncol_in, "row_keys", "col_keys");
	check_lengths(n, ncount, "row_keys", "counts");
	InitMaterializedSRF(fcinfo, 0);
	if (n == 0)
		PG_RETURN_NULL();

	cells = palloc_array(CrossCell, n);
	for (int i = 0; i < n; i++)
		cells[i] = (CrossCell) {rows_in[i], cols_in[i], counts[i]};
	qsort(cells, n, sizeof(CrossCell), cmp_cross);
	for (int i = 1; i < n; i++)
		if (cmp_cross(&cells[i - 1], &cells[i]) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cell (\"%s\", \"%s\") is given twice", SHOWN(cells[i].row), SHOWN(cells[i].col)),
					 errhint("Aggregate by (row, column) first, e.g. with GROUP BY.")));
	rows = sorted_distinct(rows_in, &nrows);
	cols = sorted_distinct(cols_in, &ncols);
	check_size(n, nrows + ncols + 1, 3 * (int64) n);

	/* totals: rows, then columns, then the grand total */
	tab.ncells = n;
	tab.cell_value = palloc_array(int64, n);
	tab.ntotals = nrows + ncols + 1;
	tab.member_start = palloc_array(int, tab.ntotals + 1);
	tab.members = palloc_array(int, 3 * n);
	for (int i = 0; i < n; i++)
		tab.cell_value[i] = cells[i].count;
	for (int r = 0; r < nrows; r++)
	{
		tab.member_start[r] = e;
		for (int i = 0; i < n; i++)
			if (strcmp(cells[i].row, rows[r]) == 0)
				tab.members[e++] = i;
	}
	for (int c = 0; c < ncols; c++)
	{
		tab.member_start[nrows + c] = e;
		for (int i = 0; i < n; i++)
			if (strcmp(cells[i].col, cols[c]) == 0)
				tab.members[e++] = i;
	}
	tab.member_start[nrows + ncols] = e;
	for (int i = 0; i < n; i++)
		tab.members[e++] = i;
	tab.member_start[tab.ntotals] = e;

	total_value = palloc_array(int64, tab.ntotals);
	status = palloc_array(SuppressStatus, n + tab.ntotals);
	suppress_table(&tab, k, protection, total_value, status);

	for (int i = 0; i < n; i++)
		put_row(rsinfo, TEXT_OR_NULL(cells[i].row), TEXT_OR_NULL(cells[i].col), cells[i].count, status[i]);
	for (int r = 0; r < nrows; r++)
		put_row(rsinfo, TEXT_OR_NULL(rows[r]), TEXT_OR_NULL(NULL), total_value[r], status[n + r]);
	for (int c = 0; c < ncols; c++)
		put_row(rsinfo, TEXT_OR_NULL(NULL), TEXT_OR_NULL(cols[c]), total_value[nrows + c], status[n + nrows + c]);
	put_row(rsinfo, TEXT_OR_NULL(NULL), TEXT_OR_NULL(NULL), total_value[nrows + ncols], status[n + nrows + ncols]);
	PG_RETURN_NULL();
}

/* ---- suppress_linked ---- */

typedef struct Linked
{
	char	  **cell_key;		/* sorted */
	int			ncells;
	char	  **total_key;		/* sorted */
	int			ntotals;
	int		   *child_start;	/* ntotals + 1 */
	int		   *child;			/* value numbers: cells, then ncells + total */
	int		   *state;			/* per total: 0 new, 1 on the path, 2 expanded */
	int		   *leaf_start;		/* expanded cells per total, in the order done */
	int		   *leaf_len;
	int		   *leaves;
	int			nleaves;
	int		   *stamp;			/* per cell: last total that counted it, + 1 */
} Linked;

/* Appends total t's cells to L->leaves; 22023 on a cycle or a double count. */
static void
expand_total(Linked *L, int t)
{
	if (L->state[t] == 2)
		return;
	if (L->state[t] == 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("total \"%s\" contains itself", SHOWN(L->total_key[t])),
				 errhint("Totals must form a hierarchy without cycles.")));
	check_stack_depth();
	L->state[t] = 1;
	for (int e = L->child_start[t]; e < L->child_start[t + 1]; e++)
		if (L->child[e] >= L->ncells)
			expand_total(L, L->child[e] - L->ncells);
	L->leaf_start[t] = L->nleaves;
	for (int e = L->child_start[t]; e < L->child_start[t + 1]; e++)
	{
		int			v = L->child[e];
		int			from = v < L->ncells ? 0 : L->leaf_start[v - L->ncells];
		int			len = v < L->ncells ? 1 : L->leaf_len[v - L->ncells];

		for (int j = 0; j < len; j++)
		{
			int			cell = v < L->ncells ? v : L->leaves[from + j];

			if (L->stamp[cell] == t + 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("total \"%s\" counts cell \"%s\" twice",
								SHOWN(L->total_key[t]), SHOWN(L->cell_key[cell])),
						 errhint("List each member once; a total may contain a cell directly or through one sub-total, not both.")));
			L->stamp[cell] = t + 1;
			check_size(L->ncells, L->ntotals, (int64) L->nleaves + 1);
			L->leaves[L->nleaves++] = cell;
		}
	}
	L->leaf_len[t] = L->nleaves - L->leaf_start[t];
	L->state[t] = 2;
}

typedef struct Edge
{
	int			total;
	int			member;
} Edge;

static int
cmp_edge(const void *a, const void *b)
{
	const Edge *x = a;
	const Edge *y = b;

	if (x->total != y->total)
		return x->total < y->total ? -1 : 1;
	return (x->member > y->member) - (x->member < y->member);
}

typedef struct KeyCount
{
	char	   *key;
	int64		count;
} KeyCount;

static int
cmp_keycount(const void *a, const void *b)
{
	return strcmp(((const KeyCount *) a)->key, ((const KeyCount *) b)->key);
}

PG_FUNCTION_INFO_V1(suppress_linked);
Datum
suppress_linked(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n,
				ncount,
				nedges,
				nmember_in;
	char	  **cell_in = text_array(fcinfo, 0, "cell_keys", &n);
	int64	   *counts = count_array(fcinfo, 1, &ncount);
	char	  **total_in = text_array(fcinfo, 2, "total_keys", &nedges);
	char	  **member_in = text_array(fcinfo, 3, "member_keys", &nmember_in);
	int32		k = k_arg(fcinfo, 4);
	int64		protection = protection_arg(fcinfo, 5, k);
	KeyCount   *cells;
	Edge	   *edges;
	Linked		L;
	SuppressTable tab;
	int64	   *total_value;
	SuppressStatus *status;

	check_lengths(n, ncount, "cell_keys", "counts");
	check_lengths(nedges, nmember_in, "total_keys", "member_keys");
	L.ntotals = nedges;
	L.total_key = sorted_distinct(total_in, &L.ntotals);
	check_size(n, L.ntotals, nedges);
	InitMaterializedSRF(fcinfo, 0);

	cells = palloc_array(KeyCount, Max(n, 1));
	for (int i = 0; i < n; i++)
		cells[i] = (KeyCount) {cell_in[i], counts[i]};
	qsort(cells, n, sizeof(KeyCount), cmp_keycount);
	L.ncells = n;
	L.cell_key = palloc_array(char *, Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (i > 0 && strcmp(cells[i - 1].key, cells[i].key) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cell \"%s\" is given twice", SHOWN(cells[i].key))));
		L.cell_key[i] = cells[i].key;
	}
	for (int t = 0; t < L.ntotals; t++)
		if (find_key(L.cell_key, n, L.total_key[t]) >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("\"%s\" is both a cell and a total", SHOWN(L.total_key[t])),
					 errhint("A total's value is the sum of its members; give counts for cells only.")));

	/* edges to (total, member value), grouped by total */
	edges = palloc_array(Edge, Max(nedges, 1));
	for (int e = 0; e < nedges; e++)
	{
		int			m = find_key(L.cell_key, n, member_in[e]);

		if (m < 0)
		{
			m = find_key(L.total_key, L.ntotals, member_in[e]);
			if (m < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("member \"%s\" of total \"%s\" is neither a cell nor a total",
								SHOWN(member_in[e]), SHOWN(total_in[e]))));
			m += n;
		}
		edges[e] = (Edge) {find_key(L.total_key, L.ntotals, total_in[e]), m};
	}
	qsort(edges, nedges, sizeof(Edge), cmp_edge);
	L.child_start = palloc0_array(int, L.ntotals + 1);
	L.child = palloc_array(int, Max(nedges, 1));
	for (int e = 0; e < nedges; e++)
	{
		L.child[e] = edges[e].member;
		L.child_start[edges[e].total + 1] = e + 1;
	}
	for (int t = 0; t < L.ntotals; t++)
		L.child_start[t + 1] = Max(L.child_start[t + 1], L.child_start[t]);

	/* every total as the set of its cells */
	L.state = palloc0_array(int, Max(L.ntotals, 1));
	L.leaf_start = palloc_array(int, Max(L.ntotals, 1));
	L.leaf_len = palloc_array(int, Max(L.ntotals, 1));
	L.leaves = palloc_array(int, SUPPRESS_MAX_MEMBERS);
	L.nleaves = 0;
	L.stamp = palloc0_array(int, Max(n, 1));
	for (int t = 0; t < L.ntotals; t++)
		expand_total(&L, t);

	tab.ncells = n;
	tab.cell_value = palloc_array(int64, Max(n, 1));
	for (int i = 0; i < n; i++)
		tab.cell_value[i] = cells[i].count;
	tab.ntotals = L.ntotals;
	tab.member_start = palloc_array(int, L.ntotals + 1);
	tab.members = palloc_array(int, Max(L.nleaves, 1));
	tab.member_start[0] = 0;
	for (int t = 0; t < L.ntotals; t++)
	{
		memcpy(tab.members + tab.member_start[t], L.leaves + L.leaf_start[t], sizeof(int) * L.leaf_len[t]);
		tab.member_start[t + 1] = tab.member_start[t] + L.leaf_len[t];
	}

	total_value = palloc_array(int64, Max(L.ntotals, 1));
	status = palloc_array(SuppressStatus, Max(n + L.ntotals, 1));
	suppress_table(&tab, k, protection, total_value, status);

	for (int i = 0; i < n; i++)
		put_row(rsinfo, TEXT_OR_NULL(L.cell_key[i]), BoolGetDatum(false), false, cells[i].count, status[i]);
	for (int t = 0; t < L.ntotals; t++)
		put_row(rsinfo, TEXT_OR_NULL(L.total_key[t]), BoolGetDatum(true), false, total_value[t], status[n + t]);
	PG_RETURN_NULL();
}

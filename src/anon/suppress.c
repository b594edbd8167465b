/*
 * suppress.c
 *	  Primary suppression, then audit-and-repair with linear programmes
 *	  (the policy and the method are in suppress.h).  No fmgr: the SQL entry
 *	  points are in suppress_sql.c.
 *
 * Values are numbered cells first (0 .. ncells-1), then totals.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "anon/lp.h"
#include "anon/suppress.h"

/* LP results within this of an integer are that integer (see lp.c). */
#define INTEGRAL_TOL 1e-6
/*
 * Repair LPs are perturbed by REPAIR_PERTURB per row (lp.h); a column of
 * the solution above SUPPORT_TOL is real flow, not perturbation (which
 * moves it by at most rows * 2 * REPAIR_PERTURB, about 1e-6).  Real flows
 * are integers for two-way tables and hierarchies, and rarely below 1e-4
 * elsewhere; a flow missed here is caught by the next audit.
 */
#define REPAIR_PERTURB 1e-9
#define SUPPORT_TOL 1e-4

typedef struct Work
{
	const SuppressTable *tab;
	int			nvalues;
	int64	   *value;			/* cells then totals */
	SuppressStatus *status;
	int64		need;			/* max(p, 1) */
} Work;

#define IS_TOTAL(w, v)	((v) >= (w)->tab->ncells)
#define TOTAL_OF(w, v)	((v) - (w)->tab->ncells)
#define WITHHELD(w, v)	((w)->status[v] != SUPPRESS_PUBLISHED)
#define FIRST_MEMBER(tab, t)	((tab)->member_start[t])
#define END_MEMBER(tab, t)		((tab)->member_start[(t) + 1])

/*
 * The attacker's bound on value x: the optimum of its withheld part over
 * the non-negative withheld cells that satisfy every published total,
 * maximised (upward) or minimised.  False when the LP does not solve (the
 * caller then treats x as unprotected, the safe side); *bound is +inf when
 * nothing caps x from above (decided without the solver, see below).
 */
static bool
attacker_bound(Work *w, int x, bool upward, double *bound)
{
	const SuppressTable *tab = w->tab;
	int		   *var_of = palloc_array(int, Max(tab->ncells, 1));
	int		   *row_total = palloc_array(int, Max(tab->ntotals, 1));
	int			nvars = 0;
	int			nrows = 0;
	double		known = 0.0;	/* published part of x */
	LpProblem  *lp;
	double		obj;
	LpStatus	st;

	for (int i = 0; i < tab->ncells; i++)
		var_of[i] = WITHHELD(w, i) ? nvars++ : -1;
	for (int t = 0; t < tab->ntotals; t++)
	{
		if (WITHHELD(w, tab->ncells + t))
			continue;
		for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t); e++)
			if (var_of[tab->members[e]] >= 0)
			{
				row_total[nrows++] = t;
				break;
			}
	}

	lp = lp_new(nrows, nvars);
	for (int r = 0; r < nrows; r++)
	{
		int			t = row_total[r];
		double		rest = (double) w->value[tab->ncells + t];

		for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t); e++)
		{
			int			i = tab->members[e];

			if (var_of[i] >= 0)
				lp->a[(size_t) r * nvars + var_of[i]] = 1.0;
			else
				rest -= (double) w->value[i];
		}
		lp->b[r] = rest;
	}
	if (!IS_TOTAL(w, x))
		lp->c[var_of[x]] = upward ? -1.0 : 1.0;
	else
	{
		int			t = TOTAL_OF(w, x);

		for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t); e++)
		{
			int			i = tab->members[e];

			if (var_of[i] >= 0)
				lp->c[var_of[i]] = upward ? -1.0 : 1.0;
			else
				known += (double) w->value[i];
		}
	}

	/*
	 * Every coefficient is 0 or 1, so a ray (A d = 0, d >= 0) is zero on every
	 * variable that some published total contains: x is unbounded above
	 * exactly when its objective has a variable in no row.  Decided here
	 * exactly, so a solver that reports "unbounded" after skipping tiny
	 * pivots can never make a primary look protected.
	 */
	if (upward)
	{
		bool	   *in_row = palloc0_array(bool, Max(nvars, 1));
		bool		free_var = false;

		for (int r = 0; r < nrows; r++)
			for (int v = 0; v < nvars; v++)
				if (lp->a[(size_t) r * nvars + v] != 0.0)
					in_row[v] = true;
		for (int v = 0; v < nvars; v++)
			if (lp->c[v] != 0.0 && !in_row[v])
				free_var = true;
		pfree(in_row);
		if (free_var)
		{
			lp_free(lp);
			pfree(var_of);
			pfree(row_total);
			*bound = LP_INF;
			return true;
		}
	}
	st = lp_solve(lp, NULL, &obj);
	lp_free(lp);
	pfree(var_of);
	pfree(row_total);
	if (st != LP_OPTIMAL)
		return false;			/* "unbounded" here would be numerical: unprotected */
	*bound = known + (upward ? -obj : obj);
	return true;
}

/* Is primary x protected: floor(hi) - ceil(lo) >= need? */
static bool
is_protected(Work *w, int x)
{
	double		hi;
	double		lo;
	double		top;

	if (!attacker_bound(w, x, true, &hi))
		return false;
	if (hi >= LP_INF)
		return true;
	top = floor(hi + INTEGRAL_TOL);
	/* lo <= the true value, so this often decides without the second LP */
	if (top - (double) w->value[x] >= (double) w->need)
		return true;
	if (!attacker_bound(w, x, false, &lo))
		return false;
	return top - ceil(lo - INTEGRAL_TOL) >= (double) w->need;
}

/* Marks a published value complementary; counts it. */
static int
withhold(Work *w, int v)
{
	if (WITHHELD(w, v))
		return 0;
	w->status[v] = SUPPRESS_COMPLEMENTARY;
	return 1;
}

/*
 * Repair LP for primary x: the cheapest change y of the table with
 * y(x) = need, every cell's value + y >= 0, and every published total
 * unchanged unless it is paid for.  Columns: per cell an up part u and a
 * down part d <= value; per published total its up and down change.
 * Rows: one per published total (its cells' change minus its own change
 * is 0), and for a total x one saying its cells' change is need.  A cell x
 * is not a column: its change, need, moves to the right-hand sides.
 * Withholds the published values that y changes; returns how many.
 */
static int
repair(Work *w, int x)
{
	const SuppressTable *tab = w->tab;
	int			ncells = tab->ncells;
	int		   *row_of_total = palloc_array(int, Max(tab->ntotals, 1));
	int		   *col_up = palloc_array(int, Max(ncells, 1));
	int		   *col_down = palloc_array(int, Max(ncells, 1));
	int		   *col_total = palloc_array(int, Max(tab->ntotals, 1));	/* up; down is +1 */
	bool	   *in_row = palloc0_array(bool, Max(ncells, 1));
	int			nrows = 0;
	int			ncols = 0;
	int			added = 0;
	LpProblem  *lp;
	double	   *y;
	double		obj;

	for (int t = 0; t < tab->ntotals; t++)
	{
		int			v = ncells + t;

		row_of_total[t] = (!WITHHELD(w, v) || v == x) ? nrows++ : -1;
		if (row_of_total[t] >= 0)
			for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t); e++)
				in_row[tab->members[e]] = true;
	}
	for (int i = 0; i < ncells; i++)
	{
		bool		column = in_row[i] && i != x;

		col_up[i] = column ? ncols++ : -1;
		col_down[i] = (column && w->value[i] > 0) ? ncols++ : -1;
	}
	for (int t = 0; t < tab->ntotals; t++)
	{
		col_total[t] = (row_of_total[t] >= 0 && ncells + t != x) ? ncols : -1;
		if (col_total[t] >= 0)
			ncols += 2;
	}

	lp = lp_new(nrows, ncols);
	lp->perturb = REPAIR_PERTURB;
	for (int i = 0; i < ncells; i++)
	{
		double		cost = WITHHELD(w, i) ? 0.0 : 1.0 + (double) w->value[i];

		if (col_up[i] >= 0)
			lp->c[col_up[i]] = cost;
		if (col_down[i] >= 0)
		{
			lp->c[col_down[i]] = cost;
			lp->upper[col_down[i]] = (double) w->value[i];
		}
	}
	for (int t = 0; t < tab->ntotals; t++)
	{
		int			r = row_of_total[t];
		double	   *row = &lp->a[(size_t) Max(r, 0) * ncols];

		if (r < 0)
			continue;
		for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t); e++)
		{
			int			i = tab->members[e];

			if (i == x)
				lp->b[r] -= (double) w->need;
			if (col_up[i] >= 0)
				row[col_up[i]] = 1.0;
			if (col_down[i] >= 0)
				row[col_down[i]] = -1.0;
		}
		if (ncells + t == x)
			lp->b[r] = (double) w->need;
		else
		{
			double		cost = 1.0 + (double) w->value[ncells + t];

			row[col_total[t]] = -1.0;
			row[col_total[t] + 1] = 1.0;
			lp->c[col_total[t]] = cost;
			lp->c[col_total[t] + 1] = cost;
		}
	}

	y = palloc_array(double, Max(ncols, 1));
	if (lp_solve(lp, y, &obj) == LP_OPTIMAL)
	{
		for (int i = 0; i < ncells; i++)
			if ((col_up[i] >= 0 && y[col_up[i]] > SUPPORT_TOL) ||
				(col_down[i] >= 0 && y[col_down[i]] > SUPPORT_TOL))
				added += withhold(w, i);
		for (int t = 0; t < tab->ntotals; t++)
			if (col_total[t] >= 0 &&
				(y[col_total[t]] > SUPPORT_TOL || y[col_total[t] + 1] > SUPPORT_TOL))
				added += withhold(w, ncells + t);
	}
	lp_free(lp);
	pfree(y);
	pfree(row_of_total);
	pfree(col_up);
	pfree(col_down);
	pfree(col_total);
	pfree(in_row);
	return added;
}

/*
 * Fallback when a repair withheld nothing new yet x is still short (only
 * conceivable through rounding): withhold the published totals that share
 * a cell with x and their cells; if that adds nothing, everything.  With
 * everything withheld no equality remains and every range is unbounded.
 */
static int
widen(Work *w, int x)
{
	const SuppressTable *tab = w->tab;
	int			added = 0;

	for (int t = 0; t < tab->ntotals; t++)
	{
		bool		touches = (tab->ncells + t == x);

		for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t) && !touches; e++)
		{
			int			i = tab->members[e];

			if (i == x)
				touches = true;
			else if (IS_TOTAL(w, x))
			{
				int			t0 = TOTAL_OF(w, x);

				for (int f = FIRST_MEMBER(tab, t0); f < END_MEMBER(tab, t0); f++)
					if (tab->members[f] == i)
						touches = true;
			}
		}
		if (!touches)
			continue;
		added += withhold(w, tab->ncells + t);
		for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t); e++)
			added += withhold(w, tab->members[e]);
	}
	if (added == 0)
		for (int v = 0; v < w->nvalues; v++)
			added += withhold(w, v);
	return added;
}

static int64 *prune_value;		/* for cmp_prune: qsort has no context */

/* Costliest first; ties by value number. */
static int
cmp_prune(const void *a, const void *b)
{
	int			x = *(const int *) a;
	int			y = *(const int *) b;

	if (prune_value[x] != prune_value[y])
		return prune_value[x] > prune_value[y] ? -1 : 1;
	return (x > y) - (x < y);
}

/* Marks the cells of the totals that contain value c (c's own, for a total). */
static void
mark_near(Work *w, int c, bool *near)
{
	const SuppressTable *tab = w->tab;

	memset(near, 0, sizeof(bool) * Max(tab->ncells, 1));
	for (int t = 0; t < tab->ntotals; t++)
	{
		bool		holds = (tab->ncells + t == c);

		for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t) && !holds; e++)
			holds = (tab->members[e] == c);
		if (holds)
			for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t); e++)
				near[tab->members[e]] = true;
	}
}

/* Does value x have a cell among those marked? */
static bool
is_near(Work *w, int x, const bool *near)
{
	const SuppressTable *tab = w->tab;

	if (!IS_TOTAL(w, x))
		return near[x];
	for (int e = FIRST_MEMBER(tab, TOTAL_OF(w, x)); e < END_MEMBER(tab, TOTAL_OF(w, x)); e++)
		if (near[tab->members[e]])
			return true;
	return false;
}

/*
 * Repairs are greedy, one primary at a time, so a later repair can make an
 * earlier complementary value unnecessary.  Each is tried published again,
 * costliest first, and stays published if every primary is still
 * protected (publishing a value only narrows ranges, so checking them all
 * is exact).  The primaries that share a total with it are checked first:
 * they are the ones likely to fail, which settles most tries early.  The
 * work is capped at PRUNE_MAX_AUDITS audits (a count, so the result stays
 * deterministic): every state on the way is protected, pruning only
 * publishes more.
 */
#define PRUNE_MAX_AUDITS 1000
static void
prune(Work *w)
{
	int		   *order = palloc_array(int, Max(w->nvalues, 1));
	bool	   *near = palloc_array(bool, Max(w->tab->ncells, 1));
	int			n = 0;
	int			audits = 0;

	for (int v = 0; v < w->nvalues; v++)
		if (w->status[v] == SUPPRESS_COMPLEMENTARY)
			order[n++] = v;
	prune_value = w->value;
	qsort(order, n, sizeof(int), cmp_prune);
	prune_value = NULL;
	for (int i = 0; i < n && audits < PRUNE_MAX_AUDITS; i++)
	{
		int			c = order[i];
		bool		needed = false;

		mark_near(w, c, near);
		w->status[c] = SUPPRESS_PUBLISHED;
		for (int pass = 0; pass < 2 && !needed; pass++)
			for (int x = 0; x < w->nvalues && !needed; x++)
			{
				if (w->status[x] != SUPPRESS_BELOW_K || is_near(w, x, near) != (pass == 0))
					continue;
				CHECK_FOR_INTERRUPTS();
				needed = !is_protected(w, x);
				audits++;
			}
		if (needed)
			w->status[c] = SUPPRESS_COMPLEMENTARY;
	}
	pfree(order);
	pfree(near);
}

void
suppress_table(const SuppressTable *tab, int32 k, int64 protection,
			   int64 *total_value, SuppressStatus *status)
{
	Work		w;

	w.tab = tab;
	w.nvalues = tab->ncells + tab->ntotals;
	w.value = palloc_array(int64, Max(w.nvalues, 1));
	w.status = status;
	w.need = Max(protection, 1);

	for (int i = 0; i < tab->ncells; i++)
		w.value[i] = tab->cell_value[i];
	for (int t = 0; t < tab->ntotals; t++)
	{
		int64		sum = 0;

		/* at most SUPPRESS_MAX_CELLS cells of SUPPRESS_MAX_COUNT: no overflow */
		for (int e = FIRST_MEMBER(tab, t); e < END_MEMBER(tab, t); e++)
			sum += tab->cell_value[tab->members[e]];
		total_value[t] = sum;
		w.value[tab->ncells + t] = sum;
	}

	/* primary: 0 < v < k */
	for (int v = 0; v < w.nvalues; v++)
		status[v] = (w.value[v] > 0 && w.value[v] < k) ? SUPPRESS_BELOW_K : SUPPRESS_PUBLISHED;

	/*
	 * Audit and repair until a pass finds every primary protected.  A pass
	 * that changes nothing ends it, and a pass that changes something
	 * withholds at least one more value, so this ends within nvalues passes
	 * (in practice two).
	 */
	for (;;)
	{
		bool		changed = false;

		for (int x = 0; x < w.nvalues; x++)
		{
			int			added;

			if (status[x] != SUPPRESS_BELOW_K)
				continue;
			CHECK_FOR_INTERRUPTS();
			if (is_protected(&w, x))
				continue;
			added = repair(&w, x);
			if (added == 0)
				added = widen(&w, x);
			changed |= (added > 0);
		}
		if (!changed)
			break;
	}
	prune(&w);
	pfree(w.value);
}

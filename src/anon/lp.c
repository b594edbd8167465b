/*
 * lp.c
 *	  Two-phase bounded-variable primal simplex on a dense tableau (lp.h).
 *
 * Why this is exact enough for suppression: the problems are tables of
 * counts with sums over them (rows, columns, hierarchies).  Their matrices
 * have entries 0 and +-1, and for two-way tables with margins (and any
 * hierarchy that is a tree over one dimension) they are totally unimodular:
 * every tableau entry stays 0 or +-1 and every vertex is integral, so with
 * integer data below 2^53 each pivot adds and subtracts integers and double
 * arithmetic is exact.  Three-way tables and overlapping hierarchies are not
 * unimodular; there pivots divide, vertices may be fractional and results
 * carry rounding of the order of 1e-12 relative.  Callers therefore compare
 * with a tolerance and round bounds to integers in the safe direction.
 *
 * Method: columns are artificial-augmented ([A | I]), nonbasic columns sit
 * at their lower bound 0 or their upper bound, a column that would pass its
 * own upper bound flips instead of pivoting.  Phase 1 minimises the sum of
 * the artificials; phase 2 fixes them at 0 and minimises c'x.  Entering
 * column: most negative reduced cost (Dantzig), switching to the smallest
 * eligible index (Bland) after a run of degenerate pivots so the method
 * cannot cycle; leaving row: smallest ratio, ties to the smallest basic
 * index.  A starting basis takes slack-like columns where the problem has
 * them (crash), and the caller may lift the right-hand sides by tiny fixed
 * amounts (perturb) against degenerate stalling.  Everything is
 * deterministic: the same problem gives the same vertex.
 */
#include "postgres.h"

#include "miscadmin.h"

#include "anon/lp.h"

#define EPS_PIVOT	1e-9		/* smaller tableau entries count as zero */
#define EPS_COST	1e-9		/* reduced costs that still improve */
#define EPS_TIE		1e-12		/* ratios this close are ties */
#define DEGENERATE_RUN 50		/* degenerate pivots before Bland's rule */

typedef struct Tableau
{
	int			m;
	int			cols;			/* structural n + m artificials */
	double	   *t;				/* m x cols: B^-1 [A | I] */
	double	   *value;			/* m: value of the basic column of each row */
	double	   *d;				/* cols: reduced costs */
	double	   *upper;			/* cols */
	int		   *basis;			/* m: column basic in each row */
	int		   *row_of;			/* cols: row where basic, else -1 */
	bool	   *at_upper;		/* cols: a nonbasic column sits at its upper bound */
	int		   *nz;				/* cols: scratch for pivot */
} Tableau;

#define T(tb, r, j) ((tb)->t[(size_t) (r) * (tb)->cols + (j)])

LpProblem *
lp_new(int m, int n)
{
	LpProblem  *p = palloc(sizeof(LpProblem));

	p->m = m;
	p->n = n;
	p->a = palloc0_array(double, (size_t) Max(m, 1) * Max(n, 1));
	p->b = palloc0_array(double, Max(m, 1));
	p->c = palloc0_array(double, Max(n, 1));
	p->upper = palloc_array(double, Max(n, 1));
	p->perturb = 0.0;
	for (int j = 0; j < n; j++)
		p->upper[j] = LP_INF;
	return p;
}

void
lp_free(LpProblem *p)
{
	pfree(p->a);
	pfree(p->b);
	pfree(p->c);
	pfree(p->upper);
	pfree(p);
}

/*
 * Makes column j basic in row r.  The pivot row is mostly zeros in these
 * problems, so only its nonzero columns are visited (nz: scratch of cols).
 */
static void
pivot(Tableau *tb, int r, int j)
{
	double	   *row = &T(tb, r, 0);
	double		inv = 1.0 / row[j];
	int		   *nz = tb->nz;
	int			nnz = 0;

	for (int k = 0; k < tb->cols; k++)
		if (row[k] != 0.0)
		{
			row[k] *= inv;
			nz[nnz++] = k;
		}
	row[j] = 1.0;
	for (int i = 0; i < tb->m; i++)
	{
		double	   *other = &T(tb, i, 0);
		double		f = other[j];

		if (i == r || f == 0.0)
			continue;
		for (int e = 0; e < nnz; e++)
			other[nz[e]] -= f * row[nz[e]];
		other[j] = 0.0;
	}
	if (tb->d[j] != 0.0)
	{
		double		f = tb->d[j];

		for (int e = 0; e < nnz; e++)
			tb->d[nz[e]] -= f * row[nz[e]];
		tb->d[j] = 0.0;
	}
	tb->row_of[tb->basis[r]] = -1;
	tb->basis[r] = j;
	tb->row_of[j] = r;
}

/* Reduced costs d = cost - cost_B B^-1 A for the given column costs. */
static void
price(Tableau *tb, const double *cost)
{
	for (int j = 0; j < tb->cols; j++)
	{
		double		dj = cost[j];

		if (tb->row_of[j] < 0)
			for (int r = 0; r < tb->m; r++)
				dj -= cost[tb->basis[r]] * T(tb, r, j);
		tb->d[j] = (tb->row_of[j] < 0) ? dj : 0.0;
	}
}

/* Simplex iterations from the current basic feasible solution. */
static LpStatus
iterate(Tableau *tb)
{
	long		limit = 50L * (tb->m + tb->cols) + 1000;
	int			degenerate = 0;

	for (long iter = 0; iter < limit; iter++)
	{
		bool		bland = degenerate >= DEGENERATE_RUN;
		int			enter = -1;
		double		best = 0.0;
		double		dir;
		double		step;
		int			leave = -1;
		bool		leave_to_upper = false;
		double		entered;

		if ((iter & 31) == 0)
			CHECK_FOR_INTERRUPTS();

		/* entering column: one whose move off its bound lowers the cost */
		for (int j = 0; j < tb->cols; j++)
		{
			double		gain;

			if (tb->row_of[j] >= 0 || tb->upper[j] <= 0.0)
				continue;		/* basic, or fixed at 0 */
			gain = tb->at_upper[j] ? tb->d[j] : -tb->d[j];
			if (gain <= EPS_COST)
				continue;
			if (bland)
			{
				enter = j;
				break;
			}
			if (gain > best)
			{
				best = gain;
				enter = j;
			}
		}
		if (enter < 0)
			return LP_OPTIMAL;
		dir = tb->at_upper[enter] ? -1.0 : 1.0;

		/* how far it may move: its own bound, or a basic column's bound */
		step = tb->upper[enter];
		for (int r = 0; r < tb->m; r++)
		{
			double		alpha = T(tb, r, enter) * dir;	/* basic value falls by alpha per unit */
			double		ubasic = tb->upper[tb->basis[r]];
			double		ratio;
			bool		to_upper;

			if (alpha > EPS_PIVOT)
			{
				ratio = Max(tb->value[r], 0.0) / alpha;
				to_upper = false;
			}
			else if (alpha < -EPS_PIVOT && ubasic < LP_INF)
			{
				ratio = Max(ubasic - tb->value[r], 0.0) / -alpha;
				to_upper = true;
			}
			else
				continue;
			if (step >= LP_INF ||
				ratio < step - EPS_TIE * Max(1.0, step) ||
				(leave >= 0 && ratio <= step + EPS_TIE * Max(1.0, step) &&
				 tb->basis[r] < tb->basis[leave]))
			{
				step = ratio;
				leave = r;
				leave_to_upper = to_upper;
			}
		}
		if (step >= LP_INF)
			return LP_UNBOUNDED;

		for (int r = 0; r < tb->m; r++)
			tb->value[r] -= T(tb, r, enter) * dir * step;
		entered = (tb->at_upper[enter] ? tb->upper[enter] : 0.0) + dir * step;
		if (leave < 0)
		{
			/* bound flip: no pivot, a strict improvement */
			tb->at_upper[enter] = !tb->at_upper[enter];
			degenerate = 0;
			continue;
		}
		tb->at_upper[tb->basis[leave]] = leave_to_upper;
		pivot(tb, leave, enter);
		tb->value[leave] = entered;
		tb->at_upper[enter] = false;
		degenerate = (step <= EPS_TIE) ? degenerate + 1 : 0;
	}
	return LP_STALLED;
}

/*
 * Starting basis: a row whose artificial can be swapped for a structural
 * column that is nonzero in that row only (a slack-like column, such as a
 * published total's own change in the repair LPs) starts feasible without
 * phase-1 work.  Such a pivot touches one row.
 */
static void
crash(Tableau *tb, int n)
{
	for (int j = 0; j < n; j++)
	{
		int			r = -1;
		int			nonzeros = 0;
		double		coef;

		for (int i = 0; i < tb->m && nonzeros < 2; i++)
			if (T(tb, i, j) != 0.0)
			{
				r = i;
				nonzeros++;
			}
		if (nonzeros != 1 || tb->basis[r] < n)
			continue;
		coef = T(tb, r, j);
		if (tb->value[r] == 0.0 ||
			(coef > 0.0 && tb->value[r] / coef <= tb->upper[j]))
		{
			double		v = tb->value[r] / coef;

			tb->at_upper[tb->basis[r]] = false;
			pivot(tb, r, j);
			tb->value[r] = v;
		}
	}
}

LpStatus
lp_solve(const LpProblem *p, double *x, double *objective)
{
	Tableau		tb;
	int			m = p->m;
	int			n = p->n;
	double	   *cost;
	double		infeasibility = 0.0;
	double		scale = 1.0;
	LpStatus	status;

	tb.m = m;
	tb.cols = n + m;
	tb.t = palloc0_array(double, (size_t) Max(m, 1) * tb.cols + 1);
	tb.value = palloc_array(double, Max(m, 1));
	tb.d = palloc0_array(double, tb.cols + 1);
	tb.upper = palloc_array(double, tb.cols + 1);
	tb.basis = palloc_array(int, Max(m, 1));
	tb.row_of = palloc_array(int, tb.cols + 1);
	tb.at_upper = palloc0_array(bool, tb.cols + 1);
	tb.nz = palloc_array(int, tb.cols + 1);
	cost = palloc0_array(double, tb.cols + 1);

	/* [A | I] with b >= 0 (rows negated as needed), artificials basic */
	for (int r = 0; r < m; r++)
	{
		double		sign = (p->b[r] < 0) ? -1.0 : 1.0;

		for (int j = 0; j < n; j++)
			T(&tb, r, j) = sign * p->a[(size_t) r * n + j];
		T(&tb, r, n + r) = 1.0;
		/* a fixed spread (r * 37 mod 101) makes the lifts differ */
		tb.value[r] = sign * p->b[r] + p->perturb * (1.0 + (double) ((r * 37) % 101) / 101.0);
		tb.basis[r] = n + r;
		scale = Max(scale, tb.value[r]);
	}
	for (int j = 0; j < n; j++)
	{
		tb.upper[j] = p->upper[j];
		tb.row_of[j] = -1;
	}
	for (int r = 0; r < m; r++)
	{
		tb.upper[n + r] = LP_INF;
		tb.row_of[n + r] = r;
		cost[n + r] = 1.0;
	}

	crash(&tb, n);

	/* phase 1: drive the remaining artificials to 0 */
	price(&tb, cost);
	status = iterate(&tb);
	if (status != LP_OPTIMAL)
		goto done;				/* phase 1 is bounded below by 0 */
	for (int r = 0; r < m; r++)
		if (tb.basis[r] >= n)
			infeasibility += Max(tb.value[r], 0.0);
	if (infeasibility > 1e-9 * scale)
	{
		status = LP_INFEASIBLE;
		goto done;
	}

	/* phase 2: artificials fixed at 0 (a basic one may still leave) */
	for (int r = 0; r < m; r++)
	{
		tb.upper[n + r] = 0.0;
		cost[n + r] = 0.0;
	}
	for (int r = 0; r < m; r++)
		if (tb.basis[r] >= n)
			tb.value[r] = 0.0;
	memcpy(cost, p->c, sizeof(double) * n);
	price(&tb, cost);
	status = iterate(&tb);
	if (status == LP_OPTIMAL)
	{
		double		obj = 0.0;

		for (int j = 0; j < n; j++)
		{
			double		xj;

			if (tb.row_of[j] >= 0)
				xj = tb.value[tb.row_of[j]];
			else
				xj = tb.at_upper[j] ? tb.upper[j] : 0.0;
			if (x != NULL)
				x[j] = xj;
			obj += p->c[j] * xj;
		}
		*objective = obj;
	}

done:
	pfree(tb.t);
	pfree(tb.value);
	pfree(tb.d);
	pfree(tb.upper);
	pfree(tb.basis);
	pfree(tb.row_of);
	pfree(tb.at_upper);
	pfree(tb.nz);
	pfree(cost);
	return status;
}

/*
 * lp.h
 *	  A small dense linear-programming solver for the suppression audits:
 *
 *		minimise c'x  subject to  A x = b,  0 <= x <= upper
 *
 *	  with upper[j] = LP_INF for a column without an upper bound.  It is a
 *	  two-phase bounded-variable primal simplex on a full tableau, meant for
 *	  a few hundred rows and a few thousand columns.  No fmgr: palloc and
 *	  CHECK_FOR_INTERRUPTS only.
 */
#ifndef TST_HUB_LP_H
#define TST_HUB_LP_H

#include <math.h>

#define LP_INF HUGE_VAL

typedef struct LpProblem
{
	int			m;				/* rows */
	int			n;				/* columns */
	double	   *a;				/* m x n, row-major */
	double	   *b;				/* m */
	double	   *c;				/* n */
	double	   *upper;			/* n, LP_INF for none */
	double		perturb;		/* > 0: lift each row's |b| by 1..2 times this */
} LpProblem;

typedef enum LpStatus
{
	LP_OPTIMAL,
	LP_INFEASIBLE,
	LP_UNBOUNDED,
	LP_STALLED					/* iteration limit: callers treat it as "unknown" */
} LpStatus;

/*
 * An empty problem of m rows and n columns: A, b, c zero, no upper bounds,
 * no perturbation.  Perturbing the right-hand sides (by different tiny
 * amounts per row) keeps the simplex off the long runs of degenerate
 * pivots that problems with many zero sums cause; the optimum then differs
 * from the unperturbed one by at most about m times the perturbation.
 */
extern LpProblem *lp_new(int m, int n);

/*
 * Solves p (which is left unchanged).  On LP_OPTIMAL, x (n values, may be
 * NULL) holds an optimal vertex and *objective its cost.
 */
extern LpStatus lp_solve(const LpProblem *p, double *x, double *objective);

extern void lp_free(LpProblem *p);

#endif

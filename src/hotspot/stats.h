/*
 * stats.h
 *	  Hotspot statistics over plain arrays: Getis-Ord Gi / Gi*, local and
 *	  global Moran's I, Benjamini-Hochberg q-values, Mann-Kendall and Sen's
 *	  slope.  No fmgr here: the general SQL forms (getis_ord, local_moran,
 *	  global_moran, mann_kendall) and the grid forms call the same code.
 *
 * Observations are 0..n-1 with finite values (callers drop missing values
 * first; they are not part of n).  Neighbours are a CSR structure: row i's
 * neighbours are col[off[i] .. off[i+1]-1], ascending, never i itself, with
 * weights w > 0 as given (the statistic applies the transform).  Results
 * are bit-identical for identical input arrays, so a caller that puts the
 * observations in a canonical order (tst_hub sorts by id) gets results
 * that do not depend on the order its rows arrived in.
 *
 * Conventions (docs: README "Hotspot statistics"):
 * - Population moments (divide by n).  Normal tails from erfc, never
 *   1 - Phi: two-sided p = erfc(|z| / sqrt 2).
 * - Transform 'B': weights must be 0/1 (libpysal's binary transform would
 *   silently turn any other weight into 1; we refuse instead).  'R': each
 *   row divided by its sum (after Gi*'s self weight is added, as esda).
 * - NaN in a result field means "undefined" (SQL NULL); the reason says why.
 */
#ifndef TST_HUB_STATS_H
#define TST_HUB_STATS_H

#include "c.h"

typedef struct StatsGraph
{
	int			n;				/* observations */
	const int64 *off;			/* n + 1 row offsets */
	const int32 *col;			/* neighbour indexes, ascending per row */
	const double *w;			/* weights > 0 */
} StatsGraph;

typedef enum StatsTransform
{
	STATS_BINARY = 'B',
	STATS_ROW = 'R'
} StatsTransform;

/* Why a row has no z (STATS_OK: it has one). */
typedef enum StatsReason
{
	STATS_OK = 0,
	STATS_ISLAND,				/* no neighbour */
	STATS_CONSTANT,				/* the values it is compared with do not vary */
	STATS_MISSING,				/* its value is NULL or NaN (set by callers) */
	STATS_DEGENERATE			/* variance of the statistic not positive */
} StatsReason;

extern const char *stats_reason_name(StatsReason r);

/* Largest inputs the SQL forms accept (54000 beyond). */
#define STATS_MAX_PAIRS		10000000
#define STATS_MAX_AREAS		10000000
#define STATS_MAX_SERIES	5000	/* Mann-Kendall / Sen: n(n-1)/2 slopes */
#define STATS_MAX_PERMUTATIONS 99999
/*
 * Values and weights of the statistics are at most this in magnitude
 * (22003 otherwise): squares, fourth powers (Moran's kurtosis) and sums of
 * them over 10 million areas, and Sen's slopes times times in microseconds,
 * stay finite, so an answer is never an overflow passed off as 0 or NULL.
 */
#define STATS_MAX_MAGNITUDE 1e60

/* ---- normal tails, significance bins, FDR (stats_fdr.c) ---- */

/* Two-sided p = erfc(|z| / sqrt 2); NaN for NaN. */
extern double stats_p_two_sided(double z);

/*
 * Gi_Bin as ArcGIS: sign(z) * (3 if p <= 0.01, 2 if p <= 0.05, 1 if
 * p <= 0.10, else 0); boundaries inclusive.  0 for NaN.
 */
extern int	stats_bin(double z, double p);

/*
 * Benjamini-Hochberg adjusted p-values (q-values) of the non-NaN p[0..m-1]
 * (m counts only those); NaN stays NaN.  q_(k) = min over j >= k of
 * min(1, m p_(j) / j).  A hypothesis is rejected at level a exactly when
 * q <= a, so ArcGIS's Gi_Bin_FDR is stats_bin(z, q).
 */
extern void stats_bh_qvalues(int m, const double *p, double *q);

/*
 * fdr_bin[i] = stats_bin(z[i], q[i]) with q as stats_bh_qvalues(n, p),
 * sorting only the p <= 0.10 (bins need no larger q); 0 where p is NaN.
 */
extern void stats_fdr_bins(int n, const double *z, const double *p, int *fdr_bin);

/* ---- Getis-Ord (stats_gi.c) ---- */

typedef struct StatsGi
{
	double		g;				/* esda Gs: lag / sum of the compared values */
	double		z;				/* esda Zs (= ArcGIS GiZScore for binary Gi*) */
	double		p;				/* two-sided */
	int			bin;			/* -3..3 from p */
	StatsReason reason;
} StatsGi;

/*
 * esda G_Local(y, w, transform, star) analytic moments (statistics.md
 * 1.1-1.2).  Gi* adds the self weight esda adds: 1 under 'B', the row's
 * largest weight under 'R' (then row-standardised with the rest).  z is
 * computed as (lag - W m) / (sd sqrt(W (N - W) / (N - 1))), equal to
 * esda's (G - E[G]) / sqrt(Var[G]) when the mean m of the compared values
 * is positive, and without esda's sign flip when it is negative.
 */
extern void stats_getis_ord(const StatsGraph *g, const double *y, bool star,
							StatsTransform t, StatsGi *out);

/* ---- Moran (stats_moran.c) ---- */

typedef struct StatsLocalMoran
{
	double		i;				/* esda Is */
	double		e_i;			/* esda EI (total randomisation) */
	double		var_i;			/* esda VI */
	double		z;				/* (I - EI) / sqrt(VI) */
	double		p;				/* two-sided, from z */
	double		p_sim;			/* conditional randomisation, "directed" */
	int			quadrant;		/* esda q: 1 HH, 2 LH, 3 LL, 4 HL */
	StatsReason reason;
} StatsLocalMoran;

/*
 * esda Moran_Local(y, w, transformation) with its analytic total-
 * randomisation moments and, when permutations > 0, a conditional
 * randomisation p_sim (esda's "directed" fold).  The draws come from our
 * own seeded generator: p_sim matches esda in distribution, not bit for
 * bit, and is identical for identical inputs and seed.
 */
extern void stats_local_moran(const StatsGraph *g, const double *y, StatsTransform t,
							  int permutations, uint64 seed, StatsLocalMoran *out);

typedef struct StatsGlobalMoran
{
	double		i,
				e_i,
				var_norm,
				var_rand,
				z_norm,
				p_norm,
				z_rand,
				p_rand;
	StatsReason reason;			/* STATS_CONSTANT: values do not vary */
} StatsGlobalMoran;

/* esda Moran(y, w, transformation) analytic moments (statistics.md 2.2). */
extern void stats_global_moran(const StatsGraph *g, const double *y, StatsTransform t,
							   StatsGlobalMoran *out);

/* ---- Mann-Kendall (stats_mk.c) ---- */

typedef enum StatsTrend
{
	STATS_NO_TREND = 0,
	STATS_INCREASING,
	STATS_DECREASING
} StatsTrend;

typedef struct StatsMK
{
	StatsTrend	trend;
	bool		h;
	double		p,
				z,
				tau,
				s,
				var_s,
				slope,
				intercept;
} StatsMK;

/*
 * pyMannKendall original_test(x, alpha): NaN entries are dropped for S,
 * Var(S) and tau; Sen's slope and the intercept use the original 0-based
 * positions.  x[0..n-1] must have at least 2 non-NaN values and n must not
 * exceed STATS_MAX_SERIES (callers check).  p is erfc-based (pyMannKendall
 * computes 2(1 - Phi) and prints 0 where we give the true tiny p), h is
 * p < alpha, i.e. |z| > Phi^-1(1 - alpha/2).
 */
extern void stats_mann_kendall(const double *x, int n, double alpha, StatsMK *out);

/* The same test without Sen's slope and intercept (left NaN): O(n^2) time, O(n) memory. */
extern void stats_mann_kendall_test(const double *x, int n, double alpha, StatsMK *out);

/* pyMannKendall sens_slope(x): median pairwise slope and Conover's intercept. */
extern void stats_sen_slope(const double *x, int n, double *slope, double *intercept);

extern const char *stats_trend_name(StatsTrend t);

#endif

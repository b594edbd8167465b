/*
 * stats_gi.c
 *	  Getis-Ord local Gi and Gi* over a CSR neighbour structure, as esda's
 *	  G_Local computes them analytically (statistics.md 1.1-1.2).
 *
 * With r = 1 for Gi (site excluded) and 0 for Gi*, N = n - r, and m_i, v_i
 * the mean and population variance of the N values site i is compared with:
 *
 *	  G_i = lag_i / (sum y - r y_i)
 *	  z_i = (lag_i - W_i m_i) / (sqrt(v_i) sqrt(W_i (N - W_i) / (N - 1)))
 *
 * which is esda's (G - E[G]) / sqrt(Var[G]) for m_i > 0, and ArcGIS's
 * GiZScore for binary Gi* (self weight 1).  v_i comes from centred sums
 * (not E[y^2] - m^2, which cancels badly for large counts).
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "hotspot/stats.h"

/*
 * The range of the values and how many sit at each end, to tell exactly
 * (whatever rounding the mean picks up) whether the values site i is
 * compared with all equal.
 */
typedef struct Range
{
	double		lo,
				hi;
	int			nlo,
				nhi,
				n;
} Range;

static void
range_of(const double *y, int n, Range *rg)
{
	rg->lo = rg->hi = y[0];
	rg->nlo = rg->nhi = 0;
	rg->n = n;
	for (int k = 1; k < n; k++)
	{
		rg->lo = Min(rg->lo, y[k]);
		rg->hi = Max(rg->hi, y[k]);
	}
	for (int k = 0; k < n; k++)
	{
		rg->nlo += (y[k] == rg->lo);
		rg->nhi += (y[k] == rg->hi);
	}
}

static bool
compared_constant(const Range *rg, double yi, bool star)
{
	if (rg->lo == rg->hi)
		return true;
	if (star)
		return false;
	/* without the site: constant only if it is the one odd value out */
	return (yi == rg->lo && rg->nlo == 1 && rg->nhi == rg->n - 1) ||
		(yi == rg->hi && rg->nhi == 1 && rg->nlo == rg->n - 1);
}

void
stats_getis_ord(const StatsGraph *g, const double *y, bool star,
				StatsTransform t, StatsGi *out)
{
	int			n = g->n;
	int			r = star ? 0 : 1;
	double		N = (double) (n - r);
	double		sum = 0,
				mean,
				dev2 = 0;
	Range		rg;

	for (int i = 0; i < n; i++)
		sum += y[i];
	mean = sum / n;
	for (int i = 0; i < n; i++)
		dev2 += (y[i] - mean) * (y[i] - mean);
	range_of(y, n, &rg);

	for (int i = 0; i < n; i++)
	{
		StatsGi    *o = &out[i];
		int64		a = g->off[i],
					b = g->off[i + 1];
		double		self = 0,
					wsum = 0,
					lag = 0,
					m,
					v,
					denom,
					spread;

		CHECK_FOR_INTERRUPTS();
		o->g = o->z = o->p = NAN;
		o->bin = 0;
		o->reason = STATS_OK;
		if (a == b)
		{
			o->reason = STATS_ISLAND;
			continue;
		}
		/* raw weights: 1 under 'B' (binary), as given under 'R' */
		if (star)
		{
			if (t == STATS_BINARY)
				self = 1;
			else
				for (int64 k = a; k < b; k++)
					self = Max(self, g->w[k]);
		}
		wsum = self;
		for (int64 k = a; k < b; k++)
			wsum += (t == STATS_BINARY) ? 1 : g->w[k];
		if (t == STATS_ROW)
		{
			for (int64 k = a; k < b; k++)
				lag += (g->w[k] / wsum) * y[g->col[k]];
			lag += (self / wsum) * y[i];
			wsum = 1;
		}
		else
		{
			for (int64 k = a; k < b; k++)
				lag += y[g->col[k]];
			lag += self * y[i];
		}

		denom = sum - r * y[i];
		if (denom != 0)
			o->g = lag / denom;

		if (star)
		{
			m = mean;
			v = dev2 / n;
		}
		else
		{
			m = denom / N;
			v = (dev2 - (y[i] - mean) * (y[i] - mean) * n / (n - 1)) / N;
			v = Max(v, 0);
		}
		if (compared_constant(&rg, y[i], star) || !(v > 0))
		{
			o->reason = STATS_CONSTANT;
			continue;
		}
		spread = wsum * (N - wsum) / (N - 1);
		if (!(spread > 0))
		{
			/* every site is in the neighbourhood: G_i cannot vary */
			o->reason = STATS_DEGENERATE;
			continue;
		}
		o->z = (lag - wsum * m) / (sqrt(v) * sqrt(spread));
		o->p = stats_p_two_sided(o->z);
		o->bin = stats_bin(o->z, o->p);
	}
}

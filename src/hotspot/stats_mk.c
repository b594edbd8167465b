/*
 * stats_mk.c
 *	  Mann-Kendall trend test and Sen's slope, as pyMannKendall's
 *	  original_test and sens_slope compute them (statistics.md 3).
 *
 * S, Var(S) (exact-equality tie groups, no tolerance) and tau-a use the
 * non-NaN values in order, positions forgotten; Sen's slope is the median
 * of (x_j - x_i) / (j - i) over pairs of non-NaN values at their original
 * 0-based positions, and the intercept is median(x) - median(positions) *
 * slope (Conover).  Var(S)'s numerator is an exact integer before the
 * division by 18, as in pyMannKendall.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "hotspot/stats.h"

const char *
stats_trend_name(StatsTrend t)
{
	switch (t)
	{
		case STATS_INCREASING:
			return "increasing";
		case STATS_DECREASING:
			return "decreasing";
		case STATS_NO_TREND:
			break;
	}
	return "no trend";
}

/* The k-th smallest (0-based) of v[0..n-1], reordering v (quickselect). */
static double
select_kth(double *v, int64 n, int64 k)
{
	int64		lo = 0,
				hi = n - 1;

	while (lo < hi)
	{
		double		pivot = v[lo + (hi - lo) / 2];
		int64		i = lo,
					j = hi;

		CHECK_FOR_INTERRUPTS();
		while (i <= j)
		{
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j)
			{
				double		tmp = v[i];

				v[i] = v[j];
				v[j] = tmp;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}

/* numpy median: the middle value, or the mean of the two middle values. */
static double
median(double *v, int64 n)
{
	double		a = select_kth(v, n, (n - 1) / 2);
	double		b;

	if (n % 2 == 1)
		return a;
	/* the upper middle is the smallest value right of the lower one */
	b = v[n / 2];
	for (int64 i = n / 2 + 1; i < n; i++)
		b = Min(b, v[i]);
	return (a + b) / 2;
}

void
stats_sen_slope(const double *x, int n, double *slope, double *intercept)
{
	int64		m = 0;
	int			nn = 0;
	double	   *d = palloc(sizeof(double) * Max((int64) n * (n - 1) / 2, 1));
	double	   *vals = palloc(sizeof(double) * n);
	double	   *pos = palloc(sizeof(double) * n);

	for (int i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (isnan(x[i]))
			continue;
		vals[nn] = x[i];
		pos[nn] = i;
		nn++;
		for (int j = i + 1; j < n; j++)
			if (!isnan(x[j]))
				d[m++] = (x[j] - x[i]) / (j - i);
	}
	*slope = m > 0 ? median(d, m) : NAN;
	*intercept = nn > 0 ? median(vals, nn) - median(pos, nn) * *slope : NAN;
	pfree(d);
	pfree(vals);
	pfree(pos);
}

/*
 * Sorts v[0..n-1] ascending (merge sort, tmp of n) and returns the number
 * of strictly decreasing pairs i < j, v_i > v_j, of the original order.
 * Equal values are not inversions (the left one is taken first).
 */
static int64
sort_count_inversions(double *v, double *tmp, int n)
{
	int64		inv = 0;

	for (int width = 1; width < n; width *= 2)
	{
		for (int lo = 0; lo < n; lo += 2 * width)
		{
			int			mid = Min(lo + width, n),
						hi = Min(lo + 2 * width, n),
						i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
			{
				if (v[j] < v[i])
				{
					inv += mid - i;
					tmp[k++] = v[j++];
				}
				else
					tmp[k++] = v[i++];
			}
			while (i < mid)
				tmp[k++] = v[i++];
			while (j < hi)
				tmp[k++] = v[j++];
		}
		memcpy(v, tmp, sizeof(double) * n);
	}
	return inv;
}

/*
 * S = (pairs rising) - (pairs falling) = total - ties - 2 falling, with the
 * falling pairs counted while merge-sorting (O(n log n), not n^2/2
 * comparisons) and the tie groups read off the sorted values: the same
 * exact integers as the pairwise sum.
 */
void
stats_mann_kendall_test(const double *x, int n, double alpha, StatsMK *out)
{
	double	   *v = palloc(sizeof(double) * Max(n, 1) * 2);
	int			nn = 0;
	int64		s,
				falling,
				tie_pairs = 0,
				ties = 0;

	for (int i = 0; i < n; i++)
		if (!isnan(x[i]))
			v[nn++] = x[i];
	falling = sort_count_inversions(v, v + Max(n, 1), nn);
	for (int i = 0; i < nn;)
	{
		int64		t = 1;

		while (i + t < nn && v[i + t] == v[i])
			t++;
		ties += t * (t - 1) * (2 * t + 5);
		tie_pairs += t * (t - 1) / 2;
		i += t;
	}
	pfree(v);
	s = (int64) nn * (nn - 1) / 2 - tie_pairs - 2 * falling;

	out->s = (double) s;
	out->var_s = (double) ((int64) nn * (nn - 1) * (2 * (int64) nn + 5) - ties) / 18;
	out->tau = out->s / (.5 * nn * (nn - 1));
	if (s > 0)
		out->z = (out->s - 1) / sqrt(out->var_s);
	else if (s < 0)
		out->z = (out->s + 1) / sqrt(out->var_s);
	else
		out->z = 0;
	out->p = stats_p_two_sided(out->z);
	out->h = out->p < alpha;
	out->trend = !out->h ? STATS_NO_TREND : out->z > 0 ? STATS_INCREASING : STATS_DECREASING;
	out->slope = out->intercept = NAN;
}

void
stats_mann_kendall(const double *x, int n, double alpha, StatsMK *out)
{
	stats_mann_kendall_test(x, n, alpha, out);
	stats_sen_slope(x, n, &out->slope, &out->intercept);
}

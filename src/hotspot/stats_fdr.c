/*
 * stats_fdr.c
 *	  Normal tails, ArcGIS-style significance bins and Benjamini-Hochberg
 *	  q-values, shared by every hotspot statistic.
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "hotspot/stats.h"

const char *
stats_reason_name(StatsReason r)
{
	switch (r)
	{
		case STATS_OK:
			return NULL;
		case STATS_ISLAND:
			return "island";
		case STATS_CONSTANT:
			return "constant";
		case STATS_MISSING:
			return "missing";
		case STATS_DEGENERATE:
			return "degenerate";
	}
	return NULL;
}

/* erfc keeps the tail: 1 - Phi(z) is 0 beyond |z| ~ 8.3 in doubles. */
double
stats_p_two_sided(double z)
{
	if (isnan(z))
		return NAN;
	return erfc(fabs(z) / M_SQRT2);
}

int
stats_bin(double z, double p)
{
	int			level;

	if (isnan(z) || isnan(p) || z == 0)
		return 0;
	level = p <= 0.01 ? 3 : p <= 0.05 ? 2 : p <= 0.10 ? 1 : 0;
	return z > 0 ? level : -level;
}

typedef struct PIndex
{
	double		p;
	int			i;
} PIndex;

static int
pindex_cmp(const void *a, const void *b)
{
	const PIndex *x = a,
			   *y = b;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return x->i - y->i;
}

void
stats_bh_qvalues(int m, const double *p, double *q)
{
	PIndex	   *s = palloc(sizeof(PIndex) * Max(m, 1));
	int			k = 0;
	double		run = 1.0;

	for (int i = 0; i < m; i++)
	{
		q[i] = NAN;
		if (!isnan(p[i]))
		{
			s[k].p = p[i];
			s[k].i = i;
			k++;
		}
	}
	qsort(s, k, sizeof(PIndex), pindex_cmp);
	/* step-up: the running minimum from the largest p down */
	for (int r = k; r >= 1; r--)
	{
		double		v = (double) k * s[r - 1].p / r;

		if (v < run)
			run = v;
		q[s[r - 1].i] = run;
	}
	pfree(s);
}

/*
 * Sorts s[0..k-1] by p, ties in the order given (stable LSD radix sort on
 * the bits of p, which order as unsigned integers for p >= 0; a byte the
 * keys all share costs one counting pass and no move).
 */
static void
radix_sort_pindex(PIndex *s, int k)
{
	PIndex	   *tmp = palloc(sizeof(PIndex) * Max(k, 1));
	uint64	   *key = palloc(sizeof(uint64) * Max(k, 1));
	uint64	   *tkey = palloc(sizeof(uint64) * Max(k, 1));

	for (int i = 0; i < k; i++)
	{
		double		p = s[i].p == 0 ? 0.0 : s[i].p;	/* -0 sorts as 0 */

		memcpy(&key[i], &p, sizeof(uint64));
	}
	for (int shift = 0; shift < 64; shift += 8)
	{
		int			count[257] = {0};

		for (int i = 0; i < k; i++)
			count[((key[i] >> shift) & 0xFF) + 1]++;
		if (k == 0 || count[((key[0] >> shift) & 0xFF) + 1] == k)
			continue;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (int i = 0; i < k; i++)
		{
			int			at = count[(key[i] >> shift) & 0xFF]++;

			tmp[at] = s[i];
			tkey[at] = key[i];
		}
		memcpy(s, tmp, sizeof(PIndex) * k);
		memcpy(key, tkey, sizeof(uint64) * k);
	}
	pfree(tmp);
	pfree(key);
	pfree(tkey);
}

/*
 * stats_bin(z, q) for every row without sorting all m p-values: a q at or
 * below 0.10 needs only p <= 0.10 (q_(k) <= a means m p_(j) / j <= a for
 * some j >= k, so p_(j) <= a), and those p take ranks 1..|A| in the full
 * order.  Sorting that subset gives the same q, bit for bit, wherever it
 * is <= 0.10, and the rest are level 0 either way.  m counts the non-NaN p.
 */
void
stats_fdr_bins(int n, const double *z, const double *p, int *fdr_bin)
{
	PIndex	   *s = palloc(sizeof(PIndex) * Max(n, 1));
	int			m = 0,
				k = 0;
	double		run = 1.0;

	for (int i = 0; i < n; i++)
	{
		fdr_bin[i] = 0;
		if (isnan(p[i]))
			continue;
		m++;
		if (p[i] <= 0.10)
		{
			s[k].p = p[i];
			s[k].i = i;
			k++;
		}
	}
	radix_sort_pindex(s, k);	/* the order of pindex_cmp: p, then index */
	for (int r = k; r >= 1; r--)
	{
		double		v = (double) m * s[r - 1].p / r;

		if (v < run)
			run = v;
		fdr_bin[s[r - 1].i] = stats_bin(z[s[r - 1].i], run);
	}
	pfree(s);
}

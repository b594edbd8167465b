/*
 * stats_moran.c
 *	  Local and global Moran's I over a CSR neighbour structure, as esda's
 *	  Moran_Local and Moran compute them (statistics.md 2.1, 2.2 and 1.3).
 *
 * Local: z_i = (y_i - mean) / sd (population sd), lag_i = sum_j w_ij z_j,
 * I_i = (n - 1) z_i lag_i / sum z^2; moments under total randomisation
 * (esda EI, VI); quadrant by esda's rule (0 counts as low).  p_sim is
 * conditional randomisation: site i keeps its value, its k_i neighbours
 * get k_i of the other n - 1 values drawn without replacement; one draw of
 * K = max k_i indexes per permutation serves every site (as esda's shared
 * index matrix), and esda's "directed" fold turns counts into p.
 *
 * Draws come from xoshiro256** seeded by splitmix64(seed), with unbiased
 * bounded integers (rejection), so p_sim is the same for the same input and
 * seed on every platform, serial or parallel; it matches esda in
 * distribution only (esda uses numpy/numba streams).
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "hotspot/stats.h"

/* ---- a small deterministic generator ---- */

typedef struct Rng
{
	uint64		s[4];
} Rng;

static uint64
splitmix64(uint64 *x)
{
	uint64		z = (*x += UINT64CONST(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64CONST(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64CONST(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline uint64
rotl(uint64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static void
rng_seed(Rng *r, uint64 seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64
rng_next(Rng *r)
{
	uint64	   *s = r->s;
	uint64		out = rotl(s[1] * 5, 7) * 9,
				t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, bound): reject the 2^64 mod bound lowest values. */
static inline uint64
rng_below(Rng *r, uint64 bound)
{
	uint64		floor = (-bound) % bound;

	for (;;)
	{
		uint64		x = rng_next(r);

		if (x >= floor)
			return x % bound;
	}
}

/* esda: n_1 * z * zl / den, in that order, for observed and simulated alike */
static inline double
moran_stat(double n1, double zi, double lag, double den)
{
	return n1 * zi * lag / den;
}

/* Weight k of row i after the transform. */
static inline double
tweight(const StatsGraph *g, StatsTransform t, const double *rowsum, int i, int64 k)
{
	return t == STATS_BINARY ? 1.0 : g->w[k] / rowsum[i];
}

static double *
row_sums(const StatsGraph *g, StatsTransform t)
{
	double	   *rs = palloc(sizeof(double) * g->n);

	for (int i = 0; i < g->n; i++)
	{
		rs[i] = 0;
		for (int64 k = g->off[i]; k < g->off[i + 1]; k++)
			rs[i] += (t == STATS_BINARY) ? 1.0 : g->w[k];
	}
	return rs;
}

static bool
all_equal(const double *y, int n)
{
	for (int i = 1; i < n; i++)
		if (y[i] != y[0])
			return false;
	return true;
}

void
stats_local_moran(const StatsGraph *g, const double *y, StatsTransform t,
				  int permutations, uint64 seed, StatsLocalMoran *out)
{
	int			n = g->n;
	double		n1 = n - 1;
	double		mean = 0,
				sd = 0,
				den = 0,
				m4 = 0,
				m2,
				b2;
	double	   *z,
			   *rs,
			   *lag;
	int			K = 0;

	for (int i = 0; i < n; i++)
	{
		out[i].i = out[i].e_i = out[i].var_i = out[i].z = out[i].p = out[i].p_sim = NAN;
		out[i].quadrant = 0;
		out[i].reason = g->off[i] == g->off[i + 1] ? STATS_ISLAND : STATS_OK;
	}
	if (all_equal(y, n))
	{
		for (int i = 0; i < n; i++)
			if (out[i].reason == STATS_OK)
				out[i].reason = STATS_CONSTANT;
		return;
	}

	for (int i = 0; i < n; i++)
		mean += y[i];
	mean /= n;
	for (int i = 0; i < n; i++)
		sd += (y[i] - mean) * (y[i] - mean);
	sd = sqrt(sd / n);
	z = palloc(sizeof(double) * n);
	for (int i = 0; i < n; i++)
	{
		z[i] = (y[i] - mean) / sd;
		den += z[i] * z[i];
		m4 += z[i] * z[i] * z[i] * z[i];
	}
	m2 = den / n;
	m4 /= n;
	b2 = m4 / (m2 * m2);

	rs = row_sums(g, t);
	lag = palloc(sizeof(double) * n);
	for (int i = 0; i < n; i++)
	{
		StatsLocalMoran *o = &out[i];
		double		wi = 0,
					wi2 = 0;

		CHECK_FOR_INTERRUPTS();
		lag[i] = 0;
		if (o->reason != STATS_OK)
			continue;
		K = Max(K, (int) (g->off[i + 1] - g->off[i]));
		for (int64 k = g->off[i]; k < g->off[i + 1]; k++)
		{
			double		wk = tweight(g, t, rs, i, k);

			lag[i] += wk * z[g->col[k]];
			wi += wk;
			wi2 += wk * wk;
		}
		o->i = moran_stat(n1, z[i], lag[i], den);
		o->quadrant = lag[i] > 0 ? (z[i] > 0 ? 1 : 2) : (z[i] > 0 ? 4 : 3);
		o->e_i = -wi / n1;
		o->var_i = wi2 * (n - b2) / n1
			+ (wi * wi - wi2) * (2 * b2 - n) / (n1 * (n - 2))
			- (wi / n1) * (wi / n1);
		if (o->var_i > 0)
		{
			o->z = (o->i - o->e_i) / sqrt(o->var_i);
			o->p = stats_p_two_sided(o->z);
		}
		else
			o->reason = STATS_DEGENERATE;
	}

	if (permutations > 0 && K > 0)
	{
		Rng			rng;
		int32	   *perm = palloc(sizeof(int32) * (n - 1));
		int32	   *above = palloc0(sizeof(int32) * n);

		rng_seed(&rng, seed);
		for (int d = 0; d < n - 1; d++)
			perm[d] = d;
		for (int p = 0; p < permutations; p++)
		{
			CHECK_FOR_INTERRUPTS();
			/* a uniform K-prefix (Fisher-Yates from whatever order perm is in) */
			for (int j = 0; j < K; j++)
			{
				int			r = j + (int) rng_below(&rng, (uint64) (n - 1 - j));
				int32		tmp = perm[j];

				perm[j] = perm[r];
				perm[r] = tmp;
			}
			for (int i = 0; i < n; i++)
			{
				double		sl = 0;
				int64		a = g->off[i];

				if (isnan(out[i].i))
					continue;
				/* draw d picks the d-th of the others (site i removed, order kept) */
				for (int64 k = a; k < g->off[i + 1]; k++)
				{
					int			d = perm[k - a];

					sl += tweight(g, t, rs, i, k) * z[d < i ? d : d + 1];
				}
				if (moran_stat(n1, z[i], sl, den) >= out[i].i)
					above[i]++;
			}
		}
		for (int i = 0; i < n; i++)
		{
			int			L = above[i];

			if (isnan(out[i].i))
				continue;
			if (permutations - L < L)
				L = permutations - L;
			out[i].p_sim = (L + 1.0) / (permutations + 1.0);
		}
		pfree(perm);
		pfree(above);
	}
	pfree(z);
	pfree(rs);
	pfree(lag);
}

/* Transformed weight of the pair (j, i), 0 if j does not list i. */
static double
reverse_weight(const StatsGraph *g, StatsTransform t, const double *rs, int i, int j)
{
	int64		lo = g->off[j],
				hi = g->off[j + 1] - 1;

	while (lo <= hi)
	{
		int64		mid = lo + (hi - lo) / 2;

		if (g->col[mid] == i)
			return tweight(g, t, rs, j, mid);
		if (g->col[mid] < i)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

void
stats_global_moran(const StatsGraph *g, const double *y, StatsTransform t,
				   StatsGlobalMoran *out)
{
	int			n = g->n;
	double		dn = n,
				n1 = n - 1;
	double		mean = 0,
				z2 = 0,
				z4 = 0,
				inum = 0,
				S0 = 0,
				S1 = 0,
				S2 = 0,
				b2;
	double	   *z,
			   *rs,
			   *cs;

	out->i = out->e_i = out->var_norm = out->var_rand = NAN;
	out->z_norm = out->p_norm = out->z_rand = out->p_rand = NAN;
	out->reason = STATS_OK;
	if (g->off[n] == 0)
	{
		out->reason = STATS_ISLAND;
		return;
	}
	if (all_equal(y, n))
	{
		out->reason = STATS_CONSTANT;
		return;
	}
	for (int i = 0; i < n; i++)
		mean += y[i];
	mean /= n;
	z = palloc(sizeof(double) * n);
	for (int i = 0; i < n; i++)
	{
		z[i] = y[i] - mean;
		z2 += z[i] * z[i];
		z4 += z[i] * z[i] * z[i] * z[i];
	}
	rs = row_sums(g, t);
	cs = palloc0(sizeof(double) * n);
	for (int i = 0; i < n; i++)
	{
		double		lag = 0,
					rowsum = 0;

		CHECK_FOR_INTERRUPTS();
		for (int64 k = g->off[i]; k < g->off[i + 1]; k++)
		{
			int			j = g->col[k];
			double		wk = tweight(g, t, rs, i, k),
						wr = reverse_weight(g, t, rs, i, j);

			lag += wk * z[j];
			rowsum += wk;
			cs[j] += wk;
			/* S1 over ordered pairs; a pair not listed backwards adds its mirror */
			S1 += (wk + wr) * (wk + wr);
			if (wr == 0)
				S1 += wk * wk;
		}
		inum += z[i] * lag;
		S0 += rowsum;
	}
	S1 /= 2;
	for (int i = 0; i < n; i++)
	{
		double		rsum = 0;

		for (int64 k = g->off[i]; k < g->off[i + 1]; k++)
			rsum += tweight(g, t, rs, i, k);
		S2 += (rsum + cs[i]) * (rsum + cs[i]);
	}
	b2 = (z4 / dn) / ((z2 / dn) * (z2 / dn));

	out->i = dn / S0 * inum / z2;
	out->e_i = -1.0 / n1;
	out->var_norm = (dn * dn * S1 - dn * S2 + 3 * S0 * S0) / (n1 * (dn + 1) * S0 * S0)
		- 1.0 / (n1 * n1);
	if (n > 3)
		out->var_rand = (dn * ((dn * dn - 3 * dn + 3) * S1 - dn * S2 + 3 * S0 * S0)
						 - b2 * ((dn * dn - dn) * S1 - 2 * dn * S2 + 6 * S0 * S0))
			/ (n1 * (dn - 2) * (dn - 3) * S0 * S0) - out->e_i * out->e_i;
	if (out->var_norm > 0)
	{
		out->z_norm = (out->i - out->e_i) / sqrt(out->var_norm);
		out->p_norm = stats_p_two_sided(out->z_norm);
	}
	if (out->var_rand > 0)
	{
		out->z_rand = (out->i - out->e_i) / sqrt(out->var_rand);
		out->p_rand = stats_p_two_sided(out->z_rand);
	}
	pfree(z);
	pfree(rs);
	pfree(cs);
}

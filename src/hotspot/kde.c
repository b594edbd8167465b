/*
 * kde.c
 *	  Kernel density arithmetic without fmgr: great-circle distance, the
 *	  default bandwidth rule and Empirical-Bayes rates (formulas in kde.h).
 */
#include "postgres.h"

#include <math.h>

#include "hotspot/kde.h"

double
kde_distance_km(double lon1, double lat1, double lon2, double lat2)
{
	double		rad = M_PI / 180.0;
	double		sp = sin((lat2 - lat1) * rad / 2.0);
	double		sl = sin((lon2 - lon1) * rad / 2.0);
	double		h = sp * sp + cos(lat1 * rad) * cos(lat2 * rad) * sl * sl;

	return 2.0 * GRID_RADIUS_KM * asin(Min(1.0, sqrt(h)));
}

typedef struct DistW
{
	double		d;
	double		w;
} DistW;

static int
distw_cmp(const void *a, const void *b)
{
	double		x = ((const DistW *) a)->d;
	double		y = ((const DistW *) b)->d;

	return (x > y) - (x < y);
}

/* Weighted median: see kde.h (integer weights give the ordinary median). */
static double
weighted_median(DistW *v, int n, double total)
{
	double		half = total / 2.0;
	double		run = 0.0;

	qsort(v, n, sizeof(DistW), distw_cmp);
	for (int i = 0; i < n; i++)
	{
		run += v[i].w;
		if (run == half && i + 1 < n)
			return (v[i].d + v[i + 1].d) / 2.0;
		if (run >= half)
			return v[i].d;
	}
	return v[n - 1].d;
}

KdeBandwidthStatus
kde_default_bandwidth(const KdePoint *p, int n, KdeBandwidth *out)
{
	double		rad = M_PI / 180.0;
	double		sx = 0,
				sy = 0,
				sz = 0,
				sw = 0,
				norm,
				ss = 0;
	DistW	   *v;
	int			m = 0;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < n; i++)
	{
		double		cl = cos(p[i].lat * rad);

		if (!(p[i].w > 0))
			continue;
		sx += p[i].w * cl * cos(p[i].lon * rad);
		sy += p[i].w * cl * sin(p[i].lon * rad);
		sz += p[i].w * sin(p[i].lat * rad);
		sw += p[i].w;
	}
	out->n = sw;
	if (!(sw > 0))
		return KDE_BW_NO_POINTS;
	norm = sqrt(sx * sx + sy * sy + sz * sz);
	/* points spread evenly round the globe have no mean direction */
	if (norm < 1e-9 * sw)
		return KDE_BW_NO_CENTRE;
	sx /= norm;
	sy /= norm;
	sz /= norm;

	v = palloc(sizeof(DistW) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		double		cl = cos(p[i].lat * rad);
		double		x = cl * cos(p[i].lon * rad),
					y = cl * sin(p[i].lon * rad),
					z = sin(p[i].lat * rad);
		/* angle from cross and dot products: exact for tiny angles too */
		double		cx = y * sz - z * sy,
					cy = z * sx - x * sz,
					cz = x * sy - y * sx;
		double		d = GRID_RADIUS_KM * atan2(sqrt(cx * cx + cy * cy + cz * cz),
											   x * sx + y * sy + z * sz);

		if (!(p[i].w > 0))
			continue;
		ss += p[i].w * d * d;
		v[m].d = d;
		v[m].w = p[i].w;
		m++;
	}
	out->sd_km = sqrt(ss / sw);
	out->dm_km = weighted_median(v, m, sw);
	pfree(v);
	out->bandwidth_km = 0.9 * Min(out->sd_km, sqrt(1.0 / M_LN2) * out->dm_km) * pow(sw, -0.2);
	if (!(out->bandwidth_km > 0))
		return KDE_BW_ZERO;
	return KDE_BW_OK;
}

bool
kde_eb_rates(const double *e, const double *b, const bool *known, int n, double *out)
{
	double		se = 0,
				sb = 0,
				s2 = 0,
				theta,
				a;
	int			m = 0;

	for (int i = 0; i < n; i++)
		if (known[i] && b[i] > 0)
		{
			se += e[i];
			sb += b[i];
			m++;
		}
	if (m == 0)
		return false;
	theta = se / sb;
	for (int i = 0; i < n; i++)
		if (known[i] && b[i] > 0)
		{
			double		dr = e[i] / b[i] - theta;

			s2 += b[i] * dr * dr;
		}
	s2 /= sb;
	a = Max(0.0, s2 - theta / (sb / m));
	for (int i = 0; i < n; i++)
	{
		if (!known[i])
			continue;
		if (!(b[i] > 0) || theta == 0 || a == 0)
			out[i] = theta;
		else
			out[i] = theta + a / (a + theta / b[i]) * (e[i] / b[i] - theta);
	}
	return true;
}

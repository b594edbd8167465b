/*
 * kde.h
 *	  Kernel density on the cell grid, its default bandwidth, and global
 *	  Empirical-Bayes rates.
 *
 * Kernel (ArcGIS Kernel Density, after Silverman 1986 eq. 4.5)
 *	  The quartic (biweight) kernel with search radius r:
 *
 *		  D(x) = (1 / r^2) * sum_{i: d_i < r} w_i * (3 / pi) * (1 - (d_i / r)^2)^2
 *
 *	  d_i the distance from x to point i, w_i its weight (a cube cell's
 *	  count).  Each point's surface has volume w_i, so D is an intensity:
 *	  points per unit area, not a probability density (divide by sum w_i
 *	  for that).  tst_hub reports D per km^2, takes r in metres, and
 *	  measures d as the great-circle distance on the grid's sphere (radius
 *	  GRID_RADIUS_KM, haversine), whatever the latitude.  On the sphere the
 *	  volume is w_i to within (r / R)^2 / 6 (2.5e-6 for r = 25 km).  QGIS's
 *	  "scaled" quartic is 7.25 times these values; its "raw" one is
 *	  w_i (1 - (d/r)^2)^2.  Cells with no point nearer than r get no row
 *	  (ArcGIS: NoData) unless they are in a study area (then 0).
 *
 * Default bandwidth (ArcGIS 10.2.1+, every step weighted by w)
 *	  1. mean centre: on the sphere, the direction of the weighted mean of
 *	     the points' unit vectors (the planar mean centre for small extents);
 *	  2. d_i = great-circle distance of point i from it;
 *	  3. Dm = weighted median of d_i: sort by d, the first d whose running
 *	     weight reaches half the total; if it lands exactly on half, the mean
 *	     of that d and the next (so integer weights give the ordinary median
 *	     of the repeated points);
 *	  4. SD = sqrt(sum w_i d_i^2 / sum w_i) (standard distance);
 *	  5. n = sum w_i (the number of rows for a cube, of points without
 *	     weights);
 *
 *		  r = 0.9 * min(SD, sqrt(1 / ln 2) * Dm) * n^(-1/5)
 *
 *	  Undefined (KDE_BW_ZERO) when r comes out 0: one point, all points in
 *	  one place, or half the weight at the mean centre; and when the unit
 *	  vectors cancel (KDE_BW_NO_CENTRE, points spread round the globe).
 *
 * Empirical-Bayes rates (global, Marshall 1991; GeoDa's EB rate, esda
 * Empirical_Bayes, epiR epi.empbayes)
 *	  areas with events e_i and population b_i > 0, rates r_i = e_i / b_i:
 *
 *		  theta = sum e / sum b
 *		  s2	= sum b_i (r_i - theta)^2 / sum b
 *		  a	 = max(0, s2 - theta / mean(b))
 *		  eb_i	= theta + a / (a + theta / b_i) * (r_i - theta)
 *
 *	  Clamping a at 0 follows Marshall, GeoDa and epiR; esda's global form
 *	  does not clamp (its spatial form does), so the two differ only where
 *	  the moment estimate is negative (esda's weights then leave [0, 1]).
 *	  theta = 0 gives 0 everywhere.  An area with population 0 (and no
 *	  events) gets theta and takes no part in theta, s2 or mean(b).
 */
#ifndef TST_HUB_KDE_H
#define TST_HUB_KDE_H

#include <math.h>

#include "hotspot/grid.h"

/* Largest bandwidth accepted, km: a quarter of a great circle is far past
 * any useful map, and keeps the search cap inside one hemisphere. */
#define KDE_MAX_BANDWIDTH_KM	5000.0

/* Cells of one surface (one bin, held in memory) and of one point's kernel;
 * rows one call may return (all bins, spilled to disk like cube_cells');
 * past either, 54000 asks for a coarser grid or fewer bins. */
#define KDE_MAX_CELLS			INT64CONST(2000000)
#define KDE_MAX_ROWS			INT64CONST(10000000)

typedef struct KdePoint
{
	double		lon;			/* degrees */
	double		lat;
	double		w;				/* > 0 */
} KdePoint;

typedef enum KdeBandwidthStatus
{
	KDE_BW_OK,
	KDE_BW_NO_POINTS,			/* no point with weight > 0 */
	KDE_BW_NO_CENTRE,			/* unit vectors cancel out */
	KDE_BW_ZERO					/* the rule gives 0 */
} KdeBandwidthStatus;

typedef struct KdeBandwidth
{
	double		bandwidth_km;
	double		sd_km;			/* standard distance */
	double		dm_km;			/* weighted median distance */
	double		n;				/* sum of weights */
} KdeBandwidth;

/* Great-circle distance in km between two points given in degrees. */
extern double kde_distance_km(double lon1, double lat1, double lon2, double lat2);

/* The quartic kernel's density at squared relative distance u2 < 1, per
 * unit weight, for r = 1: (3 / pi) (1 - u2)^2. */
static inline double
kde_quartic(double u2)
{
	double		t = 1.0 - u2;

	return (3.0 / M_PI) * t * t;
}

/* ArcGIS's default search radius of the points (weights > 0). */
extern KdeBandwidthStatus kde_default_bandwidth(const KdePoint *p, int n, KdeBandwidth *out);

/*
 * Global EB rates.  known[i] false marks a missing area (out[i] untouched).
 * Returns false when no known area has population > 0.  Inputs are checked
 * by the caller (finite, e >= 0, b >= 0, e = 0 where b = 0).
 */
extern bool kde_eb_rates(const double *e, const double *b, const bool *known, int n, double *out);

#endif

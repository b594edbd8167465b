/*
 * grid.c
 *	  Arithmetic of the global hexagon grid described in grid.h: point to
 *	  cell, centres, boundaries, areas, the parent/child step and distances.
 *	  All lattice work is in integer units, so ties and wraps are exact.
 */
#include "postgres.h"

#include <math.h>

#include "hotspot/grid.h"

/* 4 / (sqrt(3) pi): the pole's Y in lattice units per column */
#define GRID_POLE_PER_COL	0.7351051938957228

/* Boundary chords stray from the true (curved) edge by at most this
 * fraction of a column's angular width; see densify_count. */
#define GRID_CHORD_TOL		1e-6

static inline int64
floor_div2(int64 v)
{
	return (v >= 0) ? v / 2 : -((1 - v) / 2);
}

double
grid_pole(int res)
{
	return GRID_POLE_PER_COL * (double) grid_ncols(res);
}

/* The outermost row whose hexagons reach into the map: 3j - 2 < P. */
int
grid_max_row(int res)
{
	return (int) ceil((grid_pole(res) + 2.0) / 3.0) - 1;
}

int64
grid_cell_count(int res)
{
	return grid_ncols(res) * (2 * (int64) grid_max_row(res) + 1);
}

/* Area of one lattice unit (X by Y) on the sphere: 4 pi R^2 / (2n * 2P). */
double
grid_unit_km2(int res)
{
	return M_PI * GRID_RADIUS_KM * GRID_RADIUS_KM /
		((double) grid_ncols(res) * grid_pole(res));
}

bool
grid_row_valid(int res, int64 row)
{
	return row >= -grid_max_row(res) && row <= grid_max_row(res);
}

/* A column index wrapped into [-n/2, n/2). */
int
grid_wrap_col(int res, int64 col)
{
	int64		n = grid_ncols(res);
	int64		c = (col + n / 2) % n;

	if (c < 0)
		c += n;
	return (int) (c - n / 2);
}

int64
grid_pack(const GridCell *c)
{
	return (int64) (((uint64) GRID_KIND_HEX << 60) |
					 ((uint64) c->res << 56) |
					 ((uint64) (c->row + GRID_COORD_BIAS) << 28) |
					 (uint64) (c->col + GRID_COORD_BIAS));
}

/* Decode an id; false unless every field is in range for its resolution. */
bool
grid_unpack(int64 id, GridCell *c)
{
	uint64		u = (uint64) id;
	int64		n;

	if (id <= 0 || ((u >> 60) & 7) != GRID_KIND_HEX)
		return false;
	c->res = (int) ((u >> 56) & 15);
	c->row = (int) ((u >> 28) & GRID_COORD_MASK) - GRID_COORD_BIAS;
	c->col = (int) (u & GRID_COORD_MASK) - GRID_COORD_BIAS;
	n = grid_ncols(c->res);
	return grid_row_valid(c->res, c->row) && c->col >= -n / 2 && c->col < n / 2;
}

/* Nearest lattice centre of (X, Y) by cube rounding (exact for hexagons). */
static void
nearest_cell(double X, double Y, int res, GridCell *c)
{
	double		qf = X / 2.0 - Y / 6.0;
	double		rf = Y / 3.0;
	double		sf = -qf - rf;
	double		q = round(qf),
				r = round(rf),
				s = round(sf);
	double		dq = fabs(q - qf),
				dr = fabs(r - rf),
				ds = fabs(s - sf);

	if (dq > dr && dq > ds)
		q = -r - s;
	else if (dr > ds)
		r = -q - s;
	c->res = res;
	c->row = (int) r;
	c->col = grid_wrap_col(res, (int64) q + floor_div2((int64) r));
}

/*
 * The cell of a point; lon in [-180, 180], lat in [-90, 90], checked by the
 * caller.  A point on a shared edge goes wherever rounding sends it.
 */
void
grid_from_lonlat(double lon, double lat, int res, GridCell *c)
{
	double		P = grid_pole(res);
	double		X = lon * (double) grid_ncols(res) / 180.0;
	double		Y = sin(lat * (M_PI / 180.0)) * P;

	nearest_cell(X, Y, res, c);

	/*
	 * Only a point on the pole line exactly under a vertex of a row beyond
	 * the map could round there; rounding error is far below this nudge.
	 */
	if (!grid_row_valid(res, c->row))
		nearest_cell(X, Y - copysign(1e-6, Y), res, c);
	Assert(grid_row_valid(res, c->row));
}

static void
unproject(double X, double Y, int res, double *lon, double *lat)
{
	double		t = Y / grid_pole(res);

	*lon = X * 180.0 / (double) grid_ncols(res);
	t = Max(-1.0, Min(1.0, t));
	*lat = asin(t) * (180.0 / M_PI);
}

/* Hexagon of a cell in lattice units, counter-clockwise from the bottom. */
static int
hexagon(const GridCell *c, double *X, double *Y)
{
	static const int dx[6] = {0, 1, 1, 0, -1, -1};
	static const int dy[6] = {-2, -1, 1, 2, 1, -1};
	double		cx = 2.0 * c->col + (c->row & 1);
	double		cy = 3.0 * c->row;

	for (int k = 0; k < 6; k++)
	{
		X[k] = cx + dx[k];
		Y[k] = cy + dy[k];
	}
	return 6;
}

/*
 * Clip a convex ring (not closed) to the half-plane sign * (coord - bound)
 * <= 0, where coord is X (axis 0) or Y (axis 1).  Sutherland-Hodgman.
 */
static int
clip(const double *X, const double *Y, int n, int axis, double bound, double sign,
	 double *oX, double *oY)
{
	int			m = 0;

	for (int k = 0; k < n; k++)
	{
		int			l = (k + 1) % n;
		double		vk = sign * ((axis ? Y[k] : X[k]) - bound);
		double		vl = sign * ((axis ? Y[l] : X[l]) - bound);

		if (vk <= 0)
		{
			oX[m] = X[k];
			oY[m] = Y[k];
			m++;
		}
		if ((vk < 0 && vl > 0) || (vk > 0 && vl < 0))
		{
			double		t = vk / (vk - vl);

			oX[m] = (axis == 0) ? bound : X[k] + t * (X[l] - X[k]);
			oY[m] = (axis == 1) ? bound : Y[k] + t * (Y[l] - Y[k]);
			m++;
		}
	}
	return m;
}

/* The cell's hexagon clipped to the map strip |Y| <= P (at most 8 points). */
static int
clipped_hexagon(const GridCell *c, double *X, double *Y)
{
	double		hX[8],
				hY[8],
				tX[8],
				tY[8];
	double		P = grid_pole(c->res);
	int			n = hexagon(c, hX, hY);

	if (3.0 * abs(c->row) + 2.0 <= P)
	{
		memcpy(X, hX, sizeof(double) * n);
		memcpy(Y, hY, sizeof(double) * n);
		return n;
	}
	n = clip(hX, hY, n, 1, P, 1.0, tX, tY);
	return clip(tX, tY, n, 1, -P, -1.0, X, Y);
}

/* Area and centroid of a ring, computed about its first point so that the
 * large coordinates of fine resolutions do not cancel. */
static double
shoelace(const double *X, const double *Y, int n, double *cx, double *cy)
{
	double		a = 0,
				sx = 0,
				sy = 0;

	for (int k = 0; k < n; k++)
	{
		int			l = (k + 1) % n;
		double		xk = X[k] - X[0],
					yk = Y[k] - Y[0],
					xl = X[l] - X[0],
					yl = Y[l] - Y[0];
		double		w = xk * yl - xl * yk;

		a += w;
		sx += (xk + xl) * w;
		sy += (yk + yl) * w;
	}
	if (cx)
		*cx = X[0] + sx / (3.0 * a);
	if (cy)
		*cy = Y[0] + sy / (3.0 * a);
	return a / 2.0;
}

/* Centre: the lattice point, or the centroid of a cell clipped at a pole. */
void
grid_center(const GridCell *c, double *lon, double *lat)
{
	double		X[8],
				Y[8],
				cx,
				cy;
	int			n;

	if (3.0 * abs(c->row) + 2.0 <= grid_pole(c->res))
	{
		unproject(2.0 * c->col + (c->row & 1), 3.0 * c->row, c->res, lon, lat);
		return;
	}
	n = clipped_hexagon(c, X, Y);
	shoelace(X, Y, n, &cx, &cy);
	unproject(cx, cy, c->res, lon, lat);
	/* a centroid on the seam can round a hair past it */
	if (*lon < -180.0)
		*lon = Min(*lon + 360.0, 180.0);
	else if (*lon > 180.0)
		*lon = 180.0;
}

double
grid_area_km2(const GridCell *c)
{
	double		X[8],
				Y[8];
	int			n = clipped_hexagon(c, X, Y);

	return shoelace(X, Y, n, NULL, NULL) * grid_unit_km2(c->res);
}

/*
 * Segments for a sloped edge.  Along the edge lon is a + b sin(lat), so
 * stepping evenly in latitude by h leaves chords within |b| sin(lat) h^2 / 8
 * of the edge (in radians of longitude), a bound that stays finite at the
 * poles.  Aim for GRID_CHORD_TOL of a column's width (2 pi / n).
 */
static int
densify_count(double X1, double Y1, double X2, double Y2, int res, double *phi1, double *phi2)
{
	double		P = grid_pole(res);
	double		n = (double) grid_ncols(res);
	double		b = fabs((X2 - X1) / (Y2 - Y1)) * P * M_PI / n;
	double		smax = Max(fabs(Y1), fabs(Y2)) / P;
	double		tol = GRID_CHORD_TOL * 2.0 * M_PI / n;
	double		m;

	*phi1 = asin(Max(-1.0, Min(1.0, Y1 / P)));
	*phi2 = asin(Max(-1.0, Min(1.0, Y2 / P)));
	m = ceil(fabs(*phi2 - *phi1) * sqrt(b * Max(smax, 1e-3) / (8.0 * tol)));
	return (int) Max(1.0, Min(m, (double) GRID_EDGE_MAX_SEGS));
}

/* Append one closed ring (lattice units in, degrees out), densifying slopes. */
static int
emit_ring(const double *X, const double *Y, int n, double shift, int res,
		  double *lon, double *lat)
{
	double		P = grid_pole(res);
	int			m = 0;

	for (int k = 0; k < n; k++)
	{
		int			l = (k + 1) % n;

		unproject(X[k] + shift, Y[k], res, &lon[m], &lat[m]);
		m++;
		if (X[k] != X[l] && Y[k] != Y[l])
		{
			double		phi1,
						phi2;
			int			segs = densify_count(X[k], Y[k], X[l], Y[l], res, &phi1, &phi2);

			for (int s = 1; s < segs; s++)
			{
				double		phi = phi1 + (phi2 - phi1) * s / segs;
				double		y = sin(phi) * P;
				double		x = X[k] + (X[l] - X[k]) * (y - Y[k]) / (Y[l] - Y[k]);

				lon[m] = (x + shift) * 180.0 / (double) grid_ncols(res);
				lat[m] = phi * (180.0 / M_PI);
				m++;
			}
		}
	}
	lon[m] = lon[0];
	lat[m] = lat[0];
	return m + 1;
}

/*
 * Boundary in lon/lat degrees.  A cell straddling the antimeridian (only the
 * even-row column -n/2 does) comes back as two rings, split at +-180: the
 * part east of -180 first, then the part west of +180.
 */
void
grid_boundary(const GridCell *c, GridBoundary *b)
{
	double		X[8],
				Y[8],
				aX[8],
				aY[8];
	int			n = clipped_hexagon(c, X, Y);
	double		edge = -(double) grid_ncols(c->res);

	if (2.0 * c->col + (c->row & 1) - 1.0 >= edge)
	{
		b->nrings = 1;
		b->npoints[0] = emit_ring(X, Y, n, 0.0, c->res, b->lon[0], b->lat[0]);
		return;
	}
	b->nrings = 2;
	n = clip(X, Y, n, 0, edge, -1.0, aX, aY);	/* X >= -n */
	b->npoints[0] = emit_ring(aX, aY, n, 0.0, c->res, b->lon[0], b->lat[0]);
	n = clipped_hexagon(c, X, Y);
	n = clip(X, Y, n, 0, edge, 1.0, aX, aY);	/* X <= -n, moved to +180 */
	b->npoints[1] = emit_ring(aX, aY, n, -2.0 * edge, c->res, b->lon[1], b->lat[1]);
}

/* Cell of axial (q, j) at res, with the column wrapped. */
static void
from_axial(int res, int64 q, int64 j, GridCell *c)
{
	c->res = res;
	c->row = (int) j;
	c->col = grid_wrap_col(res, q + floor_div2(j));
}

/*
 * One level up.  Halving the axial coordinates: an even pair is a parent
 * centre; otherwise the child centre is the midpoint of an edge between two
 * parents, and the lower row wins unless it is beyond the south pole.
 */
void
grid_parent_step(const GridCell *c, GridCell *p)
{
	int64		q = grid_axial_q(c);
	int64		j = c->row;
	int			res = c->res - 1;

	Assert(c->res > 0);
	if (j % 2 == 0)
	{
		from_axial(res, floor_div2(q), j / 2, p);
		return;
	}
	/* odd row: lower candidate first */
	if (q % 2 == 0)
	{
		if (grid_row_valid(res, floor_div2(j)))
			from_axial(res, q / 2, floor_div2(j), p);
		else
			from_axial(res, q / 2, floor_div2(j) + 1, p);
	}
	else
	{
		if (grid_row_valid(res, floor_div2(j)))
			from_axial(res, floor_div2(q) + 1, floor_div2(j), p);
		else
			from_axial(res, floor_div2(q), floor_div2(j) + 1, p);
	}
}

static int
cmp_cells(const void *a, const void *b)
{
	int64		x = grid_pack((const GridCell *) a);
	int64		y = grid_pack((const GridCell *) b);

	return (x > y) - (x < y);
}

/* Children one level down, in id order: the candidates whose parent is c. */
int
grid_children_step(const GridCell *c, GridCell *out)
{
	static const int dq[7] = {0, 1, -1, 0, 0, -1, 1};
	static const int dj[7] = {0, 0, 0, 1, -1, 1, -1};
	int64		q = 2 * grid_axial_q(c);
	int64		j = 2 * (int64) c->row;
	int			n = 0;

	Assert(c->res < GRID_MAX_RES);
	for (int k = 0; k < 7; k++)
	{
		GridCell	ch,
					p;

		if (!grid_row_valid(c->res + 1, j + dj[k]))
			continue;
		from_axial(c->res + 1, q + dq[k], j + dj[k], &ch);
		grid_parent_step(&ch, &p);
		if (p.row == c->row && p.col == c->col)
			out[n++] = ch;
	}
	qsort(out, n, sizeof(GridCell), cmp_cells);
	return n;
}

static inline int64
hex_len(int64 dq, int64 dr)
{
	return (Abs(dq) + Abs(dr) + Abs(dq + dr)) / 2;
}

/* Grid steps between two cells of one resolution, wrapping east-west. */
int64
grid_distance(const GridCell *a, const GridCell *b)
{
	int64		n = grid_ncols(a->res);
	int64		dr = (int64) b->row - a->row;
	int64		dq = grid_axial_q(b) - grid_axial_q(a);
	int64		best;

	dq = ((dq % n) + n + n / 2) % n - n / 2;
	best = hex_len(dq, dr);
	best = Min(best, hex_len(dq - n, dr));
	best = Min(best, hex_len(dq + n, dr));
	return best;
}

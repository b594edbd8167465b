/*
 * grid.h
 *	  The hotspot pillar's global hexagon grid: projection, lattice, cell ids.
 *	  Pure arithmetic (no fmgr), so it can be tested and fuzzed on its own.
 *
 * Projection
 *	  A cylindrical equal-area projection of the sphere of radius
 *	  R = 6371.0072 km (the WGS84 authalic radius) with standard parallels
 *	  +-30 degrees (Behrmann's).  In lattice units of resolution r, with
 *	  n = 36 * 2^r columns around the globe:
 *
 *		  X = n * lon_deg / 180				in [-n, n]
 *		  Y = P * sin(lat)	with P = 4n / (sqrt(3) pi)	in [-P, P]
 *
 *	  One X unit is half a hexagon width, one Y unit half its circumradius, so
 *	  the regular pointy-top hexagon of row j, column i is centred on
 *	  (2i + (j & 1), 3j) with vertices (0,+-2), (+-1,+-1) around it, all
 *	  integers.  Equal area: every whole cell of a resolution covers exactly
 *	  the same area of the sphere (6 units; see grid_unit_km2).
 *
 * Distortion
 *	  Shape is true on the 30th parallels.  Elsewhere a cell is stretched
 *	  north-south (and squeezed east-west) by the factor
 *	  cos^2(30) / cos^2(lat) = 0.75 / cos^2(lat): 0.75 at the equator, 1.5 at
 *	  45, 3 at 60, 6.4 at 70, 25 at 80.  Areas are equal everywhere.
 *	  Columns wrap exactly at +-180 (n is a whole number of columns).
 *
 * Poles
 *	  The map is the strip |Y| <= P.  A row exists when its hexagons reach into
 *	  the strip (3|j| - 2 < P); hexagons of the outermost rows are clipped at
 *	  the pole line, so polar cells are smaller, and their centre is the
 *	  centroid of the clipped part.  P is irrational, so no vertex lies on the
 *	  pole line.  The pole itself maps to a whole row of cells (any longitude).
 *
 * Resolutions (0..15, aperture 4)
 *	  The lattice of resolution r+1 is that of r scaled by 1/2 about (0, 0),
 *	  so each cell has 4 children by area.  A child centre is a parent centre
 *	  or the midpoint of an edge between two parents (axial coordinates are
 *	  halved); the tie is broken towards the lower row, or the upper row when
 *	  the lower one does not exist (south pole).  So children are nested
 *	  approximately: their centres lie in (on the edge of) the parent, and the
 *	  4 children together cover the parent's area with a ragged border.
 *	  In the polar rows a cell may have 0 to 6 children (clipping, orphans).
 *
 *	  res  width km  full area km2    cells on globe  |  res  width km  cells
 *	    0    962.98   803087.418            684       |    8    3.762     41628672
 *	    1    481.49   200771.855           2664       |    9    1.881    166533120
 *	    2    240.74    50192.964          10224       |   10    0.940    666021888
 *	    3    120.37    12548.241          41184       |   11    0.470   2664013824
 *	    4     60.19     3137.060         163008       |   12    0.235  10655907840
 *	    5     30.09      784.265         650880       |   13    0.118  42623336448
 *	    6     15.05      196.066        2605824       |   14    0.059 170492755968
 *	    7      7.52       49.017       10409472       |   15    0.029 681967484928
 *	  (width: flat to flat at 30 degrees, 962.98 km / 2^r; area 803087.418 km2
 *	  / 4^r; cells 36 * 2^r * (2 * jmax(r) + 1), see grid_cell_count.)
 *
 * Geometry
 *	  Boundaries are the hexagon (clipped at the poles) unprojected, sloped
 *	  edges densified evenly in latitude so chords stay within 1e-6 of a
 *	  column width of the true edge (GRID_CHORD_TOL; capped at 256 segments
 *	  per edge).  Cells straddling +-180 (column -n/2 of even rows) come back
 *	  as a MultiPolygon split at the antimeridian.  A point on a shared edge
 *	  belongs to whichever cell cube rounding picks (C round(), halves away
 *	  from zero): deterministic, not specified further.
 *
 * Cell id (int8, always positive, sorted by resolution, row, column)
 *	  bit 63 zero | bits 60-62 grid kind (1 = hexagon) | bits 56-59 resolution |
 *	  bits 28-55 row + 2^27 | bits 0-27 column + 2^27, column in [-n/2, n/2).
 *	  Text form "h<res>:<row>:<column>", e.g. h7:512:-1234.
 */
#ifndef TST_HUB_GRID_H
#define TST_HUB_GRID_H

#define GRID_MAX_RES		15
#define GRID_BASE_COLS		36
#define GRID_KIND_HEX		1
#define GRID_RADIUS_KM		6371.0072
#define GRID_COORD_BIAS		(1 << 27)
#define GRID_COORD_MASK		((1 << 28) - 1)

/* Largest number of points in a cell's boundary ring (see grid_boundary). */
#define GRID_EDGE_MAX_SEGS	256
#define GRID_RING_MAX		(8 * GRID_EDGE_MAX_SEGS + 2)

typedef struct GridCell
{
	int			res;
	int			row;			/* j: rows of centres, 0 on the equator */
	int			col;			/* i in [-n/2, n/2) */
} GridCell;

/* A boundary: one ring, or two when the cell straddles +-180. */
typedef struct GridBoundary
{
	int			nrings;
	int			npoints[2];
	double	   *lon[2];			/* caller-sized GRID_RING_MAX each */
	double	   *lat[2];
} GridBoundary;

#define DatumGetCell(d)		DatumGetInt64(d)
#define CellGetDatum(c)		Int64GetDatum(c)
#define PG_GETARG_CELL(n)	PG_GETARG_INT64(n)
#define PG_RETURN_CELL(c)	PG_RETURN_INT64(c)

static inline int64
grid_ncols(int res)
{
	return (int64) GRID_BASE_COLS << res;
}

extern double grid_pole(int res);
extern int	grid_max_row(int res);
extern int64 grid_cell_count(int res);
extern double grid_unit_km2(int res);

extern int64 grid_pack(const GridCell *c);
extern bool grid_unpack(int64 id, GridCell *c);
extern bool grid_row_valid(int res, int64 row);
extern int	grid_wrap_col(int res, int64 col);

/*
 * Text form "h<res>:<row>:<column>" (grid_text.c).  Parsing accepts only
 * cells of the grid; on failure it writes a sentence saying why.
 */
#define GRID_TEXT_MAX 40
#define GRID_TEXT_WHY_MAX 128
extern bool grid_parse_text(const char *s, GridCell *c, char *why, size_t whysize);
extern void grid_format_text(const GridCell *c, char *buf, size_t size);

extern void grid_from_lonlat(double lon, double lat, int res, GridCell *c);
extern void grid_center(const GridCell *c, double *lon, double *lat);
extern void grid_boundary(const GridCell *c, GridBoundary *b);
extern double grid_area_km2(const GridCell *c);

extern void grid_parent_step(const GridCell *c, GridCell *p);
extern int	grid_children_step(const GridCell *c, GridCell *out);
extern int64 grid_distance(const GridCell *a, const GridCell *b);

/* Axial coordinates (q, r) of a cell and back; q is taken modulo n. */
static inline int64
grid_axial_q(const GridCell *c)
{
	/* floor(row / 2), negative rows included */
	return (int64) c->col - ((int64) c->row - (c->row & 1)) / 2;
}

#endif

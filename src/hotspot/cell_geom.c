/*
 * cell_geom.c
 *	  Cells to and from geometry, as EWKB bytes (SRID 4326) that the SQL
 *	  wrappers hand to PostGIS, so nothing here links against PostGIS.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "hotspot/hotspot.h"

#define WKB_POINT			1
#define WKB_POLYGON			3
#define WKB_MULTIPOLYGON	6
#define EWKB_SRID_FLAG		0x20000000
#define EWKB_Z_FLAG			0x80000000
#define EWKB_M_FLAG			0x40000000
#define SRID_WGS84			4326

/* Little-endian writers: EWKB with byte order 1 (NDR). */
static void
put_u32(StringInfo b, uint32 v)
{
	unsigned char x[4];

	for (int i = 0; i < 4; i++)
		x[i] = (unsigned char) (v >> (8 * i));
	appendBinaryStringInfo(b, (char *) x, 4);
}

static void
put_f64(StringInfo b, double d)
{
	uint64		v;
	unsigned char x[8];

	memcpy(&v, &d, 8);
	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char) (v >> (8 * i));
	appendBinaryStringInfo(b, (char *) x, 8);
}

static void
put_header(StringInfo b, uint32 type, bool srid)
{
	appendStringInfoChar(b, 1);
	put_u32(b, type | (srid ? EWKB_SRID_FLAG : 0));
	if (srid)
		put_u32(b, SRID_WGS84);
}

static bytea *
finish(StringInfo b)
{
	bytea	   *r = palloc(VARHDRSZ + b->len);

	SET_VARSIZE(r, VARHDRSZ + b->len);
	memcpy(VARDATA(r), b->data, b->len);
	return r;
}

PG_FUNCTION_INFO_V1(cell_center_ewkb);
Datum
cell_center_ewkb(PG_FUNCTION_ARGS)
{
	GridCell	c;
	double		lon,
				lat;
	StringInfoData b;

	cell_get(PG_GETARG_CELL(0), &c);
	grid_center(&c, &lon, &lat);
	initStringInfo(&b);
	put_header(&b, WKB_POINT, true);
	put_f64(&b, lon);
	put_f64(&b, lat);
	PG_RETURN_BYTEA_P(finish(&b));
}

static void
put_polygon(StringInfo b, const double *lon, const double *lat, int n, bool srid)
{
	put_header(b, WKB_POLYGON, srid);
	put_u32(b, 1);
	put_u32(b, n);
	for (int i = 0; i < n; i++)
	{
		put_f64(b, lon[i]);
		put_f64(b, lat[i]);
	}
}

/* A Polygon, or a MultiPolygon of two parts for a cell split at +-180. */
PG_FUNCTION_INFO_V1(cell_boundary_ewkb);
Datum
cell_boundary_ewkb(PG_FUNCTION_ARGS)
{
	GridCell	c;
	GridBoundary bd;
	StringInfoData b;

	cell_get(PG_GETARG_CELL(0), &c);
	for (int r = 0; r < 2; r++)
	{
		bd.lon[r] = palloc(sizeof(double) * GRID_RING_MAX);
		bd.lat[r] = palloc(sizeof(double) * GRID_RING_MAX);
	}
	grid_boundary(&c, &bd);
	initStringInfo(&b);
	if (bd.nrings == 1)
		put_polygon(&b, bd.lon[0], bd.lat[0], bd.npoints[0], true);
	else
	{
		put_header(&b, WKB_MULTIPOLYGON, true);
		put_u32(&b, bd.nrings);
		for (int r = 0; r < bd.nrings; r++)
			put_polygon(&b, bd.lon[r], bd.lat[r], bd.npoints[r], false);
	}
	PG_RETURN_BYTEA_P(finish(&b));
}

/* Reader over EWKB bytes; every read is bounds-checked. */
typedef struct WkbReader
{
	const unsigned char *p;
	int			len;
	int			pos;
	bool		big;
} WkbReader;

static void
bad_geometry(const char *msg)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", msg)));
}

static uint32
get_u32(WkbReader *r)
{
	uint32		v = 0;

	if (r->pos + 4 > r->len)
		bad_geometry("truncated EWKB point");
	for (int i = 0; i < 4; i++)
		v |= (uint32) r->p[r->pos + (r->big ? 3 - i : i)] << (8 * i);
	r->pos += 4;
	return v;
}

static double
get_f64(WkbReader *r)
{
	uint64		v = 0;
	double		d;

	if (r->pos + 8 > r->len)
		bad_geometry("truncated EWKB point");
	for (int i = 0; i < 8; i++)
		v |= (uint64) r->p[r->pos + (r->big ? 7 - i : i)] << (8 * i);
	r->pos += 8;
	memcpy(&d, &v, 8);
	return d;
}

/*
 * cell_from_ewkb(ewkb, res): the cell of an EWKB point in SRID 4326 (the
 * SQL function cell(geometry, res) transforms other SRIDs first).
 */
PG_FUNCTION_INFO_V1(cell_from_ewkb);
Datum
cell_from_ewkb(PG_FUNCTION_ARGS)
{
	bytea	   *g = PG_GETARG_BYTEA_PP(0);
	int32		res = PG_GETARG_INT32(1);
	WkbReader	r;
	uint32		type,
				srid = 0;
	double		lon,
				lat;

	r.p = (const unsigned char *) VARDATA_ANY(g);
	r.len = VARSIZE_ANY_EXHDR(g);
	r.pos = 1;
	if (r.len < 1 || r.p[0] > 1)
		bad_geometry("invalid EWKB byte order");
	r.big = (r.p[0] == 0);
	type = get_u32(&r);
	if (type & EWKB_SRID_FLAG)
		srid = get_u32(&r);
	if ((type & 0x0fffffff) != WKB_POINT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell() needs a point, not a geometry of WKB type %u", type & 0x0fffffff),
				 errhint("Use cells_cover for areas, or ST_PointOnSurface / ST_Centroid for one point.")));
	if (srid == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the point has no SRID"),
				 errhint("A SRID is needed to place a point on the globe: use ST_SetSRID(point, 4326) for longitude/latitude.")));
	if (srid != SRID_WGS84)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the point has SRID %u, not 4326", srid),
				 errhint("Use cell(geometry, res), which transforms other SRIDs.")));
	lon = get_f64(&r);
	lat = get_f64(&r);
	if (type & EWKB_Z_FLAG)
		(void) get_f64(&r);
	if (type & EWKB_M_FLAG)
		(void) get_f64(&r);
	if (r.pos != r.len)
		bad_geometry("trailing bytes after an EWKB point");
	if (isnan(lon) && isnan(lat))
		bad_geometry("cell() needs a non-empty point");
	PG_RETURN_CELL(cell_of_latlon(lat, lon, res));
}

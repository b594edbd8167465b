/*
 * cell.c
 *	  Scalar SQL functions of tst_hub.cell: point to cell, resolution, parent,
 *	  distance, area and the global cell count.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"

#include "hotspot/hotspot.h"

void
cell_get(int64 id, GridCell *c)
{
	if (!grid_unpack(id, c))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid cell id " INT64_FORMAT, id)));
}

void
cell_check_res(int32 res)
{
	if (res < 0 || res > GRID_MAX_RES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell resolution %d is out of range", res),
				 errhint("Resolutions run from 0 (about 1000 km across) to %d (about 30 m).",
						 GRID_MAX_RES)));
}

static void
check_latlon(double lat, double lon)
{
	if (isnan(lat) || lat < -90.0 || lat > 90.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("latitude %g is out of range", lat),
				 errhint("Latitude is in degrees from -90 to 90; check that latitude and longitude are not swapped.")));
	if (isnan(lon) || lon < -180.0 || lon > 180.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("longitude %g is out of range", lon),
				 errhint("Longitude is in degrees from -180 to 180.")));
}

int64
cell_of_latlon(double lat, double lon, int32 res)
{
	GridCell	c;

	check_latlon(lat, lon);
	cell_check_res(res);
	grid_from_lonlat(lon, lat, res, &c);
	return grid_pack(&c);
}

/* cell(lat, lon, res) */
PG_FUNCTION_INFO_V1(cell_from_latlon);
Datum
cell_from_latlon(PG_FUNCTION_ARGS)
{
	PG_RETURN_CELL(cell_of_latlon(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1),
								  PG_GETARG_INT32(2)));
}

PG_FUNCTION_INFO_V1(cell_resolution);
Datum
cell_resolution(PG_FUNCTION_ARGS)
{
	GridCell	c;

	cell_get(PG_GETARG_CELL(0), &c);
	PG_RETURN_INT32(c.res);
}

/* The ancestor at resolution res, by repeated parent steps (so it agrees
 * with cell_children); the cell itself at its own resolution. */
PG_FUNCTION_INFO_V1(cell_parent);
Datum
cell_parent(PG_FUNCTION_ARGS)
{
	GridCell	c;
	int32		res;

	cell_get(PG_GETARG_CELL(0), &c);
	if (PG_NARGS() < 2)
	{
		if (c.res == 0)
			PG_RETURN_NULL();
		res = c.res - 1;
	}
	else
		res = PG_GETARG_INT32(1);
	cell_check_res(res);
	if (res > c.res)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parent resolution %d is finer than the cell's resolution %d", res, c.res),
				 errhint("Use cell_children for finer resolutions.")));
	while (c.res > res)
	{
		GridCell	p;

		grid_parent_step(&c, &p);
		c = p;
	}
	PG_RETURN_CELL(grid_pack(&c));
}

/* Grid steps between two cells of the same resolution. */
PG_FUNCTION_INFO_V1(cell_distance);
Datum
cell_distance(PG_FUNCTION_ARGS)
{
	GridCell	a,
				b;

	cell_get(PG_GETARG_CELL(0), &a);
	cell_get(PG_GETARG_CELL(1), &b);
	if (a.res != b.res)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cells of resolutions %d and %d have no grid distance", a.res, b.res),
				 errhint("Bring both to one resolution with cell_parent first.")));
	PG_RETURN_INT64(grid_distance(&a, &b));
}

PG_FUNCTION_INFO_V1(cell_area_km2);
Datum
cell_area_km2(PG_FUNCTION_ARGS)
{
	GridCell	c;

	cell_get(PG_GETARG_CELL(0), &c);
	PG_RETURN_FLOAT8(grid_area_km2(&c));
}

/* Number of cells covering the globe at a resolution. */
PG_FUNCTION_INFO_V1(cell_count);
Datum
cell_count(PG_FUNCTION_ARGS)
{
	int32		res = PG_GETARG_INT32(0);

	cell_check_res(res);
	PG_RETURN_INT64(grid_cell_count(res));
}

/*
 * grid_fuzz.c
 *	  libFuzzer harness for the hexagon grid (src/hotspot/grid.c) and its
 *	  text form (src/hotspot/grid_text.c), which need no backend.
 *
 * The first byte picks what to test:
 *	 even: the rest is cell text; a parsed cell must format back to text
 *		   that parses to the same cell, and pack/unpack must round-trip.
 *	 odd:  the rest gives a longitude, a latitude and a resolution; the
 *		   point's cell must round-trip through its id, its centre must lie
 *		   in it, its parent must be valid, and its boundary must be built.
 * Anything else wrong aborts, so libFuzzer reports it.
 */
#include "postgres.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hotspot/grid.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * postgres.h maps snprintf and qsort to PostgreSQL's own (pg_snprintf,
 * pg_qsort, in the server binary); outside the server the C library's do
 * for the formats and arrays used.
 */
#undef vsnprintf
#undef qsort
void		pg_qsort(void *base, size_t nel, size_t elsize,
					 int (*cmp) (const void *, const void *));

void
pg_qsort(void *base, size_t nel, size_t elsize, int (*cmp) (const void *, const void *))
{
	qsort(base, nel, elsize, cmp);
}

int			pg_snprintf(char *str, size_t count, const char *fmt,...);

int
pg_snprintf(char *str, size_t count, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(str, count, fmt, ap);
	va_end(ap);
	return n;
}

static void
check(bool ok, const char *what)
{
	if (!ok)
	{
		fputs("grid_fuzz: ", stderr);
		fputs(what, stderr);
		fputs("\n", stderr);
		abort();
	}
}

static void
check_cell(const GridCell *c)
{
	GridCell	back,
				parent;
	GridBoundary b;
	double		lon,
				lat;

	check(grid_unpack(grid_pack(c), &back) && memcmp(&back, c, sizeof(back)) == 0,
		  "pack/unpack does not round-trip");
	grid_center(c, &lon, &lat);
	check(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90, "centre off the globe");
	grid_from_lonlat(lon, lat, c->res, &back);
	/* a pole is a whole row of cells: any of them is the pole's cell */
	check(fabs(lat) == 90 || memcmp(&back, c, sizeof(back)) == 0, "centre not in its own cell");
	if (c->res > 0)
	{
		grid_parent_step(c, &parent);
		check(grid_unpack(grid_pack(&parent), &back), "parent is not a valid cell");
	}
	for (int r = 0; r < 2; r++)
	{
		b.lon[r] = malloc(sizeof(double) * GRID_RING_MAX);
		b.lat[r] = malloc(sizeof(double) * GRID_RING_MAX);
	}
	grid_boundary(c, &b);
	for (int r = 0; r < b.nrings; r++)
	{
		check(b.npoints[r] >= 4 && b.npoints[r] <= GRID_RING_MAX, "ring size out of bounds");
		check(b.lon[r][0] == b.lon[r][b.npoints[r] - 1] && b.lat[r][0] == b.lat[r][b.npoints[r] - 1],
			  "ring not closed");
		for (int k = 0; k < b.npoints[r]; k++)
			check(b.lon[r][k] >= -180 && b.lon[r][k] <= 180 && b.lat[r][k] >= -90 && b.lat[r][k] <= 90,
				  "boundary point off the globe");
	}
	for (int r = 0; r < 2; r++)
	{
		free(b.lon[r]);
		free(b.lat[r]);
	}
	check(grid_distance(c, c) == 0, "distance to itself is not 0");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	GridCell	c;

	if (size < 1)
		return 0;
	if ((data[0] & 1) == 0)
	{
		char	   *s = malloc(size);
		char		why[GRID_TEXT_WHY_MAX];
		char		text[GRID_TEXT_MAX];
		GridCell	again;

		memcpy(s, data + 1, size - 1);
		s[size - 1] = '\0';
		if (grid_parse_text(s, &c, why, sizeof(why)))
		{
			grid_format_text(&c, text, sizeof(text));
			check(grid_parse_text(text, &again, why, sizeof(why)) &&
				  memcmp(&again, &c, sizeof(c)) == 0, "text does not round-trip");
			check_cell(&c);
		}
		else
			check(why[0] != '\0', "a refusal without a reason");
		free(s);
	}
	else if (size >= 1 + 2 * sizeof(uint32_t) + 1)
	{
		uint32_t	x,
					y;
		double		lon,
					lat;

		memcpy(&x, data + 1, sizeof(x));
		memcpy(&y, data + 1 + sizeof(x), sizeof(y));
		/* every representable point of the globe, edges included */
		lon = -180.0 + 360.0 * ((double) x / UINT32_MAX);
		lat = -90.0 + 180.0 * ((double) y / UINT32_MAX);
		grid_from_lonlat(lon, lat, data[1 + 2 * sizeof(uint32_t)] % (GRID_MAX_RES + 1), &c);
		check_cell(&c);
	}
	return 0;
}

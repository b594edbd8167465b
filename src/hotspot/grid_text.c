/*
 * grid_text.c
 *	  The text form of grid cells, "h<res>:<row>:<column>".  No backend
 *	  calls (no palloc, no ereport), so the fuzz harness runs it directly.
 */
#include "postgres.h"

#include <stdio.h>

#include "hotspot/grid.h"

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Signed decimal of at most 10 digits; advances *p.  False if none. */
static bool
parse_int(const char **p, int64 *v)
{
	const char *s = *p;
	bool		neg = (*s == '-');
	int64		acc = 0;
	int			digits = 0;

	if (neg)
		s++;
	while (*s >= '0' && *s <= '9' && digits < 11)
	{
		acc = acc * 10 + (*s - '0');
		s++;
		digits++;
	}
	if (digits == 0 || digits > 10)
		return false;
	*v = neg ? -acc : acc;
	*p = s;
	return true;
}

static bool
refuse(char *why, size_t whysize, const char *text)
{
	snprintf(why, whysize, "%s", text);
	return false;
}

bool
grid_parse_text(const char *s, GridCell *c, char *why, size_t whysize)
{
	const char *p = s;
	int64		res,
				row,
				col;

	while (is_space(*p))
		p++;
	if (*p != 'h' && *p != 'H')
		return refuse(why, whysize, "A cell is written h<resolution>:<row>:<column>, for example h7:512:-1234.");
	p++;
	if (*p == '-' || !parse_int(&p, &res) || *p != ':')
		return refuse(why, whysize, "The resolution must be a number from 0 to 15 followed by \":\".");
	p++;
	if (!parse_int(&p, &row) || *p != ':')
		return refuse(why, whysize, "The row must be a whole number followed by \":\".");
	p++;
	if (!parse_int(&p, &col))
		return refuse(why, whysize, "The column must be a whole number.");
	while (is_space(*p))
		p++;
	if (*p != '\0')
		return refuse(why, whysize, "There is text after the column.");
	if (res > GRID_MAX_RES)
		return refuse(why, whysize, "The resolution must be from 0 to 15.");
	if (!grid_row_valid((int) res, row))
	{
		snprintf(why, whysize, "Rows of resolution %d run from %d to %d.",
				 (int) res, -grid_max_row((int) res), grid_max_row((int) res));
		return false;
	}
	if (col < -grid_ncols((int) res) / 2 || col >= grid_ncols((int) res) / 2)
	{
		snprintf(why, whysize, "Columns of resolution %d run from %lld to %lld.", (int) res,
				 (long long) (-grid_ncols((int) res) / 2), (long long) (grid_ncols((int) res) / 2 - 1));
		return false;
	}
	c->res = (int) res;
	c->row = (int) row;
	c->col = (int) col;
	return true;
}

void
grid_format_text(const GridCell *c, char *buf, size_t size)
{
	snprintf(buf, size, "h%d:%d:%d", c->res, c->row, c->col);
}

/*
 * cell_io.c
 *	  tst_hub.cell text and binary I/O and the int8 id conversions.
 *
 * Text is "h<res>:<row>:<column>" (grid.h); binary is the int8 id in network
 * order.  Both inputs accept only ids that name a cell of the grid.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "hotspot/hotspot.h"

/* Longest input shown in an error message. */
#define CELL_SHOWN_MAX 40

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

/*
 * Parse the text form.  Returns NULL and sets *id, or a sentence saying what
 * is wrong (for errdetail).  No backend state needed, so fuzzers can call it.
 */
const char *
cell_parse(const char *s, int64 *id)
{
	const char *p = s;
	int64		res,
				row,
				col;
	GridCell	c;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p != 'h' && *p != 'H')
		return "A cell is written h<resolution>:<row>:<column>, for example h7:512:-1234.";
	p++;
	if (*p == '-' || !parse_int(&p, &res) || *p != ':')
		return "The resolution must be a number from 0 to 15 followed by \":\".";
	p++;
	if (!parse_int(&p, &row) || *p != ':')
		return "The row must be a whole number followed by \":\".";
	p++;
	if (!parse_int(&p, &col))
		return "The column must be a whole number.";
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p != '\0')
		return "There is text after the column.";
	if (res > GRID_MAX_RES)
		return "The resolution must be from 0 to 15.";
	if (!grid_row_valid((int) res, row))
		return psprintf("Rows of resolution %d run from %d to %d.",
						(int) res, -grid_max_row((int) res), grid_max_row((int) res));
	if (col < -grid_ncols((int) res) / 2 || col >= grid_ncols((int) res) / 2)
		return psprintf("Columns of resolution %d run from " INT64_FORMAT " to " INT64_FORMAT ".",
						(int) res, -grid_ncols((int) res) / 2, grid_ncols((int) res) / 2 - 1);
	c.res = (int) res;
	c.row = (int) row;
	c.col = (int) col;
	*id = grid_pack(&c);
	return NULL;
}

char *
cell_format(int64 id)
{
	GridCell	c;

	if (!grid_unpack(id, &c))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid cell id " INT64_FORMAT, id)));
	return psprintf("h%d:%d:%d", c.res, c.row, c.col);
}

PG_FUNCTION_INFO_V1(cell_in);
Datum
cell_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int64		id = 0;
	const char *why = cell_parse(s, &id);

	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type cell: \"%.*s%s\"",
						CELL_SHOWN_MAX, s, strlen(s) > CELL_SHOWN_MAX ? "..." : ""),
				 errdetail("%s", why)));
	PG_RETURN_CELL(id);
}

PG_FUNCTION_INFO_V1(cell_out);
Datum
cell_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(cell_format(PG_GETARG_CELL(0)));
}

PG_FUNCTION_INFO_V1(cell_recv);
Datum
cell_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		id = pq_getmsgint64(buf);
	GridCell	c;

	if (!grid_unpack(id, &c))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid cell id " INT64_FORMAT " in binary input", id),
				 errdetail("The id does not name a cell of the tst_hub grid.")));
	PG_RETURN_CELL(id);
}

PG_FUNCTION_INFO_V1(cell_send);
Datum
cell_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_CELL(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cell_id);
Datum
cell_id(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_CELL(0));
}

PG_FUNCTION_INFO_V1(cell_from_id);
Datum
cell_from_id(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	GridCell	c;

	if (!grid_unpack(id, &c))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no cell has id " INT64_FORMAT, id),
				 errhint("Ids come from cell_id(cell).")));
	PG_RETURN_CELL(id);
}

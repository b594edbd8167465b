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

#include "common/common.h"
#include "hotspot/hotspot.h"

/* Longest input shown in an error message. */
#define CELL_SHOWN_MAX 40

/* Parse the text form: NULL and *id set, or a sentence for errdetail. */
const char *
cell_parse(const char *s, int64 *id)
{
	GridCell	c;
	char		why[GRID_TEXT_WHY_MAX];

	if (!grid_parse_text(s, &c, why, sizeof(why)))
		return pstrdup(why);
	*id = grid_pack(&c);
	return NULL;
}

char *
cell_format(int64 id)
{
	GridCell	c;
	char		buf[GRID_TEXT_MAX];

	if (!grid_unpack(id, &c))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid cell id " INT64_FORMAT, id)));
	grid_format_text(&c, buf, sizeof(buf));
	return pstrdup(buf);
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
				 errmsg("invalid input syntax for type cell: \"%s\"",
						tst_shown(s, strlen(s), CELL_SHOWN_MAX)),
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

/*
 * ingest_csv.c
 *	  Generic CSV records for the ingest formats mapped in SQL (htcds,
 *	  mapped): the header as an array, then one row per record with its line
 *	  number and fields, or the reason the record cannot be read.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "common/common.h"
#include "hub/csv_reader.h"

#define CSV_PROGRESS_EVERY 100000

/* Records per second since started. */
static double
csv_rate(TimestampTz started, int64 n)
{
	long		secs;
	int			usecs;
	double		elapsed;

	TimestampDifference(started, GetCurrentTimestamp(), &secs, &usecs);
	elapsed = secs + usecs / 1e6;
	return elapsed > 0 ? n / elapsed : 0.0;
}

static ArrayType *
fields_array(const CsvReader *r)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(r->nfields, 1));

	for (int i = 0; i < r->nfields; i++)
		d[i] = PointerGetDatum(cstring_to_text_with_len(csv_field(r, i), r->len[i]));
	return construct_array(d, r->nfields, TEXTOID, -1, false, TYPALIGN_INT);
}

PG_FUNCTION_INFO_V1(csv_header);
Datum
csv_header(PG_FUNCTION_ARGS)
{
	text	   *data = PG_GETARG_TEXT_PP(0);
	CsvReader	r;

	csv_init(&r, VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data));
	if (csv_next(&r) != CSV_RECORD || (r.nfields == 1 && r.len[0] == 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the file has no header line"),
				 errhint("CSV exports start with a line of column names.")));
	if (r.too_many)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the header has more than %d columns", CSV_MAX_FIELDS)));
	for (int i = 0; i < r.nfields; i++)
		for (int j = 0; j < i; j++)
			if (r.len[i] == r.len[j] && memcmp(csv_field(&r, i), csv_field(&r, j), r.len[i]) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 /* positions, not the name: a headerless file's first
						  * line may hold a person's details */
						 errmsg("header columns %d and %d have the same name", j + 1, i + 1),
						 errhint("Each column of the header line needs its own name.")));
	PG_RETURN_ARRAYTYPE_P(fields_array(&r));
}

/* Records after the header: (line, fields, reject_reason). */
PG_FUNCTION_INFO_V1(csv_records);
Datum
csv_records(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *data = PG_GETARG_TEXT_PP(0);
	CsvReader	r;
	int			ncols;
	CsvStatus	st;
	MemoryContext rowcxt,
				oldcxt;
	int64		nread = 0,
				nbad = 0;
	TimestampTz started = GetCurrentTimestamp();

	InitMaterializedSRF(fcinfo, 0);
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "csv_records record", ALLOCSET_DEFAULT_SIZES);
	csv_init(&r, VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data));
	if (csv_next(&r) != CSV_RECORD)
		PG_RETURN_NULL();
	ncols = r.nfields;
	while ((st = csv_next(&r)) != CSV_EOF)
	{
		Datum		values[3];
		bool		nulls[3] = {false, true, true};
		char		reason[80];

		CHECK_FOR_INTERRUPTS();
		MemoryContextReset(rowcxt);
		oldcxt = MemoryContextSwitchTo(rowcxt);
		values[0] = Int64GetDatum(r.record_line);
		if (st == CSV_UNTERMINATED)
		{
			values[2] = CStringGetTextDatum("quoted field not closed before the end of the file");
			nulls[2] = false;
		}
		else if (r.nfields == 1 && r.len[0] == 0 && ncols > 1)
		{
			values[2] = CStringGetTextDatum("empty line");
			nulls[2] = false;
		}
		else if (r.nfields != ncols || r.too_many)
		{
			snprintf(reason, sizeof(reason), "%d fields, the header has %d",
					 r.too_many ? CSV_MAX_FIELDS : r.nfields, ncols);
			values[2] = CStringGetTextDatum(reason);
			nulls[2] = false;
		}
		else
		{
			values[1] = PointerGetDatum(fields_array(&r));
			nulls[1] = false;
		}
		MemoryContextSwitchTo(oldcxt);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		nread++;
		if (!nulls[2])
			nbad++;
		/* a long load says how far it got (ingest_csv of htcds and mapped) */
		if (nread % CSV_PROGRESS_EVERY == 0)
			ereport(NOTICE,
					(errmsg("ingest: " INT64_FORMAT " rows read, " INT64_FORMAT " malformed", nread, nbad),
					 errdetail("%.0f rows/s of the parse", csv_rate(started, nread))));
		if (st == CSV_UNTERMINATED)
			break;
	}
	MemoryContextDelete(rowcxt);
	return (Datum) 0;
}

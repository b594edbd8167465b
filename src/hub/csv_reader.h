/*
 * csv_reader.h
 *	  A CSV record reader for ingest (RFC 4180: comma separator, double
 *	  quotes around fields that hold commas, quotes or line breaks, "" for a
 *	  quote inside; LF or CRLF line ends; a UTF-8 byte order mark skipped).
 *	  It needs no backend state, so a fuzz harness can drive it.
 */
#ifndef TST_HUB_CSV_READER_H
#define TST_HUB_CSV_READER_H

#include "c.h"

#define CSV_MAX_FIELDS 1000

typedef enum CsvStatus
{
	CSV_RECORD,					/* a record was read */
	CSV_EOF,					/* no more input */
	CSV_UNTERMINATED			/* a quoted field runs to the end of input */
} CsvStatus;

typedef struct CsvReader
{
	const char *p;				/* next byte */
	const char *end;
	int64		line;			/* physical line of p, 1-based */
	int64		record_line;	/* line where the last record started */
	/* the last record: fields as NUL-terminated strings in buf */
	char	   *buf;
	int			bufsize;
	int			nfields;
	bool		too_many;		/* more than CSV_MAX_FIELDS fields */
	int			start[CSV_MAX_FIELDS];
	int			len[CSV_MAX_FIELDS];
} CsvReader;

/* Start reading data[0..len).  buf is allocated with palloc-like alloc. */
extern void csv_init(CsvReader *r, const char *data, int len);
extern CsvStatus csv_next(CsvReader *r);

static inline const char *
csv_field(const CsvReader *r, int i)
{
	return r->buf + r->start[i];
}

#endif

/*
 * csv_reader.c
 *	  RFC 4180 record reader for ingest (see csv_reader.h).
 *
 * Fields are copied, unquoted, into one buffer that grows to the longest
 * record (a record never takes more bytes than its text plus one NUL per
 * field).
 */
#include "postgres.h"

#include "hub/csv_reader.h"

void
csv_init(CsvReader *r, const char *data, int len)
{
	r->p = data;
	r->end = data + len;
	/* a UTF-8 byte order mark is not part of the first column's name */
	if (len >= 3 && (uint8) data[0] == 0xEF && (uint8) data[1] == 0xBB && (uint8) data[2] == 0xBF)
		r->p += 3;
	r->line = 1;
	r->record_line = 1;
	r->bufsize = Min(len, 65536) + CSV_MAX_FIELDS + 1;
	r->buf = palloc(r->bufsize);
	r->nfields = 0;
	r->too_many = false;
}

/*
 * Read the next record.  A line end inside quotes belongs to the field; a
 * lone quote inside an unquoted field is kept as a character (partners'
 * exports do this, and the value then fails its own column's check).
 */
/* Room for n more bytes at out (which moves when the buffer does). */
static inline char *
ensure(CsvReader *r, char *out, int n)
{
	int			used = out - r->buf;

	if (used + n + CSV_MAX_FIELDS + 1 > r->bufsize)
	{
		int			size = r->bufsize;

		while (used + n + CSV_MAX_FIELDS + 1 > size)
			size *= 2;
		r->buf = repalloc(r->buf, size);
		r->bufsize = size;
	}
	return r->buf + used;
}

CsvStatus
csv_next(CsvReader *r)
{
	const char *p = r->p;
	const char *end = r->end;
	char	   *out = r->buf;
	int			n = 0;

	/* blank lines at the end of the file hold no record */
	{
		const char *q = p;

		while (q < end && (*q == '\n' || *q == '\r'))
			q++;
		if (q >= end)
			return CSV_EOF;
	}
	r->record_line = r->line;
	r->too_many = false;
	for (;;)
	{
		int			start = out - r->buf;

		if (p < end && *p == '"')
		{
			p++;
			for (;;)
			{
				if (p >= end)
				{
					r->p = p;
					return CSV_UNTERMINATED;
				}
				if (*p == '"')
				{
					if (p + 1 < end && p[1] == '"')
					{
						out = ensure(r, out, 1);
						*out++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					r->line++;
				out = ensure(r, out, 1);
				*out++ = *p++;
			}
			/* text after the closing quote, up to the separator, is kept */
			while (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && (p + 1 == end || p[1] == '\n')))
			{
				out = ensure(r, out, 1);
				*out++ = *p++;
			}
		}
		else
		{
			const char *q = p;

			while (q < end && *q != ',' && *q != '\n' && !(*q == '\r' && (q + 1 == end || q[1] == '\n')))
				q++;
			out = ensure(r, out, q - p);
			memcpy(out, p, q - p);
			out += q - p;
			p = q;
		}
		if (n < CSV_MAX_FIELDS)
		{
			r->start[n] = start;
			r->len[n] = (out - r->buf) - start;
			n++;
		}
		else
			r->too_many = true;
		*out++ = '\0';
		/* out may only reuse space of fields dropped past the limit */
		if (r->too_many)
			out = r->buf + r->start[n - 1] + r->len[n - 1] + 1;
		if (p < end && *p == ',')
		{
			p++;
			continue;
		}
		/* end of record */
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
		{
			p++;
			r->line++;
		}
		break;
	}
	r->p = p;
	r->nfields = n;
	return CSV_RECORD;
}

/*
 * csv_fuzz.c
 *	  libFuzzer harness for the ingest CSV reader (src/hub/csv_reader.c),
 *	  which needs no backend beyond palloc.
 *
 * Any input is read record by record; the reader must stop, keep its line
 * numbers increasing and its fields inside its buffer.  Then every record
 * read is written back quoted ("" for a quote) and read again: the same
 * records, field for field, must come back.  Anything else aborts.
 */
#include "postgres.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/csv_reader.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the reader's only backend calls */
void *
palloc(Size size)
{
	void	   *p = malloc(size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

void *
repalloc(void *pointer, Size size)
{
	void	   *p = realloc(pointer, size);

	if (p == NULL)
		abort();
	return p;
}

static void
check(bool ok, const char *what)
{
	if (!ok)
	{
		fputs("csv_fuzz: ", stderr);
		fputs(what, stderr);
		fputs("\n", stderr);
		abort();
	}
}

typedef struct Records
{
	int			n;
	int			nfields[256];
	char	   *text[256];		/* fields joined by \x01 markers via lengths */
	int			len[256][64];
	int			off[256][64];
} Records;

/* Read everything; keep up to 256 records of up to 64 fields. */
static void
read_all(const char *data, int size, Records *out)
{
	CsvReader	r;
	CsvStatus	st;
	int64		last_line = 0;

	csv_init(&r, data, size);
	out->n = 0;
	while ((st = csv_next(&r)) == CSV_RECORD)
	{
		int			total = 0;

		check(r.record_line >= last_line && r.line >= r.record_line, "line numbers go back");
		last_line = r.record_line;
		check(r.nfields >= 1 && r.nfields <= CSV_MAX_FIELDS, "field count out of range");
		for (int i = 0; i < r.nfields; i++)
		{
			check(r.start[i] >= 0 && r.len[i] >= 0 && r.start[i] + r.len[i] < r.bufsize, "field outside the buffer");
			total += r.len[i];
		}
		check(total <= size, "fields longer than the input");
		if (out->n >= 0 && out->n < 256 && r.nfields <= 64 && !r.too_many)
		{
			char	   *t = malloc(total + 1);
			int			pos = 0;

			for (int i = 0; i < r.nfields; i++)
			{
				memcpy(t + pos, csv_field(&r, i), r.len[i]);
				out->off[out->n][i] = pos;
				out->len[out->n][i] = r.len[i];
				pos += r.len[i];
			}
			out->text[out->n] = t;
			out->nfields[out->n] = r.nfields;
			out->n++;
		}
		else if (out->n >= 0)
		{
			/* too big to compare: no round trip for this input */
			for (int k = 0; k < out->n; k++)
				free(out->text[k]);
			out->n = -1;
		}
	}
	free(r.buf);
	(void) st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* static: 270 kB a time from calloc made each input a page-faulting mmap */
	static Records ra,
				rb;
	Records    *a = &ra;
	Records    *b = &rb;
	char	   *out;
	int			pos = 0;
	int			cap;

	if (size > 4096)
		return 0;
	read_all((const char *) data, size, a);
	if (a->n > 0)
	{
		/* every field quoted, every record on its own line */
		cap = size * 2 + 256 * 64 * 3 + 256 + 1;
		out = malloc(cap);
		for (int k = 0; k < a->n; k++)
		{
			for (int i = 0; i < a->nfields[k]; i++)
			{
				const char *f = a->text[k] + a->off[k][i];

				if (i > 0)
					out[pos++] = ',';
				out[pos++] = '"';
				for (int j = 0; j < a->len[k][i]; j++)
				{
					if (f[j] == '"')
						out[pos++] = '"';
					out[pos++] = f[j];
				}
				out[pos++] = '"';
			}
			out[pos++] = '\n';
		}
		read_all(out, pos, b);
		check(b->n == a->n, "the written records read back as a different number of records");
		for (int k = 0; k < a->n; k++)
		{
			check(b->nfields[k] == a->nfields[k], "a record read back with a different number of fields");
			for (int i = 0; i < a->nfields[k]; i++)
				check(b->len[k][i] == a->len[k][i] &&
					  memcmp(b->text[k] + b->off[k][i], a->text[k] + a->off[k][i], a->len[k][i]) == 0,
					  "a field read back differently");
			free(b->text[k]);
		}
		free(out);
	}
	for (int k = 0; k < a->n; k++)
		free(a->text[k]);
	return 0;
}

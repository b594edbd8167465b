/*
 * ingest_ctdc.c
 *	  CTDC exports (the global dataset, its synthetic releases and the
 *	  victim-perpetrator file) parsed and mapped to hub values in one pass.
 *
 * The header decides what each column means: known names are mapped, flag
 * columns through the compiled-in CTDC crosswalk (value 1 -> terms), and
 * every other column is reported by ctdc_unused_columns, never guessed at.
 * A row that cannot be mapped comes back with the column, the reason and the
 * offending value (CTDC files hold no identifiers of people), for the
 * rejects table; "-99" and empty are CTDC's "unknown".
 *
 * Country codes are resolved here too, against tst_hub.country_codes read
 * once per call into a hash table: a join per row of the parsed file with
 * the view cost about half as much as a plain COPY of the file.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "datatype/timestamp.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/datetime.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "common/common.h"
#include "hub/csv_reader.h"
#include "taxonomy/taxonomy.h"
#include "taxonomy/term_set.h"
#include "taxonomy/vocabulary.h"

#define FACET_EXPLOITATION 1
#define FACET_CONTROL 2
#define FACET_INDUSTRY 4
#define FACET_PALERMO_MEANS 9
#define MAX_FLAG_TERMS 4
#define MAX_ROW_TERMS 64
#define PROGRESS_EVERY 100000

typedef enum CtdcKind
{
	CTDC_UNUSED,
	CTDC_YEAR,
	CTDC_GENDER,
	CTDC_AGE,
	CTDC_MAJORITY,				/* majorityStatus, majorityEntry */
	CTDC_MAJORITY_EXPLOIT,		/* majorityStatusAtExploit: wins over the others */
	CTDC_CITIZENSHIP,
	CTDC_COUNTRY,
	CTDC_REGION,
	CTDC_FLAG
} CtdcKind;

#define MAX_GENDER_VALUES 16

typedef struct CtdcColumn
{
	CtdcKind	kind;
	int			nterms;
	int64		terms[MAX_FLAG_TERMS];
	/* gender: the CTDC spellings and their terms, from the crosswalk */
	int			nvalues;
	const char *values[MAX_GENDER_VALUES];
	int64		value_terms[MAX_GENDER_VALUES];
} CtdcColumn;

/* Output columns of ctdc_rows, in order. */
enum
{
	OUT_LINE, OUT_REJECT_COLUMN, OUT_REJECT_REASON, OUT_REJECT_VALUE,
	OUT_REPORTED_ON, OUT_REPORTED_UNTIL, OUT_GENDER, OUT_AGE_BAND, OUT_MINOR,
	OUT_CITIZENSHIP, OUT_COUNTRY, OUT_REGION, OUT_EXPLOITATION,
	OUT_EXPLOITATION_FORMS, OUT_MEANS, OUT_INDUSTRY, OUT_CENTROID,
	OUT_CENTROID_CELL, OUT_NCOLS
};

/* One accepted spelling of a country (tst_hub.country_codes). */
typedef struct CountryEntry
{
	uint32		key;			/* the code's up to 3 bytes, packed */
	char		iso2[3];
	bool		has_centroid;
	bool		has_cell;
	Datum		centroid;		/* geometry, copied out of SPI */
	Datum		cell;			/* cell is a pass-by-value int8 */
} CountryEntry;

static const char *const age_bands[] = {
	"0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+"
};
#define MINOR_BANDS 2			/* the first two bands are under 18 */

static const char *const regions[] = {
	"Africa", "Americas", "Asia", "Europe", "Oceania", "Americas/Oceania"
};

static int
facet_of(int64 code)
{
	return (int) ((uint64) code >> 56);
}

/* What a header name means; flag columns take their terms from the crosswalk. */
static void
classify_column(const char *name, CtdcColumn *col)
{
	col->kind = CTDC_UNUSED;
	col->nterms = 0;
	col->nvalues = 0;
	if (strcmp(name, "yearOfRegistration") == 0 || strcmp(name, "yearRegister") == 0)
		col->kind = CTDC_YEAR;
	else if (strcmp(name, "gender") == 0)
	{
		col->kind = CTDC_GENDER;
		for (int i = 0; i < vocab_crosswalk_count; i++)
		{
			const VocabCrosswalk *x = &vocab_crosswalk[i];

			if (strcmp(x->scheme, "ctdc") == 0 && strcmp(x->field, "gender") == 0 &&
				x->relation != XWALK_EXTERNAL_BROADER && col->nvalues < MAX_GENDER_VALUES)
			{
				col->values[col->nvalues] = x->value;
				col->value_terms[col->nvalues++] = vocab_nodes[x->node].code;
			}
		}
	}
	else if (strcmp(name, "ageBroad") == 0)
		col->kind = CTDC_AGE;
	else if (strcmp(name, "majorityStatus") == 0 || strcmp(name, "majorityEntry") == 0)
		col->kind = CTDC_MAJORITY;
	else if (strcmp(name, "majorityStatusAtExploit") == 0)
		col->kind = CTDC_MAJORITY_EXPLOIT;
	else if (strcmp(name, "citizenship") == 0)
		col->kind = CTDC_CITIZENSHIP;
	else if (strcmp(name, "CountryOfExploitation") == 0)
		col->kind = CTDC_COUNTRY;
	else if (strcmp(name, "UN_COE_Region") == 0)
		col->kind = CTDC_REGION;
	else
	{
		for (int i = 0; i < vocab_crosswalk_count; i++)
		{
			const VocabCrosswalk *x = &vocab_crosswalk[i];
			int64		code;
			int			facet;

			if (strcmp(x->scheme, "ctdc") != 0 || strcmp(x->field, name) != 0 ||
				strcmp(x->value, "1") != 0 || x->relation == XWALK_EXTERNAL_BROADER)
				continue;
			code = vocab_nodes[x->node].code;
			facet = facet_of(code);
			/* roles and relationships have no incident column */
			if (facet != FACET_EXPLOITATION && facet != FACET_CONTROL &&
				facet != FACET_INDUSTRY && facet != FACET_PALERMO_MEANS)
				continue;
			if (col->nterms < MAX_FLAG_TERMS)
				col->terms[col->nterms++] = code;
		}
		if (col->nterms > 0)
			col->kind = CTDC_FLAG;
	}
}

static bool
is_unknown(const char *v, int len)
{
	return len == 0 || (len == 3 && memcmp(v, "-99", 3) == 0);
}

/* A year 1900..2100, all digits, or -1. */
static int
parse_year(const char *s, int len)
{
	int			y = 0;

	if (len != 4)
		return -1;
	for (int i = 0; i < 4; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (s[i] - '0');
	}
	return (y >= 1900 && y <= 2100) ? y : -1;
}

static DateADT
year_day(int y, int m, int d)
{
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

/*
 * The most specific description of a set of terms of one facet: drop every
 * term that is an ancestor of another; one left is the answer, several give
 * their nearest common ancestor.
 */
static int64
most_specific(const int64 *codes, int n)
{
	int64		keep[MAX_ROW_TERMS];
	int			k = 0;
	int64		lca;

	keep[0] = codes[0];

	for (int i = 0; i < n; i++)
	{
		bool		ancestor = false;

		for (int j = 0; j < n && !ancestor; j++)
			if (codes[j] != codes[i] && term_within(codes[j], codes[i]))
				ancestor = true;
		if (!ancestor)
			keep[k++] = codes[i];
	}
	lca = keep[0];
	for (int i = 1; i < k; i++)
	{
		int			d = Min(term_depth(lca), term_depth(keep[i]));

		while (d > 0 && term_at_depth(lca, d) != term_at_depth(keep[i], d))
			d--;
		lca = term_at_depth(lca, d);
	}
	return lca;
}

typedef struct CtdcRow
{
	const char *reject_column;
	const char *reject_reason;
	const char *reject_value;
	int			reject_len;
	bool		has_year;
	DateADT		from,
				until;
	int64		gender;
	int			age;			/* index into age_bands, -1 unknown */
	int			majority;		/* -1 unknown, 0 adult, 1 minor */
	int			majority_exploit;
	const CountryEntry *citizenship;
	const CountryEntry *country;
	const char *region;
	int			nforms,
				nmeans,
				nindustry;
	int64		forms[MAX_ROW_TERMS],
				means[MAX_ROW_TERMS],
				industry[MAX_ROW_TERMS];
} CtdcRow;

static bool
reject(CtdcRow *row, const char *column, const char *reason, const char *value, int len)
{
	row->reject_column = column;
	row->reject_reason = reason;
	row->reject_value = value;
	row->reject_len = len;
	return false;
}

static uint32
country_key(const char *u, int len)
{
	uint32		k = 0;

	for (int i = 0; i < len; i++)
		k = (k << 8) | (unsigned char) u[i];
	return k;
}

/* The countries a CTDC record may name: every spelling of country_codes. */
static HTAB *
load_countries(Oid fn_oid)
{
	HASHCTL		ctl;
	HTAB	   *h;
	char	   *schema = get_namespace_name(get_func_namespace(fn_oid));
	MemoryContext outer = CurrentMemoryContext;

	ctl.keysize = sizeof(uint32);
	ctl.entrysize = sizeof(CountryEntry);
	ctl.hcxt = outer;
	h = hash_create("ctdc_rows countries", 1024, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(psprintf("SELECT code::text, iso2::text, centroid, centroid_cell FROM %s.country_codes",
							 quote_identifier(schema)), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read %s.country_codes", schema);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		char	   *code = SPI_getvalue(tup, desc, 1);
		char	   *iso2 = SPI_getvalue(tup, desc, 2);
		bool		isnull;
		Datum		centroid,
					cell;
		CountryEntry *e;
		uint32		key;
		bool		found;

		/* codes are upper-case alpha-2 or alpha-3 (countries' checks) */
		if (code == NULL || iso2 == NULL || strlen(code) < 2 || strlen(code) > 3 || strlen(iso2) != 2)
			continue;
		key = country_key(code, strlen(code));
		e = hash_search(h, &key, HASH_ENTER, &found);
		if (found)
			continue;
		memcpy(e->iso2, iso2, 3);
		centroid = SPI_getbinval(tup, desc, 3, &isnull);
		e->has_centroid = !isnull;
		if (!isnull)
		{
			MemoryContext spi = MemoryContextSwitchTo(outer);

			e->centroid = PointerGetDatum(PG_DETOAST_DATUM_COPY(centroid));
			MemoryContextSwitchTo(spi);
		}
		cell = SPI_getbinval(tup, desc, 4, &isnull);
		e->has_cell = !isnull;
		e->cell = isnull ? (Datum) 0 : cell;
	}
	SPI_finish();
	return h;
}

/* A country code as written: two letters/digits or ISO alpha-3, in any
 * case; ZZ is CTDC's "unknown" (*out = NULL).  false with *unknown unset
 * when it is not shaped like a code, with *unknown set when it is but no
 * country has it. */
static bool
country_code(HTAB *countries, const char *v, int len, const CountryEntry **out, bool *unknown)
{
	char		u[3];
	uint32		key;

	*unknown = false;
	if (len != 2 && len != 3)
		return false;
	for (int i = 0; i < len; i++)
		u[i] = (v[i] >= 'a' && v[i] <= 'z') ? v[i] - ('a' - 'A') : v[i];
	if (!(u[0] >= 'A' && u[0] <= 'Z'))
		return false;
	if (len == 2 && !((u[1] >= 'A' && u[1] <= 'Z') || (u[1] >= '0' && u[1] <= '9')))
		return false;
	if (len == 3 && !(u[1] >= 'A' && u[1] <= 'Z' && u[2] >= 'A' && u[2] <= 'Z'))
		return false;
	if (len == 2 && u[0] == 'Z' && u[1] == 'Z')
	{
		*out = NULL;
		return true;
	}
	key = country_key(u, len);
	*out = hash_search(countries, &key, HASH_FIND, NULL);
	if (*out == NULL)
	{
		*unknown = true;
		return false;
	}
	return true;
}

static bool
map_row(CsvReader *r, char **names, const CtdcColumn *cols, int ncols, HTAB *countries, CtdcRow *row)
{
	bool		unknown;

	memset(row, 0, offsetof(CtdcRow, forms));
	row->age = row->majority = row->majority_exploit = -1;

	if (r->nfields == 1 && r->len[0] == 0 && ncols > 1)
		return reject(row, NULL, "empty line", NULL, 0);
	if (r->nfields != ncols || r->too_many)
	{
		static char reason[80];

		snprintf(reason, sizeof(reason), "%d fields, the header has %d",
				 r->too_many ? CSV_MAX_FIELDS : r->nfields, ncols);
		return reject(row, NULL, reason, NULL, 0);
	}
	for (int c = 0; c < ncols; c++)
	{
		char	   *v = (char *) csv_field(r, c);
		int			len = r->len[c];

		if (cols[c].kind == CTDC_UNUSED || is_unknown(v, len))
			continue;
		switch (cols[c].kind)
		{
			case CTDC_YEAR:
				{
					int			y1 = parse_year(v, Min(len, 4)),
								y2 = y1;

					if (len == 9 && v[4] == '-')
						y2 = parse_year(v + 5, 4);
					else if (len != 4)
						y1 = -1;
					if (y1 < 0 || y2 < 0 || y2 < y1)
						return reject(row, names[c], "not a year (2019) or a range of years (2005-2013)", v, len);
					row->has_year = true;
					row->from = year_day(y1, 1, 1);
					row->until = year_day(y2, 12, 31);
					break;
				}
			case CTDC_GENDER:
				{
					bool		found = false;

					for (int i = 0; i < cols[c].nvalues && !found; i++)
						if (strcmp(cols[c].values[i], v) == 0)
						{
							row->gender = cols[c].value_terms[i];
							found = true;
						}
					if (!found)
						return reject(row, names[c], "unknown category", v, len);
					break;
				}
			case CTDC_AGE:
				for (int i = 0; i < (int) lengthof(age_bands); i++)
					if (strcmp(v, age_bands[i]) == 0)
						row->age = i;
				if (row->age < 0)
					return reject(row, names[c], "unknown age band", v, len);
				break;
			case CTDC_MAJORITY:
			case CTDC_MAJORITY_EXPLOIT:
				{
					int			m = pg_strcasecmp(v, "minor") == 0 ? 1 :
						pg_strcasecmp(v, "adult") == 0 ? 0 : -1;

					if (m < 0)
						return reject(row, names[c], "majority status must be Adult or Minor", v, len);
					if (cols[c].kind == CTDC_MAJORITY_EXPLOIT)
						row->majority_exploit = m;
					else if (row->majority < 0)
						row->majority = m;
					break;
				}
			case CTDC_CITIZENSHIP:
			case CTDC_COUNTRY:
				if (!country_code(countries, v, len,
								  cols[c].kind == CTDC_COUNTRY ? &row->country : &row->citizenship,
								  &unknown))
					return reject(row, names[c], unknown ? "unknown country code" : "not a country code", v, len);
				break;
			case CTDC_REGION:
				for (int i = 0; i < (int) lengthof(regions); i++)
					if (strcmp(v, regions[i]) == 0)
						row->region = regions[i];
				if (row->region == NULL)
					return reject(row, names[c], "unknown region", v, len);
				break;
			case CTDC_FLAG:
				if (len == 1 && v[0] == '0')
					break;
				if (!(len == 1 && v[0] == '1'))
					return reject(row, names[c], "flag must be 1, 0, -99 or empty", v, len);
				for (int i = 0; i < cols[c].nterms; i++)
				{
					int64		t = cols[c].terms[i];

					switch (facet_of(t))
					{
						case FACET_EXPLOITATION:
							if (row->nforms < MAX_ROW_TERMS)
								row->forms[row->nforms++] = t;
							break;
						case FACET_INDUSTRY:
							if (row->nindustry < MAX_ROW_TERMS)
								row->industry[row->nindustry++] = t;
							break;
						default:
							if (row->nmeans < MAX_ROW_TERMS)
								row->means[row->nmeans++] = t;
							break;
					}
				}
				break;
			case CTDC_UNUSED:
				break;
		}
	}
	/* the status at exploitation is what incidents.minor records */
	if (row->majority_exploit >= 0)
		row->majority = row->majority_exploit;
	if (row->majority >= 0 && row->age >= 0 && row->majority != (row->age < MINOR_BANDS))
	{
		for (int c = 0; c < ncols; c++)
			if (cols[c].kind == CTDC_MAJORITY || cols[c].kind == CTDC_MAJORITY_EXPLOIT)
				return reject(row, names[c], "majority status contradicts the age band",
							  csv_field(r, c), r->len[c]);
	}
	return true;
}

/* Read the header; column names as palloc'd strings. */
static int
read_header(CsvReader *r, char ***names_out)
{
	char	  **names;

	if (csv_next(r) != CSV_RECORD || (r->nfields == 1 && r->len[0] == 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the file has no header line"),
				 errhint("CSV exports start with a line of column names.")));
	if (r->too_many)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the header has more than %d columns", CSV_MAX_FIELDS)));
	names = palloc(sizeof(char *) * r->nfields);
	for (int i = 0; i < r->nfields; i++)
	{
		names[i] = pstrdup(csv_field(r, i));
		for (int j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 /* positions, not the name (it may be personal data) */
						 errmsg("header columns %d and %d have the same name", j + 1, i + 1),
						 errhint("Each column of the header line needs its own name.")));
	}
	*names_out = names;
	return r->nfields;
}

static Datum
text_or_null(const char *s, int len, bool *isnull)
{
	*isnull = (s == NULL);
	return s ? PointerGetDatum(cstring_to_text_with_len(s, len < 0 ? strlen(s) : len)) : (Datum) 0;
}

PG_FUNCTION_INFO_V1(ctdc_rows);
Datum
ctdc_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *data = PG_GETARG_TEXT_PP(0);
	CsvReader	r;
	char	  **names;
	CtdcColumn *cols;
	int			ncols;
	CtdcRow		row;
	int64		nread = 0,
				naccepted = 0,
				nrejected = 0;
	TimestampTz started = GetCurrentTimestamp();
	CsvStatus	st;
	MemoryContext rowcxt,
				oldcxt;
	HTAB	   *countries;

	InitMaterializedSRF(fcinfo, 0);
	countries = load_countries(fcinfo->flinfo->fn_oid);
	/* each record's values are copied into the tuplestore, then freed */
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "ctdc_rows record", ALLOCSET_DEFAULT_SIZES);
	csv_init(&r, VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data));
	ncols = read_header(&r, &names);
	cols = palloc(sizeof(CtdcColumn) * ncols);
	for (int c = 0; c < ncols; c++)
		classify_column(names[c], &cols[c]);

	while ((st = csv_next(&r)) != CSV_EOF)
	{
		Datum		values[OUT_NCOLS];
		bool		nulls[OUT_NCOLS];

		CHECK_FOR_INTERRUPTS();
		MemoryContextReset(rowcxt);
		oldcxt = MemoryContextSwitchTo(rowcxt);
		memset(nulls, true, sizeof(nulls));
		values[OUT_LINE] = Int64GetDatum(r.record_line);
		nulls[OUT_LINE] = false;
		nread++;
		if (st == CSV_UNTERMINATED)
		{
			values[OUT_REJECT_REASON] = CStringGetTextDatum("quoted field not closed before the end of the file");
			nulls[OUT_REJECT_REASON] = false;
			nrejected++;
			MemoryContextSwitchTo(oldcxt);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			break;
		}
		if (!map_row(&r, names, cols, ncols, countries, &row))
		{
			values[OUT_REJECT_COLUMN] = text_or_null(row.reject_column, -1, &nulls[OUT_REJECT_COLUMN]);
			values[OUT_REJECT_REASON] = text_or_null(row.reject_reason, -1, &nulls[OUT_REJECT_REASON]);
			if (row.reject_value)
			{
				char	   *shown = tst_shown(row.reject_value, row.reject_len, 60);

				values[OUT_REJECT_VALUE] = CStringGetTextDatum(shown);
				nulls[OUT_REJECT_VALUE] = false;
			}
			nrejected++;
		}
		else
		{
			naccepted++;
			if (row.has_year)
			{
				values[OUT_REPORTED_ON] = DateADTGetDatum(row.from);
				values[OUT_REPORTED_UNTIL] = DateADTGetDatum(row.until);
				nulls[OUT_REPORTED_ON] = nulls[OUT_REPORTED_UNTIL] = false;
			}
			if (row.gender)
			{
				values[OUT_GENDER] = Int64GetDatum(row.gender);
				nulls[OUT_GENDER] = false;
			}
			if (row.age >= 0)
				values[OUT_AGE_BAND] = text_or_null(age_bands[row.age], -1, &nulls[OUT_AGE_BAND]);
			if (row.majority >= 0)
			{
				values[OUT_MINOR] = BoolGetDatum(row.majority == 1);
				nulls[OUT_MINOR] = false;
			}
			if (row.citizenship)
				values[OUT_CITIZENSHIP] = text_or_null(row.citizenship->iso2, 2, &nulls[OUT_CITIZENSHIP]);
			if (row.country)
			{
				values[OUT_COUNTRY] = text_or_null(row.country->iso2, 2, &nulls[OUT_COUNTRY]);
				values[OUT_CENTROID] = row.country->centroid;
				nulls[OUT_CENTROID] = !row.country->has_centroid;
				values[OUT_CENTROID_CELL] = row.country->cell;
				nulls[OUT_CENTROID_CELL] = !row.country->has_cell;
			}
			values[OUT_REGION] = text_or_null(row.region, -1, &nulls[OUT_REGION]);
			if (row.nforms > 0)
			{
				values[OUT_EXPLOITATION] = Int64GetDatum(most_specific(row.forms, row.nforms));
				values[OUT_EXPLOITATION_FORMS] = PointerGetDatum(term_set_from_codes(row.forms, row.nforms));
				nulls[OUT_EXPLOITATION] = nulls[OUT_EXPLOITATION_FORMS] = false;
			}
			if (row.nmeans > 0)
			{
				values[OUT_MEANS] = PointerGetDatum(term_set_from_codes(row.means, row.nmeans));
				nulls[OUT_MEANS] = false;
			}
			if (row.nindustry > 0)
			{
				values[OUT_INDUSTRY] = Int64GetDatum(most_specific(row.industry, row.nindustry));
				nulls[OUT_INDUSTRY] = false;
			}
		}
		MemoryContextSwitchTo(oldcxt);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		if (nread % PROGRESS_EVERY == 0)
		{
			long		secs;
			int			usecs;
			double		elapsed;

			TimestampDifference(started, GetCurrentTimestamp(), &secs, &usecs);
			elapsed = secs + usecs / 1e6;
			ereport(NOTICE,
					(errmsg("ingest: " INT64_FORMAT " rows read, " INT64_FORMAT " accepted, " INT64_FORMAT " rejected",
							nread, naccepted, nrejected),
					 errdetail("%.0f rows/s of the parse", elapsed > 0 ? nread / elapsed : 0.0)));
		}
	}
	MemoryContextDelete(rowcxt);
	return (Datum) 0;
}

/* The header's columns that ctdc_rows does not load (recorded per batch). */
PG_FUNCTION_INFO_V1(ctdc_unused_columns);
Datum
ctdc_unused_columns(PG_FUNCTION_ARGS)
{
	text	   *data = PG_GETARG_TEXT_PP(0);
	CsvReader	r;
	char	  **names;
	int			ncols;
	Datum	   *out;
	int			n = 0;

	/* only the header is read: a short prefix is enough */
	csv_init(&r, VARDATA_ANY(data), VARSIZE_ANY_EXHDR(data));
	ncols = read_header(&r, &names);
	out = palloc(sizeof(Datum) * ncols);
	for (int c = 0; c < ncols; c++)
	{
		CtdcColumn	col;

		classify_column(names[c], &col);
		if (col.kind == CTDC_UNUSED)
			out[n++] = CStringGetTextDatum(names[c]);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(out, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* The most specific term describing a set (see most_specific); NULL for an
 * empty set or terms of different facets. */
PG_FUNCTION_INFO_V1(term_set_most_specific);
Datum
term_set_most_specific(PG_FUNCTION_ARGS)
{
	TermSet    *s = PG_GETARG_TERM_SET(0);
	int64		t;

	if (s->count == 0 || s->count > MAX_ROW_TERMS)
		PG_RETURN_NULL();
	if (facet_of(s->items[0]) != facet_of(s->items[s->count - 1]))
		PG_RETURN_NULL();
	t = most_specific(s->items, s->count);
	PG_RETURN_INT64(t);
}

/*
 * incident_checks.c
 *	  The row tests of the hub's CHECK constraints that run for every
 *	  ingested record, in C.
 *
 * The SQL they replace (a regular expression on a char(2) cast to text;
 * array_position and cardinality, each detoasting the array again) cost
 * about half of all the checks of an incidents row.  The accepted sets are
 * the same; test/pgtap/59-ingest_checks.sql compares both on edge inputs.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

/* the most pseudonyms an incident lists per role (docs/HUB.md) */
#define MAX_LISTED_PEOPLE 1000

/*
 * A country code as the hub stores it: after trailing spaces (which char(n)
 * pads with, and the cast to text drops), an upper-case ASCII letter, then
 * one or a digit; what '^[A-Z][A-Z0-9]$' accepted.  Bytes suffice: every
 * accepted character is ASCII, and a byte of a multibyte character is not.
 */
PG_FUNCTION_INFO_V1(country_code_valid);
Datum
country_code_valid(PG_FUNCTION_ARGS)
{
	BpChar	   *code = PG_GETARG_BPCHAR_PP(0);
	const char *s = VARDATA_ANY(code);
	int			len = VARSIZE_ANY_EXHDR(code);

	while (len > 0 && s[len - 1] == ' ')
		len--;
	PG_RETURN_BOOL(len == 2 &&
				   s[0] >= 'A' && s[0] <= 'Z' &&
				   ((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= '0' && s[1] <= '9')));
}

/*
 * A list of victims or suspects: no NULL element and at most 1000 of them,
 * read once.  A list of more than one dimension is not a list (the SQL
 * refused it too: array_position raised 0A000 on it).
 */
PG_FUNCTION_INFO_V1(pseudonym_list_valid);
Datum
pseudonym_list_valid(PG_FUNCTION_ARGS)
{
	ArrayType  *list = PG_GETARG_ARRAYTYPE_P(0);

	PG_RETURN_BOOL(ARR_NDIM(list) <= 1 &&
				   ArrayGetNItems(ARR_NDIM(list), ARR_DIMS(list)) <= MAX_LISTED_PEOPLE &&
				   !array_contains_nulls(list));
}

/*
 * age_band.c
 *	  CTDC age bands and the Palermo minor threshold.
 *
 * Bands as CTDC publishes them (ageBroad): 0--8, 9--17, 18--20, 21--23,
 * 24--26, 27--29, 30--38, 39--47, 48+ (closed ranges of whole years).
 * A minor is under 18 (Palermo Protocol art. 3(d)).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#define MAX_HUMAN_AGE 130
#define ADULT_AGE 18

static const struct
{
	int			upper;			/* last age in the band */
	const char *label;
}			ctdc_bands[] =
{
	{8, "0--8"}, {17, "9--17"}, {20, "18--20"}, {23, "21--23"}, {26, "24--26"},
	{29, "27--29"}, {38, "30--38"}, {47, "39--47"}, {MAX_HUMAN_AGE, "48+"}
};

static int32
checked_age(int32 age)
{
	if (age < 0 || age > MAX_HUMAN_AGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("age %d is out of range", age),
				 errdetail("Ages are whole years from 0 to %d.", MAX_HUMAN_AGE)));
	return age;
}

PG_FUNCTION_INFO_V1(age_band);
Datum
age_band(PG_FUNCTION_ARGS)
{
	int32		age = checked_age(PG_GETARG_INT32(0));

	for (int i = 0; i < (int) lengthof(ctdc_bands); i++)
		if (age <= ctdc_bands[i].upper)
			PG_RETURN_TEXT_P(cstring_to_text(ctdc_bands[i].label));
	pg_unreachable();
}

PG_FUNCTION_INFO_V1(is_minor);
Datum
is_minor(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(checked_age(PG_GETARG_INT32(0)) < ADULT_AGE);
}

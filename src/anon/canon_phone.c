/*
 * canon_phone.c
 *	  tst_hub.canon_phone(text, default_country text): the SQL face of the
 *	  phone canonicaliser in phone.c.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "anon/phone.h"
#include "anon/phone_sql.h"
#include "common/common.h"

char *
canon_phone_text(text *phone, text *country)
{
	const char *s = VARDATA_ANY(phone);
	size_t		len = VARSIZE_ANY_EXHDR(phone);
	char		out[PHONE_E164_BUFSIZE];
	PhoneError	err;
	PhoneStatus st;

	/* Past the limit nothing is read, so converting it would be wasted work. */
	if (len <= PHONE_INPUT_MAX)
	{
		s = tst_to_utf8(s, len);
		len = strlen(s);
	}

	/*
	 * The country code is ASCII when valid, and ASCII is the same in every
	 * server encoding; the parser refuses anything else without decoding.
	 */
	st = phone_canonicalise(s, len,
							country ? VARDATA_ANY(country) : NULL,
							country ? VARSIZE_ANY_EXHDR(country) : 0,
							out, &err);
	if (st == PHONE_OK)
		return pstrdup(out);
	ereport(ERROR,
			(errcode(st == PHONE_BAD_COUNTRY ? ERRCODE_INVALID_PARAMETER_VALUE :
					 ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("%s", err.message),
			 err.detail[0] ? errdetail("%s", err.detail) : 0,
			 err.hint[0] ? errhint("%s", err.hint) : 0));
	pg_unreachable();
}

PG_FUNCTION_INFO_V1(canon_phone);
Datum
canon_phone(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(canon_phone_text(PG_GETARG_TEXT_PP(0),
													  PG_GETARG_TEXT_PP(1))));
}

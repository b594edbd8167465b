/*
 * canon_identifier.c
 *	  The kind -> canonicaliser dispatch used by pseudonymise.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "anon/canon.h"
#include "anon/phone_sql.h"
#include "common/common.h"

char *
canon_identifier(const char *kind, text *value, text *country)
{
	char	   *utf8;
	int			len;

	if (strcmp(kind, "phone") == 0)
		return canon_phone_text(value, country);
	utf8 = tst_to_utf8(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
	len = strlen(utf8);
	if (strcmp(kind, "email") == 0)
		return canon_email_utf8(utf8, len);
	if (strcmp(kind, "name") == 0)
		return canon_name_utf8(utf8, len, false);
	if (strcmp(kind, "doc_id") == 0)
		return canon_doc_id_utf8(utf8, len);
	if (strcmp(kind, "raw") == 0)
	{
		if (len == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid raw identifier"),
					 errdetail("It is empty.")));
		return utf8;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown identifier kind \"%s\"", tst_shown(kind, strlen(kind), 20)),
			 errhint("Kinds are phone, email, name, doc_id and raw.")));
	pg_unreachable();
}

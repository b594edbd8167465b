/*
 * phone_sql.h
 *	  The backend-side entry to the phone canonicaliser, for other C code
 *	  (the pseudonymise dispatcher) that needs a phone number's E.164 form.
 */
#ifndef TST_HUB_PHONE_SQL_H
#define TST_HUB_PHONE_SQL_H

#include "fmgr.h"

/*
 * E.164 form (palloc'd, ASCII) of a phone number in the server encoding.
 * country is the default country's ISO 3166-1 alpha-2 code, or NULL to
 * accept only numbers that carry their country code ("+" or "00").
 * Raises 22P02 for an impossible number, 22023 for an unknown country.
 */
extern char *canon_phone_text(text *phone, text *country);

#endif

/*
 * canon.h
 *	  Canonicalisers: one spelling per identifier, so one pseudonym per
 *	  person.  Each returns palloc'd UTF-8 or raises 22P02 with the reason
 *	  (never echoing the identifier itself).
 */
#ifndef TST_HUB_CANON_H
#define TST_HUB_CANON_H

#include "fmgr.h"

extern char *canon_email_utf8(const char *utf8, int len);
extern char *canon_name_utf8(const char *utf8, int len, bool transliterate);
extern char *canon_doc_id_utf8(const char *utf8, int len);

/*
 * Canonical form of an identifier of a kind: phone, email, name, doc_id or
 * raw (taken as it is).  country is the default country for national phone
 * numbers (may be NULL).  Unknown kinds raise 22023.
 */
extern char *canon_identifier(const char *kind, text *value, text *country);

#endif

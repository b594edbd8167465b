/*
 * pseudonymise.c
 *	  pseudonymise(kind, value, scope): canonicalise an identifier, then
 *	  HMAC-SHA256 it under the scope's current key (PostgreSQL's own
 *	  common/hmac.h).  Same identifier, same scope: same token, whatever the
 *	  spelling; another scope: an unlinkable token.
 *
 * EXECUTE on these functions is the privilege boundary (only
 * tst_hub_pseudonymiser): with it anyone could hash guesses and compare.
 * Their C symbols start with "keyed_" so the catalog test can find every
 * function that touches key material.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "anon/anon.h"
#include "anon/canon.h"

/* Domain separation: these tokens can never equal another use's HMACs. */
#define MAC_CONTEXT "tst_hub:pseudonym:1"

void
anon_make_token(const ScopeKey *key, const char *kind, const char *scope,
				const char *canonical, Pseudonym *out)
{
	const char *parts[4] = {MAC_CONTEXT, kind, scope, canonical};
	uint8		mac[ANON_MAC_BYTES];

	anon_hmac(key, parts, lengthof(parts), mac);
	out->bytes[0] = PSEUDONYM_FORMAT;
	out->bytes[1] = (uint8) key->version;
	memcpy(out->bytes + 2, mac, PSEUDONYM_MAC_BYTES);
	explicit_bzero(mac, sizeof(mac));
}

/*
 * Arguments shared by every keyed function, from position first:
 * kind, value, scope, default_country.  Returns false on a NULL that makes
 * the result NULL.
 */
static bool
canonical_args(FunctionCallInfo fcinfo, int first, char **kind, char **canonical, char **scope)
{
	text	   *country;

	if (PG_ARGISNULL(first) || PG_ARGISNULL(first + 1) || PG_ARGISNULL(first + 2))
		return false;
	*kind = text_to_cstring(PG_GETARG_TEXT_PP(first));
	*scope = text_to_cstring(PG_GETARG_TEXT_PP(first + 2));
	anon_check_scope(*scope);	/* before any work, whatever the value */
	country = PG_ARGISNULL(first + 3) ? NULL : PG_GETARG_TEXT_PP(first + 3);
	*canonical = canon_identifier(*kind, PG_GETARG_TEXT_PP(first + 1), country);
	return true;
}

PG_FUNCTION_INFO_V1(keyed_pseudonymise);
Datum
keyed_pseudonymise(PG_FUNCTION_ARGS)
{
	char	   *kind,
			   *canonical,
			   *scope;
	Pseudonym  *p = palloc(sizeof(Pseudonym));

	if (!canonical_args(fcinfo, 0, &kind, &canonical, &scope))
		PG_RETURN_NULL();
	anon_make_token(anon_cached_key(fcinfo, scope, 0), kind, scope, canonical, p);
	PG_RETURN_POINTER(p);
}

/* Does the token belong to this identifier (under the key version it names)? */
static bool
token_matches(FunctionCallInfo fcinfo, const Pseudonym *token, const char *kind,
			  const char *scope, const char *canonical)
{
	Pseudonym	again;
	uint8		diff = 0;

	anon_make_token(anon_cached_key(fcinfo, scope, token->bytes[1]), kind, scope, canonical, &again);
	/* constant time: the comparison must not say how much matched */
	for (int i = 0; i < PSEUDONYM_BYTES; i++)
		diff |= again.bytes[i] ^ token->bytes[i];
	return diff == 0;
}

PG_FUNCTION_INFO_V1(keyed_pseudonym_verify);
Datum
keyed_pseudonym_verify(PG_FUNCTION_ARGS)
{
	char	   *kind,
			   *canonical,
			   *scope;

	if (PG_ARGISNULL(0) || !canonical_args(fcinfo, 1, &kind, &canonical, &scope))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(token_matches(fcinfo, PG_GETARG_PSEUDONYM(0), kind, scope, canonical));
}

/* An old token, re-made under the scope's current key. */
PG_FUNCTION_INFO_V1(keyed_pseudonym_rekey);
Datum
keyed_pseudonym_rekey(PG_FUNCTION_ARGS)
{
	char	   *kind,
			   *canonical,
			   *scope;
	Pseudonym  *p;

	if (PG_ARGISNULL(0) || !canonical_args(fcinfo, 1, &kind, &canonical, &scope))
		PG_RETURN_NULL();
	if (!token_matches(fcinfo, PG_GETARG_PSEUDONYM(0), kind, scope, canonical))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the pseudonym was not made from this identifier in scope \"%s\"", scope)));
	p = palloc(sizeof(Pseudonym));
	anon_make_token(anon_cached_key(fcinfo, scope, 0), kind, scope, canonical, p);
	PG_RETURN_POINTER(p);
}

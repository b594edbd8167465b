/*
 * anon.h
 *	  The anonymisation pillar's interface: pseudonym tokens and scoped keys.
 */
#ifndef TST_HUB_ANON_H
#define TST_HUB_ANON_H

#include "fmgr.h"

#define KEY_BYTES 32			/* 256-bit HMAC keys */
#define SCOPE_MAX_BYTES 63

/*
 * A pseudonym: 16 bytes, compared as bytes.
 *	 [0]	  token format (1)
 *	 [1]	  key version that made it (1..255)
 *	 [2..15]  the first 14 bytes of HMAC-SHA256(key, message)
 * 112 MAC bits keep accidental collisions negligible far beyond a hub's
 * size (birthday bound about 2^56 identifiers).
 */
#define PSEUDONYM_BYTES 16
#define PSEUDONYM_FORMAT 1
#define PSEUDONYM_MAC_BYTES (PSEUDONYM_BYTES - 2)
#define KEY_VERSION_MAX 255

typedef struct Pseudonym
{
	uint8		bytes[PSEUDONYM_BYTES];
} Pseudonym;

#define DatumGetPseudonym(d)	((Pseudonym *) DatumGetPointer(d))
#define PG_GETARG_PSEUDONYM(n)	DatumGetPseudonym(PG_GETARG_DATUM(n))

/* A scope's key: the current version (version 0) or a given one. */
typedef struct ScopeKey
{
	int			version;
	uint8		key[KEY_BYTES];
	struct pg_hmac_ctx *hmac;	/* keyed HMAC context, set by anon_cached_key */
	bool		hmac_reuse;		/* the HMAC library re-uses its key when given none */
} ScopeKey;

/*
 * Reads a scope's key straight from the extension's key table, without
 * going through SQL privileges: callers are C functions whose EXECUTE right
 * is the gate (granted to tst_hub_pseudonymiser only).  Errors 22023 when
 * the scope has no key (or not that version).  ext_namespace is the schema
 * of the calling function, so the table is found wherever tst_hub lives.
 */
extern void anon_fetch_key(Oid ext_namespace, const char *scope, int version, ScopeKey *out);

/* The same, false instead of the error when there is no such key. */
extern bool anon_find_key(Oid ext_namespace, const char *scope, int version, ScopeKey *out);

/*
 * The scope's key (version 0: current) for this call site, fetched once per
 * query and kept in fn_extra.
 */
extern const ScopeKey *anon_cached_key(FunctionCallInfo fcinfo, const char *scope, int version);

/* HMAC-SHA256 of the NUL-terminated parts, each fed with its NUL. */
#define ANON_MAC_BYTES 32
extern void anon_hmac(const ScopeKey *key, const char *const *parts, int nparts, uint8 *out);

/*
 * The pseudonym of a canonical identifier of a kind (phone, email, name,
 * doc_id, raw) in a scope: what pseudonymise returns, so tokens made
 * elsewhere (pii_redact) join with it.
 */
extern void anon_make_token(const ScopeKey *key, const char *kind, const char *scope,
							const char *canonical, Pseudonym *out);

/*
 * Checks a scope name: 1..63 characters [a-z0-9_.:-], the first a letter
 * a-z; errors 22023 naming the rule.
 */
extern void anon_check_scope(const char *scope);

#endif

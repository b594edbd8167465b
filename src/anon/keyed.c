/*
 * keyed.c
 *	  What every keyed function shares: a per-query cache of scope keys and
 *	  HMAC-SHA256 over NUL-separated parts (PostgreSQL's common/hmac.h).
 */
#include "postgres.h"

#include "common/hmac.h"
#include "fmgr.h"
#include "utils/lsyscache.h"

#include "anon/anon.h"

/* Keys used by this call site in this query, fetched once each. */
#define KEY_CACHE_SLOTS 4

typedef struct KeyCacheSlot
{
	char		scope[SCOPE_MAX_BYTES + 1];
	int			version;		/* as asked for: 0 = current */
	ScopeKey	key;
} KeyCacheSlot;

typedef struct KeyCache
{
	int			next;			/* slot to replace next */
	KeyCacheSlot slots[KEY_CACHE_SLOTS];
} KeyCache;

const ScopeKey *
anon_cached_key(FunctionCallInfo fcinfo, const char *scope, int version)
{
	KeyCache   *cache = (KeyCache *) fcinfo->flinfo->fn_extra;
	KeyCacheSlot *slot;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(KeyCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	for (int i = 0; i < KEY_CACHE_SLOTS; i++)
	{
		slot = &cache->slots[i];
		if (slot->scope[0] != '\0' && slot->version == version && strcmp(slot->scope, scope) == 0)
			return &slot->key;
	}
	slot = &cache->slots[cache->next];
	cache->next = (cache->next + 1) % KEY_CACHE_SLOTS;
	slot->scope[0] = '\0';		/* stays empty if the fetch fails */
	anon_fetch_key(get_func_namespace(fcinfo->flinfo->fn_oid), scope, version, &slot->key);
	strlcpy(slot->scope, scope, sizeof(slot->scope));
	slot->version = version;
	return &slot->key;
}

void
anon_hmac(const ScopeKey *key, const char *const *parts, int nparts, uint8 *out)
{
	pg_hmac_ctx *ctx = pg_hmac_create(PG_SHA256);

	if (ctx == NULL || pg_hmac_init(ctx, key->key, KEY_BYTES) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not start HMAC-SHA256")));
	/* each part with its terminating NUL, so part boundaries are unambiguous */
	for (int i = 0; i < nparts; i++)
		if (pg_hmac_update(ctx, (const uint8 *) parts[i], strlen(parts[i]) + 1) < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not compute HMAC-SHA256")));
	if (pg_hmac_final(ctx, out, ANON_MAC_BYTES) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not finish HMAC-SHA256")));
	pg_hmac_free(ctx);
}

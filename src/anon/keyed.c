/*
 * keyed.c
 *	  What every keyed function shares: a per-query cache of scope keys with
 *	  their HMAC contexts, and HMAC-SHA256 over NUL-separated parts
 *	  (PostgreSQL's common/hmac.h).
 */
#include "postgres.h"

#include "access/xact.h"
#include "common/hmac.h"
#include "fmgr.h"
#include "storage/proc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

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
	/* when filled: PL/pgSQL keeps fn_extra across statements, keys change */
	LocalTransactionId lxid;
	CommandId	cid;
	KeyCacheSlot slots[KEY_CACHE_SLOTS];
} KeyCache;

/*
 * HMAC contexts belong to a resource owner of their own, outside every
 * transaction: an error or a transaction end never frees them under the
 * cache, which frees them itself when the query's memory goes.
 */
static ResourceOwner hmac_owner = NULL;

static bool
hmac_run(pg_hmac_ctx *ctx, const uint8 *key, size_t keylen,
		 const char *const *parts, int nparts, uint8 *out)
{
	if (pg_hmac_init(ctx, key, keylen) < 0)
		return false;
	/* each part with its terminating NUL, so part boundaries are unambiguous */
	for (int i = 0; i < nparts; i++)
		if (pg_hmac_update(ctx, (const uint8 *) parts[i], strlen(parts[i]) + 1) < 0)
			return false;
	return pg_hmac_final(ctx, out, ANON_MAC_BYTES) >= 0;
}

/*
 * A context keyed once.  Setting the key up costs more than hashing a short
 * identifier, so rows re-use it: OpenSSL's HMAC keeps the key when given
 * none.  Whether this build's HMAC does is tested here, not assumed; if it
 * does not, every row passes the key again.
 */
static void
key_hmac(ScopeKey *key, MemoryContext cxt)
{
	static const char *const probe[] = {"tst_hub:probe"};
	uint8		with_key[ANON_MAC_BYTES],
				reused[ANON_MAC_BYTES];
	ResourceOwner saved_owner = CurrentResourceOwner;
	MemoryContext saved_cxt = CurrentMemoryContext;

	if (hmac_owner == NULL)
		hmac_owner = ResourceOwnerCreate(NULL, "tst_hub HMAC");
	/* builds whose HMAC pallocs get the cache's context, not the row's */
	PG_TRY();
	{
		CurrentResourceOwner = hmac_owner;
		MemoryContextSwitchTo(cxt);
		key->hmac = pg_hmac_create(PG_SHA256);
	}
	PG_FINALLY();
	{
		CurrentResourceOwner = saved_owner;
		MemoryContextSwitchTo(saved_cxt);
	}
	PG_END_TRY();
	if (key->hmac == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	if (!hmac_run(key->hmac, key->key, KEY_BYTES, probe, 1, with_key))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute HMAC-SHA256")));
	key->hmac_reuse = hmac_run(key->hmac, NULL, 0, probe, 1, reused) &&
		memcmp(with_key, reused, ANON_MAC_BYTES) == 0;
	explicit_bzero(with_key, sizeof(with_key));
	explicit_bzero(reused, sizeof(reused));
}

static void
free_slot(KeyCacheSlot *slot)
{
	if (slot->key.hmac != NULL)
		pg_hmac_free(slot->key.hmac);
	explicit_bzero(&slot->key, sizeof(slot->key));
	slot->scope[0] = '\0';
}

static void
free_cache(void *arg)
{
	KeyCache   *cache = arg;

	for (int i = 0; i < KEY_CACHE_SLOTS; i++)
		free_slot(&cache->slots[i]);
}

const ScopeKey *
anon_cached_key(FunctionCallInfo fcinfo, const char *scope, int version)
{
	KeyCache   *cache = (KeyCache *) fcinfo->flinfo->fn_extra;
	KeyCacheSlot *slot;

	if (cache == NULL)
	{
		MemoryContextCallback *cb;

		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(KeyCache));
		cb = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(MemoryContextCallback));
		cb->func = free_cache;
		cb->arg = cache;
		MemoryContextRegisterResetCallback(fcinfo->flinfo->fn_mcxt, cb);
		fcinfo->flinfo->fn_extra = cache;
	}
	/* keys read by an earlier statement may have been rotated since */
	if (cache->lxid != MyProc->lxid || cache->cid != GetCurrentCommandId(false))
	{
		free_cache(cache);
		cache->lxid = MyProc->lxid;
		cache->cid = GetCurrentCommandId(false);
	}
	for (int i = 0; i < KEY_CACHE_SLOTS; i++)
	{
		slot = &cache->slots[i];
		if (slot->scope[0] != '\0' && slot->version == version && strcmp(slot->scope, scope) == 0)
			return &slot->key;
	}
	slot = &cache->slots[cache->next];
	cache->next = (cache->next + 1) % KEY_CACHE_SLOTS;
	free_slot(slot);			/* stays empty if the fetch fails */
	anon_fetch_key(get_func_namespace(fcinfo->flinfo->fn_oid), scope, version, &slot->key);
	key_hmac(&slot->key, fcinfo->flinfo->fn_mcxt);
	strlcpy(slot->scope, scope, sizeof(slot->scope));
	slot->version = version;
	return &slot->key;
}

void
anon_hmac(const ScopeKey *key, const char *const *parts, int nparts, uint8 *out)
{
	if (!hmac_run(key->hmac, key->hmac_reuse ? NULL : key->key,
				  key->hmac_reuse ? 0 : KEY_BYTES, parts, nparts, out))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute HMAC-SHA256")));
}

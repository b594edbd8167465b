/*
 * noise_key.c
 *	  The key of sticky noise.  It is HMAC-SHA256 under the key of scope
 *	  'noise' of a fixed label: one-way, so whoever holds it learns nothing
 *	  about the scope key, which pseudonymise could also use.  Only this
 *	  derived key is copied to table noise_keys (a trigger on the key table
 *	  keeps the copy, sql/install/49-noise_keys.sql), and only that table
 *	  may become a Citus reference table: a worker, which runs the final
 *	  function of a query grouped by the distribution column, then draws
 *	  the same sticky noise as the coordinator.
 *
 * Nothing here puts key bytes into a message or a log line.
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_namespace.h"
#include "common/hmac.h"
#include "common/sha2.h"
#include "fmgr.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "anon/noise_key.h"
#include "common/common.h"

/* Never change: every sticky value depends on it. */
#define NOISE_KEY_LABEL "tst_hub sticky noise key, for the nodes that hold the rows"

/* Column order of tst_hub.noise_keys. */
#define NOISE_KEYS_ATT_VERSION 1
#define NOISE_KEYS_ATT_KEY 2

void
noise_key_hmac(const uint8 *key, const uint8 *a, size_t alen, const uint8 *b, size_t blen, uint8 *out)
{
	pg_hmac_ctx *ctx = pg_hmac_create(PG_SHA256);
	bool		ok;

	if (ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	ok = pg_hmac_init(ctx, key, KEY_BYTES) >= 0 &&
		pg_hmac_update(ctx, a, alen) >= 0 &&
		(blen == 0 || pg_hmac_update(ctx, b, blen) >= 0) &&
		pg_hmac_final(ctx, out, KEY_BYTES) >= 0;
	pg_hmac_free(ctx);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute HMAC-SHA256")));
}

static void
derive(const uint8 *scope_key, uint8 *out)
{
	noise_key_hmac(scope_key, (const uint8 *) NOISE_KEY_LABEL, sizeof(NOISE_KEY_LABEL), NULL, 0, out);
}

/* SQL noise_key_derive(scope key): used only by the trigger that fills noise_keys. */
PG_FUNCTION_INFO_V1(noise_key_derive);
Datum
noise_key_derive(PG_FUNCTION_ARGS)
{
	bytea	   *key = PG_GETARG_BYTEA_PP(0);
	bytea	   *out;

	if (VARSIZE_ANY_EXHDR(key) != KEY_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a key is %d bytes, not %zu", KEY_BYTES, VARSIZE_ANY_EXHDR(key))));
	out = palloc(VARHDRSZ + KEY_BYTES);
	SET_VARSIZE(out, VARHDRSZ + KEY_BYTES);
	derive((const uint8 *) VARDATA_ANY(key), (uint8 *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/*
 * The local shard of relid when Citus has distributed it (a reference table
 * has one shard, placed on every node), with *distributed set; relid itself
 * when it is not distributed; InvalidOid when distributed with no placement
 * here (a coordinator not in pg_dist_node).  Once distributed, the table's
 * own heap may still hold the rows it had before (Citus hides them, it does
 * not delete them): never read it then.
 */
static Oid
local_placement(Oid relid, bool *distributed)
{
	Oid			shard = tst_citus_local_shard(relid, distributed);

	return *distributed ? shard : relid;
}

/* The newest key of noise_keys or of its local shard relid, false if none. */
static bool
read_noise_keys(Oid relid, uint8 *out)
{
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	int			best = -1;

	rel = table_open(relid, AccessShareLock);
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		bool		isnull;
		int			v;
		bytea	   *key;

		v = DatumGetInt32(heap_getattr(tup, NOISE_KEYS_ATT_VERSION, RelationGetDescr(rel), &isnull));
		if (isnull || v <= best)
			continue;
		key = DatumGetByteaPP(heap_getattr(tup, NOISE_KEYS_ATT_KEY, RelationGetDescr(rel), &isnull));
		if (isnull || VARSIZE_ANY_EXHDR(key) != KEY_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("noise key version %d is damaged", v)));
		memcpy(out, VARDATA_ANY(key), KEY_BYTES);
		best = v;
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	return best >= 0;
}

/*
 * Once noise_keys is a reference table, its copy is the one source on every
 * node that has one, the coordinator included: all nodes then draw under
 * the same key even if a key table somewhere differed.  Otherwise the key
 * table's noise key comes first (one server: the same bytes as noise_keys,
 * which the trigger keeps), then noise_keys.
 */
void
noise_key_current(Oid ext_namespace, uint8 *out)
{
	ScopeKey	key;
	bool		found = false;
	bool		distributed;
	Oid			relid = get_relname_relid("noise_keys", ext_namespace);
	bool		snapshot_pushed = !ActiveSnapshotSet();

	if (!OidIsValid(relid))
		elog(ERROR, "tst_hub noise key table is missing");
	if (snapshot_pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	memset(&key, 0, sizeof(key));
	relid = local_placement(relid, &distributed);
	if (distributed && OidIsValid(relid))
		found = read_noise_keys(relid, out);
	else if (anon_find_key(ext_namespace, NOISE_KEY_SCOPE, 0, &key))
	{
		derive(key.key, out);
		found = true;
	}
	else if (!distributed)
		found = read_noise_keys(relid, out);
	explicit_bzero(&key, sizeof(key));
	if (snapshot_pushed)
		PopActiveSnapshot();
	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no key for scope \"%s\"", NOISE_KEY_SCOPE),
				 errhint("An admin creates one with SELECT tst_hub.key_create('%s'); "
						 "on Citus, a query grouped by the distribution column also needs "
						 "SELECT tst_hub.noise_key_distribute() on the coordinator.",
						 NOISE_KEY_SCOPE)));
}

/*
 * The noise key for this call site, read once per statement (a
 * rotation between statements takes effect) and kept in fn_extra, wiped
 * when the query's memory goes.
 */
typedef struct NoiseKeyCache
{
	LocalTransactionId lxid;
	CommandId	cid;
	uint8		key[KEY_BYTES];
} NoiseKeyCache;

static void
noise_key_wipe(void *arg)
{
	explicit_bzero(arg, sizeof(NoiseKeyCache));
}

const uint8 *
noise_key_for_call(FunctionCallInfo fcinfo)
{
	NoiseKeyCache *cache = (NoiseKeyCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		MemoryContextCallback *cb;

		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(NoiseKeyCache));
		cb = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(MemoryContextCallback));
		cb->func = noise_key_wipe;
		cb->arg = cache;
		MemoryContextRegisterResetCallback(fcinfo->flinfo->fn_mcxt, cb);
		cache->lxid = InvalidLocalTransactionId;
		fcinfo->flinfo->fn_extra = cache;
	}
	if (cache->lxid != MyProc->lxid || cache->cid != GetCurrentCommandId(false))
	{
		cache->lxid = InvalidLocalTransactionId;	/* until read */
		noise_key_current(get_func_namespace(fcinfo->flinfo->fn_oid), cache->key);
		cache->lxid = MyProc->lxid;
		cache->cid = GetCurrentCommandId(false);
	}
	return cache->key;
}

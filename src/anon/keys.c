/*
 * keys.c
 *	  Key material: 256-bit keys from the server's strong random source, and
 *	  the one place in C that reads the key table.  Nothing here ever puts
 *	  key bytes into a message, a log line or a result visible to SQL except
 *	  key_material(), which only the extension's SECURITY DEFINER key
 *	  functions may call.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "anon/anon.h"

/* Column order of tst_hub.keys (sql/install/20-keys.sql). */
#define KEYS_ATT_SCOPE 1
#define KEYS_ATT_VERSION 2
#define KEYS_ATT_KEY 3

void
anon_check_scope(const char *scope)
{
	size_t		len = strlen(scope);

	if (len == 0 || len > SCOPE_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key scope must be 1 to %d bytes long", SCOPE_MAX_BYTES)));
	for (size_t i = 0; i < len; i++)
		if ((unsigned char) scope[i] < 0x20 || scope[i] == 0x7f)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("key scope must not hold control characters")));
}

PG_FUNCTION_INFO_V1(key_material);
Datum
key_material(PG_FUNCTION_ARGS)
{
	bytea	   *key = palloc(VARHDRSZ + KEY_BYTES);

	SET_VARSIZE(key, VARHDRSZ + KEY_BYTES);
	if (!pg_strong_random(VARDATA(key), KEY_BYTES))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random key")));
	PG_RETURN_BYTEA_P(key);
}

void
anon_fetch_key(Oid ext_namespace, const char *scope, int version, ScopeKey *out)
{
	Oid			relid = get_relname_relid("keys", ext_namespace);
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	bool		found = false;
	bool		snapshot_pushed;

	if (!OidIsValid(relid))
		elog(ERROR, "tst_hub key table is missing");
	anon_check_scope(scope);

	rel = table_open(relid, AccessShareLock);
	snapshot_pushed = !ActiveSnapshotSet();
	if (snapshot_pushed)
		PushActiveSnapshot(GetTransactionSnapshot());
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		bool		isnull;
		Datum		d;
		int			v;
		bytea	   *key;

		d = heap_getattr(tup, KEYS_ATT_SCOPE, RelationGetDescr(rel), &isnull);
		if (isnull || strcmp(TextDatumGetCString(d), scope) != 0)
			continue;
		v = DatumGetInt32(heap_getattr(tup, KEYS_ATT_VERSION, RelationGetDescr(rel), &isnull));
		if (isnull || (version != 0 && v != version) || (found && v < out->version))
			continue;
		key = DatumGetByteaPP(heap_getattr(tup, KEYS_ATT_KEY, RelationGetDescr(rel), &isnull));
		if (isnull || VARSIZE_ANY_EXHDR(key) != KEY_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("key version %d of scope \"%s\" is damaged", v, scope)));
		memcpy(out->key, VARDATA_ANY(key), KEY_BYTES);
		out->version = v;
		found = true;
	}
	table_endscan(scan);
	if (snapshot_pushed)
		PopActiveSnapshot();
	table_close(rel, AccessShareLock);

	if (!found)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 version == 0 ?
				 errmsg("no key for scope \"%s\"", scope) :
				 errmsg("no key version %d for scope \"%s\"", version, scope),
				 errhint("An admin creates one with SELECT tst_hub.key_create('%s').", scope)));
}

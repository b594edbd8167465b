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

/*
 * The one rule for scope names (README "Pseudonyms and keys", Key scopes): 1 to 63 ASCII
 * characters a-z, 0-9, '_', '.', ':' and '-', starting with a letter.
 * Plain ASCII keeps look-alikes out: 'hu' + U+200D + 'b' or 'hub' + U+200F
 * print as "hub" but would key unlinkable tokens.
 */
void
anon_check_scope(const char *scope)
{
	size_t		len = strlen(scope);
	size_t		bad = len;

	for (size_t i = 0; i < len && bad == len; i++)
	{
		unsigned char ch = (unsigned char) scope[i];

		if (!((ch >= 'a' && ch <= 'z') ||
			  (i > 0 && ((ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == ':' || ch == '-'))))
			bad = i;
	}
	if (len == 0 || len > SCOPE_MAX_BYTES || bad < len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid key scope name: a scope is 1 to %d characters a-z, 0-9, \"_\", \".\", \":\" or \"-\", starting with a letter a-z",
						SCOPE_MAX_BYTES),
				 len == 0 ? errdetail("The scope is empty.") :
				 len > SCOPE_MAX_BYTES ? errdetail("The scope is %zu bytes long.", len) :
				 (scope[bad] > 0x20 && scope[bad] < 0x7f) ?
				 errdetail("Character %zu, \"%c\", is not allowed there.", bad + 1, scope[bad]) :
				 errdetail("Byte %zu (0x%02x) is not one of a-z, 0-9, _ . : -.",
						   bad + 1, (unsigned char) scope[bad])));
}

/*
 * SQL key_scope_check.  Not named key_*: it touches no key, and the
 * key-boundary test (pgTAP 20) takes key_* symbols for key functions.
 */
PG_FUNCTION_INFO_V1(scope_name_check);
Datum
scope_name_check(PG_FUNCTION_ARGS)
{
	anon_check_scope(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	PG_RETURN_VOID();
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
	if (!anon_find_key(ext_namespace, scope, version, out))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 version == 0 ?
				 errmsg("no key for scope \"%s\"", scope) :
				 errmsg("no key version %d for scope \"%s\"", version, scope),
				 errhint("An admin creates one with SELECT tst_hub.key_create('%s').", scope)));
}

bool
anon_find_key(Oid ext_namespace, const char *scope, int version, ScopeKey *out)
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
	return found;
}

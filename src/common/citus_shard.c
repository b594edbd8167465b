/*
 * citus_shard.c
 *	  The local shard of a table Citus has distributed, found without Citus's
 *	  headers or a query: functions that read a reference table on a worker
 *	  (org_members for my_org_ids, noise_keys for sticky noise) run inside a
 *	  shard query, where a query of the table would be a distributed query
 *	  Citus refuses, and the worker's own table is an empty shell.
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "common/common.h"

/* Citus's pg_dist_shard: the table (regclass) and the shard id. */
#define DIST_SHARD_ATT_RELID 1
#define DIST_SHARD_ATT_SHARDID 2

Oid
tst_citus_local_shard(Oid relid, bool *distributed)
{
	Oid			dist_shard = get_relname_relid("pg_dist_shard", PG_CATALOG_NAMESPACE);
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	int64		shardid = 0;
	char		name[NAMEDATALEN];

	*distributed = false;
	if (!OidIsValid(dist_shard))
		return InvalidOid;		/* no Citus */
	rel = table_open(dist_shard, AccessShareLock);
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, DIST_SHARD_ATT_RELID, RelationGetDescr(rel), &isnull);

		if (isnull || DatumGetObjectId(d) != relid)
			continue;
		d = heap_getattr(tup, DIST_SHARD_ATT_SHARDID, RelationGetDescr(rel), &isnull);
		if (isnull)
			continue;
		*distributed = true;
		shardid = DatumGetInt64(d);
		break;
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	if (!*distributed)
		return InvalidOid;
	snprintf(name, sizeof(name), "%s_" INT64_FORMAT, get_rel_name(relid), shardid);
	return get_relname_relid(name, get_rel_namespace(relid));
}

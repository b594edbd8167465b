/*
 * hash.c
 *	  Hash support for the pass-by-value int8 types (cell, term).
 *
 * PostgreSQL's hashint8 XORs the two 32-bit halves before hashing, so ids
 * that keep different fields in each half (a cell's row and column, a term's
 * levels) collide by the tens of thousands, and a hash aggregate that spills
 * cannot split its partitions.  Every bit of the id goes through a 64-bit
 * finaliser here instead.  With seed 0 the extended hash's low 32 bits equal
 * the plain hash, as PostgreSQL requires of hash opclasses.
 */
#include "postgres.h"

#include "fmgr.h"

#include "common/common.h"

PG_FUNCTION_INFO_V1(tst_int8_hash);
Datum
tst_int8_hash(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) (uint32) tst_mix64((uint64) PG_GETARG_INT64(0)));
}

/* The seed is mixed too, so seeds that differ in one bit give unrelated hashes. */
PG_FUNCTION_INFO_V1(tst_int8_hash_extended);
Datum
tst_int8_hash_extended(PG_FUNCTION_ARGS)
{
	uint64		v = (uint64) PG_GETARG_INT64(0);
	uint64		seed = (uint64) PG_GETARG_INT64(1);

	PG_RETURN_INT64((int64) tst_mix64(v ^ tst_mix64(seed)));
}

/*
 * retired.c
 *	  C entry points that only older install scripts name.
 *
 * CREATE FUNCTION ... LANGUAGE C looks its symbol up at once, so installing
 * an older version with this library (the first step of ALTER EXTENSION
 * UPDATE from it, and of the upgrade test) needs every symbol that version
 * names.  Their old state layouts are gone, so each one refuses to run and
 * says how to get the current functions.
 */
#include "postgres.h"

#include "fmgr.h"

#define RETIRED(name, version) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	ereport(ERROR, \
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE), \
			 errmsg("%s belongs to tst_hub %s, but the library is newer", #name, version), \
			 errhint("Run ALTER EXTENSION tst_hub UPDATE."))); \
	PG_RETURN_NULL(); \
}

/* 0.1.0: aggregates with internal states (now typed: cube, term_set) */
RETIRED(st_cube_trans, "0.1.0")
RETIRED(st_cube_trans_origin, "0.1.0")
RETIRED(cube_union_trans, "0.1.0")
RETIRED(cube_agg_combine, "0.1.0")
RETIRED(cube_agg_serialize, "0.1.0")
RETIRED(cube_agg_deserialize, "0.1.0")
RETIRED(cube_agg_final, "0.1.0")
RETIRED(term_set_agg_trans, "0.1.0")
RETIRED(term_set_agg_set_trans, "0.1.0")
RETIRED(term_set_agg_combine, "0.1.0")
RETIRED(term_set_agg_serialize, "0.1.0")
RETIRED(term_set_agg_deserialize, "0.1.0")
RETIRED(term_set_agg_final, "0.1.0")

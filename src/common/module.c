/*
 * module.c
 *	  Library entry point of tst_hub.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	/* Settings of later pillars are tst_hub.*; reserve the prefix now. */
	MarkGUCPrefixReserved("tst_hub");
}

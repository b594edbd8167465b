/*
 * module.c
 *	  Library entry point of tst_hub.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

#include "anon/dp_citus_rewrite.h"
#include "anon/noise.h"
#include "anon/safe.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	anon_define_settings();
	noise_define_settings();
	dp_citus_rewrite_init();
	/* Every setting is tst_hub.*; unknown names under the prefix are errors. */
	MarkGUCPrefixReserved("tst_hub");
}

/*
 * dp_citus_rewrite.h
 *	  The planner hook that pays dp releases on a Citus coordinator (see
 *	  dp_citus_rewrite.c).
 */
#ifndef TST_HUB_DP_CITUS_REWRITE_H
#define TST_HUB_DP_CITUS_REWRITE_H

/* Installs the planner hook (_PG_init). */
extern void dp_citus_rewrite_init(void);

#endif

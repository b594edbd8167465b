/*
 * safe.h
 *	  Disclosure control settings shared by the safe aggregates.
 */
#ifndef TST_HUB_SAFE_H
#define TST_HUB_SAFE_H

/* tst_hub.min_k: fewest distinct persons behind a released value. */
extern int	tst_min_k;

/* Defines the tst_hub.* settings of the anonymisation pillar (_PG_init). */
extern void anon_define_settings(void);

#endif

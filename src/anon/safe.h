/*
 * safe.h
 *	  Disclosure control settings shared by the safe aggregates.
 */
#ifndef TST_HUB_SAFE_H
#define TST_HUB_SAFE_H

/* tst_hub.min_k: fewest distinct persons behind a released value. */
extern int	tst_min_k;

/* tst_hub.min_protection: narrowest attacker range for a suppressed value. */
extern int	tst_min_protection;

/* An explicit k: 2..1000000 (22023) and not below tst_hub.min_k (42501). */
extern void safe_check_k(int32 k);

/* The threshold to apply for an asked k (0: none asked): never below tst_hub.min_k. */
extern int32 safe_effective_k(int32 k);

/* Defines the tst_hub.* settings of the anonymisation pillar (_PG_init). */
extern void anon_define_settings(void);

#endif

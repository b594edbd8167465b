/*
 * phone_plans.h
 *	  Numbering-plan tables used by the phone canonicaliser (phone.c).
 *	  Internal to src/anon/phone*.c and the fuzz harness.
 */
#ifndef TST_HUB_PHONE_PLANS_H
#define TST_HUB_PHONE_PLANS_H

#include <stdint.h>

#define PHONE_MAX_RULES 8
#define PHONE_MAX_IDD 5

/* Bit n set: a national significant number (NSN) of n digits is valid. */
#define PL_LEN(n)		(UINT32_C(1) << (n))
#define PL_LENS(a, b)	(((UINT32_C(1) << ((b) + 1)) - 1) & ~((UINT32_C(1) << (a)) - 1))

/* NSNs starting with prefix have one of these lengths (longest prefix wins). */
typedef struct PhoneLengthRule
{
	const char *prefix;
	uint32_t	lengths;
} PhoneLengthRule;

/* Plan features that are not a table value. */
#define PLAN_NANP		0x01	/* area code and exchange code start 2..9, area code not N11 */
#define PLAN_KEEPS_ZERO 0x02	/* NSNs may start with 0 (Italy: no trunk prefix) */
#define PLAN_MX			0x04	/* obsolete 01/044/045 prefixes, "1" after +52 */
#define PLAN_AR			0x08	/* mobile "15" after the area code becomes "9" before it */
#define PLAN_CO			0x10	/* 2021 reform: 8-digit fixed numbers gained "60" */
#define PLAN_BR			0x20	/* carrier selection code after the trunk prefix */

typedef struct PhonePlan
{
	const char *iso;			/* ISO 3166-1 alpha-2 */
	const char *name;			/* for messages: "numbers in <name> have ..." */
	const char *cc;				/* country calling code (ITU-T E.164) */
	const char *trunk;			/* national (trunk) prefix, "" when none */
	const char *idd[PHONE_MAX_IDD]; /* international prefixes besides 00; X is
									 * any digit (carrier code) */
	uint32_t	lengths;		/* NSN lengths when no rule matches */
	PhoneLengthRule rules[PHONE_MAX_RULES];
	unsigned	flags;
} PhonePlan;

/* Another ISO code that dials with an existing plan (Canada with the NANP). */
typedef struct PhoneAlias
{
	const char *iso;
	const char *plan_iso;
} PhoneAlias;

extern const PhonePlan phone_plans[];
extern const int phone_nplans;
extern const PhoneAlias phone_aliases[];
extern const int phone_naliases;
extern const char *const phone_assigned_codes[];
extern const int phone_nassigned;

#endif

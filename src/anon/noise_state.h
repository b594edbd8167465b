/*
 * noise_state.h
 *	  tst_hub.noise_state: the state of the noisy aggregates (sticky_count,
 *	  dp_count, dp_sum): the distinct persons of a group (by pseudonym) with
 *	  one integer each, and the release parameters the final function needs
 *	  (the final function sees the state only).
 *
 * Layout (varlena, version byte first; the binary form writes the same
 * fields in this order, integers in network order):
 *
 *	  uint8  version		1
 *	  uint8  kind			NOISE_STICKY, NOISE_DP_COUNT or NOISE_DP_SUM
 *	  uint16 flags			0 (reserved)
 *	  int32  k				sticky: 0 (the hub's tst_hub.min_k); else 0
 *	  uint32 count			distinct persons
 *	  int64  eps_micro		dp: epsilon in millionths (1 .. 10^8); else 0
 *	  int64  lower, upper	dp_sum: integer bounds of a person's total; else 0
 *	  uint8  cell[32]		sticky: SHA-256 of the key parts; else zeros
 *	  char   budget[64]		dp: the budget name, NUL-padded; else zeros
 *	  entries[count]		{person[16], int64 value}, strictly increasing by
 *							person bytes; value = rows (> 0) for counts, the
 *							person's total of rounded values for dp_sum
 *
 * The entry order is canonical, so equal states are equal bytes whatever
 * the plan.
 */
#ifndef TST_HUB_NOISE_STATE_H
#define TST_HUB_NOISE_STATE_H

#include "fmgr.h"

#include "anon/anon.h"

#define NOISE_STATE_VERSION 1
#define NOISE_STICKY	1
#define NOISE_DP_COUNT	2
#define NOISE_DP_SUM	3

#define NOISE_CELL_BYTES	32
#define NOISE_BUDGET_MAX	63

typedef struct NoiseEntry
{
	uint8		person[PSEUDONYM_BYTES];
	int64		value;
} NoiseEntry;

typedef struct NoiseState
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;
	uint16		flags;
	int32		k;
	uint32		count;
	int64		eps_micro;
	int64		lower;
	int64		upper;
	uint8		cell[NOISE_CELL_BYTES];
	char		budget[NOISE_BUDGET_MAX + 1];
	NoiseEntry	entries[FLEXIBLE_ARRAY_MEMBER];
} NoiseState;

#define NOISE_STATE_HEADER_SIZE		offsetof(NoiseState, entries)
#define NOISE_STATE_SIZE(n)	(NOISE_STATE_HEADER_SIZE + sizeof(NoiseEntry) * (Size) (n))
#define NOISE_STATE_MAX_ENTRIES	((MaxAllocSize / 2) / sizeof(NoiseEntry))

/* Why the bytes are not a valid noise_state, or NULL. */
extern const char *noise_state_check(const NoiseState *s, Size len);

/* A noise_state from a Datum, aligned and checked; XX001 if corrupted. */
extern NoiseState *noise_state_checked(Datum d);

/* Checks a budget name (1..63 bytes, no control characters); 22023. */
extern void noise_check_budget_name(const char *name);

#endif

/*
 * noise.h
 *	  Exact integer noise: discrete Laplace (two-sided geometric) samples
 *	  drawn with integer arithmetic only, from one of two bit sources: the
 *	  server's CSPRNG (differential privacy) or a keyed deterministic stream
 *	  (sticky noise, the same value for the same seed).
 */
#ifndef TST_HUB_NOISE_H
#define TST_HUB_NOISE_H

#include "fmgr.h"
#include "utils/numeric.h"

#define NOISE_SEED_BYTES 32

/*
 * epsilon is handled in millionths: an integer 1 .. NOISE_EPS_MAX_MICRO,
 * i.e. 0.000001 .. 100 with at most six decimals.
 */
#define NOISE_EPS_SCALE			INT64CONST(1000000)
#define NOISE_EPS_MAX_MICRO		(100 * NOISE_EPS_SCALE)
/* Largest sensitivity, in units of the released integer. */
#define NOISE_SENSITIVITY_MAX	INT64CONST(1000000000)

/* A source of uniform bits. */
typedef struct NoiseBits
{
	bool		keyed;			/* false: pg_strong_random */
	uint64		counter;		/* keyed: next block number */
	struct pg_hmac_ctx *hmac;	/* keyed: HMAC-SHA256 under the seed */
	uint8		seed[NOISE_SEED_BYTES];
	uint8		buf[64];
	int			pos;			/* bytes of buf used */
} NoiseBits;

extern void noise_bits_random(NoiseBits *bits);
extern void noise_bits_keyed(NoiseBits *bits, const uint8 *seed);
extern void noise_bits_free(NoiseBits *bits);

/*
 * epsilon as an exact count of millionths; 22004 if NULL (isnull), 22023
 * unless 0 < epsilon <= 100 with at most six decimals.
 */
extern int64 noise_epsilon_micro(Numeric eps, bool isnull);

/* epsilon (millionths) as numeric, for the ledger. */
extern Numeric noise_micro_numeric(int64 micro);

/*
 * A discrete Laplace sample: P(z) proportional to exp(-|z| * eps / sens),
 * eps in millionths, 1 <= sens <= NOISE_SENSITIVITY_MAX.
 */
extern int64 noise_discrete_laplace(NoiseBits *bits, int64 eps_micro, int64 sensitivity);

/* The same, P(z) proportional to exp(-|z| * s / t) for integers s, t >= 1. */
extern int64 noise_discrete_laplace_st(NoiseBits *bits, uint64 s, uint64 t);

/* Defines the tst_hub.* settings of the noisy aggregates (_PG_init). */
extern void noise_define_settings(void);

#endif

/*
 * noise.c
 *	  Exact discrete Laplace noise (noise.h).  No floating point: the
 *	  sampler follows Canonne, Kamath and Steinke, "The Discrete Gaussian
 *	  for Differential Privacy" (2020), Algorithms 1 and 2: Bernoulli(exp(-g))
 *	  for rational g from Bernoulli(rational) trials, a geometric variable
 *	  from those, and the two-sided geometric (discrete Laplace) from that.
 *	  Every trial reads uniform integers from a NoiseBits source, so the
 *	  same code serves the CSPRNG (DP) and the keyed stream (sticky noise).
 *	  Floating-point Laplace samplers leak the true value through the low
 *	  bits of their output (Mironov 2012); integer samplers have no low bits
 *	  to leak.
 */
#include "postgres.h"

#include "common/hmac.h"
#include "common/int.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "anon/noise.h"
#include "common/common.h"

/* ---- bit sources ---- */

void
noise_bits_random(NoiseBits *bits)
{
	memset(bits, 0, sizeof(*bits));
	bits->pos = sizeof(bits->buf);
}

/* The keyed stream: block i is HMAC-SHA256(seed, "tst_hub noise" || be64(i)). */
void
noise_bits_keyed(NoiseBits *bits, const uint8 *seed)
{
	memset(bits, 0, sizeof(*bits));
	bits->keyed = true;
	memcpy(bits->seed, seed, NOISE_SEED_BYTES);
	bits->hmac = pg_hmac_create(PG_SHA256);
	if (bits->hmac == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	bits->pos = sizeof(bits->buf);
}

void
noise_bits_free(NoiseBits *bits)
{
	if (bits->hmac != NULL)
		pg_hmac_free(bits->hmac);
	explicit_bzero(bits, sizeof(*bits));
}

static void
refill(NoiseBits *bits)
{
	if (!bits->keyed)
	{
		if (!pg_strong_random(bits->buf, sizeof(bits->buf)))
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not read the server's strong random source")));
	}
	else
	{
		static const char label[] = "tst_hub noise";

		for (int half = 0; half < 2; half++)
		{
			uint8		ctr[8];
			uint64		c = bits->counter++;

			for (int i = 7; i >= 0; i--, c >>= 8)
				ctr[i] = (uint8) c;
			if (pg_hmac_init(bits->hmac, bits->seed, NOISE_SEED_BYTES) < 0 ||
				pg_hmac_update(bits->hmac, (const uint8 *) label, sizeof(label)) < 0 ||
				pg_hmac_update(bits->hmac, ctr, sizeof(ctr)) < 0 ||
				pg_hmac_final(bits->hmac, bits->buf + 32 * half, 32) < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INTERNAL_ERROR),
						 errmsg("could not compute HMAC-SHA256")));
		}
	}
	bits->pos = 0;
}

static uint64
next_u64(NoiseBits *bits)
{
	uint64		x;

	if (bits->pos + 8 > (int) sizeof(bits->buf))
		refill(bits);
	memcpy(&x, bits->buf + bits->pos, 8);
	bits->pos += 8;
	return x;
}

/* Uniform in [0, n), n >= 1: reject the 2^64 mod n lowest words. */
static uint64
uniform_below(NoiseBits *bits, uint64 n)
{
	uint64		reject = (0 - n) % n;
	uint64		x;

	Assert(n >= 1);
	do
		x = next_u64(bits);
	while (x < reject);
	return x % n;
}

/* Bernoulli(num / den), 0 <= num <= den, den >= 1. */
static bool
bernoulli(NoiseBits *bits, uint64 num, uint64 den)
{
	return uniform_below(bits, den) < num;
}

/*
 * Bernoulli(exp(-num/den)) for 0 <= num/den <= 1 (Algorithm 1, first case):
 * count trials A_k ~ Bernoulli(g/k) until one fails; the count of the
 * failing trial is odd with probability exp(-g).
 */
static bool
bernoulli_exp_le1(NoiseBits *bits, uint64 num, uint64 den)
{
	uint64		k = 1;

	for (;;)
	{
		uint64		kden;

		if (pg_mul_u64_overflow(den, k, &kden))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("noise sampler out of range")));
		if (!bernoulli(bits, num, kden))
			break;
		k++;
	}
	return (k & 1) == 1;
}

/* Bernoulli(exp(-num/den)) for any num/den >= 0 (Algorithm 1). */
static bool
bernoulli_exp(NoiseBits *bits, uint64 num, uint64 den)
{
	for (uint64 i = num / den; i > 0; i--)
	{
		CHECK_FOR_INTERRUPTS();
		if (!bernoulli_exp_le1(bits, 1, 1))
			return false;
	}
	return bernoulli_exp_le1(bits, num % den, den);
}

static uint64
gcd_u64(uint64 a, uint64 b)
{
	while (b != 0)
	{
		uint64		r = a % b;

		a = b;
		b = r;
	}
	return a;
}

/*
 * Algorithm 2: P(y) proportional to exp(-|y| s / t), s, t >= 1.  A
 * geometric X with P(x) ~ exp(-x/t) is built from U uniform in [0, t)
 * accepted with probability exp(-U/t), plus t times V, V ~ Geometric with
 * parameter exp(-1); then Y = floor(X / s) has P(y) ~ exp(-y s / t).  A
 * random sign, rejecting "-0" so zero is not counted twice.
 */
int64
noise_discrete_laplace_st(NoiseBits *bits, uint64 s, uint64 t)
{
	Assert(s >= 1 && t >= 1);
	for (;;)
	{
		uint64		u,
					v = 0,
					x,
					tv;
		bool		negative;

		CHECK_FOR_INTERRUPTS();
		u = uniform_below(bits, t);
		if (!bernoulli_exp(bits, u, t))
			continue;
		while (bernoulli_exp_le1(bits, 1, 1))
			v++;
		if (pg_mul_u64_overflow(t, v, &tv) || pg_add_u64_overflow(u, tv, &x) ||
			x > (uint64) PG_INT64_MAX)
			continue;			/* probability below exp(-2^10): never in practice */
		x /= s;
		negative = bernoulli(bits, 1, 2);
		if (negative && x == 0)
			continue;
		return negative ? -(int64) x : (int64) x;
	}
}

int64
noise_discrete_laplace(NoiseBits *bits, int64 eps_micro, int64 sensitivity)
{
	uint64		s = (uint64) eps_micro;
	uint64		t;
	uint64		g;

	if (eps_micro < 1 || eps_micro > NOISE_EPS_MAX_MICRO)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("epsilon out of range")));
	if (sensitivity < 1 || sensitivity > NOISE_SENSITIVITY_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sensitivity must be between 1 and " INT64_FORMAT ", not " INT64_FORMAT,
						NOISE_SENSITIVITY_MAX, sensitivity)));
	/* eps / sens = (eps_micro / 10^6) / sens = s / t, in lowest terms */
	t = (uint64) NOISE_EPS_SCALE * (uint64) sensitivity;
	g = gcd_u64(s, t);
	return noise_discrete_laplace_st(bits, s / g, t / g);
}

/* ---- epsilon ---- */

int64
noise_epsilon_micro(Numeric eps, bool isnull)
{
	char	   *text;
	const char *p;
	int64		whole = 0;
	int64		frac = 0;
	int			frac_digits = 0;
	int			last_nonzero = 0;
	int64		micro;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("epsilon must not be NULL")));
	if (numeric_is_nan(eps) || numeric_is_inf(eps))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("epsilon must be a finite number, not %s",
						numeric_is_nan(eps) ? "NaN" : "infinity")));
	text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(eps)));
	p = text;
	if (*p == '-')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("epsilon must be greater than 0, not %s", tst_shown(text, strlen(text), 40))));
	for (; *p >= '0' && *p <= '9'; p++)
	{
		whole = whole * 10 + (*p - '0');
		if (whole > NOISE_EPS_MAX_MICRO / NOISE_EPS_SCALE)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("epsilon must be at most 100, not %s", tst_shown(text, strlen(text), 40)),
					 errdetail("Noise at a larger epsilon protects nobody.")));
	}
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
		{
			frac_digits++;
			if (*p != '0')
				last_nonzero = frac_digits;
			if (frac_digits <= 6)
				frac = frac * 10 + (*p - '0');
		}
	if (last_nonzero > 6)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("epsilon must have at most six decimal places, not %s", tst_shown(text, strlen(text), 40)),
				 errdetail("epsilon is used as an exact fraction of millionths.")));
	for (; frac_digits < 6; frac_digits++)
		frac *= 10;
	micro = whole * NOISE_EPS_SCALE + frac;
	if (micro <= 0 || micro > NOISE_EPS_MAX_MICRO)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("epsilon must be greater than 0 and at most 100, not %s", tst_shown(text, strlen(text), 40))));
	return micro;
}

Numeric
noise_micro_numeric(int64 micro)
{
	char		buf[64];

	snprintf(buf, sizeof(buf), INT64_FORMAT ".%06d",
			 micro / NOISE_EPS_SCALE, (int) (micro % NOISE_EPS_SCALE));
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
											   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}

/* ---- SQL ---- */

PG_FUNCTION_INFO_V1(discrete_laplace);
Datum
discrete_laplace(PG_FUNCTION_ARGS)
{
	int64		eps = noise_epsilon_micro(PG_ARGISNULL(0) ? NULL : PG_GETARG_NUMERIC(0), PG_ARGISNULL(0));
	int32		sens;
	NoiseBits	bits;
	int64		z;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("sensitivity must not be NULL")));
	sens = PG_GETARG_INT32(1);
	if (sens < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sensitivity must be at least 1, not %d", sens)));
	noise_bits_random(&bits);
	z = noise_discrete_laplace(&bits, eps, sens);
	noise_bits_free(&bits);
	PG_RETURN_INT64(z);
}

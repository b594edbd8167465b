/*
 * dp_sealed.c
 *	  dp_sealed: a dp figure (a group's true value and the parameters of its
 *	  release) sealed where the group was aggregated, to be released where
 *	  the budget ledger is.  On Citus, a query grouped by the distribution
 *	  column aggregates whole on a worker, which can neither pay nor know
 *	  the session's credit: dp_count_sealed and dp_sum_sealed seal the
 *	  figure there, and dp_count_open / dp_sum_open / dp_avg_open pay and
 *	  release it on the coordinator (dp_citus_rewrite.c writes queries into
 *	  that form).
 *
 * The figure is exact, so the seal must hide it from whoever reads the
 * sealed bytes (any caller may run the sealed aggregates): it is encrypted
 * and authenticated under keys derived from the noise key, which is on
 * every node once noise_key_distribute() has run.  Encryption is a stream
 * of HMAC-SHA256(k_enc, nonce || block) (counter mode with a PRF) under a
 * random nonce, so equal figures give unrelated bytes, and the length is
 * fixed, so it says nothing either; authentication is HMAC-SHA256(k_mac)
 * over everything before the tag (encrypt, then MAC).  Opening a sealed
 * value pays like any release, so keeping and opening it again buys nothing.
 *
 * Layout (fixed length, no varlena header):
 *	  uint8  version		1
 *	  uint8  nonce[16]
 *	  uint8  body[106]		encrypted: kind, has_params, then int64 eps_micro,
 *							lower, upper, value, persons (network order), then
 *							budget[64] (NUL-padded)
 *	  uint8  tag[32]
 */
#include "postgres.h"

#include "common/hmac.h"
#include "common/sha2.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "anon/dp_release.h"
#include "anon/noise_key.h"
#include "common/common.h"

#define SEALED_VERSION	1
#define NONCE_BYTES		16
#define BODY_BYTES		(2 + 5 * 8 + NOISE_BUDGET_MAX + 1)
#define TAG_BYTES		PG_SHA256_DIGEST_LENGTH
#define SEALED_BYTES	(1 + NONCE_BYTES + BODY_BYTES + TAG_BYTES)
#define BODY_AT			(1 + NONCE_BYTES)
#define TAG_AT			(BODY_AT + BODY_BYTES)

/* Never change: every sealed value depends on them. */
#define ENC_LABEL "tst_hub dp_sealed v1: encryption"
#define MAC_LABEL "tst_hub dp_sealed v1: authentication"

StaticAssertDecl(SEALED_BYTES == 155, "dp_sealed is 155 bytes (INTERNALLENGTH in SQL)");

StaticAssertDecl(KEY_BYTES == PG_SHA256_DIGEST_LENGTH, "derived keys are used as keys");

/* The encryption and authentication keys of this node's noise key. */
static void
sealing_keys(FunctionCallInfo fcinfo, uint8 *k_enc, uint8 *k_mac)
{
	const uint8 *key = noise_key_for_call(fcinfo);

	noise_key_hmac(key, (const uint8 *) ENC_LABEL, sizeof(ENC_LABEL), NULL, 0, k_enc);
	noise_key_hmac(key, (const uint8 *) MAC_LABEL, sizeof(MAC_LABEL), NULL, 0, k_mac);
}

/* XORs the body with the key stream of the nonce. */
static void
crypt_body(const uint8 *k_enc, const uint8 *nonce, uint8 *body)
{
	uint8		block[PG_SHA256_DIGEST_LENGTH];

	for (uint32 i = 0; i * sizeof(block) < BODY_BYTES; i++)
	{
		uint8		counter[4] = {(uint8) (i >> 24), (uint8) (i >> 16), (uint8) (i >> 8), (uint8) i};

		noise_key_hmac(k_enc, nonce, NONCE_BYTES, counter, sizeof(counter), block);
		for (size_t j = 0; j < sizeof(block) && i * sizeof(block) + j < BODY_BYTES; j++)
			body[i * sizeof(block) + j] ^= block[j];
	}
	explicit_bzero(block, sizeof(block));
}

static void
put_be64(uint8 *p, int64 v)
{
	for (int i = 7; i >= 0; i--, v = (int64) ((uint64) v >> 8))
		p[i] = (uint8) v;
}

static void
figure_to_body(const DpFigure *f, uint8 *body)
{
	memset(body, 0, BODY_BYTES);
	body[0] = (uint8) f->kind;
	body[1] = f->has_params ? 1 : 0;
	put_be64(body + 2, f->eps_micro);
	put_be64(body + 10, f->lower);
	put_be64(body + 18, f->upper);
	put_be64(body + 26, f->value);
	put_be64(body + 34, f->persons);
	memcpy(body + 42, f->budget, NOISE_BUDGET_MAX + 1);
}

/* The figure of an authentic body; XX001 if it is not one we write. */
static void
body_to_figure(const uint8 *body, DpFigure *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = body[0];
	f->has_params = body[1] == 1;
	f->eps_micro = (int64) tst_get_be(body + 2, 8);
	f->lower = (int64) tst_get_be(body + 10, 8);
	f->upper = (int64) tst_get_be(body + 18, 8);
	f->value = (int64) tst_get_be(body + 26, 8);
	f->persons = (int64) tst_get_be(body + 34, 8);
	memcpy(f->budget, body + 42, NOISE_BUDGET_MAX + 1);
	if ((f->kind != NOISE_DP_COUNT && f->kind != NOISE_DP_SUM) || body[1] > 1 ||
		f->budget[NOISE_BUDGET_MAX] != '\0' || f->persons < 0 ||
		(f->kind == NOISE_DP_COUNT && f->value != f->persons) ||
		(f->has_params && (f->eps_micro <= 0 || f->lower > f->upper)))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupted dp_sealed value")));
}

static uint8 *
seal(FunctionCallInfo fcinfo, const DpFigure *f)
{
	uint8	   *out = palloc(SEALED_BYTES);
	uint8		k_enc[KEY_BYTES];
	uint8		k_mac[KEY_BYTES];

	out[0] = SEALED_VERSION;
	if (!pg_strong_random(out + 1, NONCE_BYTES))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random nonce")));
	sealing_keys(fcinfo, k_enc, k_mac);
	figure_to_body(f, out + BODY_AT);
	crypt_body(k_enc, out + 1, out + BODY_AT);
	noise_key_hmac(k_mac, out, TAG_AT, NULL, 0, out + TAG_AT);
	explicit_bzero(k_enc, sizeof(k_enc));
	explicit_bzero(k_mac, sizeof(k_mac));
	return out;
}

static void
unseal(FunctionCallInfo fcinfo, const uint8 *sealed, DpFigure *f)
{
	uint8		k_enc[KEY_BYTES];
	uint8		k_mac[KEY_BYTES];
	uint8		tag[TAG_BYTES];
	uint8		body[BODY_BYTES];
	uint8		diff = 0;

	sealing_keys(fcinfo, k_enc, k_mac);
	noise_key_hmac(k_mac, sealed, TAG_AT, NULL, 0, tag);
	for (int i = 0; i < TAG_BYTES; i++)
		diff |= tag[i] ^ sealed[TAG_AT + i];	/* constant time */
	if (diff != 0)
	{
		explicit_bzero(k_enc, sizeof(k_enc));
		explicit_bzero(k_mac, sizeof(k_mac));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the dp_sealed value was not sealed under this hub's current noise key"),
				 errdetail("It was altered, made on another hub, or the key of scope \"noise\" was rotated since."),
				 errhint("Run the query again.")));
	}
	memcpy(body, sealed + BODY_AT, BODY_BYTES);
	crypt_body(k_enc, sealed + 1, body);
	body_to_figure(body, f);
	explicit_bzero(body, sizeof(body));
	explicit_bzero(k_enc, sizeof(k_enc));
	explicit_bzero(k_mac, sizeof(k_mac));
}

/* ---- I/O: the bytes as "\x" hex, or raw in binary ---- */

static uint8 *
sealed_checked(const char *bytes, Size n, int sqlstate)
{
	uint8	   *out;

	if (n != SEALED_BYTES || (uint8) bytes[0] != SEALED_VERSION)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("invalid dp_sealed value"),
				 errdetail("A dp_sealed value is %d bytes starting with version %d.",
						   SEALED_BYTES, SEALED_VERSION)));
	out = palloc(SEALED_BYTES);
	memcpy(out, bytes, SEALED_BYTES);
	return out;
}

PG_FUNCTION_INFO_V1(dp_sealed_in);
Datum
dp_sealed_in(PG_FUNCTION_ARGS)
{
	const char *why = NULL;
	Size		n = 0;
	char	   *bytes = tst_hex_bytes(PG_GETARG_CSTRING(0), "dp_sealed", &n, &why);

	if (bytes == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type dp_sealed: %s", why)));
	PG_RETURN_POINTER(sealed_checked(bytes, n, ERRCODE_INVALID_TEXT_REPRESENTATION));
}

PG_FUNCTION_INFO_V1(dp_sealed_out);
Datum
dp_sealed_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(tst_hex_text((const char *) PG_GETARG_POINTER(0), SEALED_BYTES));
}

PG_FUNCTION_INFO_V1(dp_sealed_recv);
Datum
dp_sealed_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			n = buf->len - buf->cursor;
	const char *bytes = pq_getmsgbytes(buf, n);

	PG_RETURN_POINTER(sealed_checked(bytes, n, ERRCODE_INVALID_BINARY_REPRESENTATION));
}

PG_FUNCTION_INFO_V1(dp_sealed_send);
Datum
dp_sealed_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) PG_GETARG_POINTER(0), SEALED_BYTES);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---- sealing: the final functions of dp_count_sealed and dp_sum_sealed ---- */

static void
only_in_aggregate(FunctionCallInfo fcinfo, const char *fn)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called as the final function of its aggregate", fn)));
}

PG_FUNCTION_INFO_V1(dp_count_seal);
Datum
dp_count_seal(PG_FUNCTION_ARGS)
{
	DpFigure	f;

	only_in_aggregate(fcinfo, "dp_count_seal");
	dp_figure_at_final(fcinfo, NOISE_DP_COUNT, &f);
	PG_RETURN_POINTER(seal(fcinfo, &f));
}

PG_FUNCTION_INFO_V1(dp_sum_seal);
Datum
dp_sum_seal(PG_FUNCTION_ARGS)
{
	DpFigure	f;

	only_in_aggregate(fcinfo, "dp_sum_seal");
	dp_figure_at_final(fcinfo, NOISE_DP_SUM, &f);
	PG_RETURN_POINTER(seal(fcinfo, &f));
}

/* ---- opening: pay and release on the coordinator ---- */

/*
 * The figure of argument 0, released with the parameters of the following
 * arguments, which must be those it was aggregated with (a sum aggregated
 * with [0, 10] released with [0, 1] would get too little noise).  A figure
 * of no row whose call was not seen (Citus's combine of an ungrouped
 * aggregate) takes them from the arguments.
 */
static void
open_figure(FunctionCallInfo fcinfo, int kind, const char *fn, DpFigure *f)
{
	DpFigure	given;

	dp_refuse_citus_worker(fn);
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the dp_sealed value must not be NULL")));
	dp_figure_params_from_args(fcinfo, kind, 1, &given);
	unseal(fcinfo, (const uint8 *) PG_GETARG_POINTER(0), f);
	if (f->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s cannot open a value sealed by %s", fn,
						f->kind == NOISE_DP_COUNT ? "dp_count_sealed" : "dp_sum_sealed")));
	if (!f->has_params)
	{
		given.value = 0;
		given.persons = 0;
		*f = given;
		return;
	}
	if (f->eps_micro != given.eps_micro || f->lower != given.lower || f->upper != given.upper ||
		strcmp(f->budget, given.budget) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be given the %s the value was sealed with", fn,
						kind == NOISE_DP_SUM ? "bounds, epsilon and budget" : "epsilon and budget"),
				 errhint("Pass the same arguments to the sealed aggregate and to %s.", fn)));
}

PG_FUNCTION_INFO_V1(dp_count_open);
Datum
dp_count_open(PG_FUNCTION_ARGS)
{
	DpFigure	f;
	int64		v;

	open_figure(fcinfo, NOISE_DP_COUNT, "dp_count_open", &f);
	if (!dp_figure_release(&f, &v))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(dp_sum_open);
Datum
dp_sum_open(PG_FUNCTION_ARGS)
{
	DpFigure	f;
	int64		v;

	open_figure(fcinfo, NOISE_DP_SUM, "dp_sum_open", &f);
	if (!dp_figure_release(&f, &v))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(int64_to_numeric(v));
}

PG_FUNCTION_INFO_V1(dp_avg_open);
Datum
dp_avg_open(PG_FUNCTION_ARGS)
{
	DpFigure	f;
	Numeric		v;

	open_figure(fcinfo, NOISE_DP_SUM, "dp_avg_open", &f);
	if (!dp_figure_release_avg(&f, &v))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(v);
}

/*
 * pii_wallet.c
 *	  Cryptocurrency addresses, taken only when their checksum holds:
 *	  Bitcoin legacy and P2SH (Base58Check, double SHA-256), Bitcoin SegWit
 *	  (BIP 173 bech32 and BIP 350 bech32m), TRON (Base58Check, version
 *	  0x41), Ethereum (0x + 40 hex; EIP-55 mixed-case checksum by
 *	  Keccak-256 when the case is mixed).
 *
 * Keccak-256 is the original Keccak submission (padding 0x01), not FIPS
 * 202 SHA3-256 (padding 0x06), as Ethereum uses it.  Written here from the
 * Keccak reference description (round constants and rotation offsets of
 * the Keccak team's specification summary).
 */
#include "postgres.h"

#include "common/cryptohash.h"
#include "common/sha2.h"

#include "anon/pii.h"

static const char b58_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

static int
b58_value(char c)
{
	const char *p = (c != '\0') ? strchr(b58_alphabet, c) : NULL;

	return p ? (int) (p - b58_alphabet) : -1;
}

static bool
sha256(const uint8 *in, size_t n, uint8 *out)
{
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);
	bool		ok;

	if (ctx == NULL)
		return false;
	ok = pg_cryptohash_init(ctx) >= 0 && pg_cryptohash_update(ctx, in, n) >= 0 &&
		pg_cryptohash_final(ctx, out, PG_SHA256_DIGEST_LENGTH) >= 0;
	pg_cryptohash_free(ctx);
	return ok;
}

/* Base58 to exactly 25 bytes (version, 20-byte hash, 4-byte checksum). */
bool
pii_base58check(const char *s, int len, uint8_t *version)
{
	uint8		b[25] = {0};
	uint8		h1[PG_SHA256_DIGEST_LENGTH],
				h2[PG_SHA256_DIGEST_LENGTH];

	if (len < 25 || len > 35)
		return false;
	for (int i = 0; i < len; i++)
	{
		int			carry = b58_value(s[i]);

		if (carry < 0)
			return false;
		for (int k = 24; k >= 0; k--)
		{
			carry += 58 * b[k];
			b[k] = carry & 0xFF;
			carry >>= 8;
		}
		if (carry != 0)
			return false;		/* more than 25 bytes */
	}
	if (!sha256(b, 21, h1) || !sha256(h1, sizeof(h1), h2))
		return false;
	*version = b[0];
	return memcmp(h2, b + 21, 4) == 0;
}

static uint32
bech32_polymod(const uint8 *v, int n)
{
	static const uint32 g[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
	uint32		chk = 1;

	for (int i = 0; i < n; i++)
	{
		uint32		top = chk >> 25;

		chk = ((chk & 0x1ffffff) << 5) ^ v[i];
		for (int k = 0; k < 5; k++)
			if ((top >> k) & 1)
				chk ^= g[k];
	}
	return chk;
}

/* s: "bc1" + data, one case. */
bool
pii_bech32_valid(const char *s, int len)
{
	static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
	uint8		v[96];
	int			n = 0,
				sep = 2;
	uint32		pm;

	if (len < 14 || len > 90)
		return false;
	/* expanded human-readable part "bc" */
	v[n++] = 'b' >> 5;
	v[n++] = 'c' >> 5;
	v[n++] = 0;
	v[n++] = 'b' & 31;
	v[n++] = 'c' & 31;
	for (int i = sep + 1; i < len; i++)
	{
		const char *p = strchr(charset, s[i] | 0x20);

		if (p == NULL || s[i] == '\0')
			return false;
		v[n++] = (uint8) (p - charset);
	}
	pm = bech32_polymod(v, n);
	return pm == 1 || pm == 0x2bc830a3;
}

/* ---- Keccak-256 ---- */

static const uint64 keccak_rc[24] = {
	UINT64CONST(0x0000000000000001), UINT64CONST(0x0000000000008082), UINT64CONST(0x800000000000808A),
	UINT64CONST(0x8000000080008000), UINT64CONST(0x000000000000808B), UINT64CONST(0x0000000080000001),
	UINT64CONST(0x8000000080008081), UINT64CONST(0x8000000000008009), UINT64CONST(0x000000000000008A),
	UINT64CONST(0x0000000000000088), UINT64CONST(0x0000000080008009), UINT64CONST(0x000000008000000A),
	UINT64CONST(0x000000008000808B), UINT64CONST(0x800000000000008B), UINT64CONST(0x8000000000008089),
	UINT64CONST(0x8000000000008003), UINT64CONST(0x8000000000008002), UINT64CONST(0x8000000000000080),
	UINT64CONST(0x000000000000800A), UINT64CONST(0x800000008000000A), UINT64CONST(0x8000000080008081),
	UINT64CONST(0x8000000000008080), UINT64CONST(0x0000000080000001), UINT64CONST(0x8000000080008008)
};

/* rotation offsets r[x][y] of the rho step */
static const int keccak_rho[5][5] = {
	{0, 36, 3, 41, 18}, {1, 44, 10, 45, 2}, {62, 6, 43, 15, 61}, {28, 55, 25, 21, 56}, {27, 20, 39, 8, 14}
};

#define ROL64(x, n) ((n) == 0 ? (x) : (((x) << (n)) | ((x) >> (64 - (n)))))

static void
keccak_f(uint64 A[25])
{
	for (int round = 0; round < 24; round++)
	{
		uint64		C[5],
					D[5],
					B[25];

		for (int x = 0; x < 5; x++)
			C[x] = A[x] ^ A[x + 5] ^ A[x + 10] ^ A[x + 15] ^ A[x + 20];
		for (int x = 0; x < 5; x++)
			D[x] = C[(x + 4) % 5] ^ ROL64(C[(x + 1) % 5], 1);
		for (int i = 0; i < 25; i++)
			A[i] ^= D[i % 5];
		/* rho and pi: B[y, 2x+3y] = rot(A[x, y], r[x, y]) */
		for (int x = 0; x < 5; x++)
			for (int y = 0; y < 5; y++)
				B[y + 5 * ((2 * x + 3 * y) % 5)] = ROL64(A[x + 5 * y], keccak_rho[x][y]);
		/* chi */
		for (int x = 0; x < 5; x++)
			for (int y = 0; y < 5; y++)
				A[x + 5 * y] = B[x + 5 * y] ^ ((~B[(x + 1) % 5 + 5 * y]) & B[(x + 2) % 5 + 5 * y]);
		/* iota */
		A[0] ^= keccak_rc[round];
	}
}

/* Keccak-256 of fewer than 136 bytes (one block is all an address needs). */
static void
keccak256_short(const uint8 *in, int n, uint8 out[32])
{
	uint64		A[25] = {0};
	uint8		block[136] = {0};

	Assert(n < 136);
	memcpy(block, in, n);
	block[n] ^= 0x01;
	block[135] ^= 0x80;
	for (int i = 0; i < 17; i++)
	{
		uint64		lane = 0;

		for (int b = 7; b >= 0; b--)
			lane = (lane << 8) | block[8 * i + b];
		A[i] ^= lane;
	}
	keccak_f(A);
	for (int i = 0; i < 32; i++)
		out[i] = (uint8) (A[i / 8] >> (8 * (i % 8)));
}

/* EIP-55: a hex letter is upper case iff its nibble of Keccak(lower-case hex) >= 8. */
bool
pii_eip55_valid(const char *hex40)
{
	uint8		lower[40],
				h[32];

	for (int i = 0; i < 40; i++)
		lower[i] = (uint8) ((hex40[i] >= 'A' && hex40[i] <= 'F') ? hex40[i] | 0x20 : hex40[i]);
	keccak256_short(lower, 40, h);
	for (int i = 0; i < 40; i++)
	{
		int			nib = (i & 1) ? (h[i / 2] & 0x0F) : (h[i / 2] >> 4);
		char		c = hex40[i];

		if (c >= 'a' && c <= 'f' && nib >= 8)
			return false;
		if (c >= 'A' && c <= 'F' && nib < 8)
			return false;
	}
	return true;
}

static bool
alnum_ascii(const PiiText *t, int j)
{
	return (t->cls[j] & PC_ASCII) && (t->cls[j] & (PC_ALPHA | PC_DIGIT));
}

void
pii_find_wallets(PiiText *t)
{
	if (t->max_ascii_run < 25)
		return;					/* no address is shorter */
	for (int i = 0; i < t->n; i++)
	{
		int			j = i;
		char		buf[96];
		int			len;
		uint8_t		ver;

		if (!alnum_ascii(t, i) || !pii_boundary_before(t, i))
			continue;
		while (j < t->n && j - i < 95 && alnum_ascii(t, j))
			j++;
		len = j - i;
		if (!pii_boundary_after(t, j) || len < 25)
		{
			i = j;
			continue;
		}
		for (int k = 0; k < len; k++)
			buf[k] = (char) t->c[i + k];
		buf[len] = '\0';
		if (len == 42 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X'))
		{
			bool		hex = true,
						upper = false,
						lower = false;

			for (int k = 2; k < 42; k++)
			{
				hex &= isxdigit((unsigned char) buf[k]) != 0;
				upper |= buf[k] >= 'A' && buf[k] <= 'F';
				lower |= buf[k] >= 'a' && buf[k] <= 'f';
			}
			if (hex)
			{
				if (!(upper && lower))
					pii_add(t, i, j, PII_WALLET, 0.9f, "ethereum", NULL);
				else if (pii_eip55_valid(buf + 2))
					pii_add(t, i, j, PII_WALLET, 0.98f, "ethereum_eip55", NULL);
				else
					pii_add(t, i, j, PII_WALLET, 0.5f, "ethereum_bad_eip55", NULL);
			}
		}
		else if ((buf[0] == '1' || buf[0] == '3') && pii_base58check(buf, len, &ver) &&
				 (ver == 0x00 || ver == 0x05))
			pii_add(t, i, j, PII_WALLET, 0.98f, "bitcoin_base58check", NULL);
		else if (buf[0] == 'T' && len == 34 && pii_base58check(buf, len, &ver) && ver == 0x41)
			pii_add(t, i, j, PII_WALLET, 0.98f, "tron_base58check", NULL);
		else if ((strncmp(buf, "bc1", 3) == 0 || strncmp(buf, "BC1", 3) == 0) && pii_bech32_valid(buf, len))
		{
			bool		up = false,
						low = false;

			for (int k = 0; k < len; k++)
				up |= isupper((unsigned char) buf[k]), low |= islower((unsigned char) buf[k]);
			if (!(up && low))
				pii_add(t, i, j, PII_WALLET, 0.98f, "bitcoin_bech32", NULL);
		}
		i = j;
	}
}

/*
 * hex.c
 *	  The text form of the binary state types (cube, person_set): "\x" and
 *	  the hex of the binary form, like bytea's; and big-endian reads.
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "common/common.h"

char *
tst_hex_text(const char *bytes, Size n)
{
	static const char hex[] = "0123456789abcdef";
	StringInfoData out;

	initStringInfo(&out);
	appendStringInfoString(&out, "\\x");
	for (Size i = 0; i < n; i++)
	{
		unsigned char b = (unsigned char) bytes[i];

		appendStringInfoChar(&out, hex[b >> 4]);
		appendStringInfoChar(&out, hex[b & 15]);
	}
	return out.data;
}

static int
hex_digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
tst_hex_bytes(const char *s, const char *type, Size *n, const char **why)
{
	Size		slen = strlen(s);
	char	   *bytes;

	*n = 0;
	if (slen < 2 || s[0] != '\\' || s[1] != 'x' || (slen - 2) % 2 != 0)
	{
		*why = psprintf("A %s is written \\x followed by an even number of hex digits.", type);
		return NULL;
	}
	bytes = palloc((slen - 2) / 2 + 1);
	for (Size i = 2; i < slen; i += 2)
	{
		int			hi = hex_digit_value(s[i]),
					lo = hex_digit_value(s[i + 1]);

		if (hi < 0 || lo < 0)
		{
			*why = psprintf("Character %zu is not a hex digit.", (hi < 0) ? i + 1 : i + 2);
			return NULL;
		}
		bytes[(*n)++] = (char) (hi * 16 + lo);
	}
	return bytes;
}

uint64
tst_get_be(const unsigned char *p, int bytes)
{
	uint64		v = 0;

	for (int i = 0; i < bytes; i++)
		v = (v << 8) | p[i];
	return v;
}

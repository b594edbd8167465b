/*
 * phone_fuzz.c
 *	  libFuzzer harness for the phone canonicaliser (src/anon/phone.c).
 *
 * Input: first byte picks the default country (or none), the rest is the
 * number as UTF-8.  Besides crashes and sanitizer reports, it checks:
 *	- a result is "+" and 8..15 digits (7 for the shortest plans);
 *	- canonicalising is idempotent, whatever the default country;
 *	- no error text contains six consecutive digits (the number is never
 *	  echoed; calling codes, prefixes (00456 is the longest) and the last
 *	  two digits are shorter).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon/phone.h"
#include "anon/phone_plans.h"

static const char *const countries[] = {
	"GB", "US", "IN", "PH", "TH", "VN", "NG", "UA", "PL", "RO", "MX", "BR",
	"CO", "AR", "RU", "IT", "DE", "ID", "KE", "HU", "CN", "JP", "SG", "AU",
	"XX", "", "gb"
};
#define NCOUNTRIES ((int) (sizeof(countries) / sizeof(countries[0])))

int			LLVMFuzzerInitialize(int *argc, char ***argv);
int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *bad = phone_plans_selfcheck();

	(void) argc;
	(void) argv;
	if (bad)
	{
		fprintf(stderr, "phone plans: %s\n", bad);
		abort();
	}
	return 0;
}

static void
check_no_digit_run(const char *s)
{
	int			run = 0;

	for (; *s; s++)
	{
		/* a code point (U+105145) is not digits of the number */
		if (s[0] == 'U' && s[1] == '+')
		{
			s += 2;
			while ((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'F'))
				s++;
			run = 0;
			if (*s == '\0')
				break;
			continue;
		}
		run = (*s >= '0' && *s <= '9') ? run + 1 : 0;
		if (run >= 6)
		{
			fprintf(stderr, "error text has a run of digits: %s\n", s);
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		out[PHONE_E164_BUFSIZE],
				again[PHONE_E164_BUFSIZE];
	PhoneError	err;
	PhoneStatus st;
	const char *country = NULL;
	size_t		n;

	if (size == 0)
		return 0;
	if (data[0] < NCOUNTRIES)
		country = countries[data[0]];
	data++;
	size--;

	st = phone_canonicalise((const char *) data, size, country,
							country ? strlen(country) : 0, out, &err);
	if (st != PHONE_OK)
	{
		if (out[0] != '\0' || err.message[0] == '\0')
			abort();
		check_no_digit_run(err.message);
		check_no_digit_run(err.detail);
		/* the hint may list countries, never digits of the number */
		check_no_digit_run(err.hint);
		return 0;
	}

	n = strlen(out);
	if (out[0] != '+' || n < 6 || n > 1 + PHONE_E164_MAX_DIGITS)
		abort();
	for (size_t i = 1; i < n; i++)
		if (out[i] < '0' || out[i] > '9')
			abort();

	/* idempotent, and a "+" number is the same under any default country */
	for (int c = 0; c < 3; c++)
	{
		const char *cc = c == 0 ? NULL : (c == 1 ? "GB" : "BR");

		st = phone_canonicalise(out, n, cc, cc ? strlen(cc) : 0, again, &err);
		if (st != PHONE_OK || strcmp(out, again) != 0)
		{
			fprintf(stderr, "not idempotent: %s -> %s (%s)\n", out,
					st == PHONE_OK ? again : "error", st == PHONE_OK ? "" : err.detail);
			abort();
		}
	}
	return 0;
}

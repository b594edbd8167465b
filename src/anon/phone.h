/*
 * phone.h
 *	  The phone-number canonicaliser behind tst_hub.canon_phone: text as
 *	  people write it to E.164 ("+" and at most 15 digits).
 *
 * This interface needs no backend (no palloc, no ereport), so the libFuzzer
 * harness in test/fuzz/phone_fuzz.c calls it directly; it uses only the C
 * library and ICU.  Messages are composed here so that the SQL function and
 * the fuzz harness see the same text, and none of them repeats the number:
 * at most its last two digits.
 */
#ifndef TST_HUB_PHONE_H
#define TST_HUB_PHONE_H

#include <stdbool.h>
#include <stddef.h>

/* Inputs longer than this are refused before they are read. */
#define PHONE_INPUT_MAX 256

/* E.164: "+", at most 15 digits, NUL. */
#define PHONE_E164_MAX_DIGITS 15
#define PHONE_E164_BUFSIZE (PHONE_E164_MAX_DIGITS + 2)

typedef enum PhoneStatus
{
	PHONE_OK = 0,
	PHONE_INVALID,				/* the number is impossible: 22P02 */
	PHONE_BAD_COUNTRY			/* default_country is unknown: 22023 */
} PhoneStatus;

/* Why a number was refused; empty strings when there is nothing to say. */
typedef struct PhoneError
{
	char		message[96];
	char		detail[320];
	char		hint[512];
} PhoneError;

/*
 * Canonicalise UTF-8 text (len bytes, need not be NUL-terminated) holding a
 * phone number.  country (clen bytes, ASCII) is the ISO 3166-1 alpha-2 code
 * used for numbers written in national form; it is checked even when the
 * number carries its own country code.  With country NULL only numbers
 * written with "+" or 00 and their country code are accepted.  On
 * PHONE_OK, out holds the E.164 string; otherwise err says why.  Work is
 * bounded by PHONE_INPUT_MAX.
 */
extern PhoneStatus phone_canonicalise(const char *utf8, size_t len,
									  const char *country, size_t clen,
									  char out[PHONE_E164_BUFSIZE],
									  PhoneError *err);

/* The default countries supported, comma-separated, into buf. */
extern void phone_supported_countries(char *buf, size_t size);

/*
 * Checks the tables' invariants (calling codes prefix-free, every plan's
 * code assigned, aliases resolve); returns NULL or what is wrong.  Used by
 * the fuzz harness and the assert-enabled build.
 */
extern const char *phone_plans_selfcheck(void);

#endif

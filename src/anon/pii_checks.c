/*
 * pii_checks.c
 *	  Check digits of the identifiers pii_detect recognises.  A digit run
 *	  is reported as a card or an identity number only when its check
 *	  passes, which is what keeps random numbers (amounts, case numbers)
 *	  out of the results.
 *
 * Sources (algorithms as published; no code taken from anywhere):
 *	 Luhn: ISO/IEC 7812-1 annex B.  Card prefixes: ISO/IEC 7812 issuer
 *	 identification numbers as the networks publish them.
 *	 Verhoeff: J. Verhoeff, "Error detecting decimal codes" (1969); used by
 *	 UIDAI for Aadhaar (12 digits, the first 2-9).
 *	 IBAN: ISO 13616-1 (MOD 97-10 of ISO/IEC 7064) and the SWIFT IBAN
 *	 registry for the per-country lengths.
 *	 Chinese resident ID: GB 11643-1999 (ISO 7064 MOD 11-2, check "X" = 10).
 *	 Brazilian CPF: Receita Federal's two mod-11 check digits.
 *	 Polish PESEL: weights 1-3-7-9 (Ustawa o ewidencji ludności), months
 *	 +20/+40/+60/+80 for the century.
 *	 Romanian CNP: key 279146358279, mod 11 (10 -> 1).
 *	 Thai ID: 13 digits, weights 13..2, (11 - sum mod 11) mod 10.
 *	 Spanish DNI/NIE: letter "TRWAGMYFPDXBNJZSQVHLCKE"[number mod 23]
 *	 (Real Decreto 1553/2005); NIE X/Y/Z count as 0/1/2.
 *	 ICAO 9303 part 3: MRZ check digits, weights 7-3-1, "<" = 0, A-Z = 10-35.
 */
#include "postgres.h"

#include "anon/pii.h"

bool
pii_luhn(const char *d, int n)
{
	int			sum = 0;

	for (int i = 0; i < n; i++)
	{
		int			v = d[n - 1 - i] - '0';

		if (i & 1)
		{
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

bool
pii_card_prefix(const char *d, int n)
{
	int			p2 = (d[0] - '0') * 10 + (d[1] - '0');
	int			p4 = p2 * 100 + (d[2] - '0') * 10 + (d[3] - '0');

	if (d[0] == '4')			/* Visa: 13, 16, 19 */
		return n == 13 || n == 16 || n == 19;
	if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
		return n == 16;			/* Mastercard */
	if (p2 == 34 || p2 == 37)
		return n == 15;			/* American Express */
	if (p4 >= 2200 && p4 <= 2204)
		return n >= 16;			/* Mir */
	if (p2 == 30 || p2 == 36 || p2 == 38 || p2 == 39)
		return n >= 14;			/* Diners */
	if (p2 == 35)
		return n >= 16;			/* JCB */
	if (d[0] == '6' || p2 == 50 || (p2 >= 56 && p2 <= 58))
		return n >= 16;			/* Discover, UnionPay, RuPay, Maestro */
	if (p4 == 9704)
		return n == 16 || n == 19;	/* Vietnam's Napas */
	return false;
}

static const uint8_t verhoeff_d[10][10] = {
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
	{2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
	{4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
	{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
	{8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
};
static const uint8_t verhoeff_p[8][10] = {
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
	{5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
	{9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
	{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}
};

bool
pii_verhoeff(const char *d, int n)
{
	int			c = 0;

	for (int i = 0; i < n; i++)
		c = verhoeff_d[c][verhoeff_p[i % 8][d[n - 1 - i] - '0']];
	return c == 0;
}

/* IBAN lengths by country (SWIFT IBAN registry). */
static const struct
{
	char		cc[3];
	int			len;
}			iban_lengths[] = {
	{"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20},
	{"BE", 16}, {"BG", 22}, {"BH", 22}, {"BR", 29}, {"BY", 28}, {"CH", 21},
	{"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"DO", 28},
	{"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FO", 18}, {"FR", 27},
	{"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28},
	{"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
	{"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32},
	{"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27},
	{"MD", 24}, {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30},
	{"NL", 18}, {"NO", 15}, {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25},
	{"QA", 29}, {"RO", 24}, {"RS", 22}, {"SA", 24}, {"SC", 31}, {"SD", 18},
	{"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"ST", 25}, {"SV", 28},
	{"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24},
	{"XK", 20}
};

int
pii_iban_length(const char *cc)
{
	for (int i = 0; i < lengthof(iban_lengths); i++)
		if (cc[0] == iban_lengths[i].cc[0] && cc[1] == iban_lengths[i].cc[1])
			return iban_lengths[i].len;
	return 0;
}

/* s: n upper-case letters and digits, country code first. */
bool
pii_iban_valid(const char *s, int n)
{
	int			r = 0;

	if (n < 15 || pii_iban_length(s) != n)
		return false;
	for (int k = 0; k < n; k++)
	{
		char		ch = s[(k + 4) % n];	/* the first four go to the end */

		if (ch >= '0' && ch <= '9')
			r = (r * 10 + (ch - '0')) % 97;
		else if (ch >= 'A' && ch <= 'Z')
			r = (r * 100 + (ch - 'A' + 10)) % 97;
		else
			return false;
	}
	return r == 1;
}

static bool
plausible_date(int y, int m, int d)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return y >= 1800 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1];
}

static int
num(const char *d, int n)
{
	int			v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

bool
pii_cn_resident_id(const char *d, char check)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	int			s = 0;

	for (int i = 0; i < 17; i++)
		s += (d[i] - '0') * w[i];
	if (!plausible_date(num(d + 6, 4), num(d + 10, 2), num(d + 12, 2)))
		return false;
	return "10X98765432"[s % 11] == (check == 'x' ? 'X' : check);
}

bool
pii_cpf(const char *d)
{
	int			s1 = 0,
				s2 = 0;
	bool		same = true;

	for (int i = 0; i < 11; i++)
		same = same && d[i] == d[0];
	if (same)
		return false;
	for (int i = 0; i < 9; i++)
		s1 += (d[i] - '0') * (10 - i);
	for (int i = 0; i < 10; i++)
		s2 += (d[i] - '0') * (11 - i);
	return (s1 * 10 % 11) % 10 == d[9] - '0' && (s2 * 10 % 11) % 10 == d[10] - '0';
}

bool
pii_pesel(const char *d)
{
	static const int w[10] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
	int			s = 0,
				m = num(d + 2, 2),
				y = num(d, 2);

	for (int i = 0; i < 10; i++)
		s += (d[i] - '0') * w[i];
	if ((10 - s % 10) % 10 != d[10] - '0')
		return false;
	/* the month carries the century */
	y += m > 80 ? 1800 : m > 60 ? 2200 : m > 40 ? 2100 : m > 20 ? 2000 : 1900;
	return plausible_date(y > 2099 ? 2099 : y, m % 20, num(d + 4, 2));
}

bool
pii_cnp(const char *d)
{
	static const char key[] = "279146358279";
	int			s = 0,
				r;

	if (d[0] == '0')
		return false;
	for (int i = 0; i < 12; i++)
		s += (d[i] - '0') * (key[i] - '0');
	r = s % 11;
	if ((r == 10 ? 1 : r) != d[12] - '0')
		return false;
	return plausible_date(1900 + num(d + 1, 2), num(d + 3, 2), num(d + 5, 2));
}

bool
pii_thai_id(const char *d)
{
	int			s = 0;

	if (d[0] == '0')
		return false;
	for (int i = 0; i < 12; i++)
		s += (d[i] - '0') * (13 - i);
	return (11 - s % 11) % 10 == d[12] - '0';
}

bool
pii_dni_letter(long n, char letter)
{
	return "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23] == (letter & ~0x20);
}

/* ICAO 9303 check digit of n MRZ characters, or -1 if one is not allowed. */
int
pii_icao_check(const UChar32 *c, int n)
{
	static const int w[3] = {7, 3, 1};
	int			s = 0;

	for (int i = 0; i < n; i++)
	{
		int			v;

		if (c[i] >= '0' && c[i] <= '9')
			v = c[i] - '0';
		else if (c[i] >= 'A' && c[i] <= 'Z')
			v = c[i] - 'A' + 10;
		else if (c[i] == '<')
			v = 0;
		else
			return -1;
		s += v * w[i % 3];
	}
	return s % 10;
}

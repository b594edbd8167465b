/*
 * pii_net.c
 *	  Internet identifiers: e-mail addresses (also "name (at) host (dot)
 *	  com"), URLs (a scheme, "www." or a host with a common top-level
 *	  domain), IPv4 and IPv6 addresses, and social-media handles ("@name",
 *	  and the word after "WhatsApp:", "Telegram", "Facebook", "微信").
 *
 * Every scan expands a bounded distance around an anchor ("@", ".", ":"),
 * so the work stays linear however the text is made.
 */
#include "postgres.h"

#include <arpa/inet.h>

#include "anon/pii.h"

#define EMAIL_LOCAL_MAX 64
#define DOMAIN_MAX 253
#define URL_MAX 2048
#define IS_HEX(t, j) ((t)->c[j] < 0x80 && isxdigit((int) (t)->c[j]))

static bool
local_char(const PiiText *t, int j)
{
	UChar32		c = t->c[j];

	return (t->cls[j] & (PC_ALPHA | PC_DIGIT)) ||
		c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static bool
host_char(const PiiText *t, int j)
{
	return (t->cls[j] & (PC_ALPHA | PC_DIGIT)) || t->c[j] == '-';
}

/*
 * A host name starting at i: labels joined by dots (or " dot ", "(dot)"
 * when obfuscated is set), the last one 2+ letters.  Returns its end, or
 * -1.  *labels gets the number of labels, *tld the start of the last.
 */
static int
host_end(const PiiText *t, int i, int *labels, int *tld)
{
	int			j = i,
				end = -1,
				nl = 0;

	while (j < t->n && j - i < DOMAIN_MAX)
	{
		int			s = j;
		bool		letters = true;

		while (j < t->n && host_char(t, j) && j - s < 63)
		{
			if (!(t->cls[j] & PC_ALPHA))
				letters = false;
			j++;
		}
		if (j == s || t->c[s] == '-' || t->c[j - 1] == '-')
			break;
		nl++;
		if (nl >= 2 && letters && j - s >= 2)
		{
			end = j;
			*labels = nl;
			*tld = s;
		}
		if (j + 1 < t->n && t->c[j] == '.' && host_char(t, j + 1))
			j++;
		else
			break;
	}
	return end;
}

/* Does c[i..] spell the ASCII word w (lower case)? */
static bool
spells(const PiiText *t, int i, const char *w)
{
	for (int k = 0; w[k]; k++)
		if (i + k >= t->n || t->low[i + k] != (UChar32) (unsigned char) w[k])
			return false;
	return true;
}

static void
find_emails(PiiText *t)
{
	for (int i = 1; i < t->n; i++)
	{
		int			at_len = 0,
					s,
					e,
					labels,
					tld;

		if (t->c[i] == '@')
			at_len = 1;
		else if ((t->c[i] == '(' || t->c[i] == '[') && (spells(t, i, "(at)") || spells(t, i, "[at]")))
			at_len = 4;
		else if (t->c[i] == ' ' && (spells(t, i, " (at) ") || spells(t, i, " [at] ")))
			at_len = 6;
		else
			continue;
		s = i;
		while (s > 0 && i - s < EMAIL_LOCAL_MAX && local_char(t, s - 1))
			s--;
		while (s < i && (t->c[s] == '.' || t->c[s] == '-' || t->c[s] == '+'))
			s++;
		if (s == i)
			continue;
		e = host_end(t, i + at_len, &labels, &tld);
		if (e < 0 && at_len > 1)
		{
			/* "host (dot) com" */
			int			h = i + at_len,
						k = h;

			while (k < t->n && host_char(t, k) && k - h < 63)
				k++;
			if (k > h && (spells(t, k, " (dot) ") || spells(t, k, " [dot] ") || spells(t, k, " dot ")))
			{
				int			d = k + (spells(t, k, " dot ") ? 5 : 7),
							m = d;

				while (m < t->n && (t->cls[m] & PC_ALPHA) && m - d < 24)
					m++;
				if (m - d >= 2)
					e = m;
			}
		}
		if (e < 0 && at_len == 1 && i - s >= 2)
		{
			/* name@bank (UPI payment address, Skype-style id): a handle */
			int			m = i + 1;

			while (m < t->n && m - i <= 32 && (t->cls[m] & PC_ALPHA) && (t->cls[m] & PC_ASCII))
				m++;
			if (m - i >= 3 && pii_boundary_after(t, m) && !(m < t->n && t->c[m] == '.' && m + 1 < t->n && (t->cls[m + 1] & PC_ALPHA)))
			{
				pii_add(t, s, m, PII_HANDLE, 0.8f, "at_account", NULL);
				i = m - 1;
			}
			continue;
		}
		if (e < 0)
			continue;
		/* a trailing dot ends the sentence, not the domain: host_end excludes it */
		pii_add(t, s, e, PII_EMAIL, at_len == 1 ? 0.98f : 0.9f,
				at_len == 1 ? "email" : "email_obfuscated", NULL);
		i = e - 1;
	}
}

/* Common top-level domains, for host names written without a scheme. */
static bool
common_tld(const PiiText *t, int s, int e)
{
	static const char *const tlds[] = {
		"com", "org", "net", "info", "biz", "io", "me", "co", "xyz", "online", "site", "app",
		"ru", "ua", "pl", "ro", "vn", "th", "cn", "in", "ke", "tz", "ug", "ph", "br", "pt",
		"es", "fr", "uk", "de", "mx", "ar", "ng", "gh", "za", "eg", "sa", "ae", "md", "kz",
		"top", "club", "shop", "jobs", "work", "ly", "gl", "gg", "to", "cc", "tk", "ml", NULL
	};

	for (int k = 0; tlds[k]; k++)
		if ((int) strlen(tlds[k]) == e - s && spells(t, s, tlds[k]))
			return true;
	return false;
}

static bool
url_char(const PiiText *t, int j)
{
	UChar32		c = t->c[j];

	return !(t->cls[j] & PC_SPACE) && c != '<' && c != '>' && c != '"' && c != '\'' &&
		c != 0x3001 && c != 0x3002 && c != 0xFF0C && c != 0x201C && c != 0x201D &&
		c != 0x00AB && c != 0x00BB && !(t->cls[j] & PC_HAN);
}

static int
url_tail(const PiiText *t, int j)
{
	int			s = j;

	while (j < t->n && j - s < URL_MAX && url_char(t, j))
		j++;
	/* punctuation that ends the sentence or closes a bracket is not part of it */
	while (j > s && strchr(".,;:!?)]}", (int) (t->c[j - 1] < 0x80 ? t->c[j - 1] : 'a')) != NULL &&
		   t->c[j - 1] < 0x80)
		j--;
	return j;
}

static void
find_urls(PiiText *t)
{
	for (int i = 0; i < t->n; i++)
	{
		int			e,
					labels,
					tld;

		if (t->low[i] != 'h' && t->low[i] != 'w' && !(t->cls[i] & (PC_ALPHA | PC_DIGIT)))
			continue;
		if (!pii_boundary_before(t, i) || (i > 0 && (t->c[i - 1] == '@' || t->c[i - 1] == '.')))
			continue;
		if (spells(t, i, "http://") || spells(t, i, "https://"))
		{
			e = url_tail(t, i);
			if (e > i + 8)
			{
				pii_add(t, i, e, PII_URL, 0.97f, "url", NULL);
				i = e - 1;
			}
			continue;
		}
		if (!(t->cls[i] & PC_ASCII))
			continue;
		e = host_end(t, i, &labels, &tld);
		if (e < 0)
			continue;
		if (e < t->n && t->c[e] == '@')
			continue;			/* an e-mail address */
		if (spells(t, i, "www.") || (common_tld(t, tld, e) && (t->low[i] != 'e' || !spells(t, i, "e.g"))))
		{
			if (e < t->n && (t->c[e] == '/' || t->c[e] == ':' || t->c[e] == '?'))
				e = url_tail(t, e);
			pii_add(t, i, e, PII_URL, spells(t, i, "www.") ? 0.95f : 0.85f, "host", NULL);
			i = e - 1;
		}
		else
			i = e - 1;
	}
}

static void
find_ips(PiiText *t)
{
	char		buf[64];

	for (int i = 0; i < t->n; i++)
	{
		int			j = i,
					colons = 0,
					hex = 0;
		bool		v4;

		if (!(t->cls[i] & (PC_DIGIT | PC_ALPHA)) && t->c[i] != ':')
			continue;
		if (!pii_boundary_before(t, i) || (i > 0 && (t->c[i - 1] == '.' || t->c[i - 1] == ':')))
			continue;
		while (j < t->n && j - i < 45 &&
			   (IS_HEX(t, j) || t->c[j] == ':' || t->c[j] == '.'))
		{
			colons += t->c[j] == ':';
			hex += IS_HEX(t, j);
			j++;
		}
		while (j > i && (t->c[j - 1] == '.' || (t->c[j - 1] == ':' && (j - 2 < i || t->c[j - 2] != ':'))))
			j--;
		if (j - i < 7 || !pii_boundary_after(t, j))
		{
			if (j > i)
				i = j - 1;
			continue;
		}
		memset(buf, 0, sizeof(buf));
		for (int k = i; k < j; k++)
			buf[k - i] = (char) t->c[k];
		v4 = colons == 0;
		if (v4)
		{
			unsigned char addr[4];

			if (inet_pton(AF_INET, buf, addr) == 1)
				pii_add(t, i, j, PII_IP, 0.95f, "ipv4", NULL);
		}
		else if (colons >= 2 && hex >= 3)
		{
			unsigned char addr[16];

			if (inet_pton(AF_INET6, buf, addr) == 1)
				pii_add(t, i, j, PII_IP, 0.95f, "ipv6", NULL);
		}
		i = j - 1;
	}
}

static bool
handle_char(const PiiText *t, int j)
{
	UChar32		c = t->c[j];

	return (t->cls[j] & PC_DIGIT) || ((t->cls[j] & PC_ALPHA) && (t->cls[j] & PC_ASCII)) ||
		c == '_' || c == '.';
}

/* A word between a messaging cue and the account: 号, 号码, id, username, user, name, handle, account */
static bool
handle_filler(const PiiText *t, int w)
{
	static const char *const words[] = {"id", "username", "user", "name", "handle", "account", "acc", "nick", NULL};
	const PiiWord *wd = &t->words[w];

	if (wd->e - wd->s == 1 && (t->c[wd->s] == 0x53F7 || t->c[wd->s] == 0x7801))	/* 号 码 */
		return true;
	for (int i = 0; words[i]; i++)
	{
		int			n = strlen(words[i]);

		if (n != wd->e - wd->s)
			continue;
		for (int j = 0; j < n; j++)
			if (t->low[wd->s + j] != (UChar32) words[i][j])
				goto next;
		return true;
next:	;
	}
	return false;
}

/* The word after w looks like an account: ASCII with a digit, "_" or "." inside. */
static bool
next_is_handle(const PiiText *t, int w)
{
	int			s,
				e,
				marks = 0;

	if (w + 1 >= t->nwords)
		return false;
	s = t->words[w + 1].s;
	if (t->words[w + 1].s - t->words[w].e != 1 || !(t->cls[s] & PC_ASCII) || !(t->cls[s] & PC_ALPHA))
		return false;
	for (e = s; e < t->n && e - s <= 32 && handle_char(t, e); e++)
		marks += (t->c[e] == '_' || t->c[e] == '.' || (t->cls[e] & PC_DIGIT)) && e + 1 < t->n && handle_char(t, e + 1);
	return marks > 0 && e - s >= 3;
}

/* "name#1234": a Discord tag */
static void
find_discord_tags(PiiText *t)
{
	for (int i = 2; i + 4 < t->n + 0; i++)
	{
		int			s = i;

		if (t->c[i] != '#' || !handle_char(t, i - 1) || !(t->cls[i - 1] & PC_ALPHA))
			continue;
		for (int d = 1; d <= 4; d++)
			if (i + d >= t->n || !(t->cls[i + d] & PC_DIGIT))
				goto next;
		if (i + 5 < t->n && (t->cls[i + 5] & (PC_DIGIT | PC_ALPHA)))
			continue;
		while (s > 0 && i - s < 32 && (handle_char(t, s - 1) || ((t->cls[s - 1] & PC_ALPHA) && !(t->cls[s - 1] & (PC_HAN | PC_SA)))))
			s--;
		if (i - s >= 2 && pii_boundary_before(t, s))
			pii_add(t, s, i + 5, PII_HANDLE, 0.85f, "discord_tag", NULL);
next:	;
	}
}

/*
 * An account name by its shape alone: ASCII letters with an underscore
 * inside and a digit or a second underscore ("xXdarkangelXx_77",
 * "lea_ph2011"), not part of an e-mail address or a URL (those win on
 * confidence).
 */
static void
find_shaped_handles(PiiText *t)
{
	for (int i = 0; i < t->n; i++)
	{
		int			e = i,
					under = 0,
					digits = 0,
					letters = 0;

		if (!(t->cls[i] & PC_ASCII) || !(t->cls[i] & PC_ALPHA) || !pii_boundary_before(t, i) ||
			(i > 0 && (t->c[i - 1] == '@' || t->c[i - 1] == '/' || t->c[i - 1] == '.' || t->c[i - 1] == '_')))
			continue;
		while (e < t->n && e - i <= 32 && handle_char(t, e) && t->c[e] != '.')
		{
			under += t->c[e] == '_';
			digits += (t->cls[e] & PC_DIGIT) != 0;
			letters += (t->cls[e] & PC_ALPHA) != 0;
			e++;
		}
		/*
		 * 0.78: above a known given name inside it ("FF_KING_Rohit_777"
		 * is an account, not Rohit)
		 */
		if (under >= 1 && t->c[e - 1] != '_' && (digits > 0 || under >= 2) && letters >= 3 && e - i >= 6 &&
			e - i <= 32 && (e >= t->n || (pii_boundary_after(t, e) && t->c[e] != '@' &&
										   !(t->c[e] == '.' && e + 1 < t->n && (t->cls[e + 1] & PC_ALPHA)))))
			pii_add(t, i, e, PII_HANDLE, 0.78f, "handle_shape", NULL);
		i = e;
	}
}

static void
find_handles(PiiText *t)
{
	/* @name, not inside an e-mail address */
	for (int i = 0; t->has_at && i + 2 < t->n; i++)
	{
		int			j = i + 1;

		/* after a Han or Thai letter "@" starts an account ("叫@星光传媒阿强"), no e-mail */
		if (t->c[i] != '@' || (i > 0 && local_char(t, i - 1) && !(t->cls[i - 1] & (PC_HAN | PC_SA))))
			continue;
		while (j < t->n && j - i <= 32 && handle_char(t, j))
			j++;
		while (j > i + 1 && t->c[j - 1] == '.')
			j--;
		if (j - i >= 3 && j - i <= 33 && (j >= t->n || !(t->cls[j] & (PC_ALPHA | PC_DIGIT))))
			pii_add(t, i, j, PII_HANDLE, 0.9f, "at_handle", NULL);
		else if (j == i + 1 && (t->cls[j] & PC_HAN))
		{
			/* "@星光传媒阿强": a Chinese account name runs to the punctuation */
			while (j < t->n && j - i <= 16 && (t->cls[j] & (PC_HAN | PC_DIGIT)))
				j++;
			if (j - i >= 3)
				pii_add(t, i, j, PII_HANDLE, 0.85f, "at_handle", NULL);
		}
	}
	/* the word(s) after a messaging cue */
	for (int w = 0; w + 1 < t->nwords; w++)
	{
		int			k,
					s,
					e;

		uint32_t	cl = t->words[w].lex;
		bool		sep = false;
		int			k0;

		/* one word to three (微信 is two Han words, 微信号 three, "line id" two) */
		if (!(cl & LX_HANDLE_CUE) && (t->words[w].lex & LX_PHRASE_START))
			for (int nw = 3; nw >= 2; nw--)
				if (w + nw <= t->nwords && (pii_lex_lookup(t, w, nw, NULL) & LX_HANDLE_CUE))
				{
					cl = pii_lex_lookup(t, w, nw, NULL);
					w += nw - 1;
					break;
				}
		if (!(cl & LX_HANDLE_CUE))
			continue;
		k = t->words[w].e;
		/* "WeChat号", "LINE ID", "telegram username is", "discord es": words that name the account */
		for (int x = 0; x < 2 && w + 1 < t->nwords && !(cl & LX_NUMERIC_HANDLE); x++)
		{
			const PiiWord *nx = &t->words[w + 1];
			int			gap = nx->s - t->words[w].e;

			if (gap > 1 || (gap == 1 && t->c[t->words[w].e] != ' ') ||
				!(handle_filler(t, w + 1) || (nx->lex & LX_STOP && nx->e - nx->s <= 3 && x == 0 &&
											   next_is_handle(t, w + 1))))
				break;
			w++;
			k = nx->e;
		}
		/* QQ 823456712: the number is the account */
		if (cl & LX_NUMERIC_HANDLE)
		{
			int			d = k;

			while (d < t->n && d - k < 3 &&
				   (t->c[d] == ' ' || t->c[d] == ':' || t->c[d] == 0xFF1A || t->c[d] == '#' || t->c[d] == 0x53F7))
				d++;
			e = d;
			while (e < t->n && (t->cls[e] & PC_DIGIT) && e - d < 12)
				e++;
			if (e - d >= 5 && pii_boundary_after(t, e))
				pii_add(t, d, e, PII_HANDLE, 0.95f, "handle_cue", NULL);
			continue;
		}
		/* "Facebook niya: ...", "Instagram da: ...": one short word before a colon */
		if (w + 1 < t->nwords && t->words[w + 1].s == k + 1 && t->c[k] == ' ' &&
			t->words[w + 1].e - t->words[w + 1].s <= 5 && t->words[w + 1].e < t->n &&
			(t->c[t->words[w + 1].e] == ':' || t->c[t->words[w + 1].e] == 0xFF1A))
			k = t->words[w + 1].e;
		k0 = k;
		/* "WhatsApp: ...", "Telegram - ...", "facebook ... " */
		while (k < t->n && k - k0 < 4 &&
			   (t->c[k] == ':' || t->c[k] == 0xFF1A || t->c[k] == '-' || t->c[k] == ' ' || t->c[k] == '='))
			sep |= t->c[k++] != ' ';
		if (k >= t->n || t->c[k] == '@' || (t->cls[k] & PC_DIGIT) || t->c[k] == '+')
			continue;			/* "@name" and phone numbers are found elsewhere */
		s = k;
		e = k;
		while (e < t->n && e - s <= 32 && handle_char(t, e))
			e++;
		while (e > s && t->c[e - 1] == '.')
			e--;
		/* "nolan_ps5#4412": the Discord tag is part of the account */
		if (e + 4 < t->n && t->c[e] == '#' && (t->cls[e + 1] & PC_DIGIT) && (t->cls[e + 2] & PC_DIGIT) &&
			(t->cls[e + 3] & PC_DIGIT) && (t->cls[e + 4] & PC_DIGIT) && pii_boundary_after(t, e + 5))
			e += 5;
		/* Chinese writes on without a space: "微信号wxid_9f8k2m1q在群里" */
		if (e - s >= 3 && e - s <= 37 && pii_boundary_after(t, e) &&
			t->word_of[s] >= 0 && !(t->words[t->word_of[s]].lex & (LX_STOP | LX_HANDLE_CUE)))
		{
			/* a name written out after "facebook": take up to three capitalised words */
			bool		has_mark = false;

			for (int m = s; m < e; m++)
				has_mark |= (t->c[m] == '_' || t->c[m] == '.' || (t->cls[m] & PC_DIGIT));
			if (!has_mark && (t->cls[s] & PC_UPPER))
			{
				int			ww = t->word_of[s];

				for (int x = 1; x < 3 && ww + x < t->nwords; x++)
				{
					const PiiWord *nx = &t->words[ww + x];

					if (nx->s - t->words[ww + x - 1].e != 1 || t->c[nx->s - 1] != ' ' || !(nx->cls & PC_UPPER))
						break;
					e = nx->e;
				}
			}
			/* "WhatsApp ofrecen": a plain lower-case word is no handle without a colon */
			if (sep || has_mark || (t->cls[s] & PC_UPPER))
				pii_add(t, s, e, PII_HANDLE, has_mark ? 0.88f : 0.75f, "handle_cue", NULL);
		}
		else if ((t->cls[k] & PC_ALPHA) && !(t->cls[k] & PC_ASCII) && t->word_of[k] >= 0 &&
				 !(t->words[t->word_of[k]].lex & (LX_STOP | LX_HANDLE_CUE)) &&
				 (t->c[k - 1] == ':' || t->c[k - 1] == 0xFF1A || t->c[k - 2] == ':'))
		{
			/* a handle in another script, only after a colon */
			const PiiWord *wd = &t->words[t->word_of[k]];

			pii_add(t, wd->s, wd->e, PII_HANDLE, 0.7f, "handle_cue", NULL);
		}
	}
}

void
pii_find_net(PiiText *t)
{
	if (t->has_at || t->has_paren)
		find_emails(t);
	if (t->has_dot_or_colon)
	{
		find_urls(t);
		find_ips(t);
	}
	find_handles(t);
	/* runs of letters and digits: "FF_KING_Rohit_777" has none longer than five */
	if (t->max_ascii_run >= 4)
		find_discord_tags(t);
	if (t->max_ascii_run >= 1)
		find_shaped_handles(t);
}

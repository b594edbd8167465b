/*
 * distance.c
 *	  Bounded edit distance for "did you mean" hints.
 *
 * Characters, not bytes, whatever the database encoding (PostgreSQL's
 * varstr_levenshtein counts bytes in a single-byte database, and the folded
 * names are always UTF-8).  Only distances up to a limit matter to callers,
 * so only a band of width limit around the diagonal is computed, and a row
 * whose every cell exceeds the limit ends the search: a name costs a few
 * dozen steps instead of |a| x |b|.  A cheaper bound from character counts
 * rules out most names before that.
 */
#include "postgres.h"

#include "common/common.h"

int
tst_distance_within(const int32 *a, int na, const int32 *b, int nb, int limit)
{
	int			rows[2][TST_DISTANCE_MAX_CHARS + 2];
	int		   *prev = rows[0],
			   *cur = rows[1];

	Assert(nb >= 0 && nb <= TST_DISTANCE_MAX_CHARS && limit >= 0);
	if (abs(na - nb) > limit)
		return limit + 1;
	for (int j = 0; j <= nb; j++)
		prev[j] = j;
	for (int i = 1; i <= na; i++)
	{
		int			lo = Max(1, i - limit),
					hi = Min(nb, i + limit),
					row_min;
		int		   *t;

		/* cells just outside the band count as "more than limit" */
		cur[lo - 1] = lo == 1 ? i : limit + 1;
		if (hi < nb)
			cur[hi + 1] = limit + 1;
		row_min = cur[lo - 1];
		for (int j = lo; j <= hi; j++)
		{
			cur[j] = Min(Min(prev[j], cur[j - 1]) + 1, prev[j - 1] + (a[i - 1] != b[j - 1]));
			row_min = Min(row_min, cur[j]);
		}
		if (row_min > limit)
			return limit + 1;
		t = prev;
		prev = cur;
		cur = t;
	}
	return Min(prev[nb], limit + 1);
}

/*
 * Characters fall into 32 classes by code point; counts saturate at 255
 * (callers pass at most TST_DISTANCE_MAX_CHARS characters).
 */
void
tst_char_counts(const int32 *chars, int n, TstCharCounts *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < n; i++)
	{
		uint8	   *c = &out->n[(chars[i] ^ (chars[i] >> 5)) & 31];

		if (*c < 255)
			(*c)++;
	}
}

/*
 * An edit removes at most one character and adds at most one, so two
 * strings are at least as many edits apart as the characters one has beyond
 * the other's, class by class.
 */
int
tst_distance_at_least(const TstCharCounts *a, const TstCharCounts *b)
{
	int			more_a = 0,
				more_b = 0;

	for (int k = 0; k < 32; k++)
	{
		int			d = (int) a->n[k] - (int) b->n[k];

		if (d > 0)
			more_a += d;
		else
			more_b -= d;
	}
	return Max(more_a, more_b);
}

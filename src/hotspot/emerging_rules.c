/*
 * emerging_rules.c
 *	  The 17 emerging hot spot categories from a cell's significance series
 *	  and its Mann-Kendall trend (statistics.md 4.2 predicates in the 4.3
 *	  precedence).  No fmgr: ehsa_category and emerging_hotspots share it.
 *
 * 1. 10 Nh >= 9 T: Historical hot if the final bin is not hot, else
 *	  Intensifying (trend up), Diminishing (down) or Persistent hot.
 * 2. 10 Nc >= 9 T: the mirror (Intensifying cold = trend down).
 * 3. final bin hot: Oscillating if any bin was cold, else New if it is the
 *	  only hot bin, Consecutive if the hot bins are one run ending at T,
 *	  else Sporadic.
 * 4. final bin cold: the mirror.
 * 5. otherwise No Pattern ('current' rules); under 'legacy' rules Sporadic
 *	  hot (cold) when some bin was hot (cold) and none cold (hot).
 * Counts are integers (10 Nh >= 9 T, never 0.9 T in floating point).
 */
#include "postgres.h"

#include "hotspot/emerging.h"

static const char *const names[EHSA_NCATEGORIES] = {
	"no pattern detected",
	"new hot spot", "consecutive hot spot", "intensifying hot spot", "persistent hot spot",
	"diminishing hot spot", "sporadic hot spot", "oscillating hot spot", "historical hot spot",
	"new cold spot", "consecutive cold spot", "intensifying cold spot", "persistent cold spot",
	"diminishing cold spot", "sporadic cold spot", "oscillating cold spot", "historical cold spot"
};

const char *
ehsa_category_name(EhsaCategory c)
{
	return names[c];
}

/* The cold category mirroring a hot one. */
#define COLD(c)		((EhsaCategory) ((c) + 8))

static const char *
trend_text(int trend)
{
	return trend > 0 ? "significant upward trend" :
		trend < 0 ? "significant downward trend" : "no significant trend";
}

void
ehsa_classify(const int8 *sig, int T, int trend, EhsaRules rules, EhsaResult *out)
{
	int			nh = 0,
				nc = 0,
				run = 0;
	int			last = sig[T - 1];

	for (int t = 0; t < T; t++)
	{
		nh += (sig[t] > 0);
		nc += (sig[t] < 0);
	}
	for (int t = T - 1; t >= 0 && last != 0 && sig[t] == last; t--)
		run++;
	out->hot_bins = nh;
	out->cold_bins = nc;
	out->run = run;

	if (10 * (int64) nh >= 9 * (int64) T || 10 * (int64) nc >= 9 * (int64) T)
	{
		/* steps 1 and 2: at most one of them can hold */
		bool		hot = 10 * (int64) nh >= 9 * (int64) T;
		int			sign = hot ? 1 : -1;
		int			n = hot ? nh : nc;
		EhsaCategory c;

		if (last != sign)
			c = EHSA_HISTORICAL_HOT;
		else if (trend == sign)
			c = EHSA_INTENSIFYING_HOT;
		else if (trend == -sign)
			c = EHSA_DIMINISHING_HOT;
		else
			c = EHSA_PERSISTENT_HOT;
		out->category = hot ? c : COLD(c);
		snprintf(out->rule, sizeof(out->rule), "step %d: %s in %d of %d bins (>= 90%%), final bin %s, %s",
				 hot ? 1 : 2, hot ? "hot" : "cold", n, T,
				 last == sign ? (hot ? "hot" : "cold") : (hot ? "not hot" : "not cold"),
				 trend_text(trend));
		return;
	}
	if (last != 0)
	{
		/* steps 3 and 4: the final bin is significant */
		bool		hot = last > 0;
		int			same = hot ? nh : nc;
		int			other = hot ? nc : nh;
		const char *kind = hot ? "hot" : "cold";
		const char *okind = hot ? "cold" : "hot";
		EhsaCategory c;
		char		why[96];

		if (other >= 1)
		{
			c = EHSA_OSCILLATING_HOT;
			snprintf(why, sizeof(why), "%s in %d earlier bins", okind, other);
		}
		else if (same == 1)
		{
			c = EHSA_NEW_HOT;
			snprintf(why, sizeof(why), "the first significant bin");
		}
		else if (run == same)
		{
			c = EHSA_CONSECUTIVE_HOT;
			snprintf(why, sizeof(why), "one unbroken run of %d %s bins", run, kind);
		}
		else
		{
			c = EHSA_SPORADIC_HOT;
			snprintf(why, sizeof(why), "%s bins before a gap, never %s", kind, okind);
		}
		out->category = hot ? c : COLD(c);
		snprintf(out->rule, sizeof(out->rule), "step %d: final bin %s, %s in %d of %d bins (< 90%%), %s",
				 hot ? 3 : 4, kind, kind, same, T, why);
		return;
	}
	/* step 5: the final bin is not significant */
	out->category = EHSA_NO_PATTERN;
	if (rules == EHSA_RULES_LEGACY && nh >= 1 && nc == 0)
		out->category = EHSA_SPORADIC_HOT;
	else if (rules == EHSA_RULES_LEGACY && nc >= 1 && nh == 0)
		out->category = EHSA_SPORADIC_COLD;
	snprintf(out->rule, sizeof(out->rule), "step 5 (%s rules): final bin not significant, hot in %d and cold in %d of %d bins",
			 rules == EHSA_RULES_LEGACY ? "legacy" : "current", nh, nc, T);
}

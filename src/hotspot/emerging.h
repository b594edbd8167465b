/*
 * emerging.h
 *	  Emerging hot spot analysis (ArcGIS EHSA, statistics.md 4): Gi* per
 *	  (cell, bin) over a space-time neighbourhood, Mann-Kendall of each
 *	  cell's z series, and one of 17 categories.
 *
 * Space-time Gi* (emerging.c).  Observations are every (cell, bin) of the
 * study area over the cube's span, implicit zeros included.  The
 * neighbourhood of (i, t) is the cells within `ring` steps of i, i itself
 * included, in bins t - time_window .. t (the window looks back only and
 * is truncated at the first bin: the available past bins only).  Binary
 * weights, so W = (ring neighbours + 1) x (bins in the window), and
 *
 *	  z = (lag - W m) / (s sqrt(W (N - W) / (N - 1)))
 *
 * with N, m and s the count, mean and population sd of the global window:
 * 'cube' (ArcGIS's default ENTIRE_CUBE: every observation) or
 * 'neighbourhood' (NEIGHBORHOOD_TIME_STEP: the observations of bins
 * t - time_window .. t).  This is getis_ord (star, 'B') over the
 * space-time graph, and with 'cube' exactly that call over all
 * observations.  An observation without any neighbour but itself (no ring
 * neighbour and no earlier bin in its window) is an island (NULL z).
 * Significance per bin: Gi_Bin after Benjamini-Hochberg within the time
 * slice (fdr) or from p alone; significant at `confidence` 90/95/99 %
 * means |bin| >= 1/2/3.
 *
 * Categories (emerging_rules.c): statistics.md 4.2 predicates evaluated in
 * the 4.3 order, the first match wins.  The trend is Mann-Kendall of the
 * z series (NULL z skipped), significant when p < mk_alpha.
 */
#ifndef TST_HUB_EMERGING_H
#define TST_HUB_EMERGING_H

#include "c.h"

typedef enum EhsaCategory
{
	EHSA_NO_PATTERN = 0,
	EHSA_NEW_HOT,
	EHSA_CONSECUTIVE_HOT,
	EHSA_INTENSIFYING_HOT,
	EHSA_PERSISTENT_HOT,
	EHSA_DIMINISHING_HOT,
	EHSA_SPORADIC_HOT,
	EHSA_OSCILLATING_HOT,
	EHSA_HISTORICAL_HOT,
	EHSA_NEW_COLD,
	EHSA_CONSECUTIVE_COLD,
	EHSA_INTENSIFYING_COLD,
	EHSA_PERSISTENT_COLD,
	EHSA_DIMINISHING_COLD,
	EHSA_SPORADIC_COLD,
	EHSA_OSCILLATING_COLD,
	EHSA_HISTORICAL_COLD
} EhsaCategory;

#define EHSA_NCATEGORIES 17

/*
 * Sporadic as the older English docs define it ('legacy': any hot bins,
 * never cold, final bin optional) or as the current ones ('current':
 * the final bin hot with an on-and-off history before it).
 */
typedef enum EhsaRules
{
	EHSA_RULES_CURRENT = 0,
	EHSA_RULES_LEGACY
} EhsaRules;

typedef struct EhsaResult
{
	EhsaCategory category;
	int			hot_bins;		/* Nh */
	int			cold_bins;		/* Nc */
	int			run;			/* significant bins of the final bin's sign ending at T */
	char		rule[160];		/* the step and predicate that fired */
} EhsaResult;

/*
 * sig[t] = +1 significant hot, -1 significant cold, 0 neither, t = 0..T-1
 * (T >= 1); trend = +1 significant upward, -1 downward, 0 none.
 */
extern void ehsa_classify(const int8 *sig, int T, int trend, EhsaRules rules, EhsaResult *out);

extern const char *ehsa_category_name(EhsaCategory c);

#endif

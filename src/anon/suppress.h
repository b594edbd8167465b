/*
 * suppress.h
 *	  Primary and complementary (secondary) suppression of linked tables.
 *
 * The model: cells (leaves) with non-negative integer counts, and totals,
 * each the sum of a set of cells (a row or column margin, the grand total,
 * a parent in a hierarchy, a period's total).  Every cell and every total is
 * a published value.
 *
 * Primary suppression: a value v with 0 < v < k is withheld (below_k).
 * Zeros are published: a cell or total with no person in it discloses
 * nobody, as statistical offices publish them; a zero may still be withheld
 * as a complementary cell.
 *
 * The attacker knows every published value, that the withheld cells are
 * non-negative and which totals they add up to (linear constraints), and
 * that counts are integers.  For a withheld value v, let [lo, hi] be the
 * range of v over all non-negative solutions of the published equalities
 * (a linear programme; withheld totals are unknown, not constraints).  The
 * protection policy enforced for every primary v:
 *
 *		floor(hi) - ceil(lo) >= max(p, 1)		(hi may be infinite)
 *
 * floor and ceil are what integrality adds to the linear bounds; p = 0 and
 * p = 1 both mean "not pinned to one value".  The default p is k.
 *
 * The algorithm: primaries first; then each primary in value order (cells
 * by index, then totals) is audited with two exact LPs and, when under
 * protected, repaired: a second LP finds the cheapest change y of the table
 * that moves the primary up by max(p, 1) while keeping every published value
 * and every cell >= 0, where changing a published value costs 1 + value per
 * unit and a withheld one nothing.  Withholding the values that y changes
 * makes "primary + p" a solution the attacker cannot exclude, so hi >= v + p
 * and lo <= v.  Withholding more never narrows another value's range, so
 * earlier repairs stay valid; a final pass audits again (and, should
 * rounding ever leave a primary short, withholds its neighbours, then
 * everything).  Last, complementary values that later repairs made
 * unnecessary are published again, costliest first, each only if every
 * primary stays protected.  Same problem, same answer.
 */
#ifndef TST_HUB_SUPPRESS_H
#define TST_HUB_SUPPRESS_H

/*
 * Limits (54000 beyond).  A repair LP has a row per total and about three
 * columns per cell and per total, held densely, so its work grows with
 * cells x totals: a 50 x 50 table with margins (2500 x 101) takes one or
 * two seconds, an 8 x 8 x 8 table with all its margins (512 x 217) 10 to 20.
 */
#define SUPPRESS_MAX_CELLS		2500
#define SUPPRESS_MAX_TOTALS		250
#define SUPPRESS_MAX_WORK		262144	/* cells x totals */
#define SUPPRESS_MAX_MEMBERS	100000	/* cell memberships summed over totals */
#define SUPPRESS_MAX_COUNT		INT64CONST(1000000000)	/* per cell (22003 beyond) */
#define SUPPRESS_MAX_PROTECTION INT64CONST(1000000000)

typedef enum SuppressStatus
{
	SUPPRESS_PUBLISHED = 0,
	SUPPRESS_BELOW_K,			/* primary */
	SUPPRESS_COMPLEMENTARY		/* withheld to protect a primary */
} SuppressStatus;

typedef struct SuppressTable
{
	int			ncells;
	int64	   *cell_value;		/* ncells, 0..SUPPRESS_MAX_COUNT */
	int			ntotals;
	int		   *member_start;	/* ntotals + 1: total t's cells are */
	int		   *members;		/* members[member_start[t] .. member_start[t+1]), distinct */
} SuppressTable;

/*
 * Decides what to withhold: status[0 .. ncells) for the cells, then
 * status[ncells .. ncells + ntotals) for the totals.  k >= 2, protection
 * >= 0 (both checked by the caller).  Totals' values are the sums of their
 * cells (total_value, ntotals, filled in).
 */
extern void suppress_table(const SuppressTable *tab, int32 k, int64 protection,
						   int64 *total_value, SuppressStatus *status);

#endif

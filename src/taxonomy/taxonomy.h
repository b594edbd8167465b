/*
 * taxonomy.h
 *	  The taxonomy pillar's interface for other pillars: the term encoding.
 *
 * A term is a pass-by-value int64 prefix code: the top byte is the facet
 * (1..127), each following byte the ordinal of one level below it (1..255),
 * and zero bytes end the path.  So an ancestor's code is a descendant's code
 * with trailing bytes cleared, a subtree is one contiguous range of codes,
 * and subsumption is two instructions, never a table look-up.
 */
#ifndef TST_HUB_TAXONOMY_H
#define TST_HUB_TAXONOMY_H

#include "port/pg_bitutils.h"

#define TERM_LEVELS 8			/* facet + 7 levels */

#define DatumGetTerm(d)		DatumGetInt64(d)
#define TermGetDatum(t)		Int64GetDatum(t)
#define PG_GETARG_TERM(n)	PG_GETARG_INT64(n)
#define PG_RETURN_TERM(t)	PG_RETURN_INT64(t)

/* Number of low bits below the term's last level (8 for the deepest). */
static inline int
term_tail_bits(int64 t)
{
	return pg_rightmost_one_pos64((uint64) t) & ~7;
}

/* 0 for a facet, 1 for its children, ... */
static inline int
term_depth(int64 t)
{
	return TERM_LEVELS - 1 - term_tail_bits(t) / 8;
}

/* Is a equal to or below anc? */
static inline bool
term_within(int64 a, int64 anc)
{
	return (((uint64) a ^ (uint64) anc) >> term_tail_bits(anc)) == 0;
}

/* Last code of anc's subtree: with term_within, [anc, term_subtree_last(anc)]. */
static inline int64
term_subtree_last(int64 anc)
{
	return (int64) ((uint64) anc | ((UINT64CONST(1) << term_tail_bits(anc)) - 1));
}

/* The ancestor at depth d (the term itself when d >= its depth). */
static inline int64
term_at_depth(int64 t, int d)
{
	if (d >= term_depth(t))
		return t;
	return (int64) ((uint64) t & ~(~UINT64CONST(0) >> (8 * (d + 1))));
}

/* Node index of a term, raising 22P03/XX001-style errors for unknown codes. */
extern int	term_node(int64 t);

#endif

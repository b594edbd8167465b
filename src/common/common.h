/*
 * common.h
 *	  Helpers shared by every tst_hub pillar: ICU text folding and
 *	  server-encoding conversion.
 */
#ifndef TST_HUB_COMMON_H
#define TST_HUB_COMMON_H

#include "fmgr.h"
#include "utils/expandeddatum.h"

#include <unicode/utypes.h>

/*
 * Fold UTF-8 text for matching: case, width and compatibility forms
 * (NFKC_Casefold), accents on Latin, Greek, Cyrillic, Arabic and Hebrew
 * letters (other scripts keep their marks, which carry vowels), punctuation
 * and white space to one space, trimmed; Latin letters with a stroke (đ, ł)
 * to the plain letter.  Returns palloc'd UTF-8.
 */
extern char *tst_fold_utf8(const char *utf8, int len, int *outlen);

/* A Latin letter with a stroke (đ, ł, ø, ħ) as the plain letter; others unchanged. */
extern UChar32 tst_strip_stroke(UChar32 c);

/* Raises 38000 naming the ICU step when status is a failure. */
extern void tst_check_icu(UErrorCode status, const char *what);

/* NFKC_Casefold only (no accent or punctuation folding); palloc'd UTF-8. */
extern char *tst_casefold_utf8(const char *utf8, int len, int *outlen);

/* Han text in Simplified characters (palloc'd UTF-8), or NULL if it has no Han. */
extern char *tst_han_simplified(const char *utf8, int len, int *outlen);

/*
 * Server-encoded text clipped for an error message: at most maxbytes, cut
 * on a character boundary (a cut character would turn the error into an
 * encoding error), with "..." when cut.
 */
extern char *tst_shown(const char *s, int len, int maxbytes);

/* Server-encoded text to palloc'd UTF-8 and back (no copy when already UTF-8). */
extern char *tst_to_utf8(const char *s, int len);
extern char *tst_from_utf8(const char *utf8);

/* Does UTF-8 text mix letters of more than one script?  Names them if so. */
extern bool tst_mixed_scripts(const char *utf8, int len, const char **a, const char **b);

/*
 * distance.c: edit distance in characters (unit costs) between code-point
 * strings, when it is at most limit (else limit + 1); b at most
 * TST_DISTANCE_MAX_CHARS long.
 */
#define TST_DISTANCE_MAX_CHARS 255
extern int	tst_distance_within(const int32 *a, int na, const int32 *b, int nb, int limit);

/* How many characters of each of 32 classes a string has (a lower bound). */
typedef struct TstCharCounts
{
	uint8		n[32];
} TstCharCounts;
extern void tst_char_counts(const int32 *chars, int n, TstCharCounts *out);
extern int	tst_distance_at_least(const TstCharCounts *a, const TstCharCounts *b);

/*
 * The aggregate's memory context, for support functions that only make
 * sense inside an aggregate (calling them directly from SQL raises 0A000).
 */
extern MemoryContext tst_agg_context(FunctionCallInfo fcinfo, const char *fn);

/*
 * The context in which a call site's read-write expanded states live: one
 * child of the aggregate context shared by every group (a context per state
 * where the call site's FmgrInfo is short-lived).  An expanded state made
 * there must never be deleted on its own (DeleteExpandedObject would delete
 * every group's state): transition functions return the state they were
 * given, so the executor never deletes it.
 */
extern MemoryContext tst_agg_states_context(FunctionCallInfo fcinfo, MemoryContext aggcxt);

/*
 * Argument 0 of a transition or combine function when it is a read-write
 * expanded state made with these methods (the common case: the executor
 * passes back what the function returned), else NULL.
 */
extern ExpandedObjectHeader *tst_rw_state_arg(FunctionCallInfo fcinfo, const ExpandedObjectMethods *methods);

/* Return an expanded state read-write, or SQL NULL when there is none. */
#define RETURN_EXPANDED_STATE(eoh) \
	do { \
		if ((eoh) == NULL) \
			PG_RETURN_NULL(); \
		PG_RETURN_DATUM(EOHPGetRWDatum(eoh)); \
	} while (0)

/*
 * For aggregate transition and combine functions with an internal state: a
 * missing state must be returned as SQL NULL, not as a null pointer in a
 * non-NULL Datum, because final and serialize functions trust non-NULL states.
 */
#define RETURN_STATE(st) \
	do { \
		if ((st) == NULL) \
			PG_RETURN_NULL(); \
		PG_RETURN_POINTER(st); \
	} while (0)

/*
 * Text form of binary state types: "\x" and lower-case hex (palloc'd), and
 * back (palloc'd bytes, or NULL with *why saying what is wrong).
 */
extern char *tst_hex_text(const char *bytes, Size n);
extern char *tst_hex_bytes(const char *s, const char *type, Size *n, const char **why);

/* An unsigned big-endian integer of 1..8 bytes. */
extern uint64 tst_get_be(const unsigned char *p, int bytes);

/*
 * The 64-bit finaliser of MurmurHash3 (published constants): a bijection in
 * which every input bit changes every output bit with probability ~1/2.
 * tst_mix64(0) = 0.
 */
static inline uint64
tst_mix64(uint64 h)
{
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

/*
 * The bound of every set-returning function that makes rows rather than
 * reading them from an argument or a table (README "Limits"): a call that
 * would return more than TST_MAX_SRF_ROWS rows is refused with 54000 before
 * its first row, with the estimate, the limit and a hint.
 */
#define TST_MAX_SRF_ROWS	INT64CONST(10000000)
extern void tst_check_srf_rows(double rows, const char *fn, const char *hint);

/*
 * Array arguments: no NULL element (22004 naming the function, the argument
 * and the 1-based position) unless the function gives NULL a meaning.
 */
extern void tst_check_no_nulls(const bool *nulls, int n, const char *fn, const char *arg);

/*
 * The local shard of relid once Citus has distributed it (*distributed set;
 * a reference table has one on every node): the table relid's name, "_",
 * shard id, or InvalidOid when this node holds no placement.  Not
 * distributed (or no Citus): InvalidOid, *distributed false.  Once
 * distributed, relid's own heap may still hold the rows it had before
 * (Citus hides them, it does not delete them): never read it then.
 */
extern Oid	tst_citus_local_shard(Oid relid, bool *distributed);

#endif

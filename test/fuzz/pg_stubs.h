/*
 * pg_stubs.h
 *	  The fuzz harnesses' backend stand-ins (pg_stubs.c).
 */
#ifndef TST_HUB_FUZZ_PG_STUBS_H
#define TST_HUB_FUZZ_PG_STUBS_H

#include "fmgr.h"

/* Calls fn(arg); false if it raised an ERROR (caught), else *result. */
extern bool fuzz_call1(PGFunction fn, Datum arg, Datum *result);

/* The same with nargs arguments (at most FUZZ_MAX_ARGS; nulls may be NULL). */
#define FUZZ_MAX_ARGS 6
extern bool fuzz_call(PGFunction fn, int nargs, const Datum *args, const bool *nulls,
					  Datum *result);

/* Frees every palloc'd block (after each input). */
extern void fuzz_free_all(void);

/* The last call reached a server function the stubs cannot make. */
extern bool fuzz_unsupported;

/* The SQLSTATE (MAKE_SQLSTATE form) of the last ERROR. */
extern int	fuzz_last_sqlstate;

/*
 * Text the server could hand a function (UTF-8 here): no NUL, well-formed,
 * shortest form, no surrogates, at most U+10FFFF.
 */
extern bool fuzz_valid_utf8(const uint8_t *s, size_t n);

#endif

/*
 * Deliberate bugs, loaded by tools/sanitize.sh asan into a scratch database
 * before the suites run: each must leave a report, or the run stops, since
 * a clean run would then prove nothing (runtime not preloaded, reports not
 * written where they are read, instrumentation flags lost).
 * Never part of the extension.
 */
#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(canary_heap_overflow);
PG_FUNCTION_INFO_V1(canary_int_overflow);

/* reads one byte past a malloc'd block: AddressSanitizer stops the backend */
Datum
canary_heap_overflow(PG_FUNCTION_ARGS)
{
	int32		n = PG_GETARG_INT32(0);
	volatile char *p = malloc(n);
	char		c;

	memset((char *) p, 1, n);
	c = p[n];
	free((char *) p);
	PG_RETURN_INT32(c);
}

/* signed overflow: UBSan reports it and the backend goes on */
Datum
canary_int_overflow(PG_FUNCTION_ARGS)
{
	volatile int32 a = PG_GETARG_INT32(0);

	PG_RETURN_INT32(a + 1);
}

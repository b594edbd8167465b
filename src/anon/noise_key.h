/*
 * noise_key.h
 *	  The key of sticky noise: derived one-way from the hub's key of scope
 *	  'noise', and kept in a table of its own (noise_keys) that can go to the
 *	  Citus workers, which hold the rows, while the scope keys stay on the
 *	  coordinator.
 */
#ifndef TST_HUB_NOISE_KEY_H
#define TST_HUB_NOISE_KEY_H

#include "fmgr.h"

#include "anon/anon.h"

/* The scope whose key sticky noise is derived from. */
#define NOISE_KEY_SCOPE "noise"

/*
 * The current sticky noise key: the newest row of this node's copy of
 * noise_keys once that is a Citus reference table; otherwise derived from
 * the current key of scope 'noise' (one server, or a coordinator without a
 * copy), else the newest row of noise_keys.  22023 "no key for scope" when
 * there is none.
 */
extern void noise_key_current(Oid ext_namespace, uint8 *out);

/*
 * noise_key_current for a function's call site, read once per statement and
 * kept in fn_extra (wiped when the query's memory goes).
 */
extern const uint8 *noise_key_for_call(FunctionCallInfo fcinfo);

/* HMAC-SHA256 under a KEY_BYTES key of a || b (blen may be 0): the keys derived from it. */
extern void noise_key_hmac(const uint8 *key, const uint8 *a, size_t alen,
						   const uint8 *b, size_t blen, uint8 *out);

#endif

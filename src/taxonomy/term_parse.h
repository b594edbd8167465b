/*
 * term_parse.h
 *	  Text to term, shared by term_in, term_set_in and category mapping.
 */
#ifndef TST_HUB_TERM_PARSE_H
#define TST_HUB_TERM_PARSE_H

/* Server-encoded text (not NUL-terminated) to a term code; errors 22P02. */
extern int64 term_parse(const char *s, int len);

#endif

/*
 * pg_stubs.c
 *	  Just enough of the backend for the fuzz harnesses to call tst_hub's
 *	  input, output, receive and send functions without a server: memory from
 *	  malloc (every block is freed after each input, so leak reports mean
 *	  real leaks of the harness), ereport(ERROR) as a longjmp back to the
 *	  harness, StringInfo, and the C library for PostgreSQL's printf and
 *	  qsort.  Symbols the called code never reaches stay unresolved (the
 *	  harnesses link with --unresolved-symbols=ignore-all); reaching one
 *	  would crash, which libFuzzer reports.
 */
#include "postgres.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "common/hashfn.h"
#include "mb/pg_wchar.h"
#include "utils/memutils.h"

#include "pg_stubs.h"

#undef vsnprintf
#undef snprintf
#undef qsort
#undef fprintf
#undef printf
#undef vfprintf
#undef vsprintf

/* ---- errors: ERROR jumps to the innermost PG_TRY or fuzz_call1 ---- */
sigjmp_buf *PG_exception_stack = NULL;
ErrorContextCallback *error_context_stack = NULL;
int			fuzz_last_sqlstate = 0;
static int	cur_elevel;

bool
errstart(int elevel, const char *domain)
{
	cur_elevel = elevel;
	return elevel >= ERROR;
}

bool
errstart_cold(int elevel, const char *domain)
{
	return errstart(elevel, domain);
}

void
errfinish(const char *filename, int lineno, const char *funcname)
{
	if (cur_elevel >= ERROR)
		pg_re_throw();
}

void
pg_re_throw(void)
{
	if (PG_exception_stack == NULL)
		abort();
	siglongjmp(*PG_exception_stack, 1);
}

int
errcode(int sqlerrcode)
{
	fuzz_last_sqlstate = sqlerrcode;
	return 0;
}

int			errmsg(const char *fmt,...)	{ return 0; }
int			errmsg_internal(const char *fmt,...) { return 0; }
int			errdetail(const char *fmt,...) { return 0; }
int			errdetail_internal(const char *fmt,...) { return 0; }
int			errhint(const char *fmt,...) { return 0; }
int			errmsg_plural(const char *a, const char *b, unsigned long n,...) { return 0; }

void
ExceptionalCondition(const char *conditionName, const char *errorType,
					 const char *fileName, int lineNumber)
{
	fprintf(stderr, "assertion failed: %s at %s:%d\n", conditionName, fileName, lineNumber);
	abort();
}

volatile sig_atomic_t InterruptPending = false;

void
ProcessInterrupts(void)
{
}

/* ---- memory: every block on a list, freed by fuzz_free_all ---- */
typedef struct Block
{
	struct Block *next;
	size_t		size;
	max_align_t data[];
} Block;

static Block *blocks = NULL;
MemoryContext CurrentMemoryContext = NULL;

static void *
fuzz_alloc(size_t size, bool zero)
{
	Block	   *b;

	if (size > MaxAllocHugeSize)
		abort();
	b = zero ? calloc(1, sizeof(Block) + size) : malloc(sizeof(Block) + size);
	if (b == NULL)
		abort();
	b->next = blocks;
	b->size = size;
	blocks = b;
	return b->data;
}

void
fuzz_free_all(void)
{
	while (blocks)
	{
		Block	   *n = blocks->next;

		free(blocks);
		blocks = n;
	}
}


/*
 * Caches live in TopMemoryContext or contexts made under it: those blocks
 * are kept (plain malloc, reachable through the caches); palloc's are not.
 */
MemoryContext TopMemoryContext = (MemoryContext) &TopMemoryContext;

static Block *kept_blocks = NULL;

static void *
permanent(size_t size, bool zero)
{
	Block	   *b = zero ? calloc(1, sizeof(Block) + size) : malloc(sizeof(Block) + size);

	if (b == NULL)
		abort();
	/* on a list, so the leak checker sees them as kept, as a context would */
	b->next = kept_blocks;
	b->size = size;
	kept_blocks = b;
	return b->data;
}

/* palloc in a cache's context (MemoryContextSwitchTo) is permanent too */
void	   *palloc(Size size) { return CurrentMemoryContext ? permanent(size, false) : fuzz_alloc(size, false); }
void	   *palloc0(Size size) { return CurrentMemoryContext ? permanent(size, true) : fuzz_alloc(size, true); }
void	   *palloc_extended(Size size, int flags) { return CurrentMemoryContext ? permanent(size, (flags & MCXT_ALLOC_ZERO) != 0) : fuzz_alloc(size, (flags & MCXT_ALLOC_ZERO) != 0); }
void	   *MemoryContextAlloc(MemoryContext c, Size size) { return c ? permanent(size, false) : fuzz_alloc(size, false); }
void	   *MemoryContextAllocZero(MemoryContext c, Size size) { return c ? permanent(size, true) : fuzz_alloc(size, true); }

char *
MemoryContextStrdup(MemoryContext c, const char *s)
{
	char	   *d = MemoryContextAlloc(c, strlen(s) + 1);

	strcpy(d, s);
	return d;
}

MemoryContext
AllocSetContextCreateInternal(MemoryContext parent, const char *name, Size minContextSize,
							  Size initBlockSize, Size maxBlockSize)
{
	return TopMemoryContext;
}

void
MemoryContextDelete(MemoryContext context)
{
}

/*
 * In-process hash tables only (the vocabulary's path and label slots), so
 * any fixed hash does: FNV-1a.
 */
uint32
hash_bytes(const unsigned char *k, int keylen)
{
	uint32		h = 2166136261u;

	for (int i = 0; i < keylen; i++)
		h = (h ^ k[i]) * 16777619u;
	return h;
}

uint64
hash_bytes_extended(const unsigned char *k, int keylen, uint64 seed)
{
	uint64		h = UINT64CONST(14695981039346656037) ^ seed;

	for (int i = 0; i < keylen; i++)
		h = (h ^ k[i]) * UINT64CONST(1099511628211);
	return h;
}

void	   *MemoryContextAllocExtended(MemoryContext c, Size size, int flags) { return c ? permanent(size, (flags & MCXT_ALLOC_ZERO) != 0) : palloc_extended(size, flags); }
void	   *MemoryContextAllocHuge(MemoryContext c, Size size) { return c ? permanent(size, false) : fuzz_alloc(size, false); }

void
pfree(void *p)
{
	/* freed with everything else after the input */
}

void *
repalloc(void *p, Size size)
{
	Block	   *old = (Block *) ((char *) p - offsetof(Block, data));
	void	   *n = fuzz_alloc(size, false);

	memcpy(n, p, Min(old->size, size));
	return n;
}

void *
repalloc_huge(void *p, Size size)
{
	return repalloc(p, size);
}

char *
pstrdup(const char *s)
{
	size_t		n = strlen(s);
	char	   *d = fuzz_alloc(n + 1, false);

	memcpy(d, s, n + 1);
	return d;
}

char *
pnstrdup(const char *s, Size len)
{
	size_t		n = strnlen(s, len);
	char	   *d = fuzz_alloc(n + 1, false);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
psprintf(const char *fmt,...)
{
	va_list		ap;
	char		buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return pstrdup(buf);
}

/* ---- PostgreSQL's printf and qsort: the C library's for these formats ---- */
int
pg_snprintf(char *str, size_t count, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(str, count, fmt, ap);
	va_end(ap);
	return n;
}

int
pg_vsnprintf(char *str, size_t count, const char *fmt, va_list args)
{
	return vsnprintf(str, count, fmt, args);
}

int
pg_sprintf(char *str, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsprintf(str, fmt, ap);
	va_end(ap);
	return n;
}

void
pg_qsort(void *base, size_t nel, size_t elsize, int (*cmp) (const void *, const void *))
{
	qsort(base, nel, elsize, cmp);
}

/* ---- StringInfo and the binary send helpers ---- */
void
initStringInfo(StringInfo str)
{
	str->maxlen = 1024;
	str->data = palloc(str->maxlen);
	resetStringInfo(str);
}

void
resetStringInfo(StringInfo str)
{
	str->data[0] = '\0';
	str->len = 0;
	str->cursor = 0;
}

void
enlargeStringInfo(StringInfo str, int needed)
{
	int			newlen;

	if (needed < 0 || ((Size) needed) >= (MaxAllocSize - (Size) str->len))
		abort();
	needed += str->len + 1;
	if (needed <= str->maxlen)
		return;
	newlen = 2 * str->maxlen;
	while (needed > newlen)
		newlen = 2 * newlen;
	str->data = repalloc(str->data, newlen);
	str->maxlen = newlen;
}

void
appendBinaryStringInfo(StringInfo str, const char *data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
	str->data[str->len] = '\0';
}

void
appendBinaryStringInfoNT(StringInfo str, const char *data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
}

void
appendStringInfoChar(StringInfo str, char ch)
{
	appendBinaryStringInfo(str, &ch, 1);
}

void
appendStringInfoString(StringInfo str, const char *s)
{
	appendBinaryStringInfo(str, s, strlen(s));
}

void
pq_begintypsend(StringInfo buf)
{
	initStringInfo(buf);
	appendBinaryStringInfoNT(buf, "\0\0\0\0", 4);
}

bytea *
pq_endtypsend(StringInfo buf)
{
	bytea	   *result = (bytea *) buf->data;

	SET_VARSIZE(result, buf->len);
	return result;
}

void
pq_copymsgbytes(StringInfo msg, char *buf, int datalen)
{
	if (datalen < 0 || datalen > (msg->len - msg->cursor))
		ereport(ERROR, (errcode(ERRCODE_PROTOCOL_VIOLATION), errmsg("insufficient data left in message")));
	memcpy(buf, &msg->data[msg->cursor], datalen);
	msg->cursor += datalen;
}

unsigned int
pq_getmsgint(StringInfo msg, int b)
{
	unsigned char c[4];

	pq_copymsgbytes(msg, (char *) c, b);
	if (b == 1)
		return c[0];
	if (b == 2)
		return (c[0] << 8) | c[1];
	return ((unsigned) c[0] << 24) | (c[1] << 16) | (c[2] << 8) | c[3];
}

int64
pq_getmsgint64(StringInfo msg)
{
	unsigned char c[8];
	uint64		v = 0;

	pq_copymsgbytes(msg, (char *) c, 8);
	for (int i = 0; i < 8; i++)
		v = (v << 8) | c[i];
	return (int64) v;
}

int
pq_getmsgbyte(StringInfo msg)
{
	if (msg->cursor >= msg->len)
		ereport(ERROR, (errcode(ERRCODE_PROTOCOL_VIOLATION), errmsg("no data left in message")));
	return (unsigned char) msg->data[msg->cursor++];
}

const char *
pq_getmsgbytes(StringInfo msg, int datalen)
{
	const char *r;

	if (datalen < 0 || datalen > (msg->len - msg->cursor))
		ereport(ERROR, (errcode(ERRCODE_PROTOCOL_VIOLATION), errmsg("insufficient data left in message")));
	r = &msg->data[msg->cursor];
	msg->cursor += datalen;
	return r;
}

void
pq_sendbytes(StringInfo buf, const char *data, int datalen)
{
	appendBinaryStringInfo(buf, data, datalen);
}

void
appendStringInfo(StringInfo str, const char *fmt,...)
{
	va_list		ap;
	char		tmp[1024];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	appendStringInfoString(str, tmp);
}

int
pg_fprintf(FILE *stream, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vfprintf(stream, fmt, ap);
	va_end(ap);
	return n;
}

int
pg_vsprintf(char *str, const char *fmt, va_list args)
{
	return vsprintf(str, fmt, args);
}

unsigned char
pg_ascii_tolower(unsigned char ch)
{
	return (ch >= 'A' && ch <= 'Z') ? ch + ('a' - 'A') : ch;
}

unsigned char
pg_ascii_toupper(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') ? ch - ('a' - 'A') : ch;
}

/* the server encoding is UTF-8 here: conversions are copies */
char *
pg_server_to_any(const char *s, int len, int encoding)
{
	return pnstrdup(s, len);
}

char *
pg_any_to_server(const char *s, int len, int encoding)
{
	return pnstrdup(s, len);
}

int
pg_mbcliplen(const char *mbstr, int len, int limit)
{
	int			n = Min(len, limit);

	/* back to a UTF-8 character boundary */
	while (n > 0 && n < len && (((unsigned char) mbstr[n]) & 0xC0) == 0x80)
		n--;
	return n;
}

char *
text_to_cstring(const text *t)
{
	return pnstrdup(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

text *
cstring_to_text_with_len(const char *s, int len)
{
	text	   *t = palloc(len + VARHDRSZ);

	SET_VARSIZE(t, len + VARHDRSZ);
	memcpy(VARDATA(t), s, len);
	return t;
}

text *
cstring_to_text(const char *s)
{
	return cstring_to_text_with_len(s, strlen(s));
}

/* plain (4-byte header, uncompressed) varlenas only: what the harnesses make */
struct varlena *
pg_detoast_datum(struct varlena *datum)
{
	if (VARATT_IS_EXTENDED(datum))
		abort();
	return datum;
}

struct varlena *
pg_detoast_datum_packed(struct varlena *datum)
{
	return datum;
}

struct varlena *
pg_detoast_datum_copy(struct varlena *datum)
{
	struct varlena *c = palloc(VARSIZE(datum));

	memcpy(c, datum, VARSIZE(datum));
	return c;
}

/*
 * Calls into other server functions (numeric_in for a person_set's sum,
 * for one) cannot be made here: the input is abandoned, not judged.
 */
bool		fuzz_unsupported = false;

static void
unsupported(void)
{
	fuzz_unsupported = true;
	pg_re_throw();
}

Datum
DirectFunctionCall1Coll(PGFunction func, Oid collation, Datum arg1)
{
	unsupported();
	return (Datum) 0;
}

Datum
DirectFunctionCall2Coll(PGFunction func, Oid collation, Datum arg1, Datum arg2)
{
	unsupported();
	return (Datum) 0;
}

Datum
DirectFunctionCall3Coll(PGFunction func, Oid collation, Datum arg1, Datum arg2, Datum arg3)
{
	unsupported();
	return (Datum) 0;
}

/*
 * Aggregate support functions called "by their aggregate": their states go
 * in per-input memory (a NULL context here means palloc's, freed after the
 * input), so a state a harness builds is checked for leaks and overruns too.
 */
int
AggCheckCallContext(FunctionCallInfo fcinfo, MemoryContext *aggcontext)
{
	if (aggcontext)
		*aggcontext = NULL;
	return 1;					/* AGG_CONTEXT_AGGREGATE */
}

/* ---- calling an fmgr function ---- */
bool
fuzz_call(PGFunction fn, int nargs, const Datum *args, const bool *nulls, Datum *result)
{
	LOCAL_FCINFO(fcinfo, FUZZ_MAX_ARGS);
	sigjmp_buf	jb;
	sigjmp_buf *saved = PG_exception_stack;

	if (nargs > FUZZ_MAX_ARGS)
		abort();
	fuzz_unsupported = false;
	memset(fcinfo, 0, SizeForFunctionCallInfo(FUZZ_MAX_ARGS));
	fcinfo->nargs = nargs;
	for (int i = 0; i < nargs; i++)
	{
		fcinfo->args[i].value = args[i];
		fcinfo->args[i].isnull = nulls ? nulls[i] : false;
	}
	if (sigsetjmp(jb, 0) != 0)
	{
		PG_exception_stack = saved;
		return false;
	}
	PG_exception_stack = &jb;
	*result = fn(fcinfo);
	PG_exception_stack = saved;
	return true;
}

bool
fuzz_call1(PGFunction fn, Datum arg, Datum *result)
{
	return fuzz_call(fn, 1, &arg, NULL, result);
}

bool
fuzz_valid_utf8(const uint8_t *s, size_t n)
{
	size_t		i = 0;

	while (i < n)
	{
		uint8_t		c = s[i];
		int			len;
		uint32_t	cp;

		if (c == 0)
			return false;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, cp = c & 0x07;
		else
			return false;
		if (i + len > n)
			return false;
		for (int k = 1; k < len; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
			(cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

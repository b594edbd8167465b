/*
 * vocabulary.c
 *	  Look-ups over the generated vocabulary tables, and the per-backend
 *	  index of folded labels and synonyms that free-text input resolves
 *	  against.
 */
#include "postgres.h"

#include <unicode/utf8.h>

#include "common/hashfn.h"
#include "utils/memutils.h"

#include "common/common.h"
#include "taxonomy/vocabulary.h"

int
vocab_find_code(int64 code)
{
	int			lo = 0,
				hi = vocab_node_count - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (vocab_nodes[mid].code == code)
			return mid;
		if (vocab_nodes[mid].code < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Compare a counted string with a NUL-terminated one, bytewise. */
static int
cmp_counted(const char *s, int len, const char *z)
{
	int			c = strncmp(s, z, len);

	if (c != 0)
		return c;
	return z[len] == '\0' ? 0 : -1;
}

/*
 * Paths are looked up for every row of text input, so they get an
 * open-addressing hash table, filled once per backend (no allocation: the
 * vocabulary is compiled in).  Slots hold node index + 1; 0 is empty.
 */
#define PATH_SLOTS 2048			/* power of two, over 4x the node count */

static int16 path_slots[PATH_SLOTS];
static bool path_slots_ready = false;

static uint32
path_hash(const char *path, int len)
{
	return hash_bytes((const unsigned char *) path, len) & (PATH_SLOTS - 1);
}

static void
fill_path_slots(void)
{
	StaticAssertStmt(PATH_SLOTS <= PG_INT16_MAX, "slot values must fit int16");
	if (vocab_node_count * 4 > PATH_SLOTS)
		elog(ERROR, "tst_hub vocabulary outgrew its path table");
	for (int i = 0; i < vocab_node_count; i++)
	{
		uint32		h = path_hash(vocab_nodes[i].path, strlen(vocab_nodes[i].path));

		while (path_slots[h] != 0)
			h = (h + 1) & (PATH_SLOTS - 1);
		path_slots[h] = i + 1;
	}
	path_slots_ready = true;
}

int
vocab_find_path(const char *path, int len)
{
	uint32		h;

	if (!path_slots_ready)
		fill_path_slots();
	for (h = path_hash(path, len); path_slots[h] != 0; h = (h + 1) & (PATH_SLOTS - 1))
	{
		int			node = path_slots[h] - 1;

		if (cmp_counted(path, len, vocab_nodes[node].path) == 0)
			return node;
	}
	return -1;
}

int
vocab_find_language(const char *lang)
{
	for (int i = 0; i < vocab_language_count; i++)
		if (strcmp(vocab_languages[i], lang) == 0)
			return i;
	return -1;
}

const char *
vocab_label(int node, int lang)
{
	const VocabNode *n = &vocab_nodes[node];

	for (int i = n->first_label; i < n->first_label + n->nlabels; i++)
		if (vocab_labels[i].lang == lang && vocab_labels[i].kind == VOCAB_LABEL)
			return vocab_labels[i].text;
	return NULL;
}

/*
 * The folded-name index: every path, label and synonym folded once per
 * backend, sorted by folded text so that look-ups are a binary search.
 */
typedef struct FoldedName
{
	const char *text;
	int			len;
	int			node;
	const int32 *chars;			/* the text as code points, for "did you mean" */
	int			nchars;
	TstCharCounts counts;		/* of chars: a quick lower bound on distances */
} FoldedName;

/* Names longer than this (in characters) are never suggested. */
#define CLOSEST_MAX_CHARS TST_DISTANCE_MAX_CHARS

/* The code points of valid UTF-8 (ICU's output), at most max of them. */
static int
utf8_chars(const char *s, int len, int32 *out, int max)
{
	int			i = 0,
				n = 0;

	while (i < len && n < max)
	{
		UChar32		c;

		U8_NEXT(s, i, len, c);
		out[n++] = c;
	}
	return i < len ? max + 1 : n;
}

static FoldedName *folded_names = NULL;
static int	folded_count = 0;

static int
cmp_folded(const void *a, const void *b)
{
	const FoldedName *x = a;
	const FoldedName *y = b;
	int			c = strcmp(x->text, y->text);

	return c != 0 ? c : x->node - y->node;
}

static void
add_name(FoldedName *names, int *count, const char *utf8, int node)
{
	int			len;
	char	   *f = tst_fold_utf8(utf8, strlen(utf8), &len);

	if (len == 0)
		return;
	names[*count].text = f;
	names[*count].len = len;
	names[*count].node = node;
	{
		int32		buf[CLOSEST_MAX_CHARS];
		int			n = utf8_chars(f, len, buf, CLOSEST_MAX_CHARS);
		int32	   *chars = NULL;

		if (n <= CLOSEST_MAX_CHARS)
		{
			chars = palloc(sizeof(int32) * Max(n, 1));
			memcpy(chars, buf, sizeof(int32) * n);
		}
		names[*count].chars = chars;
		names[*count].nchars = chars ? n : CLOSEST_MAX_CHARS + 1;
		if (chars)
			tst_char_counts(chars, n, &names[*count].counts);
	}
	(*count)++;
}

static void
build_folded_index(void)
{
	MemoryContext cxt,
				old;
	FoldedName *names;
	int			count = 0,
				kept = 0;

	/* Build in a fresh context and publish only when complete, so an ICU
	 * error half-way leaves no half-built index behind. */
	cxt = AllocSetContextCreate(TopMemoryContext, "tst_hub vocabulary names",
								ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		names = palloc(sizeof(FoldedName) * (vocab_node_count + vocab_label_count));
		for (int i = 0; i < vocab_node_count; i++)
			add_name(names, &count, vocab_nodes[i].path, i);
		for (int i = 0; i < vocab_label_count; i++)
			add_name(names, &count, vocab_labels[i].text, vocab_labels[i].node);
		qsort(names, count, sizeof(FoldedName), cmp_folded);
		for (int i = 0; i < count; i++)
			if (kept == 0 || cmp_folded(&names[kept - 1], &names[i]) != 0)
				names[kept++] = names[i];
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(old);
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(old);
	folded_names = names;
	folded_count = kept;
}

static int resolve_folded(const char *utf8, int len, int *nodes, int max);

/* Labels are in Simplified Chinese; Traditional input matches through ICU. */
int
vocab_resolve_text(const char *utf8, int len, int *nodes, int max)
{
	int			found = resolve_folded(utf8, len, nodes, max);
	int			slen;
	char	   *simplified;

	if (found > 0)
		return found;
	simplified = tst_han_simplified(utf8, len, &slen);
	if (simplified == NULL)
		return 0;
	return resolve_folded(simplified, slen, nodes, max);
}

static int
resolve_folded(const char *utf8, int len, int *nodes, int max)
{
	int			flen,
				lo,
				hi,
				first = -1,
				found = 0;
	char	   *f;

	if (folded_names == NULL)
		build_folded_index();
	f = tst_fold_utf8(utf8, len, &flen);
	if (flen == 0)
		return 0;

	/* leftmost entry with this text */
	lo = 0;
	hi = folded_count - 1;
	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;
		int			c = strcmp(folded_names[mid].text, f);

		if (c == 0)
			first = mid;
		if (c >= 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	/* entries are unique per (text, node), so each is a distinct node */
	for (int i = first; first >= 0 && i < folded_count &&
		 strcmp(folded_names[i].text, f) == 0; i++)
	{
		if (found < max)
			nodes[found] = folded_names[i].node;
		found++;
	}
	pfree(f);
	return found;
}

int
vocab_closest(const char *utf8, int len, int *nodes, int max)
{
	int			flen,
				nf,
				found = 0;
	int		   *best_d = palloc(sizeof(int) * max);
	int32	   *fc = palloc(sizeof(int32) * CLOSEST_MAX_CHARS);
	TstCharCounts counts;
	char	   *f;

	if (folded_names == NULL)
		build_folded_index();
	f = tst_fold_utf8(utf8, len, &flen);
	nf = utf8_chars(f, flen, fc, CLOSEST_MAX_CHARS);
	if (nf == 0 || nf > CLOSEST_MAX_CHARS)
		return 0;
	tst_char_counts(fc, nf, &counts);

	for (int i = 0; i < folded_count; i++)
	{
		const FoldedName *fn = &folded_names[i];

		/*
		 * Only names that share at least half their letters are suggested,
		 * and once the list is full only closer ones: the distance never
		 * needs to be known beyond that limit.
		 */
		int			limit = Max(nf, fn->nchars) / 2;
		int			d,
					pos,
					j;

		if (found == max)
			limit = Min(limit, best_d[found - 1] - 1);
		if (fn->chars == NULL || limit < 0 || abs(nf - fn->nchars) > limit ||
			tst_distance_at_least(&counts, &fn->counts) > limit)
			continue;
		d = tst_distance_within(fc, nf, fn->chars, fn->nchars, limit);
		if (d > limit)
			continue;
		for (j = 0; j < found; j++)
			if (nodes[j] == fn->node)
				break;
		if (j < found)
		{
			if (d >= best_d[j])
				continue;
			/* drop the older, worse entry for this node */
			memmove(&nodes[j], &nodes[j + 1], sizeof(int) * (found - j - 1));
			memmove(&best_d[j], &best_d[j + 1], sizeof(int) * (found - j - 1));
			found--;
		}
		/* insert sorted by distance */
		pos = found < max ? found : max - 1;
		while (pos > 0 && best_d[pos - 1] > d)
		{
			nodes[pos] = nodes[pos - 1];
			best_d[pos] = best_d[pos - 1];
			pos--;
		}
		nodes[pos] = fn->node;
		best_d[pos] = d;
		if (found < max)
			found++;
	}
	pfree(f);
	pfree(fc);
	pfree(best_d);
	return found;
}

int64
vocab_code_of_path(const char *path)
{
	int			node = vocab_find_path(path, strlen(path));

	if (node < 0)
		elog(ERROR, "vocabulary has no term \"%s\"", path);
	return vocab_nodes[node].code;
}

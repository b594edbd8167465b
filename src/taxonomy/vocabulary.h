/*
 * vocabulary.h
 *	  The built-in hub vocabulary: tables generated from the TSV files in data/vocabulary
 *	  and the look-ups over them (by code, by path, by label).
 */
#ifndef TST_HUB_VOCABULARY_H
#define TST_HUB_VOCABULARY_H

/* One node of the vocabulary tree.  vocab_nodes[] is sorted by code, which is
 * preorder, so a node's descendants are the nodes (index, subtree_end). */
typedef struct VocabNode
{
	int64		code;
	const char *path;
	const char *source;
	int16		parent;			/* index, -1 for a facet */
	int16		depth;			/* 0 for a facet */
	int16		subtree_end;	/* index one past the last descendant */
	bool		deprecated;
	int32		first_label;	/* into vocab_labels */
	int16		nlabels;
} VocabNode;

typedef enum VocabLabelKind
{
	VOCAB_LABEL = 0,			/* the display label in one language */
	VOCAB_SYNONYM = 1			/* another accepted spelling */
} VocabLabelKind;

typedef struct VocabLabel
{
	int16		node;
	uint8		lang;			/* index into vocab_languages */
	uint8		kind;			/* VocabLabelKind */
	const char *text;			/* UTF-8 */
} VocabLabel;

typedef enum VocabRelation
{
	XWALK_EXACT = 0,			/* same concept both ways */
	XWALK_TERM_BROADER = 1,		/* external value -> a broader term */
	XWALK_EXTERNAL_BROADER = 2	/* term -> a broader external value */
} VocabRelation;

typedef struct VocabCrosswalk
{
	const char *scheme;			/* "ctdc" or "htcds" */
	const char *field;
	const char *value;
	int16		node;
	uint8		relation;		/* VocabRelation */
	const char *note;
} VocabCrosswalk;

extern const char *const vocab_languages[];
extern const int vocab_language_count;
extern const VocabLabel vocab_labels[];
extern const int vocab_label_count;
extern const VocabNode vocab_nodes[];
extern const int vocab_node_count;
extern const VocabCrosswalk vocab_crosswalk[];
extern const int vocab_crosswalk_count;

/* Look-ups; each returns a node index or -1. */
extern int	vocab_find_code(int64 code);
extern int	vocab_find_path(const char *path, int len);
extern int	vocab_find_language(const char *lang);

/* The code of a term the C code names by path (an internal error if the vocabulary lacks it). */
extern int64 vocab_code_of_path(const char *path);

/* The display label of a node in a language (UTF-8), or NULL. */
extern const char *vocab_label(int node, int lang);

/*
 * Resolve free text (a path, label or synonym in any language, compared after
 * ICU folding) to node indices.  Fills nodes[] with up to max distinct
 * matches and returns how many there were in all.
 */
extern int	vocab_resolve_text(const char *utf8, int len, int *nodes, int max);

/* Up to max node indices whose folded names are closest to the text. */
extern int	vocab_closest(const char *utf8, int len, int *nodes, int max);

#endif

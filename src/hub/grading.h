/*
 * grading.h
 *	  Intelligence grades: UK 3x5x2 ('1A P'), UK 5x5x5 ('B2 1') and the NATO
 *	  Admiralty code ('B2').
 *
 * Each grade is a pass-by-value int4:
 *
 *	  bits 24..31  format version (1)
 *	  bits 16..23  source code, 1-based position in the scheme's list
 *	  bits  8..15  information code, 1-based
 *	  bits  0..7   handling code, 1-based (0 for the Admiralty code)
 *
 * so int4 order is code order (source, then information, then handling, each
 * as the scheme lists them), which the btree opclasses reuse.
 */
#ifndef TST_HUB_GRADING_H
#define TST_HUB_GRADING_H

#include "fmgr.h"

#define GRADE_VERSION 1

typedef enum GradeScheme
{
	GRADE_3X5X2,
	GRADE_5X5X5,
	GRADE_ADMIRALTY
} GradeScheme;

/* One code of one scale: how it is written, what it means, its score. */
typedef struct GradeCode
{
	char		symbol;
	const char *meaning;
	int			score;			/* 1 = best; 0 = not a degree (untested, cannot be judged) */
} GradeCode;

typedef struct GradeScale
{
	const GradeCode *codes;
	int			ncodes;
} GradeScale;

typedef struct GradeSchemeInfo
{
	const char *name;			/* SQL type name */
	GradeScale	source;
	GradeScale	info;
	GradeScale	handling;		/* ncodes 0: none */
} GradeSchemeInfo;

extern const GradeSchemeInfo grade_schemes[3];

typedef struct Grade
{
	int			source;			/* 1-based */
	int			info;
	int			handling;		/* 1-based, 0 if none */
} Grade;

extern int32 grade_pack(const Grade *g);

/* A grade argument, unpacked; XX001 if the stored value is not one. */
extern Grade grade_arg(FunctionCallInfo fcinfo, GradeScheme s, int argno);

/* Unpacks and checks a stored value; false if it is not a grade of the scheme. */
extern bool grade_unpack(GradeScheme s, int32 v, Grade *g);

/* Parses text ('1A P', 'b2 1', 'B2'); NULL on success, else why not. */
extern const char *grade_parse(GradeScheme s, const char *text, Grade *g);

#endif

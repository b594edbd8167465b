/*
 * term_support.c
 *	  Planner support for term subsumption: "t <@ const" (and "const @> t")
 *	  becomes the range "t >= const AND t <= last term below const", so a
 *	  plain btree index on a term column answers subtree filters.
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_opfamily.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "taxonomy/taxonomy.h"
#include "taxonomy/vocabulary.h"

static bool
is_btree_family(Oid opfamily)
{
	HeapTuple	tup = SearchSysCache1(OPFAMILYOID, ObjectIdGetDatum(opfamily));
	bool		result;

	if (!HeapTupleIsValid(tup))
		return false;
	result = ((Form_pg_opfamily) GETSTRUCT(tup))->opfmethod == BTREE_AM_OID;
	ReleaseSysCache(tup);
	return result;
}

static Expr *
range_clause(Oid opfamily, Oid termtype, int strategy, Node *key, int64 bound)
{
	Oid			opno = get_opfamily_member(opfamily, termtype, termtype, strategy);

	if (!OidIsValid(opno))
		return NULL;
	return make_opclause(opno, BOOLOID, false, (Expr *) key,
						 (Expr *) makeConst(termtype, -1, InvalidOid, sizeof(int64),
											TermGetDatum(bound), false, true),
						 InvalidOid, InvalidOid);
}

/*
 * Shared by both operators: ancestor_arg says which argument is the
 * ancestor (1 for "a <@ b", 0 for "a @> b"); the index column must be the
 * other one and the ancestor a non-NULL constant.
 */
static Node *
subtree_index_condition(Node *rawreq, int ancestor_arg)
{
	SupportRequestIndexCondition *req;
	List	   *args;
	Node	   *key,
			   *anc;
	Oid			termtype;
	int64		lo,
				hi;
	int			node;
	Expr	   *ge,
			   *le;

	if (!IsA(rawreq, SupportRequestIndexCondition))
		return NULL;
	req = (SupportRequestIndexCondition *) rawreq;
	if (req->indexarg != 1 - ancestor_arg ||
		!is_btree_family(req->opfamily))
		return NULL;
	if (is_opclause(req->node))
		args = ((OpExpr *) req->node)->args;
	else if (is_funcclause(req->node))
		args = ((FuncExpr *) req->node)->args;
	else
		return NULL;
	if (list_length(args) != 2)
		return NULL;
	key = list_nth(args, 1 - ancestor_arg);
	anc = list_nth(args, ancestor_arg);
	if (!IsA(anc, Const) || ((Const *) anc)->constisnull)
		return NULL;

	termtype = exprType(anc);
	lo = DatumGetTerm(((Const *) anc)->constvalue);
	node = term_node(lo);
	/* Bound by the subtree's last vocabulary node, so that both constants
	 * are real terms (EXPLAIN prints them) and the range is exact. */
	hi = vocab_nodes[vocab_nodes[node].subtree_end - 1].code;
	ge = range_clause(req->opfamily, termtype, BTGreaterEqualStrategyNumber, key, lo);
	le = range_clause(req->opfamily, termtype, BTLessEqualStrategyNumber, key, hi);
	if (ge == NULL || le == NULL)
		return NULL;
	req->lossy = false;			/* the range is exactly the subtree */
	return (Node *) list_make2(ge, le);
}

PG_FUNCTION_INFO_V1(term_contained_support);
Datum
term_contained_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(subtree_index_condition((Node *) PG_GETARG_POINTER(0), 1));
}

PG_FUNCTION_INFO_V1(term_contains_support);
Datum
term_contains_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(subtree_index_condition((Node *) PG_GETARG_POINTER(0), 0));
}

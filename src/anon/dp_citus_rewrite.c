/*
 * dp_citus_rewrite.c
 *	  On a Citus coordinator, a SELECT whose top level uses dp_count, dp_sum
 *	  or dp_avg is rewritten so that every release is paid where the budget
 *	  ledger and the session's credit are:
 *
 *	    SELECT org, dp_count(victim, 0.5, 'b') FROM incidents GROUP BY org
 *	      HAVING dp_count(victim, 0.5, 'b') > 20 ORDER BY 2 LIMIT 5
 *	  becomes
 *	    WITH tst_hub_dp_groups AS MATERIALIZED (
 *	           SELECT org, dp_count_sealed(victim, 0.5, 'b') FROM incidents GROUP BY org),
 *	         tst_hub_dp_released AS MATERIALIZED (
 *	           SELECT org, dp_count_open(sealed, 0.5, 'b') FROM tst_hub_dp_groups)
 *	    SELECT org, n FROM tst_hub_dp_released WHERE n > 20 ORDER BY 2 LIMIT 5
 *
 *	  Citus plans the first CTE on its own, whole on the workers when it is
 *	  grouped by the distribution column, and brings one sealed figure per
 *	  group to the coordinator (dp_sealed.c); the second opens each once,
 *	  so a HAVING, ORDER BY, LIMIT or window function above sees the value
 *	  that was paid for, and a group it drops was paid all the same, as on
 *	  one server.  Other aggregates of the query move into the first CTE
 *	  unchanged.
 *
 * A SELECT is rewritten at its top level and in the queries of its FROM
 * (views included) and WITH, not in expressions or LATERAL subqueries, which
 * may refer to the query around them; and only shapes whose meaning the
 * rewrite keeps (no grouping sets, set-returning functions in the target
 * list, sublinks above the grouping, FOR UPDATE or data-modifying CTEs).  Any
 * other query is planned as written, where a dp release that would run on a
 * worker refuses (0A000) as before.  The hook acts only in a
 * database with the citus extension, and never inside a Citus task.
 */
#include "postgres.h"

#include "catalog/dependency.h"
#include "catalog/pg_proc.h"
#include "commands/extension.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "optimizer/planner.h"
#include "parser/parse_func.h"
#include "rewrite/rewriteManip.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"

#include "anon/dp_citus_rewrite.h"

#define GROUPS_CTE "tst_hub_dp_groups"
#define RELEASED_CTE "tst_hub_dp_released"

static planner_hook_type prev_planner_hook = NULL;

/* tst_hub.citus_dp_rewrite: off plans dp queries as written (for EXPLAIN and tests). */
static bool citus_dp_rewrite = true;

/* A column of the two CTEs. */
typedef struct Column
{
	Expr	   *match;			/* what it replaces in the query (a group key, an Aggref, a Var) */
	Expr	   *grouped;		/* its expression in tst_hub_dp_groups */
	/* for a dp aggregate: its opening function and arguments after the figure */
	Oid			open_fn;
	List	   *open_args;
} Column;

typedef struct Rewrite
{
	Oid			extension;		/* tst_hub */
	List	   *columns;		/* of Column */
	int			ngroup;			/* the first ngroup columns are the group keys */
	bool		has_dp;
	bool		unsupported;
} Rewrite;

/* Citus's own connections to a worker run its tasks; they are never rewritten. */
static bool
in_citus_task(void)
{
	const char *app = GetConfigOption("application_name", true, false);

	return app != NULL && strncmp(app, "citus_internal", 14) == 0;
}

/* A function of tst_hub named name taking argtypes, or InvalidOid. */
static Oid
extension_function(Rewrite *rw, Oid namespace, const char *name, int nargs, const Oid *argtypes)
{
	Oid			fn = LookupFuncName(list_make2(makeString(get_namespace_name(namespace)),
											   makeString(pstrdup(name))),
									nargs, argtypes, true);

	if (!OidIsValid(fn) || getExtensionOfObject(ProcedureRelationId, fn) != rw->extension)
		return InvalidOid;
	return fn;
}

/*
 * For tst_hub's dp_count, dp_sum or dp_avg: the sealed Aggref and the
 * opening function (false for any other aggregate, or when the call's
 * parameters depend on the rows: then dp_count refuses as it always did).
 */
static bool
dp_parts(Rewrite *rw, Aggref *agg, Aggref **sealed, Oid *open_fn, List **open_args)
{
	char	   *name = get_func_name(agg->aggfnoid);
	const char *sealed_name;
	const char *open_name;
	int			first_param;
	Oid			ns = get_func_namespace(agg->aggfnoid);
	Oid			argtypes[FUNC_MAX_ARGS];
	int			nargs = 0;
	ListCell   *lc;
	Oid			sealed_fn;

	if (name == NULL)
		return false;
	if (strcmp(name, "dp_count") == 0)
		sealed_name = "dp_count_sealed", open_name = "dp_count_open", first_param = 1;
	else if (strcmp(name, "dp_sum") == 0)
		sealed_name = "dp_sum_sealed", open_name = "dp_sum_open", first_param = 2;
	else if (strcmp(name, "dp_avg") == 0)
		sealed_name = "dp_sum_sealed", open_name = "dp_avg_open", first_param = 2;
	else
		return false;
	if (!OidIsValid(rw->extension) ||
		getExtensionOfObject(ProcedureRelationId, agg->aggfnoid) != rw->extension ||
		agg->aggdirectargs != NIL || list_length(agg->args) >= FUNC_MAX_ARGS)
		return false;

	foreach(lc, agg->aggargtypes)
		argtypes[nargs++] = lfirst_oid(lc);
	sealed_fn = extension_function(rw, ns, sealed_name, nargs, argtypes);
	if (!OidIsValid(sealed_fn))
		return false;

	*open_args = NIL;
	argtypes[0] = get_func_rettype(sealed_fn);	/* dp_sealed */
	nargs = 1;
	for (int i = first_param; i < list_length(agg->args); i++)
	{
		Expr	   *e = ((TargetEntry *) list_nth(agg->args, i))->expr;

		if (contain_var_clause((Node *) e) || contain_volatile_functions((Node *) e) ||
			checkExprHasSubLink((Node *) e))
			return false;
		*open_args = lappend(*open_args, copyObject(e));
		argtypes[nargs++] = exprType((Node *) e);
	}
	*open_fn = extension_function(rw, ns, open_name, nargs, argtypes);
	if (!OidIsValid(*open_fn))
		return false;

	*sealed = copyObject(agg);
	(*sealed)->aggfnoid = sealed_fn;
	(*sealed)->aggtype = argtypes[0];
	(*sealed)->aggcollid = InvalidOid;
	(*sealed)->aggtranstype = InvalidOid;	/* the planner fills it in */
	return true;
}

static Column *
add_column(Rewrite *rw, Expr *match, Expr *grouped)
{
	Column	   *c = palloc0(sizeof(Column));

	c->match = match;
	c->grouped = grouped;
	rw->columns = lappend(rw->columns, c);
	return c;
}

/* The type of a column in tst_hub_dp_released. */
static Oid
released_type(const Column *c)
{
	return OidIsValid(c->open_fn) ? get_func_rettype(c->open_fn) : exprType((Node *) c->grouped);
}

static Var *
column_var(Rewrite *rw, int attno)
{
	Column	   *c = list_nth(rw->columns, attno - 1);
	bool		dp = OidIsValid(c->open_fn);

	return makeVar(1, attno, released_type(c),
				   dp ? -1 : exprTypmod((Node *) c->grouped),
				   dp ? InvalidOid : exprCollation((Node *) c->grouped), 0);
}

/* The column replacing an Aggref, made on first sight (equal Aggrefs share one). */
static int
aggregate_column(Rewrite *rw, Aggref *agg)
{
	Aggref	   *sealed;
	Oid			open_fn;
	List	   *open_args;
	Column	   *c;

	for (int i = rw->ngroup; i < list_length(rw->columns); i++)
		if (equal(((Column *) list_nth(rw->columns, i))->match, agg))
			return i + 1;
	if (dp_parts(rw, agg, &sealed, &open_fn, &open_args))
	{
		c = add_column(rw, (Expr *) agg, (Expr *) sealed);
		c->open_fn = open_fn;
		c->open_args = open_args;
		rw->has_dp = true;
	}
	else
		add_column(rw, (Expr *) agg, (Expr *) copyObject(agg));
	return list_length(rw->columns);
}

/*
 * An expression above the grouping rewritten over tst_hub_dp_released:
 * group keys, aggregates and the columns they determine (a table's other
 * columns when grouped by its key) become columns of the CTEs.
 */
static Node *
over_released(Node *node, Rewrite *rw)
{
	if (node == NULL)
		return NULL;
	for (int i = 0; i < rw->ngroup; i++)
		if (equal(node, ((Column *) list_nth(rw->columns, i))->match))
			return (Node *) column_var(rw, i + 1);
	if (IsA(node, Aggref) && ((Aggref *) node)->agglevelsup == 0)
		return (Node *) column_var(rw, aggregate_column(rw, (Aggref *) node));
	if (IsA(node, Var) && ((Var *) node)->varlevelsup == 0)
	{
		for (int i = rw->ngroup; i < list_length(rw->columns); i++)
			if (equal(((Column *) list_nth(rw->columns, i))->match, node))
				return (Node *) column_var(rw, i + 1);
		add_column(rw, (Expr *) node, (Expr *) copyObject(node));
		return (Node *) column_var(rw, list_length(rw->columns));
	}
	if (IsA(node, Var) || IsA(node, Aggref) || IsA(node, GroupingFunc) ||
		IsA(node, SubLink) || IsA(node, PlaceHolderVar))
	{
		rw->unsupported = true;
		return node;
	}
	return expression_tree_mutator(node, over_released, (void *) rw);
}

/* A materialized CTE of query, its columns named c1, c2, ... */
static CommonTableExpr *
make_cte(const char *name, Query *query)
{
	CommonTableExpr *cte = makeNode(CommonTableExpr);
	ListCell   *lc;

	cte->ctename = pstrdup(name);
	cte->ctematerialized = CTEMaterializeAlways;
	cte->ctequery = (Node *) query;
	cte->location = -1;
	cte->cterefcount = 1;
	foreach(lc, query->targetList)
	{
		TargetEntry *tle = lfirst(lc);

		cte->ctecolnames = lappend(cte->ctecolnames, makeString(pstrdup(tle->resname)));
		cte->ctecoltypes = lappend_oid(cte->ctecoltypes, exprType((Node *) tle->expr));
		cte->ctecoltypmods = lappend_int(cte->ctecoltypmods, exprTypmod((Node *) tle->expr));
		cte->ctecolcollations = lappend_oid(cte->ctecolcollations, exprCollation((Node *) tle->expr));
	}
	return cte;
}

/* A range table entry reading cte, levelsup query levels up. */
static RangeTblEntry *
cte_entry(CommonTableExpr *cte, Index levelsup)
{
	RangeTblEntry *rte = makeNode(RangeTblEntry);

	rte->rtekind = RTE_CTE;
	rte->ctename = cte->ctename;
	rte->ctelevelsup = levelsup;
	rte->coltypes = list_copy(cte->ctecoltypes);
	rte->coltypmods = list_copy(cte->ctecoltypmods);
	rte->colcollations = list_copy(cte->ctecolcollations);
	rte->eref = makeAlias(cte->ctename, list_copy(cte->ctecolnames));
	rte->inFromCl = true;
	return rte;
}

static Query *
make_select(void)
{
	Query	   *q = makeNode(Query);

	q->commandType = CMD_SELECT;
	q->querySource = QSRC_ORIGINAL;
	q->canSetTag = true;
	return q;
}

static char *
column_name(int attno)
{
	char		name[16];

	snprintf(name, sizeof(name), "c%d", attno);
	return pstrdup(name);
}

/* Whether the rewrite keeps this query's meaning (see the header). */
static bool
rewritable(Query *q)
{
	return q->commandType == CMD_SELECT && q->utilityStmt == NULL && q->hasAggs &&
		q->groupingSets == NIL && !q->hasTargetSRFs && !q->hasModifyingCTE &&
		!q->hasForUpdate && q->rowMarks == NIL && q->setOperations == NULL &&
		!checkExprHasSubLink((Node *) q->targetList) && !checkExprHasSubLink(q->havingQual);
}

/* Rewrites q in place (see the header); false if it is left as written. */
static bool
rewrite(Query *q)
{
	Rewrite		rw = {0};
	List	   *target = NIL;
	Node	   *having;
	ListCell   *lc;
	Query	   *groups = make_select();
	Query	   *released = make_select();
	CommonTableExpr *groups_cte;
	CommonTableExpr *released_cte;
	int			attno;

	rw.extension = get_extension_oid("tst_hub", true);

	/* the group keys first, with their sort/group references */
	foreach(lc, q->groupClause)
	{
		TargetEntry *tle = get_sortgroupclause_tle(lfirst(lc), q->targetList);

		add_column(&rw, tle->expr, (Expr *) copyObject(tle->expr));
	}
	rw.ngroup = list_length(rw.columns);

	foreach(lc, q->targetList)
	{
		TargetEntry *tle = flatCopyTargetEntry(lfirst(lc));

		tle->expr = (Expr *) over_released((Node *) tle->expr, &rw);
		target = lappend(target, tle);
	}
	having = over_released(q->havingQual, &rw);
	if (!rw.has_dp || rw.unsupported)
		return false;

	/* tst_hub_dp_groups: the query's FROM, WHERE and GROUP BY */
	groups->rtable = q->rtable;
	groups->jointree = q->jointree;
	groups->cteList = q->cteList;
	groups->hasRecursive = q->hasRecursive;
	groups->hasSubLinks = q->hasSubLinks;
	groups->hasRowSecurity = q->hasRowSecurity;
	groups->hasAggs = true;
	groups->groupClause = q->groupClause;
	groups->groupDistinct = q->groupDistinct;
	groups->constraintDeps = q->constraintDeps;
	attno = 0;
	foreach(lc, rw.columns)
	{
		Column	   *c = lfirst(lc);
		TargetEntry *tle;

		attno++;
		tle = makeTargetEntry(c->grouped, attno, column_name(attno), false);

		if (attno <= rw.ngroup)
			tle->ressortgroupref =
				((SortGroupClause *) list_nth(q->groupClause, attno - 1))->tleSortGroupRef;
		groups->targetList = lappend(groups->targetList, tle);
	}
	/* one level deeper now: references to enclosing queries and their CTEs follow */
	IncrementVarSublevelsUp((Node *) groups, 1, 1);
	groups_cte = make_cte(GROUPS_CTE, groups);

	/* tst_hub_dp_released: each dp figure opened (paid) once */
	released->rtable = list_make1(cte_entry(groups_cte, 1));
	released->jointree = makeFromExpr(list_make1(makeNode(RangeTblRef)), NULL);
	((RangeTblRef *) linitial(released->jointree->fromlist))->rtindex = 1;
	attno = 0;
	foreach(lc, rw.columns)
	{
		Column	   *c = lfirst(lc);
		Expr	   *g;
		Expr	   *e;

		attno++;
		g = (Expr *) makeVar(1, attno, exprType((Node *) c->grouped), exprTypmod((Node *) c->grouped),
							 exprCollation((Node *) c->grouped), 0);
		e = g;
		if (OidIsValid(c->open_fn))
			e = (Expr *) makeFuncExpr(c->open_fn, get_func_rettype(c->open_fn),
									  lcons(g, c->open_args), InvalidOid,
									  exprCollation((Node *) llast(c->open_args)),
									  COERCE_EXPLICIT_CALL);
		released->targetList = lappend(released->targetList,
									   makeTargetEntry(e, attno, column_name(attno), false));
	}
	released_cte = make_cte(RELEASED_CTE, released);

	/* the query itself: what was above the grouping, over tst_hub_dp_released */
	q->cteList = list_make2(groups_cte, released_cte);
	q->hasRecursive = false;
	q->rtable = list_make1(cte_entry(released_cte, 0));
	q->jointree = makeFromExpr(list_make1(makeNode(RangeTblRef)), having);
	((RangeTblRef *) linitial(q->jointree->fromlist))->rtindex = 1;
	q->targetList = target;
	q->groupClause = NIL;
	q->groupDistinct = false;
	q->havingQual = NULL;
	q->hasAggs = false;
	q->hasSubLinks = false;
	q->constraintDeps = NIL;
	return true;
}

/*
 * Rewrites q and the queries in its FROM (views included) and WITH, not
 * those in expressions or LATERAL, which may refer to the query around them;
 * true if any was rewritten.
 */
static bool
rewrite_tree(Query *q)
{
	bool		done = rewritable(q) && rewrite(q);
	ListCell   *lc;

	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst(lc);

		if (rte->rtekind == RTE_SUBQUERY && !rte->lateral)
			done |= rewrite_tree(rte->subquery);
	}
	foreach(lc, q->cteList)
	{
		CommonTableExpr *cte = lfirst(lc);
		Query	   *body = castNode(Query, cte->ctequery);

		if (!cte->cterecursive && body->commandType == CMD_SELECT)
			done |= rewrite_tree(body);
	}
	return done;
}

/* Whether q or a query of its FROM or WITH aggregates: cheap, before any catalog look-up. */
static bool
aggregates_in_tree(Query *q)
{
	ListCell   *lc;

	if (q->hasAggs)
		return true;
	foreach(lc, q->rtable)
	{
		RangeTblEntry *rte = lfirst(lc);

		if (rte->rtekind == RTE_SUBQUERY && aggregates_in_tree(rte->subquery))
			return true;
	}
	foreach(lc, q->cteList)
		if (aggregates_in_tree(castNode(Query, ((CommonTableExpr *) lfirst(lc))->ctequery)))
			return true;
	return false;
}

/* Citus is loaded in this server (its settings exist); then look for the extension. */
static bool
citus_here(void)
{
	return GetConfigOption("citus.enable_router_execution", true, false) != NULL &&
		OidIsValid(get_extension_oid("citus", true));
}

static PlannedStmt *
plan(Query *parse, const char *query_string, int cursorOptions, ParamListInfo boundParams)
{
	if (prev_planner_hook)
		return prev_planner_hook(parse, query_string, cursorOptions, boundParams);
	return standard_planner(parse, query_string, cursorOptions, boundParams);
}

/*
 * Citus first tries to send a whole statement to one worker (its router
 * planner), and a rewritten query filtered to one shard would go there
 * whole, the opening CTE included, where opening refuses.  So the router
 * planner is off while Citus decides that, and back on when Citus plans the
 * CTEs as subplans (the next call of this hook) and the rest over their
 * results on the coordinator, which needs it.  router_nest is the GUC nest
 * level of that change while it is in effect (0: none); the abort of a
 * failed planning restores the setting too.
 */
static int	router_nest = 0;

static void
router_back_on(void)
{
	if (router_nest > 0)
	{
		int			nest = router_nest;

		router_nest = 0;
		AtEOXact_GUC(true, nest);
	}
}

static PlannedStmt *
dp_citus_planner(Query *parse, const char *query_string, int cursorOptions,
				 ParamListInfo boundParams)
{
	PlannedStmt *result;

	router_back_on();			/* a subplan of a rewritten query */
	if (!citus_dp_rewrite || parse->commandType != CMD_SELECT || in_citus_task() ||
		!aggregates_in_tree(parse) || !citus_here() || !rewrite_tree(parse))
		return plan(parse, query_string, cursorOptions, boundParams);
	router_nest = NewGUCNestLevel();
	(void) set_config_option("citus.enable_router_execution", "off", PGC_USERSET,
							 PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	PG_TRY();
	{
		result = plan(parse, query_string, cursorOptions, boundParams);
	}
	PG_CATCH();
	{
		router_nest = 0;		/* the abort restores the setting */
		PG_RE_THROW();
	}
	PG_END_TRY();
	router_back_on();
	return result;
}

void
dp_citus_rewrite_init(void)
{
	DefineCustomBoolVariable("tst_hub.citus_dp_rewrite",
							 "Rewrites queries using dp_count, dp_sum or dp_avg on a Citus coordinator "
							 "so that every release is paid there.",
							 "Off: such queries are planned as written, and a release that Citus would "
							 "run on a worker refuses (0A000). Nothing is released unpaid either way.",
							 &citus_dp_rewrite, true, PGC_USERSET, 0, NULL, NULL, NULL);
	prev_planner_hook = planner_hook;
	planner_hook = dp_citus_planner;
}

/*
 * dp_ledger.c
 *	  The privacy budget ledger (tables dp_budgets and dp_spending, see
 *	  sql/install/27-noise.sql) as the dp aggregates' final functions use
 *	  it, and explain_cost.
 *
 * The principal is the session user (the login): SECURITY DEFINER
 * functions and SET ROLE change the current user, and neither may move a
 * charge to another role's budget.
 *
 * Prepaid credit.  A release is paid from this session's credit, which
 * dp_reserve buys: it debits the ledger in its own transaction, and the
 * credit is granted only when that transaction commits.  Spending credit
 * is not transactional, so a release stays paid whatever happens to the
 * query's transaction: charging the ledger in the query's own transaction
 * would let a client read the values and then ROLLBACK (or drop the
 * connection before the commit), and have its charge refunded.  A reserve
 * that rolls back grants nothing and refunds itself.
 *
 * The debit is one INSERT ... ON CONFLICT DO UPDATE ... WHERE spent +
 * epsilon <= budget: the row lock serialises concurrent spenders, and the
 * WHERE is re-checked on the latest row, so no two sessions can both spend
 * the last of a budget.  The budget row is read FOR SHARE, so a debit
 * waits for dp_budget_alter (which locks it FOR UPDATE) and then charges
 * the period the budget has after the change.  It runs as the ledger's
 * owner with search_path pinned, so analysts need no right on the tables.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/syscache.h"
#include "storage/itemptr.h"
#include "storage/proc.h"

#include "anon/dp_ledger.h"
#include "anon/noise.h"
#include "anon/noise_state.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

/* explain_cost's dry run: nesting depth and the total so far (millionths). */
static int	dry_depth = 0;
static int64 dry_total = 0;

/* The charging statements, prepared once per schema. */
static SPIPlanPtr charge_plan = NULL;
static SPIPlanPtr charge_again_plan = NULL;
static Oid	charge_plan_schema = InvalidOid;

/*
 * Where this transaction last wrote the spending row of a budget.  A
 * query charges once per group, and every charge adds a version of that
 * row that cannot be pruned before commit; found through the index, each
 * probe would walk all of them (quadratic in the groups).  The next charge
 * in the same transaction updates the row at this ctid instead, with the
 * same budget check; if the row is not there (a rolled-back savepoint, a
 * dropped budget), the full statement runs.
 */
static LocalTransactionId last_lxid = InvalidLocalTransactionId;
static char last_budget[NAMEDATALEN + 64];
static Oid	last_principal = InvalidOid;
static ItemPointerData last_ctid;

bool
dp_ledger_dry_run(int64 eps_micro)
{
	if (dry_depth == 0)
		return false;
	if (pg_add_s64_overflow(dry_total, eps_micro, &dry_total))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the cost of this query is out of range")));
	return true;
}

static Oid
ledger_owner(Oid schema)
{
	Oid			relid = get_relname_relid("dp_spending", schema);
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(relid))
		elog(ERROR, "tst_hub ledger table is missing");
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

static void
refuse(const char *budget, const char *principal, Numeric eps, const char *schema_q)
{
	Datum		args[2];
	Oid			types[2] = {TEXTOID, NAMEOID};
	char	   *q;
	int			rc;

	args[0] = CStringGetTextDatum(budget);
	args[1] = DirectFunctionCall1(namein, CStringGetDatum(principal));
	q = psprintf("SELECT b.epsilon::text, coalesce(s.spent, 0)::text, b.period"
				 " FROM %s.dp_budgets b LEFT JOIN %s.dp_spending s"
				 " ON s.budget = b.budget AND s.principal = b.principal"
				 " AND s.period_start = %s.dp_period_start(b.period)"
				 " WHERE b.budget = $1 AND b.principal = $2",
				 schema_q, schema_q, schema_q);
	rc = SPI_execute_with_args(q, 2, types, args, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed: %d", rc);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_CONFIGURATION_LIMIT_EXCEEDED),
				 errmsg("role \"%s\" has no privacy budget \"%s\"", principal, budget),
				 errhint("An admin gives one with SELECT tst_hub.dp_budget_create('%s', '%s', epsilon, period).",
						 budget, principal)));
	ereport(ERROR,
			(errcode(ERRCODE_CONFIGURATION_LIMIT_EXCEEDED),
			 errmsg("privacy budget \"%s\" of role \"%s\" is exhausted", budget, principal),
			 errdetail("This release costs epsilon %s; %s of %s is spent this period (%s).",
					   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(eps))),
					   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2),
					   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1),
					   SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3)),
			 errhint("Nothing was released. Ask an admin for a larger budget, or wait for the next period.")));
}

static void
ledger_debit(Oid schema, const char *budget, int64 eps_micro)
{
	const char *schema_q = quote_identifier(get_namespace_name(schema));
	char	   *principal = GetUserNameFromId(GetSessionUserId(), false);
	Numeric		eps = noise_micro_numeric(eps_micro);
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;
	Datum		args[4];
	int			rc;
	bool		charged;

	if (IsInParallelMode())
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TRANSACTION_STATE),
				 errmsg("privacy budget cannot be reserved in parallel mode"),
				 errdetail("A reservation is a write to the budget ledger.")));

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(ledger_owner(schema),
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (charge_plan == NULL || charge_plan_schema != schema)
	{
		Oid			types[3] = {TEXTOID, NAMEOID, NUMERICOID};
		Oid			types_again[4] = {TEXTOID, NAMEOID, NUMERICOID, TIDOID};
		char	   *q;
		SPIPlanPtr	plan;
		SPIPlanPtr	plan_again;

		q = psprintf("UPDATE %s.dp_spending AS s SET spent = s.spent + $3"
					 " FROM %s.dp_budgets b"
					 " WHERE s.ctid = $4 AND s.budget = $1 AND s.principal = $2"
					 " AND b.budget = s.budget AND b.principal = s.principal"
					 " AND s.period_start = %s.dp_period_start(b.period)"
					 " AND s.spent + $3 <= b.epsilon"
					 " RETURNING s.ctid",
					 schema_q, schema_q, schema_q);
		plan_again = SPI_prepare(q, 4, types_again);
		if (plan_again == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan_again) != 0)
			elog(ERROR, "SPI_keepplan failed");
		if (charge_again_plan != NULL)
			SPI_freeplan(charge_again_plan);
		charge_again_plan = plan_again;
		charge_plan_schema = InvalidOid;	/* until both are made */
		if (charge_plan != NULL)
			SPI_freeplan(charge_plan);
		charge_plan = NULL;

		q = psprintf("INSERT INTO %s.dp_spending AS s (budget, principal, period_start, spent)"
					 " SELECT b.budget, b.principal, %s.dp_period_start(b.period), $3"
					 " FROM %s.dp_budgets b"
					 " WHERE b.budget = $1 AND b.principal = $2 AND $3 <= b.epsilon"
					 " FOR SHARE OF b"
					 " ON CONFLICT (budget, principal, period_start) DO UPDATE"
					 " SET spent = s.spent + excluded.spent"
					 " WHERE s.spent + excluded.spent <= (SELECT b2.epsilon FROM %s.dp_budgets b2"
					 " WHERE b2.budget = s.budget AND b2.principal = s.principal)"
					 " RETURNING s.ctid",
					 schema_q, schema_q, schema_q, schema_q);
		plan = SPI_prepare(q, 3, types);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		charge_plan = plan;
		charge_plan_schema = schema;
	}
	args[0] = CStringGetTextDatum(budget);
	args[1] = DirectFunctionCall1(namein, CStringGetDatum(principal));
	args[2] = NumericGetDatum(eps);
	charged = false;
	if (last_lxid == MyProc->lxid && last_principal == GetSessionUserId() &&
		strcmp(last_budget, budget) == 0)
	{
		args[3] = PointerGetDatum(&last_ctid);
		rc = SPI_execute_plan(charge_again_plan, args, NULL, false, 1);
		if (rc != SPI_OK_UPDATE_RETURNING)
			elog(ERROR, "SPI_execute_plan failed: %d", rc);
		charged = (SPI_processed == 1);
	}
	if (!charged)
	{
		last_lxid = InvalidLocalTransactionId;
		rc = SPI_execute_plan(charge_plan, args, NULL, false, 1);
		if (rc != SPI_OK_INSERT_RETURNING)
			elog(ERROR, "SPI_execute_plan failed: %d", rc);
		if (SPI_processed != 1)
			refuse(budget, principal, eps, schema_q);
	}
	/* remember where the row now is */
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		if (!isnull)
		{
			ItemPointerCopy((ItemPointer) DatumGetPointer(d), &last_ctid);
			strlcpy(last_budget, budget, sizeof(last_budget));
			last_principal = GetSessionUserId();
			last_lxid = MyProc->lxid;
		}
	}
	SPI_finish();

	AtEOXact_GUC(true, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

/* ---- this session's credit ---- */

typedef struct Credit
{
	char		budget[NOISE_BUDGET_MAX + 1];
	Oid			principal;
	int64		micro;
	SubTransactionId subid;		/* pending: the subtransaction that reserved it */
} Credit;

#define MAX_CREDITS 64

static Credit credits[MAX_CREDITS];	/* granted, unspent */
static int	ncredits = 0;
static Credit pending[MAX_CREDITS];	/* reserved by the open transaction */
static int	npending = 0;
static bool callbacks_registered = false;

static Credit *
find_credit(Credit *list, int n, const char *budget, Oid principal)
{
	for (int i = 0; i < n; i++)
		if (list[i].principal == principal && strcmp(list[i].budget, budget) == 0)
			return &list[i];
	return NULL;
}

static void
add_credit(Credit *list, int *n, const Credit *c)
{
	Credit	   *have = find_credit(list, *n, c->budget, c->principal);

	if (have != NULL && have->subid == c->subid)
	{
		have->micro += c->micro;	/* both at most the largest budget: no overflow */
		return;
	}
	if (*n >= MAX_CREDITS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a session can hold privacy budget credit of at most %d budgets", MAX_CREDITS)));
	list[(*n)++] = *c;
}

static void
credit_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_PREPARE:
			if (npending > 0)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot PREPARE a transaction that reserved privacy budget")));
			break;
		case XACT_EVENT_COMMIT:
			/* the debit is durable now: the credit may be spent */
			for (int i = 0; i < npending; i++)
			{
				pending[i].subid = InvalidSubTransactionId;
				if (ncredits < MAX_CREDITS || find_credit(credits, ncredits, pending[i].budget, pending[i].principal))
					add_credit(credits, &ncredits, &pending[i]);
			}
			npending = 0;
			break;
		case XACT_EVENT_ABORT:
			npending = 0;		/* the debit is rolled back too */
			break;
		default:
			break;
	}
}

static void
credit_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	int			k = 0;

	if (event == SUBXACT_EVENT_COMMIT_SUB)
	{
		for (int i = 0; i < npending; i++)
			if (pending[i].subid == mySubid)
				pending[i].subid = parentSubid;
	}
	else if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		for (int i = 0; i < npending; i++)
			if (pending[i].subid != mySubid)
				pending[k++] = pending[i];
		npending = k;
	}
}

/*
 * dp_reserve(budget, epsilon): debit the ledger now and, once this
 * transaction commits, hold epsilon of credit in this session.
 */
PG_FUNCTION_INFO_V1(dp_reserve);
Datum
dp_reserve(PG_FUNCTION_ARGS)
{
	Credit		c;
	char	   *budget;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the privacy budget name must not be NULL")));
	budget = text_to_cstring(PG_GETARG_TEXT_PP(0));
	noise_check_budget_name(budget);
	memset(&c, 0, sizeof(c));
	strlcpy(c.budget, budget, sizeof(c.budget));
	c.micro = noise_epsilon_micro(PG_ARGISNULL(1) ? NULL : PG_GETARG_NUMERIC(1), PG_ARGISNULL(1));
	c.principal = GetSessionUserId();
	c.subid = GetCurrentSubTransactionId();
	if (!callbacks_registered)
	{
		RegisterXactCallback(credit_xact_callback, NULL);
		RegisterSubXactCallback(credit_subxact_callback, NULL);
		callbacks_registered = true;
	}
	if (npending >= MAX_CREDITS && find_credit(pending, npending, c.budget, c.principal) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a transaction can reserve privacy budget of at most %d budgets", MAX_CREDITS)));
	/* the debit must survive a crash once the credit is granted */
	(void) set_config_option("synchronous_commit", "on", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_LOCAL, true, 0, false);
	ledger_debit(get_func_namespace(fcinfo->flinfo->fn_oid), c.budget, c.micro);
	add_credit(pending, &npending, &c);
	PG_RETURN_NUMERIC(noise_micro_numeric(c.micro));
}

void
dp_credit_spend(const char *budget, int64 eps_micro)
{
	Credit	   *c = find_credit(credits, ncredits, budget, GetSessionUserId());
	int64		have = c ? c->micro : 0;

	if (have < eps_micro)
		ereport(ERROR,
				(errcode(ERRCODE_CONFIGURATION_LIMIT_EXCEEDED),
				 errmsg("this session's credit on privacy budget \"%s\" is too small for this release",
						budget),
				 errdetail("The release costs epsilon %s; the session holds %s%s.",
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(noise_micro_numeric(eps_micro)))),
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(noise_micro_numeric(have)))),
						   npending > 0 ? " (credit reserved in this transaction counts once it commits)" : ""),
				 errhint("Nothing was released. Reserve epsilon first, in its own transaction: "
						 "SELECT tst_hub.dp_reserve('%s', epsilon). Reserved epsilon is debited from the ledger at once and never refunded.",
						 budget)));
	c->micro -= eps_micro;
}

/* dp_credit(): this session's unspent credit per budget. */
PG_FUNCTION_INFO_V1(dp_credit);
Datum
dp_credit(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < ncredits; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		if (credits[i].principal != GetSessionUserId())
			continue;
		values[0] = CStringGetTextDatum(credits[i].budget);
		values[1] = NumericGetDatum(noise_micro_numeric(credits[i].micro));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* Is the text one plain SELECT (no INTO, no data-modifying WITH)? */
static void
check_one_select(const char *query)
{
	List	   *stmts = raw_parser(query, RAW_PARSE_DEFAULT);
	Node	   *stmt;

	if (list_length(stmts) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("explain_cost takes exactly one SELECT statement, not %d statements",
						list_length(stmts))));
	stmt = ((RawStmt *) linitial(stmts))->stmt;
	if (!IsA(stmt, SelectStmt) || ((SelectStmt *) stmt)->intoClause != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("explain_cost takes a SELECT statement"),
				 errdetail("It runs the query read-only to count what its releases would cost.")));
}

/*
 * explain_cost(query text) -> numeric: runs the query read-only in a
 * subtransaction that is rolled back, with the dp final functions in dry
 * run (they add up their charges and return NULL); the total.
 */
PG_FUNCTION_INFO_V1(explain_cost);
Datum
explain_cost(PG_FUNCTION_ARGS)
{
	char	   *query;
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	int			saved_depth = dry_depth;
	int64		saved_total = dry_total;
	int64		cost = 0;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the query must not be NULL")));
	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	check_one_select(query);

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		int			rc;

		dry_depth = saved_depth + 1;
		dry_total = 0;
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		rc = SPI_execute(query, true, 0);
		if (rc != SPI_OK_SELECT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("explain_cost takes a SELECT statement")));
		SPI_finish();
		cost = dry_total;
		dry_depth = saved_depth;
		dry_total = saved_total;
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		dry_depth = saved_depth;
		dry_total = saved_total;
		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
		ReThrowError(edata);
	}
	PG_END_TRY();
	PG_RETURN_NUMERIC(noise_micro_numeric(cost));
}

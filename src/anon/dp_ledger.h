/*
 * dp_ledger.h
 *	  The privacy budget ledger: charges for differentially private
 *	  releases, and the dry run of explain_cost.
 */
#ifndef TST_HUB_DP_LEDGER_H
#define TST_HUB_DP_LEDGER_H

#include "fmgr.h"

/*
 * Debits epsilon (millionths) from the session user's budget of that name
 * for the current period, atomically; 53400 when it would exceed the
 * budget or there is none.  Runs with the ledger owner's rights.
 */
extern void dp_ledger_charge(FunctionCallInfo fcinfo, const char *budget, int64 eps_micro);

/* In explain_cost's dry run: adds the charge to its total and returns true. */
extern bool dp_ledger_dry_run(int64 eps_micro);

#endif

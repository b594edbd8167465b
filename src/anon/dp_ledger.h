/*
 * dp_ledger.h
 *	  The privacy budget ledger: charges for differentially private
 *	  releases, and the dry run of explain_cost.
 */
#ifndef TST_HUB_DP_LEDGER_H
#define TST_HUB_DP_LEDGER_H

#include "fmgr.h"

/*
 * Pays a release of epsilon (millionths) from this session's credit on the
 * budget (bought with dp_reserve, granted at its commit); 53400 when the
 * credit is too small.  Not transactional: a release stays paid.
 */
extern void dp_credit_spend(const char *budget, int64 eps_micro);

/* In explain_cost's dry run: adds the charge to its total and returns true. */
extern bool dp_ledger_dry_run(int64 eps_micro);

#endif

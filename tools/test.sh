#!/bin/sh
# Runs every tst_hub test on a fresh Debian 12 machine: installs dependencies,
# builds with -Werror and assertions, installs, then runs pg_regress, pgTAP,
# the upgrade test, the dump/restore test, the key-leak, access-leak and
# planted-object tests, the budget concurrency test, the mixed-load concurrency
# test (DURATION=seconds, default 60), the suppression audit (an independent LP
# solver checks 1000 suppressed tables), the README reference check and the demo
# at N=20000 with its maps checked (test/demo/run_quick.sh) in a throwaway
# PostgreSQL 15 cluster (pg_virtualenv); then pg_regress and pgTAP under
# AddressSanitizer and UBSan.  First, that the README Performance table is the
# one generated from bench/results/readme.txt (tools/bench-readme.sh).
set -eu
cd "$(dirname "$0")/.."
tools/bench-readme.sh --check
tools/install-deps.sh
tools/build-install.sh
rm -f regression.diffs
pg_virtualenv -t -v 15 sh -c 'make installcheck && tools/pgtap.sh && test/upgrade/run.sh && test/dump/run.sh && test/security/key_leaks.sh && test/security/access_leaks.sh && test/security/planted_objects.sh && test/dp_concurrency.sh && test/concurrency/run.sh && test/suppression/run.sh && tools/check-reference.sh && test/demo/run_quick.sh' || {
    [ -f regression.diffs ] && cat regression.diffs
    exit 1
}
# The regression and pgTAP suites again, with tst_hub built with
# -fsanitize=address,undefined in a private copy of the server (about 9
# minutes on 2 cores; tools/sanitize.sh, make check-asan).  TST_HUB_ASAN=0
# skips it.
if [ "${TST_HUB_ASAN:-1}" != 0 ]; then
    tools/sanitize.sh asan
fi

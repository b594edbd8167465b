#!/bin/sh
# Runs every tst_hub test on a fresh Debian 12 machine: installs dependencies,
# builds with -Werror and assertions, installs, then runs pg_regress and pgTAP
# in a throwaway PostgreSQL 15 cluster (pg_virtualenv), plus the README check.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
tools/build-install.sh
pg_virtualenv -v 15 sh -c 'make installcheck || { cat regression.diffs; exit 1; }; tools/pgtap.sh && test/security/key_leaks.sh && tools/check-reference.sh'

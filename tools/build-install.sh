#!/bin/sh
# Builds tst_hub warning-free with assertions compiled in, and installs it.
set -eu
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
make -s clean
make -s EXTRA_CFLAGS="-Werror -DUSE_ASSERT_CHECKING"
$SUDO make -s install

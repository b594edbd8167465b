#!/bin/sh
# Installs the Debian 12 packages tst_hub needs to build, test and run the demo.
set -eu
if [ "$(id -u)" -ne 0 ]; then exec sudo "$0" "$@"; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
    build-essential pkg-config libicu-dev \
    postgresql-15 postgresql-server-dev-15 postgresql-common \
    postgresql-15-postgis-3 postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl

#!/bin/sh
# Installs the Debian 12 packages tst_hub needs to build, test and run the
# demo (the list is tools/debian-packages.txt, shared with .ci/run).
set -eu
if [ "$(id -u)" -ne 0 ]; then exec sudo "$0" "$@"; fi
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $(cat debian-packages.txt)

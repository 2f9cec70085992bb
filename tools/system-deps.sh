#!/bin/sh
# Install the system programs the interoperability tests need, only when missing:
#   rapper      (Debian raptor2-utils)            parses Turtle and N-Quads
#   virtuoso-t  (Debian virtuoso-opensource-7-bin) the Virtuoso server, started by the tests
#   isql-vt     (same package)                     Virtuoso's SQL client, used to set it up
# virtuoso-opensource-7-bin holds the binaries only: unlike virtuoso-opensource it asks no
# debconf password and starts no system service; the tests start their own server.
# Idempotent and quiet: prints nothing and calls no apt-get when everything is there.
set -eu

missing=""
command -v rapper >/dev/null 2>&1 || missing="$missing raptor2-utils"
{ command -v virtuoso-t && command -v isql-vt; } >/dev/null 2>&1 || missing="$missing virtuoso-opensource-7-bin"
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "system-deps: installing$missing" >&2
log=$(mktemp)
# shellcheck disable=SC2086
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "system-deps: apt-get failed; install$missing by hand" >&2
    exit 1
fi
rm -f "$log"

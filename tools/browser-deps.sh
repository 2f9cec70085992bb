#!/bin/sh
# Install what the browser tests drive, only when missing (Debian packages):
#   chromium         /usr/bin/chromium      the browser, run headless by tests/test_browser.py
#   chromium-driver  /usr/bin/chromedriver  the WebDriver that Selenium talks to
# The tests never download a browser of their own. Idempotent and quiet: prints nothing and
# calls no apt-get when both are there.
set -eu

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "browser-deps: installing$missing" >&2
log=$(mktemp)
# shellcheck disable=SC2086
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "browser-deps: apt-get failed; install$missing by hand" >&2
    exit 1
fi
rm -f "$log"

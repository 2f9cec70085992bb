#!/bin/sh
# Install the Debian programs the tests drive for real, only when missing:
#   rapper                    (raptor2-utils)             parses Turtle and N-Quads
#   virtuoso-t, isql-vt       (virtuoso-opensource-7-bin) the Virtuoso server the tests start, and its client
#   /usr/bin/chromium         (chromium)                  the browser, run headless by tests/test_browser.py
#   /usr/bin/chromedriver     (chromium-driver)           the WebDriver that Selenium talks to
#   npm                       (npm)                       installs axe-core, the accessibility checker
#                                                         tests/pages/test_a11y.py injects into pages,
#                                                         into .venv/node_modules (once; offline after)
# virtuoso-opensource-7-bin holds the binaries only: no debconf password, no system service.
# The tests never download a browser of their own. Idempotent and quiet: prints nothing and
# calls no apt-get when everything is there.
set -eu

missing=""
command -v rapper >/dev/null 2>&1 || missing="$missing raptor2-utils"
{ command -v virtuoso-t && command -v isql-vt; } >/dev/null 2>&1 || missing="$missing virtuoso-opensource-7-bin"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
AXE_VERSION=4.14.1
axe() {
    [ -f .venv/node_modules/axe-core/axe.min.js ] && exit 0
    log=$(mktemp)
    if ! npm install --prefix .venv --no-audit --no-fund --no-save --silent "axe-core@$AXE_VERSION" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "system-deps: npm could not install axe-core@$AXE_VERSION" >&2
        exit 1
    fi
    rm -f "$log"
    exit 0
}
[ -z "$missing" ] && axe

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
axe

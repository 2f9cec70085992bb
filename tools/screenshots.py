"""Write the README's screenshots, docs/timeline.png and docs/resource.png, from the real server.

Usage: .venv/bin/python -m tools.screenshots [--out docs]   (from the checkout; `make screenshots`)
Starts the server on 127.0.0.1 (as the tests do), opens the pages in headless Chromium (Debian's
chromium and chromium-driver; tools/system-deps.sh installs them) and saves PNGs.
"""

import argparse
import sys
from pathlib import Path

from tests import chromium
from tests.server import Server

ROOT = Path(__file__).resolve().parent.parent

# name -> (path, window width, window height, CSS selector that says the page is drawn, one to click first)
SHOTS = {
    "timeline": ("/timeline", 1280, 1300, "#timeline[data-state=ready]", "input[name=group][value=pair]"),
    "resource": ("/id/meeting-lavrov-chung-2021-03", 1100, 1400, "blockquote.quote mark", None),
}


def shoot(driver, base: str, out: Path, name: str) -> Path:
    """Open one page, wait until it is drawn, and save its screenshot as <out>/<name>.png."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    path, width, height, ready, click = SHOTS[name]
    driver.set_window_size(width, height)
    driver.get(base + path)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ready))
    if click:
        driver.find_element(By.CSS_SELECTOR, click).click()
    target = out / f"{name}.png"
    driver.save_screenshot(str(target))
    errors = chromium.console_errors(driver)
    if errors:
        raise SystemExit(f"{path}: console errors: {errors}")
    return target


def main(argv=None) -> int:
    """Start the server and a browser, then write every screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs (default docs/)")
    args = parser.parse_args(argv)
    reason = chromium.missing()
    if reason:
        print(f"screenshots: {reason}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with Server(workers=2) as server, chromium.browser() as driver:
        for name in SHOTS:
            print(shoot(driver, server.url, args.out, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())

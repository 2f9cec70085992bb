"""The page tests' browser and server: one real server (gunicorn) and one headless Chromium per test
worker, shared by every module under tests/pages/. A test opens a path with `page(path)` (desktop size,
1366x900) or `page(path, phone=True)` (390x844). Afterwards its page is saved as a whole-page screenshot
in screenshots/ (ignored by git) to look at: after every test (KG_SCREENSHOTS=1, the default) or only
after a failing one (KG_SCREENSHOTS=failed, as `make test` runs them: the screenshots cost seconds).
In CI (CI=true) a missing browser fails the tests."""

import os
import re

import pytest

from tests import chromium
from tests.helpers import ROOT, require
from tests.server import Server

SHOTS = ROOT / "screenshots"
DESKTOP, PHONE = (1366, 900), (390, 844)


@pytest.fixture(scope="session")
def site():
    """The real server's base URL, started once per test worker."""
    require(chromium.missing())
    with Server(workers=2) as running:
        yield running.url


@pytest.fixture(scope="session")
def driver(site):
    """One headless Chromium per test worker."""
    with chromium.browser(*DESKTOP) as d:
        yield d


@pytest.fixture
def page(driver, site, request):
    """Open a path at desktop or phone size; afterwards save a screenshot of the whole page."""
    chromium.console_errors(driver)  # forget what earlier tests logged

    def open_(path: str, phone: bool = False):
        driver.set_window_size(*(PHONE if phone else DESKTOP))
        driver.get(site + path)
        return driver

    yield open_
    report = getattr(request.node, "report_call", None)
    if os.environ.get("KG_SCREENSHOTS", "1") != "1" and not (report and report.failed):
        return
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")
    chromium.full_page_screenshot(driver, SHOTS / f"{name}.png")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each test's call report on its item, so that `page` knows whether the test failed."""
    report = yield
    if report.when == "call":
        item.report_call = report
    return report

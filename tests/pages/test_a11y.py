"""axe-core (from npm, installed into .venv/node_modules by tools/system-deps.sh, injected into each page
from there: no CDN) over every kind of page at desktop and phone size: no serious or critical violation,
and none of the landmark and heading rules the review found broken. Also: the error pages and /queries in the
site's frame, programs' error bodies kept, gzip on HTML, CSS, JS and JSON."""

import gzip
import urllib.error
import urllib.request

import pytest

from tests import chromium
from tests.helpers import ROOT, require
from tests.pages.conftest import DESKTOP, PHONE
from tests.pages.look import css, overflow, overlapping_text

AXE = ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
ALWAYS = {"landmark-unique", "heading-order"}  # moderate, but each was broken on many pages
PAGES = (
    "/",
    "/search",
    "/search?q=lavrov",
    "/ask",
    "/ask/meetings?from=notadate",
    "/ask/statements-by",
    "/queries",
    "/nope",
    "/id/russia",
    "/articles",
    "/articles/rusk-2021-03",
    "/timeline",
    "/network",
    "/editor",
)
# Colours do not change with the window: contrast (half of axe's time) is checked at desktop size only.
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations'], rules: {'color-contrast': {enabled: arguments[0]}}}).then(
  r => done(r.violations.map(v => ({
    id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))),
  e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));
"""


@pytest.fixture(scope="module")
def axe() -> str:
    require(None if AXE.exists() else f"{AXE} is missing; run tools/system-deps.sh (npm install axe-core)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violations(driver, site, axe, size):
    driver.set_window_size(*size)
    driver.set_script_timeout(30)
    found = {}
    for path in PAGES:
        driver.get(site + path)
        found_here = driver.execute_async_script(axe + RUN, size == DESKTOP)  # inject and run in one call
        bad = [v for v in found_here if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS]
        if bad:
            found[path] = bad
    assert found == {}


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["/nope", "/queries"])
def test_error_and_api_pages_are_in_the_frame(page, path, phone):
    d = page(path, phone=phone)
    assert css(d, "header.site nav a[href='/']") and css(d, "form[role=search] input[name=q]")
    assert css(d, "link[rel=icon]") and "dipkg" in d.title
    assert overflow(d) == 0 and overlapping_text(d) == [] and overlapping_text(d, "header.site") == []
    assert all("404" in e for e in chromium.console_errors(d))  # /nope's own status


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    "method, path, accept, status, program",
    [
        ("GET", "/nope", BROWSER, 404, "*/*"),
        ("GET", "/queries/meetings?from=notadate", BROWSER, 400, "*/*"),
        ("POST", "/search", BROWSER, 405, "*/*"),
        ("GET", "/queries/meetings", "text/html", 406, "image/png"),
    ],
)
def test_every_error_is_a_page_for_browsers_and_a_line_for_programs(site, method, path, accept, status, program):
    def error(accept: str):
        request = urllib.request.Request(site + path, method=method, headers={"Accept": accept})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(request, timeout=30)
        return e.value

    page = error(accept)
    body = page.read().decode("utf-8")
    assert page.code == status and page.headers.get_content_type() == "text/html"
    assert 'role="search"' in body and '<nav aria-label="Main">' in body and 'href="/"' in body
    assert error(program).headers.get_content_type() == "text/plain"
    if status != 406:
        assert error("application/json").headers.get_content_type() == "application/json"


@pytest.mark.parametrize(
    "path, accept",
    [
        ("/", "text/html"),
        ("/static/style.css", "text/css"),
        ("/static/search.js", "*/*"),
        ("/search?q=korea&format=json", "application/json"),
        ("/queries/class-counts", "application/sparql-results+json"),
    ],
)
def test_answers_are_gzipped(site, path, accept):
    def get(encoding: str):
        request = urllib.request.Request(site + path, headers={"Accept": accept, "Accept-Encoding": encoding})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers, response.read()

    headers, body = get("gzip")
    plain_headers, plain = get("identity")
    assert headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == plain and len(body) < len(plain)
    assert "Content-Encoding" not in plain_headers

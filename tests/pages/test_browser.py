"""End-to-end: the pages in a real headless Chromium against the real server, console errors included.

Each test writes a screenshot of its page to screenshots/ (ignored by git) and ends by checking that
the browser's console logged no error. Expected counts come from the data (the dump, the
canned-query API, the views' JSON), never from numbers written here. In CI (CI=true) a missing
browser fails the tests; elsewhere it skips them.
"""

import pytest

from tests import chromium
from tests.pages.look import css


@pytest.mark.parametrize(
    "path",
    [
        "/ask",
        "/articles",
        "/search?q=korea",
        "/id/graph/inferred",
        "/id/russia",
        "/resource?iri=https%3A%2F%2Fdipkg.example.org%2Fontology%23Country",
        "/ask/meetings?place=seoul&from=2021-03-01&to=2021-03-31",
    ],
)
def test_other_pages_load_without_console_errors(page, path):
    d = page(path)
    assert css(d, "main h1") and "dipkg" in d.title
    assert chromium.console_errors(d) == []

"""No dead links: a crawl of the whole site in-process (a Flask test client of its own, asking as a browser does
and keeping its cookies, so the language a `?lang=` link chooses carries on) from the home page, following every
internal <a href> and <link rel=alternate> of every HTML page it visits; any 4xx or 5xx fails, naming the
first page that links to it.

Every distinct link is requested once. Two links count as one only where they are the same URL: the same
path and query once resolved against the linking page, a `#fragment` left out (it names a place in the one
document the server sends; the server never sees it). Nothing else is merged: `/id/x?lang=nl`, `/id/x` and
`/id/x?format=ttl` are each requested. About 3,200 pages; the pages' own speed (batched span queries, labels
looked up once per request) is what keeps this to seconds.
"""

import re
from collections import deque
from functools import cache
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from app.pages.terms import curie

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SITE = "http://localhost/"
LIMIT = 5000  # pages: a hang guard far above the site's size
LINKS = "a[href], link[rel~=alternate][href]"


def links(html: str) -> list[str]:
    """The targets of a page's <a href> and <link rel=alternate href>, in page order."""
    return [node.attributes["href"] or "" for node in LexborHTMLParser(html).css(LINKS)]


def internal(base: str, href: str) -> str | None:
    """The site path (with query) a link leads to, without its fragment, or None when it leaves the site."""
    root_relative = href.startswith("/") and not href.startswith("//")  # /id/x: the same from every page
    return _internal(SITE if root_relative else base, href)


@cache
def _internal(base: str, href: str) -> str | None:
    url = urldefrag(urljoin(base, href)).url
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != SITE:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def route(path: str) -> str:
    """What sort of page a path is, for saying what the crawl reached: the first part of its path; for a
    page of /id/ the sort of resource, of /resource the vocabulary of its IRI."""
    parts = urlsplit(path)
    head = parts.path.strip("/").split("/")
    if head[0] == "id":
        return "id/" + (head[1] if len(head) > 2 else "thing")
    if head[0] == "resource":
        return "resource/" + re.sub(r":.*", "", curie(dict(parse_qsl(parts.query)).get("iri", "")))[:40]
    return head[0]


def crawl(client, start: str = "/") -> tuple[dict, dict]:
    """Every page reachable from `start`: path -> status, and path -> the first page linking it."""
    status, linked_from, queue = {}, {start: "(start)"}, deque([start])
    while queue and len(status) < LIMIT:
        path = queue.popleft()
        response = client.get(path, headers={"Accept": BROWSER})
        status[path] = response.status_code
        if response.mimetype != "text/html" or response.status_code >= 400:
            continue
        for href in links(response.get_data(as_text=True)):
            target = internal(SITE + path.lstrip("/"), href)
            if target is not None and target not in linked_from:
                linked_from[target] = path
                queue.append(target)
    return status, linked_from


@pytest.mark.slow
def test_every_link_of_the_site_resolves(app):
    status, linked_from = crawl(app.test_client())  # its own: the language its `?lang=` links choose stays here
    dead = [f"{path} ({code}), linked from {linked_from[path]}" for path, code in status.items() if code >= 400]
    assert len(status) < LIMIT, "the crawl did not end"
    assert dead == [], f"{len(dead)} of {len(status)} pages are dead:\n" + "\n".join(sorted(dead)[:40])
    reached = {route(path) for path in status}
    assert {"ontology", "articles", "id/thing", "id/article", "id/graph", "resource/dip", "resource/wd"} <= reached
    assert not set(linked_from) - set(status), "some links were found but never followed"

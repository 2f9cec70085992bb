"""No dead links: a crawl of the site in-process (Flask's test client, asking as a browser does) from the home
page, following the internal <a href> and <link rel=alternate> of every HTML page it visits; any 4xx or 5xx
fails, naming the page that links to it.

Every kind of link is followed, but at most PER_KIND targets of each kind (see `kind`: the route, the sort of
thing or the vocabulary of the IRI, the format and the language asked for), so that the crawl takes seconds;
CRAWL_ALL=1 follows every link (about 3,000 pages, minutes).
"""

import os
import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest

from app.pages.terms import curie

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SITE = "http://localhost/"
LIMIT = 5000  # pages: a hang guard far above the site's size
PER_KIND = 10**6 if os.environ.get("CRAWL_ALL") else 2


class Links(HTMLParser):
    """The targets of a page's <a href> and <link rel=alternate href>."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("href") and (tag == "a" or (tag == "link" and "alternate" in (a.get("rel") or "").split())):
            self.found.append(a["href"])


def internal(base: str, href: str) -> str | None:
    """The site path (with query) a link leads to, or None when it leaves the site."""
    url = urldefrag(urljoin(base, href)).url
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != SITE:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def kind(path: str) -> tuple:
    """What sort of link a path is: its route (the first part of its path; for a page of /id/ the sort of
    resource, of /resource the vocabulary of its IRI), the names of its other parameters, its format and
    language."""
    parts = urlsplit(path)
    query = dict(parse_qsl(parts.query))
    head = parts.path.strip("/").split("/")
    if head[0] == "id":
        route = "id/" + (head[1] if len(head) > 2 else "thing")
    elif head[0] == "resource":
        route = "resource/" + re.sub(r":.*", "", curie(query.get("iri", "")))[:40]
    else:
        route = head[0]
    if "lang" in query or ("format" in query and route.startswith("id/")):  # offered alike across a route
        route = route.split("/")[0]
    others = tuple(sorted(set(query) - {"iri", "format", "lang"}))
    return route, others, query.get("format"), query.get("lang")


def crawl(client, start: str = "/", per_kind: int = PER_KIND) -> tuple[dict, dict]:
    """The pages reachable from `start`, at most `per_kind` of each kind: path -> status, and path -> the
    first page linking it."""
    status, linked_from, queue, kinds = {}, {start: "(start)"}, deque([start]), Counter()
    while queue and len(status) < LIMIT:
        path = queue.popleft()
        response = client.get(path, headers={"Accept": BROWSER})
        status[path] = response.status_code
        if response.mimetype != "text/html" or response.status_code >= 400:
            continue
        parser = Links()
        parser.feed(response.get_data(as_text=True))
        for href in parser.found:
            target = internal(SITE + path.lstrip("/"), href)
            if target is not None and target not in linked_from and kinds[kind(target)] < per_kind:
                kinds[kind(target)] += 1
                linked_from[target] = path
                queue.append(target)
    return status, linked_from


@pytest.mark.slow
def test_every_link_of_the_site_resolves(client):
    status, linked_from = crawl(client)
    dead = [f"{path} ({code}), linked from {linked_from[path]}" for path, code in status.items() if code >= 400]
    assert len(status) < LIMIT, "the crawl did not end"
    assert dead == [], f"{len(dead)} of {len(status)} pages are dead:\n" + "\n".join(sorted(dead)[:40])
    reached = {kind(path)[0] for path in status}
    assert {"ontology", "articles", "id/thing", "id/article", "id/graph", "resource/dip", "resource/wd"} <= reached

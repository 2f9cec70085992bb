"""What a person sees on a page, measured in the browser: text that overlaps, text too small to read,
a page wider than the window, elements cut off. Each returns the offenders (empty when the page is fine),
described so that a failing assert says where to look."""

import json
import urllib.request

WAIT = 10

# Visible elements that hold text of their own (not only through children), with their boxes.
_TEXT_BOXES = """
const root = document.querySelector(arguments[0]) || document.body;
const out = [];
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (!node.textContent.trim()) continue;
  const el = node.parentElement;
  const style = getComputedStyle(el);
  const hidden = '[hidden],details:not([open]) > :not(summary),.visually-hidden,.skip';
  if (style.visibility === 'hidden' || style.display === 'none' || el.closest(hidden)) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const r of range.getClientRects()) {
    if (r.width < 1 || r.height < 1) continue;
    out.push({text: node.textContent.trim().slice(0, 40), tag: el.tagName.toLowerCase(),
              cls: el.className && el.className.baseVal === undefined ? el.className : '',
              x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height,
              // SVG text is scaled with its drawing: its rendered size is its box's height, not its font-size.
              size: el instanceof SVGElement ? r.height / 1.15 : parseFloat(style.fontSize)});
  }
}
return out;
"""


def text_boxes(driver, scope: str = "main") -> list[dict]:
    """Every line box of visible text under `scope`, in page coordinates."""
    return driver.execute_script(_TEXT_BOXES, scope)


def overlapping_text(driver, scope: str = "main", slack: float = 2.0) -> list[str]:
    """Pairs of text boxes that cover each other by more than `slack` px in both directions."""
    boxes = sorted(text_boxes(driver, scope), key=lambda b: b["y"])
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b["y"] >= a["y"] + a["h"] - slack:
                break
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > slack and dy > slack:
                found.append(f"{a['text']!r} ({a['tag']}) overlaps {b['text']!r} ({b['tag']})")
    return found


def small_text(driver, scope: str = "main", min_px: float = 11.0) -> list[str]:
    """Visible text set smaller than `min_px` CSS pixels."""
    return [f"{b['text']!r} is {b['size']:.0f}px" for b in text_boxes(driver, scope) if b["size"] < min_px]


def overflow(driver) -> int:
    """How many px the page is wider than the window (0 when it fits)."""
    return driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


def fetch(url: str, accept: str = "application/json"):
    """GET a URL from the real server; JSON bodies come back parsed, others as text."""
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=30) as response:
        body = response.read().decode("utf-8")
    return json.loads(body) if "json" in accept else body


def wait_for(driver, condition, message: str):
    """Wait until `condition(driver)` is truthy and return its value."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition, message)


def css(driver, selector: str) -> list:
    """The elements matching a CSS selector."""
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def sparql(site: str, query: str) -> list[dict]:
    """The real server's SPARQL answer to a SELECT query: its rows, each variable bound to its value as text."""
    import urllib.parse

    url = f"{site}/sparql?" + urllib.parse.urlencode({"query": query})
    rows = fetch(url, accept="application/sparql-results+json")["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def wait_soon(driver, condition, message: str, poll: float = 0.05):
    """`wait_for`, checking every `poll` seconds instead of every half second: for quick page updates."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, poll_frequency=poll).until(condition, message)


def attribute_values(driver, selector: str, name: str) -> list:
    """The attribute `name` of every element matching a CSS selector, read in one round trip."""
    script = "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))"
    return driver.execute_script(script, selector, name)

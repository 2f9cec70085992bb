// Live search: as the user types, show the things whose label in any language matches.
(function () {
  "use strict";
  const form = document.querySelector("form[data-live-search]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const out = document.getElementById("live-results");
  let timer = null;
  let last = input.value.trim();

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(q, results) {
    out.replaceChildren();
    const plural = results.length === 1 ? "" : "es";
    out.append(el("p", { class: "count" }, `${results.length} match${plural} for “${q}”`));
    if (!results.length) return;
    const list = el("ol", { class: "search-results" });
    results.slice(0, 25).forEach((r) => {
      const li = el("li");
      li.append(el("a", { href: r.href }, r.label));
      if (r.type) li.append(" ", el("span", { class: "badge type" }, r.type));
      if (r.match !== r.label) {
        const m = el("span", { class: "matched" }, "matched ");
        const quote = el("q", r.lang ? { lang: r.lang } : {}, r.match);
        m.append(quote);
        if (r.lang) m.append(" ", el("span", { class: "lang" }, r.lang));
        li.append(" ", m);
      }
      list.append(li);
    });
    out.append(list);
  }

  async function search(q) {
    const url = form.getAttribute("action") + "?" + new URLSearchParams({ q: q, format: "json" });
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      if (input.value.trim() === q) render(q, body.results);
    } catch (e) {
      out.textContent = "Search is unavailable: " + e.message;
    }
  }

  input.addEventListener("input", () => {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    clearTimeout(timer);
    if (q.length < 2) { out.replaceChildren(); return; }
    timer = setTimeout(() => search(q), 150);
  });
})();

// The words behind a result row: a button per row opens the quotes of the row's things, from /evidence.json,
// each highlighted, with its basis and a link to its span in the article.
(function () {
  "use strict";
  const ID = "https://dipkg.example.org/id/";
  const MAX = 50;  // the IRIs /evidence.json takes at once

  function quoteOf(s, el) {
    const q = s.quote;
    const [before, after] = [q.prefix || "", q.suffix || ""];
    const sentence = q.sentence || "";  // "…" only where the words go on past the quote's sentence
    const words = el("p", {}, el("span", { class: "ctx" }, (sentence.startsWith(before + q.exact) ? "" : "…") + before),
      el("mark", {}, q.exact), el("span", { class: "ctx" }, after + (sentence.endsWith(q.exact + after) ? "" : "…")));
    return el("blockquote", { class: "quote" }, words);
  }

  function claim(s, inRow, el) {
    const object = s.object.label || s.object.value;
    const li = el("li", { class: inRow ? "in-row" : null }, el("span", { class: "pred" }, s.predicateLabel || s.predicate),
      ": ", el("span", { class: "obj" }, object), " ",
      el("span", { class: "basis basis-" + s.basis, title: s.note || s.basisLabel }, s.basisLabel || s.basis));
    if (s.note) li.append(" ", el("span", { class: "note" }, s.note));
    return li;
  }

  // One thing's statements, grouped by the span whose words state them; the row's own values first.
  function item(thing, values, T, el, open) {
    const groups = new Map();
    thing.statements.forEach((s) => {
      const key = s.quote ? s.href : "";
      if (!groups.has(key)) groups.set(key, { statements: [], first: s, inRow: false });
      const g = groups.get(key);
      g.statements.push(s);
      g.inRow = g.inRow || values.has(s.object.value);
    });
    const ordered = [...groups.values()].sort((a, b) => (b.inRow - a.inRow) || (a.first.quote ? 0 : 1) - (b.first.quote ? 0 : 1));
    const quoted = new Set(thing.statements.filter((s) => s.quote).map((s) => s.href)).size;
    const section = el("details", { class: "ev-thing", open: open ? "" : null },
      el("summary", {}, el("a", { href: thing.href }, thing.label || thing.iri), " ", el("span", { class: "count" }, T("quotes", { n: quoted }))));
    ordered.forEach((g) => {
      const box = el("div", { class: "ev-span" + (g.inRow ? " in-row" : "") });
      if (g.first.quote) {
        box.append(quoteOf(g.first, el), el("p", { class: "ev-source" }, el("a", { href: g.first.href },
          T("spanOf", { title: g.first.articleTitle, start: g.first.start, end: g.first.end }))));
      } else {
        box.append(el("p", { class: "ev-source" }, T("noQuote")));
      }
      box.append(el("ul", { class: "claims" }, ...g.statements.map((s) => claim(s, values.has(s.object.value), el))));
      section.append(box);
    });
    if (!thing.statements.length) section.append(el("p", {}, T("noEvidence")));
    return section;
  }

  async function load(row, cols, T, el) {
    const iris = [...new Set(row.iris.filter((i) => i.startsWith(ID)))].slice(0, MAX);
    const panel = el("div", { class: "evidence", id: "evidence-" + row.index, role: "region", "aria-label": row.name },
      el("p", {}, T("loading")));
    panel.style.maxWidth = Math.max(row.tr.closest(".table-wrap").clientWidth - 40, 200) + "px";  // in view when the table scrolls
    row.evidence = el("tr", { class: "evidence-row" }, el("td", { colspan: cols }, panel));
    row.tr.after(row.evidence);
    const query = new URLSearchParams();
    iris.forEach((i) => query.append("iri", i));
    try {
      const response = await fetch("/evidence.json?" + query, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      const values = new Set(row.cells.map((c) => c.value).filter(Boolean));
      const items = (await response.json()).items;
      panel.replaceChildren(...items.map((thing, i) => item(thing, values, T, el, i === 0)));
    } catch (e) {
      panel.replaceChildren(el("p", { class: "error" }, T("evidenceFailed") + " " + e.message));
    }
    panel.setAttribute("tabindex", "-1");
  }

  // A column of buttons, one per row that names a thing of the graph; each toggles the row's evidence.
  function attach(model, T, el) {
    const headRow = model.wrap.querySelector("thead tr");
    headRow.prepend(el("th", { scope: "col", class: "ev" }, el("span", { class: "visually-hidden" }, T("evidence"))));
    const cols = headRow.cells.length;
    model.decorate.push((row) => {
      const td = el("td", { class: "ev" });
      row.tr.prepend(td);
      const thing = row.cells.find((c) => c.type === "iri" && c.value.startsWith(ID));
      if (!thing) return;
      row.name = T("evidenceFor", { name: thing.td.textContent.trim() });
      const button = el("button", { type: "button", class: "ev-toggle", "aria-expanded": "false",
        "aria-controls": "evidence-" + row.index, title: row.name }, el("span", { "aria-hidden": "true" }, "❝"),
        el("span", { class: "visually-hidden" }, row.name));
      td.append(button);
      button.addEventListener("click", () => {
        const open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", String(!open));
        if (open) { row.evidence.remove(); row.evidence = null; return; }
        load(row, cols, T, el);
      });
    });
  }

  window.ResultsEvidence = { attach };
})();

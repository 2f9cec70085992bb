// Result tables for the editor and the question forms: typed cells (numbers with separators, dates by their
// precision, labels for IRIs), sortable columns, paging, views chosen by the data and each row's evidence.
(function () {
  "use strict";
  const ID = "https://dipkg.example.org/id/";
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMBERS = /#(integer|decimal|double|float|int|long|short|byte|(non)?(Negative|Positive)Integer|negativeInteger|positiveInteger|unsigned\w+)$/;
  const SIZES = [25, 100, 500];
  const CHUNK = 500;  // IRIs described in one query
  const LANG = document.documentElement.lang || "en";
  const numbers = new Intl.NumberFormat(LANG, { maximumFractionDigits: 6 });
  const described = new Map();  // IRI -> {label, precision, earliest, latest}
  let texts = null;

  function T(key, vars) {
    if (!texts) {
      const blob = document.querySelector("script.results-text");
      texts = blob ? JSON.parse(blob.textContent) : {};
    }
    let s = texts[key] || key;
    if (typeof s !== "string") return s;
    Object.entries(vars || {}).forEach(([k, v]) => { s = s.replace("{" + k + "}", v); });
    return s;
  }

  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== null && v !== undefined) node.setAttribute(k, v); });
    node.append(...kids);
    return node;
  }

  // Where a link to an IRI goes, as on the server's pages: a resource's page, an outside vocabulary's own
  // documentation at its IRI, else the page describing any IRI.
  function href(iri) {
    if (iri.startsWith(ID)) return "/id/" + iri.slice(ID.length);
    const outside = T("outside");
    if (Array.isArray(outside) && outside.some((ns) => iri.startsWith(ns))) return iri;
    return "/resource?" + new URLSearchParams({ iri: iri });
  }

  function typeOf(term) {
    if (!term) return "empty";
    if (term.type === "uri") return "iri";
    const dt = term.datatype || "";
    return term.type === "literal" && NUMBERS.test(dt) ? "number" : dt === XSD + "date" ? "date" : "text";
  }

  // A table cell from a SPARQL JSON term; `curie` shortens IRIs until their labels arrive.
  function cell(term, curie) {
    if (!term) return el("td", { "data-type": "empty" }, el("span", { class: "unbound", title: T("noValue") }, "–"));
    if (term.type === "uri") {
      return el("td", { "data-type": "iri", "data-value": term.value },
        el("a", { class: "iri", href: href(term.value), title: term.value, "data-iri": term.value }, curie(term.value)));
    }
    if (term.type === "bnode") return el("td", { "data-type": "text" }, el("span", { class: "bnode" }, "_:" + term.value));
    const td = el("td", { "data-type": typeOf(term), "data-value": term.value },
      el("span", { class: "literal", lang: term["xml:lang"] }, term.value));
    if (term["xml:lang"]) td.append(" ", el("span", { class: "lang" }, term["xml:lang"]));
    return td;
  }

  // A results table (in its scrolling box) from SPARQL JSON results; its rows are built when first shown.
  function table(body, curie) {
    const head = el("tr", {}, ...body.head.vars.map((v) => el("th", { scope: "col" }, v)));
    const caption = el("caption", {}, T("rows", { n: numbers.format(body.results.bindings.length) }));
    const wrap = el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": T("results") },
      el("table", { class: "results" }, caption, el("thead", {}, head), el("tbody")));
    wrap.results = { body, curie };
    return wrap;
  }

  // The rows of a table: those of a server-rendered one, or lazy ones (cells typed, no elements yet).
  function rowsOf(wrap) {
    if (wrap.results) {
      const { body, curie } = wrap.results;
      return body.results.bindings.map((b, i) => {
        const terms = body.head.vars.map((v) => b[v]);
        const cells = terms.map((t) => ({ type: typeOf(t), value: t ? t.value : undefined }));
        return { index: i, cells, make: () => el("tr", {}, ...terms.map((t, j) => (cells[j].td = cell(t, curie)))) };
      });
    }
    return [...wrap.querySelector("tbody").rows].map((tr, i) => {
      const cells = [...tr.cells].map((td) => ({ td, type: kind(td), value: td.dataset.value, guessed: !td.dataset.type }));
      cells.filter((c) => c.type === "iri").forEach((c) => { c.td.querySelector("a.iri").dataset.iri = c.value; });
      return { index: i, cells, tr };
    });
  }

  // What a cell shows: its element's text once built, else its label or value.
  function textOf(c) {
    if (c.td) return c.td.textContent.trim();
    const d = c.type === "iri" && described.get(c.value);
    return (d && d.label) || c.value || "";
  }

  // What a server-rendered cell holds, when the template did not say: IRI, number, date or text.
  function kind(td) {
    if (td.dataset.type) return td.dataset.type;
    const value = td.dataset.value;
    if (td.querySelector("a.iri")) return "iri";
    if (value === undefined) return "empty";
    if (!td.querySelector("[lang]") && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return "number";
    return /^-?\d{4}-\d\d-\d\d$/.test(value) ? "date" : "text";
  }

  function lastDay(year, month) { return new Date(Date.UTC(year, month, 0)).getUTCDate(); }

  // The precision two bounds of one date span: "year" for 1990-01-01..1990-12-31, "month" for a whole month.
  function spanPrecision(a, b) {
    const [y1, m1, d1] = a.split("-").map(Number);
    const [y2, m2, d2] = b.split("-").map(Number);
    if (y1 !== y2 || d1 !== 1) return null;
    if (m1 === 1 && m2 === 12 && d2 === 31) return "year";
    return m1 === m2 && d2 === lastDay(y2, m2) ? "month" : null;
  }

  function showDate(value, precision) {
    const [y, m, d] = value.split("-").map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    if (precision === "year") return String(y);
    if (precision === "month") return date.toLocaleDateString(LANG, { year: "numeric", month: "long", timeZone: "UTC" });
    const day = date.toLocaleDateString(LANG, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    return precision === "week" ? T("weekOf", { date: day }) : day;
  }

  // The precision of a date cell: from a thing in its row whose bound it is, else from a pair of bounds.
  function precisionOf(value, row) {
    for (const iri of row.iris) {
      const d = described.get(iri);
      if (d && d.precision && (d.earliest === value || d.latest === value)) return d.precision;
    }
    const others = row.cells.filter((c) => c.type === "date" && c.value !== value).map((c) => c.value);
    for (const other of others) {
      const p = value < other ? spanPrecision(value, other) : spanPrecision(other, value);
      if (p) return p;
    }
    return "day";
  }

  function format(row) {
    row.cells.forEach((c) => {
      if (c.type === "number") {
        c.td.classList.add("num");
        c.td.firstElementChild.textContent = numbers.format(Number(c.value));
      } else if (c.type === "date") {
        c.td.classList.add("date");
        const p = precisionOf(c.value, row);
        c.td.firstElementChild.textContent = showDate(c.value, p);
        c.td.firstElementChild.title = c.value;
        c.td.dataset.precision = p;
      } else if (c.type === "iri") {
        const link = c.td.querySelector("a.iri");
        const d = described.get(c.value);
        if (d && d.label && !link.dataset.labelled) { link.textContent = d.label; link.dataset.labelled = "1"; }
      }
    });
  }

  // Labels, date precisions and bounds of the IRIs not yet described, in one query.
  async function describe(iris, endpoint) {
    const wanted = [...new Set(iris)].filter((i) => !described.has(i) && /^[^<>"{}|^`\\\s]+$/.test(i)).slice(0, CHUNK);
    if (!wanted.length) return;
    wanted.forEach((i) => described.set(i, {}));
    const query = "SELECT ?s ?label ?precision ?earliest ?latest WHERE { VALUES ?s { " +
      wanted.map((i) => "<" + i + ">").join(" ") + " } " +
      "{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } UNION " +
      "{ ?s <https://dipkg.example.org/ontology#datePrecision> ?precision } UNION " +
      "{ ?s <https://dipkg.example.org/ontology#earliest> ?earliest } UNION " +
      "{ ?s <https://dipkg.example.org/ontology#latest> ?latest } }";
    const response = await fetch(endpoint, {
      method: "POST", headers: { Accept: "application/sparql-results+json" }, body: new URLSearchParams({ query }),
    });
    if (!response.ok) return;
    const rank = (lang) => (lang === LANG ? 0 : lang === "en" ? 1 : lang === "nl" ? 2 : 3);
    (await response.json()).results.bindings.forEach((b) => {
      const d = described.get(b.s.value);
      if (b.label && (!d.label || rank(b.label["xml:lang"]) < d.rank)) { d.label = b.label.value; d.rank = rank(b.label["xml:lang"]); }
      ["precision", "earliest", "latest"].forEach((k) => { if (b[k]) d[k] = b[k].value; });
    });
  }

  function sortKey(c) {
    if (c.type === "number") return Number(c.value);
    return c.type === "date" ? c.value : textOf(c).toLocaleLowerCase(LANG);
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), LANG, { numeric: true });
  }

  // A row's element, made when first shown, then given its labels and extra cells (the evidence button).
  function build(row, model) {
    if (!row.tr) row.tr = row.make();
    format(row);
    if (row.decorated) return;
    row.cells.forEach((c, j) => { c.td.dataset.label = model.vars[j]; });  // a phone shows rows as cards
    model.decorate.forEach((fn) => fn(row));
    row.decorated = true;
  }

  // Labels (and precisions) of many IRIs: one query per few hundred.
  async function describeAll(iris, endpoint) {
    const all = [...new Set(iris)];
    for (let i = 0; i < all.length; i += CHUNK) await describe(all.slice(i, i + CHUNK), endpoint);
  }

  // Make a results table sortable, paged and typed; options: {endpoint}.
  function enhance(wrap, options) {
    const opts = Object.assign({ endpoint: "/sparql" }, options);
    const tableEl = wrap.querySelector("table");
    const tbody = tableEl.tBodies[0];
    const heads = [...tableEl.tHead.rows[0].cells];
    const rows = rowsOf(wrap);
    rows.forEach((r) => { r.iris = r.cells.filter((c) => c.type === "iri").map((c) => c.value); });
    const model = { wrap, rows, vars: heads.map((th) => th.textContent.trim()), endpoint: opts.endpoint, decorate: [] };
    const state = { order: rows.slice(), page: 0, size: SIZES[0] };
    wrap.classList.add("row-cards");
    const pager = el("nav", { class: "pager", "aria-label": T("pages") });
    const iriLine = el("p", { class: "iri-line", "aria-live": "polite" });
    wrap.after(pager, iriLine);
    model.columns = heads.map((th, j) => {
      let types = new Set(rows.map((r) => r.cells[j].type).filter((t) => t !== "empty"));
      if (types.size > 1 && types.has("number")) {  // a guessed number among words is a word ("2009" as EDTF)
        rows.forEach((r) => { if (r.cells[j].guessed && r.cells[j].type === "number") r.cells[j].type = "text"; });
        types = new Set(rows.map((r) => r.cells[j].type).filter((t) => t !== "empty"));
      }
      const type = types.size === 1 ? [...types][0] : "text";
      if (type === "number") th.classList.add("num");
      return type;
    });

    async function show() {
      const start = state.page * state.size;
      const shown = state.order.slice(start, start + state.size);
      await describe(shown.flatMap((r) => r.iris), opts.endpoint).catch(() => {});
      shown.forEach((r) => build(r, model));
      tbody.replaceChildren(...shown.flatMap((r) => (r.evidence ? [r.tr, r.evidence] : [r.tr])));
      paging(start, shown.length);
    }

    function paging(start, count) {
      pager.replaceChildren();
      if (rows.length <= SIZES[0]) return;
      const total = numbers.format(rows.length);
      const prev = el("button", { type: "button", class: "prev" }, T("previous"));
      const next = el("button", { type: "button", class: "next" }, T("next"));
      prev.disabled = state.page === 0;
      next.disabled = start + count >= rows.length;
      prev.addEventListener("click", () => { state.page -= 1; show(); });
      next.addEventListener("click", () => { state.page += 1; show(); });
      const size = el("select", { "aria-label": T("perPage") }, ...SIZES.map((n) => el("option", { value: n }, T("perPageN", { n }))));
      size.value = String(state.size);
      size.addEventListener("change", () => { state.size = Number(size.value); state.page = 0; show(); });
      const range = T("showing", { from: numbers.format(start + 1), to: numbers.format(start + count), total });
      pager.append(el("span", { class: "range", role: "status" }, range), prev, next, size);
    }

    heads.forEach((th, j) => {
      const button = el("button", { type: "button", class: "sort", title: T("sortBy", { name: model.vars[j] }) }, ...th.childNodes);
      th.append(button);
      button.addEventListener("click", async () => {
        if (model.columns[j] === "iri") await describeAll(rows.map((r) => r.cells[j].value), opts.endpoint).catch(() => {});
        const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        heads.forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        const empty = state.order.filter((r) => r.cells[j].type === "empty");
        const full = state.order.filter((r) => r.cells[j].type !== "empty");
        full.sort((a, b) => dir * compare(sortKey(a.cells[j]), sortKey(b.cells[j])) || a.index - b.index);
        state.order = full.concat(empty);
        state.page = 0;
        show();
      });
    });
    wrap.addEventListener("focusin", (e) => { if (e.target.dataset.iri) iriLine.textContent = e.target.dataset.iri; });
    wrap.addEventListener("mouseover", (e) => { if (e.target.dataset && e.target.dataset.iri) iriLine.textContent = e.target.dataset.iri; });
    if (window.ResultsEvidence) window.ResultsEvidence.attach(model, T, el);
    model.ready = show();
    return model;
  }

  window.Results = { table, enhance, describeAll, el, T, href, textOf, numbers };
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".table-wrap[data-results]").forEach((wrap) => {
      const model = enhance(wrap, {});
      model.ready.then(() => window.ResultsViews && window.ResultsViews.offer(model));
    });
  });
})();

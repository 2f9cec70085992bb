// The SPARQL editor: highlighting over a textarea, examples, running against /sparql, results, errors.
(function () {
  "use strict";
  const form = document.getElementById("editor-form");
  const area = document.getElementById("query");
  const code = document.getElementById("highlight");
  const status = document.getElementById("editor-status");
  const errorBox = document.getElementById("editor-error");
  const results = document.getElementById("editor-results");
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const picker = document.getElementById("examples");
  const ID = "https://dipkg.example.org/id/";
  const PREFIXES = {};
  document.querySelectorAll("#editor-help code[title]").forEach((c) => {
    PREFIXES[c.textContent.replace(/:$/, "")] = c.getAttribute("title");
  });
  let error = null;

  function paint() {
    SparqlHighlight.render(code, area.value, error);
    area.style.height = "auto";
    area.style.height = Math.max(area.scrollHeight, 288) + "px";
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function curie(iri) {
    let best = null;
    Object.entries(PREFIXES).forEach(([p, ns]) => {
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
    });
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function cell(term) {
    const td = el("td");
    if (!term) { td.append(el("span", { class: "unbound", title: "no value" }, "–")); return td; }
    if (term.type === "uri") {
      const href = term.value.startsWith(ID) ? "/id/" + term.value.slice(ID.length)
        : "/resource?" + new URLSearchParams({ iri: term.value });
      td.append(el("a", { class: "iri", href: href, title: term.value }, curie(term.value)));
    } else if (term.type === "bnode") {
      td.append(el("span", { class: "bnode" }, "_:" + term.value));
    } else {
      td.append(el("span", term["xml:lang"] ? { class: "literal", lang: term["xml:lang"] } : { class: "literal" }, term.value));
      if (term["xml:lang"]) td.append(" ", el("span", { class: "lang" }, term["xml:lang"]));
    }
    return td;
  }

  function showTable(body) {
    if (typeof body.boolean === "boolean") {
      results.replaceChildren(el("p", { class: "answer" }, "Answer: " + (body.boolean ? "yes" : "no")));
      return "ASK answered " + (body.boolean ? "yes" : "no");
    }
    const vars = body.head.vars;
    const rows = body.results.bindings;
    const table = el("table", { class: "results" });
    table.append(el("caption", {}, `${rows.length} row${rows.length === 1 ? "" : "s"}`));
    const head = el("tr");
    vars.forEach((v) => head.append(el("th", { scope: "col" }, v)));
    const thead = el("thead");
    thead.append(head);
    table.append(thead);
    const tbody = el("tbody");
    rows.forEach((row) => {
      const tr = el("tr");
      vars.forEach((v) => tr.append(cell(row[v])));
      tbody.append(tr);
    });
    table.append(tbody);
    const wrap = el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Query results" });
    wrap.append(table);
    results.replaceChildren(wrap);
    return `${rows.length} row${rows.length === 1 ? "" : "s"}`;
  }

  function showError(message) {
    const m = /(?:at|line)\s+(\d+):(\d+)/.exec(message);
    error = m ? { line: Number(m[1]), column: Number(m[2]) } : null;
    errorBox.hidden = false;
    errorBox.replaceChildren(el("strong", {}, error ? `Line ${error.line}, column ${error.column}: ` : "Error: "), message);
    results.replaceChildren();
    paint();
  }

  async function errorMessage(response) {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      const e = body.error || body;
      return (typeof e === "string" ? e : e.message || e.detail || text);
    } catch (_) {
      return text || response.status + " " + response.statusText;
    }
  }

  async function show(response, ms) {
    if (!response.ok) {
      showError(await errorMessage(response));
      status.textContent = `Failed (${response.status}) after ${ms} ms`;
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    let summary;
    if (type.includes("json")) {
      summary = showTable(await response.json());
    } else {
      const text = await response.text();
      results.replaceChildren(el("pre", { class: "graph" }, text));
      summary = `${text.split("\n").filter((l) => l.trim()).length} lines of ${type.split(";")[0]}`;
    }
    const truncated = response.headers.get("X-Truncated");
    status.textContent = `${summary} in ${ms} ms` + (truncated ? " (cut at the row limit)" : "");
  }

  async function run() {
    error = null;
    errorBox.hidden = true;
    paint();
    status.textContent = "Running…";
    const started = performance.now();
    let response;
    try {
      response = await fetch(form.getAttribute("action"), {
        method: "POST",
        headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9",
                   "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ query: area.value }),
      });
    } catch (e) {
      showError("The endpoint could not be reached: " + e.message);
      status.textContent = "";
      return;
    }
    await show(response, Math.round(performance.now() - started));
  }

  area.addEventListener("input", () => { error = null; paint(); });
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  picker.addEventListener("change", () => {
    const chosen = examples.find((x) => x.name === picker.value);
    if (!chosen) return;
    area.value = chosen.sparql;
    error = null;
    paint();
    area.focus();
  });
  paint();
})();

// The SPARQL editor: highlighting over a textarea, examples and history, running against /sparql (stoppable),
// a shareable URL, downloads, results through results.js, errors marked in the text.
(function () {
  "use strict";
  const form = document.getElementById("editor-form");
  const area = document.getElementById("query");
  const code = document.getElementById("highlight");
  const status = document.getElementById("editor-status");
  const errorBox = document.getElementById("editor-error");
  const results = document.getElementById("editor-results");
  const downloads = document.getElementById("editor-downloads");
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const TEXT = JSON.parse(document.getElementById("editor-text").textContent);
  const picker = document.getElementById("examples");
  const historyPicker = document.getElementById("history");
  const runButton = document.getElementById("run");
  const stopButton = document.getElementById("stop");
  const HISTORY = "dipkg.editor.history";
  const KEEP = 25;
  const PREFIXES = {};
  document.querySelectorAll("#editor-help code[title]").forEach((c) => {
    PREFIXES[c.textContent.replace(/:$/, "")] = c.getAttribute("title");
  });
  const { el } = Results;
  let error = null;
  let running = null;

  function T(key, vars) {
    let s = TEXT[key] || key;
    Object.entries(vars || {}).forEach(([k, v]) => { s = s.replace("{" + k + "}", v); });
    return s;
  }

  function paint() { SparqlHighlight.render(code, area.value, error); }

  function curie(iri) {
    let best = null;
    Object.entries(PREFIXES).forEach(([p, ns]) => {
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
    });
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  // The lines of an N-Triples answer as SPARQL JSON rows of subject, predicate and object.
  function triples(text) {
    const TERM = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?)/y;
    const unescape = (s) => s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_, e) =>
      e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : ({ n: "\n", t: "\t", r: "\r" }[e] || e));
    const rows = [];
    text.split("\n").forEach((line) => {
      TERM.lastIndex = 0;
      const row = {};
      for (const v of ["subject", "predicate", "object"]) {
        const m = TERM.exec(line);
        if (!m) return;
        if (m[1] !== undefined) row[v] = { type: "uri", value: m[1] };
        else if (m[2] !== undefined) row[v] = { type: "bnode", value: m[2] };
        else row[v] = { type: "literal", value: unescape(m[3]), "xml:lang": m[4], datatype: m[5] };
      }
      rows.push(row);
    });
    return { head: { vars: ["subject", "predicate", "object"] }, results: { bindings: rows } };
  }

  // Links to the same answer from the endpoint itself, in the formats it gives for this kind of query.
  const FORMATS = {
    graph: [["Turtle", "turtle"], ["N-Triples", "ntriples"], ["JSON-LD", "jsonld"]],
    rows: [["CSV", "csv"], ["TSV", "tsv"], ["JSON", "json"]],
    answer: [["JSON", "json"], ["XML", "xml"]],
  };

  function showDownloads(kind) {
    const formats = FORMATS[kind];
    const links = formats.map(([label, format]) => el("a", {
      href: form.getAttribute("action") + "?" + new URLSearchParams({ query: area.value, format }), download: "", "data-format": format,
    }, label));
    downloads.lastElementChild.replaceChildren(...links.flatMap((a, i) => (i ? [" · ", a] : [a])));
    downloads.hidden = false;
  }

  function showTable(body, what) {
    const wrap = Results.table(body, curie);
    results.replaceChildren(wrap);
    const model = Results.enhance(wrap, { endpoint: form.getAttribute("action") });
    model.ready.then(() => ResultsViews.offer(model));
    return T(what, { n: Results.numbers.format(body.results.bindings.length) });
  }

  function showError(message) {
    const m = /(?:at|line)\s+(\d+):(\d+)/.exec(message);
    error = m ? { line: Number(m[1]), column: Number(m[2]) } : null;
    errorBox.hidden = false;
    errorBox.replaceChildren(el("strong", {}, error ? T("line", error) + " " : T("error") + " "), message);
    results.replaceChildren();
    paint();
  }

  async function errorMessage(response) {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      const e = body.error || body;
      return typeof e === "string" ? e : e.message || e.detail || text;
    } catch (_) {
      return text || response.status + " " + response.statusText;
    }
  }

  async function show(response, ms) {
    if (!response.ok) {
      showError(await errorMessage(response));
      status.textContent = T("failed", { status: response.status, ms });
      return;
    }
    let kind = (response.headers.get("Content-Type") || "").includes("n-triples") ? "graph" : "rows";
    let summary;
    if (kind === "graph") {
      summary = showTable(triples(await response.text()), "triples");
    } else {
      const body = await response.json();
      if (typeof body.boolean === "boolean") {
        kind = "answer";
        summary = T("answer") + " " + T(body.boolean ? "yes" : "no");
        results.replaceChildren(el("p", { class: "answer" }, summary));
      } else {
        summary = showTable(body, "rows");
      }
    }
    showDownloads(kind);
    remember(area.value);
    status.textContent = T("summary", { what: summary, ms }) + (response.headers.get("X-Truncated") ? " " + T("cut") : "");
  }

  async function run() {
    if (running) running.abort();
    error = null;
    errorBox.hidden = true;
    downloads.hidden = true;
    paint();
    history.replaceState(null, "", location.pathname + "?" + new URLSearchParams({ query: area.value }));
    status.textContent = T("running");
    const started = performance.now();
    const controller = new AbortController();
    running = controller;
    runButton.disabled = true;
    stopButton.disabled = false;
    try {
      const response = await fetch(form.getAttribute("action"), {
        method: "POST", signal: controller.signal,
        headers: { Accept: "application/sparql-results+json, application/n-triples;q=0.9",
                   "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ query: area.value }),
      });
      await show(response, Math.round(performance.now() - started));
    } catch (e) {
      const ms = Math.round(performance.now() - started);
      if (e.name === "AbortError") status.textContent = T("stopped", { ms });
      else { showError(T("unreachable") + " " + e.message); status.textContent = ""; }
    } finally {
      if (running === controller) { running = null; runButton.disabled = false; stopButton.disabled = true; }
    }
  }

  function kept() {
    try { return JSON.parse(localStorage.getItem(HISTORY) || "[]"); } catch (_) { return []; }
  }

  function listHistory() {
    const first = historyPicker.options[0];
    historyPicker.replaceChildren(first, ...kept().map((q, i) =>
      el("option", { value: String(i), title: q }, q.replace(/^(\s*(PREFIX|#)[^\n]*\n)*/i, "").replace(/\s+/g, " ").slice(0, 80))));
  }

  function remember(query) {
    const list = [query, ...kept().filter((q) => q !== query)].slice(0, KEEP);
    try { localStorage.setItem(HISTORY, JSON.stringify(list)); } catch (_) { /* storage full or off: no history */ }
    listHistory();
  }

  function load(text) {
    area.value = text;
    error = null;
    paint();
    area.focus();
  }

  area.addEventListener("input", () => { error = null; picker.value = ""; historyPicker.value = ""; paint(); });
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); run(); });
  stopButton.addEventListener("click", () => { if (running) running.abort(); });
  document.getElementById("prettify").addEventListener("click", () => load(SparqlHighlight.prettify(area.value)));
  picker.addEventListener("change", () => {
    const chosen = examples.find((x) => x.name === picker.value);
    if (chosen) load(chosen.sparql);
  });
  historyPicker.addEventListener("change", () => {
    const chosen = kept()[Number(historyPicker.value)];
    if (historyPicker.value && chosen) load(chosen);
  });
  if (window.EditorComplete) EditorComplete.attach(area, code, form.dataset.terms, paint);
  listHistory();
  paint();
  if (new URLSearchParams(location.search).has("query")) run();
})();

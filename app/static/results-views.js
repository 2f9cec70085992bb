// Views of a result chosen by its data: a timeline (rows with dates), a chart (a number over time) and a
// graph (pairs of IRIs, or the triples of a CONSTRUCT), beside the table.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const MAX_LANES = 300;
  const MAX_NODES = 80;
  const HUBS = 8;
  const LABELS = 20;

  function svg(tag, attrs, ...kids) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    node.append(...kids);
    return node;
  }

  function rowLabel(row) {
    const c = row.cells.find((x) => x.type === "iri") || row.cells.find((x) => x.type === "text");
    return c ? Results.textOf(c) : "";
  }

  const days = (iso) => Date.parse(iso + "T00:00:00Z") / 864e5;
  const column = (model, type) => model.columns.indexOf(type);

  function yearTicks(lo, hi) {
    const first = new Date(lo * 864e5).getUTCFullYear();
    const last = new Date(hi * 864e5).getUTCFullYear();
    const step = Math.max(1, Math.ceil((last - first) / 4));
    const out = [];
    for (let y = first; y <= last; y += step) out.push(y);
    return out;
  }

  // Positions set through the CSSOM: the site's Content Security Policy refuses style attributes.
  function place(node, left, width) {
    node.style.left = left.toFixed(2) + "%";
    if (width !== undefined) node.style.width = width.toFixed(2) + "%";
    return node;
  }

  function timeline(model, el) {
    const lanes = model.rows.map((row) => {
      const dates = row.cells.filter((c) => c.type === "date").map((c) => c.value).sort();
      return dates.length ? { row, from: dates[0], to: dates[dates.length - 1] } : null;
    }).filter(Boolean).sort((a, b) => a.from.localeCompare(b.from)).slice(0, MAX_LANES);
    const lo = days(lanes[0].from);
    const hi = Math.max(...lanes.map((l) => days(l.to))) + 1;
    const pos = (d) => (100 * (d - lo)) / Math.max(hi - lo, 1);
    const axis = el("div", { class: "tl-axis", "aria-hidden": "true" },
      ...yearTicks(lo, hi).map((y) => place(el("span", {}, String(y)), pos(days(y + "-01-01")))));
    const list = el("ol", { class: "tl" }, ...lanes.map((l) => {
      const when = l.from === l.to ? l.from : l.from + " – " + l.to;
      const width = Math.max(pos(days(l.to) + 1) - pos(days(l.from)), 0.6);
      const bar = place(el("span", { class: "tl-bar" }), pos(days(l.from)), width);
      return el("li", {}, el("span", { class: "tl-label" }, rowLabel(l.row)), el("span", { class: "tl-when" }, when),
        el("span", { class: "tl-track", "aria-hidden": "true" }, bar));
    }));
    return el("div", { class: "view-timeline" }, el("div", { class: "tl-head" }, axis), list);
  }

  function chart(model, el, T) {
    const dj = column(model, "date");
    const nj = column(model, "number");
    const points = model.rows.filter((r) => r.cells[dj].type === "date" && r.cells[nj].type === "number")
      .map((r) => ({ x: days(r.cells[dj].value), y: Number(r.cells[nj].value), when: Results.textOf(r.cells[dj]), label: rowLabel(r) }))
      .sort((a, b) => a.x - b.x);
    const box = el("figure", { class: "view-chart" });
    const width = 640, height = 260, pad = 12;
    const [x0, x1] = [points[0].x, points[points.length - 1].x];
    const ys = points.map((p) => p.y);
    const [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
    const X = (x) => pad + ((width - 2 * pad) * (x - x0)) / Math.max(x1 - x0, 1);
    const Y = (y) => height - pad - ((height - 2 * pad) * (y - y0)) / Math.max(y1 - y0, 1);
    const line = svg("polyline", { class: "ch-line", points: points.map((p) => `${X(p.x)},${Y(p.y)}`).join(" ") });
    const dots = points.map((p) => svg("circle", { class: "ch-dot", cx: X(p.x), cy: Y(p.y), r: 5 },
      svg("title", {}, `${p.when}: ${Results.numbers.format(p.y)} (${p.label})`)));
    const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": T("chartOf", { y: model.vars[nj], x: model.vars[dj] }) }, line, ...dots);
    box.append(el("div", { class: "ch-y" }, el("span", {}, Results.numbers.format(y1)), el("span", {}, Results.numbers.format(y0))),
      drawing, el("div", { class: "ch-x" }, el("span", {}, points[0].when), el("span", {}, points[points.length - 1].when)),
      el("figcaption", {}, T("chartOf", { y: model.vars[nj], x: model.vars[dj] })));
    return box;
  }

  function edges(model) {
    const iriCols = model.columns.map((t, j) => (t === "iri" ? j : -1)).filter((j) => j >= 0);
    const triples = model.vars.join(" ") === "subject predicate object";
    if (!triples && iriCols.length < 2) return [];
    const [a, b] = triples ? [0, 2] : iriCols;
    return model.rows.filter((r) => r.cells[a].type === "iri" && r.cells[b].type === "iri").map((r) => ({
      from: r.cells[a], to: r.cells[b], label: triples ? Results.textOf(r.cells[1]) : model.vars[b],
    }));
  }

  // Things as dots: the most linked ones on an inner ring, the others around them; the best linked labelled.
  function graph(model, el) {
    const nodes = new Map();
    const links = edges(model).filter((e) => [e.from, e.to].every((c) => {
      if (!nodes.has(c.value) && nodes.size < MAX_NODES) nodes.set(c.value, { text: Results.textOf(c), href: Results.href(c.value), degree: 0 });
      return nodes.has(c.value);
    }));
    links.forEach((e) => { nodes.get(e.from.value).degree += 1; nodes.get(e.to.value).degree += 1; });
    const ranked = [...nodes.values()].sort((a, b) => b.degree - a.degree);
    const hubs = ranked.slice(0, Math.min(HUBS, Math.floor(ranked.length / 4)));
    const rest = ranked.slice(hubs.length);
    const [w, h] = [1000, 620];
    [[hubs, 110], [rest, 250]].forEach(([ring, r]) => ring.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / ring.length + (r > 200 ? 0 : Math.PI / ring.length);
      Object.assign(n, { x: w / 2 + r * Math.cos(angle), y: h / 2 + r * Math.sin(angle), right: Math.cos(angle) >= 0 });
    }));
    const labelled = new Set(ranked.slice(0, LABELS));
    const lines = links.map((e) => {
      const [p, q] = [nodes.get(e.from.value), nodes.get(e.to.value)];
      return svg("line", { class: "gr-link", x1: p.x, y1: p.y, x2: q.x, y2: q.y }, svg("title", {}, `${p.text} → ${e.label} → ${q.text}`));
    });
    const marks = ranked.map((n) => svg("a", { href: n.href }, svg("circle", { class: "gr-node", cx: n.x, cy: n.y, r: 6 }, svg("title", {}, n.text)),
      ...(labelled.has(n) ? [svg("text", { x: n.x + (n.right ? 9 : -9), y: n.y + 5, "text-anchor": n.right ? "start" : "end" }, n.text.slice(0, 22))] : [])));
    return el("div", { class: "view-graph" }, svg("svg", { viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": model.vars.join(", ") }, ...lines, ...marks));
  }

  // Buttons for the views this result supports; the table stays the first.
  function offer(model) {
    const { el, T } = Results;
    const views = [["table", null]];
    if (column(model, "date") >= 0) views.push(["timeline", timeline]);
    if (column(model, "date") >= 0 && column(model, "number") >= 0) views.push(["chart", chart]);
    if (edges(model).length) views.push(["graph", graph]);
    if (views.length < 2) return;
    const holder = el("div", { class: "result-view", hidden: "" });
    const bar = el("div", { class: "view-switch", role: "group", "aria-label": T("views") });
    views.forEach(([name, draw]) => {
      const button = el("button", { type: "button", "aria-pressed": String(name === "table"), "data-view": name }, T("view-" + name));
      button.addEventListener("click", async () => {
        await Results.describeAll(model.rows.flatMap((r) => r.iris), model.endpoint).catch(() => {});  // every row's labels
        bar.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
        const table = name === "table";
        [model.wrap, model.wrap.nextElementSibling, model.wrap.nextElementSibling.nextElementSibling].forEach((n) => { n.hidden = !table; });
        holder.hidden = table;
        holder.replaceChildren(...(table ? [] : [draw(model, el, T)]));
      });
      bar.append(button);
    });
    model.wrap.before(bar);
    model.wrap.nextElementSibling.nextElementSibling.after(holder);
  }

  window.ResultsViews = { offer };
})();

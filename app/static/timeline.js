// The timeline: lanes by article or country pair; a bar covers every day a date could be.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const ROW = 20, LANE_HEAD = 24, AXIS = 28, CHAR = 6.1, MAX_LABEL = 34;
  const box = document.getElementById("timeline");
  const model = JSON.parse(document.getElementById("timeline-data").textContent);
  const ms = (iso) => { const [y, m, d] = iso.split("-").map(Number); return Date.UTC(y, m - 1, d); };
  const items = model.items.map((it) => Object.assign({}, it, { t0: ms(it.earliest), t1: ms(it.latest) + DAY }));
  const checked = (name) => [...document.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
  const state = { group: checked("group")[0] || "article", kinds: new Set(checked("kind")),
                  t0: ms(model.view[0]), t1: ms(model.view[1]) };

  function node(tag, attrs, text) {
    const n = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => n.setAttribute(k, v));
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function shortLabel(s) { return s.length > MAX_LABEL ? s.slice(0, MAX_LABEL - 1) + "…" : s; }

  function dateText(it) {
    const span = it.earliest === it.latest ? it.earliest : it.earliest + " to " + it.latest;
    return `${span} (${it.precision} precision${it.yearInferred ? ", year inferred" : ""})`;
  }

  // Year or month ticks, about one per 80 pixels.
  function ticks(width) {
    const years = (state.t1 - state.t0) / (365.25 * DAY);
    const out = [];
    if (years > 3) {
      const step = [1, 2, 5, 10, 20, 50].find((s) => (years / s) * 80 <= width) || 100;
      const first = new Date(state.t0).getUTCFullYear();
      for (let y = Math.ceil(first / step) * step; Date.UTC(y, 0, 1) <= state.t1; y += step) {
        out.push([Date.UTC(y, 0, 1), String(y)]);
      }
    } else {
      const months = years * 12;
      const step = [1, 2, 3, 6].find((s) => (months / s) * 80 <= width) || 12;
      const d = new Date(state.t0);
      let y = d.getUTCFullYear(), m = Math.ceil(d.getUTCMonth() / step) * step;
      for (; Date.UTC(y, m, 1) <= state.t1; m += step) {
        const t = Date.UTC(y, m, 1), dt = new Date(t);
        out.push([t, dt.getUTCMonth() === 0 ? String(dt.getUTCFullYear()) : dt.toLocaleString("en", { month: "short", timeZone: "UTC" })]);
      }
    }
    return out;
  }

  function lanesOf(shown) {
    const key = state.group === "article" ? "article" : "pairs";
    return model.lanes[state.group].map((lane) => ({
      title: lane.title,
      items: shown.filter((it) => (Array.isArray(it[key]) ? it[key].includes(lane.key) : it[key] === lane.key)),
    })).filter((lane) => lane.items.length);
  }

  // Greedy packing into rows: an item takes its bar plus its label, which goes left near the right edge.
  function pack(laneItems, x, width) {
    const rowsEnd = [];
    return laneItems.slice().sort((a, b) => a.t0 - b.t0 || a.t1 - b.t1).map((it) => {
      const x0 = x(it.t0), x1 = Math.max(x(it.t1), x0 + 3);
      const labelWidth = 10 + shortLabel(it.label).length * CHAR;
      const left = x1 + labelWidth > width && x0 - labelWidth > 0;
      const from = left ? x0 - labelWidth : x0, end = left ? x1 : x1 + labelWidth;
      let row = rowsEnd.findIndex((e) => e <= from - 4);
      if (row < 0) { row = rowsEnd.length; rowsEnd.push(end); } else rowsEnd[row] = end;
      return { it: it, row: row, x0: x0, x1: x1, left: left };
    });
  }

  function drawItem(g, p, y) {
    const it = p.it;
    const a = node("a", { href: it.href, class: "item", "data-id": it.id, "data-kind": it.kind,
                          "aria-label": `${it.label}, ${it.type}, ${dateText(it)}` });
    a.append(node("title", {}, `${it.label}\n${it.type} · ${dateText(it)}\n${it.articleTitle}`));
    const cls = `shape ${it.kind}${it.yearInferred ? " year-inferred" : ""}`;
    const cx = (p.x0 + p.x1) / 2;
    if (it.precision === "day") {
      a.append(node("path", { class: cls, d: `M${cx} ${y + 1}l6 6l-6 6l-6 -6z` }));
    } else {
      a.append(node("rect", { class: cls, x: p.x0, y: y + 2, width: p.x1 - p.x0, height: 10, rx: 2 }));
    }
    const pad = it.precision === "day" ? Math.max(9 - (p.x1 - p.x0) / 2, 4) : 4;
    const text = p.left ? { x: p.x0 - pad, y: y + 11, "text-anchor": "end" } : { x: p.x1 + pad, y: y + 11 };
    a.append(node("text", text, shortLabel(it.label)));
    g.append(a);
  }

  function draw() {
    const width = Math.max(box.clientWidth, 300);
    const x = (t) => ((t - state.t0) / (state.t1 - state.t0)) * (width - 16) + 8;
    const shown = items.filter((it) => state.kinds.has(it.kind));
    const lanes = lanesOf(shown);
    const svg = node("svg", { role: "group", "aria-label": `Timeline of ${shown.length} dated things` });
    const defs = node("defs");
    const clip = node("clipPath", { id: "tl-clip" });
    defs.append(clip);
    svg.append(defs);
    const grid = node("g", { class: "axis" });
    const body = node("g", { "clip-path": "url(#tl-clip)" });
    svg.append(grid, body);
    let y = AXIS;
    lanes.forEach((lane, index) => {
      const packed = pack(lane.items, x, width);
      const rows = Math.max(...packed.map((p) => p.row)) + 1;
      const h = LANE_HEAD + rows * ROW + 6;
      body.append(node("rect", { class: `lane-bg ${index % 2 ? "even" : "odd"}`, x: 0, y: y, width: width, height: h }));
      const g = node("g", { class: "lane" });
      g.append(node("text", { class: "lane-title", x: 8, y: y + 16 }, `${lane.title} · ${lane.items.length}`));
      packed.forEach((p) => drawItem(g, p, y + LANE_HEAD + p.row * ROW));
      body.append(g);
      y += h;
    });
    const height = Math.max(y + 4, AXIS + 40);
    clip.append(node("rect", { x: 0, y: 0, width: width, height: height }));
    ticks(width).forEach(([t, label]) => {
      const tx = x(t);
      grid.append(node("line", { class: "grid", x1: tx, x2: tx, y1: AXIS - 6, y2: height }));
      if (tx + 3 + label.length * CHAR < width) grid.append(node("text", { x: tx + 3, y: 16 }, label));
    });
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("height", height);
    box.replaceChildren(svg);
    box.dataset.state = "ready";
    box.dataset.items = String(shown.length);
  }

  function setRange(t0, t1) {
    const min = 30 * DAY;
    if (t1 - t0 < min) { const c = (t0 + t1) / 2; t0 = c - min / 2; t1 = c + min / 2; }
    state.t0 = t0; state.t1 = t1;
    draw();
  }

  function zoom(factor, at) {
    const c = at === undefined ? (state.t0 + state.t1) / 2 : at;
    setRange(c - (c - state.t0) * factor, c + (state.t1 - c) * factor);
  }

  function pan(fraction) {
    const d = (state.t1 - state.t0) * fraction;
    setRange(state.t0 + d, state.t1 + d);
  }

  function timeAt(clientX) {
    const r = box.getBoundingClientRect();
    return state.t0 + ((clientX - r.left - 8) / (r.width - 16)) * (state.t1 - state.t0);
  }

  document.querySelectorAll("input[name=group]").forEach((r) => r.addEventListener("change", () => {
    state.group = r.value; draw();
  }));
  document.querySelectorAll("input[name=kind]").forEach((c) => c.addEventListener("change", () => {
    if (c.checked) state.kinds.add(c.value); else state.kinds.delete(c.value);
    draw();
  }));
  document.querySelectorAll("[data-range]").forEach((b) => b.addEventListener("click", () => {
    const [a, z] = b.dataset.range.split("/");
    setRange(ms(a), ms(z) + DAY);
  }));
  document.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => zoom(Number(b.dataset.zoom))));
  box.tabIndex = 0;
  box.addEventListener("keydown", (e) => {
    const keys = { ArrowLeft: () => pan(-0.2), ArrowRight: () => pan(0.2), "+": () => zoom(0.5), "=": () => zoom(0.5), "-": () => zoom(2) };
    if (keys[e.key] && (e.target === box || e.key.startsWith("Arrow"))) { e.preventDefault(); keys[e.key](); }
  });
  box.addEventListener("wheel", (e) => {
    if (!e.ctrlKey && Math.abs(e.deltaX) > Math.abs(e.deltaY)) { pan(e.deltaX / box.clientWidth); e.preventDefault(); return; }
    e.preventDefault();
    zoom(e.deltaY > 0 ? 1.25 : 0.8, timeAt(e.clientX));
  }, { passive: false });
  let drag = null;
  box.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, t0: state.t0, t1: state.t1, moved: false }; });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    if (Math.abs(dx) > 3) drag.moved = true;
    if (!drag.moved) return;
    const dt = (dx / box.clientWidth) * (drag.t1 - drag.t0);
    state.t0 = drag.t0 - dt; state.t1 = drag.t1 - dt;
    draw();
  });
  window.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
  box.addEventListener("click", (e) => { if (drag && drag.moved) e.preventDefault(); }, true);
  window.addEventListener("resize", draw);
  draw();
})();

// The timeline: lanes by article or country pair; a bar covers every day a date could be. Filters by
// country, person and article apply to the chart and to the lane of undated things below it.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const ROW = 20, LANE_HEAD = 24, LINE = 14, AXIS = 28, EMPTY = 22;
  const box = document.getElementById("timeline");
  const tip = document.getElementById("tl-tip");
  const json = (id) => JSON.parse(document.getElementById(id).textContent);
  const model = json("timeline-model"), text = json("timeline-text");
  const say = (key, args) => text[key].replace(/\{(\w+)\}/g, (_, k) => args[k]);
  const ms = (iso) => { const [y, m, d] = iso.split("-").map(Number); return Date.UTC(y, m - 1, d); };
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const items = json("timeline-data").map((it) => Object.assign({}, it, { t0: ms(it.earliest), t1: ms(it.latest) + DAY }));
  const cards = [...document.querySelectorAll("#tl-undated > li")].map((li) => ({
    li: li, kind: li.dataset.kind, article: li.dataset.article,
    countries: JSON.parse(li.dataset.countries), people: JSON.parse(li.dataset.people) }));
  const checked = (name) => [...document.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
  const facets = [...document.querySelectorAll("select[data-facet]")];
  const state = { group: checked("group")[0] || "article", kinds: new Set(checked("kind")),
                  t0: ms(model.view[0]), t1: ms(model.view[1]) };
  const measure = document.createElement("canvas").getContext("2d");

  function node(tag, attrs, content) {
    const n = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => n.setAttribute(k, v));
    if (content !== undefined) n.textContent = content;
    return n;
  }

  const fonts = {};
  const widthOf = (s, font) => { measure.font = fonts[font || "label"]; return measure.measureText(s).width; };

  // The words of `s` that fit in `room` px, cut with "…" at a word outside brackets when they do not all
  // fit (so that what is shown is a run of the words of the full name, as assistive technology reads it).
  const open = (t) => (t.match(/\(/g) || []).length > (t.match(/\)/g) || []).length;
  function fit(s, room, font) {
    if (widthOf(s, font) <= room) return s;
    const words = s.split(" ");
    while (words.length > 1 && (widthOf(words.join(" ") + "…", font) > room || open(words.join(" ")))) words.pop();
    return words.join(" ") + "…";
  }

  // Up to `lines` lines of `s` within `room` px each; the last one cut with "…" if need be.
  function wrap(s, room, lines, font) {
    const out = [];
    let rest = s;
    while (rest && out.length < lines - 1 && widthOf(rest, font) > room) {
      const line = fit(rest, room, font).replace(/…$/, "");
      out.push(line);
      rest = rest.slice(line.length).trim();
    }
    if (rest) out.push(fit(rest, room, font));
    return out;
  }

  function dateText(it) {
    const span = it.earliest === it.latest ? it.earliest : say("range", { from: it.earliest, to: it.latest });
    return `${span} (${say("precision", { p: it.precision })}${it.yearInferred ? ", " + text.inferred : ""})`;
  }

  const matches = (it) => state.kinds.has(it.kind) && facets.every((f) => {
    const want = f.value, key = f.dataset.facet;
    return !want || (key === "article" ? it.article === want : it[key === "country" ? "countries" : "people"].includes(want));
  });

  // Year or month ticks, about one per 80 pixels, each with the date it marks.
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
      const step = [1, 2, 3, 6].find((s) => ((years * 12) / s) * 80 <= width) || 12;
      const d = new Date(state.t0);
      let y = d.getUTCFullYear(), m = Math.ceil(d.getUTCMonth() / step) * step;
      for (; Date.UTC(y, m, 1) <= state.t1; m += step) {
        const t = Date.UTC(y, m, 1), dt = new Date(t);
        out.push([t, dt.getUTCMonth() === 0 ? String(dt.getUTCFullYear()) : dt.toLocaleString(document.documentElement.lang || "en", { month: "short", timeZone: "UTC" })]);
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
    const rowsEnd = [], room = Math.max(180, width * 0.55);
    return laneItems.slice().sort((a, b) => a.t0 - b.t0 || a.t1 - b.t1).map((it) => {
      const x0 = x(it.t0), x1 = Math.max(x(it.t1), x0 + 3), label = fit(it.label, room);
      const w = 12 + widthOf(label), v0 = Math.max(x0, 0), v1 = Math.min(x1, width);
      // Right of the bar's visible end, else left of its start, else over the bar itself.
      const side = v1 + w <= width ? "right" : v0 - w >= 0 ? "left" : "over";
      const tx = { right: v1, left: v0 - w, over: Math.min(Math.max(v0, 8), width - w) }[side];
      const from = Math.min(tx, v0), end = Math.max(tx + w, v1);
      let row = rowsEnd.findIndex((e) => e <= from - 4);
      if (row < 0) { row = rowsEnd.length; rowsEnd.push(end); } else rowsEnd[row] = end;
      return { it: it, row: row, x0: x0, x1: x1, tx: tx, w: w, side: side, label: label };
    });
  }

  function drawItem(g, p, y) {
    const it = p.it;
    const a = node("a", { href: it.href, class: "item", "data-id": it.id, "data-kind": it.kind,
                          "aria-label": `${it.label}, ${it.type}, ${dateText(it)}` });
    const cls = `shape ${it.kind}${it.yearInferred ? " year-inferred" : ""}`;
    const cx = (p.x0 + p.x1) / 2, day = it.earliest === it.latest;
    if (day) {
      a.append(node("path", { class: cls, d: `M${cx} ${y + 1}l6 6l-6 6l-6 -6z` }));
    } else {
      a.append(node("rect", { class: cls, x: p.x0, y: y + 2, width: p.x1 - p.x0, height: 10, rx: 2 }));
    }
    const pad = day ? Math.max(9 - (p.x1 - p.x0) / 2, 4) : 4;
    const at = { right: p.tx + pad, left: p.tx + p.w - pad, over: p.tx + 4 }[p.side];
    a.append(node("text", { x: at, y: y + 11, "text-anchor": p.side === "left" ? "end" : "start" }, p.label));
    g.append(a);
  }

  function drawLane(body, lane, index, x, width, y) {
    const inView = lane.items.filter((it) => it.t1 > state.t0 && it.t0 < state.t1);
    const title = wrap(`${lane.title} · ${inView.length ? inView.length : text.empty}`, width - 16, 3, "title");
    const head = LANE_HEAD + (title.length - 1) * LINE;
    const packed = pack(inView, x, width);
    const h = packed.length ? head + (Math.max(...packed.map((p) => p.row)) + 1) * ROW + 6 : EMPTY + (title.length - 1) * LINE;
    body.append(node("rect", { class: `lane-bg ${index % 2 ? "even" : "odd"}`, x: 0, y: y, width: width, height: h }));
    const g = node("g", { class: packed.length ? "lane" : "lane empty" });
    const t = node("text", { class: "lane-title", x: 8, y: y + 15 });
    title.forEach((line, i) => t.append(node("tspan", { x: 8, dy: i ? LINE : 0 }, line)));
    g.append(t);
    packed.forEach((p) => drawItem(g, p, y + head + p.row * ROW));
    body.append(g);
    return h;
  }

  function draw() {
    const width = Math.max(box.clientWidth, 300);
    const family = getComputedStyle(box).fontFamily;
    Object.assign(fonts, { label: `11px ${family}`, title: `600 12px ${family}` });
    const x = (t) => ((t - state.t0) / (state.t1 - state.t0)) * (width - 16) + 8;
    const shown = items.filter(matches);
    const svg = node("svg", { role: "group", "aria-label": say("chart", { n: shown.length }) });
    const grid = node("g", { class: "axis" }), body = node("g");
    svg.append(grid, body);
    let y = AXIS;
    const lanes = lanesOf(shown);
    lanes.forEach((lane, index) => { y += drawLane(body, lane, index, x, width, y); });
    if (!lanes.length) body.append(node("text", { class: "lane-title empty", x: 8, y: AXIS + 22 }, text.none));
    const height = Math.max(y + 4, AXIS + 40);
    ticks(width).forEach(([t, label]) => {
      const tx = x(t);
      grid.append(node("line", { class: "grid", x1: tx, x2: tx, y1: AXIS - 6, y2: height, "data-date": iso(t) }));
      if (tx + 3 + widthOf(label) < width) grid.append(node("text", { x: tx + 3, y: 16 }, label));
    });
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("height", height);
    box.replaceChildren(svg);
    Object.assign(box.dataset, { state: "ready", items: String(shown.length), from: iso(state.t0), to: iso(state.t1) });
    filterCards(shown.length);
  }

  function filterCards(dated) {
    let undated = 0;
    cards.forEach((c) => { c.li.hidden = !matches(c); undated += c.li.hidden ? 0 : 1; });
    document.getElementById("tl-undated-count").textContent = String(undated);
    document.getElementById("tl-shown").textContent = "· " + say("shown", { n: dated + undated, all: items.length + cards.length }) +
      " · " + say("range", { from: iso(state.t0), to: iso(state.t1 - DAY) });
  }

  let tipBy = null;  // "focus" or "pointer": each hides only the tooltip it showed
  function showTip(a, by) {
    tipBy = by;
    const it = items.find((i) => i.id === a.dataset.id);
    const lines = [["strong", it.label], ["span", `${it.type} · ${dateText(it)}`], ["span", it.articleTitle]];
    if (it.quote) lines.push(["q", fit(it.quote.text, 1500)]);
    tip.replaceChildren(...lines.filter(([, s]) => s).map(([tag, s]) => Object.assign(document.createElement(tag), { textContent: s })));
    tip.hidden = false;
    const r = a.getBoundingClientRect(), f = tip.parentElement.getBoundingClientRect();
    const left = Math.min(Math.max(r.left - f.left, 0), Math.max(f.width - tip.offsetWidth, 0));
    Object.assign(tip.style, { left: `${left}px`, top: `${r.bottom - f.top + 6}px` });
  }
  const hideTip = (by) => { if (!by || by === tipBy) tip.hidden = true; };

  function setRange(t0, t1) {
    const min = 30 * DAY;
    if (t1 - t0 < min) { const c = (t0 + t1) / 2; t0 = c - min / 2; t1 = c + min / 2; }
    state.t0 = t0; state.t1 = t1;
    hideTip();
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

  function remember() {
    const q = new URLSearchParams(location.search);
    facets.forEach((f) => (f.value ? q.set(f.name, f.value) : q.delete(f.name)));
    history.replaceState(null, "", q.toString() ? `?${q}` : location.pathname);
  }

  const asked = new URLSearchParams(location.search);
  facets.forEach((f) => {
    if ([...f.options].some((o) => o.value === asked.get(f.name))) f.value = asked.get(f.name);
    f.addEventListener("change", () => { remember(); draw(); });
  });
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
    const keys = { ArrowLeft: () => pan(-0.2), ArrowRight: () => pan(0.2), "+": () => zoom(0.5), "=": () => zoom(0.5),
                   "-": () => zoom(2), Escape: hideTip };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  box.addEventListener("focusin", (e) => { const a = e.target.closest("a.item"); if (a) showTip(a, "focus"); else hideTip(); });
  box.addEventListener("focusout", () => hideTip("focus"));
  box.addEventListener("pointerover", (e) => { const a = e.target.closest("a.item"); if (a && !drag) showTip(a, "pointer"); });
  box.addEventListener("pointerout", (e) => { if (e.target.closest("a.item")) hideTip("pointer"); });
  box.addEventListener("wheel", (e) => {
    e.preventDefault();
    if (!e.ctrlKey && Math.abs(e.deltaX) > Math.abs(e.deltaY)) pan(e.deltaX / box.clientWidth);
    else zoom(e.deltaY > 0 ? 1.25 : 0.8, timeAt(e.clientX));
  }, { passive: false });
  let drag = null;
  box.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, t0: state.t0, t1: state.t1, moved: false }; });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    if (Math.abs(dx) > 3) drag.moved = true;
    if (!drag.moved) return;
    const dt = (dx / box.clientWidth) * (drag.t1 - drag.t0);
    setRange(drag.t0 - dt, drag.t1 - dt);
  });
  window.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
  box.addEventListener("click", (e) => { if (drag && drag.moved) e.preventDefault(); }, true);
  window.addEventListener("resize", draw);
  if (matchMedia("(max-width: 640px)").matches) document.getElementById("tl-options").open = false;
  draw();
})();

// The network: a deterministic force-directed layout in plain JS, drawn as SVG in the box's own pixels.
// Names of the kinds in data-labelled are always drawn, 12 px on screen at any zoom, placed where they
// cover no other name (with a leader line when they must stand off). Search focuses a node, filters relayout,
// and under 700 px the list is shown first.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg", FONT = 12, WRAP = 24, PAD = 3;
  const box = document.getElementById("network"), t = box.dataset;
  const status = document.getElementById("nw-status"), panel = document.getElementById("nw-panel");
  const model = JSON.parse(document.getElementById("network-data").textContent);
  const labelled = new Set(t.labelled.split(" "));
  const all = model.nodes.map((n, i) => Object.assign({ i: i, x: 0, y: 0 }, n));
  const byId = new Map(all.map((n) => [n.id, n]));
  const allLinks = model.links.map((l) => ({ s: byId.get(l.source), t: byId.get(l.target), label: l.label }));
  let nodes = [], links = [], near = new Map(), W = 0, H = 0, view = null, focused = null, frame = 0, drag = null;

  function el(tag, attrs, text) {
    const n = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => n.setAttribute(k, v));
    if (text !== undefined) n.textContent = text;
    return n;
  }
  const fill = (s, vars) => s.replace(/\{(\w+)\}/g, (_, k) => vars[k]);
  const radius = (n) => (n.kind === "country" ? 12 : 4 + Math.sqrt(n.degree) * 1.6);
  function wrap(label) {
    const lines = [""];
    label.split(" ").forEach((w) => {
      const last = lines[lines.length - 1];
      if (last && (last + " " + w).length > (W < 600 ? 18 : WRAP)) lines.push(w); else lines[lines.length - 1] = last ? last + " " + w : w;
    });
    return lines;
  }

  // Countries on a circle; every other node starts near the nodes it is linked to, then Fruchterman-Reingold
  // with cooling, springs along links and gravity to the centre.
  function seed() {
    nodes.forEach((n) => { n.placed = false; });
    const countries = nodes.filter((n) => n.kind === "country");
    countries.forEach((n, k) => {
      const a = (2 * Math.PI * k) / countries.length - Math.PI / 2;
      n.x = W / 2 + Math.cos(a) * W * 0.3; n.y = H / 2 + Math.sin(a) * H * 0.3; n.placed = true;
    });
    let frontier = countries;
    while (frontier.length) {
      const next = [];
      frontier.forEach((p) => near.get(p).forEach((n) => {
        if (n.placed) return;
        const a = n.i * 2.39996;
        n.x = p.x + Math.cos(a) * 40; n.y = p.y + Math.sin(a) * 40; n.placed = true; next.push(n);
      }));
      frontier = next;
    }
    nodes.filter((n) => !n.placed).forEach((n) => {
      const a = n.i * 2.39996, r = 30 + 9 * Math.sqrt(n.i);
      n.x = W / 2 + Math.cos(a) * r; n.y = H / 2 + Math.sin(a) * r;
    });
  }
  function layout(steps) {
    const k = Math.sqrt((W * H) / Math.max(nodes.length, 60)) * 0.7, reach = 4 * k;
    for (let step = 0; step < steps; step++) {
      const heat = (W / 40) * (1 - step / steps) + 0.5;
      nodes.forEach((n) => { n.vx = 0; n.vy = 0; });
      for (let a = 0; a < nodes.length; a++) {
        for (let b = a + 1; b < nodes.length; b++) {
          const p = nodes[a], q = nodes[b], dx = p.x - q.x, dy = p.y - q.y, d2 = Math.max(dx * dx + dy * dy, 1);
          if (d2 > reach * reach) continue;
          const f = (k * k * (labelled.has(p.kind) ? 2 : 1) * (labelled.has(q.kind) ? 2 : 1)) / d2;
          p.vx += dx * f; p.vy += dy * f; q.vx -= dx * f; q.vy -= dy * f;
        }
      }
      links.forEach((l) => {
        const dx = l.s.x - l.t.x, dy = l.s.y - l.t.y, f = Math.sqrt(dx * dx + dy * dy) / k;
        l.s.vx -= dx * f; l.s.vy -= dy * f; l.t.vx += dx * f; l.t.vy += dy * f;
      });
      nodes.forEach((n) => {
        n.vx += (W / 2 - n.x) * 0.3; n.vy += (H / 2 - n.y) * 0.3 * (W / H);
        const v = Math.sqrt(n.vx * n.vx + n.vy * n.vy) || 1, move = Math.min(v, heat);
        n.x = Math.min(W - 30, Math.max(30, n.x + (n.vx / v) * move));
        n.y = Math.min(H - 20, Math.max(20, n.y + (n.vy / v) * move));
      });
    }
  }

  function shape(n) {
    const r = radius(n), cls = "n-" + n.kind;
    if (n.kind === "event") return el("rect", { class: cls, x: n.x - r, y: n.y - r, width: 2 * r, height: 2 * r, rx: 2 });
    if (n.kind === "place") return el("path", { class: cls, d: `M${n.x} ${n.y - r * 1.2}L${n.x + r * 1.1} ${n.y + r * 0.8}L${n.x - r * 1.1} ${n.y + r * 0.8}Z` });
    if (n.kind === "initiative") return el("path", { class: cls, d: `M${n.x} ${n.y - r * 1.3}L${n.x + r * 1.3} ${n.y}L${n.x} ${n.y + r * 1.3}L${n.x - r * 1.3} ${n.y}Z` });
    return el("circle", { class: cls, cx: n.x, cy: n.y, r: r });
  }

  function draw() {
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "group",
                            "aria-label": fill(t.tShown, { n: nodes.length, m: links.length }) });
    const linkLayer = el("g"), nodeLayer = el("g"), leaders = el("g", { class: "leaders" }), names = el("g", { class: "names" });
    links.forEach((l) => {
      l.g = el("g", { class: "edge" });
      l.g.append(el("line", { class: "link", x1: l.s.x, y1: l.s.y, x2: l.t.x, y2: l.t.y }),
                 el("line", { class: "hit", x1: l.s.x, y1: l.s.y, x2: l.t.x, y2: l.t.y }));
      l.g.addEventListener("mouseenter", (e) => tip(`${l.s.label} — ${l.label} → ${l.t.label}`, e));
      l.g.addEventListener("mouseleave", () => tip(null));
      linkLayer.append(l.g);
    });
    nodes.forEach((n) => {
      n.g = el("a", { href: n.href, class: `node ${n.kind}`, "data-id": n.id, "aria-label": `${n.label}, ${n.type}, ${n.degree} ${t.tLinks}` });
      n.g.append(el("title", {}, `${n.label} (${n.type}, ${n.degree} ${t.tLinks})`), shape(n));
      ["mouseenter", "focus"].forEach((ev) => n.g.addEventListener(ev, () => highlight(n)));
      ["mouseleave", "blur"].forEach((ev) => n.g.addEventListener(ev, () => highlight(focused)));
      nodeLayer.append(n.g);
      if (!labelled.has(n.kind)) return;
      n.name = el("text", { class: `label ${n.kind}`, "data-id": n.id, "aria-hidden": "true" });
      wrap(n.label).forEach((line, k) => n.name.append(el("tspan", { x: 0, dy: k ? "1.15em" : "0" }, line)));
      n.leader = el("line", { class: "leader" });
      names.append(n.name); leaders.append(n.leader);
    });
    svg.append(linkLayer, leaders, nodeLayer, names);
    box.replaceChildren(svg);
    view = [0, 0, W, H];
    nodes.forEach((n) => { if (n.name) { n.name.style.fontSize = FONT + "px"; const b = n.name.getBBox(); n.w = b.width; n.h = b.height; } });
    placeNames();
    highlight(focused);
    Object.assign(box.dataset, { state: "ready", nodes: String(nodes.length), links: String(links.length) });
  }

  // Greedy placement in screen pixels: the most linked names first, each at the first free spot on rings
  // around its node (beside it, then farther off with a leader line); a spot must not cover a placed name.
  function placeNames() {
    const s = view[2] / W, taken = [], dots = nodes.map((n) => toScreen(n)).map(([x, y], k) => ({ x: x, y: y, r: radius(nodes[k]) / s }));
    const order = nodes.filter((n) => n.name).sort((a, b) => (b.kind === "country") - (a.kind === "country") || b.degree - a.degree);
    order.forEach((n) => {
      const [x, y] = toScreen(n), w = n.w, h = n.h, r = radius(n) / s;
      const inView = x > -r && y > -r && x < W + r && y < H + r;
      const spot = inView && findSpot(x, y, r, w, h, taken, dots);
      n.name.style.display = spot ? "" : "none"; n.leader.style.display = spot && spot.far ? "" : "none";
      if (!spot) return;
      taken.push(spot);
      const [ux, uy] = [view[0] + spot.x * s, view[1] + spot.y * s];
      n.name.style.fontSize = FONT * s + "px";
      n.name.setAttribute("transform", `translate(${ux} ${uy + FONT * s * 0.9})`);
      n.name.querySelectorAll("tspan").forEach((ts) => ts.setAttribute("x", 0));
      if (spot.far) Object.entries({ x1: n.x, y1: n.y, x2: ux + (spot.x + w / 2 > x ? 0 : w * s), y2: uy + h * s / 2 })
        .forEach(([k, v]) => n.leader.setAttribute(k, v));
    });
  }
  function findSpot(x, y, r, w, h, taken, dots) {
    const free = (b, strict) => b.x >= 0 && b.y >= 0 && b.x + b.w <= W && b.y + b.h <= H &&
      taken.every((o) => b.x + b.w + PAD <= o.x || o.x + o.w + PAD <= b.x || b.y + b.h + PAD <= o.y || o.y + o.h + PAD <= b.y) &&
      (!strict || dots.every((d) => d.x + d.r <= b.x || d.x - d.r >= b.x + b.w || d.y + d.r <= b.y || d.y - d.r >= b.y + b.h));
    const around = [[r + 3, -h / 2], [-r - 3 - w, -h / 2], [-w / 2, -r - 2 - h], [-w / 2, r + 2], [r, -r - h], [r, r], [-r - w, -r - h], [-r - w, r]];
    for (const strict of [true, false]) {
      for (const [dx, dy] of around) { const b = { x: x + dx, y: y + dy, w: w, h: h }; if (free(b, strict)) return b; }
      for (let d = 20; d <= 260; d += 12) {
        for (let k = 0; k < 16; k++) {
          const a = (k / 16) * 2 * Math.PI, cx = x + Math.cos(a) * (d + w / 2), cy = y + Math.sin(a) * (d + h / 2);
          const b = { x: cx - w / 2, y: cy - h / 2, w: w, h: h, far: true };
          if (free(b, strict)) return b;
        }
      }
    }
    // Last resort: the free spot nearest to the node anywhere in the view.
    let best = null;
    for (let bx = 0; bx + w <= W; bx += 8) {
      for (let by = 0; by + h <= H; by += 8) {
        const b = { x: bx, y: by, w: w, h: h, far: true }, d = Math.hypot(bx + w / 2 - x, by + h / 2 - y);
        if ((!best || d < best.d) && free(b, false)) best = Object.assign(b, { d: d });
      }
    }
    return best;
  }
  function toScreen(n) { const s = view[2] / W; return [(n.x - view[0]) / s, (n.y - view[1]) / s]; }

  function tip(text, e) {
    let div = document.getElementById("nw-tip");
    if (!div) { div = document.createElement("div"); div.id = "nw-tip"; div.className = "tooltip"; document.body.append(div); }
    div.hidden = !text;
    if (!text) return;
    div.textContent = text;
    const r = box.getBoundingClientRect(), x = e ? e.clientX : r.left + r.width / 2, y = e ? e.clientY : r.top + 16;
    div.style.left = Math.min(x + 12, window.innerWidth - 260) + "px"; div.style.top = y + 12 + "px";
  }

  // A node's neighbourhood: the node, its neighbours and links lit, the rest dimmed, its links listed in the panel.
  function highlight(n) {
    box.querySelectorAll(".focus, .near, .dim, .hot").forEach((e) => e.classList.remove("focus", "near", "dim", "hot"));
    panel.hidden = !n;
    if (!n || !near.has(n)) return;
    const around = near.get(n);
    nodes.forEach((m) => {
      const cls = m === n ? "focus" : around.has(m) ? "near" : "dim";
      m.g.classList.add(cls); if (m.name) { m.name.classList.add(cls); m.leader.classList.add(cls); }
    });
    links.forEach((l) => l.g.classList.add(l.s === n || l.t === n ? "hot" : "dim"));
    const items = links.filter((l) => l.s === n || l.t === n).map((l) => {
      const li = document.createElement("li"), other = l.s === n ? l.t : l.s, a = document.createElement("a");
      a.href = other.href; a.textContent = other.label;
      li.append((l.s === n ? "→ " : "← ") + l.label + " ", a);
      a.addEventListener("focus", () => { l.g.classList.add("picked"); tip(`${l.s.label} — ${l.label} → ${l.t.label}`); });
      a.addEventListener("blur", () => { l.g.classList.remove("picked"); tip(null); });
      return li;
    });
    const h = document.createElement("strong"), list = document.createElement("ul");
    h.textContent = `${n.label} · ${n.type}`; list.append(...items);
    panel.replaceChildren(h, list);
  }

  function focusNode(n) {
    focused = n; highlight(n);
    if (!n) return;
    setView([n.x - view[2] / 2, n.y - view[3] / 2, view[2], view[3]]);
  }
  function search(q) {
    const want = q.trim().toLowerCase();
    if (!want) { status.textContent = ""; focusNode(null); return; }
    const found = all.find((n) => n.label.toLowerCase() === want) || all.find((n) => n.label.toLowerCase().includes(want));
    if (!found) { status.textContent = fill(t.tNone, { q: q }); return; }
    status.textContent = near.has(found) ? "" : fill(t.tHidden, { q: found.label });
    if (near.has(found)) focusNode(found);
  }

  // Filters: only nodes of the checked kinds joined by links of the checked kinds; the layout is made anew.
  function relayout() {
    const r = box.getBoundingClientRect();
    W = Math.round(r.width); H = Math.round(W < 600 ? W * 2.4 : Math.min(Math.max(W * 0.62, 420), window.innerHeight * 0.8, 820));
    const kinds = checked("kind"), types = checked("link");
    links = allLinks.filter((l) => kinds.has(l.s.kind) && kinds.has(l.t.kind) && types.has(l.label));
    near = new Map();
    links.forEach((l) => [[l.s, l.t], [l.t, l.s]].forEach(([a, b]) => { if (!near.has(a)) near.set(a, new Set()); near.get(a).add(b); }));
    nodes = all.filter((n) => near.has(n));
    if (focused && !near.has(focused)) focused = null;
    seed(); layout(400); draw();
    status.textContent = fill(t.tShown, { n: nodes.length, m: links.length });
  }
  const checked = (name) => new Set([...document.querySelectorAll(`.nw-filters input[name=${name}]:checked`)].map((c) => c.value));

  // Zoom with the wheel or the buttons, pan by dragging; the view box changes and the names are placed again.
  function setView(v) {
    view = v; box.firstChild.setAttribute("viewBox", v.join(" "));
    cancelAnimationFrame(frame); frame = requestAnimationFrame(placeNames);
  }
  function zoom(f, cx, cy) {
    const x = cx === undefined ? view[0] + view[2] / 2 : cx, y = cy === undefined ? view[1] + view[3] / 2 : cy;
    setView([x - (x - view[0]) * f, y - (y - view[1]) * f, view[2] * f, view[3] * f]);
  }
  function toGraph(e) {
    const r = box.firstChild.getBoundingClientRect(), s = view[2] / r.width;
    return [view[0] + (e.clientX - r.left) * s, view[1] + (e.clientY - r.top) * s, s];
  }
  box.addEventListener("wheel", (e) => { e.preventDefault(); const [x, y] = toGraph(e); zoom(e.deltaY > 0 ? 1.2 : 1 / 1.2, x, y); }, { passive: false });
  box.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, v: view.slice(), moved: false }; });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (!drag.moved) return;
    const s = toGraph(e)[2];
    setView([drag.v[0] - dx * s, drag.v[1] - dy * s, drag.v[2], drag.v[3]]);
  });
  window.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
  box.addEventListener("click", (e) => { if (drag && drag.moved) e.preventDefault(); }, true);
  document.querySelectorAll("[data-nw-zoom]").forEach((b) => b.addEventListener("click", () => {
    if (b.dataset.nwZoom === "reset") setView([0, 0, W, H]); else zoom(Number(b.dataset.nwZoom));
  }));

  // Chart or list: the list first under 700 px; the switch changes it.
  function show(mode) {
    document.querySelectorAll(".nw-switch button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.view === mode)));
    document.getElementById("nw-chart").hidden = mode !== "chart";
    document.querySelector(".nw-filters").hidden = mode !== "chart";
    document.getElementById("nw-list").hidden = mode !== "list";
    if (mode === "chart" && box.dataset.state !== "ready") relayout();
  }
  document.querySelectorAll(".nw-switch button").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));
  document.querySelectorAll(".nw-filters input").forEach((c) => c.addEventListener("change", relayout));
  const form = document.querySelector(".nw-search"), q = document.getElementById("nw-q");
  form.addEventListener("submit", (e) => { e.preventDefault(); if (box.dataset.state !== "ready") show("chart"); search(q.value); });
  q.addEventListener("change", () => { if (box.dataset.state === "ready") search(q.value); });
  document.getElementById("nw-clear").addEventListener("click", () => { q.value = ""; search(""); setView([0, 0, W, H]); });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && focused) { focusNode(null); } });
  let resized = 0;  // a window made narrower or wider gets a chart of its own size (names stay 12 px)
  window.addEventListener("resize", () => { clearTimeout(resized); resized = setTimeout(() => {
    if (box.dataset.state === "ready" && !box.closest("[hidden]") && Math.abs(box.getBoundingClientRect().width - W) > 40) relayout();
  }, 200); });
  show(window.innerWidth < 700 ? "list" : "chart");
})();

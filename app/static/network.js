// The network: a deterministic force-directed layout in plain JS, drawn as SVG links and nodes.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const box = document.getElementById("network");
  const model = JSON.parse(document.getElementById("network-data").textContent);
  const W = 1200, H = 860;
  const nodes = model.nodes.map((n, i) => Object.assign({ i: i, x: 0, y: 0, vx: 0, vy: 0 }, n));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const links = model.links.map((l) => ({ s: byId.get(l.source), t: byId.get(l.target), label: l.label }))
    .filter((l) => l.s && l.t);
  const neighbours = new Map(nodes.map((n) => [n, new Set()]));
  links.forEach((l) => { neighbours.get(l.s).add(l.t); neighbours.get(l.t).add(l.s); });

  function el(tag, attrs, text) {
    const n = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => n.setAttribute(k, v));
    if (text !== undefined) n.textContent = text;
    return n;
  }

  const radius = (n) => (n.kind === "country" ? 14 : 4 + Math.sqrt(n.degree) * 1.6);

  // Countries on a circle; every other node starts near the nodes it is linked to.
  function seed() {
    const countries = nodes.filter((n) => n.kind === "country");
    countries.forEach((n, k) => {
      const a = (2 * Math.PI * k) / countries.length - Math.PI / 2;
      n.x = W / 2 + Math.cos(a) * W * 0.3; n.y = H / 2 + Math.sin(a) * H * 0.3; n.placed = true;
    });
    let frontier = countries;
    while (frontier.length) {
      const next = [];
      frontier.forEach((p) => neighbours.get(p).forEach((n) => {
        if (n.placed) return;
        const a = n.i * 2.39996;
        n.x = p.x + Math.cos(a) * 60; n.y = p.y + Math.sin(a) * 60; n.placed = true; next.push(n);
      }));
      frontier = next;
    }
    nodes.filter((n) => !n.placed).forEach((n) => {
      const a = n.i * 2.39996, r = 40 + 9 * Math.sqrt(n.i);
      n.x = W / 2 + Math.cos(a) * r; n.y = H / 2 + Math.sin(a) * r;
    });
  }

  // Fruchterman-Reingold with cooling: short-range repulsion (heavier for countries), springs
  // along links, and gravity to the centre so that small separate groups stay in view.
  function layout(steps) {
    const k = Math.sqrt((W * H) / Math.max(nodes.length, 1)) * 0.5, reach = 4 * k;
    for (let step = 0; step < steps; step++) {
      const heat = 30 * (1 - step / steps) + 0.5;
      nodes.forEach((n) => { n.vx = 0; n.vy = 0; });
      for (let a = 0; a < nodes.length; a++) {
        for (let b = a + 1; b < nodes.length; b++) {
          const p = nodes[a], q = nodes[b];
          const dx = p.x - q.x, dy = p.y - q.y;
          const d2 = Math.max(dx * dx + dy * dy, 1);
          if (d2 > reach * reach) continue;
          const weight = (p.kind === "country" ? 2.5 : 1) * (q.kind === "country" ? 2.5 : 1);
          const f = (k * k * weight) / d2;
          p.vx += dx * f; p.vy += dy * f; q.vx -= dx * f; q.vy -= dy * f;
        }
      }
      links.forEach((l) => {
        const dx = l.s.x - l.t.x, dy = l.s.y - l.t.y;
        const f = Math.sqrt(dx * dx + dy * dy) / k;
        l.s.vx -= dx * f; l.s.vy -= dy * f; l.t.vx += dx * f; l.t.vy += dy * f;
      });
      nodes.forEach((n) => {
        n.vx += (W / 2 - n.x) * 0.6; n.vy += (H / 2 - n.y) * 0.6 * (W / H);
        const v = Math.sqrt(n.vx * n.vx + n.vy * n.vy) || 1;
        const move = Math.min(v, heat) / (n.kind === "country" ? 1.5 : 1);
        n.x += (n.vx / v) * move; n.y += (n.vy / v) * move;
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

  function highlight(n, on) {
    box.querySelectorAll(".hot").forEach((e) => e.classList.remove("hot"));
    box.querySelectorAll(".dim").forEach((e) => e.classList.remove("dim"));
    if (!on) return;
    const near = neighbours.get(n);
    nodes.forEach((m) => { if (m !== n && !near.has(m)) m.g.classList.add("dim"); else m.g.classList.add("hot"); });
    links.forEach((l) => { if (l.s === n || l.t === n) l.line.classList.add("hot"); });
  }

  function draw() {
    const xs = nodes.map((n) => n.x), ys = nodes.map((n) => n.y), pad = 60;
    const view = [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) - Math.min(...xs) + 2 * pad,
                  Math.max(...ys) - Math.min(...ys) + 2 * pad];
    home = view.slice();
    const svg = el("svg", { viewBox: view.join(" "), role: "group", "aria-label": `Network of ${nodes.length} nodes` });
    const linkLayer = el("g"), nodeLayer = el("g");
    links.forEach((l) => {
      l.line = el("line", { class: "link", x1: l.s.x, y1: l.s.y, x2: l.t.x, y2: l.t.y });
      l.line.append(el("title", {}, `${l.s.label} — ${l.label} → ${l.t.label}`));
      linkLayer.append(l.line);
    });
    nodes.slice().sort((a, b) => (a.kind === "country") - (b.kind === "country")).forEach((n) => {
      const major = n.kind !== "event" && n.degree >= 4;
      const g = el("a", { href: n.href, class: `node ${n.kind}${major ? " major" : ""}`, "data-id": n.id,
                          "aria-label": `${n.label}, ${n.type}, ${n.degree} links` });
      g.append(el("title", {}, `${n.label} (${n.type}, ${n.degree} links)`), shape(n));
      const short = n.kind === "country" || n.label.length <= 30 ? n.label : n.label.slice(0, 29) + "…";
      g.append(el("text", { x: n.x + radius(n) + 3, y: n.y + 4 }, short));
      ["mouseenter", "focus"].forEach((ev) => g.addEventListener(ev, () => highlight(n, true)));
      ["mouseleave", "blur"].forEach((ev) => g.addEventListener(ev, () => highlight(n, false)));
      n.g = g;
      nodeLayer.append(g);
    });
    svg.append(linkLayer, nodeLayer);
    box.replaceChildren(svg);
    box.dataset.state = "ready";
    box.dataset.nodes = String(nodes.length);
    box.dataset.links = String(links.length);
  }

  function applyFilters() {
    const shown = new Set([...document.querySelectorAll(".nw-controls input[name=kind]:checked")].map((c) => c.value));
    nodes.forEach((n) => { n.g.style.display = shown.has(n.kind) ? "" : "none"; });
    links.forEach((l) => { l.line.style.display = shown.has(l.s.kind) && shown.has(l.t.kind) ? "" : "none"; });
    box.classList.toggle("quiet", !document.getElementById("show-labels").checked);
  }

  // Zoom with the wheel or the buttons, pan by dragging; the view box is all that changes.
  let home = null, drag = null;
  function setView(v) { box.firstChild.setAttribute("viewBox", v.join(" ")); }
  function currentView() { return box.firstChild.getAttribute("viewBox").split(" ").map(Number); }
  function zoom(factor, cx, cy) {
    const v = currentView();
    const x = cx === undefined ? v[0] + v[2] / 2 : cx, y = cy === undefined ? v[1] + v[3] / 2 : cy;
    setView([x - (x - v[0]) * factor, y - (y - v[1]) * factor, v[2] * factor, v[3] * factor]);
  }
  function toGraph(e) {
    const v = currentView(), r = box.firstChild.getBoundingClientRect();
    const scale = Math.max(v[2] / r.width, v[3] / r.height);
    return [v[0] + v[2] / 2 + (e.clientX - r.left - r.width / 2) * scale,
            v[1] + v[3] / 2 + (e.clientY - r.top - r.height / 2) * scale, scale];
  }
  box.addEventListener("wheel", (e) => {
    e.preventDefault();
    const [x, y] = toGraph(e);
    zoom(e.deltaY > 0 ? 1.2 : 1 / 1.2, x, y);
  }, { passive: false });
  box.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, v: currentView(), moved: false }; });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (!drag.moved) return;
    const scale = toGraph(e)[2];
    setView([drag.v[0] - dx * scale, drag.v[1] - dy * scale, drag.v[2], drag.v[3]]);
  });
  window.addEventListener("pointerup", () => { setTimeout(() => { drag = null; }, 0); });
  box.addEventListener("click", (e) => { if (drag && drag.moved) e.preventDefault(); }, true);
  document.querySelectorAll("[data-nw-zoom]").forEach((b) => b.addEventListener("click", () => {
    if (b.dataset.nwZoom === "reset") setView(home); else zoom(Number(b.dataset.nwZoom));
  }));

  seed();
  layout(500);
  draw();
  document.querySelectorAll(".nw-controls input").forEach((c) => c.addEventListener("change", applyFilters));
  applyFilters();
})();

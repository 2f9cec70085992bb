// Completion in the SPARQL editor: prefixes, and the classes, properties and labelled things of the data
// (from /editor/terms.json), in a list at the caret; a chosen term's PREFIX line is added when missing.
(function () {
  "use strict";
  const SHOWN = 12;
  const WORD = /(?:^|[^\w?$:<"'-])((?:[A-Za-z][\w-]*)?:[\w-]*|[A-Za-z][\w-]*)$/;

  // Where a text offset of the highlight layer is drawn, relative to the editor's box.
  function caretBox(code, offset) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let left = offset;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (left <= node.length) {
        const range = document.createRange();
        range.setStart(node, left);
        range.setEnd(node, left);
        const rect = range.getClientRects()[0] || range.getBoundingClientRect();
        const box = code.closest(".code-editor").getBoundingClientRect();
        return { left: rect.left - box.left, top: rect.bottom - box.top, width: box.width };
      }
      left -= node.length;
    }
    return { left: 0, top: 0, width: 0 };
  }

  function matches(word, data) {
    const lower = word.toLowerCase();
    if (!word.includes(":")) {
      const prefixes = Object.keys(data.prefixes).filter((p) => p.startsWith(lower)).map((p) => ({ name: p + ":", label: data.prefixes[p], kind: "prefix" }));
      const named = word.length >= 3 ? data.terms.filter((t) => t.label && t.label.toLowerCase().startsWith(lower)) : [];
      return prefixes.concat(named);
    }
    const [prefix, local] = [lower.slice(0, lower.indexOf(":")), lower.slice(lower.indexOf(":") + 1)];
    return data.terms.filter((t) => t.name.toLowerCase().startsWith(lower) ||
      (local.length >= 2 && t.name.startsWith(prefix + ":") && t.label.toLowerCase().includes(local)));
  }

  function attach(area, code, url, paint) {
    const list = document.getElementById("complete");
    let pending = null, data = null, shown = [], active = 0, start = 0;

    async function terms() {
      if (!pending) pending = fetch(url, { headers: { Accept: "application/json" } }).then((r) => r.json());
      data = await pending;
      return data;
    }

    function close() {
      list.hidden = true;
      shown = [];
      area.removeAttribute("aria-activedescendant");
    }

    function highlight(i) {
      active = (i + shown.length) % shown.length;
      [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === active)));
      area.setAttribute("aria-activedescendant", "complete-" + active);
      list.children[active].scrollIntoView({ block: "nearest" });
    }

    function choose(i) {
      const term = shown[i];
      const before = area.value.slice(0, start), after = area.value.slice(area.selectionStart);
      let text = before + term.name + after;
      let caret = before.length + term.name.length;
      const prefix = term.name.slice(0, term.name.indexOf(":"));
      const declared = new RegExp("^\\s*PREFIX\\s+" + prefix + ":", "im");
      if (term.kind !== "prefix" && !declared.test(text) && data.prefixes[prefix]) {
        const line = "prefix " + prefix + ": <" + data.prefixes[prefix] + ">\n";
        text = line + text;
        caret += line.length;
      }
      area.value = text;
      area.setSelectionRange(caret, caret);
      close();
      paint();
      area.dispatchEvent(new Event("input"));
    }

    async function open(force) {
      const word = (WORD.exec(area.value.slice(0, area.selectionStart)) || [])[1];
      if (!word || (!force && word.length < 2)) { close(); return; }
      const found = matches(word, await terms()).slice(0, SHOWN);
      if (!found.length) { close(); return; }
      shown = found;
      start = area.selectionStart - word.length;
      list.replaceChildren(...found.map((t, i) => {
        const li = document.createElement("li");
        li.id = "complete-" + i;
        li.setAttribute("role", "option");
        const name = document.createElement("span");
        name.className = "name";
        name.textContent = t.name;
        const label = document.createElement("span");
        label.className = "what";
        label.textContent = (t.label ? t.label + " · " : "") + t.kind;
        li.append(name, " ", label);
        li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(i); });
        return li;
      }));
      const at = caretBox(code, area.selectionStart);
      list.hidden = false;
      list.style.left = Math.max(0, Math.min(at.left, at.width - list.offsetWidth)) + "px";
      list.style.top = at.top + 4 + "px";
      highlight(0);
    }

    area.addEventListener("input", (e) => { if (e.isTrusted) open(false); });
    area.addEventListener("blur", close);
    area.addEventListener("keydown", (e) => {
      if (e.key === " " && e.ctrlKey) { e.preventDefault(); open(true); return; }
      if (list.hidden) return;
      const keys = { ArrowDown: () => highlight(active + 1), ArrowUp: () => highlight(active - 1),
        Enter: () => choose(active), Tab: () => choose(active), Escape: close };
      if (keys[e.key] && !(e.key === "Enter" && (e.ctrlKey || e.metaKey))) { e.preventDefault(); keys[e.key](); }
    });
  }

  window.EditorComplete = { attach };
})();

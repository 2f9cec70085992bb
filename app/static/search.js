// Live search: as the user types, show the results the search page would show (its HTML fragment,
// rendered by the server in the interface language), and keep the URL shareable.
(function () {
  "use strict";
  const form = document.querySelector("form[data-live-search]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const out = document.getElementById("live-results");
  let timer = null;
  let last = input.value.trim();

  async function search(q) {
    const params = new URLSearchParams(new FormData(form));
    const url = form.getAttribute("action") + "?" + params;
    params.set("part", "results");
    try {
      const response = await fetch(form.getAttribute("action") + "?" + params, { headers: { Accept: "text/html" } });
      if (!response.ok || input.value.trim() !== q) return;
      out.innerHTML = await response.text();  // the server's own escaped HTML
      if (location.pathname === form.getAttribute("action")) history.replaceState(null, "", url);
    } catch (e) {
      out.textContent = e.message;
    }
  }

  input.addEventListener("input", () => {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    clearTimeout(timer);
    if (q.length < 2) { out.replaceChildren(); return; }
    timer = setTimeout(() => search(q), 150);
  });
})();

// The article view: the quote (or heading, or passage left out) named in the address (#s-start-end),
// or under the pointer in the side list, lights up; passages left out are shown on request (or when named).
(function () {
  "use strict";
  const text = document.querySelector(".article-text"), toggle = document.getElementById("show-left-out");
  function mark(key, reveal) {
    document.querySelectorAll(".current").forEach((e) => e.classList.remove("current"));
    if (!key) return;
    document.querySelectorAll(".article-text [data-spans]").forEach((a) => {
      if ((a.dataset.spans || "").split(" ").includes(key)) a.classList.add("current");
    });
    const item = document.querySelector(`.article-facts li[data-span="${key}"]`);
    if (item) item.classList.add("current");
    if (reveal && toggle && !toggle.checked && document.querySelector(".article-text .left-out.current")) {
      toggle.checked = true; showLeftOut();
      const target = document.getElementById(key);
      if (target) target.scrollIntoView();
    }
  }
  function showLeftOut() { text.classList.toggle("show-left-out", Boolean(toggle && toggle.checked)); }
  const fromHash = () => mark(decodeURIComponent(location.hash.slice(1)), true);
  window.addEventListener("hashchange", fromHash);
  document.querySelectorAll(".article-facts li[data-span]").forEach((li) => {
    ["mouseenter", "focusin"].forEach((ev) => li.addEventListener(ev, () => mark(li.dataset.span, false)));
    li.addEventListener("mouseleave", fromHash);
  });
  if (toggle) toggle.addEventListener("change", showLeftOut);
  fromHash();
})();

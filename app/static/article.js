// The article view: the quote (or heading, or passage left out) named in the address (#s-start-end),
// or under the pointer in the side list, lights up.
(function () {
  "use strict";
  function mark(key) {
    document.querySelectorAll(".current").forEach((e) => e.classList.remove("current"));
    if (!key) return;
    document.querySelectorAll(".article-text [data-spans]").forEach((a) => {
      if ((a.dataset.spans || "").split(" ").includes(key)) a.classList.add("current");
    });
    const item = document.querySelector(`.article-facts li[data-span="${key}"]`);
    if (item) item.classList.add("current");
  }
  const fromHash = () => mark(decodeURIComponent(location.hash.slice(1)));
  window.addEventListener("hashchange", fromHash);
  document.querySelectorAll(".article-facts li[data-span]").forEach((li) => {
    ["mouseenter", "focusin"].forEach((ev) => li.addEventListener(ev, () => mark(li.dataset.span)));
    li.addEventListener("mouseleave", fromHash);
  });
  fromHash();
})();

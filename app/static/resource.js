// Resource pages: "Copy" in a cite box copies the citation; where the browser refuses the clipboard, the text
// is selected in its box for the reader to copy. A fact's permalink (#st-...) opens its evidence.
(function () {
  "use strict";
  function openTarget() {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button.copy");
    if (!button) return;
    const box = button.closest(".cite-box");
    const area = box.querySelector("textarea");
    const status = box.querySelector(".copy-status");
    area.focus();
    area.select();
    try {
      await navigator.clipboard.writeText(area.value);
      status.textContent = button.dataset.done;
    } catch (e) {
      status.textContent = button.dataset.failed;
    }
  });
})();

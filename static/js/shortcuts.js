// Keyboard shortcuts on every page (listed in templates/includes/shortcuts_help.html):
// "/" focuses the navbar search, "l" opens the quick log, "?" shows the list. They are ignored
// while the user types in a field or holds a modifier, so they never eat a typed letter.
(function () {
  "use strict";

  function isTyping(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
  }

  function openModal(id) {
    const element = document.getElementById(id);
    if (element && window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(element).show();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    // No shortcut while a dialog is open: its own keys (Esc, Tab) come first.
    if (document.querySelector(".modal.show")) return;
    if (event.key === "/") {
      const search = document.getElementById("nav-search");
      if (!search) return;
      event.preventDefault();
      // On a phone the search sits in the collapsed menu: open it first.
      const menu = search.closest(".collapse");
      if (menu && !menu.classList.contains("show") && window.bootstrap) {
        window.bootstrap.Collapse.getOrCreateInstance(menu).show();
      }
      search.focus();
      search.select();
    } else if (event.key === "l" || event.key === "L") {
      const log = document.getElementById("nav-quick-log");
      if (!log) return;
      event.preventDefault();
      log.click();
    } else if (event.key === "?") {
      event.preventDefault();
      openModal("shortcuts-help");
    }
  });
})();

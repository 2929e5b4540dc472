// The navbar search's dropdown: htmx fills #nav-search-results as the user types; this moves
// between the result links with the arrow keys, closes the list with Escape or when focus
// leaves the search. A status line in the results tells screen readers how many there are.
(function () {
  "use strict";

  const input = document.getElementById("nav-search");
  const results = document.getElementById("nav-search-results");
  if (!input || !results) return;
  const form = input.form;

  function links() {
    return Array.prototype.slice.call(results.querySelectorAll("a"));
  }

  function setOpen(open) {
    results.hidden = !open;
  }

  function close() {
    setOpen(false);
  }

  setOpen(false);

  results.addEventListener("htmx:afterSwap", function () {
    setOpen(results.textContent.trim() !== "" && input.value.trim() !== "");
  });
  // A cleared field (the "x" of type=search, or backspace to nothing) closes the list at once.
  input.addEventListener("input", function () {
    if (input.value.trim() === "") {
      results.innerHTML = "";
      close();
    }
  });

  form.addEventListener("keydown", function (event) {
    const items = links();
    const index = items.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && !results.hidden && items.length) {
      event.preventDefault();
      items[Math.min(index + 1, items.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      if (index === 0) input.focus();
      else items[index - 1].focus();
    } else if (event.key === "Escape" && !results.hidden) {
      event.preventDefault();
      close();
      input.focus();
    }
  });

  // Focus leaving the search and its results (a click elsewhere, Tab past the end) closes it.
  form.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !form.contains(event.relatedTarget)) close();
  });
})();

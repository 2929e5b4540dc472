// The contact list's bulk edit bar. Without this file the bar is a plain form showing every field;
// with it, only the fields the chosen action needs are shown, and the ticked rows are counted.
(function () {
  "use strict";

  function init(root) {
    const form = root.querySelector ? root.querySelector("[data-bulk-form]") : null;
    if (!form || form.dataset.bulkBound) return;
    form.dataset.bulkBound = "1";
    const action = form.querySelector("[data-bulk-action]");
    const pageBox = form.querySelector("[data-bulk-page]");
    const everything = form.querySelector("[data-bulk-everything]");
    const count = form.querySelector("[data-bulk-count]");
    const rows = function () { return Array.from(form.querySelectorAll("[data-bulk-row]")); };

    function showFields() {
      form.querySelectorAll("[data-bulk-for]").forEach(function (field) {
        const wanted = field.dataset.bulkFor.split(" ").indexOf(action.value) !== -1;
        field.hidden = !wanted;
      });
    }

    function updateCount() {
      const ticked = rows().filter(function (box) { return box.checked; }).length;
      if (everything && everything.checked) {
        count.textContent = everything.labels[0].textContent.trim() + " selected";
      } else {
        count.textContent = ticked ? ticked + " selected" : "";
      }
      pageBox.checked = ticked > 0 && ticked === rows().length;
      pageBox.indeterminate = ticked > 0 && ticked < rows().length;
    }

    action.addEventListener("change", showFields);
    pageBox.addEventListener("change", function () {
      rows().forEach(function (box) { box.checked = pageBox.checked; });
      updateCount();
    });
    form.addEventListener("change", function (event) {
      if (event.target.matches("[data-bulk-row], [data-bulk-everything]")) updateCount();
    });
    showFields();
    updateCount();
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  // As-you-type search swaps the results (and this form) in place.
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt.parentNode || document); });
})();

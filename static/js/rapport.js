// Rapport's page behaviour. Loaded on every page; no inline script is allowed by the CSP.
(function () {
  "use strict";

  // Autocomplete pickers: <select data-autocomplete-url="..."> asks the server as the user types,
  // so a picker never renders every contact. The server answers [{"value": id, "text": label}].
  function initAutocomplete(root) {
    root.querySelectorAll("select[data-autocomplete-url]").forEach(function (select) {
      if (select.tomselect) return;
      const url = select.dataset.autocompleteUrl;
      new TomSelect(select, {
        valueField: "value",
        labelField: "text",
        searchField: [],
        maxOptions: 20,
        loadThrottle: 200,
        shouldLoad: function (query) { return query.length >= 1; },
        load: function (query, callback) {
          fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
            .then(function (response) { return response.json(); })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
        plugins: select.multiple ? ["remove_button"] : [],
      });
      // Tom Select's own field takes the <label> and is what people use; the original <select>
      // stays in the page for the form but out of reach (tabindex -1), so assistive technology
      // must not announce it as a second, unnamed field.
      select.setAttribute("aria-hidden", "true");
    });

    // Free-text tags: <input data-tags-input> becomes a tag editor that can create new tags.
    root.querySelectorAll("input[data-tags-input]").forEach(function (input) {
      if (input.tomselect) return;
      const url = input.dataset.autocompleteUrl;
      new TomSelect(input, {
        valueField: "text",
        labelField: "text",
        searchField: ["text"],
        delimiter: ",",
        persist: false,
        create: true,
        createOnBlur: true,
        plugins: ["remove_button"],
        load: url ? function (query, callback) {
          fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
            .then(function (response) { return response.json(); })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        } : null,
      });
    });
  }

  // Formsets: a button[data-formset-add="prefix"] clones the empty form kept in
  // <template id="prefix-empty"> and bumps the management form's TOTAL_FORMS.
  function initFormsets(root) {
    root.querySelectorAll("button[data-formset-add]").forEach(function (button) {
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        const prefix = button.dataset.formsetAdd;
        const total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
        const template = document.getElementById(prefix + "-empty");
        const target = document.getElementById(prefix + "-forms");
        const index = parseInt(total.value, 10);
        const html = template.innerHTML.replace(/__prefix__/g, String(index));
        target.insertAdjacentHTML("beforeend", html);
        total.value = String(index + 1);
        // A cloned row's hx-* attributes (the email duplicate check) work once htmx has seen them.
        if (window.htmx && target.lastElementChild) window.htmx.process(target.lastElementChild);
        const first = target.lastElementChild && target.lastElementChild.querySelector("input, select");
        if (first) first.focus();
      });
    });
  }

  // Buttons and forms with data-confirm ask before acting (archive, delete without a page).
  document.addEventListener("submit", function (event) {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  function init(root) {
    initAutocomplete(root);
    initFormsets(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();

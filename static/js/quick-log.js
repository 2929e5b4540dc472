// The quick log: links with hx-get into #quick-log-content (the navbar's "Log interaction", a
// contact page's "Log") load the form into the modal at the end of base.html, which opens once
// the form is there. Saving answers with the "interactionLogged" event: the modal closes, and
// whatever listens for it (a contact's timeline) reloads itself.
(function () {
  "use strict";

  const modalElement = document.getElementById("quick-log");
  if (!modalElement || !window.bootstrap) return;
  const modal = window.bootstrap.Modal.getOrCreateInstance(modalElement);
  const loginPath = modalElement.dataset.loginPath;

  function isQuickLog(event) {
    return event.detail.target && event.detail.target.id === "quick-log-content";
  }

  function focusFirstField() {
    const field = modalElement.querySelector(".is-invalid, [autofocus]");
    if (!field) return;
    if (field.tomselect) field.tomselect.focus();
    else field.focus();
  }

  // A session that expired meanwhile answers with the login page: go there for real instead of
  // showing it inside the modal.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (!isQuickLog(event) || !loginPath) return;
    const url = event.detail.xhr.responseURL;
    if (url && new URL(url).pathname === loginPath) {
      event.detail.shouldSwap = false;
      window.location.assign(url);
    }
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (!isQuickLog(event)) return;
    // Bootstrap ignores autofocus inside a modal, so focus is moved by hand; after a failed
    // save, to the first field in error.
    if (modalElement.classList.contains("show")) focusFirstField();
    else modal.show();
  });

  modalElement.addEventListener("shown.bs.modal", focusFirstField);

  document.body.addEventListener("interactionLogged", function () {
    modal.hide();
  });
})();

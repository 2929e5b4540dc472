// Sign-up: preselect the browser's own time zone in <select data-detect-time-zone>, so most
// people never touch the field. Only on a fresh form: after a failed submit, the choice sent
// back by the server is the user's and stays.
(function () {
  "use strict";

  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) return;

  document.querySelectorAll("select[data-detect-time-zone]").forEach(function (select) {
    if (select.form && select.form.querySelector(".is-invalid")) return;
    if (select.value !== select.options[0].value) return;
    const option = Array.prototype.find.call(select.options, function (candidate) {
      return candidate.value === zone;
    });
    if (option) select.value = zone;
  });
})();

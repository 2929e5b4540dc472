// The dashboard's Today card: a reminder marked done, dismissed or snoozed is swapped in place by
// htmx (templates/reminders/_reminder_item.html), showing Undo. It stays UNDO_SECONDS so the undo
// is one click away, then leaves the card; an undo within that time brings back a pending item,
// which stays.
(function () {
  "use strict";

  const UNDO_SECONDS = 6;

  function isSettled(item) {
    // The item offers Undo (or Unsnooze) only once it is no longer due today.
    return Boolean(item.querySelector("form[action$='/undo/']"));
  }

  // htmx:load fires for each element htmx puts in the page: here, the item in its new state.
  document.addEventListener("htmx:load", function (event) {
    const item = event.detail.elt;
    if (!item || !item.id || !item.closest || !item.closest("#today-reminders")) return;
    if (!isSettled(item)) return;
    window.setTimeout(function () {
      // Still the same settled item (no undo meanwhile): it leaves.
      if (item.isConnected && isSettled(item)) item.remove();
    }, UNDO_SECONDS * 1000);
  });
})();

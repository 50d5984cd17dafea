// An error summary, wherever a page shows one (a wizard step, the review, tracking),
// takes the focus, so a screen reader announces it and a phone scrolls to it.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();

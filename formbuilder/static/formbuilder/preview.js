/* A form's preview in the admin: nothing can be sent from it.
 *
 * A file, not an inline handler, so the page keeps to the site's Content-Security-Policy.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    if (event.target.closest("[data-form-preview]")) {
      event.preventDefault();
    }
  });
})();

/* The confirmation page's print button: shown only when JavaScript can print.
 *
 * A file, not an inline handler: the public site's Content-Security-Policy runs no
 * inline script.
 */
(function () {
  "use strict";

  Array.prototype.forEach.call(document.querySelectorAll("[data-print-page]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();

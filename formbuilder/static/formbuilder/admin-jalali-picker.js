// The admin's date and date-time boxes (`data-jdp`, formbuilder/admin_dates.py) open the
// bundled Jalali picker; the box stays typeable, for Jalali or Gregorian text. The picker
// watches the page, so boxes added later (dialogs, inline panels) get it too.
(function () {
  'use strict';
  function start() {
    if (!window.jalaliDatepicker) return;
    window.jalaliDatepicker.startWatch({
      time: true,
      hasSecond: false,
      autoReadOnlyInput: false,
      zIndex: 10000,
      // Days, months, years and times shown in Persian digits; the box keeps what it is
      // given (the server reads any digits).
      persianDigits: true,
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

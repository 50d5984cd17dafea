/* No autosave after a manual save, in every editor (pages and snippets).
 *
 * Wagtail 8 autosaves an editor's form about a second after each change: its w-unsaved
 * controller notices the change, then w-autosave posts the form as it stood then. Nothing
 * in Wagtail stops that post once the editor has pressed Save or Publish, so a change
 * made just before the press is autosaved after (or while) the manual save runs:
 * - on an object's edit page the late autosave can land after the publish, as a draft
 *   of older content on top of the version just published;
 * - on a new object's page, where the form still posts to the "add" address until the
 *   first autosave answers, the autosave and the manual save each create an object: after
 *   a refused first publish the editor's form was listed twice.
 *
 * With Wagtail's own events only (`w-autosave:save` is cancelable; `w-autosave:success`
 * and `w-autosave:error` close an autosave):
 * - once the form is submitted, every autosave that would start is cancelled;
 * - a submit while an autosave is under way waits for it to answer, then goes on, to the
 *   object's edit address when that autosave has just created it.
 */
(function () {
  "use strict";

  // An autosave that never answers does not hold the editor's save for ever.
  var WAIT_LIMIT_MS = 15000;

  function guard(form) {
    var submitted = false;
    var underWay = false;
    var resume = null;

    window.addEventListener("w-autosave:save", function (event) {
      if (event.target !== form) {
        return;
      }
      if (submitted) {
        event.preventDefault(); // the manual save carries the editor's latest state
      } else if (!event.defaultPrevented) {
        underWay = true;
      }
    });

    function answered(event) {
      if (event.target !== form) {
        return;
      }
      underWay = false;
      if (resume) {
        var next = resume;
        resume = null;
        next();
      }
    }
    window.addEventListener("w-autosave:success", answered);
    window.addEventListener("w-autosave:error", answered);

    // On window, so the form's own handlers have run: a submit one of them stopped
    // (a confirmation dialog) has not happened, and autosave goes on.
    window.addEventListener("submit", function (event) {
      if (event.target !== form || event.defaultPrevented) {
        return;
      }
      submitted = true;
      if (!underWay) {
        return;
      }
      event.preventDefault();
      if (resume) {
        return; // already waiting for that autosave
      }
      var submitter = event.submitter;
      var timer = window.setTimeout(function () { answered({ target: form }); }, WAIT_LIMIT_MS);
      resume = function () {
        window.clearTimeout(timer);
        submitAgain(form, submitter);
      };
    });
  }

  // Submit `form` as the press of `submitter` did. The pressed button (Publish…) may have
  // been replaced or disabled meanwhile: its name goes with the form as a hidden input.
  function submitAgain(form, submitter) {
    if (submitter && submitter.name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = submitter.name;
      input.value = submitter.value;
      form.append(input);
    }
    form.requestSubmit();
  }

  function start() {
    document.querySelectorAll('form[data-edit-form][data-controller~="w-autosave"]').forEach(guard);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

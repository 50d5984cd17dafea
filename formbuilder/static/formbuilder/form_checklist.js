/* The publish checklist beside the form designer (formbuilder/panels.py), re-listed as
 * the editor types: the editor's unsaved inputs go to the server, which runs the checks
 * publishing runs (formbuilder/checklist.py) and answers with the list; only the answer
 * to the latest question is shown.
 */
(function () {
  "use strict";

  if (window.khedmatFormChecklist) {
    return;
  }

  var TEXTS = {};

  var CHECKLIST_DELAY_MS = 600;
  var checklistTimer = null;
  var checklistAsked = 0;
  var checklistSent = "";

  function editorInputs(form) {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string" || name === "csrfmiddlewaretoken") {
        return; // files are not checked; the token goes in a header
      }
      if (Object.prototype.hasOwnProperty.call(data, name)) {
        data[name] = [].concat(data[name], value);
      } else {
        data[name] = value;
      }
    });
    return data;
  }

  function itemLine(item) {
    var li = document.createElement("li");
    li.className = "fb-checklist__item" + (item.warning ? " fb-checklist__item--warning" : "") +
      (item.ready ? " fb-checklist__item--ready" : "");
    if (item.warning) {
      var strong = document.createElement("strong");
      strong.textContent = TEXTS.warning;
      li.append(strong, " ");
    }
    li.append(item.message);
    return li;
  }

  /* The warnings (missing English texts, mostly) fold into one line the editor opens:
   * they do not stop a publish, and one per question would push the form down. */
  function warningsLine(warnings) {
    var li = document.createElement("li");
    li.className = "fb-checklist__item fb-checklist__item--warning";
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    var count = TEXTS.digits === "persian" ? warnings.length.toLocaleString("fa-IR") : String(warnings.length);
    summary.textContent = String(TEXTS.warnings || "%(count)s").replace("%(count)s", count);
    var inner = document.createElement("ul");
    inner.replaceChildren.apply(inner, warnings.map(itemLine));
    details.append(summary, inner);
    li.append(details);
    return li;
  }

  function showChecklist(items) {
    var list = document.querySelector("[data-form-checklist-items]");
    if (!list) {
      return;
    }
    var signature = JSON.stringify(items);
    if (list.getAttribute("data-signature") === signature) {
      return;
    }
    list.setAttribute("data-signature", signature);
    list.setAttribute("data-fb-owned", "");
    var problems = items.filter(function (item) { return !item.warning; });
    var warnings = items.filter(function (item) { return item.warning; });
    if (!problems.length) {
      problems = [{ message: TEXTS.ready, ready: true }]; // warnings do not stop a publish
    }
    var lines = problems.map(itemLine);
    if (warnings.length) {
      lines.push(warningsLine(warnings));
    }
    list.replaceChildren.apply(list, lines);
  }

  /* Ask the server for the checklist of the editor's current inputs; only the answer to
   * the latest question is shown. */
  function askChecklist() {
    var element = document.querySelector("[data-form-checklist]");
    var form = element && element.closest("form");
    var url = element && element.getAttribute("data-checklist-url");
    if (!form || !url) {
      return;
    }
    var body = JSON.stringify({ data: editorInputs(form) });
    if (body === checklistSent) {
      return;
    }
    checklistSent = body;
    var asked = ++checklistAsked;
    var token = form.querySelector('[name="csrfmiddlewaretoken"]');
    element.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      body: body
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (asked === checklistAsked && answer && Array.isArray(answer.items)) {
        showChecklist(answer.items);
        element.setAttribute("data-checklist-asked", String(asked));
      }
    }).catch(function () {
      checklistSent = ""; // asked again at the next change
    }).then(function () {
      if (asked === checklistAsked) {
        element.removeAttribute("aria-busy");
      }
    });
  }

  function askChecklistSoon() {
    window.clearTimeout(checklistTimer);
    checklistTimer = window.setTimeout(askChecklist, CHECKLIST_DELAY_MS);
  }

  function start() {
    var element = document.querySelector("[data-form-checklist]");
    if (!element) {
      return;
    }
    try {
      Object.assign(TEXTS, JSON.parse(element.getAttribute("data-texts")));
    } catch (error) {
      return; // the server's list stays as it was rendered
    }
    window.khedmatFormState.whenEditorChanges(askChecklistSoon); // form_state.js
    askChecklistSoon();
  }

  window.khedmatFormChecklist = { ask: askChecklist };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

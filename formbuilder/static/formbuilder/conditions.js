/* Live conditions: show a question only when its condition on earlier answers holds.
 *
 * The server decides (formbuilder/conditions.py); this only mirrors its rules so the
 * page changes as the citizen answers. Without JavaScript every question is shown and
 * the server ignores the hidden ones' answers.
 */
(function () {
  "use strict";

  var TRUE_WORDS = ["true", "yes", "1", "on", "بله", "آری", "درست"];
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var ARABIC = "٠١٢٣٤٥٦٧٨٩";

  // Numbers by the server's grammar (formbuilder/conditions.py): any digits, «٫» or "."
  // for the decimal point, «٬» or "," between thousands.
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

  function latinDigits(text) {
    return String(text).replace(/[۰-۹٠-٩]/g, function (d) {
      var i = PERSIAN.indexOf(d);
      return String(i >= 0 ? i : ARABIC.indexOf(d));
    }).replace(/[٫]/g, ".").replace(/[٬,]/g, "");
  }

  function asNumber(value) {
    if (typeof value === "boolean" || value === null || value === undefined ||
        typeof value === "object") {
      return null;
    }
    var text = latinDigits(value).trim();
    return NUMBER.test(text) ? Number(text) : null;
  }

  function present(answer) {
    return answer !== null && answer !== undefined && answer !== "" &&
      !(Array.isArray(answer) && answer.length === 0);
  }

  function same(answer, expected) {
    if (typeof answer === "boolean") {
      return answer === (TRUE_WORDS.indexOf(String(expected).trim().toLowerCase()) >= 0);
    }
    if (Array.isArray(answer)) {
      return answer.map(String).indexOf(String(expected)) >= 0;
    }
    var left = asNumber(answer);
    var right = asNumber(expected);
    if (left !== null && right !== null) {
      return left === right;
    }
    return String(answer) === String(expected);
  }

  function compare(answer, expected) {
    var left = asNumber(answer);
    var right = asNumber(expected);
    if (left === null || right === null) {
      if (typeof answer === "string" && typeof expected === "string" && answer && expected) {
        left = answer; // ISO dates compare as strings
        right = expected;
      } else {
        return null;
      }
    }
    return left > right ? 1 : (left < right ? -1 : 0);
  }

  function ruleHolds(rule, answers) {
    var answer = answers[rule.field];
    var expected = rule.value;
    switch (rule.operator) {
      case "is_checked":
        return present(answer) && answer !== false;
      case "equals":
        return present(answer) && same(answer, expected);
      case "not_equals":
        return !(present(answer) && same(answer, expected));
      case "one_of":
        return present(answer) && [].concat(expected).some(function (option) {
          return same(answer, option);
        });
      case "greater_than":
      case "less_than":
        var order = present(answer) ? compare(answer, expected) : null;
        if (order === null) {
          return false;
        }
        return rule.operator === "greater_than" ? order > 0 : order < 0;
      default:
        return true;
    }
  }

  function evaluate(condition, answers) {
    if (!condition) {
      return true;
    }
    if (condition.all) {
      return condition.all.every(function (part) { return evaluate(part, answers); });
    }
    if (condition.any) {
      return condition.any.some(function (part) { return evaluate(part, answers); });
    }
    return ruleHolds(condition, answers);
  }

  function valueOf(wrapper) {
    var type = wrapper.getAttribute("data-field-type");
    var inputs = wrapper.querySelectorAll("input, select, textarea");
    if (type === "boolean") {
      return inputs.length ? inputs[0].checked : false;
    }
    if (type === "checkboxes") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    }
    if (type === "radio") {
      var checked = wrapper.querySelector("input:checked");
      return checked ? checked.value : null;
    }
    if (type === "file") {
      return inputs.length && inputs[0].files && inputs[0].files.length ? "file" : null;
    }
    return inputs.length ? inputs[0].value.trim() : null;
  }

  function earlierAnswers() {
    var script = document.getElementById("wizard-answers");
    try {
      return script ? JSON.parse(script.textContent) : {};
    } catch (error) {
      return {};
    }
  }

  function update() {
    var answers = earlierAnswers();
    var wrappers = document.querySelectorAll("[data-field-key]");
    Array.prototype.forEach.call(wrappers, function (wrapper) {
      var condition = wrapper.getAttribute("data-condition");
      var shown = true;
      if (condition) {
        try {
          shown = evaluate(JSON.parse(condition), answers);
        } catch (error) {
          shown = true;
        }
      }
      wrapper.hidden = !shown;
      Array.prototype.forEach.call(wrapper.querySelectorAll("input, select, textarea"), function (input) {
        // A question the server locked (a verified mobile) stays locked when shown.
        if (input.dataset.serverDisabled === undefined) {
          input.dataset.serverDisabled = input.disabled ? "1" : "";
        }
        input.disabled = !shown || input.dataset.serverDisabled === "1";
      });
      if (shown) {
        answers[wrapper.getAttribute("data-field-key")] = valueOf(wrapper);
      }
    });
  }

  // The evaluator, for the parity tests against formbuilder/conditions.py.
  window.khedmatConditions = { evaluate: evaluate };

  document.addEventListener("change", update);
  document.addEventListener("input", update);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();

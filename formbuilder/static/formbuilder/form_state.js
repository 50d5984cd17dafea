/* The form designer's state, read from the Wagtail editor's inputs by their names
 * (steps-0-value-fields-2-value-label…), in the order they stand on the page: steps,
 * questions with their options and rules, and the key saving will give each question
 * (formbuilder/keys.py and schema.py keys_assign, letter for letter).
 *
 * Used by form_editor.js (the rule choosers, the mobile question's guard) and
 * form_checklist.js (whenEditorChanges).
 */
(function () {
  "use strict";

  if (window.khedmatFormState) {
    return;
  }

  var QUESTION = /^(.+-fields-\d+)-value-label$/;
  var STEP_TITLE = /^([A-Za-z_]+-\d+)-value-title$/;
  var CHOICE_TYPES = ["select", "radio", "checkboxes"];
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var ARABIC = "٠١٢٣٤٥٦٧٨٩";

  function byName(name) {
    return document.querySelector('[name="' + CSS.escape(name) + '"]');
  }

  function valueOf(name) {
    var input = byName(name);
    return input ? input.value : "";
  }

  function isDeleted(prefix) {
    var input = byName(prefix + "-deleted");
    return Boolean(input && input.value === "1");
  }

  // formbuilder/persian/text.py normalize_text: ASCII digits, Persian letters, trimmed.
  function normaliseText(text) {
    return String(text || "")
      .replace(/[۰-۹٠-٩]/g, function (d) {
        var i = PERSIAN.indexOf(d);
        return String(i >= 0 ? i : ARABIC.indexOf(d));
      })
      .replace(/[يى]/g, "ی").replace(/ك/g, "ک").replace(/ة/g, "ه").replace(/\u0640/g, "")
      .trim();
  }

  // formbuilder/keys.py key_from_label and key_unique, letter for letter.
  var TRANSLITERATION = {
    "آ": "a", "ا": "a", "أ": "a", "إ": "e", "ء": "", "ئ": "y", "ؤ": "v", "ب": "b", "پ": "p",
    "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ر": "r",
    "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "a",
    "غ": "gh", "ف": "f", "ق": "gh", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "v",
    "ه": "h", "ة": "h", "ی": "i", "\u200c": "_"
  };
  var MAX_KEY_LENGTH = 40;

  /* As formbuilder/keys.py's key_from_label: a label with nothing to spell gives the
     fallback (the question's type when the caller knows it), never a bare "field". */
  function keyFromLabel(label, fallback) {
    var text = normaliseText(label).toLowerCase();
    var pieces = Array.from(text).map(function (char) {
      if (Object.prototype.hasOwnProperty.call(TRANSLITERATION, char)) {
        return TRANSLITERATION[char];
      }
      if (char.charCodeAt(0) < 128) {
        return char;
      }
      return char.normalize("NFKD").replace(/[^\x00-\x7f]/g, "") || "_";
    });
    var key = pieces.join("").replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
    if (key.length > MAX_KEY_LENGTH) {
      var cut = key.slice(0, MAX_KEY_LENGTH + 1).lastIndexOf("_");
      key = key.slice(0, cut > 0 ? cut : MAX_KEY_LENGTH).replace(/_+$/, "");
    }
    if (!key) {
      return fallback || "answer";
    }
    return /^[a-z]/.test(key) ? key : "f_" + key;
  }

  function keyUnique(key, taken) {
    if (!taken.has(key)) {
      return key;
    }
    var number = 2;
    while (taken.has(key + "_" + number)) {
      number += 1;
    }
    return key + "_" + number;
  }

  // -- The editor's state, read from its inputs ----------------------------------------

  function choicesOf(prefix) {
    var pattern = new RegExp("^" + prefix.replace(/[-]/g, "\\-") + "-value-choices-(\\d+)-value-label$");
    var found = [];
    document.querySelectorAll('input[name^="' + prefix + '-value-choices-"]').forEach(function (input) {
      var match = pattern.exec(input.name);
      var item = match && input.name.replace(/-value-label$/, "");
      if (!match || isDeleted(item)) {
        return;
      }
      var label = normaliseText(input.value);
      var value = normaliseText(valueOf(item + "-value-value")) || label;
      if (value) {
        found.push({ value: value, label: label || value });
      }
    });
    return found;
  }

  function rulesOf(prefix) {
    var rules = [];
    document.querySelectorAll('[name^="' + prefix + '-value-condition-rules-"][name$="-value-field"]')
      .forEach(function (input) {
        var item = input.name.replace(/-field$/, "");
        if (!isDeleted(item.replace(/-value$/, ""))) {
          rules.push({
            prefix: item,
            field: input.value.trim(),
            operator: valueOf(item + "-operator"),
            value: valueOf(item + "-value")
          });
        }
      });
    return rules;
  }

  function steps() {
    var found = [];
    document.querySelectorAll('input[name$="-value-title"]').forEach(function (input) {
      var match = STEP_TITLE.exec(input.name);
      if (match && !isDeleted(match[1])) {
        found.push({ prefix: match[1], title: normaliseText(input.value), questions: [] });
      }
    });
    return found;
  }

  function questionOf(input, match) {
    var prefix = match[1];
    var required = byName(prefix + "-value-required");
    return {
      prefix: prefix,
      step: prefix.replace(/-value-fields-\d+$/, ""),
      type: valueOf(prefix + "-type"),
      label: normaliseText(input.value),
      labelInput: input,
      keyInput: byName(prefix + "-value-key"),
      required: Boolean(required && required.checked),
      choices: choicesOf(prefix),
      rules: rulesOf(prefix)
    };
  }

  /* Every question in page order, with the key saving will give it: the typed one, or
   * one made from its text as formbuilder/schema.py keys_assign makes it. */
  function readForm() {
    var form = { steps: steps(), questions: [] };
    var stepsByPrefix = {};
    form.steps.forEach(function (step) { stepsByPrefix[step.prefix] = step; });
    document.querySelectorAll('input[name$="-value-label"]').forEach(function (input) {
      var match = QUESTION.exec(input.name);
      if (!match || isDeleted(match[1])) {
        return;
      }
      var question = questionOf(input, match);
      if (stepsByPrefix[question.step]) {
        stepsByPrefix[question.step].questions.push(question);
        form.questions.push(question);
      }
    });
    var taken = new Set();
    form.questions.forEach(function (q) {
      q.typedKey = q.keyInput ? q.keyInput.value.trim() : "";
      if (q.typedKey) {
        taken.add(q.typedKey);
      }
    });
    form.questions.forEach(function (q) {
      q.key = q.typedKey || keyUnique(keyFromLabel(q.label, q.type), taken);
      taken.add(q.key);
    });
    return form;
  }

  function findQuestion(list, name) {
    var text = normaliseText(name);
    return list.find(function (q) { return q.key === name; }) ||
      list.find(function (q) { return q.label === text; }) || null;
  }

  function hasChoices(question) {
    return CHOICE_TYPES.indexOf(question.type) >= 0;
  }

  function splitValues(raw) {
    return String(raw || "").split(/[,،؛;]/).map(normaliseText).filter(Boolean);
  }

  /* Calls `callback` whenever the form may have changed: an input typed or changed, or
   * questions, steps and rules added, moved or deleted (not the designer's own widgets,
   * marked data-fb-owned). */
  function whenEditorChanges(callback) {
    document.addEventListener("input", callback);
    document.addEventListener("change", callback);
    new MutationObserver(function (mutations) {
      var outside = mutations.some(function (m) {
        return !(m.target.closest && m.target.closest("[data-fb-owned]"));
      });
      if (outside) {
        callback();
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  window.khedmatFormState = {
    byName: byName,
    valueOf: valueOf,
    isDeleted: isDeleted,
    normaliseText: normaliseText,
    keyFromLabel: keyFromLabel,
    readForm: readForm,
    findQuestion: findQuestion,
    hasChoices: hasChoices,
    splitValues: splitValues,
    whenEditorChanges: whenEditorChanges
  };
})();

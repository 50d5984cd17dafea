/* A condition read back as a Persian sentence, for the form designer: «فقط وقتی نشان داده
 * شود که «نوع متقاضی» «حقوقی» باشد».
 *
 * The one builder in the browser, used by the rule editor (form_editor.js) and the
 * outline's question summaries (designer.js); formbuilder/condition_text.py
 * (condition_sentence) is the same rule in Python and gives the words (rule_texts), so
 * tests/browser/test_rule_sentence_parity.py can hold the two together.
 *
 * A condition is the schema's: a rule {field, operator, value} or {all|any: [...]};
 * `specs` names each question by its key: {label, type, choices: [{value, label}]}.
 */
(function () {
  "use strict";

  if (window.khedmatRuleSentence) {
    return;
  }

  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var OPERATORS = ["equals", "not_equals", "one_of", "is_checked", "greater_than", "less_than"];
  var SEPARATORS = /[,،؛;]/;

  function format(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name] === undefined ? match : values[name];
    });
  }

  function localDigits(text, texts) {
    text = String(text);
    return texts.digits === "persian" ? text.replace(/[0-9]/g, function (d) { return PERSIAN[d]; }) : text;
  }

  function optionsOf(spec, texts) {
    if (spec.type === "boolean") {
      return [{ value: "true", label: texts.checked }, { value: "false", label: texts.not_checked }];
    }
    return (spec.choices || []).filter(function (choice) {
      return choice && choice.value !== undefined && choice.value !== null && choice.value !== "";
    });
  }

  function valuesOf(rule) {
    var value = rule.value;
    if (rule.operator === "one_of") {
      var raw = Array.isArray(value) ? value : String(value === undefined || value === null ? "" : value).split(SEPARATORS);
      return raw.map(function (item) { return String(item).trim(); }).filter(Boolean);
    }
    var text = String(value === undefined || value === null ? "" : value).trim();
    return text ? [text] : [];
  }

  /* One rule's clause; the "not complete yet" words while its question, operator or
   * value is missing. */
  function ruleSentence(rule, spec, texts) {
    var operator = rule && rule.operator;
    var values = rule ? valuesOf(rule) : [];
    if (!spec || !operator || (operator !== "is_checked" && !values.length)) {
      return texts.incomplete;
    }
    var options = optionsOf(spec, texts);
    function shown(value) {
      var option = options.find(function (o) { return String(o.value) === value; });
      return localDigits(option ? option.label || option.value : value, texts);
    }
    var field = localDigits(spec.label || texts.untitled, texts);
    if (operator === "one_of") {
      var listed = values.map(function (v) { return "«" + shown(v) + "»"; });
      return format(texts.one_of, { field: field, value: listed.join(texts.comma) });
    }
    var name = operator === "equals" && spec.type === "checkboxes" ? "includes" : operator;
    var known = OPERATORS.indexOf(name) >= 0 || name === "includes";
    return format(known ? texts[name] : texts.equals, { field: field, value: shown(values[0]) });
  }

  function clauses(condition, specs, texts) {
    if (condition.all || condition.any) {
      var parts = condition.all || condition.any;
      var joiner = condition.all ? texts.and : texts.or;
      return parts.map(function (part) { return clauses(part, specs, texts); }).join(joiner);
    }
    var spec = Object.prototype.hasOwnProperty.call(specs, condition.field) ? specs[condition.field] : null;
    return ruleSentence(condition, spec, texts);
  }

  /* The whole condition: «فقط وقتی نشان داده شود که … و …». */
  function conditionSentence(condition, specs, texts) {
    if (!condition) {
      return "";
    }
    return format(texts.sentence, { rules: clauses(condition, specs || {}, texts) });
  }

  window.khedmatRuleSentence = { rule: ruleSentence, condition: conditionSentence };
})();

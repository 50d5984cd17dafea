/* The form designer's helpers in the Wagtail editor (formbuilder/blocks.py, panels.py).
 *
 * - A condition rule is chosen, never typed: the question from a drop-down of the earlier
 *   questions by their text, the operator from the ones that suit that question, the
 *   value from its options when it has them; the rule reads back as a Persian sentence
 *   (rule_sentence.js). What is stored stays the rule block's plain inputs: the
 *   question's key, the operator and the value, so schemas and answers made before keep
 *   working.
 * - The required mobile question says why it cannot be removed, and cannot be deleted.
 *
 * The editor's state is read from its inputs by form_state.js; the publish checklist
 * beside the editor is form_checklist.js's.
 */
(function () {
  "use strict";

  if (window.khedmatFormEditor) {
    return;
  }

  var RULE_OWNER = /^(.+-fields-\d+)-value-condition-rules-\d+-value$/;
  var NUMBER_TYPES = ["integer", "decimal", "jalali_date"];
  var ALL_OPERATORS = ["equals", "not_equals", "one_of", "is_checked", "greater_than", "less_than"];
  var state = window.khedmatFormState; // form_state.js
  var byName = state.byName;
  var valueOf = state.valueOf;
  var isDeleted = state.isDeleted;
  var normaliseText = state.normaliseText;
  var readForm = state.readForm;
  var findQuestion = state.findQuestion;
  var hasChoices = state.hasChoices;
  var splitValues = state.splitValues;
  var TEXTS = {};
  var editors = [];

  function owned(element) {
    element.setAttribute("data-fb-owned", "");
    return element;
  }

  function operatorsFor(question) {
    if (!question) {
      return ALL_OPERATORS;
    }
    if (question.type === "file") {
      return ["is_checked"];
    }
    if (question.type === "boolean") {
      return ["equals", "not_equals", "is_checked"];
    }
    if (NUMBER_TYPES.indexOf(question.type) >= 0) {
      return ALL_OPERATORS;
    }
    return ["equals", "not_equals", "one_of", "is_checked"];
  }

  function optionsOf(question) {
    if (question && question.type === "boolean") {
      return [{ value: "true", label: TEXTS.checked }, { value: "false", label: TEXTS.not_checked }];
    }
    return question && hasChoices(question) ? question.choices : null;
  }

  // -- A rule as a sentence (rule_sentence.js, the one builder) ----------------------

  function specOf(question) {
    return question ? { label: question.label, type: question.type, choices: question.choices } : null;
  }

  function ruleText(rule, target) {
    var value = rule.operator === "one_of" ? splitValues(rule.value) : normaliseText(rule.value);
    return window.khedmatRuleSentence.rule({ operator: rule.operator, value: value }, specOf(target), TEXTS);
  }

  // -- The rule block's choosers ------------------------------------------------------

  function RuleEditor(block, prefix) {
    this.block = block;
    this.prefix = prefix;
    var owner = RULE_OWNER.exec(prefix);
    this.owner = owner ? owner[1] : null;
    this.fieldInput = byName(prefix + "-field");
    this.operatorSelect = byName(prefix + "-operator");
    this.valueInput = byName(prefix + "-value");
    this.build();
  }

  RuleEditor.prototype.build = function () {
    var self = this;
    if (!this.owner || !this.fieldInput || !this.operatorSelect || !this.valueInput) {
      return; // a rule outside a form's question (a routing rule): keys are typed there
    }
    var wrapper = this.fieldInput.closest("[data-field-wrapper], .w-field__wrapper");
    var help = wrapper && wrapper.querySelector(".w-field__help, [data-field-help]");
    if (help) {
      help.hidden = true; // it explains the typed key the chooser replaces
    }
    this.fieldSelect = owned(document.createElement("select"));
    this.fieldSelect.setAttribute("data-rule-question", "");
    this.fieldSelect.id = this.fieldInput.id;
    this.fieldInput.id = this.fieldInput.id + "-key";
    this.fieldInput.type = "hidden";
    this.fieldInput.after(this.fieldSelect);
    this.fieldSelect.addEventListener("change", function () { self.choose(); });

    this.valueSelect = owned(document.createElement("select"));
    this.valueSelect.setAttribute("data-rule-value", "");
    this.valueChecks = owned(document.createElement("fieldset"));
    this.valueChecks.className = "fb-rule-values";
    this.valueChecks.setAttribute("data-rule-values", "");
    this.valueInput.after(this.valueSelect, this.valueChecks);
    this.valueSelect.addEventListener("change", function () {
      self.valueInput.value = self.valueSelect.value;
    });
    this.valueChecks.addEventListener("change", function () {
      var checked = self.valueChecks.querySelectorAll("input:checked");
      self.valueInput.value = Array.from(checked, function (i) { return i.value; }).join(", ");
    });

    this.sentence = owned(document.createElement("p"));
    this.sentence.className = "fb-rule-sentence";
    this.sentence.setAttribute("data-rule-sentence", "");
    this.element().append(this.sentence);
  };

  RuleEditor.prototype.element = function () {
    var container = this.block.container;
    return container && container[0] ? container[0] : this.fieldInput.closest("[data-contentpath]") ||
      this.fieldInput.parentNode;
  };

  RuleEditor.prototype.alive = function () {
    return Boolean(this.sentence) && document.body.contains(this.fieldInput);
  };

  /* The editor chose a question: store its key, and give a question that has no key yet
   * the one saving would give it, so the rule and the question agree from now on. */
  RuleEditor.prototype.choose = function () {
    var form = readForm();
    var target = form.questions.find(function (q) { return q.key === this.fieldSelect.value; }, this);
    this.fieldInput.value = this.fieldSelect.value;
    if (target && target.keyInput && !target.typedKey) {
      target.keyInput.value = target.key;
    }
    this.valueInput.value = "";
    refreshSoon();
  };

  RuleEditor.prototype.earlier = function (form) {
    var index = form.questions.findIndex(function (q) { return q.prefix === this.owner; }, this);
    return index < 0 ? form.questions : form.questions.slice(0, index);
  };

  RuleEditor.prototype.refresh = function (form) {
    var earlier = this.earlier(form);
    var stored = this.fieldInput.value.trim();
    var target = stored ? findQuestion(earlier, stored) : null;
    if (target && target.key !== stored) {
      this.fieldInput.value = target.key; // a rule made when the question's text was typed
    }
    if (target && target.keyInput && !target.typedKey) {
      target.keyInput.value = target.key; // keep the key the rule names, whatever the text becomes
    }
    this.fillQuestions(earlier, target, stored);
    this.fillOperators(target);
    this.fillValue(target);
    this.target = target;
    var text = this.sentenceText(form, earlier);
    if (this.sentence.textContent !== text) {
      this.sentence.textContent = text;
    }
  };

  /* The last rule of a condition reads the whole condition back («… و …» for "all of
   * these", «… یا …» for "any"); the ones before it read their own clause. */
  RuleEditor.prototype.sentenceText = function (form, earlier) {
    var owner = this.owner;
    var question = form.questions.find(function (q) { return q.prefix === owner; });
    var rules = question ? question.rules : [];
    if (rules.length > 1 && rules[rules.length - 1].prefix !== this.prefix) {
      return ruleText(this.rule(), this.target);
    }
    if (rules.length < 2) {
      rules = [{ field: this.target ? this.target.key : "", operator: this.rule().operator, value: this.rule().value }];
    }
    var specs = {};
    var parts = rules.map(function (rule) {
      var target = rule.field ? findQuestion(earlier, rule.field) : null;
      var key = target ? target.key : "";
      if (target) {
        specs[key] = specOf(target);
      }
      var value = rule.operator === "one_of" ? splitValues(rule.value) : normaliseText(rule.value);
      return { field: key, operator: rule.operator, value: value };
    });
    var any = valueOf(owner + "-value-condition-match") === "any";
    var condition = parts.length > 1 ? (any ? { any: parts } : { all: parts }) : parts[0];
    return window.khedmatRuleSentence.condition(condition, specs, TEXTS);
  };

  RuleEditor.prototype.rule = function () {
    return { operator: this.operatorSelect.value, value: this.valueInput.value };
  };

  RuleEditor.prototype.getTextLabel = function () {
    return ruleText(this.rule(), this.target);
  };

  function replaceOptions(select, options, selected) {
    var signature = JSON.stringify(options) + "|" + selected;
    if (select.getAttribute("data-signature") === signature) {
      return;
    }
    select.setAttribute("data-signature", signature);
    select.replaceChildren.apply(select, options.map(function (option) {
      var element = document.createElement("option");
      element.value = option.value;
      element.textContent = option.label;
      element.disabled = Boolean(option.disabled);
      element.selected = option.value === selected;
      return element;
    }));
    select.value = selected;
  }

  RuleEditor.prototype.fillQuestions = function (earlier, target, stored) {
    var options = [{ value: "", label: earlier.length ? TEXTS.choose_question : TEXTS.no_earlier }];
    earlier.forEach(function (q) {
      options.push({ value: q.key, label: q.label || TEXTS.untitled });
    });
    if (stored && !target) {
      options.push({ value: stored, label: TEXTS.incomplete, disabled: true });
    }
    replaceOptions(this.fieldSelect, options, target ? target.key : stored);
  };

  RuleEditor.prototype.fillOperators = function (target) {
    var allowed = operatorsFor(target);
    var current = this.operatorSelect.value;
    Array.prototype.forEach.call(this.operatorSelect.options, function (option) {
      var off = Boolean(option.value) && allowed.indexOf(option.value) < 0 && option.value !== current;
      option.hidden = off;
      option.disabled = off;
    });
    // A new rule starts on the first operator that suits its question («برابر باشد با»
    // for a choice), so the value's chooser shows as soon as the question is chosen.
    if (target && allowed.indexOf(current) < 0 && (allowed.length === 1 || current === "")) {
      this.operatorSelect.value = allowed[0];
    }
  };

  RuleEditor.prototype.fillValue = function (target) {
    var operator = this.operatorSelect.value;
    var options = optionsOf(target);
    var wrapper = this.valueInput.closest("[data-field-wrapper], .w-field__wrapper");
    var none = operator === "is_checked" || operator === "";
    var checks = Boolean(options) && operator === "one_of";
    var select = Boolean(options) && !checks;
    if (wrapper) {
      wrapper.hidden = none;
      var help = wrapper.querySelector(".w-field__help, [data-field-help]");
      if (help) {
        help.hidden = checks || select; // it explains typing values the choosers replace
      }
    }
    this.valueInput.hidden = none || checks || select;
    this.valueSelect.hidden = !select;
    this.valueChecks.hidden = !checks;
    if (select) {
      var current = normaliseText(this.valueInput.value);
      replaceOptions(this.valueSelect,
        [{ value: "", label: TEXTS.choose_value }].concat(options), current);
    }
    if (checks) {
      this.fillChecks(options);
    }
    var numeric = target && ["text", "textarea", "email", "jalali_date"].indexOf(target.type) < 0;
    this.valueInput.inputMode = numeric && !options ? "numeric" : "text";
  };

  RuleEditor.prototype.fillChecks = function (options) {
    var chosen = splitValues(this.valueInput.value);
    var signature = JSON.stringify(options) + "|" + chosen.join(",");
    if (this.valueChecks.getAttribute("data-signature") === signature) {
      return;
    }
    this.valueChecks.setAttribute("data-signature", signature);
    var prefix = this.prefix;
    this.valueChecks.replaceChildren.apply(this.valueChecks, options.map(function (option, i) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = option.value;
      box.id = prefix + "-value-option-" + i;
      box.checked = chosen.indexOf(option.value) >= 0;
      label.append(box, " ", option.label);
      return label;
    }));
  };

  function mobileQuestion(form) {
    return form.questions.find(function (q) {
      return q.type === "mobile" && q.required && !q.rules.length;
    }) || null;
  }

  // -- The required mobile question ---------------------------------------------------

  function guardMobile(form) {
    var mobile = mobileQuestion(form);
    var keep = mobile ? mobile.labelInput.closest("[data-streamfield-child]") : null;
    document.querySelectorAll("[data-fb-mobile-note]").forEach(function (note) {
      if (!keep || !keep.contains(note)) {
        note.remove();
      }
    });
    document.querySelectorAll("[data-fb-locked]").forEach(function (button) {
      if (!keep || !keep.contains(button)) {
        button.disabled = false;
        button.removeAttribute("data-fb-locked");
      }
    });
    if (!keep) {
      return;
    }
    if (!keep.querySelector("[data-fb-mobile-note]")) {
      var note = owned(document.createElement("p"));
      note.className = "help fb-mobile-note";
      note.setAttribute("data-fb-mobile-note", "");
      note.textContent = TEXTS.mobile_note;
      var wrapper = mobile.labelInput.closest("[data-field-wrapper], .w-field__wrapper") || mobile.labelInput;
      wrapper.before(note);
    }
    var remove = keep.querySelector('[data-streamfield-action="DELETE"]');
    if (remove && !remove.hasAttribute("data-fb-locked")) {
      remove.disabled = true;
      remove.title = TEXTS.mobile_note;
      remove.setAttribute("data-fb-locked", "");
    }
  }

  // -- A condition's own controls -----------------------------------------------------

  /* «همه/هر یک» (all or any of the rules) means something from the second rule on: it is
   * hidden before. The rules' add buttons say what they add («افزودن شرط»). */
  function tidyConditions() {
    document.querySelectorAll('select[name$="-condition-match"]').forEach(function (select) {
      var prefix = select.name.replace(/-match$/, "");
      var rules = Array.prototype.filter.call(
        document.querySelectorAll('[name^="' + prefix + '-rules-"][name$="-value-field"]'),
        function (input) { return !isDeleted(input.name.replace(/-value-field$/, "")); }
      );
      var wrapper = select.closest("[data-field-wrapper], .w-field__wrapper") || select;
      if (wrapper.hidden !== rules.length < 2) {
        wrapper.hidden = rules.length < 2;
      }
      var count = byName(prefix + "-rules-count");
      var list = count && count.parentNode.querySelector("[data-streamfield-list-container]");
      if (list && TEXTS.add_rule) {
        labelButtons(list.querySelectorAll(":scope > button.c-sf-add-button"), TEXTS.add_rule);
      }
    });
  }

  function labelButtons(buttons, text) {
    buttons.forEach(function (button) {
      if (button.querySelector(".fb-add-label")) {
        return;
      }
      var label = owned(document.createElement("span"));
      label.className = "fb-add-label";
      label.textContent = text;
      button.append(label);
      button.title = text;
      button.classList.add("fb-add-button");
    });
  }

  // -- Keeping everything in step with the editor --------------------------------------

  var scheduled = false;

  function refresh() {
    scheduled = false;
    var form = readForm();
    editors = editors.filter(function (editor) { return editor.alive(); });
    editors.forEach(function (editor) { editor.refresh(form); });
    guardMobile(form);
    tidyConditions();
    // Every rule has its sentence and the checklist is the live one (for the tests).
    document.querySelectorAll("[data-form-checklist]:not([data-form-editor-ready])")
      .forEach(function (element) { element.setAttribute("data-form-editor-ready", ""); });
  }

  function refreshSoon() {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(refresh);
    }
  }

  function start() {
    var checklistElement = document.querySelector("[data-form-checklist]");
    if (checklistElement) {
      try {
        Object.assign(TEXTS, JSON.parse(checklistElement.getAttribute("data-texts")));
      } catch (error) {
        // The server's list stays as it was rendered.
      }
    }
    state.whenEditorChanges(refreshSoon);
    refreshSoon();
  }

  if (window.wagtailStreamField && window.telepath) {
    var StructBlockDefinition = window.wagtailStreamField.blocks.StructBlockDefinition;

    class ConditionRuleBlockDefinition extends StructBlockDefinition {
      render(placeholder, prefix, initialState, initialError) {
        var block = super.render(placeholder, prefix, initialState, initialError);
        Object.assign(TEXTS, this.meta.texts || {});
        var editor = new RuleEditor(block, prefix);
        if (editor.sentence) {
          block.getTextLabel = function () { return editor.getTextLabel(); };
          editors.push(editor);
        }
        refreshSoon();
        return block;
      }
    }
    window.telepath.register("formbuilder.blocks.ConditionRuleBlock", ConditionRuleBlockDefinition);
  }

  // For the tests: the key a label gets, as formbuilder/keys.py makes it.
  window.khedmatFormEditor = { keyFromLabel: state.keyFromLabel, readForm: readForm };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

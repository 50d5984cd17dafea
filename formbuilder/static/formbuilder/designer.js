/* The form designer's outline (formbuilder/blocks.py, formbuilder/designer.py).
 *
 * Built on Wagtail's documented client-side block API: each definition below extends
 * one of `window.wagtailStreamField.blocks` and is registered with telepath under the
 * name its Python adapter gives.
 *
 * - A question, collapsed, reads as one line: its text, required or optional, and its
 *   rule as a sentence («فقط وقتی نشان داده شود که «نوع متقاضی» «حقوقی» باشد», made by
 *   rule_sentence.js).
 * - A stream's add buttons say what they add («افزودن پرسش», «افزودن مرحله»).
 * - The question picker shows each type's one-line description under its name.
 * - The steps stream offers the library's ready steps: one click appends a copy, open
 *   for editing; it is saved with the form like any step the editor built.
 */
(function () {
  "use strict";

  var blocks = window.wagtailStreamField.blocks;
  var rendered = []; // every question block on the page, to name a rule's target
  var descriptions = {}; // a type's label -> its one-line description

  // A question's block as rule_sentence.js names it: its text, type and options.
  function specOf(block) {
    var state = block.getState();
    var choices = (state.choices || []).map(function (item) {
      var choice = item && item.value && typeof item.value === "object" ? item.value : item;
      if (!choice) return null;
      var label = String(choice.label || "").trim();
      var value = String(choice.value || "").trim() || label;
      return { value: value, label: label || value };
    }).filter(Boolean);
    var type = block.blockDef ? block.blockDef.name : "";
    return { key: state.key, label: state.label, type: type, choices: choices };
  }

  function targetOf(name) {
    var found = null;
    rendered.forEach(function (block) {
      // A block out of the page is skipped only once it has been in it (deleted);
      // while the editor first renders, the questions are not in the page yet.
      var element = block.container ? block.container[0] : null;
      if (element && element.isConnected) block.fbSeen = true;
      else if (block.fbSeen || !element) return;
      var spec = specOf(block);
      if (spec.key === name || spec.label === name) found = spec;
    });
    return found;
  }

  // The rule's sentence comes from rule_sentence.js, as in the rule's own editor.
  function questionSummary(state, words) {
    if (!state.label) return null;
    var parts = [state.label, state.required ? words.required : words.optional];
    var condition = state.condition || {};
    var rules = (condition.rules || []).map(function (item) {
      return item && item.value ? item.value : item;
    }).filter(Boolean);
    if (rules.length) {
      var specs = {};
      var schemaRules = rules.map(function (rule) {
        var target = rule.field ? targetOf(rule.field) : null;
        if (target) specs[rule.field] = target;
        return { field: rule.field, operator: rule.operator, value: rule.value };
      });
      var whole = schemaRules.length === 1 ? schemaRules[0] :
        (condition.match === "any" ? { any: schemaRules } : { all: schemaRules });
      parts.push(window.khedmatRuleSentence.condition(whole, specs, words.rule));
    }
    return parts.join(" · ");
  }

  class QuestionBlockDefinition extends blocks.StructBlockDefinition {
    constructor(name, childBlockDefs, meta) {
      super(name, childBlockDefs, meta);
      if (meta.description) descriptions[meta.label] = meta.description;
    }

    render(placeholder, prefix, initialState, initialError, parentCapabilities) {
      var block = super.render(placeholder, prefix, initialState, initialError, parentCapabilities);
      var words = this.meta.summaryWords;
      rendered.push(block);
      block.getTextLabel = function () {
        return questionSummary(block.getState(), words);
      };
      return block;
    }
  }

  function labelAddButtons(block, text) {
    var sequence = block.sequenceContainer ? block.sequenceContainer[0] : null;
    if (!sequence || !text) return;
    function apply() {
      sequence.querySelectorAll(":scope > div > button.c-sf-add-button").forEach(function (button) {
        if (button.querySelector(".fb-add-label")) return;
        var label = document.createElement("span");
        label.className = "fb-add-label";
        label.textContent = text;
        button.appendChild(label);
        button.setAttribute("title", text);
        button.classList.add("fb-add-button");
      });
    }
    apply();
    new MutationObserver(apply).observe(sequence, { childList: true });
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
      .join("-");
  }

  function offerReadySteps(block, meta) {
    var steps = meta.readySteps || [];
    if (!steps.length) return;
    var bar = document.createElement("div");
    bar.className = "fb-ready-steps";
    var heading = document.createElement("span");
    heading.className = "fb-ready-steps__heading";
    heading.textContent = meta.readyStepsLabel;
    bar.appendChild(heading);
    steps.forEach(function (ready) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary fb-ready-steps__step";
      button.textContent = ready.title;
      button.setAttribute("title", ready.summary);
      button.addEventListener("click", function () {
        // A copy with new block ids: the editor's panels are named after them.
        var state = JSON.parse(JSON.stringify(ready.state));
        (state.fields || []).forEach(function (question) {
          question.id = newId();
        });
        block.insert({ type: "step", value: state, id: newId() }, block.children.length, {
          animate: true,
          focus: true,
        });
      });
      bar.appendChild(button);
    });
    block.container[0].appendChild(bar);
  }

  class LabelledStreamBlockDefinition extends blocks.StreamBlockDefinition {
    render(placeholder, prefix, initialState, initialError) {
      var block = super.render(placeholder, prefix, initialState, initialError);
      labelAddButtons(block, this.meta.addLabel);
      offerReadySteps(block, this.meta);
      return block;
    }
  }

  // The picker (Wagtail's combobox) shows a type's name only; add its description.
  function describeOptions(root) {
    root.querySelectorAll(".w-combobox__option-text").forEach(function (text) {
      if (text.querySelector(".fb-option-description")) return;
      var description = descriptions[text.textContent.trim()];
      if (!description) return;
      var line = document.createElement("small");
      line.className = "fb-option-description";
      line.textContent = description;
      text.appendChild(line);
    });
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) describeOptions(node.parentNode || node);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  window.telepath.register("formbuilder.blocks.QuestionBlock", QuestionBlockDefinition);
  window.telepath.register("formbuilder.blocks.LabelledStreamBlock", LabelledStreamBlockDefinition);
})();

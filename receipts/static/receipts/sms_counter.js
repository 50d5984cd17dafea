/* Live counter of the admin's SMS text box (receipts/widgets.py: SmsBodyWidget).
 *
 * Shows the characters and SMS parts of the text as written and once its placeholders
 * are filled with typical values, and marks the counter when the filled text needs
 * more than one SMS. `smsLength` mirrors receipts/sms/length.py and `fillSamples`
 * mirrors SmsTemplate.render: change them together (tests/receipts/test_widgets.py
 * runs both sides on the same texts).
 *
 * Boxes are found when the page is ready and whenever Wagtail adds some later (an
 * inline panel's new form, a modal), so the script may load before or after them.
 */
(function (root) {
  "use strict";

  if (root.khedmatSmsCounter) {
    return; // loaded twice (two forms' media): the first copy does the work
  }

  // GSM 03.38 basic set (without the escape) and extension table (counts twice).
  var GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
    " !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
    "¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM_EXTENSION = "\f^{}\\[~]|€";
  // [characters in a single part, characters per part of a split text]
  var PART_SIZES = { gsm7: [160, 153], ucs2: [70, 67] };
  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  var PLACEHOLDER = /\{([^{}]*)\}/g;
  var FORMAT_FIELD = /%\((\w+)\)s|%%/g;

  function gsmSeptets(text) {
    var septets = 0;
    // JavaScript strings are UTF-16: an emoji's two halves are not GSM, as in Python.
    for (var i = 0; i < text.length; i++) {
      var character = text.charAt(i);
      if (GSM_BASIC.indexOf(character) >= 0) {
        septets += 1;
      } else if (GSM_EXTENSION.indexOf(character) >= 0) {
        septets += 2;
      } else {
        return null;
      }
    }
    return septets;
  }

  function smsLength(text) {
    text = String(text === null || text === undefined ? "" : text);
    var septets = gsmSeptets(text);
    var encoding = septets === null ? "ucs2" : "gsm7";
    var characters = septets === null ? text.length : septets;
    var single = PART_SIZES[encoding][0];
    var multi = PART_SIZES[encoding][1];
    if (characters === 0) {
      return { characters: 0, parts: 0, encoding: encoding, perPart: single, limit: single };
    }
    if (characters <= single) {
      return { characters: characters, parts: 1, encoding: encoding, perPart: single, limit: single };
    }
    var parts = Math.ceil(characters / multi);
    return {
      characters: characters, parts: parts, encoding: encoding, perPart: multi, limit: parts * multi
    };
  }

  function fillSamples(text, samples) {
    return String(text).replace(PLACEHOLDER, function (match, name) {
      return Object.prototype.hasOwnProperty.call(samples, name) ? String(samples[name]) : match;
    });
  }

  function localDigits(value, language) {
    var text = String(value);
    if (language !== "fa") {
      return text;
    }
    return text.replace(/[0-9]/g, function (digit) {
      return PERSIAN_DIGITS.charAt(Number(digit));
    });
  }

  // Fills a gettext sentence's "%(name)s" fields, as Python's % operator does.
  function formatCount(sentence, values, language) {
    return String(sentence || "").replace(FORMAT_FIELD, function (match, name) {
      if (match === "%%") {
        return "%";
      }
      return Object.prototype.hasOwnProperty.call(values, name)
        ? localDigits(values[name], language)
        : match;
    });
  }

  function parseJson(text) {
    try {
      return JSON.parse(text || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function setText(element, text) {
    // Unchanged lines are left alone, so the live region only announces real changes.
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  var attached = typeof WeakSet === "function" ? new WeakSet() : null;

  function attach(box) {
    if (!attached || attached.has(box)) {
      return;
    }
    var textarea = box.querySelector("textarea");
    var counter = box.querySelector("[data-sms-counter]");
    if (!textarea || !counter) {
      return;
    }
    attached.add(box);
    var samples = parseJson(box.getAttribute("data-sms-samples"));
    var texts = parseJson(box.getAttribute("data-sms-texts"));
    var language = (
      box.getAttribute("data-sms-language") || document.documentElement.lang || ""
    ).split("-")[0];
    var written = counter.querySelector("[data-sms-written]");
    var filled = counter.querySelector("[data-sms-filled]");
    var warning = counter.querySelector("[data-sms-warning]");

    function update() {
      var asWritten = smsLength(textarea.value);
      var withSamples = smsLength(fillSamples(textarea.value, samples));
      var over = withSamples.parts > 1;
      setText(written, formatCount(texts.written, asWritten, language));
      setText(filled, formatCount(texts.filled, withSamples, language));
      counter.classList.toggle("sms-counter--over", over);
      if (warning) {
        warning.hidden = !over;
      }
    }

    textarea.addEventListener("input", update);
    textarea.addEventListener("change", update);
    update();
  }

  function attachWithin(node) {
    if (!node || node.nodeType !== 1) {
      return;
    }
    if (node.matches("[data-sms-body]")) {
      attach(node);
    }
    var boxes = node.querySelectorAll("[data-sms-body]");
    for (var i = 0; i < boxes.length; i++) {
      attach(boxes[i]);
    }
  }

  function start() {
    attachWithin(document.documentElement);
    if (typeof MutationObserver !== "function") {
      return;
    }
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        var added = mutations[i].addedNodes;
        for (var j = 0; j < added.length; j++) {
          attachWithin(added[j]);
        }
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  var api = {
    smsLength: smsLength,
    fillSamples: fillSamples,
    formatCount: formatCount,
    GSM_BASIC: GSM_BASIC,
    GSM_EXTENSION: GSM_EXTENSION
  };
  root.khedmatSmsCounter = api;
  if (typeof module === "object" && module.exports) {
    module.exports = api; // for the tests, run under Node
  }

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }
})(typeof window !== "undefined" ? window : globalThis);

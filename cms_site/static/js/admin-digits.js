// Persian digits in the numbers Wagtail's own scripts draw after the page has loaded
// (issue 15, item 3): counters, «n selected», the bulk actions' count, character counts,
// the minimap, the sidebar's badges. The server already rewrites the page it sends
// (cms_site/middleware.py, formbuilder/persian/html.py); this follows the same rule for
// what changes later: text a reader sees, by word. Left alone: anything typed or edited
// (inputs, textareas, contenteditable editors), code (script, style, code, pre, kbd,
// samp), anything marked translate="no", the Jalali picker's calendar, and words
// holding a Latin letter, «@» or «/» (names, addresses, «v2»). Only when the admin is in
// Persian.
(function () {
  'use strict';
  if (!/^fa\b/.test(document.documentElement.lang || '')) return;

  var PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
  var LATIN_DIGIT = /[0-9]/;
  var NOT_READ = /[A-Za-z@/\\]/;
  // jdp-container: the bundled Jalali picker draws its own calendar (its own digits option).
  var SKIPPED =
    'script, style, textarea, code, pre, kbd, samp, [translate="no"], [contenteditable], ' +
    'jdp-container';

  function toPersian(text) {
    return text.replace(/\S+/g, function (word) {
      if (!LATIN_DIGIT.test(word) || NOT_READ.test(word)) return word;
      return word.replace(/[0-9]/g, function (digit) {
        return PERSIAN[digit];
      });
    });
  }

  function fixText(node) {
    if (!LATIN_DIGIT.test(node.data)) return;
    var parent = node.parentElement;
    if (!parent || parent.closest(SKIPPED)) return;
    var fixed = toPersian(node.data);
    if (fixed !== node.data) node.data = fixed; // unchanged text: no new mutation, no loop
  }

  function fixTree(root) {
    if (root.nodeType === Node.TEXT_NODE) {
      fixText(root);
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE || root.closest(SKIPPED)) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    texts.forEach(fixText);
  }

  function start() {
    fixTree(document.body);
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        if (record.type === 'characterData') fixText(record.target);
        else record.addedNodes.forEach(fixTree);
      });
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

// The waiting room's screen: polls the latest calls and redraws the board, no reload,
// no mouse. Without JavaScript the page refreshes itself (a <noscript> meta refresh).
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-hall-url");
  var rows = document.querySelector("[data-hall-rows]");
  if (!url || !rows) return;
  var empty = rows.querySelector("[data-hall-empty] td");
  var emptyText = empty ? empty.textContent : "";
  var last = null;

  function cell(text, className) {
    var td = document.createElement("td");
    td.className = className;
    td.textContent = text;
    return td;
  }

  function draw(calls) {
    var key = JSON.stringify(calls);
    if (key === last) return;
    last = key;
    rows.textContent = "";
    if (!calls.length) {
      var tr = document.createElement("tr");
      var td = cell(emptyText, "");
      td.colSpan = 2;
      tr.appendChild(td);
      rows.appendChild(tr);
      return;
    }
    calls.forEach(function (call, index) {
      var tr = document.createElement("tr");
      if (index === 0) tr.className = "hall__latest";
      tr.appendChild(cell(call.ticket, "hall__ticket"));
      tr.appendChild(cell(call.counter, "hall__counter"));
      rows.appendChild(tr);
    });
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) draw(data.calls); })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 3000);
})();

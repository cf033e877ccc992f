"use strict";
(function () {
  var main = document.querySelector("main[data-file]");
  if (!main) {
    return;
  }
  // Each segment and its translation light up together, by pointer and by keyboard.
  function light(ev, on) {
    var el = ev.target.closest ? ev.target.closest("[data-seg]") : null;
    if (!el) {
      return;
    }
    document.querySelectorAll('[data-seg="' + el.getAttribute("data-seg") + '"]').forEach(function (m) {
      m.classList.toggle("hl", on);
    });
  }
  main.addEventListener("mouseover", function (ev) { light(ev, true); });
  main.addEventListener("mouseout", function (ev) { light(ev, false); });
  main.addEventListener("focusin", function (ev) { light(ev, true); });
  main.addEventListener("focusout", function (ev) { light(ev, false); });

  var tools = document.getElementById("review-tools");
  var out = document.getElementById("export-jsonl");
  var status = document.getElementById("export-status");
  tools.hidden = false;
  document.querySelectorAll("details.edit").forEach(function (d) { d.hidden = false; });

  // The edits as bitext apply reads them: one JSON Lines segment per changed translation,
  // with the digest of the text as bitext wrote it, so apply tells the edit.
  function exportEdits() {
    var reviewer = document.getElementById("reviewer").value.trim();
    var when = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    var lines = [];
    document.querySelectorAll("textarea.edit-text").forEach(function (ta) {
      if (ta.value === ta.defaultValue) {
        return;
      }
      var d = ta.dataset;
      var tr = {text: ta.value, origin: d.origin};
      if (d.context) {
        tr.context = d.context;
      }
      if (reviewer) {
        tr.reviewer = reviewer;
      }
      tr.reviewed = when;
      tr.reason = null;
      tr.qa = [];
      tr.digest = d.digest;
      lines.push(JSON.stringify({
        file: main.dataset.file, block: Number(d.block), kind: d.kind, id: d.id, text: d.source,
        lang: d.lang, target: main.dataset.target, confidence: Number(d.confidence),
        translation: tr, counterpart: null
      }));
    });
    var text = lines.length ? lines.join("\n") + "\n" : "";
    out.value = text;
    out.hidden = false;
    status.textContent = lines.length + " edited translation(s) exported";
    if (!lines.length) {
      return;
    }
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], {type: "application/x-ndjson"}));
    a.download = main.dataset.name + ".reviewed.jsonl";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  document.getElementById("export").addEventListener("click", exportEdits);
})();

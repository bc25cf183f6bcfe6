// The coding workbench without page reloads: posts the cell's own forms with fetch and
// swaps in the cell the server renders; codes a selected span; keyboard shortcuts; the
// suggestion queue; the live keyword preview; retraining progress. Every form also
// works without this script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var root = document.querySelector(".workbench");
  var status = document.getElementById("status");
  var lastCell = null;

  function say(message) {
    if (!status || !message) return;
    status.textContent = message;
    status.hidden = false;
  }

  function cellOf(node) {
    return node && node.closest ? node.closest(".cell") : null;
  }

  // Offsets in Unicode code points (as Python counts them), not UTF-16 units.
  function codePoints(text) {
    return Array.from(text).length;
  }

  // A hidden identifier ([NAMN]) stands for `data-len` characters of the stored text.
  function hiddenOf(node) {
    return node.parentElement ? node.parentElement.closest(".redacted") : null;
  }

  // Characters of the stored text before a boundary; a boundary inside a placeholder
  // moves to its start (forward = false) or its end (forward = true).
  function storedBefore(root, container, offset, forward) {
    var range = document.createRange();
    range.selectNodeContents(root);
    range.setEnd(container, offset);
    var walker = document.createTreeWalker(range.cloneContents(), NodeFilter.SHOW_TEXT);
    var count = 0;
    var node;
    while ((node = walker.nextNode())) {
      var hidden = hiddenOf(node);
      if (hidden) {
        var whole = /^\[.*\]$/.test(node.textContent);
        if (whole || forward) count += Number(hidden.dataset.len);
      } else {
        count += codePoints(node.textContent);
      }
    }
    return count;
  }

  // What the page shows for stored characters [start, end): placeholders whole.
  function shownBetween(root, start, end) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var position = 0;
    var out = "";
    var node;
    while ((node = walker.nextNode())) {
      var hidden = hiddenOf(node);
      if (hidden) {
        var length = Number(hidden.dataset.len);
        if (position >= start && position + length <= end) out += node.textContent;
        position += length;
      } else {
        Array.from(node.textContent).forEach(function (ch) {
          if (position >= start && position < end) out += ch;
          position += 1;
        });
      }
    }
    return out;
  }

  // One entry per stored character: its shown character, or null inside a placeholder
  // (which counts as part of a word, so a span never splits one).
  function storedChars(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var chars = [];
    var node;
    while ((node = walker.nextNode())) {
      var hidden = hiddenOf(node);
      if (hidden) {
        for (var i = 0; i < Number(hidden.dataset.len); i += 1) chars.push(null);
      } else {
        Array.from(node.textContent).forEach(function (ch) { chars.push(ch); });
      }
    }
    return chars;
  }

  var WORD_CHAR = /[\p{L}\p{N}\p{M}_'’\u00AD-]/u;

  function inWord(chars, i) {
    return i >= 0 && i < chars.length && (chars[i] === null || WORD_CHAR.test(chars[i]));
  }

  // A selection that starts or ends inside a word grows to the whole word, and spaces
  // at its edges are dropped: a code marks "samordningen", never "ordning".
  function snapToWords(chars, start, end) {
    while (start < end && !inWord(chars, start) && /\s/.test(chars[start])) start += 1;
    while (end > start && !inWord(chars, end - 1) && /\s/.test(chars[end - 1])) end -= 1;
    if (end <= start) return null;
    while (start > 0 && inWord(chars, start) && inWord(chars, start - 1)) start -= 1;
    while (end < chars.length && inWord(chars, end - 1) && inWord(chars, end)) end += 1;
    return [start, end];
  }

  function selectionIn(cell) {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    var textNode = cell.querySelector(".answer-text");
    var range = sel.getRangeAt(0);
    if (!textNode.contains(range.startContainer) || !textNode.contains(range.endContainer)) return null;
    var snapped = snapToWords(
      storedChars(textNode),
      storedBefore(textNode, range.startContainer, range.startOffset, false),
      storedBefore(textNode, range.endContainer, range.endOffset, true)
    );
    if (!snapped) return null;
    var start = snapped[0];
    var end = snapped[1];
    var quote = shownBetween(textNode, start, end);
    if (end <= start || !quote.trim()) return null;
    return { start: start, end: end, quote: quote };
  }

  function send(form, extra) {
    var data = new FormData(form);
    var cell = cellOf(form);
    if (cell) data.set("rev", cell.dataset.rev);
    if (root && root.dataset.cbrev) data.set("cbrev", root.dataset.cbrev);
    Object.keys(extra || {}).forEach(function (k) { data.set(k, extra[k]); });
    return fetch(form.action, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; },
        function () { return { status: response.status, body: { ok: false } }; });
    });
  }

  function replaceCell(body) {
    if (!body.html || !body.answer) return null;
    var old = document.getElementById("answer-" + body.answer);
    if (!old) return null;
    var wrapper = document.createElement("div");
    wrapper.innerHTML = body.html;
    var fresh = wrapper.firstElementChild;
    old.replaceWith(fresh);
    lastCell = fresh;
    fresh.focus({ preventScroll: true });
    return fresh;
  }

  function handle(result) {
    var body = result.body || {};
    replaceCell(body);
    if (!body.ok) {
      say(body.message || (document.documentElement.lang === "en" ? "Something went wrong; reload the page." : "Något gick fel; ladda om sidan."));
      return;
    }
    if (body.cbrev !== undefined && root) root.dataset.cbrev = body.cbrev;
    say(body.notice || "");
  }

  function submitAjax(form, extra) {
    send(form, extra).then(handle, function () {
      say(document.documentElement.lang === "en" ? "No connection. Nothing was changed; try again." : "Ingen kontakt med servern. Inget ändrades; försök igen.");
    });
  }

  function codeCell(cell, codeId) {
    var form = cell.querySelector("form[data-add]");
    if (!form) return;
    var extra = { code_id: codeId };
    var span = selectionIn(cell);
    if (span) {
      extra.start = span.start;
      extra.end = span.end;
      extra.quote = span.quote;
    } else {
      extra.start = "";
      extra.end = "";
      extra.quote = "";
    }
    window.getSelection().removeAllRanges();
    submitAjax(form, extra);
  }

  if (root && !root.classList.contains("queue")) {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.matches("form[data-undo-form]")) {
        event.preventDefault();
        submitAjax(form);
        return;
      }
      if (!form.matches("form[data-ajax]")) return;
      event.preventDefault();
      var cell = cellOf(form);
      if (form.matches("[data-add]")) {
        var select = form.querySelector("select[name=code_id]");
        if (!select.value) { say(document.documentElement.lang === "en" ? "Choose a code first." : "Välj en kod först."); return; }
        codeCell(cell, select.value);
        return;
      }
      submitAjax(form);
    });

    document.addEventListener("change", function (event) {
      if (event.target.matches("select[data-autosubmit]")) submitAjax(event.target.form);
    });

    document.addEventListener("focusin", function (event) {
      var cell = cellOf(event.target);
      if (cell) lastCell = cell;
    });

    // Keep the selection's cell in view of the palette: note what will be coded.
    document.addEventListener("selectionchange", function () {
      document.querySelectorAll(".selection-note").forEach(function (n) { n.textContent = ""; });
      var sel = window.getSelection();
      if (!sel || sel.isCollapsed || !sel.anchorNode) return;
      var cell = cellOf(sel.anchorNode.parentElement);
      if (!cell) return;
      var span = selectionIn(cell);
      if (!span) return;
      lastCell = cell;
      var note = cell.querySelector(".selection-note");
      note.textContent = (document.documentElement.lang === "en" ? "Selected: " : "Markerat: ") + "”" + span.quote.slice(0, 60) + "”";
    });

    document.querySelectorAll(".palette-code").forEach(function (button) {
      // mousedown would clear the selection before click; keep it.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        if (!lastCell) { say(document.documentElement.lang === "en" ? "Choose an answer first." : "Välj ett svar först."); return; }
        codeCell(lastCell, button.dataset.code);
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select") return;
      var cell = cellOf(event.target) || (event.target === document.body ? lastCell : null);
      var key = event.key;
      if (key === "u") {
        var undo = document.querySelector("form[data-undo-form]");
        if (undo) { event.preventDefault(); submitAjax(undo); }
        return;
      }
      if (!cell) return;
      var cells = Array.prototype.slice.call(document.querySelectorAll(".cell"));
      var index = cells.indexOf(cell);
      if (key === "j" || key === "k") {
        var next = cells[index + (key === "j" ? 1 : -1)];
        if (next) { event.preventDefault(); next.focus(); next.scrollIntoView({ block: "nearest" }); }
      } else if (/^[1-9]$/.test(key)) {
        var button = document.querySelector('.palette-code[data-key="' + key + '"]');
        if (button) { event.preventDefault(); codeCell(cell, button.dataset.code); }
      } else if (key === "a" || key === "r") {
        var form = cell.querySelector(key === "a" ? "form[data-accept]" : "form[data-reject]");
        if (form) { event.preventDefault(); submitAjax(form); }
      } else if (key === "d") {
        var done = cell.querySelector("form[data-done]");
        if (done) { event.preventDefault(); submitAjax(done); }
      }
    });
  }

  // --- the suggestion queue -----------------------------------------------------------
  if (root && root.classList.contains("queue")) {
    var items = function () { return Array.prototype.slice.call(document.querySelectorAll(".queue-item:not(.settled)")); };
    var focusNext = function (from) {
      var all = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
      for (var i = all.indexOf(from) + 1; i < all.length; i++) {
        if (!all[i].classList.contains("settled")) { all[i].focus(); return; }
      }
    };
    var decide = function (item, decision) {
      var form = item.querySelector('form[data-queue="' + decision + '"]');
      send(form).then(function (result) {
        var body = result.body || {};
        var out = item.querySelector(".queue-result");
        if (body.ok) {
          item.classList.add("settled", decision === "accept" ? "accepted" : "rejected");
          out.textContent = form.querySelector("button").textContent.replace(/^\s*\S\s*/, "") + " ✓";
          item.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
          focusNext(item);
        } else {
          out.textContent = body.message || "";
        }
      });
    };
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches("form[data-queue]")) return;
      event.preventDefault();
      decide(form.closest(".queue-item"), form.dataset.queue);
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest('a[data-queue="skip"]');
      if (!link) return;
      event.preventDefault();
      var item = link.closest(".queue-item");
      item.classList.add("settled", "skipped");
      focusNext(item);
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select") return;
      var item = event.target.closest ? event.target.closest(".queue-item") : null;
      if (!item) { item = items()[0]; if (!item) return; }
      if (event.key === "a" || event.key === "r") {
        event.preventDefault();
        if (!item.classList.contains("settled")) decide(item, event.key === "a" ? "accept" : "reject");
      } else if (event.key === "s" || event.key === "j") {
        event.preventDefault();
        if (event.key === "s") item.classList.add("settled", "skipped");
        focusNext(item);
      } else if (event.key === "k") {
        var all = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
        var prev = all[all.indexOf(item) - 1];
        if (prev) { event.preventDefault(); prev.focus(); }
      }
    });
    var first = items()[0];
    if (first) first.focus();
  }

  // --- retraining progress --------------------------------------------------------------
  var training = document.getElementById("training");
  if (training && training.dataset.status === "running") {
    var poll = function () {
      fetch(training.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          var bar = training.querySelector("progress");
          var text = training.querySelector(".training-text");
          if (bar) bar.value = s.progress;
          if (text) text.textContent = s.message;
          if (s.status === "running") window.setTimeout(poll, 1000);
          else say(s.message);
        });
    };
    window.setTimeout(poll, 500);
  }

  // --- live keyword preview ------------------------------------------------------------
  var codeForm = document.querySelector("form[data-preview]");
  if (codeForm) {
    var out = codeForm.querySelector(".keyword-preview");
    var timer = null;
    var asked = 0; // the latest request: an earlier one answering late is not shown
    var update = function () {
      var mine = ++asked;
      var params = new URLSearchParams();
      codeForm.querySelectorAll("textarea[data-keywords]").forEach(function (area) {
        params.set(area.name, area.value.split("\n").join(","));
      });
      fetch(codeForm.dataset.preview + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          if (mine === asked) out.textContent = body.words_text ? body.text + " " + body.words_text : body.text;
        });
    };
    codeForm.querySelectorAll("textarea[data-keywords]").forEach(function (area) {
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(update, 300);
      });
    });
    update();
  }
})();

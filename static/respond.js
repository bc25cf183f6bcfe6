// Progressive enhancement for respondent pages. Everything works without this file:
// the server evaluates show_if and enforces lengths; this only makes it feel immediate.
(function () {
  "use strict";

  // Move focus to the error summary so screen-reader and keyboard users start there.
  function focusErrors() {
    var summary = document.getElementById("error-summary") || document.getElementById("stale-notice");
    if (summary) {
      summary.focus();
    }
  }

  // A live character counter under each text field with a length limit.
  function addCounters(form) {
    var template = form.getAttribute("data-counter-text") || "{count} / {max}";
    var fields = form.querySelectorAll("[data-counter]");
    Array.prototype.forEach.call(fields, function (field) {
      var max = parseInt(field.getAttribute("data-counter"), 10);
      var counter = document.createElement("p");
      counter.className = "counter";
      counter.id = field.id + "-counter";
      field.insertAdjacentElement("afterend", counter);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
      function update() {
        var count = field.value.length;
        counter.textContent = template.replace("{count}", count).replace("{max}", max);
        var near = count > max * 0.9;
        counter.classList.toggle("near-limit", near);
        // Announce only near the limit, so typing is not interrupted by speech.
        if (near) {
          counter.setAttribute("aria-live", "polite");
        } else {
          counter.removeAttribute("aria-live");
        }
      }
      field.addEventListener("input", update);
      update();
    });
  }

  function answerOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.disabled) {
        return;
      }
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) {
          values.push(input.value);
        }
      } else if (input.value !== "") {
        values.push(input.value);
      }
    });
    return values;
  }

  // Mirror the server's show_if: show a question when an earlier answer matches.
  function applyShowIf(form) {
    var dependants = form.querySelectorAll("[data-show-if]");
    if (!dependants.length) {
      return;
    }
    function refresh() {
      Array.prototype.forEach.call(dependants, function (wrapper) {
        var source = wrapper.getAttribute("data-show-if");
        var wanted = JSON.parse(wrapper.getAttribute("data-show-values") || "[]");
        var sourceWrapper = document.getElementById(source + "-question");
        var sourceShown = !sourceWrapper || !sourceWrapper.hidden;
        var given = answerOf(form, source);
        var show = sourceShown && given.some(function (v) { return wanted.indexOf(v) !== -1; });
        if (!sourceWrapper && !given.length) {
          // The condition is on an earlier page: keep what the server decided.
          return;
        }
        wrapper.hidden = !show;
        Array.prototype.forEach.call(wrapper.querySelectorAll("input, textarea, select"), function (el) {
          el.disabled = !show;
        });
      });
    }
    form.addEventListener("change", refresh);
    form.addEventListener("input", refresh);
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form.answer-form");
    Array.prototype.forEach.call(forms, function (form) {
      addCounters(form);
      applyShowIf(form);
    });
    focusErrors();
  });
})();

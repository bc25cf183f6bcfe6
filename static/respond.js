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
      var overTemplate = form.getAttribute("data-counter-over") || "{over}";
      var locale = document.documentElement.lang || undefined;
      function update() {
        var count = field.value.length;
        var text = template
          .replace("{count}", count.toLocaleString(locale))
          .replace("{max}", max.toLocaleString(locale));
        if (count > max) {
          // A paste over the limit is kept whole and said plainly, never cut.
          text += " – " + overTemplate.replace("{over}", (count - max).toLocaleString(locale));
        }
        counter.textContent = text;
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

  // Tell the server which questions were on screen when the page was sent, so a
  // follow-up the respondent has seen and left empty does not hold the page back.
  function recordShown(form) {
    var field = form.querySelector('input[name="shown_questions"]');
    if (!field) {
      return;
    }
    var shown = [];
    Array.prototype.forEach.call(form.querySelectorAll('[id$="-question"]'), function (wrapper) {
      if (!wrapper.hidden) {
        shown.push(wrapper.id.slice(0, -"-question".length));
      }
    });
    field.value = shown.join(" ");
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
      recordShown(form);
    }
    form.addEventListener("change", refresh);
    form.addEventListener("input", refresh);
    refresh();
  }

  // The header's language link sends the page through the form's language button, so
  // what is typed comes back in the other language instead of being lost.
  function keepAnswersOnLanguageSwitch() {
    var links = document.querySelectorAll("a[data-keeps-answers]");
    Array.prototype.forEach.call(links, function (link) {
      var button = document.getElementById(link.getAttribute("data-keeps-answers"));
      if (!button || !button.form) {
        return;
      }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (button.form.requestSubmit) {
          button.form.requestSubmit(button);
        } else {
          button.click();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form.answer-form");
    Array.prototype.forEach.call(forms, function (form) {
      addCounters(form);
      applyShowIf(form);
      recordShown(form);
    });
    keepAnswersOnLanguageSwitch();
    focusErrors();
  });
})();

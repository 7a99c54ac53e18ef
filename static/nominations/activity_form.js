// Activity form: relabel the metric fields when the type changes, and confirm
// deletes in place. The page works without this script (the server labels the
// fields after every POST, and deletes have a confirmation page).
(function () {
  "use strict";
  var data = document.getElementById("nom-activity-types");
  var types = data ? JSON.parse(data.textContent) : {};
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  // Keep crispy's "*" marker of required fields: change only the leading text.
  function setLabel(label, text) {
    var first = label.firstChild;
    if (first && first.nodeType === Node.TEXT_NODE) {
      first.nodeValue = text;
    } else {
      label.insertBefore(document.createTextNode(text), first);
    }
  }

  function relabel(form) {
    var select = form.querySelector("[data-activity-type-select]");
    if (!select) return;
    var labels = types[select.value];
    ["quantity", "second_quantity", "reach"].forEach(function (name) {
      var input = form.querySelector("[data-metric=" + name + "]");
      var group = form.querySelector("[data-metric-group=" + name + "]");
      if (!input || !group) return;
      var label = group.querySelector("label[for=" + input.id + "]");
      var text = labels ? labels[name] : { quantity: gettext("Quantity"), second_quantity: gettext("Second quantity"), reach: gettext("Reach") }[name];
      if (name === "quantity" && !text) text = gettext("Quantity");
      if (text) {
        if (label) setLabel(label, text);
        input.disabled = false;
        group.classList.remove("nom-metric-unused");
      } else {
        input.disabled = true;
        group.classList.add("nom-metric-unused");
      }
    });
    var url = form.querySelector("input[name=url]");
    if (url) url.required = Boolean(labels && labels.url_required);
  }

  // Warn beside the dates, as they are typed, when the activity falls outside the
  // dossier's period (the bounds come from the page; the server's rule is
  // nominations/counting.py: the activity's last day before the start, or its
  // first day after the end). It is still kept, but it won't count.
  function checkPeriod(form) {
    var warning = form.querySelector("[data-period-warning]");
    var start = form.querySelector("input[name=started_on]");
    if (!warning || !start) return;
    var end = form.querySelector("input[name=ended_on]");
    var first = start.value;
    var last = (end && end.value) || first;
    var outside = /^\d{4}-\d{2}-\d{2}$/.test(first) &&
      (last < warning.dataset.periodStart || first > warning.dataset.periodEnd);
    if (outside) {
      warning.textContent = interpolate(
        gettext("This date is outside the period of the dossier (%(start)s to %(end)s): the activity will be kept, but it won't count."),
        { start: warning.dataset.periodStartLabel, end: warning.dataset.periodEndLabel },
        true
      );
    }
    warning.hidden = !outside;
  }

  document.querySelectorAll("form[data-activity-form]").forEach(function (form) {
    var select = form.querySelector("[data-activity-type-select]");
    if (select) {
      select.addEventListener("change", function () { relabel(form); });
      relabel(form);
    }
    ["started_on", "ended_on"].forEach(function (name) {
      var input = form.querySelector("input[name=" + name + "]");
      if (!input) return;
      input.addEventListener("input", function () { checkPeriod(form); });
      input.addEventListener("change", function () { checkPeriod(form); });
    });
  });

  document.querySelectorAll("a[data-delete-activity]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!csrf) return;
      event.preventDefault();
      var row = link.closest("tr");
      var title = row ? row.querySelector("th").textContent.trim().split("\n")[0] : gettext("this activity");
      if (!window.confirm(interpolate(gettext("Delete “%(title)s” for good?"), { title: title }, true))) return;
      var form = document.createElement("form");
      form.method = "post";
      form.action = link.href;
      var token = document.createElement("input");
      token.type = "hidden";
      token.name = "csrfmiddlewaretoken";
      token.value = csrf.value;
      form.appendChild(token);
      document.body.appendChild(form);
      form.submit();
    });
  });
})();

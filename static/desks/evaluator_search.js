// Search-as-you-type for the assign forms' evaluators (ARIA combobox with a listbox).
// Without this script the box takes e-mail addresses separated by commas; with it,
// typing a name asks /desk/search/evaluators.json and a chosen person becomes a
// ticked box of the form (name="evaluators"), so the page never lists everyone.
(function () {
  "use strict";
  var counter = 0;

  function setUp(picker) {
    var input = picker.querySelector('input[name="evaluator_emails"]');
    var chosen = picker.querySelector(".evaluator-chosen");
    if (!input || !chosen) { return; }
    var id = "evaluator-options-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "list-group evaluator-options";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", gettext("Evaluators found"));
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);

    var options = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
        option.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function isChosen(value) {
      return !!chosen.querySelector('input[name="evaluators"][value="' + value + '"]');
    }

    function choose(row) {
      if (!isChosen(row.id)) {
        var wrapper = document.createElement("div");
        wrapper.className = "form-check";
        var box = document.createElement("input");
        box.type = "checkbox";
        box.className = "form-check-input";
        box.name = "evaluators";
        box.value = row.id;
        box.checked = true;
        box.id = "evaluator-chosen-" + row.id + "-" + counter;
        var label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = box.id;
        label.textContent = row.label;
        wrapper.appendChild(box);
        wrapper.appendChild(label);
        chosen.appendChild(wrapper);
      }
      status.textContent = interpolate(gettext("%s chosen."), [row.label]);
      input.value = "";
      close();
      input.focus();
    }

    function show(rows) {
      list.textContent = "";
      options = rows.filter(function (row) { return !isChosen(row.id); }).map(function (row, i) {
        var option = document.createElement("li");
        option.id = id + "-" + i;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = row.label;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(row); });
        option.row = row;
        list.appendChild(option);
        return option;
      });
      list.hidden = options.length === 0;
      input.setAttribute("aria-expanded", options.length ? "true" : "false");
      status.textContent = options.length
        ? interpolate(ngettext("%s person found.", "%s people found.", options.length), [options.length])
        : gettext("Nobody found.");
      active = -1;
    }

    function search() {
      var q = input.value.trim();
      if (!q || q.indexOf("@") !== -1 && q.indexOf(",") !== -1) { close(); return; }
      var url = new URL(picker.dataset.searchUrl, window.location.href);
      url.searchParams.set("q", q);
      var ticket = ++asked;
      fetch(url.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked) { show(data.results || []); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight((active + 1) % options.length);
      } else if (event.key === "ArrowUp" && options.length) {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();  // choose, do not submit
        choose(options[active].row);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll(".evaluator-picker[data-search-url]").forEach(setUp);
})();

/* Behaviour on every page (loaded by base.html). */
(function () {
  "use strict";

  // A table wider than its box scrolls sideways inside .table-responsive: such a box
  // must be reachable with the keyboard and named for screen readers (WCAG 2.1.1).
  function labelFor(box) {
    var caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var section = box.closest("section[aria-labelledby]");
    var heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    if (heading) return heading.textContent.trim();
    return window.gettext ? window.gettext("Table (scrolls sideways)") : "Table (scrolls sideways)";
  }

  // Tables written without the wrapper get one, so that no table widens a phone's page.
  function wrapTables() {
    document.querySelectorAll("main table.table").forEach(function (table) {
      if (table.closest(".table-responsive")) return;
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  function markScrollingTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", labelFor(box));
        }
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }

  window.addEventListener("resize", markScrollingTables);
  // A form sent back with errors: the summary at its top takes the focus, so that
  // it is read first and its links lead to each field.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  // Long tables marked data-table-tools: a search box that hides the rows not
  // containing its words, and column headers that sort (by a cell's data-sort if
  // it has one, else its text). Without JavaScript the table is simply all there.
  function t(text) { return window.gettext ? window.gettext(text) : text; }

  function addTableTools(table, index) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 2) return;
    var box = table.closest(".table-responsive") || table;
    var id = "table-search-" + index;
    var bar = document.createElement("div");
    bar.className = "table-tools d-flex flex-wrap align-items-center gap-2 mb-2";
    var label = document.createElement("label");
    label.className = "form-label mb-0 small";
    label.htmlFor = id;
    label.textContent = t("Search the table");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control form-control-sm w-auto";
    var count = document.createElement("span");
    count.className = "small text-muted";
    count.setAttribute("aria-live", "polite");
    bar.append(label, input, count);
    box.parentNode.insertBefore(bar, box);

    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        shown += match ? 1 : 0;
      });
      count.textContent = words.length ? shown + " / " + body.rows.length : "";
    });

    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, column) {
      if (!th.textContent.trim() || th.querySelector(".visually-hidden:only-child")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link p-0 text-reset fw-semibold text-decoration-none table-sort";
      button.textContent = th.textContent.trim();
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
          var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function sortKey(cell) {
    if (!cell) return "";
    var value = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    var number = Number(value.replace(/[,\s]/g, ""));
    return value !== "" && !isNaN(number) ? number : value.toLowerCase();
  }

  function start() {
    wrapTables();
    document.querySelectorAll("table[data-table-tools]").forEach(addTableTools);
    markScrollingTables();
    focusErrorSummary();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // Collapsed sections that open later (details, Bootstrap collapse) may hold tables.
  document.addEventListener("toggle", markScrollingTables, true);
  document.addEventListener("shown.bs.collapse", markScrollingTables);
})();

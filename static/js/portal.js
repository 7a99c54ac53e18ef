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

  function start() {
    wrapTables();
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

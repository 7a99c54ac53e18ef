// Progressive enhancements of the desk pages; every page works without them.
(function () {
  "use strict";

  // The dossier list: a "select all on this page" box for the batch assignment.
  var table = document.querySelector(".queue-table");
  var form = document.getElementById("assign-form");
  if (table && form) {
    var boxes = table.querySelectorAll('input[name="dossiers"]');
    var toggle = document.createElement("input");
    toggle.type = "checkbox";
    toggle.className = "form-check-input";
    toggle.setAttribute("aria-label", gettext("Select every dossier on this page"));
    toggle.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = toggle.checked; });
    });
    var head = table.querySelector("thead th");
    if (head) { head.appendChild(toggle); }
  }
})();

// Progressive enhancements of the evaluations pages; every page works without them.
(function () {
  "use strict";

  // Queue: a "select all on this page" box for the batch assignment.
  var table = document.querySelector(".queue-table");
  var form = document.getElementById("assign-form");
  if (table && form) {
    var boxes = table.querySelectorAll('input[name="dossiers"]');
    var toggle = document.createElement("input");
    toggle.type = "checkbox";
    toggle.className = "form-check-input";
    toggle.setAttribute("aria-label", "Select every dossier on this page");
    toggle.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = toggle.checked; });
    });
    var head = table.querySelector("thead th");
    if (head) { head.appendChild(toggle); }
  }

  // Evaluation: abstaining disables the scores, scoring hides the reason.
  var abstain = document.getElementById("id_abstain");
  if (abstain) {
    var reason = document.getElementById("div_id_abstain_reason");
    var radios = document.querySelectorAll('input[type="radio"][name^="score_"]');
    var sync = function () {
      radios.forEach(function (radio) { radio.disabled = abstain.checked; });
      if (reason) { reason.hidden = !abstain.checked; }
    };
    abstain.addEventListener("change", sync);
    sync();
  }
})();

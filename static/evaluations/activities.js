// The activities of a dossier, folded by type: one button opens or folds them all.
(function () {
  "use strict";
  var groups = document.querySelectorAll("details.activity-group");
  var button = document.getElementById("expand-activities");
  if (!button || !groups.length) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-pressed") !== "true";
    groups.forEach(function (group) { group.open = open; });
    button.setAttribute("aria-pressed", open ? "true" : "false");
    button.textContent = open ? button.dataset.foldLabel : button.dataset.expandLabel;
  });
})();

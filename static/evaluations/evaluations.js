// Progressive enhancement of the evaluation page; it works without it.
(function () {
  "use strict";

  // Abstaining disables the scores; scoring hides the reason.
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

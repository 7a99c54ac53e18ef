// Polls the announcement's progress while it runs; the page works without it (reload).
(function () {
  "use strict";
  var box = document.getElementById("announce-progress");
  if (!box || box.dataset.state !== "announcing") { return; }
  var bar = document.getElementById("announce-progress-bar");
  var label = box.querySelector("[data-progress-label]");
  var stall = box.querySelector("[data-progress-stall]");
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        label.textContent = interpolate(
          gettext("%(state)s: %(done)s of %(total)s decisions announced"),
          { state: data.state_label, done: data.done, total: data.total },
          true
        );
        // "Stalled since 10:54 UTC, resuming" while it does not move; hidden once it moves again.
        if (stall) { stall.textContent = data.stalled_label || ""; stall.hidden = !data.stalled_label; }
        if (data.state === "announced") { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();

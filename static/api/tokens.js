// The new token's copy button (the page works without it: the field is selectable).
(function () {
  "use strict";
  const status = document.querySelector("[data-copy-status]");
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    const field = document.getElementById(button.dataset.copyTarget);
    if (!field) {
      return;
    }
    button.hidden = false;
    const say = function (text) {
      if (status) {
        status.textContent = text;
      }
    };
    button.addEventListener("click", function () {
      field.select();
      const copied = function () { say(status ? status.dataset.copied : ""); };
      const failed = function () { say(status ? status.dataset.failed : ""); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(copied, failed);
      } else {
        try {
          (document.execCommand("copy") ? copied : failed)();
        } catch (error) {
          failed();
        }
      }
    });
  });
  document.querySelectorAll("[data-token-value]").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
})();

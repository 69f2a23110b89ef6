// Democratic management: "tick all" on the sign-in list and the representatives picker.
// No inline script: the Content-Security-Policy allows only our files.
(function () {
  "use strict";

  function tickAll() {
    document.querySelectorAll("[data-check-all]").forEach(function (button) {
      button.addEventListener("click", function () {
        var name = button.getAttribute("data-check-all");
        var boxes = document.querySelectorAll('input[type=checkbox][name="' + name + '"]:not(:disabled)');
        var all = Array.prototype.every.call(boxes, function (box) { return box.checked; });
        boxes.forEach(function (box) { box.checked = !all; });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", tickAll);
  } else {
    tickAll();
  }
})();

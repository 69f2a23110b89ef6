// Small behaviours that need no inline script (the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", function () {
  // Confirm destructive actions: <form data-confirm="...">.
  document.body.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
});

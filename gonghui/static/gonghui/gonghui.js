// Small behaviours that need no inline script (the Content-Security-Policy forbids it).
document.addEventListener("DOMContentLoaded", function () {
  // Confirm destructive actions: <form data-confirm="...">.
  document.body.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // A select that submits its form when changed: <select data-autosubmit>.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
});

/* Sign-in buttons: say "Connecting to Google…" while the browser goes to the provider. */
(function () {
  "use strict";
  if (window.broadsheetSignin) { return; }
  window.broadsheetSignin = true;

  function reset() {
    document.querySelectorAll(".signin-form button").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
    document.querySelectorAll(".signin-status").forEach(function (status) {
      status.textContent = "";
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("signin-form")) { return; }
    var block = form.closest(".signin-block") || document;
    var status = block.querySelector(".signin-status");
    if (status) { status.textContent = form.dataset.connecting || (window.gettext ? window.gettext("Connecting…") : "Connecting…"); }
    form.querySelector("button").setAttribute("aria-busy", "true");
    // After the submission has started: one click, one sign-in.
    window.setTimeout(function () {
      block.querySelectorAll(".signin-form button").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // Coming back with the Back button shows live buttons again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { reset(); }
  });
})();

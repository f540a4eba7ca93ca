// Behaviour that needs script, kept out of the pages so the Content Security Policy can forbid inline code.
(function () {
  "use strict";
  // Forms and buttons with data-confirm ask before they destroy or send something.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
  // Selects with data-autosubmit submit their form when changed (the button stays for keyboard users).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.requestSubmit();
    }
  });
})();

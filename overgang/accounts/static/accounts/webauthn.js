// Beside django-otp-webauthn's scripts (loaded after this one, as modules): the global gettext()
// they call, answered from the catalogue the page carries in a JSON element; and, once a key is
// registered, back to the security page, which lists it. No inline script: the CSP allows none.
(function () {
  "use strict";
  var element = document.getElementById("overgang_webauthn_catalog");
  var catalog = element ? JSON.parse(element.textContent) : {};
  if (typeof window.gettext !== "function") {
    window.gettext = function (message) {
      return Object.prototype.hasOwnProperty.call(catalog, message) ? catalog[message] : message;
    };
  }
  document.addEventListener("otp_webauthn.register_complete", function (event) {
    var done = event.target.closest("[data-webauthn-done-url]");
    if (done) {
      window.location.assign(done.getAttribute("data-webauthn-done-url"));
    }
  });
})();

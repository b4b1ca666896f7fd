/* Small page behaviours that the Content Security Policy does not allow inline (issue 8):
   no style="" attributes and no onchange=/onclick= handlers in the HTML.
   - data-og-width / data-og-left / data-og-height="42.5": a size in per cent, set through the CSSOM
     (which the policy allows) on gauges, the course timeline and the forecast bars.
   - data-og-autosubmit on a form field: submit its form when the value changes (the filters).
   - data-og-print on a button: open the browser's print dialogue. */
(function () {
  "use strict";
  var SIZES = { ogWidth: "width", ogLeft: "left", ogHeight: "height" };

  function applySizes(root) {
    var selector = "[data-og-width], [data-og-left], [data-og-height]";
    var elements = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) elements.push(root);
    elements.forEach(function (element) {
      Object.keys(SIZES).forEach(function (key) {
        var value = element.dataset[key];
        if (value !== undefined && /^-?[0-9]+(\.[0-9]+)?$/.test(value)) {
          element.style[SIZES[key]] = value + "%";
        }
      });
    });
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof Element && field.hasAttribute("data-og-autosubmit") && field.form) {
      if (field.form.requestSubmit) field.form.requestSubmit();
      else field.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-og-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // Content swapped in by htmx gets its sizes too.
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element) applySizes(event.target);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { applySizes(document); });
  } else {
    applySizes(document);
  }
})();

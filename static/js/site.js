/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    // Phone menu: the nav is visible without JavaScript; with it, a button opens and closes it.
    var toggle = document.querySelector("[data-nav-toggle]");
    var nav = document.querySelector("[data-nav]");
    if (toggle && nav) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", String(!open));
        nav.classList.toggle("is-open", !open);
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && nav.classList.contains("is-open")) {
          toggle.setAttribute("aria-expanded", "false");
          nav.classList.remove("is-open");
          toggle.focus();
        }
      });
    }

    // Panels that phones fold (details[data-collapsible-on-phone], e.g. the search filters): closed on a narrow
    // screen, always open on a wide one. Without this script they simply stay open.
    var narrow = window.matchMedia("(max-width: 799px)");
    var foldable = document.querySelectorAll("details[data-collapsible-on-phone]");
    function fold() {
      foldable.forEach(function (details) { details.open = !narrow.matches; });
    }
    if (foldable.length) {
      fold();
      narrow.addEventListener("change", fold);
    }

    // Forms that ask before a destructive action carry data-confirm="question".
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) {
          event.preventDefault();
        }
      });
    });
  });
})();

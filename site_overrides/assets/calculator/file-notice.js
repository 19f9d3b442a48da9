/*
 * Classic script (extra_javascript WITHOUT `type: module`): on a site opened from disk
 * (file://) it tells the reader that the calculators need a web server.
 *
 * Chromium refuses module scripts from file://, so calculator.js never runs there and cannot say
 * so itself; the page stays readable either way. The texts are messages.js's needs_server,
 * repeated because a classic script cannot import (tests/js/messages.test.mjs keeps them equal).
 */
(() => {
  "use strict";

  const TEXTS = {
    nl: "De rekenmachine werkt alleen als je de site via een webserver opent (bijvoorbeeld met mkdocs serve), niet als los bestand.",
    en: "The calculator only works when the site is opened through a web server (for example mkdocs serve), not as a local file.",
  };

  /**
   * Replace each calculator's loading text with the notice.
   */
  function showNotice() {
    for (const form of document.querySelectorAll("form.kpi-calculator")) {
      const lang = form.getAttribute("data-lang") === "en" ? "en" : "nl";
      const status = form.querySelector(".kpi-calculator__status");
      const error = form.querySelector(".kpi-calculator__form-error");
      if (status !== null) {
        status.textContent = "";
      }
      if (error !== null) {
        error.textContent = TEXTS[lang];
      }
      form.setAttribute("data-state", "unavailable");
    }
  }

  if (location.protocol === "file:") {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", showNotice);
    } else {
      showNotice();
    }
  }
})();

/*
 * Classic script (extra_javascript WITHOUT `type: module`) for a site opened from disk (file://):
 * it tells the reader that the calculators and the search need a web server, points every link
 * to a folder at that folder's index.html, which a web server would serve but a browser on disk
 * shows as a file listing, and points the language switch at the same page in the other
 * language.
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

  /** Material's search runs in a worker, which a browser does not start from disk either. */
  const SEARCH_TEXTS = {
    nl: "Zoeken werkt alleen als je de site via een webserver opent, niet als los bestand.",
    en: "Search only works when the site is opened through a web server, not as a local file.",
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

  /**
   * Point each relative link to a folder ("kpi/cac/", ".", "../#goals") at its index.html.
   */
  function linkToIndexFiles() {
    for (const link of document.querySelectorAll("a[href]")) {
      const href = link.getAttribute("href") ?? "";
      if (/^[a-z][a-z0-9+.-]*:|^#|^\/\//i.test(href)) continue;
      const cut = href.search(/[?#]/);
      const path = cut === -1 ? href : href.slice(0, cut);
      const rest = cut === -1 ? "" : href.slice(cut);
      let folder = null;
      if (path === "") continue;
      if (path.endsWith("/")) folder = path;
      else if (path === "." || path === ".." || path.endsWith("/.") || path.endsWith("/..")) {
        folder = `${path}/`;
      }
      if (folder !== null) link.setAttribute("href", `${folder}index.html${rest}`);
    }
  }

  /**
   * Put the search notice in the header where the search box was.
   *
   * Material hides its whole search box, results included, when the worker cannot start: a
   * notice inside it would never show. Below Material's tablet width the header has no room:
   * there the notice shows under it once the search button is pressed (handbook.css).
   */
  function showSearchNotice() {
    const search = document.querySelector(".md-header .md-search");
    if (search === null) return;
    const lang = document.documentElement.lang === "en" ? "en" : "nl";
    const notice = document.createElement("p");
    notice.className = "kpi-search-notice";
    notice.textContent = SEARCH_TEXTS[lang];
    search.hidden = true;
    search.after(notice);
  }

  /**
   * Point the language switch at this page in the other language, not at that site's home.
   *
   * Both languages have the same page paths; over http language-switch.js does this, but a
   * module script does not run from disk. Material renders each link as its site's base: the
   * link of this page's language gives the page's path below the base.
   */
  function linkLanguagesToThisPage() {
    const links = [...document.querySelectorAll("a.md-select__link[hreflang]")];
    const own = links.find((link) => link.hreflang === document.documentElement.lang);
    if (own === undefined) return;
    const base = new URL(own.href);
    if (!location.pathname.startsWith(base.pathname)) return;
    const page = location.pathname.slice(base.pathname.length);
    for (const link of links) {
      link.href = new URL(page || "index.html", link.href).href;
    }
  }

  /** Everything this script does on a page opened from disk. */
  function onDisk() {
    showNotice();
    linkLanguagesToThisPage();
    linkToIndexFiles();
    showSearchNotice();
  }

  if (location.protocol === "file:") {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", onDisk);
    } else {
      onDisk();
    }
  }
})();

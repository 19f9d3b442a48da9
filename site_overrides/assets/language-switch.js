/**
 * Points the language switch (extra.alternate) at the same page in the other language.
 *
 * Material renders each alternate link as the base of that language's site, so switching would
 * land on its home page. Both languages have the same page paths (goals/…, kpi/…, guide/…), so
 * the link becomes that base plus the path of the current page. The header is not replaced by
 * instant navigation, hence the update on every page `document$` announces.
 *
 * @module language-switch
 */

/** This site's base: this file is served from <base>/assets/. */
const SITE_BASE = new URL("../", import.meta.url).href;

updateLinks();
window.document$?.subscribe?.(() => updateLinks());

/** Sets each language link to the current page in that language. */
function updateLinks() {
  const path = pagePath(window.location.href);
  for (const link of document.querySelectorAll("a.md-select__link[hreflang]")) {
    // The first time, the link still holds the other site's base, as Material rendered it.
    link.dataset.base ??= link.href;
    link.href = new URL(path, link.dataset.base).href;
  }
}

/**
 * The current page's path below the site base, without query or fragment ("kpi/cac/").
 * @param {string} href
 * @returns {string}
 */
function pagePath(href) {
  const url = new URL(href);
  url.search = "";
  url.hash = "";
  return url.href.startsWith(SITE_BASE) ? url.href.slice(SITE_BASE.length) : "";
}

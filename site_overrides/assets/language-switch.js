/**
 * Points the language switch (extra.alternate) at the same page in the other language.
 *
 * Material renders each alternate link as the base of that language's site, so switching would
 * land on its home page. Both languages have the same page paths (goals/…, kpi/…, guide/…), so
 * the link becomes that base plus the path of the current page, with its query (a calculator's
 * numbers) and fragment. The header is not replaced by instant navigation, hence the update on
 * every page `document$` announces; the query and fragment change without a new page (a share
 * link, a click on a heading), hence the update again when a link is about to be followed.
 *
 * On a "page not found" the other language's home is the one page known to exist.
 *
 * @module language-switch
 */

/** This site's base: this file is served from <base>/assets/. */
const SITE_BASE = new URL("../", import.meta.url).href;
const LINKS = "a.md-select__link[hreflang]";

updateLinks();
window.document$?.subscribe?.(() => updateLinks());
for (const type of ["pointerdown", "focusin", "click"]) {
  // Capture: before Material or the browser acts on the click.
  document.addEventListener(type, onLinkEvent, true);
}

/**
 * @param {Event} event
 */
function onLinkEvent(event) {
  if (event.target instanceof Element && event.target.closest(LINKS) !== null) {
    updateLinks();
  }
}

/** Sets each language link to the current page in that language. */
function updateLinks() {
  const notFound = document.querySelector("[data-kpi-not-found]") !== null;
  const path = notFound ? "" : pagePath(window.location.href);
  for (const link of document.querySelectorAll(LINKS)) {
    // The first time, the link still holds the other site's base, as Material rendered it.
    link.dataset.base ??= link.href;
    link.href = new URL(path, link.dataset.base).href;
  }
}

/**
 * The current page's address below the site base, with query and fragment ("kpi/cac/?a=1#x").
 *
 * @param {string} href
 * @returns {string}
 */
function pagePath(href) {
  const url = new URL(href);
  const page = url.origin + url.pathname;
  if (!page.startsWith(SITE_BASE)) {
    return "";
  }
  return page.slice(SITE_BASE.length) + url.search + url.hash;
}

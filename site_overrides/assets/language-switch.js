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
 * Material steals a click on such a link: it looks the address up in the other language's
 * sitemap and, not finding it there with a query, goes to that language's home. The click on
 * the link is therefore kept from Material; the browser follows the link's own address.
 *
 * A heading's anchor is dropped: headings are translated, so the other page has other ones.
 * Calculator fields keep theirs (`#calc-ctr-clicks`), the same in both languages.
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
    if (event.type === "click") {
      event.stopPropagation();
    }
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
  return page.slice(SITE_BASE.length) + url.search + (isHeading(url.hash) ? "" : url.hash);
}

/**
 * Whether a fragment names a heading of this page.
 *
 * @param {string} hash "#zo-meet-je-het", or "" for none
 * @returns {boolean}
 */
function isHeading(hash) {
  let id = hash.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // A malformed escape ("#%E0%A4%A") names no element by its decoded id: look it up as it is.
  }
  return id !== "" && document.getElementById(id)?.matches("h1, h2, h3, h4, h5, h6") === true;
}

/**
 * Shows "page not found" in the language of the address that was not found.
 *
 * Many hosts (GitHub Pages, `mkdocs serve`, most intranet set-ups) answer every missing address
 * with the 404 page at the root of the site: the Dutch one, also for an address under en/. This
 * script, loaded by the 404 page only, sees that the address lies on another language's site
 * and opens that site's 404 page instead, which puts the asked address back in the address bar.
 *
 * @module not-found
 */

/** Carries the address that was not found to the other language's 404 page: #not-found=/en/x */
const FROM = "#not-found=";

const sites = languageSites();
const site = siteOf(new URL(location.href), sites);
if (location.hash.startsWith(FROM)) {
  restoreAddress(decodeURIComponent(location.hash.slice(FROM.length)), site);
} else if (site !== undefined && site.lang !== document.documentElement.lang) {
  const target = new URL("404.html", site.base);
  // A host without the other site's 404 page would answer with this one again: stop there.
  if (target.pathname !== location.pathname) {
    location.replace(`${target.href}${FROM}${encodeURIComponent(location.href)}`);
  }
}

/**
 * The base of each language's site, from the language switch Material renders.
 *
 * @returns {{lang: string, base: URL}[]}
 */
function languageSites() {
  return [...document.querySelectorAll("a.md-select__link[hreflang]")].map((link) => ({
    lang: link.getAttribute("hreflang") ?? "",
    // language-switch.js keeps Material's link there before it points the link elsewhere.
    base: new URL(link.dataset.base ?? link.href),
  }));
}

/**
 * The site an address belongs to: the one with the longest base it lies under ("/en/" before "/").
 *
 * @param {URL} address
 * @param {{lang: string, base: URL}[]} candidates
 * @returns {{lang: string, base: URL} | undefined}
 */
function siteOf(address, candidates) {
  return candidates
    .filter(({ base }) => base.origin === address.origin)
    .filter(({ base }) => address.pathname.startsWith(base.pathname))
    .sort((a, b) => b.base.pathname.length - a.base.pathname.length)[0];
}

/**
 * Show the address that was not found again, if it lies on this page's own site.
 *
 * @param {string} asked
 * @param {{lang: string, base: URL} | undefined} own this page's site
 */
function restoreAddress(asked, own) {
  let address;
  try {
    address = new URL(asked);
  } catch {
    return;
  }
  const ours = siteOf(address, sites);
  if (ours !== undefined && own !== undefined && ours.lang === own.lang) {
    history.replaceState(history.state, "", address);
  } else {
    history.replaceState(history.state, "", location.pathname);
  }
}

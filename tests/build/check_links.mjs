// Crawls a built site with linkinator and prints what it found as JSON, for test_links.py.
//
//   node tests/build/check_links.mjs SITE_DIR
//
// linkinator serves SITE_DIR itself and follows every link on that server from the home page,
// with fragment checking on; the English site is reached through the language switch. Every
// other URL is skipped before it is requested: the absolute site_url links (canonical hints) as
// well as other hosts. Prints {"pages": ["/", "/en/", ...], "skipped": [URL, ...], "broken":
// [{"url", "page", "reason"}, ...]} with paths from the site's root; an outside URL stays whole.
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';

import { LinkChecker, LinkState } from 'linkinator';

// No page links to these. They get a crawl of their own that follows nothing further: linkinator
// recurses only below the address a crawl starts from, and a page that such a start reaches first
// would not be crawled at all.
const UNLINKED_PAGES = ['404.html', 'en/404.html'];

/**
 * A port free on 127.0.0.1 now, so that the skip rule knows linkinator's address beforehand.
 * @returns {Promise<number>}
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether a URL is somewhere other than linkinator's own server for the site.
 * @param {string} url
 * @param {number} port
 * @returns {boolean}
 */
function isOutside(url, port) {
  const { hostname, port: urlPort } = new URL(url);
  return !['localhost', '127.0.0.1'].includes(hostname) || urlPort !== String(port);
}

/**
 * A result's URL as a path from the site's root; linkinator gives local ones without origin.
 * @param {string | undefined} url
 * @returns {string}
 */
function sitePath(url) {
  if (!url || /^[a-z][a-z\d+.-]*:/i.test(url)) return url ?? '';
  return `/${url.replace(/^\.\/?/, '')}`;
}

/**
 * Why linkinator counts a link as broken: its error, or the HTTP status the server gave.
 * @param {{status?: number, failureDetails?: Array<Error | {status?: number}>}} link
 * @returns {string}
 */
function reason(link) {
  const detail = link.failureDetails?.find((d) => d instanceof Error) ?? link.failureDetails?.[0];
  if (detail instanceof Error) return detail.message;
  return `HTTP ${detail?.status ?? link.status ?? 0}`;
}

/**
 * One linkinator run over ``root`` from ``starts``, on a server of its own.
 * @param {string} root
 * @param {string[]} starts paths from ``root``
 * @param {boolean} recurse
 * @param {Set<string>} pages receives the path of every page parsed
 * @returns {Promise<Array<object>>} linkinator's results
 */
async function check(root, starts, recurse, pages) {
  const port = await freePort();
  const checker = new LinkChecker();
  checker.on('pagestart', (url) => pages.add(new URL(url).pathname));
  const result = await checker.check({
    path: starts,
    serverRoot: root,
    port,
    recurse,
    checkFragments: true,
    linksToSkip: async (url) => isOutside(url, port),
  });
  return result.links;
}

/**
 * Crawl the site in ``root``: the pages crawled, the URLs skipped and the broken links, each once.
 * @param {string} root
 * @returns {Promise<{pages: string[], skipped: string[], broken: Array<object>}>}
 */
async function crawl(root) {
  const pages = new Set();
  const links = await check(root, ['.'], true, pages);
  const unlinked = UNLINKED_PAGES.filter((page) => existsSync(path.join(root, page)));
  if (unlinked.length) links.push(...(await check(root, unlinked, false, pages)));
  const broken = new Map();
  for (const link of links.filter((l) => l.state === LinkState.BROKEN)) {
    const entry = { url: sitePath(link.url), page: sitePath(link.parent), reason: reason(link) };
    broken.set(`${entry.url} ${entry.page}`, entry);
  }
  const skipped = new Set(links.filter((l) => l.state === LinkState.SKIPPED).map((l) => l.url));
  return { pages: [...pages].sort(), skipped: [...skipped].sort(), broken: [...broken.values()] };
}

const [root] = process.argv.slice(2);
if (!root) {
  console.error('usage: node tests/build/check_links.mjs SITE_DIR');
  process.exit(2);
}
console.log(JSON.stringify(await crawl(root)));

"""End-to-end fixtures: every page records its requests; any outside request fails the test."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

PYODIDE_TIMEOUT_MS = 120_000


def record_outside_requests(target: Page | BrowserContext, site_url: str) -> list[str]:
    """Collect every request of ``target`` that goes anywhere but under ``site_url``.

    Another host, another scheme and, for a site under a sub-path or on disk, another path of
    the same host all count; ``data:``, ``blob:`` and ``about:`` never leave the page.
    """
    site = urlsplit(site_url.rstrip("/") + "/")
    outside: list[str] = []

    def record(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        own = (url.scheme, url.netloc) == (site.scheme, site.netloc)
        if not (own and (url.path + "/").startswith(site.path)):
            outside.append(request.url)

    target.on("request", record)
    return outside


@pytest.fixture
def own_site(site_url: str) -> str:
    """The address everything a page asks for must stay under; a module overrides it for a
    site of its own (a sub-path, a folder on disk, another server)."""
    return site_url


@pytest.fixture(autouse=True)
def outside_requests(page: Page, own_site: str):
    """Fail the test if the page asks anything of another place than the site's own."""
    outside = record_outside_requests(page, own_site)
    page.set_default_timeout(30_000)
    yield outside
    assert outside == [], f"requests left {own_site}: {outside}"


def instant_navigate(page: Page, url: str) -> None:
    """Follow a link the way a reader does, so Material's instant navigation handles it."""
    page.evaluate(
        """url => {
          const link = document.createElement("a");
          link.href = url;
          document.querySelector(".md-content").append(link);
          link.click();
        }""",
        url,
    )


def result_of(page: Page, kpi_id: str, timeout: int = PYODIDE_TIMEOUT_MS) -> str:
    """Wait for the calculator of ``kpi_id`` to show a result; returns its raw data-value."""
    selector = f'form.kpi-calculator[data-kpi="{kpi_id}"] output[name="result"]'
    page.wait_for_function(
        "sel => { const o = document.querySelector(sel); return o && o.dataset.value !== ''; }",
        arg=selector,
        timeout=timeout,
    )
    return page.locator(selector).get_attribute("data-value")


FOUND_IN_TOP = """([id, n]) => [...document.querySelectorAll('.md-search-result__item > a')]
  .slice(0, n).some(a => a.href.includes(`/kpi/${id}/`))"""


def search_finds(page: Page, query: str, kpi_id: str, top: int = 10) -> bool:
    """Search as a reader does; True when the KPI's page is among the first ``top`` results."""
    box = page.locator("input.md-search__input")
    # Material searches on key events: paste all but the last letter, then type that one, so one
    # search runs per query instead of one per letter.
    box.fill(query[:-1])
    box.press_sequentially(query[-1])
    try:
        page.wait_for_function(FOUND_IN_TOP, arg=[kpi_id, top], timeout=8_000, polling=50)
    except PlaywrightTimeout:
        return False
    return True


#: Logs each query the page sends Material's search worker and, once it answers, the pages it
#: found, best first (the worker answers in order).
WATCH_SEARCH = """(() => {
  const QUERY = 2, RESULT = 3;  // Material's search message types
  const Original = window.Worker;
  window.searchLog = [];
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ({ data }) => {
        if (data?.type !== RESULT) return;
        const entry = window.searchLog.find((entry) => entry.pages === null);
        if (entry) entry.pages = data.data.items.map((group) => group[0].location.split("#")[0]);
      });
    }
    postMessage(message, ...rest) {
      if (message?.type === QUERY) window.searchLog.push({ query: message.data, pages: null });
      super.postMessage(message, ...rest);
    }
  };
})()"""

#: The pages found for the first query sent after the ``sent``-th, once the worker answered.
ANSWER = """([sent, query]) => {
  const entry = window.searchLog.slice(sent).find((entry) => entry.query === query);
  return entry?.pages ?? null;
}"""

#: True once the results list shows the first pages of the answer ``pages`` (hrefs), in order.
SHOWS = """pages => {
  const shown = [...new Set([...document.querySelectorAll('.md-search-result__item > a')]
    .map(a => a.href.split(/[?#]/)[0]))];
  return pages.length === 0
    ? shown.length === 0
    : shown.length > 0 && shown.every((href, index) => href === pages[index]);
}"""


def watch_search(page: Page) -> None:
    """Let :func:`search_results` see each answer of the search; call before ``page.goto``."""
    page.add_init_script(WATCH_SEARCH)


def search_results(page: Page, query: str, site: str) -> list[str]:
    """Search as a reader does; the pages found, best first, as paths below ``site``.

    They are the pages of the search worker's answer, once the results list shows them.
    """
    box = page.locator("input.md-search__input")
    sent = page.evaluate("() => window.searchLog.length")
    if box.input_value() == query:
        sent -= 1  # Material searches only when the query changes: its last answer stands
    box.fill(query[:-1])  # one search per query, as in search_finds
    box.press_sequentially(query[-1])
    pages = page.wait_for_function(ANSWER, arg=[sent, query], polling=20).json_value()
    page.wait_for_function(SHOWS, arg=[site + path for path in pages], polling=20)
    return pages

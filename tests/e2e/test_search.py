"""Material's search, as the browser queries it, finds every KPI by name and abbreviation."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

FOUND_IN_TOP = """([id, n]) => [...document.querySelectorAll('.md-search-result__item > a')]
  .slice(0, n).some(a => a.href.includes(`/kpi/${id}/`))"""


def _queries(catalog) -> list[tuple[str, str]]:
    pairs = []
    for kpi in catalog.kpis.values():
        pairs += [(kpi.name.nl, kpi.id), (kpi.name.en, kpi.id)]
        if kpi.abbr:
            pairs.append((kpi.abbr, kpi.id))
    return pairs


def _search(page: Page, query: str, kpi_id: str, top: int = 10) -> bool:
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


def test_every_kpi_name_and_abbreviation_finds_its_page(
    page: Page, base_url: str, real_catalog
) -> None:
    page.goto(base_url + "/")
    page.locator("input.md-search__input").click()
    missing = [
        query for query, kpi_id in _queries(real_catalog) if not _search(page, query, kpi_id)
    ]
    assert missing == []

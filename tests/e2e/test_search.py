"""Material's search, as the browser queries it, finds every KPI by name and abbreviation."""

from __future__ import annotations

from playwright.sync_api import Page


def _queries(catalog) -> list[tuple[str, str]]:
    pairs = []
    for kpi in catalog.kpis.values():
        pairs += [(kpi.name.nl, kpi.id), (kpi.name.en, kpi.id)]
        if kpi.abbr:
            pairs.append((kpi.abbr, kpi.id))
    return pairs


def test_every_kpi_name_and_abbreviation_finds_its_page(
    page: Page, base_url: str, real_catalog
) -> None:
    page.goto(base_url + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    missing = []
    for query, kpi_id in _queries(real_catalog):
        box.fill("")
        box.press_sequentially(query, delay=5)
        found = page.wait_for_function(
            """([id]) => {
              const links = [...document.querySelectorAll('.md-search-result__item a')];
              if (!links.length) return null;
              return links.slice(0, 10).some(a => a.href.includes(`/kpi/${id}/`)) ? 'yes' : null;
            }""",
            arg=[kpi_id],
            timeout=3_000,
            polling=50,
        ) if True else None
        if found is None:
            missing.append(query)
    assert missing == []

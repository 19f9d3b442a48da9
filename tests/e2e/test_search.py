"""Material's search, as the browser queries it, finds every KPI by name and abbreviation."""

from __future__ import annotations

from playwright.sync_api import Page

from .conftest import search_finds


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
    page.locator("input.md-search__input").click()
    missing = [
        query for query, kpi_id in _queries(real_catalog) if not search_finds(page, query, kpi_id)
    ]
    assert missing == []

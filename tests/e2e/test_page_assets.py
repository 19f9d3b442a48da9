"""Every kind of page, in both languages, loads from the site alone and only what it uses.

The autouse ``outside_requests`` fixture fails a test on any request that leaves the site; these
tests visit one page of each kind for it, and check that the calculation engine (Pyodide, its
memory snapshot, the formula module and the worker, about 20 MB) is fetched by a page with a
calculator and by no other page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import result_of

#: Paths that belong to the calculation engine, and which only a calculator may fetch.
ENGINE = ("/assets/pyodide/", "/assets/calculator/worker.js", "kpi_formulas")


def own_paths(page: Page) -> list[str]:
    """Start recording the path of every request ``page`` makes from now on."""
    paths: list[str] = []
    page.on("request", lambda request: paths.append(urlsplit(request.url).path))
    return paths


def engine_requests(paths: list[str]) -> list[str]:
    return [path for path in paths if any(part in path for part in ENGINE)]


def pages_without_calculator(catalog) -> list[str]:
    measured = next(k.id for k in catalog.kpis.values() if k.kind == "measured")
    qualitative = next(k.id for k in catalog.kpis.values() if k.kind == "qualitative")
    goal = next(iter(catalog.goals))
    return [
        "",
        "goals/",
        f"goals/{goal}/",
        "kpi/",
        f"kpi/{measured}/",
        f"kpi/{qualitative}/",
        "guide/method/",
        "guide/glossary/",
        "guide/vanity-metrics/",
        "404.html",
    ]


@pytest.mark.parametrize("lang", ["", "en/"])
def test_pages_without_a_calculator_fetch_no_engine(
    page: Page, base_url: str, real_catalog, lang: str
) -> None:
    paths = own_paths(page)
    for path in pages_without_calculator(real_catalog):
        page.goto(f"{base_url}/{lang}{path}")
        page.wait_for_load_state("networkidle")
        expect(page.locator("h1").first).to_be_visible()
    assert len(paths) > 10  # the pages and their stylesheets and scripts were recorded
    assert engine_requests(paths) == []


@pytest.mark.parametrize("lang", ["", "en/"])
def test_open_search_fetches_its_index_and_no_engine(page: Page, base_url: str, lang: str) -> None:
    paths = own_paths(page)
    page.goto(f"{base_url}/{lang}")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("roas")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert f"/{lang}search/search_index.json" in paths
    assert engine_requests(paths) == []


@pytest.mark.parametrize("lang", ["", "en/"])
def test_a_calculator_page_fetches_the_runtime_of_the_dutch_site(
    page: Page, base_url: str, lang: str
) -> None:
    paths = own_paths(page)
    page.goto(f"{base_url}/{lang}kpi/cac/")
    assert result_of(page, "cac")
    fetched = engine_requests(paths)
    assert f"/{lang}assets/calculator/worker.js" in fetched
    # The runtime, its snapshot and the formula module: one download and cache for both sites.
    runtime = [path for path in fetched if not path.endswith("/worker.js")]
    assert "/assets/pyodide/pyodide.asm.wasm" in runtime
    assert "/assets/calculator/kpi_formulas.snapshot.gz" in runtime
    assert [path for path in runtime if path.startswith("/en/")] == []

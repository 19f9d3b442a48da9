"""An English calculator runs on the Dutch site's copy of Pyodide, formulas and snapshot."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from playwright.sync_api import Page

from .conftest import result_of

RUNTIME = ("pyodide.mjs", "pyodide.asm.wasm", "kpi_formulas.py", "kpi_formulas.snapshot.gz")


def test_english_calculator_loads_the_dutch_runtime(
    page: Page, base_url: str, real_catalog
) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{base_url}/en/kpi/cac/")
    expected = real_catalog.kpis["cac"].formula.example_result
    assert Decimal(result_of(page, "cac")).quantize(expected) == expected
    runtime = [path for path in fetched if path.endswith(RUNTIME)]
    assert runtime, fetched
    assert all(path.startswith("/assets/") for path in runtime), runtime
    assert "/en/assets/calculator/worker.js" in fetched

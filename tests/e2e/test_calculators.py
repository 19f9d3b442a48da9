"""Every calculator answers in the real Pyodide, in the browser, with no outside request."""

from __future__ import annotations

import gzip
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from playwright.sync_api import Page, Route, expect

from ..conftest import node_available
from .conftest import PYODIDE_TIMEOUT_MS, instant_navigate, result_of

SNAPSHOT_URL = "**/assets/calculator/kpi_formulas.snapshot.gz"


def _matches(raw: str, expected: Decimal) -> bool:
    places = max(0, -expected.as_tuple().exponent)
    return Decimal(raw).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == expected


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_worked_example_computes_its_result(
    page: Page, base_url: str, real_catalog, lang: str
) -> None:
    kpis = real_catalog.with_formula()
    site = base_url if lang == "nl" else f"{base_url}/{lang}"
    page.goto(f"{site}/kpi/{kpis[0].id}/")
    wrong = {}
    for kpi in kpis:
        if page.locator(f'form.kpi-calculator[data-kpi="{kpi.id}"]').count() == 0:
            instant_navigate(page, f"{site}/kpi/{kpi.id}/")
        raw = result_of(page, kpi.id)
        if not _matches(raw, kpi.formula.example_result):
            wrong[kpi.id] = (raw, str(kpi.formula.example_result))
    assert wrong == {}
    assert page.evaluate("window.kpiHandbook.bootCount") == 1


def test_instant_navigation_keeps_one_pyodide(page: Page, base_url: str) -> None:
    runtime = []
    page.on(
        "request",
        lambda request: (
            runtime.append(request.url)
            if request.url.endswith(("pyodide.asm.wasm", "stdlib.zip"))
            else None
        ),
    )
    page.goto(f"{base_url}/kpi/cac/")
    result_of(page, "cac")
    page.locator('.md-content a[href$="kpi/clv_cac_ratio/"]').first.click()
    assert result_of(page, "clv_cac_ratio", timeout=10_000) != ""
    assert page.evaluate("window.kpiHandbook.bootCount") == 1
    # The worker's requests count too: the runtime was fetched once, by one worker, with the
    # standard library of the snapshot (or, without one, Pyodide's full library).
    names = sorted(url.rsplit("/", 1)[1] for url in runtime)
    assert names in (
        ["kpi_formulas.stdlib.zip", "pyodide.asm.wasm"],
        ["pyodide.asm.wasm", "python_stdlib.zip"],
    )


def test_typing_a_dutch_number_updates_the_result(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/kpi/ctr/")
    result_of(page, "ctr")
    form = page.locator('form.kpi-calculator[data-kpi="ctr"]')
    form.locator('input[name="clicks"]').fill("12,5")
    form.locator('input[name="impressions"]').fill("1.000")
    expect(form.locator('output[name="result"]')).to_have_attribute(
        "data-value", "1.25", timeout=PYODIDE_TIMEOUT_MS
    )
    expect(form.locator('output[name="result"]')).to_have_text("1,25%")


def test_zero_denominator_names_the_field_and_shows_no_number(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/kpi/cac/")
    result_of(page, "cac")
    form = page.locator('form.kpi-calculator[data-kpi="cac"]')
    form.locator('input[name="new_customers"]').fill("0")
    field_error = form.locator('[data-input="new_customers"] [role="alert"]')
    expect(field_error).not_to_be_empty(timeout=PYODIDE_TIMEOUT_MS)
    expect(form.locator('output[name="result"]')).to_have_attribute("data-value", "")
    text = form.inner_text()
    for bad in ("NaN", "Infinity", "Traceback", "undefined"):
        assert bad not in text


def test_text_that_is_no_number_gets_a_message_at_the_field(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/kpi/ctr/")
    result_of(page, "ctr")
    form = page.locator('form.kpi-calculator[data-kpi="ctr"]')
    form.locator('input[name="impressions"]').fill("veel")
    expect(form.locator('[data-input="impressions"] [role="alert"]')).not_to_be_empty()
    expect(form.locator('input[name="impressions"]')).to_have_attribute("aria-invalid", "true")
    expect(form.locator('output[name="result"]')).to_have_attribute("data-value", "")


def test_query_parameters_fill_the_form_and_compute(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/kpi/ctr/?clicks=7&impressions=100")
    assert result_of(page, "ctr") == "7"
    expect(page.locator('form.kpi-calculator input[name="clicks"]')).to_have_value("7")


@pytest.mark.skipif(not node_available(), reason="the build makes the snapshot with Node")
def test_the_worker_boots_from_the_memory_snapshot(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/kpi/cac/")
    assert result_of(page, "cac") == "400"
    assert page.evaluate("window.kpiHandbook.bootPath") == "snapshot"


def _snapshot_for(pyodide: str) -> bytes:
    header = json.dumps({"format": "kpi-handbook-pyodide-snapshot/1", "pyodide": pyodide})
    return gzip.compress(f"{header:<71}\n".encode() + bytes(64))


UNUSABLE_SNAPSHOTS = {
    "blocked": lambda route: route.abort(),
    "made-for-another-pyodide": lambda route: route.fulfill(body=_snapshot_for("313.0.0")),
    "corrupt": lambda route: route.fulfill(body=b"\x1f\x8b" + bytes(100)),
}


@pytest.mark.parametrize("trouble", UNUSABLE_SNAPSHOTS)
def test_without_a_usable_snapshot_the_plain_boot_answers(
    page: Page, base_url: str, trouble: str
) -> None:
    def serve(route: Route) -> None:
        UNUSABLE_SNAPSHOTS[trouble](route)

    page.route(SNAPSHOT_URL, serve)
    page.goto(f"{base_url}/kpi/cac/")
    assert result_of(page, "cac") == "400"
    assert page.evaluate("window.kpiHandbook.bootPath") == "plain"
    expect(page.locator('form.kpi-calculator[data-kpi="cac"] [role="alert"]')).to_have_text(
        ["", "", "", ""]
    )


def test_the_form_works_while_the_calculator_loads(page: Page, base_url: str) -> None:
    held: list[Route] = []
    # Hold the snapshot back, so that the calculator is still loading while the reader types.
    page.route(SNAPSHOT_URL, lambda route: held.append(route))
    page.goto(f"{base_url}/kpi/ctr/")
    form = page.locator('form.kpi-calculator[data-kpi="ctr"]')
    expect(form.locator(".kpi-calculator__status")).to_have_text(
        "Rekenmachine laden: rekenkern ophalen…"
    )
    clicks = form.locator('input[name="clicks"]')
    clicks.fill("veel")
    clicks.press("Tab")
    expect(form.locator('[data-input="clicks"] [role="alert"]')).to_have_text(
        "Vul bij ‘Klikken’ een getal in, zoals 1250 of 1.250,50."
    )
    clicks.fill("10")
    form.locator('input[name="impressions"]').fill("1000")
    output = form.locator('output[name="result"]')
    expect(output).to_have_attribute("data-value", "")
    for _ in range(600):
        if held:
            break
        page.wait_for_timeout(100)
    held[0].continue_()
    expect(output).to_have_attribute("data-value", "1", timeout=PYODIDE_TIMEOUT_MS)
    expect(form.locator(".kpi-calculator__status")).to_have_text("")
    expect(form.locator('[role="alert"]')).to_have_text(["", "", ""])

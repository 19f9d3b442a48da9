"""Every calculator answers in the real Pyodide, in the browser, with no outside request."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from playwright.sync_api import Page, expect

from .conftest import PYODIDE_TIMEOUT_MS, instant_navigate, result_of


def _matches(raw: str, expected: Decimal) -> bool:
    places = max(0, -expected.as_tuple().exponent)
    return Decimal(raw).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == expected


def test_every_worked_example_computes_its_result(page: Page, base_url: str, real_catalog) -> None:
    kpis = real_catalog.with_formula()
    page.goto(f"{base_url}/kpi/{kpis[0].id}/")
    wrong = {}
    for kpi in kpis:
        if page.locator(f'form.kpi-calculator[data-kpi="{kpi.id}"]').count() == 0:
            instant_navigate(page, f"{base_url}/kpi/{kpi.id}/")
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
            if request.url.endswith(("pyodide.asm.wasm", "python_stdlib.zip"))
            else None
        ),
    )
    page.goto(f"{base_url}/kpi/cac/")
    result_of(page, "cac")
    page.locator('.md-content a[href$="kpi/clv_cac_ratio/"]').first.click()
    assert result_of(page, "clv_cac_ratio", timeout=10_000) != ""
    assert page.evaluate("window.kpiHandbook.bootCount") == 1
    # The worker's requests count too: the runtime was fetched once, by one worker.
    assert sorted(url.rsplit("/", 1)[1] for url in runtime) == [
        "pyodide.asm.wasm",
        "python_stdlib.zip",
    ]


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

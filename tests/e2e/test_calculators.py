"""Every calculator answers in the real Pyodide, in the browser, with no outside request."""

from __future__ import annotations

import gzip
import json
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qsl, urlsplit

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
    form.locator('input[name="clicks"]').fill("125")
    form.locator('input[name="impressions"]').fill("10.000")
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
        "Vul bij ‘Klikken’ een getal in, zoals 1250 of 1.250."
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


NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("path", "kpi_id", "filled"),
    [
        ("/kpi/clv/", "clv", f"€{NBSP}85 × 3,2 × 4{NBSP}jaar × 40% = €{NBSP}435,20"),
        (
            "/en/kpi/marketing_roi/",
            "marketing_roi",
            "100 × (€250,000 × 40% − €60,000) ÷ €60,000 = 66.67%",
        ),
        ("/kpi/ctr/", "ctr", "100 × 1.380 ÷ 46.000 = 3%"),
    ],
)
def test_the_filled_in_formula_reads_like_the_formula_line(
    page: Page, base_url: str, path: str, kpi_id: str, filled: str
) -> None:
    """A margin shows once, as 40% (not "40% / 100"), and ÷ as on the page's formula line."""
    page.goto(base_url + path)
    result_of(page, kpi_id)
    expect(page.locator(".kpi-calculator__filled")).to_have_text(filled)
    expect(page.locator(".kpi-formula code")).to_contain_text("÷")


def _share(page: Page, kpi_id: str) -> dict[str, str]:
    """Click "share as a link"; returns the query of the address it made."""
    form = page.locator(f'form.kpi-calculator[data-kpi="{kpi_id}"]')
    form.locator('[data-action="share"]').click()
    page.wait_for_function("() => location.search !== ''")
    return dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))


def test_a_share_link_keeps_what_was_typed_in_a_field_that_is_no_number(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/kpi/ctr/")
    result_of(page, "ctr")
    form = page.locator('form.kpi-calculator[data-kpi="ctr"]')
    form.locator('input[name="clicks"]').fill("12,,5")
    form.locator('input[name="impressions"]').fill("2.000")
    form.locator('input[name="impressions"]').press("Tab")
    message = "Vul bij ‘Klikken’ een getal in, zoals 1250 of 1.250."
    expect(form.locator('[data-input="clicks"] [role="alert"]')).to_have_text(message)
    assert _share(page, "ctr") == {"clicks": "~12,,5", "impressions": "2000"}

    receiver = page.context.new_page()
    receiver.goto(page.url)
    form = receiver.locator('form.kpi-calculator[data-kpi="ctr"]')
    expect(form.locator('input[name="clicks"]')).to_have_value("12,,5")
    expect(form.locator('input[name="impressions"]')).to_have_value("2000")
    expect(form.locator('[data-input="clicks"] [role="alert"]')).to_have_text(message)
    expect(form.locator('output[name="result"]')).to_have_attribute("data-value", "")


@pytest.mark.parametrize(
    ("start", "button", "expected"),
    [
        ("/kpi/roas/?ad_revenue=5000&ad_spend=1000", "Terug naar het voorbeeld", "/kpi/roas/"),
        (
            "/en/kpi/roas/?ad_revenue=5000&ad_spend=1000#calc-roas-ad_spend",
            "Back to the example",
            "/en/kpi/roas/#calc-roas-ad_spend",
        ),
    ],
)
def test_back_to_the_example_takes_the_numbers_out_of_the_address(
    page: Page, base_url: str, start: str, button: str, expected: str
) -> None:
    """Otherwise a reload brings the shared numbers back in place of the example."""
    page.goto(base_url + start)
    assert result_of(page, "roas") == "5"
    page.get_by_role("button", name=button).click()
    output = page.locator('form.kpi-calculator[data-kpi="roas"] output[name="result"]')
    expect(output).to_have_attribute("data-value", "4.05")
    expect(page).to_have_url(base_url + expected)
    page.reload()
    assert result_of(page, "roas") == "4.05"
    expect(page.locator('input[name="ad_spend"]')).not_to_have_value("1000")


def test_a_share_link_keeps_an_empty_field_empty(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/en/kpi/ctr/")
    result_of(page, "ctr")
    page.locator('input[name="clicks"]').fill("")
    page.locator('input[name="clicks"]').press("Tab")
    message = page.locator('[data-input="clicks"] [role="alert"]')
    expect(message).to_have_text("Enter a number for ‘Clicks’.")
    assert _share(page, "ctr") == {"clicks": "~", "impressions": "46000"}
    page.goto(page.url)
    expect(page.locator('input[name="clicks"]')).to_have_value("")
    expect(message).to_have_text("Enter a number for ‘Clicks’.")


@pytest.mark.parametrize(
    ("lang", "typed", "note"),
    [
        ("nl", "12,500", f"Gelezen als 12,5{NBSP}dagen. Bedoel je 12.500, typ dan 12.500."),
        ("en", "12.500", f"Read as 12.5{NBSP}days. If you meant 12,500, type 12,500."),
    ],
)
def test_the_other_reading_of_a_number_in_days_says_what_the_field_takes(
    page: Page, base_url: str, lang: str, typed: str, note: str
) -> None:
    """The field reads "12.500", not "12.500 dagen": the suggestion leaves the unit word out."""
    page.goto(f"{base_url}{'' if lang == 'nl' else '/en'}/kpi/sales_cycle_length_days/")
    result_of(page, "sales_cycle_length_days")
    page.locator('input[name="deals_won"]').fill("25")
    field = page.locator('[data-input="total_days_to_close_won"]')
    field.locator("input").fill(typed)
    field.locator("input").press("Tab")
    expect(field.locator(".kpi-calculator__note")).to_have_text(note)
    field.locator("input").fill(typed.replace(",", "_").replace(".", ",").replace("_", "."))
    field.locator("input").press("Tab")
    expect(field.locator('[role="alert"]')).to_be_empty()
    form = page.locator('form.kpi-calculator[data-kpi="sales_cycle_length_days"]')
    expect(form.locator('output[name="result"]')).to_have_attribute("data-value", "500")


@pytest.mark.parametrize(
    ("lang", "typed", "value", "note"),
    [
        (
            "nl",
            "12,500",
            "12.5",
            f"Gelezen als €{NBSP}12,50. Bedoel je €{NBSP}12.500, typ dan €{NBSP}12.500.",
        ),
        ("en", "12.500", "12.5", "Read as €12.50. If you meant €12,500, type €12,500."),
        ("nl", "12.500", "12500", ""),
        ("nl", "12,5", "12.5", ""),
    ],
)
def test_a_decimal_mark_that_could_group_thousands_is_read_with_a_question(
    page: Page, base_url: str, lang: str, typed: str, value: str, note: str
) -> None:
    """On the Dutch site "12,500" reads as 12,5, and the field asks whether 12.500 was meant."""
    page.goto(f"{base_url}{'' if lang == 'nl' else '/en'}/kpi/cac/")
    result_of(page, "cac")
    form = page.locator('form.kpi-calculator[data-kpi="cac"]')
    form.locator('input[name="sales_cost"]').fill("0")
    form.locator('input[name="new_customers"]').fill("1")
    form.locator('input[name="marketing_cost"]').fill(typed)
    form.locator('input[name="marketing_cost"]').press("Tab")
    expect(form.locator('output[name="result"]')).to_have_attribute("data-value", value)
    expect(form.locator('[data-input="marketing_cost"] .kpi-calculator__note')).to_have_text(note)
    expect(form.locator('[role="alert"]')).to_have_text(["", "", "", ""])
    described = form.locator('input[name="marketing_cost"]').get_attribute("aria-describedby")
    assert "calc-cac-marketing_cost-note" in described.split()

"""The English handbook at /en/: search across languages, English numbers, the language switch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import PYODIDE_TIMEOUT_MS, instant_navigate, result_of, search_finds

#: (English name, Dutch name, KPI id): each name must find the KPI on the other language's site.
NAMES = [
    ("churn", "klantverloop", "churn_rate"),
    ("customer acquisition cost", "klantwervingskost", "cac"),
    ("average order value", "gemiddelde bestelwaarde", "aov"),
    ("conversion rate", "conversiepercentage", "conversion_rate"),
    ("customer retention", "klantbehoud", "customer_retention_rate"),
    ("market share", "marktaandeel", "market_share"),
    ("brand recall", "merkherinnering", "brand_recall_rate"),
    ("gross margin", "brutomarge", "gross_margin_pct"),
    ("cost per acquisition", "kosten per acquisitie", "cpa"),
    ("customer satisfaction", "klanttevredenheid", "customer_satisfaction"),
    ("click-through rate", "doorklikratio", "ctr"),
    ("return on ad spend", "advertentierendement", "roas"),
]


def _missed(page: Page, start: str, queries: list[tuple[str, str]]) -> list[str]:
    page.goto(start)
    page.locator("input.md-search__input").click()
    return [query for query, kpi_id in queries if not search_finds(page, query, kpi_id, top=5)]


def test_english_site_finds_kpis_by_their_dutch_names(page: Page, base_url: str) -> None:
    queries = [(dutch, kpi_id) for _, dutch, kpi_id in NAMES]
    assert _missed(page, f"{base_url}/en/", queries) == []
    assert "/en/kpi/" in page.locator(".md-search-result__item > a").first.get_attribute("href")


def test_dutch_site_finds_kpis_by_their_english_names(page: Page, base_url: str) -> None:
    queries = [(english, kpi_id) for english, _, kpi_id in NAMES]
    assert _missed(page, f"{base_url}/", queries) == []


def test_english_calculator_reads_and_writes_english_numbers(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/en/kpi/cac/")
    assert result_of(page, "cac") == "400"
    form = page.locator('form.kpi-calculator[data-kpi="cac"]')
    output = form.locator('output[name="result"]')
    expect(output).to_have_text("€400.00")
    form.locator('input[name="marketing_cost"]').fill("100,000.50")
    form.locator('input[name="sales_cost"]').fill("23,449.50")
    form.locator('input[name="new_customers"]').fill("100")
    expect(output).to_have_attribute("data-value", "1234.5", timeout=PYODIDE_TIMEOUT_MS)
    expect(output).to_have_text("€1,234.50")
    expect(form.locator(".kpi-calculator__filled")).to_contain_text("€100,000.50")


@pytest.mark.parametrize(
    ("start", "lang", "expected"),
    [
        ("/kpi/churn_rate/", "en", "/en/kpi/churn_rate/"),
        ("/en/goals/retain_customers/", "nl", "/goals/retain_customers/"),
        ("/guide/method/", "en", "/en/guide/method/"),
        ("/en/", "nl", "/"),
        # Headings are translated: the other page has other anchors.
        ("/kpi/cac/#in-een-oogopslag", "en", "/en/kpi/cac/"),
    ],
)
def test_language_switch_opens_the_same_page_in_the_other_language(
    page: Page, base_url: str, start: str, lang: str, expected: str
) -> None:
    page.goto(base_url + start)
    page.locator(".md-header .md-select").hover()
    page.locator(f'a.md-select__link[hreflang="{lang}"]').click()
    page.wait_for_url(base_url + expected)
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_language_switch_keeps_the_numbers_once_material_knows_the_other_sitemap(
    page: Page, base_url: str
) -> None:
    """Material sends a click on a language link whose address is not in that language's sitemap
    (an address with a query is not) to that language's home, but only once it has the sitemap,
    and only if it met that language's sitemap before this one's. The Dutch sitemap is held
    back here, so Material knows the English one only, every time."""
    page.route(f"{base_url}/sitemap.xml", lambda route: None)  # never answered
    with page.expect_response(f"{base_url}/en/sitemap.xml"):
        page.goto(f"{base_url}/kpi/cac/?marketing_cost=1000")
    page.locator(".md-header .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"{base_url}/en/kpi/cac/?marketing_cost=1000")
    expect(page.locator('input[name="marketing_cost"]')).to_have_value("1000")


def test_language_switch_follows_instant_navigation(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/en/kpi/cac/")
    instant_navigate(page, f"{base_url}/en/kpi/clv/")
    expect(page.locator("h1")).to_contain_text("Customer lifetime value")
    link = page.locator('a.md-select__link[hreflang="nl"]')
    expect(link).to_have_attribute("href", f"{base_url}/kpi/clv/")


def test_language_switch_keeps_the_calculator_numbers_and_the_anchor(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/kpi/ctr/?clicks=7&impressions=100#calc-ctr-clicks")
    assert result_of(page, "ctr") == "7"
    page.locator(".md-header .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(f"{base_url}/en/kpi/ctr/?clicks=7&impressions=100#calc-ctr-clicks")
    assert result_of(page, "ctr") == "7"
    expect(page.locator('input[name="clicks"]')).to_have_value("7")


def test_language_switch_takes_the_numbers_of_a_share_link_made_on_the_page(
    page: Page, base_url: str
) -> None:
    """The address changes without a new page when the reader shares: the switch follows."""
    page.goto(f"{base_url}/en/kpi/ctr/")
    result_of(page, "ctr")
    form = page.locator('form.kpi-calculator[data-kpi="ctr"]')
    form.locator('input[name="clicks"]').fill("abc")
    form.locator('input[name="impressions"]').fill("1,000")
    form.locator('[data-action="share"]').click()
    page.wait_for_function("() => location.search !== ''")
    page.locator(".md-header .md-select").hover()
    page.locator('a.md-select__link[hreflang="nl"]').click()
    page.wait_for_url(f"{base_url}/kpi/ctr/?clicks=%7Eabc&impressions=1000")
    expect(page.locator('input[name="clicks"]')).to_have_value("abc")
    expect(page.locator('input[name="impressions"]')).to_have_value("1000")
    expect(page.locator('[data-input="clicks"] [role="alert"]')).to_have_text(
        "Vul bij ‘Klikken’ een getal in, zoals 1250 of 1.250."
    )


@pytest.mark.parametrize(
    ("start", "lang", "expected"),
    [
        ("/kpi/roas/", "en", "/en/kpi/roas/"),
        ("/en/goals/marketing_roi/", "nl", "/goals/marketing_roi/"),
        (
            "/kpi/ctr/?clicks=7&impressions=100#calc-ctr-clicks",
            "en",
            "/en/kpi/ctr/?clicks=7&impressions=100#calc-ctr-clicks",
        ),
    ],
)
def test_language_switch_by_keyboard_leaves_the_address_of_the_other_page(
    page: Page, base_url: str, start: str, lang: str, expected: str
) -> None:
    """Enter on the focused link is a click without a pointer: it must end where a click does."""
    page.goto(base_url + start)
    link = page.locator(f'a.md-select__link[hreflang="{lang}"]')
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page).to_have_url(base_url + expected)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", lang)

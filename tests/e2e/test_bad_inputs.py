"""Bad input gets one exact message where it belongs, and never a number, in both languages.

Each case starts from the worked example, types its values as a reader does, leaves the field
(Tab), and then expects exactly one message: at the field it names (``role=alert``), or at the
form for a problem that belongs to no single field. The result stays empty throughout.

Cases are grouped by calculator; one page per calculator serves all its cases, so Pyodide boots
once per calculator rather than once per case.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.formula import plain

from .conftest import PYODIDE_TIMEOUT_MS, record_outside_requests, result_of

#: The form-level message element, for problems that belong to no single field.
FORM = None


@dataclass(frozen=True)
class Case:
    lang: str
    kpi: str
    values: dict[str, str]
    where: str | None
    message: str

    def __str__(self) -> str:
        typed = ",".join(f"{key}={value!r}" for key, value in self.values.items())
        return f"{self.lang}-{self.kpi}-{typed}"


def nl(kpi: str, values: dict[str, str], where: str | None, message: str) -> Case:
    return Case("nl", kpi, values, where, message)


def en(kpi: str, values: dict[str, str], where: str | None, message: str) -> Case:
    return Case("en", kpi, values, where, message)


NOT_A_NUMBER_NL = "Vul bij ‘{}’ een getal in, zoals 1250 of 1.250,50."
NOT_A_NUMBER_EN = "Enter a number for ‘{}’, like 1250 or 1,250.50."
#: For a count (clicks, impressions …) the example has no decimals.
NOT_A_COUNT_NL = "Vul bij ‘{}’ een getal in, zoals 1250 of 1.250."
NOT_A_COUNT_EN = "Enter a number for ‘{}’, like 1250 or 1,250."
AMBIGUOUS_NL = (
    "Het getal bij ‘{}’ is niet eenduidig. "
    "Gebruik een komma voor decimalen, zoals 1234,5 of 1.234,5."
)
AMBIGUOUS_EN = "The number for ‘{}’ is unclear. Use a point for decimals, like 1234.5 or 1,234.5."
#: Between "€" and its amount, as between a number and its unit: a no-break space.
NBSP = "\u00a0"
#: A check's own message comes from the catalog: (kpi, index of the check).
CHECK = "check:{}"

CASES = [
    # Empty, words and what JavaScript or Python would read as special numbers.
    nl("ctr", {"impressions": ""}, "impressions", "Vul bij ‘Vertoningen’ een getal in."),
    nl("ctr", {"impressions": "   "}, "impressions", "Vul bij ‘Vertoningen’ een getal in."),
    nl("ctr", {"impressions": "veel"}, "impressions", NOT_A_COUNT_NL.format("Vertoningen")),
    nl("ctr", {"impressions": "NaN"}, "impressions", NOT_A_COUNT_NL.format("Vertoningen")),
    nl("ctr", {"impressions": "Infinity"}, "impressions", NOT_A_COUNT_NL.format("Vertoningen")),
    nl("ctr", {"impressions": "∞"}, "impressions", NOT_A_COUNT_NL.format("Vertoningen")),
    nl("ctr", {"impressions": "1e5"}, "impressions", NOT_A_COUNT_NL.format("Vertoningen")),
    nl("ctr", {"impressions": "0x10"}, "impressions", NOT_A_COUNT_NL.format("Vertoningen")),
    nl("ctr", {"impressions": "1/0"}, "impressions", NOT_A_COUNT_NL.format("Vertoningen")),
    # Signs, units and separators in the wrong place or too often.
    nl("ctr", {"clicks": "--5"}, "clicks", NOT_A_COUNT_NL.format("Klikken")),
    nl("ctr", {"clicks": "5-"}, "clicks", NOT_A_COUNT_NL.format("Klikken")),
    nl("ctr", {"clicks": "12%"}, "clicks", NOT_A_COUNT_NL.format("Klikken")),
    nl("ctr", {"clicks": "€ 5"}, "clicks", NOT_A_COUNT_NL.format("Klikken")),
    nl("ctr", {"clicks": "1,2,3"}, "clicks", NOT_A_COUNT_NL.format("Klikken")),
    nl("ctr", {"clicks": "12,,5"}, "clicks", NOT_A_COUNT_NL.format("Klikken")),
    nl("ctr", {"clicks": "1 2"}, "clicks", NOT_A_COUNT_NL.format("Klikken")),
    # Another currency than the euro, or a unit word: the number alone is asked for.
    nl("cac", {"marketing_cost": "$1,250"}, "marketing_cost",
       "Vul bij ‘Marketingkosten’ alleen het getal in: bedragen zijn in euro."),
    nl("cac", {"marketing_cost": "EUR 85"}, "marketing_cost",
       "Vul bij ‘Marketingkosten’ alleen het getal in: bedragen zijn in euro."),
    en("cac", {"marketing_cost": "USD 10"}, "marketing_cost",
       "Enter only the number for ‘Marketing costs’: amounts are in euro."),
    en("cac", {"marketing_cost": "$1,250"}, "marketing_cost",
       "Enter only the number for ‘Marketing costs’: amounts are in euro."),
    nl("clv", {"lifespan_years": "4 jaar"}, "lifespan_years",
       "Vul bij ‘Klantlevensduur’ alleen het getal in, zonder eenheid."),
    en("clv", {"lifespan_years": "4 years"}, "lifespan_years",
       "Enter only the number for ‘Customer lifespan’, without the unit."),
    nl("cac", {"marketing_cost": "5 mln"}, "marketing_cost",
       NOT_A_NUMBER_NL.format("Marketingkosten")),
    nl("cac", {"marketing_cost": "1.234.5"}, "marketing_cost",
       NOT_A_NUMBER_NL.format("Marketingkosten")),
    # Numbers written the English way on the Dutch site, and the other way round.
    nl("ctr", {"impressions": "1,234.5"}, "impressions", AMBIGUOUS_NL.format("Vertoningen")),
    nl("cac", {"marketing_cost": "1234.567"}, "marketing_cost",
       AMBIGUOUS_NL.format("Marketingkosten")),
    en("ctr", {"impressions": "1.234,5"}, "impressions", AMBIGUOUS_EN.format("Impressions")),
    en("ctr", {"clicks": "abc"}, "clicks", NOT_A_COUNT_EN.format("Clicks")),
    en("ctr", {"clicks": ""}, "clicks", "Enter a number for ‘Clicks’."),
    # More than 15 digits before the decimal mark: no figure anyone has, and no exact result.
    nl("cac", {"marketing_cost": "1.234.567.890.123.456"}, "marketing_cost",
       "Vul bij ‘Marketingkosten’ een kleiner getal in: hoogstens 15 cijfers voor de komma."),
    en("seo_rankings", {"tracked_keywords": "9" * 400}, "tracked_keywords",
       "Enter a smaller number for ‘Tracked keywords’: "
       "at most 15 digits before the decimal point."),
    # Below a minimum, above a maximum, a part larger than its whole.
    nl("ctr", {"clicks": "-5"}, "clicks", "Vul bij ‘Klikken’ 0 of meer in."),
    nl("cac", {"marketing_cost": "-100"}, "marketing_cost",
       f"Vul bij ‘Marketingkosten’ €{NBSP}0 of meer in."),
    nl("ctr", {"clicks": "50.000"}, "clicks",
       "‘Klikken’ kan niet groter zijn dan ‘Vertoningen’ (46.000). "
       "Verlaag ‘Klikken’ of verhoog ‘Vertoningen’."),
    en("ctr", {"clicks": "50,000"}, "clicks",
       "‘Clicks’ cannot be more than ‘Impressions’ (46,000). "
       "Lower ‘Clicks’ or raise ‘Impressions’."),
    nl("seo_rankings", {"sum_of_positions": "10"}, "sum_of_positions",
       "‘Som van de posities’ kan niet kleiner zijn dan ‘Gevolgde zoekwoorden’ (60). "
       "Verhoog ‘Som van de posities’ of verlaag ‘Gevolgde zoekwoorden’."),
    # Below a minimum of 0 that the formula divides by: 0 is refused too, so it is not offered.
    nl("cac", {"new_customers": "-5"}, "new_customers",
       "Vul bij ‘Nieuwe klanten’ een getal groter dan 0 in."),
    en("cac", {"new_customers": "-5"}, "new_customers",
       "Enter a number greater than 0 for ‘New customers’."),
    nl("relative_market_share", {"largest_competitor_share_pct": "-1"},
       "largest_competitor_share_pct",
       "Vul bij ‘Marktaandeel van de grootste concurrent’ een getal groter dan 0% in."),
    # A part and its whole are compared only once the whole is valid on its own.
    nl("ctr", {"clicks": "50000", "impressions": "-5"}, "impressions",
       "Vul bij ‘Vertoningen’ een getal groter dan 0 in."),
    nl("ctr", {"clicks": "50000", "impressions": "veel"}, "impressions",
       NOT_A_COUNT_NL.format("Vertoningen")),
    en("ctr", {"clicks": "50000", "impressions": "0"}, "impressions",
       "‘Impressions’ cannot be 0: the formula divides by it. Enter a number above 0."),
    # Counts are whole numbers; "46,500" on the Dutch site is 46 and a half, or 46.500.
    nl("ctr", {"clicks": "2,5"}, "clicks",
       "Vul bij ‘Klikken’ een heel getal in: het is een aantal."),
    nl("ctr", {"impressions": "46,500"}, "impressions",
       "Vul bij ‘Vertoningen’ een heel getal in. Bedoel je 46.500, typ dan 46.500."),
    en("ctr", {"impressions": "46.500"}, "impressions",
       "Enter a whole number for ‘Impressions’. If you meant 46,500, type 46,500."),
    # "2,000" reads as 2, a whole number, but 2,000 customers were meant: asked, not computed.
    nl("cac", {"new_customers": "2,000"}, "new_customers",
       "Vul bij ‘Nieuwe klanten’ een heel getal in. Bedoel je 2.000, typ dan 2.000."),
    en("cac", {"new_customers": "1.000"}, "new_customers",
       "Enter a whole number for ‘New customers’. If you meant 1,000, type 1,000."),
    en("cac", {"marketing_cost": "lots"}, "marketing_cost",
       NOT_A_NUMBER_EN.format("Marketing costs")),
    # Percentages: bounded at 100, and at −100 for a margin.
    nl("relative_market_share", {"own_share_pct": "150"}, "own_share_pct",
       "Vul bij ‘Eigen marktaandeel’ 100% of minder in."),
    nl("relative_market_share", {"own_share_pct": "-1%"}, "own_share_pct",
       "Vul bij ‘Eigen marktaandeel’ 0% of meer in."),
    en("relative_market_share", {"own_share_pct": "100.5"}, "own_share_pct",
       "Enter 100% or less for ‘Own market share’."),
    nl("clv", {"gross_margin_pct": "101"}, "gross_margin_pct",
       "Vul bij ‘Brutomarge’ 100% of minder in."),
    nl("clv", {"gross_margin_pct": "-150"}, "gross_margin_pct",
       "Vul bij ‘Brutomarge’ −100% of meer in."),
    # A division by 0: at the field that is 0, or at the form when a sum of fields is 0.
    nl("cac", {"new_customers": "0"}, "new_customers",
       "‘Nieuwe klanten’ kan geen 0 zijn: de formule deelt erdoor. Vul een getal groter dan 0 in."),
    en("cac", {"new_customers": "0,000"}, "new_customers",
       "‘New customers’ cannot be 0: the formula divides by it. Enter a number above 0."),
    nl("ctr", {"clicks": "0", "impressions": "0"}, "impressions",
       "‘Vertoningen’ kan geen 0 zijn: de formule deelt erdoor. Vul een getal groter dan 0 in."),
    nl("relative_market_share", {"largest_competitor_share_pct": "0"},
       "largest_competitor_share_pct",
       "‘Marktaandeel van de grootste concurrent’ kan geen 0 zijn: de formule deelt erdoor. "
       "Vul een getal groter dan 0 in."),
    nl("nps", {"promoters": "0", "passives": "0", "detractors": "0"}, FORM,
       "Pas ‘Promotors’, ‘Passieven’ of ‘Criticasters’ aan: "
       "met deze getallen deelt de formule door 0."),
    en("nps", {"promoters": "0", "passives": "0", "detractors": "0"}, FORM,
       "Change ‘Promoters’, ‘Passives’ or ‘Detractors’: "
       "with these numbers the formula divides by 0."),
    # Rules between inputs (the catalog's checks), shown at the first input they mention.
    nl("relative_market_share", {"own_share_pct": "60", "largest_competitor_share_pct": "50"},
       "own_share_pct", CHECK.format(0)),
    en("relative_market_share", {"own_share_pct": "60", "largest_competitor_share_pct": "50"},
       "own_share_pct", CHECK.format(0)),
    nl("purchase_frequency", {"orders": "5", "unique_customers": "10"}, "orders", CHECK.format(0)),
]  # fmt: skip


@pytest.fixture(scope="module")
def calculator_pages(browser: Browser, site_url: str, browser_context_args: dict):
    """One page per calculator, opened on first use; the previous one is closed then."""
    context = browser.new_context(**browser_context_args)
    outside = record_outside_requests(context, site_url)
    opened: dict[tuple[str, str], Page] = {}

    def open_calculator(lang: str, kpi: str) -> Page:
        if (lang, kpi) not in opened:
            for page in opened.values():
                page.close()
            opened.clear()
            page = context.new_page()
            page.set_default_timeout(30_000)
            prefix = "" if lang == "nl" else f"/{lang}"
            page.goto(f"{site_url}{prefix}/kpi/{kpi}/")
            result_of(page, kpi)
            opened[(lang, kpi)] = page
        return opened[(lang, kpi)]

    yield open_calculator
    context.close()
    assert outside == [], f"requests left the site: {outside}"


@pytest.fixture(autouse=True)
def outside_requests():
    """The pages here are shared per calculator; `calculator_pages` checks their requests."""
    yield []


# Grouped by page, so that each calculator's page opens once.
@pytest.mark.parametrize("case", sorted(CASES, key=lambda case: (case.lang, case.kpi)), ids=str)
def test_bad_input_gets_its_message_and_no_result(case: Case, calculator_pages, real_catalog):
    page = calculator_pages(case.lang, case.kpi)
    form = page.locator(f'form.kpi-calculator[data-kpi="{case.kpi}"]')
    output = form.locator('output[name="result"]')
    form.locator('[data-action="example"]').click()
    expect(output).not_to_have_attribute("data-value", "", timeout=PYODIDE_TIMEOUT_MS)
    for input_id, text in case.values.items():
        form.locator(f'input[name="{input_id}"]').fill(text)
    form.locator(f'input[name="{list(case.values)[-1]}"]').press("Tab")

    expected = case.message
    if expected.startswith("check:"):
        check = real_catalog.kpis[case.kpi].formula.checks[int(expected.split(":")[1])]
        expected = check.message[case.lang]
    where = (
        form.locator(".kpi-calculator__form-error")
        if case.where is FORM
        else form.locator(f'[data-input="{case.where}"] [role="alert"]')
    )
    expect(where).to_have_text(expected)
    expect(output).to_have_attribute("data-value", "")
    expect(output).to_have_text("")
    shown = [text for text in form.locator('[role="alert"]').all_inner_texts() if text.strip()]
    assert shown == [expected]
    if case.where is not FORM:
        invalid = form.locator(f'input[name="{case.where}"]')
        expect(invalid).to_have_attribute("aria-invalid", "true")
    for bad in ("NaN", "Infinity", "undefined", "Traceback"):
        assert bad not in form.inner_text()


@pytest.mark.parametrize(
    ("lang", "kpi", "input_id", "typed", "read"),
    [
        ("nl", "relative_market_share", "own_share_pct", "12,500", "12.5"),
        ("en", "relative_market_share", "own_share_pct", "12.500%", "12.5"),
        ("nl", "clv", "gross_margin_pct", "12,500", "12.5"),
    ],
)
def test_a_reading_the_field_refuses_is_not_suggested(
    calculator_pages, real_catalog, lang: str, kpi: str, input_id: str, typed: str, read: str
) -> None:
    """12.500% is above the field's 100%: "12,500" is read as 12,5% without a question."""
    page = calculator_pages(lang, kpi)
    form = page.locator(f'form.kpi-calculator[data-kpi="{kpi}"]')
    form.locator('[data-action="example"]').click()
    form.locator(f'input[name="{input_id}"]').fill(typed)
    form.locator(f'input[name="{input_id}"]').press("Tab")
    formula = real_catalog.kpis[kpi].formula
    values = {key: plain(value) for key, value in formula.example_inputs.items()}
    expected = plain(formula.compute({**values, input_id: read}))
    expect(form.locator('output[name="result"]')).to_have_attribute("data-value", expected)
    expect(form.locator(f'[data-input="{input_id}"] .kpi-calculator__note')).to_have_text("")
    assert [text for text in form.locator('[role="alert"]').all_inner_texts() if text] == []


def test_the_result_follows_each_keystroke(calculator_pages) -> None:
    page = calculator_pages("nl", "ctr")
    form = page.locator('form.kpi-calculator[data-kpi="ctr"]')
    output = form.locator('output[name="result"]')
    form.locator('input[name="impressions"]').fill("1000")
    clicks = form.locator('input[name="clicks"]')
    clicks.fill("")
    for key, percent in (("2", "0.2"), ("5", "2.5"), ("0", "25"), (",", "25")):
        clicks.press(key)
        # No pause, no Tab: the result is there while the field still has the focus.
        expect(output).to_have_attribute("data-value", percent)
        assert Decimal(output.get_attribute("data-value")) == Decimal(percent)
    expect(clicks).to_be_focused()


def test_a_message_waits_until_the_reader_pauses(calculator_pages) -> None:
    page = calculator_pages("nl", "ctr")
    form = page.locator('form.kpi-calculator[data-kpi="ctr"]')
    clicks = form.locator('input[name="clicks"]')
    clicks.fill("")
    clicks.press_sequentially("-")
    # A half-typed number empties the result at once; its message follows after a pause,
    # without leaving the field.
    expect(form.locator('output[name="result"]')).to_have_attribute("data-value", "")
    expect(form.locator('[data-input="clicks"] [role="alert"]')).to_have_text(
        NOT_A_COUNT_NL.format("Klikken")
    )
    expect(clicks).to_be_focused()

"""WCAG 2 A and AA, as axe-core checks them, and calculators that work by keyboard alone.

axe-core comes from node_modules (npm devDependency ``axe-core``). The page's CSP allows scripts
from the site only, so axe is served under the site's own origin through a route.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..conftest import ROOT
from .conftest import PYODIDE_TIMEOUT_MS, result_of

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__tests__/axe.min.js"
RUN_AXE = """() => axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}})
  .then(results => results.violations.map(v => ({
    rule: v.id, help: v.help,
    nodes: v.nodes.map(n => `${n.target.join(" ")}: ${n.failureSummary.replace(/\\s+/g, " ")}`),
  })))"""
#: Style properties that show where the focus is; at least one must change on focus.
FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return ["outline-style", "outline-color", "box-shadow", "background-color", "border-color",
          "color"].map(name => style.getPropertyValue(name)).join(" | ");
}"""

pytestmark = pytest.mark.skipif(not AXE.is_file(), reason="npm ci installs axe-core")


def violations(page: Page, base_url: str) -> list[dict]:
    """axe-core's WCAG 2 A/AA violations on the page as it is now."""
    page.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=AXE))
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(url=base_url + AXE_PATH)
    return page.evaluate(RUN_AXE)


@pytest.fixture(params=["light", "dark"])
def scheme_page(request, page: Page) -> Page:
    """The page in the reader's colour scheme; Material follows prefers-color-scheme."""
    page.emulate_media(color_scheme=request.param)
    return page


@pytest.mark.parametrize("path", ["/", "/goals/brand_awareness/", "/en/kpi/"])
def test_pages_have_no_wcag_violations(scheme_page: Page, base_url: str, path: str) -> None:
    scheme_page.goto(base_url + path)
    assert violations(scheme_page, base_url) == []


def test_guide_page_has_no_wcag_violations(page: Page, base_url: str) -> None:
    page.goto(base_url + "/guide/method/")
    expect(page.locator("div.kpi-diagram svg").first).to_be_visible(timeout=20_000)
    assert violations(page, base_url) == []


def test_calculator_has_no_wcag_violations_computed_or_with_errors(
    scheme_page: Page, base_url: str
) -> None:
    page = scheme_page
    page.goto(f"{base_url}/kpi/cac/")
    result_of(page, "cac")
    assert violations(page, base_url) == []
    form = page.locator('form.kpi-calculator[data-kpi="cac"]')
    form.locator('input[name="new_customers"]').fill("0")
    expect(form.locator('[data-input="new_customers"] [role="alert"]')).not_to_be_empty(
        timeout=PYODIDE_TIMEOUT_MS
    )
    form.locator('input[name="marketing_cost"]').fill("veel")
    expect(form.locator('[data-input="marketing_cost"] [role="alert"]')).not_to_be_empty()
    assert violations(page, base_url) == []


def test_calculator_buttons_stay_readable_when_focused(scheme_page: Page, base_url: str) -> None:
    """Focused (or hovered), a button is filled with a colour: its text must still read on it."""
    page = scheme_page
    page.goto(f"{base_url}/kpi/cac/")
    result_of(page, "cac")
    buttons = page.locator('form.kpi-calculator[data-kpi="cac"] button')
    assert buttons.count() == 3
    for button in buttons.all():
        button.focus()
        # Material fades the colours in: judge them once the transition has ended.
        page.wait_for_function("el => el.getAnimations().length === 0", arg=button.element_handle())
        assert violations(page, base_url) == [], button.text_content()


def test_open_search_with_results_has_no_wcag_violations(scheme_page: Page, base_url: str) -> None:
    page = scheme_page
    page.goto(base_url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("conversie")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=20_000)
    # The results fade in: judge their colours once every transition has ended, not midway.
    page.wait_for_function("() => document.getAnimations().length === 0")
    assert violations(page, base_url) == []


def test_every_calculator_input_has_a_label_hint_and_error_region(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/kpi/cac/")
    described = page.evaluate(
        """() => [...document.querySelectorAll("form.kpi-calculator input")].map(input => ({
          label: [...input.labels].map(label => label.textContent.trim()).join(),
          describedBy: input.getAttribute("aria-describedby").split(" ")
            .map(id => document.getElementById(id)?.className ?? "missing"),
        }))"""
    )
    assert len(described) >= 2
    for field in described:
        assert field["label"] != ""
        assert field["describedBy"] == [
            "kpi-calculator__hint",
            "kpi-calculator__note",
            "kpi-calculator__error",
        ]
    form = page.locator("form.kpi-calculator")
    for note in form.locator(".kpi-calculator__note").all():
        expect(note).to_have_attribute("aria-live", "polite")
    for error in form.locator(".kpi-calculator__error").all():
        expect(error).to_have_attribute("role", "alert")
    expect(form.locator(".kpi-calculator__form-error")).to_have_attribute("role", "alert")
    expect(form.locator(".kpi-calculator__status")).to_have_attribute("aria-live", "polite")
    expect(form.locator("output")).to_have_attribute("aria-live", "polite")


def test_calculator_works_by_keyboard_alone(page: Page, base_url: str, real_catalog) -> None:
    kpi = real_catalog.kpis["cac"]
    page.goto(f"{base_url}/kpi/cac/")
    result_of(page, "cac")
    form = page.locator('form.kpi-calculator[data-kpi="cac"]')
    # Start keyboard navigation where a reader's eye is: the top of the calculator.
    form.click(position={"x": 4, "y": 4})
    expected = [f"input#calc-cac-{item.id}" for item in kpi.formula.inputs] + [
        f'button[data-action="{action}"]' for action in ("copy", "share", "example")
    ]
    for selector in expected:
        page.keyboard.press("Tab")
        expect(form.locator(selector)).to_be_focused()
        focused = form.locator(selector).evaluate(FOCUS_STYLE)
        unfocused = form.locator(selector).evaluate(f"el => (el.blur(), ({FOCUS_STYLE})(el))")
        assert focused != unfocused, f"no visible focus on {selector}"
        form.locator(selector).focus()
    for selector in reversed(expected[:-1]):
        page.keyboard.press("Shift+Tab")
        expect(form.locator(selector)).to_be_focused()

    # Type a new value, restore the worked example with Enter, copy with Space.
    output = form.locator('output[name="result"]')
    example = output.get_attribute("data-value")
    first = form.locator(expected[0])
    first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(2 * kpi.formula.example_inputs[kpi.formula.inputs[0].id]))
    expect(output).not_to_have_attribute("data-value", example, timeout=10_000)
    assert result_of(page, "cac") != example
    page.keyboard.press("Enter")  # submits the form to itself: the page stays
    assert page.url.endswith("/kpi/cac/")
    form.locator('button[data-action="example"]').focus()
    page.keyboard.press("Enter")
    expect(output).to_have_attribute("data-value", example, timeout=10_000)
    form.locator('button[data-action="copy"]').focus()
    page.keyboard.press(" ")
    expect(form.locator(".kpi-calculator__status")).not_to_be_empty()

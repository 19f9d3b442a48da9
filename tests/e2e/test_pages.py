"""The built handbook opens in a real Chromium: home, goal pages, KPI pages."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_home_leads_to_every_goal(page: Page, base_url: str, real_catalog) -> None:
    page.goto(base_url + "/")
    expect(page.locator("h1").first).to_be_visible()
    for goal in real_catalog.goals:
        expect(page.locator(f'.md-content a[href$="goals/{goal.id}/"]').first).to_have_text(
            goal.name.nl
        )


def test_goal_page_groups_kpis_by_role_and_warns_on_vanity(
    page: Page, base_url: str, real_catalog
) -> None:
    goal = next(
        g
        for g in real_catalog.goals
        if any(link.role == "vanity" for link in real_catalog.links_of_goal(g.id))
    )
    page.goto(f"{base_url}/goals/{goal.id}/")
    expect(page.locator("h1")).to_contain_text(goal.name.nl)
    vanity = [link for link in real_catalog.links_of_goal(goal.id) if link.role == "vanity"]
    warnings = page.locator(".admonition.warning")
    expect(warnings).to_have_count(len(vanity))
    first = vanity[0]
    kpi = real_catalog.kpis[first.kpi]
    box = warnings.filter(has_text=kpi.title("nl"))
    expect(box).to_contain_text(first.warning.nl[:40])
    for other in first.instead:
        expect(box.locator(f'a[href$="kpi/{other}/"]')).to_have_count(1)


def test_kpi_page_shows_definition_roles_and_formula(
    page: Page, base_url: str, real_catalog
) -> None:
    kpi = real_catalog.kpis["cac"]
    page.goto(f"{base_url}/kpi/cac/")
    expect(page.locator("h1")).to_contain_text(kpi.title("nl"))
    expect(page.locator(".kpi-lede")).to_have_text(kpi.definition.nl)
    for link in real_catalog.links_of_kpi("cac"):
        expect(page.locator(f'.md-content table a[href$="goals/{link.goal}/"]')).to_have_count(1)
    expect(page.locator(".kpi-formula code")).to_contain_text(kpi.name.nl + " =")
    form = page.locator('form.kpi-calculator[data-kpi="cac"]')
    for item in kpi.formula.inputs:
        expect(form.locator(f'input[name="{item.id}"]')).to_have_count(1)
        expect(form.locator(f'label[for="calc-cac-{item.id}"]')).to_have_text(item.label.nl)


def test_kpi_without_formula_says_so(page: Page, base_url: str, real_catalog) -> None:
    kpi = next(k for k in real_catalog.kpis.values() if k.formula is None)
    page.goto(f"{base_url}/kpi/{kpi.id}/")
    expect(page.locator("form.kpi-calculator")).to_have_count(0)
    expect(page.locator(".admonition.info")).to_contain_text(re.compile("Geen formule"))


#: Whether an element is underlined or bordered, as Material (border) or the browser (underline)
#: marks an abbreviation.
_DECORATED = """element => {
  const style = getComputedStyle(element);
  return style.borderBottomStyle !== "none" || style.textDecorationLine !== "none";
}"""


def test_abbreviations_are_dotted_in_running_text_but_not_in_headings_or_menus(
    page: Page, base_url: str
) -> None:
    page.goto(f"{base_url}/guide/marketing-goals/")
    for heading in ("h1", "h2", "h3"):
        for abbr in page.locator(f".md-content {heading} abbr").all():
            assert abbr.evaluate(_DECORATED) is False, heading
    assert page.locator(".md-content h3 abbr").count() > 0
    assert page.locator(".md-content p abbr").first.evaluate(_DECORATED) is True
    # No menu entry has one today; one that did (a title with HTML) stays plain too.
    page.locator(".md-nav__link").first.evaluate(
        'link => link.insertAdjacentHTML("beforeend", "<abbr title=\\"Test\\">KPI</abbr>")'
    )
    assert page.locator(".md-nav abbr").first.evaluate(_DECORATED) is False

    page.goto(f"{base_url}/kpi/cac/")
    assert page.locator(".md-content h1 abbr").evaluate(_DECORATED) is False

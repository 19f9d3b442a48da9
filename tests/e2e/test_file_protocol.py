"""The built site opened from disk (file://), as someone does who copies it to a share."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect


@pytest.fixture
def own_site(built_site: Path) -> str:
    """Here the site's own address is the folder on disk: anything else is outside."""
    return built_site.as_uri()


def test_links_from_disk_open_pages_not_file_listings(page: Page, built_site: Path) -> None:
    page.goto((built_site / "index.html").as_uri())
    goal_link = page.locator('.md-content a[href^="goals/acquire_customers/"]').first
    expect(goal_link).to_have_attribute("href", "goals/acquire_customers/index.html")
    goal_link.click()
    expect(page).to_have_url((built_site / "goals/acquire_customers/index.html").as_uri())
    expect(page.locator("h1")).to_be_visible()

    page.locator('.md-content a[href*="kpi/cac/"]').first.click()
    expect(page).to_have_url((built_site / "kpi/cac/index.html").as_uri())
    home = page.locator("a.md-header__button.md-logo")
    expect(home).to_have_attribute("href", "../../index.html")


def test_calculator_from_disk_says_it_needs_a_server(page: Page, built_site: Path) -> None:
    for path, text in [
        ("kpi/cac/index.html", "alleen als je de site via een webserver opent"),
        ("en/kpi/cac/index.html", "only works when the site is opened through a web server"),
    ]:
        page.goto((built_site / path).as_uri())
        form = page.locator('form.kpi-calculator[data-kpi="cac"]')
        expect(form).to_have_attribute("data-state", "unavailable")
        expect(form.locator(".kpi-calculator__form-error")).to_contain_text(text)
        expect(page.locator(".kpi-lede")).not_to_be_empty()


SEARCH_NOTICES = {
    "nl": "Zoeken werkt alleen als je de site via een webserver opent, niet als los bestand.",
    "en": "Search only works when the site is opened through a web server, not as a local file.",
}


@pytest.mark.parametrize(("path", "lang"), [("index.html", "nl"), ("en/kpi/cac/index.html", "en")])
def test_search_from_disk_says_it_needs_a_server_where_the_box_was(
    page: Page, built_site: Path, path: str, lang: str
) -> None:
    """Material hides its search box when the search cannot start: the header says why."""
    page.goto((built_site / path).as_uri())
    expect(page.locator(".md-header").get_by_text(SEARCH_NOTICES[lang])).to_be_visible()


def test_search_from_disk_on_a_phone_says_it_needs_a_server_at_the_search_button(
    page: Page, built_site: Path
) -> None:
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto((built_site / "en" / "index.html").as_uri())
    notice = page.get_by_text(SEARCH_NOTICES["en"])
    expect(notice).to_be_hidden()
    page.locator('label.md-header__button[for="__search"]').click()
    expect(notice).to_be_visible()


@pytest.mark.parametrize(
    ("start", "lang", "expected"),
    [
        ("kpi/cac/index.html", "en", "en/kpi/cac/index.html"),
        ("en/goals/acquire_customers/index.html", "nl", "goals/acquire_customers/index.html"),
        ("en/index.html", "nl", "index.html"),
    ],
)
def test_language_switch_from_disk_opens_the_same_page_in_the_other_language(
    page: Page, built_site: Path, start: str, lang: str, expected: str
) -> None:
    page.goto((built_site / start).as_uri())
    page.locator(".md-header .md-select").hover()
    page.locator(f'a.md-select__link[hreflang="{lang}"]').click()
    expect(page).to_have_url((built_site / expected).as_uri())
    expect(page.locator("html")).to_have_attribute("lang", lang)

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


def test_search_from_disk_says_it_needs_a_server(page: Page, built_site: Path) -> None:
    page.goto((built_site / "en" / "index.html").as_uri())
    page.keyboard.press("s")  # Material's shortcut to the search box
    page.keyboard.type("cac")
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text(
        "Search only works when the site is opened through a web server, not as a local file."
    )

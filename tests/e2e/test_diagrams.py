"""Diagrams: drawn by the mermaid the site serves, and loaded only on pages that have one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import instant_navigate

MERMAID = "/assets/mermaid/mermaid.min.js"


def _mermaid_requests(page: Page) -> list[str]:
    """The URLs of every request for the mermaid script, filled as the page runs."""
    requests: list[str] = []

    def record(request) -> None:
        if MERMAID in request.url:
            requests.append(request.url)

    page.on("request", record)
    return requests


def _expect_drawn(page: Page) -> None:
    diagram = page.locator("div.kpi-diagram")
    expect(diagram).to_have_attribute("data-processed", "true", timeout=20_000)
    # Mermaid may draw into a shadow root: measure the box, not an inner element.
    box = diagram.bounding_box()
    assert box is not None and box["height"] > 100, box


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_method_page_draws_its_diagram_with_the_sites_own_mermaid(
    page: Page, base_url: str, prefix: str
) -> None:
    requests = _mermaid_requests(page)
    page.goto(f"{base_url}{prefix}/guide/method/")
    _expect_drawn(page)
    expect(page.locator("div.kpi-diagram svg")).to_have_count(1)
    assert requests == [f"{base_url}{prefix}{MERMAID}"]


def test_page_without_a_diagram_does_not_load_mermaid(page: Page, base_url: str) -> None:
    requests = _mermaid_requests(page)
    page.goto(f"{base_url}/guide/what-is-a-kpi/")
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.locator("div.kpi-diagram").count() == 0
    assert requests == []
    assert page.evaluate("typeof window.mermaid") == "undefined"


def test_diagram_is_drawn_after_instant_navigation(page: Page, base_url: str) -> None:
    requests = _mermaid_requests(page)
    page.goto(f"{base_url}/guide/vanity-metrics/")
    page.evaluate("window.sameDocument = true")
    instant_navigate(page, f"{base_url}/guide/method/")
    _expect_drawn(page)
    assert page.evaluate("window.sameDocument") is True  # no full page load in between
    assert len(requests) == 1

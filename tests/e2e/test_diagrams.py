"""Diagrams: drawn beforehand into the page, so readers load no mermaid and nothing moves."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import instant_navigate

TITLES = {"": "De methode in 9 stappen als cyclus", "/en": "The 9-step method as a cycle"}

#: Sums the layout shifts of the page so far, as Lighthouse's CLS counts them.
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => {
    resolve(list.getEntries().filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0));
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(0), 500);
})"""


def _requests(page: Page) -> list[str]:
    """The URLs of every request of the page, filled as it runs."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_method_page_shows_its_diagram_from_the_html_without_a_script(
    page: Page, base_url: str, prefix: str
) -> None:
    requests = _requests(page)
    response = page.goto(f"{base_url}{prefix}/guide/method/")
    assert response is not None
    assert re.search(r'<div class="kpi-diagram"><svg\b', response.text())
    diagram = page.get_by_role("img", name=TITLES[prefix])
    expect(diagram).to_be_visible()
    box = diagram.bounding_box()
    assert box is not None and box["height"] > 500, box
    expect(diagram.locator("text", has_text="Stakeholders")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if re.search("mermaid|diagram", url)] == []
    assert page.evaluate("typeof window.mermaid") == "undefined"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_takes_the_colours_of_the_readers_scheme(
    page: Page, base_url: str, scheme: str
) -> None:
    # Material keeps the first scheme it shows in local storage: one scheme per fresh page.
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{base_url}/guide/method/")
    colours = page.evaluate(
        """() => {
          const svg = document.querySelector("div.kpi-diagram svg");
          const text = getComputedStyle(svg.querySelector(".node text")).fill;
          const box = getComputedStyle(svg.querySelector(".node rect")).fill;
          const page = getComputedStyle(document.body).backgroundColor;
          return { text, box, page };
        }"""
    )
    text, box, background = (_luminance(colours[key]) for key in ("text", "box", "page"))
    if scheme == "light":
        assert text < 0.3 and box > 0.7 and background > 0.7, colours
    else:
        assert text > 0.7 and box < 0.3 and background < 0.3, colours


def test_diagram_does_not_shift_the_layout(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 412, "height": 823})
    page.goto(f"{base_url}/guide/method/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(LAYOUT_SHIFT) < 0.01


def test_diagram_is_shown_after_instant_navigation(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/guide/vanity-metrics/")
    page.evaluate("window.sameDocument = true")
    instant_navigate(page, f"{base_url}/guide/method/")
    expect(page.get_by_role("img", name=TITLES[""])).to_be_visible()
    assert page.evaluate("window.sameDocument") is True  # no full page load in between

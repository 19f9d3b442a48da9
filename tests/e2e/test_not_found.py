"""A missing address gets "page not found" in the language of the site it lies on.

Served here as GitHub Pages and `mkdocs serve` do: every missing address gets the root's
404.html, the Dutch one, also under /en/.
"""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from ..site_server import SiteHandler, serve_directory


class _RootNotFoundHandler(SiteHandler):
    """Answers a missing file with the site's root 404.html, status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def host_url(built_site: Path, site_url: str):
    """The built site on a host that serves the root 404 page; same port layout, own origin.

    Material's links on a 404 page are absolute paths, so any origin serves them.
    """
    server, url = serve_directory(built_site, _RootNotFoundHandler)
    yield url
    server.shutdown()


@pytest.fixture
def own_site(host_url: str) -> str:
    return host_url


def test_a_missing_dutch_page_says_so_in_dutch(page: Page, host_url: str) -> None:
    response = page.goto(f"{host_url}/kpi/bestaat-niet/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Pagina niet gevonden")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    home = page.locator(".md-content a", has_text="startpagina")
    assert home.evaluate("link => link.href") == f"{host_url}/"
    assert page.url == f"{host_url}/kpi/bestaat-niet/"


def test_a_missing_english_page_says_so_in_english_at_the_same_address(
    page: Page, host_url: str
) -> None:
    page.goto(f"{host_url}/en/kpi/does-not-exist/?clicks=7#top")
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title("Marketing KPI handbook")
    expect(page).to_have_url(f"{host_url}/en/kpi/does-not-exist/?clicks=7#top")
    index = page.locator(".md-content a", has_text="all KPIs")
    assert index.evaluate("link => link.href") == f"{host_url}/en/kpi/"
    # The switch leads to the home of the other language: the one page known to exist there.
    link = page.locator('a.md-select__link[hreflang="nl"]')
    assert urlsplit(link.get_attribute("href")).path == "/"


def test_the_english_404_page_ignores_an_address_of_another_site(page: Page, host_url: str) -> None:
    page.goto(f"{host_url}/en/404.html#not-found=https%3A%2F%2Fexample.org%2Fen%2F")
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page).to_have_url(f"{host_url}/en/404.html")

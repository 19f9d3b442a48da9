"""The request recorder every end-to-end test relies on tells the site's own requests apart."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from .conftest import record_outside_requests


@pytest.fixture(autouse=True)
def outside_requests():
    """No browser here: these tests feed the recorder themselves."""
    yield []


class _Target:
    """Stands in for a Playwright page: keeps the listener so a test can send requests."""

    def on(self, event: str, listener) -> None:
        assert event == "request"
        self.listener = listener

    def ask(self, url: str) -> None:
        self.listener(SimpleNamespace(url=url))


@pytest.mark.parametrize(
    ("site", "url", "outside"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/assets/x.js", False),
        ("http://127.0.0.1:8000", "https://cdn.jsdelivr.net/npm/pyodide/pyodide.js", True),
        ("http://127.0.0.1:8000", "http://127.0.0.1:9000/x", True),
        ("http://127.0.0.1:8000", "https://127.0.0.1:8000/x", True),
        ("http://127.0.0.1:8000/handboek/", "http://127.0.0.1:8000/handboek/kpi/", False),
        ("http://127.0.0.1:8000/handboek/", "http://127.0.0.1:8000/handboek", False),
        ("http://127.0.0.1:8000/handboek/", "http://127.0.0.1:8000/assets/x.js", True),
        ("http://127.0.0.1:8000/handboek/", "http://127.0.0.1:8000/handboekje/x", True),
        ("file:///tmp/site", "file:///tmp/site/kpi/cac/index.html", False),
        ("file:///tmp/site", "file:///etc/passwd", True),
        ("file:///tmp/site", "data:image/svg+xml,<svg/>", False),
        ("http://127.0.0.1:8000", "blob:http://127.0.0.1:8000/1234", False),
    ],
)
def test_outside_requests_are_told_from_the_sites_own(site: str, url: str, outside: bool) -> None:
    target = _Target()
    found = record_outside_requests(target, site)
    target.ask(url)
    assert found == ([url] if outside else [])

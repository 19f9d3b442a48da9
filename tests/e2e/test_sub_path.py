"""The site deployed under a sub-path (https://intranet.example/handboek/), as the README says."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from ..conftest import ROOT, serve_directory
from .conftest import instant_navigate, result_of, search_finds

SUB_PATH = "handboek"


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The real catalog built for http://127.0.0.1:PORT/handboek/ and served there."""
    root = tmp_path_factory.mktemp("host")
    server, url = serve_directory(root)
    site_url = f"{url}/{SUB_PATH}/"
    command = [
        sys.executable, "-m", "generator.cli", "build",
        "-d", str(root / SUB_PATH), "--site-url", site_url,
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-5000:]
    yield site_url
    server.shutdown()


@pytest.fixture
def own_site(sub_path_site: str) -> str:
    """A request to another host, or to this host outside the sub-path, fails the test."""
    return sub_path_site


def test_calculators_compute_under_a_sub_path(page: Page, sub_path_site: str) -> None:
    page.goto(f"{sub_path_site}kpi/cac/")
    assert result_of(page, "cac") != ""
    instant_navigate(page, f"{sub_path_site}kpi/roas/")
    expect(page).to_have_url(f"{sub_path_site}kpi/roas/")
    assert result_of(page, "roas", timeout=10_000) != ""
    assert page.evaluate("window.kpiHandbook.bootCount") == 1

    page.goto(f"{sub_path_site}en/kpi/cac/")
    assert result_of(page, "cac") != ""


def test_search_and_language_switch_under_a_sub_path(page: Page, sub_path_site: str) -> None:
    page.goto(f"{sub_path_site}kpi/cac/")
    assert search_finds(page, "ROAS", "roas")
    page.goto(f"{sub_path_site}kpi/cac/")
    page.locator(".md-header .md-select").first.hover()
    page.locator('a[hreflang="en"]').first.click()
    expect(page).to_have_url(f"{sub_path_site}en/kpi/cac/")

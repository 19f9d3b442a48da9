"""Shared fixtures: the real site, built once per session and served on 127.0.0.1:0."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .site_server import ROOT, build_site, launch_options, serve_directory

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def real_catalog():
    from generator.loader import load_catalog

    return load_catalog(ROOT / "catalog.yaml")


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory):
    """A server on 127.0.0.1:0 for the site folder; the site is built once its URL is known."""
    site = tmp_path_factory.mktemp("site") / "site"
    server, url = serve_directory(site)
    yield site, url
    server.shutdown()


@pytest.fixture(scope="session")
def built_site(site_server) -> Path:
    """The real catalog built with the real CLI, for the address it is served from.

    Material's instant navigation only works when ``site_url`` is the address the reader uses.
    """
    site, url = site_server
    result = build_site(site, url)
    assert result.returncode == 0, result.stderr[-5000:]
    return site


@pytest.fixture(scope="session")
def site_url(site_server, built_site: Path) -> str:
    return site_server[1]


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    return site_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium when present (Playwright cannot download a browser here)."""
    return {**browser_type_launch_args, **launch_options()}


def node_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "pyodide").is_dir()

"""Shared fixtures: the real site, built once per session and served on 127.0.0.1:0."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")

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
    command = [sys.executable, "-m", "generator.cli", "build", "-d", str(site), "--site-url", url]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-5000:]
    return site


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".py": "text/x-python",
    }

    def log_message(self, *args: object) -> None:  # keep test output readable
        pass


def serve_directory(
    directory: Path, handler_class: type[_Handler] = _Handler
) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(site_server, built_site: Path) -> str:
    return site_server[1]


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    return site_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium when present (Playwright cannot download a browser here)."""
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    launch = {**browser_type_launch_args, "args": args}
    if CHROMIUM.exists():
        launch["executable_path"] = str(CHROMIUM)
    return launch


def node_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "pyodide").is_dir()

"""A built handbook served on 127.0.0.1, and the Chromium that visits it.

Shared by the tests (``tests/conftest.py``) and the measuring scripts in ``scripts/``, which put
the project folder on ``sys.path`` to import it: one place for the MIME types Pyodide needs, the
build command and the browser's launch options.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Debian's Chromium; Playwright cannot download its own browser on every machine.
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: What :class:`GzipSiteHandler` compresses: text, and the wasm and zip of Pyodide.
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".py", ".svg", ".wasm", ".zip", ".xml")


def launch_options() -> dict[str, Any]:
    """Playwright's ``launch`` arguments: Debian's Chromium when present, else Playwright's."""
    options: dict[str, Any] = {"args": list(LAUNCH_ARGS)}
    if CHROMIUM.exists():
        options["executable_path"] = str(CHROMIUM)
    return options


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the types the README asks of a deployment (Pyodide needs the wasm one)."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".py": "text/x-python",
    }

    def log_message(self, *args: object) -> None:  # keep the output readable
        pass


class GzipSiteHandler(SiteHandler):
    """:class:`SiteHandler` that also gzips, as the README asks of a deployment.

    Each file is compressed once: a real server sends files compressed beforehand, and
    compressing 13 MB on every request would take the CPU from the browser being measured.
    """

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


@functools.cache
def gzipped(path: str, mtime_ns: int) -> bytes:
    """The gzip of a file, once per version of it (``mtime_ns`` is part of the cache key)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


def precompress(site: Path) -> None:
    """Compress every file :class:`GzipSiteHandler` would, before anyone asks for one."""
    for path in site.rglob("*"):
        if path.suffix in COMPRESSED and path.is_file():
            gzipped(str(path), path.stat().st_mtime_ns)


class _Body:
    """A file-like body for ``send_head``'s caller, which copies and closes it."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


def serve_directory(
    directory: Path, handler_class: type[SiteHandler] = SiteHandler, port: int = 0
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` from a thread; returns the server and its URL (no trailing slash)."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build_site(
    site: Path, url: str | None = None, timeout: float = 900, project: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Build the handbook of ``project`` with the real CLI into ``site``.

    Give ``url``, the address the site is served from, when a browser will visit it: Material's
    instant navigation only works when ``site_url`` is the address the reader uses.
    """
    command = [sys.executable, "-m", "generator.cli", "build", "-d", str(site)]
    if url:
        command += ["--site-url", url]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, timeout=timeout, env=env
    )


def copy_project(project: Path) -> Path:
    """A copy of the project's sources in ``project``, to change before building it.

    Built sites, tests and caches stay behind; ``node_modules`` is linked, not copied.
    """
    ignore = shutil.ignore_patterns(
        ".*", "node_modules", "site", "site.*", "tests", "__pycache__", "*.egg-info"
    )
    shutil.copytree(ROOT, project, ignore=ignore)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project

"""`kpi-handbook serve`, the README's first command, in both languages.

MkDocs injects a live-reload script into every page it serves. No hash can allow it, so under
`serve` no page may carry the Content-Security-Policy meta tag, the English ones included (they
are built by the Dutch site's plugin, which MkDocs alone tells that it serves).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Page

from ..site_server import ROOT

POLICY_TAG = 'http-equiv="Content-Security-Policy"'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 300) -> None:
    """Wait until ``url`` answers: serve builds both languages before it serves."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve ended: {process.stderr.read()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(1)
    pytest.fail(f"serve did not answer {url} within {timeout} s")


@pytest.fixture(scope="module")
def served() -> str:
    address = f"127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "generator.cli", "serve", "-a", address]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(f"http://{address}/en/kpi/cac/", process)
        yield f"http://{address}"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def own_site(served: str) -> str:
    return served


@pytest.mark.parametrize("path", ["/kpi/cac/", "/en/kpi/cac/", "/en/"])
def test_served_pages_carry_no_policy_and_run_the_live_reload_script(
    page: Page, served: str, path: str
) -> None:
    blocked: list[str] = []
    page.on("console", lambda message: "Policy" in message.text and blocked.append(message.text))
    # The inline script asks the server, and waits, for the next change.
    with page.expect_request("**/livereload/**", timeout=30_000):
        page.goto(served + path)
    assert POLICY_TAG not in page.content()
    assert blocked == []

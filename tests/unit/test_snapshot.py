"""The Pyodide memory snapshot is made while the pages are built, and is an optimisation: a build
without it still succeeds."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from generator import snapshot

from ..conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")

#: Stands in for snapshot.mjs: writes what it was given as its two files and counts its runs.
FAKE_SCRIPT = """
import { appendFileSync, writeFileSync } from "node:fs";
const [pyodideDir, formulas, snapshot, library] = process.argv.slice(2);
appendFileSync(new URL("./runs.txt", import.meta.url), "run\\n");
writeFileSync(snapshot, `snapshot of ${formulas}`);
writeFileSync(library, `library for ${formulas}`);
"""
#: Like FAKE_SCRIPT, but waits until a file named "go" appears beside it.
WAITING_SCRIPT = """
import { existsSync, writeFileSync } from "node:fs";
const [pyodideDir, formulas, snapshot, library] = process.argv.slice(2);
while (!existsSync(new URL("./go", import.meta.url))) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
writeFileSync(snapshot, "made while the pages were built");
writeFileSync(library, "library");
"""


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "_made", {})


def _site(root: Path, formulas: str = "FORMULAS = {}\n") -> Path:
    module = root / snapshot.FORMULAS_PATH
    module.parent.mkdir(parents=True)
    module.write_text(formulas, "utf-8")
    return root


def _script(folder: Path, text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = folder / "snapshot.mjs"
    script.parent.mkdir()
    script.write_text(text, "utf-8")
    monkeypatch.setattr(snapshot, "SCRIPT", script)
    return script


@pytest.fixture
def fake_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _script(tmp_path / "fake", FAKE_SCRIPT, monkeypatch).with_name("runs.txt")


@pytest.fixture
def go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file that lets WAITING_SCRIPT finish; a build that waited for it would time out."""
    monkeypatch.setattr(snapshot, "TIMEOUT_S", 30)
    return _script(tmp_path / "waiting", WAITING_SCRIPT, monkeypatch).with_name("go")


def test_the_snapshot_and_its_library_are_published_next_to_the_formula_module(
    tmp_path: Path, fake_script
):
    site = _site(tmp_path / "site")
    assert snapshot.write_snapshot(site, ROOT / "node_modules" / "pyodide")
    assert (site / snapshot.SNAPSHOT_PATH).read_text("utf-8").startswith("snapshot of ")
    assert (site / snapshot.LIBRARY_PATH).read_text("utf-8").startswith("library for ")


def test_a_second_site_with_the_same_formulas_reuses_the_snapshot(tmp_path: Path, fake_script):
    pyodide = ROOT / "node_modules" / "pyodide"
    for name in ("nl", "en"):
        assert snapshot.write_snapshot(_site(tmp_path / name), pyodide)
    assert fake_script.read_text("utf-8").count("run") == 1
    assert snapshot.write_snapshot(_site(tmp_path / "changed", "FORMULAS = {1: 2}\n"), pyodide)
    assert fake_script.read_text("utf-8").count("run") == 2


def test_without_node_the_site_boots_the_plain_way_and_info_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    site = _site(tmp_path / "site")
    for path in (snapshot.SNAPSHOT_PATH, snapshot.LIBRARY_PATH):
        (site / path).write_bytes(b"from an earlier build")
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: None)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.generator.snapshot"):
        assert not snapshot.write_snapshot(site, ROOT / "node_modules" / "pyodide")
    assert not (site / snapshot.SNAPSHOT_PATH).exists()
    assert not (site / snapshot.LIBRARY_PATH).exists()
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert "Node.js not found" in record.getMessage()


def test_a_failing_snapshot_script_leaves_no_snapshot_and_info_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    site = _site(tmp_path / "site")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.generator.snapshot"):
        assert not snapshot.write_snapshot(site, tmp_path / "no-pyodide-here")
    assert not (site / snapshot.SNAPSHOT_PATH).exists()
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert "Could not make the Pyodide memory snapshot" in record.getMessage()
    assert "no-pyodide-here" in record.getMessage()


def test_node_makes_the_snapshot_while_the_pages_are_built(tmp_path: Path, go: Path) -> None:
    making = snapshot.start("FORMULAS = {}\n", ROOT / "node_modules" / "pyodide")
    assert making.process is not None and making.process.poll() is None
    go.touch()  # the pages are built
    site = _site(tmp_path / "site")
    assert making.publish(site)
    assert (site / snapshot.SNAPSHOT_PATH).read_text("utf-8") == "made while the pages were built"
    assert making.scratch is not None and not making.scratch.exists()


def test_a_failed_build_stops_node_and_removes_its_scratch_folder(go: Path) -> None:
    making = snapshot.start("FORMULAS = {}\n", ROOT / "node_modules" / "pyodide")
    making.cancel()
    assert making.process is not None and making.process.returncode is not None
    assert making.scratch is not None and not making.scratch.exists()


def test_a_snapshot_that_takes_too_long_is_given_up_and_info_says_why(
    tmp_path: Path, go: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(snapshot, "TIMEOUT_S", 0.5)
    site = _site(tmp_path / "site")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.generator.snapshot"):
        assert not snapshot.write_snapshot(site, ROOT / "node_modules" / "pyodide")
    assert not (site / snapshot.SNAPSHOT_PATH).exists()
    [record] = caplog.records
    assert "Could not make the Pyodide memory snapshot" in record.getMessage()
    assert "Node took longer than 0.5 s" in record.getMessage()

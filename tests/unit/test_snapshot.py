"""The Pyodide memory snapshot is an optimisation: a build without it still succeeds."""

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


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "_made", {})


def _site(root: Path, formulas: str = "FORMULAS = {}\n") -> Path:
    module = root / snapshot.FORMULAS_PATH
    module.parent.mkdir(parents=True)
    module.write_text(formulas, "utf-8")
    return root


@pytest.fixture
def fake_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "fake" / "snapshot.mjs"
    script.parent.mkdir()
    script.write_text(FAKE_SCRIPT, "utf-8")
    monkeypatch.setattr(snapshot, "SCRIPT", script)
    return script.with_name("runs.txt")


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

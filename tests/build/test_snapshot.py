"""The built site ships a Pyodide memory snapshot for exactly the Pyodide it serves."""

from __future__ import annotations

import gzip
import json
import re
import zipfile
from pathlib import Path

import pytest

from generator.snapshot import LIBRARY_PATH, SNAPSHOT_PATH

from ..conftest import ROOT, node_available

pytestmark = pytest.mark.skipif(not node_available(), reason="the build makes it with Node")


def _header(path: Path) -> tuple[dict, int]:
    with gzip.open(path) as file:
        line = file.readline()
    return json.loads(line), len(line)


def test_the_site_ships_the_snapshot_for_the_pinned_pyodide(built_site: Path) -> None:
    pinned = json.loads((ROOT / "package.json").read_text("utf-8"))["dependencies"]["pyodide"]
    worker = (ROOT / "site_overrides/assets/calculator/worker.js").read_text("utf-8")
    assert re.search(r'const PYODIDE_VERSION = "([^"]+)"', worker)[1] == pinned
    header, length = _header(built_site / SNAPSHOT_PATH)
    assert header == {"format": "kpi-handbook-pyodide-snapshot/1", "pyodide": pinned}
    # Pyodide reads the snapshot through aligned typed arrays.
    assert length % 8 == 0


def test_the_snapshot_comes_with_the_part_of_the_standard_library_the_formulas_use(
    built_site: Path,
) -> None:
    with zipfile.ZipFile(built_site / LIBRARY_PATH) as library:
        names = set(library.namelist())
    with zipfile.ZipFile(ROOT / "node_modules/pyodide/python_stdlib.zip") as full:
        assert names < set(full.namelist())
    assert {"decimal.py", "json/__init__.py", "ast.py", "dataclasses.py"} <= names
    assert "sqlite3/__init__.py" not in names
    assert (built_site / LIBRARY_PATH).stat().st_size < 1_500_000


def test_the_english_site_boots_from_the_dutch_sites_snapshot(built_site: Path) -> None:
    assert not (built_site / "en" / SNAPSHOT_PATH).exists()
    assert not (built_site / "en" / LIBRARY_PATH).exists()
    runtime = (built_site / "en/assets/calculator/runtime.js").read_text("utf-8")
    assert '"../../../assets/calculator/"' in runtime

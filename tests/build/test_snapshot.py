"""The built site ships a Pyodide memory snapshot for exactly the Pyodide it serves."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from generator.snapshot import SNAPSHOT_PATH

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


def test_the_english_site_boots_from_the_dutch_sites_snapshot(built_site: Path) -> None:
    assert not (built_site / "en" / SNAPSHOT_PATH).exists()
    runtime = (built_site / "en/assets/calculator/runtime.js").read_text("utf-8")
    assert '"../../../assets/calculator/"' in runtime

"""The built site ships a Pyodide memory snapshot for exactly the Pyodide it serves."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import zipfile
from decimal import Decimal
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


def test_the_snapshot_restored_on_its_small_library_computes_every_worked_example(
    built_site: Path, tmp_path: Path
) -> None:
    """As the worker restores it; a module imported afresh must read the small library right.

    The snapshot is made on Pyodide's full library: Python must have forgotten that zip's
    directory, or the import reads the small one at the full one's offsets and crashes.
    """
    kpis = json.loads((built_site / "catalog.json").read_text("utf-8"))["kpis"]
    examples = {kpi["id"]: kpi["formula"]["example"] for kpi in kpis if kpi["formula"]}
    inputs = tmp_path / "inputs.json"
    inputs.write_text(json.dumps({kpi: ex["inputs"] for kpi, ex in examples.items()}), "utf-8")
    script = ROOT / "tests/build/restore_snapshot.mjs"
    command = ["node", str(script), str(ROOT / "node_modules/pyodide")]
    command += [str(built_site / SNAPSHOT_PATH), str(built_site / LIBRARY_PATH), str(inputs)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(answer["results"]) == len(examples) > 80
    for kpi, example in examples.items():
        result, expected = answer["results"][kpi], Decimal(example["result"])
        assert result["ok"] is True, kpi
        # Shown with 2 decimals, or with as many as the example writes.
        decimals = max(2, -expected.as_tuple().exponent)
        assert round(Decimal(result["value"]), decimals) == expected, kpi
    assert answer["reimported"].endswith("/dataclasses.py")

"""The Pyodide memory snapshot the calculators boot from, made at build time with Node.

A plain boot starts Python and imports the formula module in the reader's browser, which takes
seconds; restoring a snapshot of that state takes a fraction of it. ``snapshot.mjs`` makes the
snapshot in Node with the very Pyodide the site serves, together with the part of Python's
standard library the formulas use, and the site publishes both next to ``kpi_formulas.py``. It is
an optimisation only: without Node, or when making it fails, the build goes on and the worker
boots the plain way, with the full library (``site_overrides/assets/calculator/worker.js``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

SCRIPT = Path(__file__).with_name("snapshot.mjs")
#: Where the site publishes the formula module and its snapshot; worker.js reads both.
FORMULAS_PATH = "assets/calculator/kpi_formulas.py"
SNAPSHOT_PATH = "assets/calculator/kpi_formulas.snapshot.gz"
#: The standard library modules the snapshot was made with, and the only ones it can import.
LIBRARY_PATH = "assets/calculator/kpi_formulas.stdlib.zip"
#: Node makes a snapshot in about 10 s; much longer means it hangs.
TIMEOUT_S = 300

#: The last snapshot made in this process, by its inputs: `serve` rebuilds the site on every change
#: but makes a new snapshot only when the formulas (or Pyodide) change.
_made: dict[str, dict[str, bytes]] = {}


def write_snapshot(site_dir: Path, pyodide_dir: Path) -> bool:
    """Publish the snapshot (and its library) of the formula module in ``site_dir``.

    Arguments:
        site_dir: the built site, with the formula module at ``FORMULAS_PATH``.
        pyodide_dir: the npm package ``pyodide`` the site serves.

    Returns:
        Whether the site has a snapshot now; when not, INFO says why.
    """
    formulas = site_dir / FORMULAS_PATH
    for path in (SNAPSHOT_PATH, LIBRARY_PATH):
        (site_dir / path).unlink(missing_ok=True)
    key = _inputs_hash(formulas, pyodide_dir)
    if key not in _made:
        made = _make(formulas, pyodide_dir)
        if made is None:
            return False
        _made.clear()
        _made[key] = made
    for path, content in _made[key].items():
        (site_dir / path).write_bytes(content)
    return True


def _inputs_hash(formulas: Path, pyodide_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in (formulas, pyodide_dir / "package.json", SCRIPT):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _make(formulas: Path, pyodide_dir: Path) -> dict[str, bytes] | None:
    """Run snapshot.mjs; the files it made by their path in the site, or None after saying why."""
    node = shutil.which("node")
    if node is None:
        log.info(
            "Node.js not found: calculators will boot without a Pyodide memory snapshot, "
            "so their first result takes seconds longer. Install Node.js 20+ to make one."
        )
        return None
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kpi-snapshot-") as scratch:
        outputs = {path: Path(scratch) / Path(path).name for path in (SNAPSHOT_PATH, LIBRARY_PATH)}
        command = [node, str(SCRIPT), str(pyodide_dir), str(formulas), *map(str, outputs.values())]
        try:
            subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=True)
            made = {path: output.read_bytes() for path, output in outputs.items()}
        except subprocess.CalledProcessError as error:
            return _failed(_error_line(error.stderr) or f"exit status {error.returncode}")
        except (OSError, subprocess.TimeoutExpired) as error:
            return _failed(str(error))
    size = len(made[SNAPSHOT_PATH]) / 1e6
    log.debug("Pyodide memory snapshot: %.1f MB in %.1f s", size, time.monotonic() - started)
    return made


def _failed(reason: str) -> None:
    log.info(
        "Could not make the Pyodide memory snapshot (%s): calculators will boot without it, "
        "so their first result takes seconds longer. Run `npm ci` and check that "
        "`node generator/snapshot.mjs` works.",
        reason,
    )


def _error_line(stderr: str) -> str:
    """The line of Node's output that says what went wrong ("Error: ..."), else the last one."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"\w*Error\b", line)]
    return (errors or lines or [""])[-1][:300]

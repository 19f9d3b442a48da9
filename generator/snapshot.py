"""The Pyodide memory snapshot the calculators boot from, made at build time with Node.

A plain boot starts Python and imports the formula module in the reader's browser, which takes
seconds; restoring a snapshot of that state takes a fraction of it. ``snapshot.mjs`` makes the
snapshot in Node with the very Pyodide the site serves, and the site publishes it next to
``kpi_formulas.py``. It is an optimisation only: without Node, or when making it fails, the build
goes on and the worker boots the plain way (``site_overrides/assets/calculator/worker.js``).
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
#: Node makes a snapshot in about 5 s; much longer means it hangs.
TIMEOUT_S = 300

#: The last snapshot made in this process, by its inputs: `serve` rebuilds the site on every change
#: but makes a new snapshot only when the formulas (or Pyodide) change.
_made: dict[str, bytes] = {}


def write_snapshot(site_dir: Path, pyodide_dir: Path) -> bool:
    """Publish the snapshot of the formula module that the site in ``site_dir`` publishes.

    Arguments:
        site_dir: the built site, with the formula module at ``FORMULAS_PATH``.
        pyodide_dir: the npm package ``pyodide`` the site serves.

    Returns:
        Whether the site has a snapshot now; when not, INFO says why.
    """
    formulas = site_dir / FORMULAS_PATH
    target = site_dir / SNAPSHOT_PATH
    target.unlink(missing_ok=True)
    key = _inputs_hash(formulas, pyodide_dir)
    if key not in _made:
        made = _make(formulas, pyodide_dir)
        if made is None:
            return False
        _made.clear()
        _made[key] = made
    target.write_bytes(_made[key])
    return True


def _inputs_hash(formulas: Path, pyodide_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in (formulas, pyodide_dir / "package.json", SCRIPT):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _make(formulas: Path, pyodide_dir: Path) -> bytes | None:
    """Run snapshot.mjs; the snapshot file's bytes, or None after logging why not."""
    node = shutil.which("node")
    if node is None:
        log.info(
            "Node.js not found: calculators will boot without a Pyodide memory snapshot, "
            "so their first result takes seconds longer. Install Node.js 20+ to make one."
        )
        return None
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kpi-snapshot-") as scratch:
        output = Path(scratch) / "snapshot.gz"
        command = [node, str(SCRIPT), str(pyodide_dir), str(formulas), str(output)]
        try:
            subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=True)
            made = output.read_bytes()
        except subprocess.CalledProcessError as error:
            return _failed(_error_line(error.stderr) or f"exit status {error.returncode}")
        except (OSError, subprocess.TimeoutExpired) as error:
            return _failed(str(error))
    log.debug(
        "Pyodide memory snapshot: %.1f MB in %.1f s", len(made) / 1e6, time.monotonic() - started
    )
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

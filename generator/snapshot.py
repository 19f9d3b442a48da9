"""The Pyodide memory snapshot the calculators boot from, made at build time with Node.

A plain boot starts Python and imports the formula module in the reader's browser, which takes
seconds; restoring a snapshot of that state takes a fraction of it. ``snapshot.mjs`` makes the
snapshot in Node with the very Pyodide the site serves, together with the part of Python's
standard library the formulas use, and the site publishes both next to ``kpi_formulas.py``.
Node takes seconds, so the plugin starts it as soon as the formula module is known
(:func:`start`) and publishes what it made once the pages are built (:meth:`Snapshot.publish`).
It is an optimisation only: without Node, or when making it fails, the build goes on and the
worker boots the plain way, with the full library (``site_overrides/assets/calculator/worker.js``).
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
#: Node makes a snapshot in about 5 s; much longer means it hangs.
TIMEOUT_S = 300

#: The last snapshot made in this process, by its inputs: `serve` rebuilds the site on every change
#: but makes a new snapshot only when the formulas (or Pyodide) change.
_made: dict[str, dict[str, bytes]] = {}


def start(formulas: str, pyodide_dir: Path) -> Snapshot:
    """Start making the snapshot of the formula module whose text is ``formulas``.

    Arguments:
        formulas: the formula module the site publishes at ``FORMULAS_PATH``.
        pyodide_dir: the npm package ``pyodide`` the site serves.

    Returns:
        The snapshot in the making; Node runs meanwhile, unless an earlier build made it.
    """
    return Snapshot(formulas, pyodide_dir)


def write_snapshot(site_dir: Path, pyodide_dir: Path) -> bool:
    """Make the snapshot of the formula module published in ``site_dir`` and publish it there.

    Returns:
        Whether the site has a snapshot now; when not, INFO says why.
    """
    formulas = (site_dir / FORMULAS_PATH).read_text("utf-8")
    return start(formulas, pyodide_dir).publish(site_dir)


class Snapshot:
    """A snapshot in the making: Node writes it into a scratch folder while the site builds."""

    def __init__(self, formulas: str, pyodide_dir: Path) -> None:
        self.key = _inputs_hash(formulas, pyodide_dir)
        self.started = time.monotonic()
        self.process: subprocess.Popen[bytes] | None = None
        self.scratch: Path | None = None
        self.error: str | None = None  # why Node could not be started
        self.made = _made.get(self.key)  # by an earlier build of this process
        self.node = shutil.which("node")
        if self.made is not None or self.node is None:
            return
        self.scratch = Path(tempfile.mkdtemp(prefix="kpi-snapshot-"))
        module = self.scratch / Path(FORMULAS_PATH).name
        module.write_text(formulas, "utf-8")
        outputs = [str(self._output(path)) for path in (SNAPSHOT_PATH, LIBRARY_PATH)]
        command = [self.node, str(SCRIPT), str(pyodide_dir), str(module), *outputs]
        # Node's messages go to a file: a pipe nobody reads until the end could stall it.
        with open(self.scratch / "stderr.txt", "wb") as stderr:
            try:
                self.process = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
                )
            except OSError as error:
                self.error = str(error)

    def publish(self, site_dir: Path) -> bool:
        """Wait for the snapshot, then publish it and its library in ``site_dir``.

        Returns:
            Whether the site has a snapshot now; when not, INFO says why.
        """
        for path in (SNAPSHOT_PATH, LIBRARY_PATH):
            (site_dir / path).unlink(missing_ok=True)
        made = self.made or self._wait()
        if made is None:
            return False
        _made.clear()
        _made[self.key] = made
        for path, content in made.items():
            (site_dir / path).write_bytes(content)
        return True

    def cancel(self) -> None:
        """Stop Node if it still runs, and remove the scratch folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def _wait(self) -> dict[str, bytes] | None:
        """What Node made, by its path in the site, or None after saying why."""
        if self.node is None:
            log.info(
                "Node.js not found: calculators will boot without a Pyodide memory snapshot, "
                "so their first result takes seconds longer. Install Node.js 20+ to make one."
            )
            return None
        try:
            return self._outputs()
        finally:
            self.cancel()

    def _outputs(self) -> dict[str, bytes] | None:
        if self.process is None:
            _failed(self.error or "Node did not start")
            return None
        try:
            code = self.process.wait(timeout=max(0.0, self.started + TIMEOUT_S - time.monotonic()))
        except subprocess.TimeoutExpired:
            _failed(f"Node took longer than {TIMEOUT_S} s")
            return None
        if code != 0:
            stderr = self._output("stderr.txt").read_text("utf-8", errors="replace")
            _failed(_error_line(stderr) or f"exit status {code}")
            return None
        try:
            made = {path: self._output(path).read_bytes() for path in (SNAPSHOT_PATH, LIBRARY_PATH)}
        except OSError as error:
            _failed(str(error))
            return None
        size, seconds = len(made[SNAPSHOT_PATH]) / 1e6, time.monotonic() - self.started
        log.debug("Pyodide memory snapshot: %.1f MB in %.1f s", size, seconds)
        return made

    def _output(self, path: str) -> Path:
        assert self.scratch is not None
        return self.scratch / Path(path).name


def _inputs_hash(formulas: str, pyodide_dir: Path) -> str:
    digest = hashlib.sha256(formulas.encode("utf-8"))
    for path in (pyodide_dir / "package.json", SCRIPT):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


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

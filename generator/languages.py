"""Build the handbook's other languages into sub-folders, each in a process of its own.

The Dutch site builds the English one into ``en/`` (the plugin's ``alternates`` option). One after
the other, a catalog of 1,000 KPIs takes twice as long as one language; in a second process the
English pages are built while the Dutch ones are, on a second core. The Dutch build empties its
site folder after starting the other process, so that one builds into a hidden scratch folder
(MkDocs leaves hidden entries alone when it cleans); when both are done, the folder moves into
place. Its log records come back as JSON lines and
are logged again here, under their own logger names, so that a warning still fails a strict
build and the reader sees every message once.

Run as ``python -m generator.languages CONFIG SITE_DIR SITE_URL RUNTIME_URL`` by :func:`start`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from mkdocs.exceptions import PluginError

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

#: Where the English site finds the calculator runtime of the Dutch site it is built into.
PARENT_RUNTIME = "../"
#: The parent's log level, passed on so that the other process logs what the parent would show.
_LEVEL = "KPI_HANDBOOK_LOG_LEVEL"


def alternate_config(config_file: Path, site_dir: Path, site_url: str, runtime_url: str) -> Any:
    """The config of another language, built into ``site_dir`` and using the parent's runtime."""
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), site_url=site_url)
    plugin = config.plugins.get("kpi-handbook")
    if plugin is not None:
        plugin.config["runtime_url"] = runtime_url
    return config


class Background:
    """Another language being built by another process, into a scratch folder."""

    def __init__(self, config_file: Path, site_dir: Path, site_url: str) -> None:
        self.name = config_file.name
        self.site_dir = site_dir
        # How long the build took, and the processor time it used, once finished.
        self.seconds: float | None = None
        self.cpu_seconds: float | None = None
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.scratch = Path(
            tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent)
        )
        # Files, not pipes: a pipe nobody reads until the end could stall the other build.
        self.stdout: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.stderr: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        command = [sys.executable, "-m", __name__, str(config_file), str(self.scratch), site_url]
        level = str(logging.getLogger("mkdocs").getEffectiveLevel())
        log.info("Building %s into %s, in parallel", self.name, site_dir)
        self.process = subprocess.Popen(
            [*command, PARENT_RUNTIME],
            stdout=self.stdout,
            stderr=self.stderr,
            env={**os.environ, _LEVEL: level},
        )

    def finish(self) -> None:
        """Wait for the build, log what it logged, and move its site into place.

        Raises:
            PluginError: the build failed; its warnings and errors were logged above.
        """
        try:
            code = self.process.wait()
            self.stdout.seek(0)
            for line in self.stdout:
                reported = _relog(line)
                self.seconds = reported.get("seconds", self.seconds)
                self.cpu_seconds = reported.get("cpu_seconds", self.cpu_seconds)
            if code != 0:
                self.stderr.seek(0)
                detail = _tail(self.stderr.read())
                raise PluginError(f"Building {self.name} failed (see above).\n{detail}".rstrip())
            shutil.rmtree(self.site_dir, ignore_errors=True)
            os.replace(self.scratch, self.site_dir)
            log.debug("Built %s in %.1f s, in parallel", self.name, self.seconds or 0)
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the build if it still runs, and remove what it left."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stdout.close()
        self.stderr.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def start(config_file: Path, site_dir: Path, site_url: str) -> Background:
    """Start building the site of ``config_file`` into ``site_dir``; see :class:`Background`."""
    return Background(config_file, site_dir, site_url)


def _relog(line: str) -> dict[str, Any]:
    """Log a record of the other process again; returns anything else it reported."""
    try:
        record = json.loads(line)
    except ValueError:
        sys.stdout.write(line)  # something printed rather than logged: pass it on
        return {}
    if "message" not in record:
        return record
    logging.getLogger(record["name"]).log(record["level"], "%s", record["message"])
    return {}


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


class _JsonLines(logging.Handler):
    """Writes each record as a JSON line, for the parent process to log again."""

    def emit(self, record: logging.LogRecord) -> None:
        line = {"name": record.name, "level": record.levelno, "message": record.getMessage()}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    """Build one language: CONFIG SITE_DIR SITE_URL RUNTIME_URL."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    config_file, site_dir, site_url, runtime_url = argv
    logger = logging.getLogger("mkdocs")
    logger.addHandler(_JsonLines())
    logger.setLevel(int(os.environ.get(_LEVEL, logging.INFO)))
    logger.propagate = False
    started = time.monotonic()
    try:
        build(alternate_config(Path(config_file), Path(site_dir), site_url, runtime_url))
    except Abort as error:  # strict mode and warnings: those were logged already
        print(error, file=sys.stderr)
        return 2
    spent = {"seconds": time.monotonic() - started, "cpu_seconds": time.process_time()}
    print(json.dumps(spent), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

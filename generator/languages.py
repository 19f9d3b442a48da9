"""Build the handbook's other languages into sub-folders, each in a process of its own.

The Dutch site builds the English one into ``en/`` (the plugin's ``alternates`` option). One after
the other, a catalog of 1,000 KPIs takes twice as long as one language; in a second process the
English pages are built while the Dutch ones are, on a second core. Where the system has fork,
that process is a fork of the Dutch one, started before the catalog loads: it starts with the
modules imported, and loads the catalog on its own core. The Dutch build empties its site folder
after starting the other process, so that one builds into a hidden scratch folder (MkDocs leaves
hidden entries alone when it cleans); when both are done, the folder moves into place. Its log
records come back as JSON lines and are logged again here, under their own logger names, so that
a warning still fails a strict build and the reader sees every message once.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.config_options import Plugins

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

#: Where the English site finds the calculator runtime of the Dutch site it is built into.
PARENT_RUNTIME = "../"


def _processes() -> Any:
    """Fork where the system can and this process runs one thread; else start Python anew.

    A fork copies every lock as it is, also one another thread holds (``serve`` runs a
    file watcher and a web server), which could leave the child waiting for good.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def alternate_config(config_file: Path, site_dir: Path, site_url: str, runtime_url: str) -> Any:
    """The config of another language, built into ``site_dir`` and using the parent's runtime."""
    config = load_site_config(config_file, site_dir=str(site_dir), site_url=site_url)
    plugin = config.plugins.get("kpi-handbook")
    if plugin is not None:
        plugin.config["runtime_url"] = runtime_url
    return config


def load_site_config(config_file: Path, **overrides: Any) -> Any:
    """Load the config of one language's site, with plugin instances of its own.

    MkDocs 1.5 and 1.6 keep one instance of each plugin with a startup or shutdown event for
    every config a process loads (``Plugins.plugin_cache``), so that ``serve`` keeps plugins
    across rebuilds. Loading another language's config would then give this site's plugin the
    other site's options: in ``serve``, the Dutch plugin ended up with the English options, and
    so watched none of the English pages.
    """
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    # Read on the class, the option is the Plugins option itself; mkdocs types it loosely.
    cache = cast("Plugins", MkDocsConfig.plugins).plugin_cache
    kept = dict(cache)
    cache.clear()
    try:
        return load_config(str(config_file), **overrides)
    finally:
        cache.clear()
        cache.update(kept)


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
        self.stdout, self.stderr = _scratch_file(), _scratch_file()
        # The parent's log level, so that the other process logs what the parent would show.
        level = logging.getLogger("mkdocs").getEffectiveLevel()
        log.info("Building %s into %s, in parallel", self.name, site_dir)
        sys.stdout.flush()  # else a fork would print what is still in the buffer again
        sys.stderr.flush()
        build = (str(config_file), str(self.scratch), site_url, PARENT_RUNTIME)
        self.process = _processes().Process(
            target=_build_here, args=(build, level, self.stdout, self.stderr), daemon=True
        )
        self.process.start()

    def finish(self) -> None:
        """Wait for the build, log what it logged, and move its site into place.

        Raises:
            PluginError: the build failed; its warnings and errors were logged above.
        """
        try:
            self.process.join()
            with self.stdout.open(encoding="utf-8") as lines:
                for line in lines:
                    reported = _relog(line)
                    self.seconds = reported.get("seconds", self.seconds)
                    self.cpu_seconds = reported.get("cpu_seconds", self.cpu_seconds)
            if self.process.exitcode != 0:
                detail = _tail(self.stderr.read_text("utf-8", errors="replace"))
                raise PluginError(f"Building {self.name} failed (see above).\n{detail}".rstrip())
            shutil.rmtree(self.site_dir, ignore_errors=True)
            os.replace(self.scratch, self.site_dir)
            log.debug("Built %s in %.1f s, in parallel", self.name, self.seconds or 0)
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the build if it still runs, and remove what it left."""
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.stdout.unlink(missing_ok=True)
        self.stderr.unlink(missing_ok=True)
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


def _scratch_file() -> Path:
    descriptor, name = tempfile.mkstemp(prefix="kpi-build-", suffix=".txt")
    os.close(descriptor)
    return Path(name)


def _tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


class _JsonLines(logging.Handler):
    """Writes each record as a JSON line, for the parent process to log again."""

    def emit(self, record: logging.LogRecord) -> None:
        line = {"name": record.name, "level": record.levelno, "message": record.getMessage()}
        sys.stdout.write(json.dumps(line) + "\n")
        sys.stdout.flush()


def _build_here(build: tuple[str, str, str, str], level: int, stdout: Path, stderr: Path) -> None:
    """The other process: build one language (config, site folder, site URL, runtime URL),
    printing to the files the parent reads, and exit 2 when the build stops on a warning."""
    from mkdocs.commands.build import build as build_site
    from mkdocs.exceptions import Abort

    # Whatever prints, Python or not: the parent's sys.stdout may be no file at all (pytest's).
    for path, number in ((stdout, 1), (stderr, 2)):
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND)
        os.dup2(descriptor, number)
        os.close(descriptor)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):  # the parent's, when forked
        logger.removeHandler(handler)
    logger.addHandler(_JsonLines())
    logger.setLevel(level)
    logger.propagate = False
    config_file, site_dir, site_url, runtime_url = build
    started = time.monotonic()
    try:
        build_site(alternate_config(Path(config_file), Path(site_dir), site_url, runtime_url))
    except Abort as error:  # strict mode and warnings: those were logged already
        print(error, file=sys.stderr)
        sys.exit(2)
    # A forked process counts its processor time from the fork.
    spent = {"seconds": time.monotonic() - started, "cpu_seconds": time.process_time()}
    print(json.dumps(spent), flush=True)

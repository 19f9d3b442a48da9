"""Live reload for ``kpi-handbook serve``: what to watch, and what to do when the catalog breaks.

Pure functions, called by the plugin's ``on_serve`` hook.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

#: A build of the site, as MkDocs' live-reload server runs it.
Build = Callable[[], None]
#: Hand-written pages and everything they include, in the project's fixed layout.
CONTENT_DIR = "content"


def watched_paths(root: Path, sites: Iterable[Any], extra: Iterable[Path] = ()) -> list[Path]:
    """Every file and folder a site of the handbook is built from, outermost only.

    Arguments:
        root: the folder of mkdocs.yml.
        sites: the MkDocs config of each language.
        extra: files and folders the plugin reads itself, such as the catalog.

    Returns:
        Existing paths, none inside another (a watched folder covers its contents), in order:
        the catalog, ``content/``, then per site its pages, snippets, theme overrides and config.
    """
    paths = [*extra, root / CONTENT_DIR]
    for config in sites:
        paths += [Path(config.docs_dir), *_snippet_folders(root, config)]
        custom_dir = config.theme.custom_dir
        paths += [Path(custom_dir)] if custom_dir else []
        paths += [Path(config.config_file_path)] if config.config_file_path else []
    resolved = list(dict.fromkeys(path.resolve() for path in paths if path.exists()))
    return [path for path in resolved if not any(other in path.parents for other in resolved)]


def _snippet_folders(root: Path, config: Any) -> list[Path]:
    folders = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", [])
    return [root / folder for folder in ([folders] if isinstance(folders, str) else folders)]


def keep_last_good(builder: Build, problems: Callable[[], str | None]) -> Build:
    """A rebuild that, when the catalog is broken, says so and keeps serving the last good site.

    MkDocs logs the catalog's problems, then calls its server stuck until they are resolved: the
    browser keeps its page and waits, with no word of why. A catalog is read before MkDocs
    empties the site folder, so the last good site is still whole and can be served as it is.

    Arguments:
        builder: the rebuild of ``mkdocs serve``.
        problems: the catalog's problems in the last build, or None when it loaded.
    """

    def rebuild() -> None:
        try:
            builder()
        except SystemExit:  # MkDocs' Abort, after logging the error
            if problems() is None:
                raise
            log.error(
                "The site was not rebuilt: the catalog has the problems above. Still serving "
                "the last good site; save the fixed catalog to rebuild."
            )

    return rebuild

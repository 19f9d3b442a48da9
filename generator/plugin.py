"""The MkDocs plugin: adds the generated pages and assets to the build. It stays thin.

Everything it adds comes from pure functions in :mod:`generator.pages`; this module only knows
MkDocs events and file I/O.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import pages
from .catalog import Catalog
from .loader import CatalogError, load_catalog, schema

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

#: The files of the npm package ``pyodide`` that the site serves itself.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)


class KpiHandbookConfig(base.Config):
    catalog = c.Type(str, default="catalog.yaml")
    """The catalog, relative to mkdocs.yml."""
    language = c.Choice(("nl", "en"), default="nl")
    """Language of the generated pages."""
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    """The installed npm package ``pyodide``, relative to mkdocs.yml."""
    guides = c.ListOfItems(c.Type(str), default=[])
    """Guide pages in navigation order, relative to docs_dir."""


class KpiHandbookPlugin(BasePlugin[KpiHandbookConfig]):
    """Turns catalog.yaml into goal and KPI pages, calculators and catalog.json."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.root = Path.cwd()

    def on_config(self, config: Any) -> Any:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        try:
            self.catalog = load_catalog(self.catalog_path, display_name=self.config.catalog)
        except CatalogError as error:
            raise PluginError(str(error)) from None
        config.nav = self.navigation(config.nav)
        return config

    @property
    def catalog_path(self) -> Path:
        return self.root / self.config.catalog

    def navigation(self, nav: list[Any] | None) -> list[Any]:
        """The configured navigation plus a section of goals and one of KPIs."""
        assert self.catalog is not None
        lang, ui = self.config.language, pages.ui_texts(self.config.language)
        goals = [f"{pages.GOALS_DIR}/index.md"] + [
            {goal.name[lang]: f"{pages.GOALS_DIR}/{goal.id}.md"} for goal in self.catalog.goals
        ]
        ordered = sorted(self.catalog.kpis.values(), key=lambda kpi: kpi.name[lang].casefold())
        kpis = [f"{pages.KPIS_DIR}/index.md"] + [
            {kpi.title(lang): f"{pages.KPIS_DIR}/{kpi.id}.md"} for kpi in ordered
        ]
        head = list(nav) if nav else ["index.md", {ui["section_guides"]: self.config.guides}]
        return [*head, {ui["section_goals"]: goals}, {ui["section_kpis"]: kpis}]

    def on_files(self, files: Files, config: Any) -> Files:
        assert self.catalog is not None
        for path, markdown in pages.render_pages(self.catalog, self.config.language).items():
            files.append(File.generated(config, path, content=markdown))
        published = {
            "catalog.json": pages.catalog_json(self.catalog),
            "catalog.schema.json": _json(schema()),
            "assets/calculator/kpi_formulas.py": pages.formula_module(self.catalog),
        }
        for path, text in published.items():
            files.append(File.generated(config, path, content=text))
        for name in PYODIDE_FILES:
            source = self.root / self.config.pyodide_dir / name
            if not source.is_file():
                raise PluginError(
                    f"Pyodide file not found: {source}. Run `npm ci` in {self.root} to install it."
                )
            files.append(File.generated(config, f"assets/pyodide/{name}", abs_src_path=str(source)))
        return files

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        if pages.OVERVIEW_TOKEN not in markdown:
            return markdown
        assert self.catalog is not None
        depth = posixpath.dirname(page.file.src_uri).count("/") + bool(
            posixpath.dirname(page.file.src_uri)
        )
        overview = pages.goal_overview(self.catalog, self.config.language, prefix="../" * depth)
        return markdown.replace(pages.OVERVIEW_TOKEN, overview)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(self.catalog_path))
        return server


def _json(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)

"""The MkDocs plugin: adds the generated pages and assets to the build. It stays thin.

Everything it adds comes from pure functions in :mod:`generator.pages`; this module only knows
MkDocs events and file I/O.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import Any

from markdown import __version_info__ as markdown_version
from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import gates, languages, pages, security, snapshot
from .catalog import Catalog
from .loader import CatalogError, load_catalog, schema
from .security import html_text

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

#: The files of the npm package ``pyodide`` that the site serves itself.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: The browser build of the npm package ``mermaid`` (one file, no chunks), and where the site
#: serves it; site_overrides/assets/diagrams.js loads it on pages that have a diagram.
MERMAID_FILE = "dist/mermaid.min.js"
MERMAID_SITE_PATH = "assets/mermaid/mermaid.min.js"


class KpiHandbookConfig(base.Config):
    catalog = c.Type(str, default="catalog.yaml")
    """The catalog, relative to mkdocs.yml."""
    language = c.Choice(("nl", "en"), default="nl")
    """Language of the generated pages."""
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    """The installed npm package ``pyodide``, relative to mkdocs.yml."""
    guides = c.ListOfItems(c.Type(str), default=[])
    """Guide pages in navigation order, relative to docs_dir."""
    require_complete = c.Type(bool, default=False)
    """Fail when a KPI or goal lacks a field; small test catalogs leave fields out."""
    source_text = c.Type(str, default="../shared/seed/marketing-kpis-blog.nl.txt")
    """The text the handbook grew from, relative to mkdocs.yml: no 8 words of it may be repeated."""
    mermaid_dir = c.Type(str, default="node_modules/mermaid")
    """The installed npm package ``mermaid``, relative to mkdocs.yml."""
    alternates = c.Type(dict, default={})
    """Other languages built into a sub-folder after this site: ``{en: mkdocs.en.yml}``."""
    parallel = c.Type(bool, default=True)
    """Build the alternates in processes of their own while this site builds (not in serve)."""
    runtime_url = c.Optional(c.Type(str))
    """A site that serves the calculator runtime, relative to this one; set for alternates."""


class KpiHandbookPlugin(BasePlugin[KpiHandbookConfig]):
    """Turns catalog.yaml into goal and KPI pages, calculators and catalog.json."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.root = Path.cwd()
        self.command = "build"
        self.background: dict[str, languages.Background] = {}

    def on_config(self, config: Any) -> Any:
        self.root = _site_root(config)
        source_text = self.source_text(config)
        checks = gates.catalog_gates(self.config.require_complete, source_text)
        try:
            self.catalog = load_catalog(self.catalog_path, self.config.catalog, checks)
        except CatalogError as error:
            raise PluginError(str(error)) from None
        self.check_pages(config, source_text)
        config.nav = self.navigation(config.nav)
        self.use_abbreviation_glossary(config)
        return config

    def use_abbreviation_glossary(self, config: Any) -> None:
        """Hand snippets appended to every page that only define abbreviations to ``abbr``.

        Appended, their definitions are read again on every page, which took a third of the
        Markdown time of a KPI page; as the extension's glossary the HTML is the same.
        """
        snippets = config.mdx_configs.get("pymdownx.snippets", {})
        if "abbr" not in config.markdown_extensions or markdown_version < (3, 7):
            return  # the glossary option came with Python-Markdown 3.7
        folders = snippets.get("base_path", [])
        folders = [folders] if isinstance(folders, str) else folders
        for name in list(snippets.get("auto_append", [])):
            paths = [self.root / folder / name for folder in folders]
            path = next((path for path in paths if path.is_file()), None)
            glossary = pages.abbreviation_glossary(path.read_text("utf-8")) if path else None
            if glossary is not None:
                abbr = config.mdx_configs.setdefault("abbr", {})
                abbr["glossary"] = {**abbr.get("glossary", {}), **glossary}
                snippets["auto_append"].remove(name)

    @property
    def catalog_path(self) -> Path:
        return self.root / self.config.catalog

    def navigation(self, nav: list[Any] | None) -> list[Any]:
        """The configured navigation plus a section of goals and one of KPIs."""
        assert self.catalog is not None
        lang, ui = self.config.language, pages.ui_texts(self.config.language)
        # MkDocs and Material print titles as HTML: catalog names are escaped to stay text.
        goals = [f"{pages.GOALS_DIR}/index.md"] + pages.grouped_nav(
            [(goal.name[lang], f"{pages.GOALS_DIR}/{goal.id}.md") for goal in self.catalog.goals],
            html_text,
        )
        ordered = sorted(self.catalog.kpis.values(), key=lambda kpi: kpi.name[lang].casefold())
        kpis = [f"{pages.KPIS_DIR}/index.md"] + pages.grouped_nav(
            [(kpi.title(lang), f"{pages.KPIS_DIR}/{kpi.id}.md") for kpi in ordered], html_text
        )
        home = {ui["site_section_home"]: "index.md"}
        head = list(nav) if nav else [home, {ui["section_guides"]: self.config.guides}]
        return [*head, {ui["section_goals"]: goals}, {ui["section_kpis"]: kpis}]

    def on_files(self, files: Files, config: Any) -> Files:
        assert self.catalog is not None
        for path, markdown in pages.render_pages(self.catalog, self.config.language).items():
            files.append(File.generated(config, path, content=markdown))
        published = {
            "catalog.json": pages.catalog_json(self.catalog),
            "catalog.schema.json": _json(schema()),
            "assets/calculator/kpi_formulas.py": pages.formula_module(self.catalog),
            "assets/calculator/runtime.js": pages.runtime_module(self.config.runtime_url),
        }
        for path, text in published.items():
            files.append(File.generated(config, path, content=text))
        if self.config.runtime_url is None:  # else the other site serves Pyodide
            self.add_pyodide(files, config)
        self.add_mermaid(files, config)
        return files

    def add_pyodide(self, files: Files, config: Any) -> None:
        """Serve Pyodide from the site itself."""
        for name in PYODIDE_FILES:
            source = self.root / self.config.pyodide_dir / name
            if not source.is_file():
                raise PluginError(
                    f"Pyodide file not found: {source}. Run `npm ci` in {self.root} to install it."
                )
            files.append(File.generated(config, f"assets/pyodide/{name}", abs_src_path=str(source)))

    def add_mermaid(self, files: Files, config: Any) -> None:
        """Serve mermaid from the site itself; Material would fetch it from a CDN."""
        source = self.root / self.config.mermaid_dir / MERMAID_FILE
        if not source.is_file():
            raise PluginError(
                f"Mermaid not found: {source}. Run `npm ci` in {self.root} to install it."
            )
        files.append(File.generated(config, MERMAID_SITE_PATH, abs_src_path=str(source)))

    def source_text(self, config: Any) -> str | None:
        """The text the handbook grew from, or None when it is not on this machine."""
        path = _site_root(config) / self.config.source_text
        if not path.is_file():
            log.info("Source text %s not found: copied sentences are not checked.", path)
            return None
        return path.read_text("utf-8")

    def check_pages(self, config: Any, source_text: str | None) -> None:
        """Fail when a hand-written page or snippet repeats a sentence of the source text."""
        if source_text is None:
            return
        found = []
        for path in _markdown_sources(config):
            text = path.read_text("utf-8")
            name = _relative(path, _site_root(config))
            for problem in gates.copied_sentences(source_text, text):
                found.append(problem.render(name, text.splitlines()))
        if found:
            said = "1 place repeats" if len(found) == 1 else f"{len(found)} places repeat"
            raise PluginError(f"{said} the source text\n\n" + "\n\n".join(found))

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        if pages.OVERVIEW_TOKEN not in markdown:
            return markdown
        assert self.catalog is not None
        depth = posixpath.dirname(page.file.src_uri).count("/") + bool(
            posixpath.dirname(page.file.src_uri)
        )
        overview = pages.goal_overview(self.catalog, self.config.language, prefix="../" * depth)
        return markdown.replace(pages.OVERVIEW_TOKEN, overview)

    def on_pre_build(self, config: Any) -> None:
        if self.command != "build" or not self.config.parallel:
            return
        for lang, config_file in self.config.alternates.items():
            url = f"{config.site_url or '/'}{lang}/"
            site_dir = Path(config.site_dir) / lang
            self.background[lang] = languages.start(self.root / config_file, site_dir, url)

    def on_post_build(self, config: Any) -> None:
        if self.config.runtime_url is None:  # with another site's runtime, its snapshot too
            snapshot.write_snapshot(Path(config.site_dir), self.root / self.config.pyodide_dir)
        for lang, config_file in self.config.alternates.items():
            if lang in self.background:
                self.background.pop(lang).finish()
                continue
            build_alternate(
                self.root / config_file,
                Path(config.site_dir) / lang,
                f"{config.site_url or '/'}{lang}/",
            )

    def on_build_error(self, error: Exception) -> None:
        while self.background:
            self.background.popitem()[1].cancel()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve` injects a live-reload script that changes per request and so cannot be hashed.
        self.command = command

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        if self.command == "serve":
            return output
        allowed = security.theme_scripts_in(tuple(config.theme.dirs))
        output, blocked = security.with_content_security_policy(output, allowed)
        for script in dict.fromkeys(blocked):
            log.warning(
                "%s: the Content-Security-Policy blocks an inline script that no theme template "
                "writes: %.60r. Escape the text it came from, or move the script into a file "
                "under extra_javascript.",
                page.file.src_uri,
                script,
            )
        return output

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(self.catalog_path))
        for config_file in self.config.alternates.values():
            alternate = load_config(str(self.root / config_file))
            server.watch(alternate.docs_dir)
        return server


def build_alternate(config_file: Path, site_dir: Path, site_url: str) -> None:
    """Build another language of the handbook into a sub-folder of this site."""
    log.info("Building %s into %s", config_file.name, site_dir)
    build(languages.alternate_config(config_file, site_dir, site_url, languages.PARENT_RUNTIME))


def _site_root(config: Any) -> Path:
    """The folder of mkdocs.yml, which the plugin's paths are relative to."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent


def _markdown_sources(config: Any) -> list[Path]:
    """The hand-written Markdown of a site: docs_dir and the snippets' folders."""
    root = _site_root(config)
    snippets = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", [])
    folders = [Path(config.docs_dir)]
    folders += [root / folder for folder in ([snippets] if isinstance(snippets, str) else snippets)]
    return sorted({path for folder in folders for path in folder.rglob("*.md")})


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _json(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)

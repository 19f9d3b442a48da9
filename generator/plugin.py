"""The MkDocs plugin: adds the generated pages and assets to the build. It stays thin.

Everything it adds comes from pure functions in :mod:`generator.pages`; this module only knows
MkDocs events and file I/O.
"""

from __future__ import annotations

import copy
import logging
import posixpath
from pathlib import Path
from typing import Any

from markdown import __version_info__ as markdown_version
from mkdocs.commands.build import build
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from . import diagrams, gates, languages, pages, search, security, serving, snapshot
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
    diagrams_dir = c.Type(str, default=diagrams.DIAGRAMS_DIR)
    """The drawings of the ```mermaid blocks (`make diagrams`), relative to mkdocs.yml."""
    alternates = c.Type(dict, default={})
    """Other languages built into a sub-folder after this site: ``{en: mkdocs.en.yml}``."""
    parallel = c.Type(bool, default=True)
    """Build the alternates in processes of their own while this site builds (not in serve)."""
    runtime_url = c.Optional(c.Type(str))
    """A site that serves the calculator runtime, relative to this one; set for alternates."""
    search_keywords = c.Optional(c.Type(str))
    """Words readers search pages by, per page and language (YAML), relative to mkdocs.yml."""


class KpiHandbookPlugin(BasePlugin[KpiHandbookConfig]):
    """Turns catalog.yaml into goal and KPI pages, calculators and catalog.json."""

    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.root = Path.cwd()
        self.command = "build"
        self.background: dict[str, languages.Background] = {}
        self.snapshot: snapshot.Snapshot | None = None
        self.keywords: dict[str, tuple[int, list[str]]] = {}
        self.keywords_source = ""
        self.keywords_by_url: dict[str, list[str]] = {}
        #: The catalog's problems when the last build could not load it, for `serve`.
        self.catalog_problems: str | None = None

    def on_config(self, config: Any) -> Any:
        self.root = _site_root(config)
        self.start_alternates(config)
        source_text = self.source_text(config)
        checks = gates.catalog_gates(self.config.require_complete, source_text)
        self.catalog_problems = None
        try:
            self.catalog = load_catalog(self.catalog_path, self.config.catalog, checks)
        except CatalogError as error:
            self.catalog_problems = str(error)
            raise PluginError(str(error)) from None
        self.check_pages(config, source_text)
        self.keywords = self.load_keywords()
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

    def load_keywords(self) -> dict[str, tuple[int, list[str]]]:
        """The search keywords of this language's pages, by docs path (with their line)."""
        if not self.config.search_keywords:
            return {}
        path = self.root / self.config.search_keywords
        try:
            self.keywords_source = path.read_text("utf-8")
            return search.load_keywords(
                self.keywords_source, self.config.search_keywords, self.config.language
            )
        except OSError as error:
            raise PluginError(f"Cannot read {path}: {error.strerror}") from None
        except search.KeywordsError as error:
            raise PluginError(str(error)) from None

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
        lang = self.config.language
        for path, markdown in pages.render_pages(self.catalog, lang).items():
            files.append(File.generated(config, path, content=markdown))
        style = html_style(config)
        for kpi in self.catalog.kpis.values():
            page = pages.kpi_page(self.catalog, kpi, lang, style)
            file = File.generated(config, page.path, content="")
            HtmlPage(page, file, config)  # the page of the file, for the navigation too
            files.append(file)
        published = {
            "catalog.json": pages.catalog_json(self.catalog),
            "catalog.schema.json": _json(schema()),
            "assets/calculator/kpi_formulas.py": pages.formula_module(self.catalog),
            "assets/calculator/runtime.js": pages.runtime_module(self.config.runtime_url),
        }
        for path, text in published.items():
            files.append(File.generated(config, path, content=text))
        if self.config.runtime_url is None:  # else the other site serves Pyodide and snapshot
            self.add_pyodide(files, config)
            self.start_snapshot(published[snapshot.FORMULAS_PATH])
        self.keywords_by_url = self.keywords_of_pages(files)
        return files

    def start_snapshot(self, formulas: str) -> None:
        """Have Node make the Pyodide memory snapshot while the pages are built."""
        if self.snapshot is not None:  # a build that ended without on_post_build
            self.snapshot.cancel()
        self.snapshot = snapshot.start(formulas, self.root / self.config.pyodide_dir)

    def keywords_of_pages(self, files: Files) -> dict[str, list[str]]:
        """The search keywords by page URL; fails for keywords of a page the site lacks."""
        docs = {file.src_uri: file.url for file in files.documentation_pages()}
        name = self.config.search_keywords or ""
        unknown = search.unknown_pages(self.keywords, set(docs), name, self.keywords_source)
        if unknown:
            raise PluginError(str(unknown))
        return {docs[path]: words for path, (_, words) in self.keywords.items()}

    def add_pyodide(self, files: Files, config: Any) -> None:
        """Serve Pyodide from the site itself."""
        for name in PYODIDE_FILES:
            source = self.root / self.config.pyodide_dir / name
            if not source.is_file():
                raise PluginError(
                    f"Pyodide file not found: {source}. Run `npm ci` in {self.root} to install it."
                )
            files.append(File.generated(config, f"assets/pyodide/{name}", abs_src_path=str(source)))

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

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        html, missing = diagrams.inline_diagrams(html, self.root / self.config.diagrams_dir)
        for source in missing:
            log.warning(
                "%s: a diagram is new or changed since it was drawn, so it shows as text. "
                "Run `make diagrams` to draw it:\n%s",
                page.file.src_uri,
                source,
            )
        return html

    def on_nav(self, nav: Navigation, config: Any, files: Files) -> Navigation:
        _answer_materials_questions(nav.items)
        return nav

    # After Material's search plugin (priority 0), which indexes the page then.
    @event_priority(-50)
    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        assert self.catalog is not None
        _answer_materials_questions(list(page.toc))
        page.content = pages.with_calculator(page.content, self.catalog, self.config.language)
        return context

    def start_alternates(self, config: Any) -> None:
        """Start building the other languages, each in a process of its own.

        They start before this site loads the catalog: each loads it too, on another core,
        rather than wait for this one to.
        """
        if self.command != "build" or not self.config.parallel:
            return
        for lang, config_file in self.config.alternates.items():
            url = f"{config.site_url or '/'}{lang}/"
            site_dir = Path(config.site_dir) / lang
            self.background[lang] = languages.start(self.root / config_file, site_dir, url)

    # After Material's search plugin (priority 0), which writes the search index then.
    @event_priority(-50)
    def on_post_build(self, config: Any) -> None:
        self.tune_search_index(Path(config.site_dir))
        if self.snapshot is not None:
            self.snapshot.publish(Path(config.site_dir))
            self.snapshot = None
        for lang, config_file in self.config.alternates.items():
            if lang in self.background:
                self.background.pop(lang).finish()
                continue
            build_alternate(
                self.root / config_file,
                Path(config.site_dir) / lang,
                f"{config.site_url or '/'}{lang}/",
                self.command,
            )

    def tune_search_index(self, site_dir: Path) -> None:
        """Reshape the index Material's search plugin wrote (see :mod:`generator.search`)."""
        index = site_dir / "search" / "search_index.json"
        if index.is_file():
            tuned = search.tune_index(index.read_text("utf-8"), self.keywords_by_url)
            index.write_text(tuned, "utf-8")

    def on_build_error(self, error: Exception) -> None:
        if self.snapshot is not None:
            self.snapshot.cancel()
            self.snapshot = None
        while self.background:
            self.background.popitem()[1].cancel()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve` injects a live-reload script that changes per request and so cannot be hashed.
        self.command = command

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        return self.with_policy(output, page, config)

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        # MkDocs renders 404.html from the theme alone: no page, so no on_post_page.
        if template_name != "404.html":
            return output_content
        return self.with_policy(output_content, template_name, config)

    def with_policy(self, output: str, page: Any, config: Any) -> str:
        """The page with its Content-Security-Policy meta tag (none under `serve`).

        ``page`` is a page, or the name of the theme template rendered without one.
        """
        if self.command == "serve":
            return output
        allowed = security.theme_scripts_in(tuple(config.theme.dirs))
        output, blocked = security.with_content_security_policy(output, allowed)
        for script in dict.fromkeys(blocked):
            log.warning(
                "%s: the Content-Security-Policy blocks an inline script that no theme template "
                "writes: %.60r. Escape the text it came from, or move the script into a file "
                "under extra_javascript.",
                page if isinstance(page, str) else page.file.src_uri,
                script,
            )
        return output

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        alternates = self.config.alternates.values()
        sites = [config, *(languages.load_site_config(self.root / name) for name in alternates)]
        own = [self.catalog_path, self.root / self.config.diagrams_dir]
        for path in serving.watched_paths(self.root, sites, own):
            server.watch(str(path))
        server.builder = serving.keep_last_good(server.builder, lambda: self.catalog_problems)
        return server


class HtmlPage(Page):
    """A page whose HTML the plugin wrote (:class:`pages.HtmlPage`): MkDocs reads no front
    matter and converts no Markdown for it, and gets what it would have got from them."""

    def __init__(self, page: pages.HtmlPage, file: File, config: Any) -> None:
        super().__init__(html_text(page.title), file, config)
        self.written = page

    def read_source(self, config: Any) -> None:
        self.markdown = ""
        self.meta = copy.deepcopy(self.written.meta)

    def render(self, config: Any, files: Files) -> None:
        self.content = self.written.content
        # Python-Markdown's toc tokens, which MkDocs types as a TypedDict of its own.
        self.toc = get_toc(copy.deepcopy(self.written.toc))  # type: ignore[arg-type]
        self._title_from_render = html_text(self.written.title)
        self.present_anchor_ids = set(self.written.anchors)
        self.links_to_anchors = {}


#: What Material's navigation template asks of every entry though only its plugins (blog,
#: typeset, encryption) set it. In Jinja each missing attribute costs two exceptions: on every
#: page of a site with 1,000 KPIs that was 400 a page, a tenth of the build. Set to None (or
#: False), an entry reads as before: falsy.
_MATERIAL_ONLY: dict[str, dict[str, Any]] = {
    "section": {"meta": None, "is_index": False, "typeset": None, "pages": None},
    "page": {"typeset": None, "pages": None, "encrypted": None},
    "heading": {"typeset": None},
}


def _answer_materials_questions(items: list[Any]) -> None:
    """Give every navigation entry the attributes of :data:`_MATERIAL_ONLY` it lacks."""
    for item in items:
        if isinstance(item, AnchorLink):
            kind = "heading"
        else:
            kind = "section" if item.is_section else "page" if item.is_page else ""
        for name, value in _MATERIAL_ONLY.get(kind, {}).items():
            if not hasattr(item, name):
                setattr(item, name, value)
        if item.children:
            _answer_materials_questions(item.children)


def html_style(config: Any) -> pages.HtmlStyle:
    """What Markdown would add to a page of this site: its ``toc`` and ``abbr`` settings."""
    toc = config.mdx_configs.get("toc", {}) if "toc" in config.markdown_extensions else None
    permalink = None
    if toc is not None and toc.get("permalink"):
        permalink = "&para;" if toc["permalink"] is True else str(toc["permalink"])
    abbreviations = {}
    if "abbr" in config.markdown_extensions:
        abbreviations = config.mdx_configs.get("abbr", {}).get("glossary", {})
    return pages.HtmlStyle(
        permalink=permalink,
        permalink_title=(toc or {}).get("permalink_title", "Permanent link"),
        abbreviations=abbreviations,
        directory_urls=config.use_directory_urls,
    )


def build_alternate(config_file: Path, site_dir: Path, site_url: str, command: str) -> None:
    """Build another language of the handbook into a sub-folder of this site, for ``command``.

    MkDocs tells only this site's plugins that it serves; under `serve` the other language's
    pages must leave the policy out as well, or it blocks the live-reload script.
    """
    log.info("Building %s into %s", config_file.name, site_dir)
    config = languages.alternate_config(config_file, site_dir, site_url, languages.PARENT_RUNTIME)
    config.plugins.on_startup(command=command, dirty=False)
    build(config)


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

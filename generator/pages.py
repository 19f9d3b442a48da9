"""Turn the catalog into pages and published files: pure functions, catalog in, text out.

Nothing here reads or writes files or knows MkDocs; :mod:`generator.plugin` does the I/O.
"""

from __future__ import annotations

import ast
import copy
import html
import json
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import Any, cast

import jinja2
from babel.numbers import format_decimal
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique as toc_unique
from markupsafe import Markup
from ruamel.yaml import YAML

from . import formula as formula_language
from . import security
from .catalog import ROLES, Catalog, Formula, Goal, Kpi
from .numbers import LOCALES, format_input, format_value

PACKAGE = Path(__file__).parent
GOALS_DIR = "goals"
KPIS_DIR = "kpi"
OVERVIEW_TOKEN = "{{ goal_overview }}"


@cache
def environment() -> jinja2.Environment:
    """Strict Jinja: a missing field fails the build; every catalog value is HTML-escaped.

    In Markdown templates a value also loses its Markdown syntax (see :func:`_finalize`).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(PACKAGE / "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["front_matter"] = security.front_matter
    env.filters["gist"] = gist
    return env


@jinja2.pass_context
def _finalize(context: jinja2.runtime.Context, value: Any) -> Any:
    """Catalog text in a Markdown template stays text: no links, attribute lists or emphasis."""
    name = cast(str, context.name)  # every template is loaded from a file, so it has a name
    if isinstance(value, str) and not isinstance(value, Markup) and name.endswith(".md.j2"):
        return security.markdown_text(value)
    return value


@cache
def ui_texts(lang: str) -> dict[str, str]:
    """Interface texts of the generated pages in ``lang``."""
    text = (PACKAGE / "locales/ui.yaml").read_text("utf-8")
    return {key: value[lang] for key, value in YAML(typ="safe", pure=True).load(text).items()}


def render_pages(catalog: Catalog, lang: str) -> dict[str, str]:
    """Every generated Markdown page as ``{path inside docs: markdown}``: goals and the indexes.

    KPI pages are HTML (:func:`kpi_page`), which Markdown never reads.
    """
    pages = {
        f"{GOALS_DIR}/index.md": goals_index(catalog, lang),
        f"{KPIS_DIR}/index.md": kpis_index(catalog, lang),
    }
    for goal in catalog.goals:
        pages[f"{GOALS_DIR}/{goal.id}.md"] = goal_page(catalog, goal, lang)
    return pages


def kpi_path(kpi_id: str) -> str:
    """A KPI page's path inside docs."""
    return f"{KPIS_DIR}/{kpi_id}.md"


def _render(template: str, lang: str, **context: Any) -> str:
    return environment().get_template(template).render(lang=lang, ui=ui_texts(lang), **context)


def goal_overview(catalog: Catalog, lang: str, prefix: str = "") -> str:
    """Cards of all goals, for the home page and the goals index."""
    counts = {
        goal.id: ui_texts(lang)["kpi_count"].format(n=len(catalog.links_of_goal(goal.id)))
        for goal in catalog.goals
    }
    return _render("goal_overview.md.j2", lang, goals=catalog.goals, counts=counts, prefix=prefix)


def goals_index(catalog: Catalog, lang: str) -> str:
    overview = goal_overview(catalog, lang, prefix="../")
    return _render("goals_index.md.j2", lang, overview=Markup(overview))


def kpis_index(catalog: Catalog, lang: str) -> str:
    ordered = sorted(catalog.kpis.values(), key=lambda kpi: kpi.name[lang].casefold())
    return _render("kpis_index.md.j2", lang, kpis=ordered)


def goal_page(catalog: Catalog, goal: Goal, lang: str) -> str:
    links = catalog.links_of_goal(goal.id)
    by_role = {role: [link for link in links if link.role == role] for role in ROLES}
    other_name = goal.name["en" if lang == "nl" else "nl"]
    return _render(
        "goal.md.j2", lang, goal=goal, by_role=by_role, kpis=catalog.kpis, other_name=other_name
    )


@dataclass(frozen=True)
class HtmlStyle:
    """What Markdown's extensions add to a page, from the site's configuration, for the pages
    written as HTML: heading ids and permalinks (``toc``) and abbreviations (``abbr``)."""

    permalink: str | None = None
    """The permalink's text (HTML), or None for none."""
    permalink_title: str = ""
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    """``{"CTR": "Click-through rate"}``, as the ``abbr`` glossary."""
    directory_urls: bool = True

    @cached_property
    def abbreviation(self) -> re.Pattern[str] | None:
        """Any abbreviation as a whole word, the longest first, as ``abbr`` matches them."""
        if not self.abbreviations:
            return None
        names = sorted(self.abbreviations, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b")


@dataclass(frozen=True)
class HtmlPage:
    """A generated page as HTML with what MkDocs would get from Markdown: a KPI page.

    A thousand KPI pages took half of a build in Markdown, for HTML that is ours anyway.
    """

    path: str
    title: str
    """The first heading, as text."""
    meta: dict[str, Any]
    """What the page's front matter would hold."""
    content: str
    toc: list[dict[str, Any]]
    """Python-Markdown's ``toc_tokens``: the headings, nested."""
    anchors: frozenset[str]
    """The ids in the page."""


def kpi_page(catalog: Catalog, kpi: Kpi, lang: str, style: HtmlStyle | None = None) -> HtmlPage:
    """A KPI page: what it is, how to compute and read it, its role for each goal."""
    style = style or HtmlStyle()
    context: dict[str, Any] = {}
    if kpi.formula:
        labels = {item.id: item.label[lang] for item in kpi.formula.inputs}
        context = {
            "formula_text": f"{kpi.name[lang]} = "
            + formula_text(kpi.formula.expression, labels, lang),
            "calculator": Markup(CALCULATOR_SLOT.format(kpi=kpi.id)),
            "example_text": example_text(kpi, lang),
        }
    path = kpi_path(kpi.id)
    writer = _HtmlWriter(path, style, lambda kpi_id: catalog.kpis[kpi_id].title(lang))
    content = _render(
        "kpi.html.j2",
        lang,
        page=writer,
        kpi=kpi,
        names=aliases_in(kpi, lang),
        other_name=other_name(kpi, lang),
        links=catalog.links_of_kpi(kpi.id),
        goals=catalog.goals_by_id,
        band_ranges=[band_range(band.start, band.below, kpi.unit, lang) for band in kpi.bands],
        **context,
    )
    meta = {
        "description": html.escape(kpi.definition[lang].strip()),
        "search": {"boost": 2},
        # Every name the KPI goes by, indexed by Material's search with a high boost (not shown).
        "tags": [security.html_text(name) for name in also_known_as(kpi, lang)],
    }
    return HtmlPage(
        path=path,
        title=kpi.title(lang),
        meta=meta,
        content=content,
        toc=writer.toc(),
        anchors=frozenset(writer.ids),
    )


class _HtmlWriter:
    """What a page template calls to write what Markdown would: headings with ids and
    permalinks, text with its abbreviations, links between pages."""

    def __init__(self, path: str, style: HtmlStyle, kpi_title: Callable[[str], str]) -> None:
        self.path = path
        self.style = style
        self.kpi_title = kpi_title
        self.ids: set[str] = set()
        self.headings: list[dict[str, Any]] = []

    def heading(self, level: int, text: str) -> Markup:
        """``<h2 id="…">`` with its permalink, as Markdown's ``toc`` writes it."""
        name = security.html_text(text)
        anchor = toc_unique(toc_slugify(text, "-"), self.ids)
        self.headings.append({"level": level, "id": anchor, "name": name, "children": []})
        permalink = ""
        if self.style.permalink is not None:
            title = html.escape(self.style.permalink_title)
            permalink = (
                f'<a class="headerlink" href="#{anchor}" title="{title}">{self.style.permalink}</a>'
            )
        return Markup(f'<h{level} id="{anchor}">{self.text(text)}{permalink}</h{level}>')

    def text(self, text: str) -> Markup:
        """Text as one paragraph of the characters typed, abbreviations explained."""
        text = security.one_paragraph(text)
        pattern = self.style.abbreviation
        if pattern is None:
            return Markup(security.html_text(text))
        parts, start = [], 0
        for found in pattern.finditer(text):
            title = html.escape(self.style.abbreviations[found[0]])
            parts.append(security.html_text(text[start : found.start()]))
            parts.append(f'<abbr title="{title}">{security.html_text(found[0])}</abbr>')
            start = found.end()
        parts.append(security.html_text(text[start:]))
        return Markup("".join(parts))

    def link(self, folder: str, page_id: str, text: str) -> Markup:
        """A link to another generated page, relative to this one."""
        url = relative_url(self.path, f"{folder}/{page_id}.md", self.style.directory_urls)
        return Markup(f'<a href="{html.escape(url)}">{self.text(text)}</a>')

    def kpi_links(self, kpi_ids: Iterable[str]) -> Markup:
        """Links to KPI pages, by their titles, separated by commas."""
        return Markup(", ").join(
            self.link(KPIS_DIR, kpi_id, self.kpi_title(kpi_id)) for kpi_id in kpi_ids
        )

    def toc(self) -> list[dict[str, Any]]:
        """The headings nested as Python-Markdown's ``toc_tokens``."""
        nested: list[dict[str, Any]] = []
        open_: list[dict[str, Any]] = []
        for heading in self.headings:
            while open_ and open_[-1]["level"] >= heading["level"]:
                open_.pop()
            (open_[-1]["children"] if open_ else nested).append(heading)
            open_.append(heading)
        return nested


def relative_url(source: str, target: str, directory_urls: bool = True) -> str:
    """The link from the page of one docs path to that of another, as MkDocs writes it.

    >>> relative_url("kpi/cac.md", "goals/increase_sales.md")
    '../../goals/increase_sales/'
    """

    def url(path: str) -> str:
        stem = path.removesuffix(".md")
        if not directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return stem + "/"

    source_url, target_url = url(source), url(target)
    base = source_url if source_url.endswith("/") else posixpath.dirname(source_url) + "/"
    relative = posixpath.relpath(target_url or ".", base.rstrip("/") or ".")
    return relative + "/" if target_url.endswith("/") and relative != "." else relative


def also_known_as(kpi: Kpi, lang: str) -> list[str]:
    """Every name the KPI is searched by: abbreviation, both names, aliases in both languages."""
    other = "en" if lang == "nl" else "nl"
    names = [
        kpi.abbr or "",
        kpi.name[other],
        *kpi.aliases.get(lang, ()),
        *kpi.aliases.get(other, ()),
    ]
    seen: dict[str, str] = {}
    for name in names:
        if name and name.casefold() != kpi.name[lang].casefold():
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


def aliases_in(kpi: Kpi, lang: str) -> list[str]:
    """The names shown under the title: abbreviation and the aliases in the page's language.

    The other language's names are search tags only (:func:`also_known_as`).
    """
    names = {name.casefold(): name for name in (kpi.abbr or "", *kpi.aliases.get(lang, ()))}
    names.pop("", None)
    names.pop(kpi.name[lang].casefold(), None)
    return list(names.values())


def other_name(kpi: Kpi, lang: str) -> str:
    """The KPI's name in the other language, or "" when it is the same."""
    other = kpi.name["en" if lang == "nl" else "nl"]
    return "" if other.casefold() == kpi.name[lang].casefold() else other


def band_range(start: Decimal | None, below: Decimal | None, unit: str, lang: str) -> str:
    """A band's range in words: "Onder 95", "95 tot 105", "105 of meer" (``below`` excluded)."""
    ui = ui_texts(lang)
    if start is None:  # the loader asks for one of the two
        return ui["band_below"].format(below=format_value(cast(Decimal, below), unit, lang))
    if below is None:
        return ui["band_from"].format(start=format_value(start, unit, lang))
    return ui["band_between"].format(
        start=format_value(start, unit, lang), below=format_value(below, unit, lang)
    )


# --- navigation ----------------------------------------------------------------------------------

#: Material's ``navigation.sections`` shows every entry of a top-level section on every page, so
#: a long list of KPIs or goals would make every page long and the build quadratic. Past
#: NAV_FLAT_MAX entries the list is split by first letter (each letter a section that
#: ``navigation.prune`` leaves out unless the page is in it), and a big letter into runs.
#: Even a pruned letter costs time in proportion to its entries (Material looks for its index
#: page among them), so on every page of 1,000 KPIs unsplit letters of 40 meant a look at every
#: KPI; runs of 20 keep that to a few runs per letter.
NAV_FLAT_MAX = 120
NAV_RUN_MAX = 20


def grouped_nav(entries: list[tuple[str, str]], label: Callable[[str], str] = str) -> list[Any]:
    """Navigation entries ``{title: path}``, grouped by letter when there are many.

    Arguments:
        entries: (title, path) pairs in the order to show when there are few.
        label: makes a navigation label of a title (the plugin escapes HTML).
    """
    if len(entries) <= NAV_FLAT_MAX:
        return [{label(title): path} for title, path in entries]
    letters: dict[str, list[tuple[str, str]]] = {}
    for title, path in sorted(entries, key=lambda entry: entry[0].casefold()):
        letters.setdefault(_initial(title), []).append((title, path))
    return [{letter: _runs(group, label)} for letter, group in sorted(letters.items())]


def _initial(title: str) -> str:
    """The letter a title is filed under: "Één" under E, "2-step" under #."""
    first = unicodedata.normalize("NFKD", title[:1])[:1].upper()
    return first if first.isalpha() else "#"


def _runs(entries: list[tuple[str, str]], label: Callable[[str], str]) -> list[Any]:
    """A letter's entries, in runs of at most NAV_RUN_MAX of even length, each named by its span."""
    if len(entries) <= NAV_RUN_MAX:
        return [{label(title): path} for title, path in entries]
    count = -(-len(entries) // NAV_RUN_MAX)
    size = -(-len(entries) // count)
    runs = [entries[start : start + size] for start in range(0, len(entries), size)]
    return [{label(_span(run[0][0], run[-1][0])): _runs(run, label)} for run in runs]


def gist(text: str, most: int = 170) -> str:
    """The whole sentences of ``text`` that fit in ``most`` characters, for a card.

    When even the first sentence is longer, its words that fit, and an ellipsis.
    """
    if len(text) <= most:
        return text
    fits = ""
    for end in _SENTENCE_END.finditer(text):
        if end.start() + 1 > most:
            break
        fits = text[: end.start() + 1]
    if fits:
        return fits
    words = re.match(rf"(.{{1,{most - 1}}})(?=\s)", text)  # whole words, and room for "…"
    return (words[1] if words else text[: most - 1]).rstrip(" ,;:(") + "…"


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _span(first: str, last: str, most: int = 20) -> str:
    """A run's first and last title, as in a phone book: "Klantbehoud – Klanttevredenheid"."""

    def short(title: str) -> str:
        return title if len(title) <= most else title[:most].rsplit(" ", 1)[0].rstrip(" ,(") + "…"

    return f"{short(first)} – {short(last)}"


# --- calculator --------------------------------------------------------------------------------

#: Where a KPI page's calculator goes; :func:`with_calculator` puts the form there once search
#: has read the page, which would parse the form only to leave it out.
CALCULATOR_SLOT = '<div data-kpi-calculator="{kpi}"></div>'
_CALCULATOR_SLOT = re.compile(CALCULATOR_SLOT.format(kpi="([a-z][a-z0-9_]*)"))


def with_calculator(html: str, catalog: Catalog, lang: str) -> str:
    """A page's HTML with the calculator form in the slot :func:`kpi_page` left for it."""
    found = _CALCULATOR_SLOT.search(html) if "data-kpi-calculator" in html else None
    if found is None or found[1] not in catalog.kpis:
        return html
    form = calculator_html(catalog.kpis[found[1]], lang)
    return html[: found.start()] + form + html[found.end() :]


def input_text(value: Decimal, lang: str) -> str:
    """A number as a user would type it: ``0,5`` in Dutch, no grouping."""
    text = formula_language.plain(value)
    return text.replace(".", ",") if lang == "nl" else text


def calculator_html(kpi: Kpi, lang: str) -> str:
    """The calculator form; see site_overrides/assets/calculator/ for its behaviour."""
    ui = ui_texts(lang)
    formula = kpi.formula
    assert formula is not None
    hints = {}
    for item in formula.inputs:
        generic = ui.get(f"hint_{item.unit}", ui["hint_default"])
        hints[item.id] = item.hint[lang] if item.hint else generic
    html = _render(
        "calculator.html.j2",
        lang,
        kpi=kpi,
        hints=hints,
        examples={
            key: formula_language.plain(value) for key, value in formula.example_inputs.items()
        },
        shown={key: input_text(value, lang) for key, value in formula.example_inputs.items()},
        suffixes={item.id: _suffix(item.unit, lang) for item in formula.inputs},
        exclusive_minimums=_exclusive_minimums(formula),
        bound=lambda value: (
            ""
            if value is None
            else (value if isinstance(value, str) else formula_language.plain(value))
        ),
        checks_json=json.dumps(
            [check.message[lang] for check in formula.checks], ensure_ascii=False
        ),
        bands_json=json.dumps(bands_data(kpi, lang), ensure_ascii=False),
        filled_json=json.dumps(filled_formula(formula, lang), ensure_ascii=False),
    )
    # A raw HTML block in Markdown ends at the first blank line: keep the form in one block.
    return "\n".join(line for line in html.splitlines() if line.strip())


def _exclusive_minimums(formula: Formula) -> frozenset[str]:
    """Inputs whose minimum is 0 and that the formula divides by on their own (``a / n``).

    0 is then refused as a division by 0, so below the minimum the form asks for a number
    greater than 0 rather than "0 or more": the inputs whose 0 :mod:`generator.formula` refuses.
    """
    divisors = set(formula_language.denominators(formula.parsed.tree))
    return frozenset(
        item.id
        for item in formula.inputs
        if item.id in divisors and isinstance(item.min, Decimal) and item.min == 0
    )


def _suffix(unit: str, lang: str) -> str:
    return {
        "percent": "%",
        "percentage_points": "pp",
        "days": ui_texts(lang)["unit_days"],
        "seconds": "s",
        "years": ui_texts(lang)["unit_years"],
    }.get(unit, "")


def bands_data(kpi: Kpi, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "from": None if band.start is None else formula_language.plain(band.start),
            "below": None if band.below is None else formula_language.plain(band.below),
            "tone": band.tone,
            "label": band.label[lang],
        }
        for band in kpi.bands
    ]


def example_text(kpi: Kpi, lang: str) -> str:
    formula = kpi.formula
    assert formula is not None
    given = ", ".join(
        f"{_mid_sentence(item.label[lang])} "
        f"{format_input(formula.example_inputs[item.id], item.unit, lang)}"
        for item in formula.inputs
    )
    result = format_value(formula.example_result, kpi.unit, lang)
    return f"{given} → {kpi.name[lang]} {result}"


def _mid_sentence(label: str) -> str:
    """A label inside a sentence: "Gross margin" becomes "gross margin", "SQL leads" stays."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


# --- formulas as readable text -------------------------------------------------------------------

_SYMBOLS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷", ast.Pow: "^"}
#: How tightly each part of a formula binds, loosest first, as in Python: a part that binds
#: less tightly than its place asks for goes in brackets.
_CONDITION, _OR, _AND, _NOT, _COMPARISON, _SUM, _PRODUCT, _SIGN, _POWER, _ATOM = range(10)
_BINDING = {ast.Add: _SUM, ast.Sub: _SUM, ast.Mult: _PRODUCT, ast.Div: _PRODUCT, ast.Pow: _POWER}
_COMPARE = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠"}
#: Between a function's arguments: ";" where the comma is the decimal mark, as spreadsheets do.
_ARGUMENT_SEPARATOR = {"nl": "; ", "en": ", "}
#: Mark an input's place in a formula the browser fills in: private-use characters, which no
#: label, symbol or number contains.
_SLOT_START, _SLOT_END = "\ue000", "\ue001"


def formula_text(expression: str, labels: dict[str, str], lang: str = "nl") -> str:
    """``100 * clicks / impressions`` as ``100 × Klikken ÷ Vertoningen``."""
    tree = formula_language.parse(expression, labels).tree
    return _readable(tree, labels, lang)


def filled_formula(formula: Formula, lang: str) -> list[str]:
    """The formula line with a slot for each input, for the browser to fill in with the user's
    numbers: text and input ids by turns, ``["100 × ", "clicks", " ÷ ", "impressions", ""]``.

    It reads like the formula line on the page, with one difference: a percentage divided by 100
    shows as the percentage alone. Filled in, "40%" already is 40 ÷ 100; "40% ÷ 100" would read
    as 0.4%.
    """
    percentages = {item.id for item in formula.inputs if item.unit == "percent"}
    tree = _PercentAsShare(percentages).visit(copy.deepcopy(formula.parsed.tree))
    slots = {item.id: f"{_SLOT_START}{item.id}{_SLOT_END}" for item in formula.inputs}
    return re.split(f"{_SLOT_START}([a-z][a-z0-9_]*){_SLOT_END}", _readable(tree, slots, lang))


class _PercentAsShare(ast.NodeTransformer):
    """Drops the ``/ 100`` after a percentage: ``margin / 100`` and ``a * margin / 100``."""

    def __init__(self, percentages: set[str]) -> None:
        self.percentages = percentages

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        by_100 = isinstance(node.right, ast.Constant) and node.right.value == 100
        if isinstance(node.op, ast.Div) and by_100:
            # In a product, which factor is the share does not matter; with two it would.
            found = [factor for factor in _factors(node.left) if self._is_percentage(factor)]
            if len(found) == 1:
                return node.left
        return node

    def _is_percentage(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.percentages


def _factors(node: ast.AST) -> list[ast.AST]:
    """The factors of a product (``a * b * c``); any other expression is its own one factor."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _factors(node.left) + _factors(node.right)
    return [node]


def _readable(node: ast.AST, labels: dict[str, str], lang: str) -> str:
    """A checked expression as the formula line shows it, with the page language's words."""
    return _part(node, labels, lang)[0]


def _operand(
    node: ast.AST, labels: dict[str, str], lang: str, least: int, after_operator: bool = False
) -> str:
    """A part of a larger formula, in brackets when it binds less tightly than ``least``.

    After an operator a sign goes in brackets too, as one writes it by hand: ``A − (−B)``.
    """
    text, binding = _part(node, labels, lang)
    needs = binding < least or (after_operator and binding == _SIGN)
    return f"({text})" if needs else text


def _part(node: ast.AST, labels: dict[str, str], lang: str) -> tuple[str, int]:
    """The text of ``node`` and how tightly it binds; every node the formula checker allows."""
    ui = ui_texts(lang)
    if isinstance(node, ast.Name):
        return labels[node.id], _ATOM
    if isinstance(node, ast.Constant):
        constant = Decimal(repr(node.value))
        return format_decimal(constant, locale=LOCALES[lang], decimal_quantization=False), _ATOM
    if isinstance(node, ast.BinOp):
        own = _BINDING[type(node.op)]
        # Left to right, so a right operand binding as tightly needs brackets: A − (B − C). In a
        # power both do: spreadsheets read A ^ B ^ C from the left, Python from the right.
        power = isinstance(node.op, ast.Pow)
        left = _operand(node.left, labels, lang, own + 1 if power else own)
        right = _operand(node.right, labels, lang, own + 1, after_operator=True)
        return f"{left} {_SYMBOLS[type(node.op)]} {right}", own
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.UAdd):
            return _part(node.operand, labels, lang)
        if isinstance(node.op, ast.Not):
            return f"{ui['formula_not']} ({_readable(node.operand, labels, lang)})", _NOT
        # Brackets for all but a single value: "−A ^ 2" reads as (−A)² in a spreadsheet.
        return "−" + _operand(node.operand, labels, lang, _ATOM), _SIGN
    if isinstance(node, ast.Call):
        # A condition's comma would read as one between arguments.
        least = _CONDITION + 1 if len(node.args) > 1 else _CONDITION
        args = _ARGUMENT_SEPARATOR[lang].join(
            _operand(arg, labels, lang, least) for arg in node.args
        )
        return f"{cast(ast.Name, node.func).id}({args})", _ATOM  # checked: named functions only
    if isinstance(node, ast.Compare):
        parts = [_operand(node.left, labels, lang, _SUM)]
        for operator, other in zip(node.ops, node.comparators, strict=True):
            parts += [_COMPARE[type(operator)], _operand(other, labels, lang, _SUM)]
        return " ".join(parts), _COMPARISON
    if isinstance(node, ast.BoolOp):
        own, word = (_AND, "formula_and") if isinstance(node.op, ast.And) else (_OR, "formula_or")
        # Brackets around an `and` inside an `or` as well: few readers know which binds first.
        values = [_operand(value, labels, lang, _NOT) for value in node.values]
        return f" {ui[word]} ".join(values), own
    if isinstance(node, ast.IfExp):
        text = ui["formula_if"].format(
            value=_operand(node.body, labels, lang, _CONDITION + 1),
            condition=_readable(node.test, labels, lang),
            otherwise=_operand(node.orelse, labels, lang, _CONDITION),
        )
        return text, _CONDITION
    # Reached only when the formula checker allows a construct this function does not know.
    raise TypeError(f"no readable form for {ast.dump(node)}")


# --- published data --------------------------------------------------------------------------


def catalog_json(catalog: Catalog) -> str:
    """``catalog.json``: goals, KPIs, links and formulas, for other tools."""

    def text(value: Any) -> Any:
        return None if value is None else {"nl": value.nl, "en": value.en}

    kpis = []
    for kpi in catalog.kpis.values():
        entry: dict[str, Any] = {
            "id": kpi.id,
            "name": text(kpi.name),
            "abbr": kpi.abbr,
            "aliases": {lang: list(names) for lang, names in kpi.aliases.items()},
            "kind": kpi.kind,
            "unit": kpi.unit,
            "direction": kpi.direction,
            "definition": text(kpi.definition),
            "url": f"{KPIS_DIR}/{kpi.id}/",
            "formula": None,
        }
        if kpi.formula:
            spec = kpi.formula.spec()
            for item, published in zip(kpi.formula.inputs, spec["inputs"], strict=True):
                published["label"] = text(item.label)
            entry["formula"] = {
                **spec,
                "example": {
                    "inputs": {
                        k: formula_language.plain(v) for k, v in kpi.formula.example_inputs.items()
                    },
                    "result": formula_language.plain(kpi.formula.example_result),
                },
            }
        kpis.append(entry)
    data = {
        "version": 1,
        "goals": [
            {"id": goal.id, "name": text(goal.name), "url": f"{GOALS_DIR}/{goal.id}/"}
            for goal in catalog.goals
        ],
        "kpis": kpis,
        "links": [
            {
                "goal": link.goal,
                "kpi": link.kpi,
                "role": link.role,
                "reason": text(link.reason),
                "warning": text(link.warning),
                "instead": list(link.instead),
            }
            for link in catalog.links
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


_ABBREVIATION = re.compile(r"\*\[([^\]]+)\]:[ \t]*(.*)")


def abbreviation_glossary(text: str) -> dict[str, str] | None:
    """The abbreviations a Markdown snippet defines (``*[CTR]: Click-through rate``), or None
    when it holds anything else as well."""
    glossary = {}
    for line in text.splitlines():
        match = _ABBREVIATION.fullmatch(line.strip())
        if match:
            glossary[match[1]] = match[2].strip()
        elif line.strip():
            return None
    return glossary


def runtime_module(runtime_url: str | None) -> str:
    """``runtime.js``: where worker.js finds the formula module, its snapshot and Pyodide.

    Arguments:
        runtime_url: the root of the site that serves them, relative to this site's root; None
            when this site serves them itself.
    """
    # The module sits in <site>/assets/calculator/: two levels below the site's root.
    place = "./" if runtime_url is None else f"../../{runtime_url.rstrip('/')}/assets/calculator/"
    return (
        "// Generated by generator/plugin.py: where worker.js finds the calculator runtime.\n"
        f"export const CALCULATOR_ASSETS = {json.dumps(place)};\n"
    )


def formula_module(catalog: Catalog) -> str:
    """The Python module the browser worker imports: the interpreter plus the checked formulas.

    The interpreter is :mod:`generator.formula` itself, unchanged; the formulas are data.
    """
    source = (PACKAGE / "formula.py").read_text("utf-8")
    formulas = {kpi.id: cast(Formula, kpi.formula).spec() for kpi in catalog.with_formula()}
    data = json.dumps(formulas, ensure_ascii=False, sort_keys=True)
    return (
        f"{source}\n\n# --- generated from the catalog: formulas as data, never as code ---\n"
        f"FORMULAS = json.loads({data!r})\n\n\n"
        "def run(kpi_id: str, values_json: str) -> str:\n"
        "    return run_json(FORMULAS, kpi_id, values_json)\n"
    )

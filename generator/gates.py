"""Quality gates: a catalog that loads can still be unfit to publish.

The loader checks structure: types, references, one primary KPI per goal, a warning and
alternatives on every vanity link, worked examples that reproduce their result. The gates here
check what a reader notices: a field left out, a placeholder, a text that was never translated, a
vanity link that sends the reader to another vanity metric, a sentence copied from the source text.

Pure functions: catalog and its source text in, :class:`~generator.loader.Problem` list out. The
loader runs the catalog gates a site asks for (:func:`catalog_gates`); the plugin also runs
:func:`copied_sentences` over the hand-written pages.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from functools import lru_cache, partial
from itertools import islice
from typing import Any

from ruamel.yaml import YAML

from .catalog import Catalog, Text
from .loader import Gate, Problem, key_path, line_of

#: Fields every KPI needs in a complete catalog, in catalog order.
KPI_FIELDS = (
    "definition",
    "why",
    "how_to_measure",
    "how_to_read",
    "pitfalls",
    "counter_metric",
    "related",
)
#: Fields every goal needs in a complete catalog.
GOAL_FIELDS = ("summary", "when", "supports", "tree", "smart_example")
#: How many words in a row of the source text count as a copied sentence.
COPIED_RUN = 8
#: Identical Dutch and English texts longer than this many words were not translated; shorter
#: ones are often names ("Net Promoter Score").
SAME_TEXT_WORDS = 4

# Lower case here so the house check for shortcoming marks does not flag this line.
_PLACEHOLDER = re.compile(r"\b(?:todo|tbd|fixme|lorem|ipsum|x{3,})\b|\.\.\.|\?\?\?", re.IGNORECASE)
_HAS_WORD = re.compile(r"\w")
#: Words as the house copy check counts them: lower-case letters (with accents) and digits.
_WORD = re.compile(r"[a-zà-ÿ0-9]+")


def catalog_gates(require_complete: bool, source_text: str | None) -> list[Gate]:
    """The gates a site runs when it loads its catalog.

    Arguments:
        require_complete: also require every field of every KPI and goal (the real catalog; the
            small test catalogs leave most fields out).
        source_text: the text the handbook grew from, or None to skip the copy check.
    """
    gates: list[Gate] = [placeholders, vanity_alternatives]
    if require_complete:
        gates.insert(0, completeness)
    if source_text:
        gates.append(partial(_copied_in_catalog, source_text))
    return gates


# --- completeness -----------------------------------------------------------------------------


def completeness(catalog: Catalog, source: str) -> list[Problem]:
    """Every KPI and goal has every field the page shows; lists are not empty."""
    found: list[_Finding] = []
    for index, kpi in enumerate(catalog.kpis.values()):
        for name in KPI_FIELDS:
            if not getattr(kpi, name):
                found.append(_missing(["kpis", index], name, f"KPI {kpi.id!r}", _kpi_fix(name)))
    for index, goal in enumerate(catalog.goals):
        for name in GOAL_FIELDS:
            if not getattr(goal, name):
                fix = _GOAL_FIX.get(name, f"add `{name}: {{nl: ..., en: ...}}`")
                found.append(_missing(["goals", index], name, f"goal {goal.id!r}", fix))
    return _problems(found, source)


def _missing(parts: list[Any], name: str, owner: str, fix: str) -> _Finding:
    return _Finding(parts, f"{owner} has no `{name}:`; every field is required here", fix)


def _kpi_fix(name: str) -> str:
    if name == "related":
        return "add `related: [kpi_id, ...]` with the KPIs a reader should look at next"
    if name == "counter_metric":
        return "add `counter_metric: {kpi: ..., reason: {nl: ..., en: ...}}`"
    return f"add `{name}: {{nl: ..., en: ...}}`"


_GOAL_FIX = {
    "tree": "add `tree:` with `business:`, `sales:` and `marketing:`, each `{nl: ..., en: ...}`",
}


# --- placeholders and untranslated texts ------------------------------------------------------


def placeholders(catalog: Catalog, source: str) -> list[Problem]:
    """No text is a placeholder (to do, tbd, lorem, xxx, "..."), and none is left untranslated."""
    found = []
    for parts, text in catalog_texts(catalog):
        for lang in ("nl", "en"):
            said = placeholder_in(text[lang])
            if said:
                fix = "write the text in full" if lang == "nl" else "write the English text"
                found.append(_Finding([*parts, lang], said, fix))
        words = len(text.nl.split())
        if words > SAME_TEXT_WORDS and text.nl.casefold() == text.en.casefold():
            message = f"the Dutch and English texts are the same ({words} words)"
            found.append(_Finding([*parts, "en"], message, "translate the `en:` text"))
    return _problems(found, source)


def placeholder_in(text: str) -> str:
    """What makes ``text`` a placeholder, in words; empty when it is a real text."""
    if not _HAS_WORD.search(text):
        return f"found {text!r}, a placeholder instead of a text"
    match = _PLACEHOLDER.search(text)
    if match:
        return f"found the placeholder {match.group()!r}"
    return ""


def catalog_texts(catalog: Catalog) -> Iterator[tuple[list[Any], Text]]:
    """Every text of the catalog with its key path, in catalog order."""
    for index, goal in enumerate(catalog.goals):
        yield from _texts_of(goal, ["goals", index])
        for position, link in enumerate(catalog.links_of_goal(goal.id)):
            yield from _texts_of(link, ["goals", index, "kpis", position])
    for index, kpi in enumerate(catalog.kpis.values()):
        yield from _texts_of(kpi, ["kpis", index])


def _texts_of(node: Any, parts: list[Any]) -> Iterator[tuple[list[Any], Text]]:
    """The texts inside a catalog object, found by walking its fields."""
    if isinstance(node, Text):
        yield parts, node
    elif isinstance(node, tuple):
        for index, item in enumerate(node):
            yield from _texts_of(item, [*parts, index])
    elif dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            yield from _texts_of(getattr(node, field.name), [*parts, field.name])


# --- vanity links -----------------------------------------------------------------------------


def vanity_alternatives(catalog: Catalog, source: str) -> list[Problem]:
    """A vanity link's `instead:` names no other vanity metric of the same goal."""
    found = []
    for index, goal in enumerate(catalog.goals):
        links = catalog.links_of_goal(goal.id)
        vanity = {link.kpi for link in links if link.role == "vanity"}
        for position, link in enumerate(links):
            for place, other in enumerate(link.instead):
                parts = ["goals", index, "kpis", position, "instead", place]
                # The metric itself is refused by the loader already.
                if other in vanity and other != link.kpi:
                    message = f"`instead:` names {other!r}, also a vanity metric for this goal"
                    fix = "name a primary, supporting or diagnostic KPI of this goal"
                    found.append(_Finding(parts, message, fix))
    return _problems(found, source)


# --- copied sentences -------------------------------------------------------------------------


def copied_sentences(source_text: str, text: str, run: int = COPIED_RUN) -> list[Problem]:
    """Every place where ``text`` repeats ``run`` or more words in a row of ``source_text``.

    Words are counted as the house check does: lower case, letters and digits, punctuation and
    line breaks ignored. Overlapping runs are reported once, on the line where they start.
    """
    grams = _word_runs(source_text, run)
    starts = _first_words(grams)
    lowered = text.lower()
    # A 5,000-KPI catalog has millions of words: plain strings, and a tuple only where the first
    # word could start a copied run; a word's place is looked up only for a run found.
    words = _WORD.findall(lowered)
    problems, index = [], 0
    while index <= len(words) - run:
        if words[index] not in starts or tuple(words[index : index + run]) not in grams:
            index += 1
            continue
        end = index + run
        while end < len(words) and tuple(words[end - run + 1 : end + 1]) in grams:
            end += 1
        copied = " ".join(words[index:end])
        start = next(islice(_WORD.finditer(lowered), index, None)).start()
        line = text.count("\n", 0, start) + 1
        message = f"repeats {end - index} words of the source text: “{copied}”"
        problems.append(Problem(line, "", message, "say it in your own words"))
        index = end
    return problems


@lru_cache(maxsize=4)
def _first_words(grams: frozenset[tuple[str, ...]]) -> frozenset[str]:
    return frozenset(gram[0] for gram in grams)


@lru_cache(maxsize=4)
def _word_runs(text: str, run: int) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return frozenset(tuple(words[i : i + run]) for i in range(len(words) - run + 1))


def _copied_in_catalog(source_text: str, catalog: Catalog, source: str) -> list[Problem]:
    return copied_sentences(source_text, source)


# --- where a problem is -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Finding:
    parts: list[Any]
    message: str
    fix: str


def _problems(found: list[_Finding], source: str) -> list[Problem]:
    """Findings as problems with their line; the YAML is parsed again only when there are any."""
    if not found:
        return []
    document = _document(source)
    return [
        Problem(
            line_of(document, item.parts), key_path(item.parts, document), item.message, item.fix
        )
        for item in found
    ]


@lru_cache(maxsize=1)
def _document(source: str) -> Any:
    return YAML(typ="rt", pure=True).load(source)

"""Search keywords for pages, and Material's search index reshaped to rank pages by their names.

Material's search matches the start of a word ("conv" finds "conversie"), so a plural or the last
part of a compound finds nothing: "conversies" misses "conversie", "marge" misses "brutomarge".
The keyword file gives such pages the words readers type, per language; they go into a search
field of their own (``keywords``) that search results do not show.

Material copies a page's ``tags`` (a KPI's other names) and ``search.boost`` into every section of
the page. Each name then counted once per section, which made it look common and so weigh less,
and a boosted page's sections (the vanity warnings of goal pages) outranked the page about the
subject. Here only the page itself keeps them.

Pure functions; :mod:`generator.plugin` reads and writes the files.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .loader import Problem

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

#: The search field of the keywords, declared with its boost in mkdocs.yml.
KEYWORDS_FIELD = "keywords"
LANGUAGES = ("nl", "en")


class KeywordsError(ValueError):
    """The keyword file cannot be used; the message lists every problem found."""

    def __init__(self, filename: str, problems: list[Problem], source: str) -> None:
        lines = source.splitlines()
        rendered = "\n\n".join(problem.render(filename, lines) for problem in problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{filename}: {len(problems)} {noun} in the search keywords\n\n{rendered}")


def load_keywords(source: str, filename: str, lang: str) -> dict[str, tuple[int, list[str]]]:
    """The keywords of each page in ``lang``: ``{docs path: (line, words)}``.

    The file maps a page's path inside the docs folder (``kpi/cac.md``, ``guide/glossary.md``)
    to ``{nl: [...], en: [...]}``; either language may be left out.

    Raises:
        KeywordsError: listing every problem found, each with its line.
    """
    try:
        data = YAML(typ="rt", pure=True).load(source)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = Problem(line, "", f"not valid YAML: {error}")
        raise KeywordsError(filename, [problem], source) from None
    data = {} if data is None else data
    if not isinstance(data, dict):
        problem = Problem(1, "", "expected a mapping of page paths to {nl: [...], en: [...]}")
        raise KeywordsError(filename, [problem], source)
    problems: list[Problem] = []
    keywords = {}
    for path, entry in data.items():
        # Only the empty {} put in for None is a plain dict; anything else ruamel read.
        line = cast("CommentedMap", data).lc.key(path)[0] + 1
        found = _entry_problems(path, entry)
        problems += [Problem(line, str(path), message, fix) for message, fix in found]
        if not found and entry.get(lang):
            keywords[path] = (line, [str(word) for word in entry[lang]])
    if problems:
        raise KeywordsError(filename, problems, source)
    return keywords


def _entry_problems(path: Any, entry: Any) -> list[tuple[str, str]]:
    """What is wrong with one page's entry, as (message, fix) pairs."""
    if not isinstance(path, str) or not path.endswith(".md"):
        return [(f"expected a page path ending in .md, found {path!r}", "write it as kpi/cac.md")]
    example = "write it as {nl: [conversies], en: [conversions]}"
    if not isinstance(entry, dict) or not set(entry) <= set(LANGUAGES):
        return [(f"expected {{nl: [...], en: [...]}}, found {entry!r}", example)]
    found = []
    for lang, words in entry.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            found.append((f"{lang}: expected a list of words, found {words!r}", example))
    return found


def unknown_pages(
    keywords: dict[str, tuple[int, list[str]]], pages: set[str], filename: str, source: str
) -> KeywordsError | None:
    """An error naming the keyword entries for pages the site does not have, or None."""
    problems = [
        Problem(line, path, "no page has this path", "use the path inside the docs folder")
        for path, (line, _) in keywords.items()
        if path not in pages
    ]
    return KeywordsError(filename, problems, source) if problems else None


def tune_index(index_json: str, keywords: dict[str, list[str]]) -> str:
    """Material's ``search_index.json`` with names and boosts on pages only, and keywords added.

    Arguments:
        index_json: the index as Material's search plugin wrote it.
        keywords: words per page URL as the index has it (``kpi/cac/``, ``""`` for home).
    """
    index = json.loads(index_json)
    for entry in index["docs"]:
        page, section, _ = entry["location"].partition("#")
        if section:
            entry.pop("tags", None)
            entry.pop("boost", None)
        elif keywords.get(page):
            # Escaped as Material's tags are: search treats every field alike.
            entry[KEYWORDS_FIELD] = [html.escape(word, quote=False) for word in keywords[page]]
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))

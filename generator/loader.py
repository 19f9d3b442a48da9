"""Load ``catalog.yaml`` strictly, validate it, and build a :class:`~generator.catalog.Catalog`.

Every problem is collected in one pass and reported with the file, the line, the key path, what was
found, what was expected and how to fix it, with the offending source line beneath.
"""

from __future__ import annotations

import copy
import difflib
import itertools
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, cast

import fastjsonschema
from jsonschema import Draft202012Validator, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from . import fastyaml
from . import formula as formula_language
from .catalog import (
    LANGUAGES,
    Band,
    Catalog,
    Check,
    CounterMetric,
    Formula,
    Goal,
    GoalTree,
    Input,
    Kpi,
    Link,
    Text,
)
from .numbers import RESULT_PLACES, round_half_up

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

#: A check over a sound catalog and its source text; see :mod:`generator.gates`.
Gate = Callable[[Catalog, str], list["Problem"]]

PACKAGE = Path(__file__).parent
#: A guard against reading a runaway file; 5,000 KPIs with every text take about 23 MB.
MAX_BYTES = 50_000_000
_LEADING_ZERO = re.compile(r"[+-]?0\d+(\.\d*)?")
_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the catalog, pointing at the YAML."""

    line: int  # 1-based; 0 when the problem is about the whole file
    path: str
    message: str
    fix: str = ""
    #: Listed before the others: other problems may follow from it (a KPI id given twice).
    cause: bool = False

    def render(self, filename: str, source_lines: list[str]) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        head = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        parts = [head]
        if 0 < self.line <= len(source_lines):
            parts.append(f"    {self.line} | {source_lines[self.line - 1].rstrip()}")
        if self.fix:
            parts.append(f"  fix: {self.fix}")
        return "\n".join(parts)


class CatalogError(ValueError):
    """The catalog cannot be used; ``problems`` lists everything found in one run."""

    def __init__(self, filename: str, problems: list[Problem], source: str = "") -> None:
        self.filename = filename
        self.problems = sorted(
            problems, key=lambda problem: (not problem.cause, problem.line, problem.path)
        )
        lines = source.splitlines()
        rendered = [problem.render(filename, lines) for problem in self.problems]
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{filename}: {count} {noun} in the catalog\n\n" + "\n\n".join(rendered))


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema of ``catalog.yaml``."""
    text = (PACKAGE / "catalog.schema.json").read_text("utf-8")
    return json.loads(text)


def load_catalog(
    path: str | Path, display_name: str | None = None, gates: Sequence[Gate] = ()
) -> Catalog:
    """Read, validate and build the catalog at ``path``, then run ``gates`` over it.

    Raises:
        CatalogError: listing every problem found, each with its line.
    """
    path = Path(path)
    name = display_name or path.name
    raw = _read_bytes(path, name)
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start]
        message = f"not UTF-8 text: byte 0x{byte:02X} at column {column} (shown as \ufffd)"
        fix = "save the file as UTF-8 (in most editors: Save with Encoding, UTF-8)"
        readable = raw.decode("utf-8", errors="replace")
        raise CatalogError(name, [Problem(line, "", message, fix)], readable) from None
    return parse_catalog(source, name, gates)


def _read_bytes(path: Path, name: str) -> bytes:
    """The bytes of a regular file of at most ``MAX_BYTES``; a device or pipe could be endless."""
    try:
        if path.exists() and not path.is_file():
            what = "a folder" if path.is_dir() else "not a regular file (a device or a pipe)"
            fix = "give the path of the catalog file, such as catalog.yaml"
            raise CatalogError(name, [Problem(0, "", f"the path is {what}", fix)])
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise CatalogError(
            name, [Problem(0, "", f"cannot read the file ({error.strerror})")]
        ) from None
    if len(raw) > MAX_BYTES:
        too_large = f"the file is larger than {MAX_BYTES // 1_000_000} MB"
        raise CatalogError(name, [Problem(0, "", too_large)])
    return raw


def parse_catalog(source: str, name: str = "catalog.yaml", gates: Sequence[Gate] = ()) -> Catalog:
    """Validate catalog text and build the catalog; see :func:`load_catalog`."""
    # Each language of the site loads the same catalog in the same process: read it once.
    key = (source, name, tuple(map(_gate_key, gates)))
    if key in _recent:
        return _recent[key]
    catalog = _sound_catalog(source, name)
    # Gates (generator.gates) judge a sound catalog, so they run only once it is one.
    problems = [problem for gate in gates for problem in gate(catalog, source)]
    if problems:
        raise CatalogError(name, _unique(problems), source)
    _recent.clear()  # keep only the last catalog
    _recent[key] = catalog
    return catalog


#: The last catalog that loaded, by source text, file name and gates; see parse_catalog.
_recent: dict[tuple[Any, ...], Catalog] = {}


def _gate_key(gate: Gate) -> Any:
    """What makes two gates the same: the function, and the arguments a partial fixes."""
    if isinstance(gate, partial):
        return (gate.func, gate.args, tuple(sorted(gate.keywords.items())))
    return gate


def _sound_catalog(source: str, name: str) -> Catalog:
    """The catalog, read fast when libyaml reads it as the careful reader would.

    A problem found in fast-read data is reported by the careful reader, as it always has been.
    """
    document = fastyaml.read(source)
    if document is not None:
        try:
            return _catalog_of(document, source, name)
        except CatalogError:
            pass
    return _catalog_of(_read_yaml(source, name), source, name)


def _catalog_of(document: Any, source: str, name: str) -> Catalog:
    errors = _schema_errors(document)
    problems = [problem for error in errors if (problem := _schema_problem(error, document))]
    broken = _broken_items(errors)
    if problems and broken is None:
        raise CatalogError(name, _unique(problems), source)
    # The cross-checks run on the goals and KPIs that conform, so that one run reports both.
    builder = _Builder(document, broken or frozenset())
    catalog = builder.build()
    if problems or builder.problems:
        raise CatalogError(name, _unique(problems + builder.problems), source)
    return catalog


def _broken_items(errors: list[ValidationError]) -> frozenset[tuple[str, int]] | None:
    """The goals and KPIs (``("kpis", 3)``) that do not conform to the schema, or None when a
    schema error is outside them (no `kpis:` list, say) and nothing more can be checked."""
    broken: set[tuple[str, int]] = set()
    for error in errors:
        parts = list(error.absolute_path)
        if parts[:1] in (["goals"], ["kpis"]) and len(parts) > 1:
            # The schema makes `goals` and `kpis` lists, so the next part is an index.
            broken.add((cast(str, parts[0]), cast(int, parts[1])))
        elif parts == ["version"] or (not parts and error.validator == "additionalProperties"):
            continue  # a wrong version or an unknown top-level key: goals and KPIs can be read
        else:
            return None
    return frozenset(broken)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


# --- YAML -------------------------------------------------------------------------------------


def _read_yaml(source: str, name: str) -> Any:
    if not source.strip():
        fix = "start from the example in the README, with top-level keys `goals:` and `kpis:`"
        raise CatalogError(name, [Problem(0, "", "the file is empty", fix)], source)
    problems = _surprises(source)
    if problems:
        raise CatalogError(name, problems, source)
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        document = yaml.load(source)
    except MarkedYAMLError as error:
        raise CatalogError(name, [_yaml_problem(error)], source) from None
    except YAMLError as error:
        raise CatalogError(name, [Problem(0, "", f"not valid YAML: {error}")], source) from None
    if not isinstance(document, dict):
        raise CatalogError(name, [_top_level_problem(document)], source)
    return document


def _top_level_problem(document: Any) -> Problem:
    fix = "start from the example in the README, with top-level keys `goals:` and `kpis:`"
    if document is None:
        return Problem(0, "", "the file has only comments and blank lines", fix)
    found = "a list" if isinstance(document, list) else f"the value {str(document)!r}"
    message = f"found {found} at the top level, expected the keys `goals:` and `kpis:`"
    return Problem(1, "", message, fix)


def _surprises(source: str) -> list[Problem]:
    """Reject what YAML reads differently from how it looks: tabs, aliases, leading zeros, and
    duplicate keys (which some YAML readers silently resolve by keeping the last).

    Works on parser events, so an alias bomb is refused before anything is expanded.
    """
    problems: list[Problem] = []
    for number, line in enumerate(source.splitlines(), 1):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            problems.append(
                Problem(number, "", "a tab is used for indentation", "indent with spaces")
            )
        if invisible := fastyaml.INVISIBLE.search(line):
            message = f"found {_invisible(invisible.group())} at column {invisible.start() + 1}"
            problems.append(Problem(number, "", message, _INVISIBLE_FIX))
    if problems:
        return problems
    paths = _EventPaths(source)
    seen: list[_Found] = []
    try:
        for event in YAML(typ="rt", pure=True).parse(source):
            found = paths.follow(event)
            if found:
                seen.append(found)
                if found.stop:
                    break
    except MarkedYAMLError as error:
        # A comment that cut a text short can also swallow the `}` that closes its mapping.
        cut = [found for found in seen if found.message.startswith(_CUT_TEXT)]
        return [*map(paths.problem, cut), paths.runaway_quote(error) or _yaml_problem(error)]
    except YAMLError:
        return []
    return [paths.problem(found) for found in seen]


@dataclass
class _Frame:
    """An open mapping or list while following parser events."""

    is_mapping: bool
    path: list[Any]
    index: int = -1
    key: Any = None
    at_key: bool = True
    key_lines: dict[Any, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Found:
    """A problem seen in the parser events, its path not yet written out: the name of a list
    item (its id) may come later in the file than the problem."""

    line: int
    parts: list[Any]
    message: str
    fix: str
    stop: bool = False  # nothing after it can be read safely (an alias bomb, deep nesting)


#: How the message about a text cut short by ` #` starts.
_CUT_TEXT = "the text after ` #` is read as a comment"


class _EventPaths:
    """Knows the key path of every parser event, before (and without) building the document."""

    def __init__(self, source: str) -> None:
        self.lines = fastyaml.yaml_lines(source)
        self.stack: list[_Frame] = []
        self.quoted: tuple[int, int] = (0, 0)  # first and last line of the last quoted text
        self.names: dict[tuple[Any, ...], str] = {}  # list items by their parts: id, or kpi

    def problem(self, found: _Found) -> Problem:
        return Problem(found.line, key_path(found.parts, self.names.get), found.message, found.fix)

    def follow(self, event: Any) -> _Found | None:
        kind = type(event).__name__
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            self.stack.pop()
            return None
        if kind not in ("MappingStartEvent", "SequenceStartEvent", "ScalarEvent", "AliasEvent"):
            return None
        line = event.start_mark.line + 1
        path, is_key = self.place()
        if kind == "AliasEvent" or getattr(event, "anchor", None):
            fix = "write the value out in full; anchors (&) and aliases (*) are not allowed"
            return _Found(line, path, "YAML anchors and aliases are not allowed", fix, stop=True)
        if kind != "ScalarEvent":
            return self.container(event, line, path, is_key)
        if event.style in ("'", '"'):
            self.quoted = (line, event.end_mark.line + 1)
        if is_key:
            return self.key(event.value, line) or _tagged(event, line, path)
        self.remember_name(path, event.value)
        return _tagged(event, line, path) or self.scalar(event, line, path)

    def container(self, event: Any, line: int, path: list[Any], is_key: bool) -> _Found | None:
        """Open a mapping or list, unless it is nested deeper than any catalog is."""
        if len(self.stack) >= _MAX_DEPTH:
            message = f"values are nested more than {_MAX_DEPTH} levels deep below here"
            fix = "check the indentation and the brackets: a catalog needs about 8 levels"
            return _Found(line, path[:6], message, fix, stop=True)
        self.stack.append(_Frame(type(event).__name__ == "MappingStartEvent", path))
        if is_key:
            self.stack[-2].key = "?"
        return _tagged(event, line, path)

    def scalar(self, event: Any, line: int, path: list[Any]) -> _Found | None:
        """A value that YAML reads otherwise than it looks, or a text cut short."""
        if invisible := fastyaml.INVISIBLE.search(event.value):
            message = f"the text holds {_invisible(invisible.group())}"
            return _Found(line, path, message, _INVISIBLE_FIX)
        if event.style is not None:
            return None
        if odd := _odd_number(event.value):
            return _Found(line, path, f"found {event.value}, {odd}", _ODD_NUMBER_FIX)
        if _LEADING_ZERO.fullmatch(event.value):
            fix = f"write {event.value.lstrip('0') or '0'} for a number, or quote it for text"
            message = f"found {event.value}, a number with a leading zero, which is ambiguous"
            return _Found(line, path, message, fix)
        if path and path[-1] in LANGUAGES:
            return self.cut_text(event, path)
        return None

    def remember_name(self, path: list[Any], value: str) -> None:
        """Note the id that names a list item, for the paths of problems inside it."""
        item = tuple(path[:-1])
        if path[-1:] and path[-1] in _NAMING_KEYS and item[-1:] and isinstance(item[-1], int):
            if item not in self.names and _NAME_LIKE.fullmatch(value):
                self.names[item] = value

    def cut_text(self, event: Any, path: list[Any]) -> _Found | None:
        """A text that ends where ` #` starts: YAML read the rest of the line as a comment.

        A plain (unquoted) scalar ends exactly before a comment, so what follows it on its last
        line tells: a comment on a line of its own, or after quoted text, is left alone.
        """
        end = event.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        if not fastyaml.COMMENT_AFTER.match(rest):
            return None
        message = f"{_CUT_TEXT}, so the text ends at '{_tail(event.value)}'"
        fix = "put the whole text in quotes; a real comment goes on a line of its own"
        return _Found(end.line + 1, path, message, fix)

    def place(self) -> tuple[list[Any], bool]:
        """The path of the node an event starts, and whether that node is a mapping key."""
        if not self.stack:
            return [], False
        frame = self.stack[-1]
        if not frame.is_mapping:
            frame.index += 1
            return [*frame.path, frame.index], False
        frame.at_key = not frame.at_key
        return (frame.path, True) if not frame.at_key else ([*frame.path, frame.key], False)

    def runaway_quote(self, error: MarkedYAMLError) -> Problem | None:
        """An unclosed quote runs on to the next quote, and YAML fails only after that one."""
        first, last = self.quoted
        if not error.problem_mark or first == last or error.problem_mark.line + 1 != last:
            return None
        message = f"not valid YAML: the quote opened here runs on to line {last}"
        return Problem(first, "", message, "close the quote on this line")

    def key(self, key: str, line: int) -> _Found | None:
        frame = self.stack[-1]
        frame.key = key
        if invisible := fastyaml.INVISIBLE.search(key):
            message = f"the key holds {_invisible(invisible.group())}"
            return _Found(line, [*frame.path, key], message, _INVISIBLE_FIX)
        if key == "<<":
            message = "found the merge key `<<`, which copies keys in from elsewhere"
            return _Found(line, frame.path, message, "write the keys out in full")
        if key not in frame.key_lines:
            frame.key_lines[key] = line
            return None
        message = f"duplicate key {key!r}: it is also on line {frame.key_lines[key]}"
        fix = "keep one of the two; YAML would silently use only the last"
        return _Found(line, [*frame.path, key], message, fix)


#: How deep the careful reader follows a catalog; ruamel.yaml recurses, about 300 levels crash it.
_MAX_DEPTH = 40
_INVISIBLE_FIX = "delete it: retype the words around it if you cannot see where it is"
_ODD_NUMBER_FIX = "write a plain decimal number, such as 1000 or 0.25, or quote it for text"
#: Numbers YAML reads though few readers would: other bases, digits grouped by `_`, infinity.
_NOT_DECIMAL = re.compile(
    r"[-+]?(?:0[xob][0-9a-f_]+|[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|\.(?:inf|nan))",
    re.IGNORECASE,
)
_EXPONENT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)e[-+]?[0-9]+", re.IGNORECASE)


def _odd_number(value: str) -> str:
    """Why a plain value YAML reads as a number is refused, or "" when it is a fine one."""
    if _NOT_DECIMAL.fullmatch(value):
        if value.lstrip("+-").startswith("."):
            return "which YAML reads as infinity or as not-a-number"
        if "_" in value:
            return "a number with `_` between its digits, which not every reader accepts"
        return "a number written in another base than 10"
    if _EXPONENT.fullmatch(value) and math.isinf(float(value)):
        return "a number too large to compute with"
    return ""


def _invisible(char: str) -> str:
    """An invisible character, named for the author who has to find it."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif 0x202A <= code <= 0x2069:
        kind = "a text direction override"
    else:
        kind = "a control character"
    return f"{kind} (U+{code:04X})"


def _band_seam(end: Decimal | None, start: Decimal | None) -> tuple[str, str]:
    """What is wrong where a band follows another that ends at ``end``, and the fix."""
    fix = "bands go from low to high, each `from` the `below` of the band before it"
    if end is None:
        return "a band follows one without `below`, which runs on to the top of the scale", fix
    if start is None:
        return f"the band has no `from`, so it overlaps the band before it (below {end})", fix
    seam = "overlaps the band before it" if start < end else "leaves a gap after the band before it"
    return f"the band starts at {start}, the one before it ends below {end}: it {seam}", fix


def _tagged(event: Any, line: int, path: list[Any]) -> _Found | None:
    """A tag (``!!python/...``, ``!!str``) asks YAML to read a value some other way."""
    if getattr(event, "tag", None) is None:
        return None
    tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
    message = f"found the YAML tag `{tag}`; tags are not allowed"
    return _Found(line, path, message, "remove the tag and write the value plainly")


def _tail(text: str, width: int = 30) -> str:
    """The last words of ``text``, at most about ``width`` characters, marked when cut."""
    words = text.split()
    kept = words[-1:]
    while len(kept) < len(words) and len(" ".join(words[-len(kept) - 1 :])) <= width:
        kept = words[-len(kept) - 1 :]
    return ("…" if len(kept) < len(words) else "") + " ".join(kept)


def _yaml_problem(error: MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 0
    problem = (error.problem or "").strip()
    if "'\\t'" in problem:
        return Problem(line, "", "found a tab, which YAML does not allow here", "use spaces")
    context = (error.context or "").strip()
    start = error.context_mark.line + 1 if error.context_mark else line
    if "end of stream" in problem:
        line = start  # an unclosed quote or bracket: where it opens, not the end of the file
    said, fix = next(
        ((said, fix) for clue, said, fix in _YAML_HINTS if clue in problem),
        (problem, "check indentation and quoting"),
    )
    inside = next((name for clue, name in _YAML_CONTEXTS if clue in context), "")
    if inside in ("`{...}`", "`[...]`"):
        line = start  # brackets: the cause is on the line that opens them
    if inside and start != line:
        said += f" (in the {inside} that starts on line {start})"  # the cause is often there
    return Problem(line, "", f"not valid YAML: {said}", fix)


#: The usual YAML syntax errors in plain words, by a clue in the parser's message: (clue, what
#: happened, fix).
_YAML_HINTS = (
    (
        "mapping values are not allowed",
        "a `: ` in this line starts a key where none can be",
        "quote text that contains `: `, or check the indentation",
    ),
    (
        "<block end>",
        "this line does not fit the indentation of the lines above",
        "indent the keys of one mapping, and the items of one list, equally",
    ),
    (
        "expected ',' or '}'",
        "the `{` on this line is not closed, or holds text that needs quotes",
        "close it with `}` on this line, and quote text that contains `: `",
    ),
    (
        "expected ',' or ']'",
        "the `[` on this line is not closed, or holds text that needs quotes",
        "close it with `]` on this line, and quote text that contains `: `",
    ),
    (
        "cannot start any token",
        "a value starts with a character YAML reserves",
        "put the value in quotes",
    ),
    (
        "another document",
        "a second document starts here (`---`)",
        "keep one document: remove the `---` line and what follows, or merge it",
    ),
    ("end of stream", "the file ends inside quoted text or brackets", "close the quote or bracket"),
)
#: What the parser was reading, by a clue in its context message.
_YAML_CONTEXTS = (
    ("flow mapping", "`{...}`"),
    ("flow sequence", "`[...]`"),
    ("block mapping", "mapping"),
    ("block collection", "list"),
    ("quoted scalar", "quoted text"),
)


# --- schema -----------------------------------------------------------------------------------


def _schema_errors(document: Any) -> list[ValidationError]:
    # Fast-read data holds plain JSON types already; ruamel's round-trip types need converting.
    data = document if isinstance(document, fastyaml.Mapping) else _plain_data(document)
    if _conforms(data):
        return []
    validator = Draft202012Validator(schema())
    return sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))


def _conforms(data: Any) -> bool:
    """A quick yes or no from fastjsonschema; jsonschema finds the errors when it says no.

    jsonschema checks a catalog of 5,000 KPIs in seconds, as it collects every error with its
    path; most catalogs have none. Where the two differ on a value, no is the safe answer.
    """
    try:
        _fast_validator()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


@cache
def _fast_validator() -> Callable[[Any], Any]:
    # fastjsonschema rewrites the $refs of the schema it compiles: give it a copy, not the one
    # the site publishes.
    return fastjsonschema.compile(copy.deepcopy(schema()), use_default=False, use_formats=False)


def _plain_data(node: Any) -> Any:
    """ruamel's round-trip types as plain JSON types, for jsonschema."""
    if isinstance(node, dict):
        return {str(key): _plain_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain_data(value) for value in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return str(node)


def key_path(parts: list[Any] | tuple[Any, ...], document: Any = None) -> str:
    """``["kpis", 3, "formula"]`` as ``kpis[3].formula``, or as ``kpis[3](cac).formula`` when
    ``document`` names that item: an index alone is hard to find in a long list.

    ``document`` is the catalog's data, or a function from the parts of a list item to its name.
    """
    name = document if callable(document) else partial(_name_in, document)
    text = ""
    for depth, part in enumerate(parts):
        if isinstance(part, int):
            named = name(tuple(parts[: depth + 1]))
            text += f"[{part}]({named})" if named else f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


#: The key that names a list item: the id of a goal, KPI or input, the KPI of a goal's link.
_NAMING_KEYS = ("id", "kpi")
#: What a name must look like to be shown; a long or odd value would only clutter the path.
_NAME_LIKE = re.compile(r"[\w.-]{1,64}")


def _name_in(document: Any, parts: tuple[Any, ...]) -> str | None:
    """The name of the list item at ``parts`` in ``document``, if it has one."""
    node = document
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return _item_name(node)


def _item_name(node: Any) -> str | None:
    """The id (or, for a goal's link, the KPI) that names a list item, if it has a usable one."""
    if not isinstance(node, dict):
        return None
    value = next((node[key] for key in _NAMING_KEYS if key in node), None)
    return value if isinstance(value, str) and _NAME_LIKE.fullmatch(value) else None


def line_of(document: Any, parts: list[Any] | tuple[Any, ...]) -> int:
    """The 1-based line of the deepest node along ``parts`` that the YAML has."""
    node, line = document, 1
    for part in parts:
        try:
            if isinstance(node, dict):
                # A mapping read from YAML; a plain dict has no `.lc` (AttributeError below).
                line = cast("CommentedMap | fastyaml.Mapping", node).lc.key(part)[0] + 1
            else:
                line = node.lc.item(part)[0] + 1
            node = node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def _schema_problem(error: ValidationError, document: Any) -> Problem | None:
    parts = list(error.absolute_path)
    # A top-level problem is about the whole file, not about its first line (often a comment).
    line = line_of(document, parts) if parts else 0
    where = key_path(parts, document) or "(top level)"
    found: Any = error.instance  # any YAML value; never unset in an error from iter_errors
    kind = error.validator
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        key = missing.group(1) if missing else "?"
        if key in _misspelled_keys(error):
            return None  # reported once, as the unknown key with "did you mean"
        return Problem(line, where, f"missing key {key!r}", f"add `{key}:` here")
    if kind == "additionalProperties":
        return _unknown_key_problem(error, document, parts)
    if kind == "enum":
        allowed = [str(value) for value in cast(list[Any], error.validator_value)]
        fix = _did_you_mean(str(found), allowed) or "use one of these values, spelled exactly"
        return Problem(line, where, f"found {found!r}, expected one of: {', '.join(allowed)}", fix)
    if kind == "type":
        if _is_text_schema(cast("Mapping[str, Any]", error.schema)):
            message = _type_message(found, "a text in both languages")
            fix = f"write it as `{parts[-1] if parts else 'text'}: {{nl: ..., en: ...}}`"
            return Problem(line, where, message, fix)
        return Problem(
            line,
            where,
            _type_message(found, error.validator_value),
            _type_fix(parts, error.validator_value),
        )
    if kind == "pattern":
        fix = "use lower-case letters, digits and underscores, starting with a letter"
        return Problem(line, where, f"found {found!r}, expected a snake_case id", fix)
    if kind == "minLength":
        return Problem(line, where, "the text is empty", "write the text between the quotes")
    if kind == "maxLength":
        limit = error.validator_value
        message = f"the text has {len(found)} characters, expected at most {limit}"
        return Problem(line, where, message, f"shorten it to {limit} characters or fewer")
    if kind == "minItems":
        limit = _items(cast(int, error.validator_value))
        if not found:
            return Problem(line, where, "the list is empty", f"add at least {limit}")
        message = f"the list has {_items(len(found))}, expected at least {limit}"
        return Problem(line, where, message, f"add items until there are {limit}")
    if kind == "maxItems":
        limit = _items(cast(int, error.validator_value))
        message = f"the list has {_items(len(found))}, expected at most {limit}"
        return Problem(line, where, message, f"remove items until there are {limit}")
    if kind == "uniqueItems":
        return Problem(line, where, "the list has the same item twice", "remove the repeated item")
    if kind == "const":
        expected = error.validator_value
        return Problem(
            line,
            where,
            f"found {found!r}, expected {expected!r}",
            f"write `{parts[-1]}: {expected}`" if parts else "",
        )
    return Problem(line, where, error.message)


def _misspelled_keys(error: ValidationError) -> set[str]:
    """Required keys that an unknown key next to them looks like a typo of."""
    schema_node = cast("Mapping[str, Any]", error.schema)  # a keyword's schema is a mapping
    allowed = list(schema_node.get("properties", {}))
    closed = schema_node.get("additionalProperties") is False
    if not closed or not isinstance(error.instance, dict):
        return set()
    extra = [str(key) for key in error.instance if key not in allowed]
    return {match for key in extra for match in difflib.get_close_matches(key, allowed, n=1)}


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _is_text_schema(schema_node: Mapping[str, Any]) -> bool:
    return schema_node.get("required") == ["nl", "en"]


def _unknown_key_problem(error: ValidationError, document: Any, parts: list[Any]) -> Problem:
    allowed = sorted(cast("Mapping[str, Any]", error.schema).get("properties", {}))
    extra = [key for key in cast("Mapping[Any, Any]", error.instance) if key not in allowed]
    key = extra[0] if extra else "?"
    line = line_of(document, [*parts, key])
    where = key_path([*parts, key], document)
    fix = _did_you_mean(str(key), allowed) or "allowed keys here: " + ", ".join(allowed)
    return Problem(line, where, f"unknown key {key!r}", fix)


def _did_you_mean(found: str, choices: Sequence[str]) -> str:
    """The fix for a misspelling: "did you mean `x`?" with the closest choice, or "" if none is."""
    close = difflib.get_close_matches(found, choices, n=1)
    return f"did you mean `{close[0]}`?" if close else ""


def _type_message(found: Any, expected: Any) -> str:
    names = {"string": "text", "number": "a number", "object": "a mapping", "array": "a list"}
    wanted: list[str] = expected if isinstance(expected, list) else [expected]
    want = " or ".join(names.get(item, item) for item in wanted)
    if isinstance(found, bool):
        return f"found the boolean {found!r}, expected {want}"
    if found is None:
        return f"found nothing, expected {want}"
    return f"found {found!r}, expected {want}"


def _type_fix(parts: list[Any], expected: Any) -> str:
    wanted = expected if isinstance(expected, list) else [expected]
    if "number" in wanted:
        return "write a plain number such as 1250.5 (no units, %, € or quotes)"
    if "array" in wanted:
        return "write a list: one `- item` per line, or `[a, b]`"
    if "object" in wanted:
        return "write its keys on the lines below it, indented"
    return "put the text in quotes"


# --- building the catalog ----------------------------------------------------------------------


class _Builder:
    """Turns validated YAML into catalog objects, collecting every cross-reference problem.

    Goals and KPIs in ``broken`` did not conform to the schema: they are left out, and what they
    would add to a check is taken from their raw data, or the check is left for a later run.
    """

    def __init__(self, document: Any, broken: frozenset[tuple[str, int]] = frozenset()) -> None:
        self.document = document
        self.broken = broken
        self.problems: list[Problem] = []
        #: Every KPI id, including those of broken KPIs; None when one of them has no usable id.
        self.known: set[str] | None = set()
        #: KPIs linked by broken goals; None when a broken goal's links cannot be read.
        self.linked_elsewhere: set[str] | None = set()
        #: Where each KPI id is first defined, for the key path of its problems.
        self.index: dict[str, int] = {}
        #: The line and id of each KPI whose id an earlier KPI has: its own id is then unknown.
        self.duplicates: list[tuple[int, str]] = []

    def problem(self, parts: list[Any], message: str, fix: str = "", cause: bool = False) -> None:
        line = line_of(self.document, parts)
        self.problems.append(Problem(line, key_path(parts, self.document), message, fix, cause))

    def build(self) -> Catalog:
        kpis: dict[str, Kpi] = {}
        for index, node in enumerate(self.document["kpis"]):
            if ("kpis", index) in self.broken:
                self.note_broken_kpi(node)
                continue
            kpi = self.kpi(node, ["kpis", index])
            self.know(kpi.id)
            self.index.setdefault(kpi.id, index)
            if kpi.id in kpis:
                first = kpis[kpi.id].line
                self.problem(
                    ["kpis", index, "id"],
                    f"duplicate KPI id {kpi.id!r} (first on line {first})",
                    "give each KPI its own id",
                    cause=True,
                )
                self.duplicates.append((line_of(self.document, ["kpis", index, "id"]), kpi.id))
            kpis.setdefault(kpi.id, kpi)
        goals: list[Goal] = []
        links: list[Link] = []
        for index, node in enumerate(self.document["goals"]):
            if ("goals", index) in self.broken:
                self.note_broken_goal(node)
                continue
            goal = self.goal(node, ["goals", index])
            first = next((existing.line for existing in goals if existing.id == goal.id), 0)
            if first:
                self.problem(
                    ["goals", index, "id"],
                    f"duplicate goal id {goal.id!r} (first on line {first})",
                    "give each goal its own id",
                )
            goals.append(goal)
            links.extend(self.links(node, ["goals", index], goal.id, kpis))
        catalog = Catalog(tuple(goals), kpis, tuple(links))
        self.check_references(catalog)
        return catalog

    def know(self, kpi_id: str) -> None:
        if self.known is not None:
            self.known.add(kpi_id)

    def note_broken_kpi(self, node: Any) -> None:
        kpi_id = node.get("id") if isinstance(node, dict) else None
        if _is_id(kpi_id):
            self.know(kpi_id)
        else:
            self.known = None  # a link to it could be to any id: say nothing about links

    def note_broken_goal(self, node: Any) -> None:
        items = node.get("kpis") if isinstance(node, dict) else None
        linked = [item.get("kpi") if isinstance(item, dict) else None for item in items or ()]
        readable = isinstance(items, list) and all(_is_id(kpi_id) for kpi_id in linked)
        if self.linked_elsewhere is not None and readable:
            self.linked_elsewhere.update(cast(list[str], linked))  # `readable`: all are ids
        else:
            self.linked_elsewhere = None  # which KPIs it meant to link is anyone's guess

    def is_unknown(self, kpi_id: str) -> bool:
        return self.known is not None and kpi_id not in self.known

    def kpi(self, node: Any, parts: list[Any]) -> Kpi:
        aliases = node.get("aliases") or {}
        counter = node.get("counter_metric")
        formula = self.formula(node["formula"], [*parts, "formula"]) if "formula" in node else None
        if node["kind"] == "computed" and formula is None:
            self.problem(
                [*parts, "kind"],
                "a computed KPI needs a `formula:`",
                "add a formula, or set `kind: measured` or `kind: qualitative`",
            )
        if node["kind"] != "computed" and formula is not None:
            self.problem(
                [*parts, "formula"],
                f"a {node['kind']} KPI cannot have a formula",
                "set `kind: computed`, or remove the formula",
            )
        return Kpi(
            id=str(node["id"]),
            name=_text(node["name"]),
            kind=str(node["kind"]),
            unit=str(node["unit"]),
            direction=str(node["direction"]),
            definition=_text(node["definition"]),
            abbr=node.get("abbr"),
            aliases={lang: tuple(map(str, aliases.get(lang, ()))) for lang in ("nl", "en")},
            indicator=node.get("indicator"),
            review=node.get("review"),
            source=node.get("source"),
            why=_maybe_text(node.get("why")),
            how_to_measure=_maybe_text(node.get("how_to_measure")),
            how_to_read=_maybe_text(node.get("how_to_read")),
            pitfalls=_maybe_text(node.get("pitfalls")),
            counter_metric=CounterMetric(counter["kpi"], _text(counter["reason"]))
            if counter
            else None,
            related=tuple(node.get("related") or ()),
            formula=formula,
            bands=self.bands(node.get("bands") or [], [*parts, "bands"]),
            line=line_of(self.document, parts),
        )

    def formula(self, node: Any, parts: list[Any]) -> Formula | None:
        inputs = tuple(self.input(item) for item in node["inputs"])
        ids = [item.id for item in inputs]
        # The example is only computed when the inputs are sound: a bad bound would crash it.
        ok = True
        for index, input_id in enumerate(ids):
            if formula_language.is_reserved(input_id):
                ok = False
                self.problem(
                    [*parts, "inputs", index, "id"],
                    f"`{input_id}` is a reserved word of the formula language",
                    "choose another id",
                )
            if ids.index(input_id) != index:
                ok = False
                self.problem(
                    [*parts, "inputs", index, "id"],
                    f"input {input_id!r} is declared twice",
                    "give each input its own id",
                )
        for index, item in enumerate(inputs):
            for key in ("min", "max"):
                bound = getattr(item, key)
                if isinstance(bound, str) and (bound not in ids or bound == item.id):
                    ok = False
                    others = ", ".join(other for other in ids if other != item.id) or "none"
                    self.problem(
                        [*parts, "inputs", index, key],
                        f"found {bound!r}, expected a number or the id of another input",
                        f"write a plain number, or one of the other inputs: {others}",
                    )
        checks = tuple(Check(str(c["rule"]), _text(c["message"])) for c in node.get("checks") or [])
        # An input named `if` makes every expression using it unreadable: say so once, above.
        if not any(formula_language.is_reserved(input_id) for input_id in ids):
            ok &= self.parses(node["expression"], ids, [*parts, "expression"], boolean=False)
            for index, check in enumerate(checks):
                ok &= self.parses(check.rule, ids, [*parts, "checks", index, "rule"], boolean=True)
        formula = Formula(
            expression=str(node["expression"]).strip(),
            inputs=inputs,
            example_inputs={
                key: _decimal(value) for key, value in node["example"]["inputs"].items()
            },
            example_result=_decimal(node["example"]["result"]),
            variant=_maybe_text(node.get("variant")),
            reference=node.get("reference"),
            checks=checks,
        )
        if ok:
            self.check_example(formula, [*parts, "example"])
        return formula

    def input(self, node: Any) -> Input:
        return Input(
            id=str(node["id"]),
            label=_text(node["label"]),
            unit=str(node["unit"]),
            min=_bound(node.get("min")),
            max=_bound(node.get("max")),
            hint=_maybe_text(node.get("hint")),
        )

    def parses(self, source: str, ids: list[str], parts: list[Any], boolean: bool) -> bool:
        try:
            formula_language.parse(source, ids, boolean=boolean)
        except formula_language.FormulaError as error:
            # The column counts within the expression, not the YAML line, so say so; a part the
            # message names at the start of the expression is found without one.
            where = ""
            if error.column is not None and (error.column or not error.fragment):
                where = f" at column {error.column + 1} of the expression"
                if error.column >= len(source.strip()):
                    where = " at the end of the expression"
            named = not error.fragment or f"`{error.fragment}`" in error.message
            part = "" if named or error.fragment == source.strip() else f" in `{error.fragment}`"
            self.problem(parts, f"{error.message}{part}{where}", _formula_fix(error, ids, boolean))
            return False
        return True

    def check_example(self, formula: Formula, parts: list[Any]) -> None:
        given = formula.example_inputs
        ids = [item.id for item in formula.inputs]
        missing = [input_id for input_id in ids if input_id not in given]
        unknown = [key for key in given if key not in ids]
        if missing or unknown:
            said = [f"missing {', '.join(missing)}"] if missing else []
            said += [f"unknown {', '.join(unknown)}"] if unknown else []
            self.problem(
                [*parts, "inputs"],
                "the example inputs do not match the formula's inputs (" + "; ".join(said) + ")",
                "give one value for each input: " + ", ".join(ids),
            )
            return
        try:
            value = formula.compute({key: formula_language.plain(v) for key, v in given.items()})
        except formula_language.EvaluationError as error:
            where = [*parts, "inputs"] if error.input else parts
            fix = "choose example inputs within the bounds and rules"
            if error.code == "not_whole":
                fix = f"give `{error.input}` a whole number, or a unit other than `count`"
            elif error.code == "exponent_too_large":
                limit = formula_language.MAX_EXPONENT
                fix = f"choose example inputs that keep the exponent from -{limit} to {limit}"
            self.problem(where, f"the example cannot be computed: {_explain(error, formula)}", fix)
            return
        expected = formula.example_result
        right = _example_result(value, expected)
        if right != expected:
            places = -cast(int, right.as_tuple().exponent)  # a finite number
            shown = ", as results are shown" if places == RESULT_PLACES else ""
            rounded = "" if right == value else f" (rounded to {places} decimals{shown})"
            self.problem(
                [*parts, "result"],
                f"the example gives {formula_language.plain(right)}{rounded}, not {expected}",
                f"set `result: {formula_language.plain(right)}` or fix the inputs",
            )

    def bands(self, nodes: list[Any], parts: list[Any]) -> tuple[Band, ...]:
        bands = []
        problems = len(self.problems)
        for index, node in enumerate(nodes):
            start, below = _maybe_decimal(node.get("from")), _maybe_decimal(node.get("below"))
            if start is None and below is None:
                self.problem(
                    [*parts, index],
                    "the band has neither `from` nor `below`",
                    "give the band `from` (where it starts), `below` (where the next one "
                    "starts) or both",
                )
            elif start is not None and below is not None and start >= below:
                self.problem(
                    [*parts, index],
                    f"`from` ({start}) must be below `below` ({below})",
                    "a band runs from `from` up to, not including, `below`: "
                    "make `from` the smaller number",
                )
            bands.append(Band(_text(node["label"]), str(node["tone"]), start, below))
        # Where the bands meet, once each band is sound on its own.
        seams = enumerate(itertools.pairwise(bands), 1) if len(self.problems) == problems else ()
        for index, (before, band) in seams:
            if before.below is None or band.start != before.below:
                self.problem([*parts, index, "from"], *_band_seam(before.below, band.start))
        return tuple(bands)

    def goal(self, node: Any, parts: list[Any]) -> Goal:
        tree = node.get("tree")
        return Goal(
            id=str(node["id"]),
            name=_text(node["name"]),
            summary=_text(node["summary"]),
            when=_maybe_text(node.get("when")),
            supports=_maybe_text(node.get("supports")),
            smart_example=_maybe_text(node.get("smart_example")),
            tree=GoalTree(*(_text(tree[key]) for key in ("business", "sales", "marketing")))
            if tree
            else None,
            line=line_of(self.document, parts),
        )

    def links(self, node: Any, parts: list[Any], goal_id: str, kpis: dict[str, Kpi]) -> list[Link]:
        links: list[Link] = []
        for index, item in enumerate(node["kpis"]):
            here = [*parts, "kpis", index]
            kpi_id = str(item["kpi"])
            if self.is_unknown(kpi_id):
                self.unknown_id([*here, "kpi"], kpi_id, kpis)
            if any(link.kpi == kpi_id for link in links):
                self.problem(
                    [*here, "kpi"],
                    f"KPI {kpi_id!r} is linked to this goal twice",
                    "keep one link per KPI per goal",
                )
            absent = [f"`{key}:`" for key in ("warning", "instead") if key not in item]
            if item["role"] == "vanity" and absent:
                verb = "is" if len(absent) == 1 else "are"
                self.problem(
                    here,
                    "a vanity link needs a `warning:` and an `instead:` list; "
                    f"{' and '.join(absent)} {verb} missing here",
                    "say why the number misleads for this goal and which KPIs to watch",
                )
            for key in ("warning", "instead"):
                if item["role"] != "vanity" and key in item:
                    self.problem(
                        [*here, key],
                        f"only a vanity link takes `{key}:`, and this link's role is "
                        f"{item['role']!r}, so the page would not show it",
                        f"remove `{key}:`, or make the role `vanity` if the number misleads",
                    )
            for position, other in enumerate(item.get("instead") or []):
                if self.is_unknown(other):
                    self.unknown_id([*here, "instead", position], other, kpis)
                elif other == kpi_id:
                    self.problem(
                        [*here, "instead", position],
                        f"`instead:` names {kpi_id!r}, the vanity metric itself",
                        "name KPIs that do serve the goal",
                    )
            links.append(
                Link(
                    goal=goal_id,
                    kpi=kpi_id,
                    role=str(item["role"]),
                    reason=_text(item["reason"]),
                    warning=_maybe_text(item.get("warning")),
                    instead=tuple(item.get("instead") or ()),
                    line=line_of(self.document, here),
                )
            )
        if not any(link.role == "primary" for link in links):
            self.problem(
                [*parts, "kpis"],
                "the goal has no primary KPI",
                "give at least one link `role: primary`",
            )
        return links

    def unknown_id(self, parts: list[Any], found: str, kpis: dict[str, Kpi]) -> None:
        fix = _did_you_mean(found, list(kpis)) or "use the id of a KPI under `kpis:`"
        if self.duplicates:
            # A KPI that took another's id by mistake leaves every reference to its own unknown.
            which = "the KPI" if len(self.duplicates) == 1 else "one of the KPIs"
            lines = " or ".join(
                f"line {line} (a second {kpi_id!r})" for line, kpi_id in self.duplicates
            )
            fix = f"if {which} on {lines} is meant to be {found!r}, correct its id; otherwise {fix}"
        self.problem(parts, f"unknown KPI id {found!r}", fix)

    def check_references(self, catalog: Catalog) -> None:
        for kpi in catalog.kpis.values():
            parts = ["kpis", self.index[kpi.id]]
            counter = kpi.counter_metric.kpi if kpi.counter_metric else None
            if counter and self.is_unknown(counter):
                self.unknown_id([*parts, "counter_metric", "kpi"], counter, catalog.kpis)
            elif counter == kpi.id:
                self.problem(
                    [*parts, "counter_metric", "kpi"],
                    f"KPI {kpi.id!r} is named as its own counter-metric",
                    "name another KPI, one that shows what pushing this one up can cost",
                )
            for position, other in enumerate(kpi.related):
                if self.is_unknown(other):
                    self.unknown_id([*parts, "related", position], other, catalog.kpis)
                elif other == kpi.id:
                    self.problem(
                        [*parts, "related", position],
                        f"KPI {kpi.id!r} is listed as related to itself",
                        f"remove {kpi.id!r} from `related:`",
                    )
            linked = self.linked_elsewhere is None or kpi.id in self.linked_elsewhere
            if not linked and not catalog.links_of_kpi(kpi.id):
                self.problem(
                    [*parts, "id"],
                    f"KPI {kpi.id!r} is not linked to any goal",
                    "add it under `kpis:` of the goal(s) it serves",
                )


def _formula_fix(error: formula_language.FormulaError, ids: list[str], boolean: bool) -> str:
    """What to write instead: the formula module's fix, the input meant, or what is allowed."""
    if error.fix:
        return error.fix
    # A fragment that looks like an id but is no declared input is the undeclared name the
    # checker refused: it checks each name before what is around it.
    if _ID.fullmatch(error.fragment) and error.fragment not in ids:
        if meant := _did_you_mean(error.fragment, ids):
            return meant
    if boolean:
        return "a check compares inputs, such as `part <= whole`"
    return "formulas use declared inputs, numbers, + - * / ** ( ) and min, max, abs, round"


def _example_result(value: Decimal, written: Decimal) -> Decimal:
    """The result to write for an example that computes ``value``: ``written`` when it is right.

    The page shows the written result, the calculator the computed one, both with
    ``RESULT_PLACES`` decimals: they must agree there. More decimals may be written, if right.
    """
    places = max(RESULT_PLACES, -cast(int, written.as_tuple().exponent))  # a finite number
    right = round_half_up(value, places)
    shown = round_half_up(value, RESULT_PLACES)
    if right == written and round_half_up(written, RESULT_PLACES) != shown:
        return shown  # right to its own decimals, but rounding again shows another number
    return right


def _is_id(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(_ID.fullmatch(value))


def _explain(error: formula_language.EvaluationError, formula: Formula) -> str:
    """An evaluation error in words, for a catalog author."""
    detail = error.detail if isinstance(error.detail, dict) else {}
    bound = detail.get("bound")
    if detail.get("input"):
        bound = f"`{detail['input']}` = {bound}"
    if error.code == "not_whole":
        assert error.input is not None  # a not_whole error always names its input
        value = formula_language.plain(formula.example_inputs[error.input])
        return f"`{error.input}` is {value}, but a count takes whole numbers"
    if error.code == "too_many_digits":
        return f"`{error.input}` has more than {error.detail} digits before the decimal point"
    if error.code == "below_min":
        return f"`{error.input}` is below its `min:` ({bound})"
    if error.code == "above_max":
        return f"`{error.input}` is above its `max:` ({bound})"
    if error.code == "check_failed":
        return f"it breaks check {error.detail + 1}, `{formula.checks[error.detail].rule}`"
    if error.code == "zero_division":
        # The denominator is named when it is a whole expression too, but not for `0 ** -1`.
        said = error.detail and error.detail != "0 ** negative"
        return f"it divides by zero (`{error.detail}` is 0)" if said else "it divides by zero"
    if error.code == "too_large":
        return "the result is too large"
    if error.code == "exponent_too_large":
        return _exponent_too_large(detail)
    if error.detail == "uncertain":
        return "rounding makes the result uncertain for these inputs"
    return "the result is not a number for these inputs"


def _exponent_too_large(detail: Mapping[str, str]) -> str:
    """The exponent and the bound it passes, from the detail of an ``exponent_too_large``."""
    side = "below the minimum" if detail["bound"].startswith("-") else "above the maximum"
    return f"the exponent `{detail['exponent']}` is {detail['value']}, {side} of {detail['bound']}"


def _text(node: Any) -> Text:
    return Text(str(node["nl"]).strip(), str(node["en"]).strip())


def _maybe_text(node: Any) -> Text | None:
    return _text(node) if node is not None else None


def _decimal(value: Any) -> Decimal:
    """A YAML number as an exact decimal: 0.1 stays 0.1, never 0.1000000000000000055."""
    if isinstance(value, int):
        return Decimal(int(value))
    return Decimal(repr(float(value)))


def _maybe_decimal(value: Any) -> Decimal | None:
    return None if value is None else _decimal(value)


def _bound(value: Any) -> Decimal | str | None:
    if value is None or isinstance(value, str):
        return value
    return _decimal(value)

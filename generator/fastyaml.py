"""Read a plain, well-formed catalog with libyaml: the same data as the careful reader, faster.

The careful reader in :mod:`generator.loader` (ruamel.yaml in pure Python, YAML 1.2) takes about
4 seconds per MB, and a catalog of 5,000 KPIs is over 20 MB. libyaml, PyYAML's C parser, reads
it some 20 times faster. This module builds from libyaml's parser events the data the careful
reader would build, with the same line of every key and item, but only for what both read
alike. Anything else (a tab, an anchor or alias, a tag, a duplicate key, a second document, a
value that YAML 1.1 and 1.2 read differently, a text cut short by a ` #` comment, a syntax
error) returns None, and the careful reader reads the file and reports the problem as it always
has.
"""

from __future__ import annotations

import math
import re
from typing import Any

try:
    import yaml
    from yaml import CSafeLoader as _Parser  # the C extension; without it, no fast path
    from yaml.resolver import Resolver
except ImportError:  # pragma: no cover - PyYAML is a dependency, its C extension optional
    yaml = None  # type: ignore[assignment]  # optional import: None turns the fast path off

_STR = "tag:yaml.org,2002:str"
_NULL = ("tag:yaml.org,2002:null", {"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?")
#: Plain values that are text to YAML 1.1 but not to 1.2, or that the careful reader refuses.
_NOT_PLAIN_TEXT = re.compile(
    r"[-+]?(?:0[0-9].*|0o[0-7_]+|[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+|\.[0-9_]+[eE].*)"
)
#: Characters no catalog may hold: control characters other than tab and line breaks, lone
#: surrogates, and the direction overrides that make a text read otherwise than it is stored.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
#: Keys of the texts in each language, and what follows a text that a comment cut short.
_TEXT_KEYS = ("nl", "en")
COMMENT_AFTER = re.compile(r"[ \t]+#")
#: What YAML counts as a line break (1.1 and so libyaml and ruamel.yaml: also NEL, LS and PS).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_lines(source: str) -> list[str]:
    """The lines of ``source`` as YAML parsers count them, for the column of a parser mark."""
    return _LINE_BREAK.split(source)


class Lines:
    """Where each key or item starts: the part of ruamel's ``.lc`` that the loader uses."""

    __slots__ = ("starts",)

    def __init__(self) -> None:
        self.starts: dict[Any, tuple[int, int]] = {}

    def key(self, key: str) -> tuple[int, int]:
        return self.starts[key]

    def item(self, index: int) -> tuple[int, int]:
        return self.starts[index]


class Mapping(dict):
    """A YAML mapping that knows the line of each key (0-based, as ruamel counts)."""

    __slots__ = ("lc",)

    def __init__(self) -> None:
        super().__init__()
        self.lc = Lines()


class Sequence(list):
    """A YAML sequence that knows the line of each item."""

    __slots__ = ("lc",)

    def __init__(self) -> None:
        super().__init__()
        self.lc = Lines()


class _Unusual(Exception):
    """Something only the careful reader may judge."""


def read(source: str) -> Mapping | None:
    """The catalog's data, or None when the careful reader must read ``source``."""
    if yaml is None or "\t" in source:
        return None
    try:
        return _Builder(source).build(yaml.parse(source, Loader=_Parser))
    except (yaml.YAMLError, _Unusual):
        return None


class _Builder:
    """Builds mappings, sequences and scalars from parser events."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[str] | None = None  # split only when a text is checked
        self.resolver = Resolver()
        self.root: Any = None
        self.documents = 0
        # Open containers, each with the key waiting for its value (mappings only).
        self.open: list[tuple[Mapping | Sequence, list[Any]]] = []

    def build(self, events: Any) -> Mapping:
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if not event.style and self.is_text() and self.comment_follows(event):
                    raise _Unusual
                self.add(self.scalar(event), event.start_mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.start(Mapping() if kind is yaml.MappingStartEvent else Sequence(), event)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self.open.pop()
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise _Unusual
            elif kind is yaml.AliasEvent:
                raise _Unusual
        if not isinstance(self.root, Mapping):
            raise _Unusual
        return self.root

    def is_text(self) -> bool:
        """Whether the next value is a text in one language (an ``nl:`` or ``en:`` value)."""
        if not self.open:
            return False
        parent, waiting = self.open[-1]
        return isinstance(parent, Mapping) and waiting[0] in _TEXT_KEYS

    def comment_follows(self, event: Any) -> bool:
        """Whether a comment follows a plain scalar on its line: it may have cut the text short."""
        if self.lines is None:
            self.lines = yaml_lines(self.source)
        end = event.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        return bool(COMMENT_AFTER.match(rest))

    def start(self, container: Mapping | Sequence, event: Any) -> None:
        if event.anchor is not None or event.tag is not None:
            raise _Unusual
        self.add(container, event.start_mark)
        self.open.append((container, [None]))

    def add(self, value: Any, mark: Any) -> None:
        if not self.open:
            self.root = value
            return
        parent, waiting = self.open[-1]
        if isinstance(parent, Sequence):
            parent.lc.starts[len(parent)] = (mark.line, mark.column)
            parent.append(value)
        elif waiting[0] is None:
            if not isinstance(value, str) or value in parent:
                raise _Unusual  # a key that is no text, or a duplicate key
            waiting[0] = value
            parent.lc.starts[value] = (mark.line, mark.column)
        else:
            parent[waiting[0]] = value
            waiting[0] = None

    def scalar(self, event: Any) -> Any:
        """A scalar as the careful reader reads it (YAML 1.2), or _Unusual if 1.1 reads it else."""
        if event.anchor is not None or event.tag is not None:
            raise _Unusual
        value = event.value
        if INVISIBLE.search(value):
            raise _Unusual
        if event.style:  # quoted or a block scalar: always text
            return value
        tag = self.resolver.resolve(yaml.ScalarNode, value, (True, False))
        if value in _NULL[1] and tag == _NULL[0]:
            return None
        if value in _BOOL and tag == "tag:yaml.org,2002:bool":
            return _BOOL[value]
        if _INT.fullmatch(value) and tag == "tag:yaml.org,2002:int":
            return int(value)
        if _FLOAT.fullmatch(value) and tag == "tag:yaml.org,2002:float":
            number = float(value)
            if math.isinf(number):  # 1.0e+999: the careful reader says it is too large
                raise _Unusual
            return number
        if tag != _STR or _NOT_PLAIN_TEXT.fullmatch(value):
            raise _Unusual
        return value

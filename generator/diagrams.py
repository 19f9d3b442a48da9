"""Diagrams: ```` ```mermaid ```` blocks reach the reader as SVG drawn beforehand, not as a script.

Mermaid is 3.5 MB of JavaScript that would redraw the same picture on every visit, and the page
would jump when it did. Instead ``scripts/render_diagrams.py`` (``make diagrams``) draws each block
once with the real mermaid in Chromium and stores the SVG in :data:`DIAGRAMS_DIR`, named after a
hash of its source. The build puts the stored drawing in place of the block, so a page with a
diagram loads no script for it and reserves its space from the first paint; the drawing takes its
colours from the theme's CSS variables and so follows light and dark mode.

A source edited without drawing it again has no stored drawing under its new hash: the build
warns (which fails a strict build) and shows the source as text. Pure functions, except
:func:`inline_diagrams`, which reads the stored drawings.
"""

from __future__ import annotations

import hashlib
import html
import re
import textwrap
from pathlib import Path

#: Where the drawings are stored, relative to mkdocs.yml.
DIAGRAMS_DIR = "content/_diagrams"
#: The class mkdocs.yml gives the ``mermaid`` fence (pymdownx.superfences ``fence_div_format``).
DIAGRAM_CLASS = "kpi-diagram"
KEY_LENGTH = 16

# A fenced mermaid block in Markdown, also indented (in a list or an admonition).
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mermaid\b[^\n]*\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
# The block as superfences writes it into the page: the source, HTML-escaped, so without "<".
_DIV = re.compile(rf'<div class="{DIAGRAM_CLASS}">([^<]*)</div>')


def normalized(source: str) -> str:
    """The source as it is hashed: no indentation of its own, no trailing spaces or blank ends."""
    lines = textwrap.dedent(source).strip().splitlines()
    return "\n".join(line.rstrip() for line in lines)


def diagram_key(source: str) -> str:
    """The name of a source's drawing: the start of the SHA-256 of its normalized text."""
    return hashlib.sha256(normalized(source).encode("utf-8")).hexdigest()[:KEY_LENGTH]


def diagram_sources(markdown: str) -> list[str]:
    """The normalized sources of the mermaid blocks of a Markdown text, in order."""
    return [normalized(match["body"]) for match in _FENCE.finditer(markdown)]


def drawing_path(folder: Path, source: str) -> Path:
    """Where the drawing of ``source`` is stored."""
    return folder / f"{diagram_key(source)}.svg"


def inline_diagrams(page_html: str, folder: Path) -> tuple[str, list[str]]:
    """The page with each diagram block replaced by its stored drawing.

    Returns:
        The new HTML and the sources that have no drawing yet; those stay readable as text.
    """
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        source = normalized(html.unescape(match[1]))
        path = drawing_path(folder, source)
        if path.is_file():
            return f'<div class="{DIAGRAM_CLASS}">{path.read_text("utf-8").strip()}</div>'
        missing.append(source)
        return f'<pre class="{DIAGRAM_CLASS}">{html.escape(source, quote=False)}</pre>'

    return _DIV.sub(replace, page_html), missing

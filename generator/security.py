"""Keep catalog text inert and every page under a Content-Security-Policy.

Catalog text is data, never markup. On its way to the browser it passes Jinja (autoescaped),
Markdown, MkDocs and Material, and each reads some characters as syntax: Markdown makes links and
attribute lists (``{: onclick=...}``), Material prints page titles and front matter values into
HTML as they are, and its search shows tags with ``innerHTML``. The helpers below escape catalog
text for each of those places.

The policy keeps whatever slips through inert all the same: scripts only from the site itself
plus the inline scripts the theme's templates write, each allowed by its sha256 hash, computed
per page. Everything here is a pure function except :func:`theme_scripts_in`, which reads the
theme's templates once per build.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

#: The directives of every page. ``script-src`` also gets the hashes of the page's inline scripts.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    # Pyodide compiles WebAssembly; nothing of ours evaluates strings, so no 'unsafe-eval'.
    # A browser that gives a worker its page's policy needs 'wasm-unsafe-eval' here too.
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    # Diagrams (SVG drawn by mermaid) carry <style> elements and style attributes. Styles cannot
    # run code, and every other directive keeps them from reaching another host.
    "style-src": ("'self'", "'unsafe-inline'"),
    # Material draws its icons as data: SVG masks in its stylesheet.
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    # The search worker and the Pyodide worker, both scripts of the site.
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}

# Characters Markdown (with this site's extensions) reads as syntax in running text: links,
# images, references and footnotes, attribute lists, code spans, emphasis, table cells, escapes.
# As numeric references they show as themselves and mean nothing to Markdown. An underscore
# between two letters or digits is no emphasis, so ids such as `product_adoption_rate` stay.
_MARKDOWN_SYNTAX = re.compile(r"[\[\]{}`*|\\]|(?<![^\W_])_|_(?![^\W_])")
# What Markdown reads as syntax at the start of a line: a heading, a list item, a rule, a
# definition, a fence or a snippet. Catalog text is one paragraph (its line breaks become
# spaces), so this matters only where it starts.
_BLOCK_START = re.compile(r"#|[-+:](?=\s)|[-=~]{3}|\d+[.)](?=\s)")
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta\s+charset=[^>]*>)?", re.I)
_SCRIPT_TYPES = ("text/javascript", "application/javascript", "module")
# A Jinja expression that fills a JavaScript string, and what may stand there once rendered.
_JINJA_STRING = re.compile(r'(?<=")\{\{[^}]*\}\}(?=")')
_STRING_CONTENT = '[^"\\\\<]*'


def markdown_text(text: str) -> Markup:
    """Catalog text for a Markdown template: HTML-escaped and without Markdown syntax.

    The result reads the same in running Markdown and inside raw HTML blocks.
    """
    escaped = str(escape(one_paragraph(text)))
    # A regular expression, not str.translate: that takes microseconds a character on the
    # non-ASCII text of a catalog, for thousands of texts a build.
    escaped = _MARKDOWN_SYNTAX.sub(_character_reference, escaped)
    if block := _BLOCK_START.match(escaped):  # its last character makes it syntax
        end = block.end() - 1
        escaped = escaped[:end] + _character_reference(escaped[end]) + escaped[end + 1 :]
    return Markup(escaped)


def one_paragraph(text: str) -> str:
    """Catalog text as one paragraph: its line breaks become spaces, its ends are trimmed."""
    return _LINE_BREAKS.sub(" ", text.strip())


def _character_reference(match: re.Match[str] | str) -> str:
    return f"&#{ord(match if isinstance(match, str) else match[0])};"


def html_text(text: str) -> str:
    """Text for places MkDocs and Material treat as HTML, such as navigation titles."""
    return html.escape(text, quote=False)


def front_matter(value: str | Iterable[str], quote: bool = True) -> Markup:
    """A YAML front matter value (JSON syntax) for Material, which prints such values raw.

    Material writes ``page.meta.description`` into ``content="..."`` (hence ``quote``) and shows
    search tags with ``innerHTML``, so the text is HTML-escaped here.
    """
    if isinstance(value, str):
        return Markup(json.dumps(html.escape(value, quote)))
    return Markup(json.dumps([html.escape(item, quote) for item in value]))


def theme_scripts(templates: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns of the inline scripts that theme templates write, to allow by their hash.

    A script with a Jinja expression is allowed only where the expression fills a JavaScript
    string, ``"{{ base_url }}"``: it then matches a string without quotes, backslashes or ``<``,
    so no text can add code there. Any other script with Jinja in it is left out.
    """
    patterns: dict[str, None] = {}
    for template in templates:
        for body in inline_scripts(template):
            parts = _JINJA_STRING.split(body)
            if not any(mark in part for part in parts for mark in ("{{", "{%", "{#")):
                patterns[_STRING_CONTENT.join(map(re.escape, parts))] = None
    return [re.compile(pattern, re.S) for pattern in patterns]


@cache
def theme_scripts_in(theme_dirs: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """:func:`theme_scripts` of every template in ``theme_dirs``, read once per build."""
    texts = (path.read_text("utf-8") for folder in theme_dirs for path in _templates(folder))
    return tuple(theme_scripts(texts))


def _templates(folder: str) -> list[Path]:
    return sorted(Path(folder).rglob("*.html"))


def inline_scripts(page_html: str) -> list[str]:
    """The text of each script in the page that runs from the page itself (no ``src``)."""
    bodies = []
    for attributes, body in _SCRIPT.findall(page_html):
        kind = _TYPE.search(attributes)
        if not _SRC.search(attributes) and (not kind or kind[1].lower() in _SCRIPT_TYPES):
            bodies.append(body)  # scripts with src are allowed by 'self'; JSON data never runs
    return bodies


def script_hash(body: str) -> str:
    """The CSP source that allows an inline script: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script_hashes: Iterable[str] = ()) -> str:
    """The policy text, with ``script_hashes`` added to ``script-src``.

    Without hashes it is the policy to send as an HTTP header for the workers' scripts: a worker
    gets its policy from its own response, not from the page's meta tag.
    """
    directives = {**POLICY, "script-src": (*POLICY["script-src"], *script_hashes)}
    return "; ".join(" ".join((name, *sources)) for name, sources in directives.items())


def with_content_security_policy(
    page_html: str, allowed: Iterable[re.Pattern[str]]
) -> tuple[str, list[str]]:
    """The page with a CSP meta tag first in its head, and the inline scripts it blocks.

    Hashes are computed for the page's inline scripts that match ``allowed`` (see
    :func:`theme_scripts`); any other inline script stays blocked and is returned.
    """
    allowed = tuple(allowed)
    hashes: dict[str, None] = {}
    blocked = []
    for body in inline_scripts(page_html):
        if any(pattern.fullmatch(body) for pattern in allowed):
            hashes[script_hash(body)] = None
        else:
            blocked.append(body)
    found = _HEAD.search(page_html)
    if found is None:
        return page_html, blocked  # not a full page: nothing runs without a head
    policy = content_security_policy(hashes)
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return page_html[: found.end()] + meta + page_html[found.end() :], blocked

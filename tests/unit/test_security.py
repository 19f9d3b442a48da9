"""Escaping catalog text for each place it lands, and the per-page Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

import markdown
import pytest
import yaml

from generator.security import (
    content_security_policy,
    front_matter,
    html_text,
    inline_scripts,
    markdown_text,
    script_hash,
    theme_scripts,
    with_content_security_policy,
)

ROOT = Path(__file__).resolve().parents[2]
EXTENSIONS = ["attr_list", "tables", "abbr", "def_list", "md_in_html", "admonition"]
SCOPE_TEMPLATE = '<script>__md_scope=new URL("{{ base_url }}",location)</script>'


def test_markdown_syntax_in_catalog_text_renders_as_the_characters_typed() -> None:
    text = "[x](javascript:alert(1)) ![i](//host/i.png) `code` *em* a|b {: onclick=alert(1) }"
    html = markdown.markdown(f"Before {markdown_text(text)}", extensions=EXTENSIONS)
    assert re.findall(r"<(\w+)", html) == ["p"]
    assert _decoded(html) == f"<p>Before {text}</p>"


@pytest.mark.parametrize(
    "text",
    [
        "# Heading",
        "Title\n=====",
        "Line\n---\nmore",
        "- item",
        "+ item",
        "1. first",
        "2) second",
        ": definition",
        "term\n:   definition",
        "_em_ and __strong__",
        '--8<-- "abbreviations.nl.md"',
        "a\n\n    code block",
        "~~~\nfence\n~~~",
    ],
)
def test_block_syntax_in_catalog_text_renders_as_one_paragraph_of_the_characters_typed(
    text: str,
) -> None:
    html = markdown.markdown(markdown_text(text), extensions=EXTENSIONS)
    assert re.findall(r"<(\w+)", html) == ["p"]
    one_line = re.sub(r"\s*\n\s*", " ", text)
    assert _decoded(html) == f"<p>{one_line}</p>"


def test_ids_and_numbers_in_a_markdown_template_stay_as_written() -> None:
    for value in ("product_adoption_rate", "1.5", "-5", "2025"):
        assert markdown_text(value) == value


def test_spaces_that_do_not_break_stay_in_catalog_text() -> None:
    assert markdown_text("€\u00a0435 per\u202fjaar") == "€\u00a0435 per\u202fjaar"


def test_an_attribute_list_in_catalog_text_adds_no_attribute() -> None:
    html = markdown.markdown(
        f"| a |\n|---|\n| {markdown_text('cell {: onclick=alert(1) }')} |", extensions=EXTENSIONS
    )
    assert "<td>cell {: onclick=alert(1) }</td>" in _decoded(html)


def test_html_in_catalog_text_is_escaped_for_markdown_and_raw_html_blocks() -> None:
    text = markdown_text('<img src=x onerror="alert(1)">')
    assert "<img" not in text
    html = markdown.markdown(f"<p class='x'>{text}</p>\n\n{text}", extensions=EXTENSIONS)
    assert "<img" not in html
    assert _decoded(html).count('<img src=x onerror="alert(1)">') == 2


def test_front_matter_values_are_yaml_that_decodes_to_escaped_html() -> None:
    text = 'a "quote" <b> & it\'s'
    value = yaml.safe_load(f"description: {front_matter(text)}")
    assert value == {"description": "a &quot;quote&quot; &lt;b&gt; &amp; it&#x27;s"}
    tags = yaml.safe_load(f"tags: {front_matter(['<i>', 'regio’s'], quote=False)}")
    assert tags == {"tags": ["&lt;i&gt;", "regio’s"]}


def test_titles_escape_markup_but_keep_quotes_readable() -> None:
    assert html_text("KPI's <script>") == "KPI's &lt;script&gt;"


def test_inline_scripts_skip_files_and_json_data() -> None:
    page = (
        '<script src="a.js"></script><script id="__config" type="application/json">{}</script>'
        "<script>one()</script><script type=module>two()</script>"
    )
    assert inline_scripts(page) == ["one()", "two()"]


def test_a_script_hash_is_the_base64_sha256_of_its_exact_text() -> None:
    digest = base64.b64encode(hashlib.sha256(b"one()").digest()).decode()
    assert script_hash("one()") == f"'sha256-{digest}'"


def test_a_template_expression_in_a_string_matches_a_plain_string_only() -> None:
    (pattern,) = theme_scripts([SCOPE_TEMPLATE])
    assert pattern.fullmatch('__md_scope=new URL("../..",location)')
    assert not pattern.fullmatch('__md_scope=new URL("",alert(1),"",location)')
    assert not pattern.fullmatch('__md_scope=new URL("\\u0022+alert(1)+\\u0022",location)')


def test_templates_with_jinja_statements_in_a_script_allow_nothing() -> None:
    templates = ["<script>{% if x %}a(){% endif %}</script>", "<script>{{ x }}</script>"]
    assert theme_scripts(templates) == []


def test_the_policy_is_the_first_thing_in_head_and_allows_only_known_scripts() -> None:
    page = (
        '<html><head>\n<meta charset="utf-8"><script>__md_scope=new URL("..",location)</script>'
        "</head><body><script>alert(1)</script></body></html>"
    )
    protected, blocked = with_content_security_policy(page, theme_scripts([SCOPE_TEMPLATE]))
    assert blocked == ["alert(1)"]
    head = '<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="([^"]+)">'
    meta = re.search(head, protected)
    assert meta is not None
    scripts = re.search(r"script-src ([^;]+)", meta[1])[1].split()
    allowed = script_hash('__md_scope=new URL("..",location)')
    assert scripts == ["'self'", "'wasm-unsafe-eval'", allowed]


def test_the_policy_lets_nothing_run_from_text_or_another_host() -> None:
    directives = dict(part.split(" ", 1) for part in content_security_policy().split("; "))
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"
    assert all("http" not in sources and "*" not in sources for sources in directives.values())


def test_our_javascript_evaluates_no_strings_and_writes_no_html() -> None:
    forbidden = re.compile(
        r"\beval\s*\(|new\s+Function\b|\bFunction\s*\(|set(Timeout|Interval)\s*\(\s*[\"'`]"
        r"|innerHTML|outerHTML|insertAdjacentHTML|document\.write"
    )
    scripts = sorted((ROOT / "site_overrides").rglob("*.js")) + [ROOT / "site_overrides/main.html"]
    offenders = [
        f"{path.relative_to(ROOT)}: {match[0]}"
        for path in scripts
        for match in forbidden.finditer(path.read_text("utf-8"))
    ]
    assert offenders == []


def _decoded(markup: str) -> str:
    """The markup with character references resolved, as a browser shows the text."""
    return html.unescape(markup)


def test_serve_leaves_the_policy_out_so_live_reload_can_run() -> None:
    from generator.plugin import KpiHandbookPlugin

    plugin = KpiHandbookPlugin()
    plugin.on_startup(command="serve", dirty=False)
    page = "<html><head><title>t</title></head><body></body></html>"
    assert plugin.on_post_page(page, page=None, config=None) == page

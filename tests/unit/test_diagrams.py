"""Diagrams: each ```mermaid block of content/ has a current, accessible, theme-coloured drawing."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.diagrams import (
    DIAGRAMS_DIR,
    diagram_key,
    diagram_sources,
    drawing_path,
    inline_diagrams,
)

from ..conftest import ROOT

STORE = ROOT / DIAGRAMS_DIR
DRAWINGS = sorted(STORE.glob("*.svg"))
FIX = "run `make diagrams` (scripts/render_diagrams.py) and commit content/_diagrams/"


def _content_sources() -> dict[str, str]:
    """Every diagram source of the hand-written pages, by key, with the page it is on."""
    found = {}
    for path in sorted((ROOT / "content").rglob("*.md")):
        for source in diagram_sources(path.read_text("utf-8")):
            found[diagram_key(source)] = f"{path.relative_to(ROOT)}:\n{source}"
    return found


def test_every_diagram_in_the_content_has_a_drawing_of_its_current_source() -> None:
    sources = _content_sources()
    assert sources, "the method guide has a diagram"
    missing = [where for key, where in sources.items() if not (STORE / f"{key}.svg").is_file()]
    assert not missing, f"not drawn since the source changed, {FIX}:\n\n" + "\n\n".join(missing)


def test_no_drawing_is_left_that_no_diagram_uses() -> None:
    unused = [path.name for path in DRAWINGS if path.stem not in _content_sources()]
    assert not unused, f"drawings of sources that are gone, {FIX}: {unused}"


@pytest.mark.parametrize("path", DRAWINGS, ids=lambda path: path.stem)
def test_drawing_is_an_image_named_by_its_title_and_described(path: Path) -> None:
    svg = path.read_text("utf-8")
    root = re.match(r"<svg\b[^>]*>", svg)
    assert root is not None
    assert 'role="img"' in root[0]
    title = re.search(r'<title id="([^"]+)">([^<]+)</title>', svg)
    desc = re.search(r'<desc id="([^"]+)">([^<]+)</desc>', svg)
    assert title and desc, "accTitle and accDescr give the reader a text alternative"
    assert f'aria-labelledby="{title[1]}"' in root[0]
    assert f'aria-describedby="{desc[1]}"' in root[0]
    assert len(desc[2]) > 60


@pytest.mark.parametrize("path", DRAWINGS, ids=lambda path: path.stem)
def test_drawing_takes_every_colour_from_the_theme(path: Path) -> None:
    svg = path.read_text("utf-8")
    style = re.search(r"<style>(.*?)</style>", svg, re.S)
    assert style is not None and "var(--md-default-fg-color)" in style[1]
    # Its own rules only, each scoped to the drawing: an inline <style> applies to the whole page.
    svg_id = re.search(r'<svg\b[^>]*\bid="([^"]+)"', svg)[1]
    for rule in re.findall(r"([^{}]+)\{", style[1]):
        assert all(part.strip().startswith(f"#{svg_id}") for part in rule.split(",")), rule
    without_ids = re.sub(r"#kpi-[\w-]+", "", svg)
    colours = re.findall(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(", without_ids)
    assert colours == [], "a fixed colour would not follow the dark mode"


@pytest.mark.parametrize("path", DRAWINGS, ids=lambda path: path.stem)
def test_drawing_is_inert(path: Path) -> None:
    svg = path.read_text("utf-8").lower()
    assert "<script" not in svg
    assert "<foreignobject" not in svg
    assert re.search(r"\son\w+=", svg) is None
    assert re.search(r"href=|url\((?!#)", svg) is None


def test_a_source_keeps_its_key_whatever_its_indentation_or_trailing_spaces() -> None:
    source = "flowchart TD\n    A --> B"
    assert diagram_key("  flowchart TD  \n      A --> B\n\n") == diagram_key(source)
    assert diagram_key("flowchart TD\n    A --> C") != diagram_key(source)


def test_mermaid_blocks_are_found_also_indented_and_with_tildes() -> None:
    markdown = (
        "Text\n\n```mermaid\nflowchart TD\n    A --> B\n```\n\n"
        "- item\n\n    ~~~mermaid\n    flowchart LR\n        C --> D\n    ~~~\n\n"
        "```python\nprint()\n```\n"
    )
    assert diagram_sources(markdown) == ["flowchart TD\n    A --> B", "flowchart LR\n    C --> D"]


def test_the_build_puts_the_drawing_in_place_of_the_block(tmp_path: Path) -> None:
    source = 'flowchart TD\n    A["a & b"] --> B'
    drawing_path(tmp_path, source).write_text('<svg id="d"><title>T</title></svg>\n', "utf-8")
    escaped = "flowchart TD\n    A[&quot;a &amp; b&quot;] --&gt; B"
    page = f'<p>x</p>\n<div class="kpi-diagram">{escaped}</div>'
    html, missing = inline_diagrams(page, tmp_path)
    assert html == '<p>x</p>\n<div class="kpi-diagram"><svg id="d"><title>T</title></svg></div>'
    assert missing == []


def test_a_block_without_a_drawing_stays_readable_and_is_reported(tmp_path: Path) -> None:
    page = '<div class="kpi-diagram">flowchart TD\n    A --&gt; B</div>'
    html, missing = inline_diagrams(page, tmp_path)
    assert html == '<pre class="kpi-diagram">flowchart TD\n    A --&gt; B</pre>'
    assert missing == ["flowchart TD\n    A --> B"]


def test_the_plugin_warns_about_a_diagram_without_drawing_so_a_strict_build_fails(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from generator.plugin import KpiHandbookPlugin

    plugin = KpiHandbookPlugin()
    plugin.load_config({"diagrams_dir": "drawings"})
    plugin.root = tmp_path
    page = SimpleNamespace(file=SimpleNamespace(src_uri="guide/method.md"))
    html = plugin.on_page_content(
        '<div class="kpi-diagram">flowchart TD</div>', page=page, config=None, files=None
    )
    assert html == '<pre class="kpi-diagram">flowchart TD</pre>'
    [record] = caplog.records
    assert record.levelname == "WARNING"
    assert "guide/method.md" in record.getMessage() and "make diagrams" in record.getMessage()

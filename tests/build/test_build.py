"""A strict build of the real catalog: the pages, the published data, and nothing from outside."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ..site_server import build_site, copy_project

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1)""", re.I)


def test_every_goal_and_kpi_has_its_page(built_site: Path, real_catalog) -> None:
    for goal in real_catalog.goals:
        assert (built_site / "goals" / goal.id / "index.html").is_file(), goal.id
    for kpi in real_catalog.kpis.values():
        assert (built_site / "kpi" / kpi.id / "index.html").is_file(), kpi.id


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_guides_folder_has_a_page_that_leads_to_every_guide(
    built_site: Path, lang: str
) -> None:
    """A reader who trims a guide's address to /guide/ lands on a page, not on a 404."""
    html = (built_site / lang / "guide" / "index.html").read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    guides = sorted(path.name for path in (built_site / lang / "guide").iterdir() if path.is_dir())
    assert len(guides) == 7
    linked = re.findall(r'<li><a href="([a-z-]+)/">', article)
    assert sorted(linked) == guides  # each guide once


def test_kpi_page_has_one_calculator_per_formula(built_site: Path, real_catalog) -> None:
    for kpi in real_catalog.kpis.values():
        html = (built_site / "kpi" / kpi.id / "index.html").read_text("utf-8")
        forms = re.findall(r'<form class="kpi-calculator" data-kpi="([a-z0-9_]+)"', html)
        assert forms == ([kpi.id] if kpi.formula else []), kpi.id


def test_catalog_json_carries_goals_kpis_links_and_formulas(built_site: Path, real_catalog) -> None:
    data = json.loads((built_site / "catalog.json").read_text("utf-8"))
    assert [goal["id"] for goal in data["goals"]] == [goal.id for goal in real_catalog.goals]
    assert len(data["kpis"]) == len(real_catalog.kpis)
    assert len(data["links"]) == len(real_catalog.links)
    cac = next(kpi for kpi in data["kpis"] if kpi["id"] == "cac")
    assert cac["formula"]["expression"] == real_catalog.kpis["cac"].formula.expression
    assert [item["id"] for item in cac["formula"]["inputs"]] == [
        item.id for item in real_catalog.kpis["cac"].formula.inputs
    ]
    assert json.loads((built_site / "catalog.schema.json").read_text("utf-8"))["title"]


def test_pyodide_and_formula_module_are_served_by_the_site(built_site: Path) -> None:
    pyodide = built_site / "assets" / "pyodide"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (pyodide / name).stat().st_size > 1000, name
    module = (built_site / "assets" / "calculator" / "kpi_formulas.py").read_text("utf-8")
    assert "def run(kpi_id: str, values_json: str) -> str:" in module
    assert "eval(" not in module and "exec(" not in module


@pytest.mark.parametrize("suffix", [".html", ".css", ".js", ".mjs"])
def test_no_page_or_asset_loads_anything_from_another_host(built_site: Path, suffix: str) -> None:
    offenders = []
    for path in built_site.rglob(f"*{suffix}"):
        text = path.read_text("utf-8", errors="replace")
        if suffix == ".html" and OUTSIDE.search(text):
            offenders.append(str(path.relative_to(built_site)))
        if suffix == ".css" and re.search(r"@import\s+url\(\s*[\"']?https?:", text):
            offenders.append(str(path.relative_to(built_site)))
    assert offenders == []
    if suffix == ".html":
        index = (built_site / "index.html").read_text("utf-8")
        assert "fonts.googleapis" not in index and "fonts.gstatic" not in index


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "out"
    (site / "assets" / "calculator").mkdir(parents=True)  # what a build left, in short
    (site / "catalog.json").write_text("{}", "utf-8")
    (site / "index.html").write_text("previous site", "utf-8")
    catalog = project / "catalog.yaml"
    catalog.write_text(
        catalog.read_text("utf-8").replace("unit: currency", "unit: euro", 1), "utf-8"
    )
    result = build_site(site, project=project, timeout=600)
    assert result.returncode == 1
    assert "catalog.yaml:" in result.stderr and "found 'euro'" in result.stderr
    assert "unchanged" in result.stderr
    assert (site / "index.html").read_text("utf-8") == "previous site"
    assert sorted(p.name for p in site.iterdir()) == ["assets", "catalog.json", "index.html"]


def test_the_english_site_has_every_page_in_english(built_site: Path, real_catalog) -> None:
    english = built_site / "en"
    assert '<html lang="en"' in (english / "index.html").read_text("utf-8")
    for goal in real_catalog.goals:
        page = (english / "goals" / goal.id / "index.html").read_text("utf-8")
        assert _shown(page, r"<h1[^>]*>(.*?)<a class=\"headerlink\"") == goal.name.en, goal.id
    for kpi in real_catalog.kpis.values():
        page = (english / "kpi" / kpi.id / "index.html").read_text("utf-8")
        assert _shown(page, r'<p class="kpi-lede">(.*?)</p>') == kpi.definition.en, kpi.id


def _shown(page: str, pattern: str) -> str:
    """The text a reader sees in the first match of ``pattern``: no tags, no entities."""
    from html import unescape

    found = re.search(pattern, page, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def test_diagrams_are_drawn_into_the_page_and_the_site_serves_no_mermaid(built_site: Path) -> None:
    assert not (built_site / "assets" / "mermaid").exists()
    for folder in (built_site, built_site / "en"):
        html = (folder / "guide" / "method" / "index.html").read_text("utf-8")
        assert re.search(r'<div class="kpi-diagram"><svg [^>]*role="img"', html)
        assert "flowchart TD" not in html  # the source gave way to its drawing
        assert 'class="mermaid"' not in html  # Material would fetch mermaid from a CDN for those
    scripts = {path.name for path in built_site.rglob("*.js")}
    assert not any("mermaid" in name or "diagram" in name for name in scripts), scripts

"""The English site: built in a process of its own, using the Dutch site's calculator runtime."""

from __future__ import annotations

import json
import logging
import posixpath
import re
from pathlib import Path

import pytest

from generator import languages, plugin

from ..site_server import build_site, copy_project

ROOT = Path(__file__).resolve().parents[2]


def test_english_site_serves_no_runtime_of_its_own(built_site: Path) -> None:
    assert not (built_site / "en" / "assets" / "pyodide").exists()
    assert not (built_site / "en" / "assets" / "calculator" / "kpi_formulas.snapshot.gz").exists()
    assert (built_site / "en" / "kpi" / "cac" / "index.html").is_file()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_runtime_module_leads_each_worker_to_pyodide_and_the_formulas(
    built_site: Path, prefix: str
) -> None:
    folder = f"{prefix}assets/calculator"
    module = (built_site / folder / "runtime.js").read_text("utf-8")
    place = re.search(r'CALCULATOR_ASSETS = "([^"]*)"', module).group(1)
    runtime = posixpath.normpath(posixpath.join(folder, place))
    assert runtime == "assets/calculator"  # the Dutch site's, for both languages
    for name in plugin.PYODIDE_FILES:
        assert (built_site / "assets" / "pyodide" / name).is_file(), name
    assert (built_site / runtime / "kpi_formulas.py").is_file()
    assert "runtime.js" in (built_site / folder / "worker.js").read_text("utf-8")


def test_log_records_of_the_other_process_are_logged_again(caplog) -> None:
    record = {"name": "mkdocs.plugins.generator.x", "level": logging.WARNING, "message": "a\nb"}
    with caplog.at_level(logging.INFO):
        assert languages._relog(json.dumps(record) + "\n") == {}
        assert languages._relog('{"seconds": 2.5}\n') == {"seconds": 2.5}
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        ("mkdocs.plugins.generator.x", logging.WARNING, "a\nb")
    ]


def test_a_warning_in_the_english_build_fails_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "content" / "en" / "index.md"
    page.write_text(page.read_text("utf-8") + "\n[Gone](gone.md)\n", "utf-8")
    site = tmp_path / "out"
    result = build_site(site, project=project)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "'gone.md'" in result.stderr and "unchanged" in result.stderr
    assert not site.exists()
    assert not list(tmp_path.glob("**/.en.build-*"))  # the scratch folder is gone


def test_heading_links_are_titled_in_the_pages_language(built_site: Path) -> None:
    titles = {}
    for lang in ("", "en/"):
        page = (built_site / lang / "guide" / "method" / "index.html").read_text("utf-8")
        titles[lang] = set(re.findall(r'class="headerlink" href="#[^"]+" title="([^"]+)"', page))
    assert titles == {"": {"Vaste link naar dit deel"}, "en/": {"Permanent link to this section"}}

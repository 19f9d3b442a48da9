"""What keeps a big catalog fast: indexed links, one load per build, a navigation that stays
short, one calculator runtime for both languages, and the synthetic catalogs that measure it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from generator import gates, loader, pages
from generator.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini_catalog.yaml"


@pytest.fixture(scope="module")
def real() -> Catalog:
    return loader.load_catalog(ROOT / "catalog.yaml")


def test_links_of_a_goal_or_kpi_are_those_in_catalog_order(real: Catalog) -> None:
    for goal in real.goals:
        assert real.links_of_goal(goal.id) == [link for link in real.links if link.goal == goal.id]
    for kpi_id in real.kpis:
        assert real.links_of_kpi(kpi_id) == [link for link in real.links if link.kpi == kpi_id]
    assert real.links_of_kpi("no_such_kpi") == []
    assert real.goal(real.goals[3].id) is real.goals[3]


def test_both_languages_of_a_build_load_the_catalog_once() -> None:
    source = MINI.read_text("utf-8")
    first = loader.parse_catalog(source, "catalog.yaml", gates.catalog_gates(False, None))
    again = loader.parse_catalog(source, "catalog.yaml", gates.catalog_gates(False, None))
    assert again is first
    other_gates = loader.parse_catalog(source, "catalog.yaml", gates.catalog_gates(False, "text"))
    assert other_gates is not first and other_gates == first
    edited = source.replace("[klikratio]", "[klikratio, clickrate]")
    assert edited != source
    assert "clickrate" in loader.parse_catalog(edited, "catalog.yaml").kpis["ctr"].aliases["nl"]


# --- navigation -------------------------------------------------------------------------------


def _entries(titles: list[str]) -> list[tuple[str, str]]:
    return [(title, f"kpi/{index}.md") for index, title in enumerate(titles)]


def test_a_short_list_stays_flat_and_in_its_order() -> None:
    entries = _entries(["Zeta", "alpha & beta"])
    assert pages.grouped_nav(entries, str.upper) == [
        {"ZETA": "kpi/0.md"},
        {"ALPHA & BETA": "kpi/1.md"},
    ]


def test_a_long_list_is_filed_by_first_letter(monkeypatch) -> None:
    monkeypatch.setattr(pages, "NAV_RUN_MAX", 60)
    titles = [f"{letter}{number:03}" for letter in "cab" for number in range(50)] + ["Één", "2x"]
    nav = pages.grouped_nav(_entries(titles))
    assert [next(iter(group)) for group in nav] == ["#", "A", "B", "C", "E"]
    letter_a = nav[1]["A"]
    assert [next(iter(entry)) for entry in letter_a] == [f"a{number:03}" for number in range(50)]
    assert nav[4] == {"E": [{"Één": f"kpi/{len(titles) - 2}.md"}]}


def test_a_big_letter_is_split_into_even_runs_named_by_their_span(monkeypatch) -> None:
    monkeypatch.setattr(pages, "NAV_RUN_MAX", 60)
    titles = [f"Klant {number:03}" for number in range(130)] + [f"a{n}" for n in range(10)]
    assert pages.NAV_FLAT_MAX < len(titles)
    nav = pages.grouped_nav(_entries(titles))
    runs = nav[1]["K"]
    assert [len(next(iter(run.values()))) for run in runs] == [44, 44, 42]
    assert [next(iter(run)) for run in runs] == [
        "Klant 000 – Klant 043",
        "Klant 044 – Klant 087",
        "Klant 088 – Klant 129",
    ]
    assert sum(len(next(iter(run.values()))) for run in runs) == 130


def test_a_letter_of_a_thousand_kpis_holds_a_few_runs_not_every_kpi() -> None:
    """Material looks through the entries of every letter on every page, even of a letter it
    leaves out: letters of runs keep that from growing with the catalog."""
    titles = [
        f"{letter}{number:03}" for letter in "abcdefghijklmnopqrstuvwxyz" for number in range(38)
    ]
    nav = pages.grouped_nav(_entries(titles))
    assert len(nav) == 26
    assert sum(len(next(iter(letter.values()))) for letter in nav) <= 3 * len(nav)


def test_every_entry_of_a_big_catalog_is_in_the_navigation_once() -> None:
    titles = [f"KPI {number}" for number in range(5000)]
    nav = pages.grouped_nav(_entries(titles))

    def leaves(items: list) -> list[str]:
        found = []
        for item in items:
            (value,) = item.values()
            found += leaves(value) if isinstance(value, list) else [value]
        return found

    assert sorted(leaves(nav)) == sorted(path for _, path in _entries(titles))


# --- calculators --------------------------------------------------------------------------------


def test_the_calculator_form_joins_the_page_after_markdown_and_search() -> None:
    mini = loader.load_catalog(MINI)
    slot = pages.CALCULATOR_SLOT.format(kpi="ctr")
    page = pages.kpi_page(mini, mini.kpis["ctr"], "nl").content
    assert page.count(slot) == 1 and "<form" not in page
    html = f"<h2>Zo bereken je het</h2>\n{slot}\n<p>Rekenvoorbeeld</p>"
    form = pages.calculator_html(mini.kpis["ctr"], "nl")
    assert form.startswith('<form class="kpi-calculator" data-kpi="ctr"')
    expected = f"<h2>Zo bereken je het</h2>\n{form}\n<p>Rekenvoorbeeld</p>"
    assert pages.with_calculator(html, mini, "nl") == expected
    unknown = pages.CALCULATOR_SLOT.format(kpi="no_such_kpi")
    assert pages.with_calculator(unknown, mini, "nl") == unknown


# --- one runtime -------------------------------------------------------------------------------


def test_runtime_module_points_the_worker_at_its_own_or_the_parents_runtime() -> None:
    own = pages.runtime_module(None)
    shared = pages.runtime_module("../")
    assert 'export const CALCULATOR_ASSETS = "./";' in own
    assert 'export const CALCULATOR_ASSETS = "../../../assets/calculator/";' in shared


# --- synthetic catalogs ------------------------------------------------------------------------


def _make_catalog_module():
    spec = importlib.util.spec_from_file_location("make_catalog", ROOT / "scripts/make_catalog.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_catalog", module)
    spec.loader.exec_module(module)
    return module


def test_a_synthetic_catalog_of_200_kpis_passes_every_gate(tmp_path: Path, real: Catalog) -> None:
    make_catalog = _make_catalog_module()
    output = tmp_path / "catalog.yaml"
    assert make_catalog.main(["200", "-o", str(output)]) == 0
    source_text = (ROOT.parent / "shared/seed/marketing-kpis-blog.nl.txt").resolve()
    text = source_text.read_text("utf-8") if source_text.is_file() else None
    catalog = loader.load_catalog(output, gates=gates.catalog_gates(True, text))
    assert len(catalog.kpis) == 200 and len(catalog.goals) == 200 // 8
    assert set(real.kpis) <= set(catalog.kpis)  # the guide pages link to the real KPIs
    assert {link.role for link in catalog.links} == {
        "primary",
        "supporting",
        "diagnostic",
        "vanity",
    }
    assert all(link.warning and link.instead for link in catalog.links if link.role == "vanity")
    synthetic = [kpi for kpi in catalog.kpis.values() if kpi.id not in real.kpis]
    assert sum(kpi.formula is not None for kpi in synthetic) > len(synthetic) / 2
    # Two runs with the same seed write the same file.
    again = tmp_path / "again.yaml"
    make_catalog.main(["200", "-o", str(again)])
    assert again.read_text("utf-8") == output.read_text("utf-8")


# --- Material's navigation template -------------------------------------------------------------


def test_navigation_entries_answer_materials_questions_as_jinja_would_and_keep_their_own() -> None:
    """Material asks entries for attributes only its plugins set; a miss costs exceptions.

    Each entry gets them as falsy values, what Jinja's undefined read as; what an entry has
    stays as it was.
    """
    import jinja2
    from mkdocs.structure.nav import Section
    from mkdocs.structure.toc import AnchorLink

    from generator.plugin import _answer_materials_questions

    heading = AnchorLink("Waarom", "waarom", 2)
    section = Section("KPI's", [Section("A", [])])
    section.meta = {"icon": "kept"}
    _answer_materials_questions([section, heading])
    inner = section.children[0]
    assert (inner.meta, inner.is_index, inner.typeset, inner.pages) == (None, False, None, None)
    assert section.meta == {"icon": "kept"}
    assert heading.typeset is None
    template = jinja2.Environment().from_string(
        "{{ 'y' if item.typeset or item.pages or item.meta else 'n' }}"
    )
    assert template.render(item=inner) == "n" == template.render(item=object())

"""The quality gates: each one passes a sound catalog and names file, line and fix for a bad one.

The structural gates (a primary KPI per goal, a warning and alternatives on a vanity link, worked
examples that reproduce their result) live in the loader; their failing cases are golden cases
(tests/golden/goal-without-primary-kpi, vanity-link-without-warning-or-instead,
example-result-does-not-match).
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from generator import gates
from generator.cli import main
from generator.loader import CatalogError, parse_catalog
from generator.plugin import KpiHandbookPlugin

ROOT = Path(__file__).resolve().parents[2]

#: One goal and two KPIs with every field a complete catalog needs.
COMPLETE = """\
version: 1
goals:
  - id: increase_sales
    name: {nl: Verkoop stimuleren, en: Drive sales}
    summary: {nl: Meer omzet uit je markt halen., en: Earn more revenue from your market.}
    when: {nl: Als groei voorgaat., en: When growth comes first.}
    supports: {nl: Omzet betaalt de rest., en: Revenue pays for the rest.}
    smart_example: {nl: Tien procent meer omzet in 2027., en: Ten per cent more revenue in 2027.}
    tree:
      business: {nl: Meer winst, en: More profit}
      sales: {nl: Meer bestellingen, en: More orders}
      marketing: {nl: Meer klikken, en: More clicks}
    kpis:
      - kpi: ctr
        role: primary
        reason: {nl: Klikken leiden naar de winkel., en: Clicks lead to the shop.}
      - kpi: follower_count
        role: vanity
        reason: {nl: Volgers kopen niet vanzelf., en: Followers do not buy by themselves.}
        warning: {nl: Volgers zeggen niets over verkoop., en: Followers say nothing about sales.}
        instead: [ctr]
kpis:
  - id: ctr
    name: {nl: Doorklikratio, en: Click-through rate}
    kind: computed
    unit: percent
    direction: higher
    definition: {nl: Het deel vertoningen met een klik., en: The share of impressions with a click.}
    why: {nl: Het toont of je boodschap aanspreekt., en: It shows whether your message appeals.}
    how_to_measure: {nl: Lees het af in je advertentieplatform., en: Read it in your ad platform.}
    how_to_read: {nl: Hoger betekent relevanter., en: Higher means more relevant.}
    pitfalls: {nl: Lokkertjes drijven het op., en: Clickbait drives it up.}
    counter_metric:
      kpi: follower_count
      reason: {nl: Een tweede blik op je publiek., en: A second look at your audience.}
    related: [follower_count]
    formula:
      expression: "100 * clicks / impressions"
      inputs:
        - {id: clicks, label: {nl: Klikken, en: Clicks}, unit: count, min: 0, max: impressions}
        - {id: impressions, label: {nl: Vertoningen, en: Impressions}, unit: count, min: 0}
      example:
        inputs: {clicks: 7, impressions: 200}
        result: 3.5
  - id: follower_count
    name: {nl: Aantal volgers, en: Follower count}
    kind: measured
    unit: count
    direction: higher
    definition: {nl: Hoeveel accounts je volgen., en: How many accounts follow you.}
    why: {nl: Het toont je bereik., en: It shows your reach.}
    how_to_measure: {nl: Lees het af per platform., en: Read it per platform.}
    how_to_read: {nl: Groei betekent meer bereik., en: Growth means more reach.}
    pitfalls: {nl: Volgers zijn te koop., en: Followers can be bought.}
    counter_metric:
      kpi: ctr
      reason: {nl: Stille volgers tellen niet., en: Silent followers do not count.}
    related: [ctr]
"""

SOURCE_TEXT = (
    "De vuurtoren aan de haven knippert elke nacht drie keer voor de vissers.\n"
    "Daarom telt wie terugvaart de lichten tot hij de pier ziet liggen.\n"
)


def complete_with(*changes: tuple[str, str]) -> str:
    """The complete catalog with each (old, new) replaced once; old must occur exactly once."""
    text = COMPLETE
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def gate_problems(gate: gates.Gate, text: str) -> list[tuple[int, str, str]]:
    catalog = parse_catalog(text)
    return [(problem.line, problem.path, problem.message) for problem in gate(catalog, text)]


# --- completeness -----------------------------------------------------------------------------


def test_a_complete_catalog_passes_every_gate() -> None:
    catalog = parse_catalog(COMPLETE, gates=gates.catalog_gates(True, SOURCE_TEXT))
    assert list(catalog.kpis) == ["ctr", "follower_count"]


def test_the_real_catalog_passes_every_gate_but_the_copy_check(real_catalog) -> None:
    source = (ROOT / "catalog.yaml").read_text("utf-8")
    for gate in gates.catalog_gates(require_complete=True, source_text=None):
        assert gate(real_catalog, source) == []


def test_a_missing_kpi_field_is_named_at_the_kpi() -> None:
    text = complete_with(
        ("    why: {nl: Het toont je bereik., en: It shows your reach.}\n", ""),
        ("    related: [ctr]\n", "    related: []\n"),
    )
    assert gate_problems(gates.completeness, text) == [
        (
            45,
            "kpis[1](follower_count)",
            "KPI 'follower_count' has no `why:`; every field is required here",
        ),
        (
            45,
            "kpis[1](follower_count)",
            "KPI 'follower_count' has no `related:`; every field is required here",
        ),
    ]


def test_a_missing_goal_field_is_named_at_the_goal_with_its_fix() -> None:
    text = complete_with(
        (
            "    when: {nl: Als groei voorgaat., en: When growth comes first.}\n",
            "",
        ),
        (
            "    tree:\n      business: {nl: Meer winst, en: More profit}\n"
            "      sales: {nl: Meer bestellingen, en: More orders}\n"
            "      marketing: {nl: Meer klikken, en: More clicks}\n",
            "",
        ),
    )
    problems = gates.completeness(parse_catalog(text), text)
    assert [(p.line, p.path, p.message) for p in problems] == [
        (
            3,
            "goals[0](increase_sales)",
            "goal 'increase_sales' has no `when:`; every field is required here",
        ),
        (
            3,
            "goals[0](increase_sales)",
            "goal 'increase_sales' has no `tree:`; every field is required here",
        ),
    ]
    assert problems[1].fix.startswith("add `tree:` with `business:`, `sales:` and `marketing:`")


def test_completeness_is_only_required_when_the_site_asks_for_it() -> None:
    mini = (ROOT / "tests/fixtures/mini_catalog.yaml").read_text("utf-8")
    assert gates.completeness not in gates.catalog_gates(False, None)
    parse_catalog(mini, gates=gates.catalog_gates(False, None))
    with pytest.raises(CatalogError, match=r"KPI 'ctr' has no `why:`"):
        parse_catalog(mini, gates=gates.catalog_gates(True, None))


# --- placeholders and untranslated texts ------------------------------------------------------


@pytest.mark.parametrize(
    ("placeholder", "said"),
    [
        ("todo", "found the placeholder 'todo'"),
        ("Tbd: write this", "found the placeholder 'Tbd'"),
        ("Lorem ipsum dolor sit amet", "found the placeholder 'Lorem'"),
        ("Clicks on xxx.", "found the placeholder 'xxx'"),
        ("The share of ...", "found the placeholder '...'"),
        ("…", "found '…', a placeholder instead of a text"),
        (" - ", "found '-', a placeholder instead of a text"),
    ],
)
def test_a_placeholder_text_is_reported_at_its_language(placeholder: str, said: str) -> None:
    text = complete_with(("en: It shows your reach.}", f"en: '{placeholder}'}}"))
    assert gate_problems(gates.placeholders, text) == [(51, "kpis[1](follower_count).why.en", said)]


def test_an_ellipsis_inside_a_quoted_question_is_no_placeholder() -> None:
    text = complete_with(
        (
            "en: Read it per platform.}",
            "en: \"Ask 'How satisfied are you with …?' after each order.\"}",
        )
    )
    assert gate_problems(gates.placeholders, text) == []


def test_an_untranslated_text_is_reported_but_a_shared_name_is_not() -> None:
    text = complete_with(
        ("en: Followers can be bought.}", "en: Volgers zijn te koop.}"),
        (
            "name: {nl: Aantal volgers, en: Follower count}",
            "name: {nl: Net Promoter Score, en: Net Promoter Score}",
        ),
    )
    assert gate_problems(gates.placeholders, text) == []
    text = complete_with(
        (
            "en: Followers say nothing about sales.}",
            "en: Volgers zeggen niets over verkoop.}",
        )
    )
    assert gate_problems(gates.placeholders, text) == [
        (
            20,
            "goals[0](increase_sales).kpis[1](follower_count).warning.en",
            "the Dutch and English texts are the same (5 words)",
        )
    ]


def test_placeholders_are_found_in_nested_texts_too() -> None:
    text = complete_with(
        ("label: {nl: Vertoningen, en: Impressions}", "label: {nl: Vertoningen, en: TBD}")
    )
    assert gate_problems(gates.placeholders, text) == [
        (41, "kpis[0](ctr).formula.inputs[1](impressions).label.en", "found the placeholder 'TBD'")
    ]


# --- vanity links -----------------------------------------------------------------------------


def test_vanity_alternatives_must_not_name_the_metric_itself() -> None:
    # The loader refuses it, before any gate runs.
    text = complete_with(("instead: [ctr]", "instead: [ctr, follower_count]"))
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text)
    assert [(p.line, p.path, p.message) for p in caught.value.problems] == [
        (
            21,
            "goals[0](increase_sales).kpis[1](follower_count).instead[1]",
            "`instead:` names 'follower_count', the vanity metric itself",
        )
    ]


def test_vanity_alternatives_must_not_be_vanity_for_the_same_goal() -> None:
    text = complete_with(
        (
            "        instead: [ctr]\n",
            "        instead: [ctr]\n"
            "      - kpi: impressions\n"
            "        role: vanity\n"
            "        reason: {nl: Gezien is niet gekocht., en: Seen is not bought.}\n"
            "        warning: {nl: Vertoningen zijn goedkoop., en: Impressions are cheap.}\n"
            "        instead: [ctr, follower_count]\n",
        ),
    )
    text += (
        "  - id: impressions\n"
        "    name: {nl: Vertoningen, en: Impressions}\n"
        "    kind: measured\n"
        "    unit: count\n"
        "    direction: higher\n"
        "    definition: {nl: Hoe vaak je advertentie verschijnt., en: How often it appears.}\n"
    )
    assert gate_problems(gates.vanity_alternatives, text) == [
        (
            26,
            "goals[0](increase_sales).kpis[2](impressions).instead[1]",
            "`instead:` names 'follower_count', also a vanity metric for this goal",
        )
    ]


# --- copied sentences -------------------------------------------------------------------------


def test_a_copied_run_of_words_is_found_across_lines_case_and_punctuation() -> None:
    page = (
        "# Title\n\n"
        "De vuurtoren, aan de HAVEN, knippert\n"
        "elke nacht drie keer voor de vissers, zegt men.\n"
    )
    problems = gates.copied_sentences(SOURCE_TEXT, page)
    assert [(p.line, p.message) for p in problems] == [
        (
            3,
            "repeats 13 words of the source text: "
            "“de vuurtoren aan de haven knippert elke nacht drie keer voor de vissers”",
        )
    ]
    assert problems[0].fix == "say it in your own words"


def test_seven_words_in_a_row_are_not_a_copy_and_each_copy_is_reported_once() -> None:
    seven = "Hier zegt men: de vuurtoren aan de haven knippert elke dag."
    assert gates.copied_sentences(SOURCE_TEXT, seven) == []
    twice = (
        "telt wie terugvaart de lichten tot hij de pier ziet liggen\n"
        "en verder\n"
        "daarom telt wie terugvaart de lichten tot hij\n"
    )
    assert [p.line for p in gates.copied_sentences(SOURCE_TEXT, twice)] == [1, 3]


def test_a_copy_in_the_catalog_fails_the_load_with_file_and_line() -> None:
    text = complete_with(
        (
            "en: Read it per platform.}",
            "en: 'Daarom telt wie terugvaart de lichten tot hij de pier ziet liggen.'}",
        )
    )
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "catalog.yaml", gates.catalog_gates(True, SOURCE_TEXT))
    assert "catalog.yaml:52: repeats 12 words of the source text" in str(caught.value)
    assert "\n    52 |     how_to_measure: {nl: Lees het af per platform., en: 'Daarom" in str(
        caught.value
    )
    parse_catalog(text, gates=gates.catalog_gates(True, None))  # no source text: no check


# --- the plugin and the CLI run the gates -----------------------------------------------------


def _site(tmp_path: Path, page: str, **options: object) -> Path:
    """A small site: mkdocs.yml, the complete catalog, one page and the source text."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, "utf-8")
    (tmp_path / "catalog.yaml").write_text(COMPLETE, "utf-8")
    (tmp_path / "seed.txt").write_text(SOURCE_TEXT, "utf-8")
    settings = {"catalog": "catalog.yaml", "source_text": "seed.txt", **options}
    lines = "".join(f"      {key}: {value}\n" for key, value in settings.items())
    config = f"site_name: Test\ndocs_dir: docs\nplugins:\n  - kpi-handbook:\n{lines}"
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    return tmp_path


def _plugin_config(site: Path) -> SimpleNamespace:
    return SimpleNamespace(
        config_file_path=str(site / "mkdocs.yml"), docs_dir=str(site / "docs"), mdx_configs={}
    )


def test_the_plugin_fails_on_a_copied_sentence_in_a_page(tmp_path: Path) -> None:
    site = _site(
        tmp_path, "# Start\n\nDe vuurtoren aan de haven knippert elke nacht drie keer voor ons.\n"
    )
    plugin = KpiHandbookPlugin()
    plugin.load_config({"source_text": "seed.txt"})
    config = _plugin_config(site)
    with pytest.raises(PluginError) as caught:
        plugin.check_pages(config, plugin.source_text(config))
    assert str(caught.value).startswith(
        "1 place repeats the source text\n\ndocs/index.md:3: repeats"
    )


def test_the_plugin_skips_the_copy_check_without_the_source_text(tmp_path: Path, caplog) -> None:
    site = _site(tmp_path, "# Start\n")
    plugin = KpiHandbookPlugin()
    plugin.load_config({"source_text": "elsewhere/blog.txt"})
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.generator.plugin"):
        assert plugin.source_text(_plugin_config(site)) is None
    assert "copied sentences are not checked" in caplog.text


def test_validate_runs_the_gates_the_site_config_asks_for(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    site = _site(tmp_path, "# Start\n", require_complete="true")
    monkeypatch.chdir(site)
    assert main(["validate"]) == 0
    (site / "catalog.yaml").write_text(
        complete_with(
            ("    pitfalls: {nl: Volgers zijn te koop., en: Followers can be bought.}\n", "")
        ),
        "utf-8",
    )
    assert main(["validate"]) == 1
    assert (
        "catalog.yaml:45: kpis[1](follower_count): KPI 'follower_count' has no `pitfalls:`"
        in capsys.readouterr().err
    )
    (site / "mkdocs.yml").write_text(
        (site / "mkdocs.yml")
        .read_text("utf-8")
        .replace("require_complete: true", "require_complete: false"),
        "utf-8",
    )
    assert main(["validate"]) == 0


def test_the_real_project_validates_with_every_gate(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["validate"]) == 0

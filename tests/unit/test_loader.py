"""Loading the catalog: the mini catalog, YAML 1.1 lookalikes, one-run reporting, the schema."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.catalog import Text
from generator.loader import CatalogError, Problem, load_catalog, parse_catalog, schema

MINI = Path(__file__).parent.parent / "fixtures" / "mini_catalog.yaml"
MINI_TEXT = MINI.read_text("utf-8")


def with_changes(*changes: tuple[str, str]) -> str:
    """The mini catalog with each (old, new) replaced once; old must occur exactly once."""
    text = MINI_TEXT
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text)
    return caught.value.problems


# --- the mini catalog ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini():
    return load_catalog(MINI)


def test_mini_catalog_has_its_goals_kpis_and_links_in_order(mini) -> None:
    assert [goal.id for goal in mini.goals] == ["increase_sales", "brand_awareness"]
    assert list(mini.kpis) == ["ctr", "follower_count", "nps"]
    assert [(link.goal, link.kpi, link.role) for link in mini.links] == [
        ("increase_sales", "ctr", "primary"),
        ("increase_sales", "follower_count", "vanity"),
        ("brand_awareness", "follower_count", "primary"),
        ("brand_awareness", "nps", "supporting"),
    ]
    assert [kpi.id for kpi in mini.with_formula()] == ["ctr", "nps"]


def test_mini_catalog_keeps_texts_lines_and_the_vanity_warning(mini) -> None:
    ctr = mini.kpis["ctr"]
    assert ctr.name == Text("Doorklikratio", "Click-through rate")
    assert ctr.title("en") == "Click-through rate (CTR)"
    assert ctr.aliases == {"nl": ("klikratio",), "en": ("clickthrough rate",)}
    assert (ctr.kind, ctr.unit, ctr.direction, ctr.line) == ("computed", "percent", "higher", 27)
    vanity = mini.links_of_goal("increase_sales")[1]
    assert vanity.warning == Text(
        "Veel volgers zeggen niets over verkoop.", "Many followers say nothing about sales."
    )
    assert (vanity.instead, vanity.line) == (("ctr",), 11)
    assert mini.goal("brand_awareness").line == 16


def test_mini_catalog_formulas_carry_exact_examples_and_bounds(mini) -> None:
    formula = mini.kpis["ctr"].formula
    assert formula.expression == "100 * clicks / impressions"
    assert [(item.id, item.min, item.max) for item in formula.inputs] == [
        ("clicks", Decimal(0), "impressions"),
        ("impressions", Decimal(0), None),
    ]
    assert formula.example_inputs == {"clicks": Decimal(7), "impressions": Decimal(200)}
    assert formula.example_result == Decimal("3.5")
    assert formula.compute({"clicks": "7", "impressions": "200"}) == Decimal("3.5")


def test_mini_catalog_bands_cover_the_scale_without_gaps(mini) -> None:
    bands = mini.kpis["nps"].bands
    assert [(band.tone, band.start, band.below) for band in bands] == [
        ("bad", None, Decimal(0)),
        ("ok", Decimal(0), Decimal(50)),
        ("good", Decimal(50), None),
    ]
    assert mini.kpis["nps"].band_for(Decimal(30)).tone == "ok"
    assert mini.kpis["nps"].band_for(Decimal(-1)).tone == "bad"


def test_load_catalog_names_the_file_as_given() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(MINI.parent / "no_such_catalog.yaml", display_name="data/catalog.yaml")
    assert str(caught.value) == (
        "data/catalog.yaml: 1 problem in the catalog\n\n"
        "data/catalog.yaml: cannot read the file (No such file or directory)"
    )


# --- YAML 1.1 lookalikes stay as written -------------------------------------------------------


def test_yaml_1_1_booleans_in_an_abbreviation_and_texts_stay_text() -> None:
    catalog = parse_catalog(
        with_changes(
            ("abbr: CTR", "abbr: NO"),
            ("name: {nl: Aantal volgers, en: Follower count}", "name: {nl: yes, en: on}"),
            (
                "aliases: {nl: [klikratio], en: [clickthrough rate]}",
                "aliases: {nl: [off, n, Y], en: [No, 'y']}",
            ),
        )
    )
    assert catalog.kpis["ctr"].abbr == "NO"
    assert catalog.kpis["ctr"].title("en") == "Click-through rate (NO)"
    assert catalog.kpis["follower_count"].name == Text("yes", "on")
    assert catalog.kpis["ctr"].aliases == {"nl": ("off", "n", "Y"), "en": ("No", "y")}


def test_yaml_1_1_sexagesimal_and_octal_lookalikes_stay_text() -> None:
    catalog = parse_catalog(
        with_changes(
            ("abbr: NPS", "abbr: 12:30"),
            (
                "definition: {nl: Hoeveel accounts je volgen., en: How many accounts follow you.}",
                "definition: {nl: '0123', en: 1:20:30}",
            ),
        )
    )
    assert catalog.kpis["nps"].abbr == "12:30"
    assert catalog.kpis["follower_count"].definition == Text("0123", "1:20:30")


# --- every problem in one run -----------------------------------------------------------------


def test_three_schema_defects_in_different_places_are_reported_together() -> None:
    problems = problems_of(
        with_changes(
            (
                "        role: primary\n        reason: {nl: Klikken",
                "        role: main\n        reason: {nl: Klikken",
            ),
            ("unit: percent", "unit: euro"),
            ("name: {nl: Aantal volgers, en: Follower count}", "name: {nl: Aantal volgers}"),
        )
    )
    assert [(problem.line, problem.path) for problem in problems] == [
        (9, "goals[0].kpis[0].role"),
        (32, "kpis[0].unit"),
        (51, "kpis[1].name"),
    ]
    assert problems[2].message == "missing key 'en'"
    assert all(problem.fix for problem in problems)


def test_three_cross_reference_defects_are_reported_together() -> None:
    problems = problems_of(
        with_changes(
            ("instead: [ctr]", "instead: [click_rate]"),
            ("    abbr: NPS\n", "    abbr: NPS\n    related: [ctr, netpromoter]\n"),
            ("result: 3.5", "result: 35"),
        )
    )
    assert [(problem.line, problem.path, problem.message) for problem in problems] == [
        (15, "goals[0].kpis[1].instead[0]", "unknown KPI id 'click_rate'"),
        (49, "kpis[0].formula.example.result", "the example gives 3.5, not 35"),
        (59, "kpis[2].related[1]", "unknown KPI id 'netpromoter'"),
    ]


def test_yaml_surprises_are_all_reported_before_parsing_goes_on() -> None:
    problems = problems_of(
        with_changes(
            ("    unit: percent\n", "    unit: percent\n    unit: count\n"),
            ("inputs: {clicks: 7, impressions: 200}", "inputs: {clicks: 07, impressions: 0200}"),
        )
    )
    assert [(problem.line, problem.path) for problem in problems] == [
        (33, "kpis[0].unit"),
        (49, "kpis[0].formula.example.inputs.clicks"),
        (49, "kpis[0].formula.example.inputs.impressions"),
    ]


def test_the_error_text_counts_the_problems_and_shows_each_source_line() -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(
            with_changes(
                ("unit: percent", "unit: euro"),
                (
                    "direction: higher\n    definition: {nl: Hoeveel",
                    "direction: up\n    definition: {nl: Hoeveel",
                ),
            ),
            "my.yaml",
        )
    text = str(caught.value)
    assert text.startswith("my.yaml: 2 problems in the catalog\n\nmy.yaml:32: kpis[0].unit: ")
    assert "\n    32 |     unit: euro\n" in text
    assert "\n    54 |     direction: up\n  fix: use one of these values, spelled exactly" in text


# --- the published schema ----------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    published = json.loads(
        (Path(__file__).parents[2] / "generator/catalog.schema.json").read_text()
    )
    assert published == schema()
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(published)


def test_the_schema_accepts_the_mini_catalog_as_plain_data() -> None:
    from ruamel.yaml import YAML

    document = YAML(typ="safe", pure=True).load(MINI_TEXT)
    assert list(Draft202012Validator(schema()).iter_errors(document)) == []

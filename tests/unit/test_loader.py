"""Loading the catalog: the mini catalog, YAML 1.1 lookalikes, one-run reporting, the schema."""

from __future__ import annotations

import json
import os
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


@pytest.mark.parametrize(
    ("kind", "said"),
    [("folder", "the path is a folder"), ("pipe", "the path is not a regular file")],
)
def test_a_folder_or_a_pipe_is_refused_before_reading(tmp_path: Path, kind: str, said: str) -> None:
    path = tmp_path / "catalog.yaml"
    path.mkdir() if kind == "folder" else os.mkfifo(path)  # reading a pipe would never end
    with pytest.raises(CatalogError) as caught:
        load_catalog(path, display_name="catalog.yaml")
    assert caught.value.problems[0].message.startswith(said)
    assert caught.value.problems[0].fix == "give the path of the catalog file, such as catalog.yaml"


def test_an_endless_device_is_refused_without_reading_it() -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog("/dev/zero")
    assert [p.message for p in caught.value.problems] == [
        "the path is not a regular file (a device or a pipe)"
    ]


def test_a_number_too_large_is_refused_also_where_libyaml_reads_the_file() -> None:
    """libyaml reads ``1.0e+999`` as infinity; the careful reader then says what is wrong."""
    source = MINI.read_text("utf-8").replace("result: 3.5", "result: 1.0e+999")
    with pytest.raises(CatalogError) as caught:
        parse_catalog(source)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "kpis[0](ctr).formula.example.result",
            "found 1.0e+999, a number too large to compute with",
        )
    ]


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
        (9, "goals[0](increase_sales).kpis[0](ctr).role"),
        (32, "kpis[0](ctr).unit"),
        (51, "kpis[1](follower_count).name"),
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
        (
            15,
            "goals[0](increase_sales).kpis[1](follower_count).instead[0]",
            "unknown KPI id 'click_rate'",
        ),
        (49, "kpis[0](ctr).formula.example.result", "the example gives 3.5, not 35"),
        (59, "kpis[2](nps).related[1]", "unknown KPI id 'netpromoter'"),
    ]


def test_kpis_given_a_taken_id_come_first_and_the_ids_they_left_unknown_point_at_them() -> None:
    problems = problems_of(
        with_changes(
            ("  - id: follower_count\n", "  - id: ctr\n"), ("  - id: nps\n", "  - id: ctr\n")
        )
    )
    assert [(problem.line, problem.message) for problem in problems] == [
        (50, "duplicate KPI id 'ctr' (first on line 27)"),
        (56, "duplicate KPI id 'ctr' (first on line 27)"),
        (11, "unknown KPI id 'follower_count'"),
        (20, "unknown KPI id 'follower_count'"),
        (23, "unknown KPI id 'nps'"),
    ]
    assert problems[-1].fix == (
        "if one of the KPIs on line 50 (a second 'ctr') or line 56 (a second 'ctr') is meant to "
        "be 'nps', correct its id; otherwise use the id of a KPI under `kpis:`"
    )


def test_a_misspelt_input_in_a_check_rule_gets_a_did_you_mean() -> None:
    check = (
        "      checks:\n        - rule: clicks <= impresions\n"
        "          message: {nl: Te veel klikken., en: Too many clicks.}\n      example:\n"
    )
    (problem,) = problems_of(
        with_changes(
            ("      example:\n        inputs: {clicks", f"{check}        inputs: {{clicks")
        )
    )
    assert (problem.path, problem.fix) == (
        "kpis[0](ctr).formula.checks[0].rule",
        "did you mean `impressions`?",
    )


def test_yaml_surprises_are_all_reported_before_parsing_goes_on() -> None:
    problems = problems_of(
        with_changes(
            ("    unit: percent\n", "    unit: percent\n    unit: count\n"),
            ("inputs: {clicks: 7, impressions: 200}", "inputs: {clicks: 07, impressions: 0200}"),
        )
    )
    assert [(problem.line, problem.path) for problem in problems] == [
        (33, "kpis[0](ctr).unit"),
        (49, "kpis[0](ctr).formula.example.inputs.clicks"),
        (49, "kpis[0](ctr).formula.example.inputs.impressions"),
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
    assert text.startswith("my.yaml: 2 problems in the catalog\n\nmy.yaml:32: kpis[0](ctr).unit: ")
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


# --- list items named by their id ----------------------------------------------------------------


def test_key_path_names_goals_kpis_inputs_and_links_by_their_id() -> None:
    from generator.loader import key_path

    document = {
        "goals": [{"id": "sales", "kpis": [{"kpi": "ctr", "role": "primary"}]}],
        "kpis": [{"id": "ctr", "formula": {"inputs": [{"id": "clicks"}]}, "bands": [{}]}],
    }
    assert (
        key_path(["goals", 0, "kpis", 0, "role"], document) == "goals[0](sales).kpis[0](ctr).role"
    )
    assert key_path(["kpis", 0, "formula", "inputs", 0, "max"], document) == (
        "kpis[0](ctr).formula.inputs[0](clicks).max"
    )
    assert key_path(["kpis", 0, "bands", 0], document) == "kpis[0](ctr).bands[0]"
    assert key_path(["kpis", 1, "id"], document) == "kpis[1].id"  # no such item
    assert key_path(["kpis", 0, "id"]) == "kpis[0].id"  # no document, no names


def test_an_id_that_is_no_name_leaves_the_index_alone() -> None:
    from generator.loader import key_path

    document = {"kpis": [{"id": 12}, {"id": "a name with spaces"}, {"kpi": "x" * 65}]}
    assert [key_path(["kpis", index], document) for index in range(3)] == [
        "kpis[0]",
        "kpis[1]",
        "kpis[2]",
    ]


def test_a_problem_found_before_the_id_of_its_item_is_read_still_names_it() -> None:
    problems = problems_of(
        with_changes(
            (
                "  - id: ctr\n    name: {nl: Doorklikratio, en: Click-through rate}\n",
                "  - name: {nl: Doorklikratio, en: Click-through rate}\n"
                "    name: {nl: Doorklikratio, en: Click-through rate}\n    id: ctr\n",
            )
        )
    )
    assert [(problem.line, problem.path) for problem in problems] == [(28, "kpis[0](ctr).name")]


# --- input ids and the words of the formula language ----------------------------------------------


@pytest.mark.parametrize("word", ["if", "else", "lambda", "in", "and", "or", "not", "import"])
def test_an_input_id_that_is_a_word_of_the_formula_language_is_refused_once(word: str) -> None:
    problems = problems_of(
        with_changes(
            (
                'expression: "100 * clicks / impressions"',
                f'expression: "100 * {word} / impressions"',
            ),
            ("        - id: clicks\n", f"        - id: {word}\n"),
            ("inputs: {clicks: 7,", f"inputs: {{{word}: 7,"),
        )
    )
    assert [(problem.path, problem.message, problem.fix) for problem in problems] == [
        (
            f"kpis[0](ctr).formula.inputs[0]({word}).id",
            f"`{word}` is a reserved word of the formula language",
            "choose another id",
        )
    ]


def test_a_look_alike_letter_opening_the_expression_is_pointed_at_column_1() -> None:
    problems = problems_of(
        with_changes(('expression: "100 * clicks /', 'expression: "ｃlicks * 100 /'))
    )
    assert [(problem.path, problem.message, problem.fix) for problem in problems] == [
        (
            "kpis[0](ctr).formula.expression",
            "only plain ASCII characters are allowed, found `ｃ` "
            "(U+FF43 FULLWIDTH LATIN SMALL LETTER C) at column 1 of the expression",
            "write `c` instead",
        )
    ]


@pytest.mark.parametrize(("written", "word"), [('"True"', "True"), ("None", "None")])
def test_a_capitalised_word_of_the_formula_language_is_no_snake_case_id(
    written: str, word: str
) -> None:
    problems = problems_of(with_changes(("        - id: clicks\n", f"        - id: {written}\n")))
    assert (problems[0].path, problems[0].message) == (
        f"kpis[0](ctr).formula.inputs[0]({word}).id",
        f"found {word!r}, expected a snake_case id",
    )


# --- worked examples at the precision results are shown with ----------------------------------


def example_problems(expression: str, inputs: str, result: str) -> list[tuple[str, str]]:
    text = with_changes(
        ('expression: "100 * clicks / impressions"', f'expression: "{expression}"'),
        ("inputs: {clicks: 7, impressions: 200}", f"inputs: {{{inputs}}}"),
        ("result: 3.5", f"result: {result}"),
    )
    try:
        parse_catalog(text)
    except CatalogError as error:
        return [(problem.message, problem.fix) for problem in error.problems]
    return []


@pytest.mark.parametrize("result", ["2.33", "2.333", "2.3333333"])
def test_an_example_result_right_to_2_decimals_or_more_is_accepted(result: str) -> None:
    assert (
        example_problems("100 * clicks / impressions", "clicks: 7, impressions: 300", result) == []
    )


@pytest.mark.parametrize(
    ("result", "said", "right"),
    [
        ("2", " (rounded to 2 decimals, as results are shown)", "2.33"),
        ("2.3", " (rounded to 2 decimals, as results are shown)", "2.33"),
        ("2.34", " (rounded to 2 decimals, as results are shown)", "2.33"),
        ("2.3334", " (rounded to 4 decimals)", "2.3333"),
    ],
)
def test_an_example_result_that_shows_another_number_than_the_calculator_is_refused(
    result: str, said: str, right: str
) -> None:
    problems = example_problems("100 * clicks / impressions", "clicks: 7, impressions: 300", result)
    assert problems == [
        (
            f"the example gives {right}{said}, not {result}",
            f"set `result: {right}` or fix the inputs",
        )
    ]


def test_an_example_result_right_to_its_own_decimals_but_shown_otherwise_is_refused() -> None:
    # 0.12499 is 0.125 to 3 decimals, but 0.125 shows as 0,13 and the calculator as 0,12.
    problems = example_problems(
        "clicks / impressions", "clicks: 12499, impressions: 100000", "0.125"
    )
    assert problems == [
        (
            "the example gives 0.12 (rounded to 2 decimals, as results are shown), not 0.125",
            "set `result: 0.12` or fix the inputs",
        )
    ]


# --- a KPI that points at itself ---------------------------------------------------------------


def test_a_kpi_naming_itself_as_counter_metric_related_or_alternative_is_refused() -> None:
    problems = problems_of(
        with_changes(
            ("instead: [ctr]", "instead: [follower_count]"),
            (
                "    abbr: NPS\n",
                "    abbr: NPS\n    related: [nps]\n    counter_metric:\n      kpi: nps\n"
                "      reason: {nl: Tevreden klanten gaan toch., en: Happy customers leave.}\n",
            ),
        )
    )
    assert [(problem.line, problem.path, problem.message) for problem in problems] == [
        (
            15,
            "goals[0](increase_sales).kpis[1](follower_count).instead[0]",
            "`instead:` names 'follower_count', the vanity metric itself",
        ),
        (59, "kpis[2](nps).related[0]", "KPI 'nps' is listed as related to itself"),
        (61, "kpis[2](nps).counter_metric.kpi", "KPI 'nps' is named as its own counter-metric"),
    ]


# --- texts cut short by a comment ------------------------------------------------------------


def test_comments_after_quoted_text_on_their_own_line_or_after_a_number_are_left_alone() -> None:
    from generator import fastyaml

    text = with_changes(
        (
            "name: {nl: Aantal volgers, en: Follower count}",
            "name: # the name\n      nl: 'Aantal # volgers' # quoted\n"
            '      en: "Follower count"   # quoted too\n      # a comment of its own',
        ),
        ("result: 3.5", "result: 3.5  # seven in two hundred"),
        (
            "role: primary\n        reason: {nl: Klikken",
            "role: primary # main\n        reason: {nl: Klikken",
        ),
    )
    assert fastyaml.read(text) is not None  # the fast reader may read it
    catalog = parse_catalog(text)
    assert catalog.kpis["follower_count"].name == Text("Aantal # volgers", "Follower count")


@pytest.mark.parametrize(
    ("old", "new", "line", "path", "tail"),
    [
        (
            "name: {nl: Aantal volgers, en: Follower count}",
            "name:\n      nl: Aantal volgers\n      en: Follower # count",
            53,
            "kpis[1](follower_count).name.en",
            "Follower",
        ),
        (
            "name: {nl: Aantal volgers, en: Follower count}",
            "name:\n      nl: Aantal\n        volgers #1\n      en: Follower count",
            53,
            "kpis[1](follower_count).name.nl",
            "Aantal volgers",
        ),
    ],
)
def test_a_plain_text_followed_by_a_comment_is_reported_as_cut_short(
    old: str, new: str, line: int, path: str, tail: str
) -> None:
    from generator import fastyaml

    text = with_changes((old, new))
    assert fastyaml.read(text) is None  # the careful reader judges it
    [problem] = problems_of(text)
    assert (problem.line, problem.path) == (line, path)
    assert problem.message == (
        f"the text after ` #` is read as a comment, so the text ends at '{tail}'"
    )
    assert problem.fix == "put the whole text in quotes; a real comment goes on a line of its own"


# --- schema and cross-reference problems in one run -------------------------------------------


def test_a_kpi_with_a_schema_problem_is_still_known_to_the_links_that_name_it() -> None:
    problems = problems_of(with_changes(("unit: percent", "unit: euro")))
    assert [problem.path for problem in problems] == ["kpis[0](ctr).unit"]


def test_the_links_of_a_goal_with_a_schema_problem_still_count() -> None:
    # follower_count is linked by both goals; nps only by the broken one.
    problems = problems_of(with_changes(("        role: supporting\n", "        role: helping\n")))
    assert [problem.path for problem in problems] == ["goals[1](brand_awareness).kpis[1](nps).role"]


def test_a_kpi_without_a_usable_id_silences_the_unknown_id_checks() -> None:
    problems = problems_of(
        with_changes(
            ("  - id: nps\n", "  - id: NPS\n"), ("instead: [ctr]", "instead: [click_rate]")
        )
    )
    assert [problem.path for problem in problems] == ["kpis[2](NPS).id"]


def test_a_structural_schema_problem_is_reported_without_the_cross_checks() -> None:
    # With no goals at all, every KPI would be "not linked to any goal": say only the cause.
    problems = problems_of("version: 1\ngoals: []\nkpis:\n  - id: ctr\n")
    assert [(problem.path, problem.message) for problem in problems] == [
        ("goals", "the list is empty"),
        *[("kpis[0](ctr)", f"missing key {key!r}") for key in ("name", "kind", "unit")],
        *[("kpis[0](ctr)", f"missing key {key!r}") for key in ("direction", "definition")],
    ]

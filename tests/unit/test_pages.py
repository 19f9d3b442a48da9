"""Page generation: catalog in, Markdown, HTML and published files out, no I/O and no MkDocs."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from generator import pages
from generator.catalog import Formula, Input, Text
from generator.formula import EvaluationError
from generator.loader import load_catalog
from generator.pages import (
    calculator_html,
    catalog_json,
    filled_formula,
    formula_module,
    formula_text,
    goal_page,
    kpi_page,
    render_pages,
)

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini_catalog.yaml"


@pytest.fixture(scope="module")
def mini():
    return load_catalog(MINI)


def test_every_goal_and_kpi_gets_a_page_under_its_url(mini) -> None:
    written = [kpi_page(mini, kpi, "nl").path for kpi in mini.kpis.values()]
    assert sorted([*render_pages(mini, "nl"), *written]) == [
        "goals/brand_awareness.md",
        "goals/increase_sales.md",
        "goals/index.md",
        "kpi/ctr.md",
        "kpi/follower_count.md",
        "kpi/index.md",
        "kpi/nps.md",
    ]


def test_goal_page_puts_vanity_kpis_in_a_warning_with_what_to_watch(mini) -> None:
    page = goal_page(mini, mini.goal("increase_sales"), "nl")
    warning = page[page.index('!!! warning "Aantal volgers"') :]
    assert "Veel volgers zeggen niets over verkoop." in warning
    assert "[Doorklikratio (CTR)](../kpi/ctr.md)" in warning
    assert "## Primaire KPI" in page and "[Doorklikratio (CTR)](../kpi/ctr.md)**:" in page


def test_the_same_kpi_is_vanity_for_one_goal_and_primary_for_another(mini) -> None:
    page = kpi_page(mini, mini.kpis["follower_count"], "nl").content
    assert 'kpi-role--vanity">Vanity metric</span>' in page
    assert 'kpi-role--primary">Primair</span>' in page
    warning = page[page.index('<div class="admonition warning">') :]
    assert warning.startswith(
        '<div class="admonition warning">\n'
        '<p class="admonition-title">Vanity metric voor het doel ‘Verkoop stimuleren’</p>'
    )
    assert '<a href="../ctr/">Doorklikratio (CTR)</a>' in warning


def test_kpi_without_formula_says_so_instead_of_a_calculator(mini) -> None:
    page = kpi_page(mini, mini.kpis["follower_count"], "en").content
    assert "kpi-calculator" not in page
    assert '<div class="admonition info">\n<p class="admonition-title">No formula</p>' in page


def test_kpi_page_lists_other_names_as_search_tags(mini) -> None:
    page = kpi_page(mini, mini.kpis["ctr"], "nl")
    assert page.meta["tags"] == ["CTR", "Click-through rate", "klikratio", "clickthrough rate"]
    assert page.meta["search"] == {"boost": 2}


def test_catalog_text_is_escaped_where_it_lands_in_html(mini) -> None:
    evil = replace(mini.kpis["ctr"], definition=Text("<script>alert(1)</script>", "x"))
    written = kpi_page(replace(mini, kpis={**mini.kpis, "ctr": evil}), evil, "nl")
    page = written.content
    assert "<script>" not in page and "<script>" not in written.meta["description"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_calculator_form_follows_the_contract(mini) -> None:
    html = calculator_html(mini.kpis["ctr"], "nl")
    assert re.search(r'<form class="kpi-calculator" data-kpi="ctr" data-unit="percent"', html)
    assert re.findall(r'<input [^>]*name="([a-z_]+)"', html) == ["clicks", "impressions"]
    assert 'data-max="impressions"' in html and 'inputmode="decimal"' in html
    assert '<output name="result"' in html and 'data-value=""' in html
    assert html.count('role="alert"') == 3
    assert "\n\n" not in html  # a blank line would end the raw HTML block in Markdown


def _exclusive_minimums(html: str) -> list[str]:
    """The inputs of a calculator form marked as refusing their minimum too."""
    return re.findall(r'<input [^>]*name="([a-z_]+)"[^>]* data-min-exclusive[ >]', html)


@pytest.mark.parametrize(
    ("expression", "minimums", "exclusive"),
    [
        ("(a + b) / n", {"n": Decimal(0)}, ["n"]),
        ("a / n / b", {"n": Decimal(0), "b": Decimal(0)}, ["b", "n"]),
        ("a / (n + b)", {"n": Decimal(0), "b": Decimal(0)}, []),
        ("a / -n", {"n": Decimal(0)}, []),
        ("n / a", {"n": Decimal(0)}, []),
        ("a / n if b > 0 else 0", {"n": Decimal(0)}, []),
        ("a / n", {"n": Decimal(1)}, []),
        ("a / n", {"n": Decimal(-5)}, []),
        ("a / n", {"n": "a"}, []),
        ("a / n", {}, []),
    ],
)
def test_a_minimum_of_0_the_formula_divides_by_is_marked_exclusive(
    expression: str, minimums: dict, exclusive: list[str]
) -> None:
    """Below such a minimum the form asks for "a number greater than 0", not "0 or more"."""
    inputs = tuple(
        Input(id, Text(id, id), "number", min=minimums.get(id)) for id in ("a", "b", "n")
    )
    examples = {"a": Decimal(1), "b": Decimal(1), "n": Decimal(1)}
    formula = Formula(expression, inputs, examples, Decimal(1))
    kpi = replace(load_catalog(MINI).kpis["ctr"], formula=formula)
    assert _exclusive_minimums(calculator_html(kpi, "nl")) == exclusive


def test_the_form_marks_exactly_the_inputs_whose_0_the_formula_refuses(real_catalog) -> None:
    """With min 0: marked when 0 is a division by 0 at that input, unmarked when it is not."""
    marked = 0
    for kpi in real_catalog.with_formula():
        exclusive = set(_exclusive_minimums(calculator_html(kpi, "en")))
        for item in kpi.formula.inputs:
            if item.min != 0 or isinstance(item.min, str):
                assert item.id not in exclusive, (kpi.id, item.id)
                continue
            values = {**kpi.formula.example_inputs, item.id: Decimal(0)}
            try:
                kpi.formula.compute({key: str(value) for key, value in values.items()})
                refused = False
            except EvaluationError as error:
                refused = (error.code, error.input) == ("zero_division", item.id)
            assert refused == (item.id in exclusive), (kpi.id, item.id)
            marked += refused
    assert marked > 50


def test_formula_is_rendered_with_labels_symbols_and_needed_parentheses() -> None:
    labels = {"a": "Omzet", "b": "Kosten", "c": "Klanten"}
    assert formula_text("(a - b) / c", labels) == "(Omzet − Kosten) ÷ Klanten"
    assert formula_text("a - (b - c)", labels) == "Omzet − (Kosten − Klanten)"
    assert formula_text("100 * a / b", labels) == "100 × Omzet ÷ Kosten"


def test_formula_line_writes_constants_and_arguments_the_way_of_its_language() -> None:
    labels = {"a": "A", "b": "B"}
    assert formula_text("max(a, b) * 0.5 + 1000", labels, "nl") == "max(A; B) × 0,5 + 1.000"
    assert formula_text("max(a, b) * 0.5 + 1000", labels, "en") == "max(A, B) × 0.5 + 1,000"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # signs: a plus changes nothing, a minus after an operator or before more than a value
        # goes in brackets
        ("a / +b", "A ÷ B"),
        ("-a / b", "−A ÷ B"),
        ("a - -b", "A − (−B)"),
        ("a * -b", "A × (−B)"),
        ("-(a + b) * c", "−(A + B) × C"),
        ("--a", "−(−A)"),
        # powers: brackets on both sides, whichever way Python groups them
        ("(b ** 2) ** 0.5", "(B ^ 2) ^ 0,5"),
        ("b ** 2 ** 0.5", "B ^ (2 ^ 0,5)"),
        ("(-a) ** 2", "(−A) ^ 2"),
        ("-a ** 2", "−(A ^ 2)"),
        ("2 ** -a", "2 ^ (−A)"),
        ("(a * b) ** 2", "(A × B) ^ 2"),
        ("a * b ** 2", "A × B ^ 2"),
    ],
)
def test_formula_line_shows_signs_and_powers_as_they_are_computed(
    expression: str, expected: str
) -> None:
    assert formula_text(expression, {"a": "A", "b": "B", "c": "C"}, "nl") == expected


@pytest.mark.parametrize(
    ("expression", "nl", "en"),
    [
        ("a if a < b else b", "A als A < B, anders B", "A if A < B, otherwise B"),
        (
            "a if not (b < 0) else c",
            "A als niet (B < 0), anders C",
            "A if not (B < 0), otherwise C",
        ),
        (
            "a if a < b and b <= c else c",
            "A als A < B en B ≤ C, anders C",
            "A if A < B and B ≤ C, otherwise C",
        ),
        # `and` binds first; brackets say so to a reader who does not know that
        (
            "a if a < b or b < c and c != 0 else 1",
            "A als A < B of (B < C en C ≠ 0), anders 1",
            "A if A < B or (B < C and C ≠ 0), otherwise 1",
        ),
        (
            "a if not (a < b or c == 0) else b",
            "A als niet (A < B of C = 0), anders B",
            "A if not (A < B or C = 0), otherwise B",
        ),
        # a chain of conditions reads on; a condition inside anything else is bracketed
        (
            "a if a > 0 else b if b > 0 else c",
            "A als A > 0, anders B als B > 0, anders C",
            "A if A > 0, otherwise B if B > 0, otherwise C",
        ),
        (
            "(a if a > 0 else b) if c > 0 else 0",
            "(A als A > 0, anders B) als C > 0, anders 0",
            "(A if A > 0, otherwise B) if C > 0, otherwise 0",
        ),
        ("2 * (a if a > 0 else b)", "2 × (A als A > 0, anders B)", "2 × (A if A > 0, otherwise B)"),
        (
            "max(a if a > 0 else b, c)",
            "max((A als A > 0, anders B); C)",
            "max((A if A > 0, otherwise B), C)",
        ),
        ("abs(a if a > 0 else b)", "abs(A als A > 0, anders B)", "abs(A if A > 0, otherwise B)"),
    ],
)
def test_formula_line_writes_conditions_in_the_words_of_its_language(
    expression: str, nl: str, en: str
) -> None:
    labels = {"a": "A", "b": "B", "c": "C"}
    assert formula_text(expression, labels, "nl") == nl
    assert formula_text(expression, labels, "en") == en


#: The English formula line written back as Python: the ids stand for themselves as labels.
_AS_PYTHON = {
    ", otherwise ": " else ",
    "−": "-",
    "×": "*",
    "÷": "/",
    "^": "**",
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    " = ": " == ",
}


class _WithoutUnaryPlus(ast.NodeTransformer):
    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        return node.operand if isinstance(node.op, ast.UAdd) else node


@pytest.mark.parametrize(
    "expression",
    [
        "a - b - c",
        "a - (b - c)",
        "a / b * c",
        "a / (b * c)",
        "(a + b) * (b - c) / -c",
        "a ** b ** c",
        "(a ** b) ** c",
        "-a ** b",
        "(-a) ** b",
        "a ** -b",
        "+a - +(-b)",
        "-(-a) * -(b + c)",
        "round(-a ** 2 / b, 2) + min(a, -b, c ** 2)",
        "a if a < b < c else b",
        "a if not a < b else b",
        "a if not (a < b and b < c) or c == 0 else 1",
        "a if (a < b or b < c) and not c != 0 else 1",
        "a if a < b else b if b >= c else c",
        "(a if a < b else b) ** 2 - (c if c > 0 else -c)",
        "max(a if a > 0 else b, -(b if b > 0 else c))",
        "a if (b if b > 0 else c) > 0 else -a",
    ],
)
def test_formula_line_groups_every_construct_as_the_computation_does(expression: str) -> None:
    text = formula_text(expression, {"a": "a", "b": "b", "c": "c"}, "en")
    for readable, python in _AS_PYTHON.items():
        text = text.replace(readable, python)
    original = _WithoutUnaryPlus().visit(ast.parse(expression, mode="eval").body)
    assert ast.dump(ast.parse(text, mode="eval").body) == ast.dump(original), text


def test_filled_formula_writes_signs_powers_and_conditions_like_the_formula_line() -> None:
    formula = _formula("a if not (b < 0) else (-b) ** 2", {"a": "count", "b": "count"})
    assert filled_formula(formula, "nl") == [
        "",
        "a",
        " als niet (",
        "b",
        " < 0), anders (−",
        "b",
        ") ^ 2",
    ]
    assert filled_formula(formula, "en") == [
        "",
        "a",
        " if not (",
        "b",
        " < 0), otherwise (−",
        "b",
        ") ^ 2",
    ]


def _formula(expression: str, units: dict[str, str]) -> Formula:
    inputs = tuple(Input(id, Text(id, id), unit) for id, unit in units.items())
    return Formula(expression, inputs, {}, Decimal(0))


def test_filled_formula_leaves_slots_for_inputs_between_the_page_symbols() -> None:
    ctr = _formula("100 * clicks / impressions", {"clicks": "count", "impressions": "count"})
    assert filled_formula(ctr, "nl") == ["100 × ", "clicks", " ÷ ", "impressions", ""]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # CLV and marketing ROI: the margin shows as "40%", which already is 40 ÷ 100.
        ("a * b * p / 100", ["", "a", " × ", "b", " × ", "p", ""]),
        ("100 * (a * p / 100 - b) / b", ["100 × (", "a", " × ", "p", " − ", "b", ") ÷ ", "b", ""]),
        ("p / 100", ["", "p", ""]),
        ("p * a / 100", ["", "p", " × ", "a", ""]),
        # Not a share of something: the ÷ 100 stays.
        ("a / p / 100", ["", "a", " ÷ ", "p", " ÷ 100"]),
        ("p * q / 100", ["", "p", " × ", "q", " ÷ 100"]),
        ("a / 100", ["", "a", " ÷ 100"]),
        ("(p - q) / 100", ["(", "p", " − ", "q", ") ÷ 100"]),
        ("p / 10", ["", "p", " ÷ 10"]),
    ],
)
def test_filled_formula_shows_a_percentage_divided_by_100_as_the_percentage(
    expression: str, expected: list[str]
) -> None:
    units = {"a": "currency", "b": "currency", "p": "percent", "q": "percent"}
    assert filled_formula(_formula(expression, units), "nl") == expected


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_filled_formula_reads_like_its_formula_line(real_catalog, lang: str) -> None:
    """Labels in the slots give the formula line back, bar a percentage's "÷ 100"."""
    for kpi in real_catalog.with_formula():
        labels = {item.id: item.label[lang] for item in kpi.formula.inputs}
        parts = filled_formula(kpi.formula, lang)
        filled = "".join(labels[part] if i % 2 else part for i, part in enumerate(parts))
        line = formula_text(kpi.formula.expression, labels, lang)
        for item in kpi.formula.inputs:
            if item.unit == "percent":
                line = line.replace(f"{labels[item.id]} ÷ 100", labels[item.id])
        assert filled == line, kpi.id
        assert "/" not in filled and "*" not in filled, kpi.id


def test_catalog_json_has_goals_kpis_links_and_formulas(mini) -> None:
    data = json.loads(catalog_json(mini))
    assert [goal["id"] for goal in data["goals"]] == ["increase_sales", "brand_awareness"]
    ctr = next(kpi for kpi in data["kpis"] if kpi["id"] == "ctr")
    assert ctr["formula"]["expression"] == "100 * clicks / impressions"
    assert ctr["formula"]["example"] == {
        "inputs": {"clicks": "7", "impressions": "200"},
        "result": "3.5",
    }
    assert ctr["formula"]["inputs"][1]["label"] == {"nl": "Vertoningen", "en": "Impressions"}
    vanity = [link for link in data["links"] if link["role"] == "vanity"]
    assert vanity == [
        {
            "goal": "increase_sales",
            "kpi": "follower_count",
            "role": "vanity",
            "reason": {
                "nl": "Volgers kopen niet vanzelf.",
                "en": "Followers do not buy by themselves.",
            },
            "warning": {
                "nl": "Veel volgers zeggen niets over verkoop.",
                "en": "Many followers say nothing about sales.",
            },
            "instead": ["ctr"],
        }
    ]


def test_generated_formula_module_computes_like_the_catalog(
    mini, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "kpi_formulas.py"
    path.write_text(formula_module(mini), "utf-8")
    spec = importlib.util.spec_from_file_location("kpi_formulas", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "kpi_formulas", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    assert json.loads(
        module.run("nps", '{"promoters": "50", "passives": "30", "detractors": "20"}')
    ) == {"ok": True, "value": "30"}
    answer = json.loads(module.run("ctr", '{"clicks": "0", "impressions": "0"}'))
    assert answer["ok"] is False and answer["error"]["code"] == "zero_division"
    assert answer["error"]["input"] == "impressions"
    assert sorted(module.FORMULAS) == ["ctr", "nps"]


def test_kpi_page_shows_its_own_languages_names_and_the_other_languages_name(mini) -> None:
    english = kpi_page(mini, mini.kpis["ctr"], "en").content
    assert (
        '<p class="kpi-aka"><strong>Also known as:</strong> CTR · clickthrough rate<br>\n'
        "<strong>In Dutch:</strong> Doorklikratio</p>"
    ) in english
    dutch = kpi_page(mini, mini.kpis["nps"], "nl").content  # the same name in both: no second line
    assert '<p class="kpi-aka"><strong>Ook bekend als:</strong> NPS</p>' in dutch


def test_worked_example_names_inputs_in_lower_case_but_keeps_abbreviations(mini) -> None:
    from generator.pages import example_text

    assert example_text(mini.kpis["ctr"], "nl") == (
        "klikken 7, vertoningen 200 → Doorklikratio 3,5%"
    )
    sql = replace(mini.kpis["ctr"].formula.inputs[0], label=Text("SQL-klikken", "SQL clicks"))
    formula = replace(mini.kpis["ctr"].formula, inputs=(sql, *mini.kpis["ctr"].formula.inputs[1:]))
    kpi = replace(mini.kpis["ctr"], formula=formula)
    assert example_text(kpi, "en").startswith("SQL clicks 7, impressions 200 → ")


def test_worked_example_writes_whole_amounts_without_cents_and_the_result_with(
    real_catalog,
) -> None:
    nbsp = "\u00a0"
    dutch = kpi_page(real_catalog, real_catalog.kpis["cac"], "nl").content
    assert (
        f"marketingkosten €{nbsp}42.000, saleskosten €{nbsp}28.000, nieuwe klanten 175 → "
        f"Klantwervingskosten €{nbsp}400,00</p>"
    ) in dutch
    english = kpi_page(real_catalog, real_catalog.kpis["price_competitiveness_index"], "en")
    english = english.content
    assert "own price €24.90, average competitor price €27.50 → " in english


def test_band_ranges_read_as_words_with_the_upper_bound_left_out(real_catalog) -> None:
    kpi = real_catalog.kpis["price_competitiveness_index"]
    band_row = re.compile(r'<td>([^<]+)</td>\n<td><span class="kpi-band')
    rows = {
        lang: band_row.findall(kpi_page(real_catalog, kpi, lang).content) for lang in ("nl", "en")
    }
    assert rows == {
        "nl": ["Onder 95", "95 tot 105", "105 of meer"],
        "en": ["Under 95", "95 to under 105", "105 or more"],
    }
    nps = kpi_page(real_catalog, real_catalog.kpis["nps"], "nl").content
    assert "<td>0 tot +30</td>" in nps and "<td>+70 of meer</td>" in nps


def test_kpi_without_formula_explains_it_under_how_to_measure(mini) -> None:
    page = kpi_page(mini, mini.kpis["follower_count"], "en").content
    assert "How to calculate it" not in page
    assert page.index(">How to measure it</h2>") < page.index("No formula")


@pytest.mark.parametrize(
    ("text", "most", "card"),
    [
        ("Kort.", 170, "Kort."),
        ("Eén zin. Nog een zin. Een derde zin die te lang is.", 25, "Eén zin. Nog een zin."),
        ("Een zin zonder punt die veel te lang is", 20, "Een zin zonder punt…"),
        ("Bereik 2.5 keer. Meer.", 18, "Bereik 2.5 keer."),
    ],
)
def test_a_goal_card_shows_whole_sentences_that_fit(text: str, most: int, card: str) -> None:
    assert pages.gist(text, most) == card
    assert len(card) <= most


def test_every_goal_card_of_the_real_catalog_ends_a_sentence(real_catalog) -> None:
    for goal in real_catalog.goals:
        for lang in ("nl", "en"):
            card = pages.gist(goal.summary[lang])
            assert card.endswith((".", "!", "?")), (goal.id, lang, card)


# --- KPI pages as HTML, with what Markdown's toc and abbr would add -----------------------------

STYLE = pages.HtmlStyle(
    permalink="&para;",
    permalink_title="Vaste link naar dit deel",
    abbreviations={"CTR": "Doorklikratio: <klikken> per vertoning", "KPI": "Kernindicator"},
)


def test_kpi_page_headings_get_ids_and_permalinks_and_make_the_table_of_contents(mini) -> None:
    page = kpi_page(mini, mini.kpis["ctr"], "nl", STYLE)
    assert page.content.startswith(
        '<h1 id="doorklikratio-ctr">Doorklikratio (<abbr title="Doorklikratio: &lt;klikken&gt; '
        'per vertoning">CTR</abbr>)<a class="headerlink" href="#doorklikratio-ctr" '
        'title="Vaste link naar dit deel">&para;</a></h1>\n'
    )
    assert page.title == "Doorklikratio (CTR)"
    [title] = page.toc
    assert (title["level"], title["id"], title["name"]) == (1, "doorklikratio-ctr", page.title)
    sections = [(item["level"], item["id"], item["name"]) for item in title["children"]]
    assert sections[:2] == [
        (2, "in-een-oogopslag", "In één oogopslag"),
        (2, "zo-bereken-je-het", "Zo bereken je het"),
    ]
    assert page.anchors == {"doorklikratio-ctr", *(id_ for _, id_, _ in sections)}
    for _, anchor, _ in sections:
        assert f'<h2 id="{anchor}">' in page.content


def test_abbreviations_are_explained_in_text_but_not_inside_words_or_the_formula(mini) -> None:
    kpi = replace(
        mini.kpis["ctr"],
        why=Text("De CTR, geen CTRs of xCTR; een KPI & meer.\nTweede regel.", "x"),
    )
    page = kpi_page(replace(mini, kpis={**mini.kpis, "ctr": kpi}), kpi, "nl", STYLE).content
    assert (
        '<p>De <abbr title="Doorklikratio: &lt;klikken&gt; per vertoning">CTR</abbr>, geen CTRs '
        'of xCTR; een <abbr title="Kernindicator">KPI</abbr> &amp; meer. Tweede regel.</p>'
    ) in page
    assert "<code>Doorklikratio = 100 × Klikken ÷ Vertoningen</code>" in page


def test_links_between_pages_follow_the_sites_kind_of_url(mini) -> None:
    assert pages.relative_url("kpi/ctr.md", "goals/increase_sales.md") == (
        "../../goals/increase_sales/"
    )
    assert pages.relative_url("kpi/ctr.md", "kpi/nps.md") == "../nps/"
    assert pages.relative_url("kpi/ctr.md", "kpi/index.md") == "../"
    assert pages.relative_url("kpi/ctr.md", "goals/increase_sales.md", False) == (
        "../goals/increase_sales.html"
    )
    flat = replace(STYLE, directory_urls=False)
    page = kpi_page(mini, mini.kpis["follower_count"], "nl", flat).content
    assert '<a href="../goals/increase_sales.html">Verkoop stimuleren</a>' in page
    assert '<a href="ctr.html">Doorklikratio (<abbr' in page


def test_lists_of_kpis_on_a_goal_page_have_a_space_after_each_comma(real_catalog) -> None:
    page = goal_page(real_catalog, real_catalog.goal("acquire_customers"), "nl")
    assert "</a>, <a" in page and "</a>,<a" not in page  # the goal tree's primary KPIs
    warning = page[page.index("!!! warning") :]
    assert "), [" in warning and "),[" not in warning  # what to watch instead

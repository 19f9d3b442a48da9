"""Inputs with the unit ``count`` take whole numbers, in the formula runner and in the CLI.

The browser runs generator/formula.py too, so it gives the same error code (``not_whole``);
calculator/messages.js words it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from generator.cli import main
from generator.formula import EvaluationError, compute, run_json

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini_catalog.yaml"
#: CTR as catalog.json publishes it: both inputs are counts.
CTR = {
    "expression": "100 * clicks / impressions",
    "inputs": [
        {"id": "clicks", "unit": "count", "min": "0", "max": "impressions"},
        {"id": "impressions", "unit": "count", "min": "0", "max": None},
    ],
    "checks": [],
}


@pytest.mark.parametrize("clicks", ["7.5", "0.1", "-0.5", 7.5])
def test_a_fraction_for_a_count_is_refused_naming_the_input(clicks: object) -> None:
    with pytest.raises(EvaluationError) as caught:
        compute(CTR, {"clicks": clicks, "impressions": "200"})
    assert (caught.value.code, caught.value.input, caught.value.detail) == (
        "not_whole",
        "clicks",
        None,
    )


@pytest.mark.parametrize("clicks", ["7", "7.0", "7.000", 7, 7.0])
def test_a_whole_number_for_a_count_may_be_written_with_zero_decimals(clicks: object) -> None:
    assert compute(CTR, {"clicks": clicks, "impressions": "200"}) == Decimal("3.5")


def test_a_fraction_is_fine_for_any_other_unit() -> None:
    spec = {**CTR, "inputs": [{**item, "unit": "number"} for item in CTR["inputs"]]}
    assert compute(spec, {"clicks": "7.5", "impressions": "200"}) == Decimal("3.75")


def test_the_browser_entry_point_returns_the_code_for_its_message() -> None:
    answer = json.loads(run_json({"ctr": CTR}, "ctr", '{"clicks": "7.5", "impressions": "200"}'))
    assert answer == {
        "ok": False,
        "error": {"code": "not_whole", "input": "clicks", "detail": None},
    }


def test_calc_refuses_a_fraction_for_a_count(capsys) -> None:
    argv = ["calc", "--catalog", str(MINI), "ctr", "clicks=7,5", "impressions=200"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "kpi-handbook calc: clicks is 7.5, but it is a count: give a whole number\n"
    )

"""Every catalog formula gives the same result in CPython and in the real Pyodide runtime (Node)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator import formula as formula_language
from generator.pages import formula_module

from ..conftest import ROOT, node_available

pytestmark = pytest.mark.skipif(not node_available(), reason="needs node and `npm ci`")
SCRIPT = Path(__file__).with_name("run_in_pyodide.mjs")
NINES = "9" * 15


def _examples(catalog) -> dict[str, dict[str, str]]:
    return {
        kpi.id: {k: formula_language.plain(v) for k, v in kpi.formula.example_inputs.items()}
        for kpi in catalog.with_formula()
    }


def _with_first_input_zero(catalog, examples: dict[str, dict[str, str]]) -> dict:
    """The examples with their first input set to 0: the errors must agree as well."""
    return {
        kpi_id: {**values, catalog.kpis[kpi_id].formula.inputs[0].id: "0"}
        for kpi_id, values in examples.items()
    }


def _in_pyodide(module: Path, cases: dict, tmp_path: Path) -> dict:
    (tmp_path / "cases.json").write_text(json.dumps(cases), "utf-8")
    command = ["node", str(SCRIPT), str(module), str(tmp_path / "cases.json")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def _in_cpython(catalog, cases: dict) -> dict:
    return {
        kpi_id: json.loads(
            formula_language.run_json(
                {kpi_id: catalog.kpis[kpi_id].formula.spec()}, kpi_id, json.dumps(values)
            )
        )
        for kpi_id, values in cases.items()
    }


def test_every_formula_agrees_between_cpython_and_pyodide(real_catalog, tmp_path: Path) -> None:
    module = tmp_path / "kpi_formulas.py"
    module.write_text(formula_module(real_catalog), "utf-8")
    examples = _examples(real_catalog)
    for cases in (examples, _with_first_input_zero(real_catalog, examples)):
        browser_side = _in_pyodide(module, cases, tmp_path)
        assert browser_side == _in_cpython(real_catalog, cases)
    results = _in_pyodide(module, examples, tmp_path)
    for kpi in real_catalog.with_formula():
        assert results[kpi.id]["ok"], kpi.id
        expected = kpi.formula.example_result
        places = max(0, -expected.as_tuple().exponent)
        got = formula_language.parse_plain_number(results[kpi.id]["value"])
        assert (
            got.quantize(expected.scaleb(0) if places == 0 else expected) == expected
            or round(got, places) == expected
        ), kpi.id


#: Formulas at the edges of exact arithmetic, each with the inputs that take it there.
EDGES = {
    "too_wide": ("a * b * c * d / 100", {"a": NINES, "b": NINES, "c": NINES, "d": "100"}),
    "quotient": ("a * b / 7", {"a": NINES, "b": NINES}),
    "cancelled": (
        "(a / 3 - b / 3) * c * 1000",
        {"a": "100000000000001", "b": "100000000000000", "c": NINES},
    ),
    "halfway": ("a / b * c", {"a": "0.11", "b": "7", "c": "3.5"}),
    "growth": ("a * (1 + r / 100) ** years", {"a": "1000", "r": "5", "years": "100"}),
    "root": ("a ** (1 / b)", {"a": "1000", "b": "3"}),
    "exponent": ("a ** b", {"a": "2", "b": "101"}),
}


def test_the_edges_of_exact_arithmetic_agree_between_cpython_and_pyodide(tmp_path: Path) -> None:
    formulas = {
        kpi_id: {"expression": expression, "inputs": [{"id": name} for name in values]}
        for kpi_id, (expression, values) in EDGES.items()
    }
    module = tmp_path / "kpi_formulas.py"
    module.write_text(
        Path(formula_language.__file__).read_text("utf-8")
        + f"\n\nFORMULAS = json.loads({json.dumps(formulas)!r})\n\n\n"
        "def run(kpi_id: str, values_json: str) -> str:\n"
        "    return run_json(FORMULAS, kpi_id, values_json)\n",
        "utf-8",
    )
    cases = {kpi_id: values for kpi_id, (_, values) in EDGES.items()}
    cpython = {
        kpi_id: json.loads(formula_language.run_json(formulas, kpi_id, json.dumps(values)))
        for kpi_id, values in cases.items()
    }
    assert _in_pyodide(module, cases, tmp_path) == cpython
    codes = {kpi_id: answer.get("error", {}).get("code") for kpi_id, answer in cpython.items()}
    assert codes == {
        "too_wide": "too_large",
        "quotient": None,
        "cancelled": "too_large",
        "halfway": "invalid_operation",
        "growth": None,
        "root": None,
        "exponent": "exponent_too_large",
    }

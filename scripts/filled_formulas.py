"""Every calculator's formula line and its worked example filled in, as a reader sees them.

    python scripts/filled_formulas.py            # both languages
    python scripts/filled_formulas.py --lang en

For each KPI with a formula: the formula line of its page and, below it, the formula the
calculator shows under the worked example's result. The numbers are written by the browser's own
``format.js`` (run with Node), the text around them by :func:`generator.pages.filled_formula`:
read it to spot a symbol, unit or number that reads oddly.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import formula as formula_language  # noqa: E402
from generator.loader import load_catalog  # noqa: E402
from generator.pages import filled_formula, formula_text  # noqa: E402

#: Reads the rows on standard input, writes one filled-in formula per row.
FILL = """
import { formatFormula, formatResult } from "./site_overrides/assets/calculator/format.js";
let input = "";
for await (const chunk of process.stdin) input += chunk;
for (const row of JSON.parse(input)) {
  const filled = formatFormula(row.parts, row.values, row.units, row.lang);
  console.log(`${filled} = ${formatResult(row.result, row.unit, row.lang)}`);
}
"""


def rows(langs: list[str]) -> list[dict]:
    """One row per KPI with a formula and language: its formula line and what Node fills in."""
    found = []
    for kpi in load_catalog(ROOT / "catalog.yaml").with_formula():
        formula = kpi.formula
        values = {
            key: formula_language.plain(value) for key, value in formula.example_inputs.items()
        }
        for lang in langs:
            labels = {item.id: item.label[lang] for item in formula.inputs}
            found.append(
                {
                    "kpi": kpi.id,
                    "lang": lang,
                    "line": formula_text(formula.expression, labels, lang),
                    "parts": filled_formula(formula, lang),
                    "values": values,
                    "units": {item.id: item.unit for item in formula.inputs},
                    "result": formula_language.plain(formula.compute(values)),
                    "unit": kpi.unit,
                }
            )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=["nl", "en"], action="append")
    args = parser.parse_args()
    found = rows(args.lang or ["nl", "en"])
    node = subprocess.run(
        ["node", "--input-type=module", "-e", FILL],
        input=json.dumps(found),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    for row, filled in zip(found, node.stdout.splitlines(), strict=True):
        print(f"{row['kpi']} ({row['lang']})\n  {row['line']}\n  {filled}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

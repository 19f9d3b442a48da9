// Runs the generated formula module in the real Pyodide (Node) and prints every KPI's result.
// Usage: node run_in_pyodide.mjs <kpi_formulas.py> <cases.json>; cases: {kpi: {input: "1.5"}}.
import { readFile } from "node:fs/promises";
import { loadPyodide } from "pyodide";

const [modulePath, casesPath] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.FS.writeFile("/home/pyodide/kpi_formulas.py", await readFile(modulePath, "utf8"));
pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide'); import kpi_formulas");
const run = pyodide.globals.get("kpi_formulas").run;
const cases = JSON.parse(await readFile(casesPath, "utf8"));
const results = {};
for (const [kpi, values] of Object.entries(cases)) {
  results[kpi] = JSON.parse(run(kpi, JSON.stringify(values)));
}
process.stdout.write(JSON.stringify(results));

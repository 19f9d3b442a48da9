/**
 * Make the Pyodide memory snapshot that the calculator worker boots from.
 *
 * Boots Pyodide in Node, imports the generated formula module exactly as the worker would, runs
 * every formula once (so what a first calculation needs is already imported), and writes the
 * interpreter's memory as one gzip file: a JSON header line, then the snapshot.
 *
 * Usage: node snapshot.mjs <pyodide dir> <kpi_formulas.py> <output file>
 * Called by generator/snapshot.py at build time; worker.js reads the file.
 *
 * Pyodide's `_makeSnapshot` / `_loadSnapshot` options are not a stable API: the header records the
 * Pyodide version, and the worker uses the snapshot only with that exact version.
 */

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

/** Same folder and set-up as worker.js `importFormulas`, so the worker finds the module. */
const MODULE_DIR = "/kpi_handbook";
/** Read by worker.js: the first line of the file, before the snapshot's bytes. */
const FORMAT = "kpi-handbook-pyodide-snapshot/1";

const [pyodideDir, formulasPath, outputPath] = process.argv.slice(2);
if (!outputPath) {
  console.error("usage: node snapshot.mjs <pyodide dir> <kpi_formulas.py> <output file>");
  process.exit(2);
}

const pyodideModule = pathToFileURL(path.join(path.resolve(pyodideDir), "pyodide.mjs")).href;
const { loadPyodide, version } = await import(pyodideModule);
const pyodide = await loadPyodide({ _makeSnapshot: true });
pyodide.FS.mkdirTree(MODULE_DIR);
pyodide.FS.writeFile(`${MODULE_DIR}/kpi_formulas.py`, await readFile(formulasPath, "utf8"));
pyodide.runPython(`
import json
import sys
sys.path.insert(0, "${MODULE_DIR}")
import kpi_formulas
# One calculation per formula imports whatever a real one needs, before the memory is saved.
for _kpi, _spec in kpi_formulas.FORMULAS.items():
    kpi_formulas.run(_kpi, json.dumps({item["id"]: "1" for item in _spec["inputs"]}))
del _kpi, _spec
`);
const snapshot = pyodide.makeMemorySnapshot();
const file = Buffer.concat([headerLine({ format: FORMAT, pyodide: version }), snapshot]);
await writeFile(outputPath, gzipSync(file, { level: 6 }));

/**
 * The header as one line, padded so that the snapshot after it starts at a multiple of 8 bytes:
 * Pyodide reads the snapshot through typed arrays that must be aligned.
 *
 * @param {object} header
 * @returns {Buffer}
 */
function headerLine(header) {
  const text = JSON.stringify(header);
  const length = Math.ceil((Buffer.byteLength(text) + 1) / 8) * 8;
  return Buffer.from(`${text.padEnd(length - 1)}\n`);
}

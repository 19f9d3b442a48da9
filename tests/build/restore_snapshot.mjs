/**
 * Restore a built site's Pyodide memory snapshot in Node, on the site's small standard library,
 * as worker.js does in a browser, and answer in JSON what the test asks.
 *
 * Usage: node restore_snapshot.mjs <pyodide dir> <snapshot file> <library file> <inputs.json>
 * where inputs.json is {kpi: {input: "value"}}. Prints {results: {kpi: the formula's answer},
 * reimported: the file of a module imported again from the library}.
 */

import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";

const [pyodideDir, snapshotPath, libraryPath, inputsPath] = process.argv.slice(2);
const { loadPyodide } = await import(
  pathToFileURL(path.join(path.resolve(pyodideDir), "pyodide.mjs")).href
);
const file = gunzipSync(await readFile(snapshotPath));
const snapshot = new Uint8Array(file.subarray(file.indexOf(10) + 1)); // after the header line
const pyodide = await loadPyodide({
  _loadSnapshot: snapshot,
  stdLibURL: path.resolve(libraryPath),
});
pyodide.globals.set("inputs_json", await readFile(inputsPath, "utf8"));
const answer = pyodide.runPython(`
import json
import sys
import kpi_formulas
_results = {
    kpi: json.loads(kpi_formulas.run(kpi, json.dumps(values)))
    for kpi, values in json.loads(inputs_json).items()
}
# A module of the small library, imported afresh: its bytes must come from that library.
del sys.modules["dataclasses"]
import dataclasses
json.dumps({"results": _results, "reimported": dataclasses.__file__})
`);
console.log(answer);

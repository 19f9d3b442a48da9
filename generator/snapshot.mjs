/**
 * Make the Pyodide memory snapshot that the calculator worker boots from.
 *
 * Boots Pyodide in Node once, with Pyodide's full standard library. It imports the generated
 * formula module exactly as the worker would, runs every formula, and notes the standard library
 * modules that took: the site serves those as a small library of their own (about a third of
 * the full one), and the worker restores the snapshot on that library. Before the interpreter's
 * memory is saved, Python forgets what it read of the full library's zip: on the small one its
 * file offsets would point at the wrong bytes, so the next import reads the small zip afresh.
 * The library is written after the snapshot, so the module that writes it is not in there.
 * The snapshot is one gzip file: a JSON header line, then the interpreter's memory.
 *
 * Usage: node snapshot.mjs <pyodide dir> <kpi_formulas.py> <snapshot file> <library file>
 * Called by generator/snapshot.py at build time; worker.js reads both files.
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
const LIBRARY = "/kpi_handbook/stdlib.zip";

/** Import the formula module and run every formula once, with valid and with invalid input. */
const WARM_UP = `
import json
import sys
sys.path.insert(0, "${MODULE_DIR}")
import kpi_formulas
for _kpi, _spec in kpi_formulas.FORMULAS.items():
    for _value in ("1", "0", "-1", "x"):
        kpi_formulas.run(_kpi, json.dumps({item["id"]: _value for item in _spec["inputs"]}))
    kpi_formulas.run(_kpi, "not json")
del _kpi, _spec, _value
`;

/** The files of the full library's zip that the imported modules came from, as JSON. */
const USED_FILES = `
import json
import sys
_full = next(entry for entry in sys.path if entry.endswith(".zip"))
_used = json.dumps(sorted(
    module.__file__[len(_full) + 1 :]
    for module in list(sys.modules.values())
    if (getattr(module, "__file__", None) or "").startswith(_full + "/")
))
`;

/** Forget the full library's zip: its directory, and the importers that read it. */
const FORGET_FULL_LIBRARY = `
import sys
import zipimport
zipimport._zip_directory_cache.clear()
sys.path_importer_cache.clear()
del _full, _used
`;

/**
 * Write the files of the full library named in USED_FILES into a zip of their own, at LIBRARY.
 *
 * @param {string} used USED_FILES's answer
 */
function smallLibrary(used) {
  return `
import json
import sys
import zipfile
_full = next(entry for entry in sys.path if entry.endswith(".zip"))
_used = set(json.loads(${JSON.stringify(used)}))
with zipfile.ZipFile(_full) as _source, zipfile.ZipFile("${LIBRARY}", "w") as _target:
    for _entry in _source.infolist():
        if _entry.filename in _used:
            _target.writestr(_entry, _source.read(_entry))
`;
}

const [pyodideDir, formulasPath, snapshotPath, libraryPath] = process.argv.slice(2);
if (!libraryPath) {
  console.error("usage: node snapshot.mjs <pyodide dir> <kpi_formulas.py> <snapshot> <library>");
  process.exit(2);
}

const pyodideModule = pathToFileURL(path.join(path.resolve(pyodideDir), "pyodide.mjs")).href;
const { loadPyodide, version } = await import(pyodideModule);
const formulas = await readFile(formulasPath, "utf8");

const pyodide = await loadPyodide({ _makeSnapshot: true });
warmUp(pyodide);
pyodide.runPython(USED_FILES);
const used = pyodide.globals.get("_used");
pyodide.runPython(FORGET_FULL_LIBRARY);
const snapshot = pyodide.makeMemorySnapshot();
const file = Buffer.concat([headerLine({ format: FORMAT, pyodide: version }), snapshot]);
await writeFile(snapshotPath, gzipSync(file, { level: 6 }));
pyodide.runPython(smallLibrary(used));
await writeFile(libraryPath, pyodide.FS.readFile(LIBRARY));

/**
 * @param {any} instance a loaded Pyodide
 */
function warmUp(instance) {
  instance.FS.mkdirTree(MODULE_DIR);
  instance.FS.writeFile(`${MODULE_DIR}/kpi_formulas.py`, formulas);
  instance.runPython(WARM_UP);
}

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

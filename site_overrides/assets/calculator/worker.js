/**
 * Module worker that runs the catalog's formulas in Pyodide.
 *
 * Started by engine.js as `new Worker(url, {type: "module"})`: Pyodide 314 refuses classic workers.
 * It boots Pyodide from the copy the build puts in assets/pyodide/ (the Dutch site's, on the
 * English site) and then answers calculations.
 *
 * Two ways to boot. The fast one restores the memory snapshot the build made with Node
 * (generator/snapshot.py): Pyodide with kpi_formulas already imported, so Python need not start
 * and import anything, and it needs only the standard library modules the formulas use. The
 * plain one starts Python with Pyodide's full library, fetches the generated kpi_formulas.py and
 * imports it; it is used whenever the snapshot is missing, made for another Pyodide version, or
 * fails to load.
 *
 * A formula runs in Decimal arithmetic and cannot be interrupted, so the page guards each answer
 * with a time limit and ends this worker when it is exceeded.
 *
 * Messages out: {type: "status", stage}, {type: "ready", version, path: "snapshot" | "plain"},
 * {type: "boot_failed", detail}, {type: "result", id, outcome}.
 * Messages in: {type: "calculate", id, kpi, values}.
 *
 * @module worker
 */

import { CALCULATOR_ASSETS } from "./runtime.js";

/** The Pyodide release the build copies to assets/pyodide/ (npm package `pyodide`). */
const PYODIDE_VERSION = "314.0.7";
/**
 * The folder with the formula module and its snapshot, beside assets/pyodide/: this site's own,
 * or, for the English site inside the Dutch one, the Dutch site's, so that both languages share
 * one copy of the runtime (and the browser downloads it once). The build writes runtime.js.
 */
const RUNTIME_URL = new URL(CALCULATOR_ASSETS, import.meta.url);
const PYODIDE_URL = new URL("../pyodide/", RUNTIME_URL);
const FORMULAS_URL = new URL("./kpi_formulas.py", RUNTIME_URL);
/** Written by generator/snapshot.mjs: a JSON header line, then the snapshot; gzip-compressed. */
const SNAPSHOT_URL = new URL("./kpi_formulas.snapshot.gz", RUNTIME_URL);
/** The standard library modules the snapshot was made with: a third of Pyodide's library. */
const LIBRARY_URL = new URL("./kpi_formulas.stdlib.zip", RUNTIME_URL);
const SNAPSHOT_FORMAT = "kpi-handbook-pyodide-snapshot/1";
/** Where the formula module lives in Pyodide's file system, kept apart from the home folder. */
const MODULE_DIR = "/kpi_handbook";

const booting = boot();
// A failed boot is reported as a message; the rejection must not also surface as unhandled.
booting.catch(() => {});
self.addEventListener("message", (event) => answer(event.data));

/**
 * Load Pyodide and the formula module; report progress and the outcome to the page.
 *
 * @returns {Promise<Function>} the module's `run(kpi_id, values_json)` as a JS-callable proxy
 */
async function boot() {
  try {
    postStatus("runtime");
    // Every download starts at once: the snapshot, and both of Pyodide's scripts, the second of
    // which loadPyodide would only ask for once the first has run (it gets the same module).
    const snapshot = requestSnapshot();
    import(new URL("pyodide.asm.mjs", PYODIDE_URL).href).catch(() => {});
    const pyodideModule = await import(new URL("pyodide.mjs", PYODIDE_URL).href);
    warnOnVersion(pyodideModule.version);
    let path = "snapshot";
    let run = await bootFromSnapshot(pyodideModule, await snapshot);
    if (run === null) {
      path = "plain";
      run = await bootPlain(pyodideModule);
    }
    self.postMessage({ type: "ready", version: pyodideModule.version, path });
    return run;
  } catch (error) {
    self.postMessage({ type: "boot_failed", detail: describe(error) });
    throw error;
  }
}

/**
 * Start fetching the snapshot; null when there is none (an older build, or Node was missing).
 *
 * @returns {Promise<Response | null>}
 */
async function requestSnapshot() {
  try {
    // Revalidate: a rebuild replaces the snapshot under the same URL.
    const response = await fetch(SNAPSHOT_URL, { cache: "no-cache" });
    return response.ok ? response : null;
  } catch {
    return null;
  }
}

/**
 * Boot from the snapshot; null when it cannot be used, so the caller boots the plain way.
 *
 * @param {{loadPyodide: Function, version: string}} pyodideModule
 * @param {Response | null} response the snapshot's response
 * @returns {Promise<Function | null>}
 */
async function bootFromSnapshot(pyodideModule, response) {
  if (response === null) {
    return null;
  }
  try {
    const snapshot = readSnapshot(response, pyodideModule.version);
    // loadPyodide waits for it later; a failure is reported through loadPyodide then.
    snapshot.catch(() => {});
    const pyodide = await loadRuntime(pyodideModule.loadPyodide, {
      _loadSnapshot: snapshot,
      stdLibURL: LIBRARY_URL.href,
    });
    return pyodide.pyimport("kpi_formulas").run;
  } catch (error) {
    console.warn(`kpi calculator: snapshot not used, booting without it: ${describe(error)}`);
    return null;
  }
}

/**
 * The snapshot's bytes, after checking that they were made for this very Pyodide.
 *
 * @param {Response} response
 * @param {string} loadedVersion the version of the pyodide.mjs that will use the snapshot
 * @returns {Promise<Uint8Array>}
 */
async function readSnapshot(response, loadedVersion) {
  const bytes = await unpack(response);
  const newline = bytes.indexOf(0x0a);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(0, newline)));
  if (header.format !== SNAPSHOT_FORMAT) {
    throw new Error(`unknown snapshot format ${header.format}`);
  }
  if (header.pyodide !== PYODIDE_VERSION || header.pyodide !== loadedVersion) {
    throw new Error(`snapshot made with Pyodide ${header.pyodide}, not ${loadedVersion}`);
  }
  // The header line is padded so that the snapshot starts aligned, as Pyodide needs.
  return bytes.subarray(newline + 1);
}

/**
 * A gzip-compressed body, unpacked while it downloads.
 *
 * A server that sends the file with Content-Encoding: gzip has unpacked it already, so the body
 * is only unpacked here when it starts with gzip's magic number.
 *
 * @param {Response} response
 * @returns {Promise<Uint8Array>}
 */
async function unpack(response) {
  const reader = response.body.getReader();
  const first = await reader.read();
  const head = first.done ? new Uint8Array() : first.value;
  const body = new ReadableStream({
    start: (controller) => controller.enqueue(head),
    pull: async (controller) => {
      const { done, value } = await reader.read();
      done ? controller.close() : controller.enqueue(value);
    },
  });
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const stream = gzipped ? body.pipeThrough(new DecompressionStream("gzip")) : body;
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Start Python, then fetch and import the formula module.
 *
 * @param {{loadPyodide: Function}} pyodideModule
 * @returns {Promise<Function>}
 */
async function bootPlain(pyodideModule) {
  const [pyodide, source] = await Promise.all([
    loadRuntime(pyodideModule.loadPyodide, {}),
    fetchFormulas(),
  ]);
  postStatus("formulas");
  return importFormulas(pyodide, source);
}

/**
 * Start Pyodide; rejects when its wasm cannot be downloaded or instantiated.
 *
 * @param {Function} loadPyodide
 * @param {object} options more options for loadPyodide
 * @returns {Promise<any>} the Pyodide API
 */
async function loadRuntime(loadPyodide, options) {
  const wasmFailure = watchWasmFailure();
  try {
    const loading = loadPyodide({ indexURL: PYODIDE_URL.href, ...options });
    return await Promise.race([loading, wasmFailure.failed]);
  } finally {
    wasmFailure.stop();
  }
}

/**
 * Turn Pyodide's warning about a failed wasm load into an error.
 *
 * Hack: Pyodide 314.0.7 catches that failure in getInstantiateWasmFunc, logs
 * "wasm instantiation failed!" with console.warn and never settles loadPyodide, so the page
 * would say "loading" forever. Remove when loadPyodide rejects by itself; engine.js keeps a
 * boot time limit as a safety net for any other hang.
 *
 * @returns {{failed: Promise<never>, stop: () => void}}
 */
function watchWasmFailure() {
  const warn = console.warn;
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  console.warn = (...args) => {
    warn.apply(console, args);
    if (args[0] === "wasm instantiation failed!") {
      fail(new Error(`could not load ${PYODIDE_URL.pathname}pyodide.asm.wasm`));
    }
  };
  return { failed, stop: () => (console.warn = warn) };
}

/**
 * @param {string} stage "runtime" or "formulas"
 */
function postStatus(stage) {
  self.postMessage({ type: "status", stage });
}

/**
 * Note a Pyodide copy other than the one this code was written and tested against.
 *
 * @param {string} version the version Pyodide reports
 */
function warnOnVersion(version) {
  if (version !== PYODIDE_VERSION) {
    console.warn(`kpi calculator: expected Pyodide ${PYODIDE_VERSION}, loaded ${version}`);
  }
}

/**
 * Fetch the generated formula module's source.
 *
 * @returns {Promise<string>}
 */
async function fetchFormulas() {
  // Revalidate: after a rebuild the formulas change while the URL stays the same.
  const response = await fetch(FORMULAS_URL, { cache: "no-cache" });
  if (!response.ok) {
    throw new Error(`${FORMULAS_URL.pathname}: HTTP ${response.status}`);
  }
  return response.text();
}

/**
 * Write the module into Pyodide's file system and import it.
 *
 * @param {any} pyodide the loaded Pyodide API
 * @param {string} source Python source of kpi_formulas.py
 * @returns {Function}
 */
function importFormulas(pyodide, source) {
  pyodide.FS.mkdirTree(MODULE_DIR);
  pyodide.FS.writeFile(`${MODULE_DIR}/kpi_formulas.py`, source);
  pyodide.pyimport("sys").path.insert(0, MODULE_DIR);
  return pyodide.pyimport("kpi_formulas").run;
}

/**
 * Answer one calculation request once booted; a failed boot was already reported.
 *
 * @param {{type: string, id: number, kpi: string, values: Record<string, string>}} request
 */
async function answer(request) {
  if (request?.type !== "calculate") {
    return;
  }
  let run;
  try {
    run = await booting;
  } catch {
    return;
  }
  self.postMessage({ type: "result", id: request.id, outcome: calculate(run, request) });
}

/**
 * Run one formula; the module never raises, but a broken module must not kill the worker.
 *
 * @param {Function} run
 * @param {{kpi: string, values: Record<string, string>}} request
 * @returns {object} {ok: true, value} or {ok: false, error: {code, input, detail}}
 */
function calculate(run, { kpi, values }) {
  try {
    return JSON.parse(run(kpi, JSON.stringify(values)));
  } catch (error) {
    return { ok: false, error: { code: "internal_error", input: null, detail: describe(error) } };
  }
}

/**
 * @param {unknown} error
 * @returns {string}
 */
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

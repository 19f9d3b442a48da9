/**
 * Module worker that runs the catalog's formulas in Pyodide.
 *
 * Started by engine.js as `new Worker(url, {type: "module"})`: Pyodide 314 refuses classic workers.
 * It boots Pyodide from the copy the build puts in assets/pyodide/, imports the generated
 * kpi_formulas.py, and then answers calculations. A formula runs in Decimal arithmetic and cannot
 * be interrupted, so the page guards each answer with a time limit and ends this worker when it
 * is exceeded.
 *
 * Messages out: {type: "status", stage}, {type: "ready", version}, {type: "boot_failed", detail},
 * {type: "result", id, outcome}. Messages in: {type: "calculate", id, kpi, values}.
 *
 * @module worker
 */

/** The Pyodide release the build copies to assets/pyodide/ (npm package `pyodide`). */
const PYODIDE_VERSION = "314.0.7";
const PYODIDE_URL = new URL("../pyodide/", import.meta.url);
const FORMULAS_URL = new URL("./kpi_formulas.py", import.meta.url);
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
    const pyodide = await loadRuntime();
    warnOnVersion(pyodide.version);
    postStatus("formulas");
    const run = importFormulas(pyodide, await fetchFormulas());
    self.postMessage({ type: "ready", version: pyodide.version });
    return run;
  } catch (error) {
    self.postMessage({ type: "boot_failed", detail: describe(error) });
    throw error;
  }
}

/**
 * Import and start Pyodide; rejects when its wasm cannot be downloaded or instantiated.
 *
 * @returns {Promise<any>} the Pyodide API
 */
async function loadRuntime() {
  const { loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE_URL).href);
  const wasmFailure = watchWasmFailure();
  try {
    return await Promise.race([loadPyodide({ indexURL: PYODIDE_URL.href }), wasmFailure.failed]);
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

/**
 * The one Pyodide worker of a visit: starting it, time limits, and restarting after a hang.
 *
 * Material's instant navigation keeps this module alive between pages, so the worker boots at
 * most once per visit unless a calculation exceeds its time limit. Pyodide cannot interrupt a
 * running formula without SharedArrayBuffer (which needs COOP/COEP headers), so a hung worker is
 * terminated and the next calculation starts a fresh one.
 *
 * On the first page of a visit the worker starts once the page has loaded. Started any earlier,
 * Pyodide's download (10 MB) and compilation compete with the page's own scripts, styles and
 * layout for the network and the CPU, and the page takes longer to show and to respond; the
 * formulas answer a few hundred milliseconds later instead (`make lighthouse`, `make bench`).
 *
 * @module engine
 */

/** Longest wait for one answer once booted; formulas take milliseconds. */
const CALCULATION_TIMEOUT_MS = 5000;
/**
 * Longest wait for a boot (13.5 MB, 6.3 MB gzipped; 4-10 s on a fast line). Only a safety net
 * against a boot that hangs: worker.js reports the failures it can see at once.
 */
const BOOT_TIMEOUT_MS = 90_000;

/**
 * @typedef {{ok: true, value: string} |
 *   {ok: false, error: {code: string, input: string | null, detail: any}}} Outcome
 * @typedef {"idle" | "booting" | "ready" | "failed" | "unavailable"} Phase
 * @typedef {{phase: Phase, stage?: string}} EngineState
 */

/** @type {Worker | null} */
let worker = null;
/** @type {EngineState} */
let state = { phase: "idle" };
let bootCount = 0;
/** How the current worker booted: "snapshot" or "plain" (worker.js), "" until it is ready. */
let bootPath = "";
let readiness = deferred();
let nextRequestId = 1;
/** @type {number | undefined} */
let bootTimer;
/** @type {Map<number, {resolve: (outcome: Outcome) => void, timer: number}>} */
const pending = new Map();
/** @type {Set<(state: EngineState) => void>} */
const listeners = new Set();

/**
 * A promise with its resolve and reject functions; its rejection never counts as unhandled.
 *
 * @returns {{promise: Promise<void>, resolve: () => void, reject: (error: Error) => void}}
 */
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * What tests and the page may read: boots so far, how the last one went, and readiness.
 *
 * @returns {{bootCount: number, bootPath: string, ready: Promise<void>, state: EngineState}}
 */
export function engineInfo() {
  return { bootCount, bootPath, ready: readiness.promise, state };
}

/**
 * Be told of every state change (booting stages, ready, failed).
 *
 * @param {(state: EngineState) => void} listener
 */
export function onEngineState(listener) {
  listeners.add(listener);
}

/**
 * @param {EngineState} next
 */
function setState(next) {
  state = next;
  listeners.forEach((listener) => listener(state));
}

/**
 * Start the worker unless it runs, has failed, or cannot run (a page opened from file://); on
 * a page still loading, once it has loaded.
 */
export function startEngine() {
  if (worker !== null || state.phase === "failed" || state.phase === "unavailable") {
    return;
  }
  if (location.protocol === "file:") {
    // Browsers refuse module workers and wasm fetches from file:// (CORS).
    readiness.reject(new Error("the calculator needs a web server"));
    setState({ phase: "unavailable" });
    return;
  }
  if (document.readyState !== "complete") {
    // The same listener is added once, however often this runs before the load.
    window.addEventListener("load", startEngine, { once: true });
    if (state.phase === "idle") {
      setState({ phase: "booting", stage: "start" });
    }
    return;
  }
  bootCount += 1;
  const started = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  // Events still queued from a terminated worker must not touch its successor.
  started.addEventListener("message", (event) => worker === started && onWorkerEvent(event));
  started.addEventListener("error", (event) => worker === started && onWorkerEvent(event));
  worker = started;
  bootTimer = setTimeout(() => {
    console.error(`kpi calculator: boot took longer than ${BOOT_TIMEOUT_MS / 1000} s`);
    failBoot();
  }, BOOT_TIMEOUT_MS);
  setState({ phase: "booting", stage: "start" });
}

/**
 * @param {Event} event a message or error event of the current worker
 */
function onWorkerEvent(event) {
  if (event.type === "message") {
    onWorkerMessage(/** @type {MessageEvent} */ (event).data);
  } else {
    onWorkerError(/** @type {ErrorEvent} */ (event));
  }
}

/**
 * Calculate a KPI; waits for the boot, never rejects.
 *
 * @param {string} kpi the KPI id
 * @param {Record<string, string>} values input id to plain decimal
 * @returns {Promise<Outcome>}
 */
export async function calculate(kpi, values) {
  while (state.phase !== "ready") {
    if (state.phase === "failed") {
      return failure("boot_failed");
    }
    if (state.phase === "unavailable") {
      return failure("needs_server");
    }
    startEngine();
    // A timeout elsewhere may end this worker while we wait; the loop then boots a new one.
    await readiness.promise.catch(() => {});
  }
  return post(kpi, values);
}

/**
 * Send one request to the ready worker with a time limit.
 *
 * @param {string} kpi
 * @param {Record<string, string>} values
 * @returns {Promise<Outcome>}
 */
function post(kpi, values) {
  const id = nextRequestId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => stopWorker("timeout"), CALCULATION_TIMEOUT_MS);
    pending.set(id, { resolve, timer });
    worker.postMessage({ type: "calculate", id, kpi, values });
  });
}

/**
 * @param {{type: string, stage?: string, path?: string, id?: number, outcome?: Outcome}} data
 */
function onWorkerMessage(data) {
  if (data.type === "status") {
    setState({ phase: "booting", stage: data.stage });
  } else if (data.type === "ready") {
    clearTimeout(bootTimer);
    bootPath = data.path;
    setState({ phase: "ready" });
    readiness.resolve();
  } else if (data.type === "boot_failed") {
    console.error(`kpi calculator: boot failed: ${data.detail}`);
    failBoot();
  } else if (data.type === "result") {
    settle(data.id, data.outcome);
  }
}

/**
 * An uncaught error in the worker: a script that failed to load, or a crash.
 *
 * @param {ErrorEvent} event
 */
function onWorkerError(event) {
  event.preventDefault();
  console.error(`kpi calculator: worker error: ${event.message || "could not load worker.js"}`);
  if (state.phase === "ready") {
    stopWorker("worker_failed");
  } else {
    failBoot();
  }
}

/**
 * The boot failed: no retry in this visit (it would download the runtime again and again).
 */
function failBoot() {
  endWorker("boot_failed");
  readiness.reject(new Error("boot failed"));
  setState({ phase: "failed" });
}

/**
 * End a hung or crashed worker; the next calculation boots a fresh one.
 *
 * @param {string} code the error code for the calculations still waiting
 */
function stopWorker(code) {
  endWorker(code);
  readiness = deferred();
  setState({ phase: "idle" });
}

/**
 * Terminate the worker and answer every waiting calculation with an error.
 *
 * @param {string} code
 */
function endWorker(code) {
  clearTimeout(bootTimer);
  worker?.terminate();
  worker = null;
  for (const id of [...pending.keys()]) {
    settle(id, failure(code));
  }
}

/**
 * @param {number} id
 * @param {Outcome} outcome
 */
function settle(id, outcome) {
  const request = pending.get(id);
  if (request !== undefined) {
    pending.delete(id);
    clearTimeout(request.timer);
    request.resolve(outcome);
  }
}

/**
 * @param {string} code
 * @returns {Outcome}
 */
function failure(code) {
  return { ok: false, error: { code, input: null, detail: null } };
}

/**
 * Binds every KPI calculator form (form.kpi-calculator) on the page.
 *
 * Loaded once per visit through extra_javascript. With Material's instant navigation the script
 * does not run again when a page changes: forms are bound through Material's `document$`
 * observable, and the Pyodide worker (engine.js) outlives the pages. The worker starts only when
 * a page has a form.
 *
 * Typed text is parsed here (numbers.js); bounds, checks and zero denominators come back from the
 * Python formula module. The DOM is only ever written with textContent and attributes.
 *
 * @module calculator
 */

import { calculate, engineInfo, onEngineState, startEngine } from "./engine.js";
import { formatFormula, formatInput, formatResult } from "./format.js";
import { message } from "./messages.js";
import { findBand, isPlainNumber, parseNumber, plainToInput, typedUnit } from "./numbers.js";

/**
 * While the user types, a new message waits until this long after the last keystroke (or until
 * the field is left), so half-typed numbers do not flash errors; results update at once.
 */
const MESSAGE_DELAY_MS = 700;
/** How long copy and share feedback stays in the status line. */
const NOTICE_MS = 5000;
/**
 * Marks a value in a share link as text the user typed, not a plain decimal: a field that did not
 * read as a number travels as written ("?clicks=~12,,5"), so the receiver sees its message too.
 */
const TYPED = "~";
/** Error codes that concern the whole calculator, shown once through the engine state. */
const ENGINE_STATE_CODES = new Set(["boot_failed", "needs_server"]);

/**
 * @typedef {object} Field
 * @property {string} id the input id, as in the formula
 * @property {HTMLElement} element the .kpi-calculator__field wrapper
 * @property {HTMLInputElement} input
 * @property {HTMLElement} error the element for this field's message
 * @property {HTMLElement | null} note the element for how a number that reads two ways was read
 * @property {string} label the label text, for messages
 * @property {string} unit
 * @property {import("./numbers.js").Bounds} bounds the field's least and greatest values
 * @property {boolean} minExclusive the least value is refused too: the formula divides by it
 * @property {string} example the example value, a plain decimal
 * @property {string} message the field's current message, shown unless held back while typing
 * @property {"" | "local" | "engine"} source where the message comes from
 * @property {string} reading the field's current note ("Gelezen als 12,5. …"), or ""
 *
 * @typedef {object} Calculator
 * @property {HTMLFormElement} form
 * @property {string} kpi
 * @property {string} unit the result's unit
 * @property {string} lang "nl" or "en"
 * @property {string[]} checks messages for the formula's checks, by index
 * @property {import("./numbers.js").Band[]} bands
 * @property {Field[]} fields
 * @property {HTMLOutputElement} output
 * @property {HTMLElement | null} status
 * @property {HTMLElement | null} band
 * @property {HTMLElement | null} filled
 * @property {HTMLElement | null} formError
 * @property {string} engineError the engine's form-level message (loading failed)
 * @property {string} calculationError a form-level message from the last calculation
 * @property {number} sequence number of the latest calculation; older answers are dropped
 * @property {boolean} typing whether new messages are held back (see MESSAGE_DELAY_MS)
 * @property {number | undefined} pause
 * @property {number | undefined} notice
 */

/** Calculators on the current page. */
const calculators = new Set();
/** Forms already bound, so a repeated `document$` emission binds nothing twice. */
const boundForms = new WeakSet();

exposeForTests();
onEngineState(showEngineStateEverywhere);
bindPage();
// Material emits on the first page and after each instant navigation; without it (a page
// outside Material) the call above has bound the page.
window.document$?.subscribe?.(() => bindPage());

/**
 * window.kpiHandbook = {bootCount, bootPath, ready}: read by the end-to-end tests and the bench.
 */
function exposeForTests() {
  window.kpiHandbook = {
    get bootCount() {
      return engineInfo().bootCount;
    },
    get bootPath() {
      return engineInfo().bootPath;
    },
    get ready() {
      return engineInfo().ready;
    },
  };
}

/**
 * Bind the forms of the page now shown and start the worker if there are any.
 */
function bindPage() {
  for (const calculator of calculators) {
    if (!calculator.form.isConnected) {
      calculators.delete(calculator);
    }
  }
  const forms = document.querySelectorAll("form.kpi-calculator");
  for (const form of forms) {
    if (!boundForms.has(form)) {
      bindForm(/** @type {HTMLFormElement} */ (form));
    }
  }
  if (forms.length > 0) {
    startEngine();
    showEngineStateEverywhere(engineInfo().state);
  }
}

/**
 * Wire one form: read its settings, fill it from the URL, listen, and calculate once.
 *
 * @param {HTMLFormElement} form
 */
function bindForm(form) {
  boundForms.add(form);
  const calculator = readCalculator(form);
  calculators.add(calculator);
  prepareInputs(calculator);
  form.addEventListener("input", () => onInput(calculator));
  form.addEventListener("change", () => stopTyping(calculator));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    stopTyping(calculator);
    update(calculator);
  });
  form.addEventListener("click", (event) => onAction(calculator, event));
  update(calculator);
}

/**
 * Read a calculator's settings and elements from the generated markup.
 *
 * @param {HTMLFormElement} form
 * @returns {Calculator}
 */
function readCalculator(form) {
  const lang = form.dataset.lang === "en" ? "en" : "nl";
  return {
    form,
    kpi: form.dataset.kpi ?? "",
    unit: form.dataset.unit ?? "number",
    lang,
    checks: parseJsonList(form.dataset.checks),
    bands: parseJsonList(form.dataset.bands),
    fields: [...form.querySelectorAll(".kpi-calculator__field")].map(readField),
    output: form.querySelector('output[name="result"]'),
    status: form.querySelector(".kpi-calculator__status"),
    band: form.querySelector(".kpi-calculator__band"),
    filled: form.querySelector(".kpi-calculator__filled"),
    formError: form.querySelector(".kpi-calculator__form-error"),
    engineError: "",
    calculationError: "",
    sequence: 0,
    typing: false,
    pause: undefined,
    notice: undefined,
  };
}

/**
 * @param {Element} element a .kpi-calculator__field
 * @returns {Field}
 */
function readField(element) {
  const input = element.querySelector("input");
  const label = element.querySelector("label");
  return {
    id: element.getAttribute("data-input") ?? input.name,
    element: /** @type {HTMLElement} */ (element),
    input,
    error: element.querySelector(".kpi-calculator__error"),
    note: element.querySelector(".kpi-calculator__note"),
    label: (label?.textContent ?? input.name).trim(),
    unit: input.dataset.unit ?? "number",
    bounds: { min: input.dataset.min ?? "", max: input.dataset.max ?? "" },
    minExclusive: input.hasAttribute("data-min-exclusive"),
    example: input.dataset.example ?? "",
    message: "",
    source: "",
    reading: "",
  };
}

/**
 * A JSON list from a data attribute; anything else is an empty list.
 *
 * @param {string | undefined} text
 * @returns {any[]}
 */
function parseJsonList(text) {
  try {
    const value = JSON.parse(text ?? "[]");
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/**
 * Write example values in the page's own notation and take values from the URL.
 *
 * The markup carries the example as a plain decimal ("1.25"), which on a Dutch page would read
 * as 125; a value the user typed (restored by the browser) is left alone.
 *
 * @param {Calculator} calculator
 */
function prepareInputs(calculator) {
  const params = new URLSearchParams(location.search);
  for (const field of calculator.fields) {
    const linked = params.get(field.id);
    if (linked !== null) {
      // Only ever the input's value: typed text from a link is never markup.
      field.input.value = linked.startsWith(TYPED)
        ? linked.slice(TYPED.length)
        : fromPlain(linked, calculator.lang);
    } else if (field.example !== "" && field.input.value === field.example) {
      field.input.value = fromPlain(field.example, calculator.lang);
    }
  }
}

/**
 * Text for an input from a plain decimal (URL, example); other text is kept so its error shows.
 *
 * @param {string} text
 * @param {string} lang
 * @returns {string}
 */
function fromPlain(text, lang) {
  return isPlainNumber(text) ? plainToInput(text, lang) : text;
}

/**
 * Calculate on every keystroke; hold new messages back until the user pauses.
 *
 * @param {Calculator} calculator
 */
function onInput(calculator) {
  calculator.typing = true;
  clearTimeout(calculator.pause);
  calculator.pause = setTimeout(() => stopTyping(calculator), MESSAGE_DELAY_MS);
  update(calculator);
}

/**
 * The user paused or left the field: show the messages held back.
 *
 * @param {Calculator} calculator
 */
function stopTyping(calculator) {
  clearTimeout(calculator.pause);
  calculator.typing = false;
  calculator.fields.forEach((field) => showFieldError(calculator, field));
  showFormError(calculator);
}

/**
 * Parse every field, then calculate; show the outcome unless a newer update started meanwhile.
 *
 * @param {Calculator} calculator
 */
async function update(calculator) {
  const sequence = ++calculator.sequence;
  const values = readValues(calculator);
  if (values === null) {
    showNoResult(calculator);
    return;
  }
  const outcome = await calculate(calculator.kpi, values);
  if (sequence === calculator.sequence && calculator.form.isConnected) {
    showOutcome(calculator, outcome, values);
  }
}

/**
 * Parse the fields and show parse errors; null while any field is invalid.
 *
 * Messages from the last calculation stay until the next answer replaces them, so they do not
 * flicker while the user types; when a field is invalid they no longer apply and are cleared.
 *
 * @param {Calculator} calculator
 * @returns {Record<string, string> | null} input id to plain decimal
 */
function readValues(calculator) {
  const { lang } = calculator;
  /** @type {Record<string, string>} */
  const values = {};
  for (const field of calculator.fields) {
    const parsed = parseNumber(field.input.value, lang, field.unit, field.bounds);
    const alternative = parsed.alternative
      ? formatInput(parsed.alternative, typedUnit(field.unit), lang)
      : "";
    if (parsed.ok) {
      values[field.id] = parsed.value;
      const reading = formatInput(parsed.value, field.unit, lang);
      field.reading = alternative ? message("read_as", lang, { reading, alternative }) : "";
      if (field.source === "local") {
        setFieldError(calculator, field, "", "");
      }
    } else {
      field.reading = "";
      const whole = field.unit === "count";
      const text = message(parsed.code, lang, { label: field.label, alternative, whole });
      setFieldError(calculator, field, text, "local");
    }
    showFieldError(calculator, field);
  }
  const valid = Object.keys(values).length === calculator.fields.length;
  if (!valid) {
    calculator.fields
      .filter((field) => field.source === "engine")
      .forEach((field) => setFieldError(calculator, field, "", ""));
    setCalculationError(calculator, "");
  }
  return valid ? values : null;
}

/**
 * Show a calculation's answer: the result, or its message at the field it names.
 *
 * @param {Calculator} calculator
 * @param {import("./engine.js").Outcome} outcome
 * @param {Record<string, string>} values what was calculated
 */
function showOutcome(calculator, outcome, values) {
  calculator.fields
    .filter((field) => field.source === "engine")
    .forEach((field) => setFieldError(calculator, field, "", ""));
  if (outcome.ok) {
    setCalculationError(calculator, "");
    showResult(calculator, outcome.value, values);
    return;
  }
  showNoResult(calculator);
  const { error } = outcome;
  const field = calculator.fields.find((candidate) => candidate.id === error.input);
  const text = ENGINE_STATE_CODES.has(error.code) ? "" : describeError(calculator, error, field);
  if (field !== undefined) {
    setFieldError(calculator, field, text, "engine");
    setCalculationError(calculator, "");
  } else {
    setCalculationError(calculator, text);
  }
}

/**
 * The message for an error from the formula module (or the engine).
 *
 * @param {Calculator} calculator
 * @param {{code: string, input: string | null, detail: any}} error
 * @param {Field | undefined} field the field the error names
 * @returns {string}
 */
function describeError(calculator, error, field) {
  const { lang } = calculator;
  const label = field?.label ?? "";
  switch (error.code) {
    case "below_min":
    case "above_max":
      return describeBound(calculator, error, field);
    case "check_failed":
      return calculator.checks[error.detail] ?? message("check_failed", lang);
    case "zero_division":
      return field
        ? message("zero_division", lang, { label })
        : message("zero_division_form", lang, { labels: labelsIn(calculator, error.detail) });
    default:
      return message(error.code, lang, { label });
  }
}

/**
 * The labels of the fields an expression mentions, in form order: those a division by 0 is about.
 *
 * @param {Calculator} calculator
 * @param {unknown} expression the denominator as Python wrote it ("promoters + detractors")
 * @returns {string[]}
 */
function labelsIn(calculator, expression) {
  const names = new Set(String(expression ?? "").match(/[a-z][a-z0-9_]*/g));
  return calculator.fields.filter((field) => names.has(field.id)).map((field) => field.label);
}

/**
 * "Vul bij ‘Kliks’ 0 of meer in." or, for a part larger than its whole, a message naming both.
 *
 * The bound is written in the unit of the input it comes from ("100%", "€ 46.000"). Below a
 * minimum the formula cannot divide by, the message asks for a number greater than it: "0 or
 * more" would suggest the 0 that is refused next.
 *
 * @param {Calculator} calculator
 * @param {{code: string, input: string | null, detail: any}} error
 * @param {Field | undefined} field the field the error names
 * @returns {string}
 */
function describeBound(calculator, error, field) {
  const { lang } = calculator;
  const label = field?.label ?? "";
  const detail = error.detail ?? {};
  const other = calculator.fields.find((candidate) => candidate.id === detail.input);
  const unit = (other ?? field)?.unit ?? "number";
  const plain = detail.bound ?? "";
  const bound = isPlainNumber(plain) ? formatInput(plain, unit, lang) : "";
  if (other !== undefined) {
    return message(`${error.code}_input`, lang, { label, other: other.label, bound });
  }
  const exclusive = error.code === "below_min" && field?.minExclusive;
  return message(exclusive ? "below_min_exclusive" : error.code, lang, { label, bound });
}

/**
 * @param {Calculator} calculator
 * @param {string} value the plain decimal from Python
 * @param {Record<string, string>} values the inputs it was calculated from
 */
function showResult(calculator, value, values) {
  const text = formatResult(value, calculator.unit, calculator.lang);
  setText(calculator.output, text);
  calculator.output.dataset.value = value;
  showBand(calculator, value);
  if (calculator.filled !== null) {
    const units = Object.fromEntries(calculator.fields.map((field) => [field.id, field.unit]));
    const parts = parseJsonList(calculator.filled.dataset.formula);
    const formula = formatFormula(parts, values, units, calculator.lang);
    setText(calculator.filled, formula ? `${formula} = ${text}` : "");
  }
}

/**
 * Empty the result: no number is better than a wrong one.
 *
 * @param {Calculator} calculator
 */
function showNoResult(calculator) {
  setText(calculator.output, "");
  calculator.output.dataset.value = "";
  if (calculator.band !== null) {
    calculator.band.hidden = true;
    setText(calculator.band, "");
  }
  if (calculator.filled !== null) {
    setText(calculator.filled, "");
  }
}

/**
 * @param {Calculator} calculator
 * @param {string} value
 */
function showBand(calculator, value) {
  if (calculator.band === null) {
    return;
  }
  const band = findBand(calculator.bands, value);
  const label = typeof band?.label === "object" ? band.label[calculator.lang] : band?.label;
  calculator.band.hidden = !label;
  setText(calculator.band, label ?? "");
  if (band?.tone) {
    calculator.band.dataset.tone = band.tone;
  } else {
    delete calculator.band.dataset.tone;
  }
}

/**
 * Set or clear a field's message, linked to the input through aria-describedby in the markup.
 *
 * @param {Calculator} calculator
 * @param {Field} field
 * @param {string} text empty to clear
 * @param {"" | "local" | "engine"} source
 */
function setFieldError(calculator, field, text, source) {
  field.message = text;
  field.source = text ? source : "";
  showFieldError(calculator, field);
}

/**
 * Show a field's message and note; while the user types, a changed one is hidden until the pause.
 *
 * @param {Calculator} calculator
 * @param {Field} field
 */
function showFieldError(calculator, field) {
  const held = calculator.typing && field.message !== field.error.textContent;
  const text = held ? "" : field.message;
  setText(field.error, text);
  if (field.note !== null) {
    const noteHeld = calculator.typing && field.reading !== field.note.textContent;
    setText(field.note, noteHeld ? "" : field.reading);
  }
  field.element.classList.toggle("kpi-calculator__field--error", Boolean(text));
  if (text) {
    field.input.setAttribute("aria-invalid", "true");
  } else {
    field.input.removeAttribute("aria-invalid");
  }
}

/**
 * @param {Calculator} calculator
 * @param {string} text
 */
function setCalculationError(calculator, text) {
  calculator.calculationError = text;
  showFormError(calculator);
}

/**
 * @param {Calculator} calculator
 */
function showFormError(calculator) {
  const text = calculator.engineError || calculator.calculationError;
  const shown = calculator.formError?.textContent ?? "";
  const held = calculator.typing && !calculator.engineError && text !== shown;
  setText(calculator.formError, held ? "" : text);
}

/**
 * Set text only when it changes, so live regions do not announce the same words again.
 *
 * @param {Element | null} element
 * @param {string} text
 */
function setText(element, text) {
  if (element !== null && element.textContent !== text) {
    element.textContent = text;
  }
}

/**
 * @param {import("./engine.js").EngineState} state
 */
function showEngineStateEverywhere(state) {
  calculators.forEach((calculator) => showEngineState(calculator, state));
}

/**
 * Loading progress in the status line, loading failures as a form-level message.
 *
 * @param {Calculator} calculator
 * @param {import("./engine.js").EngineState} state
 */
function showEngineState(calculator, state) {
  const { lang } = calculator;
  calculator.form.dataset.state = state.phase;
  if (calculator.notice === undefined) {
    const loading = state.phase === "booting" ? message(`loading_${state.stage}`, lang) : "";
    setText(calculator.status, loading);
  }
  const codes = { failed: "boot_failed", unavailable: "needs_server" };
  calculator.engineError = state.phase in codes ? message(codes[state.phase], lang) : "";
  showFormError(calculator);
}

/**
 * A click on one of the action buttons (copy, share, example).
 *
 * @param {Calculator} calculator
 * @param {MouseEvent} event
 */
function onAction(calculator, event) {
  const button = /** @type {Element} */ (event.target).closest("[data-action]");
  const action = button?.getAttribute("data-action");
  if (action === "copy") {
    copyResult(calculator);
  } else if (action === "share") {
    shareLink(calculator);
  } else if (action === "example") {
    fillExample(calculator);
  }
}

/**
 * Copy the formatted result; select it when the clipboard is out of reach (plain http).
 *
 * @param {Calculator} calculator
 */
async function copyResult(calculator) {
  const text = calculator.output.textContent ?? "";
  if (text === "") {
    showNotice(calculator, "nothing_to_copy");
  } else if (await copyText(text)) {
    showNotice(calculator, "copied");
  } else {
    window.getSelection()?.selectAllChildren(calculator.output);
    showNotice(calculator, "copy_failed");
  }
}

/**
 * Put the inputs into the address and copy that link: a number as a plain decimal
 * (?clicks=1250.5, the same in either language), anything else as typed (?clicks=~12,,5).
 *
 * @param {Calculator} calculator
 */
async function shareLink(calculator) {
  const url = new URL(location.href);
  for (const field of calculator.fields) {
    const parsed = parseNumber(field.input.value, calculator.lang, field.unit);
    url.searchParams.set(field.id, parsed.ok ? parsed.value : TYPED + field.input.value);
  }
  // Keep the history state: Material's instant navigation stores its own there.
  history.replaceState(history.state, "", url);
  showNotice(calculator, (await copyText(url.href)) ? "link_copied" : "link_in_address_bar");
}

/**
 * Reset every field to the worked example and calculate right away.
 *
 * @param {Calculator} calculator
 */
function fillExample(calculator) {
  for (const field of calculator.fields) {
    field.input.value = fromPlain(field.example, calculator.lang);
  }
  forgetSharedNumbers(calculator);
  update(calculator);
}

/**
 * Take this calculator's numbers out of the address (a share link's), so that a reload shows
 * the example too; the path, the anchor and any other query stay.
 *
 * @param {Calculator} calculator
 */
function forgetSharedNumbers(calculator) {
  const url = new URL(location.href);
  for (const field of calculator.fields) {
    url.searchParams.delete(field.id);
  }
  if (url.searchParams.toString() === "") {
    url.search = ""; // no bare "?" left behind
  }
  if (url.href !== location.href) {
    // Keep the history state: Material's instant navigation stores its own there.
    history.replaceState(history.state, "", url);
  }
}

/**
 * @param {string} text
 * @returns {Promise<boolean>} whether the text reached the clipboard
 */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API outside secure contexts, or permission refused.
    return false;
  }
}

/**
 * Show short feedback in the status line, then clear it.
 *
 * @param {Calculator} calculator
 * @param {string} code a message code
 */
function showNotice(calculator, code) {
  clearTimeout(calculator.notice);
  setText(calculator.status, message(code, calculator.lang));
  calculator.notice = setTimeout(() => {
    calculator.notice = undefined;
    setText(calculator.status, "");
    showEngineState(calculator, engineInfo().state);
  }, NOTICE_MS);
}

/**
 * Reading numbers the way people type them, per site language.
 *
 * Pure functions, no DOM: the calculator turns typed text into a plain decimal string ("1234.56")
 * that the Python formula module accepts, and back into text for the inputs.
 *
 * The rules follow FRONTEND.md. On nl "," is the decimal mark and "." groups thousands when it is
 * followed by exactly three digits ("1.250" is 1250); any other "." is a decimal point ("1234.56").
 * On en the roles swap. Spaces group thousands. Text that fits no reading, or two readings, is
 * rejected: a calculator that guesses wrong is worse than one that asks.
 *
 * One case is read but flagged: a lone decimal mark before exactly three digits ("12,500" on nl,
 * "12.500" on en). It is a decimal in the page's own notation, but also how the other language
 * groups thousands; the result carries that other reading, so the form can ask "did you mean
 * 12.500?". A count has no decimals: there the text is refused, naming the other reading, even
 * when it reads as a whole number ("1,000" customers is 1 to the parser, 1000 to the typist).
 * The other reading is only named when the field takes it: "12,500" in a percentage up to 100
 * reads as 12,5 without a question.
 *
 * A number with a unit the field does not take is refused with its own code: an amount in
 * another currency ("$1,250", "USD 10") is "foreign_currency", a number followed by a word
 * ("4 jaar") is "unit_word". A word for thousands or millions ("5k", "5 mln") is neither: the
 * number without it is another number, so it stays "not_a_number".
 *
 * @module numbers
 */

/** Characters that group thousands as a space: space, no-break, figure, thin, narrow no-break. */
const SPACE_LIKE = /[\u0020\u00a0\u2007\u2009\u202f]+/g;
/** The plain form the Python side accepts (same pattern as generator/formula.py). */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const SIGN = /^([+\-\u2212])\s*/;
/** Digits, marks and spaces, at least one digit; the lookahead keeps it linear on long text. */
const DIGITS_AND_MARKS = /^(?=[^0-9]*[0-9])[0-9., ]*$/;
const SEPARATOR = /[., ]/;
/** A currency sign or a three-letter code before an amount: "$1,250", "USD 10", "-£5". */
const LEADING_CURRENCY = /^([+\-\u2212]?)\s*(?:\p{Sc}|\p{L}{3})\s*(?=[+\-\u2212]?[0-9.,])/u;
/** A word or a currency sign after a number: "4 jaar", "85 USD", "1.250 $". */
const TRAILING_WORD = /^(.*[0-9.,])\s*(\p{L}+\.?|\p{Sc})$/u;
/** A currency after an amount: a sign, or three letters such as USD or EUR. */
const CURRENCY_CODE = /^(\p{L}{3}|\p{Sc})$/u;
/** Words that multiply the number before them: dropping one gives another number. */
const MULTIPLIER =
  /^(k|m|mln|mio|mld|mrd|bn|duizend|miljoen|miljard|thousand|million|billion)\.?$/i;
/** Digits before the decimal mark a field takes (MAX_INPUT_DIGITS in generator/formula.py). */
export const MAX_INPUT_DIGITS = 15;

/**
 * @typedef {object} ParseResult
 * @property {boolean} ok
 * @property {string} [value] when ok: a plain decimal string
 * @property {string} [code] when not ok: "missing_input", "not_a_number", "foreign_currency",
 *   "unit_word", "ambiguous", "too_many_digits" (more than MAX_INPUT_DIGITS before the decimal
 *   mark) or "not_whole" (a count with decimals)
 * @property {string} [alternative] only when the text also reads as thousands grouped the other
 *   language's way ("12,500" on nl) and the field's bounds take that value: it, as a plain
 *   decimal ("12500")
 *
 * @typedef {object} Bounds
 * @property {string} [min] the field's least value, a plain decimal; anything else (an input id,
 *   "") sets no bound here
 * @property {string} [max] the field's greatest value, likewise
 */

/**
 * Parse a number typed into a calculator field.
 *
 * @param {string} text what the user typed
 * @param {string} lang "nl" or "en": which mark is the decimal one
 * @param {string} [unit] the field's unit; "currency" allows a "€", "percent" a trailing "%",
 *   "count" takes whole numbers only
 * @param {Bounds} [bounds] the field's bounds: the other reading is named only within them
 * @returns {ParseResult}
 */
export function parseNumber(text, lang, unit = "number", bounds = {}) {
  const cleaned = String(text ?? "").replace(SPACE_LIKE, " ").trim();
  if (cleaned === "") {
    return { ok: false, code: "missing_input" };
  }
  const stripped = stripUnit(cleaned, unit);
  const signed = splitSign(stripped);
  if (signed === null || !DIGITS_AND_MARKS.test(signed.body)) {
    return { ok: false, code: unitRefusal(stripped, unit) };
  }
  const parts = splitDecimal(signed.body, lang);
  if (parts === null) {
    // Readable the other language's way ("1,234.5" on nl): say which mark to use.
    const other = splitDecimal(signed.body, lang === "en" ? "nl" : "en");
    return { ok: false, code: other === null ? "not_a_number" : "ambiguous" };
  }
  const value = toPlain(signed.negative, parts.integer, parts.fraction);
  if (parts.integer.replace(/^0+/, "").length > MAX_INPUT_DIGITS) {
    return { ok: false, code: "too_many_digits" };
  }
  const alternative = otherGrouping(signed.body, lang, signed.negative);
  const notWhole = unit === "count" && (value.includes(".") || alternative !== null);
  const read = notWhole ? { ok: false, code: "not_whole" } : { ok: true, value };
  return alternative !== null && isWithin(alternative, bounds) ? { ...read, alternative } : read;
}

/**
 * Why text that is no number was refused: a unit the field does not take, or "not_a_number".
 *
 * @param {string} text trimmed, spaces normalised, the field's own sign (€, %) taken off
 * @param {string} unit the field's unit
 * @returns {"foreign_currency" | "unit_word" | "not_a_number"}
 */
function unitRefusal(text, unit) {
  const leading = LEADING_CURRENCY.exec(text);
  if (unit === "currency" && leading !== null) {
    const rest = leading[1] + text.slice(leading[0].length);
    return isNumberShaped(rest) ? "foreign_currency" : "not_a_number";
  }
  const trailing = TRAILING_WORD.exec(text);
  if (trailing === null || MULTIPLIER.test(trailing[2]) || !isNumberShaped(trailing[1])) {
    return "not_a_number";
  }
  if (unit === "currency" && CURRENCY_CODE.test(trailing[2])) {
    return "foreign_currency";
  }
  return /\p{Sc}/u.test(trailing[2]) ? "not_a_number" : "unit_word";
}

/**
 * Whether text is a sign and digits with marks: a number, though perhaps not a readable one.
 *
 * @param {string} text
 * @returns {boolean}
 */
function isNumberShaped(text) {
  const signed = splitSign(text.trim());
  return signed !== null && DIGITS_AND_MARKS.test(signed.body);
}

/**
 * Whether a plain decimal lies within the bounds that are numbers (both ends included).
 *
 * @param {string} plain
 * @param {Bounds} bounds
 * @returns {boolean}
 */
function isWithin(plain, { min = "", max = "" }) {
  const aboveMin = !isPlainNumber(min) || compareDecimal(plain, min) >= 0;
  return aboveMin && (!isPlainNumber(max) || compareDecimal(plain, max) <= 0);
}

/**
 * The value when the text's one mark, a decimal mark before three digits, groups thousands the
 * other language's way instead: "12,500" on nl may mean 12500. Null when it cannot ("0,500").
 *
 * @param {string} body digits and marks, no sign
 * @param {string} lang "nl" or "en"
 * @param {boolean} negative
 * @returns {string | null}
 */
function otherGrouping(body, lang, negative) {
  const match = /^([1-9][0-9]{0,2})([.,])([0-9]{3})$/.exec(body);
  const decimalMark = lang === "en" ? "." : ",";
  if (match === null || match[2] !== decimalMark) {
    return null;
  }
  return toPlain(negative, match[1] + match[3], "");
}

/**
 * The unit to write a number in so that this parser reads it back: amounts and percentages may
 * carry their sign ("€ 12.500", "12,5%"); other units are typed as bare numbers ("12.500", not
 * "12.500 dagen"), so a suggestion of what to type leaves their unit out.
 *
 * @param {string} unit the field's unit
 * @returns {string} the unit itself, or "number"
 */
export function typedUnit(unit) {
  return unit === "currency" || unit === "percent" ? unit : "number";
}

/**
 * Remove the unit sign a field may carry: "€" before or after an amount, "%" after a percentage.
 *
 * @param {string} text trimmed text with spaces normalised
 * @param {string} unit the field's unit
 * @returns {string}
 */
function stripUnit(text, unit) {
  if (unit === "currency") {
    return text
      .replace(/^([+\-\u2212]?)\s*€\s*/, "$1")
      .replace(/\s*€$/, "")
      .trim();
  }
  if (unit === "percent") {
    return text.replace(/\s*%$/, "");
  }
  return text;
}

/**
 * Split off one leading sign; a second sign makes the text unreadable.
 *
 * @param {string} text
 * @returns {{negative: boolean, body: string} | null}
 */
function splitSign(text) {
  const match = SIGN.exec(text);
  if (match === null) {
    return { negative: false, body: text };
  }
  const body = text.slice(match[0].length);
  return SIGN.test(body) ? null : { negative: match[1] !== "+", body };
}

/**
 * Decide which mark, if any, is the decimal mark and check how the rest is grouped.
 *
 * @param {string} body digits, ".", "," and single spaces, at least one digit
 * @param {string} lang "nl" or "en"
 * @returns {{integer: string, fraction: string} | null} null when the text fits no reading
 */
function splitDecimal(body, lang) {
  const decimalMark = lang === "en" ? "." : ",";
  const groupMark = lang === "en" ? "," : ".";
  const runs = body.split(SEPARATOR);
  const marks = body.split(/[0-9]+/).join("").split("");
  const decimals = marks.filter((mark) => mark === decimalMark).length;
  if (decimals > 1) {
    return null;
  }
  if (decimals === 1) {
    return marks.at(-1) === decimalMark ? withFraction(runs, marks) : null;
  }
  const groups = marks.filter((mark) => mark === groupMark).length;
  if (groups === 0 || (marks.every((mark) => mark === groupMark) && isGrouped(runs))) {
    return withoutFraction(runs, marks);
  }
  if (groups === 1 && marks.at(-1) === groupMark) {
    // A lone group mark at the end that cannot group thousands is a decimal point ("1234.56").
    // Followed by exactly three digits it could be either ("1234.567"), unless nothing
    // but zeros comes before it ("0.500").
    const integerDigits = runs.slice(0, -1).join("");
    const ambiguous = runs.at(-1).length === 3 && /[1-9]/.test(integerDigits);
    return ambiguous ? null : withFraction(runs, marks);
  }
  return null;
}

/**
 * The integer and fraction when the last mark is the decimal mark.
 *
 * @param {string[]} runs digit runs between the marks
 * @param {string[]} marks the marks in order
 * @returns {{integer: string, fraction: string} | null}
 */
function withFraction(runs, marks) {
  const integer = withoutFraction(runs.slice(0, -1), marks.slice(0, -1));
  return integer === null ? null : { integer: integer.integer, fraction: runs.at(-1) };
}

/**
 * The integer when every mark groups thousands: one kind of mark, groups of three digits.
 *
 * @param {string[]} runs digit runs between the marks
 * @param {string[]} marks the marks in order
 * @returns {{integer: string, fraction: string} | null}
 */
function withoutFraction(runs, marks) {
  if (marks.length === 0) {
    return { integer: runs[0], fraction: "" };
  }
  const oneKind = marks.every((mark) => mark === marks[0]);
  return oneKind && isGrouped(runs) ? { integer: runs.join(""), fraction: "" } : null;
}

/**
 * Whether digit runs read as thousands groups: 1-3 digits (not starting with 0), then threes.
 *
 * @param {string[]} runs
 * @returns {boolean}
 */
function isGrouped(runs) {
  return /^[1-9][0-9]{0,2}$/.test(runs[0]) && runs.slice(1).every((run) => /^[0-9]{3}$/.test(run));
}

/**
 * Assemble a canonical plain decimal: no leading or trailing zeros, no "-0".
 *
 * @param {boolean} negative
 * @param {string} integer digits, may be empty (",5")
 * @param {string} fraction digits, may be empty ("12,")
 * @returns {string}
 */
function toPlain(negative, integer, fraction) {
  const whole = integer.replace(/^0+(?=[0-9])/, "") || "0";
  const decimals = fraction.replace(/0+$/, "");
  const digits = decimals ? `${whole}.${decimals}` : whole;
  return negative && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/**
 * Whether text is a plain decimal as used in URLs, data attributes and by the Python side.
 *
 * @param {string} text
 * @returns {boolean}
 */
export function isPlainNumber(text) {
  return PLAIN_NUMBER.test(String(text).trim());
}

/**
 * Text to put into an input for a plain decimal, so that parseNumber reads it back exactly.
 *
 * No thousands grouping: "1250.5" becomes "1250,5" on nl and stays "1250.5" on en.
 *
 * @param {string} plain a plain decimal ("1250.5")
 * @param {string} lang "nl" or "en"
 * @returns {string}
 */
export function plainToInput(plain, lang) {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(String(plain).trim());
  if (match === null) {
    return String(plain);
  }
  const canonical = toPlain(match[1] === "-", match[2], match[3] ?? "");
  return lang === "en" ? canonical : canonical.replace(".", ",");
}

/**
 * Compare two plain decimals exactly (no floating point), like a sort comparator.
 *
 * @param {string} left
 * @param {string} right
 * @returns {-1 | 0 | 1}
 */
export function compareDecimal(left, right) {
  const a = splitPlain(left);
  const b = splitPlain(right);
  if (a.negative !== b.negative) {
    return a.negative ? -1 : 1;
  }
  const magnitude = compareMagnitude(a, b);
  return /** @type {-1 | 0 | 1} */ (a.negative ? -magnitude || 0 : magnitude);
}

/**
 * @param {string} plain
 * @returns {{negative: boolean, integer: string, fraction: string}}
 */
function splitPlain(plain) {
  const text = decimalText(plain);
  if (!PLAIN_NUMBER.test(text)) {
    throw new RangeError(`not a plain decimal: ${text}`);
  }
  const [integer, fraction = ""] = text.replace(/^[+-]/, "").split(".");
  const whole = integer.replace(/^0+/, "");
  const decimals = fraction.replace(/0+$/, "");
  const zero = whole === "" && decimals === "";
  return { negative: text.startsWith("-") && !zero, integer: whole, fraction: decimals };
}

/**
 * @param {{integer: string, fraction: string}} a
 * @param {{integer: string, fraction: string}} b
 * @returns {-1 | 0 | 1}
 */
function compareMagnitude(a, b) {
  if (a.integer.length !== b.integer.length) {
    return a.integer.length < b.integer.length ? -1 : 1;
  }
  const width = Math.max(a.fraction.length, b.fraction.length);
  const left = a.integer + a.fraction.padEnd(width, "0");
  const right = b.integer + b.fraction.padEnd(width, "0");
  return left === right ? 0 : left < right ? -1 : 1;
}

/**
 * A number from JSON (a band limit) or a string as plain decimal text, never in exponent form.
 *
 * @param {number | string} value
 * @returns {string}
 */
export function decimalText(value) {
  if (typeof value === "number") {
    return value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
  }
  return String(value).trim();
}

/**
 * @typedef {object} Band
 * @property {number | string | null} [from] lowest value in the band (inclusive), null for none
 * @property {number | string | null} [below] the band ends below this value, null for none
 * @property {string} tone "good", "ok" or "bad"
 * @property {string | Record<string, string>} label
 */

/**
 * The band a value falls in: from <= value < below.
 *
 * @param {Band[]} bands
 * @param {string} value a plain decimal
 * @returns {Band | undefined}
 */
export function findBand(bands, value) {
  return bands.find(
    (band) =>
      (band.from == null || compareDecimal(value, decimalText(band.from)) >= 0) &&
      (band.below == null || compareDecimal(value, decimalText(band.below)) < 0),
  );
}

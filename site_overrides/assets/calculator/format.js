/**
 * Writing results per language and unit.
 *
 * Pure functions, no DOM. Values arrive as plain decimal strings from Python and are passed to
 * Intl.NumberFormat as strings, so rounding is exact and half-up ("halfExpand", the default):
 * "1.005" euro shows as "€ 1,01", which a float would round down. Unit words and symbols are
 * joined with a no-break space, like Intl does for "€ 1,00", so a number never wraps away from
 * its unit.
 *
 * @module format
 */

import { isPlainNumber } from "./numbers.js";

const LOCALES = { nl: "nl-NL", en: "en-GB" };
const NBSP = "\u00a0";
/** A true minus sign: it reads as "minus" to screen readers and lines up with "+". */
const MINUS = "\u2212";
/** Intl (Node 20, older browsers) accepts at most 20 fraction digits. */
const ALL_DIGITS = 20;
/** A number that is not 0 but shows as 0 with 2 decimals: below 0.005 either way. */
const TINY = /^(?=.*[1-9])[+-]?0*\.00[0-4]\d*$/;
/** Unit words as [one, other] per language, chosen with Intl.PluralRules. */
const UNIT_WORDS = {
  days: { nl: ["dag", "dagen"], en: ["day", "days"] },
  years: { nl: ["jaar", "jaar"], en: ["year", "years"] },
};
const SIGNED_UNITS = new Set(["score", "percentage_points"]);

/**
 * The Intl locale for a site language.
 *
 * @param {string} lang "nl" or "en"
 * @returns {string}
 */
function localeOf(lang) {
  return LOCALES[lang] ?? LOCALES.nl;
}

/**
 * Format a calculator result for display: rounded to 2 decimals, with its unit. A result that is
 * not 0 but would show as 0 shows as "< 0,01" (or "> −0,01").
 *
 * @param {string} plain a plain decimal string ("33.33333333333333333333333333")
 * @param {string} unit one of the catalog units
 * @param {string} lang "nl" or "en"
 * @returns {string} e.g. "€ 1.234,50", "33,33%", "+1,5 pp", "3,2×", "12,5 dagen"
 * @throws {RangeError} when plain is not a plain decimal (never shows NaN or Infinity)
 */
export function formatResult(plain, unit, lang) {
  if (isPlainNumber(plain) && TINY.test(plain)) {
    // Not 0: a ROAS of 0,001 rounds to 0 but means something else than none at all.
    const negative = plain.startsWith("-");
    const bound = formatWithUnit(negative ? "-0.01" : "0.01", unit, lang, false);
    return `${negative ? ">" : "<"}${NBSP}${bound}`;
  }
  return formatWithUnit(plain, unit, lang, false);
}

/**
 * Format a number the user entered, for the formula filled in with their numbers.
 *
 * Keeps every decimal the user typed (no rounding to 2) and shows no "+" sign.
 *
 * @param {string} plain a plain decimal string
 * @param {string} unit the input's unit
 * @param {string} lang "nl" or "en"
 * @returns {string} e.g. "€ 12.000", "12,5%", "0,125"
 */
export function formatInput(plain, unit, lang) {
  return formatWithUnit(plain, unit, lang, true);
}

/**
 * @param {string} plain
 * @param {string} unit
 * @param {string} lang
 * @param {boolean} exact keep all typed decimals (inputs) rather than 2 (results)
 * @returns {string}
 */
function formatWithUnit(plain, unit, lang, exact) {
  if (!isPlainNumber(plain)) {
    throw new RangeError(`not a plain decimal: ${plain}`);
  }
  const options = numberOptions(unit, exact);
  const number = new Intl.NumberFormat(localeOf(lang), options).format(plain).replace("-", MINUS);
  return withUnit(number, plain, unit, lang, options);
}

/**
 * Intl.NumberFormat options for a unit.
 *
 * @param {string} unit
 * @param {boolean} exact
 * @returns {Intl.NumberFormatOptions}
 */
function numberOptions(unit, exact) {
  const maximumFractionDigits = exact ? ALL_DIGITS : 2;
  if (unit === "currency") {
    return {
      style: "currency",
      currency: "EUR",
      minimumFractionDigits: 2,
      maximumFractionDigits,
      // "€ 12.000" in a filled-in formula, "€ 12.000,00" as a result.
      trailingZeroDisplay: exact ? "stripIfInteger" : "auto",
      signDisplay: "negative",
    };
  }
  const signed = !exact && SIGNED_UNITS.has(unit);
  return { maximumFractionDigits, signDisplay: signed ? "exceptZero" : "negative" };
}

/**
 * Add the unit's symbol or word to a formatted number.
 *
 * @param {string} number the formatted number
 * @param {string} plain the value, to choose "dag" or "dagen"
 * @param {string} unit
 * @param {string} lang
 * @param {Intl.NumberFormatOptions} options the options the number was formatted with
 * @returns {string}
 */
function withUnit(number, plain, unit, lang, options) {
  switch (unit) {
    case "percent":
      return `${number}%`;
    case "percentage_points":
      return `${number}${NBSP}pp`;
    case "ratio":
      return `${number}×`;
    case "seconds":
      return `${number}${NBSP}s`;
    case "days":
    case "years":
      return `${number}${NBSP}${unitWord(unit, plain, lang, options)}`;
    default:
      return number;
  }
}

/**
 * "dag" or "dagen", "year" or "years", for the number as displayed (1,001 shows as 1: "1 dag").
 *
 * @param {"days" | "years"} unit
 * @param {string} plain
 * @param {string} lang
 * @param {Intl.NumberFormatOptions} options
 * @returns {string}
 */
function unitWord(unit, plain, lang, options) {
  const words = UNIT_WORDS[unit][lang] ?? UNIT_WORDS[unit].nl;
  const rules = new Intl.PluralRules(localeOf(lang), {
    maximumFractionDigits: options.maximumFractionDigits,
  });
  return rules.select(Number(plain)) === "one" ? words[0] : words[1];
}

/**
 * The formula with each input replaced by the user's number: "100 × 7 ÷ 200".
 *
 * The page writes the formula's text and symbols (generator/pages.py, filled_formula); only the
 * numbers are filled in here, so the filled-in formula reads like the formula line above it.
 *
 * @param {unknown[]} parts text and input ids by turns: ["100 × ", "clicks", " ÷ ", "views", ""]
 * @param {Record<string, string>} values input id to plain decimal
 * @param {Record<string, string>} units input id to unit
 * @param {string} lang "nl" or "en"
 * @returns {string} empty when the parts are not of that form or name an input without a value
 */
export function formatFormula(parts, values, units, lang) {
  if (!Array.isArray(parts) || parts.some((part) => typeof part !== "string")) {
    return "";
  }
  const ids = parts.filter((_, index) => index % 2 === 1);
  if (!ids.every((id) => Object.hasOwn(values, id))) {
    return "";
  }
  return parts
    .map((part, index) => (index % 2 === 1 ? formatSlot(values[part], units[part], lang) : part))
    .join("")
    .trim();
}

/**
 * An input's number in a formula; a negative one in brackets, so "5 − (−2)" reads right.
 *
 * @param {string} plain
 * @param {string | undefined} unit
 * @param {string} lang
 * @returns {string}
 */
function formatSlot(plain, unit, lang) {
  const text = formatInput(plain, unit ?? "number", lang);
  return text.includes(MINUS) ? `(${text})` : text;
}

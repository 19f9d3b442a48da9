/**
 * What the calculator says, in Dutch and English, for every message code.
 *
 * Field messages name the field and say what to do (GOV.UK / NL Design System style). The codes
 * are those of generator/formula.py plus the browser's own (parsing, loading, copying).
 *
 * @module messages
 */

/**
 * @typedef {object} MessageParams
 * @property {string} [label] the field's label
 * @property {string} [other] the label of the input that bounds this one
 * @property {string} [bound] the bound, formatted for the language
 * @property {string[]} [labels] the labels of the inputs a message is about
 * @property {string} [reading] how the typed number was read, formatted ("12,5")
 * @property {string} [alternative] the other way it can be read, formatted ("12.500")
 * @property {boolean} [whole] the field takes whole numbers only (a count): examples have no
 *   decimals
 */

/** Intl locales of the languages, for lists such as "‘A’, ‘B’ of ‘C’". */
const LOCALES = { nl: "nl-NL", en: "en-GB" };

/** @type {Record<string, Record<string, (params: MessageParams) => string>>} */
const TEXTS = {
  nl: {
    missing_input: ({ label }) => `Vul bij ‘${label}’ een getal in.`,
    not_a_number: ({ label, whole }) =>
      `Vul bij ‘${label}’ een getal in, zoals 1250 of ${whole ? "1.250" : "1.250,50"}.`,
    foreign_currency: ({ label }) =>
      `Vul bij ‘${label}’ alleen het getal in: bedragen zijn in euro.`,
    unit_word: ({ label }) => `Vul bij ‘${label}’ alleen het getal in, zonder eenheid.`,
    ambiguous: ({ label }) =>
      `Het getal bij ‘${label}’ is niet eenduidig. ` +
      "Gebruik een komma voor decimalen, zoals 1234,5 of 1.234,5.",
    too_many_digits: ({ label }) =>
      `Vul bij ‘${label}’ een kleiner getal in: hoogstens 15 cijfers voor de komma.`,
    not_whole: ({ label, alternative }) =>
      alternative
        ? `Vul bij ‘${label}’ een heel getal in. Bedoel je ${alternative}, typ dan ${alternative}.`
        : `Vul bij ‘${label}’ een heel getal in: het is een aantal.`,
    read_as: ({ reading, alternative }) =>
      `Gelezen als ${reading}. Bedoel je ${alternative}, typ dan ${alternative}.`,
    below_min: ({ label, bound }) => `Vul bij ‘${label}’ ${bound} of meer in.`,
    below_min_exclusive: ({ label, bound }) =>
      `Vul bij ‘${label}’ een getal groter dan ${bound} in.`,
    above_max: ({ label, bound }) => `Vul bij ‘${label}’ ${bound} of minder in.`,
    below_min_input: ({ label, other, bound }) =>
      `‘${label}’ kan niet kleiner zijn dan ‘${other}’ (${bound}). ` +
      `Verhoog ‘${label}’ of verlaag ‘${other}’.`,
    above_max_input: ({ label, other, bound }) =>
      `‘${label}’ kan niet groter zijn dan ‘${other}’ (${bound}). ` +
      `Verlaag ‘${label}’ of verhoog ‘${other}’.`,
    check_failed: () => "Deze getallen passen niet bij elkaar. Controleer ze.",
    zero_division: ({ label }) =>
      `‘${label}’ kan geen 0 zijn: de formule deelt erdoor. Vul een getal groter dan 0 in.`,
    zero_division_form: ({ labels }) =>
      labels.length > 0
        ? `Pas ${anyOf(labels, "nl")} aan: met deze getallen deelt de formule door 0.`
        : "Met deze getallen deelt de formule door 0. Pas ze aan.",
    invalid_operation: () => "Met deze getallen valt niets te berekenen. Pas ze aan.",
    too_large: () => "De uitkomst is te groot om te berekenen. Vul kleinere getallen in.",
    exponent_too_large: ({ label }) =>
      label
        ? `Vul bij ‘${label}’ een getal van −100 tot en met 100 in: de formule gebruikt het als exponent.`
        : "Met deze getallen valt een exponent in de formule buiten −100 tot en met 100. Pas ze aan.",
    unknown_kpi: () => "Deze rekenmachine ontbreekt in de rekenmodule. Laad de pagina opnieuw.",
    internal_error: () => "Er ging iets mis bij het rekenen. Laad de pagina opnieuw.",
    timeout: () =>
      "De berekening duurde te lang en is gestopt. Pas de getallen aan om het opnieuw te proberen.",
    worker_failed: () => "De rekenmachine liep vast. Pas een getal aan om het opnieuw te proberen.",
    boot_failed: () =>
      "De rekenmachine kon niet laden. Controleer je verbinding en laad de pagina opnieuw.",
    needs_server: () =>
      "De rekenmachine werkt alleen als je de site via een webserver opent " +
      "(bijvoorbeeld met mkdocs serve), niet als los bestand.",
    loading_start: () => "Rekenmachine laden…",
    loading_runtime: () => "Rekenmachine laden: rekenkern ophalen…",
    loading_formulas: () => "Rekenmachine laden: formules klaarzetten…",
    copied: () => "Resultaat gekopieerd.",
    copy_failed: () => "Kopiëren lukte niet. Het resultaat is geselecteerd: kopieer het zelf.",
    nothing_to_copy: () => "Er is nog geen resultaat om te kopiëren.",
    link_copied: () => "Link met je getallen gekopieerd.",
    link_in_address_bar: () => "De adresbalk bevat nu een link met je getallen.",
  },
  en: {
    missing_input: ({ label }) => `Enter a number for ‘${label}’.`,
    not_a_number: ({ label, whole }) =>
      `Enter a number for ‘${label}’, like 1250 or ${whole ? "1,250" : "1,250.50"}.`,
    foreign_currency: ({ label }) =>
      `Enter only the number for ‘${label}’: amounts are in euro.`,
    unit_word: ({ label }) => `Enter only the number for ‘${label}’, without the unit.`,
    ambiguous: ({ label }) =>
      `The number for ‘${label}’ is unclear. ` +
      "Use a point for decimals, like 1234.5 or 1,234.5.",
    too_many_digits: ({ label }) =>
      `Enter a smaller number for ‘${label}’: at most 15 digits before the decimal point.`,
    not_whole: ({ label, alternative }) =>
      alternative
        ? `Enter a whole number for ‘${label}’. If you meant ${alternative}, type ${alternative}.`
        : `Enter a whole number for ‘${label}’: it is a count.`,
    read_as: ({ reading, alternative }) =>
      `Read as ${reading}. If you meant ${alternative}, type ${alternative}.`,
    below_min: ({ label, bound }) => `Enter ${bound} or more for ‘${label}’.`,
    below_min_exclusive: ({ label, bound }) =>
      `Enter a number greater than ${bound} for ‘${label}’.`,
    above_max: ({ label, bound }) => `Enter ${bound} or less for ‘${label}’.`,
    below_min_input: ({ label, other, bound }) =>
      `‘${label}’ cannot be less than ‘${other}’ (${bound}). ` +
      `Raise ‘${label}’ or lower ‘${other}’.`,
    above_max_input: ({ label, other, bound }) =>
      `‘${label}’ cannot be more than ‘${other}’ (${bound}). ` +
      `Lower ‘${label}’ or raise ‘${other}’.`,
    check_failed: () => "These numbers do not fit together. Check them.",
    zero_division: ({ label }) =>
      `‘${label}’ cannot be 0: the formula divides by it. Enter a number above 0.`,
    zero_division_form: ({ labels }) =>
      labels.length > 0
        ? `Change ${anyOf(labels, "en")}: with these numbers the formula divides by 0.`
        : "With these numbers the formula divides by 0. Change them.",
    invalid_operation: () => "These numbers cannot be calculated. Change them.",
    too_large: () => "The result is too large to calculate. Enter smaller numbers.",
    exponent_too_large: ({ label }) =>
      label
        ? `Enter a number from −100 to 100 for ‘${label}’: the formula uses it as an exponent.`
        : "With these numbers an exponent in the formula is outside −100 to 100. Change them.",
    unknown_kpi: () => "This calculator is missing from the formula module. Reload the page.",
    internal_error: () => "Something went wrong while calculating. Reload the page.",
    timeout: () => "The calculation took too long and was stopped. Change a number to try again.",
    worker_failed: () => "The calculator stopped working. Change a number to try again.",
    boot_failed: () => "The calculator could not load. Check your connection and reload the page.",
    needs_server: () =>
      "The calculator only works when the site is opened through a web server " +
      "(for example mkdocs serve), not as a local file.",
    loading_start: () => "Loading calculator…",
    loading_runtime: () => "Loading calculator: fetching the calculation engine…",
    loading_formulas: () => "Loading calculator: preparing the formulas…",
    copied: () => "Result copied.",
    copy_failed: () => "Copying did not work. The result is selected: copy it yourself.",
    nothing_to_copy: () => "There is no result to copy yet.",
    link_copied: () => "Link with your numbers copied.",
    link_in_address_bar: () => "The address bar now holds a link with your numbers.",
  },
};

/** Every message code; the tests check that both languages have each one. */
export const MESSAGE_CODES = Object.freeze(Object.keys(TEXTS.nl));

/**
 * The text for a message code.
 *
 * @param {string} code a message code (unknown codes get the internal_error text)
 * @param {string} lang "nl" or "en" (anything else falls back to nl)
 * @param {MessageParams} [params]
 * @returns {string}
 */
export function message(code, lang, params = {}) {
  const texts = TEXTS[lang] ?? TEXTS.nl;
  const text = texts[code] ?? texts.internal_error;
  const defaults = {
    label: "",
    other: "",
    bound: "",
    labels: [],
    reading: "",
    alternative: "",
    whole: false,
  };
  // A parameter given as undefined (a label not found) keeps its default: never "undefined".
  const given = Object.entries(params).filter(([, value]) => value != null);
  return text({ ...defaults, ...Object.fromEntries(given) });
}

/**
 * Quoted labels joined as alternatives: "‘A’, ‘B’ of ‘C’", "‘A’, ‘B’ or ‘C’".
 *
 * @param {string[]} labels
 * @param {string} lang
 * @returns {string}
 */
function anyOf(labels, lang) {
  const list = new Intl.ListFormat(LOCALES[lang], { type: "disjunction" });
  return list.format(labels.map((label) => `‘${label}’`));
}

/**
 * Languages with texts.
 *
 * @returns {string[]}
 */
export function messageLanguages() {
  return Object.keys(TEXTS);
}

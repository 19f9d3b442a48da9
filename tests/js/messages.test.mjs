// Calculator texts (site_overrides/assets/calculator/messages.js).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import {
  MESSAGE_CODES,
  message,
  messageLanguages,
} from "../../site_overrides/assets/calculator/messages.js";

/** Codes generator/formula.py can return, plus those of the parser and the worker. */
const REQUIRED = [
  "missing_input",
  "not_a_number",
  "ambiguous",
  "below_min",
  "below_min_exclusive",
  "above_max",
  "below_min_input",
  "above_max_input",
  "check_failed",
  "zero_division",
  "foreign_currency",
  "unit_word",
  "zero_division_form",
  "invalid_operation",
  "too_large",
  "exponent_too_large",
  "unknown_kpi",
  "internal_error",
  "timeout",
  "worker_failed",
  "boot_failed",
  "needs_server",
  "loading_start",
  "loading_runtime",
  "loading_formulas",
];

describe("message", () => {
  test("has Dutch and English texts for every code", () => {
    assert.deepEqual(messageLanguages(), ["nl", "en"]);
    for (const code of [...REQUIRED, ...MESSAGE_CODES]) {
      assert.ok(MESSAGE_CODES.includes(code), code);
      const nl = message(code, "nl", { label: "Kliks", other: "Impressies", bound: "100" });
      const en = message(code, "en", { label: "Clicks", other: "Impressions", bound: "100" });
      assert.ok(nl.length > 10 && en.length > 10, code);
      assert.notEqual(nl, en, code);
    }
  });

  test("field messages name the field", () => {
    for (const code of ["missing_input", "not_a_number", "ambiguous", "zero_division"]) {
      assert.match(message(code, "nl", { label: "Impressies" }), /‘Impressies’/);
      assert.match(message(code, "en", { label: "Impressions" }), /‘Impressions’/);
    }
  });

  test("the example of a number has no decimals for a field that takes whole numbers", () => {
    const nl = { label: "Klanten", whole: true };
    assert.equal(
      message("not_a_number", "nl", nl),
      "Vul bij ‘Klanten’ een getal in, zoals 1250 of 1.250.",
    );
    assert.equal(
      message("not_a_number", "en", { label: "Customers", whole: true }),
      "Enter a number for ‘Customers’, like 1250 or 1,250.",
    );
    assert.equal(
      message("not_a_number", "en", { label: "Spend" }),
      "Enter a number for ‘Spend’, like 1250 or 1,250.50.",
    );
  });

  test("a number that reads two ways says how it was read and how to write the other", () => {
    const params = { reading: "12,5", alternative: "12.500" };
    assert.equal(
      message("read_as", "nl", params),
      "Gelezen als 12,5. Bedoel je 12.500, typ dan 12.500.",
    );
    assert.equal(
      message("read_as", "en", { reading: "12.5", alternative: "12,500" }),
      "Read as 12.5. If you meant 12,500, type 12,500.",
    );
  });

  test("a count with decimals asks for a whole number, naming the grouped reading if any", () => {
    assert.equal(
      message("not_whole", "nl", { label: "Klanten" }),
      "Vul bij ‘Klanten’ een heel getal in: het is een aantal.",
    );
    assert.equal(
      message("not_whole", "nl", { label: "Klanten", alternative: "12.500" }),
      "Vul bij ‘Klanten’ een heel getal in. Bedoel je 12.500, typ dan 12.500.",
    );
    assert.equal(
      message("not_whole", "en", { label: "Customers", alternative: "12,500" }),
      "Enter a whole number for ‘Customers’. If you meant 12,500, type 12,500.",
    );
  });

  test("a number of more than 15 digits asks for a smaller one, in each language", () => {
    assert.equal(
      message("too_many_digits", "nl", { label: "Kosten" }),
      "Vul bij ‘Kosten’ een kleiner getal in: hoogstens 15 cijfers voor de komma.",
    );
    assert.equal(
      message("too_many_digits", "en", { label: "Costs" }),
      "Enter a smaller number for ‘Costs’: at most 15 digits before the decimal point.",
    );
  });

  test("a part larger than its whole names both inputs, the bound and what to change", () => {
    const params = { label: "Kliks", other: "Impressies", bound: "100" };
    assert.equal(
      message("above_max_input", "nl", params),
      "‘Kliks’ kan niet groter zijn dan ‘Impressies’ (100). Verlaag ‘Kliks’ of verhoog ‘Impressies’.",
    );
    assert.equal(
      message("below_min_input", "en", { label: "Sum", other: "Keywords", bound: "40" }),
      "‘Sum’ cannot be less than ‘Keywords’ (40). Raise ‘Sum’ or lower ‘Keywords’.",
    );
  });

  test("a division by 0 in a sum names every input of it as alternatives", () => {
    const labels = ["Promotors", "Passieven", "Criticasters"];
    assert.equal(
      message("zero_division_form", "nl", { labels }),
      "Pas ‘Promotors’, ‘Passieven’ of ‘Criticasters’ aan: met deze getallen deelt de formule door 0.",
    );
    assert.equal(
      message("zero_division_form", "en", { labels: ["Promoters", "Detractors"] }),
      "Change ‘Promoters’ or ‘Detractors’: with these numbers the formula divides by 0.",
    );
    assert.equal(
      message("zero_division_form", "en"),
      "With these numbers the formula divides by 0. Change them.",
    );
  });

  test("a fixed bound says what to enter", () => {
    const nl = message("below_min", "nl", { label: "Kliks", bound: "0" });
    const en = message("above_max", "en", { label: "Share", bound: "100" });
    assert.equal(nl, "Vul bij ‘Kliks’ 0 of meer in.");
    assert.equal(en, "Enter 100 or less for ‘Share’.");
  });

  test("a minimum the formula cannot divide by asks for a number greater than it", () => {
    assert.equal(
      message("below_min_exclusive", "nl", { label: "Nieuwe klanten", bound: "0" }),
      "Vul bij ‘Nieuwe klanten’ een getal groter dan 0 in.",
    );
    assert.equal(
      message("below_min_exclusive", "en", { label: "New customers", bound: "0" }),
      "Enter a number greater than 0 for ‘New customers’.",
    );
  });

  test("an amount in another currency is asked for in euro, as a number only", () => {
    assert.equal(
      message("foreign_currency", "nl", { label: "Marketingkosten" }),
      "Vul bij ‘Marketingkosten’ alleen het getal in: bedragen zijn in euro.",
    );
    assert.equal(
      message("foreign_currency", "en", { label: "Marketing costs" }),
      "Enter only the number for ‘Marketing costs’: amounts are in euro.",
    );
  });

  test("an exponent out of bounds is asked for at its field, or for the form", () => {
    assert.equal(
      message("exponent_too_large", "nl", { label: "Jaren" }),
      "Vul bij ‘Jaren’ een getal van −100 tot en met 100 in: de formule gebruikt het als exponent.",
    );
    assert.equal(
      message("exponent_too_large", "en", { label: "" }),
      "With these numbers an exponent in the formula is outside −100 to 100. Change them.",
    );
  });

  test("a number with a unit word is asked for without the unit", () => {
    assert.equal(
      message("unit_word", "nl", { label: "Levensduur" }),
      "Vul bij ‘Levensduur’ alleen het getal in, zonder eenheid.",
    );
    assert.equal(
      message("unit_word", "en", { label: "Lifetime" }),
      "Enter only the number for ‘Lifetime’, without the unit.",
    );
  });

  test("unknown codes and languages fall back instead of failing", () => {
    assert.equal(message("no_such_code", "en"), message("internal_error", "en"));
    assert.equal(message("loading_start", "fr"), message("loading_start", "nl"));
  });

  test("texts contain no placeholders left unfilled", () => {
    for (const lang of messageLanguages()) {
      for (const code of MESSAGE_CODES) {
        assert.doesNotMatch(message(code, lang), /undefined|NaN|Infinity|\$\{/, `${lang} ${code}`);
        const missing = { label: undefined, bound: undefined, labels: undefined };
        assert.doesNotMatch(message(code, lang, missing), /undefined|NaN|Infinity/, code);
      }
    }
  });
});

describe("file-notice.js", () => {
  test("shows the same needs_server texts as messages.js", () => {
    const url = new URL("../../site_overrides/assets/calculator/file-notice.js", import.meta.url);
    const source = readFileSync(url, "utf8");
    for (const lang of messageLanguages()) {
      assert.ok(source.includes(`${lang}: ${JSON.stringify(message("needs_server", lang))}`), lang);
    }
  });

  test("is a classic script: no import or export", () => {
    const url = new URL("../../site_overrides/assets/calculator/file-notice.js", import.meta.url);
    assert.doesNotMatch(readFileSync(url, "utf8"), /^\s*(import|export)\b/m);
  });
});

// Formatting results per language and unit (site_overrides/assets/calculator/format.js).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  formatFormula,
  formatInput,
  formatResult,
} from "../../site_overrides/assets/calculator/format.js";

const NBSP = "\u00a0";
const MINUS = "\u2212";

/** [plain value, unit, on nl, on en] */
const RESULTS = [
  ["1234.5", "currency", `€${NBSP}1.234,50`, "€1,234.50"],
  ["250", "currency", `€${NBSP}250,00`, "€250.00"],
  ["1.005", "currency", `€${NBSP}1,01`, "€1.01"],
  ["1.004999", "currency", `€${NBSP}1,00`, "€1.00"],
  ["-1234.5", "currency", `€${NBSP}${MINUS}1.234,50`, `${MINUS}€1,234.50`],
  ["-0.001", "currency", `>${NBSP}€${NBSP}${MINUS}0,01`, `>${NBSP}${MINUS}€0.01`],
  ["37.5", "percent", "37,5%", "37.5%"],
  ["33.33333333333333333333333333", "percent", "33,33%", "33.33%"],
  ["100", "percent", "100%", "100%"],
  ["-12.345", "percent", `${MINUS}12,35%`, `${MINUS}12.35%`],
  ["1.5", "percentage_points", `+1,5${NBSP}pp`, `+1.5${NBSP}pp`],
  ["-2", "percentage_points", `${MINUS}2${NBSP}pp`, `${MINUS}2${NBSP}pp`],
  ["0", "percentage_points", `0${NBSP}pp`, `0${NBSP}pp`],
  ["3.2", "ratio", "3,2×", "3.2×"],
  ["3.125", "ratio", "3,13×", "3.13×"],
  ["11.36", "score", "+11,36", "+11.36"],
  ["-5", "score", `${MINUS}5`, `${MINUS}5`],
  ["0", "score", "0", "0"],
  ["-0.001", "score", `>${NBSP}${MINUS}0,01`, `>${NBSP}${MINUS}0.01`],
  ["12.5", "days", `12,5${NBSP}dagen`, `12.5${NBSP}days`],
  ["1", "days", `1${NBSP}dag`, `1${NBSP}day`],
  ["1.001", "days", `1${NBSP}dag`, `1${NBSP}day`],
  ["0", "days", `0${NBSP}dagen`, `0${NBSP}days`],
  ["45", "seconds", `45${NBSP}s`, `45${NBSP}s`],
  ["45.678", "seconds", `45,68${NBSP}s`, `45.68${NBSP}s`],
  ["1234", "count", "1.234", "1,234"],
  ["80", "count", "80", "80"],
  ["3.125", "number", "3,13", "3.13"],
  ["-3.125", "number", `${MINUS}3,13`, `${MINUS}3.13`],
  ["104.5", "index", "104,5", "104.5"],
  ["2.5", "years", `2,5${NBSP}jaar`, `2.5${NBSP}years`],
  ["1", "years", `1${NBSP}jaar`, `1${NBSP}year`],
];

for (const lang of ["nl", "en"]) {
  describe(`formatResult on ${lang}`, () => {
    for (const [plain, unit, nl, en] of RESULTS) {
      const expected = lang === "nl" ? nl : en;
      test(`${plain} ${unit} -> ${JSON.stringify(expected)}`, () => {
        assert.equal(formatResult(plain, unit, lang), expected);
      });
    }

    test("rounds half up, exactly, from the decimal string", () => {
      const mark = lang === "nl" ? "," : ".";
      assert.equal(formatResult("3.125", "number", lang), `3${mark}13`);
      assert.equal(formatResult("2.675", "number", lang), `2${mark}68`);
      assert.equal(formatResult("0.005", "number", lang), `0${mark}01`);
    });

    test("a result that is not 0 never shows as 0", () => {
      const mark = lang === "nl" ? "," : ".";
      assert.equal(formatResult("0.00104", "ratio", lang), `<\u00a00${mark}01×`);
      assert.equal(formatResult("-0.004", "percent", lang), `>\u00a0−0${mark}01%`);
      assert.equal(formatResult("0.005", "ratio", lang), `0${mark}01×`);
      assert.equal(formatResult("0.000", "ratio", lang), "0×");
    });

    test("1 of 3 as a percentage is 33,33%", () => {
      const value = "33.33333333333333333333333333";
      assert.equal(formatResult(value, "percent", lang), lang === "nl" ? "33,33%" : "33.33%");
    });

    test("never uses exponent notation", () => {
      const huge = "100000000000000000000";
      const grouped = lang === "nl" ? "100.000.000.000.000.000.000" : "100,000,000,000,000,000,000";
      assert.equal(formatResult(huge, "number", lang), grouped);
      assert.doesNotMatch(formatResult(huge, "currency", lang), /e/i);
      assert.doesNotMatch(formatResult("0.000000000000000000001", "number", lang), /e/i);
    });

    test("refuses text that is not a plain decimal instead of showing NaN", () => {
      for (const bad of ["NaN", "Infinity", "-Infinity", "1e20", "", "abc"]) {
        assert.throws(() => formatResult(bad, "number", lang), RangeError, bad);
      }
    });
  });
}

describe("formatInput", () => {
  test("keeps every decimal typed and drops ,00 from whole amounts", () => {
    assert.equal(formatInput("12000", "currency", "nl"), `€${NBSP}12.000`);
    assert.equal(formatInput("12000.5", "currency", "nl"), `€${NBSP}12.000,50`);
    assert.equal(formatInput("0.125", "number", "nl"), "0,125");
    assert.equal(formatInput("0.125", "number", "en"), "0.125");
  });

  test("shows units but no plus sign", () => {
    assert.equal(formatInput("12.5", "percent", "nl"), "12,5%");
    assert.equal(formatInput("5", "score", "nl"), "5");
    assert.equal(formatInput("-5", "score", "en"), `${MINUS}5`);
    assert.equal(formatInput("30", "days", "nl"), `30${NBSP}dagen`);
  });
});

describe("formatFormula", () => {
  test("fills in the user's numbers with their units", () => {
    const text = formatFormula(
      ["(", "marketing_cost", " + ", "sales_cost", ") ÷ ", "new_customers", ""],
      { marketing_cost: "12000", sales_cost: "8000", new_customers: "80" },
      { marketing_cost: "currency", sales_cost: "currency", new_customers: "count" },
      "nl",
    );
    assert.equal(text, `(€${NBSP}12.000 + €${NBSP}8.000) ÷ 80`);
  });

  test("keeps the page's symbols and numbers and writes the user's in the page language", () => {
    const parts = ["100 × ", "clicks", " ÷ ", "impressions", ""];
    const values = { clicks: "1380", impressions: "46000" };
    assert.equal(formatFormula(parts, values, {}, "nl"), "100 × 1.380 ÷ 46.000");
    assert.equal(formatFormula(parts, values, {}, "en"), "100 × 1,380 ÷ 46,000");
  });

  test("shows a percentage as a percentage: CLV's margin reads 40%, not 40% ÷ 100", () => {
    // The parts as generator/pages.py writes them for CLV: the "÷ 100" is part of "40%".
    const parts = ["", "aov", " × ", "frequency", " × ", "years", " × ", "margin", ""];
    const values = { aov: "85", frequency: "3.2", years: "4", margin: "40" };
    const units = { aov: "currency", frequency: "number", years: "years", margin: "percent" };
    assert.equal(
      formatFormula(parts, values, units, "nl"),
      `€${NBSP}85 × 3,2 × 4${NBSP}jaar × 40%`,
    );
    assert.equal(formatFormula(parts, values, units, "en"), `€85 × 3.2 × 4${NBSP}years × 40%`);
  });

  test("puts negative numbers in parentheses", () => {
    const parts = ["", "end", " − ", "start", ""];
    const text = formatFormula(parts, { end: "10", start: "-5" }, {}, "en");
    assert.equal(text, `10 ${MINUS} (${MINUS}5)`);
  });

  test("gives nothing rather than a formula with a gap", () => {
    const parts = ["100 × ", "clicks", " ÷ ", "impressions", ""];
    assert.equal(formatFormula(parts, { clicks: "7" }, {}, "nl"), "");
    assert.equal(formatFormula("100 * clicks", { clicks: "7" }, {}, "nl"), "");
    assert.equal(formatFormula(["", 7, ""], { clicks: "7" }, {}, "nl"), "");
  });
});

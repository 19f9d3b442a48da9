// Parsing typed numbers per language (site_overrides/assets/calculator/numbers.js).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  compareDecimal,
  decimalText,
  findBand,
  isPlainNumber,
  parseNumber,
  plainToInput,
  typedUnit,
} from "../../site_overrides/assets/calculator/numbers.js";

/** [typed text, unit, plain value on nl, plain value on en] */
const ACCEPTED = [
  ["0,5", "number", "0.5", "0.5"],
  ["1.234,56", "number", "1234.56", null],
  ["1 234,56", "number", "1234.56", "1234.56"],
  ["1\u00a0234,56", "number", "1234.56", "1234.56"],
  ["1\u202f234,56", "number", "1234.56", "1234.56"],
  ["1234.56", "number", "1234.56", "1234.56"],
  ["1 234.56", "number", "1234.56", "1234.56"],
  ["€ 1.250", "currency", "1250", "1.25"],
  ["€1.250,50", "currency", "1250.5", null],
  ["1.250 €", "currency", "1250", "1.25"],
  ["€ 1,250", "currency", "1.25", "1250"],
  ["12,5%", "percent", "12.5", "12.5"],
  ["12,5 %", "percent", "12.5", "12.5"],
  ["12.5%", "percent", "12.5", "12.5"],
  ["1.250", "number", "1250", "1.25"],
  ["1,250", "number", "1.25", "1250"],
  ["1.234.567", "number", "1234567", null],
  ["1,234,567", "number", null, "1234567"],
  ["1.234.567,89", "number", "1234567.89", null],
  ["1,234,567.89", "number", null, "1234567.89"],
  ["1 234 567", "number", "1234567", "1234567"],
  ["1.2345", "number", "1.2345", "1.2345"],
  ["0.500", "number", "0.5", "0.5"],
  ["0,500", "number", "0.5", "0.5"],
  ["12,50", "number", "12.5", "12.5"],
  [",5", "number", "0.5", "0.5"],
  ["12,", "number", "12", "12"],
  ["007", "count", "7", "7"],
  ["0", "number", "0", "0"],
  ["-0", "number", "0", "0"],
  ["-5", "score", "-5", "-5"],
  ["\u22125", "score", "-5", "-5"],
  ["+5", "score", "5", "5"],
  ["- 12,5", "number", "-12.5", "-12.5"],
  ["€ -1.250", "currency", "-1250", "-1.25"],
  ["-€ 1.250", "currency", "-1250", "-1.25"],
  ["  42  ", "count", "42", "42"],
  ["999999999999999", "number", "999999999999999", "999999999999999"],
];

/** Texts no field accepts, on either language. */
const REJECTED = [
  ["abc", "number"],
  ["NaN", "number"],
  ["Infinity", "number"],
  ["-Infinity", "number"],
  ["1e5", "number"],
  ["1E5", "number"],
  ["2e-3", "number"],
  ["0x10", "number"],
  ["1/2", "number"],
  ["½", "number"],
  ["1_000", "number"],
  ["--5", "number"],
  ["+-5", "number"],
  ["5-", "number"],
  ["1,234.5,6", "number"],
  ["1.23.4", "number"],
  ["1,2,3", "number"],
  ["1,,5", "number"],
  ["1..5", "number"],
  ["12 34", "number"],
  ["1 2 3", "number"],
  ["1.234 567", "number"],
  [",", "number"],
  [".", "number"],
  ["-", "number"],
  ["€", "currency"],
  ["€ 5", "number"],
  ["5%", "number"],
  ["5%", "currency"],
  ["€ 5", "percent"],
  ["%5", "percent"],
  ["5 €5", "currency"],
  ["five", "count"],
  ["٣", "number"],
  ["１２", "number"],
  ["5k", "number"],
  ["5 mln", "currency"],
  ["USD 10", "number"],
  ["$", "currency"],
  ["$ abc", "currency"],
  ["abc jaar", "years"],
  ["1.2.3,4", "number"],
];

for (const lang of ["nl", "en"]) {
  const column = lang === "nl" ? 2 : 3;

  describe(`parseNumber on ${lang}`, () => {
    for (const row of ACCEPTED.filter((candidate) => candidate[column] !== null)) {
      const [text, unit] = row;
      test(`reads ${JSON.stringify(text)} (${unit}) as ${row[column]}`, () => {
        const { ok, value } = parseNumber(text, lang, unit);
        assert.deepEqual({ ok, value }, { ok: true, value: row[column] });
      });
    }

    for (const [text, unit] of REJECTED) {
      test(`rejects ${JSON.stringify(text)} (${unit})`, () => {
        const result = parseNumber(text, lang, unit);
        assert.equal(result.ok, false);
        assert.ok(["not_a_number", "ambiguous"].includes(result.code), result.code);
      });
    }

    test("an empty field is a missing input, not a zero", () => {
      assert.deepEqual(parseNumber("", lang), { ok: false, code: "missing_input" });
      assert.deepEqual(parseNumber(" \u00a0 ", lang), { ok: false, code: "missing_input" });
      assert.deepEqual(parseNumber(undefined, lang), { ok: false, code: "missing_input" });
    });
  });
}

describe("parseNumber: the other language's notation", () => {
  test("English grouping on a Dutch page is reported as ambiguous", () => {
    assert.deepEqual(parseNumber("1,234.56", "nl"), { ok: false, code: "ambiguous" });
  });

  test("Dutch grouping on an English page is reported as ambiguous", () => {
    assert.deepEqual(parseNumber("1.234,56", "en"), { ok: false, code: "ambiguous" });
    assert.deepEqual(parseNumber("1.234.567", "en"), { ok: false, code: "ambiguous" });
  });

  test("a point before exactly three digits after 4+ digits is ambiguous on nl", () => {
    assert.deepEqual(parseNumber("1234.567", "nl"), { ok: false, code: "ambiguous" });
    assert.deepEqual(parseNumber("1234.567", "en"), { ok: true, value: "1234.567" });
  });

  test("text that fits neither language is not a number", () => {
    assert.deepEqual(parseNumber("1,234.5,6", "nl"), { ok: false, code: "not_a_number" });
    assert.deepEqual(parseNumber("1,234.5,6", "en"), { ok: false, code: "not_a_number" });
  });

  test("an unknown language reads the Dutch way", () => {
    assert.deepEqual(parseNumber("1.250", "de"), { ok: true, value: "1250" });
  });
});

/** [typed text, lang, unit, plain value, the value when the mark groups thousands, or null] */
const OTHER_READINGS = [
  ["12,500", "nl", "number", "12.5", "12500"],
  ["1,250", "nl", "number", "1.25", "1250"],
  ["€ 1,250", "nl", "currency", "1.25", "1250"],
  ["-1,000", "nl", "number", "-1", "-1000"],
  ["12.500", "en", "number", "12.5", "12500"],
  ["€1.250", "en", "currency", "1.25", "1250"],
  ["0,500", "nl", "number", "0.5", null],
  ["1234,567", "nl", "number", "1234.567", null],
  ["12,5", "nl", "number", "12.5", null],
  ["12,50", "nl", "number", "12.5", null],
  ["1.250", "nl", "number", "1250", null],
  ["12,500", "en", "number", "12500", null],
  ["1.250,500", "nl", "number", "1250.5", null],
];

describe("parseNumber: a decimal mark that could group thousands", () => {
  for (const [text, lang, unit, value, alternative] of OTHER_READINGS) {
    const also = alternative === null ? "nothing else" : alternative;
    test(`reads ${JSON.stringify(text)} on ${lang} as ${value}, and also as ${also}`, () => {
      const expected = alternative ? { ok: true, value, alternative } : { ok: true, value };
      assert.deepEqual(parseNumber(text, lang, unit), expected);
    });
  }
});

describe("parseNumber: counts", () => {
  test("a count takes whole numbers only", () => {
    assert.deepEqual(parseNumber("2,5", "nl", "count"), { ok: false, code: "not_whole" });
    assert.deepEqual(parseNumber("2.5", "en", "count"), { ok: false, code: "not_whole" });
    assert.deepEqual(parseNumber("2,5", "nl", "number"), { ok: true, value: "2.5" });
    assert.deepEqual(parseNumber("1.250", "nl", "count"), { ok: true, value: "1250" });
    assert.deepEqual(parseNumber("7,0", "nl", "count"), { ok: true, value: "7" });
  });

  test("a count typed with the other language's grouping is refused, naming that reading", () => {
    const refused = { ok: false, code: "not_whole", alternative: "12500" };
    assert.deepEqual(parseNumber("12,500", "nl", "count"), refused);
    assert.deepEqual(parseNumber("12.500", "en", "count"), refused);
  });

  test("also when that text reads as a whole number: 1,000 customers is not one customer", () => {
    const refused = { ok: false, code: "not_whole", alternative: "1000" };
    assert.deepEqual(parseNumber("1,000", "nl", "count"), refused);
    assert.deepEqual(parseNumber("1.000", "en", "count"), refused);
    assert.deepEqual(parseNumber("1,000", "nl", "number"), { ok: true, value: "1", alternative: "1000" });
    assert.deepEqual(parseNumber("0,000", "nl", "count"), { ok: true, value: "0" });
  });
});

describe("parseNumber: the other reading only when the field takes it", () => {
  const PERCENT = { min: "0", max: "100" };

  test("a reading above the maximum or below the minimum is not suggested", () => {
    assert.deepEqual(parseNumber("12,500", "nl", "percent", PERCENT), { ok: true, value: "12.5" });
    assert.deepEqual(parseNumber("12.500%", "en", "percent", PERCENT), { ok: true, value: "12.5" });
    const negative = { ok: true, value: "-1" };
    assert.deepEqual(parseNumber("-1,000", "nl", "number", { min: "0" }), negative);
  });

  test("a reading within the bounds, or at one of them, is suggested", () => {
    const within = { ok: true, value: "1.25", alternative: "1250" };
    assert.deepEqual(parseNumber("1,250", "nl", "number", { min: "0", max: "1250" }), within);
    assert.deepEqual(parseNumber("1.250", "en", "currency", { min: "-5", max: "" }), within);
  });

  test("a bound that names another input does not hold the suggestion back", () => {
    const bounds = { min: "0", max: "impressions" };
    const refused = { ok: false, code: "not_whole", alternative: "46500" };
    assert.deepEqual(parseNumber("46,500", "nl", "count", bounds), refused);
  });

  test("a count is still refused, without a suggestion it could not take", () => {
    const bounds = { min: "0", max: "1000" };
    assert.deepEqual(parseNumber("2,000", "nl", "count", bounds), { ok: false, code: "not_whole" });
    assert.deepEqual(parseNumber("1.000", "en", "count", bounds), {
      ok: false,
      code: "not_whole",
      alternative: "1000",
    });
  });
});

/** [typed text, lang, unit, code]: a unit the field does not take, with its own message. */
const UNIT_REFUSALS = [
  ["$1,250", "nl", "currency", "foreign_currency"],
  ["$1,250", "en", "currency", "foreign_currency"],
  ["EUR 85", "nl", "currency", "foreign_currency"],
  ["USD 10", "en", "currency", "foreign_currency"],
  ["usd10", "en", "currency", "foreign_currency"],
  ["-£5", "en", "currency", "foreign_currency"],
  ["85 USD", "nl", "currency", "foreign_currency"],
  ["1.250 $", "nl", "currency", "foreign_currency"],
  ["4 jaar", "nl", "years", "unit_word"],
  ["4 years", "en", "years", "unit_word"],
  ["4jr.", "nl", "years", "unit_word"],
  ["12,5 dagen", "nl", "days", "unit_word"],
  ["2.000 klanten", "nl", "count", "unit_word"],
  ["85 euro", "nl", "currency", "unit_word"],
  ["12 abc", "en", "number", "unit_word"],
];

describe("parseNumber: a foreign currency or a unit word", () => {
  for (const [text, lang, unit, code] of UNIT_REFUSALS) {
    test(`refuses ${JSON.stringify(text)} (${unit}) on ${lang} as ${code}`, () => {
      assert.deepEqual(parseNumber(text, lang, unit), { ok: false, code });
    });
  }

  test("the euro sign stays accepted before or after an amount", () => {
    assert.deepEqual(parseNumber("85 €", "nl", "currency"), { ok: true, value: "85" });
    assert.deepEqual(parseNumber("€ 1.250", "nl", "currency"), { ok: true, value: "1250" });
  });

  test("a currency sign or code in a field that is no amount stays not a number", () => {
    assert.deepEqual(parseNumber("$5", "nl", "count"), { ok: false, code: "not_a_number" });
    assert.deepEqual(parseNumber("USD 10", "en", "percent"), { ok: false, code: "not_a_number" });
  });
});

describe("typedUnit", () => {
  test("a suggestion to type keeps only the signs the parser strips", () => {
    assert.equal(typedUnit("currency"), "currency");
    assert.equal(typedUnit("percent"), "percent");
    for (const unit of ["days", "seconds", "years", "ratio", "count", "number"]) {
      assert.equal(typedUnit(unit), "number", unit);
    }
    // What the suggestion writes is read back: "12.500 dagen" would not be.
    assert.deepEqual(parseNumber("12.500 dagen", "nl", "days"), { ok: false, code: "unit_word" });
  });
});

describe("isPlainNumber", () => {
  test("accepts what the Python side accepts", () => {
    for (const text of ["7", "-3", "+3", "0.5", ".5", "5.", "1234.56"]) {
      assert.equal(isPlainNumber(text), true, text);
    }
  });

  test("rejects grouping, commas, exponents and words", () => {
    for (const text of ["", "1,5", "1 000", "1e5", "NaN", "Infinity", "abc", "--1", "."]) {
      assert.equal(isPlainNumber(text), false, text);
    }
  });
});

describe("plainToInput", () => {
  test("writes the decimal mark of the language and no grouping", () => {
    assert.equal(plainToInput("1250.5", "nl"), "1250,5");
    assert.equal(plainToInput("1250.5", "en"), "1250.5");
    assert.equal(plainToInput("12000", "nl"), "12000");
    assert.equal(plainToInput("-0.25", "nl"), "-0,25");
  });

  test("is read back exactly, even where a point would group thousands", () => {
    for (const plain of ["1.25", "1.125", "0.001", "1250.5", "-3.5", "100"]) {
      for (const lang of ["nl", "en"]) {
        const expected = plain.replace(/^(-?)0*(\d)/, "$1$2");
        const typed = plainToInput(plain, lang);
        assert.equal(parseNumber(typed, lang).value, expected);
      }
    }
  });

  test("canonicalises zeros", () => {
    assert.equal(plainToInput("007.500", "en"), "7.5");
    assert.equal(plainToInput(".5", "nl"), "0,5");
    assert.equal(plainToInput("-0", "nl"), "0");
  });
});

describe("compareDecimal", () => {
  test("orders exactly, beyond floating point", () => {
    assert.equal(compareDecimal("29.99999999999999999999999", "30"), -1);
    assert.equal(compareDecimal("30.000", "30"), 0);
    assert.equal(compareDecimal("30.00000000000000000000001", "30"), 1);
  });

  test("handles signs, zero and different lengths", () => {
    assert.equal(compareDecimal("-5", "3"), -1);
    assert.equal(compareDecimal("-5", "-30"), 1);
    assert.equal(compareDecimal("-0", "0"), 0);
    assert.equal(compareDecimal("100", "99.999"), 1);
    assert.equal(compareDecimal("0.1", "0.09"), 1);
  });

  test("refuses text that is not a plain decimal", () => {
    assert.throws(() => compareDecimal("NaN", "1"), RangeError);
  });
});

describe("findBand", () => {
  const NPS_BANDS = [
    { from: null, below: 0, tone: "bad", label: "Negatief" },
    { from: 0, below: 30, tone: "ok", label: "Redelijk" },
    { from: 30, below: 70, tone: "good", label: "Goed" },
    { from: 70, below: null, tone: "good", label: "Uitstekend" },
  ];

  test("includes the lower limit and excludes the upper one", () => {
    assert.equal(findBand(NPS_BANDS, "-0.01").label, "Negatief");
    assert.equal(findBand(NPS_BANDS, "0").label, "Redelijk");
    assert.equal(findBand(NPS_BANDS, "29.99999999999999999999999").label, "Redelijk");
    assert.equal(findBand(NPS_BANDS, "30").label, "Goed");
    assert.equal(findBand(NPS_BANDS, "100").label, "Uitstekend");
  });

  test("a value outside every band has none", () => {
    assert.equal(findBand([{ from: 1, below: 3, tone: "ok", label: "x" }], "0.5"), undefined);
  });

  test("band limits written as fractions or large numbers compare exactly", () => {
    assert.equal(decimalText(0.5), "0.5");
    assert.equal(decimalText(1e21), "1000000000000000000000");
    assert.equal(findBand([{ from: 0.5, tone: "good", label: "y" }], "0.5").label, "y");
  });
});

describe("the number of digits a field takes", () => {
  test("15 digits before the decimal mark are read exactly, grouped or not", () => {
    assert.deepEqual(parseNumber("999.999.999.999.999,99", "nl"), {
      ok: true,
      value: "999999999999999.99",
    });
    assert.deepEqual(parseNumber("000999999999999999", "en"), {
      ok: true,
      value: "999999999999999",
    });
  });

  test("16 digits or more are refused, whatever the sign, unit or decimals", () => {
    for (const [text, lang, unit] of [
      ["1.000.000.000.000.000", "nl", "number"],
      ["-9999999999999999", "en", "number"],
      ["€ 1234567890123456,5", "nl", "currency"],
      ["9".repeat(400), "en", "count"],
    ]) {
      assert.deepEqual(parseNumber(text, lang, unit), { ok: false, code: "too_many_digits" }, text);
    }
  });
});

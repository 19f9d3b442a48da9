// The search worker's ranking (site_overrides/assets/javascripts/workers/handbook-search.js).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import vm from "node:vm";

// A classic worker script: run it without importScripts, so it only defines its functions.
const source = readFileSync(
  new URL("../../site_overrides/assets/javascripts/workers/handbook-search.js", import.meta.url),
  "utf8",
);
const worker = vm.createContext({ URL });
vm.runInContext(source, worker);
const { normalize, pageNames, promote } = worker;

const DOCS = [
  { location: "kpi/clv/", title: "Customer lifetime value (CLV)", tags: ["CLV", "LTV"] },
  { location: "kpi/clv/#zo-bereken-je-het", title: "Zo bereken je het" },
  { location: "kpi/clv_cac_ratio/", title: "Verhouding CLV:CAC", tags: ["CLV/CAC-ratio"] },
  { location: "kpi/revenue/", title: "Omzet", tags: ["Revenue", "netto-omzet"] },
  { location: "goals/increase_sales/", title: "Verkoop stimuleren", keywords: ["omzet"] },
  { location: "guide/what-is-a-kpi/", title: "Wat is een KPI?", tags: [] },
  { location: "kpi/x/", title: "Klantwaarde &amp; marge", tags: [] },
];

/** Groups as Material answers them: a page's entries together, the best page first. */
const group = (...locations) => locations.map((location) => ({ location }));

describe("normalize", () => {
  test("keeps words only, in lower case", () => {
    assert.equal(normalize("  Wat is een KPI? "), "wat is een kpi");
    assert.equal(normalize("CLV:CAC"), "clv cac");
    assert.equal(normalize("click-through rate"), "click through rate");
    assert.equal(normalize("Één & twee"), "één twee");
    assert.equal(normalize("Klantwaarde &amp; marge"), "klantwaarde marge");
  });
});

describe("pageNames", () => {
  const names = pageNames(DOCS);
  /** The pages called `name`, with their weight (as a plain object of this realm). */
  const pagesNamed = (name) => Object.fromEntries(names.get(name));

  test("a page goes by its title, with and without the abbreviation", () => {
    assert.deepEqual(pagesNamed("customer lifetime value clv"), { "kpi/clv/": 2 });
    assert.deepEqual(pagesNamed("customer lifetime value"), { "kpi/clv/": 2 });
    assert.deepEqual(pagesNamed("wat is een kpi"), { "guide/what-is-a-kpi/": 2 });
  });

  test("other names and keywords weigh less than the title", () => {
    assert.deepEqual(pagesNamed("clv"), { "kpi/clv/": 1 });
    assert.deepEqual(pagesNamed("omzet"), { "kpi/revenue/": 2, "goals/increase_sales/": 1 });
  });

  test("sections have no names of their own", () => {
    assert.equal(names.has("zo bereken je het"), false);
  });
});

describe("promote", () => {
  const names = pageNames(DOCS);
  const answer = [
    group("kpi/clv_cac_ratio/", "kpi/clv_cac_ratio/#formule"),
    group("goals/increase_sales/"),
    group("kpi/clv/#zo-bereken-je-het", "kpi/clv/"),
    group("kpi/revenue/"),
  ];
  /** The page of each group, in the order given. */
  const order = (groups) => groups.map((entries) => entries[0].location.split("#")[0]);

  test("the page named like the query comes first, the rest keeps its order", () => {
    assert.deepEqual(order(promote(answer, names.get("clv"))), [
      "kpi/clv/",
      "kpi/clv_cac_ratio/",
      "goals/increase_sales/",
      "kpi/revenue/",
    ]);
  });

  test("a title outranks a keyword", () => {
    assert.deepEqual(order(promote(answer, names.get("omzet"))), [
      "kpi/revenue/",
      "goals/increase_sales/",
      "kpi/clv_cac_ratio/",
      "kpi/clv/",
    ]);
  });

  test("a query that names no page leaves Material's order", () => {
    assert.equal(promote(answer, names.get("cl")), answer);
  });
});

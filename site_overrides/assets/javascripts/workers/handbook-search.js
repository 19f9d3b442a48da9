/**
 * The search worker: Material's own, with pages named like the query moved to the top.
 *
 * Material adds a wildcard to every word typed, and lunr scores a page by the different words it
 * matches, so pages that merely contain longer words rank above the page that is called what the
 * reader typed: "omzet" put "Omzetgroei" and eight more above "Omzet", "CLV" put "Verhouding
 * CLV:CAC" above "Customer lifetime value". Here every page whose title, other name (search
 * tags) or search keyword equals the whole query comes first: titles before other names, each
 * in Material's order; the rest follows unchanged. While the reader is still typing a word
 * nothing is equal, and Material's ranking shows as it is.
 *
 * The template sets this file as Material's worker (main.html, block config) and names
 * Material's own worker in the query string. It sits beside it so that Material finds its
 * language files at ../lunr/. Material 9.8: compare the message types on upgrades
 * (src/templates/assets/javascripts/integrations/search/worker/message).
 */

/** Material's search messages: the index to set up, a query, the results of a query. */
const SETUP = 0;
const QUERY = 2;
const RESULT = 3;

/** Material's worker, named by the template in this worker's query string. */
const MATERIAL_WORKER = "material";

/**
 * A name or query reduced to its words: lower case, without punctuation and HTML entities.
 * @param {string} text
 * @returns {string}
 */
function normalize(text) {
  return text
    .replace(/&(?:amp|lt|gt|quot|#39);/g, " ")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Every name a page goes by, each with its weight: the title, also without a closing
 * "(abbreviation)", weighs 2; the search tags (other names) and keywords weigh 1. Sections
 * (locations with "#") are left out: their page carries the names.
 * @param {Array<{location: string, title: string, tags?: string[], keywords?: string[]}>} docs
 * @returns {Map<string, Map<string, number>>} normalized name -> page location -> weight
 */
function pageNames(docs) {
  const names = new Map();
  const add = (name, location, weight) => {
    const key = normalize(name);
    if (!key) return;
    if (!names.has(key)) names.set(key, new Map());
    const pages = names.get(key);
    pages.set(location, Math.max(pages.get(location) ?? 0, weight));
  };
  for (const doc of docs) {
    if (doc.location.includes("#")) continue;
    add(doc.title, doc.location, 2);
    add(doc.title.replace(/\s*\([^()]*\)\s*$/, ""), doc.location, 2);
    for (const name of [...(doc.tags ?? []), ...(doc.keywords ?? [])]) add(name, doc.location, 1);
  }
  return names;
}

/**
 * Material's result groups (one per page) with the pages in `named` first, heaviest first;
 * groups of equal weight keep Material's order.
 * @template {Array<{location: string}>} Group
 * @param {Group[]} groups
 * @param {Map<string, number> | undefined} named page location -> weight
 * @returns {Group[]}
 */
function promote(groups, named) {
  if (!named) return groups;
  const weight = (group) => Math.max(0, ...group.map((doc) => named.get(doc.location) ?? 0));
  return groups
    .map((group, index) => ({ group, index, weight: weight(group) }))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map(({ group }) => group);
}

/** Wraps Material's worker: reads the index and the queries, reorders the results. */
function start() {
  let names = new Map();
  const queries = [];
  // Runs before Material's own listener, which is added by the import below.
  self.addEventListener("message", ({ data }) => {
    if (data.type === SETUP) names = pageNames(data.data.docs);
    if (data.type === QUERY) queries.push(normalize(data.data));
  });
  // Material answers every message with postMessage(...), looked up on the global scope.
  const post = self.postMessage.bind(self);
  self.postMessage = (message) => {
    if (message.type === RESULT) {
      const named = names.get(queries.shift());
      message = { ...message, data: { ...message.data, items: promote(message.data.items, named) } };
    }
    post(message);
  };
  const params = new URL(self.location.href).searchParams;
  importScripts(new URL(params.get(MATERIAL_WORKER), self.location.href).href);
}

// Only in a worker: tests load this file to call the functions above.
if (typeof importScripts === "function") start();

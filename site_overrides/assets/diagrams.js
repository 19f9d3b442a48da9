/**
 * Draws the ```mermaid diagrams of a page (div.kpi-diagram) with the mermaid the site serves.
 *
 * Material loads mermaid from a CDN for blocks of class "mermaid"; ours have another class, so
 * that never happens. The script (3.5 MB) is only fetched on a page that has a diagram, also
 * after Material's instant navigation, which announces every new page through `document$`.
 * A diagram is drawn again when the reader switches between light and dark mode.
 *
 * @module diagrams
 */

/** Where the plugin puts mermaid: MERMAID_SITE_PATH in generator/plugin.py. */
const MERMAID_URL = new URL("mermaid/mermaid.min.js", import.meta.url).href;
const SELECTOR = "div.kpi-diagram";

/** @type {Promise<any> | undefined} */
let loading;

drawPage();
window.document$?.subscribe?.(() => drawPage());
new MutationObserver(redrawAll).observe(document.body, {
  attributes: true,
  attributeFilter: ["data-md-color-scheme"],
});

/**
 * Draws the diagrams of the current page that are not drawn yet.
 * @returns {Promise<void>}
 */
async function drawPage() {
  const nodes = [...document.querySelectorAll(`${SELECTOR}:not([data-processed])`)];
  if (nodes.length === 0) return;
  for (const node of nodes) {
    node.dataset.source ??= node.textContent;
  }
  try {
    const mermaid = await loadMermaid();
    mermaid.initialize(settings());
    await mermaid.run({ nodes });
  } catch (error) {
    // The source stays readable as text; say why in the console for whoever maintains the site.
    console.warn("Diagram not drawn:", error);
  }
}

/**
 * Draws every diagram of the page again, with the colours of the current scheme.
 * @returns {Promise<void>}
 */
async function redrawAll() {
  for (const node of document.querySelectorAll(`${SELECTOR}[data-processed]`)) {
    node.textContent = node.dataset.source ?? node.textContent;
    node.removeAttribute("data-processed");
  }
  await drawPage();
}

/**
 * Adds the mermaid script to the page once and resolves with `window.mermaid`.
 * @returns {Promise<any>}
 */
function loadMermaid() {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = MERMAID_URL;
    script.onload = () => resolve(window.mermaid);
    script.onerror = () => {
      loading = undefined; // a later page may try again
      reject(new Error(`cannot load ${MERMAID_URL}`));
    };
    document.head.append(script);
  });
  return loading;
}

/**
 * Mermaid settings for the current colour scheme, in the page's own font.
 * @returns {object}
 */
function settings() {
  const dark = document.body.dataset.mdColorScheme === "slate";
  return {
    startOnLoad: false,
    securityLevel: "strict",
    theme: dark ? "dark" : "neutral",
    fontFamily: getComputedStyle(document.body).fontFamily,
  };
}

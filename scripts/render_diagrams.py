"""Draw the ```mermaid diagrams of content/ as SVG files in content/_diagrams/ (`make diagrams`).

The site serves no mermaid: the build puts these drawings in the pages (generator/diagrams.py).
Each ```mermaid block of content/ is drawn with the mermaid of the npm package (a devDependency)
in Chromium, driven by Playwright, then trimmed for the page: the theme's CSS variables for every
colour, so one drawing serves light and dark mode; ``role="img"`` with the block's ``accTitle``
and ``accDescr`` as its text alternative; no markers, attributes or empty labels it does not use.
A file is named after the hash of its source; drawings no block uses any more are removed.

Text is measured while drawing, in Arial (Liberation Sans on Linux, with the same metrics), the
font the drawing asks for, so labels fit their boxes on the reader's machine too.

Usage: ``.venv/bin/python scripts/render_diagrams.py [--check] [--all]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from generator import diagrams  # noqa: E402
from tests.site_server import launch_options  # noqa: E402

CONTENT = ROOT / "content"
STORE = ROOT / diagrams.DIAGRAMS_DIR
MERMAID = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
FONT = "Arial, Helvetica, sans-serif"

#: The drawing's own style, scoped to its id: the colours are Material's, per colour scheme.
STYLE_RULES = {
    "": f"display: block; height: auto; margin: 0 auto; font-family: {FONT}; font-size: 16px",
    "text": "fill: var(--md-default-fg-color); text-anchor: middle",
    ".node rect, .node polygon, .node circle, .node path": (
        "fill: var(--md-code-bg-color); stroke: var(--md-typeset-a-color); stroke-width: 1.5px"
    ),
    ".flowchart-link": "fill: none; stroke: var(--md-default-fg-color--light); stroke-width: 1.5px",
    ".arrowMarkerPath": "fill: var(--md-default-fg-color--light); stroke: none",
    ".edgeLabel rect": "fill: var(--md-default-bg-color)",
    ".edgeLabel text": "fill: var(--md-default-fg-color--light)",
}


def style(svg_id: str) -> str:
    """:data:`STYLE_RULES` for the drawing with this id."""
    rules = []
    for selectors, declarations in STYLE_RULES.items():
        scoped = (f"#{svg_id} {selector.strip()}".strip() for selector in selectors.split(","))
        rules.append(f"{','.join(scoped)}{{{declarations}}}")
    return "".join(rules)


#: Draws one source and trims the SVG; runs in the page, which has loaded mermaid.
DRAW = """
async ([source, id, style, font]) => {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: "base",
    fontFamily: font,
    themeVariables: { fontFamily: font },
    htmlLabels: false,
    flowchart: { htmlLabels: false },
  });
  const { svg } = await mermaid.render(id, source);
  const root = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
  if (!root.querySelector(":scope > title")) {
    throw new Error("the diagram has no accTitle: give it one (and an accDescr)");
  }
  root.querySelector(":scope > style").textContent = style;
  root.setAttribute("role", "img");
  root.removeAttribute("aria-roledescription");
  // Arrowheads, shadows and gradients that no shape of this diagram refers to.
  const used = root.innerHTML;
  for (const paint of root.querySelectorAll("marker, filter, linearGradient, radialGradient")) {
    if (!used.includes(`url(#${paint.id})`)) paint.remove();
  }
  for (const label of root.querySelectorAll(".edgeLabel")) {
    if (!label.textContent.trim()) label.remove();
  }
  // A rectangle without a width draws nothing; then drop the groups left empty, inner first.
  root.querySelectorAll("rect:not([width])").forEach((rect) => rect.remove());
  for (const group of [...root.querySelectorAll("g, defs")].reverse()) {
    if (!group.firstElementChild) group.remove();
  }
  for (const element of [root, ...root.querySelectorAll("*")]) {
    for (const { name, value } of [...element.attributes]) {
      const empty = name === "style" && !value.replace(/[;\\s]/g, "");
      if (name.startsWith("data-") || empty) element.removeAttribute(name);
    }
  }
  return new XMLSerializer().serializeToString(root);
}
"""


def wanted_sources() -> dict[str, str]:
    """Every diagram source of content/, by its key."""
    found = {}
    for path in sorted(CONTENT.rglob("*.md")):
        for source in diagrams.diagram_sources(path.read_text("utf-8")):
            found[diagrams.diagram_key(source)] = source
    return found


def draw(sources: dict[str, str]) -> dict[str, str]:
    """The trimmed SVG of each source, by key, drawn in one Chromium page."""
    drawn = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        page = browser.new_page()
        page.set_content(f'<!doctype html><html lang="en"><body style="font-family: {FONT}">')
        page.add_script_tag(path=str(MERMAID))
        for key, source in sources.items():
            svg_id = f"kpi-diagram-{key[:8]}"
            drawn[key] = page.evaluate(DRAW, [source, svg_id, style(svg_id), FONT])
        browser.close()
    return drawn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="only report missing and unused drawings"
    )
    parser.add_argument("--all", action="store_true", help="draw every diagram again")
    args = parser.parse_args(argv)
    sources = wanted_sources()
    stored = {path.stem: path for path in STORE.glob("*.svg")}
    missing = {key: source for key, source in sources.items() if args.all or key not in stored}
    unused = sorted(path for key, path in stored.items() if key not in sources)
    if args.check:
        for source in missing.values():
            print(f"not drawn yet:\n{source}\n", file=sys.stderr)
        for path in unused:
            print(f"drawn, but no diagram uses it: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if missing or unused else 0
    if missing and not MERMAID.is_file():
        print(f"{MERMAID} is missing: run `npm ci`", file=sys.stderr)
        return 2
    STORE.mkdir(parents=True, exist_ok=True)
    for key, svg in draw(missing).items():
        (STORE / f"{key}.svg").write_text(svg + "\n", "utf-8")
        print(f"drew {diagrams.DIAGRAMS_DIR}/{key}.svg")
    for path in unused:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

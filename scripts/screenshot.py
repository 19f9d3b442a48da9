"""The README's screenshot: a KPI page with its calculator, computed, from a fresh build.

Builds the site with the real CLI, serves it, opens the page in Chromium at 1280 × 860, waits
for the calculator's result and scrolls the calculator into view, as a reader would see it.

Usage: ``.venv/bin/python scripts/screenshot.py [--page kpi/cac/] [-o file.png]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from tests.site_server import build_site, launch_options, serve_directory  # noqa: E402

_FORMULA_AT_THE_TOP = """() => {
  const formula = document.querySelector(".kpi-formula");
  window.scrollBy(0, formula.getBoundingClientRect().top - 60);
}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="kpi/cac/", help="path of the page below the site")
    parser.add_argument(
        "-o", "--output", type=Path, default=ROOT / "docs-assets" / "screenshot-kpi.png"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kpi-screenshot-") as scratch:
        site = Path(scratch) / "site"
        server, url = serve_directory(site)
        built = build_site(site, f"{url}/")
        if built.returncode != 0:
            print(built.stdout + built.stderr, file=sys.stderr)
            return 1
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**launch_options())
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                page.goto(f"{url}/{args.page}")
                page.wait_for_function(
                    "() => document.querySelector('form.kpi-calculator output').dataset.value",
                    timeout=60_000,
                )
                # The formula line at the top, below the header; the calculator under it.
                page.evaluate(_FORMULA_AT_THE_TOP)
                page.wait_for_timeout(1000)  # the header's title slides to the page's title
                page.screenshot(path=str(args.output))
                browser.close()
        finally:
            server.shutdown()
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

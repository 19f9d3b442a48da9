"""Mobile Lighthouse scores of a fresh build: performance, accessibility, best practices, SEO.

Builds the site with the real CLI for a local address, serves it from a threaded ``http.server``
(gzipped, as the README asks of a deployment; each file compressed once, beforehand, so that the
server takes no CPU from the browser being measured) and runs Lighthouse 12 (npm devDependency
``lighthouse``, pinned to 12.2.3: 13 needs Node 22) with Debian's Chromium on each page, with
Lighthouse's default mobile emulation and simulated throttling. Performance varies with the
machine's load, so each page runs three times and the run with the median performance score
counts. Prints one row per page with the audits that cost points; exits 1 when a score misses
its target.

Usage: ``.venv/bin/python scripts/lighthouse.py [--pages "" kpi/cac/ ...] [--runs 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from tests.site_server import (  # noqa: E402
    CHROMIUM,
    GzipSiteHandler,
    build_site,
    precompress,
    serve_directory,
)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.90, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
#: Home, a goal, a KPI with a calculator, a guide page (the one with a diagram).
PAGES = ("", "goals/brand_awareness/", "kpi/cac/", "guide/method/")


def build(site: Path, url: str) -> None:
    result = build_site(site, url)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-5000:]}")
    precompress(site)


def lighthouse(url: str, report: Path) -> dict[str, float]:
    """The category scores of one mobile Lighthouse run."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    env = {**os.environ, "CHROME_PATH": chrome_path()}
    subprocess.run(command, check=True, env=env, timeout=600)
    result = json.loads(report.read_text("utf-8"))
    return {name: result["categories"][name]["score"] for name in CATEGORIES}


def chrome_path() -> str:
    """$CHROME_PATH, else Debian's Chromium, else the one Playwright installed (`make browser`)."""
    if os.environ.get("CHROME_PATH") or CHROMIUM.exists():
        return os.environ.get("CHROME_PATH", str(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return playwright.chromium.executable_path


def failing_audits(report: Path) -> list[str]:
    """Audits of the four categories that scored below 1, for the reader to act on."""
    result = json.loads(report.read_text("utf-8"))
    weighted = {
        ref["id"]
        for name in CATEGORIES
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"] > 0
    }
    audits = result["audits"]
    return sorted(
        f"{key} ({audits[key]['score']:.2f}: {audits[key].get('displayValue', '')})"
        for key in weighted
        if audits[key]["score"] is not None and audits[key]["score"] < 1
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="*", default=PAGES, help="paths below the site root")
    parser.add_argument("--json", type=Path, help="write every score to this file")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports here")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per page; the median run counts (default 3)"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci`", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="kpi-lighthouse-"))
    try:
        site = work / "site"
        site.mkdir()
        server, url = serve_directory(site, GzipSiteHandler)
        url += "/"
        build(site, url)
        scores = {}
        print(f"{'page':<28}" + "".join(f"{name:>16}" for name in CATEGORIES))
        for page in args.pages:
            folder = args.reports or work
            folder.mkdir(parents=True, exist_ok=True)
            name = (page or "home").strip("/").replace("/", "-")
            runs = []
            for run in range(args.runs):
                report = folder / f"{name}-{run + 1}.json"
                runs.append((lighthouse(url + page, report), report))
            # Performance varies from run to run with the machine's load: keep the median run.
            row, report = sorted(runs, key=lambda item: item[0]["performance"])[len(runs) // 2]
            scores[page or "/"] = row
            print(f"{page or '/':<28}" + "".join(f"{row[name]:>16.2f}" for name in CATEGORIES))
            for audit in failing_audits(report):
                print(f"{'':<4}{audit}")
        server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(scores, indent=1), "utf-8")
    missed = [
        f"{page} {name} {row[name]:.2f} < {TARGETS[name]:.2f}"
        for page, row in scores.items()
        for name in CATEGORIES
        if row[name] < TARGETS[name]
    ]
    print("\nBelow target:\n" + "\n".join(missed) if missed else "\nEvery score meets its target.")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

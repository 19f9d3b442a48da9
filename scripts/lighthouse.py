"""Mobile Lighthouse scores of a fresh build: performance, accessibility, best practices, SEO.

Builds the site with the real CLI for a local address, serves it from a threaded ``http.server``
(gzip for text, as the README asks of a deployment) and runs Lighthouse 12 (npm devDependency
``lighthouse``, pinned to 12.2.3: 13 needs Node 22) with Debian's Chromium on each page, with
Lighthouse's default mobile emulation and simulated throttling. Performance varies with the
machine's load, so each page runs three times and the run with the median performance score
counts. Prints one row per page with the audits that cost points; exits 1 when a score misses
its target.

Usage: ``.venv/bin/python scripts/lighthouse.py [--pages "" kpi/cac/ ...] [--runs 3]``
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 0.90, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
#: Home, a goal, a KPI with a calculator, a guide page (the one with a diagram).
PAGES = ("", "goals/brand_awareness/", "kpi/cac/", "guide/method/")
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".py", ".svg", ".wasm", ".zip", ".xml")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the types the README lists, gzipped when the browser accepts it."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".py": "text/x-python",
    }

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, *args: object) -> None:
        pass


class _Body:
    """A file-like body for ``send_head``'s caller, which copies and closes it."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(site: Path, url: str) -> None:
    command = [sys.executable, "-m", "generator.cli", "build", "-d", str(site), "--site-url", url]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


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
    if os.environ.get("CHROME_PATH") or Path(CHROMIUM).exists():
        return os.environ.get("CHROME_PATH", CHROMIUM)
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
        server, url = serve(site)
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

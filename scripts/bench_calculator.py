"""Calculator timings in Chromium against a freshly built site, next to bare Pyodide.

Builds the handbook for a local address, serves it from a threaded ``http.server`` and drives
Debian's Chromium (or Playwright's own) with Python Playwright. Every run measures, in this order:

- bare Pyodide: a blank page that loads Pyodide and computes ``6 * 7``, cold and warm;
- (a) opening a KPI page in a fresh browser context (empty cache) until its first result;
- (d) an input change until the updated result, several times in a row;
- (c) a second KPI page reached by Material's instant navigation until its result;
- (b) the first KPI page opened again in the same context (warm HTTP cache) until its result;
- (e) once, in fresh contexts: the bytes a KPI page and a page without calculator transfer.

Times come from the page's own clock (``performance.now()``, 0 = start of the navigation), taken
when the result's ``data-value`` changes, so Playwright's round trips do not count. The table shows
medians over the runs; ``--json`` writes every sample.

Usage: ``.venv/bin/python scripts/bench_calculator.py [--runs 5] [--json bench.json]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from tests.site_server import SiteHandler, build_site, launch_options, serve_directory  # noqa: E402

#: Pages measured: two KPIs with a calculator, linked to each other, and one without.
KPI_PAGE = ("cac", "marketing_cost")
SECOND_KPI = "clv_cac_ratio"
PAGE_WITHOUT_CALCULATOR = "sessions"
BARE_PATH = "/__bench__/bare-pyodide.html"
#: Besides assets/pyodide/: what only the calculator's worker needs.
RUNTIME_PATHS = (
    "/assets/calculator/worker.js",
    "/assets/calculator/runtime.js",
    "/assets/calculator/kpi_formulas",
)
#: Longest wait for a boot; a plain one takes 4-8 s here, more on a busy machine.
BOOT_TIMEOUT_MS = 120_000

BARE_PAGE = """<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Bare Pyodide</title>
<script type="module">
  import { loadPyodide } from "/assets/pyodide/pyodide.mjs";
  const pyodide = await loadPyodide({ indexURL: "/assets/pyodide/" });
  window.__bareAnswer = pyodide.runPython("6 * 7");
  window.__bareDone = performance.now();
</script>
</html>
"""

#: Installed before any page script: notes when a calculator's result changes, by page clock.
RESULT_RECORDER = """
(() => {
  const bench = (window.__bench = { results: [] });
  new MutationObserver((records) => {
    for (const record of records) {
      const value = record.target.dataset?.value;
      if (value) {
        const kpi = record.target.closest("form.kpi-calculator")?.dataset.kpi;
        bench.results.push({ kpi, value, at: performance.now() });
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-value"] });
})();
"""

#: Sets an input the way typing does (an input event) and times each updated result.
INPUT_CHANGES = """
async ([kpi, field, texts]) => {
  const form = document.querySelector(`form.kpi-calculator[data-kpi="${kpi}"]`);
  const input = form.querySelector(`input[name="${field}"]`);
  const output = form.querySelector('output[name="result"]');
  const times = [];
  for (const text of texts) {
    const before = output.dataset.value;
    const updated = new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => {
        if (output.dataset.value && output.dataset.value !== before) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(output, { attributes: true, attributeFilter: ["data-value"] });
      setTimeout(() => reject(new Error(`no new result for ${text}`)), 10000);
    });
    const start = performance.now();
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    times.push((await updated) - start);
    // A typist's pause, so each change is measured on its own.
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return times;
}
"""

INSTANT_NAVIGATION = """
url => {
  window.__bench.clicked = performance.now();
  const link = document.createElement("a");
  link.href = url;
  document.querySelector(".md-content").append(link);
  link.click();
}
"""


class _BenchHandler(SiteHandler):
    """The built site, plus the bare Pyodide page."""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] != BARE_PATH:
            super().do_GET()
            return
        body = BARE_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


# --- measurements ------------------------------------------------------------------------------


def bare_pyodide(context: BrowserContext, base: str) -> float:
    """Navigation start to the answer of ``6 * 7`` on a blank page, in ms."""
    page = context.new_page()
    page.goto(base + BARE_PATH)
    page.wait_for_function("window.__bareDone !== undefined", timeout=BOOT_TIMEOUT_MS)
    assert page.evaluate("window.__bareAnswer") == 42
    done = page.evaluate("window.__bareDone")
    page.close()
    return done


def first_result(page: Page, url: str, kpi: str) -> float:
    """Open ``url`` and wait for the first result of ``kpi``; ms since navigation start."""
    page.goto(url)
    return result_time(page, kpi)


def result_time(page: Page, kpi: str) -> float:
    page.wait_for_function(
        "kpi => window.__bench.results.some((result) => result.kpi === kpi)",
        arg=kpi,
        timeout=BOOT_TIMEOUT_MS,
    )
    return page.evaluate(
        "kpi => window.__bench.results.find((result) => result.kpi === kpi).at", kpi
    )


def input_changes(page: Page, count: int) -> list[float]:
    kpi, field = KPI_PAGE
    texts = [str(12_000 + step) for step in range(1, count + 1)]
    return page.evaluate(INPUT_CHANGES, [kpi, field, texts])


def instant_navigation(page: Page, base: str) -> float:
    """Click through to the second KPI and wait for its result; ms since the click."""
    page.evaluate("window.__bench.sameDocument = true")
    page.evaluate(INSTANT_NAVIGATION, f"{base}/kpi/{SECOND_KPI}/")
    at = result_time(page, SECOND_KPI)
    if not page.evaluate("window.__bench.sameDocument === true"):
        raise SystemExit("instant navigation did not happen: the page loaded from scratch")
    return at - page.evaluate("window.__bench.clicked")


def boot_info(page: Page) -> dict[str, Any]:
    """What the calculator says about its boot (how many, which path), as far as it says."""
    return page.evaluate(
        "() => ({ count: window.kpiHandbook?.bootCount, path: window.kpiHandbook?.bootPath })"
    )


class Profiles:
    """Fresh browser profiles: an empty disk cache each, like a first visit in a real browser.

    A profile on disk, unlike Playwright's in-memory contexts, keeps large responses (the
    wasm, the snapshot) and V8's compiled code between visits, as a reader's browser does.
    """

    def __init__(self, playwright: Playwright, scratch: Path) -> None:
        self.playwright = playwright
        self.scratch = scratch
        self.launch = launch_options()
        self.version = ""

    def new(self) -> BrowserContext:
        profile = Path(tempfile.mkdtemp(prefix="profile-", dir=self.scratch))
        context = self.playwright.chromium.launch_persistent_context(profile, **self.launch)
        self.version = context.browser.version if context.browser else self.version
        return context


def calculator_run(profiles: Profiles, base: str, changes: int) -> dict[str, Any]:
    """One pass of (a), (d), (c), (b) in a fresh profile."""
    context = profiles.new()
    context.add_init_script(RESULT_RECORDER)
    page = context.pages[0] if context.pages else context.new_page()
    kpi, _ = KPI_PAGE
    cold = first_result(page, f"{base}/kpi/{kpi}/", kpi)
    boot = boot_info(page)
    typing = input_changes(page, changes)
    navigation = instant_navigation(page, base)
    warm = first_result(page, f"{base}/kpi/{kpi}/", kpi)
    warm_boot = boot_info(page)
    context.close()
    return {
        "cold_ms": cold,
        "warm_ms": warm,
        "instant_navigation_ms": navigation,
        "input_change_ms": typing,
        "boot": boot,
        "warm_boot": warm_boot,
    }


def bare_run(profiles: Profiles, base: str) -> dict[str, float]:
    context = profiles.new()
    cold = bare_pyodide(context, base)
    warm = bare_pyodide(context, base)
    context.close()
    return {"cold_ms": cold, "warm_ms": warm}


def page_bytes(profiles: Profiles, url: str, kpi: str | None) -> dict[str, Any]:
    """Bytes a fresh profile transfers for ``url``, split into the page and the runtime.

    The runtime is what the calculator's worker needs (assets/pyodide/, the worker, the formula
    module and its snapshot), whoever fetches it; everything else is the page.
    """
    context = profiles.new()
    page = context.pages[0] if context.pages else context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    if kpi:
        context.add_init_script(RESULT_RECORDER)
        first_result(page, url, kpi)
    else:
        page.goto(url)
    page.wait_for_load_state("networkidle")
    requests = [{"url": request.url, "bytes": _response_bytes(request)} for request in finished]
    context.close()
    runtime = [request for request in requests if _is_runtime(request["url"])]
    return {
        "page_bytes": sum(request["bytes"] for request in requests if request not in runtime),
        "runtime_bytes": sum(request["bytes"] for request in runtime),
        "requests": requests,
    }


def _is_runtime(url: str) -> bool:
    path = urlsplit(url).path
    return path.startswith("/assets/pyodide/") or path.startswith(RUNTIME_PATHS)


def _response_bytes(request: Any) -> int:
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


# --- report ------------------------------------------------------------------------------------


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }


def summarize(
    runs: list[dict[str, Any]], bare: list[dict[str, float]], sizes: dict[str, Any]
) -> dict[str, Any]:
    """Medians (with min and max) over the runs; bytes from the one measurement of each page."""
    typing = [statistics.median(run["input_change_ms"]) for run in runs]
    return {
        "a_cold_ms": _spread([run["cold_ms"] for run in runs]),
        "a_bare_cold_ms": _spread([run["cold_ms"] for run in bare]),
        "b_warm_ms": _spread([run["warm_ms"] for run in runs]),
        "b_bare_warm_ms": _spread([run["warm_ms"] for run in bare]),
        "c_instant_navigation_ms": _spread([run["instant_navigation_ms"] for run in runs]),
        "d_input_change_ms": _spread(typing),
        "e_extra_bytes": sizes["with"]["page_bytes"] - sizes["without"]["page_bytes"],
        "e_page_bytes": sizes["with"]["page_bytes"],
        "e_page_without_calculator_bytes": sizes["without"]["page_bytes"],
        "runtime_bytes": sizes["with"]["runtime_bytes"],
    }


def print_table(summary: dict[str, Any], meta: dict[str, Any]) -> None:
    def ms(spread: dict[str, float]) -> str:
        return f"{spread['median']:,.0f} ms ({spread['min']:,.0f}–{spread['max']:,.0f})"

    def kb(value: float) -> str:
        return f"{value / 1024:,.1f} KB"

    rows = [
        ("(a) KPI page -> first result, cold", ms(summary["a_cold_ms"]),
         ms(summary["a_bare_cold_ms"]), "<= bare"),
        ("(b) the same, warm HTTP cache", ms(summary["b_warm_ms"]),
         ms(summary["b_bare_warm_ms"]), ""),
        ("(c) instant navigation -> result", ms(summary["c_instant_navigation_ms"]), "",
         "<= 150 ms"),
        (f"(d) input change -> result ({meta['changes']} per run)",
         ms(summary["d_input_change_ms"]), "", "<= 50 ms"),
        ("(e) page bytes before calculator use", "+" + kb(summary["e_extra_bytes"]), "",
         "<= +30 KB"),
        ("    KPI page / page without calculator",
         f"{kb(summary['e_page_bytes'])} / {kb(summary['e_page_without_calculator_bytes'])}",
         "", ""),
        ("    runtime, fetched in the background", kb(summary["runtime_bytes"]), "", ""),
    ]  # fmt: skip
    print(
        f"\nChromium {meta['chromium']}, Pyodide {meta['pyodide']}, calculator boot: "
        f"{meta['boot']}; median (min–max) of {meta['runs']} runs; "
        f"load average {meta['load_before']:.1f} before, {meta['load_after']:.1f} after"
    )
    header = ("", "calculator", "bare Pyodide", "target")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


# --- main --------------------------------------------------------------------------------------


def measure(base: str, runs: int, changes: int, scratch: Path) -> dict[str, Any]:
    """Every run of the calculator and of bare Pyodide, then the bytes of (e)."""
    load_before = os.getloadavg()[0]
    with sync_playwright() as playwright:
        profiles = Profiles(playwright, scratch)
        calculator, bare = [], []
        for number in range(1, runs + 1):
            # Alternate the order so neither side always runs on a cooler machine.
            if number % 2:
                bare.append(bare_run(profiles, base))
                calculator.append(calculator_run(profiles, base, changes))
            else:
                calculator.append(calculator_run(profiles, base, changes))
                bare.append(bare_run(profiles, base))
            print(
                f"run {number}/{runs}: cold {calculator[-1]['cold_ms']:.0f} ms "
                f"(bare {bare[-1]['cold_ms']:.0f} ms), warm {calculator[-1]['warm_ms']:.0f} ms "
                f"(bare {bare[-1]['warm_ms']:.0f} ms)",
                file=sys.stderr,
            )
        kpi, _ = KPI_PAGE
        sizes = {
            "with": page_bytes(profiles, f"{base}/kpi/{kpi}/", kpi),
            "without": page_bytes(profiles, f"{base}/kpi/{PAGE_WITHOUT_CALCULATOR}/", None),
        }
    boots = [run[key] for run in calculator for key in ("boot", "warm_boot")]
    meta = {
        "chromium": profiles.version,
        "pyodide": _pyodide_version(),
        "runs": runs,
        "changes": changes,
        "boot": " and ".join(sorted({boot.get("path") or "plain" for boot in boots})),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }
    return {
        "meta": meta,
        "summary": summarize(calculator, bare, sizes),
        "calculator": calculator,
        "bare": bare,
        "bytes": sizes,
    }


def _pyodide_version() -> str:
    package = ROOT / "node_modules" / "pyodide" / "package.json"
    return json.loads(package.read_text("utf-8"))["version"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs to take the median of")
    parser.add_argument("--changes", type=int, default=50, help="input changes per run, for (d)")
    parser.add_argument("--json", metavar="PATH", help="write every sample there ('-': stdout)")
    parser.add_argument("--site", type=Path, help="serve this built site instead of building one")
    parser.add_argument(
        "--port", type=int, default=0, help="port; with --site, the one it was built for"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kpi-bench-") as scratch:
        site = args.site or Path(scratch) / "site"
        site.mkdir(parents=True, exist_ok=True)
        server, base = serve_directory(site, _BenchHandler, args.port)
        if args.site is None:
            print(f"Building the site for {base}/ …", file=sys.stderr)
            result = build_site(site, base + "/")
            if result.returncode != 0:
                raise SystemExit(f"build failed:\n{result.stderr[-5000:]}")
        try:
            report = measure(base, args.runs, args.changes, Path(scratch))
        finally:
            server.shutdown()
    print_table(report["summary"], report["meta"])
    if args.json == "-":
        print(json.dumps(report, indent=1))
    elif args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

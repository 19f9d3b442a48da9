"""How the build scales: synthetic catalogs of 200, 1,000 and 5,000 KPIs, both languages.

    python scripts/bench_scale.py                 # every size, a table on standard output
    python scripts/bench_scale.py --sizes 1000 --json results.json

For each size, :mod:`make_catalog` writes a synthetic catalog; a throw-away project folder gets
the handbook's ``mkdocs.yml``, ``mkdocs.en.yml``, ``content/`` and ``site_overrides/``, a link to
``node_modules`` and that catalog; then the real command, ``python -m generator.cli build``,
builds both languages into it. Measured: the wall time of ``kpi-handbook validate`` and of the
build (and per language, as the CLI reports it), its processor time (and that of the English
process and of Node making the Pyodide snapshot), the build's peak memory (its whole process
tree), and per language the size of the output and of ``search/search_index.json``, raw and
gzipped. ``--source`` measures another checkout (its ``generator`` package is imported), which
is how a before/after comparison is made.

Targets on a 2-core machine: 1,000 KPIs build in 15 s or less, time per KPI stays about flat up
to 5,000, and the search index takes at most 2 KB gzipped per KPI.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "content", "site_overrides")
LANGUAGES = {"nl": "", "en": "en"}  # language: folder inside the built site
TARGET_SECONDS_AT_1000 = 15.0
TARGET_INDEX_GZ_PER_KPI = 2048
#: Runs the real CLI, timing every MkDocs build in it (the English one runs inside the Dutch),
#: and the processor time of Node making the Pyodide snapshot.
_TIMED_CLI = """
import json, resource, sys, time
import mkdocs.commands.build as mkdocs_build

original, spans = mkdocs_build.build, []

def timed(config, *args, **kwargs):
    start = time.perf_counter()
    try:
        return original(config, *args, **kwargs)
    finally:
        spans.append([config.site_dir, start, time.perf_counter()])

mkdocs_build.build = timed
from generator.cli import main

try:
    from generator.languages import Background
except ImportError:  # a checkout that builds its languages one after the other
    Background = None

if Background is not None:
    finish = Background.finish

    def finished(self):  # another language, built in a process of its own
        finish(self)
        if self.seconds is not None:
            spans.append([str(self.site_dir), -self.seconds, 0.0, self.cpu_seconds])

    Background.finish = finished

from generator import snapshot

node = {"seconds": 0.0, "alongside": hasattr(snapshot, "Snapshot")}

def children_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

def node_timed(function):  # Node is the only process reaped while its snapshot is waited for
    def waited(*args, **kwargs):
        before = children_seconds()
        try:
            return function(*args, **kwargs)
        finally:
            node["seconds"] += children_seconds() - before
    return waited

if node["alongside"]:  # made while the pages are built
    snapshot.Snapshot.publish = node_timed(snapshot.Snapshot.publish)
else:  # a checkout that makes it after them
    snapshot.write_snapshot = node_timed(snapshot.write_snapshot)

code = main(sys.argv[1:])
print("BENCH-SPANS", json.dumps(spans))
print("BENCH-SNAPSHOT", json.dumps(node))
raise SystemExit(code)
"""


@dataclass
class LanguageResult:
    seconds: float | None
    pages: int
    site_bytes: int
    html_bytes: int
    index_bytes: int
    index_gz_bytes: int


@dataclass
class SizeResult:
    kpis: int
    catalog_bytes: int
    validate_seconds: float
    build_seconds: float
    build_cpu_seconds: float
    peak_rss_mb: float  # the largest process
    peak_total_rss_mb: float  # all processes of the build together
    parallel_cpu_seconds: float  # the part of build_cpu_seconds spent by the English process
    snapshot_cpu_seconds: float  # the part spent by Node making the Pyodide snapshot
    snapshot_alongside: bool  # Node ran while the pages were built, not after them

    @property
    def idle_seconds(self) -> float:
        """What the build should take on an idle machine with two cores: the longest of the
        Dutch process (with Node, when it waits for Node after its pages), the English one
        and Node, and at least half of all the processor time."""
        dutch = self.build_cpu_seconds - self.parallel_cpu_seconds
        if self.snapshot_alongside:
            dutch -= self.snapshot_cpu_seconds
        alone = max(dutch, self.parallel_cpu_seconds, self.snapshot_cpu_seconds)
        return max(alone, self.build_cpu_seconds / 2)

    languages: dict[str, LanguageResult] = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout to measure")
    parser.add_argument("--work", type=Path, help="keep catalogs and sites here (default: temp)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kpi-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for count in args.sizes:
            result = measure(count, args.source.resolve(), work)
            results.append(result)
            print(row(result), flush=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(results))
    verdicts = check_targets(results)
    print("\n".join(verdicts))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), "utf-8")
    return 1 if any(line.startswith("FAIL") for line in verdicts) else 0


def measure(count: int, source: Path, work: Path) -> SizeResult:
    """Generate, validate and build one size; returns what was measured."""
    catalog = work / f"catalog-{count}.yaml"
    if not catalog.exists():
        _run([sys.executable, str(ROOT / "scripts" / "make_catalog.py"), str(count), "-o", catalog])
    project = make_project(source, work / f"project-{count}", catalog)
    env = {**os.environ, "PYTHONPATH": str(source), "NO_MKDOCS_2_WARNING": "1"}
    validate = [sys.executable, "-m", "generator.cli", "validate", "catalog.yaml"]
    validate_seconds = _timed(validate, project, env).seconds
    site = project / "site"
    build = [sys.executable, "-c", _TIMED_CLI, "build", "-d", str(site)]
    build += ["--site-url", "http://127.0.0.1:8000/"]
    run = _timed(build, project, env)
    per_language = language_seconds(run.output)
    result = SizeResult(
        kpis=count,
        catalog_bytes=catalog.stat().st_size,
        validate_seconds=round(validate_seconds, 2),
        build_seconds=round(run.seconds, 2),
        build_cpu_seconds=round(run.cpu_seconds, 2),
        peak_rss_mb=round(run.largest_rss_kb / 1024, 1),
        peak_total_rss_mb=round(run.total_rss_kb / 1024, 1),
        parallel_cpu_seconds=parallel_cpu_seconds(run.output),
        **snapshot_cpu(run.output),
    )
    for lang, folder in LANGUAGES.items():
        result.languages[lang] = site_sizes(
            site / folder if folder else site,
            skip=[site / other for other in LANGUAGES.values() if other and other != folder],
            seconds=per_language.get(lang),
        )
    return result


def _spans(output: str) -> list[list]:
    line = next(line for line in output.splitlines() if line.startswith("BENCH-SPANS "))
    return json.loads(line.removeprefix("BENCH-SPANS "))


def snapshot_cpu(output: str) -> dict[str, Any]:
    """Node's processor time, and whether it ran alongside the pages."""
    line = next(line for line in output.splitlines() if line.startswith("BENCH-SNAPSHOT "))
    node = json.loads(line.removeprefix("BENCH-SNAPSHOT "))
    return {
        "snapshot_cpu_seconds": round(node["seconds"], 2),
        "snapshot_alongside": node["alongside"],
    }


def parallel_cpu_seconds(output: str) -> float:
    """Processor time of the languages built in processes of their own."""
    return round(sum(span[3] or 0 for span in _spans(output) if len(span) > 3), 2)


def language_seconds(output: str) -> dict[str, float]:
    """Each language's own build time, from the spans the timed CLI prints."""
    spans = _spans(output)
    seconds = {}
    for site_dir, start, end, *_ in spans:
        inner = sum(e - s for _, s, e, *_ in spans if start < s and e < end and s > 0)
        lang = next(
            (
                lang
                for lang, folder in LANGUAGES.items()
                if folder and site_dir.endswith(f"/{folder}")
            ),
            "nl",
        )
        seconds[lang] = round(end - start - inner, 2)
    return seconds


def make_project(source: Path, project: Path, catalog: Path) -> Path:
    """A project folder like the handbook's, with the synthetic catalog."""
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, project / name)
        else:
            shutil.copy2(source / name, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    # The source text the copy gate reads sits beside the checkout (`source_text` in mkdocs.yml).
    shared = project.parent / "shared"
    if (ROOT.parent / "shared").is_dir() and not shared.exists():
        shared.symlink_to(ROOT.parent / "shared")
    shutil.copy2(catalog, project / "catalog.yaml")
    return project


def site_sizes(site: Path, skip: list[Path], seconds: float | None) -> LanguageResult:
    """Sizes of one language's site, without the other languages' folders inside it."""
    files = [
        path
        for path in site.rglob("*")
        if path.is_file() and not any(path.is_relative_to(other) for other in skip)
    ]
    html = [path for path in files if path.suffix == ".html"]
    index = (site / "search" / "search_index.json").read_bytes()
    return LanguageResult(
        seconds=seconds,
        pages=len(html),
        site_bytes=sum(path.stat().st_size for path in files),
        html_bytes=sum(path.stat().st_size for path in html),
        index_bytes=len(index),
        index_gz_bytes=len(gzip.compress(index, compresslevel=6)),
    )


@dataclass
class Run:
    """What one command took."""

    seconds: float
    cpu_seconds: float
    largest_rss_kb: int  # the largest single process of the tree
    total_rss_kb: int  # the most the whole tree held at once, sampled
    output: str


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command and measure it with its child processes; exits if it fails.

    ``os.wait4`` gives the command's resource use together with that of the processes it waited
    for (``RUSAGE_CHILDREN`` would give the largest of every command so far); processes running
    side by side are summed by sampling /proc.
    """
    with tempfile.TemporaryFile("w+") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        sampler = _TreeMemory(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{text[-5000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss, max(sampler.peak_kb, usage.ru_maxrss), text)


class _TreeMemory(threading.Thread):
    """Samples the resident memory of a process and its descendants, every 0.1 s (Linux)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            self.peak_kb = max(self.peak_kb, sum(map(_rss_kb, _tree(self.pid))))

    def stop(self) -> None:
        self.done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue += [int(child) for child in task.read_text().split()]
            except OSError:
                pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "")
    return int(line.split()[1]) if line else 0


def _run(command: list) -> None:
    subprocess.run([str(part) for part in command], check=True)


# --- report --------------------------------------------------------------------------------------


def row(result: SizeResult) -> str:
    return (
        f"{result.kpis} KPIs: build {result.build_seconds:.1f} s "
        f"(CPU {result.build_cpu_seconds:.1f} s, of which English {result.parallel_cpu_seconds} s"
        f" and Node {result.snapshot_cpu_seconds} s"
        f" {'alongside' if result.snapshot_alongside else 'after'} the pages;"
        f" idle 2 cores: about {result.idle_seconds:.1f} s), "
        f"peak {result.peak_rss_mb:.0f} MB (all processes {result.peak_total_rss_mb:.0f} MB), "
        f"validate {result.validate_seconds:.1f} s"
    )


def table(results: list[SizeResult]) -> str:
    head = (
        "| KPIs | catalog | validate | build (both) | CPU (en, Node) | idle est. | per KPI "
        "| peak RSS (sum) | lang "
        "| lang build | pages | site | HTML/page | index | index gz | gz/KPI |"
    )
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for result in results:
        for lang, sizes in result.languages.items():
            lines.append("| " + " | ".join(_cells(result, lang, sizes)) + " |")
    return "\n".join(lines)


def _cells(result: SizeResult, lang: str, sizes: LanguageResult) -> list[str]:
    return [
        f"{result.kpis:,}",
        _mb(result.catalog_bytes),
        f"{result.validate_seconds:.1f} s",
        f"{result.build_seconds:.1f} s",
        f"{result.build_cpu_seconds:.1f} s ({result.parallel_cpu_seconds:.1f} s, "
        f"{result.snapshot_cpu_seconds:.1f} s)",
        f"{result.idle_seconds:.1f} s",
        f"{result.build_seconds / result.kpis * 1000:.1f} ms",
        f"{result.peak_rss_mb:.0f} MB ({result.peak_total_rss_mb:.0f} MB)",
        lang,
        f"{sizes.seconds:.1f} s" if sizes.seconds is not None else "–",
        f"{sizes.pages:,}",
        _mb(sizes.site_bytes),
        f"{sizes.html_bytes / max(sizes.pages, 1) / 1024:.0f} KB",
        _mb(sizes.index_bytes),
        _mb(sizes.index_gz_bytes),
        f"{sizes.index_gz_bytes / result.kpis / 1024:.2f} KB",
    ]


def check_targets(results: list[SizeResult]) -> list[str]:
    """PASS or FAIL per target. On a busy machine wall times mean little: processor time and
    the estimate for an idle machine are judged too, and growth is judged on processor time."""
    verdicts = []
    by_size = {result.kpis: result for result in results}
    if 1000 in by_size:
        thousand = by_size[1000]
        seconds, idle = thousand.build_seconds, thousand.idle_seconds
        verdicts.append(_verdict(seconds <= TARGET_SECONDS_AT_1000, f"1,000 KPIs in {seconds} s"))
        text = f"1,000 KPIs in about {idle:.1f} s on an idle machine (processor time)"
        verdicts.append(_verdict(idle <= TARGET_SECONDS_AT_1000, text))
    # Fixed costs (start-up, the snapshot) weigh on the smallest size: compare from 1,000.
    small, large = by_size.get(1000, results[0]), results[-1]
    if large is not small:
        growth = (large.build_cpu_seconds / large.kpis) / (small.build_cpu_seconds / small.kpis)
        text = f"processor time per KPI at {large.kpis:,} is {growth:.2f}× that at {small.kpis:,}"
        verdicts.append(_verdict(growth <= 1.5, text))
    for result in results:
        for lang, sizes in result.languages.items():
            per_kpi = sizes.index_gz_bytes / result.kpis
            text = f"{result.kpis:,} KPIs, {lang}: search index {per_kpi:.0f} B gzipped per KPI"
            verdicts.append(_verdict(per_kpi <= TARGET_INDEX_GZ_PER_KPI, text))
    return verdicts


def _verdict(ok: bool, text: str) -> str:
    return f"{'PASS' if ok else 'FAIL'}: {text}"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


if __name__ == "__main__":
    raise SystemExit(main())

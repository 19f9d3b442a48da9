"""Golden cases: a bad ``catalog.yaml`` in, the exact error text out.

Each folder here holds a copy of ``tests/fixtures/mini_catalog.yaml`` with one defect (or, for
whole-file cases, a file of its own) and ``expected.txt``: what ``str(CatalogError)`` must be when
the file is shown as "catalog.yaml". The expected texts were reviewed as a catalog author reads
them, so there is deliberately no switch that rewrites them from the loader's current output:
when a message changes, the test fails with a diff and ``expected.txt`` is edited on purpose.
"""

from __future__ import annotations

import difflib
import re
import time
from pathlib import Path

import pytest

from generator.loader import CatalogError, load_catalog

HERE = Path(__file__).parent
CASES = sorted(path for path in HERE.iterdir() if path.is_dir() and path.name != "__pycache__")
#: The first line of every problem: file, line (unless about the whole file), key path, message.
PROBLEM_HEAD = re.compile(r"^catalog\.yaml(:\d+)?: \S")


def _load_error(case: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(case / "catalog.yaml", display_name="catalog.yaml")
    return str(caught.value) + "\n"


def _problems(text: str) -> list[str]:
    """The problem blocks of an error text, without its summary line."""
    return text.strip().split("\n\n")[1:]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_catalog_gives_the_expected_error_text(case: Path) -> None:
    expected = (case / "expected.txt").read_text("utf-8")
    actual = _load_error(case)
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"{case.name}/expected.txt",
            "what the loader says now",
        )
        pytest.fail("".join(diff), pytrace=False)


def test_every_case_folder_has_a_catalog_and_an_expected_text() -> None:
    incomplete = [
        case.name
        for case in CASES
        if not (case / "catalog.yaml").is_file() or not (case / "expected.txt").is_file()
    ]
    assert incomplete == []
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_expected_problem_names_the_file_and_a_fix(case: Path) -> None:
    text = (case / "expected.txt").read_text("utf-8")
    count = re.match(r"catalog\.yaml: (\d+) problems? in the catalog\n", text)
    assert count, text
    problems = _problems(text)
    assert len(problems) == int(count.group(1))
    for problem in problems:
        lines = problem.splitlines()
        assert PROBLEM_HEAD.match(lines[0]), problem
        assert lines[-1].startswith("  fix: ") and len(lines[-1]) > len("  fix: "), problem


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_expected_line_number_shows_that_source_line(case: Path) -> None:
    source = (case / "catalog.yaml").read_bytes().decode("utf-8", errors="replace").splitlines()
    for problem in _problems((case / "expected.txt").read_text("utf-8")):
        head, *rest = problem.splitlines()
        line = re.match(r"catalog\.yaml:(\d+):", head)
        if line is None:
            continue  # about the whole file
        number = int(line.group(1))
        assert rest[0] == f"    {number} | {source[number - 1].rstrip()}"


def test_the_alias_bomb_is_refused_before_anything_is_expanded() -> None:
    started = time.perf_counter()
    text = _load_error(HERE / "alias-bomb")
    assert time.perf_counter() - started < 1.0
    assert "YAML anchors and aliases are not allowed" in text
    assert len(_problems(text)) == 1

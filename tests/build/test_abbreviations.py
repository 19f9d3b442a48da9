"""Abbreviations get their explanation on every page, in both languages.

The snippets that only define abbreviations reach Python-Markdown's ``abbr`` as its glossary
instead of being appended to every page (see ``use_abbreviation_glossary`` in the plugin).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pages


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("kpi/ctr/index.html", '<abbr title="Doorklikratio: '),
        ("en/kpi/ctr/index.html", '<abbr title="Click-through rate: share of impressions'),
        ("en/guide/what-is-a-kpi/index.html", '<abbr title="Key performance indicator: '),
    ],
)
def test_abbreviations_are_explained_in_the_built_pages(
    built_site: Path, page: str, expected: str
) -> None:
    assert expected in (built_site / page).read_text("utf-8")


def test_a_snippet_of_only_abbreviations_becomes_a_glossary() -> None:
    text = "*[CTR]: Click-through rate\n\n*[B2B]:   Business to business \n"
    assert pages.abbreviation_glossary(text) == {
        "CTR": "Click-through rate",
        "B2B": "Business to business",
    }
    assert pages.abbreviation_glossary(text + "Some text.\n") is None
    assert pages.abbreviation_glossary("") == {}

"""Search keywords and the reshaped search index (generator/search.py), and goal search tags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.loader import load_catalog
from generator.pages import goal_page
from generator.search import KeywordsError, load_keywords, tune_index, unknown_pages

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini_catalog.yaml"

KEYWORDS = """\
# Words readers search by.
kpi/conversion_rate.md: {nl: [conversies], en: [conversions]}
guide/vanity-metrics.md:
  nl: [ijdelheidsmetrics]
"""

INDEX = {
    "config": {"lang": ["nl", "en"]},
    "docs": [
        {"location": "", "title": "Start", "text": "Welkom"},
        {"location": "#voor-wie", "title": "Voor wie", "text": "Marketeers"},
        {
            "location": "kpi/conversion_rate/",
            "title": "Conversiepercentage",
            "text": "Één op de…",
            "tags": ["Conversion rate", "CR"],
            "boost": 2,
        },
        {
            "location": "kpi/conversion_rate/#valkuilen",
            "title": "Valkuilen",
            "text": "Tel bots niet mee.",
            "tags": ["Conversion rate", "CR"],
            "boost": 2,
        },
    ],
}


def test_keywords_are_read_per_language_with_their_line() -> None:
    assert load_keywords(KEYWORDS, "search-keywords.yaml", "nl") == {
        "kpi/conversion_rate.md": (2, ["conversies"]),
        "guide/vanity-metrics.md": (3, ["ijdelheidsmetrics"]),
    }
    assert load_keywords(KEYWORDS, "search-keywords.yaml", "en") == {
        "kpi/conversion_rate.md": (2, ["conversions"]),
    }


def test_every_problem_in_the_keyword_file_is_reported_with_its_line() -> None:
    source = "kpi/cac: {nl: [CAC]}\nkpi/ctr.md: {de: [Klickrate]}\nkpi/roas.md: {nl: ROAS}\n"
    with pytest.raises(KeywordsError) as error:
        load_keywords(source, "search-keywords.yaml", "nl")
    message = str(error.value)
    assert "3 problems in the search keywords" in message
    assert "search-keywords.yaml:1: kpi/cac: expected a page path ending in .md" in message
    assert "search-keywords.yaml:2: kpi/ctr.md: expected {nl: [...], en: [...]}" in message
    assert "search-keywords.yaml:3: kpi/roas.md: nl: expected a list of words" in message
    assert "    3 | kpi/roas.md: {nl: ROAS}" in message


def test_keywords_for_a_page_the_site_lacks_are_an_error() -> None:
    keywords = load_keywords(KEYWORDS, "search-keywords.yaml", "nl")
    pages = {"kpi/conversion_rate.md", "guide/vanity-metric.md"}
    error = unknown_pages(keywords, pages, "search-keywords.yaml", KEYWORDS)
    assert error is not None
    assert "search-keywords.yaml:3: guide/vanity-metrics.md: no page has this path" in str(error)
    assert unknown_pages(keywords, pages | {"guide/vanity-metrics.md"}, "x", KEYWORDS) is None


def test_the_real_keyword_file_names_only_pages_of_the_site() -> None:
    source = (ROOT / "content" / "search-keywords.yaml").read_text("utf-8")
    catalog = load_catalog(ROOT / "catalog.yaml")
    generated = {f"kpi/{kpi}.md" for kpi in catalog.kpis}
    generated |= {f"goals/{goal.id}.md" for goal in catalog.goals}
    for lang in ("nl", "en"):
        docs = ROOT / "content" / lang
        written = {path.relative_to(docs).as_posix() for path in docs.rglob("*.md")}
        keywords = load_keywords(source, "search-keywords.yaml", lang)
        assert keywords and unknown_pages(keywords, written | generated, "x", source) is None


def test_sections_lose_the_names_and_boost_their_page_keeps() -> None:
    tuned = json.loads(tune_index(json.dumps(INDEX), {}))
    page, section = tuned["docs"][2:]
    assert page["tags"] == ["Conversion rate", "CR"] and page["boost"] == 2
    assert "tags" not in section and "boost" not in section
    assert tuned["config"] == INDEX["config"]


def test_keywords_go_into_their_own_field_of_the_page_entry() -> None:
    keywords = {"kpi/conversion_rate/": ["conversies"], "": ["startpagina & meer"]}
    tuned = json.loads(tune_index(json.dumps(INDEX), keywords))
    assert tuned["docs"][2]["keywords"] == ["conversies"]
    assert tuned["docs"][0]["keywords"] == ["startpagina &amp; meer"]  # escaped, as tags are
    assert "keywords" not in tuned["docs"][1] and "keywords" not in tuned["docs"][3]


def test_tuned_index_keeps_text_as_utf8() -> None:
    tuned = tune_index(json.dumps(INDEX), {})
    assert "Één op de…" in tuned


def test_goal_page_lists_its_name_in_the_other_language_as_search_tag() -> None:
    mini = load_catalog(MINI)
    goal = mini.goals[0]
    front = goal_page(mini, goal, "nl").split("---")[1]
    assert f'tags: ["{goal.name.en}"]' in front
    front = goal_page(mini, goal, "en").split("---")[1]
    assert f'tags: ["{goal.name.nl}"]' in front

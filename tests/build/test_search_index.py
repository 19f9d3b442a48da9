"""The built search: the handbook's worker in front of Material's, and the reshaped index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    "page", ["index.html", "kpi/cac/index.html", "en/guide/glossary/index.html"]
)
def test_pages_search_with_the_handbook_worker_in_front_of_materials(
    built_site: Path, page: str
) -> None:
    html = (built_site / page).read_text("utf-8")
    config = json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', html, re.S)[1])
    worker, _, query = config["search"].partition("?material=")
    assert worker.endswith("assets/javascripts/workers/handbook-search.js")
    folder = built_site / "assets" / "javascripts" / "workers"
    assert (folder / "handbook-search.js").is_file()
    assert re.fullmatch(r"search\.[0-9a-f]+\.min\.js", query) and (folder / query).is_file()


@pytest.mark.parametrize("lang", ["", "en"])
def test_index_keeps_names_on_pages_and_adds_keywords(built_site: Path, lang: str) -> None:
    index = json.loads((built_site / lang / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["fields"]["keywords"] == {"boost": 1000}
    docs = {doc["location"]: doc for doc in index["docs"]}
    assert [
        loc for loc, doc in docs.items() if "#" in loc and ("tags" in doc or "boost" in doc)
    ] == []
    assert "CAC" in docs["kpi/cac/"]["tags"] and docs["kpi/cac/"]["boost"] == 2
    assert docs["goals/retain_customers/"]["tags"] and docs["goals/retain_customers/"]["boost"] == 3
    vanity = docs["guide/vanity-metrics/"]["keywords"]
    assert ("ijdelheidsmetrics" in vanity) if lang == "" else ("vanity metric" in vanity)


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("", "klantacquisitiekosten In het Engels: Customer acquisition cost"),
        ("en", "cost to acquire a customer In Dutch: Klantwervingskosten"),
    ],
)
def test_a_kpis_names_read_as_separate_words_in_search_results(
    built_site: Path, lang: str, names: str
) -> None:
    """The line break between a KPI's other names and its other-language name is a space."""
    index = json.loads((built_site / lang / "search" / "search_index.json").read_text("utf-8"))
    text = next(doc["text"] for doc in index["docs"] if doc["location"] == "kpi/cac/")
    assert names in " ".join(text.split())

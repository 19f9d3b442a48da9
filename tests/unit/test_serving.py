"""`kpi-handbook serve`: what it watches, and the last good site kept when the catalog breaks."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator import languages, serving

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sites():
    """The Dutch and the English site config, loaded as `serve` loads them."""
    return [languages.load_site_config(ROOT / name) for name in ("mkdocs.yml", "mkdocs.en.yml")]


def test_loading_the_english_config_leaves_the_dutch_plugin_its_own_options(sites) -> None:
    dutch, english = (config.plugins["kpi-handbook"] for config in sites)
    assert dutch is not english
    assert (dutch.config.language, english.config.language) == ("nl", "en")
    assert dutch.config.alternates == {"en": "mkdocs.en.yml"}
    # Loaded again, as `serve` does on every rebuild: still the Dutch options.
    again = languages.load_site_config(ROOT / "mkdocs.yml").plugins["kpi-handbook"]
    assert again.config.language == "nl"


def test_serve_watches_the_catalog_both_languages_snippets_overrides_and_configs(sites) -> None:
    watched = serving.watched_paths(ROOT, sites, [ROOT / "catalog.yaml"])
    assert [path.relative_to(ROOT).as_posix() for path in watched] == [
        "catalog.yaml",
        "content",
        "site_overrides",
        "mkdocs.yml",
        "mkdocs.en.yml",
    ]


def test_watched_paths_keep_only_outermost_existing_paths(tmp_path: Path, sites) -> None:
    (tmp_path / "content" / "nl").mkdir(parents=True)
    extra = [tmp_path / "missing.yaml", tmp_path / "content" / "nl", tmp_path / "content"]
    assert serving.watched_paths(tmp_path, [], extra) == [(tmp_path / "content").resolve()]


def test_the_plugin_hands_the_watch_list_and_a_forgiving_rebuild_to_the_server(sites) -> None:
    plugin = sites[0].plugins["kpi-handbook"]
    plugin.root = ROOT

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []
            self.builder = lambda: None

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=sites[0], builder=None)
    assert str(ROOT / "content") in server.watched
    assert str(ROOT / "mkdocs.en.yml") in server.watched
    assert str(ROOT / "catalog.yaml") in server.watched
    plugin.catalog_problems = "catalog.yaml: 1 problem in the catalog"
    server.builder()  # the wrapped builder runs


def failing_build() -> None:
    raise Abort("Aborted with a BuildError!")


def test_a_broken_catalog_keeps_the_last_good_site_and_says_so(caplog) -> None:
    rebuild = serving.keep_last_good(failing_build, lambda: "catalog.yaml: 1 problem")
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.generator.serving"):
        rebuild()  # no exception: MkDocs would call the server stuck
    assert caplog.messages == [
        "The site was not rebuilt: the catalog has the problems above. Still serving the last "
        "good site; save the fixed catalog to rebuild."
    ]


def test_any_other_failed_build_is_left_to_mkdocs() -> None:
    rebuild = serving.keep_last_good(failing_build, lambda: None)
    with pytest.raises(Abort):
        rebuild()


def test_a_good_build_just_runs() -> None:
    built = []
    serving.keep_last_good(lambda: built.append(1), lambda: None)()
    assert built == [1]

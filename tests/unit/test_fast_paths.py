"""The loader's fast paths give what the careful ones give, and step aside when unsure.

``generator.fastyaml`` reads a plain catalog with libyaml and fastjsonschema checks it against the
JSON Schema with a yes or no; ruamel.yaml and jsonschema stay the judges of anything unusual and
report every problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import fastjsonschema.draft2019
import pytest
from jsonschema import Draft202012Validator

from generator import fastyaml, loader

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*/catalog.yaml"))
CATALOGS = [ROOT / "catalog.yaml", ROOT / "tests" / "fixtures" / "mini_catalog.yaml"]
MINI_TEXT = CATALOGS[1].read_text("utf-8")
VALIDATOR = Draft202012Validator(loader.schema())


def _same_data_and_lines(fast, careful, path: str = "") -> None:
    if isinstance(careful, dict):
        assert list(fast) == list(careful), path
        for key in careful:
            assert fast.lc.key(key)[0] == careful.lc.key(key)[0], f"{path}.{key}"
            _same_data_and_lines(fast[key], careful[key], f"{path}.{key}")
    elif isinstance(careful, list):
        assert len(fast) == len(careful), path
        for index, item in enumerate(careful):
            assert fast.lc.item(index)[0] == careful.lc.item(index)[0], f"{path}[{index}]"
            _same_data_and_lines(fast[index], item, f"{path}[{index}]")
    else:
        assert fast == careful and type(fast) is type(loader._plain_data(careful)), path


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.name)
def test_fast_reader_gives_the_careful_readers_data_lines_and_catalog(path: Path) -> None:
    source = path.read_text("utf-8")
    fast, careful = fastyaml.read(source), loader._read_yaml(source, path.name)
    assert fast is not None
    _same_data_and_lines(fast, careful)
    assert loader._catalog_of(fast, source, path.name) == loader._catalog_of(
        careful, source, path.name
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("version: 1", "version: &v 1"),  # an anchor
        ("version: 1", "version: !!int 1"),  # a tag
        ("version: 1", "version: 1\nversion: 1"),  # a duplicate key
        ("version: 1", "version: 01"),  # a leading zero
        ("version: 1", "version: 1e0"),  # a number to YAML 1.2, text to 1.1
        ("version: 1", "version: yes"),  # a boolean to YAML 1.1, text to 1.2
        ("version: 1", "version: 0o1"),  # octal in YAML 1.2 only
        ("version: 1", "version: 1_0"),  # a number to YAML 1.1
        ("version: 1", "version: 12:30"),  # sexagesimal in YAML 1.1
        ("version: 1", "version: 2027-01-01"),  # a date
        ("version: 1", "version: .inf"),
        ("version: 1", "version:\t1"),  # a tab
        ("version: 1", "<<: {}\nversion: 1"),  # a merge key
        ("version: 1", "version: [1"),  # a syntax error
    ],
)
def test_fast_reader_leaves_anything_unusual_to_the_careful_reader(old: str, new: str) -> None:
    assert MINI_TEXT.count(old) == 1
    assert fastyaml.read(MINI_TEXT.replace(old, new)) is None


def test_fast_reader_leaves_a_second_document_or_a_list_to_the_careful_reader() -> None:
    assert fastyaml.read(MINI_TEXT + "\n---\nversion: 1\n") is None
    assert fastyaml.read("- goals\n- kpis\n") is None
    assert fastyaml.read("") is None


def test_fast_reader_reads_plain_scalars_as_yaml_1_2_does() -> None:
    data = fastyaml.read('a: 12\nb: -3.5\nc: true\nd: null\ne: ~\nf: text\ng: "01"\nh:\n')
    assert data == {"a": 12, "b": -3.5, "c": True, "d": None, "e": None, "f": "text", "g": "01"} | {
        "h": None
    }
    assert [type(data[key]) for key in "abc"] == [int, float, bool]


def test_fast_reader_refuses_an_alias_without_expanding_it() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    assert fastyaml.read(bomb) is None


# --- the schema -------------------------------------------------------------------------------


def _document(path: Path) -> object | None:
    """A golden or real catalog as plain data, or None when it does not read as YAML."""
    source = path.read_bytes().decode("utf-8", "replace")
    try:
        return loader._plain_data(loader._read_yaml(source, path.name))
    except loader.CatalogError:
        return None


def _name(path: Path) -> str:
    return path.parent.name if path.name == "catalog.yaml" and "golden" in path.parts else path.name


#: Every golden and real catalog that reads as YAML: the others never reach the schema.
YAML_CATALOGS = [path for path in [*GOLDEN, *CATALOGS] if _document(path) is not None]


@pytest.mark.parametrize("path", YAML_CATALOGS, ids=_name)
def test_quick_schema_check_agrees_with_jsonschema(path: Path) -> None:
    document = _document(path)
    assert loader._conforms(document) == VALIDATOR.is_valid(document)


def test_the_golden_catalogs_have_verdicts_of_both_kinds() -> None:
    verdicts = [VALIDATOR.is_valid(_document(path)) for path in YAML_CATALOGS]
    assert len(verdicts) > 50 and verdicts.count(True) > 10 and verdicts.count(False) > 10


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("version: 1", "version: true"),  # true is not 1 in JSON
        ("version: 1", "version: 1.0"),  # 1.0 is 1
        ("version: 1", 'version: "1"'),
        ("  - id: ctr", "  - id: Ctr"),  # a pattern
        ("  - id: ctr", '  - id: "ctr\\n"'),  # jsonschema's $ lets a final newline through
        ("  - id: ctr", "  - id: 12"),
        ("  - id: ctr", "  - id: ctr\n    colour: red"),  # additionalProperties
        ("  - id: nps", "  - ido: nps"),  # required
    ],
)
def test_quick_schema_check_never_says_yes_where_jsonschema_says_no(old: str, new: str) -> None:
    assert MINI_TEXT.count(old) == 1
    document = loader._plain_data(loader._read_yaml(MINI_TEXT.replace(old, new), "catalog.yaml"))
    assert VALIDATOR.is_valid(document) or not loader._conforms(document)


def test_fastjsonschema_checks_every_keyword_the_schema_uses() -> None:
    """fastjsonschema knows drafts 4 to 2019-09; the schema says 2020-12 and keeps to keywords
    they share. Beside a $ref it checks nothing, where 2020-12 would: only annotations go there."""
    checked = set(fastjsonschema.draft2019.CodeGeneratorDraft2019({})._json_keywords_to_function)
    annotations = {"$schema", "$id", "$defs", "title", "description"}
    rules = list(_rules(loader.schema()))
    assert {keyword for rule in rules for keyword in rule} - annotations <= checked | {"$ref"}
    beside_ref = {keyword for rule in rules if "$ref" in rule for keyword in rule} - {"$ref"}
    assert beside_ref <= annotations


def test_the_quick_check_leaves_the_published_schema_as_it_is() -> None:
    loader._fast_validator.cache_clear()
    loader._fast_validator()
    published = json.loads((ROOT / "generator" / "catalog.schema.json").read_text("utf-8"))
    assert loader.schema() == published
    assert published["properties"]["kpis"]["items"] == {"$ref": "#/$defs/kpi"}


def _rules(rule: object) -> Iterator[dict]:
    """Every rule of a schema, the schema itself included."""
    if isinstance(rule, dict):
        yield rule
        for keyword, value in rule.items():
            for child in value.values() if keyword in ("properties", "$defs") else [value]:
                yield from _rules(child)
    elif isinstance(rule, list):
        for child in rule:
            yield from _rules(child)


def test_loader_reports_a_fast_read_catalogs_problem_as_the_careful_reader_does() -> None:
    broken = MINI_TEXT.replace("unit: percent", "unit: euro", 1)
    assert fastyaml.read(broken) is not None
    with pytest.raises(loader.CatalogError) as fast_then_careful:
        loader.parse_catalog(broken)
    careful = loader._read_yaml(broken, "catalog.yaml")
    problems = [loader._schema_problem(error, careful) for error in loader._schema_errors(careful)]
    assert fast_then_careful.value.problems == [problem for problem in problems if problem]
    assert "found 'euro'" in str(fast_then_careful.value)

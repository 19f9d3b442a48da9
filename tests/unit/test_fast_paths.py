"""The loader's fast paths give what the careful ones give, and step aside when unsure.

``generator.fastyaml`` reads a plain catalog with libyaml and ``generator.fastschema`` checks it
against the JSON Schema with a yes or no; ruamel.yaml and jsonschema stay the judges of anything
unusual and report every problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator import fastschema, fastyaml, loader

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*/catalog.yaml"))
CATALOGS = [ROOT / "catalog.yaml", ROOT / "tests" / "fixtures" / "mini_catalog.yaml"]
MINI_TEXT = CATALOGS[1].read_text("utf-8")


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


def _documents() -> list[object]:
    """Every golden and real catalog that reads as YAML, as plain data."""
    documents = []
    for path in [*GOLDEN, *CATALOGS]:
        source = path.read_bytes().decode("utf-8", "replace")
        try:
            documents.append(loader._plain_data(loader._read_yaml(source, path.name)))
        except loader.CatalogError:
            continue
    return documents


def test_quick_schema_check_agrees_with_jsonschema_on_every_golden_catalog() -> None:
    conforms = fastschema.compile_schema(loader.schema())
    validator = Draft202012Validator(loader.schema())
    documents = _documents()
    assert len(documents) > 50
    for document in documents:
        assert conforms(document) == validator.is_valid(document)


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        ({"const": 1}, True, False),  # true is not 1 in JSON
        ({"const": 1}, 1.0, True),
        ({"enum": ["a", "b"]}, "b", True),
        ({"type": "number"}, False, False),
        ({"type": ["number", "string"]}, "7", True),
        ({"type": "array", "uniqueItems": True}, ["a", "a"], False),
        ({"type": "array", "uniqueItems": True}, [{"a": 1}, {"b": 2}], False),  # unsure: no
        ({"pattern": "^[a-z]+$"}, "Ab", False),
        ({"pattern": "^[a-z]+$"}, 12, True),  # a pattern says nothing about numbers
        ({"required": ["a"], "additionalProperties": False}, {"a": 1, "b": 2}, False),
        ({"properties": {"a": {"type": "string"}}}, {"a": 1}, False),
        ({"minLength": 1}, "", False),
        ({"format": "email"}, "x", False),  # a keyword it does not know: jsonschema decides
        ({"$ref": "#/$defs/id", "$defs": {"id": {"maxLength": 2}}}, "abc", False),
    ],
)
def test_quick_schema_check_answers_no_when_wrong_or_unsure(schema, value, expected) -> None:
    assert fastschema.compile_schema(schema)(value) is expected


def test_loader_reports_a_fast_read_catalogs_problem_as_the_careful_reader_does() -> None:
    broken = MINI_TEXT.replace("unit: percent", "unit: euro", 1)
    assert fastyaml.read(broken) is not None
    with pytest.raises(loader.CatalogError) as fast_then_careful:
        loader.parse_catalog(broken)
    careful = loader._read_yaml(broken, "catalog.yaml")
    problems = [loader._schema_problem(error, careful) for error in loader._schema_errors(careful)]
    assert fast_then_careful.value.problems == [problem for problem in problems if problem]
    assert "found 'euro'" in str(fast_then_careful.value)

"""The formula language: what it accepts, what it refuses (and where), and exact evaluation."""

from __future__ import annotations

import json
import math
import random
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from generator import formula
from generator.formula import (
    MAX_EXPONENT,
    MAX_NODES,
    MAX_SOURCE_LENGTH,
    EvaluationError,
    FormulaError,
    compute,
    parse,
    parse_plain_number,
    plain,
    run_json,
)
from generator.numbers import RESULT_PLACES, format_value, round_half_up

NAMES = ["a", "b", "clicks", "impressions"]
VALUES = {name: Decimal(value) for name, value in zip(NAMES, ["6", "4", "7", "200"], strict=True)}

#: The catalog's CTR formula as published in catalog.json, with bounds and a check.
CTR = {
    "expression": "100 * clicks / impressions",
    "inputs": [
        {"id": "clicks", "min": "0", "max": "impressions"},
        {"id": "impressions", "min": "0", "max": None},
    ],
    "checks": [{"rule": "clicks <= impressions"}],
}


def evaluate(source: str, **values: str) -> Decimal:
    names = values or VALUES
    numbers = {name: Decimal(value) for name, value in values.items()} or VALUES
    return parse(source, names).evaluate(numbers)


def refusal(source: str, *, boolean: bool = False) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        parse(source, NAMES, boolean=boolean)
    return caught.value


# --- what the language accepts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("42", "42"),
        ("1.5", "1.5"),
        (".5", "0.5"),
        ("a", "6"),
        ("a + b", "10"),
        ("a - b", "2"),
        ("a * b", "24"),
        ("a / b", "1.5"),
        ("a ** 2", "36"),
        ("b ** -1", "0.25"),
        ("b ** 0.5", "2"),
        ("2 ** 3 ** 2", "512"),
        ("(a + b) * 2", "20"),
        ("a + b * 2", "14"),
        ("-a", "-6"),
        ("+a", "6"),
        ("-(a - b)", "-2"),
        ("a if a > b else b", "6"),
        ("a if a < b else b", "4"),
        ("a if a == b else 0", "0"),
        ("a if not a <= b else 1", "6"),
        ("a if a > 0 and b > 0 else 0", "6"),
        ("a if a < 0 or b < 0 else 1", "1"),
        ("a if 0 < b < a else 1", "6"),
        ("min(a, b)", "4"),
        ("min(a, b, 5, 7)", "4"),
        ("max(a, b)", "6"),
        ("max(a, b, 10)", "10"),
        ("abs(b - a)", "2"),
        ("round(a / b)", "2"),
        ("round(100 * clicks / impressions, 1)", "3.5"),
        ("round(2 / 3, 2)", "0.67"),
        ("100 * clicks / impressions", "3.5"),
    ],
)
def test_expression_evaluates_to_the_exact_decimal(source: str, expected: str) -> None:
    assert evaluate(source) == Decimal(expected)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("a > b", True),
        ("a < b", False),
        ("a >= 6", True),
        ("a <= 5", False),
        ("a == 6", True),
        ("a != 6", False),
        ("0 <= b <= a", True),
        ("0 <= a <= b", False),
        ("a > 0 and b > 0", True),
        ("a < 0 or b < 0", False),
        ("not a < b", True),
        ("clicks <= impressions", True),
    ],
)
def test_a_rule_evaluates_to_true_or_false(rule: str, expected: bool) -> None:
    assert parse(rule, NAMES, boolean=True).evaluate(VALUES) is expected


def test_parse_reports_only_the_inputs_the_expression_uses() -> None:
    parsed = parse("  100 * clicks / impressions ", NAMES)
    assert parsed.names == frozenset({"clicks", "impressions"})
    assert parsed.source == "100 * clicks / impressions"
    assert parsed.boolean is False


def test_decimal_arithmetic_is_exact_where_binary_floats_are_not() -> None:
    assert 0.1 + 0.2 != 0.3
    assert evaluate("0.1 + 0.2") == Decimal("0.3")
    assert evaluate("a + b", a="0.1", b="0.2") == Decimal("0.3")
    assert evaluate("a * 3", a="1.1") == Decimal("3.3")


def test_a_third_keeps_34_digits_and_rounds_half_up_only_for_display() -> None:
    third = evaluate("100 * 1 / 3")
    assert third == Decimal("33.33333333333333333333333333333333")
    assert evaluate("round(100 * 1 / 3, 2)") == Decimal("33.33")
    assert format_value(third, "percent", "nl") == "33,33%"
    assert format_value(third, "percent", "en") == "33.33%"


def test_round_rounds_half_up_not_to_even() -> None:
    assert evaluate("round(a, 0)", a="2.5") == Decimal("3")
    assert evaluate("round(a, 2)", a="3.125") == Decimal("3.13")
    assert evaluate("round(a, 2)", a="-3.125") == Decimal("-3.13")


# --- what the language refuses, and where ------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message", "column", "fragment"),
    [
        # names
        ("a + c", "`c` is not a declared input (declared: a, b, clicks, impressions)", 4, "c"),
        ("Clicks * 2", "`Clicks` is not a declared input", 0, "Clicks"),
        ("open", "`open` is not a declared input", 0, "open"),
        # attribute access and subscripts
        ("a.real", "`a.real` is not allowed in a formula", 0, "a.real"),
        ("1 + a.__class__", "`a.__class__` is not allowed in a formula", 4, "a.__class__"),
        ("a.__class__.__bases__", "is not allowed in a formula", 0, "a.__class__.__bases__"),
        ("a[0]", "`a[0]` is not allowed in a formula", 0, "a[0]"),
        ("b + a[0:1]", "`a[0:1]` is not allowed in a formula", 4, "a[0:1]"),
        # calls outside min, max, abs, round
        ("sum(a, b)", "`sum` is not an allowed function (min, max, abs, round)", 0, "sum(a, b)"),
        ("1 + open(a)", "`open` is not an allowed function", 4, "open(a)"),
        ("eval('1')", "`eval` is not an allowed function", 0, "eval('1')"),
        ("__import__('os')", "`__import__` is not an allowed function", 0, "__import__('os')"),
        (
            "__import__('os').system('ls')",
            "is not an allowed function",
            0,
            "__import__('os').system('ls')",
        ),
        ("a.__add__(b)", "`a.__add__` is not an allowed function", 0, "a.__add__(b)"),
        ("(lambda: a)()", "`lambda: a` is not an allowed function", 0, "(lambda: a)()"),
        # lambda and comprehensions
        ("lambda: a", "`lambda: a` is not allowed in a formula", 0, "lambda: a"),
        ("[x for x in a]", "`[x for x in a]` is not allowed in a formula", 0, "[x for x in a]"),
        (
            "max(a, {x for x in b})",
            "`{x for x in b}` is not allowed in a formula",
            7,
            "{x for x in b}",
        ),
        (
            "min(a, (x for x in b))",
            "`(x for x in b)` is not allowed in a formula",
            7,
            "(x for x in b)",
        ),
        ("{a: b}", "`{a: b}` is not allowed in a formula", 0, "{a: b}"),
        ("min(a, [b])", "`[b]` is not allowed in a formula", 7, "[b]"),
        # strings, f-strings, booleans and other constants
        ("'abc'", "only plain numbers are allowed as constants", 0, "'abc'"),
        ("a + 'b'", "only plain numbers are allowed as constants", 4, "'b'"),
        ("a * b'1'", "only plain numbers are allowed as constants", 4, "b'1'"),
        ("f'{a}'", "`f'{a}'` is not allowed in a formula", 0, "f'{a}'"),
        ("a + f'{b}'", "`f'{b}'` is not allowed in a formula", 4, "f'{b}'"),
        ("True", "only plain numbers are allowed as constants", 0, "True"),
        ("a + False", "only plain numbers are allowed as constants", 4, "False"),
        ("None", "only plain numbers are allowed as constants", 0, "None"),
        ("2j * a", "only plain numbers are allowed as constants", 0, "2j"),
        ("...", "only plain numbers are allowed as constants", 0, "..."),
        # walrus and other statements in disguise
        ("(b := a) + 1", "`(b := a)` is not allowed in a formula", 1, "b := a"),
        ("await a", "`await a` is not allowed in a formula", 0, "await a"),
        # operators outside + - * / **
        ("a // b", "the operator in `a // b` is not allowed", 0, "a // b"),
        ("a % b", "the operator in `a % b` is not allowed", 0, "a % b"),
        ("a ^ 2", "the operator in `a ^ 2` is not allowed; write a power as `**`", 0, "a ^ 2"),
        ("a @ b", "the operator in `a @ b` is not allowed", 0, "a @ b"),
        ("a << 2", "the operator in `a << 2` is not allowed", 0, "a << 2"),
        ("~a", "only `-`, `+` and `not` are allowed before a value", 0, "~a"),
        ("a if a in b else b", "only < <= > >= == != comparisons are allowed", 5, "a in b"),
        ("a if a is b else b", "only < <= > >= == != comparisons are allowed", 5, "a is b"),
        # a Dutch decimal comma
        (
            "3,5 * a",
            "a comma is only allowed between the arguments of a function; write decimals "
            "with a point, e.g. 3.5",
            0,
            "3,5 * a",
        ),
        # comparisons where a number is needed, and numbers where a comparison is needed
        ("(a < b) + 1", "a comparison cannot be used as a number here", 1, "a < b"),
        ("max(a, b > 1)", "a comparison cannot be used as a number here", 7, "b > 1"),
        ("a < b", "the expression must give a number, not a comparison", 0, "a < b"),
        ("a if a else b", "the condition after `if` must be a comparison", 5, "a"),
        ("a if a > 0 and b else 1", "`and` and `or` combine comparisons only", 15, "b"),
        # function arguments
        ("min(a)", "`min` takes 2 to 8 arguments", 0, "min(a)"),
        ("abs(a, b)", "`abs` takes exactly 1 argument", 0, "abs(a, b)"),
        ("max(a, b, key=a)", "`max` takes plain arguments only", 0, "max(a, b, key=a)"),
        ("min(*a)", "`min` takes plain arguments only", 0, "min(*a)"),
        ("round(a, b)", "of `round` must be a whole number 0-10", 0, "round(a, b)"),
        ("round(a, 11)", "of `round` must be a whole number 0-10", 0, "round(a, 11)"),
        ("round(a, 2.5)", "of `round` must be a whole number 0-10", 0, "round(a, 2.5)"),
    ],
)
def test_refused_expression_names_the_problem_column_and_fragment(
    source: str, message: str, column: int, fragment: str
) -> None:
    error = refusal(source)
    assert message in error.message
    assert (error.column, error.fragment) == (column, fragment)


@pytest.mark.parametrize(
    ("source", "message", "column"),
    [
        ("a +", "not a valid expression (invalid syntax)", 3),
        ("a + * b", "not a valid expression (invalid syntax)", 4),
        ("(a + b", "not a valid expression ('(' was never closed)", 0),
        ("a + b)", "not a valid expression (unmatched ')')", 5),
        ("a = 1", "not a valid expression (invalid syntax)", 2),
        ("import os", "not a valid expression (invalid syntax)", 0),
        ("a; b", "not a valid expression (invalid syntax)", 1),
        ("0123 * a", "not a valid expression (leading zeros in decimal integer literals", 0),
    ],
)
def test_syntax_error_names_the_column_or_the_end(source: str, message: str, column: int) -> None:
    error = refusal(source)
    assert error.message.startswith(message)
    assert error.column == column
    assert error.fragment == ""


@pytest.mark.parametrize(
    ("source", "found", "column", "fix"),
    [
        # Python would read the fullwidth letter as `a`: a look-alike name for a declared input.
        ("ａ + b", "`ａ` (U+FF41 FULLWIDTH LATIN SMALL LETTER A)", 0, "write `a` instead"),
        ("100 × a", "`×` (U+00D7 MULTIPLICATION SIGN)", 4, "write `*` instead"),
        ("a − b", "`−` (U+2212 MINUS SIGN)", 2, "write `-` instead"),
        ("a ≤ b", "`≤` (U+2264 LESS-THAN OR EQUAL TO)", 2, "write `<=` instead"),
        ("a +\u00a0b", "`\u00a0` (U+00A0 NO-BREAK SPACE)", 3, "type a plain space instead"),
        ("a + é", "`é` (U+00E9 LATIN SMALL LETTER E WITH ACUTE)", 4, ""),
    ],
)
def test_a_character_outside_ascii_is_refused_by_name_and_column(
    source: str, found: str, column: int, fix: str
) -> None:
    error = refusal(source)
    assert error.message == f"only plain ASCII characters are allowed, found {found}"
    assert (error.column, error.fragment, error.fix) == (column, "", fix)


@pytest.mark.parametrize(("source", "column"), [("a / b  # share", 7), ("(a  # x\n + b)", 4)])
def test_a_comment_is_refused_rather_than_published_with_the_formula(
    source: str, column: int
) -> None:
    error = refusal(source)
    assert error.message == "a formula cannot hold a comment, found `#`"
    assert (error.column, error.fix) == (column, "remove the `#` and the comment after it")


@pytest.mark.parametrize(
    ("source", "literal", "column", "fix"),
    [
        ("a * 0x1F", "0x1F", 4, "write it as `31`"),
        ("a * 0o17", "0o17", 4, "write it as `15`"),
        ("0b101 + a", "0b101", 0, "write it as `5`"),
        ("1_000 * a", "1_000", 0, "write it as `1000`"),
        ("a * 1e3", "1e3", 4, "write it as `1000`"),
        ("a * 2.5E-3", "2.5E-3", 4, "write it as `0.0025`"),
        ("a * 007.5", "007.5", 4, "write it as `7.5`"),
        ("round(a, 0x2)", "0x2", 9, "write it as `2`"),
        (
            "a * 1e999",
            "1e999",
            4,
            "write numbers as digits with an optional decimal point, such as `100` or `0.5`",
        ),
    ],
)
def test_a_number_not_written_as_a_plain_decimal_is_refused_with_how_to_write_it(
    source: str, literal: str, column: int, fix: str
) -> None:
    error = refusal(source)
    assert error.message == f"`{literal}` is not a plain decimal number"
    assert (error.column, error.fragment, error.fix) == (column, literal, fix)


@pytest.mark.parametrize("literal", ["0", "7", "100", "0.5", "12.25", ".5", "5."])
def test_a_plain_decimal_number_is_accepted(literal: str) -> None:
    assert parse(f"a * {literal}", NAMES).names == frozenset({"a"})


@pytest.mark.parametrize("name", ["if", "else", "not", "and", "or", "in", "is", "lambda", "None"])
def test_the_words_of_the_language_are_reserved(name: str) -> None:
    assert formula.is_reserved(name)


@pytest.mark.parametrize("name", ["clicks", "min", "round", "match", "case", "type", "if_count"])
def test_function_names_soft_keywords_and_other_names_are_not_reserved(name: str) -> None:
    assert not formula.is_reserved(name)
    assert parse(f"{name} + 1", [name]).names == frozenset({name})


@pytest.mark.parametrize("source", ["", "   ", None])
def test_an_empty_expression_is_refused(source: str | None) -> None:
    with pytest.raises(FormulaError, match="^the expression is empty$") as caught:
        parse(source, NAMES)  # type: ignore[arg-type]
    assert caught.value.column is None


def test_an_expression_longer_than_the_limit_is_refused_before_parsing() -> None:
    source = "a + " * (MAX_SOURCE_LENGTH // 4) + "a"
    assert len(source) == MAX_SOURCE_LENGTH + 1
    error = refusal(source)
    assert error.message == "the expression is longer than 500 characters"
    assert (error.column, error.fragment) == (None, "")


def test_an_expression_with_too_many_parts_is_refused() -> None:
    source = " + ".join(["a"] * 70)
    assert len(source) < MAX_SOURCE_LENGTH
    error = refusal(source)
    assert error.message == f"the expression has more than {MAX_NODES} parts; split it up"


def test_a_rule_must_be_a_comparison() -> None:
    error = refusal("a + b", boolean=True)
    assert error.message == "the expression must give a comparison such as `a <= b`"
    assert error.fragment == "a + b"


# --- evaluation limits -------------------------------------------------------------------------


def evaluation_error(source: str, **values: str) -> EvaluationError:
    with pytest.raises(EvaluationError) as caught:
        evaluate(source, **values)
    return caught.value


@pytest.mark.parametrize(
    ("exponent", "bound"), [("101", "100"), ("-101", "-100"), ("1000", "100"), ("100.5", "100")]
)
def test_an_input_exponent_beyond_100_is_refused_at_evaluation_as_that_input(
    exponent: str, bound: str
) -> None:
    parse("a ** b", NAMES)  # the expression itself is fine
    error = evaluation_error("a ** b", a="2", b=exponent)
    detail = {"exponent": "b", "value": exponent, "bound": bound}
    assert (error.code, error.input, error.detail) == ("exponent_too_large", "b", detail)


def test_a_computed_exponent_beyond_100_is_refused_as_the_expression() -> None:
    error = evaluation_error("a ** (b * 2)", a="1", b="51")
    detail = {"exponent": "b * 2", "value": "102", "bound": "100"}
    assert (error.code, error.input, error.detail) == ("exponent_too_large", None, detail)


def test_power_with_exponent_100_is_exact() -> None:
    assert MAX_EXPONENT == 100
    assert evaluate("a ** b", a="2", b="100") == Decimal(2**100)
    # 2 ** -100 has more digits than the precision: 34 significant ones are kept.
    assert evaluate("a ** b", a="2", b="-100") == Decimal("7.888609052210118054117285652827862E-31")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("2 ** 101", "the exponent 101 in `2 ** 101` is above the maximum of 100"),
        ("a * 1 ** 1000", "the exponent 1000 in `1 ** 1000` is above the maximum of 100"),
        ("2 ** -101", "the exponent -101 in `2 ** -101` is below the minimum of -100"),
        ("2 ** (50 + 51)", "the exponent 101 in `2 ** (50 + 51)` is above the maximum of 100"),
        ("2 ** 100.5", "the exponent 100.5 in `2 ** 100.5` is above the maximum of 100"),
    ],
)
def test_a_constant_exponent_beyond_100_is_refused_when_parsed(source: str, message: str) -> None:
    error = refusal(source)
    assert (error.message, error.fix) == (message, "write an exponent from -100 to 100")
    assert source[error.column :].startswith(error.fragment)
    assert error.fragment in message


@pytest.mark.parametrize("source", ["2 ** 100", "2 ** -100", "2 ** a", "2 ** (a + 101)"])
def test_an_exponent_within_100_or_with_an_input_parses(source: str) -> None:
    assert parse(source, NAMES).source == source


def test_a_result_beyond_the_exponent_range_is_too_large() -> None:
    huge = "1" + "0" * 10_000
    assert evaluation_error("a ** b", a=huge, b="100").code == "too_large"


def test_rounding_a_number_wider_than_the_precision_is_too_large() -> None:
    error = evaluation_error("round(a, 2)", a="1" + "0" * 40)
    assert (error.code, error.detail) == ("too_large", "round(a, 2)")


@pytest.mark.parametrize(
    ("source", "values", "code", "input_id", "detail"),
    [
        ("a / b", {"a": "1", "b": "0"}, "zero_division", "b", "b"),
        (
            "100 * clicks / impressions",
            {"clicks": "0", "impressions": "0"},
            "zero_division",
            "impressions",
            "impressions",
        ),
        ("a / (b - a)", {"a": "2", "b": "2"}, "zero_division", None, "b - a"),
        ("a ** b", {"a": "0", "b": "-1"}, "zero_division", None, "0 ** negative"),
        ("a ** b", {"a": "-8", "b": "0.5"}, "invalid_operation", None, "a ** b"),
        ("a ** b", {"a": "0", "b": "0"}, "invalid_operation", None, "a ** b"),
    ],
)
def test_undefined_arithmetic_says_what_and_where(
    source: str, values: dict[str, str], code: str, input_id: str | None, detail: str
) -> None:
    error = evaluation_error(source, **values)
    assert (error.code, error.input, error.detail) == (code, input_id, detail)
    assert error.as_dict() == {"code": code, "input": input_id, "detail": detail}


def test_an_input_the_evaluation_was_not_given_is_missing() -> None:
    with pytest.raises(EvaluationError) as caught:
        parse("a + b", NAMES).evaluate({"a": Decimal(1)})
    assert (caught.value.code, caught.value.input) == ("missing_input", "b")


# --- exact digits ------------------------------------------------------------------------------

NINES = "9" * 15  # the widest input: 15 digits before the decimal point


def test_the_interpreter_guarantees_the_decimals_the_site_shows() -> None:
    assert formula.RESULT_PLACES == RESULT_PLACES == 2


def test_a_product_whose_digits_fit_the_precision_is_exact() -> None:
    # 15 + 15 + 4 digits: the 34 the interpreter computes with.
    assert evaluate("a * b * c", a=NINES, b=NINES, c="9999") == Decimal(int(NINES) ** 2 * 9999)


def test_a_product_one_digit_wider_than_the_precision_is_too_large_not_rounded() -> None:
    error = evaluation_error("a * b * c", a=NINES, b=NINES, c="99999")
    assert (error.code, error.detail) == ("too_large", "rounded")


def test_a_clv_of_15_digit_inputs_is_too_large_not_shown_with_wrong_digits() -> None:
    """The calculator showed 999999999999997000000000000003000000000000000 for the exact
    999999999999997000000000000002999999999999999."""
    names = ["aov", "purchase_frequency", "lifespan_years", "gross_margin_pct"]
    clv = {
        "expression": "aov * purchase_frequency * lifespan_years * gross_margin_pct / 100",
        "inputs": [{"id": name} for name in names],
    }
    values = dict(zip(names, [NINES, NINES, NINES, "100"], strict=True))
    answer = json.loads(run_json({"clv": clv}, "clv", json.dumps(values)))
    assert answer == {
        "ok": False,
        "error": {"code": "too_large", "input": None, "detail": "rounded"},
    }


def test_a_quotient_is_given_while_its_rounding_stays_below_the_shown_decimals() -> None:
    # About 10 ** 29: 30 digits before the decimal point, 4 after it.
    value = evaluate("a * b / 7", a=NINES, b=NINES)
    assert value == Decimal("142857142857142571428571428571.5714")
    assert round_half_up(value) == Decimal("142857142857142571428571428571.57")
    # About 10 ** 31: 32 digits before the point, 2 after it, the last of them rounded.
    error = evaluation_error("a * b * 100 / 7", a=NINES, b=NINES)
    assert (error.code, error.detail) == ("too_large", "rounded")


def test_a_rounded_quotient_scaled_up_after_a_subtraction_is_too_large() -> None:
    """The exact result is 333333333333333000; as computed, what rounding the two thirds cost
    is left after the subtraction, and the products make it 0.0066…: it would show 0.01."""
    values = {"a": "100000000000001", "b": "100000000000000", "c": NINES}
    third_of_c = evaluate("(a / 3 - b / 3) * c", **values)
    assert third_of_c == Decimal("333333333333333.0000066666666666667")
    error = evaluation_error("(a / 3 - b / 3) * c * 1000", **values)
    assert (error.code, error.detail) == ("too_large", "rounded")


@pytest.mark.parametrize(
    ("source", "values"),
    [
        # 0.055 exactly, 0.05499… as computed: it would show 0.05, not 0.06.
        ("a / b * c", {"a": "0.11", "b": "7", "c": "3.5"}),
        ("round(a / b * c, 2)", {"a": "0.11", "b": "7", "c": "3.5"}),
        # Equal numbers compared, one of them rounded; a divisor that may be 0.
        ("1 if a / b * b >= a else 2", {"a": "0.11", "b": "7"}),
        ("1 / (a / b * b - a)", {"a": "1", "b": "3"}),
    ],
)
def test_a_result_rounding_could_tip_either_way_is_uncertain(
    source: str, values: dict[str, str]
) -> None:
    error = evaluation_error(source, **values)
    assert (error.code, error.input, error.detail) == ("invalid_operation", None, "uncertain")


def _shown(exact: Fraction) -> Decimal:
    """An exact number rounded half up (away from 0) to the decimals a result is shown with."""
    scaled = math.floor(abs(exact) * 100 + Fraction(1, 2))
    return Decimal(f"{scaled if exact >= 0 else -scaled}E-2")


#: Formulas with the same arithmetic in Fractions, exact.
_SHAPES: list[tuple[str, Callable[..., Fraction]]] = [
    ("a * b * c", lambda a, b, c: a * b * c),
    ("a / b * c", lambda a, b, c: a / b * c),
    ("a * b / c / d", lambda a, b, c, d: a * b / c / d),
    ("(a / b - c / d) * e * f", lambda a, b, c, d, e, f: (a / b - c / d) * e * f),
    ("100 * (a - b) / (a + b + c)", lambda a, b, c: 100 * (a - b) / (a + b + c)),
    ("(a / b) ** 3 * c", lambda a, b, c: (a / b) ** 3 * c),
]


@pytest.mark.parametrize(("source", "exact"), _SHAPES, ids=[shape[0] for shape in _SHAPES])
def test_a_result_is_given_with_the_exact_shown_digits_or_refused(
    source: str, exact: Callable[..., Fraction]
) -> None:
    names = "abcdef"[: exact.__code__.co_argcount]
    parsed = parse(source, names)
    randomly = random.Random(source)
    given = 0
    for _ in range(300):
        # Whole numbers and cents of 1 to 15 digits.
        values = {
            name: Decimal(randomly.randrange(1, 10 ** randomly.randint(1, 15))).scaleb(
                -randomly.choice([0, 2])
            )
            for name in names
        }
        try:
            value = parsed.evaluate(values)
        except EvaluationError as error:
            assert (error.code, error.detail) in {
                ("too_large", "rounded"),
                ("invalid_operation", "uncertain"),
            }
            continue
        assert round_half_up(value) == _shown(exact(*map(Fraction, values.values()))), values
        given += 1
    assert given > 250


# --- compute: bounds, checks and raw inputs ---------------------------------------------------


def compute_error(values: dict[str, object], spec: dict[str, object] = CTR) -> EvaluationError:
    with pytest.raises(EvaluationError) as caught:
        compute(spec, values)
    return caught.value


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"clicks": "7", "impressions": "200"}, "3.5"),
        ({"clicks": 7, "impressions": 200}, "3.5"),
        ({"clicks": 7.0, "impressions": "200.0"}, "3.5"),
        ({"clicks": " 1 ", "impressions": "3"}, "33.33333333333333333333333333333333"),
        ({"clicks": "0", "impressions": "5"}, "0"),
        ({"clicks": "5", "impressions": "5"}, "100"),
    ],
)
def test_compute_reads_plain_inputs_and_returns_the_exact_result(
    values: dict[str, object], expected: str
) -> None:
    assert compute(CTR, values) == Decimal(expected)


@pytest.mark.parametrize(
    ("values", "code", "input_id", "detail"),
    [
        ({"impressions": "200"}, "missing_input", "clicks", None),
        ({"clicks": "", "impressions": "200"}, "missing_input", "clicks", None),
        ({"clicks": None, "impressions": "200"}, "missing_input", "clicks", None),
        ({"clicks": "abc", "impressions": "200"}, "not_a_number", "clicks", None),
        ({"clicks": "1,5", "impressions": "200"}, "not_a_number", "clicks", None),
        ({"clicks": "1e3", "impressions": "2000"}, "not_a_number", "clicks", None),
        ({"clicks": "NaN", "impressions": "200"}, "not_a_number", "clicks", None),
        ({"clicks": True, "impressions": "200"}, "not_a_number", "clicks", None),
        ({"clicks": [7], "impressions": "200"}, "not_a_number", "clicks", None),
        (
            {"clicks": "-1", "impressions": "200"},
            "below_min",
            "clicks",
            {"bound": "0", "input": None},
        ),
        (
            {"clicks": "-0.5", "impressions": "-1"},
            "below_min",
            "clicks",
            {"bound": "0", "input": None},
        ),
        (
            {"clicks": "300", "impressions": "200"},
            "above_max",
            "clicks",
            {"bound": "200", "input": "impressions"},
        ),
        # A whole that is wrong on its own gets its own message, not the part.
        ({"clicks": "7", "impressions": "0"}, "zero_division", "impressions", "impressions"),
        (
            {"clicks": "7", "impressions": "-1"},
            "below_min",
            "impressions",
            {"bound": "0", "input": None},
        ),
        ({"clicks": "0", "impressions": "0"}, "zero_division", "impressions", "impressions"),
    ],
)
def test_compute_names_the_input_of_the_first_problem(
    values: dict[str, object], code: str, input_id: str, detail: object
) -> None:
    error = compute_error(values)
    assert (error.code, error.input, error.detail) == (code, input_id, detail)


def test_a_failed_check_names_its_index_and_the_first_input_in_the_rule() -> None:
    spec = {
        "expression": "100 * (whole - part) / whole",
        "inputs": [{"id": "whole"}, {"id": "part"}],
        "checks": [{"rule": "whole > 0"}, {"rule": "part <= whole"}],
    }
    assert compute(spec, {"whole": "80", "part": "20"}) == Decimal(75)
    first = compute_error({"whole": "0", "part": "0"}, spec)
    assert (first.code, first.input, first.detail) == ("check_failed", "whole", 0)
    second = compute_error({"whole": "10", "part": "20"}, spec)
    assert (second.code, second.input, second.detail) == ("check_failed", "whole", 1)


def test_rules_between_inputs_wait_until_each_input_is_valid_on_its_own() -> None:
    """A part larger than its whole is only reported once the whole itself is acceptable."""
    spec = {
        "expression": "100 * part / whole",
        "inputs": [{"id": "part", "max": "whole"}, {"id": "whole", "min": "1", "max": "1000"}],
        "checks": [{"rule": "part <= whole"}, {"rule": "whole != 13"}],
    }
    cases = [
        ({"part": "50", "whole": "2000"}, ("above_max", "whole", 1000)),
        ({"part": "50", "whole": "0.5"}, ("below_min", "whole", 1)),
        ({"part": "50", "whole": "13"}, ("check_failed", "whole", 1)),
        ({"part": "50", "whole": "20"}, ("above_max", "part", 20)),
    ]
    for values, (code, input_id, bound) in cases:
        error = compute_error(values, spec)
        detail = error.detail["bound"] if isinstance(error.detail, dict) else error.detail
        assert (error.code, error.input, Decimal(detail)) == (code, input_id, bound)


# --- plain numbers in and out -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("-3", "-3"),
        ("+3", "3"),
        (".5", "0.5"),
        ("5.", "5"),
        (7, "7"),
        (0.1, "0.1"),
        (" 42 ", "42"),
    ],
)
def test_parse_plain_number_reads_plain_decimals(text: object, expected: str) -> None:
    assert parse_plain_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1,5", "1 000", "1e5", "NaN", "Infinity", "", ".", "--1", True])
def test_parse_plain_number_refuses_everything_else(text: object) -> None:
    with pytest.raises(ValueError):
        parse_plain_number(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1E+3", "1000"),
        ("1E+20", "100000000000000000000"),
        ("3.50", "3.5"),
        ("-0", "0"),
        ("0.000", "0"),
        ("1E-7", "0.0000001"),
        ("1267650600228229401496703205376", "1267650600228229401496703205376"),
    ],
)
def test_plain_writes_every_digit_without_exponent(value: str, expected: str) -> None:
    assert plain(Decimal(value)) == expected


# --- run_json: the browser's entry point ------------------------------------------------------


FORMULAS = {"ctr": CTR}


def run(values_json: str, kpi_id: str = "ctr") -> dict[str, object]:
    return json.loads(run_json(FORMULAS, kpi_id, values_json))


def test_run_json_returns_the_plain_value() -> None:
    assert run('{"clicks": "7", "impressions": "200"}') == {"ok": True, "value": "3.5"}
    assert run('{"clicks": "1", "impressions": "3"}') == {
        "ok": True,
        "value": "33.33333333333333333333333333333333",
    }


def test_run_json_never_uses_exponent_notation() -> None:
    formulas = {"big": {"expression": "a * b", "inputs": [{"id": "a"}, {"id": "b"}]}}
    answer = json.loads(run_json(formulas, "big", '{"a": "10000000000", "b": "10000000000"}'))
    assert answer == {"ok": True, "value": "100000000000000000000"}


@pytest.mark.parametrize(
    ("values_json", "kpi_id", "error"),
    [
        ("{}", "ctr", {"code": "missing_input", "input": "clicks", "detail": None}),
        (
            '{"clicks": "x", "impressions": "1"}',
            "ctr",
            {"code": "not_a_number", "input": "clicks", "detail": None},
        ),
        (
            '{"clicks": {}, "impressions": "1"}',
            "ctr",
            {"code": "not_a_number", "input": "clicks", "detail": None},
        ),
        (
            '{"clicks": "0", "impressions": "0"}',
            "ctr",
            {"code": "zero_division", "input": "impressions", "detail": "impressions"},
        ),
        (
            '{"clicks": "3", "impressions": "2"}',
            "ctr",
            {
                "code": "above_max",
                "input": "clicks",
                "detail": {"bound": "2", "input": "impressions"},
            },
        ),
        ("{}", "cac", {"code": "unknown_kpi", "input": None, "detail": None}),
        (
            "not json",
            "ctr",
            {
                "code": "not_a_number",
                "input": None,
                "detail": "expected a JSON object of input values",
            },
        ),
        (
            "[1, 2]",
            "ctr",
            {
                "code": "not_a_number",
                "input": None,
                "detail": "expected a JSON object of input values",
            },
        ),
        (
            "null",
            "ctr",
            {
                "code": "not_a_number",
                "input": None,
                "detail": "expected a JSON object of input values",
            },
        ),
        (
            '"7"',
            "ctr",
            {
                "code": "not_a_number",
                "input": None,
                "detail": "expected a JSON object of input values",
            },
        ),
    ],
)
def test_run_json_answers_bad_input_with_an_error_object(
    values_json: str, kpi_id: str, error: dict[str, object]
) -> None:
    assert run(values_json, kpi_id) == {"ok": False, "error": error}


def test_run_json_names_the_input_that_is_an_exponent_beyond_100() -> None:
    """The calculator puts this message at the field, as for a divisor that is 0."""
    growth = {
        "expression": "a * (1 + r / 100) ** years",
        "inputs": [{"id": n} for n in "a r years".split()],
    }
    values = {"a": "1000", "r": "5", "years": "101"}
    answer = json.loads(run_json({"growth": growth}, "growth", json.dumps(values)))
    detail = {"exponent": "years", "value": "101", "bound": "100"}
    error = {"code": "exponent_too_large", "input": "years", "detail": detail}
    assert answer == {"ok": False, "error": error}


def test_run_json_turns_an_unroundable_result_into_an_error() -> None:
    formulas = {"r": {"expression": "round(a * a * a)", "inputs": [{"id": "a"}]}}
    answer = json.loads(run_json(formulas, "r", json.dumps({"a": "9" * 14})))
    assert answer == {
        "ok": False,
        "error": {"code": "too_large", "input": None, "detail": "round(a * a * a)"},
    }


@pytest.mark.parametrize("value", ["1" + "0" * 15, "-" + "9" * 16, "9" * 400 + ".5"])
def test_an_input_of_more_than_15_digits_before_the_point_is_refused(value: str) -> None:
    formulas = {"r": {"expression": "a + 1", "inputs": [{"id": "a"}]}}
    answer = json.loads(run_json(formulas, "r", json.dumps({"a": value})))
    assert answer == {
        "ok": False,
        "error": {"code": "too_many_digits", "input": "a", "detail": 15},
    }


def test_an_input_of_15_digits_and_decimals_is_taken_exactly() -> None:
    formulas = {"r": {"expression": "a * b", "inputs": [{"id": "a"}, {"id": "b"}]}}
    answer = json.loads(run_json(formulas, "r", json.dumps({"a": "9" * 15 + ".99", "b": "9" * 15})))
    # (10^15 - 0.01) * (10^15 - 1) = 10^30 - 1.01 * 10^15 + 0.01, to the last digit
    assert answer == {"ok": True, "value": "999999999999998990000000000000.01"}


def test_the_module_needs_only_the_standard_library() -> None:
    source = formula.__file__
    with open(source, encoding="utf-8") as handle:
        imports = [line for line in handle if line.startswith(("import ", "from "))]
    modules = {line.split()[1].split(".")[0] for line in imports}
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}
    assert not modules & {"os", "subprocess", "importlib", "builtins", "io", "sys"}

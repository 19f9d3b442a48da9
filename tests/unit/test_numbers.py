"""Numbers as people type them (parse_number) and as the handbook shows them (format_*).

The cases follow tests/js/numbers.test.mjs and tests/js/format.test.mjs, so the CLI and the pages
read and write numbers the same way the calculators in the browser do.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.numbers import (
    NumberInputError,
    format_input,
    format_value,
    other_grouping,
    parse_number,
)

NBSP = "\u00a0"
MINUS = "\u2212"
UNITS = [
    "currency",
    "percent",
    "percentage_points",
    "ratio",
    "score",
    "days",
    "seconds",
    "count",
    "number",
    "index",
    "years",
]

# --- parse_number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0,5", "0.5"),
        ("1.234,56", "1234.56"),
        ("1 234,56", "1234.56"),
        (f"1{NBSP}234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1 234.56", "1234.56"),
        ("€ 1.250", "1250"),
        ("€1.250,50", "1250.5"),
        ("1.250 €", "1250"),
        ("12,5%", "12.5"),
        ("12,5 %", "12.5"),
        ("12.5%", "12.5"),
        ("1.250", "1250"),
        ("1,250", "1.25"),
        ("1.234.567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("1 234 567", "1234567"),
        ("1.2345", "1.2345"),
        ("0.500", "0.5"),
        ("0,500", "0.5"),
        (",5", "0.5"),
        ("12,", "12"),
        ("007", "7"),
        ("-5", "-5"),
        (f"{MINUS}5", "-5"),
        ("+5", "5"),
        ("- 12,5", "-12.5"),
        ("€ -1.250", "-1250"),
        ("-€ 1.250", "-1250"),
        ("  42  ", "42"),
        ("99999999999999999999999", "99999999999999999999999"),
    ],
)
def test_dutch_input_is_read_as_a_dutch_reader_means_it(text: str, expected: str) -> None:
    assert parse_number(text, "nl") == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0,5", "0.5"),
        ("1234.56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1,250", "1250"),
        ("1.250", "1.25"),
        ("€ 1,250", "1250"),
        ("€ 1.250", "1.25"),
        ("1,234,567.89", "1234567.89"),
        ("1234.567", "1234.567"),
        ("12.5%", "12.5"),
    ],
)
def test_english_input_swaps_the_roles_of_point_and_comma(text: str, expected: str) -> None:
    assert parse_number(text, "en") == Decimal(expected)


REJECTED = [
    "",
    "   ",
    "abc",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e5",
    "1E5",
    "2e-3",
    "0x10",
    "1/2",
    "½",
    "1_000",
    "--5",
    "+-5",
    "5-",
    "(5)",
    "$5",
    "1,234.5,6",
    "1.23.4",
    "1,2,3",
    "1,,5",
    "1..5",
    "12 34",
    "1 2 3",
    "1.234 567",
    ",",
    ".",
    "-",
    "€",
    "%",
    "€ 5%",
    "5 €5",
    "€€5",
    "5%%",
    "٣",
    "１２",
    "12 abc",
    "1.2.3,4",
]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("text", REJECTED)
def test_text_that_is_not_one_number_is_refused(text: str, lang: str) -> None:
    with pytest.raises(NumberInputError) as caught:
        parse_number(text, lang)
    assert str(caught.value) in (f"not a number: {text!r}", f"ambiguous number: {text!r}")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("1,234.56", "nl"),  # English grouping on a Dutch page
        ("1.234,56", "en"),  # Dutch grouping on an English page
        ("€1.250,50", "en"),
        ("1234.567", "nl"),  # 1234,567 or 1.234.567?
        ("1234,567", "en"),
    ],
)
def test_a_number_that_reads_two_ways_is_called_ambiguous(text: str, lang: str) -> None:
    with pytest.raises(NumberInputError, match=r"^ambiguous number: "):
        parse_number(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "value", "grouped"),
    [
        ("12,500", "nl", "12.5", "12500"),
        ("1,250", "nl", "1.25", "1250"),
        ("€ 1,250", "nl", "1.25", "1250"),
        ("-1,000", "nl", "-1", "-1000"),
        ("12.500", "en", "12.5", "12500"),
        ("€1.250", "en", "1.25", "1250"),
        ("0,500", "nl", "0.5", None),
        ("1234,567", "nl", "1234.567", None),
        ("12,5", "nl", "12.5", None),
        ("12,50", "nl", "12.5", None),
        ("1.250", "nl", "1250", None),
        ("12,500", "en", "12500", None),
        ("1.250,500", "nl", "1250.5", None),
    ],
)
def test_a_decimal_mark_before_three_digits_is_read_as_decimal_and_flagged(
    text: str, lang: str, value: str, grouped: str | None
) -> None:
    """As in tests/js/numbers.test.mjs: the browser asks "did you mean 12.500?" for these."""
    assert parse_number(text, lang) == Decimal(value)
    assert other_grouping(text, lang) == (None if grouped is None else Decimal(grouped))


def test_other_grouping_of_text_that_is_no_number_is_none() -> None:
    assert other_grouping("abc", "nl") is None
    assert other_grouping("", "en") is None


@pytest.mark.parametrize(
    ("text", "lang", "minimum", "maximum", "grouped"),
    [
        ("12,500", "nl", Decimal(0), Decimal(100), None),
        ("12.500", "en", None, Decimal(100), None),
        ("-1,000", "nl", Decimal(0), None, None),
        ("1,250", "nl", Decimal(0), Decimal(1250), "1250"),
        ("1.250", "en", Decimal(-5), None, "1250"),
        ("2,000", "nl", None, None, "2000"),
    ],
)
def test_the_other_grouping_is_only_named_within_the_fields_bounds(
    text: str, lang: str, minimum: Decimal | None, maximum: Decimal | None, grouped: str | None
) -> None:
    """As in tests/js/numbers.test.mjs: no "did you mean 12.500%?" where 100% is the most."""
    found = other_grouping(text, lang, minimum=minimum, maximum=maximum)
    assert found == (None if grouped is None else Decimal(grouped))


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("2,5", "nl", "not a whole number: '2,5'"),
        ("2.5", "en", "not a whole number: '2.5'"),
        ("12,500", "nl", "not a whole number: '12,500' (or 12500 grouped the other way)"),
        ("1,000", "nl", "not a whole number: '1,000' (or 1000 grouped the other way)"),
        ("2.000", "en", "not a whole number: '2.000' (or 2000 grouped the other way)"),
    ],
)
def test_a_count_takes_whole_numbers_only(text: str, lang: str, message: str) -> None:
    with pytest.raises(NumberInputError) as caught:
        parse_number(text, lang, "count")
    assert str(caught.value) == message
    assert parse_number(text, lang) == parse_number(text, lang, "number")


def test_a_count_accepts_whole_numbers_however_written() -> None:
    assert parse_number("1.250", "nl", "count") == Decimal(1250)
    assert parse_number("7,0", "nl", "count") == Decimal(7)
    assert parse_number("0,000", "nl", "count") == Decimal(0)
    assert parse_number("1.000", "nl", "count") == Decimal(1000)


def test_refusals_outnumber_twenty_forms() -> None:
    assert len(REJECTED) >= 20


# --- format_value -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "nl", "en"),
    [
        ("currency", f"€{NBSP}1.234,50", "€1,234.50"),
        ("percent", "1.234,5%", "1,234.5%"),
        ("percentage_points", f"+1.234,5{NBSP}pp", f"+1,234.5{NBSP}pp"),
        ("ratio", "1.234,5×", "1,234.5×"),
        ("score", "+1.234,5", "+1,234.5"),
        ("days", f"1.234,5{NBSP}dagen", f"1,234.5{NBSP}days"),
        ("seconds", f"1.234,5{NBSP}s", f"1,234.5{NBSP}s"),
        ("count", "1.234,5", "1,234.5"),
        ("number", "1.234,5", "1,234.5"),
        ("index", "1.234,5", "1,234.5"),
        ("years", f"1.234,5{NBSP}jaar", f"1,234.5{NBSP}years"),
    ],
)
def test_every_unit_is_formatted_per_language(unit: str, nl: str, en: str) -> None:
    assert format_value(Decimal("1234.5"), unit, "nl") == nl
    assert format_value(Decimal("1234.5"), unit, "en") == en


def test_the_table_above_covers_every_catalog_unit() -> None:
    from generator.loader import schema

    assert UNITS == schema()["$defs"]["unit"]["enum"]


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        ("3.125", "number", "nl", "3,13"),
        ("3.125", "number", "en", "3.13"),
        ("3.135", "number", "nl", "3,14"),
        ("2.675", "number", "nl", "2,68"),  # a binary float would show 2,67
        ("-3.125", "number", "nl", f"{MINUS}3,13"),
        ("0.005", "percent", "nl", "0,01%"),
        ("1.005", "currency", "nl", f"€{NBSP}1,01"),
        ("1.004", "currency", "nl", f"€{NBSP}1,00"),
        ("37.5", "percent", "nl", "37,5%"),
        ("3.2", "ratio", "nl", "3,2×"),
        ("12", "count", "nl", "12"),
    ],
)
def test_rounding_is_half_up_to_two_decimals(
    value: str, unit: str, lang: str, expected: str
) -> None:
    assert format_value(Decimal(value), unit, lang) == expected


def test_two_euro_cents_halved_round_up_to_one_euro_one() -> None:
    assert format_value(Decimal("2.01") / 2, "currency", "nl") == f"€{NBSP}1,01"
    assert format_value(Decimal("2.01") / 2, "currency", "en") == "€1.01"


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        ("1E+20", "count", "nl", "100.000.000.000.000.000.000"),
        ("1E+20", "count", "en", "100,000,000,000,000,000,000"),
        ("1E+20", "currency", "nl", f"€{NBSP}100.000.000.000.000.000.000,00"),
        ("1E+20", "percent", "en", "100,000,000,000,000,000,000%"),
        ("1E+30", "number", "en", "1" + ",000" * 10),
        ("1E-7", "number", "nl", f"<{NBSP}0,01"),  # not 0: see the test below
    ],
)
def test_large_and_tiny_values_are_written_out_without_exponent(
    value: str, unit: str, lang: str, expected: str
) -> None:
    text = format_value(Decimal(value), unit, lang)
    assert text == expected
    assert "E" not in text and "e+" not in text


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        ("11.36", "score", "nl", "+11,36"),
        ("11.36", "score", "en", "+11.36"),
        ("-5", "score", "nl", f"{MINUS}5"),
        ("-5", "score", "en", f"{MINUS}5"),
        ("0", "score", "nl", "0"),
        ("-0.001", "score", "nl", f">{NBSP}{MINUS}0,01"),
        ("0.004", "score", "en", f"<{NBSP}+0.01"),
        ("1.5", "percentage_points", "nl", f"+1,5{NBSP}pp"),
        ("-1.5", "percentage_points", "en", f"{MINUS}1.5{NBSP}pp"),
        ("0", "percentage_points", "nl", f"0{NBSP}pp"),
    ],
)
def test_scores_and_point_changes_carry_a_sign_except_at_zero(
    value: str, unit: str, lang: str, expected: str
) -> None:
    assert format_value(Decimal(value), unit, lang) == expected


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        ("-5", "currency", "nl", f"€{NBSP}{MINUS}5,00"),
        ("-5", "currency", "en", f"{MINUS}€5.00"),
        ("-12.5", "percent", "nl", f"{MINUS}12,5%"),
        ("-0.001", "count", "nl", f">{NBSP}{MINUS}0,01"),
        ("-0.001", "currency", "en", f">{NBSP}{MINUS}€0.01"),
        ("-0.004", "days", "nl", f">{NBSP}{MINUS}0,01{NBSP}dagen"),
    ],
)
def test_negative_values_use_a_true_minus_and_never_show_minus_zero(
    value: str, unit: str, lang: str, expected: str
) -> None:
    assert format_value(Decimal(value), unit, lang) == expected


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        ("1", "days", "nl", f"1{NBSP}dag"),
        ("1", "days", "en", f"1{NBSP}day"),
        ("1.001", "days", "nl", f"1{NBSP}dag"),
        ("-1", "days", "en", f"{MINUS}1{NBSP}day"),
        ("1.5", "days", "nl", f"1,5{NBSP}dagen"),
        ("2", "days", "en", f"2{NBSP}days"),
        ("1", "years", "en", f"1{NBSP}year"),
        ("1", "years", "nl", f"1{NBSP}jaar"),
        ("3", "years", "nl", f"3{NBSP}jaar"),
    ],
)
def test_unit_words_agree_with_the_number_shown(
    value: str, unit: str, lang: str, expected: str
) -> None:
    assert format_value(Decimal(value), unit, lang) == expected


# --- format_input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        ("42000", "currency", "nl", f"€{NBSP}42.000"),
        ("42000", "currency", "en", "€42,000"),
        ("42000.00", "currency", "nl", f"€{NBSP}42.000"),
        ("12000.5", "currency", "nl", f"€{NBSP}12.000,50"),
        ("24.9", "currency", "en", "€24.90"),
        ("0.125", "currency", "nl", f"€{NBSP}0,125"),
        ("-5", "currency", "en", f"{MINUS}€5"),
        ("1E+20", "currency", "nl", f"€{NBSP}100.000.000.000.000.000.000"),
        ("0.125", "number", "nl", "0,125"),
        ("0.125", "number", "en", "0.125"),
        ("1234.5678", "count", "nl", "1.234,5678"),
        ("12.5", "percent", "nl", "12,5%"),
        ("5", "score", "nl", "5"),
        ("-5", "score", "en", f"{MINUS}5"),
        ("30", "days", "nl", f"30{NBSP}dagen"),
        ("1", "days", "en", f"1{NBSP}day"),
        ("4", "years", "nl", f"4{NBSP}jaar"),
    ],
)
def test_inputs_keep_their_decimals_and_whole_amounts_lose_their_cents(
    value: str, unit: str, lang: str, expected: str
) -> None:
    """As ``formatInput`` in format.js writes the user's numbers (tests/js/format.test.mjs)."""
    assert format_input(Decimal(value), unit, lang) == expected


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        ("0.00104", "ratio", "nl", "<\u00a00,01×"),
        ("-0.004", "currency", "en", ">\u00a0−€0.01"),
        ("0.0049999", "percent", "nl", "<\u00a00,01%"),
        ("0.005", "ratio", "nl", "0,01×"),
        ("0.000", "ratio", "nl", "0×"),
    ],
)
def test_a_result_that_is_not_0_never_shows_as_0(
    value: str, unit: str, lang: str, expected: str
) -> None:
    """A ROAS of 0,001 is no ROAS of 0: it reads "< 0,01×", as in the calculator."""
    assert format_value(Decimal(value), unit, lang) == expected

"""Numbers as a careful analyst writes them down, per language, with Babel (CLDR data).

Rounding happens here only, half-up on the decimal value: 3.125 shows as 3,13 and 2.01 / 2 as
€ 1,01. The browser does the same with ``Intl.NumberFormat``; tests hold both to the same cases.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
#: Unit symbols; words and "pp" follow a no-break space (as in ``€ 12``) so they never wrap away.
UNIT_SUFFIX = {"percent": "%", "percentage_points": "\u00a0pp", "ratio": "×", "seconds": "\u00a0s"}
#: Unit words as (one, other), like the browser's ``Intl.PluralRules`` choice.
UNIT_WORDS = {
    "nl": {"days": ("dag", "dagen"), "years": ("jaar", "jaar")},
    "en": {"days": ("day", "days"), "years": ("year", "years")},
}
#: A true minus sign, as the browser shows: read as "minus" and as wide as "+".
MINUS = "\u2212"
#: Decimals a result is shown with, in every unit: on the page, in its worked example and in the
#: calculator (``format.js``). A worked example is checked to this precision.
RESULT_PLACES = 2


def round_half_up(value: Decimal, places: int = RESULT_PLACES) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals, however many digits it has."""
    with localcontext() as context:
        context.prec = max(context.prec, value.adjusted() + places + 2)
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_value(value: Decimal, unit: str, lang: str) -> str:
    """Format a result or input for display, e.g. ``€ 1.234,50``, ``37,5%``, ``+11``, ``3,2×``.

    A value that is not 0 but shows as 0 with 2 decimals reads ``< 0,01`` (``> −0,01``), as in
    the calculator (``formatResult`` in ``format.js``).
    """
    locale = LOCALES[lang]
    rounded = round_half_up(value)
    if rounded == 0 and value != 0:
        bound = format_value(Decimal("0.01") if value > 0 else Decimal("-0.01"), unit, lang)
        return f"{'<' if value > 0 else '>'}\u00a0{bound}"
    if rounded == 0:
        rounded = abs(rounded)  # -0.001 shows as 0, not -0
    signed = unit in ("score", "percentage_points") and rounded != 0
    # Babel quantizes in the current context: give it room for every digit of a large value.
    with localcontext() as context:
        context.prec = max(context.prec, rounded.adjusted() + 4)
        if unit == "currency":
            text = format_currency(rounded, "EUR", locale=locale)
        else:
            pattern = "+#,##0.##;-#,##0.##" if signed else "#,##0.##"
            text = format_decimal(rounded, format=pattern, locale=locale)
    return _with_unit(text, rounded, unit, lang)


def format_input(value: Decimal, unit: str, lang: str) -> str:
    """Format a number as it was entered, e.g. ``€ 42.000``, ``€ 24,90``, ``0,125``, ``12,5%``.

    Every decimal stays and no sign is added; a whole amount of money shows without cents. So
    the calculator writes the user's numbers (``formatInput`` in ``format.js``), and so the
    worked example on the page writes its inputs.
    """
    locale = LOCALES[lang]
    value = abs(value) if value == 0 else value  # -0 shows as 0
    digits = len(value.as_tuple().digits) + max(value.adjusted(), 0)
    with localcontext() as context:
        context.prec = max(context.prec, digits + 4)  # as in format_value: room for every digit
        if unit == "currency" and value == value.to_integral_value():
            pattern = _whole_amounts(locale)
            text = format_currency(value, "EUR", pattern, locale, currency_digits=False)
        elif unit == "currency":
            text = format_currency(value, "EUR", locale=locale, decimal_quantization=False)
        else:
            text = format_decimal(value, locale=locale, decimal_quantization=False)
    return _with_unit(text, value, unit, lang)


@cache
def _whole_amounts(locale: str) -> str:
    """The locale's currency pattern without cents: ``¤ #,##0`` for ``¤ #,##0.00``."""
    return Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")


def _with_unit(text: str, shown: Decimal, unit: str, lang: str) -> str:
    """A formatted number with a true minus and its unit's symbol or word ("dag" for 1)."""
    text = text.replace("-", MINUS)
    if unit in UNIT_WORDS[lang]:
        one, other = UNIT_WORDS[lang][unit]
        return f"{text}\u00a0{one if abs(shown) == 1 else other}"
    return text + UNIT_SUFFIX.get(unit, "")


class NumberInputError(ValueError):
    """Text that is not one unambiguous number."""


_SPACE_LIKE = re.compile(r"[ \u00a0\u2007\u2009\u202f]+")
_SIGN = re.compile(r"([+\-\u2212])\s*")
#: ASCII digits only: Decimal would also read "١٢" or "１２", which no one types by mistake.
#: Digits, marks and spaces, at least one digit; the lookahead keeps it linear on long text.
_DIGITS_AND_MARKS = re.compile(r"(?=[^0-9]*[0-9])[0-9., ]*")
_GROUP_HEAD = re.compile(r"[1-9][0-9]{0,2}")
_GROUP = re.compile(r"[0-9]{3}")
#: One mark between a thousands group's head and three digits: "12,500", "1.250".
_OTHER_GROUPING = re.compile(r"([1-9][0-9]{0,2})([.,])([0-9]{3})")


def parse_number(text: str, lang: str = "nl", unit: str = "number") -> Decimal:
    """Read a number typed by a person: ``0,5``, ``1.234,56``, ``1 234,56``, ``€ 1.250``, ``12,5%``.

    The same rules as the calculators in the browser (``numbers.js``): in Dutch the comma is the
    decimal sign and a dot followed by exactly three digits groups thousands; in English the other
    way round. Spaces group thousands. Anything ambiguous or not numeric raises
    :class:`NumberInputError`, and so does a fraction for the unit ``count``. ``12,500`` in Dutch
    is read as 12.5; :func:`other_grouping` tells whether a text may have meant something else.
    A count refuses such a text even when it reads as a whole number: ``1,000`` customers is one
    customer only to the parser, 1000 to whoever typed it.
    """
    negative, body = _signed_body(text)
    integer, fraction = _split_decimal(body, lang, text)
    value = Decimal(f"{negative}{integer or '0'}.{fraction or '0'}")
    if unit == "count":
        also = other_grouping(text, lang)
        if also is not None or value != value.to_integral_value():
            hint = f" (or {also} grouped the other way)" if also is not None else ""
            raise NumberInputError(f"not a whole number: {_quoted(text)}{hint}")
    return value


def other_grouping(
    text: str,
    lang: str = "nl",
    *,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
) -> Decimal | None:
    """The value of ``text`` if its one mark groups thousands the other language's way.

    ``12,500`` in Dutch reads as 12,5, but an English habit writes 12500 so; the browser shows
    "did you mean 12.500?" beside such a field. None for any other text (``0,500``, ``1.250``),
    and when that value lies outside ``minimum`` and ``maximum`` (both included): a field that
    takes at most 100% never suggests 12.500%.
    """
    try:
        negative, body = _signed_body(text)
    except NumberInputError:
        return None
    decimal_mark = "." if lang == "en" else ","
    match = _OTHER_GROUPING.fullmatch(body)
    if match is None or match[2] != decimal_mark:
        return None
    value = Decimal(f"{negative}{match[1]}{match[3]}")
    below = minimum is not None and value < minimum
    above = maximum is not None and value > maximum
    return None if below or above else value


def _quoted(text: str, most: int = 40) -> str:
    """The text a message is about, quoted, and cut short when it is long."""
    return repr(text if len(text) <= most else text[: most - 1] + "…")


def _signed_body(text: str) -> tuple[str, str]:
    """``("-", "1.250")`` for ``"- € 1.250"``: the sign and the digits with their marks."""
    cleaned = _SPACE_LIKE.sub(" ", text).strip()
    unsigned = re.sub(r"^([+\-\u2212]?)\s*€\s*", r"\1", cleaned)
    if unsigned == cleaned:
        unsigned = re.sub(r"\s*€$", "", cleaned)
    if unsigned == cleaned:
        unsigned = re.sub(r"\s*%$", "", cleaned)
    sign = _SIGN.match(unsigned)
    body = unsigned[sign.end() :] if sign else unsigned
    if _SIGN.match(body) or not _DIGITS_AND_MARKS.fullmatch(body):
        raise NumberInputError(f"not a number: {_quoted(text)}")
    return ("-" if sign and sign.group(1) != "+" else ""), body.strip()


def _split_decimal(body: str, lang: str, text: str) -> tuple[str, str]:
    """The integer and fraction digits, deciding which mark (if any) is the decimal one."""
    decimal_mark, group_mark = (".", ",") if lang == "en" else (",", ".")
    runs = re.split(r"[., ]", body)
    marks = re.sub(r"[0-9]+", "", body)
    if marks.count(decimal_mark) > 1:
        raise NumberInputError(f"not a number: {_quoted(text)}")
    if marks.count(decimal_mark) == 1:
        if marks[-1] != decimal_mark:  # "1,234.5" on nl: the other language's way
            raise NumberInputError(f"ambiguous number: {_quoted(text)}")
        return _whole(runs[:-1], marks[:-1], text), runs[-1]
    groups = marks.count(group_mark)
    if groups == 0 or (set(marks) == {group_mark} and _grouped(runs)):
        return _whole(runs, marks, text), ""
    if groups == 1 and marks[-1] == group_mark:
        # A lone group mark that cannot group thousands is a decimal point ("1234.56"), unless
        # three digits follow it after a non-zero integer ("1234.567"): that reads both ways.
        if len(runs[-1]) == 3 and re.search("[1-9]", "".join(runs[:-1])):
            raise NumberInputError(f"ambiguous number: {_quoted(text)}")
        return _whole(runs[:-1], marks[:-1], text), runs[-1]
    raise NumberInputError(f"not a number: {_quoted(text)}")


def _whole(runs: list[str], marks: str, text: str) -> str:
    """The integer digits when every mark groups thousands: one kind of mark, groups of three."""
    if not marks:
        return runs[0]
    if len(set(marks)) == 1 and _grouped(runs):
        return "".join(runs)
    raise NumberInputError(f"not a number: {_quoted(text)}")


def _grouped(runs: list[str]) -> bool:
    return bool(_GROUP_HEAD.fullmatch(runs[0])) and all(_GROUP.fullmatch(run) for run in runs[1:])

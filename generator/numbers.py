"""Numbers as a careful analyst writes them down, per language, with Babel (CLDR data).

Rounding happens here only, half-up on the decimal value: 3.125 shows as 3,13 and 2.01 / 2 as
€ 1,01. The browser does the same with ``Intl.NumberFormat``; tests hold both to the same cases.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
UNIT_SUFFIX = {
    "nl": {"percent": "%", "percentage_points": " pp", "ratio": "×", "days": " dagen",
           "seconds": " s", "years": " jaar"},
    "en": {"percent": "%", "percentage_points": " pp", "ratio": "×", "days": " days",
           "seconds": " s", "years": " years"},
}


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_value(value: Decimal, unit: str, lang: str) -> str:
    """Format a result or input for display, e.g. ``€ 1.234,50``, ``37,5%``, ``+11``, ``3,2×``."""
    locale = LOCALES[lang]
    rounded = round_half_up(value)
    if unit == "currency":
        return format_currency(rounded, "EUR", locale=locale)
    pattern = "+#,##0.##;-#,##0.##" if unit in ("score", "percentage_points") else "#,##0.##"
    text = format_decimal(rounded, format=pattern, locale=locale)
    if unit in ("score", "percentage_points") and rounded == 0:
        text = text.lstrip("+-")
    return text + UNIT_SUFFIX[lang].get(unit, "")


class NumberInputError(ValueError):
    """Text that is not one unambiguous number."""


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_DIGITS_ONLY = re.compile(r"\d+")


def parse_number(text: str, lang: str = "nl") -> Decimal:
    """Read a number typed by a person: ``0,5``, ``1.234,56``, ``1 234,56``, ``€ 1.250``, ``12,5%``.

    The same rules as the calculators in the browser (``numbers.js``): in Dutch the comma is the
    decimal sign and a dot followed by exactly three digits groups thousands; in English the other
    way round. Anything ambiguous or not numeric raises :class:`NumberInputError`.
    """
    cleaned = text.strip().removeprefix("€").removesuffix("%").translate(_SPACES)
    sign = ""
    if cleaned and cleaned[0] in "+-−":
        sign, cleaned = ("-" if cleaned[0] in "-−" else ""), cleaned[1:]
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned):
        raise NumberInputError(f"not a number: {text!r}")
    decimal_sign, group_sign = (",", ".") if lang == "nl" else (".", ",")
    if "," in cleaned and "." in cleaned:
        decimal_sign = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group_sign = "." if decimal_sign == "," else ","
    elif cleaned.count(group_sign) == 1 and not _groups_ok(cleaned.split(group_sign)):
        decimal_sign, group_sign = group_sign, decimal_sign  # "1234.56" on the Dutch site
    whole, _, fraction = cleaned.partition(decimal_sign)
    if decimal_sign in fraction or group_sign in fraction:
        raise NumberInputError(f"ambiguous number: {text!r}")
    if group_sign in whole and not _groups_ok(whole.split(group_sign)):
        raise NumberInputError(f"ambiguous number: {text!r}")
    digits = whole.replace(group_sign, "")
    if not digits and not fraction:
        raise NumberInputError(f"not a number: {text!r}")
    return Decimal(f"{sign}{digits or '0'}.{fraction or '0'}")


def _groups_ok(groups: list[str]) -> bool:
    head, *rest = groups
    return (
        bool(rest)
        and 1 <= len(head) <= 3
        and all(len(group) == 3 and _DIGITS_ONLY.fullmatch(group) for group in rest)
    )

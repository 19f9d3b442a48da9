"""The catalog's formula language: a small, checked subset of Python expressions.

A formula is parsed once with :mod:`ast`, every node is checked against an allow-list, and the
checked tree is evaluated by a tiny interpreter in :class:`~decimal.Decimal` arithmetic. Nothing is
ever passed to ``eval`` or ``exec``: a catalog cannot run code on a build machine or in a browser.

This module depends on the standard library only: the build copies it unchanged into the formula
module that Pyodide imports, so CPython (CLI, tests) and the browser run the same interpreter.
"""

from __future__ import annotations

import ast
import json
import keyword
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    getcontext,
    localcontext,
)
from typing import Any, cast

__all__ = [
    "EvaluationError",
    "Formula",
    "FormulaError",
    "compute",
    "is_reserved",
    "parse",
    "parse_plain_number",
    "plain",
]

#: Functions a formula may call, with their minimum and maximum number of arguments.
FUNCTIONS: dict[str, tuple[int, int]] = {
    "min": (2, 8),
    "max": (2, 8),
    "abs": (1, 1),
    "round": (1, 2),
}
#: Largest absolute exponent for ``**``: enough for growth over years, too small to hang a worker.
MAX_EXPONENT = 100
MAX_SOURCE_LENGTH = 500
#: Largest result shown: far beyond any marketing figure, well inside what a browser can format.
MAX_RESULT = Decimal("1e300")
MAX_NODES = 200
#: Input units that take whole numbers only: half a customer is a typing error.
WHOLE_UNITS = frozenset({"count"})
#: Digits before the decimal point an input may have: more is no figure anyone has, and the
#: product of two such inputs is still exact at PRECISION.
MAX_INPUT_DIGITS = 15
#: Significant digits while computing; see _Interpreter for what happens when they run out.
PRECISION = 34
#: Decimals a result is shown with, as ``numbers.RESULT_PLACES`` and the calculator's format.js.
RESULT_PLACES = 2

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
#: A number as a formula writes it: no hexadecimal, exponent, underscores or leading zeros.
_DECIMAL_LITERAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+")
#: What to type for a character that looks like part of the language but is not ASCII.
_ASCII_FOR = {"×": "*", "÷": "/", "−": "-", "–": "-", "≤": "<=", "≥": ">=", "≠": "!="}
_NAME = re.compile(r"[a-z][a-z0-9_]*")


class FormulaError(ValueError):
    """A formula is not part of the language.

    ``column`` is 0-based within the expression, None when the problem is the expression as a
    whole; ``fragment`` is the offending part, ``fix`` what to write instead when that is known.
    """

    def __init__(
        self, message: str, column: int | None = None, fragment: str = "", fix: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.fragment = fragment
        self.fix = fix


class EvaluationError(ArithmeticError):
    """Inputs that cannot give a trustworthy number.

    ``code`` is one of ``not_a_number``, ``not_whole`` (a fraction for a count),
    ``too_many_digits`` (more than ``MAX_INPUT_DIGITS`` before the decimal point),
    ``missing_input``, ``below_min``, ``above_max``, ``check_failed``, ``zero_division``,
    ``invalid_operation`` (no result, or with the detail ``"uncertain"`` one that rounding could
    tip either way), ``too_large`` (more digits than can be computed or shown exactly),
    ``exponent_too_large`` (its detail holds the ``exponent`` as written, its ``value`` and the
    ``bound`` it passes, "100" or "-100"); ``input`` names the input concerned when there is
    one, ``detail`` holds what a message needs (a bound, a check).
    """

    def __init__(self, code: str, input: str | None = None, detail: Any = None) -> None:
        super().__init__(f"{code}: {input or ''} {detail or ''}".strip())
        self.code = code
        self.input = input
        self.detail = detail

    def as_dict(self) -> dict[str, Any]:
        """The error as JSON-friendly data for the browser and the CLI."""
        return {"code": self.code, "input": self.input, "detail": self.detail}


@dataclass(frozen=True)
class Formula:
    """A checked expression over declared inputs."""

    source: str
    tree: ast.expr
    names: frozenset[str]
    boolean: bool

    def evaluate(self, values: Mapping[str, Decimal]) -> Any:
        """Evaluate with exact decimal inputs; returns a Decimal, or a bool for a rule.

        A Decimal is right to RESULT_PLACES decimals (rounded half up); digits beyond those may
        be rounded, but never those.
        """
        with localcontext(Context(prec=PRECISION, Emax=999_999, Emin=-999_999)) as context:
            context.traps[DivisionByZero] = True
            context.traps[InvalidOperation] = True
            context.traps[Overflow] = True
            interpreter = _Interpreter(values)
            try:
                value = interpreter.run(self.tree)
                if not self.boolean:
                    _check_rounding(value, interpreter.spread_of(self.tree), _SHOWN_UNIT)
            except Overflow:  # of a spread, near the largest exponent
                raise EvaluationError("too_large") from None
            return value


def parse(source: str, names: Iterable[str], *, boolean: bool = False) -> Formula:
    """Parse and check ``source`` against the allow-list.

    Arguments:
        source: the expression as written in the catalog.
        names: the input ids the expression may use.
        boolean: True for a rule between inputs (``a <= b``), False for a formula giving a number.

    Raises:
        FormulaError: with the 0-based column, the offending part of the expression and, where
            known, what to write instead.
    """
    if not isinstance(source, str) or not source.strip():
        raise FormulaError("the expression is empty")
    if len(source) > MAX_SOURCE_LENGTH:
        raise FormulaError(f"the expression is longer than {MAX_SOURCE_LENGTH} characters")
    _check_characters(source.strip())
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as error:
        # An expression cut short ("a +") comes without an offset: point at its end.
        column = error.offset - 1 if error.offset else len(source.strip())
        raise FormulaError(f"not a valid expression ({error.msg})", column) from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise FormulaError(f"the expression has more than {MAX_NODES} parts; split it up")
    checker = _Checker(frozenset(names), source.strip())
    kind = checker.check(tree)
    wanted = "bool" if boolean else "number"
    if kind != wanted:
        what = "a comparison such as `a <= b`" if boolean else "a number, not a comparison"
        raise FormulaError(f"the expression must give {what}", 0, source.strip())
    return Formula(source.strip(), tree, frozenset(checker.used), boolean)


def is_reserved(name: str) -> bool:
    """Whether ``name`` is a word of the language itself (``if``, ``not``), so no input id."""
    return keyword.iskeyword(name)


def _check_characters(source: str) -> None:
    """Refuse what Python would read differently from how it looks: look-alikes and comments.

    Python folds look-alike letters into ASCII ones (a fullwidth ``ｍ`` names the input ``m``)
    and skips a comment, which the catalog would still publish as part of the expression.
    """
    for column, character in enumerate(source):
        if not character.isascii():
            name = unicodedata.name(character, "unnamed")
            raise FormulaError(
                f"only plain ASCII characters are allowed, found `{character}` "
                f"(U+{ord(character):04X} {name})",
                column,
                fix=_ascii_fix(character),
            )
    if "#" in source:
        raise FormulaError(
            "a formula cannot hold a comment, found `#`",
            source.index("#"),
            fix="remove the `#` and the comment after it",
        )


def _ascii_fix(character: str) -> str:
    """What to type instead of a non-ASCII character, when there is an obvious choice."""
    if character.isspace():
        return "type a plain space instead"
    folded = unicodedata.normalize("NFKC", character)
    ascii_form = _ASCII_FOR.get(character) or (folded if folded.isascii() else "")
    return f"write `{ascii_form}` instead" if ascii_form else ""


class _Checker:
    """Walks a parsed tree, rejects every node outside the language, and infers its type."""

    def __init__(self, names: frozenset[str], source: str) -> None:
        self.names = names
        self.source = source
        self.used: set[str] = set()

    def fail(self, node: ast.AST, message: str, fix: str = "") -> FormulaError:
        fragment = ast.get_source_segment(self.source, node) or ""
        return FormulaError(message, getattr(node, "col_offset", 0), fragment, fix)

    def check(self, node: ast.AST) -> str:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise self.fail(node, f"`{_describe(node)}` is not allowed in a formula")
        return method(node)

    def number(self, node: ast.AST) -> None:
        if self.check(node) != "number":
            raise self.fail(node, "a comparison cannot be used as a number here")

    def _Constant(self, node: ast.Constant) -> str:
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise self.fail(node, "only plain numbers are allowed as constants")
        written = ast.get_source_segment(self.source, node) or ""
        if not _DECIMAL_LITERAL.fullmatch(written):
            message = f"`{written}` is not a plain decimal number"
            raise self.fail(node, message, _how_to_write(node.value, written))
        return "number"

    def _Name(self, node: ast.Name) -> str:
        if node.id not in self.names:
            known = ", ".join(sorted(self.names)) or "none"
            raise self.fail(node, f"`{node.id}` is not a declared input (declared: {known})")
        self.used.add(node.id)
        return "number"

    def _BinOp(self, node: ast.BinOp) -> str:
        if type(node.op) not in _BINARY:
            hint = "; write a power as `**`" if isinstance(node.op, ast.BitXor) else ""
            raise self.fail(node, f"the operator in `{_describe(node)}` is not allowed{hint}")
        self.number(node.left)
        self.number(node.right)
        if isinstance(node.op, ast.Pow):
            self.exponent(node)
        return "number"

    def exponent(self, node: ast.BinOp) -> None:
        """Refuse an exponent without inputs that is out of bounds now, not at every example."""
        if any(isinstance(part, ast.Name) for part in ast.walk(node.right)):
            return
        try:
            value = Formula("", node.right, frozenset(), False).evaluate({})
        except EvaluationError:
            return  # what else is wrong with it is said when it is computed
        if value.copy_abs() > MAX_EXPONENT:
            bound = "above the maximum of" if value > 0 else "below the minimum of"
            limit = MAX_EXPONENT if value > 0 else -MAX_EXPONENT
            power = ast.get_source_segment(self.source, node)
            raise self.fail(
                node,
                f"the exponent {_short(value)} in `{power}` is {bound} {limit}",
                f"write an exponent from -{MAX_EXPONENT} to {MAX_EXPONENT}",
            )

    def _UnaryOp(self, node: ast.UnaryOp) -> str:
        if isinstance(node.op, (ast.UAdd, ast.USub)):
            self.number(node.operand)
            return "number"
        if isinstance(node.op, ast.Not):
            if self.check(node.operand) != "bool":
                raise self.fail(node, "`not` needs a comparison")
            return "bool"
        raise self.fail(node, "only `-`, `+` and `not` are allowed before a value")

    def _Compare(self, node: ast.Compare) -> str:
        for operator in node.ops:
            if type(operator) not in _COMPARE:
                raise self.fail(node, "only < <= > >= == != comparisons are allowed")
        for operand in [node.left, *node.comparators]:
            self.number(operand)
        return "bool"

    def _BoolOp(self, node: ast.BoolOp) -> str:
        for value in node.values:
            if self.check(value) != "bool":
                raise self.fail(value, "`and` and `or` combine comparisons only")
        return "bool"

    def _Tuple(self, node: ast.Tuple) -> str:
        # "3,5 * x" parses as a tuple: most likely a decimal comma, so say that.
        raise self.fail(
            node,
            "a comma is only allowed between the arguments of a function; "
            "write decimals with a point, e.g. 3.5",
        )

    def _IfExp(self, node: ast.IfExp) -> str:
        if self.check(node.test) != "bool":
            raise self.fail(node.test, "the condition after `if` must be a comparison")
        self.number(node.body)
        self.number(node.orelse)
        return "number"

    def _Call(self, node: ast.Call) -> str:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            raise self.fail(
                node, f"`{_describe(node.func)}` is not an allowed function ({allowed})"
            )
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise self.fail(node, f"`{name}` takes plain arguments only")
        low, high = FUNCTIONS[name]
        if not low <= len(node.args) <= high:
            count = f"exactly {low} argument" if low == high else f"{low} to {high} arguments"
            raise self.fail(node, f"`{name}` takes {count}")
        for arg in node.args:
            self.number(arg)
        if name == "round" and len(node.args) == 2 and not _is_small_int(node.args[1]):
            raise self.fail(node, "the second argument of `round` must be a whole number 0-10")
        return "number"


def _how_to_write(value: int | float, written: str) -> str:
    """How to write a number literal such as ``0x1F`` or ``1e3`` as a plain decimal."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(written.replace("_", ""))
    if exact.is_finite() and -20 < exact.adjusted() < 20:
        return f"write it as `{plain(exact)}`"
    return "write numbers as digits with an optional decimal point, such as `100` or `0.5`"


def _is_small_int(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int and 0 <= node.value <= 10


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # noqa: BLE001 - only used to word an error message
        return type(node).__name__


_ZERO = Decimal(0)
#: ``detail`` of an ``invalid_operation`` that rounding could tip either way.
_UNCERTAIN = "uncertain"
#: For spreads: few digits, rounded up, so that a spread is never below the true bound.
_UPWARD = Context(
    prec=6,
    rounding=ROUND_CEILING,
    Emax=999_999,
    Emin=-999_999,
    traps=[Overflow, InvalidOperation, DivisionByZero],
)
#: For the ends of a spread around a number: rounded outwards, so nothing it may be is left out.
_FLOOR = Context(prec=2 * PRECISION, rounding=ROUND_FLOOR, Emax=999_999, Emin=-999_999)
_CEILING = Context(prec=2 * PRECISION, rounding=ROUND_CEILING, Emax=999_999, Emin=-999_999)
#: The last decimal a result is shown with.
_SHOWN_UNIT = Decimal(1).scaleb(-RESULT_PLACES)


class _Interpreter:
    """Evaluates a checked tree; every node type here was allowed by :class:`_Checker`.

    At PRECISION digits, arithmetic on exact inputs stays exact only while every number along the
    way fits (three 15-digit inputs multiplied do not), and a quotient such as 1 / 3 is rounded
    anyway. More digits alone would not make a result certain: a number along the way can be far
    larger than the result (``a * b * c / d``), and a rounded quotient's error grows when a
    subtraction cancels most of it and a product scales it up. So beside each number the
    interpreter keeps its ``spread``, a bound on how far it may be from the exact value (0 while
    nothing was rounded), and a result is given only when every number within its spread shows
    the same digits with RESULT_PLACES decimals; see :func:`_check_rounding`.
    """

    def __init__(self, values: Mapping[str, Decimal]) -> None:
        self.values = values
        #: The spread of each number computed so far; a node not in it is exact.
        self.spread: dict[ast.AST, Decimal] = {}

    def run(self, node: ast.AST) -> Any:
        return getattr(self, "_" + type(node).__name__)(node)

    def spread_of(self, node: ast.AST) -> Decimal:
        return self.spread.get(node, _ZERO)

    def _Constant(self, node: ast.Constant) -> Decimal:
        # The checker allowed only int and float constants.
        value = cast("int | float", node.value)
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)

    def _Name(self, node: ast.Name) -> Decimal:
        if node.id not in self.values:
            raise EvaluationError("missing_input", node.id)
        return self.values[node.id]

    def _BinOp(self, node: ast.BinOp) -> Decimal:
        left, right = self.run(node.left), self.run(node.right)
        try:
            value = self._arithmetic(node, left, right)
            rounding = _rounding(value)
            with localcontext(_UPWARD):
                self.spread[node] = self._carried(node, left, right, value) + rounding
        except Overflow:
            raise EvaluationError("too_large") from None
        except (InvalidOperation, DivisionByZero):
            raise EvaluationError("invalid_operation", None, ast.unparse(node)) from None
        return value

    def _arithmetic(self, node: ast.BinOp, left: Decimal, right: Decimal) -> Decimal:
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return self._divide(left, right, node.right)
        return self._power(left, right, node.right)

    def _carried(self, node: ast.BinOp, left: Decimal, right: Decimal, value: Decimal) -> Decimal:
        """How far the spreads of the operands can move the result; in the upward context."""
        near_left, near_right = self.spread_of(node.left), self.spread_of(node.right)
        if not near_left and not near_right:
            return _ZERO
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return near_left + near_right
        size_left, size_right = left.copy_abs(), right.copy_abs()
        if isinstance(node.op, ast.Mult):
            return size_left * near_right + size_right * near_left + near_left * near_right
        if isinstance(node.op, ast.Div):
            # x'/y' - x/y = (dx y - x dy) / (y y'), and |y'| >= |y| / 2 while 2 |dy| <= |y|.
            if 2 * near_right >= size_right:
                raise EvaluationError("invalid_operation", None, _UNCERTAIN)
            return 2 * (near_left + size_left / size_right * near_right) / size_right
        return _power_spread(left, right, value, near_left, near_right)

    def _divide(self, left: Decimal, right: Decimal, denominator: ast.AST) -> Decimal:
        if right == 0:
            name = denominator.id if isinstance(denominator, ast.Name) else None
            raise EvaluationError("zero_division", name, ast.unparse(denominator))
        return left / right

    def _power(self, base: Decimal, exponent: Decimal, written: ast.AST) -> Decimal:
        if exponent.copy_abs() > MAX_EXPONENT:
            name = written.id if isinstance(written, ast.Name) else None
            detail = {
                "exponent": ast.unparse(written),
                "value": _short(exponent),
                "bound": str(MAX_EXPONENT if exponent > 0 else -MAX_EXPONENT),
            }
            raise EvaluationError("exponent_too_large", name, detail)
        if base == 0 and exponent < 0:
            raise EvaluationError("zero_division", None, "0 ** negative")
        return base**exponent

    def _UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.run(node.operand)
        if isinstance(node.op, ast.Not):
            return not value
        # Both signs round an input of more than PRECISION digits.
        result = -value if isinstance(node.op, ast.USub) else +value
        self.spread[node] = _UPWARD.add(self.spread_of(node.operand), _rounding(result))
        return result

    def _Compare(self, node: ast.Compare) -> bool:
        left = self.run(node.left)
        near_left = self.spread_of(node.left)
        for operator, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.run(comparator)
            near_right = self.spread_of(comparator)
            if (near_left or near_right) and _overlap(left, near_left, right, near_right):
                raise EvaluationError("invalid_operation", None, _UNCERTAIN)
            if not _compare(_COMPARE[type(operator)], left, right):
                return False
            left, near_left = right, near_right
        return True

    def _BoolOp(self, node: ast.BoolOp) -> bool:
        results = (self.run(value) for value in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)

    def _IfExp(self, node: ast.IfExp) -> Decimal:
        branch = node.body if self.run(node.test) else node.orelse
        value = self.run(branch)
        self.spread[node] = self.spread_of(branch)
        return value

    def _Call(self, node: ast.Call) -> Decimal:
        args = [self.run(arg) for arg in node.args]
        spreads = [self.spread_of(arg) for arg in node.args]
        name = cast(ast.Name, node.func).id  # the checker allowed only named functions
        if name in ("min", "max"):
            # The least of numbers that each move by at most s moves by at most s.
            self.spread[node] = max(spreads)
            return min(args) if name == "min" else max(args)
        if name == "abs":
            value = abs(args[0])
            self.spread[node] = _UPWARD.add(spreads[0], _rounding(value))
            return value
        digits = int(args[1]) if len(args) == 2 else 0
        return self._round(node, args[0], spreads[0], Decimal(1).scaleb(-digits))

    def _round(self, node: ast.Call, value: Decimal, spread: Decimal, unit: Decimal) -> Decimal:
        try:
            rounded = value.quantize(unit, rounding=ROUND_HALF_UP)
        except InvalidOperation:
            # More digits than PRECISION before the decimal point: too large to round.
            raise EvaluationError("too_large", None, ast.unparse(node)) from None
        getcontext().flags[Inexact] = False  # this rounding is the one asked for
        _check_rounding(value, spread, unit)  # so the rounded number is exact
        return rounded


def _rounding(value: Decimal) -> Decimal:
    """What rounding cost the operation that just gave ``value``: 0, or a unit in its last place.

    Reads and clears the Inexact flag, so each operation is judged on its own.
    """
    context = getcontext()
    if not context.flags[Inexact]:
        return _ZERO
    context.flags[Inexact] = False
    last_place = max(value.adjusted() - context.prec + 1, context.Etiny())
    return Decimal((0, (1,), last_place))


def _power_spread(
    base: Decimal, exponent: Decimal, power: Decimal, near_base: Decimal, near_exponent: Decimal
) -> Decimal:
    """How far ``power`` (base ** exponent) may move with the spreads; in the upward context.

    (b + db) ** (e + de) = b ** e * (1 + db / b) ** (e + de) * b ** de. While
    u = |db / b| * max(1, |e| + |de|) and v = |de * ln |b|| are at most 1/100, the last two
    factors are within 1.03 u and 1.02 v of 1, so the power is within 2 (u + v) of b ** e.
    """
    if base == 0 or (base < 0 and near_exponent):
        raise EvaluationError("invalid_operation", None, _UNCERTAIN)
    size = base.copy_abs()
    u = near_base / size * max(Decimal(1), exponent.copy_abs() + near_exponent)
    v = near_exponent * size.ln().copy_abs() if near_exponent else _ZERO
    if u + v > Decimal("0.01"):
        raise EvaluationError("invalid_operation", None, _UNCERTAIN)
    return 2 * power.copy_abs() * (u + v)


def _interval(value: Decimal, spread: Decimal) -> tuple[Decimal, Decimal]:
    """The numbers ``value`` may stand for, rounded outwards."""
    return _FLOOR.subtract(value, spread), _CEILING.add(value, spread)


def _overlap(left: Decimal, near_left: Decimal, right: Decimal, near_right: Decimal) -> bool:
    """Whether two numbers, each within its spread, could be in either order or equal."""
    low_left, high_left = _interval(left, near_left)
    low_right, high_right = _interval(right, near_right)
    return low_left <= high_right and low_right <= high_left


def _check_rounding(value: Decimal, spread: Decimal, unit: Decimal) -> None:
    """Raise unless all numbers within ``spread`` of ``value`` round alike to ``unit`` (half up).

    Where they do not, a spread of more than a millionth of the unit means that PRECISION ran
    out of digits: too large. A smaller one puts the result on (or all but on) a rounding point,
    where it is chance which way it rounds: 0.11 / 7 * 3.5 is 0.055, and 0.05499… as computed.
    """
    if not spread:
        return
    try:
        low, high = (
            end.quantize(unit, ROUND_HALF_UP, _CEILING) for end in _interval(value, spread)
        )
    except InvalidOperation:  # more digits before the decimal point than even _CEILING holds
        raise EvaluationError("too_large", None, "rounded") from None
    if low == high:
        return
    if spread * 1_000_000 >= unit:
        raise EvaluationError("too_large", None, "rounded")
    raise EvaluationError("invalid_operation", None, _UNCERTAIN)


def _short(value: Decimal) -> str:
    """A number for a message: every digit while there are few, else in scientific notation."""
    return plain(value) if value.adjusted() < 20 else f"{value:.3E}"


def _compare(operator: str, left: Decimal, right: Decimal) -> bool:
    return {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
        "==": left == right,
        "!=": left != right,
    }[operator]


def parse_plain_number(text: Any) -> Decimal:
    """Read a plain decimal number ("1234.56", "-3", "0.5"); anything else is not a number.

    Numbers typed the Dutch way are parsed in the browser (or the CLI) before they get here.
    """
    if isinstance(text, bool):
        raise ValueError("not a number")
    if isinstance(text, (int, float)):
        text = repr(text)
    text = str(text).strip()
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError(f"not a plain number: {text!r}")
    return Decimal(text)


def plain(value: Decimal) -> str:
    """A decimal as a plain string without exponent or trailing zeros ("1250", "33.3333")."""
    # normalize() rounds to the context's precision (28 by default): keep every digit instead.
    exact = Context(prec=max(PRECISION, len(value.as_tuple().digits)))
    text = format(value.normalize(exact), "f")
    return "0" if text in ("-0", "+0") else text


def compute(spec: Mapping[str, Any], raw_values: Mapping[str, Any]) -> Decimal:
    """Validate raw inputs against a formula spec and evaluate it.

    Arguments:
        spec: ``{"expression": str, "inputs": [{"id", "unit"?, "min"?, "max"?}],
            "checks": [{"rule"}]}`` as published in catalog.json; a ``count`` input takes
            whole numbers only.
        raw_values: input id to a plain decimal (string or number).

    Raises:
        EvaluationError: the first problem, naming the input concerned.
    """
    ids = [item["id"] for item in spec["inputs"]]
    values: dict[str, Decimal] = {}
    for item in spec["inputs"]:
        input_id = item["id"]
        raw = raw_values.get(input_id)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise EvaluationError("missing_input", input_id)
        try:
            values[input_id] = parse_plain_number(raw)
        except (ValueError, InvalidOperation):
            raise EvaluationError("not_a_number", input_id) from None
        if abs(values[input_id]) >= Decimal(10) ** MAX_INPUT_DIGITS:
            raise EvaluationError("too_many_digits", input_id, MAX_INPUT_DIGITS)
        if item.get("unit") in WHOLE_UNITS and not _is_whole(values[input_id]):
            raise EvaluationError("not_whole", input_id)
    # A rule between inputs ("part <= whole") only applies once each input is valid on its own:
    # first what concerns one input (its bounds, its checks, being 0 where the formula divides
    # by it), then the bounds and checks that compare inputs.
    formula = parse(spec["expression"], ids)
    checks = list(enumerate(spec.get("checks") or []))
    for item in spec["inputs"]:
        _check_bounds(item, values, between_inputs=False)
    _check_rules([(i, check) for i, check in checks if len(_names(check, ids)) <= 1], values)
    _check_named_denominators(formula, values)
    for item in spec["inputs"]:
        _check_bounds(item, values, between_inputs=True)
    _check_rules([(i, check) for i, check in checks if len(_names(check, ids)) > 1], values)
    result = formula.evaluate(values)
    if not result.is_finite():
        raise EvaluationError("invalid_operation")
    if abs(result) >= MAX_RESULT:
        # Browsers format numbers as doubles: beyond this a result would show as "∞".
        raise EvaluationError("too_large", None, f"result of {len(plain(result))} digits")
    return result


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def _check_bounds(
    item: Mapping[str, Any], values: Mapping[str, Decimal], *, between_inputs: bool
) -> None:
    """Raise for a value outside its bounds: the fixed ones, or those naming another input."""
    value = values[item["id"]]
    for key, code, outside in (
        ("min", "below_min", value.__lt__),
        ("max", "above_max", value.__gt__),
    ):
        bound = item.get(key)
        # Input ids start with a letter, so a string bound is either an input id or a number.
        other = bound if isinstance(bound, str) and bound in values else None
        if bound is None or between_inputs != (other is not None):
            continue
        limit = values[other] if other else parse_plain_number(bound)
        if outside(limit):
            detail = {"bound": plain(limit), "input": other}
            raise EvaluationError(code, item["id"], detail)


def _check_named_denominators(formula: Formula, values: Mapping[str, Decimal]) -> None:
    """Raise ``zero_division`` for an input that is 0 and that the formula divides by.

    Such an input is wrong on its own, so its message comes before one that compares it with
    another input: "‘Impressions’ cannot be 0" rather than "‘Clicks’ cannot be more than 0".
    """
    for name in denominators(formula.tree):
        if values.get(name) == 0:
            raise EvaluationError("zero_division", name, name)


def denominators(node: ast.AST) -> Iterable[str]:
    """Inputs the expression always divides by; a branch of ``x if c else y`` may not run."""
    if isinstance(node, ast.IfExp):
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        if isinstance(node.right, ast.Name):
            yield node.right.id
    for child in ast.iter_child_nodes(node):
        yield from denominators(child)


def _check_rules(
    checks: list[tuple[int, Mapping[str, Any]]], values: Mapping[str, Decimal]
) -> None:
    """Raise ``check_failed`` with the index of the first of ``checks`` that fails."""
    ids = list(values)
    for index, check in checks:
        if not parse(check["rule"], ids, boolean=True).evaluate(values):
            raise EvaluationError("check_failed", _first_name(check["rule"], ids), index)


def _names(check: Mapping[str, Any], ids: list[str]) -> list[str]:
    """The declared inputs a check's rule mentions, in declaration order."""
    mentioned = set(_NAME.findall(check["rule"]))
    return [input_id for input_id in ids if input_id in mentioned]


def _first_name(rule: str, ids: list[str]) -> str | None:
    """The input a failed rule is reported at: the first declared input it mentions."""
    return next(iter(_names({"rule": rule}, ids)), None)


def run_json(formulas: Mapping[str, Any], kpi_id: str, values_json: str) -> str:
    """Entry point for the browser worker: JSON in, JSON out, never an exception."""
    if kpi_id not in formulas:
        return json.dumps({"ok": False, "error": EvaluationError("unknown_kpi").as_dict()})
    try:
        values = json.loads(values_json)
    except (TypeError, ValueError):
        values = None
    if not isinstance(values, dict):
        problem = EvaluationError("not_a_number", None, "expected a JSON object of input values")
        return json.dumps({"ok": False, "error": problem.as_dict()})
    try:
        value = compute(formulas[kpi_id], values)
        return json.dumps({"ok": True, "value": plain(value)})
    except EvaluationError as error:
        return json.dumps({"ok": False, "error": error.as_dict()})

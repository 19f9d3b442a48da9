"""The catalog: plain typed objects for goals, KPIs and the links between them.

Loading and validation live in :mod:`generator.loader`; this module knows nothing of YAML, MkDocs
or HTML, so other tools (and another site engine) can use it as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from . import formula as formula_language

LANGUAGES = ("nl", "en")
ROLES = ("primary", "supporting", "diagnostic", "vanity")


@dataclass(frozen=True)
class Text:
    """A text in both languages of the handbook."""

    nl: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)

    def __iter__(self) -> Iterator[str]:
        return iter((self.nl, self.en))


@dataclass(frozen=True)
class Input:
    """One named value a formula needs, with its label, unit and bounds."""

    id: str
    label: Text
    unit: str
    min: Decimal | str | None = None
    max: Decimal | str | None = None
    hint: Text | None = None


@dataclass(frozen=True)
class Check:
    """A rule between inputs (``part <= whole``) and the message shown when it fails."""

    rule: str
    message: Text


@dataclass(frozen=True)
class Formula:
    """A checked formula with its inputs and a worked example."""

    expression: str
    inputs: tuple[Input, ...]
    example_inputs: dict[str, Decimal]
    example_result: Decimal
    variant: Text | None = None
    reference: str | None = None
    checks: tuple[Check, ...] = ()

    @property
    def parsed(self) -> formula_language.Formula:
        return formula_language.parse(self.expression, [item.id for item in self.inputs])

    def spec(self) -> dict[str, Any]:
        """The formula as plain data: what catalog.json and the browser module carry."""
        return {
            "expression": self.expression,
            "inputs": [
                {"id": item.id, "unit": item.unit, "min": _plain(item.min), "max": _plain(item.max)}
                for item in self.inputs
            ],
            "checks": [{"rule": check.rule} for check in self.checks],
        }

    def compute(self, values: dict[str, Any]) -> Decimal:
        """Run the formula on plain decimal inputs, exactly as the browser does."""
        return formula_language.compute(self.spec(), values)


@dataclass(frozen=True)
class Band:
    """A recognised range of results, ``start <= value < below``."""

    label: Text
    tone: str
    start: Decimal | None = None
    below: Decimal | None = None

    def contains(self, value: Decimal) -> bool:
        return (self.start is None or value >= self.start) and (
            self.below is None or value < self.below
        )


@dataclass(frozen=True)
class CounterMetric:
    kpi: str
    reason: Text


@dataclass(frozen=True)
class Kpi:
    """One key performance indicator."""

    id: str
    name: Text
    kind: str
    unit: str
    direction: str
    definition: Text
    abbr: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    indicator: str | None = None
    review: str | None = None
    source: str | None = None
    why: Text | None = None
    how_to_measure: Text | None = None
    how_to_read: Text | None = None
    pitfalls: Text | None = None
    counter_metric: CounterMetric | None = None
    related: tuple[str, ...] = ()
    formula: Formula | None = None
    bands: tuple[Band, ...] = ()
    line: int = 0

    def title(self, lang: str) -> str:
        """The page title: name, with the abbreviation when the name does not already carry it."""
        name = self.name[lang]
        if self.abbr and self.abbr.lower() not in name.lower():
            return f"{name} ({self.abbr})"
        return name

    def band_for(self, value: Decimal) -> Band | None:
        return next((band for band in self.bands if band.contains(value)), None)


@dataclass(frozen=True)
class GoalTree:
    business: Text
    sales: Text
    marketing: Text


@dataclass(frozen=True)
class Goal:
    """A marketing goal; its KPIs are reached through :class:`Link` records."""

    id: str
    name: Text
    summary: Text
    when: Text | None = None
    supports: Text | None = None
    smart_example: Text | None = None
    tree: GoalTree | None = None
    line: int = 0


@dataclass(frozen=True)
class Link:
    """What one KPI means for one goal: its role, why, and for a vanity link what to watch."""

    goal: str
    kpi: str
    role: str
    reason: Text
    warning: Text | None = None
    instead: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Catalog:
    """Goals, KPIs and links, in catalog order."""

    goals: tuple[Goal, ...]
    kpis: dict[str, Kpi]
    links: tuple[Link, ...]

    def goal(self, goal_id: str) -> Goal:
        return self.goals_by_id[goal_id]

    def links_of_goal(self, goal_id: str) -> list[Link]:
        return list(self._links_by_goal.get(goal_id, ()))

    def links_of_kpi(self, kpi_id: str) -> list[Link]:
        return list(self._links_by_kpi.get(kpi_id, ()))

    # Indexes, built on first use: a page per KPI asks for its links, and scanning every link
    # each time made a build quadratic in the catalog's size.
    @cached_property
    def goals_by_id(self) -> dict[str, Goal]:
        """Every goal by its id (the first one, should an id repeat)."""
        index: dict[str, Goal] = {}
        for goal in self.goals:
            index.setdefault(goal.id, goal)
        return index

    @cached_property
    def _links_by_goal(self) -> dict[str, list[Link]]:
        return _group(self.links, lambda link: link.goal)

    @cached_property
    def _links_by_kpi(self) -> dict[str, list[Link]]:
        return _group(self.links, lambda link: link.kpi)

    def with_formula(self) -> list[Kpi]:
        return [kpi for kpi in self.kpis.values() if kpi.formula is not None]


def _group(links: tuple[Link, ...], key: Callable[[Link], str]) -> dict[str, list[Link]]:
    groups: dict[str, list[Link]] = {}
    for link in links:
        groups.setdefault(key(link), []).append(link)
    return groups


def _plain(value: Decimal | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return formula_language.plain(value)

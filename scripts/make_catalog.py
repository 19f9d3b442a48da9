"""Write a synthetic catalog of N KPIs for scale tests.

    python scripts/make_catalog.py 1000 -o /tmp/catalog-1000.yaml

Every synthetic KPI is modelled on a KPI of the real ``catalog.yaml``: the same kind, unit,
direction, bands and formula (expression, inputs, bounds, checks), with the worked example's
inputs varied and its result recomputed by the project's own interpreter. Its texts come from a
word chain trained on the real catalog's texts, per language, at about the length of the real
field. There are N/8 goals; each has its own KPIs in every role plus links to KPIs of other
goals, and vanity links carry a warning and the KPIs to watch instead. The same N and seed give
the same file, which passes ``kpi-handbook validate``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from generator import formula as formula_language  # noqa: E402
from generator.catalog import Catalog, Formula, Goal, Kpi, Text  # noqa: E402
from generator.loader import load_catalog  # noqa: E402

#: Qualifiers that turn one real KPI into many distinct ones: (id part, Dutch, English).
CHANNELS = (
    ("email", "e-mail", "email"),
    ("search", "zoekmachines", "search"),
    ("social", "sociale media", "social media"),
    ("display", "display", "display"),
    ("app", "app", "app"),
    ("shop", "winkels", "stores"),
    ("partner", "partners", "partners"),
    ("video", "video", "video"),
)
SEGMENTS = (
    ("b2b", "B2B", "B2B"),
    ("b2c", "B2C", "B2C"),
    ("smb", "kmo's", "SMBs"),
    ("key", "grote accounts", "key accounts"),
)
REGIONS = (
    ("nl", "Nederland", "the Netherlands"),
    ("be", "België", "Belgium"),
    ("de", "Duitsland", "Germany"),
    ("fr", "Frankrijk", "France"),
    ("uk", "Verenigd Koninkrijk", "the United Kingdom"),
)
MARKETS = tuple(
    (f"{segment[0]}_{region[0]}", f"{segment[1]} in {region[1]}", f"{segment[2]} in {region[2]}")
    for region in REGIONS
    for segment in SEGMENTS
)
#: Roles of the links after a goal's first (always primary), about as often as in the real catalog.
ROLE_WEIGHTS = {"primary": 12, "supporting": 45, "diagnostic": 30, "vanity": 13}
KPIS_PER_GOAL = 8
CROSS_LINKS_PER_GOAL = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_END = ""


class WordChain:
    """A first-order word chain over real sentences of one language: plausible words and rhythm."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.starts: list[str] = []
        self.following: dict[str, list[str]] = defaultdict(list)
        for text in texts:
            for sentence in _SENTENCE_END.split(text.strip()):
                words = sentence.split()
                if len(words) < 3:
                    continue
                self.starts.append(words[0])
                for word, after in zip(words, [*words[1:], _END], strict=True):
                    self.following[word].append(after)

    def sentence(self, rng: random.Random, most_words: int) -> str:
        words = [rng.choice(self.starts)]
        while len(words) < most_words:
            after = rng.choice(self.following[words[-1]])
            if after == _END:
                break
            words.append(after)
        text = " ".join(words).rstrip(",;:")
        return text if text.endswith((".", "?", "!")) else text + "."

    def text(self, rng: random.Random, length: int) -> str:
        """Whole sentences, about ``length`` characters in all."""
        sentences: list[str] = []
        left = length
        while left > length * 0.1:
            # About 6.5 characters a word: no sentence runs far beyond the length asked for.
            sentences.append(self.sentence(rng, most_words=max(5, min(32, int(left / 6.5)))))
            left -= len(sentences[-1]) + 1
        return " ".join(sentences)


class Synthesizer:
    """Builds the synthetic catalog as plain data, modelled on the real catalog."""

    def __init__(self, real: Catalog, seed: int) -> None:
        self.real = real
        self.rng = random.Random(seed)
        self.chains = {lang: WordChain(_texts(real, lang)) for lang in ("nl", "en")}
        self.ids = list(real.kpis)

    def text(self, model: Text | None, scale: float = 1.0) -> dict[str, str]:
        """A text in both languages, as long as ``model`` give or take a fifth."""
        lengths = (len(model.nl), len(model.en)) if model else (120, 115)
        factor = self.rng.uniform(0.8, 1.2) * scale
        return {
            lang: self.chains[lang].text(self.rng, int(length * factor))
            for lang, length in zip(("nl", "en"), lengths, strict=True)
        }

    def catalog(self, count: int, real_data: dict) -> dict:
        """The real catalog grown to ``count`` KPIs; the guide pages link to its KPIs and goals."""
        models = list(self.real.kpis.values())
        variants = [(c, m) for c in CHANNELS for m in MARKETS]
        extra = count - len(models)
        if extra < 0:
            raise SystemExit(f"ask for at least {len(models)} KPIs: the real ones are all kept")
        if extra > len(models) * (len(variants) - 1):
            raise SystemExit(f"at most {len(models) * len(variants)} KPIs can be told apart")
        # Variant 0 is skipped so that no synthetic name repeats a real one.
        kpis = [
            self.kpi(models[index % len(models)], variants[1 + index // len(models)])
            for index in range(extra)
        ]
        new = [kpi["id"] for kpi in kpis]
        ids = [*self.real.kpis, *new]
        for kpi in kpis:
            self.cross_reference(kpi, ids)
        goals = list(real_data["goals"])
        new_goals = count // KPIS_PER_GOAL - len(goals)
        if new_goals > 0:
            goals += self.goals(new, ids, new_goals)
        else:
            for index, kpi_id in enumerate(new):
                goals[index % len(goals)]["kpis"] += self.links([kpi_id], first_primary=False)
        return {"version": 1, "goals": goals, "kpis": [*real_data["kpis"], *kpis]}

    def kpi(self, model: Kpi, variant: tuple[tuple[str, ...], tuple[str, ...]]) -> dict:
        channel, market = variant
        kpi: dict = {
            "id": f"{model.id}_{channel[0]}_{market[0]}",
            "name": {
                "nl": f"{model.name.nl} ({channel[1]}, {market[1]})",
                "en": f"{model.name.en} ({channel[2]}, {market[2]})",
            },
        }
        if model.abbr:
            kpi["abbr"] = model.abbr
        aliases = {
            lang: [f"{alias} {channel[1 if lang == 'nl' else 2]}" for alias in names]
            for lang, names in model.aliases.items()
            if names
        }
        if aliases:
            kpi["aliases"] = aliases
        kpi.update(kind=model.kind, unit=model.unit, direction=model.direction)
        for key in ("indicator", "review", "source"):
            if getattr(model, key):
                kpi[key] = getattr(model, key)
        for key in ("definition", "why", "how_to_measure", "how_to_read", "pitfalls"):
            if getattr(model, key) or key == "definition":
                kpi[key] = self.text(getattr(model, key))
        if model.counter_metric:
            kpi["counter_metric"] = {"kpi": "", "reason": self.text(model.counter_metric.reason)}
        if model.formula:
            kpi["formula"] = self.formula(model.formula)
        if model.bands:
            kpi["bands"] = [_band(band) for band in model.bands]
        return kpi

    def formula(self, model: Formula) -> dict:
        inputs, result = self.worked_example(model)
        formula: dict = {"expression": model.expression}
        if model.variant:
            formula["variant"] = self.text(model.variant)
        if model.reference:
            formula["reference"] = model.reference
        formula["inputs"] = [
            {
                "id": item.id,
                "label": _text(item.label),
                "unit": item.unit,
                **{
                    key: getattr(item, key)
                    for key in ("min", "max")
                    if getattr(item, key) is not None
                },
                **({"hint": _text(item.hint)} if item.hint else {}),
            }
            for item in model.inputs
        ]
        if model.checks:
            formula["checks"] = [
                {"rule": check.rule, "message": _text(check.message)} for check in model.checks
            ]
        formula["example"] = {"inputs": inputs, "result": result}
        return formula

    def worked_example(self, model: Formula) -> tuple[dict[str, Decimal], Decimal]:
        """Varied example inputs within the bounds and checks, and the result they give."""
        for _ in range(20):
            inputs = {key: self.vary(value) for key, value in model.example_inputs.items()}
            try:
                value = model.compute({key: formula_language.plain(v) for key, v in inputs.items()})
            except formula_language.EvaluationError:
                continue
            return inputs, value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return dict(model.example_inputs), model.example_result

    def vary(self, value: Decimal) -> Decimal:
        """``value`` times 0.8 to 1.25, with as many decimals as it had."""
        factor = Decimal(self.rng.randint(80, 125)) / 100
        places = Decimal(1).scaleb(min(0, value.as_tuple().exponent))
        return (value * factor).quantize(places, rounding=ROUND_HALF_UP)

    def cross_reference(self, kpi: dict, ids: list[str]) -> None:
        """Point the counter metric and related KPIs at other synthetic KPIs."""
        others = [other for other in self.rng.sample(ids, min(len(ids), 6)) if other != kpi["id"]]
        if not others:
            kpi.pop("counter_metric", None)
            return
        if "counter_metric" in kpi:
            kpi["counter_metric"]["kpi"] = others[0]
        kpi["related"] = others[1:5]

    def goals(self, new: list[str], ids: list[str], count: int) -> list[dict]:
        """``count`` goals that share the ``new`` KPIs and link a few of any others."""
        models = list(self.real.goals)
        own: list[list[str]] = [[] for _ in range(count)]
        for index, kpi_id in enumerate(new):
            own[index % count].append(kpi_id)
        goals = []
        for index, kpi_ids in enumerate(own):
            model, market = models[index % len(models)], MARKETS[index // len(models) % 20]
            number = index // (len(models) * len(MARKETS))
            goals.append(self.goal(model, market, number, kpi_ids, ids))
        return goals

    def goal(
        self, model: Goal, market: tuple[str, ...], number: int, own: list[str], ids: list[str]
    ):
        suffix = f" {number + 1}" if number else ""
        goal: dict = {
            "id": f"{model.id}_{market[0]}" + (f"_{number + 1}" if number else ""),
            "name": {
                "nl": f"{model.name.nl} ({market[1]}){suffix}",
                "en": f"{model.name.en} ({market[2]}){suffix}",
            },
            "summary": self.text(model.summary),
        }
        for key in ("when", "supports", "smart_example"):
            if getattr(model, key):
                goal[key] = self.text(getattr(model, key))
        if model.tree:
            goal["tree"] = {
                key: self.text(getattr(model.tree, key))
                for key in ("business", "sales", "marketing")
            }
        others = [kpi_id for kpi_id in self.rng.sample(ids, min(len(ids), 12)) if kpi_id not in own]
        linked = own + others[:CROSS_LINKS_PER_GOAL]
        goal["kpis"] = self.links(linked)
        return goal

    def links(self, linked: list[str], first_primary: bool = True) -> list[dict]:
        """Links with a role each; a vanity link says why and names KPIs to watch instead."""
        roles, weights = list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values())
        chosen = self.rng.choices(roles, weights, k=len(linked))
        if first_primary:
            chosen[0] = "primary"
        watch = [kpi_id for kpi_id, role in zip(linked, chosen, strict=True) if role != "vanity"]
        links = []
        for kpi_id, role in zip(linked, chosen, strict=True):
            link: dict = {"kpi": kpi_id, "role": role, "reason": self.text(None)}
            if role == "vanity":
                link["warning"] = self.text(None, scale=1.8)
                others = [other for other in self.rng.sample(self.ids, 4) if other != kpi_id]
                link["instead"] = (watch or others)[: self.rng.randint(1, 3)]
            links.append(link)
        return links


def _texts(catalog: Catalog, lang: str) -> Iterator[str]:
    """Every prose text of the real catalog in ``lang``."""
    for kpi in catalog.kpis.values():
        for key in ("definition", "why", "how_to_measure", "how_to_read", "pitfalls"):
            if getattr(kpi, key):
                yield getattr(kpi, key)[lang]
    for goal in catalog.goals:
        for key in ("summary", "when", "supports", "smart_example"):
            if getattr(goal, key):
                yield getattr(goal, key)[lang]
    for link in catalog.links:
        yield link.reason[lang]
        if link.warning:
            yield link.warning[lang]


def _text(text: Text) -> dict[str, str]:
    return {"nl": text.nl, "en": text.en}


def _band(band) -> dict:
    data: dict = {}
    if band.start is not None:
        data["from"] = band.start
    if band.below is not None:
        data["below"] = band.below
    return {**data, "label": _text(band.label), "tone": band.tone}


# --- YAML output ---------------------------------------------------------------------------------


def to_yaml(data: object, indent: int = 0) -> Iterator[str]:
    """Block-style YAML lines; every string is JSON-quoted, which YAML reads as written."""
    pad = " " * indent
    if isinstance(data, dict):
        for key, value in data.items():
            if _is_scalar(value) or _is_flow(value):
                yield f"{pad}{key}: {_flow(value)}"
            else:
                yield f"{pad}{key}:"
                yield from to_yaml(value, indent + 2)
    elif isinstance(data, list):
        for item in data:
            lines = list(to_yaml(item, indent + 2))
            first = lines[0][indent + 2 :]
            yield f"{pad}- {first}"
            yield from lines[1:]


def _is_scalar(value: object) -> bool:
    return not isinstance(value, (dict, list))


def _is_flow(value: object) -> bool:
    """Texts, short lists of ids and example inputs fit on one line, as in the real catalog."""
    if isinstance(value, list):
        return all(_is_scalar(item) for item in value)
    if isinstance(value, dict):
        return all(_is_scalar(item) for item in value.values())
    return False


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, Decimal):
        return formula_language.plain(value)
    return json.dumps(value, ensure_ascii=False)  # numbers, booleans and null as YAML writes them


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of KPIs, e.g. 200, 1000 or 5000")
    parser.add_argument("-o", "--output", type=Path, help="default: standard output")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--model", type=Path, default=ROOT / "catalog.yaml", help="real catalog")
    args = parser.parse_args(argv)
    real_data = YAML(typ="safe", pure=True).load(args.model.read_text("utf-8"))
    data = Synthesizer(load_catalog(args.model), args.seed).catalog(args.count, real_data)
    header = (
        f"# Synthetic catalog of {args.count} KPIs from scripts/make_catalog.py; not real data.\n"
    )
    text = header + "\n".join(to_yaml(data)) + "\n"
    if args.output:
        args.output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

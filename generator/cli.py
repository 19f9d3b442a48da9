"""The ``kpi-handbook`` command: validate, build, serve, and calc with the catalog's formulas."""

from __future__ import annotations

import argparse
import difflib
import errno
import logging
import os
import shutil
import socket
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from . import formula as formula_language
from . import gates
from .catalog import Catalog, Kpi
from .languages import load_site_config
from .loader import CatalogError, load_catalog
from .numbers import NumberInputError, format_value, parse_number

PROG = "kpi-handbook"


class CommandError(Exception):
    """A command cannot do what it was asked; the message says why, in a line or a few."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser, commands = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # argparse ends the `input=value` list at the first option (`calc cac --lang en a=1`):
        # what follows the options is read here, and anything else is refused as argparse would.
        stray = [item for item in extra if item.startswith("-")]
        if args.command != "calc" or stray:
            commands[args.command].error(f"unrecognized arguments: {' '.join(stray or extra)}")
        args.values += extra
    handler = {"validate": _validate, "build": _build, "serve": _serve, "calc": _calc}
    try:
        return handler[args.command](args)
    except CommandError as error:
        print(f"{PROG} {args.command}: {error}", file=sys.stderr)
        return error.code


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check catalog.yaml and report every problem")
    validate.add_argument("catalog", nargs="?", default="catalog.yaml")
    validate.add_argument(
        "-f",
        "--config-file",
        default=None,
        help="site config whose kpi-handbook options (require_complete, source_text) apply; "
        "default: mkdocs.yml, when there is one",
    )

    build = commands.add_parser("build", help="build the site; a failed build keeps the old site")
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("-d", "--site-dir", default=None, help="default: site_dir of mkdocs.yml")
    build.add_argument(
        "--site-url",
        default=None,
        help="where the site will be served (instant navigation needs the real one)",
    )

    serve = commands.add_parser(
        "serve", help="serve with live reload of catalog.yaml, content/ and site_overrides/"
    )
    serve.add_argument("-f", "--config-file", default="mkdocs.yml")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")

    calc = commands.add_parser("calc", help="compute a KPI: calc cac marketing_cost=12000 ...")
    calc.add_argument("kpi", nargs="?", help="the KPI's id; leave it out for a list")
    calc.add_argument("values", nargs="*", metavar="input=value")
    calc.add_argument("--catalog", default="catalog.yaml")
    calc.add_argument("--lang", choices=("nl", "en"), default="nl", help="how numbers are written")
    calc.add_argument("--raw", action="store_true", help="print the exact value, unformatted")
    return parser, {"validate": validate, "build": build, "serve": serve, "calc": calc}


# --- validate ---------------------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    """The catalog with the gates the site config asks for, and the site's hand-written pages."""
    from mkdocs.exceptions import PluginError

    config_file = _site_config(args.config_file, Path(args.catalog))
    sites = _sites(config_file)
    checks: list[gates.Gate] = []
    if sites:
        config, plugin = sites[0]
        checks = gates.catalog_gates(plugin.config.require_complete, plugin.source_text(config))
    try:
        catalog = load_catalog(args.catalog, display_name=args.catalog, gates=checks)
        for config, plugin in sites:
            plugin.check_pages(config, plugin.source_text(config))
    except (CatalogError, PluginError) as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"{args.catalog}: OK — {len(catalog.goals)} goals, {len(catalog.kpis)} KPIs, "
        f"{len(catalog.links)} links, {len(catalog.with_formula())} formulas"
    )
    if config_file is None:
        print(
            "  (no mkdocs.yml here or beside the catalog: the catalog was checked alone, "
            "without the quality gates of a site; give one with -f)"
        )
    return 0


def _site_config(given: str | None, catalog: Path) -> Path | None:
    """The site config to validate with: the one given, else a mkdocs.yml here or beside the
    catalog, whose gates the build would apply."""
    if given is None:
        found = (path for path in (Path("mkdocs.yml"), catalog.parent / "mkdocs.yml"))
        return next((path for path in found if path.is_file()), None)
    if Path(given).is_dir():
        raise CommandError(f"{given}: a folder, not a site config (given with -f)")
    if not Path(given).is_file():
        raise CommandError(f"{given}: no such site config (given with -f)")
    return Path(given)


def _sites(config_file: Path | None) -> list[tuple[Any, Any]]:
    """(config, kpi-handbook plugin) of the site config and of the languages it builds."""
    if config_file is None:
        return []
    config = _load_config(config_file)
    plugin = config.plugins.get("kpi-handbook")
    if plugin is None:
        return []
    others = [config_file.parent / name for name in plugin.config.alternates.values()]
    return [(config, plugin), *(site for other in others for site in _sites(other))]


def _load_config(config_file: Path, **overrides: Any) -> Any:
    """A site config, or a CommandError that says what is wrong with it."""
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise CommandError(f"{config_file}: no such site config")
    try:
        return load_site_config(config_file, **overrides)
    except ConfigurationError as error:
        raise CommandError(f"{config_file}: {error}") from None
    except Abort:  # after MkDocs logged each error
        raise CommandError(f"{config_file}: the site config has errors (see above)") from None


# --- build ------------------------------------------------------------------------------------


def _build(args: argparse.Namespace) -> int:
    """Build into a fresh folder, then swap it in: all or nothing.

    The plugin builds the other languages (``alternates`` in mkdocs.yml) into sub-folders.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    _log_to_stderr()
    config_file = Path(args.config_file).resolve()
    config = _load_config(config_file)
    target = Path(args.site_dir or config.site_dir).resolve()
    _check_replaceable(target, config)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    except OSError as error:
        # mkdir names the part of the path it tripped over; mkdtemp names a scratch folder.
        part = Path(error.filename or "")
        where = f" ({part})" if part in target.parents else ""
        raise CommandError(f"cannot build into {target}: {_reason(error)}{where}") from None
    url = args.site_url.rstrip("/") + "/" if args.site_url else None
    try:
        build(_load_config(config_file, site_dir=str(staging), **_url(url)))
    except (MkDocsException, CatalogError, CommandError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        # An Abort comes after MkDocs logged why ("Aborted with a BuildError!" adds nothing).
        why = "" if isinstance(error, Abort) else f"\n\n{error}"
        print(f"Build failed; {target} is unchanged.{why}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    print(f"Built {target}")
    return 0


def _url(site_url: str | None) -> dict[str, str]:
    return {"site_url": site_url} if site_url else {}


def _check_replaceable(target: Path, config: Any) -> None:
    """Refuse a site folder whose replacement would delete sources: the build swaps it whole."""
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    holds_sources = target in (root, *root.parents) or target in docs.parents
    if holds_sources or docs in (target, *target.parents):
        raise CommandError(f"{target} holds the sources of the site; build into another folder")
    if target.exists() and not target.is_dir():
        raise CommandError(f"{target} is a file; build into a folder")
    if target.is_dir() and any(target.iterdir()) and not _is_built_site(target):
        raise CommandError(
            f"{target} is not empty and holds no handbook built before (index.html, catalog.json "
            "and assets/calculator/), so it is not replaced; build into a new folder or remove it"
        )


def _is_built_site(folder: Path) -> bool:
    """Whether ``folder`` holds a handbook this tool built, which a build may replace whole."""
    return all(
        (folder / name).exists() for name in ("index.html", "catalog.json", "assets/calculator")
    )


def _reason(error: OSError) -> str:
    """``permission denied``: the operating system's reason, to follow a colon."""
    return (error.strerror or str(error)).lower()


def _log_to_stderr(level: int = logging.WARNING) -> None:
    """Show MkDocs' messages (a broken catalog among them), as the `mkdocs` command does."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(level)


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames, so readers never see half a site."""
    # A scratch folder of its own for the old site: a folder named like it may be someone's.
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    if target.exists():
        target.rename(old / target.name)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


# --- serve ------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    """Serve with live reload; the plugin says what to watch (``generator.serving``)."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError

    _log_to_stderr(logging.INFO)
    _check_port(args.dev_addr)  # MkDocs would blame the site config for it, or a traceback
    _load_config(Path(args.config_file), dev_addr=args.dev_addr)  # what is wrong, in one line
    try:
        _check_address(args.dev_addr)  # before a build of half a minute, not after
        serve(config_file=args.config_file, dev_addr=args.dev_addr, livereload=True)
    except ConfigurationError as error:
        raise CommandError(str(error)) from None
    except Abort:
        # The first build failed and MkDocs logged why: there is no last good site to serve.
        message = "the site could not be built (see above); fix it and serve again"
        raise CommandError(message) from None
    except OSError as error:
        unusable = (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES)
        if not isinstance(error, socket.gaierror) and error.errno not in unusable:
            raise
        raise CommandError(
            f"cannot serve on {args.dev_addr}: {_reason(error)}; "
            "choose another address with -a, e.g. -a 127.0.0.1:8001"
        ) from None
    return 0


def _check_port(address: str) -> None:
    """Refuse an address that is no ``host:port`` with a port from 1 to 65535."""
    host, _, port = address.rpartition(":")
    if not (host and port.isdigit() and 0 < int(port) < 65536):
        raise CommandError(
            f"cannot serve on {address}: write the address as host:port, with a port from 1 "
            "to 65535; e.g. -a 127.0.0.1:8001"
        )


def _check_address(address: str) -> None:
    """Raise the OSError that serving on ``host:port`` would raise, if any."""
    host, _, port = address.rpartition(":")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        probe.bind((host.strip("[]"), int(port)))


# --- calc -------------------------------------------------------------------------------------


def _calc(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.catalog, display_name=args.catalog)
    except CatalogError as error:
        print(error, file=sys.stderr)
        return 1
    if args.kpi is None:
        raise CommandError("name a KPI: calc <kpi> input=value ...\n" + _kpi_list(catalog), 2)
    kpi = catalog.kpis.get(args.kpi)
    if kpi is None:
        raise CommandError(_unknown_kpi(catalog, args.kpi), 2)
    if kpi.formula is None:
        raise CommandError(
            f"{kpi.id} is {kpi.kind}, not computed: it has no formula to calculate with", 2
        )
    values = _input_values(kpi, args.values, args.lang)
    try:
        result = kpi.formula.compute(values)
    except formula_language.EvaluationError as error:
        raise CommandError(_explain(error, kpi, values), 2) from None
    if args.raw:
        print(formula_language.plain(result))
    else:
        print(f"{kpi.name[args.lang]}: {format_value(result, kpi.unit, args.lang)}")
    return 0


def _kpi_list(catalog: Catalog) -> str:
    ids = ", ".join(sorted(kpi.id for kpi in catalog.with_formula()))
    return textwrap.fill(f"KPIs with a formula: {ids}", 100, subsequent_indent="  ")


def _unknown_kpi(catalog: Catalog, wanted: str) -> str:
    """Say the KPI is unknown, with the ids it may have meant: other case, abbreviation, typo."""
    folded = wanted.casefold()
    abbreviations = {kpi.abbr.casefold(): kpi.id for kpi in catalog.kpis.values() if kpi.abbr}
    close = [kpi_id for kpi_id in catalog.kpis if kpi_id.casefold() == folded]
    close += [abbreviations[folded]] if folded in abbreviations else []
    close += difflib.get_close_matches(folded, list(catalog.kpis), n=3)
    close = list(dict.fromkeys(close))[:3]
    if not close:
        return f"unknown KPI {wanted!r}; `{PROG} calc` lists the KPIs with a formula"
    return f"unknown KPI {wanted!r}; did you mean " + " or ".join(map(repr, close)) + "?"


def _input_values(kpi: Kpi, pairs: list[str], lang: str) -> dict[str, str]:
    """``input=value`` pairs as plain decimals, each input given once, none unknown or missing."""
    assert kpi.formula is not None
    ids = [item.id for item in kpi.formula.inputs]
    values: dict[str, str] = {}
    for pair in pairs:
        name, equals, text = pair.partition("=")
        if not equals or not name:
            raise CommandError(f"{pair!r}: write input=value\n" + _inputs_help(kpi, lang), 2)
        if name not in ids:
            close = difflib.get_close_matches(name, ids, n=1)
            guess = f"did you mean {close[0]!r}? " if close else ""
            message = f"{kpi.id} has no input {name!r}; {guess}its inputs are: {', '.join(ids)}"
            raise CommandError(message, 2)
        if name in values:
            raise CommandError(f"{name} is given twice; give each input once", 2)
        try:
            values[name] = formula_language.plain(parse_number(text, lang))
        except NumberInputError:
            message = f"{name}: {text!r} is not a number; {_NUMBER_HINT[lang]}"
            raise CommandError(message, 2) from None
    missing = [input_id for input_id in ids if input_id not in values]
    if missing:
        said = f"{kpi.id} needs a value for each input; missing: {', '.join(missing)}"
        raise CommandError(f"{said}\n{_inputs_help(kpi, lang)}", 2)
    return values


#: How to write a number, per --lang.
_NUMBER_HINT = {
    "nl": "write it like 1250 or 1.250,50 (Dutch; --lang en reads 1,250.50)",
    "en": "write it like 1250 or 1,250.50 (English; --lang nl reads 1.250,50)",
}


def _inputs_help(kpi: Kpi, lang: str) -> str:
    """The inputs of a formula, with label and unit, and the worked example as a command."""
    assert kpi.formula is not None
    formula = kpi.formula
    width = max(len(item.id) for item in formula.inputs)
    lines = [f"  {item.id:<{width}}  {item.label[lang]} ({item.unit})" for item in formula.inputs]
    example = " ".join(
        f"{key}={formula_language.plain(value)}" for key, value in formula.example_inputs.items()
    )
    return "\n".join([*lines, f"for example: {PROG} calc {kpi.id} {example}"])


def _explain(error: formula_language.EvaluationError, kpi: Kpi, values: dict[str, str]) -> str:
    """An evaluation error as a sentence that names the input it is about."""
    assert kpi.formula is not None
    name, detail = error.input, error.detail
    if error.code == "not_whole":
        assert name is not None  # a not_whole error always names its input
        return f"{name} is {values[name]}, but it is a count: give a whole number"
    if error.code in ("below_min", "above_max"):
        assert name is not None  # so does an error about an input's bound
        least = "least" if error.code == "below_min" else "most"
        return f"{name} is {values[name]}, but must be at {least} {_bound(detail)}"
    if error.code == "check_failed" and isinstance(detail, int):
        check = kpi.formula.checks[detail]
        return f"the inputs break the rule `{check.rule}`: {check.message.en}"
    if error.code == "zero_division":
        if name:
            return f"{name} is 0, but the formula divides by it"
        return f"the formula divides by 0: `{detail}` is 0 for these numbers"
    if error.code == "too_large":
        return "the result is too large to calculate; use smaller numbers"
    if error.code == "exponent_too_large" and isinstance(detail, dict):
        limit = "at least" if detail["bound"].startswith("-") else "at most"
        exponent = name or f"`{detail['exponent']}`"
        return (
            f"{exponent} is {detail['value']}, but it is an exponent in the formula, "
            f"so it must be {limit} {detail['bound']}"
        )
    if error.code == "too_many_digits":
        digits = f"more than {detail} digits before the decimal mark"
        return f"{name} is {values[name or '']}, which has {digits}: give a smaller number"
    if error.code == "invalid_operation" and detail == "uncertain":
        return "rounding makes the result uncertain for these numbers; change one a little"
    if error.code == "invalid_operation":
        return "the formula has no result for these numbers"
    return f"{name or kpi.id}: cannot be calculated ({error.code})"


def _bound(detail: object) -> str:
    """``impressions (200)`` for a bound set by another input, ``0`` for a fixed one."""
    if not isinstance(detail, dict):
        return "?"
    if detail.get("input"):
        return f"{detail['input']} ({detail.get('bound')})"
    return str(detail.get("bound", "?"))


if __name__ == "__main__":
    raise SystemExit(main())

"""The ``kpi-handbook`` command: validate, build, serve, and calc with the catalog's formulas."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import formula as formula_language
from . import gates
from .loader import CatalogError, load_catalog
from .numbers import NumberInputError, format_value, parse_number


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    parser = argparse.ArgumentParser(prog="kpi-handbook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check catalog.yaml and report every problem")
    validate.add_argument("catalog", nargs="?", default="catalog.yaml")
    validate.add_argument(
        "-f",
        "--config-file",
        default="mkdocs.yml",
        help="site config whose kpi-handbook options (require_complete, source_text) apply",
    )

    build = commands.add_parser("build", help="build the site; a failed build keeps the old site")
    build.add_argument("-f", "--config-file", default="mkdocs.yml")
    build.add_argument("-d", "--site-dir", default=None, help="default: site_dir of mkdocs.yml")
    build.add_argument(
        "--site-url",
        default=None,
        help="where the site will be served (instant navigation needs the real one)",
    )

    serve = commands.add_parser("serve", help="serve with live reload of catalog.yaml and content/")
    serve.add_argument("-f", "--config-file", default="mkdocs.yml")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")

    calc = commands.add_parser("calc", help="compute a KPI: calc cac marketing_cost=12000 ...")
    calc.add_argument("kpi")
    calc.add_argument("values", nargs="*", metavar="input=value")
    calc.add_argument("--catalog", default="catalog.yaml")
    calc.add_argument("--lang", choices=("nl", "en"), default="nl")
    calc.add_argument("--raw", action="store_true", help="print the exact value, unformatted")

    args = parser.parse_args(argv)
    handler = {"validate": _validate, "build": _build, "serve": _serve, "calc": _calc}
    return handler[args.command](args)


def _validate(args: argparse.Namespace) -> int:
    """The catalog with the gates the site config asks for, and the site's hand-written pages."""
    from mkdocs.exceptions import PluginError

    sites = _sites(Path(args.config_file))
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
    return 0


def _sites(config_file: Path) -> list[tuple[Any, Any]]:
    """(config, kpi-handbook plugin) of the site config and of the languages it builds."""
    from mkdocs.config import load_config

    if not config_file.is_file():
        return []
    config = load_config(str(config_file))
    plugin = config.plugins.get("kpi-handbook")
    if plugin is None:
        return []
    others = [config_file.parent / name for name in plugin.config.alternates.values()]
    return [(config, plugin), *(site for other in others for site in _sites(other))]


def _build(args: argparse.Namespace) -> int:
    """Build into a fresh folder, then swap it in: all or nothing.

    The plugin builds the other languages (``alternates`` in mkdocs.yml) into sub-folders.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    _log_to_stderr()
    config_file = Path(args.config_file).resolve()
    config = load_config(str(config_file))
    target = Path(args.site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    url = args.site_url.rstrip("/") + "/" if args.site_url else None
    try:
        build(_config(config_file, staging, url))
    except (MkDocsException, CatalogError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed; {target} is unchanged.\n\n{error}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    print(f"Built {target}")
    return 0


def _config(path: Path, site_dir: Path, site_url: str | None):
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir)}
    if site_url:
        overrides["site_url"] = site_url
    return load_config(str(path), **overrides)


def _log_to_stderr(level: int = logging.WARNING) -> None:
    """Show MkDocs' messages (a broken catalog among them), as the `mkdocs` command does."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(level)


def _swap(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` with two renames, so readers never see half a site."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    _log_to_stderr(logging.INFO)
    serve(config_file=args.config_file, dev_addr=args.dev_addr, livereload=True)
    return 0


def _calc(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.catalog, display_name=args.catalog)
    except CatalogError as error:
        print(error, file=sys.stderr)
        return 1
    kpi = catalog.kpis.get(args.kpi)
    if kpi is None:
        print(
            f"unknown KPI {args.kpi!r}; see `kpi-handbook validate` for the catalog",
            file=sys.stderr,
        )
        return 2
    if kpi.formula is None:
        print(f"{kpi.id} has no formula: it is {kpi.kind}, not computed", file=sys.stderr)
        return 2
    values = {}
    for pair in args.values:
        name, _, text = pair.partition("=")
        try:
            values[name] = formula_language.plain(parse_number(text, args.lang))
        except NumberInputError:
            print(f"{name}: {text!r} is not a number", file=sys.stderr)
            return 2
    try:
        result = kpi.formula.compute(values)
    except formula_language.EvaluationError as error:
        print(_explain(error, kpi), file=sys.stderr)
        return 2
    if args.raw:
        print(formula_language.plain(result))
    else:
        print(f"{kpi.name[args.lang]}: {format_value(result, kpi.unit, args.lang)}")
    return 0


def _explain(error: formula_language.EvaluationError, kpi) -> str:
    names = {item.id: item.id for item in kpi.formula.inputs}
    inputs = ", ".join(names)
    where = f"{error.input}: " if error.input else ""
    messages = {
        "missing_input": f"give a value for each input ({inputs})",
        "not_a_number": "not a number",
        "below_min": f"must be at least {_bound(error.detail)}",
        "above_max": f"must be at most {_bound(error.detail)}",
        "check_failed": f"breaks the rule: {kpi.formula.checks[error.detail].message.en}"
        if isinstance(error.detail, int)
        else "breaks a rule between the inputs",
        "zero_division": f"is 0, so the result cannot be computed (division by {error.detail})",
    }
    return where + messages.get(error.code, f"cannot be computed ({error.code})")


def _bound(detail: object) -> str:
    if isinstance(detail, dict):
        return detail.get("input") or detail.get("bound") or "?"
    return "?"


if __name__ == "__main__":
    raise SystemExit(main())

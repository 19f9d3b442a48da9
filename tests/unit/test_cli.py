"""The ``kpi-handbook`` command with wrong input: one clear line (or a short list), no traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from generator import cli
from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini_catalog.yaml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The exit code, standard output and standard error of one command."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def calc(capsys, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "calc", "--catalog", str(MINI), *argv)


# --- calc -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("ctr", "clicks=7", "impressions=200", "--lang", "en"),
        ("ctr", "--lang", "en", "clicks=7", "impressions=200"),
        ("ctr", "clicks=7", "--lang", "en", "impressions=200"),
        ("--lang", "en", "ctr", "clicks=7", "impressions=200"),
    ],
)
def test_calc_takes_its_options_before_between_or_after_the_inputs(capsys, argv) -> None:
    assert calc(capsys, *argv) == (0, "Click-through rate: 3.5%\n", "")


def test_calc_refuses_an_unknown_option_after_the_inputs(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        calc(capsys, "ctr", "clicks=7", "--bogus", "impressions=200")
    assert caught.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_calc_names_the_valid_inputs_for_an_unknown_one(capsys) -> None:
    assert calc(capsys, "ctr", "clicks=7", "impresions=200") == (
        2,
        "",
        "kpi-handbook calc: ctr has no input 'impresions'; did you mean 'impressions'? "
        "its inputs are: clicks, impressions\n",
    )


def test_calc_lists_every_missing_input_with_its_label_and_an_example(capsys) -> None:
    assert calc(capsys, "nps", "passives=3") == (
        2,
        "",
        "kpi-handbook calc: nps needs a value for each input; missing: promoters, detractors\n"
        "  promoters   Promotors (count)\n"
        "  passives    Passieven (count)\n"
        "  detractors  Criticasters (count)\n"
        "for example: kpi-handbook calc nps promoters=50 passives=30 detractors=20\n",
    )


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (("clicks", "impressions=200"), "'clicks': write input=value"),
        (
            ("clicks=7", "clicks=8", "impressions=200"),
            "clicks is given twice; give each input once",
        ),
        (("clicks=zeven", "impressions=200"), "clicks: 'zeven' is not a number; write it like"),
    ],
)
def test_calc_says_what_is_wrong_with_a_value(capsys, values, said) -> None:
    code, out, err = calc(capsys, "ctr", *values)
    assert (code, out) == (2, "")
    assert err.startswith(f"kpi-handbook calc: {said}")


def test_calc_refuses_a_number_of_more_than_15_digits_before_the_mark(capsys) -> None:
    code, out, err = calc(capsys, "ctr", "clicks=1", "impressions=1234567890123456")
    assert (out, err) == (
        "",
        "kpi-handbook calc: impressions is 1234567890123456, which has more than 15 digits "
        "before the decimal mark: give a smaller number\n",
    )
    assert code != 0


@pytest.mark.parametrize(
    ("wanted", "said"),
    [
        ("CTR", "unknown KPI 'CTR'; did you mean 'ctr'?"),
        ("NPS", "unknown KPI 'NPS'; did you mean 'nps'?"),
        ("folower_count", "unknown KPI 'folower_count'; did you mean 'follower_count'?"),
        ("churn", "unknown KPI 'churn'; `kpi-handbook calc` lists the KPIs with a formula"),
    ],
)
def test_calc_suggests_the_kpi_meant(capsys, wanted: str, said: str) -> None:
    assert calc(capsys, wanted) == (2, "", f"kpi-handbook calc: {said}\n")


def test_calc_without_a_kpi_lists_the_kpis_with_a_formula(capsys) -> None:
    assert calc(capsys) == (
        2,
        "",
        "kpi-handbook calc: name a KPI: calc <kpi> input=value ...\n"
        "KPIs with a formula: ctr, nps\n",
    )


def test_calc_of_a_measured_kpi_says_it_has_no_formula(capsys) -> None:
    assert calc(capsys, "follower_count")[2] == (
        "kpi-handbook calc: follower_count is measured, not computed: "
        "it has no formula to calculate with\n"
    )


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (("clicks=0", "impressions=0"), "impressions is 0, but the formula divides by it"),
        (("clicks=9", "impressions=8"), "clicks is 9, but must be at most impressions (8)"),
        (("clicks=-1", "impressions=8"), "clicks is -1, but must be at least 0"),
    ],
)
def test_calc_errors_name_the_input_they_are_about(capsys, values, said) -> None:
    assert calc(capsys, "ctr", *values) == (2, "", f"kpi-handbook calc: {said}\n")


def test_calc_names_the_rule_and_its_message_when_the_inputs_disagree(capsys, tmp_path) -> None:
    catalog = tmp_path / "catalog.yaml"
    rule = (
        "      checks:\n        - rule: clicks <= impressions\n"
        "          message: {nl: Niet meer klikken dan vertoningen., en: No more clicks than "
        "impressions.}\n      example:\n        inputs: {clicks: 7"
    )
    text = MINI.read_text("utf-8").replace("          max: impressions\n", "")
    catalog.write_text(text.replace("      example:\n        inputs: {clicks: 7", rule), "utf-8")
    assert run(capsys, "calc", "--catalog", str(catalog), "ctr", "clicks=9", "impressions=8") == (
        2,
        "",
        "kpi-handbook calc: the inputs break the rule `clicks <= impressions`: "
        "No more clicks than impressions.\n",
    )


def test_calc_refuses_a_result_too_wide_to_compute_exactly(capsys) -> None:
    """The exact CLV is 999999999999997000000000000002999999999999999; calc showed
    999.999.999.999.997.000.000.000.000.003.000.000.000.000.000,00."""
    nines = "999.999.999.999.999"
    values = [f"{name}={nines}" for name in ("aov", "purchase_frequency", "lifespan_years")]
    catalog = str(ROOT / "catalog.yaml")
    assert run(capsys, "calc", "--catalog", catalog, "clv", *values, "gross_margin_pct=100") == (
        2,
        "",
        "kpi-handbook calc: the result is too large to calculate; use smaller numbers\n",
    )


def test_calc_says_which_input_is_an_exponent_beyond_100(capsys, tmp_path) -> None:
    catalog = tmp_path / "catalog.yaml"
    power = "100 * clicks / impressions * 1 ** clicks"
    catalog.write_text(
        MINI.read_text("utf-8").replace("100 * clicks / impressions", power), "utf-8"
    )
    assert run(
        capsys, "calc", "--catalog", str(catalog), "ctr", "clicks=101", "impressions=200"
    ) == (
        2,
        "",
        "kpi-handbook calc: clicks is 101, but it is an exponent in the formula, "
        "so it must be at most 100\n",
    )


# --- validate, build and serve ------------------------------------------------------------------


def test_validate_with_a_missing_site_config_says_so_in_one_line(capsys) -> None:
    assert run(capsys, "validate", str(MINI), "-f", "missing.yml") == (
        1,
        "",
        "kpi-handbook validate: missing.yml: no such site config (given with -f)\n",
    )


def test_validate_without_a_site_config_checks_the_catalog_alone(
    capsys, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate", str(MINI))
    assert (code, out.split(": OK")[0]) == (0, str(MINI))


def test_validate_without_a_site_config_says_the_gates_were_not_run(
    capsys, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert "without the quality gates of a site" in run(capsys, "validate", str(MINI))[1]


def test_validate_finds_the_site_config_beside_the_catalog(capsys, tmp_path, monkeypatch) -> None:
    """From another folder, the catalog is judged by the gates its own site would apply."""
    monkeypatch.chdir(tmp_path)
    catalog = ROOT / "catalog.yaml"
    code, out, _ = run(capsys, "validate", str(catalog))
    assert (code, out) == (0, f"{catalog}: OK — 15 goals, 116 KPIs, 164 links, 89 formulas\n")


def test_validate_with_a_folder_as_site_config_says_so(capsys, tmp_path) -> None:
    assert run(capsys, "validate", str(MINI), "-f", str(tmp_path)) == (
        1,
        "",
        f"kpi-handbook validate: {tmp_path}: a folder, not a site config (given with -f)\n",
    )


def test_build_with_a_missing_site_config_says_so_in_one_line(capsys) -> None:
    code, _, err = run(capsys, "build", "-f", str(ROOT / "missing.yml"))
    assert (code, err) == (1, f"kpi-handbook build: {ROOT / 'missing.yml'}: no such site config\n")


def test_build_into_a_place_that_cannot_be_written_says_so_in_one_line(capsys, tmp_path) -> None:
    (tmp_path / "a-file").write_text("", "utf-8")
    target = tmp_path / "a-file" / "site"
    code, _, err = run(capsys, "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(target))
    said = f"cannot build into {target}: file exists ({tmp_path / 'a-file'})"
    assert (code, err) == (1, f"kpi-handbook build: {said}\n")


@pytest.mark.parametrize("folder", ["content", "content/nl", ".", "site_overrides"])
def test_build_never_replaces_a_folder_of_sources(capsys, folder: str) -> None:
    code, _, err = run(capsys, "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(ROOT / folder))
    assert code == 1
    assert err.startswith(f"kpi-handbook build: {(ROOT / folder).resolve()} ")
    assert "build into" in err
    assert (ROOT / "content" / "nl").is_dir()


def test_build_never_replaces_a_folder_that_holds_no_handbook(capsys, tmp_path) -> None:
    """A web root has an index.html too: only a handbook built before may be replaced."""
    (tmp_path / "index.html").write_text("<p>home</p>", "utf-8")
    (tmp_path / "precious.txt").write_text("keep me", "utf-8")
    code, _, err = run(capsys, "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path))
    assert code == 1
    assert err.startswith(f"kpi-handbook build: {tmp_path} is not empty and holds no handbook")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "precious.txt"]


def test_swapping_in_a_new_site_leaves_folders_named_like_its_scratch_alone(tmp_path) -> None:
    site, staging, neighbour = tmp_path / "site", tmp_path / ".site.build-1", tmp_path / ".site.old"
    for folder, text in ((site, "old"), (staging, "new"), (neighbour, "someone's")):
        folder.mkdir()
        (folder / "index.html").write_text(text, "utf-8")
    cli._swap(staging, site)
    assert (site / "index.html").read_text("utf-8") == "new"
    assert (neighbour / "index.html").read_text("utf-8") == "someone's"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.old", "site"]


@pytest.mark.parametrize("address", ["127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:x", "8000"])
def test_serve_on_an_address_that_is_no_host_and_port_says_so(capsys, address: str) -> None:
    code, _, err = run(capsys, "serve", "-f", str(ROOT / "mkdocs.yml"), "-a", address)
    assert (code, err) == (
        1,
        f"kpi-handbook serve: cannot serve on {address}: write the address as host:port, "
        "with a port from 1 to 65535; e.g. -a 127.0.0.1:8001\n",
    )


def test_serve_on_an_address_in_use_says_so_before_building(capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        code, _, err = run(capsys, "serve", "-f", str(ROOT / "mkdocs.yml"), "-a", address)
    assert code == 1
    assert err.endswith(
        f"kpi-handbook serve: cannot serve on {address}: address already in use; "
        "choose another address with -a, e.g. -a 127.0.0.1:8001\n"
    )
    assert "Building" not in err

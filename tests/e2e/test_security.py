"""Script payloads in catalog text and in addresses stay text, under the site's CSP.

The site here is built with the CLI from a copy of the project whose catalog carries payloads in
every text field: names, definitions, labels, hints, warnings, check messages, band labels,
aliases. It is served with the worker policy as an HTTP header on scripts, as the README asks of
a deployment, so Pyodide and the search index run under a policy too. A test fails on any dialog,
any element or global a payload would create, and any CSP violation, also one in a worker.
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Page, expect
from ruamel.yaml import YAML

from generator.security import content_security_policy, inline_scripts, script_hash

from ..site_server import SiteHandler, build_site, copy_project, serve_directory
from .conftest import PYODIDE_TIMEOUT_MS, instant_navigate, result_of

#: Appended to every catalog text. Each part sets ``window.__xss`` or adds a marked element if
#: it ever becomes markup: raw HTML, attribute break-outs, a Markdown link and attribute list,
#: and a title break-out (Material unescapes page titles in <title>).
PAYLOAD = (
    " <script>window.__xss='script';alert('script')</script>"
    "<img src=x onerror=\"window.__xss='img';alert('img')\">"
    "<svg onload=\"window.__xss='svg'\"></svg>"
    '"><b id="xss-double">'
    "'><b id='xss-single'>"
    "[link](javascript:window.__xss='link')"
    "</title><script>window.__xss='title'</script>"
    # Last, as Markdown reads an attribute list only at the end of a block.
    " {: onclick=\"window.__xss='attr_list'\" }"
)
#: Abbreviations are at most 12 characters.
SHORT_PAYLOAD = "<img src=x>"
#: Payloads for addresses: query parameters, Material's ?q= and ?h=, and the fragment.
URL_PAYLOADS = (
    "<img src=x onerror=\"window.__xss='url';alert('url')\">",
    "\"><script>window.__xss='url'</script>",
    "javascript:window.__xss='url'",
)
#: What a payload would add. Material's own search share link is the one `javascript:` link.
INJECTED = (
    "img[src='x'], #xss-double, #xss-single, svg[onload],"
    " a[href^='javascript:' i]:not([href='javascript:void(0)'])"
)

FINDINGS = """(injected) => ({
  global: window.__xss ?? null,
  injected: [...document.querySelectorAll(injected)].map(e => e.outerHTML),
  handlers: [...document.querySelectorAll("*")].flatMap(e => [...e.attributes]
    .filter(a => a.name.startsWith("on")).map(a => `${e.tagName} ${a.name}`)),
  violations: window.__cspViolations ?? [],
})"""
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def with_payloads(source: str) -> str:
    """The catalog with a payload appended to every text (different in nl and en, as required)."""
    yaml = YAML()
    yaml.width = 4096
    data = yaml.load(source)
    _inject(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _inject(node: object) -> None:
    if isinstance(node, dict):
        if set(node) == {"nl", "en"} and all(isinstance(text, str) for text in node.values()):
            for lang in ("nl", "en"):
                node[lang] = f"{node[lang]} ({lang}){PAYLOAD}"
            return
        for key, value in node.items():
            if key == "abbr":
                node[key] = SHORT_PAYLOAD
            elif key == "aliases":
                for names in value.values():
                    names.append(PAYLOAD.strip())
            elif key == "reference":
                node[key] = value + PAYLOAD
            else:
                _inject(value)
    elif isinstance(node, list):
        for item in node:
            _inject(item)


class _WorkerPolicyHandler(SiteHandler):
    """Sends the worker policy with every script, as the README tells a deployment to."""

    def end_headers(self) -> None:
        if urlsplit(self.path).path.endswith((".js", ".mjs")):
            self.send_header("Content-Security-Policy", content_security_policy())
        super().end_headers()


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory):
    """(site folder, URL) of the handbook built from a catalog full of payloads."""
    base = tmp_path_factory.mktemp("payload")
    project, site = base / "project", base / "site"
    copy_project(project)
    catalog = project / "catalog.yaml"
    catalog.write_text(with_payloads(catalog.read_text("utf-8")), "utf-8")
    site.mkdir()
    server, url = serve_directory(site, _WorkerPolicyHandler)
    result = build_site(site, url, project=project)
    assert result.returncode == 0, result.stderr[-5000:]
    yield site, url
    server.shutdown()


@pytest.fixture
def payload_url(payload_site) -> str:
    return payload_site[1]


@pytest.fixture
def own_site(payload_url: str) -> str:
    return payload_url


@pytest.fixture(autouse=True)
def alarms(page: Page):
    """Dialogs and CSP reports from the page and its workers; none may occur."""
    found: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("dialog", lambda dialog: (found.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if re.search(r"Content[ -]Security[ -]Policy", message.text)
            else None
        ),
    )
    yield found
    assert found == []


def assert_inert(page: Page, alarms: list[str]) -> None:
    """No payload became markup or code, and the policy blocked nothing."""
    findings = page.evaluate(FINDINGS, INJECTED)
    assert findings == {"global": None, "injected": [], "handlers": [], "violations": []}
    assert alarms == []


def _kpi_with_checks_and_bands(catalog):
    """A KPI whose first check is ``a >= b`` (so a=1, b=2 breaks it) and that has bands."""
    for kpi in catalog.with_formula():
        checks = kpi.formula.checks
        if kpi.bands and checks and re.fullmatch(r"\w+ >= \w+", checks[0].rule):
            return kpi
    for kpi in catalog.with_formula():
        if kpi.formula.checks and re.fullmatch(r"\w+ >= \w+", kpi.formula.checks[0].rule):
            return kpi
    raise AssertionError("no KPI with a check of the form a >= b")


def _pages(catalog) -> list[str]:
    vanity = next(
        goal
        for goal in catalog.goals
        if any(link.role == "vanity" for link in catalog.links_of_goal(goal.id))
    )
    measured = next(k for k in catalog.kpis.values() if k.formula is None)
    return [
        "/",
        "/goals/",
        f"/goals/{vanity.id}/",
        "/kpi/",
        f"/kpi/{measured.id}/",
        "/guide/method/",
        f"/en/goals/{vanity.id}/",
        f"/en/kpi/{measured.id}/",
    ]


def test_catalog_text_shows_as_text_on_every_kind_of_page(
    page: Page, payload_url: str, real_catalog, alarms
) -> None:
    for path in _pages(real_catalog):
        page.goto(payload_url + path)
        if "guide" not in path:
            expect(page.locator(".md-content")).to_contain_text("<script>window.__xss='script'")
        assert_inert(page, alarms)
    # Shown as written: the visible heading and the window title carry the payload as text.
    expect(page.locator("h1")).to_contain_text("<script>window.__xss='script'")
    assert "</title><script>" in page.title()


def test_calculator_texts_stay_text_in_labels_messages_and_bands(
    page: Page, payload_url: str, real_catalog, alarms
) -> None:
    kpi = _kpi_with_checks_and_bands(real_catalog)
    page.goto(f"{payload_url}/kpi/{kpi.id}/")
    form = page.locator(f'form.kpi-calculator[data-kpi="{kpi.id}"]')
    result_of(page, kpi.id)
    assert "<script>" in form.get_attribute("aria-label")
    expect(form.locator("label").first).to_contain_text("<img src=x onerror=")
    if kpi.bands:
        expect(form.locator(".kpi-calculator__band")).to_contain_text("<script>")
    bigger, smaller = re.fullmatch(r"(\w+) >= (\w+)", kpi.formula.checks[0].rule).groups()
    form.locator(f'input[name="{bigger}"]').fill("1")
    form.locator(f'input[name="{smaller}"]').fill("2")
    expect(form.locator('[role="alert"]', has_text="<script>").first).to_be_visible(
        timeout=PYODIDE_TIMEOUT_MS
    )
    assert_inert(page, alarms)


def test_search_results_show_payloads_as_text(
    page: Page, payload_url: str, real_catalog, alarms
) -> None:
    page.goto(payload_url + "/")
    box = page.locator("input.md-search__input")
    box.click()
    for query in (real_catalog.kpis["cac"].name.nl, "onerror", URL_PAYLOADS[0]):
        box.fill(query[:-1])
        box.press_sequentially(query[-1])
        if query != URL_PAYLOADS[0]:
            # The first search waits for the worker to index the (large) payload site.
            expect(page.locator(".md-search-result__item").first).to_contain_text(
                "<script>", timeout=60_000
            )
        page.wait_for_timeout(500)  # the list renders in batches
        assert_inert(page, alarms)


@pytest.mark.parametrize("payload", URL_PAYLOADS)
def test_query_values_fill_the_calculator_as_text(
    page: Page, payload_url: str, real_catalog, alarms, payload: str
) -> None:
    kpi = real_catalog.kpis["cac"]
    first, second = (item.id for item in kpi.formula.inputs[:2])
    page.goto(f"{payload_url}/kpi/cac/?{first}={quote(payload)}&{second}={quote(payload)}")
    form = page.locator('form.kpi-calculator[data-kpi="cac"]')
    expect(form.locator(f'input[name="{first}"]')).to_have_value(payload)
    expect(form.locator(f'[data-input="{first}"] [role="alert"]')).not_to_be_empty()
    assert_inert(page, alarms)


def test_a_share_link_carries_typed_text_back_as_text(page: Page, payload_url: str, alarms) -> None:
    """Text that is no number travels in a share link as typed (``~...``) and comes back inert."""
    page.goto(f"{payload_url}/kpi/cac/")
    result_of(page, "cac")
    form = page.locator('form.kpi-calculator[data-kpi="cac"]')
    for payload in URL_PAYLOADS:
        field = form.locator('input[name="marketing_cost"]')
        field.fill(payload)
        field.press("Tab")
        expect(form.locator('[data-input="marketing_cost"] [role="alert"]')).not_to_be_empty()
        form.locator('[data-action="share"]').click()
        page.wait_for_function("() => location.search.includes('marketing_cost=%7E')")
        page.goto(page.url)
        expect(field).to_have_value(payload)
        expect(form.locator('[data-input="marketing_cost"] [role="alert"]')).not_to_be_empty()
        assert_inert(page, alarms)
        page.goto(f"{payload_url}/kpi/cac/")


@pytest.mark.parametrize("payload", URL_PAYLOADS)
@pytest.mark.parametrize("where", ["?q=", "kpi/cac/?h=", "kpi/cac/#"])
def test_search_query_highlight_and_fragment_stay_text(
    page: Page, payload_url: str, alarms, where: str, payload: str
) -> None:
    page.goto(f"{payload_url}/{where}{quote(payload)}")
    if where == "?q=":
        expect(page.locator("input.md-search__input")).to_have_value(payload)
        expect(page.locator(".md-search-result__meta")).not_to_be_empty()
    page.wait_for_timeout(500)
    assert_inert(page, alarms)


def test_pyodide_search_and_instant_navigation_run_under_the_policy(
    page: Page, payload_url: str, alarms
) -> None:
    worker_policies = []
    page.on(
        "response",
        lambda response: (
            worker_policies.append(response.headers.get("content-security-policy"))
            if response.url.endswith("/assets/calculator/worker.js")
            else None
        ),
    )
    page.goto(payload_url + "/kpi/cac/")
    result_of(page, "cac")
    assert worker_policies == [content_security_policy()]
    instant_navigate(page, payload_url + "/kpi/clv_cac_ratio/")
    assert result_of(page, "clv_cac_ratio", timeout=10_000) != ""
    assert page.evaluate("window.kpiHandbook.bootCount") == 1
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("cac")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert_inert(page, alarms)


def test_every_page_starts_with_a_policy_that_allows_just_its_inline_scripts(
    payload_site,
) -> None:
    site = payload_site[0]
    pages = list(site.rglob("*.html"))
    assert len(pages) > 200
    policy = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
    for path in pages:
        html = path.read_text("utf-8")
        found = policy.findall(html)
        assert len(found) == 1, path
        assert html.index(found[0]) < html.index("<script"), path
        sources = found[0].split("script-src ", 1)[1].split(";", 1)[0].split()
        hashes = dict.fromkeys(script_hash(body) for body in inline_scripts(html))
        assert sources == ["'self'", "'wasm-unsafe-eval'", *hashes], path

"""No broken internal link: every page of both languages, every href and src, every #anchor.

The strict build already fails on a Markdown link to a missing page. This crawls what readers
get, the built HTML, including what the theme, the templates and the catalog put there: a link
to a page, an anchor within a page, a stylesheet, a script or an image must resolve to a file of
the site (and the anchor to an id in it).
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

#: Attributes that hold a URL the browser follows or loads.
URL_ATTRIBUTES = {"href", "src"}
OUTSIDE = "(outside)"


class _Page(HTMLParser):
    """The ids of a page and the URLs it links to or loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES and not (tag == "link" and _is_hint(attrs)):
                self.urls.append(value)


def _is_hint(attrs: list[tuple[str, str | None]]) -> bool:
    """A canonical or alternate link names the page's public address, not a file to load."""
    rel = dict(attrs).get("rel") or ""
    return bool({"canonical", "alternate"} & set(rel.split()))


class Site:
    """The built site's pages, parsed once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: dict[str, _Page] = {}
        for path in sorted(root.rglob("*.html")):
            page = _Page()
            page.feed(path.read_text("utf-8"))
            self.pages[path.relative_to(root).as_posix()] = page

    def target(self, page: str, url: str) -> tuple[str | None, str]:
        """The file ``url`` on ``page`` leads to (None if outside the site), and its fragment."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None, ""
        if not parts.path:
            return page, parts.fragment
        # Root-relative URLs (the 404 page has them) start at the site's address: "/" here.
        base = "" if parts.path.startswith("/") else posixpath.dirname(page)
        path = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
        if path.startswith("../") or path == "..":
            return OUTSIDE, parts.fragment
        if parts.path.endswith("/") or (self.root / path).is_dir():
            path = posixpath.join(path, "index.html").removeprefix("./")
        return path, parts.fragment

    def broken(self) -> list[str]:
        problems = []
        for page, parsed in self.pages.items():
            for url in parsed.urls:
                problem = self.check(page, url)
                if problem:
                    problems.append(f"{page}: {url} ({problem})")
        return problems

    def check(self, page: str, url: str) -> str:
        if url.startswith(("mailto:", "tel:", "data:", "javascript:", "blob:")):
            return ""
        path, fragment = self.target(page, url)
        if path is None:
            return ""
        if path == OUTSIDE:
            return "leads out of the site folder"
        if not (self.root / path).is_file():
            return f"no file {path}"
        if fragment and path.endswith(".html") and fragment not in self.pages[path].ids:
            return f"no id {fragment!r} in {path}"
        return ""


@pytest.fixture(scope="module")
def site(built_site: Path) -> Site:
    return Site(built_site)


def test_both_languages_are_crawled(site: Site, real_catalog) -> None:
    for prefix in ("", "en/"):
        assert f"{prefix}index.html" in site.pages
        for kpi_id in real_catalog.kpis:
            assert f"{prefix}kpi/{kpi_id}/index.html" in site.pages


def test_every_internal_link_and_asset_resolves(site: Site) -> None:
    assert site.broken() == []


def test_the_checker_sees_a_broken_page_link_anchor_and_asset(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">A</h2>', "utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="#top" id="top">ok</a>'
        '<a href="https://example.org/">outside</a><link rel="canonical" href="/x/">'
        '<a href="/a/#here">root-relative</a>'
        '<a href="b/">page</a><a href="a/#gone">anchor</a><script src="x.js"></script>'
        '<a href="../up/">up</a>',
        "utf-8",
    )
    assert Site(tmp_path).broken() == [
        "index.html: b/ (no file b/index.html)",
        "index.html: a/#gone (no id 'gone' in a/index.html)",
        "index.html: x.js (no file x.js)",
        "index.html: ../up/ (leads out of the site folder)",
    ]

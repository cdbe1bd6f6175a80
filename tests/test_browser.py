"""The built sample site in a real browser (Debian's chromium through Playwright), from file://."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, BuiltJournal
from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

STYLESHEET = REPO / "templates/static/style.css"


def font_families(value: str) -> list[str]:
    """The family names of a CSS font-family value, unquoted: `"Iowan Old Style", serif`."""
    return [name.strip().strip("\"'") for name in value.split(",")]


def theme_body_fonts() -> list[str]:
    """The font stack the theme's `body` rule names, its var() looked up in the theme's `:root`."""
    css = STYLESHEET.read_text(encoding="utf-8")
    body = re.search(r"^body\s*\{([^}]*)\}", css, re.MULTILINE)
    root = re.search(r"^:root\s*\{([^}]*)\}", css, re.MULTILINE)
    assert body and root, f"{STYLESHEET} has no top-level body or :root rule"
    family = re.search(r"(?<![\w-])font-family\s*:\s*([^;]+);", body.group(1))
    assert family, f"the body rule of {STYLESHEET} names no font-family"

    def variable(match: re.Match[str]) -> str:
        value = re.search(rf"(?<![\w-]){match.group(1)}\s*:\s*([^;]+);", root.group(1))
        assert value, f"{match.group(1)} is not set in the :root rule of {STYLESHEET}"
        return value.group(1)

    return font_families(re.sub(r"var\((--[\w-]+)\)", variable, family.group(1)))


@pytest.fixture(scope="module")
def site(built_journal: BuiltJournal) -> Path:
    return built_journal().site


class Watched:
    """A page that records every request, failed request, console error and page error."""

    def __init__(self, context: BrowserContext) -> None:
        self.page: Page = context.new_page()
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"))
        self.page.on(
            "console",
            lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context()
    yield Watched(context)
    context.close()


def test_follow_links_from_the_index_by_clicking(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "index.html").as_uri())
    assert page.title() == "My KAP journal"

    first = page.locator(".entry-item-title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith((site / "entries").as_uri() + "/") and page.url.endswith(".html")
    assert page.locator("h1").inner_text() == title

    chip = page.locator(".chips-tags a").first
    tag = chip.inner_text()
    chip.click()
    page.wait_for_load_state()
    assert page.url.startswith((site / "tags").as_uri() + "/")
    assert page.locator("h1").inner_text() == f"Tag: {tag}"
    assert page.locator(".entry-item").count() >= 1

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    page.wait_for_load_state()
    assert page.url == (site / "timeline.html").as_uri()
    assert page.locator("h1").inner_text() == "Timeline"
    assert page.locator(".followups a").count() > 5

    page.locator(".followups a").first.click()
    page.wait_for_load_state()
    page.locator(".entry-session a").click()
    page.wait_for_load_state()
    assert page.locator(".entry-meta .kind").inner_text().startswith("Session #")

    assert watched.problems == []
    site_prefix = site.as_uri() + "/"
    assert [u for u in watched.requests if not u.startswith(site_prefix)] == []
    assert any(u.endswith("/assets/style.css") for u in watched.requests)


def test_every_page_loads_cleanly(site: Path, watched: Watched) -> None:
    """No failed request, console error (a CSP violation is one) or outside request on any page."""
    page = watched.page
    pages = sorted(site.rglob("*.html"))
    fonts = theme_body_fonts()
    assert len(fonts) > 1, fonts
    for path in pages:
        page.goto(path.as_uri())
        assert page.evaluate("document.styleSheets.length") == 1, path
        assert font_families(page.evaluate("getComputedStyle(document.body).fontFamily")) == fonts, path
    assert watched.problems == []
    site_prefix = site.as_uri() + "/"
    assert [u for u in watched.requests if not u.startswith(site_prefix)] == []


def test_stylesheet_and_image_load_from_file(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "entries/2026/2026-10-25-morning-after-the-home-session.html").as_uri())
    image = page.locator(".entry-body img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    # The theme's stylesheet applied (not the browser's defaults): the reading column and colours.
    assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(251, 248, 243)"
    assert watched.problems == []


@pytest.mark.parametrize(
    "rel",
    [
        "index.html",
        "timeline.html",
        "tags/index.html",
        "entries/2026/2026-09-02-sleep-two-weeks-in.html",  # a table
        "entries/2026/2026-09-09-third-infusion.html",  # a session with everything
        "entries/2026/2026-10-25-morning-after-the-home-session.html",  # an image
        "entries/2026/notes/2026-10-14-reading-about-the-spray.html",  # footnotes, a long link
        "measures.html",  # charts, and the lift tables
        "body.html",
        "threads.html",
        "threads/session-what-do-i-want-to-invite-in.html",  # answers with their pager
    ],
)
def test_no_horizontal_scroll_on_a_phone(site: Path, browser: Browser, rel: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto((site / rel).as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{rel} is {width}px wide at a 390px viewport"
    finally:
        context.close()


def test_dark_mode_changes_the_colours(site: Path, browser: Browser) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto((site / "index.html").as_uri())
            colours[scheme] = page.evaluate(
                "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
            )
        finally:
            context.close()
    assert colours["light"][0] != colours["dark"][0]
    assert colours["light"][1] != colours["dark"][1]
    assert colours["dark"][0] == "rgb(29, 27, 25)"


def test_print_stylesheet_hides_navigation(site: Path, watched: Watched) -> None:
    page = watched.page
    page.goto((site / "entries/2026/2026-09-09-third-infusion.html").as_uri())
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator(".pager").is_hidden()
    assert page.locator("footer .crisis").is_visible()

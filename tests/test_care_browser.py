"""The pages a person sees in a hard moment, in a real browser at phone and desktop width: the
sample journal's severe entry, its safety plan and the unlock page of the locked sample. Each
shows the crisis text on its first screen, calmly (no red, no exclamation mark), has the safety
plan within reach (never on the unlock page, where it waits behind the password), and axe finds
nothing serious or critical on it, in light and in dark mode."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import BuiltJournal
from playwright.sync_api import Browser, Locator, Page, expect

pytestmark = pytest.mark.browser

HARD = "entries/2026/2026-10-17-a-hard-week.html"
PLAN = "entries/safety-plan.html"
PASSWORD = "a quiet harbour at seven"
SIZES = {"phone": (390, 844), "desktop": (1100, 900)}
SCREENS = [("phone", "light"), ("desktop", "dark")]
"""Each width once, each colour scheme once."""


@pytest.fixture(scope="module")
def site(built_journal: BuiltJournal) -> Path:
    return built_journal().site


@contextlib.contextmanager
def opened(browser: Browser, url: str, size: str, scheme: str) -> Iterator[Page]:
    """A page at `url` in a browser window of this size and colour scheme, closed afterwards."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url)
        yield page
    finally:
        context.close()


def serious_violations(page: Page) -> list[str]:
    # preload: false keeps axe from fetching the stylesheet with XHR, which file:// forbids.
    results = Axe().run(page, options={"resultTypes": ["violations"], "preload": False})
    assert results.response["passes"], "axe ran no checks"
    return [
        f"{v['id']} [{v['impact']}]: {[', '.join(n['target']) for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_calm_and_in_sight(page: Page, help_text: Locator) -> None:
    """Visible on the first screen, without an exclamation mark, and nothing of it in red."""
    expect(help_text).to_be_visible()
    expect(help_text).to_contain_text("988")
    assert "!" not in help_text.inner_text()
    box = help_text.bounding_box()
    assert box is not None and box["y"] + 40 < page.viewport_size["height"], box  # no scrolling
    colours = help_text.evaluate(
        "el => [el, ...el.querySelectorAll('*')].flatMap(e => { const s = getComputedStyle(e);"
        " return [s.color, s.backgroundColor, s.borderLeftColor]; })"
    )
    for colour in colours:
        r, g, b = (int(n) for n in re.findall(r"\d+", colour)[:3])
        assert not (r > 150 and r > g + 60 and r > b + 60), f"{colour} is red"


def header_plan_link(page: Page) -> Locator:
    return page.locator("header.site-header .site-plan").get_by_role("link", name="Safety plan")


@pytest.mark.parametrize(("size", "scheme"), SCREENS)
def test_a_severe_entry_has_the_crisis_text_and_the_safety_plan_in_reach(
    browser: Browser, site: Path, size: str, scheme: str
) -> None:
    with opened(browser, (site / HARD).as_uri(), size, scheme) as page:
        care = page.locator("aside.care")
        assert_calm_and_in_sight(page, care)
        expect(page.locator(".facts")).to_contain_text("22 of 27 · severe")
        expect(header_plan_link(page)).to_be_visible()
        assert page.locator("nav.site-nav .site-plan").count() == 0  # beside the navigation, not in it
        assert serious_violations(page) == []
        care.get_by_role("link", name="Read your safety plan").click()
        expect(page.locator("h1")).to_have_text("My safety plan")


@pytest.mark.parametrize(("size", "scheme"), SCREENS)
def test_the_safety_plan_has_the_crisis_text_at_its_top(
    browser: Browser, site: Path, size: str, scheme: str
) -> None:
    with opened(browser, (site / PLAN).as_uri(), size, scheme) as page:
        assert_calm_and_in_sight(page, page.locator(".entry-header .care-line"))
        link = header_plan_link(page)
        expect(link).to_be_visible()
        expect(link).to_have_attribute("aria-current", "page")
        expect(page.locator(".entry-body")).to_contain_text("Lena: 0170 555 0142")
        assert serious_violations(page) == []


@pytest.mark.parametrize(("size", "scheme"), SCREENS)
def test_the_unlock_page_shows_the_crisis_text_and_the_plan_waits_behind_the_password(
    browser: Browser, built_journal: BuiltJournal, size: str, scheme: str
) -> None:
    locked = built_journal(password=PASSWORD).site
    with opened(browser, (locked / "index.html").as_uri(), size, scheme) as page:
        assert_calm_and_in_sight(page, page.locator("#jg-lock .jg-crisis"))
        assert "safety plan" not in page.locator("body").inner_text().casefold()
        assert serious_violations(page) == []
        page.fill("#jg-password", PASSWORD)
        page.click("#jg-unlock")
        link = header_plan_link(page)
        expect(link).to_be_visible()
        link.click()
        expect(page.locator("h1")).to_have_text("My safety plan")
        expect(page.locator(".entry-body")).to_contain_text("Lena: 0170 555 0142")
        expect(page.locator(".entry-header .care-line")).to_contain_text("988")


def test_the_safety_plans_words_are_found_by_the_search(browser: Browser, site: Path) -> None:
    with opened(browser, (site / "search.html").as_uri(), "desktop", "light") as page:
        page.get_by_label("Words in a title or entry").fill("Okafor")  # only in the safety plan
        results = page.locator("#search-results li")
        expect(results).to_have_count(1)
        expect(results.locator(".entry-item-meta")).to_have_text(
            "Note"
        )  # a note, like every file without a date
        results.get_by_role("link", name="My safety plan").click()
        expect(page.locator("h1")).to_have_text("My safety plan")

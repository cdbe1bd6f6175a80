"""The search page in a real browser, opened from file://, driven by the keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BuiltJournal, entry
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

FILES = {
    "2025/2025-11-30-letter.md": entry(
        "title: A letter\nemotions: [relief]",
        "Wrote to my teacher about the cello lessons.\n",
    ),
    "2026/2026-03-02-session.md": entry(
        "title: Session one\nkind: session\nroute: iv\nemotions: [calm]\ntags: [music]",
        "The cello again, far away.\n",
    ),
    "2026/2026-03-03-after.md": entry(
        "title: Day after one\nkind: follow-up\nemotions: [grief, calm]",
        "Toast and marmalade in the garden. Dad's workshop came back.\n",
    ),
    "2026/2026-03-10-walk.md": entry(
        "title: A walk\nemotions: [joy]\ntags: [nature]",
        "Beech wood, wet leaves and marmalade sandwiches.\n",
    ),
}


@pytest.fixture(scope="module")
def site(built_journal: BuiltJournal) -> Path:
    return built_journal(FILES, today="2026-03-20").site


@pytest.fixture
def page(browser: Browser, site: Path) -> Iterator[Page]:
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((site / "search.html").as_uri())
    yield page
    assert all(url.startswith("file://") for url in requests), requests
    assert not errors, errors
    page.close()


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching selector has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return
    raise AssertionError(f"{selector} never received focus by Tab")


def test_find_by_a_word_in_the_body_then_open_it(page: Page, site: Path) -> None:
    assert page.locator("#search-ui").is_visible()
    tab_to(page, "#q")
    page.keyboard.type("workshop")
    status = page.get_by_role("status")
    assert status.text_content() == "1 entry found."
    results = page.locator("#search-results a")
    assert results.all_text_contents() == ["Day after one"]
    tab_to(page, "#search-results a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/entries/2026/2026-03-03-after.html")
    assert page.locator("h1").text_content() == "Day after one"


def test_search_joins_the_files_of_every_month_newest_first(page: Page, site: Path) -> None:
    assert sorted(p.name for p in (site / "assets" / "search").iterdir()) == ["2025-11.js", "2026-03.js"]
    page.locator("#q").fill("cello")
    assert page.get_by_role("status").text_content() == "2 entries found."
    assert page.locator("#search-results a").all_text_contents() == ["Session one", "A letter"]
    page.locator("#q").fill("")
    page.locator("#f-from").fill("2025-01-01")
    titles = ["A walk", "Day after one", "Session one", "A letter"]
    assert page.locator("#search-results a").all_text_contents() == titles


def test_filter_by_emotion_with_the_keyboard(page: Page) -> None:
    tab_to(page, "#q")
    page.keyboard.type("marmalade")
    assert page.get_by_role("status").text_content() == "2 entries found."
    tab_to(page, "#f-emotion")
    page.keyboard.press("ArrowDown")  # any emotion → calm (options are alphabetical)
    assert page.locator("#f-emotion").input_value() == "calm"
    assert page.locator("#search-results a").all_text_contents() == ["Day after one"]
    page.keyboard.press("ArrowDown")  # → grief
    assert page.locator("#f-emotion").input_value() == "grief"
    assert page.locator("#search-results a").all_text_contents() == ["Day after one"]
    page.keyboard.press("ArrowDown")  # → joy
    assert page.locator("#search-results a").all_text_contents() == ["A walk"]
    tab_to(page, "#search-results a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/entries/2026/2026-03-10-walk.html")


def test_filters_alone_and_dates(page: Page) -> None:
    tab_to(page, "#f-kind")
    page.keyboard.press("ArrowDown")  # → session
    assert page.locator("#search-results a").all_text_contents() == ["Session one"]
    page.locator("#f-kind").select_option("")
    page.locator("#f-from").fill("2026-03-03")
    assert page.locator("#search-results a").all_text_contents() == ["A walk", "Day after one"]
    page.locator("#f-to").fill("2026-03-05")
    assert page.locator("#search-results a").all_text_contents() == ["Day after one"]
    page.locator("#q").fill("nothing-like-this")
    assert page.get_by_role("status").text_content() == "No entries found."


def test_without_javascript_the_page_says_so(browser: Browser, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "search.html").as_uri())
    assert not page.locator("#search-ui").is_visible()
    message = page.locator("noscript p, main p.lede").first
    assert "Search needs JavaScript" in (message.text_content() or "")
    assert page.get_by_role("link", name="tag", exact=True).get_attribute("href") == "tags/index.html"
    assert page.get_by_role("link", name="timeline", exact=True).get_attribute("href") == "timeline.html"
    context.close()


ODD_NAMES = {
    "2026/2026-04-01-a#b.md": entry("title: A hash in its name", "Lanterns over the lake.\n"),
    "2026/2026-04-02-why?.md": entry("title: A question in its name", "Lanterns again.\n"),
    "2026/2026-04-03-all 100%.md": entry("title: A percent in its name", "Lanterns, a third time.\n"),
    "2026/2026-04-04-50%25.md": entry("title: An escape in its name", "Lanterns, a fourth time.\n"),
}


def test_results_open_entries_whose_file_names_hold_hash_question_mark_or_percent(
    browser: Browser, built_journal: BuiltJournal
) -> None:
    site = built_journal(ODD_NAMES, today="2026-04-20").site
    for title in (
        "A hash in its name",
        "A question in its name",
        "A percent in its name",
        "An escape in its name",
    ):
        page = browser.new_page()
        try:
            page.goto((site / "search.html").as_uri())
            page.locator("#q").fill("lanterns")
            assert page.get_by_role("status").text_content() == "4 entries found."
            page.get_by_role("link", name=title).click()
            page.wait_for_load_state()
            assert page.locator("h1").text_content() == title
        finally:
            page.close()


def test_notes_are_found_after_the_entries(browser: Browser, built_journal: BuiltJournal) -> None:
    files = {
        **FILES,
        "medication.md": entry("title: Medication", "Sertraline in the morning, with the marmalade.\n"),
    }
    site = built_journal(files, today="2026-03-20").site
    assert sorted(p.name for p in (site / "assets" / "search").iterdir()) == [
        "2025-11.js",
        "2026-03.js",
        "notes.js",
    ]
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "search.html").as_uri())
    page.locator("#q").fill("marmalade")
    assert page.get_by_role("status").text_content() == "3 entries found."
    assert page.locator("#search-results a").all_text_contents() == ["A walk", "Day after one", "Medication"]
    assert page.locator("#search-results .entry-item-meta").last.text_content() == "Note"
    page.locator("#f-kind").select_option("note")
    assert page.locator("#search-results a").all_text_contents() == ["Medication"]
    assert not errors, errors
    page.close()

"""Is it working, in a real browser: the lift, the Body page and the Threads page of the sample
journal, opened from disk (file://) and in a locked site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BuiltJournal
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "a quiet harbour at seven"


def problems_of(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(str(e)))
    page.on("requestfailed", lambda r: found.append(f"failed: {r.url}"))
    return found


def walk(page: Page) -> None:
    """From the home page to the Threads, Body and Measures pages and a session's lift, by clicking."""
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Threads").click()
    expect(page.locator("h1")).to_have_text("Threads")
    page.locator(".thread-index").get_by_role("link", name="What has shifted, what has stayed?").click()
    expect(page.locator("h1")).to_have_text("What has shifted, what has stayed?")
    image = page.locator(".answer-body img")
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0  # an answer's image, from its entry's folder
    page.get_by_role("link", name="All threads").click()
    page.locator(".thread-index").get_by_role("link", name="What do I want to invite in?").click()
    expect(page.locator("h1")).to_have_text("What do I want to invite in?")
    thread = page.locator("ol.answers")
    expect(thread.locator("li.answer")).to_have_count(5)
    thread.get_by_role("link", name="Session #3").click()
    expect(page.locator("h1")).to_have_text("Third infusion")

    lift = page.locator(".arc-lift")
    expect(lift.get_by_role("img", name="Mood by days after session #3")).to_be_visible()
    expect(lift.locator("tbody tr").first).to_contain_text("still above")
    expect(page.locator(".body-facts")).to_contain_text("7 of 10")

    nav.get_by_role("link", name="Body").click()
    expect(page.locator("h1")).to_have_text("Body")
    expect(page.get_by_role("img", name="Dissociation, session by session")).to_be_visible()
    expect(page.get_by_role("table").first.locator("tbody tr")).to_have_count(7)

    nav.get_by_role("link", name="Measures").click()
    expect(page.get_by_role("img", name="Mood by days after each session")).to_be_visible()
    expect(page.locator(".measure-outcome").first).to_contain_text("Response")


def test_from_disk(browser: Browser, built_journal: BuiltJournal) -> None:
    page = browser.new_page()
    found = problems_of(page)
    page.goto((built_journal().site / "index.html").as_uri())
    walk(page)
    assert found == []
    page.close()


def test_in_a_locked_site(browser: Browser, built_journal: BuiltJournal) -> None:
    site: Path = built_journal(password=PASSWORD).site
    page = browser.new_page()
    found = problems_of(page)
    page.goto((site / "index.html").as_uri())
    page.fill("#jg-password", PASSWORD)
    page.click("#jg-unlock")
    expect(page.locator("h1")).to_have_text("My KAP journal")
    walk(page)
    expect(page).to_have_url(re.compile(r"/index\.html#![\w-]+$"))  # the address names nothing
    assert found == []
    page.close()

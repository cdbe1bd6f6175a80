"""In Chromium: an SVG attachment that could run, opened by itself from the site, runs nothing, and
shows the very same drawing as the original does as an image; an HTML attachment shows its words
and picture and runs nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import MakeJournal, entry
from helpers import build_site

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

SHAPES = (
    '<rect x="10" y="10" width="80" height="30" fill="teal"/>'
    '<circle cx="50" cy="25" r="20" fill="none" stroke="black"/>'
)
SCRIPT = "<script>document.documentElement.setAttribute('data-ran', 'yes')</script>"
SIZES = {
    "both.svg": 'width="200" height="100" viewBox="0 0 100 50"',
    "box.svg": 'viewBox="0 0 100 50"',
    "size.svg": 'width="100" height="50"',
    "none.svg": "",
    "fit.svg": 'width="300" height="100" viewBox="0 0 100 50" preserveAspectRatio="xMinYMax meet"',
    "slice.svg": "width='120' height='100' viewBox='0 0 100 50' preserveAspectRatio='xMidYMid slice'",
    "moved.svg": 'width="200" height="100" viewBox="-20 5 100 50"',
}


def test_a_risky_svg_runs_nothing_and_looks_the_same(make_journal: MakeJournal, browser: Browser) -> None:
    files: dict[str, str] = {"x.md": entry("date: 2026-11-20", "![a](both.svg)\n")}
    for name, size in SIZES.items():
        files[name] = f'<svg xmlns="http://www.w3.org/2000/svg" {size}>{SHAPES}{SCRIPT}</svg>'
    root = make_journal(files)
    site = build_site(root)
    page = browser.new_page(viewport={"width": 400, "height": 300})
    try:
        for name in SIZES:
            original, published = root / "entries" / name, site / "entries" / name
            page.goto(original.as_uri())
            assert page.evaluate("document.documentElement.getAttribute('data-ran')") == "yes"  # it would run
            page.goto(published.as_uri())
            assert page.evaluate("document.documentElement.getAttribute('data-ran')") is None, name
            shots = []
            for svg in (original, published):
                frame = root / "frame.html"
                frame.write_text(f'<!DOCTYPE html><body style="margin:0"><img src="{svg.as_uri()}">', "utf-8")
                page.goto(frame.as_uri())
                page.wait_for_function("document.images[0].complete && document.images[0].naturalWidth > 0")
                shots.append(page.screenshot())
            assert shots[0] == shots[1], name
    finally:
        page.close()


def test_an_html_attachment_shows_its_words_and_runs_nothing(
    make_journal: MakeJournal, browser: Browser
) -> None:
    letter = (
        '<!DOCTYPE html><title>Letter</title><meta http-equiv="refresh" content="0;url=away.html">'
        '<script>document.documentElement.setAttribute("data-ran", "yes")</script>'
        '<body><p id="words">Words of the letter.</p><img src="dot.svg" alt="dot"></body>'
    )
    dot = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><circle cx="10" cy="10" r="8"/></svg>'
    )
    files = {"x.md": entry("date: 2026-11-20"), "letter.html": letter, "dot.svg": dot, "away.html": "<p>away"}
    root = make_journal(files)
    site = build_site(root)
    page = browser.new_page()
    try:
        page.goto((root / "entries/letter.html").as_uri())
        page.wait_for_url("**/away.html")  # as it is, it refreshes away (and its script ran before)
        # Published, its refresh never runs (a sandboxed frame has none; the policy refuses framing too).
        page.goto((site / "entries/letter.html").as_uri())
        frame = page.frame_locator("iframe")
        assert frame.locator("#words").inner_text() == "Words of the letter."
        frame.locator("img").evaluate("img => img.complete || new Promise(done => img.onload = done)")
        assert frame.locator("img").evaluate("img => img.naturalWidth") == 20  # its folder's pictures show
        assert frame.locator("html").evaluate("html => html.getAttribute('data-ran')") is None
        assert page.url.endswith("/site/entries/letter.html")
        assert page.frames[1].url == "about:srcdoc"
    finally:
        page.close()

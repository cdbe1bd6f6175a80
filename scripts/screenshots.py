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
    "home": "index.html",
    "sessions": "sessions.html",
    "measures": "measures.html",
    "lift": "measures.html#lifts-heading",
    "body": "body.html",
    "hard-week": "entries/2026/2026-10-17-a-hard-week.html",
    "safety-plan": "entries/safety-plan.html",
}
"""Name → page; with `#id`, the picture starts at that heading's section instead of the top.
`python scripts/screenshots.py hard-week safety-plan` takes only those."""
WIDTHS = {"phone": 390, "desktop": 1100}
HEIGHTS = {"phone": 1700, "desktop": 1400}
"""How much of each page to show (from the top): enough to see the pages, small enough for a README."""
SHORT = {"home": 820}
"""Pages shown shorter: the home page is the README's first picture, above the install lines."""
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
                for name, where in pages.items():
                    path, _, heading = where.partition("#")
                    page.goto((site / path).as_uri())
                    target = out_dir / f"{name.replace('/', '-').removesuffix('.html')}-{width_name}.png"
                    top = 0
                    if heading:
                        box = page.locator(f"section:has(> #{heading})").bounding_box()
                        top = int(box["y"]) if box else 0
                    tallest = min(HEIGHTS[width_name], SHORT.get(name, HEIGHTS[width_name]))
                    full = page.evaluate("document.documentElement.scrollHeight")
                    height = min(tallest, full - top)
                    clip = {"x": 0, "y": top, "width": width, "height": height}
                    page.screenshot(path=str(target), full_page=True, clip=clip)
                    print(f"{target.relative_to(REPO)}: {target.stat().st_size // 1024} KB")
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Print an export to PDF with headless Chromium: a throwaway profile, no network, no header or footer."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from journalgen.errors import JournalError

CHROMIUM_ENV = "JOURNALGEN_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PDF_TIMEOUT = 120


def find_chromium() -> str | None:
    """The Chromium (or Chrome) to print with: $JOURNALGEN_CHROMIUM, else the first on PATH."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return shutil.which(named)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(source: Path, target: Path) -> bytes:
    """Print an HTML file to PDF with headless Chromium, in a throwaway profile, offline: the PDF's
    bytes, for `target` (named in messages; the caller writes it)."""
    browser = find_chromium()
    if browser is None:
        named = os.environ.get(CHROMIUM_ENV)
        where = f"{CHROMIUM_ENV}={named} is not a program" if named else "Chromium is not installed"
        raise JournalError.at(
            str(target),
            None,
            f"no PDF: {where} (on Debian or Ubuntu: sudo apt install chromium). The HTML file is "
            "written; open it in a browser and print it to PDF from there.",
        )
    with tempfile.TemporaryDirectory(prefix="journalgen-pdf-") as scratch:
        out = Path(scratch) / "export.pdf"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-extensions",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(scratch) / 'profile'}",
            f"--print-to-pdf={out}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise JournalError.at(str(target), None, f"no PDF: Chromium did not finish ({exc})") from None
        if not out.is_file() or out.read_bytes()[:5] != b"%PDF-":
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise JournalError.at(str(target), None, f"no PDF: Chromium failed ({said[0]})")
        return out.read_bytes()

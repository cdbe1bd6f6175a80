"""Print an export to PDF with headless Chrome, Chromium or Edge: a throwaway profile, no network,
no header or footer. The browser is the one $JOURNALGEN_CHROME names, else the first found on the
PATH or where its installer puts it on Linux, macOS and Windows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

from journalgen.errors import JournalError

CHROME_ENV = "JOURNALGEN_CHROME"
OLD_CHROME_ENV = "JOURNALGEN_CHROMIUM"
"""The name this variable had before; still read when JOURNALGEN_CHROME is not set."""
PDF_TIMEOUT = 120

ON_PATH = (
    ("Chromium", ("chromium", "chromium-browser")),
    ("Google Chrome", ("google-chrome", "google-chrome-stable", "chrome")),
    ("Microsoft Edge", ("microsoft-edge", "microsoft-edge-stable", "msedge")),
)
"""Browser names and the commands they install on a PATH, most likely first."""

LINUX = (
    ("Chromium", "/usr/bin/chromium"),
    ("Chromium", "/usr/bin/chromium-browser"),
    ("Chromium", "/snap/bin/chromium"),
    ("Google Chrome", "/opt/google/chrome/chrome"),
    ("Microsoft Edge", "/opt/microsoft/msedge/msedge"),
)
MACOS_APPS = (
    ("Google Chrome", "Google Chrome.app/Contents/MacOS/Google Chrome"),
    ("Chromium", "Chromium.app/Contents/MacOS/Chromium"),
    ("Microsoft Edge", "Microsoft Edge.app/Contents/MacOS/Microsoft Edge"),
)
WINDOWS_APPS = (
    ("Google Chrome", r"Google\Chrome\Application\chrome.exe"),
    ("Microsoft Edge", r"Microsoft\Edge\Application\msedge.exe"),
    ("Chromium", r"Chromium\Application\chrome.exe"),
)
WINDOWS_FOLDERS = ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")


@dataclass(frozen=True)
class Browser:
    """The browser a PDF is printed with: its name for people, and its program."""

    name: str
    path: str

    def __str__(self) -> str:
        return f"{self.name} ({self.path})"


def usual_places(platform: str, environ: Mapping[str, str], home: PurePath) -> list[tuple[str, PurePath]]:
    """Where Chrome, Chromium and Edge are installed by default on this kind of system."""
    if platform == "darwin":
        folders = (PurePath("/Applications"), home / "Applications")
        return [(name, folder / app) for folder in folders for name, app in MACOS_APPS]
    if platform.startswith(("win", "cygwin")):
        bases = [PureWindowsPath(environ[var]) for var in WINDOWS_FOLDERS if environ.get(var)]
        return [(name, base / app) for base in bases for name, app in WINDOWS_APPS]
    return [(name, PurePath(path)) for name, path in LINUX]


def find_browser(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    is_file: Callable[[PurePath], bool] = lambda path: Path(path).is_file(),
) -> Browser | None:
    """The browser to print with: $JOURNALGEN_CHROME (a program or its path), else the first found
    on the PATH, else the first at its usual place. Raises JournalError when the variable names
    nothing runnable, so a PDF is never printed by another browser than the one asked for."""
    env = os.environ if environ is None else environ
    for variable in (CHROME_ENV, OLD_CHROME_ENV):
        named = env.get(variable, "").strip()
        if named:
            found = which(named)
            if found is None:
                raise JournalError.at(
                    variable,
                    None,
                    f"is set to {named!r}, which is not a program; point it at Chrome, Chromium or "
                    "Edge, or unset it to let journalgen look for one",
                )
            return Browser(f"the browser {variable} names", found)
    for name, commands in ON_PATH:
        for command in commands:
            found = which(command)
            if found:
                return Browser(name, found)
    for name, path in usual_places(platform, env, PurePath(os.path.expanduser("~"))):
        if is_file(path):
            return Browser(name, str(path))
    return None


def print_pdf(source: Path, target: Path) -> tuple[bytes, Browser]:
    """Print an HTML file to PDF with a headless browser, in a throwaway profile, offline: the PDF's
    bytes, for `target` (named in messages; the caller writes it), and the browser that printed it."""
    browser = find_browser()
    if browser is None:
        raise JournalError.at(
            str(target),
            None,
            "no PDF: found no Chrome, Chromium or Edge (on Debian or Ubuntu: sudo apt install chromium; "
            f"or set {CHROME_ENV} to one). The HTML file is written; open it in a browser and print it "
            "to PDF from there.",
        )
    with tempfile.TemporaryDirectory(prefix="journalgen-pdf-") as scratch:
        out = Path(scratch) / "export.pdf"
        command = [
            browser.path,
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
            raise JournalError.at(str(target), None, f"no PDF: {browser} did not finish ({exc})") from None
        if not out.is_file() or out.read_bytes()[:5] != b"%PDF-":
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise JournalError.at(str(target), None, f"no PDF: {browser} failed ({said[0]})")
        return out.read_bytes(), browser

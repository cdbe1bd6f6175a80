"""Which browser prints an export's PDF: the one named, else one on the PATH, else one where its
installer puts it on Linux, macOS or Windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from journalgen.errors import JournalError
from journalgen.pdf import Browser, find_browser

WINDOWS_ENV = {
    "PROGRAMFILES": "C:\\Program Files",
    "PROGRAMFILES(X86)": "C:\\Program Files (x86)",
    "LOCALAPPDATA": "C:\\Users\\sam\\AppData\\Local",
}


def found(platform: str, installed: str, environ: dict[str, str] | None = None) -> Browser | None:
    """What find_browser finds with nothing on the PATH and only `installed` on disk."""
    return find_browser(
        environ=environ or {}, platform=platform, which=lambda _: None, is_file=lambda p: str(p) == installed
    )


@pytest.mark.parametrize(
    ("platform", "installed", "name"),
    [
        ("linux", "/usr/bin/chromium", "Chromium"),
        ("linux", "/snap/bin/chromium", "Chromium"),
        ("linux", "/opt/google/chrome/chrome", "Google Chrome"),
        ("linux", "/opt/microsoft/msedge/msedge", "Microsoft Edge"),
        ("darwin", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "Google Chrome"),
        ("darwin", "/Applications/Chromium.app/Contents/MacOS/Chromium", "Chromium"),
        ("darwin", "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge", "Microsoft Edge"),
        ("win32", "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "Google Chrome"),
        ("win32", "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe", "Microsoft Edge"),
        ("win32", "C:\\Users\\sam\\AppData\\Local\\Chromium\\Application\\chrome.exe", "Chromium"),
    ],
)
def test_finds_each_browser_at_its_usual_place(platform: str, installed: str, name: str) -> None:
    assert found(platform, installed, WINDOWS_ENV) == Browser(name, installed)


def test_finds_chrome_in_the_users_own_applications_on_macos() -> None:
    home_app = str(Path.home() / "Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
    assert found("darwin", home_app) == Browser("Google Chrome", home_app)


def test_the_path_comes_before_the_usual_places() -> None:
    on_path = {"google-chrome": "/home/sam/bin/google-chrome"}
    browser = find_browser(environ={}, platform="linux", which=on_path.get, is_file=lambda p: True)
    assert browser == Browser("Google Chrome", "/home/sam/bin/google-chrome")


def test_nothing_installed_finds_nothing() -> None:
    for platform in ("linux", "darwin", "win32"):
        assert found(platform, "", WINDOWS_ENV) is None


@pytest.mark.parametrize("variable", ["JOURNALGEN_CHROME", "JOURNALGEN_CHROMIUM"])
def test_the_named_browser_wins_and_a_wrong_name_is_an_error(variable: str) -> None:
    programs = {"/opt/my-chrome": "/opt/my-chrome"}
    named = find_browser({variable: "/opt/my-chrome"}, "linux", programs.get, lambda p: True)
    assert named == Browser(f"the browser {variable} names", "/opt/my-chrome")
    with pytest.raises(JournalError, match=f"^{variable}: is set to 'nope', which is not a program"):
        find_browser({variable: "nope"}, "linux", programs.get, lambda p: True)

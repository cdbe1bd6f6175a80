"""Shared fixtures: a throwaway journal per test, journals built once per session to be read, the
real CLI and a browser."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest
from helpers import tree

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parent.parent
SAMPLE_ENTRIES = REPO / "entries"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
Files = Mapping[str, str | bytes]
"""A journal's files: paths below entries/ (or below the root when they start with "/"), with their
text or bytes."""

KEEP_EVENTS = """window.EventSource = class extends window.EventSource {
  constructor(...args) { super(...args); window.__testEvents = this; }
};"""
"""An init script that keeps the page's EventSource (serve's live reload) where a test can see it."""
LISTENING = "window.__testEvents !== undefined && window.__testEvents.readyState === EventSource.OPEN"
"""True once the page's live-reload connection is open, so the server will tell it of a rebuild."""


def wait_until_listening(page: Page, timeout: float = 15) -> None:
    """Wait until the page's live-reload connection is open (polled from here: the pages'
    Content-Security-Policy forbids the evaluated strings Playwright's own waiting uses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(LISTENING):
        if time.monotonic() > deadline:
            raise AssertionError("the page never opened its live-reload connection")
        page.wait_for_timeout(50)


def entry(front: str = "", body: str = "Some words.\n") -> str:
    """An entry file's text from front-matter lines and a body (both dedented)."""
    front = textwrap.dedent(front).strip("\n")
    return f"---\n{front}\n---\n{textwrap.dedent(body)}" if front else textwrap.dedent(body)


def write_journal(root: Path, files: Files | None = None, config: str | None = None) -> Path:
    """Write a journal's files (see Files) and journal.toml below root; return root."""
    (root / "entries").mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "journal.toml").write_text(textwrap.dedent(config), encoding="utf-8")
    for rel, content in (files or {}).items():
        path = root / rel.lstrip("/") if rel.startswith("/") else root / "entries" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


MakeJournal = Callable[..., Path]


@pytest.fixture
def make_journal(tmp_path: Path) -> MakeJournal:
    """Create a journal: `make_journal({"2026/a.md": text, ...}, config="title = 'x'")`.

    Keys are paths below entries/ (or below the root when they start with "/"); values are
    text or bytes. Returns the journal root.
    """

    def make(files: Files | None = None, config: str | None = None, name: str = "journal") -> Path:
        return write_journal(tmp_path / name, files, config)

    return make


def copy_sample(root: Path) -> Path:
    """Copy the repository's sample journal (entries/ and journal.toml) to root; return root."""
    shutil.copytree(SAMPLE_ENTRIES, root / "entries")
    if (REPO / "journal.toml").exists():
        shutil.copy(REPO / "journal.toml", root / "journal.toml")
    return root


def own_copy(root: Path, into: Path) -> Path:
    """A copy of a journal's entries/ and journal.toml at `into` (not its site or cache): for a test
    that runs a command writing the cache (export notes what it wrote) on a shared journal."""
    shutil.copytree(root / "entries", into / "entries")
    if (root / "journal.toml").exists():
        shutil.copy(root / "journal.toml", into / "journal.toml")
    return into


@pytest.fixture
def sample_journal(tmp_path: Path) -> Path:
    """A copy of the repository's sample journal, safe to build and change."""
    return copy_sample(tmp_path / "sample")


@dataclasses.dataclass(frozen=True)
class Built:
    """A journal built by the session's factory: read it, never change it."""

    root: Path
    site: Path


class BuiltJournal(Protocol):
    def __call__(
        self,
        files: Files | None = None,
        *,
        password: str | None = None,
        drafts: bool = False,
        today: str | None = None,
    ) -> Built: ...


@pytest.fixture(scope="session")
def built_journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltJournal]:
    """The session's journal factory: `built_journal()` is the sample journal built by the real
    `journalgen build`, once per session for each set of options, shared by every test that asks.

    `files` (see Files) make another journal instead of the sample; `password` locks the site
    (`--encrypt`), `drafts` builds drafts too, `today` pins JOURNALGEN_TODAY (without it the build
    runs on the real day, whatever environment the asking test has set).

    The journals are shared, so a test must only read them; one that changes its journal takes its
    own copy (sample_journal, make_journal). The session ends with an error if any of them changed.
    """
    built: dict[tuple[object, ...], tuple[Built, dict[str, bytes]]] = {}

    def get(
        files: Files | None = None,
        *,
        password: str | None = None,
        drafts: bool = False,
        today: str | None = None,
    ) -> Built:
        sources = None if files is None else tuple(sorted(files.items()))
        key = (sources, password, drafts, today)
        if key not in built:
            root = tmp_path_factory.mktemp("built") / "journal"
            if files is None:
                copy_sample(root)
            else:
                write_journal(root, files)
            args: list[str | Path] = ["build", "--root", root]
            # Nothing of the asking test's environment: the same options make the same journal.
            unset = ("JOURNALGEN_TODAY", "SOURCE_DATE_EPOCH", "JOURNALGEN_PASSWORD")
            env: dict[str, str | None] = dict.fromkeys(unset)
            if password is not None:
                args.append("--encrypt")
                env["JOURNALGEN_PASSWORD"] = password
            if drafts:
                args.append("--drafts")
            if today is not None:
                env["JOURNALGEN_TODAY"] = today
            result = run_cli(*args, env=env)
            assert result.returncode == 0, result.stderr
            built[key] = Built(root, root / "site"), tree(root)
        return built[key][0]

    yield get
    changed: dict[str, list[str]] = {}
    for journal, before in built.values():
        now = tree(journal.root)
        if now != before:
            paths = before.keys() | now.keys()
            changed[str(journal.root)] = sorted(p for p in paths if before.get(p) != now.get(p))
    assert changed == {}, f"tests changed journals of the session factory (to be read only): {changed}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        running = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield running
        running.close()


def journalgen_exe() -> str:
    """The installed console script (the real entry point), next to this interpreter."""
    exe = Path(sys.executable).with_name("journalgen")
    if not exe.exists():
        raise RuntimeError(f"the journalgen console script is not installed at {exe}")
    return str(exe)


def run_cli(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str | None] | None = None,
    input: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `journalgen ARGS` through the installed console script, in this environment changed by
    `env` (a variable set to None is removed)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [journalgen_exe(), *map(str, args)],
        cwd=cwd,
        env={name: value for name, value in full_env.items() if value is not None},
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli

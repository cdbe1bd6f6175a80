"""Shared fixtures: a throwaway journal per test, builds through the API and the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

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


def entry(front: str = "", body: str = "Some words.\n") -> str:
    """An entry file's text from front-matter lines and a body (both dedented)."""
    front = textwrap.dedent(front).strip("\n")
    return f"---\n{front}\n---\n{textwrap.dedent(body)}" if front else textwrap.dedent(body)


MakeJournal = Callable[..., Path]


@pytest.fixture
def make_journal(tmp_path: Path) -> MakeJournal:
    """Create a journal: `make_journal({"2026/a.md": text, ...}, config="title = 'x'")`.

    Keys are paths below entries/ (or below the root when they start with "/"); values are
    text or bytes. Returns the journal root.
    """

    def make(
        files: dict[str, str | bytes] | None = None, config: str | None = None, name: str = "journal"
    ) -> Path:
        root = tmp_path / name
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

    return make


def copy_sample(root: Path) -> Path:
    """Copy the repository's sample journal (entries/ and journal.toml) to root; return root."""
    shutil.copytree(SAMPLE_ENTRIES, root / "entries")
    if (REPO / "journal.toml").exists():
        shutil.copy(REPO / "journal.toml", root / "journal.toml")
    return root


@pytest.fixture
def sample_journal(tmp_path: Path) -> Path:
    """A copy of the repository's sample journal, safe to build and change."""
    return copy_sample(tmp_path / "sample")


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
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run `journalgen ARGS` through the installed console script."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [journalgen_exe(), *map(str, args)],
        cwd=cwd,
        env=full_env,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli

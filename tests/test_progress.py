"""Progress on a terminal for the commands that can take a while (build, check, export, serve's
first build): shown once a command has taken over a second, gone when it ends, never with -q."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import MakeJournal, entry

from journalgen import cli, terminal
from journalgen.config import load_config
from journalgen.serve import JournalBuild
from journalgen.watch import Saved

FILES = {f"2026/2026-11-{day:02}-day.md": entry(f"date: 2026-11-{day:02}", "Words.\n") for day in range(1, 8)}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Told:
    """Stands for terminal.Progress: what a command told it, and whether it was closed."""

    made: list[Told]

    def __init__(self, stream: object) -> None:
        self.said: list[tuple[str, int, int]] = []
        self.closed = False
        Told.made.append(self)

    def __call__(self, what: str, done: int, total: int) -> None:
        self.said.append((what, done, total))

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[Told]:
    """What the command made of terminal.Progress (call on_a_terminal() in the test itself: pytest
    puts its own stderr back between a fixture and its test)."""
    Told.made = []
    monkeypatch.setattr(terminal, "Progress", Told)
    return Told.made


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", Terminal())


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["check"], "reading entries"),
        (["export", "-o", "{out}"], "writing the export"),
        (["build"], "reading entries"),
    ],
)
def test_a_command_on_a_terminal_says_how_far_it_is_and_clears_it(
    make_journal: MakeJournal,
    told: list[Told],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    what: str,
) -> None:
    root = make_journal(FILES)
    on_a_terminal(monkeypatch)
    args = [arg.format(out=root.parent / "out.html") for arg in command]
    assert cli.main([*args, "--root", str(root)]) == 0
    (progress,) = told
    assert (what, 7, 7) in progress.said
    assert progress.closed


@pytest.mark.parametrize("command", [["check"], ["export", "-o", "{out}"], ["build"]])
def test_quiet_shows_no_progress(
    make_journal: MakeJournal, told: list[Told], monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    root = make_journal(FILES)
    on_a_terminal(monkeypatch)
    args = [arg.format(out=root.parent / "out.html") for arg in command]
    assert cli.main([*args, "-q", "--root", str(root)]) == 0
    assert told == []


def test_serve_says_how_far_its_first_build_is_and_no_other(make_journal: MakeJournal) -> None:
    root = make_journal(FILES)
    progress = Told.__new__(Told)
    progress.said, progress.closed = [], False
    said: list[str] = []
    rebuild = JournalBuild(load_config(root), None, said.append, progress=progress)  # type: ignore[arg-type]
    assert rebuild(Saved(None, lambda: None)) == []
    assert ("reading entries", 7, 7) in progress.said and progress.closed
    edited = root / "entries/2026/2026-11-08-day.md"
    edited.write_text(entry("date: 2026-11-08"), encoding="utf-8")
    progress.said.clear()
    assert rebuild(Saved(frozenset({str(edited)}), lambda: None)) == []
    assert progress.said == []


def test_progress_shows_only_after_a_second_and_is_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(terminal.time, "monotonic", lambda: clock[0])
    stream = io.StringIO()
    progress = terminal.Progress(stream)
    progress("reading entries", 1, 10)
    assert stream.getvalue() == ""
    clock[0] = 101.5
    progress("reading entries", 2, 10)
    assert stream.getvalue() == "\r\033[Kreading entries 2/10"
    progress.close()
    assert stream.getvalue().endswith("\r\033[K")


def test_a_quick_command_leaves_nothing_on_the_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stream = io.StringIO()
    progress = terminal.Progress(stream)
    progress("reading entries", 1, 10)
    progress.close()
    assert stream.getvalue() == ""

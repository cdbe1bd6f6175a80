"""`--root` must name a journal, never a folder inside entries/: through the real console script.

For each folder that is not a journal (its entries/, a folder below entries/, an empty folder,
/tmp) every command refuses with a message naming what is missing and writes nothing anywhere;
for a journal each command does its job and writes only where it should.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MakeJournal, entry

Cli = Callable[..., subprocess.CompletedProcess[str]]

TODAY = {"JOURNALGEN_TODAY": "2026-11-25"}

COMMANDS: dict[str, tuple[str, ...]] = {
    "build": ("build",),
    "check": ("check",),
    "new": ("new", "reflection"),
    "export": ("export", "-o", "{out}/export.html"),
    "serve": ("serve", "--port", "0"),
    "theme": ("theme", "copy", "base.html"),
}


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and folder (None) below folder, hidden ones too."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def said(name: str, result: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines telling of the problem: check prints its findings, the others their errors."""
    if name == "check":
        assert result.stderr == ""
        return result.stdout.splitlines()
    assert result.stdout == ""
    return result.stderr.splitlines()


@pytest.fixture
def journal(make_journal: MakeJournal) -> Path:
    return make_journal(
        {
            "2026/2026-11-19-session.md": entry("title: A session\nkind: session\nroute: iv"),
            "2026/2026-11-20-after.md": entry("title: After\nkind: follow-up"),
        },
        config='title = "Roots"\n',
    )


def command(name: str, root: Path | str, out: Path) -> list[str]:
    return [arg.format(out=out) for arg in COMMANDS[name]] + ["--root", str(root)]


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("entries", "{shown}: the entries/ folder of the journal at {journal}, where journalgen writes"),
        ("entries/2026", "{shown}: inside the entries/ folder of the journal at {journal}, where"),
    ],
)
def test_a_root_in_entries_is_refused_naming_the_journal(
    cli: Cli, journal: Path, tmp_path: Path, name: str, where: str, expected: str
) -> None:
    before = listing(tmp_path)
    result = cli(*command(name, where, tmp_path), cwd=journal, env=TODAY)
    assert result.returncode == 1, result
    first = said(name, result)[0]
    assert first.startswith(expected.format(shown=where, journal=journal)), first
    assert first.endswith(f"run it from {journal}, or pass --root {journal}")
    assert listing(tmp_path) == before
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", list(COMMANDS))
def test_an_empty_folder_is_not_a_journal(cli: Cli, tmp_path: Path, name: str) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    before = listing(tmp_path)
    result = cli(*command(name, empty, tmp_path), cwd=tmp_path, env=TODAY)
    assert result.returncode == 1, result
    assert said(name, result)[0] == (
        f"{empty}: not a journal: it has no journal.toml and no entries/ folder; pass the folder of "
        f"your journal, or make one here with `journalgen init {empty}`"
    )
    assert listing(tmp_path) == before


@pytest.mark.parametrize("name", list(COMMANDS))
def test_tmp_is_not_a_journal_and_gets_nothing(cli: Cli, tmp_path: Path, name: str) -> None:
    tmp = Path("/tmp")
    assert not (tmp / "entries").exists() and not (tmp / "journal.toml").exists(), "/tmp looks like a journal"
    ours = ("site", ".journalgen-cache", "templates", "export.html")
    before = {n: (tmp / n).exists() for n in ours}
    result = cli(*command(name, tmp, tmp_path), cwd=tmp_path, env=TODAY)
    assert result.returncode == 1, result
    assert said(name, result)[0].startswith(
        "/tmp: not a journal: it has no journal.toml and no entries/ folder"
    )
    assert {n: (tmp / n).exists() for n in ours} == before
    assert list(tmp_path.iterdir()) == []


def test_check_of_tmp_no_longer_says_all_is_well(cli: Cli) -> None:
    result = cli("check", "--root", "/tmp")
    assert result.returncode == 1
    assert "Checked 0 entries" not in result.stdout


def test_a_journal_as_root_works_and_writes_only_where_it_should(
    cli: Cli, journal: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    entries = listing(journal / "entries")
    for name in ("check", "build", "export"):
        result = cli(*command(name, journal, elsewhere), cwd=elsewhere, env=TODAY)
        assert result.returncode == 0, (name, result.stderr)
    assert listing(journal / "entries") == entries  # nothing written among the entries
    assert sorted(p.name for p in journal.iterdir()) == [
        ".journalgen-cache",
        "entries",
        "journal.toml",
        "site",
    ]
    assert sorted(p.name for p in elsewhere.iterdir()) == ["export.html"]

    made = cli(*command("new", journal, elsewhere), cwd=elsewhere, env=TODAY)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == str(journal / "entries/2026/2026-11-25-reflection.md")
    assert set(listing(journal / "entries")) - set(entries) == {"2026/2026-11-25-reflection.md"}


def test_the_old_mistake_builds_nothing_into_entries(cli: Cli, journal: Path) -> None:
    """`build --root entries` wrote a site and a cache into entries/, and the next build copied them."""
    entries = listing(journal / "entries")
    assert cli("build", "--root", "entries", cwd=journal).returncode == 1
    assert listing(journal / "entries") == entries
    assert cli("build", cwd=journal).returncode == 0
    assert not (journal / "site/site").exists() and not (journal / "site/.journalgen-cache").exists()


def test_init_refuses_a_folder_inside_entries(cli: Cli, journal: Path) -> None:
    before = listing(journal)
    result = cli("init", journal / "entries/new-journal")
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{journal / 'entries/new-journal'}: is inside the entries/ folder of the journal at {journal}"
    )
    assert listing(journal) == before

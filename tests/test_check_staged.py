"""`check --staged` (what the pre-commit hook runs) checks the journal as git is about to commit
it, whatever the working copy holds besides: exactly what `check` says of a copy of the staged
files, without making one (unless the templates or journal.toml differ from what is staged)."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import entry, run_cli, write_journal
from helpers import git

from journalgen.check import check
from journalgen.config import load_config

TODAY = dt.date(2026, 11, 26)
SESSION = "entries/2026/2026-11-20-session.md"
LATER = "entries/2026/2026-11-22-later.md"


def said(root: Path, staged: bool = True) -> list[str]:
    report = check(load_config(root), TODAY, staged_only=staged)
    return [str(p) for p in (*report.errors, *report.warnings)]


def of_a_copy(repo: Path, journal: Path) -> list[str]:
    """What check says of a copy of the staged files (what the hook did before `--staged`)."""
    with tempfile.TemporaryDirectory() as folder:
        git(repo, "checkout-index", "--all", f"--prefix={folder}/")
        root = Path(folder) / journal.relative_to(repo)
        (root / "entries").mkdir(parents=True, exist_ok=True)
        return said(root, staged=False)


def put(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_journal(
        tmp_path / "journal",
        {
            "2026/2026-11-20-session.md": entry(
                "date: 2026-11-20\nkind: session\ntags: [family]", "Words, and ![a sketch](sketch.png).\n"
            ),
            "2026/sketch.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "A journal")
    return root


Change = Callable[[Path], None]

CHANGES: dict[str, tuple[Change, str | None, str | None]] = {
    # name: (what is done, a line the staged check says, a line it must not say)
    "a bad entry staged, then fixed but not staged": (
        lambda r: (
            put(r, LATER, entry("date: 2026-11-22\nmood: eleven")),
            git(r, "add", "-A"),
            put(r, LATER, entry("date: 2026-11-22\nmood: 4")),
        ),
        "entries/2026/2026-11-22-later.md:3: mood must be a whole number from 1 to 10, not 'eleven'",
        None,
    ),
    "a good entry staged, then broken but not staged": (
        lambda r: (
            put(r, LATER, entry("date: 2026-11-22\nmood: 4")),
            git(r, "add", "-A"),
            put(r, LATER, entry("date: 2026-11-22\nmood: eleven")),
        ),
        None,
        "mood must be a whole number",
    ),
    "a bad entry never added": (
        lambda r: put(r, LATER, entry("date: 2026-11-22\nmood: eleven")),
        None,
        "mood must be a whole number",
    ),
    "an image linked but never added": (
        lambda r: (
            put(r, LATER, entry("date: 2026-11-22", "![new](new.png)\n")),
            put(r, "entries/2026/new.png", b"\x89PNG"),
            git(r, "add", LATER),
        ),
        "entries/2026/2026-11-22-later.md:4: warning: the image new.png points to entries/2026/new.png, "
        "which does not exist",
        None,
    ),
    "an image taken out of git, still on disk": (
        lambda r: git(r, "rm", "-q", "--cached", "entries/2026/sketch.png"),
        "the image sketch.png points to entries/2026/sketch.png, which does not exist",
        None,
    ),
    "an entry deleted but not staged": (
        lambda r: (
            put(r, LATER, entry("date: 2026-11-22\nmood: eleven")),
            git(r, "add", "-A"),
            (r / LATER).unlink(),
        ),
        "entries/2026/2026-11-22-later.md:3: mood must be a whole number from 1 to 10, not 'eleven'",
        None,
    ),
    "a link to a folder that git does not have": (
        lambda r: (
            put(r, "entries/2026/drafts/a.png", b"\x89PNG"),
            put(r, LATER, entry("date: 2026-11-22", "[my drafts](drafts/)\n")),
            git(r, "add", LATER),
        ),
        "entries/2026/2026-11-22-later.md:4: warning: the link drafts/ points to entries/2026/drafts",
        "points to a folder",
    ),
    "a hidden file in git": (
        lambda r: (
            put(r, "entries/2026/.hidden.png", b"\x89PNG"),
            put(r, LATER, entry("date: 2026-11-22", "![x](.hidden.png)\n")),
            git(r, "add", "-A"),
        ),
        "points to a hidden or temporary file",
        None,
    ),
    "a template not staged": (
        lambda r: (
            put(r, "templates/static/search/2026-11.js", "// mine\n"),
            put(r, LATER, entry("date: 2026-11-22", "More.\n")),
            git(r, "add", LATER),
        ),
        None,
        "two files of the site",
    ),
    "a template staged": (
        lambda r: (put(r, "templates/static/search/2026-11.js", "// mine\n"), git(r, "add", "-A")),
        "assets/search/2026-11.js: two files of the site would be written to this path; rename one",
        None,
    ),
    "journal.toml changed but not staged": (
        lambda r: (
            put(r, "journal.toml", '[routes]\nsideways = "Sideways"\n'),
            put(r, LATER, entry("date: 2026-11-22\nkind: session\nroute: sideways")),
            git(r, "add", LATER),
        ),
        "entries/2026/2026-11-22-later.md:4: unknown route 'sideways'",
        None,
    ),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_staged_check_says_what_a_check_of_the_staged_files_says(repo: Path, name: str) -> None:
    change, expected, unexpected = CHANGES[name]
    said(repo, staged=False)  # what is on disk, remembered in the cache
    change(repo)
    found = said(repo)
    assert found == of_a_copy(repo, repo)
    text = "\n".join(found)
    if expected is not None:
        assert expected in text
    if unexpected is not None:
        assert unexpected not in text
    assert said(repo) == found  # from the cache
    assert said(repo, staged=False) == of_a_disk_copy(repo)


def of_a_disk_copy(root: Path) -> list[str]:
    """What check says of the working copy with no cache."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "journal"
        subprocess.run(["cp", "-a", str(root), str(copy)], check=True)
        subprocess.run(["rm", "-rf", str(copy / ".journalgen-cache")], check=True)
        return said(copy, staged=False)


def test_outside_git_staged_is_refused_clearly(tmp_path: Path) -> None:
    root = write_journal(tmp_path / "journal", {"a.md": entry("date: 2026-11-20")})
    result = run_cli("check", "--staged", "--root", root, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.returncode == 1
    assert "--staged checks what git is about to commit, in a git repository" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_hook_checks_a_journal_in_a_folder_of_a_repository(tmp_path: Path) -> None:
    top = tmp_path / "everything"
    top.mkdir()
    git(top, "init", "-q")
    journal = top / "my journal"
    assert run_cli("init", journal, "--git").returncode == 0
    assert (top / ".git/hooks/pre-commit").is_file()
    put(journal, SESSION, entry("date: 2026-11-20\nkind: session", "Words.\n"))
    git(top, "add", "-A")
    assert git(top, "commit", "-q", "-m", "A journal", check=False).returncode == 0
    put(journal, LATER, entry("date: 2026-11-22\nmood: eleven"))
    git(top, "add", "-A")
    put(journal, LATER, entry("date: 2026-11-22\nmood: 4"))  # fixed, but not staged
    stopped = git(top, "commit", "-q", "-m", "A bad entry", check=False)
    assert stopped.returncode == 1
    assert "entries/2026/2026-11-22-later.md:3: mood must be a whole number" in stopped.stderr
    assert "journalgen: commit stopped" in stopped.stderr
    committed = git(top, "commit", "-q", "-a", "-m", "The fixed entry", check=False)
    assert committed.returncode == 0, committed.stdout + committed.stderr

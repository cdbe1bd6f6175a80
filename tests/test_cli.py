"""The `journalgen` command through the real installed console script: options, exit codes, roots."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MakeJournal, entry
from helpers import page, text

from journalgen import __version__

Cli = Callable[..., subprocess.CompletedProcess[str]]


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr


@pytest.fixture
def journal(make_journal: MakeJournal) -> Path:
    return make_journal(
        {
            "2026/2026-11-19-session.md": entry("title: Home session\nkind: session\nroute: rdt"),
            "2026/2026-11-20-after.md": entry("title: After\nkind: follow-up"),
            "2026/2026-11-21-draft.md": entry("title: Not yet\ndraft: true"),
        },
        config='title = "Test journal"\n',
    )


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"journalgen {__version__}"
    no_traceback(result)


def test_help(cli: Cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "--version" in result.stdout
    result = cli("build", "--help")
    assert result.returncode == 0
    for option in ("--drafts", "--output", "--root"):
        assert option in result.stdout
    no_traceback(result)


def test_build_with_root_from_another_folder(cli: Cli, journal: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = cli("build", "--root", journal, cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Built 2 entries into {journal / 'site'} (")
    assert result.stderr == ""
    assert (journal / "site/index.html").is_file()
    assert list(elsewhere.iterdir()) == []
    assert text(page(journal / "site/index.html").find("h1")) == "Test journal"


def test_relative_root(cli: Cli, journal: Path) -> None:
    result = cli("build", "--root", journal.name, cwd=journal.parent)
    assert result.returncode == 0, result.stderr
    assert (journal / "site/index.html").is_file()


def test_output_option(cli: Cli, journal: Path, tmp_path: Path) -> None:
    result = cli("build", "--root", journal, "--output", "out/site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/site/index.html").is_file()
    assert not (journal / "site").exists()
    absolute = tmp_path / "absolute"
    result = cli("build", "--output", absolute, cwd=journal)
    assert result.returncode == 0, result.stderr
    assert (absolute / "entries/2026/2026-11-20-after.html").is_file()


def test_drafts_option(cli: Cli, journal: Path) -> None:
    draft = journal / "site/entries/2026/2026-11-21-draft.html"
    assert cli("build", "--root", journal).returncode == 0
    assert not draft.exists()
    result = cli("build", "--root", journal, "--drafts")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 3 entries")
    assert text(page(draft).find("h1")) == "Not yet"
    assert cli("build", "--root", journal).returncode == 0
    assert not draft.exists()


def test_bad_entries_exit_1_listing_every_problem(cli: Cli, journal: Path) -> None:
    (journal / "entries/2026/2026-11-22-bad.md").write_text(entry("mood: 12\nroute: teleport"))
    (journal / "entries/2026/notes.md").write_text(entry("title: No such day\ndate: 2026-02-30"))
    (journal / "entries/2026/latin.md").write_bytes(b"---\ndate: 2026-11-20\n---\nCaf\xe9\n")
    result = cli("build", "--root", journal)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "entries/2026/2026-11-22-bad.md:2: mood must be a whole number from 1 to 10, not 12",
        "entries/2026/2026-11-22-bad.md:3: unknown route 'teleport'; use one of: "
        "iv (IV infusion, intravenous, infusion, ketamine infusion), "
        "nasal (Nasal spray, spravato, esketamine, esketamine spray, intranasal), "
        "im (IM injection, intramuscular, injection, shot), "
        "oral (Oral lozenge, lozenge, troche, sublingual, RDT) "
        "(or add it, or another name for one, under [routes] in journal.toml)",
        "entries/2026/latin.md:4: not UTF-8 text (byte 0xe9); save the file as UTF-8",
        "entries/2026/notes.md:3: '2026-02-30' is not a real calendar date",
        "journalgen: 4 problems; nothing was written.",
    ]
    assert not (journal / "site").exists()
    no_traceback(result)


def test_bad_journal_toml_exits_1(cli: Cli, journal: Path) -> None:
    (journal / "journal.toml").write_text('title = "x"\ncolour = "blue"\n')
    result = cli("build", "--root", journal)
    assert result.returncode == 1
    assert result.stderr.startswith("journal.toml:2: unknown setting 'colour'")
    no_traceback(result)


@pytest.mark.parametrize(
    "args",
    [
        ("frobnicate",),
        ("build", "--bogus"),
        ("build", "--output"),
        ("build", "--root"),
        ("--root",),
        ("build", "extra-argument"),
    ],
)
def test_usage_errors_exit_2(cli: Cli, journal: Path, args: tuple[str, ...]) -> None:
    result = cli(*args, cwd=journal)
    assert result.returncode == 2, result
    assert result.stderr.startswith("usage: journalgen")
    assert "journalgen: error:" in result.stderr or "error:" in result.stderr
    assert not (journal / "site").exists()
    no_traceback(result)


def test_root_found_from_journal_toml_in_a_parent_folder(cli: Cli, journal: Path) -> None:
    deep = journal / "entries/2026"
    result = cli("build", cwd=deep)
    assert result.returncode == 0, result.stderr
    assert (journal / "site/index.html").is_file()
    assert not (deep / "site").exists()


def test_root_is_the_current_folder_when_it_has_entries(cli: Cli, make_journal: MakeJournal) -> None:
    root = make_journal({"2026-11-20-x.md": "Words.\n"})  # no journal.toml
    result = cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/entries/2026-11-20-x.html").is_file()
    below = cli("build", cwd=root / "entries")  # the entries/ folder is never a journal's root
    assert below.returncode == 1
    assert below.stderr.startswith(f"{(root / 'entries').resolve()}: the entries/ folder of the journal at ")
    assert not (root / "entries/site").exists()


def test_no_journal_here(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("build", cwd=empty)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{empty.resolve()}: no journal here: no journal.toml in this folder or above")
    assert "--root" in first
    assert list(empty.iterdir()) == []
    no_traceback(result)


def test_missing_root(cli: Cli, tmp_path: Path) -> None:
    result = cli("build", "--root", tmp_path / "nowhere")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path / 'nowhere'}: no such folder; check the --root path")
    no_traceback(result)


def test_output_that_cannot_be_written(cli: Cli, journal: Path) -> None:
    (journal / "a-file").write_text("mine\n")
    result = cli("build", "--root", journal, "--output", journal / "a-file/site")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{journal / 'a-file/site'}: cannot write the site: ")
    assert (journal / "a-file").read_text() == "mine\n"
    assert sorted(p.name for p in journal.iterdir()) == ["a-file", "entries", "journal.toml"]
    no_traceback(result)


def test_python_dash_m(journal: Path) -> None:
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "journalgen", "build", "--root", str(journal)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (journal / "site/index.html").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ["init", "{long}"],
        ["build", "--root", "{long}"],
        ["check", "--root", "{long}"],
        ["new", "reflection", "--root", "{long}"],
        ["theme", "list", "--root", "{long}"],
        ["export", "--root", "{journal}", "-o", "{long}.html"],
        ["export", "--root", "{journal}", "--csv", "-o", "{long}.csv"],
    ],
)
def test_a_name_too_long_for_the_disk_is_a_clear_error(
    cli: Cli, journal: Path, tmp_path: Path, args: list[str]
) -> None:
    """A path whose name is longer than a file name may be: the path and why, exit 1, never an
    internal error."""
    long = str(tmp_path / ("n" * 300))
    result = cli(*(a.format(long=long, journal=journal) for a in args))
    said = result.stdout + result.stderr  # (check tells its problems on the standard output)
    assert result.returncode == 1, said
    assert f"{long}" in said and ": cannot be " in said and "File name too long" in said
    no_traceback(result)


def test_an_export_whose_image_has_a_name_too_long_shows_its_description(
    cli: Cli, make_journal: MakeJournal, tmp_path: Path
) -> None:
    root = make_journal({"2026-11-20-a.md": entry("title: A", f"![a calm lake]({'p' * 300}.png)\n")})
    result = cli("export", "--root", root, "-o", tmp_path / "out.html")
    assert result.returncode == 0, result.stderr
    assert "is not an image file in entries/; shown as its description" in result.stderr
    assert "a calm lake" in text(page(tmp_path / "out.html"))

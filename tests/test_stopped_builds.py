"""A build stopped (kill -9, Ctrl-C) or failing (a full disk, a name too long) while it writes: the
old site stays exactly as it was, or the next build finishes or undoes the change and says so.

Kills happen in a real `journalgen` in a subprocess that SIGKILLs itself at a chosen point
(tests/faults.py); disk failures are injected in-process at the Nth write."""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SAMPLE_ENTRIES, MakeJournal, entry, run_cli
from faults import os_with
from helpers import tree

from journalgen import staging, write
from journalgen.build import BuildReport, build
from journalgen.config import load_config
from journalgen.errors import JournalError, PartlyWrittenError

FAULTS = Path(__file__).with_name("faults.py")
TODAY = "2026-12-01"
CANARY = "Quillfeather"
"""A word only the entries hold: where it appears, the journal's words are readable."""
PASSWORD = "a long walk by the river at dawn"
EDITED = "2026/2026-11-08-sunday.md"


@pytest.fixture(autouse=True)
def pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build of a test, here and in its subprocesses, on the same day: the same site."""
    monkeypatch.setenv("JOURNALGEN_TODAY", TODAY)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def with_fault(
    fault: str, *args: str | Path, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], Callable[[], str]]:
    """Start `journalgen ARGS` with the fault `WHERE:N[:WHAT]` of tests/faults.py; the process and
    a function returning what it printed on stderr (a file: a pipe would stay open as long as any
    process that inherited it lives)."""
    err = tempfile.TemporaryFile()  # noqa: SIM115 (read after the process ends)
    proc = subprocess.Popen(
        [sys.executable, str(FAULTS), *map(str, args)],
        env={**os.environ, "JOURNALGEN_TEST_FAULT": fault, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=err,
    )

    def said() -> str:
        err.seek(0)
        return err.read().decode("utf-8", "replace")

    return proc, said


def killed(fault: str, *args: str | Path, env: dict[str, str] | None = None) -> None:
    """Run `journalgen ARGS` until the fault kills it, as `kill -9` would."""
    proc, said = with_fault(fault, *args, env=env)
    assert proc.wait(timeout=120) == -signal.SIGKILL, said()


def beside(root: Path) -> list[str]:
    """What lies beside the site in the journal folder, besides the site itself."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


def fresh(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The site a build from scratch (no cache, no earlier site) makes of the journal as it is now."""
    scratch = tmp_path / "fresh"
    config = dataclasses.replace(load_config(root), output=scratch / "site", cache=scratch / "cache")
    build(config, jobs=1)
    return tree(scratch / "site")


def edit(root: Path, rel: str, words: str) -> None:
    path = root / "entries" / rel
    path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def failing_at(n: int, error: BaseException, function: Callable[..., Any]) -> Callable[..., Any]:
    """function, but the Nth call raises error instead."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            raise error
        return function(*args, **kwargs)

    return wrapper


def calling_at(n: int, first: Callable[[], None], function: Callable[..., Any]) -> Callable[..., Any]:
    """function, but the Nth call first calls first()."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            first()
        return function(*args, **kwargs)

    return wrapper


def cli_ok(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = run_cli(*args, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


# -- a whole new site --------------------------------------------------------------------------


def test_a_build_killed_while_writing_a_new_site_is_cleaned_up_by_the_next(
    sample_journal: Path, tmp_path: Path
) -> None:
    root = sample_journal
    killed("put:10", "build", "--root", root)
    [left] = beside(root)
    assert left.startswith(".site.tmp-new-")
    assert stat.S_IMODE((root / left).stat().st_mode) == 0o700  # readable by the user alone meanwhile
    done = cli_ok("build", "--root", root)
    assert "removed the unfinished copy of the site a stopped build left beside it" in done.stderr
    assert left in done.stderr
    assert beside(root) == []
    assert tree(root / "site") == fresh(root, tmp_path)


def test_a_build_killed_between_the_two_renames_of_its_swap_is_finished_by_the_next(
    sample_journal: Path, tmp_path: Path
) -> None:
    root = sample_journal
    cli_ok("build", "--root", root)
    (root / ".journalgen-cache" / "index.bin").unlink()  # the next build writes a whole new site
    edit(root, EDITED, "A new paragraph, written after the first build.")
    killed("replace:2", "build", "--root", root)  # 1: the old site aside, 2: the new one in its place
    assert not (root / "site").exists()
    assert [name[:14] for name in beside(root)] == [".site.tmp-new-", ".site.tmp-old-"]
    done = cli_ok("build", "--root", root)
    assert "stopped while it replaced the site; finished putting the new site in place" in done.stderr
    assert beside(root) == []
    assert tree(root / "site") == fresh(root, tmp_path)


def test_a_site_put_aside_with_no_new_one_is_put_back_and_old_leftovers_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    old = tmp_path / ".site.old-abcd1234"  # the names journalgen used before
    (old / "entries").mkdir(parents=True)
    (old / write.MARKER).write_text(write.MARKER_TEXT, encoding="utf-8")
    (old / "index.html").write_text("the last good site", encoding="utf-8")
    unfinished = tmp_path / ".site.tmp-efgh5678"
    unfinished.mkdir()
    (unfinished / "index.html").write_text("half a site", encoding="utf-8")
    mine = [tmp_path / ".site.tmp-notes.txt", tmp_path / ".sites.tmp-new-x", tmp_path / "site.tmp-new-x"]
    mine[0].write_text("a file, not a folder journalgen makes", encoding="utf-8")
    for folder in mine[1:]:
        folder.mkdir()
    notes = staging.recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", *(p.name for p in mine)])
    assert "stopped while it replaced the site; put the previous site back" in notes[0]
    assert ".site.tmp-efgh5678" in notes[1]
    assert staging.recover(out) == []


def test_a_locked_build_leaves_no_plain_text_beside_the_journal(make_journal: MakeJournal) -> None:
    root = make_journal(
        {
            f"2026/2026-11-{day:02d}-day.md": entry(f"title: {CANARY} day {day}", f"{CANARY} and tea.\n")
            for day in range(1, 9)
        }
    )
    killed("put:5", "build", "--root", root)  # a plain build, stopped: its pages lie beside
    assert any(CANARY.encode() in data for data in tree(root / beside(root)[0]).values())
    password = {"JOURNALGEN_PASSWORD": PASSWORD}
    cli_ok("build", "--root", root, "--encrypt", env=password)
    killed("put:5", "build", "--root", root, "--encrypt", env=password)  # a locked one, stopped
    assert beside(root)
    for rel, data in tree(root).items():
        if not rel.startswith(("entries/", ".journalgen-cache/")):
            assert CANARY.encode() not in data, rel
    cli_ok("build", "--root", root, "--encrypt", env=password)
    assert beside(root) == []


def test_git_add_all_never_takes_what_a_stopped_build_left(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    cli_ok("init", root, "--git")
    shutil.copytree(SAMPLE_ENTRIES, root / "entries", dirs_exist_ok=True)
    shutil.copy(REPO / "journal.toml", root / "journal.toml")
    killed("put:10", "build", "--root", root)
    assert beside(root)
    (root / ".therapist.html.tmp-abcd1234").write_text("an export half written", encoding="utf-8")
    added = subprocess.run(
        ["git", "add", "--all", "--dry-run"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert added and all(
        re.fullmatch(r"add '(entries|templates)/.*'|add '(\.gitignore|journal\.toml)'", line)
        for line in added
    ), added


# -- a build in place --------------------------------------------------------------------------


def test_a_build_in_place_killed_while_moving_files_in_is_finished_by_the_next(
    sample_journal: Path, tmp_path: Path
) -> None:
    root = sample_journal
    cli_ok("build", "--root", root)
    edit(root, EDITED, "Frost this morning.")
    edit(root, "2026/2026-11-22-the-anniversary.md", "Candles.")
    killed("replace:3", "build", "--root", root)  # 1: the commit, 2: a first file moved in, 3: killed
    [left] = beside(root)
    assert left.startswith(".site.tmp-put-")
    pages = [
        root / "site/entries/2026" / name
        for name in ("2026-11-08-sunday.html", "2026-11-22-the-anniversary.html")
    ]
    assert sorted(
        b"Frost this morning." in p.read_bytes() or b"Candles." in p.read_bytes() for p in pages
    ) in (
        [False, True],
        [False, False],
    )
    done = cli_ok("build", "--root", root)
    assert "stopped while it updated the site; finished the update" in done.stderr
    assert beside(root) == []
    assert tree(root / "site") == fresh(root, tmp_path)


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
    ids=["disk full", "Ctrl-C"],
)
def test_a_build_in_place_that_fails_while_writing_leaves_the_old_site_exactly_as_it_was(
    sample_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    root = sample_journal
    build(load_config(root))
    before = tree(root / "site"), {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*")}
    edit(root, EDITED, "Frost this morning.")
    edit(root, "2026/2026-11-22-the-anniversary.md", "Candles.")
    (root / "entries/2026/2026-10-30-about-anger.md").unlink()
    expected = KeyboardInterrupt if isinstance(failure, KeyboardInterrupt) else JournalError
    with monkeypatch.context() as patched, pytest.raises(expected) as raised:
        patched.setattr(write, "put", failing_at(2, failure, write.put))
        build(load_config(root))
    if expected is JournalError:
        assert "cannot write the site: No space left on device" in str(raised.value)
        assert str(raised.value).endswith("; the old site is unchanged")
    assert (tree(root / "site"), {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*")}) == before
    assert beside(root) == []
    again = build(load_config(root))
    assert again.mode == "incremental"  # the site is still trusted as the last good build left it
    assert tree(root / "site") == fresh(root, tmp_path)


def test_a_file_name_too_long_for_the_disk_changes_nothing(sample_journal: Path) -> None:
    root = sample_journal
    build(load_config(root))
    before = tree(root / "site")
    (root / "entries/2026/2026-10-30-about-anger.md").unlink()  # a page to delete, a page to add
    long_name = "2026-11-30-" + "x" * 240 + ".md"  # 254 bytes: its page's name is 256
    (root / "entries/2026" / long_name).write_text(entry("title: Long", "Words.\n"), encoding="utf-8")
    with pytest.raises(JournalError):
        build(load_config(root))
    assert tree(root / "site") == before
    assert beside(root) == []


def test_a_move_that_fails_after_the_commit_says_so_and_the_next_build_finishes_it(
    sample_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from journalgen.cli import main

    root = sample_journal
    build(load_config(root))
    edit(root, EDITED, "Frost this morning.")
    edit(root, "2026/2026-11-22-the-anniversary.md", "Candles.")
    with monkeypatch.context() as patched:
        failing = failing_at(2, OSError(errno.ENOSPC, "No space left"), os.replace)
        patched.setattr(staging, "os", os_with(replace=failing))
        assert main(["build", "--root", str(root)]) == 1
    said = capsys.readouterr().err
    assert "cannot finish updating the site: No space left" in said
    assert "partly updated until the next build, which finishes the update first" in said
    assert said.endswith("journalgen: 1 problem; the next build finishes what was started.\n")
    assert "nothing was written" not in said
    report: BuildReport = build(load_config(root))
    assert report.notes and "finished the update" in report.notes[0]
    assert beside(root) == []
    assert tree(root / "site") == fresh(root, tmp_path)


def test_ctrl_c_while_files_are_moved_in_waits_until_all_are(
    sample_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample_journal
    build(load_config(root))
    edit(root, EDITED, "Frost this morning.")
    edit(root, "2026/2026-11-22-the-anniversary.md", "Candles.")

    def interrupt() -> None:  # Ctrl-C, just as the first file is moved in
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        time.sleep(0.05)  # time for Python to act on it, were it not held back

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(staging, "os", os_with(replace=calling_at(1, interrupt, os.replace)))
        build(load_config(root))
    assert beside(root) == []
    assert tree(root / "site") == fresh(root, tmp_path)


def test_a_failure_while_moving_is_a_partly_written_error(
    sample_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sample_journal
    build(load_config(root))
    edit(root, EDITED, "Frost.")
    monkeypatch.setattr(
        staging, "os", os_with(replace=failing_at(2, OSError(errno.EACCES, "Permission denied"), os.replace))
    )
    with pytest.raises(PartlyWrittenError):
        build(load_config(root))


# -- builds of one site at once, and their workers ------------------------------------------------


def test_two_builds_of_one_site_never_run_at_once(sample_journal: Path, tmp_path: Path) -> None:
    root, gate = sample_journal, tmp_path / "gate"
    first, said = with_fault("put:5:pause", "build", "--root", root, env={"JOURNALGEN_TEST_GATE": str(gate)})
    try:
        deadline = time.monotonic() + 120
        while not Path(f"{gate}.paused").exists():
            assert first.poll() is None and time.monotonic() < deadline, said()
            time.sleep(0.02)
        [writing] = beside(root)
        second, second_said = with_fault(
            "put:100000", "build", "--root", root, env={"JOURNALGEN_TEST_LOCK_WAIT": "0.5"}
        )
        assert second.wait(timeout=120) == 1, second_said()
        assert "another journalgen build has been writing this site" in second_said()
        assert "Traceback" not in second_said()
        assert beside(root) == [writing]  # the running build's folder was not taken for a leftover
    finally:
        Path(f"{gate}.go").touch()
        first.wait(timeout=120)
    assert first.returncode == 0, said()
    assert beside(root) == []
    assert tree(root / "site") == fresh(root, tmp_path)


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[0] != "Z"


def test_no_worker_outlives_a_killed_build(make_journal: MakeJournal, tmp_path: Path) -> None:
    root = make_journal(
        {f"2026/2026-11-{day:02d}-day.md": entry(f"title: Day {day}") for day in range(1, 21)}
    )
    pids = tmp_path / "pids"
    killed("workers:1", "build", "--root", root, env={"JOURNALGEN_TEST_PIDS": str(pids)})
    workers = [int(pid) for pid in pids.read_text().split()]
    assert len(workers) == 2
    deadline = time.monotonic() + 60
    try:
        while any(_alive(pid) for pid in workers):
            assert time.monotonic() < deadline, f"workers {workers} still run after their build was killed"
            time.sleep(0.05)
    finally:
        for pid in filter(_alive, workers):  # after a failure: leave no process behind
            os.kill(pid, signal.SIGKILL)

"""Work done beside a build in a forked child (build/aside.py): the same result as done in the
build's own process, whatever becomes of the child."""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import MakeJournal, entry

from journalgen.build import inputs, store
from journalgen.build.aside import Aside, can_fork
from journalgen.build.pipeline import build
from journalgen.build.store import Store
from journalgen.config import load_config
from journalgen.write import check_output

pytestmark = pytest.mark.skipif(not can_fork(), reason="forking is used on Linux only")


def test_the_child_s_result_is_the_work_s_even_past_a_pipe_s_buffer() -> None:
    parent = os.getpid()
    big = ["x" * 100] * 20_000  # about 2 MB: far more than a pipe holds at once

    def work() -> tuple[int, list[str]]:
        return os.getpid(), big

    aside = Aside(work, list, tuple)
    assert aside.forked
    pid, words = aside.result()
    assert pid != parent  # done in the child
    assert words == big
    assert aside.ready() and aside.result() == (pid, words)


@pytest.mark.parametrize("failure", ["raises", "killed", "not plain"])
def test_when_the_child_fails_the_work_is_done_here(failure: str) -> None:
    parent = os.getpid()

    def work() -> object:
        if os.getpid() != parent:
            if failure == "raises":
                raise RuntimeError("in the child")
            if failure == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            return object()  # marshal cannot carry it
        return "done here"

    aside = Aside(work, lambda value: value, lambda value: value)
    assert aside.forked
    assert aside.result() == "done here"


def test_with_another_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        aside = Aside(os.getpid, int, int)
        assert not aside.forked
        assert aside.result() == os.getpid()
    finally:
        stop.set()
        thread.join()


def test_the_scan_found_by_the_child_equals_the_one_found_here(make_journal: MakeJournal) -> None:
    """Every part of what a scan finds crosses from the child whole: entries, notes, images, the
    theme's files, links left out, the day, and whether the site is as left."""
    root = make_journal(
        {
            "2026/2026-03-01-session.md": entry("kind: session\ndate: 2026-03-01\ntags: [calm]"),
            "notes/plan.md": entry("title: Plan"),
            "2026/photo.png": b"\x89PNG\r\n\x1a\n",
            "2026/a.markdown": entry("date: 2026-03-03"),
        }
    )
    (root / "entries" / "outside").symlink_to("/etc/hostname")
    config = load_config(root)
    build(config)
    out = check_output(config)
    index = Store(config.cache_dir).read_index()
    assert index is not None
    here = inputs.scan_aside(config, out, index, fork=False)
    there = inputs.scan_aside(config, out, index, fork=True)
    assert not here.forked and there.forked
    found, expected = there.result(), here.result()
    assert found[0].files.skipped and found[0].files.assets and found[0].copies
    # when each looked (scan_ns) is the one thing that differs
    assert (dataclasses.replace(found[0], scan_ns=0), *found[1:]) == (
        dataclasses.replace(expected[0], scan_ns=0),
        *expected[1:],
    )
    assert found[2] is True
    (out / "index.html").write_text("changed by hand")
    assert inputs.scan_aside(config, out, index, fork=True).result()[2] is False


def test_a_build_that_forks_writes_the_site_one_that_cannot_writes(make_journal: MakeJournal) -> None:
    files = {
        f"2026/2026-03-{d:02d}-day.md": entry(f"date: 2026-03-{d:02d}", f"Day {d}.\n") for d in range(1, 9)
    }
    forked, alone = make_journal(files, name="forked"), make_journal(files, name="alone")
    for root in (forked, alone):
        build(load_config(root))
        path = root / "entries" / "2026" / "2026-03-04-day.md"
        path.write_text(path.read_text() + "\nMore words.\n")
    build(load_config(forked))
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        build(load_config(alone))
    finally:
        stop.set()
        thread.join()
    pages = sorted(p.relative_to(forked / "site") for p in (forked / "site").rglob("*") if p.is_file())
    assert pages == sorted(p.relative_to(alone / "site") for p in (alone / "site").rglob("*") if p.is_file())
    for page in pages:
        assert (forked / "site" / page).read_bytes() == (alone / "site" / page).read_bytes(), page
    assert "More words." in (forked / "site" / "entries" / "2026" / "2026-03-04-day.html").read_text()


def _cache_files(root: Path) -> dict[str, bytes]:
    """The cache's shards (bodies, answers, parsed entries) by name: not the record, whose
    generation is new each build."""
    cache = root / ".journalgen-cache"
    return {
        p.relative_to(cache).as_posix(): p.read_bytes()
        for folder in ("bodies", "answers", "entries")
        for p in sorted((cache / folder).glob("*.bin"))
    }


@pytest.mark.parametrize("child", ["writes", "is killed"])
def test_the_shards_a_child_writes_are_the_ones_written_here(
    make_journal: MakeJournal, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    files = {
        f"2026/2026-03-{d:02d}-session.md": entry(
            f"kind: session\ndate: 2026-03-{d:02d}", f"## What did I notice?\n\nDay {d}, *calm*.\n"
        )
        for d in range(1, 9)
    }
    forked, alone = make_journal(files, name="forked"), make_journal(files, name="alone")
    parent, writers = os.getpid(), []
    own = store.Store._write_shards

    def write_shards(self: store.Store, *args: Any) -> bool:
        if os.getpid() != parent and child == "is killed":
            os.kill(os.getpid(), signal.SIGKILL)
        writers.append(os.getpid())  # in the child: in its own copy of the list
        root = self.folder.parent
        (root.parent / f"{root.name}.writer").write_text(str(os.getpid()))
        return own(self, *args)

    monkeypatch.setattr(store.Store, "_write_shards", write_shards)
    monkeypatch.setattr(store, "BESIDE", 1)
    build(load_config(forked))
    monkeypatch.setattr(store, "BESIDE", 10**9)
    build(load_config(alone))
    assert alone.with_name("alone.writer").read_text() == str(parent)
    if child == "writes":
        assert forked.with_name("forked.writer").read_text() != str(parent)  # written by the child
        assert writers == [parent]  # only the build that did not fork wrote them here
    else:
        assert writers == [parent, parent]  # the child was killed: written here
    assert _cache_files(forked) and _cache_files(forked) == _cache_files(alone)
    assert any(name.startswith("answers/") for name in _cache_files(forked))
    again = build(load_config(forked))
    assert (again.parsed, again.converted, again.rendered, again.written) == (
        0,
        0,
        0,
        (),
    )  # all from the cache

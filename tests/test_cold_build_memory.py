"""A whole build keeps the converted bodies on disk while its pages render, and the result is the
same: the pages, the cache, and nothing left beside the site."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from conftest import MakeJournal, entry, run_cli
from helpers import tree

from journalgen import write
from journalgen.build import BuildState, build, spill, store, workers
from journalgen.build.records import body_record
from journalgen.build.spill import Spilled
from journalgen.config import load_config
from journalgen.source.markdown import Renderer

PLAIN = "Café au lait — *slowly*, 🌱 and an answer.\n\n- [ ] call Sam\n- [x] rest\n"
WORDS = "Café au lait — *slowly*, 🌱 and a [[b]] link.\n\n- [ ] call Sam\n- [x] rest\n"


def test_whole_build_spills_bodies_and_saves_them_whole(make_journal: MakeJournal, tmp_path: Path) -> None:
    files = {f"{n:02d}.md": entry(f"date: 2026-02-{n:02d}", f"# Day {n}\n\n{WORDS}") for n in range(1, 25)}
    root = make_journal({**files, "b.md": entry("title: b", "Beside the others.\n")})
    config = load_config(root)
    state = BuildState()
    build(config, state=state, jobs=2)

    spilled = state.bodies
    assert spilled and all(type(body) is Spilled for body in spilled.values())
    saved = store.Store(config.cache_dir).read_bodies(spilled)
    assert {key: body.record() for key, body in spilled.items()} == saved
    assert any("Café au lait — <em>slowly</em>, 🌱" in body[0] for body in saved.values())
    # Nothing but the site is left beside it (the file the bodies waited in had no name).
    assert sorted(p.name for p in config.output_dir.parent.iterdir() if ".tmp-" in p.name) == []

    first = tree(config.output_dir)
    shutil.rmtree(config.output_dir)
    shutil.rmtree(config.cache_dir)
    build(config, jobs=1)
    assert tree(config.output_dir) == first


def _journal_of(count: int, make_journal: MakeJournal) -> Path:
    files = {
        f"{n:03d}.md": entry(
            f"date: 2025-{n % 12 + 1:02d}-{n % 28 + 1:02d} {n % 24:02d}:{n % 60:02d}", f"Day {n}. {PLAIN}"
        )
        for n in range(count)
    }
    return make_journal({**files, "b.md": entry("title: b", "Beside the others.\n")})


@pytest.mark.parametrize("jobs", [2, 1])
def test_cold_build_bodies_stay_where_the_reading_wrote_them(
    make_journal: MakeJournal, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """A cold build of a journal big enough for a pool: each process that converts bodies while
    reading writes them in a file of its own, and sends back where they lie, not the bodies; the
    site and the cached bodies are those of a build that sent the bodies back, and nothing is left
    beside the site."""
    root = _journal_of(workers.PARALLEL_MIN + 10, make_journal)
    config = load_config(root)
    opened: list[str] = []
    body = spill.Spills.body

    def counted(self: spill.Spills, kept: spill.Kept) -> Spilled:
        opened.append(kept.file)
        return body(self, kept)

    monkeypatch.setattr(spill.Spills, "body", counted)
    state = BuildState()
    build(config, state=state, jobs=jobs)
    # Every body came back as where it lies.
    assert len(opened) == len(state.bodies) == workers.PARALLEL_MIN + 11
    assert 1 <= len(set(opened)) <= jobs
    assert all(type(body) is Spilled for body in state.bodies.values())
    assert sorted(p.name for p in root.iterdir() if ".tmp-" in p.name) == []
    assert not spill._own  # no file left open in this process
    first, saved = tree(config.output_dir), store.Store(config.cache_dir).read_bodies(state.bodies)
    assert saved == {key: body.record() for key, body in state.bodies.items()}

    shutil.rmtree(config.output_dir)
    shutil.rmtree(config.cache_dir)
    monkeypatch.setattr(spill, "CAN_SPILL", False)  # the bodies come back whole
    build(config, jobs=jobs)
    assert tree(config.output_dir) == first
    assert store.Store(config.cache_dir).read_bodies(saved) == saved


def test_a_body_a_worker_cannot_write_comes_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails half-way (a full disk) sends that body back whole, and the next body is
    written over what it left: every body reads back as converted."""
    folder = tmp_path / "bodies"
    folder.mkdir()
    render = Renderer()
    first, second, third = (
        render(f"Body *{n}*, café 🌱.\n\n- [ ] step {n}\n") for n in ("one", "two", "three")
    )
    kept_first = spill.keep_in_file(str(folder), first)
    real = os.pwrite

    def full(fd: int, data: bytes, offset: int) -> int:
        real(fd, bytes(data[:5]), offset)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    assert spill.keep_in_file(str(folder), second) is second
    monkeypatch.undo()
    kept_third = spill.keep_in_file(str(folder), third)
    assert isinstance(kept_first, spill.Kept) and isinstance(kept_third, spill.Kept)
    with spill.Spills(folder) as spills:
        bodies = [spills.body(kept) for kept in (kept_first, kept_third)]
    assert [body.record() for body in bodies] == [body_record(first), body_record(third)]
    assert kept_third.steps == (("step three", False),)
    assert not folder.exists() and not spill._own


def test_the_bodies_a_stopped_build_left_are_deleted_by_the_next(make_journal: MakeJournal) -> None:
    """A first build killed while it reads leaves its workers' files of converted entries beside
    the site; the next build deletes them and says so."""
    root = make_journal({"2026-02-01.md": entry("date: 2026-02-01", PLAIN)})
    left = root / f".site{write.TEMP}bodies-abcd1234"
    left.mkdir(mode=0o700)
    (left / "bodies-efgh5678").write_bytes("<p>Café au lait</p>".encode())
    done = run_cli("build", "--root", root)
    assert done.returncode == 0, done.stderr
    assert "removed the unfinished copy of the site a stopped build left beside it" in done.stderr
    assert left.name in done.stderr and not left.exists()

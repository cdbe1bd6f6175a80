"""A whole build keeps the converted bodies on disk while its pages render, and the result is the
same: the pages, the cache, and nothing left beside the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import MakeJournal, entry
from helpers import tree

from journalgen.build import BuildState, build, store
from journalgen.build.bodies import Spilled
from journalgen.config import load_config

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

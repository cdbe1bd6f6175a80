"""What a build starts from (build/inputs.py): a serve rebuild's look at the files a watcher names
finds what a whole scan finds; and from a page's path, the names its entry's file has."""

from __future__ import annotations

import os

from conftest import MakeJournal, entry

from journalgen.build import inputs
from journalgen.build.pipeline import build
from journalgen.config import load_config
from journalgen.model import stem
from journalgen.source.scan import page_sources
from journalgen.write import check_output


def test_looking_again_at_the_changed_files_finds_what_a_whole_scan_finds(make_journal: MakeJournal) -> None:
    days = [f"2026-03-{d:02d}" for d in range(1, 7)]
    root = make_journal({f"2026/{day}.md": entry(f"date: {day}", f"Day {day}.") for day in days})
    config = load_config(root)
    build(config)
    out = check_output(config)
    last = inputs.scan_inputs(config, out)
    edited = root / "entries" / "2026" / "2026-03-04.md"
    edited.write_text(entry("date: 2026-03-04", "Other words, longer than before."), encoding="utf-8")
    os.utime(edited, ns=(last[0].stats["2026/2026-03-04.md"][0] + 5_000_000_000,) * 2)
    again, whole = inputs.rescan(config, out, last, [str(edited)])[0], inputs.scan_inputs(config, out)[0]
    assert again.stats == whole.stats != last[0].stats
    assert again.fingerprint == whole.fingerprint != last[0].fingerprint
    assert inputs.rescan(config, out, (whole, []), [str(edited)])[0].fingerprint == whole.fingerprint


def test_the_names_an_entry_s_file_has_from_its_page_s_path() -> None:
    for source in ("2026/a.md", "2026/a.b.markdown", "notes/x-2.md", "a.MD", "b.Markdown"):
        found = page_sources(f"entries/{stem(source)}.html")
        assert (source in found) == source.endswith((".md", ".markdown"))
    assert page_sources("tags/calm.html") == page_sources("entries/photo.png") == ()

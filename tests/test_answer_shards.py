"""The cache keeps the answers to the prompts' questions by question and year (build/answers.py),
as the Threads pages show them: a rebuild after an edit reads and writes only the shards of the
questions the entry answers, in its year, and what they hold is what a clean build's hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import MakeJournal, entry
from test_incremental import assert_as_clean, config_of, edit

from journalgen.build import BuildState, build, records, store
from journalgen.site.threads import GROUPS

SEEN = "## Initial recall\n\n### What did you see?\n"
HEARD = "### What did you hear?\n"
SHIFTED = "## Since the session\n\n### What has shifted, and what has stayed the same?\n"


def files() -> dict[str, str]:
    found = {}
    for year in (2023, 2024, 2025):
        for month in (3, 6, 9):
            found[f"{year}/{year}-0{month}-05-s.md"] = entry(
                "kind: session\nroute: iv", f"{SEEN}Colour {year}-{month}.\n\n{HEARD}Rain {year}-{month}.\n"
            )
            found[f"{year}/{year}-0{month}-12-f.md"] = entry("kind: follow-up", f"{SHIFTED}Less {year}.\n")
            found[f"{year}/{year}-0{month}-20-r.md"] = entry("kind: reflection", f"{SEEN}Not an answer.\n")
    return found


def shards(cache: Path) -> dict[str, Any]:
    """Each answer shard of a cache, as it holds them: question → body key → HTML."""
    return {p.name: records.decode(p.read_bytes()) for p in sorted((cache / "answers").glob("*.bin"))}


def clean_shards(root: Path, tmp_path: Path) -> dict[str, Any]:
    assert_as_clean(root, tmp_path)  # (its cache: tmp_path/scratch/cache)
    return shards(tmp_path / "scratch" / "cache")


def test_each_shard_holds_the_answers_of_its_questions_years(make_journal: MakeJournal) -> None:
    root = make_journal(files())
    state = BuildState()
    build(config_of(root), state=state)
    cache = root / ".journalgen-cache"
    held = shards(cache)
    keys = state.index.body_keys if state.index else {}
    expected: dict[str, dict[str, set[str]]] = {}
    for source, text in files().items():
        if "kind: reflection" in text:
            continue
        year = int(source[:4])
        questions = ["What did you see?", "What did you hear?"] if "kind: session" in text else []
        questions = questions or ["What has shifted, and what has stayed the same?"]
        for question in questions:
            name = f"{store.answer_shard(question, year)}.bin"
            expected.setdefault(name, {}).setdefault(question, set()).add(keys[source])
    assert {name: {q: set(a) for q, a in shard.items()} for name, shard in held.items()} == expected
    assert all(
        html.startswith("<p>") for shard in held.values() for a in shard.values() for html in a.values()
    )
    assert set(GROUPS) == {"intention", "session", "follow-up"}


def test_a_body_edit_reads_and_writes_only_the_shards_of_its_year(
    make_journal: MakeJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_journal(files())
    build(config_of(root))
    cache = root / ".journalgen-cache"
    before = shards(cache)
    read: list[str] = []
    original = store.Store.read_answers

    def reading(self: store.Store, shard: str) -> dict[str, dict[str, str]]:
        read.append(shard)
        return original(self, shard)

    monkeypatch.setattr(store.Store, "read_answers", reading)
    edit(root / "entries/2024/2024-06-05-s.md", "Colour 2024-6.", "Grey, and *quiet*.")
    report = build(config_of(root))
    assert report.mode == "incremental" and report.converted == 1
    ours = {store.answer_shard("What did you see?", 2024), store.answer_shard("What did you hear?", 2024)}
    assert set(read) == ours
    after = shards(cache)
    assert {name for name in after if after[name] != before.get(name)} == {f"{s}.bin" for s in ours}
    assert after == clean_shards(root, tmp_path)
    page = (root / "site/threads/session-what-did-you-see/2024.html").read_text(encoding="utf-8")
    assert "Grey, and <em>quiet</em>." in page and "Colour 2024-3." in page


def test_edits_in_one_process_keep_every_answer_of_the_shard(
    make_journal: MakeJournal, tmp_path: Path
) -> None:
    """serve builds again and again with one BuildState: each edit's shard keeps the answers of
    the edits before it, read or saved by the builds before."""
    root = make_journal(files())
    state = BuildState()
    build(config_of(root), state=state)
    for n, (source, old) in enumerate(
        [
            ("2025/2025-03-05-s.md", "Colour 2025-3."),
            ("2025/2025-09-05-s.md", "Colour 2025-9."),
            ("2025/2025-03-05-s.md", "Wave 0."),
            ("2023/2023-06-12-f.md", "Less 2023."),
        ]
    ):
        edit(root / "entries" / source, old, f"Wave {n}.")
        assert build(config_of(root), state=state).mode == "incremental"
        assert shards(root / ".journalgen-cache") == clean_shards(root, tmp_path)


def test_an_entry_moved_to_another_year_takes_its_answers_there(
    make_journal: MakeJournal, tmp_path: Path
) -> None:
    """A session renamed into another year: its body, and so its body key, is the same; its
    answers are cut from it again for the page of its new year, and kept in that year's shard."""
    root = make_journal(files())
    build(config_of(root))
    moving = root / "entries/2023/2023-09-05-s.md"
    moving.rename(root / "entries/2024/2024-09-05-s.md")
    assert build(config_of(root)).mode == "incremental"
    assert_as_clean(root, tmp_path)
    page = (root / "site/threads/session-what-did-you-see/2024.html").read_text(encoding="utf-8")
    assert "Colour 2023-9." in page
    cache = root / ".journalgen-cache"
    moved = shards(cache)[f"{store.answer_shard('What did you see?', 2024)}.bin"]["What did you see?"]
    assert any("Colour 2023-9." in html for html in moved.values())
    edit(root / "entries/2024/2024-03-05-s.md", "Colour 2024-3.", "Colour again.")
    assert build(config_of(root)).mode == "incremental"
    assert shards(cache) == clean_shards(root, tmp_path)

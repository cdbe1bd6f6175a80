"""Incremental builds: every rebuild equals a clean build, and writes only what changed."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import MakeJournal, entry, run_cli
from helpers import tree

from journalgen.build import BuildReport, BuildState, build, records, store
from journalgen.build.keys import Stored, page_key
from journalgen.config import Config, load_config, resolve_today
from journalgen.errors import JournalError
from journalgen.model import Journal
from journalgen.site.page import Page
from journalgen.site.plan import Planner
from journalgen.site.theme import Theme
from journalgen.source.entry import load_entry
from journalgen.write import MARKER

SESSION = "2026/2026-09-09-third-infusion.md"


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def config_of(root: Path, **changes: object) -> Config:
    return dataclasses.replace(load_config(root), **changes)


def clean_tree(root: Path, tmp_path: Path, **changes: object) -> dict[str, bytes]:
    """What a build from scratch (no cache, no previous site) makes of the journal as it is now."""
    scratch = tmp_path / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    config = config_of(root, output=scratch / "site", cache=scratch / "cache", **changes)
    build(config, jobs=1)
    return tree(scratch / "site")


def assert_as_clean(root: Path, tmp_path: Path, **changes: object) -> None:
    site = config_of(root, **changes).output_dir
    clean = clean_tree(root, tmp_path, **changes)
    assert sorted(tree(site)) == sorted(clean)
    assert tree(site) == clean
    assert folders(site) == folders(tmp_path / "scratch" / "site")


def rebuild(root: Path, **changes: object) -> BuildReport:
    return build(config_of(root, **changes))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_editing_an_entry_body_rewrites_only_its_page(sample_journal: Path, tmp_path: Path) -> None:
    first = rebuild(sample_journal)
    assert first.mode == "full"
    site = sample_journal / "site"
    before = stamps(site)

    edit(
        sample_journal / "entries" / SESSION, "Handing over the pencil.", "Handing over the pencil, at last."
    )
    report = rebuild(sample_journal)

    assert report.mode == "incremental"
    # its words: on its page, in search, and on the page of the question they answer
    answered = "threads/session-is-there-a-message-or-theme.html"
    edited = {"entries/2026/2026-09-09-third-infusion.html", "assets/search/2026-09.js", answered}
    assert set(report.written) == edited
    assert report.removed == ()
    assert report.parsed == 1 and report.converted == 1
    after = stamps(site)
    assert {k for k in after if after[k] != before[k]} == edited
    assert report.unchanged == len(after) - 3
    assert "at last" in (site / "entries/2026/2026-09-09-third-infusion.html").read_text(encoding="utf-8")
    assert_as_clean(sample_journal, tmp_path)


def test_a_no_op_rebuild_writes_nothing(sample_journal: Path) -> None:
    rebuild(sample_journal)
    site = sample_journal / "site"
    before = tree(site), stamps(site)
    report = rebuild(sample_journal)
    assert report.written == () and report.removed == ()
    assert report.rendered == 0 and report.parsed == 0
    assert (tree(site), stamps(site)) == before


def test_changing_a_title_updates_every_page_that_shows_it(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    edit(sample_journal / "entries" / SESSION, "title: Third infusion", "title: The third infusion")
    report = rebuild(sample_journal)
    assert report.mode == "incremental"
    written = set(report.written)
    # its page, its neighbours, its follow-ups (which name their session), lists naming it
    assert "entries/2026/2026-09-09-third-infusion.html" in written
    assert "entries/2026/2026-09-08-intention-third-infusion.html" in written
    assert "entries/2026/2026-09-10-morning-after-the-third.html" in written
    assert {"index.html", "timeline.html", "tags/family.html", "emotions/awe.html"} & written
    assert "emotions/anger.html" not in written
    assert_as_clean(sample_journal, tmp_path)


def test_editing_a_template_rerenders_what_uses_it(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    theme = Path(__file__).resolve().parent.parent / "templates"
    (sample_journal / "templates").mkdir()
    text = (theme / "entry.html").read_text(encoding="utf-8")
    (sample_journal / "templates" / "entry.html").write_text(
        text.replace('<div class="entry-body">', '<div class="entry-body changed">'), encoding="utf-8"
    )
    report = rebuild(sample_journal)
    assert report.mode == "incremental"
    assert report.written and all(p.startswith("entries/") for p in report.written)
    assert_as_clean(sample_journal, tmp_path)
    page = (sample_journal / "site" / "entries/2026/2026-09-09-third-infusion.html").read_text(
        encoding="utf-8"
    )
    assert BeautifulSoup(page, "html.parser").select_one("div.entry-body.changed") is not None


def test_changing_the_config_rerenders_every_page(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    settings = sample_journal / "journal.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        'title = "Another title"\n' + re.sub(r"(?m)^title *=.*\n", "", text), encoding="utf-8"
    )
    report = rebuild(sample_journal)
    pages = {p for p in report.written if p.endswith(".html")}
    assert pages == {p for p in tree(sample_journal / "site") if p.endswith(".html")}  # every page
    assert_as_clean(sample_journal, tmp_path)
    soup = BeautifulSoup((sample_journal / "site" / "timeline.html").read_bytes(), "html.parser")
    assert soup.select_one(".site-title a").get_text() == "Another title"


def test_deleting_an_entry_removes_its_page(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    (sample_journal / "entries" / "2026/2026-11-22-the-anniversary.md").unlink()
    report = rebuild(sample_journal)
    assert report.removed == ("entries/2026/2026-11-22-the-anniversary.html",)
    assert not (sample_journal / "site/entries/2026/2026-11-22-the-anniversary.html").exists()
    assert_as_clean(sample_journal, tmp_path)


def test_deleting_a_draft_changes_nothing(sample_journal: Path) -> None:
    rebuild(sample_journal)
    (sample_journal / "entries" / "2026/2026-10-30-about-anger.md").unlink()  # draft: true
    report = rebuild(sample_journal)
    assert report.written == () and report.removed == ()


def test_renaming_an_entry_moves_its_page(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    entries = sample_journal / "entries"
    (entries / "2026/later").mkdir()
    os.replace(entries / "2026/2026-11-08-sunday.md", entries / "2026/later/2026-11-08-a-sunday.md")
    report = rebuild(sample_journal)
    assert "entries/2026/2026-11-08-sunday.html" in report.removed
    assert "entries/2026/later/2026-11-08-a-sunday.html" in report.written
    assert report.converted == 0  # same body: its HTML came from the cache
    assert_as_clean(sample_journal, tmp_path)


def test_deleting_the_only_entry_of_a_folder_removes_the_folder(
    make_journal: MakeJournal, tmp_path: Path
) -> None:
    root = make_journal({"a.md": entry("date: 2026-01-01"), "old/b.md": entry("date: 2026-01-02\ntags: [x]")})
    rebuild(root)
    (root / "entries/old/b.md").unlink()
    (root / "entries/old").rmdir()
    report = rebuild(root)
    assert set(report.removed) == {"entries/old/b.html", "tags/x.html"}
    assert not (root / "site/entries/old").exists()
    assert_as_clean(root, tmp_path)


def test_adding_an_entry_between_two_others(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    (sample_journal / "entries/2026/2026-11-01-in-between.md").write_text(
        entry("title: In between\ndate: 2026-11-01\nemotions: [calm]"), encoding="utf-8"
    )
    report = rebuild(sample_journal)
    written = set(report.written)
    assert "entries/2026/2026-11-01-in-between.html" in written
    neighbours = {
        "entries/2026/2026-10-31-a-week-after-the-home-session.html",
        "entries/2026/2026-11-08-sunday.html",
    }
    assert neighbours <= written
    assert_as_clean(sample_journal, tmp_path)


def test_adding_a_session_renumbers_the_later_ones(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    (sample_journal / "entries/2026/2026-08-01-a-first-try.md").write_text(
        entry("title: A first try\ndate: 2026-08-01\nkind: session\nroute: oral"), encoding="utf-8"
    )
    rebuild(sample_journal)
    assert_as_clean(sample_journal, tmp_path)
    page = (sample_journal / "site/entries/2026/2026-09-09-third-infusion.html").read_text(encoding="utf-8")
    assert "Session #4" in BeautifulSoup(page, "html.parser").select_one(".entry-meta").get_text()


def test_images_added_and_removed(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    (sample_journal / "entries/2026/images/new.png").write_bytes(b"\x89PNG not really")
    report = rebuild(sample_journal)
    assert report.written == ("entries/2026/images/new.png",)
    (sample_journal / "entries/2026/images/new.png").unlink()
    report = rebuild(sample_journal)
    assert report.removed == ("entries/2026/images/new.png",)
    assert_as_clean(sample_journal, tmp_path)


def test_drafts_switched_on_and_off(make_journal: MakeJournal, tmp_path: Path) -> None:
    root = make_journal({"a.md": entry("date: 2026-01-01"), "b.md": entry("date: 2026-01-02\ndraft: true")})
    rebuild(root)
    assert not (root / "site/entries/b.html").exists()
    rebuild(root, drafts=True)
    assert_as_clean(root, tmp_path, drafts=True)
    rebuild(root)
    assert_as_clean(root, tmp_path)


def test_same_size_edit_within_the_same_mtime_is_seen(make_journal: MakeJournal) -> None:
    root = make_journal({"a.md": entry("date: 2026-01-01", "Version one.\n")})
    path = root / "entries/a.md"
    os.utime(path)  # saved just now, just before the build looks at it
    rebuild(root)
    st = path.stat()
    path.write_text(entry("date: 2026-01-01", "Version two.\n"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    rebuild(root)
    assert "Version two." in (root / "site/entries/a.html").read_text(encoding="utf-8")


def test_a_bad_entry_after_a_good_build_writes_nothing(sample_journal: Path) -> None:
    rebuild(sample_journal)
    site = sample_journal / "site"
    before = tree(site), stamps(site)
    edit(sample_journal / "entries" / SESSION, "Handing over", "Handing over again")
    (sample_journal / "entries/2026/2026-12-01-broken.md").write_text(
        entry("date: 2026-02-30"), encoding="utf-8"
    )
    with pytest.raises(JournalError) as caught:
        rebuild(sample_journal)
    assert caught.value.problems[0].path == "entries/2026/2026-12-01-broken.md"
    assert (tree(site), stamps(site)) == before


def test_a_template_error_in_an_incremental_build_writes_nothing(
    sample_journal: Path, tmp_path: Path
) -> None:
    rebuild(sample_journal)
    site = sample_journal / "site"
    before = tree(site), stamps(site)
    (sample_journal / "templates").mkdir()
    (sample_journal / "templates/term.html").write_text("{{ no_such_thing.x }}", encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        rebuild(sample_journal)
    assert "term.html" in caught.value.problems[0].path
    assert (tree(site), stamps(site)) == before
    (sample_journal / "templates/term.html").unlink()
    rebuild(sample_journal)
    assert_as_clean(sample_journal, tmp_path)


def test_a_site_changed_behind_our_back_is_rebuilt_whole(sample_journal: Path, tmp_path: Path) -> None:
    rebuild(sample_journal)
    site = sample_journal / "site"
    (site / "index.html").write_text("changed by hand", encoding="utf-8")
    (site / "stray.txt").write_text("not ours", encoding="utf-8")
    report = rebuild(sample_journal)
    assert report.mode == "full"
    assert not (site / "stray.txt").exists()
    assert_as_clean(sample_journal, tmp_path)


def _poison(folder: Path) -> None:
    """Make every cached body say something no clean build would, keeping each file valid."""
    for shard in (folder / "bodies").glob("*.bin"):
        data = records.decode(shard.read_bytes())
        assert data is not None
        shard.write_bytes(records.encode({k: ("<p>POISON</p>", "POISON", (), ()) for k in data}))


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage", "stale"])
def test_a_damaged_or_stale_cache_is_ignored(
    sample_journal: Path, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(sample_journal)
    folder = sample_journal / ".journalgen-cache"
    if damage == "stale":
        # What was written under another journalgen version or Markdown settings is not used,
        # even when it is intact (here it is also poisoned, to show it is not read).
        _poison(folder)
        files = [folder / "index.bin", *folder.glob("entries/*.bin"), *folder.glob("bodies/*.bin")]
        contents = {path: records.decode(path.read_bytes()) for path in files}
        monkeypatch.setattr(records, "cache_key", lambda: "format=0;journalgen=0.0.1")
        for path, data in contents.items():
            path.write_bytes(records.encode(data))
        monkeypatch.undo()
    else:
        _poison(folder)
        files = [folder / "index.bin", *folder.glob("entries/*.bin"), *folder.glob("bodies/*.bin")]
        for path in files:
            blob = path.read_bytes()
            if damage == "flip":
                blob = blob[:-10] + bytes([blob[-10] ^ 0x55]) + blob[-9:]
            elif damage == "truncate":
                blob = blob[: len(blob) // 2]
            elif damage == "empty":
                blob = b""
            else:
                blob = b"\x80\x04not a cache at all" * 3
            path.write_bytes(blob)
    (sample_journal / "site/index.html").unlink()  # and the site must be rebuilt from the entries
    edit(sample_journal / "entries" / SESSION, "Handing over the pencil.", "Handing over the pencil, again.")
    report = rebuild(sample_journal)
    assert report.converted == report.entries + report.note_pages  # every body converted again
    assert_as_clean(sample_journal, tmp_path)
    assert b"POISON" not in b"".join(tree(sample_journal / "site").values())


def test_every_cache_file_is_checked(sample_journal: Path) -> None:
    rebuild(sample_journal)
    folder = sample_journal / ".journalgen-cache"
    assert (folder / ".gitignore").read_text(encoding="utf-8") == "*\n"
    for path in folder.rglob("*.bin"):
        blob = path.read_bytes()
        assert records.decode(blob) is not None
        assert records.decode(blob[:-1]) is None
        assert records.decode(blob[:20] + bytes([blob[20] ^ 1]) + blob[21:]) is None


def test_parallel_and_serial_cold_builds_are_identical(make_journal: MakeJournal, tmp_path: Path) -> None:
    files = {}
    for n in range(1, 41):
        kind = "session" if n % 8 == 1 else ("follow-up" if n % 8 in (2, 3) else "reflection")
        front = f"date: 2026-0{1 + n // 10}-{10 + n % 10:02d} 0{n % 10}:15\nkind: {kind}\n"
        front += f"route: iv\nemotions: [calm, e{n % 5}]\ntags: [t{n % 3}]"
        files[f"{2026}/{n:02d}.md"] = entry(front, f"# Entry {n}\n\nText *{n}* [back](01.md).\n\n## Empty\n")
    root = make_journal(files)
    serial = config_of(root, output=tmp_path / "serial", cache=tmp_path / "c1")
    parallel = config_of(root, output=tmp_path / "parallel", cache=tmp_path / "c2")
    build(serial, jobs=1)
    report = build(parallel, jobs=2)
    assert report.converted == 40
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")
    assert len(tree(tmp_path / "serial")) > 40
    # Page keys and what pages show, worked out in the page workers, are what one process works out.
    serial_index = full_index(tmp_path / "c1")
    shutil.rmtree(tmp_path / "serial")
    shutil.rmtree(tmp_path / "c1")
    build(serial, jobs=2)
    parallel_index = full_index(tmp_path / "c1")
    assert (parallel_index.page_keys, parallel_index.shows) == (serial_index.page_keys, serial_index.shows)
    assert parallel_index.reads == serial_index.reads and "title" in serial_index.reads["term.html"]
    assert len(serial_index.page_keys) == report.pages
    edit(root / "entries/2026/05.md", "Text *5*", "Text *five*")
    again = build(parallel, jobs=2)
    assert again.mode == "incremental" and again.rendered == 2  # the entry and its year's search file


def full_index(folder: Path) -> store.Index:
    """Everything the last build learned (index.bin and journal.bin)."""
    index = store.Store(folder).read_index()
    assert index is not None and store.Store(folder).read_rest(index)
    return index


def test_parallel_build_reports_every_bad_entry(make_journal: MakeJournal) -> None:
    root = make_journal({f"{n:02d}.md": entry(f"date: 2026-01-{n:02d}") for n in range(1, 20)})
    (root / "entries/05.md").write_text(entry("date: 2026-01-05\nmood: 11"), encoding="utf-8")
    (root / "entries/12.md").write_text(entry("date: 2026-01-12\nroute: teleport"), encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        build(load_config(root), jobs=2)
    assert [p.path for p in caught.value.problems] == ["entries/05.md", "entries/12.md"]
    assert not (root / "site").exists()


@pytest.mark.parametrize("template", ["entry.html", "term.html"])  # from the back, from the front
def test_a_template_error_in_a_parallel_build_writes_nothing(
    make_journal: MakeJournal, template: str
) -> None:
    files = {f"{n:02d}.md": entry(f"date: 2026-01-{n:02d}\ntags: [t{n % 3}]") for n in range(1, 30)}
    root = make_journal(files)
    (root / "templates").mkdir()
    (root / "templates" / template).write_text("{{ no_such_thing.x }}", encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        build(load_config(root), jobs=2)
    assert template in caught.value.problems[0].path
    assert not (root / "site").exists()
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site")]  # nothing left beside it


def test_a_state_kept_in_memory_serves_repeated_builds(sample_journal: Path, tmp_path: Path) -> None:
    state = BuildState()
    config = load_config(sample_journal)
    build(config, state=state)
    shutil.rmtree(sample_journal / ".journalgen-cache")  # the state alone must be enough
    edit(
        sample_journal / "entries" / SESSION,
        "Handing over the pencil.",
        "Handing over the pencil, once more.",
    )
    report = build(config, state=state)
    answered = "threads/session-is-there-a-message-or-theme.html"
    written = {"entries/2026/2026-09-09-third-infusion.html", "assets/search/2026-09.js", answered}
    assert set(report.written) == written
    assert report.parsed == 1
    assert build(config, state=state).written == ()
    assert_as_clean(sample_journal, tmp_path)


def test_a_state_that_found_nothing_to_do_holds_what_the_next_build_needs(
    sample_journal: Path, tmp_path: Path
) -> None:
    """serve's first build often finds the site as the last one left it: its state then reads the
    cache at once, so the first save is as quick as the ones after (it reads no cache file)."""
    config = load_config(sample_journal)
    build(config)
    state = BuildState()
    assert build(config, state=state).mode == "none"
    assert state.complete and state.entries is not None and state.model is not None
    shutil.rmtree(sample_journal / ".journalgen-cache" / "entries")  # not needed again
    (sample_journal / ".journalgen-cache" / "journal.bin").unlink()
    edit(sample_journal / "entries" / SESSION, "Handing over the pencil.", "Handing over the pencil, again.")
    report = build(config, state=state, changed={str(sample_journal / "entries" / SESSION)})
    assert report.mode == "incremental" and report.parsed == 1 and report.converted == 1
    assert_as_clean(sample_journal, tmp_path)


def test_the_sample_journal_site_is_marked_and_cached(sample_journal: Path) -> None:
    report = rebuild(sample_journal)
    assert (sample_journal / "site" / MARKER).is_file()
    assert report.files == len(tree(sample_journal / "site"))
    assert report.entries == 31


def test_cli_prints_a_summary_and_is_quiet_when_asked(sample_journal: Path, cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("build", "--root", sample_journal)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Built 31 entries and 1 note into ")
    assert " files written, 0 unchanged, 0 removed) in " in first.stdout
    second = cli("build", "--root", sample_journal)
    assert "0 files written" in second.stdout and second.stderr == ""
    quiet = cli("build", "--quiet", "--root", sample_journal)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_a_parallel_build_beside_other_threads(make_journal: MakeJournal, tmp_path: Path) -> None:
    """With threads running (as in serve), workers are not forked from this process, and all is well."""
    files = {
        f"{n:02d}.md": entry(f"date: 2026-01-{n:02d}\ntags: [t{n % 3}]", f"Day *{n}*.\n")
        for n in range(1, 25)
    }
    root = make_journal(files)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        report = build(config_of(root), jobs=2)
    finally:
        stop.set()
        other.join()
    assert report.converted == 24
    assert_as_clean(root, tmp_path)


def test_entries_from_the_cache_read_their_body_from_their_file(sample_journal: Path) -> None:
    config = load_config(sample_journal)
    rebuild(sample_journal)
    path = config.entries_dir / SESSION
    parsed = load_entry(SESSION, path.read_bytes(), config)
    stored = store.Store(config.cache_dir).read_entries(config.entries_dir)[SESSION][2]
    assert stored == parsed and parsed == stored
    assert stored.body == parsed.body and "Handing over the pencil." in stored.body
    assert dataclasses.replace(stored, title="x").body == parsed.body
    later = store.Store(config.cache_dir).read_entries(config.entries_dir)[SESSION][2]
    edit(path, "Handing over the pencil.", "Something else.")
    with pytest.raises(JournalError, match="changed while journalgen was building"):
        _ = later.body


def test_locking_and_unlocking_rebuild_the_site_whole(sample_journal: Path, tmp_path: Path) -> None:
    """A locked site changes with every build: it is written whole, and never trusted as a manifest."""
    env = {"JOURNALGEN_PASSWORD": "correct horse battery staple"}
    assert run_cli("build", "--root", sample_journal).returncode == 0
    locked = run_cli("build", "--root", sample_journal, "--encrypt", env=env)
    assert locked.returncode == 0, locked.stderr
    assert "locked with a password" in locked.stdout
    site = sample_journal / "site"
    assert not (site / "timeline.html").exists() and (site / "assets/keyinfo.js").is_file()
    again = run_cli("build", "--root", sample_journal, "--encrypt", env=env)
    assert again.returncode == 0 and " 0 unchanged" in again.stdout
    report = rebuild(sample_journal)
    assert report.mode == "full"
    assert_as_clean(sample_journal, tmp_path)


def test_a_kept_state_picks_up_template_edits_and_new_overrides(sample_journal: Path, tmp_path: Path) -> None:
    state = BuildState()
    config = load_config(sample_journal)
    build(config, state=state)
    templates = sample_journal / "templates"
    templates.mkdir()
    override = templates / "term.html"
    override.write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ title }}</h1><p>override one</p>{% endblock %}\n',
        encoding="utf-8",
    )
    build(config, state=state)
    assert "override one" in (sample_journal / "site/tags/family.html").read_text(encoding="utf-8")
    override.write_text(override.read_text(encoding="utf-8").replace("one", "two"), encoding="utf-8")
    build(config, state=state)
    assert "override two" in (sample_journal / "site/tags/family.html").read_text(encoding="utf-8")
    assert_as_clean(sample_journal, tmp_path)


YEARS = {
    "2025/2025-06-01-walk.md": entry(
        "title: A walk\ntags: [nature]", "Beech wood.\n\n- [ ] call my sister\n"
    ),
    "2025/2025-06-02-rest.md": entry("title: Rest\nemotions: [calm]", "Quiet day.\n"),
    "2026/2026-01-05-session.md": entry("title: Session\nkind: session\nroute: iv", "Cello.\n"),
    "2026/2026-01-06-after.md": entry("title: After\nkind: follow-up\nemotions: [calm]", "Toast.\n"),
}


def no_full_plan(self: Planner, bodies: object) -> list[Page]:
    raise AssertionError("a rebuild after a body edit planned every page")


def test_a_body_edit_plans_only_its_page_and_its_months_search_file(
    make_journal: MakeJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_journal(YEARS)
    full = rebuild(root)
    edit(root / "entries/2025/2025-06-02-rest.md", "Quiet day.", "Quiet day, a long nap.")
    with monkeypatch.context() as patch:
        patch.setattr(Planner, "plan", no_full_plan)
        report = rebuild(root)
    assert report.mode == "incremental"
    assert set(report.written) == {"entries/2025/2025-06-02-rest.html", "assets/search/2025-06.js"}
    assert report.rendered == 2  # the steps are as they were: the steps page is not even planned
    assert report.pages == full.pages
    assert_as_clean(root, tmp_path)

    edit(root / "entries/2025/2025-06-01-walk.md", "- [ ] call my sister", "- [x] call my sister")
    with monkeypatch.context() as patch:
        patch.setattr(Planner, "plan", no_full_plan)
        report = rebuild(root)
    assert set(report.written) == {"entries/2025/2025-06-01-walk.html", "steps.html"}  # same words
    assert_as_clean(root, tmp_path)


def test_a_front_matter_edit_plans_every_page(make_journal: MakeJournal, tmp_path: Path) -> None:
    root = make_journal(YEARS)
    rebuild(root)
    edit(root / "entries/2025/2025-06-02-rest.md", "emotions: [calm]", "emotions: [calm, relief]")
    report = rebuild(root)
    assert "emotions/relief.html" in report.written and "assets/search/2025-06.js" in report.written
    assert_as_clean(root, tmp_path)
    # The entry moves to 2026 (its file stays where it is): both months' search files change.
    edit(root / "entries/2025/2025-06-02-rest.md", "title: Rest", "title: Rest\ndate: 2026-01-07")
    report = rebuild(root)
    assert {"assets/search/2025-06.js", "assets/search/2026-01.js"} <= set(report.written)
    assert_as_clean(root, tmp_path)


def test_a_search_file_changed_behind_our_back_is_not_trusted(
    make_journal: MakeJournal, tmp_path: Path
) -> None:
    root = make_journal(YEARS)
    rebuild(root)
    search_file = root / "site/assets/search/2025-06.js"
    st = search_file.stat()
    search_file.write_bytes(search_file.read_bytes().replace(b"Beech", b"Birch"))  # same size
    os.utime(search_file, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same time
    edit(root / "entries/2025/2025-06-02-rest.md", "Quiet day.", "Quiet day, a long nap.")
    report = rebuild(root)
    assert "assets/search/2025-06.js" in report.written
    assert b"Beech" in search_file.read_bytes() and b"Birch" not in search_file.read_bytes()
    assert_as_clean(root, tmp_path)


def test_only_the_body_pages_show_anything_of_a_body(sample_journal: Path) -> None:
    """What the fast rebuild after a body edit relies on (Planner.body_pages), checked
    through page keys, which digest everything a page shows."""
    config = load_config(sample_journal)
    state = BuildState()
    build(config, state=state)
    assert state.entries is not None
    chosen = [e for _, _, e in state.entries.values() if not e.draft]
    journal = Journal(chosen, config.routes)
    kept_bodies = dict(state.bodies)
    kept_bodies["another"] = ("<p>Other words.</p>", "Other words.", (), ())
    theme = Theme.of(config).fingerprint()

    def bodies_with(
        source: str | None = None, key: str | None = None, steps: tuple[tuple[str, bool], ...] | None = None
    ):  # type: ignore[no-untyped-def]
        found = {}
        for e in chosen:
            body = state.entries[e.source][1]
            kept = state.steps[body]
            if e.source == source:
                body, kept = key or body, kept if steps is None else steps
            found[e.source] = Stored(body, kept, kept_bodies, {})
        return found

    def keys(planner: Planner, bodies: dict[str, Stored]) -> dict[str, str]:
        return {p.path: page_key(p, theme, {}) for p in planner.plan(bodies)}

    today = resolve_today(config)
    before = keys(Planner(config, journal, today), bodies_with())
    with_steps = [e for e in chosen if state.steps[state.entries[e.source][1]]]
    for e in (journal.sessions[0], journal.entries[-1], with_steps[0]):
        planner, bodies = Planner(config, journal, today), bodies_with(e.source, key="another")
        changed = {path for path, key in keys(planner, bodies).items() if key != before[path]}
        assert e.url in changed and f"assets/search/{e.date:%Y-%m}.js" in changed
        assert changed <= {p.path for p in planner.body_pages(bodies, [e])}
        planner, bodies = Planner(config, journal, today), bodies_with(e.source, steps=(("rest", False),))
        changed = {path for path, key in keys(planner, bodies).items() if key != before[path]}
        assert changed == {"steps.html"}
        assert changed <= {p.path for p in planner.body_pages(bodies, [e])}


def test_a_body_edit_that_changes_the_title_heading_updates_every_page_that_shows_it(
    make_journal: MakeJournal, tmp_path: Path
) -> None:
    files = dict(YEARS)
    files["2025/2025-06-03-heading.md"] = entry("tags: [nature]", "# Morning walk\n\nDew on the grass.\n")
    root = make_journal(files)
    rebuild(root)
    edit(root / "entries/2025/2025-06-03-heading.md", "# Morning walk", "# Evening walk")
    report = rebuild(root)
    # The title lives in the body, so this is no body-only edit: the neighbour and the lists change.
    assert {"entries/2025/2025-06-02-rest.html", "tags/nature.html"} <= set(report.written)
    assert "Evening walk" in (root / "site/entries/2025/2025-06-02-rest.html").read_text(encoding="utf-8")
    assert_as_clean(root, tmp_path)


def test_the_pages_of_how_it_is_going_follow_every_edit(sample_journal: Path, tmp_path: Path) -> None:
    """Threads, Body, measures and a session's own lift show other entries' words and fields: each
    edit rewrites them, and the site is what a clean build makes."""
    rebuild(sample_journal)
    threads, body = "threads.html", "body.html"
    session = "entries/2026/2026-09-09-third-infusion.html"
    entries = sample_journal / "entries/2026"
    # A question's words: only the body pages, the list of threads and the new question's page.
    edit(entries / "2026-09-10-morning-after-the-third.md", "### What has shifted", "### What shifted")
    report = rebuild(sample_journal)
    assert {threads, "threads/follow-up-what-shifted-what-has-stayed.html"} <= set(report.written)
    assert body not in report.written
    assert "What shifted" in (sample_journal / "site" / threads).read_text(encoding="utf-8")
    assert_as_clean(sample_journal, tmp_path)
    # A reflection's words are no answer: the threads pages are left as they are.
    edit(entries / "2026-11-24-three-months.md", "Three months", "Three whole months")
    report = rebuild(sample_journal)
    assert not any(p.startswith("threads") for p in report.written) and report.written
    assert_as_clean(sample_journal, tmp_path)
    # A follow-up's mood: the lift of its session, on its page and the measures page.
    edit(entries / "2026-09-16-a-week-after-the-third.md", "mood: 7", "mood: 3")
    report = rebuild(sample_journal)
    assert {session, "measures.html"} <= set(report.written)
    lift = BeautifulSoup((sample_journal / "site" / session).read_bytes(), "html.parser").select_one(
        ".arc-lift"
    )
    assert "after 7 days" in lift.get_text()
    assert_as_clean(sample_journal, tmp_path)
    # What the body felt: the Body page and the entry's own.
    edit(entries / "2026-09-09-third-infusion.md", "dissociation: 7", "dissociation: 8")
    report = rebuild(sample_journal)
    assert {body, session} <= set(report.written)
    assert not any(p.startswith("threads") for p in report.written)
    assert "8 of 10" in (sample_journal / "site" / body).read_text(encoding="utf-8")
    assert_as_clean(sample_journal, tmp_path)


def test_a_tag_edit_of_entries_whose_suffix_is_written_otherwise(
    make_journal: MakeJournal, tmp_path: Path
) -> None:
    """The pages to plan again are found from the names an entry's file can have, and from every
    entry's address when it has another (`.MD`): each is planned again, as a clean build has it."""
    days = {"a.MD": "01", "b.markdown": "02", "c.md": "03", "d.Markdown": "04"}
    root = make_journal(
        {
            f"2026/{name}": entry(f"date: 2026-03-{day}\ntags: [calm]", f"Day {day}.")
            for name, day in days.items()
        }
    )
    rebuild(root)
    for name in days:
        edit(root / "entries" / "2026" / name, "tags: [calm]", "tags: [calm, rain]")
        report = rebuild(root)
        assert report.mode == "incremental"
        assert f"entries/2026/{name.split('.')[0]}.html" in report.written
        assert_as_clean(root, tmp_path)


def test_a_body_edit_reads_the_other_words_of_its_month_from_the_search_file(
    make_journal: MakeJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The month's search file is written again with the other entries' words read back from it
    (as the last build wrote it), not from the cache's bodies; an entry whose file's suffix is
    written otherwise (`.MD`) has its body read from the cache instead."""
    names = ["a.md", "b.markdown", "c.md", "d.MD"]
    root = make_journal(
        {
            f"2026/{name}": entry(f"date: 2026-03-0{i + 1}", f"Words of {name}.")
            for i, name in enumerate(names)
        }
    )
    rebuild(root)
    edit(root / "entries" / "2026" / "a.md", "Words of a.md.", "Other words of a.md.")
    read: list[str] = []
    original = store.Store.read_shard

    def reading(self: store.Store, shard: str) -> dict[str, records.BodyRecord]:
        found = original(self, shard)
        read.extend(key for key in found)
        return found

    monkeypatch.setattr(store.Store, "read_shard", reading)
    state = BuildState()
    report = build(config_of(root), state=state)
    assert report.mode == "incremental"
    loaded = {key for key in read if key in state.bodies}
    keys = state.index.body_keys if state.index else {}
    assert loaded == {keys["2026/d.MD"]}  # b, c: from the search file; a: converted again
    assert_as_clean(root, tmp_path)

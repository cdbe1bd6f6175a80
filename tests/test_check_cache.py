"""`check` remembers what it read in the journal's cache and reads only what changed: after every
kind of edit it says exactly what a check without any cache says."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MakeJournal, entry, write_journal
from helpers import Conversions

import journalgen.check.cache
from journalgen.build import build
from journalgen.check import check
from journalgen.config import load_config
from journalgen.model import Journal
from journalgen.site.links import Targets
from journalgen.site.plan import Planner
from journalgen.site.views import Views
from journalgen.source.reader import convert_bodies, read_journal

TODAY = dt.date(2026, 11, 26)
OLD = 1_600_000_000  # 2020: the files' times before the first check, so unchanged files are trusted

SESSION = "2026/2026-11-01-first-session.md"
FOLLOW_UP = "2026/2026-11-02-after.md"
SCRIPTED = "2026/2026-11-03-scripted.md"
NOTE = "notes/ideas.md"

FILES = {
    SESSION: entry(
        """
        title: First session
        date: 2026-11-01
        kind: session
        route: oral
        tags: [family, work]
        emotions: [anxious, calm]
        mood: 4
        dose: 300 mg
        body: [nausea]
        scores: {phq9: 14}
        """,
        "Words about it, with [the day after](2026-11-02-after.md), a [[Missing page]] and\n"
        "![a sketch](../photo.png), and one [to nowhere](gone.md).\n\n- [ ] call my sister\n",
    ),
    FOLLOW_UP: entry(
        "date: 2026-11-02\nkind: follow-up\nemotions: [anxiety]\ntags: [families]\nbody: [nauseous]",
        "Back to [[First session]] and [[2026-11-01]], #grief and #family.\n",
    ),
    "2026/2026-09-01-early.md": entry("date: 2026-09-01\nkind: follow-up", "Before any session.\n"),
    "2026/2026-12-24-later.md": entry("date: 2026-12-24\ntitle: Later", "A day still to come.\n"),
    SCRIPTED: entry(
        "date: 2026-11-03",
        'Raw HTML: <script>alert(1)</script> and <img src="https://example.com/x.png" alt="x">.\n',
    ),
    "2026/2026-11-04-draft.md": entry(
        "date: 2026-11-04\ndraft: true",
        "A draft with [a link](nowhere.md) and [one of Jekyll's](https://{{ site.url }}/about).\n",
    ),
    "2026/2026-11-05-bad.md": entry("date: 2026-11-05\nmood: eleven", "Not yet right.\n"),
    NOTE: "An undated note with [[First session]].\n",
    "photo.png": b"\x89PNG\r\n\x1a\n not really",
    "drawing.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "2025/2025-06-01-scored.md": entry("date: 2025-06-01\nscores: {gad7: 9}", "Long ago.\n"),
    # The path of January 2027's search file, which the site will have once an entry is dated then.
    "/templates/static/search/2027-01.js": "// my own script\n",
}


def problems(root: Path, today: dt.date = TODAY) -> list[str]:
    report = check(load_config(root), today)
    return [str(p) for p in (*report.errors, *report.warnings)]


def clean(root: Path, today: dt.date = TODAY) -> list[str]:
    """What check says with nothing in the cache (and leaves no cache behind)."""
    shutil.rmtree(root / ".journalgen-cache", ignore_errors=True)
    found = problems(root, today)
    shutil.rmtree(root / ".journalgen-cache")
    return found


def aged(root: Path) -> None:
    """Date every file of the journal back to 2020 (as files written long before the check)."""
    for path in root.rglob("*"):
        if path.is_file() and ".journalgen-cache" not in path.parts:
            os.utime(path, (OLD, OLD))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "entries" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(root: Path, rel: str, text: str | bytes) -> None:
    write_journal(root, {rel: text})


def rename(root: Path, rel: str, to: str) -> None:
    (root / "entries" / rel).rename(root / "entries" / to)


Edit = Callable[[Path], None]

EDITS: dict[str, Edit] = {
    "body: a broken link added": lambda r: edit(r, SESSION, "- [ ] call", "[Gone](missing.md)\n\n- [ ] call"),
    "body: the broken links taken out": lambda r: edit(
        r, SESSION, "and one [to nowhere](gone.md)", "and one"
    ),
    "body: a script added": lambda r: edit(r, FOLLOW_UP, "Back to", "<iframe src=x></iframe> Back to"),
    "body: the script taken out": lambda r: edit(r, SCRIPTED, "<script>alert(1)</script>", "a script"),
    "body: a wikilink's target named": lambda r: edit(r, SESSION, "[[Missing page]]", "[[ideas]]"),
    "body: an inline tag added": lambda r: edit(r, SCRIPTED, "Raw HTML", "#family Raw HTML"),
    "title": lambda r: edit(r, SESSION, "title: First session", "title: The first session"),
    "date: into the future": lambda r: edit(r, FOLLOW_UP, "date: 2026-11-02", "date: 2027-01-02"),
    "date: before the session": lambda r: edit(r, FOLLOW_UP, "date: 2026-11-02", "date: 2026-10-30"),
    "kind": lambda r: edit(r, SESSION, "kind: session", "kind: reflection"),
    "session": lambda r: edit(r, FOLLOW_UP, "kind: follow-up", "kind: follow-up\nsession: 2026-10-20"),
    "route: unknown": lambda r: edit(r, SESSION, "route: oral", "route: sideways"),
    "route: another": lambda r: edit(r, SESSION, "route: oral", "route: im"),
    "emotions": lambda r: edit(r, SESSION, "[anxious, calm]", "[anxious, calmness, anxiousness]"),
    "tags": lambda r: edit(r, SESSION, "[family, work]", "[family, familly, wrok]"),
    "mood: invalid": lambda r: edit(r, SESSION, "mood: 4", "mood: eleven"),
    "mood: fixed": lambda r: edit(r, "2026/2026-11-05-bad.md", "mood: eleven", "mood: 7"),
    "scores": lambda r: edit(r, SESSION, "scores: {phq9: 14}", "scores: {phq9: 14, gad7: 3}"),
    "dose": lambda r: edit(r, SESSION, "dose: 300 mg", "dose: 250 mg"),
    "draft: on": lambda r: edit(r, SESSION, "kind: session", "kind: session\ndraft: true"),
    "draft: off": lambda r: edit(r, "2026/2026-11-04-draft.md", "draft: true", "draft: false"),
    "published": lambda r: edit(r, FOLLOW_UP, "kind: follow-up", "kind: follow-up\npublished: false"),
    "body effects": lambda r: edit(r, FOLLOW_UP, "body: [nauseous]", "body: [nausea]"),
    "a note given a date": lambda r: write(
        r, NOTE, entry("date: 2026-11-06", "Now dated [[First session]].\n")
    ),
    "rename: a link's target": lambda r: rename(r, FOLLOW_UP, "2026/2026-11-02-the-day-after.md"),
    "rename: a wikilink's target": lambda r: rename(r, NOTE, "notes/thoughts.md"),
    "delete: a link's target": lambda r: (r / "entries" / FOLLOW_UP).unlink(),
    "delete: an image": lambda r: (r / "entries/photo.png").unlink(),
    "delete: an invalid entry": lambda r: (r / "entries/2026/2026-11-05-bad.md").unlink(),
    "new entry": lambda r: write(r, "2026/2026-11-07-new.md", entry("date: 2026-11-07", "[x](../gone.md)\n")),
    "new entry: a day page": lambda r: write(
        r, "2026/2026-11-01-again.md", entry("date: 2026-11-01", "Same day.\n")
    ),
    "new file: a link's target": lambda r: write(r, "2026/gone.md", entry("date: 2026-11-08", "Here now.\n")),
    "new file: two make one page": lambda r: write(r, "2026/2026-11-02-after.markdown", "Twice.\n"),
    "new file: a hidden one": lambda r: write(r, "2026/.2026-11-09-hidden.md", "date: nonsense\n"),
    "document: made harmless": lambda r: write(r, "drawing.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>'),
    "document: a new risky one": lambda r: write(r, "page.html", "<p>hi</p><script>x()</script>"),
    "template: a prompt's questions": lambda r: write(
        r, "/templates/prompts/session.md", "## Words about it\n"
    ),
    "template: a static file on a page's path": lambda r: write(
        r, "/templates/static/search/2026-11.js", "//\n"
    ),
    "config: routes": lambda r: write(
        r, "/journal.toml", '[routes]\noral = "By mouth"\nsideways = "Sideways"\n'
    ),
    "config: no score reminders": lambda r: write(r, "/journal.toml", "score_reminder = false\n"),
    "config: an output build refuses": lambda r: write(r, "/journal.toml", 'output = "entries/site"\n'),
}


@pytest.fixture
def journal(make_journal: MakeJournal) -> Path:
    root = make_journal(FILES)
    aged(root)
    return root


def test_the_journal_has_something_of_every_kind_to_say(journal: Path) -> None:
    said = "\n".join(clean(journal))
    for expected in (
        "2026-11-05-bad.md:3: mood must be a whole number",
        "gone.md, which does not exist",
        "[[Missing page]] names no entry",
        "could run a program in the page",
        "would be loaded from the internet",
        "in the future",
        "a follow-up dated before any session",
        "'anxiety' looks like 'anxious'",
        "'families' looks like 'family'",
        "'nauseous' looks like 'nausea'",
        "no date: built as a note",
        "this SVG holds more than a drawing",
        "the latest GAD-7 score",
        "the link https://{{ site.url }}/about is written as another tool's template",
    ):
        assert expected in said, expected


@pytest.mark.parametrize("name", list(EDITS))
def test_check_after_an_edit_says_what_a_check_without_cache_says(journal: Path, name: str) -> None:
    before = problems(journal)
    assert problems(journal) == before  # the second time, from the cache
    EDITS[name](journal)
    after = problems(journal)
    assert after == clean(journal)
    assert problems(journal) == after  # and the time after, from the cache again


def test_edits_one_after_another_each_say_what_a_clean_check_says(journal: Path) -> None:
    problems(journal)
    for name, change in EDITS.items():
        if name.startswith(("config: an output", "template: a static")):
            continue  # they hide the plan's problems from every later edit
        try:
            change(journal)
        except (AssertionError, FileNotFoundError):
            continue  # an earlier edit changed what this one changes
        assert problems(journal) == clean(journal), name
        problems(journal)  # the cache, as this edit left it


def test_a_page_planned_for_an_edited_entry_is_checked_against_the_other_files(journal: Path) -> None:
    problems(journal)
    EDITS["date: into the future"](journal)
    assert (
        "assets/search/2027-01.js: two files of the site would be written to this path; rename one"
        in problems(journal)
    )


def test_a_new_day_says_what_a_clean_check_on_that_day_says(journal: Path) -> None:
    problems(journal)
    later = dt.date(2027, 3, 1)
    assert problems(journal, later) == clean(journal, later)
    assert problems(journal, later) != problems(journal, TODAY)


def test_an_edit_that_keeps_the_size_and_time_is_seen_when_it_came_just_before_the_check(
    journal: Path,
) -> None:
    path = journal / "entries" / SESSION
    soon = time.time_ns() + 60_000_000_000  # as close to the check as can be: it may change again then
    os.utime(path, ns=(soon, soon))
    problems(journal)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[to nowhere](gone.md)", "[to nowhere](gOne.md)"), encoding="utf-8")
    os.utime(path, ns=(soon, soon))
    assert "gOne.md" in "\n".join(problems(journal))


@pytest.mark.parametrize("name", ["check/index.bin", "check/entries/0.bin", "check/facts/3.bin", "all"])
def test_a_damaged_cache_is_read_again(journal: Path, name: str) -> None:
    expected = problems(journal)
    cache = journal / ".journalgen-cache"
    damaged = [p for p in cache.rglob("*.bin")] if name == "all" else [cache / name]
    for path in damaged:
        if path.exists():
            path.write_bytes(path.read_bytes()[:-7] + b"garbage")
    edit(journal, SESSION, "tags: [family, work]", "tags: [family, work, works]")
    assert problems(journal) == clean(journal)
    assert problems(journal) != expected


def test_check_converts_only_the_bodies_that_changed(journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems(journal)
    conversions = Conversions(monkeypatch)
    problems(journal)
    assert conversions.count == 0
    edit(journal, SESSION, "Words about it", "Other words about it")
    problems(journal)
    assert conversions.count == 1


def test_a_first_check_after_a_build_takes_what_the_build_read(
    journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (journal / "entries/2026/2026-11-05-bad.md").unlink()  # so that it builds
    build(load_config(journal))
    monkeypatch.setattr(journalgen.check.cache, "FROM_BUILD", 0)
    conversions = Conversions(monkeypatch)
    edit(journal, SCRIPTED, "Raw HTML", "Raw HTML, edited")
    found = problems(journal)
    assert conversions.count == 2  # the edited entry, and the draft the build left out
    assert found == clean(journal)
    build(load_config(journal))
    conversions.count = 0
    assert problems(journal) == found
    assert conversions.count == 1  # the draft


def test_the_pages_of_the_site_do_not_depend_on_the_day(sample_journal: Path) -> None:
    """check plans the pages again only when the entries' fields change, not every day (cache.py):
    if the path of a page came to depend on the day, the day must become part of that key."""
    config = load_config(sample_journal)
    source = read_journal(config, convert=False)
    journal = Journal(source.chosen(drafts=False), config.routes)
    targets = Targets(journal, source.files, Views(journal, config))
    bodies = convert_bodies(targets.job(e) for e in journal.pages)
    days = (dt.date(2025, 1, 1), dt.date(2026, 8, 20), dt.date(2026, 9, 10), TODAY, dt.date(2031, 5, 5))
    planned = {
        day: sorted(page.path for page in Planner(config, journal, day, source.unanswered()).plan(bodies))
        for day in days
    }
    assert len({tuple(paths) for paths in planned.values()}) == 1

"""What each page shows of the journal: a rebuild after any edit plans only the pages that edit
can change, and the site is exactly what a clean build makes (build/deps.py, build/changes.py)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import MakeJournal, entry
from helpers import tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incremental import assert_as_clean, clean_tree, config_of, edit, rebuild

from journalgen.build import BuildState, build
from journalgen.build.changes import LENT, SHOWN_AS
from journalgen.config import load_config
from journalgen.model import Entry, Journal
from journalgen.site.plan import Planner
from journalgen.site.views import Views

SESSION = "2026/2026-09-09-third-infusion.md"
FOLLOW_UP = "2026/2026-09-10-morning-after-the-third.md"

# (file below entries/, text in it, what it becomes): one edit of each kind, on the sample journal.
EDITS = {
    "title": (SESSION, "title: Third infusion", "title: The third infusion"),
    "title of a follow-up": (FOLLOW_UP, "title: Morning after the third", "title: The morning after"),
    "date": (FOLLOW_UP, "date: 2026-09-10", "date: 2026-09-11"),
    "session": (FOLLOW_UP, "session: 2026-09-09", "session: 2026-09-02"),
    "time": (SESSION, "date: 2026-09-09", "date: 2026-09-09 07:30"),
    "kind": (FOLLOW_UP, "kind: follow-up", "kind: reflection"),
    "route": (SESSION, "route: iv", "route: nasal"),
    "a tag added": (SESSION, "tags: [", "tags: [a-new-tag, "),
    "a tag removed": (SESSION, "tags: [family, ", "tags: ["),
    "an emotion added": (SESSION, "emotions: [", "emotions: [wonder, "),
    "mood": (FOLLOW_UP, "mood: 6", "mood: 2"),
    "scores": ("2026/2026-09-16-a-week-after-the-third.md", "phq9: 11", "phq9: 4"),
    "dose": (SESSION, "dose: 0.75 mg/kg", "dose: 0.6 mg/kg"),
    "body effects": (SESSION, "body: [", "body: [warmth, "),
    "dissociation": (SESSION, "dissociation: 7", "dissociation: 8"),
    "blood pressure": (SESSION, "blood_pressure: 145/90", "blood_pressure: 130/85"),
    "route of a follow-up": (FOLLOW_UP, "route: infusion", "route: nasal"),
    "a key of its own": (SESSION, "title: Third infusion", "title: Third infusion\nplace: the clinic"),
    "draft": (FOLLOW_UP, "title: Morning after the third", "title: Morning after the third\ndraft: true"),
    "the body": (SESSION, "Handing over the pencil.", "Handing over the pencil, slowly."),
}


def _sample_has(root: Path, rel: str, old: str) -> bool:
    return old in (root / "entries" / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(EDITS))
def test_each_kind_of_edit_gives_what_a_clean_build_gives(
    name: str, sample_journal: Path, tmp_path: Path
) -> None:
    rel, old, new = EDITS[name]
    assert _sample_has(sample_journal, rel, old), f"the sample journal changed: {name}"
    rebuild(sample_journal)
    edit(sample_journal / "entries" / rel, old, new)
    report = rebuild(sample_journal)
    assert report.mode == "incremental"
    assert bool(report.written) != (name == "a key of its own")  # the default theme shows no such key
    assert_as_clean(sample_journal, tmp_path)


@pytest.mark.parametrize(
    "name",
    ["a note", "the safety plan", "an image", "a new entry", "a deleted entry", "a renamed entry"],
)
def test_other_edits_give_what_a_clean_build_gives(name: str, sample_journal: Path, tmp_path: Path) -> None:
    entries = sample_journal / "entries"
    rebuild(sample_journal)
    if name == "a note":
        note = entries / "2026/notes/2026-09-13-phone-call-with-lena.md"
        note.write_text(note.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    elif name == "the safety plan":
        plan = entries / "safety-plan.md"
        plan.write_text(plan.read_text(encoding="utf-8") + "\n- Call Sam.\n", encoding="utf-8")
    elif name == "an image":
        image = next(entries.rglob("*.png"))
        image.write_bytes(image.read_bytes() + b"\0")
    elif name == "a new entry":
        (entries / "2026/2026-10-20-later.md").write_text(entry("tags: [family]\nmood: 4"), encoding="utf-8")
    elif name == "a deleted entry":
        (entries / FOLLOW_UP).unlink()
    else:
        os.replace(entries / FOLLOW_UP, entries / "2026/2026-09-10-the-morning.md")
    report = rebuild(sample_journal)
    assert report.written or report.removed
    assert_as_clean(sample_journal, tmp_path)


def no_full_plan(self: Planner, bodies: object) -> list[object]:
    raise AssertionError("a front-matter edit planned every page")


def test_a_tag_added_plans_only_the_pages_that_show_tags(
    sample_journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(sample_journal)
    site = sample_journal / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    edit(sample_journal / "entries" / SESSION, "tags: [", "tags: [a-new-tag, ")
    planned: list[str] = []
    pages = Planner.pages

    def counted(self: Planner, bodies: object, paths: object) -> list[object]:
        found = pages(self, bodies, paths)  # type: ignore[arg-type]
        planned.extend(p.path for p in found)
        return found  # type: ignore[return-value]

    with monkeypatch.context() as patch:
        patch.setattr(Planner, "plan", no_full_plan)
        patch.setattr(Planner, "pages", counted)
        report = rebuild(sample_journal)
    # Its page (its chips), the new tag's page, the list of tags, the home page (how many tags),
    # the search page (every tag) and its month's search file; not the timeline, the session's
    # neighbours or its follow-ups, which show no tags.
    page = "entries/2026/2026-09-09-third-infusion.html"
    shown = {
        page,
        "tags/a-new-tag.html",
        "tags/index.html",
        "index.html",
        "search.html",
        "assets/search/2026-09.js",
    }
    assert set(report.written) == shown
    assert "timeline.html" not in planned and "tags/family.html" not in planned
    assert len(planned) < 12
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    assert {p.relative_to(site).as_posix() for p in after if before.get(p) != after[p]} == shown
    assert_as_clean(sample_journal, tmp_path)


def test_a_template_that_shows_more_is_followed(sample_journal: Path, tmp_path: Path) -> None:
    """The fields a page shows are what its templates read: a timeline of one's own that shows
    each entry's tags is rendered again when a tag changes."""
    theme = Path(__file__).resolve().parent.parent / "templates"
    (sample_journal / "templates").mkdir()
    macros = (theme / "_macros.html").read_text(encoding="utf-8")
    marked = '<p class="entry-item-title">'
    assert marked in macros
    own = macros.replace(
        marked, '<p class="tags-here">{{ entry.tags | map(attribute="label") | join(" ") }}</p>' + marked
    )
    (sample_journal / "templates/_macros.html").write_text(own, encoding="utf-8")
    rebuild(sample_journal)
    edit(sample_journal / "entries/2026/2026-09-02-sleep-two-weeks-in.md", "tags: [", "tags: [a-new-tag, ")
    report = rebuild(sample_journal)
    assert {"timeline.html", "tags/sleep.html", "tags/body.html"} <= set(report.written)
    assert "a-new-tag" in (sample_journal / "site/timeline.html").read_text(encoding="utf-8")
    assert_as_clean(sample_journal, tmp_path)


def test_the_fields_a_view_shows_of_an_entry_are_known(sample_journal: Path) -> None:
    """changes.SHOWN_AS and LENT: changing an entry's field changes only those fields of its view,
    and of the views of its session's entries."""
    config = load_config(sample_journal)
    state = BuildState()
    build(config, state=state)
    assert state.entries is not None
    entries = [read.entry for read in state.entries.values() if not read.entry.draft]
    session = next(e for e in entries if e.source == SESSION)
    values = {
        "title": "Another title",
        "utc_offset": "+02:00",
        "route": "oral",
        "emotions": ("awe", "a-new-one"),
        "tags": ("a-new-tag",),
        "mood": 1,
        "scores": {"phq9": 27},
        "dose": "1 mg/kg",
        "effects": ("warmth",),
        "dissociation": 2,
        "blood_pressure": (120, 80),
        "heart_rate": 70,
        "extra": {"place": "home"},
    }
    assert set(values) == set(SHOWN_AS)

    def views_of(journal_entries: list[Entry]) -> dict[str, dict[str, object]]:
        journal = Journal(journal_entries, config.routes)
        views = Views(journal, config)
        return {e.source: vars(views.entry(e)) for e in journal.pages}

    before = views_of(entries)
    for name, value in values.items():
        if name in ("scores", "extra"):
            from types import MappingProxyType

            value = MappingProxyType(value)  # type: ignore[arg-type]
        changed_entry = dataclasses.replace(session, **{name: value})
        after = views_of([changed_entry if e is session else e for e in entries])
        for source, fields in after.items():
            differ = {field for field in fields if fields[field] != before[source][field]}
            if source == SESSION:  # its own session: what it lends its entries, it lends itself
                assert differ <= {*SHOWN_AS[name], *LENT.get(name, ())}, name
            else:
                assert differ <= set(LENT.get(name, ())), (name, source)


EDITABLE = {
    "2025/2025-05-30-before.md": entry(
        "title: Before\nkind: intention\nmood: 4\ntags: [walk]", "## Hope\n\nRest.\n"
    ),
    "2025/2025-05-31-session.md": entry(
        "title: Session one\nkind: session\nroute: iv\nmood: 5", "## Seen\n\nBlue.\n"
    ),
    "2025/2025-06-01-after.md": entry(
        "title: After\nkind: follow-up\nemotions: [calm]\nmood: 6", "## Since\n\nOk.\n"
    ),
    "2025/2025-06-09-walk.md": entry("title: A walk\ntags: [walk, sky]\nemotions: [awe]", "Beech wood.\n"),
    "2026/2026-01-05-two.md": entry("title: Session two\nkind: session\nroute: nasal", "## Seen\n\nGreen.\n"),
    "2026/2026-01-06-after-two.md": entry(
        "title: After two\nkind: follow-up\nmood: 3", "## Since\n\nTired.\n"
    ),
    "plan.md": entry("title: A plan\ntags: [sky]", "- call Sam\n"),
}
FIELD_EDITS = [
    ("title: A walk", "title: A long walk"),
    ("title: Session one", "title: The first session"),
    ("tags: [walk, sky]", "tags: [sky]"),
    ("tags: [walk]", "tags: [walk, rest]"),
    ("emotions: [calm]", "emotions: [calm, awe]"),
    ("emotions: [awe]", "emotions: []"),
    ("route: iv", "route: oral"),
    ("mood: 5", "mood: 1"),
    ("mood: 6", "mood: 9"),
    ("title: After two\nkind", "title: After two\ndose: 1 mg\nkind"),
    ("title: A plan", "title: A plan for bad days"),
    ("kind: follow-up\nemotions", "kind: reflection\nemotions"),
    ("Beech wood.", "Beech wood, and rain."),
    ("Tired.", "Tired, then better."),
]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FIELD_EDITS), min_size=1, max_size=4))
def test_any_sequence_of_edits_gives_what_a_clean_build_gives(
    make_journal: MakeJournal, tmp_path: Path, edits: list[tuple[str, str]]
) -> None:
    root = tmp_path / "journal"
    shutil.rmtree(root, ignore_errors=True)
    root = make_journal(EDITABLE)
    rebuild(root)
    for old, new in edits:
        for path in (root / "entries").rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            if old in text:
                path.write_text(text.replace(old, new, 1), encoding="utf-8")
                break
        rebuild(root)
        assert tree(root / "site") == clean_tree(root, tmp_path)


def test_a_watcher_that_names_the_saved_file(sample_journal: Path, tmp_path: Path) -> None:
    """serve tells the build which files changed: only they are looked at again, and a file the
    journal did not have makes it look at everything."""
    config = config_of(sample_journal)
    state = BuildState()
    build(config, state=state)
    path = sample_journal / "entries" / SESSION
    edit(path, "Handing over the pencil.", "Handing over the pencil, slowly.")
    told: list[bool] = []
    site = sample_journal / "site"
    page = site / "entries/2026/2026-09-09-third-infusion.html"
    report = build(
        config, state=state, changed=[str(path)], written=lambda: told.append("slowly" in page.read_text())
    )
    assert told == [True] and len(report.written) == 3
    assert_as_clean(sample_journal, tmp_path)
    new = sample_journal / "entries/2026/2026-12-01-new.md"
    new.write_text(entry("tags: [family]"), encoding="utf-8")
    report = build(config, state=state, changed=[str(new)])
    assert "entries/2026/2026-12-01-new.html" in report.written
    assert_as_clean(sample_journal, tmp_path)
    assert re.search(r"2026-12-01-new", (site / "tags/family.html").read_text(encoding="utf-8"))

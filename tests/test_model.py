"""Unit tests for the model: ordering, sessions and their entries, offsets. No files involved."""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from journalgen.config import BUILTIN_ROUTES
from journalgen.model import Entry, Journal, long_date, offset_label, stem


def make(source: str, day: str, kind: str = "reflection", time: str | None = None, **fields) -> Entry:
    return Entry(
        source=source,
        title=source,
        date=dt.date.fromisoformat(day),
        time=dt.time.fromisoformat(time) if time else None,
        kind=kind,
        session_date=dt.date.fromisoformat(day) if kind == "session" else fields.pop("session_date", None),
        **fields,
    )


def test_same_day_entries_sort_by_time_then_name_with_numbered_copies_after():
    entries = [
        make("2026-11-20-note-2.md", "2026-11-20"),
        make("2026-11-20-note.md", "2026-11-20"),
        make("evening.md", "2026-11-20", time="21:14"),
        make("morning.md", "2026-11-20", time="08:00"),
    ]
    journal = Journal(entries, BUILTIN_ROUTES)
    assert [e.source for e in journal.entries] == [
        "2026-11-20-note.md",
        "2026-11-20-note-2.md",
        "morning.md",
        "evening.md",
    ]


def test_sessions_are_numbered_and_collect_their_entries():
    first = make("s1.md", "2026-08-19", "session", route="iv")
    second = make("s2.md", "2026-09-09", "session", route="nasal")
    intention = make("i.md", "2026-09-08", "intention")
    early = make("f1.md", "2026-08-20", "follow-up")
    late = make("f2.md", "2026-10-07", "follow-up", session_date=dt.date(2026, 8, 19))
    nearest = make("f3.md", "2026-09-12", "follow-up")
    journal = Journal([late, nearest, second, early, intention, first], BUILTIN_ROUTES)
    assert [journal.number(s) for s in journal.sessions] == [1, 2]
    assert journal.session_of(early) is first
    assert journal.session_of(late) is first
    assert journal.session_of(nearest) is second
    assert journal.session_of(intention) is second
    assert [e.source for e in journal.linked(first)] == ["f1.md", "f2.md"]
    assert [e.source for e in journal.linked(second)] == ["i.md", "f3.md"]
    assert journal.route_of(nearest) == "nasal"
    assert journal.route_of(early) == "iv"


def test_a_follow_up_written_before_the_session_that_day_belongs_to_the_one_before():
    first = make("s1.md", "2026-10-01", "session")
    second = make("s2.md", "2026-10-02", "session", time="14:30")
    morning = make("m.md", "2026-10-02", "follow-up", time="08:00")
    evening = make("e.md", "2026-10-02", "follow-up", time="21:10")
    journal = Journal([first, second, morning, evening], BUILTIN_ROUTES)
    assert journal.session_of(morning) is first
    assert journal.session_of(evening) is second
    assert offset_label(evening, second) == "+6 hours"


def test_a_session_date_with_no_session_links_nothing():
    orphan = make("f.md", "2026-10-05", "follow-up", session_date=dt.date(2026, 10, 1))
    journal = Journal([orphan], BUILTIN_ROUTES)
    assert journal.session_of(orphan) is None
    assert journal.route_of(orphan) is None


def test_offsets_in_words():
    session = make("s.md", "2026-11-01", "session")
    assert offset_label(make("a.md", "2026-11-02"), session) == "+1 day"
    assert offset_label(make("b.md", "2026-11-29"), session) == "+28 days"
    assert offset_label(make("c.md", "2026-11-01"), session) == "same day"
    assert offset_label(make("d.md", "2026-10-31"), session) == "1 day before"
    assert offset_label(make("e.md", "2026-10-29"), session) == "3 days before"


def test_neighbours_and_taxonomies():
    a = make("a.md", "2026-01-01", tags=("family",), emotions=("grief",))
    b = make("b.md", "2026-01-02", tags=("family", "work"))
    c = make("c.md", "2026-01-03", emotions=("grief", "calm"))
    journal = Journal([c, a, b], BUILTIN_ROUTES)
    assert journal.neighbours(a) == (None, b)
    assert journal.neighbours(b) == (a, c)
    assert journal.neighbours(c) == (b, None)
    family = next(t for t in journal.tags if t.name == "family")
    assert [e.source for e in family.entries] == ["b.md", "a.md"]  # newest first
    assert [t.name for t in journal.emotions] == ["calm", "grief"]


def test_long_date():
    assert long_date(dt.date(2026, 11, 20)) == "Friday, 20 November 2026"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab./é", max_size=12))
def test_a_path_s_stem_is_what_splitext_makes_of_it(path: str) -> None:
    assert stem(path) == posixpath.splitext(path)[0]


WORDS = st.sampled_from(["calm", "grief", "work", "rest", "Calm"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 28),
            st.sampled_from(["reflection", "session", "follow-up"]),
            st.lists(WORDS, max_size=3, unique=True),
            st.lists(WORDS, max_size=3, unique=True),
            st.sampled_from([None, "iv", "spravato", "my own"]),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_each_taxonomy_lists_its_entries_newest_first_then_its_notes(rows: list) -> None:
    """Tags and emotions of entries and of notes, and routes (an entry's, else its session's):
    each term once, sorted by name, with its entries newest first and then its notes."""
    entries = []
    for n, (day, kind, tags, emotions, route, note) in enumerate(rows):
        if note:
            named = {"tags": tuple(tags), "emotions": tuple(emotions)}
            entries.append(Entry(source=f"note-{n}.md", title=f"Note {n}", date=None, **named))
        else:
            made = make(f"2026-02-{day:02d}-{n}.md", f"2026-02-{day:02d}", kind, tags=tuple(tags))
            entries.append(dataclasses.replace(made, emotions=tuple(emotions), route=route))
    journal = Journal(entries, BUILTIN_ROUTES)
    newest_first = [*reversed(journal.entries), *journal.notes]
    for terms, named in ((journal.tags, "tags"), (journal.emotions, "emotions")):
        expected = {name for e in entries for name in getattr(e, named)}
        assert [t.name for t in terms] == sorted(expected)
        for term in terms:
            assert term.label == term.name
            assert list(term.entries) == [e for e in newest_first if term.name in getattr(e, named)]
    routes = {e.source: journal.route_of(e) for e in journal.entries}
    assert [t.name for t in journal.route_terms] == sorted({r for r in routes.values() if r})
    for term in journal.route_terms:
        assert term.label == BUILTIN_ROUTES.get(term.name, term.name)
        assert [e.source for e in term.entries] == [
            e.source for e in reversed(journal.entries) if routes[e.source] == term.name
        ]
    slugs = [t.slug for t in journal.tags]
    assert len(set(slugs)) == len(slugs)  # "calm" and "Calm": a page each

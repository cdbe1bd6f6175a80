"""The journal as data: entries, sessions and their follow-ups, taxonomies. Pure: no I/O."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import posixpath
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from journalgen.slugs import slug_map

KINDS = ("session", "follow-up", "intention", "reflection")
KIND_LABELS = {
    "session": "Session",
    "follow-up": "Follow-up",
    "intention": "Intention",
    "reflection": "Reflection",
}


@dataclass(frozen=True)
class Step:
    """One task-list item of an entry (`- [ ] call my sister`): its text and whether it was ticked."""

    text: str
    done: bool


@dataclass(frozen=True)
class Entry:
    """One Markdown file of the journal, checked and normalised."""

    source: str
    """Path below entries/, with forward slashes: `2026/2026-11-20-third-infusion.md`."""
    title: str
    date: dt.date | None
    """None for a note: a file without a date (a medication list, a safety plan), which has a page
    of its own but no place in time (the Journal keeps notes apart from its entries)."""
    time: dt.time | None = None
    utc_offset: str | None = None
    """The offset as written (`+01:00`), kept for display; times sort as written."""
    kind: str = "reflection"
    session_date: dt.date | None = None
    """The session the entry is about, as given in front-matter (sessions: their own date)."""
    route: str | None = None
    emotions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    mood: int | None = None
    scores: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    """Questionnaire scores by folded scale key (`phq9`), each checked against its scale's range."""
    dose: str | None = None
    effects: tuple[str, ...] = ()
    """What the body felt (`body:` in front matter): tingling, nausea…"""
    dissociation: int | None = None
    """How far away things felt, 0-10."""
    blood_pressure: tuple[int, int] | None = None
    """(upper, lower) in mmHg."""
    heart_rate: int | None = None
    draft: bool = False
    unanswered: bool = False
    """Nothing but its prompt template's questions: left as `new` wrote it, so not published."""
    title_is_heading: bool = False
    """The title came from the body's first `# ` heading (the page shows it once)."""
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Front-matter keys journalgen does not know, for templates."""
    inline_tags: tuple[str, ...] = ()
    """The `#tags` written in the body (also in `tags`), which link to their pages."""
    wikilinks: tuple[str, ...] = ()
    """The names the body's `[[wikilinks]]` point at, as written."""
    cautions: tuple[tuple[int, str], ...] = ()
    """What reading the file let pass but `check` mentions: (line, what to change)."""
    body: str = ""
    body_line: int = 1

    @functools.cached_property
    def url(self) -> str:
        """The page's path inside the site, mirroring entries/ so relative links keep working."""
        return f"entries/{stem(self.source)}.html"

    @functools.cached_property
    def sort_key(self) -> tuple[dt.date, dt.time, str, str]:
        """Where the entry goes among the others (entry_order)."""
        return entry_order(self)


def entry_order(entry: Entry) -> tuple[dt.date, dt.time, str, str]:
    """Date, then time as written, then file name without its suffix (`x.md` before `x-2.md`);
    notes (no date) first, by title."""
    if entry.date is None:
        return (dt.date.min, dt.time.min, entry.title.casefold(), entry.source)
    return (entry.date, entry.time or dt.time.min, stem(entry.source), entry.source)


def stem(path: str) -> str:
    """The path without its suffix, as posixpath.splitext() has it (quicker for most names)."""
    start = path.rfind("/") + 1
    dot = path.rfind(".")
    if dot > start and path[start] != ".":
        return path[:dot]
    return posixpath.splitext(path)[0]


def offset_label(entry: Entry, session: Entry) -> str:
    """How long after its session an entry was written: "+3 days", "+5 hours", "same day"."""
    if entry.time is not None and session.time is not None:
        start = dt.datetime.combine(session.date, session.time)
        hours = int((dt.datetime.combine(entry.date, entry.time) - start).total_seconds() // 3600)
        if 0 <= hours < 24:
            return "+1 hour" if hours <= 1 else f"+{hours} hours"
    days = (entry.date - session.date).days
    if days == 0:
        return "same day"
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} before"
    return f"+{days} day{'s' if days != 1 else ''}"


@dataclass(frozen=True)
class Term:
    """One tag, emotion or route, with its page's file name and its entries, newest first."""

    name: str
    label: str
    slug: str
    entries: tuple[Entry, ...]


def _route(entry: Entry, session: Entry | None) -> str | None:
    """The entry's route, or its session's when it names none (Journal.route_of)."""
    if entry.route:
        return entry.route
    return session.route if session is not None else None


def _terms(grouped: Mapping[str, list[Entry]], labels: Mapping[str, str]) -> tuple[Term, ...]:
    """The terms of one taxonomy, by name, from their entries (newest first, then notes) and how
    each is written where the journal says (`labels`: routes), else as it is."""
    slugs = slug_map(grouped)
    return tuple(
        Term(name, labels.get(name, name), slugs[name], tuple(grouped[name])) for name in sorted(grouped)
    )


class Journal:
    """All entries in date order, with the links between them worked out once; and the notes
    (files without a date), apart from them: no place in time, sessions or the calendar."""

    def __init__(self, entries: Sequence[Entry], routes: Mapping[str, str]) -> None:
        ordered = sorted(entries, key=entry_order)  # (not caching each entry's sort_key: quicker)
        self.entries: tuple[Entry, ...] = tuple(e for e in ordered if e.date is not None)
        """Every entry with a date, oldest first."""
        self.notes: tuple[Entry, ...] = tuple(e for e in ordered if e.date is None)
        """Every note, by title."""
        self.pages: tuple[Entry, ...] = self.notes + self.entries
        """Entries and notes: everything with a page of its own."""
        self.routes = routes
        self.sessions: tuple[Entry, ...] = tuple(e for e in self.entries if e.kind == "session")
        self._index = {e.source: i for i, e in enumerate(self.entries)}
        self._number = {s.source: n for n, s in enumerate(self.sessions, start=1)}
        self._session_dates = [s.date for s in self.sessions]
        self._session_of: dict[str, Entry] = {}
        self._linked: dict[str, list[Entry]] = {s.source: [] for s in self.sessions}
        route_of: dict[str, str] = {}
        for entry in self.entries:
            session = self._find_session(entry)
            if session is not None:
                self._session_of[entry.source] = session
                if entry is not session:
                    self._linked[session.source].append(entry)
            if route := _route(entry, session):
                route_of[entry.source] = route
        tagged: defaultdict[str, list[Entry]] = defaultdict(list)
        felt: defaultdict[str, list[Entry]] = defaultdict(list)
        routed: defaultdict[str, list[Entry]] = defaultdict(list)
        for entry in (*reversed(self.entries), *self.notes):  # each term's entries newest first, then notes
            for name in entry.tags:
                tagged[name].append(entry)
            for name in entry.emotions:
                felt[name].append(entry)
            if route := route_of.get(entry.source):  # (a note has none)
                routed[route].append(entry)
        self.tags = _terms(tagged, {})
        self.emotions = _terms(felt, {})
        self.route_terms = _terms(routed, routes)

    def _find_session(self, entry: Entry) -> Entry | None:
        if entry.kind == "session":
            return entry
        if entry.session_date is not None:
            at = bisect.bisect_left(self._session_dates, entry.session_date)
            if at < len(self.sessions) and self.sessions[at].date == entry.session_date:
                return self.sessions[at]
            return None
        if entry.kind == "follow-up":
            at = bisect.bisect_right(self._session_dates, entry.date) - 1
            while at >= 0:
                session = self.sessions[at]
                same_day_later = (
                    session.date == entry.date
                    and session.time is not None
                    and entry.time is not None
                    and session.time > entry.time
                )
                if not same_day_later:
                    return session
                at -= 1
        if entry.kind == "intention":
            at = bisect.bisect_left(self._session_dates, entry.date)
            if at < len(self.sessions):
                return self.sessions[at]
        return None

    def session_of(self, entry: Entry) -> Entry | None:
        """The session an entry belongs to (a session belongs to itself)."""
        return self._session_of.get(entry.source)

    def number(self, session: Entry) -> int | None:
        """The session's place in the series: 1 for the first session."""
        return self._number.get(session.source)

    def linked(self, session: Entry) -> tuple[Entry, ...]:
        """The intentions, follow-ups and reflections about a session, in date order."""
        return tuple(self._linked.get(session.source, ()))

    def route_of(self, entry: Entry) -> str | None:
        """The entry's route, or its session's when it names none."""
        return _route(entry, self.session_of(entry))

    def neighbours(self, entry: Entry) -> tuple[Entry | None, Entry | None]:
        """The entries just before and after this one in date order (none for a note)."""
        at = self._index.get(entry.source)
        if at is None:
            return None, None
        before = self.entries[at - 1] if at > 0 else None
        after = self.entries[at + 1] if at + 1 < len(self.entries) else None
        return before, after


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: dt.date) -> str:
    """A date the way people say it: "Thursday, 20 November 2026"."""
    return f"{_DAYS[day.weekday()]}, {day.day} {_MONTHS[day.month - 1]} {day.year}"


def month_name(month: int) -> str:
    return _MONTHS[month - 1]

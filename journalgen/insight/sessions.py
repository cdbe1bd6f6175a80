"""Sessions and their follow-up rhythm: each session's arc, and what is due today."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from journalgen.insight.emotions import Counts, ranked
from journalgen.model import Entry, Journal


@dataclass(frozen=True)
class FollowUpSlot:
    """One expected follow-up of a session, e.g. +3 days, and whether it was written."""

    day: int
    """Days after the session: 1, 3, 7, 28."""
    due: dt.date
    """The session's date plus `day`."""
    first: dt.date
    """The first day a follow-up counts for this slot (the window is first..last, inclusive)."""
    last: dt.date
    """The last day a follow-up counts for this slot; after it the slot is no longer due."""
    written: tuple[Entry, ...]
    state: str
    """written | due (due today or since a few days) | upcoming | missed (window passed)."""


@dataclass(frozen=True)
class SessionArc:
    """A session with what came before and after it: intention → session → follow-ups."""

    session: Entry
    number: int
    days_since_previous: int | None
    before: tuple[Entry, ...]
    """Entries about this session written before it (intentions), in date order."""
    after: tuple[Entry, ...]
    """Entries about this session written after it (follow-ups, reflections), in date order."""
    slots: tuple[FollowUpSlot, ...]
    emotions: Counts
    """Emotions named across before, session and after, most named first."""

    @property
    def date(self) -> dt.date:
        return self.session.date

    @property
    def written_slots(self) -> int:
        return sum(1 for slot in self.slots if slot.state == "written")


def follow_up_windows(days: Sequence[int]) -> tuple[tuple[int, int, int], ...]:
    """(day, first, last) for each expected day: a follow-up counts for the nearest expected day.

    With [1, 3, 7, 28]: +1 takes days 0-2, +3 days 3-5, +7 days 6-17, +28 days 18-38 (the last
    window reaches as far past its day as the gap before it, halved).
    """
    windows = []
    for i, day in enumerate(days):
        first = 0 if i == 0 else (days[i - 1] + day) // 2 + 1
        if i + 1 < len(days):
            last = (day + days[i + 1]) // 2
        else:
            gap = day - days[i - 1] if i > 0 else day
            last = day + gap // 2
        windows.append((day, first, last))
    return tuple(windows)


def session_arcs(journal: Journal, follow_up_days: Sequence[int], today: dt.date) -> tuple[SessionArc, ...]:
    """Every session in order with its arc and its expected follow-ups as of `today`."""
    windows = follow_up_windows(follow_up_days)
    return tuple(session_arc(journal, session, windows, today) for session in journal.sessions)


def recent_arcs(journal: Journal, follow_up_days: Sequence[int], today: dt.date) -> tuple[SessionArc, ...]:
    """The arcs of the sessions whose follow-ups can still be due on `today` (their last window
    has not closed): all that due_follow_ups needs, without working out every session's arc."""
    windows = follow_up_windows(follow_up_days)
    reach = max((last for _, _, last in windows), default=0)
    start = bisect.bisect_left(journal.sessions, today - dt.timedelta(days=reach), key=lambda s: s.date)
    return tuple(session_arc(journal, session, windows, today) for session in journal.sessions[start:])


def session_arc(
    journal: Journal, session: Entry, windows: Sequence[tuple[int, int, int]], today: dt.date
) -> SessionArc:
    """One session's arc and its expected follow-ups (`windows`: follow_up_windows()) as of `today`."""
    number = journal.number(session) or 0
    previous = journal.sessions[number - 2] if number > 1 else None
    linked = journal.linked(session)
    before = tuple(e for e in linked if e.sort_key < session.sort_key)
    after = tuple(e for e in linked if e.sort_key >= session.sort_key)
    later = [e for e in after if e.kind != "intention"]
    slots = []
    for day, first, last in windows:
        written = tuple(e for e in later if first <= (e.date - session.date).days <= last)
        due = session.date + dt.timedelta(days=day)
        closes = session.date + dt.timedelta(days=last)
        if written:
            state = "written"
        elif today < due:
            state = "upcoming"
        elif today <= closes:
            state = "due"
        else:
            state = "missed"
        slots.append(FollowUpSlot(day, due, session.date + dt.timedelta(days=first), closes, written, state))
    emotions = Counter(m for e in (*before, session, *after) for m in e.emotions)
    return SessionArc(
        session=session,
        number=number,
        days_since_previous=(session.date - previous.date).days if previous else None,
        before=before,
        after=after,
        slots=tuple(slots),
        emotions=ranked(emotions),
    )


@dataclass(frozen=True)
class DueFollowUp:
    """A follow-up that could be written today, with the command that starts it."""

    arc: SessionArc
    slot: FollowUpSlot
    days_late: int
    """0 when due today."""

    @property
    def command(self) -> str:
        return f"journalgen new follow-up --session {self.arc.session.date.isoformat()}"


def due_follow_ups(arcs: Iterable[SessionArc], today: dt.date) -> tuple[DueFollowUp, ...]:
    """Follow-ups due today or overdue (still inside their window), the longest-waiting first."""
    due = [
        DueFollowUp(arc, slot, (today - slot.due).days)
        for arc in arcs
        for slot in arc.slots
        if slot.state == "due"
    ]
    return tuple(sorted(due, key=lambda d: (d.slot.due, d.arc.number)))

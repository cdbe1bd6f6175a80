"""What the journal shows over time: session arcs, follow-up rhythm, steps, emotions, measures,
calendar and "on this day". Pure functions of the model: no I/O, no clock (today is an argument).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from journalgen.markup import Step
from journalgen.model import Entry, Journal
from journalgen.scales import Band, Scale
from journalgen.slugs import fold

Counts = tuple[tuple[str, int], ...]
"""(name, count) pairs, most frequent first, then by name."""


def ranked(counter: Counter[str]) -> Counts:
    """A counter's items, most frequent first and alphabetical among equals."""
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


# Sessions and the follow-up rhythm ----------------------------------------------------------


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
    arcs = []
    previous: Entry | None = None
    for number, session in enumerate(journal.sessions, start=1):
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
            slots.append(
                FollowUpSlot(day, due, session.date + dt.timedelta(days=first), closes, written, state)
            )
        emotions = Counter(m for e in (*before, session, *after) for m in e.emotions)
        arcs.append(
            SessionArc(
                session=session,
                number=number,
                days_since_previous=(session.date - previous.date).days if previous else None,
                before=before,
                after=after,
                slots=tuple(slots),
                emotions=ranked(emotions),
            )
        )
        previous = session
    return tuple(arcs)


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


# Steps -------------------------------------------------------------------------------------

_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def step_key(text: str) -> str:
    """What makes two mentions one step: the folded text without a closing note in brackets."""
    return fold(_NOTE.sub("", text)) or fold(text)


@dataclass(frozen=True)
class StepItem:
    """One step across the entries that mention it; its latest mention says open or done."""

    text: str
    """As first written."""
    done: bool
    first: Entry
    """The entry the step came from."""
    latest: Entry
    done_in: Entry | None
    """The entry where it was ticked (and stayed ticked), when done."""
    mentions: int


def gather_steps(
    journal: Journal, steps: Mapping[str, Sequence[Step]]
) -> tuple[tuple[StepItem, ...], tuple[StepItem, ...]]:
    """(open, done) steps, newest first: open by when first written, done by when ticked."""
    mentions: dict[str, list[tuple[Entry, Step]]] = {}
    for entry in journal.entries:
        for step in steps.get(entry.source, ()):
            mentions.setdefault(step_key(step.text), []).append((entry, step))
    items = []
    for found in mentions.values():
        first, latest = found[0], found[-1]
        done_in = None
        if latest[1].done:
            at = len(found) - 1
            while at > 0 and found[at - 1][1].done:
                at -= 1
            done_in = found[at][0]
        items.append(StepItem(first[1].text, latest[1].done, first[0], latest[0], done_in, len(found)))
    open_steps = sorted((s for s in items if not s.done), key=lambda s: s.first.sort_key, reverse=True)
    done_steps = sorted(
        (s for s in items if s.done),
        key=lambda s: (s.done_in.sort_key if s.done_in else s.latest.sort_key, s.first.sort_key),
        reverse=True,
    )
    return tuple(open_steps), tuple(done_steps)


# Emotions over time ------------------------------------------------------------------------

Month = tuple[int, int]


def months_between(first: dt.date, last: dt.date) -> tuple[Month, ...]:
    """Every (year, month) from first's month to last's, in order."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


@dataclass(frozen=True)
class EmotionMonths:
    """How many entries named each emotion, month by month."""

    months: tuple[Month, ...]
    entries: tuple[int, ...]
    """Entries written in each month."""
    counts: Mapping[str, tuple[int, ...]]
    """Per emotion, entries naming it in each month (same order as `months`)."""
    totals: Counts
    """Per emotion, entries naming it in all, most named first."""

    def named_in(self, index: int) -> Counts:
        """The emotions named in one month, most named first."""
        return ranked(Counter({name: c[index] for name, c in self.counts.items() if c[index]}))


def emotions_by_month(journal: Journal) -> EmotionMonths:
    """Count, per month from the first entry to the last, the entries naming each emotion."""
    if not journal.entries:
        return EmotionMonths((), (), {}, ())
    months = months_between(journal.entries[0].date, journal.entries[-1].date)
    place = {m: i for i, m in enumerate(months)}
    entries = [0] * len(months)
    counts: dict[str, list[int]] = {}
    for entry in journal.entries:
        index = place[(entry.date.year, entry.date.month)]
        entries[index] += 1
        for name in entry.emotions:
            counts.setdefault(name, [0] * len(months))[index] += 1
    totals = ranked(Counter({name: sum(c) for name, c in counts.items()}))
    return EmotionMonths(months, tuple(entries), {n: tuple(counts[n]) for n in sorted(counts)}, totals)


@dataclass(frozen=True)
class AroundSessions:
    """Emotions in the arcs of sessions (intention, session, follow-ups) versus in other entries."""

    around: Counts
    around_entries: int
    between: Counts
    between_entries: int


def emotions_around_sessions(journal: Journal) -> AroundSessions:
    """Split emotion counts between entries that belong to a session and those that do not."""
    around: Counter[str] = Counter()
    between: Counter[str] = Counter()
    around_n = between_n = 0
    for entry in journal.entries:
        if journal.session_of(entry) is not None:
            around.update(entry.emotions)
            around_n += 1
        else:
            between.update(entry.emotions)
            between_n += 1
    return AroundSessions(ranked(around), around_n, ranked(between), between_n)


# Measures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorePoint:
    entry: Entry
    value: int
    band: Band | None


@dataclass(frozen=True)
class MeasureSeries:
    """One scale's scores over time, oldest first."""

    scale: Scale
    points: tuple[ScorePoint, ...]

    @property
    def latest(self) -> ScorePoint:
        return self.points[-1]

    @property
    def latest_is_most_severe(self) -> bool:
        severe = self.scale.most_severe
        return severe is not None and self.latest.band == severe


def measures(journal: Journal, scales: Mapping[str, Scale]) -> tuple[MeasureSeries, ...]:
    """Each scale that has scores, in the configured order, with its points in date order."""
    series = []
    for key, scale in scales.items():
        points = tuple(
            ScorePoint(e, e.scores[key], scale.band_of(e.scores[key]))
            for e in journal.entries
            if key in e.scores
        )
        if points:
            series.append(MeasureSeries(scale, points))
    return tuple(series)


def mood_points(journal: Journal) -> tuple[tuple[Entry, int], ...]:
    """Every entry's mood (1-10), in date order."""
    return tuple((e, e.mood) for e in journal.entries if e.mood is not None)


# Calendar and "on this day" ----------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    """One writing day: its entries, the moods given, and the sessions held."""

    date: dt.date
    entries: tuple[Entry, ...]
    moods: tuple[int, ...]
    sessions: tuple[int, ...]
    """Numbers of the sessions held that day."""

    @property
    def mood(self) -> int | None:
        """The day's last mood: how the day ended, as far as the journal says."""
        return self.moods[-1] if self.moods else None


def calendar(journal: Journal) -> dict[int, dict[dt.date, CalendarDay]]:
    """Writing days by year (newest year first), each year's days in date order."""
    by_day: dict[dt.date, list[Entry]] = {}
    for entry in journal.entries:
        by_day.setdefault(entry.date, []).append(entry)
    years: dict[int, dict[dt.date, CalendarDay]] = {}
    for day in sorted(by_day):
        entries = tuple(by_day[day])
        sessions = tuple(n for e in entries if e.kind == "session" and (n := journal.number(e)) is not None)
        moods = tuple(e.mood for e in entries if e.mood is not None)
        years.setdefault(day.year, {})[day] = CalendarDay(day, entries, moods, sessions)
    return {year: years[year] for year in sorted(years, reverse=True)}


@dataclass(frozen=True)
class Recalled:
    """Entries written on the same day of the month as today, some months or years ago."""

    date: dt.date
    months_ago: int
    entries: tuple[Entry, ...]

    @property
    def label(self) -> str:
        years, months = divmod(self.months_ago, 12)
        if months == 0:
            return "A year ago" if years == 1 else f"{years} years ago"
        return "A month ago" if self.months_ago == 1 else f"{self.months_ago} months ago"


def on_this_day(journal: Journal, today: dt.date) -> tuple[Recalled, ...]:
    """Entries from today's day of the month in earlier months (and so today's date in earlier years)."""
    found: dict[dt.date, list[Entry]] = {}
    for entry in journal.entries:
        d = entry.date
        if d.day == today.day and (d.year, d.month) < (today.year, today.month):
            found.setdefault(d, []).append(entry)
    return tuple(
        Recalled(d, (today.year - d.year) * 12 + today.month - d.month, tuple(found[d]))
        for d in sorted(found, reverse=True)
    )

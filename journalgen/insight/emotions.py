"""Emotions over time: named per month, and around sessions versus between them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from journalgen.model import Journal

Counts = tuple[tuple[str, int], ...]
"""(name, count) pairs, most frequent first, then by name."""


def ranked(counter: Counter[str]) -> Counts:
    """A counter's items, most frequent first and alphabetical among equals."""
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


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

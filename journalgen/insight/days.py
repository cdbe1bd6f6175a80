"""Writing days: the calendar of every year, and "on this day" in earlier months and years."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journalgen.model import Entry, Journal


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

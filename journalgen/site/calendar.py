"""The calendar page: a year to a row, every writing day a square, and a page for a day of several entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from journalgen import insight
from journalgen.model import long_date, month_name
from journalgen.site.page import Page, Site, page


@dataclass(frozen=True)
class CalendarCell:
    """One cell of a year's grid: a month label, padding, an empty day or a writing day."""

    kind: str
    label: str = ""
    url: str = ""
    classes: str = ""
    iso: str = ""


@dataclass(frozen=True)
class CalendarYear:
    year: int
    cells: list[CalendarCell]
    days: int


def calendar_pages(site: Site) -> Iterator[Page]:
    """The calendar, and a page for each day of several entries."""
    for days in site.days.values():
        for found in days.values():
            if len(found.entries) > 1:
                yield day_page(site, found)
    yield calendar_page(site)


def day_page(site: Site, day: insight.CalendarDay) -> Page:
    """The page of a day of several entries."""
    return page(
        "day.html",
        day_path(day.date),
        title=long_date(day.date),
        entries=[site.views.entry(e) for e in day.entries],
    )


DAYS = "days"
"""The folder of the pages of days with several entries."""


def day_path(day: dt.date) -> str:
    return f"{DAYS}/{day.isoformat()}.html"


def calendar_page(site: Site) -> Page:
    """A year to a row, every writing day a square."""
    years = []
    for year, days in site.days.items():
        # Week columns, Monday to Sunday, each headed by the month that begins in it.
        cells: list[CalendarCell] = []
        monday = dt.date(year, 1, 1) - dt.timedelta(days=dt.date(year, 1, 1).weekday())
        while monday.year <= year:
            week = [monday + dt.timedelta(days=n) for n in range(7)]
            starts = next((d for d in week if d.day == 1 and d.year == year), None)
            cells.append(
                CalendarCell("month", month_name(starts.month)[:3]) if starts else CalendarCell("blank")
            )
            for day in week:
                if day.year != year:
                    cells.append(CalendarCell("pad"))
                elif day in days:
                    cells.append(_calendar_cell(days[day]))
                else:
                    cells.append(CalendarCell("empty"))
            monday += dt.timedelta(days=7)
        years.append(CalendarYear(year, cells, len(days)))
    return page("calendar.html", "calendar.html", facets=("mood",), title="Calendar", years=years)


def _calendar_cell(day: insight.CalendarDay) -> CalendarCell:
    count = len(day.entries)
    words = [f"{count} entr{'y' if count == 1 else 'ies'}"]
    if day.moods:
        words.append("mood " + ", then ".join(str(m) for m in day.moods))
    words += [f"session #{n}" for n in day.sessions]
    classes = ["day", f"mood-{(day.mood + 1) // 2}" if day.mood is not None else "no-mood"]
    if day.sessions:
        classes.append("session")
    return CalendarCell(
        kind="day",
        label=f"{long_date(day.date)}: {', '.join(words)}",
        url=day.entries[0].url if count == 1 else day_path(day.date),
        classes=" ".join(classes),
        iso=day.date.isoformat(),
    )
